# ruff: noqa: C408, SIM905  (data tables read best as dict(...) and "a b c".split())
"""How one outlet writes one person: names, dates, age, places, unit, rank.

`Renderer.mention()` is called once per mention in a plain loop; everything it repeats
(transliteration, patronymic forms, place variants) is cached, so a million mentions take
well under a minute.
"""

from __future__ import annotations

import random

import pools
from translit import translit

CYR_MONTHS_GEN = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
CYR_MONTHS_NOM = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
EN_MONTHS = "January February March April May June July August September October November December".split()
DE_MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
FR_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
PL_MONTHS_GEN = "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split()
PL_MONTHS_NOM = "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień".split()
CS_MONTHS_GEN = "ledna února března dubna května června července srpna září října listopadu prosince".split()
CS_MONTHS_NOM = "leden únor březen duben květen červen červenec srpen září říjen listopad prosinec".split()

MIXED = dict(а="a", е="e", о="o", с="c", р="p", х="x", у="y", А="A", В="B", Е="E", К="K",
             М="M", Н="H", О="O", Р="P", С="C", Т="T", Х="X")
OCR = dict(ш="щ", щ="ш", и="н", н="и", З="3", з="3", О="0", б="6", е="с", с="е", п="л", л="п",
           т="г", ь="ъ", Ш="Щ", И="Н", ц="щ", к="х", Б="6", ы="ьı")
ROWS = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
ADJ = {}
for row in ROWS:
    for i, ch in enumerate(row):
        ADJ[ch] = (row[i - 1] if i else "") + (row[i + 1] if i + 1 < len(row) else "")

TURKIC_WORDS = ("оглы", "угли", "кызы", "кизи")
LATIN_TURKIC = {"de": "oglu", "fr": "ogly", "pl": "ogły", "cs": "oglu", "en": "oglu", "ru": "ogly"}


def _weighted(rnd: random.Random, items: list, weights: list):
    return rnd.choices(items, weights=weights, k=1)[0]


class Renderer:
    """Renders mentions of people for every outlet; `o` is an outlet's parameter dict."""

    def __init__(self, people_cols: dict, outlets: dict) -> None:
        self.p = people_cols
        self.flags: list[str] = []  # what was done to the current mention (for diagnostics)
        self.outlets = outlets
        for name, o in outlets.items():
            o["_orders"] = (["SGP", "GPS", "GS", "SG"], [o["o_sgp"], o["o_gps"], o["o_gs"], o["o_sg"]])
            o["_schemes"] = (list(o["schemes"]), list(o["schemes"].values())) if o["schemes"] else None
            o["_rstyles"] = (["full", "short", "soviet", "capital", "abbr", "informal"],
                             [o["r_full"], o["r_short"], o["r_soviet"], o["r_capital"], o["r_abbr"],
                              o["r_informal"]])
            o["name"] = name

    # ------------------------------------------------------------------ names
    def name(self, i: int, o: dict, rnd: random.Random, scheme: str | None) -> dict:
        p = self.p
        r = rnd.random
        people = p["people"][i]
        spec = pools.PEOPLES.get(people, {})
        lat = o["script"] == "lat"
        given = p["given"][i]
        g_latin = None
        form_full = True
        if people == "ua" and given in pools.UA_GIVEN and r() < o["ua_form"]:
            given = pools.UA_GIVEN[given]
            self.flags.append("ua_form")
            if lat:
                g_latin = translit(given, "ua")
        elif lat and o["lang"] in pools.FOREIGN and given in pools.FOREIGN[o["lang"]] and r() < o["foreign"]:
            g_latin = rnd.choice(pools.FOREIGN[o["lang"]][given])
            self.flags.append("foreign")
        elif given in pools.PET and r() < o["pet"]:
            given = rnd.choice(pools.PET[given])
            form_full = False
            self.flags.append("pet")
        surname = p["surname"][i]
        alt = p["alt_surname"][i]
        if alt and r() < o["alt_surname"]:
            surname = alt
            self.flags.append("alt_surname")
        patr = p["patronymic"][i] if r() < (o["patronymic"] if form_full else 0.2 * o["patronymic"]) else ""
        if patr and " " in patr:  # Turkic: "Тофик оглы"
            fath, word = patr.split(" ", 1)
            x = r()
            if x < o["turkic_russified"]:
                patr = fath + ("ович" if word in ("оглы", "угли") else "овна")
                self.flags.append("turkic_russified")
            elif x < o["turkic_russified"] + o["turkic_fused"]:
                patr = fath + ("-" if r() < 0.5 else "") + word
        if r() < o["no_surname"]:
            surname = ""
            self.flags.append("no_surname")
        if not lat and r() > o["keep_yo"]:
            given, surname, patr = given.replace("ё", "е"), surname.replace("ё", "е"), patr.replace("ё", "е")
        if r() < o["hyphen_var"]:
            given, surname = _hyphen(given, rnd), _hyphen(surname, rnd)
        if lat:
            g = g_latin or translit(given, scheme)
            s = translit(surname, scheme) if surname else ""
            pt = " ".join(LATIN_TURKIC.get(o["lang"], "ogly") if w in TURKIC_WORDS else translit(w, scheme)
                          for w in patr.split(" ")) if patr else ""
        else:
            g, s, pt = given, surname, patr
        unreliable = spec.get("order_unreliable", False)
        swap = r() < (o["swap_unreliable"] if unreliable else o["swap_any"])
        if swap and s:
            g, s = s, g
            self.flags.append("swap")
        if s and r() < o["caps_surname"]:
            s = s.upper()
        if o["parts"] > 0 and r() < o["parts"]:
            first, middle, last = self._corrupt([g, pt, s], o, rnd, lat)
            if form_full and first and r() < o["initials"]:
                first, middle = first[0] + ".", (middle[0] + "." if middle else "")
                self.flags.append("initials")
            return dict(first_name=first, patronymic=middle, surname=last, full_name="")
        g, pt, s = self._corrupt([g, pt, s], o, rnd, lat)
        if form_full and s and g and r() < o["initials"]:
            self.flags.append("initials")
            return dict(full_name=_initials(g, pt, s, rnd), first_name="", patronymic="", surname="")
        order = _weighted(rnd, *o["_orders"])
        if order == "SGP":
            parts = [s, g, pt]
        elif order == "GPS":
            parts = [g, pt, s]
        elif order == "GS":
            parts = [g, s]
        else:
            parts = [s, g]
        return dict(full_name=" ".join(x for x in parts if x), first_name="", patronymic="", surname="")

    def _corrupt(self, parts: list[str], o: dict, rnd: random.Random, lat: bool) -> list[str]:
        r = rnd.random
        if r() < o["typo"]:
            k = rnd.randrange(3)
            parts[k] = _typo(parts[k], rnd)
            self.flags.append("typo")
        if o["ocr"] > 0:
            new = [_ocr(x, o["ocr"], rnd) for x in parts]
            if new != parts:
                self.flags.append("ocr")
            parts = new
        if not lat and r() < o["mixed_script"]:
            k = rnd.randrange(3)
            parts[k] = _mixed(parts[k], rnd)
            self.flags.append("mixed_script")
        return parts

    # ------------------------------------------------------------------ dates
    def dates(self, i: int, o: dict, rnd: random.Random) -> tuple[str, str, str]:
        p = self.p
        r = rnd.random
        conv = rnd.choice(o["dates"]) if len(o["dates"]) == 1 else (
            ("us" if r() < o["us_share"] else "uk") if "us" in o["dates"] else rnd.choice(o["dates"]))
        dropped = o["dropped"]
        by, bm, bd = p["birth"][i]
        dy, dm, dd = p["death"][i]
        birth = ""
        if "birth_date" not in dropped:
            x = r()
            if x < o["birth_full"]:
                birth = self._date(by, bm, bd, "day", conv, o, rnd, "birth")
            elif x < o["birth_full"] + o["birth_year"]:
                year = by
                if r() < o["callup_year"] / max(o["birth_year"], 1e-9):
                    year = dy - (1 if r() < 0.5 else 0)
                    self.flags.append("callup_year")
                birth = self._date(year, 0, 0, "year", conv, o, rnd, "birth")
            elif x < o["birth_full"] + o["birth_year"] + o["birth_month"]:
                birth = self._date(by, bm, 0, "month", conv, o, rnd, "birth")
        death = ""
        if r() < o["death_present"]:
            shift = 0
            x = r()
            acc = o["shift_notice"]
            if x < acc:
                shift = rnd.randint(1, 14)
                self.flags.append("death_notice")
            elif x < (acc := acc + o["shift_burial"]):
                shift = rnd.randint(3, 30)
                self.flags.append("death_burial")
            elif x < (acc := acc + o["shift_return"]):
                shift = rnd.randint(60, 240)
                self.flags.append("death_return")
            elif x < acc + o["missing_since"]:
                shift = -rnd.randint(10, 150)
                self.flags.append("missing_since")
            if shift:
                dy, dm, dd = p["death_shift"](i, shift)
            prec = "month" if r() < o["death_month_only"] else "day"
            death = self._date(dy, dm, dd, prec, conv, o, rnd, "death")
        age = ""
        if "age" not in dropped and r() < o["age_present"]:
            a = p["age"][i]
            if r() < o["age_error"]:
                a += _weighted(rnd, [1, -1, 2], [0.6, 0.25, 0.15])
                self.flags.append("age_error")
            age = str(a)
        return birth, death, age

    def _date(self, y: int, m: int, d: int, prec: str, conv: str, o: dict, rnd: random.Random,
              kind: str) -> str:
        r = rnd.random
        if prec == "day" and r() < o["drop_day"]:
            prec = "month"
        if prec == "day" and d <= 12 and d != m and r() < o["date_swap"]:
            d, m = m, d
            self.flags.append("date_swap")
        yy = f"{y % 100:02d}" if r() < o["two_digit_year"] else f"{y:04d}"
        text = r() < o["text_month"]
        if prec == "year":
            return _year(y, conv, kind, rnd)
        if prec == "month":
            return _month(y, m, conv, rnd)
        if conv == "iso":
            return f"{y:04d}-{m:02d}-{d:02d}"
        if conv == "ru":
            return f"{d} {CYR_MONTHS_GEN[m - 1]} {y}" if text else f"{d:02d}.{m:02d}.{yy}"
        if conv == "us":
            if text or r() < 0.3:
                return f"{EN_MONTHS[m - 1]} {d}, {y}"
            return f"{m}/{d}/{yy}" if r() < 0.5 else f"{m:02d}/{d:02d}/{yy}"
        if conv == "uk":
            return f"{d} {EN_MONTHS[m - 1]} {y}" if text or r() < 0.4 else f"{d:02d}/{m:02d}/{yy}"
        if conv == "de":
            return f"{d}. {DE_MONTHS[m - 1]} {y}" if text or r() < 0.3 else f"{d:02d}.{m:02d}.{yy}"
        if conv == "fr":
            return f"{d} {FR_MONTHS[m - 1]} {y}" if text or r() < 0.4 else f"{d:02d}/{m:02d}/{yy}"
        if conv == "pl":
            return f"{d} {PL_MONTHS_GEN[m - 1]} {y}" if text or r() < 0.3 else f"{d:02d}.{m:02d}.{yy}"
        if conv == "cs":
            return f"{d}. {CS_MONTHS_GEN[m - 1]} {y}" if text or r() < 0.3 else f"{d}. {m}. {y}"
        raise ValueError(conv)

    # ------------------------------------------------------------------ places etc.
    def places(self, i: int, o: dict, rnd: random.Random, scheme: str | None) -> tuple[str, str]:
        p = self.p
        r = rnd.random
        x = r()
        if x < o["place_burial"]:
            reg, settle = p["region_burial"][i], p["settlement_burial"][i]
        elif x < o["place_burial"] + o["place_birth"]:
            reg, settle = p["region_birth"][i], p["settlement_birth"][i]
        else:
            reg, settle = p["region"][i], p["settlement"][i]
        region = ""
        if "region" not in o["dropped"] and r() < o["region_present"]:
            region = self._region(reg, o, rnd, scheme)
        settlement = ""
        if "settlement" not in o["dropped"] and r() < o["settlement_present"]:
            settlement = _settlement(settle, rnd, scheme)
        return region, settlement

    def _region(self, reg: int, o: dict, rnd: random.Random, scheme: str | None) -> str:
        _key, _, _, (full, short, soviet, abbr, informal), english, towns = pools.REGIONS[reg]
        capital = towns.split()[0].replace("_", " ")
        if scheme is None:
            style = _weighted(rnd, *o["_rstyles"])
            if style == "full":
                return full if rnd.random() < 0.7 else full.replace("область", "обл.")
            if style == "short" or (style == "soviet" and not soviet):
                return short if rnd.random() < 0.85 else short.lower()
            if style == "soviet":
                return soviet
            if style == "capital":
                return capital if rnd.random() < 0.6 else f"г. {capital}"
            if style == "abbr":
                return abbr
            return informal
        word = ("Oblast" if "область" in full else "Krai" if "край" in full
                else "Republic" if "Республика" in full else "")
        base = english.removesuffix(" Krai").removesuffix(" Republic")  # "Altai Krai" + word
        lang = o["lang"]
        x = rnd.random()
        if x < 0.35:
            return english
        if x < 0.7 and word:
            local = {"de": {"Oblast": "Gebiet", "Krai": "Region", "Republic": "Republik"},
                     "fr": {"Oblast": "oblast de", "Krai": "kraï de", "Republic": "république de"},
                     "pl": {"Oblast": "obwód", "Krai": "kraj", "Republic": "Republika"},
                     "cs": {"Oblast": "oblast", "Krai": "kraj", "Republic": "republika"}}
            if lang in local and rnd.random() < 0.6:
                w = local[lang][word]
                return f"{w} {base}" if lang in ("de", "fr") or word == "Republic" else f"{base} {w}"
            if word == "Republic":
                return f"Republic of {base}" if rnd.random() < 0.5 else f"{base} Republic"
            return f"{base} {word}" if rnd.random() < 0.6 else f"{base} region"
        if x < 0.85:
            return translit(capital.split(" ")[0], scheme) if " " not in capital else \
                " ".join(translit(w, scheme) for w in capital.split(" "))
        return " ".join(translit(w, scheme) for w in short.replace("обл.", "oblast").split(" "))

    def unit_rank(self, i: int, o: dict, rnd: random.Random, lat: bool) -> tuple[str, str]:
        p = self.p
        r = rnd.random
        unit = ""
        if "unit" not in o["dropped"] and r() < o["unit_present"]:
            kind, val = p["unit"][i].split(":")
            if kind == "n":
                forms = (["military unit {}", "unit {}", "military unit No. {}"] if o["lang"] in ("en", "ru")
                         else {"de": ["Einheit {}", "Militäreinheit {}"], "fr": ["unité militaire {}"],
                               "pl": ["jednostka wojskowa {}"], "cs": ["vojenská jednotka {}"]}[o["lang"]]) \
                    if lat else ["в/ч {}", "в/ч {}", "войсковая часть {}", "в/ч №{}", "ВЧ-{}"]
                unit = rnd.choice(forms).format(val)
            else:
                unit = pools.NAMED_UNITS[int(val)][1 if lat else 0]
        rank = ""
        if "rank" not in o["dropped"] and r() < o["rank_present"]:
            full, abbr, english, _ = pools.RANKS[p["rank"][i]]
            rank = english if lat else (abbr if r() < o["rank_abbr"] else
                                        (full if r() < 0.8 else full.capitalize()))
        return unit, rank


def _year(y: int, conv: str, kind: str, rnd: random.Random) -> str:
    x = rnd.random()
    if kind != "birth" or x < 0.5:
        return str(y)
    return {"ru": f"{y} г.р.", "iso": str(y), "us": f"b. {y}", "uk": f"b. {y}", "de": f"geb. {y}",
            "fr": f"né en {y}", "pl": f"ur. {y}", "cs": f"nar. {y}"}[conv]


def _month(y: int, m: int, conv: str, rnd: random.Random) -> str:
    x = rnd.random()
    if conv == "ru":
        return f"{m:02d}.{y}" if x < 0.5 else (f"??.{m:02d}.{y}" if x < 0.7 else f"{CYR_MONTHS_NOM[m - 1]} {y}")
    if conv == "iso":
        return f"{y}-{m:02d}"
    if conv in ("us", "uk"):
        return f"{EN_MONTHS[m - 1]} {y}"
    if conv == "de":
        return f"{DE_MONTHS[m - 1]} {y}" if x < 0.7 else f"{m:02d}.{y}"
    if conv == "fr":
        return f"{FR_MONTHS[m - 1]} {y}"
    if conv == "pl":
        return f"{PL_MONTHS_NOM[m - 1]} {y}" if x < 0.7 else f"{m:02d}.{y}"
    return f"{CS_MONTHS_NOM[m - 1]} {y}"


def _settlement(settle: str, rnd: random.Random, scheme: str | None) -> str:
    prefix, _, name = settle.partition(" ") if settle.split(" ")[0] in ("с.", "пос.", "д.", "пгт") \
        else ("", "", settle)
    if scheme is not None:
        return " ".join(translit(w, scheme) for w in name.split(" "))
    x = rnd.random()
    if prefix:
        return settle if x < 0.6 else name
    return name if x < 0.6 else (f"г. {name}" if x < 0.9 else f"город {name}")


def _hyphen(word: str, rnd: random.Random) -> str:
    if "-" not in word:
        return word
    x = rnd.random()
    if x < 0.5:
        a, b = word.split("-", 1)
        return a + b.lower()
    if x < 0.8:
        return word.replace("-", " ")
    a, b = word.split("-", 1)
    return f"{a}-{b[:1].upper()}{b[1:]}"


def _initials(g: str, pt: str, s: str, rnd: random.Random) -> str:
    gi = g[0] + "."
    pi = pt[0] + "." if pt else ""
    x = rnd.random()
    if x < 0.45:
        return f"{s} {gi}{pi}"
    if x < 0.7:
        return f"{gi} {pi} {s}".replace("  ", " ")
    if x < 0.85:
        return f"{s} {gi}"
    return f"{s} {g} {pi}".strip()


def _typo(word: str, rnd: random.Random) -> str:
    if len(word) < 3:
        return word
    k = rnd.randrange(1, len(word))
    ch = word[k]
    x = rnd.random()
    if x < 0.3:
        return word[:k] + word[k + 1:]
    if x < 0.55 and k + 1 < len(word):
        return word[:k] + word[k + 1] + ch + word[k + 2:]
    if x < 0.7:
        return word[:k] + ch + word[k:]
    near = ADJ.get(ch.lower(), "")
    return word[:k] + (rnd.choice(near) if near else ch) + word[k + 1:]


def _ocr(word: str, rate: float, rnd: random.Random) -> str:
    if not word:
        return word
    out = []
    for ch in word:
        if ch in OCR and rnd.random() < rate:
            out.append(OCR[ch])
        else:
            out.append(ch)
    return "".join(out)


def _mixed(word: str, rnd: random.Random) -> str:
    idx = [k for k, ch in enumerate(word) if ch in MIXED]
    if not idx:
        return word
    chars = list(word)
    for k in rnd.sample(idx, min(len(idx), rnd.randint(1, 2))):
        chars[k] = MIXED[chars[k]]
    return "".join(chars)
