"""Regions, settlements, units and ranks as outlets write them (REAL-HABITS lines 24-26).

Reads Region/Unit objects and an outlet's language; returns the printed string.
Region forms: full, short, abbreviation, genitive, capital, informal, old
Soviet name, foreign with or without Oblast/Region/Republic.
"""
import re
import zlib

import translit as T
import worlddata as W

LANG_SCHEME = {"en": "wiki", "de": "de", "fr": "fr", "pl": "pl"}
EXONYM = {  # Russian short name -> en, de, fr, pl
    "Москва": ("Moscow", "Moskau", "Moscou", "Moskwa"),
    "Санкт-Петербург": ("St Petersburg", "Sankt Petersburg", "Saint-Pétersbourg", "Petersburg"),
    "Чечня": ("Chechnya", "Tschetschenien", "Tchétchénie", "Czeczenia"),
    "Башкирия": ("Bashkiria", "Baschkirien", "Bachkirie", "Baszkiria"),
    "Башкортостан": ("Bashkortostan", "Baschkortostan", "Bachkortostan", "Baszkortostan"),
    "Татарстан": ("Tatarstan", "Tatarstan", "Tatarstan", "Tatarstan"),
    "Бурятия": ("Buryatia", "Burjatien", "Bouriatie", "Buriacja"),
    "Тыва": ("Tuva", "Tuwa", "Touva", "Tuwa"), "Тува": ("Tuva", "Tuwa", "Touva", "Tuwa"),
    "Якутия": ("Yakutia", "Jakutien", "Iakoutie", "Jakucja"),
    "Крым": ("Crimea", "Krim", "Crimée", "Krym"),
    "Севастополь": ("Sevastopol", "Sewastopol", "Sébastopol", "Sewastopol"),
    "Северная Осетия": ("North Ossetia", "Nordossetien", "Ossétie du Nord", "Osetia Północna"),
    "Калмыкия": ("Kalmykia", "Kalmückien", "Kalmoukie", "Kałmucja"),
    "Карелия": ("Karelia", "Karelien", "Carélie", "Karelia"),
    "Мордовия": ("Mordovia", "Mordwinien", "Mordovie", "Mordowia"),
    "Чувашия": ("Chuvashia", "Tschuwaschien", "Tchouvachie", "Czuwaszja"),
    "Удмуртия": ("Udmurtia", "Udmurtien", "Oudmourtie", "Udmurcja"),
    "Ингушетия": ("Ingushetia", "Inguschetien", "Ingouchie", "Inguszetia"),
    "Адыгея": ("Adygea", "Adygeja", "Adyguée", "Adygeja"),
    "Хакасия": ("Khakassia", "Chakassien", "Khakassie", "Chakasja"),
    "Коми": ("Komi", "Komi", "Komis", "Komi"),
    "Марий Эл": ("Mari El", "Mari El", "Mari El", "Mari El"),
    "Кабардино-Балкария": ("Kabardino-Balkaria", "Kabardino-Balkarien", "Kabardino-Balkarie", "Kabardo-Bałkaria"),
    "Карачаево-Черкесия": ("Karachay-Cherkessia", "Karatschai-Tscherkessien", "Karatchaïévo-Tcherkessie", "Karaczajo-Czerkiesja"),
    "Дагестан": ("Dagestan", "Dagestan", "Daghestan", "Dagestan"),
    "Горный Алтай": ("Altai Republic", "Republik Altai", "république de l'Altaï", "Republika Ałtaju"),
    "Югра": ("Yugra", "Jugra", "Iougra", "Jugra"), "Ямал": ("Yamal", "Jamal", "Iamal", "Jamał"),
    "Чукотка": ("Chukotka", "Tschukotka", "Tchoukotka", "Czukotka"),
}
LANGS = ("en", "de", "fr", "pl")


def exonym(word, lang):
    e = EXONYM.get(word)
    if e:
        return e[LANGS.index(lang)]
    return T.translit(word, LANG_SCHEME[lang])


def gen_adj(adj):
    """Свердловская -> Свердловской, Пермский -> Пермского."""
    if adj.endswith("ая"):
        return adj[:-2] + "ой"
    if adj.endswith(("ский", "цкий")):
        return adj[:-2] + "ого"
    if adj.endswith("ий"):
        return adj[:-2] + "его"
    return adj


def region_ru(reg, form, rng):
    k = reg.kind
    if form == "capital":
        return reg.capital
    if form == "abbr" and reg.abbr:
        return reg.abbr[int(rng.random() * len(reg.abbr))]
    if form == "informal" and reg.informal:
        return reg.informal[int(rng.random() * len(reg.informal))]
    if form == "old" and reg.old:
        return reg.old[int(rng.random() * len(reg.old))]
    if form == "gen":
        if k == "obl":
            return gen_adj(reg.name) + " области"
        if k == "kray":
            return gen_adj(reg.name) + " края"
        return reg.gen or reg.name
    if form == "short":
        if k == "obl":
            return reg.name + (" обл." if rng.random() < 0.7 else " обл")
        if k == "kray":
            return reg.name + " кр."
        if reg.short:
            return reg.short[int(rng.random() * len(reg.short))]
    if k == "obl":
        return reg.name + " область"
    if k == "kray":
        return reg.name + " край"
    return reg.name


def region_lat(reg, lang, rng):
    r = rng.random()
    if reg.kind in ("obl", "kray"):
        x = exonym(reg.noun, lang)
        if r < 0.12:
            return exonym(reg.capital, lang)
        if lang == "en":
            kw = "Oblast" if reg.kind == "obl" else "Krai"
            return f"{x} {kw}" if r < 0.5 else (f"{x} region" if r < 0.8 else (f"{x} Region" if r < 0.9 else x))
        if lang == "de":
            return f"Oblast {x}" if r < 0.45 else (f"Gebiet {x}" if r < 0.7 else f"Region {x}")
        if lang == "fr":
            return f"oblast de {x}" if r < 0.5 else f"région de {x}"
        return f"obwód {x}" if reg.kind == "obl" and r < 0.6 else f"region {x}"
    short = reg.short[0] if reg.short else reg.name
    x = exonym(short, lang)
    if reg.kind == "resp" and r < 0.3 and short not in ("Горный Алтай",):
        pre = {"en": "Republic of ", "de": "Republik ", "fr": "république de ", "pl": "Republika "}[lang]
        return pre + x
    if reg.kind == "city" or r < 0.85:
        return x
    return exonym(reg.capital, lang)


# ------------------------------------------------------------------ settlements
def pick_w(rng, pairs):
    x = rng.random() * sum(w for _, w in pairs)
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def village_prefix(name, rng):
    last = name.split()[-1]
    if last.endswith(("ий", "ый", "ой")):
        return ["пос.", "п.", "пгт", "посёлок", "пос"][int(rng.random() ** 1.5 * 5)]
    if last.endswith(("ка", "ки", "ево", "ово", "ино")) and rng.random() < 0.35:
        return ["д.", "дер.", "деревня"][int(rng.random() * 3)]
    return pick_w(rng, (("с.", 70), ("село", 20), ("с", 7), ("c.", 3)))  # "c." with a Latin c


def district_gen(d):
    words = d.split()
    head = gen_adj(words[0])
    if len(words) > 1:
        tail = {"кожуун": "кожууна", "улус": "улуса", "район": "района"}.get(words[1], words[1])
        return head + " " + tail
    return head + " района"


def district_full(d, rng):
    if " " in d:
        return d
    return d + (" район" if rng.random() < 0.6 else " р-н")


def settlement_ru(settle, style, rng):
    """style: bare | prefixed | district (adds the district) | district_only."""
    kind, name, district = settle
    if kind in ("city", "town"):
        if style == "bare" or rng.random() < 0.25:
            return name
        return ("г. " if rng.random() < 0.8 else "город ") + name
    if style == "bare":
        return name
    pre = village_prefix(name, rng)
    if not district or style == "prefixed":
        return f"{pre} {name}"
    if style == "district_only":
        return district_full(district, rng)
    r = rng.random()
    if r < 0.4:
        return f"{pre} {name}, {district_full(district, rng)}"
    if r < 0.7:
        return f"{pre} {name} {district_gen(district)}"
    return f"{district_full(district, rng)}, {pre} {name}"


def settlement_lat(settle, lang, scheme, rng):
    kind, name, _ = settle
    x = EXONYM[name][LANGS.index(lang)] if name in EXONYM else T.translit(name, scheme)
    if kind == "village" and rng.random() < 0.4:
        return {"en": "village of ", "de": "Dorf ", "fr": "village de ", "pl": "wieś "}[lang] + x
    return x


# ------------------------------------------------------------------ units
TEMPLATES = W.UNIT_TEMPLATES
NAMED_KINDS = {"wagner", "stormz", "stormv", "akhmat", "bars", "volbat", "pmcx", "rosg", "omon"}


def unit_number(unit):
    """A stable five-digit military-unit number (в/ч) for a formation."""
    return 10000 + zlib.crc32(unit.key.encode()) % 89999


def _en_ordinal(m):
    n = int(m.group(1))
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def unit_ru(unit, form, rng):
    t = TEMPLATES[unit.kind]
    n = unit.num
    if form == "vch" and unit.kind not in NAMED_KINDS:
        return f"в/ч {unit_number(unit)}" if rng.random() < 0.8 else f"войсковая часть {unit_number(unit)}"
    if form == "nick" and unit.nick:
        return unit.nick
    if form == "number" and unit.kind not in NAMED_KINDS:
        return n if rng.random() < 0.5 else f"{n} {t[1][0].split(' ', 1)[1]}"
    if form == "abbr":
        return t[1][int(rng.random() * len(t[1]))].format(n=n, q=n)
    return t[0].format(n=n, q=n)


def unit_lat(unit, lang, rng):
    t = TEMPLATES[unit.kind]
    opts = t[2 + LANGS.index(lang)]
    s = opts[int(rng.random() * len(opts))]
    q = T.translit(unit.num, LANG_SCHEME[lang]) if not unit.num.isdigit() else unit.num
    s = s.format(n=unit.num, q=q)
    if lang == "en":
        s = re.sub(r"\b(\d+)th\b", _en_ordinal, s)
    return s


# ------------------------------------------------------------------ ranks
def rank_ru(rank, ranks, form, guards, police, rng):
    ru, abbrs, *_ = ranks[rank]
    s = abbrs[int(rng.random() * len(abbrs))] if form == "abbr" else ru
    if police and rng.random() < 0.6:
        s += " полиции"
    elif guards and form == "full" and rng.random() < 0.4:
        s = "гвардии " + s
    if form == "cap":
        s = s[0].upper() + s[1:]
    return s


def rank_lat(rank, ranks, lang, rng):
    opts = ranks[rank][2 + LANGS.index(lang)]
    return opts[int(rng.random() * len(opts))]
