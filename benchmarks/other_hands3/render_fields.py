"""How one mention writes dates, age, region, settlement, unit and rank."""

import dates as D
import places as P
import translit as T
from people import age_at

SET_WORD = {
    "с.": "село",
    "д.": "деревня",
    "пос.": "посёлок",
    "г.": "город",
    "ст-ца": "станица",
    "х.": "хутор",
    "пгт": "пгт",
    "у.": "улус",
    "аул": "аул",
}
ORD_EN = {1: "st", 2: "nd", 3: "rd"}


def _fmt(o, t, rng):
    if rng.random() < t["consistency"]:
        return o.full
    return rng.choice(o.full_formats)


def birth_cell(p, o, t, rng):
    """(birth text, age forced): an age replaces the birth date in some sources."""
    r = o.r
    if rng.random() >= r["birth"]:
        return "", False
    if rng.random() < r["age_instead"]:
        return "", True
    if rng.random() < t["callup_year"]:
        return str(2022 + rng.randrange(3)), False
    u = rng.random()
    if u < r["birth_year"]:
        return o.byear.format(y=D.ymd(p.bd)[0]), False
    prec = (
        "month"
        if u < r["birth_year"] + r["birth_month"]
        else "partial"
        if u < r["birth_year"] + r["birth_month"] + r["birth_partial"]
        else "full"
    )
    slip = {"dm_swap": r["dm_swap"], "two_digit": r["two_digit"], "digit": r["digit_slip"]}
    return D.write_date(p.bd, o.lang, {"full": _fmt(o, t, rng)}, prec, rng, slip), False


def death_cell(p, o, t, pub, rng):
    r = o.r
    if rng.random() >= r["death"]:
        return ""
    d, u = p.dd, rng.random()
    if u < r["death_lag"]:  # burial or announcement instead of death
        d = p.dd + min(
            max(0, pub - p.dd), 2 + int(rng.random() ** 2 * (25 if rng.random() < 0.7 else 50))
        )
    elif u < r["death_lag"] + r["death_missing"]:
        d = p.dd - rng.randint(10, 200)
    elif u < r["death_lag"] + r["death_missing"] + r["death_body"]:
        d = p.dd + rng.randint(30, 240)
    v = rng.random()
    if v < r["death_year"]:
        return o.dyear.format(y=D.ymd(d)[0])
    prec = "month" if v < r["death_year"] + r["death_month"] else "full"
    slip = {"dm_swap": r["dm_swap"], "two_digit": r["two_digit"], "digit": r["digit_slip"]}
    return D.write_date(d, o.lang, {"full": _fmt(o, t, rng)}, prec, rng, slip)


def age_cell(p, o, t, pub, forced, rng):
    r = o.r
    if not forced and rng.random() >= r["age"]:
        return ""
    a, u = age_at(p.bd, p.dd), rng.random()
    if u < r["age_write"]:
        a = age_at(p.bd, pub)
    elif u < r["age_write"] + r["age_turn"]:
        a += 1
    elif u < r["age_write"] + r["age_turn"] + r["age_err"]:
        a += rng.choice((-1, 1, 1, 2))
    if rng.random() < t["age_text"]:
        if o.lang == "ru":
            n = a % 100
            w = (
                "лет"
                if 11 <= n <= 14 or a % 10 in (0, 5, 6, 7, 8, 9)
                else "год"
                if a % 10 == 1
                else "года"
            )
            return f"{a} {w}"
        return f"{a} years"
    return str(a)


def _short(name):
    for a, b in (
        ("автономный округ", "АО"),
        ("область", "обл."),
        ("край", "кр."),
        ("Республика", "Респ."),
        ("Народная Республика", "НР"),
    ):
        name = name.replace(a, b)
    return name


def region_cell(reg, o, t, rng):
    R = P.REGIONS[reg]
    if o.latin:
        return _region_latin(R, o, rng)
    form = o.cats["region_form"](rng)
    if form == "short":
        return _short(R["name"])
    if form == "alias" and R["aliases"]:
        return rng.choice(R["aliases"])
    if form == "capital":
        return R["capital"] if rng.random() < 0.6 else "г. " + R["capital"]
    if form == "lower":
        return R["name"].lower()
    return R["name"]


def _region_latin(R, o, rng):
    kind, en = R["kind"], R["en"]
    if o.lang.startswith("en"):
        if R["en_aliases"] and rng.random() < 0.25:
            return rng.choice(R["en_aliases"])
        opts = {
            "oblast": [f"{en} Oblast", f"{en} region", f"{en} Region", en],
            "krai": [f"{en} Krai", f"{en} Territory", f"{en} region"],
            "republic": [f"Republic of {en}", en, f"{en} Republic"],
            "ao": [f"{en} Autonomous Okrug", en],
            "occupied": [f"{en} region"] + R["en_aliases"],
            "city": [en],
        }[kind]
        return rng.choice(opts)
    if o.lang == "ru":  # a Russian writer typing in Latin transliterates the Russian name
        name = R["name"] if rng.random() < 0.6 else _short(R["name"])
        return T.translit(name, o.scheme, o.scheme_key)
    root = T.translit(R["root"], o.scheme, o.scheme_key)
    words = {
        "de": ["Oblast {}", "Gebiet {}", "Region {}"],
        "fr": ["oblast de {}", "région de {}"],
        "pl": ["obwód {}", "region {}"],
        "cs": ["{} oblast", "oblast {}"],
    }[o.lang]
    if kind in ("city", "republic"):
        return root
    return rng.choice(words).format(root)


def settlement_cell(sid, places, o, t, rng):
    name = places.name[sid]
    if places.old[sid] and rng.random() < 0.35:
        name = places.old[sid]
    if "-" in name and rng.random() < t["hyphen_variant"] * 0.5:
        name = name.replace("-", " ")
    kind = places.kind[sid]
    if o.latin:
        lat = T.translit(name, o.scheme, o.scheme_key)
        if kind != "г." and o.lang.startswith("en") and rng.random() < 0.3:
            return f"village of {lat}" if rng.random() < 0.5 else f"{lat} village"
        return lat
    form = o.cats["set_form"](rng)
    if form == "prefixed":
        return f"{kind} {name}"
    if form == "word":
        return f"{SET_WORD[kind]} {name}"
    if form == "district" and places.district[sid]:
        dist = places.district[sid]
        return f"{name}, {dist} р-н" if rng.random() < 0.6 else f"{dist} район, {kind} {name}"
    if form == "lower":
        return name.lower()
    return name


def unit_cell(u, o, t, rng):
    if u["kind"] == "special":
        return rng.choice(u["en"] if o.latin else u["ru"])
    if u["kind"] == "volunteer":
        return _battalion(u, o, rng)
    ab, ru, end, en, de = P.UNIT_TYPES[u["type"]][:5]
    n, g = u["num"], u["guards"]
    form = o.cats["unit_form"](rng)
    if o.latin:
        return _unit_latin(u, n, g, en, de, o, form, rng)
    if form == "vague":
        return rng.choice(P.VAGUE_UNITS)[0]
    if form == "vch":
        return rng.choice(
            [f"в/ч {u['vch']}", f"в/ч{u['vch']}", f"ВЧ {u['vch']}", f"в/ч № {u['vch']}"]
        )
    if form == "vch_full":
        return f"войсковая часть {u['vch']}"
    short = f"{n} {'гв. ' if g and rng.random() < 0.5 else ''}{ab}"
    if form == "abbr":
        return short if rng.random() < 0.7 else f"{n}-{end} {ab}"
    if form == "both":
        return f"в/ч {u['vch']} ({short})"
    return f"{n}-{end} {'гвардейск' + ('ая ' if end == 'я' else 'ий ') if g else ''}{ru}"


def _unit_latin(u, n, g, en, de, o, form, rng):
    if form == "vague":
        return rng.choice(P.VAGUE_UNITS)[1]
    if form in ("vch", "vch_full", "both"):
        return f"military unit {u['vch']}"
    if o.lang == "de":
        return f"{n}. {de}"
    suf = "th" if 10 <= n % 100 <= 20 else ORD_EN.get(n % 10, "th")
    return f"{n}{suf} {'Guards ' if g else ''}{en}"


def _battalion(u, o, rng):
    name = u["name"]
    if o.latin:
        return f"{T.translit(name, o.scheme, o.scheme_key)} battalion"
    return rng.choice(
        [
            f"батальон «{name}»",
            f"добровольческий батальон «{name}»",
            f"БАРС-{u['bars']}",
            f"батальон {name}",
            f"отряд «{name}»",
        ]
    )


def rank_cell(rank, o, t, rng):
    full, abbr, en, de, fr, pl, _w = P.RANKS[rank]
    if o.latin:
        return {"de": de, "fr": fr, "pl": pl}.get(o.lang) or rng.choice(en)
    form = o.cats["rank_form"](rng)
    if form == "abbr":
        return rng.choice(abbr)
    if form == "guards":
        return "гвардии " + full
    if form == "caps":
        return full.upper()
    return full
