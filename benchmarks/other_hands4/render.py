"""One mention row: what the outlet believes about the man, then how it prints it.

A belief is the outlet's version of the facts (its typos, its shifted date, its
choice of birth place or residence); a copy starts from the belief it copied,
so errors travel between sources (REAL-HABITS line 7 and the brief).  Printing
then applies the outlet's script, order, formats and forms.
"""
import datetime
import zlib

import dates as D
import names as N
import noise as Z
import places as PL
from sources import pick

SNAPSHOT = datetime.date(2026, 2, 28).toordinal()
COLS = ("source", "full_name", "first_name", "patronymic", "surname", "birth_date", "death_date",
        "age", "region", "settlement", "unit", "rank", "source_url")


def _ord(y, m, d):
    try:
        return datetime.date(y, m, d).toordinal()
    except ValueError:
        return datetime.date(y, m, min(d, 28)).toordinal()


def belief(p, h, rng):
    """A fresh, outlet-specific version of the facts about man p."""
    sur = p.alt_sur if p.alt_sur and rng.random() < h["p_alt_surname"] else p.sur
    if p.female and "-" in sur and rng.random() < 0.5:
        halves = sur.split("-")
        sur = halves[0] if rng.random() < 0.6 else halves[1]  # Иванова-Петрова printed as one half
    b = {"first": p.first, "patr": p.patr, "sur": sur, "eth": p.eth, "female": p.female}
    for part, share in (("sur", 0.5), ("first", 0.3), ("patr", 0.2)):
        if b[part] and rng.random() < h["p_typo"] * share * 3:
            b[part] = Z.misspell(b[part], rng, h["ocr_share"])
    if rng.random() < h["p_swap_names"]:
        b["first"], b["sur"] = b["sur"], b["first"]
    death = p.death
    r = rng.random()
    if r < h["p_burial"]:
        death += 2 + int(rng.random() ** 2 * 25)  # funeral or announcement, days to weeks later
        death = min(death, max(p.death, SNAPSHOT))
    elif r < h["p_burial"] + h["p_late"]:
        # body returned, or missing then confirmed; not after the list's snapshot
        death = min(death + 30 + int(rng.random() * 300), max(death, SNAPSHOT))
    b["death"] = death
    b["dprec"] = _death_prec(h, rng)
    b["birth"], b["bprec"] = p.birth, "d" if rng.random() < h["p_birth_full"] else "y"
    if rng.random() < h["p_callup_year"]:
        b["birth"], b["bprec"] = _ord(D.ymd(p.death)[0] - int(rng.random() * 3), 6, 1), "y"
    if rng.random() < h["p_year_slip"]:
        y, m, d = D.ymd(b["birth"])
        b["birth"] = _ord(Z.year_slip(y, rng), m, d)
    if rng.random() < h["p_dm_swap"]:
        b["death"] = _ord(*Z.swap_day_month(D.ymd(b["death"])))
    if rng.random() < h["p_dm_swap"]:
        b["birth"] = _ord(*Z.swap_day_month(D.ymd(b["birth"])))
    b["age"] = _age(p, b, h, rng)
    if rng.random() < h["p_birth_region"] or p.region is p.home_region:
        b["region"], b["settle"] = p.home_region, p.settle
    else:
        b["region"], b["settle"] = p.region, ("city", p.region.capital, "")
    if h["type"] == "cemetery" and rng.random() < 0.25:
        b["settle"] = ("city", b["region"].capital, "")  # a regional military plot
    b["unit"], b["rank"], b["position"] = p.unit, p.rank, p.position
    return b


def _death_prec(h, rng):
    r = rng.random()
    if r < h["prec_day"]:
        return "d"
    r -= h["prec_day"]
    if r < h["prec_year"]:
        return "y"
    if r < h["prec_year"] + h["prec_season"]:
        return "s"
    return "m"


def _age(p, b, h, rng):
    """At death, at the time of writing, or 'would have turned' (REAL-HABITS line 9)."""
    r = rng.random()
    if r < h["p_age_writing"]:
        a = D.age_at(p.birth, b["death"] + int(rng.random() * 500))
    elif r < h["p_age_writing"] + 0.15:
        a = D.ymd(b["death"])[0] - D.ymd(p.birth)[0]
    else:
        a = D.age_at(p.birth, p.death)
    if rng.random() < h["p_age_off"]:
        a += 1 if rng.random() < 0.6 else -1
    return a


def copied(base, h, rng):
    """A copy keeps the base's errors, adds its own slips, and never gains precision."""
    b = dict(base)
    for part in ("sur", "first"):
        if b[part] and rng.random() < h["p_typo"] * 0.5:
            b[part] = Z.misspell(b[part], rng)
    if rng.random() < h["p_dm_swap"]:
        b["death"] = _ord(*Z.swap_day_month(D.ymd(b["death"])))
    if rng.random() < h["p_age_off"]:
        b["age"] += 1 if rng.random() < 0.5 else -1
    dp = _death_prec(h, rng)
    b["dprec"] = dp if _rank(dp) <= _rank(base["dprec"]) else base["dprec"]
    return b


def _rank(prec):
    return {"d": 3, "m": 2, "s": 1, "y": 1}[prec]


# ------------------------------------------------------------------ printing
def row(b, h, ranks, url, rng, base_given=None):
    """The 13 printed columns after record_id.  base_given: columns the copied row gave."""
    lat = h["script"] == "lat"
    full, first, patr, sur = N.render_name(b, h, rng)
    if not lat and rng.random() < h["p_homoglyph"]:
        if full:
            full = Z.homoglyph(full, rng)
        else:
            sur = Z.homoglyph(sur, rng)
    lang = h["lang"]
    fmt = h["fmt"]
    if fmt == "dmy" and rng.random() < h["p_twodigit"]:
        fmt = "dmy2"
    given = base_given or {}

    def gives(col, p):
        return given.get(col, True) and rng.random() < p

    death = D.fmt_date(b["death"], b["dprec"], fmt, rng, h["partial"]) if gives("death", h["p_death"]) else ""
    birth = ""
    if gives("birth", h["p_birth"]):
        birth = _birth(b, fmt, lang, h, rng)
    age = str(b["age"]) if gives("age", h["p_age"]) else ""
    region = settle = unit = rank = ""
    reg = b["region"]
    if gives("region", h["p_region"]):
        region = PL.region_lat(reg, lang, rng) if lat else PL.region_ru(reg, pick(rng, h["region_forms"]), rng)
    lone = full and not sur and " " not in full  # "Саша" alone comes with his town (RH 21)
    if lone or gives("settle", h["p_settlement"]):
        if lat:
            settle = PL.settlement_lat(b["settle"], lang, PL.LANG_SCHEME[lang], rng)
        else:
            settle = PL.settlement_ru(b["settle"], pick(rng, h["settle_styles"]), rng)
    if b["unit"] is not None and gives("unit", h["p_unit"]):
        u = b["unit"]
        unit = PL.unit_lat(u, lang, rng) if lat else PL.unit_ru(u, pick(rng, h["unit_forms"]), rng)
    if b["rank"] and gives("rank", h["p_rank"]):
        if lat:
            rank = PL.rank_lat(b["rank"], ranks, lang, rng)
        else:
            guards = b["unit"] is not None and b["unit"].kind in PL.W.GUARDS_KINDS
            police = b["unit"] is not None and b["unit"].kind in ("rosg", "omon")
            rank = PL.rank_ru(b["rank"], ranks, pick(rng, h["rank_forms"]), guards, police, rng)
            if b["position"] and rng.random() < h["p_position"]:
                rank = f"{rank}, {b['position']}" if rng.random() < 0.7 else b["position"]
    if rng.random() < h["p_no_url"]:
        url = ""
    return (h["label"], full, first, patr, sur, birth, death, age, region, settle, unit, rank, url)


def _birth(b, fmt, lang, h, rng):
    o = b["birth"]
    if b["bprec"] == "y":
        return D.fmt_birth_year(D.ymd(o)[0], lang, rng)
    r = rng.random()
    if h["type"] in ("memorial", "volunteer") and r < 0.02:
        y, m, d = D.ymd(o)
        # partial forms seen on the public site (REAL-LISTS line 13)
        return pick(rng, [(f"??.{m:02d}.{y}", 1), (f"{m:02d}.{y}", 1), (f"{d:02d}.{m:02d}.хххх", 1)])
    return D.fmt_date(o, "d", fmt, rng)


def archived(url, outlet_name, rng):
    """The same page cited through an archive (REAL-LISTS line 7: archived source links).

    One outlet's snapshot of a page keeps one address, so the code comes from a checksum."""
    if not url:
        return url
    c = zlib.crc32((outlet_name + url).encode())
    if c % 2:
        abc = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        return "https://archive.ph/" + "".join(abc[(c >> (5 * i)) % 62] for i in range(5))
    # archived when the list was compiled, just before its snapshot (Jan-Feb 2026)
    stamp = (f"2026{1 + c // 7 % 2:02d}{1 + c // 97 % 28:02d}"
             f"{c // 3001 % 24:02d}{c // 77 % 60:02d}{c // 13 % 60:02d}")
    return f"https://web.archive.org/web/{stamp}/" + url
