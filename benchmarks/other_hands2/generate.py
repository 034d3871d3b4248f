#!/usr/bin/env python3
# ruff: noqa: B023  (household helpers close over the loop's variables on purpose: see copy_base)
"""Independent synthetic casualty-list generator ("other hands 2").

Draws people (names by region and ethnicity, dates, places, households), then mentions of
each from sources with their own habits. Every habit's rate is drawn per seed from a range
(see habits.json). Written without reading the linkage engine.

    python benchmarks/other_hands2/generate.py --mentions 20000 --seed 1 --out /tmp/oh2/s1
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
import time
import unicodedata
import zlib

import numpy as np

sys.dont_write_bytecode = True  # keep the benchmark folder free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import namedata as ND
import regiondata as RD

try:
    import iuliia
except ImportError:  # pragma: no cover
    iuliia = None

HEADER = ["record_id", "source", "full_name", "first_name", "patronymic", "surname", "birth_date",
          "death_date", "age", "region", "settlement", "unit", "rank", "source_url"]
SOURCES = ["official", "memorial", "social", "foreign", "cemetery", "spreadsheet", "obituary", "osint"]

# ============================================================================ habits
# (lo, hi) per attribute per source: the rate actually used is drawn uniformly per seed.
SRC_RANGES = {
    "official": {"weight": (0.12, 0.26), "parts": (0.0, 0.15), "patr": (0.88, 1.0), "initials": (0.0, 0.04),
                     "order_sfp": (0.25, 0.7), "pet": (0.0, 0.0), "caps": (0.05, 0.4), "latin": (0.0, 0.0),
                     "bd_full": (0.35, 0.7), "bd_year": (0.1, 0.3), "bd_month": (0.0, 0.02),
                     "dd": (0.4, 0.8), "dd_month": (0.0, 0.05), "lag": (0.3, 0.65), "missing_since": (0.0, 0.03),
                     "age": (0.1, 0.45), "region": (0.7, 0.98), "settlement": (0.6, 0.95), "unit": (0.03, 0.2),
                     "rank": (0.3, 0.7), "typo": (0.003, 0.015), "ocr": (0.0, 0.0), "mixed": (0.001, 0.006),
                     "yo_strip": (0.5, 0.9), "swap_dm": (0.0, 0.01), "yy": (0.0, 0.02), "group": (0.2, 0.42),
                     "url_missing": (0.0, 0.05), "alt_place": (0.05, 0.2)},
    "memorial": {"weight": (0.1, 0.22), "parts": (0.6, 0.95), "patr": (0.85, 1.0), "initials": (0.0, 0.02),
                     "order_sfp": (0.6, 0.95), "pet": (0.0, 0.0), "caps": (0.0, 0.1), "latin": (0.0, 0.0),
                     "bd_full": (0.55, 0.85), "bd_year": (0.05, 0.2), "bd_month": (0.0, 0.02),
                     "dd": (0.75, 0.97), "dd_month": (0.0, 0.06), "lag": (0.02, 0.12), "missing_since": (0.0, 0.05),
                     "age": (0.2, 0.6), "region": (0.85, 1.0), "settlement": (0.5, 0.9), "unit": (0.3, 0.75),
                     "rank": (0.5, 0.9), "typo": (0.003, 0.015), "ocr": (0.0, 0.003), "mixed": (0.001, 0.005),
                     "yo_strip": (0.3, 0.9), "swap_dm": (0.0, 0.01), "yy": (0.0, 0.01), "group": (0.0, 0.05),
                     "url_missing": (0.0, 0.03), "alt_place": (0.1, 0.3)},
    "social": {"weight": (0.12, 0.26), "parts": (0.0, 0.05), "patr": (0.02, 0.15), "initials": (0.0, 0.01),
                   "order_sfp": (0.05, 0.2), "pet": (0.15, 0.45), "caps": (0.0, 0.05), "latin": (0.0, 0.04),
                   "bd_full": (0.05, 0.25), "bd_year": (0.05, 0.2), "bd_month": (0.0, 0.02),
                   "dd": (0.5, 0.85), "dd_month": (0.2, 0.5), "lag": (0.2, 0.5), "missing_since": (0.01, 0.06),
                   "age": (0.3, 0.7), "region": (0.2, 0.6), "settlement": (0.4, 0.8), "unit": (0.03, 0.2),
                   "rank": (0.02, 0.15), "typo": (0.02, 0.06), "ocr": (0.0, 0.0), "mixed": (0.005, 0.02),
                   "yo_strip": (0.1, 0.6), "swap_dm": (0.01, 0.04), "yy": (0.02, 0.1), "group": (0.05, 0.15),
                   "url_missing": (0.0, 0.08), "alt_place": (0.1, 0.3), "first_town": (0.01, 0.05)},
    "foreign": {"weight": (0.04, 0.12), "parts": (0.0, 0.05), "patr": (0.0, 0.3), "initials": (0.0, 0.03),
                    "order_sfp": (0.0, 0.05), "pet": (0.0, 0.03), "caps": (0.0, 0.02), "latin": (1.0, 1.0),
                    "bd_full": (0.0, 0.15), "bd_year": (0.05, 0.25), "bd_month": (0.0, 0.01),
                    "dd": (0.4, 0.8), "dd_month": (0.05, 0.2), "lag": (0.2, 0.6), "missing_since": (0.0, 0.05),
                    "age": (0.5, 0.9), "region": (0.5, 0.9), "settlement": (0.2, 0.6), "unit": (0.1, 0.4),
                    "rank": (0.1, 0.4), "typo": (0.005, 0.02), "ocr": (0.0, 0.0), "mixed": (0.0, 0.0),
                    "yo_strip": (1.0, 1.0), "swap_dm": (0.0, 0.0), "yy": (0.0, 0.0), "group": (0.25, 0.55),
                    "url_missing": (0.0, 0.05), "alt_place": (0.1, 0.3)},
    "cemetery": {"weight": (0.04, 0.12), "parts": (0.0, 0.3), "patr": (0.8, 1.0), "initials": (0.0, 0.02),
                     "order_sfp": (0.8, 1.0), "pet": (0.0, 0.0), "caps": (0.1, 0.6), "latin": (0.0, 0.0),
                     "bd_full": (0.75, 0.97), "bd_year": (0.0, 0.1), "bd_month": (0.0, 0.02),
                     "dd": (0.85, 0.99), "dd_month": (0.0, 0.03), "lag": (0.03, 0.15), "missing_since": (0.0, 0.03),
                     "age": (0.0, 0.15), "region": (0.0, 0.4), "settlement": (0.3, 0.8), "unit": (0.0, 0.25),
                     "rank": (0.1, 0.5), "typo": (0.003, 0.01), "ocr": (0.02, 0.08), "mixed": (0.0, 0.005),
                     "yo_strip": (0.2, 0.7), "swap_dm": (0.0, 0.01), "yy": (0.0, 0.02), "group": (0.0, 0.1),
                     "url_missing": (0.0, 0.1), "alt_place": (0.3, 0.6)},
    "spreadsheet": {"weight": (0.08, 0.2), "parts": (0.4, 0.85), "patr": (0.5, 0.95), "initials": (0.15, 0.5),
                        "order_sfp": (0.7, 1.0), "pet": (0.0, 0.0), "caps": (0.0, 0.15), "latin": (0.0, 0.0),
                        "bd_full": (0.3, 0.65), "bd_year": (0.1, 0.35), "bd_month": (0.0, 0.04),
                        "dd": (0.6, 0.95), "dd_month": (0.02, 0.12), "lag": (0.1, 0.4), "missing_since": (0.0, 0.04),
                        "age": (0.3, 0.8), "region": (0.85, 1.0), "settlement": (0.1, 0.5), "unit": (0.1, 0.4),
                        "rank": (0.2, 0.6), "typo": (0.01, 0.04), "ocr": (0.0, 0.01), "mixed": (0.003, 0.015),
                        "yo_strip": (0.6, 1.0), "swap_dm": (0.01, 0.05), "yy": (0.03, 0.15), "group": (0.0, 0.05),
                        "url_missing": (0.05, 0.3), "alt_place": (0.05, 0.2), "copy_url": (0.05, 0.25),
                        "callup_year": (0.0, 0.01)},
    "obituary": {"weight": (0.08, 0.2), "parts": (0.0, 0.05), "patr": (0.6, 0.95), "initials": (0.0, 0.03),
                     "order_sfp": (0.1, 0.4), "pet": (0.0, 0.05), "caps": (0.0, 0.05), "latin": (0.0, 0.0),
                     "bd_full": (0.15, 0.45), "bd_year": (0.2, 0.45), "bd_month": (0.0, 0.02),
                     "dd": (0.5, 0.9), "dd_month": (0.02, 0.15), "lag": (0.2, 0.5), "missing_since": (0.01, 0.06),
                     "age": (0.4, 0.8), "region": (0.5, 0.9), "settlement": (0.6, 0.95), "unit": (0.1, 0.4),
                     "rank": (0.3, 0.7), "typo": (0.005, 0.02), "ocr": (0.0, 0.0), "mixed": (0.001, 0.006),
                     "yo_strip": (0.3, 0.8), "swap_dm": (0.0, 0.01), "yy": (0.0, 0.02), "group": (0.1, 0.3),
                     "url_missing": (0.0, 0.05), "alt_place": (0.1, 0.25)},
    "osint": {"weight": (0.0, 0.08), "parts": (0.6, 1.0), "patr": (0.3, 0.9), "initials": (0.0, 0.1),
                  "order_sfp": (0.5, 1.0), "pet": (0.0, 0.0), "caps": (0.0, 0.05), "latin": (1.0, 1.0),
                  "bd_full": (0.3, 0.6), "bd_year": (0.1, 0.3), "bd_month": (0.0, 0.02),
                  "dd": (0.7, 0.95), "dd_month": (0.02, 0.1), "lag": (0.1, 0.3), "missing_since": (0.0, 0.03),
                  "age": (0.3, 0.7), "region": (0.8, 1.0), "settlement": (0.3, 0.7), "unit": (0.2, 0.6),
                  "rank": (0.2, 0.6), "typo": (0.005, 0.02), "ocr": (0.0, 0.0), "mixed": (0.0, 0.0),
                  "yo_strip": (1.0, 1.0), "swap_dm": (0.0, 0.02), "yy": (0.0, 0.03), "group": (0.0, 0.05),
                  "url_missing": (0.0, 0.1), "alt_place": (0.05, 0.2), "copy_url": (0.1, 0.4)},
}
# base weights of date formats (precision "full") per source, jittered per seed
DATE_FMT_BASE = {
    "official": {"dmy": 0.65, "ru_text": 0.22, "dmy_g": 0.08, "dmy_nopad": 0.05},
    "memorial": {"dmy": 0.85, "iso": 0.05, "ru_text": 0.1},
    "social": {"dmy": 0.4, "dmy_nopad": 0.1, "ru_text": 0.45, "dmy_slash": 0.05},
    "cemetery": {"dmy": 0.9, "dmy_nopad": 0.1},
    "spreadsheet": {"dmy": 0.5, "iso": 0.25, "dmy_nopad": 0.1, "dmy_slash": 0.05, "dmy_g": 0.1},
    "obituary": {"ru_text": 0.5, "dmy": 0.4, "ru_text_g": 0.1},
    "osint": {"iso": 0.6, "dmy": 0.2, "en_us": 0.2},
}
# foreign outlets: language weights and the schemes each language uses
LANG_RANGES = {"en": (0.4, 0.7), "de": (0.1, 0.3), "fr": (0.03, 0.15), "pl": (0.02, 0.1), "cs": (0.0, 0.08)}
LANG_SCHEMES = {
    "en": ["wikipedia", "bgn_pcgn", "icao", "mvd_782", "ala_lc_ascii", "adhoc", "telegram", "yandex"],
    "de": ["german", "german", "icao", "wikipedia"],
    "fr": ["french", "french", "icao"],
    "pl": ["polish"],
    "cs": ["czech", "scientific"],
}
LANG_DATE = {
    "en": {"en_text": 0.45, "en_us": 0.3, "en_text_uk": 0.15, "en_us_short": 0.1},
    "de": {"de_text": 0.6, "dmy": 0.4},
    "fr": {"fr_text": 0.8, "dmy_slash": 0.2},
    "pl": {"pl_text": 0.7, "dmy": 0.3},
    "cs": {"cs_text": 0.6, "dmy_sp": 0.4},
}
REGION_STYLE_BASE = {
    "official": {"full": 0.6, "short": 0.3, "alt": 0.05, "capital": 0.05},
    "memorial": {"full": 0.75, "short": 0.2, "alt": 0.05},
    "social": {"full": 0.15, "short": 0.15, "alt": 0.35, "capital": 0.35},
    "cemetery": {"full": 0.3, "short": 0.3, "capital": 0.4},
    "spreadsheet": {"full": 0.2, "short": 0.45, "alt": 0.35},
    "obituary": {"full": 0.45, "short": 0.3, "alt": 0.15, "capital": 0.1},
    "foreign": {"en": 1.0},
    "osint": {"en": 0.85, "translit": 0.15},
}
GLOBAL_RANGES = {
    "single_mention_share": (0.36, 0.56), "tail_geom_p": (0.28, 0.5), "household_share": (0.03, 0.06),
    "hh_brothers": (0.4, 0.6), "hh_three_brothers": (0.02, 0.07), "hh_twins": (0.03, 0.09),
    "hh_father_son": (0.15, 0.28), "hh_father_two_sons": (0.01, 0.04), "hh_cousins": (0.07, 0.16),
    "son_named_after_father": (0.02, 0.08), "brothers_same_day": (0.1, 0.35), "brothers_same_unit": (0.2, 0.5),
    "brothers_same_settlement": (0.6, 0.9), "hh_joint_post": (0.3, 0.7),
    "women_share": (0.001, 0.005), "female_form_error": (0.0005, 0.003), "alt_region_share": (0.04, 0.12),
    "stepfather_surname": (0.003, 0.015), "double_surname": (0.002, 0.008), "order_confusion": (0.05, 0.25),
    "hyphen_variation": (0.2, 0.6), "spelling_variant": (0.05, 0.25), "patr_variant": (0.02, 0.1),
    "age_off": (0.05, 0.2), "age_would_turn": (0.0, 0.06), "turkic_patr_az": (0.4, 0.8), "turkic_patr_ca": (0.2, 0.6),
    "no_patr_national": (0.03, 0.15), "village_share": (0.2, 0.4), "exact_repost": (0.005, 0.03),
    "archived_url": (0.1, 0.5), "prisoner_share": (0.08, 0.16), "named_unit_share": (0.45, 0.75),
    "rank_disagree": (0.0, 0.04), "latin_inconsistent": (0.05, 0.25), "ukr_style": (0.3, 0.8),
    "year_typo": (0.0, 0.01), "bd_missing_note": (0.0, 0.01),
}


def draw_habits(seed: int) -> dict:
    r = np.random.default_rng([seed, 20240611])
    u = lambda lo, hi: float(round(r.uniform(lo, hi), 5))
    h = {"seed": seed, "global": {k: u(*v) for k, v in GLOBAL_RANGES.items()}, "sources": {}}
    # which sources exist: the big four always, the others each with a chance
    present = {s: True for s in SOURCES}
    for s, pr in (("cemetery", 0.8), ("osint", 0.6), ("obituary", 0.9), ("spreadsheet", 0.9)):
        present[s] = bool(r.random() < pr)
    for s in SOURCES:
        p = {k: u(*v) for k, v in SRC_RANGES[s].items()}
        if not present[s]:
            p["weight"] = 0.0
        if s in DATE_FMT_BASE:
            base = DATE_FMT_BASE[s]
            w = r.dirichlet([max(0.2, 8 * v) for v in base.values()])
            p["date_formats"] = {k: float(round(x, 4)) for k, x in zip(base, w)}
        base = REGION_STYLE_BASE[s]
        w = r.dirichlet([max(0.2, 6 * v) for v in base.values()])
        p["region_styles"] = {k: float(round(x, 4)) for k, x in zip(base, w)}
        h["sources"][s] = p
    tot = sum(h["sources"][s]["weight"] for s in SOURCES)
    for s in SOURCES:
        h["sources"][s]["weight"] = round(h["sources"][s]["weight"] / tot, 5)
    # label vocabulary for the source column
    h["source_labels"] = ["generic", "specific"][int(r.random() < 0.4)]
    # foreign outlets
    langs = {k: u(*v) for k, v in LANG_RANGES.items()}
    n_out = int(r.integers(4, 11))
    outlets = []
    lk = list(langs)
    lw = np.array([langs[k] for k in lk])
    lw = lw / lw.sum()
    for i in range(n_out):
        lang = lk[int(r.choice(len(lk), p=lw))]
        sch = LANG_SCHEMES[lang][int(r.integers(len(LANG_SCHEMES[lang])))]
        dfm = LANG_DATE[lang]
        w = r.dirichlet([8 * v for v in dfm.values()])
        hosts = FOREIGN_HOSTS[lang]
        outlets.append({"name": f"{lang}_outlet{i + 1}", "lang": lang, "scheme": sch,
                            "host": hosts[i % len(hosts)] if i < len(hosts) else f"{lang}-outlet{i + 1}.example/news",
                            "foreign_equiv": u(0.05, 0.6), "patr": u(0.0, 0.3), "weight": u(0.2, 1.0),
                            "oblast_word": u(0.3, 0.9), "date_formats": {k: float(round(x, 4)) for k, x in zip(dfm, w)}})
    h["foreign_outlets"] = outlets
    osch = ["icao", "wikipedia", "bgn_pcgn", "adhoc", "mvd_782"]
    h["osint_schemes"] = [osch[int(i)] for i in r.choice(len(osch), size=int(r.integers(1, 3)), replace=False)]
    return h


# ============================================================================ text helpers
def _crc(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


MONTHS = {
    "ru_gen": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
    "ru_nom": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"],
    "cs": ["ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října", "listopadu", "prosince"],
}


def fmt_full(y, m, d, f):
    if f == "dmy":
        return f"{d:02d}.{m:02d}.{y}"
    if f == "dmy_g":
        return f"{d:02d}.{m:02d}.{y} г."
    if f == "dmy_nopad":
        return f"{d}.{m}.{y}"
    if f == "dmy_slash":
        return f"{d:02d}/{m:02d}/{y}"
    if f == "dmy_sp":
        return f"{d}. {m}. {y}"
    if f == "iso":
        return f"{y}-{m:02d}-{d:02d}"
    if f == "ru_text":
        return f"{d} {MONTHS['ru_gen'][m - 1]} {y}"
    if f == "ru_text_g":
        return f"{d} {MONTHS['ru_gen'][m - 1]} {y} г."
    if f == "en_text":
        return f"{MONTHS['en'][m - 1]} {d}, {y}"
    if f == "en_text_uk":
        return f"{d} {MONTHS['en'][m - 1]} {y}"
    if f == "en_us":
        return f"{m}/{d}/{y}"
    if f == "en_us_short":
        return f"{m}/{d}/{y % 100:02d}"
    if f == "de_text":
        return f"{d}. {MONTHS['de'][m - 1]} {y}"
    if f == "fr_text":
        return f"{'1er' if d == 1 else d} {MONTHS['fr'][m - 1]} {y}"
    if f == "pl_text":
        return f"{d} {MONTHS['pl'][m - 1]} {y}"
    if f == "cs_text":
        return f"{d}. {MONTHS['cs'][m - 1]} {y}"
    return f"{d:02d}.{m:02d}.{y}"


def fmt_month(y, m, lang, rng):
    if lang == "ru":
        x = rng.random()
        if x < 0.35:
            return f"{m:02d}.{y}"
        if x < 0.6:
            return f"??.{m:02d}.{y}"
        if x < 0.9:
            return f"{MONTHS['ru_nom'][m - 1]} {y}"
        return f"{MONTHS['ru_nom'][m - 1].capitalize()} {y} г."
    if lang == "en":
        return f"{MONTHS['en'][m - 1]} {y}"
    if lang == "de":
        return f"{MONTHS['de'][m - 1]} {y}"
    if lang == "fr":
        return f"{MONTHS['fr'][m - 1]} {y}"
    return f"{m:02d}.{y}"


def fmt_year(y, lang, rng, birth=True):
    x = rng.random()
    if lang == "ru":
        if birth:
            return f"{y}" if x < 0.45 else (f"{y} г.р." if x < 0.85 else f"{y} г.")
        return f"{y}" if x < 0.7 else f"{y} г."
    if lang == "en" and birth:
        return f"b. {y}" if x < 0.4 else f"{y}"
    return f"{y}"


# ------------------------------------------------------------------ transliteration
def _strip_marks(s):
    s = s.replace("ʹ", "'").replace("ʺ", "").replace("’", "'")
    n = unicodedata.normalize("NFKD", s)
    return "".join(c for c in n if not unicodedata.combining(c))


_GER = {"а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch", "з": "s",
        "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "",
        "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja"}
_FRE = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "j", "з": "z",
        "и": "i", "й": "ï", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "ou", "ф": "f", "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ъ": "",
        "ы": "y", "ь": "", "э": "e", "ю": "iou", "я": "ia"}
_POL = {"а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "ż", "з": "z",
        "и": "i", "й": "j", "к": "k", "л": "ł", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz", "щ": "szcz", "ъ": "",
        "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia"}
_CZE = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "ž", "з": "z",
        "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ъ": "",
        "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja"}
_UKR = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ё": "io", "ж": "zh",
        "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ь": "", "ъ": "", "ы": "y", "э": "e", "ю": "iu", "я": "ia", "'": ""}
_ADHOC = {"а": ["a"], "б": ["b"], "в": ["v"], "г": ["g"], "д": ["d"], "е": ["e"], "ё": ["yo", "e", "io"],
          "ж": ["zh", "j"], "з": ["z"], "и": ["i"], "й": ["y", "i", "j"], "к": ["k"], "л": ["l"], "м": ["m"],
          "н": ["n"], "о": ["o"], "п": ["p"], "р": ["r"], "с": ["s"], "т": ["t"], "у": ["u"], "ф": ["f"],
          "х": ["kh", "h"], "ц": ["ts", "c", "tz"], "ч": ["ch"], "ш": ["sh"], "щ": ["shch", "sch", "sh"],
          "ъ": [""], "ы": ["y", "i"], "ь": ["", "'", "i"], "э": ["e"], "ю": ["yu", "iu", "ju"],
          "я": ["ya", "ia", "ja"]}
_VOW = set("аеёиоуыэюяьъ")


def _rule_translit(word, table, lang):
    """German / French / Polish / Czech / Ukrainian / ad-hoc word transliteration."""
    low = word.lower()
    out = []
    n = len(low)
    seed = _crc(word)
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < n else ""
        if ch not in table:
            out.append(ch)
            continue
        if lang == "adhoc":
            opts = table[ch]
            t = opts[(seed >> (i % 24)) % len(opts)] if len(opts) > 1 else opts[0]
        else:
            t = table[ch]
        if ch == "е" and (i == 0 or prev in _VOW) and lang in ("de", "pl", "cs", "fr"):
            t = {"de": "je", "pl": "je", "cs": "je", "fr": "ie"}[lang]
        if ch == "ё" and prev in ("ж", "ч", "ш", "щ") and lang in ("de", "pl", "cs", "fr"):
            t = "o"
        if ch in "яю" and lang == "pl" and (i == 0 or prev in _VOW):
            t = "j" + t[1:]
        if lang == "pl" and ch == "л" and nxt in ("ь", "я", "е", "ё", "ю", "и"):
            t = "l"
        if lang == "pl" and ch == "и" and prev in ("ж", "ш", "ц"):
            t = "y"
        if lang == "fr" and ch == "г" and nxt in ("е", "и", "ы", "э"):
            t = "gu"
        if lang in ("de", "fr") and ch == "с" and prev in _VOW and nxt in _VOW and prev and nxt:
            t = "ss"
        if ch == "ь" and nxt in ("е", "ё", "ю", "я") and lang in ("de", "pl", "cs", "fr"):
            t = ""  # the next vowel is written iotated (-ewitsch / -jewicz)
        if ch == "ь" and nxt == "и" and lang in ("de", "pl", "cs"):
            t = "j"
        out.append(t)
    s = "".join(out)
    if lang == "de":
        if s.endswith("ow") is False and low.endswith("ов"):
            s = s[:-1] + "w"
        if low.endswith("ев"):
            s = s[:-1] + "w"
        if low.endswith("ий"):
            s = s[:-2] + "i"
        s = s.replace("ii", "i")
    if lang == "pl" and (low.endswith(("ов", "ев"))):
        s = s[:-1] + "w"
    if lang == "fr" and low.endswith("ий"):
        s = s[:-1]
    if lang == "uk" and low.endswith("ий"):
        s = s[:-2] + "yi"
    return s[:1].upper() + s[1:] if word[:1].isupper() else s


_IU = {}
if iuliia is not None:
    _IU = {"wikipedia": iuliia.WIKIPEDIA, "bgn_pcgn": iuliia.BGN_PCGN, "icao": iuliia.ICAO_DOC_9303,
           "mvd_782": iuliia.MVD_782, "ala_lc": iuliia.ALA_LC, "scientific": iuliia.SCIENTIFIC,
           "gost_7034": iuliia.GOST_7034, "telegram": iuliia.TELEGRAM, "yandex": iuliia.YANDEX_MAPS,
           "mvd_310_fr": iuliia.MVD_310_FR}
_TL_CACHE: dict = {}


def translit(text: str, scheme: str) -> str:
    key = (text, scheme)
    r = _TL_CACHE.get(key)
    if r is not None:
        return r
    if scheme in ("german", "french", "polish", "czech", "ukr", "adhoc"):
        lang, table = {"german": ("de", _GER), "french": ("fr", _FRE), "polish": ("pl", _POL),
                       "czech": ("cs", _CZE), "ukr": ("uk", _UKR), "adhoc": ("adhoc", _ADHOC)}[scheme]
        parts = []
        for tok in text.replace("-", " - ").split(" "):
            parts.append(_rule_translit(tok, table, lang) if tok not in ("-", "") else tok)
        r = " ".join(parts).replace(" - ", "-")
    else:
        sch = "ala_lc" if scheme == "ala_lc_ascii" else scheme
        t = text
        if sch == "bgn_pcgn":
            t = t.replace("ё", "е")
        if sch in _IU:
            r = _IU[sch].translate(t)
        else:
            r = _rule_translit(t, _ADHOC, "adhoc")
        if scheme == "ala_lc_ascii":
            r = _strip_marks(r.replace("͡", ""))
        if sch == "bgn_pcgn" and "’" in r and _crc(text) % 2:
            r = r.replace("’", "")
    _TL_CACHE[key] = r
    return r


# ------------------------------------------------------------------ name morphology
PATR_EXC = {"Илья": "Ильич", "Никита": "Никитич", "Лев": "Львович", "Пётр": "Петрович", "Павел": "Павлович",
            "Фома": "Фомич", "Кузьма": "Кузьмич", "Яков": "Яковлевич", "Михаил": "Михайлович",
            "Дмитрий": "Дмитриевич", "Георгий": "Георгиевич", "Савва": "Саввич", "Леча": "Лечаевич"}


def patronymic(name: str) -> str:
    if name in PATR_EXC:
        return PATR_EXC[name]
    if name.endswith("ий"):
        return name[:-2] + "ьевич"
    if name.endswith("ей"):
        return name[:-2] + "еевич"
    if name.endswith("ай"):
        return name[:-2] + "аевич"
    if name.endswith("й"):
        return name[:-1] + "евич"
    if name.endswith("ь"):
        return name[:-1] + "евич"
    if name[-1] in "аяиоуэы":
        return name + "евич"
    if name[-1] in "жшчщц":
        return name + "евич"
    return name + "ович"


def fem_patronymic(p: str) -> str:
    if p.endswith("ич") and not p.endswith("вич"):
        return p[:-2] + "ична"
    return p[:-3] + "на"


def fem_surname(s: str) -> str:
    for a, b in (("ский", "ская"), ("цкий", "цкая"), ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"), ("ын", "ына")):
        if s.endswith(a):
            return s[:-len(a)] + b
    return s


YO_STRIP = str.maketrans({"ё": "е", "Ё": "Е"})
HOMO = {"а": "a", "е": "e", "о": "o", "с": "c", "р": "p", "х": "x", "у": "y", "к": "k", "А": "A", "Е": "E",
        "О": "O", "С": "C", "Р": "P", "Х": "X", "К": "K", "М": "M", "Т": "T", "В": "B", "Н": "H"}
OCR = {"ш": "щ", "щ": "ш", "и": "н", "н": "и", "З": "3", "О": "0", "б": "6", "л": "п", "п": "л", "ц": "щ",
       "ь": "ъ", "е": "с", "Б": "6", "в": "в", "Ш": "Щ", "Щ": "Ш", "ы": "ь", "т": "г", "г": "т"}
KEYB = "йцукенгшщзхъ фывапролджэ ячсмитьбю"
KEYPOS = {c: (r, i) for r, row in enumerate(KEYB.split(" ")) for i, c in enumerate(row)}
PHON = {"о": "а", "а": "о", "е": "и", "и": "е", "з": "с", "д": "т", "б": "п", "ж": "ш", "я": "е", "ы": "и",
        "й": "и", "э": "е", "ё": "о"}
SPELL_VAR = {
    "Даниил": ["Данил", "Данила"], "Данил": ["Даниил", "Данила"], "Магомед": ["Магамед", "Мухаммад", "Магомет"],
    "Абдулаев": ["Абдуллаев"], "Абдуллаев": ["Абдулаев"], "Исмаилов": ["Исмайлов"], "Ахмед": ["Ахмад"],
    "Ахмедов": ["Ахмадов"], "Гусейн": ["Хусейн", "Гусен"], "Гасан": ["Хасан"], "Ооржак": ["Оржак", "Өөржак"],
    "Донгак": ["Доңгак", "Донгаак"], "Кужугет": ["Кужугэт"], "Монгуш": ["Моңгуш"], "Айдыс": ["Айдис"],
    "Чингис": ["Чингиз"], "Зелимхан": ["Залимхан"], "Наиль": ["Наил"], "Рафаэль": ["Рафаиль", "Рафаэл"],
    "Артур": ["Артур"], "Эрдынеев": ["Эрдыниев"], "Цыренов": ["Циренов"], "Баир": ["Баяр"],
    "Айсен": ["Айсэн"], "Нюргун": ["Ньургун"], "Айаал": ["Айал"], "Шамиль": ["Шамил"], "Ильяс": ["Ильяз"],
    "Юрий": ["Юрий"], "Семён": ["Семен"], "Муртазалиев": ["Муртузалиев"], "Джамалудинов": ["Джамалутдинов"],
    "Шайхутдинов": ["Шайхудинов"], "Гильмутдинов": ["Гильмудинов"], "Хуснутдинов": ["Хуснудинов"],
    "Мухаметзянов": ["Мухамедзянов"], "Мухаметшин": ["Мухамедшин"], "Нурмагомедов": ["Нурмагамедов"],
    "Гаджиев": ["Гаджиев"], "Салчак": ["Салчак"], "Куулар": ["Кулар"], "Ховалыг": ["Хovалыг"],
    "Ойношев": ["Ойношев"], "Алексей": ["Алексей"], "Зорикто": ["Зоригто"], "Бэлигто": ["Белигто"],
    "Эрдэм": ["Эрдем"], "Тумэн": ["Тумен"], "Эльвин": ["Эльвин"], "Сайд-Эмин": ["Саид-Эмин", "Сайдэмин"],
}
COMPOUND_SPLIT = {"Магомедрасул": "Магомед-Расул", "Магомедали": "Магомед-Али", "Газимагомед": "Гази-Магомед",
                  "Батожаргал": "Бато-Жаргал", "Абдурахман": "Абдул-Рахман", "Бальжинима": "Бальжи-Нима",
                  "Дашинима": "Даши-Нима", "Ахмедхан": "Ахмед-Хан"}


def hyphen_variant(name: str, rng) -> str:
    if "-" in name:
        a, b = name.split("-", 1)
        x = rng.random()
        if x < 0.35:
            return a + b.lower()
        if x < 0.65:
            return a + "-" + (b[:1].upper() + b[1:] if b[:1].islower() else b[:1].lower() + b[1:])
        if x < 0.85:
            return a + " " + b
        return a + "-" + b
    if name in COMPOUND_SPLIT:
        return COMPOUND_SPLIT[name]
    return name


def typo(word: str, rng) -> str:
    n = len(word)
    if n < 3:
        return word
    i = rng.randrange(1, n)
    op = rng.random()
    c = word[i]
    lc = c.lower()
    if op < 0.22:
        return word[:i] + word[i + 1:]
    if op < 0.36:
        return word[:i] + c + word[i:]
    if op < 0.52 and i + 1 < n:
        return word[:i] + word[i + 1] + c + word[i + 2:]
    if op < 0.78 and lc in PHON:
        r = PHON[lc]
        return word[:i] + (r.upper() if c.isupper() else r) + word[i + 1:]
    if lc in KEYPOS:
        row, col = KEYPOS[lc]
        rowtxt = KEYB.split(" ")[row]
        j = col + (1 if rng.random() < 0.5 else -1)
        if 0 <= j < len(rowtxt):
            return word[:i] + rowtxt[j] + word[i + 1:]
    return word[:i] + word[i + 1:]


def ocr(word: str, rng) -> str:
    idx = [i for i, c in enumerate(word) if c in OCR]
    if not idx:
        return word
    i = idx[rng.randrange(len(idx))]
    return word[:i] + OCR[word[i]] + word[i + 1:]


def mixed(word: str, rng) -> str:
    idx = [i for i, c in enumerate(word) if c in HOMO]
    if not idx:
        return word
    k = 1 if rng.random() < 0.7 else 2
    w = list(word)
    for _ in range(k):
        i = idx[rng.randrange(len(idx))]
        w[i] = HOMO[word[i]]
    return "".join(w)


# ============================================================================ data tables
def zipf_weights(n, s):
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _pool(txt):
    seen, out = set(), []
    for t in txt.split():
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


POOLS = {  # code: (surnames, given, fathers, zipf exponents (surname, given))
    "tt": (ND.TT_SURNAMES, ND.TT_GIVEN, ND.TT_FATHERS, (0.6, 0.7)),
    "ba": (ND.BA_SURNAMES, ND.BA_GIVEN, ND.BA_FATHERS, (0.6, 0.7)),
    "tv": (ND.TV_SURNAMES, ND.TV_GIVEN, ND.TV_FATHERS, (1.05, 0.85)),
    "bu": (ND.BU_SURNAMES, ND.BU_GIVEN, ND.BU_FATHERS, (0.8, 0.8)),
    "km": (ND.KM_SURNAMES, ND.KM_GIVEN, ND.KM_FATHERS, (0.8, 0.8)),
    "ya": (ND.YA_SURNAMES, ND.YA_GIVEN, ND.YA_FATHERS, (0.7, 0.7)),
    "al": (ND.AL_SURNAMES, ND.AL_GIVEN, ND.AL_FATHERS, (0.7, 0.7)),
    "dg": (ND.DG_SURNAMES, ND.DG_GIVEN, ND.DG_FATHERS, (1.0, 0.9)),
    "ch": (ND.CH_SURNAMES, ND.CH_GIVEN, ND.CH_FATHERS, (0.8, 0.8)),
    "in": (ND.IN_SURNAMES, ND.CH_GIVEN, ND.CH_FATHERS, (0.8, 0.8)),
    "os": (ND.OS_SURNAMES, ND.OS_GIVEN, ND.OS_FATHERS, (0.7, 0.8)),
    "kb": (ND.KB_SURNAMES, ND.KB_GIVEN, ND.KB_FATHERS, (0.7, 0.8)),
    "az": (ND.AZ_SURNAMES, ND.AZ_GIVEN, ND.AZ_FATHERS, (0.9, 0.7)),
    "ca": (ND.CA_SURNAMES, ND.CA_GIVEN, ND.CA_FATHERS, (0.6, 0.6)),
}
VILLAGES = _pool("""Михайловка Александровка Ивановка Николаевка Покровка Берёзовка Октябрьский Первомайский
Красное Заречье Петровка Никольское Ключи Сосновка Вознесенка Знаменка Троицкое Успенка Дмитриевка
Георгиевка Новосёловка Садовый Юбилейный Советский Каменка Рождественка Ольховка Васильевка Андреевка
Кировский Пролетарский Луговое Раздолье Заозёрный Степное Мирное Кузьминки Новотроицкое Ленинское""")
LOCAL_VILLAGES = {
    "Республика Тыва": _pool("Кызыл-Мажалык Хандагайты Бай-Тал Кочетово Сукпак Хайыракан Баян-Кол Суг-Аксы Ий Целинное Мугур-Аксы Хол-Оожу"),
    "Республика Дагестан": _pool("Гуниб Хунзах Леваши Карабудахкент Ахты Цумада Сергокала Маджалис Уркарах Бежта Акуша Кумух"),
    "Чеченская Республика": _pool("Старые Атаги Ведено Серноводск Бачи-Юрт Цоци-Юрт Ножай-Юрт Толстой-Юрт Алхан-Кала"),
    "Республика Бурятия": _pool("Иволгинск Кижинга Мухоршибирь Тарбагатай Баргузин Кырен Орлик Турунтаево Бичура Сосново-Озёрское"),
    "Республика Саха (Якутия)": _pool("Чурапча Майя Хандыга Бердигестях Сунтар Верхневилюйск Амга Ытык-Кюёль"),
    "Республика Башкортостан": _pool("Аскарово Баймак Раевский Акъяр Бижбуляк Чишмы Толбазы Месягутово Старобалтачево"),
    "Республика Татарстан": _pool("Актаныш Арск Балтаси Кукмор Сабинский Мамадыш Апастово Богатые Сабы"),
    "Республика Калмыкия": _pool("Цаган Аман Садовое Ики-Бурул Троицкое Кетченеры"),
}

# named formations: (ru full, ru short, english, home regions (substring match))
UNITS = [
    ("76-я гвардейская десантно-штурмовая дивизия", "76 гв. ДШД", "76th Guards Air Assault Division", ["Псков"]),
    ("98-я гвардейская воздушно-десантная дивизия", "98 гв. ВДД", "98th Guards Airborne Division", ["Иванов", "Костром"]),
    ("106-я гвардейская воздушно-десантная дивизия", "106 гв. ВДД", "106th Guards Airborne Division", ["Тульск", "Рязан"]),
    ("7-я гвардейская десантно-штурмовая дивизия", "7 гв. ДШД", "7th Guards Mountain Air Assault Division", ["Краснодар", "Крым", "Адыге"]),
    ("31-я отдельная гвардейская десантно-штурмовая бригада", "31 ОДШБр", "31st Guards Air Assault Brigade", ["Ульянов"]),
    ("11-я отдельная гвардейская десантно-штурмовая бригада", "11 ОДШБр", "11th Guards Air Assault Brigade", ["Бурят"]),
    ("83-я отдельная гвардейская десантно-штурмовая бригада", "83 ОДШБр", "83rd Guards Air Assault Brigade", ["Примор"]),
    ("155-я отдельная гвардейская бригада морской пехоты", "155 ОБрМП", "155th Naval Infantry Brigade", ["Примор", "Хабаров"]),
    ("810-я отдельная гвардейская бригада морской пехоты", "810 ОБрМП", "810th Naval Infantry Brigade", ["Севастоп", "Крым"]),
    ("61-я отдельная бригада морской пехоты", "61 ОБрМП", "61st Naval Infantry Brigade", ["Мурман", "Архангел", "Коми"]),
    ("336-я отдельная гвардейская бригада морской пехоты", "336 ОБрМП", "336th Guards Naval Infantry Brigade", ["Калининград"]),
    ("200-я отдельная мотострелковая бригада", "200 ОМСБр", "200th Separate Motor Rifle Brigade", ["Мурман", "Карел"]),
    ("55-я отдельная мотострелковая бригада (горная)", "55 ОМСБр", "55th Mountain Motor Rifle Brigade", ["Тыва"]),
    ("36-я отдельная гвардейская мотострелковая бригада", "36 ОМСБр", "36th Guards Motor Rifle Brigade", ["Забайкал"]),
    ("37-я отдельная гвардейская мотострелковая бригада", "37 ОМСБр", "37th Guards Motor Rifle Brigade", ["Бурят"]),
    ("5-я отдельная гвардейская танковая бригада", "5 ОТБр", "5th Guards Tank Brigade", ["Бурят", "Забайкал"]),
    ("64-я отдельная гвардейская мотострелковая бригада", "64 ОМСБр", "64th Motor Rifle Brigade", ["Хабаров", "Амур"]),
    ("136-я отдельная гвардейская мотострелковая бригада", "136 ОМСБр", "136th Guards Motor Rifle Brigade", ["Дагестан"]),
    ("138-я отдельная гвардейская мотострелковая бригада", "138 ОМСБр", "138th Guards Motor Rifle Brigade", ["Ленинград", "Петербург"]),
    ("4-я гвардейская танковая дивизия", "4 гв. ТД", "4th Guards Tank Division", ["Москов", "Москва"]),
    ("2-я гвардейская мотострелковая дивизия", "2 гв. МСД", "2nd Guards Motor Rifle Division", ["Москов", "Москва"]),
    ("90-я гвардейская танковая дивизия", "90 гв. ТД", "90th Guards Tank Division", ["Свердлов", "Челябин", "Перм"]),
    ("3-я мотострелковая дивизия", "3 МСД", "3rd Motor Rifle Division", ["Воронеж", "Белгород"]),
    ("150-я мотострелковая дивизия", "150 МСД", "150th Motor Rifle Division", ["Ростов"]),
    ("20-я гвардейская мотострелковая дивизия", "20 гв. МСД", "20th Guards Motor Rifle Division", ["Волгоград"]),
    ("42-я гвардейская мотострелковая дивизия", "42 гв. МСД", "42nd Guards Motor Rifle Division", ["Чечен"]),
    ("1-й армейский корпус", "1 АК", "1st Army Corps", ["Донецк"]),
    ("2-й армейский корпус", "2 АК", "2nd Army Corps", ["Луганск"]),
    ("45-я отдельная гвардейская бригада специального назначения", "45 ОБрСпН", "45th Guards Spetsnaz Brigade", ["Москов"]),
    ("30-я отдельная мотострелковая бригада", "30 ОМСБр", "30th Motor Rifle Brigade", ["Самар", "Оренбург"]),
    ("15-я отдельная гвардейская мотострелковая бригада", "15 ОМСБр", "15th Guards Motor Rifle Brigade", ["Самар"]),
    ("74-я отдельная гвардейская мотострелковая бригада", "74 ОМСБр", "74th Guards Motor Rifle Brigade", ["Кемеров", "Новосиб"]),
    ("35-я отдельная гвардейская мотострелковая бригада", "35 ОМСБр", "35th Guards Motor Rifle Brigade", ["Алтайск", "Алтай"]),
    ("14-я отдельная бригада специального назначения", "14 ОБрСпН", "14th Spetsnaz Brigade", ["Хабаров"]),
    ("спецназ «Ахмат»", "Ахмат", "Akhmat special forces", ["Чечен"]),
    ("добровольческий батальон им. Шаймуратова", "БДБ «Шаймуратов»", "Shaimuratov volunteer battalion", ["Башкорт"]),
    ("добровольческий батальон «Алабуга»", "батальон «Алабуга»", "Alabuga volunteer battalion", ["Татарст"]),
]
PMC = [("ЧВК «Вагнер»", "ЧВК Вагнер", "Wagner Group"), ("штурмовой отряд «Шторм Z»", "Шторм-Z", "Storm-Z")]
RANKS = [  # ru, ru abbrev, english, weight
    ("рядовой", "ряд.", "Private", 48), ("ефрейтор", "ефр.", "Lance Corporal", 10),
    ("младший сержант", "мл. с-т", "Junior Sergeant", 8), ("сержант", "с-т", "Sergeant", 8),
    ("старший сержант", "ст. с-т", "Senior Sergeant", 6), ("старшина", "ст-на", "Sergeant Major", 1.5),
    ("прапорщик", "пр-к", "Warrant Officer", 2), ("лейтенант", "л-т", "Lieutenant", 3),
    ("старший лейтенант", "ст. л-т", "Senior Lieutenant", 3), ("капитан", "к-н", "Captain", 2),
    ("майор", "м-р", "Major", 1), ("подполковник", "п/п-к", "Lieutenant Colonel", 0.5),
    ("полковник", "п-к", "Colonel", 0.2), ("матрос", "мат.", "Seaman", 1.5), ("старший матрос", "ст. мат.", "Senior Seaman", 0.5),
]
OFFICIAL_HOSTS = ["t.me/{slug}_glava", "t.me/gubernator_{slug}", "{slug}.gov.ru/news", "vk.com/wall-{n}", "admin-{slug}.ru/novosti"]
MEMO_HOSTS = ["pamyat-svo.ru/person", "geroi-svo.org/hero", "kniga-pamyati-{slug}.ru/card", "memorial-svo.ru/id"]
SOCIAL_HOSTS = ["vk.com/wall{n}", "t.me/{slug}_news", "ok.ru/group/{n}/topic", "vk.com/id{n}?w=wall"]
FOREIGN_HOSTS = {"en": ["theguardian-example.com/world", "reuters-example.com/world/europe", "osint-news.example/en"],
                 "de": ["spiegel-example.de/ausland", "bild-example.de/politik"],
                 "fr": ["lemonde-example.fr/international"], "pl": ["gazeta-example.pl/swiat"],
                 "cs": ["novinky-example.cz/zahranicni"]}
CEM_HOSTS = ["t.me/graves_{slug}", "osint-graves.example/photo", "vk.com/album{n}"]
SHEET_HOSTS = ["docs.google.com/spreadsheets/d/1xQ7pLr2VbN0mKc9TzE4hYwUa3sDf6Gj", "docs.google.com/spreadsheets/d/1Rk8vMn3QaZ5tLp0XcW7yBe2HsJd4Fo9",
               "docs.google.com/spreadsheets/d/{slug}-svo-list"]
OBIT_HOSTS = ["{slug}-news.ru/news", "{slug}24.ru/obshchestvo", "vesti-{slug}.ru/article", "gazeta-{slug}.ru/news"]
OSINT_HOSTS = ["ru-losses.example/record", "fallen-tracker.example/p"]
LABELS = {
    "generic": {s: [s] for s in SOURCES} | {"foreign": ["news"], "official": ["official"], "obituary": ["obituary"]},
    "specific": {"official": ["regional_official", "governor", "district_head"], "memorial": ["memorial_site", "memorial"],
                 "social": ["vk", "telegram", "ok"], "foreign": ["foreign_press"], "cemetery": ["cemetery", "grave_photo"],
                 "spreadsheet": ["volunteer_list", "spreadsheet"], "obituary": ["local_media", "obituary"],
                 "osint": ["osint"]},
}


# ============================================================================ people
class People:
    pass


def build_people(n_mentions: int, h: dict, seed: int):
    rng = np.random.default_rng([seed, 7])
    g = h["global"]
    regions = RD.parse_regions()
    R = len(regions)
    rw = np.array([r["pop"] * r["mult"] for r in regions])
    rw = rw * np.exp(rng.normal(0, 0.15, R))  # regional coverage differs from list to list
    rw /= rw.sum()

    # mentions per person: share with one mention, then a geometric tail up to 12
    p1 = g["single_mention_share"]
    est_mean = p1 + (1 - p1) * (2 + (1 - g["tail_geom_p"]) / g["tail_geom_p"])
    P0 = int(n_mentions / est_mean * 1.25) + 50
    k = np.where(rng.random(P0) < p1, 1, 1 + rng.geometric(g["tail_geom_p"], P0))
    k = np.minimum(k, 12)
    cs = np.cumsum(k)
    P = int(np.searchsorted(cs, n_mentions) + 1)
    P = min(P, P0)
    k = k[:P].copy()
    over = int(k.sum() - n_mentions)
    if over > 0:
        k[-1] = max(1, k[-1] - over)

    reg = rng.choice(R, size=P, p=rw)
    # death date: monthly intensity rising into 2023-2024
    months = [(y, m) for y in range(2022, 2026) for m in range(1, 13) if (y, m) >= (2022, 2)]
    mw = []
    for (y, m) in months:
        t = (y - 2022) * 12 + m
        base = 1.0 if y == 2022 and m < 9 else 1.6
        base *= 1 + 0.06 * min(t, 30)
        if y == 2025:
            base *= 0.9 - 0.03 * m
        mw.append(max(base, 0.3))
    mw = np.array(mw) / np.sum(mw)
    mi = rng.choice(len(months), size=P, p=mw)
    d0 = np.array([dt.date(*months[i], 1).toordinal() for i in range(len(months))])
    dlen = np.array([(dt.date(y + (m == 12), m % 12 + 1, 1) - dt.date(y, m, 1)).days for y, m in months])
    dday = d0[mi] + (rng.random(P) * dlen[mi]).astype(np.int64)
    dday = np.maximum(dday, dt.date(2022, 2, 24).toordinal())
    # age at death: mixture of young contract soldiers and older mobilised / volunteers / prisoners
    age = np.where(rng.random(P) < 0.68, rng.normal(31, 7, P), rng.normal(45, 7.5, P))
    age = np.clip(age, 18.2, 64)
    bday = dday - (age * 365.25).astype(np.int64)
    lo, hi = dt.date(1960, 1, 1).toordinal(), dt.date(2005, 12, 31).toordinal()
    # no pile-up at the edges: spread the overflow over the last / first two years
    bday = np.where(bday > hi, hi - rng.integers(0, 730, P), bday)
    bday = np.where(bday < lo, lo + rng.integers(0, 730, P), bday)
    # make sure they are at least 18 at death
    young = bday > dday - int(18.05 * 365.25)
    bday = np.where(young, dday - int(18.05 * 365.25) - rng.integers(0, 400, P), bday)

    pe = People()
    pe.P = P
    pe.k = k.tolist()
    pe.regions = regions
    pe.reg = reg.tolist()
    pe.bday = bday.tolist()
    pe.dday = dday.tolist()
    # ethnicity by region
    eth = np.empty(P, dtype=object)
    for ri in range(R):
        idx = np.nonzero(reg == ri)[0]
        if len(idx) == 0:
            continue
        ks = list(regions[ri]["eth"])
        w = np.array([regions[ri]["eth"][x] for x in ks])
        eth[idx] = np.array(ks, dtype=object)[rng.choice(len(ks), size=len(idx), p=w / w.sum())]
    pe.eth = eth.tolist()

    given = np.empty(P, dtype=object)
    father = np.empty(P, dtype=object)
    sur = np.empty(P, dtype=object)
    # Russian and Ukrainian-origin people: given names depend on birth cohort
    ru_idx = np.nonzero((eth == "ru") | (eth == "uk"))[0]
    names = [x[0] for x in ND.RU_GIVEN]
    w_old = np.array([x[1] for x in ND.RU_GIVEN], float)
    w_new = np.array([x[2] for x in ND.RU_GIVEN], float)
    byear = np.array([dt.date.fromordinal(int(x)).year for x in bday])
    for lo_y in range(1955, 2010, 5):
        sel = ru_idx[(byear[ru_idx] >= lo_y) & (byear[ru_idx] < lo_y + 5)]
        if len(sel) == 0:
            continue
        t = min(max((lo_y + 2 - 1972) / 28.0, 0.0), 1.0)
        w = (1 - t) * w_old / w_old.sum() + t * w_new / w_new.sum()
        given[sel] = np.array(names, dtype=object)[rng.choice(len(names), size=len(sel), p=w / w.sum())]
    fn = [x[0] for x in ND.RU_FATHERS]
    fw = np.array([x[1] for x in ND.RU_FATHERS], float)
    father[ru_idx] = np.array(fn, dtype=object)[rng.choice(len(fn), size=len(ru_idx), p=fw / fw.sum())]
    # Russian surnames: a Zipf head and a long tail of rarer ones
    head = _pool(ND.RU_SURNAMES)
    tail = sorted({r + s for r in _pool(ND.RU_TAIL_ROOTS) for s in ND.RU_TAIL_SUFFIXES} - set(head))
    tail = [tail[i] for i in np.random.default_rng(99).permutation(len(tail))]
    allsur = np.array(head + tail, dtype=object)
    w = np.concatenate([0.58 * zipf_weights(len(head), 0.55), 0.42 * zipf_weights(len(tail), 0.25)])
    sel = np.nonzero(eth == "ru")[0]
    sur[sel] = allsur[rng.choice(len(allsur), size=len(sel), p=w / w.sum())]
    uk_sur = np.array(_pool(ND.UK_SURNAMES), dtype=object)
    sel = np.nonzero(eth == "uk")[0]
    mix = rng.random(len(sel)) < 0.6
    sur[sel[mix]] = uk_sur[rng.choice(len(uk_sur), size=int(mix.sum()), p=zipf_weights(len(uk_sur), 0.6))]
    sur[sel[~mix]] = allsur[rng.choice(len(allsur), size=int((~mix).sum()), p=w / w.sum())]
    for code, (st, gt, ft, (es, eg)) in POOLS.items():
        sel = np.nonzero(eth == code)[0]
        if len(sel) == 0:
            continue
        S, G, F = (np.array(_pool(x), dtype=object) for x in (st, gt, ft))
        sur[sel] = S[rng.choice(len(S), size=len(sel), p=zipf_weights(len(S), es))]
        given[sel] = G[rng.choice(len(G), size=len(sel), p=zipf_weights(len(G), eg))]
        father[sel] = F[rng.choice(len(F), size=len(sel), p=zipf_weights(len(F), 0.7))]
    pe.given = given.tolist()
    pe.father = father.tolist()
    pe.sur = sur.tolist()

    # patronymic forms
    prng = random.Random(seed * 7919 + 1)
    patr = []
    turk = [None] * P
    for i in range(P):
        e = pe.eth[i]
        f = pe.father[i]
        p = patronymic(f)
        if e == "az" and prng.random() < g["turkic_patr_az"]:
            turk[i] = (f, "оглы")
        elif e == "ca" and prng.random() < g["turkic_patr_ca"]:
            turk[i] = (f, "угли" if prng.random() < 0.6 else "улы")
        if e in ("tv", "bu", "km", "ya", "dg", "ch", "ca") and prng.random() < g["no_patr_national"]:
            p = ""
        patr.append(p)
    pe.patr = patr
    pe.turk = turk

    # women (rare) and person-level quirks
    pe.female = (rng.random(P) < g["women_share"]).tolist()
    fem_given = _pool("Анна Елена Ольга Наталья Татьяна Екатерина Мария Ирина Светлана Юлия Анастасия Дарья")
    for i in range(P):
        if pe.female[i]:
            pe.given[i] = fem_given[prng.randrange(len(fem_given))]
            pe.sur[i] = fem_surname(pe.sur[i])
            if pe.patr[i]:
                pe.patr[i] = fem_patronymic(pe.patr[i])
            if pe.turk[i]:
                pe.turk[i] = (pe.turk[i][0], "кызы")
    alt_sur = [None] * P
    for i in np.nonzero(rng.random(P) < g["stepfather_surname"])[0]:
        j = int(rng.integers(P))
        if pe.eth[j] == pe.eth[i] and pe.sur[j] != pe.sur[i]:
            alt_sur[i] = pe.sur[j] if not pe.female[i] else fem_surname(pe.sur[j])
    for i in np.nonzero(rng.random(P) < g["double_surname"])[0]:
        j = int(rng.integers(P))
        if pe.eth[i] in ("ru", "uk") and pe.eth[j] in ("ru", "uk") and pe.sur[j] != pe.sur[i]:
            pe.sur[i] = pe.sur[i] + "-" + pe.sur[j]
    pe.alt_sur = alt_sur
    # a fixed spelling variant for some people (Данил/Даниил ...)
    pe.gvar = [None] * P
    for i in np.nonzero(rng.random(P) < g["spelling_variant"])[0]:
        v = SPELL_VAR.get(pe.given[i]) or SPELL_VAR.get(pe.sur[i])
        if pe.given[i].endswith("жон"):
            v = [pe.given[i][:-3] + "джон", pe.given[i][:-3]]
            SPELL_VAR.setdefault(pe.given[i], v)
        if v:
            pe.gvar[i] = v[int(rng.integers(len(v)))]

    # places
    vil = rng.random(P) < g["village_share"]
    pe.settle = []
    pe.alt_reg = [-1] * P
    pe.alt_settle = [None] * P
    for i in range(P):
        rr = regions[pe.reg[i]]
        if vil[i]:
            loc = LOCAL_VILLAGES.get(rr["full"])
            if loc and prng.random() < 0.7:
                pe.settle.append(("v", loc[prng.randrange(len(loc))]))
            else:
                pe.settle.append(("v", VILLAGES[int(prng.random() ** 1.5 * len(VILLAGES))]))
        else:
            towns = rr["towns"]
            j = 0 if prng.random() < 0.38 else int(prng.random() ** 1.3 * len(towns))
            pe.settle.append(("c", towns[min(j, len(towns) - 1)]))
    for i in np.nonzero(rng.random(P) < g["alt_region_share"])[0]:
        j = int(rng.choice(R, p=rw))
        pe.alt_reg[i] = j
        pe.alt_settle[i] = ("c", regions[j]["towns"][int(rng.integers(len(regions[j]["towns"])))])
    # service: unit and rank
    unit_home = {}
    for ui, u in enumerate(UNITS):
        for ri, rr in enumerate(regions):
            if any(x in rr["full"] for x in u[3]):
                unit_home.setdefault(ri, []).append(ui)
    pris = rng.random(P) < g["prisoner_share"]
    named = rng.random(P) < g["named_unit_share"]
    pe.unit = []
    rank_w = np.array([r[3] for r in RANKS])
    rank = rng.choice(len(RANKS), size=P, p=rank_w / rank_w.sum())
    pe.rank = rank.tolist()
    for i in range(P):
        ri = pe.reg[i]
        if pris[i]:
            pe.unit.append(("pmc", prng.randrange(2)))
            if prng.random() < 0.7:
                pe.rank[i] = -1
        elif named[i] and (ri in unit_home or prng.random() < 0.4):
            opts = unit_home.get(ri)
            if opts and prng.random() < 0.75:
                pe.unit.append(("named", opts[prng.randrange(len(opts))]))
            else:
                pe.unit.append(("named", prng.randrange(len(UNITS) - 3)))
        else:
            # numbered units cluster by region: a handful of garrisons per region
            base = 10000 + (_crc(regions[ri]["full"]) % 80000)
            pe.unit.append(("num", (base + 997 * prng.randrange(6)) % 90000 + 10000))
    # households
    pe.hh = [None] * P
    pe.rel = [""] * P
    pe.family = []
    build_households(pe, h, rng, prng)
    return pe


def build_households(pe, h, rng, prng):
    g = h["global"]
    P = pe.P
    n_in = int(P * g["household_share"])
    kinds = ["brothers", "three_brothers", "twins", "father_son", "father_two_sons", "cousins"]
    kw = np.array([g["hh_" + k] for k in kinds])
    kw /= kw.sum()
    sizes = {"brothers": 2, "three_brothers": 3, "twins": 2, "father_son": 2, "father_two_sons": 3, "cousins": 2}
    perm = rng.permutation(P).tolist()
    by_eth = {}
    for i in range(P):
        if not pe.female[i]:
            by_eth.setdefault(pe.eth[i], []).append(i)
    pos = 0
    hid = 0
    used = 0
    while used < n_in and pos + 3 < P:
        kind = kinds[int(rng.choice(len(kinds), p=kw))]
        n = sizes[kind]
        mem = perm[pos:pos + n]
        pos += n
        used += n
        hid += 1
        H = f"h{hid:05d}"
        head = mem[0]
        if pe.female[head]:
            pe.female[head] = False
        sur, patr, reg, settle, father = pe.sur[head], pe.patr[head], pe.reg[head], pe.settle[head], pe.father[head]
        eth = pe.eth[head]
        day = 365.25

        # the helpers below read the household's loop variables (head, eth, sur ...): each is
        # called only inside the iteration that defines it, so late binding cannot bite
        def copy_base(j, same_patr=True):
            if pe.female[j] or pe.eth[j] != eth:
                pool = by_eth[eth]
                pe.given[j] = pe.given[pool[prng.randrange(len(pool))]]
            pe.female[j] = False
            pe.eth[j] = eth
            pe.sur[j] = sur
            pe.alt_sur[j] = pe.alt_sur[head] if prng.random() < 0.5 else None
            pe.reg[j] = reg if prng.random() < 0.92 else pe.reg[j]
            pe.settle[j] = settle if prng.random() < g["brothers_same_settlement"] else pe.settle[j]
            if same_patr:
                pe.patr[j] = patr
                pe.father[j] = father
                pe.turk[j] = pe.turk[head]
            pe.gvar[j] = None

        def new_given(j, avoid):
            pool = by_eth[eth]
            for _ in range(30):
                if pe.given[j] not in avoid:
                    return
                pe.given[j] = pe.given[pool[prng.randrange(len(pool))]]

        def death_near(j):
            if prng.random() < g["brothers_same_day"]:
                pe.dday[j] = pe.dday[head]
                if prng.random() < g["brothers_same_unit"] + 0.3:
                    pe.unit[j] = pe.unit[head]
            elif prng.random() < g["brothers_same_unit"]:
                pe.unit[j] = pe.unit[head]

        if kind in ("brothers", "three_brothers", "twins", "cousins"):
            pe.hh[head], pe.rel[head] = H, "head"
            givens = {pe.given[head]}
            for j in mem[1:]:
                rel = {"brothers": "brother", "three_brothers": "brother", "twins": "twin", "cousins": "cousin"}[kind]
                copy_base(j, same_patr=(kind != "cousins"))
                if kind == "cousins":
                    pe.settle[j] = settle if prng.random() < 0.3 else pe.settle[j]
                    pe.reg[j] = reg
                new_given(j, givens)
                givens.add(pe.given[j])
                if kind == "twins":
                    pe.bday[j] = pe.bday[head]
                else:
                    gap = prng.choice([-1, 1]) * int((1 + prng.random() * 10) * day)
                    pe.bday[j] = pe.bday[head] + gap
                death_near(j)
                pe.hh[j], pe.rel[j] = H, rel
                r = "cousin" if kind == "cousins" else "sibling"
                pe.family.append((head, j, r))
            if len(mem) == 3:
                pe.family.append((mem[1], mem[2], "sibling"))
        else:  # father and son(s)
            fa = mem[0] if prng.random() < 0.5 else mem[1]
            sons = [x for x in mem if x != fa]
            # the father is 19-32 years older than the first son
            s0 = sons[0]
            copy_base(fa, same_patr=False)
            fa_born = pe.bday[s0] - int((19 + prng.random() * 13) * day)
            lo_fa = dt.date(1956, 1, 1).toordinal()
            if fa_born < lo_fa:  # no pile-up at a boundary: spread the father over 1956-1961
                fa_born = lo_fa + prng.randrange(0, 2000)
            pe.bday[fa] = fa_born
            if pe.bday[s0] - pe.bday[fa] < 19 * day:
                pe.bday[s0] = min(pe.bday[fa] + int((19 + prng.random() * 8) * day), dt.date(2005, 12, 31).toordinal())
            pe.dday[s0] = max(pe.dday[s0], pe.bday[s0] + int(18.1 * day))
            fgiven = pe.given[fa]
            for s in sons:
                copy_base(s, same_patr=False)
                pe.father[s] = fgiven
                pe.patr[s] = patronymic(fgiven)
                pe.turk[s] = (fgiven, pe.turk[fa][1]) if pe.turk[fa] else None
                if prng.random() < g["son_named_after_father"] and s == s0:
                    pe.given[s] = fgiven
            if len(sons) == 2:
                s1 = sons[1]
                pe.bday[s1] = pe.bday[s0] + prng.choice([-1, 1]) * int((1 + prng.random() * 6) * day)
                pe.bday[s1] = max(pe.bday[s1], pe.bday[fa] + int(19 * day))
                pe.dday[s1] = max(pe.dday[s1], pe.bday[s1] + int(18.1 * day))
                if pe.given[s1] == pe.given[s0]:
                    new_given(s1, {pe.given[s0]})
                pe.family.append((s0, s1, "sibling"))
            head = mem[0]
            pe.hh[head], pe.rel[head] = H, "head"
            for x in mem[1:]:
                pe.hh[x] = H
                if head == fa:
                    pe.rel[x] = "son"
                elif x == fa:
                    pe.rel[x] = "father"
                else:
                    pe.rel[x] = "brother"
            for s in sons:
                pe.family.append((fa, s, "parent_child"))
            for s in sons:
                if prng.random() < g["brothers_same_unit"] * 0.5:
                    pe.unit[s] = pe.unit[fa]
        for j in mem:
            lo = dt.date(1955, 1, 1).toordinal()
            pe.bday[j] = max(pe.bday[j], lo)
            pe.bday[j] = min(pe.bday[j], dt.date(2006, 6, 1).toordinal(), pe.dday[j] - int(18.05 * day))
    pe.n_households = hid


# ============================================================================ mentions
def pick(d: dict, rng) -> str:
    x = rng.random() * sum(d.values())
    for k, v in d.items():
        x -= v
        if x <= 0:
            return k
    return k


def generate(n_mentions: int, seed: int, out: str) -> dict:
    t0 = time.time()
    h = draw_habits(seed)
    pe = build_people(n_mentions, h, seed)
    g = h["global"]
    S = h["sources"]
    rng = random.Random(seed * 1000003 + 17)
    regions = pe.regions
    src_names = [s for s in SOURCES if S[s]["weight"] > 0]
    src_w = [S[s]["weight"] for s in src_names]
    outlets = h["foreign_outlets"]
    out_w = [o["weight"] for o in outlets]
    labels = LABELS[h["source_labels"]]
    region_slug = [translit(r["capital"], "icao").lower().replace(" ", "-").replace("'", "") for r in regions]

    # ---------------------------------------------------------- allocate mentions
    m_person = []
    m_src = []
    m_joint = []  # joint page key for household members reported together
    hh_members = {}
    for i in range(pe.P):
        if pe.hh[i]:
            hh_members.setdefault(pe.hh[i], []).append(i)
    joint_src = {}
    for H in hh_members:
        if rng.random() < g["hh_joint_post"]:
            joint_src[H] = rng.choice(["official", "social", "obituary", "foreign"] if S["obituary"]["weight"] else ["official", "social", "foreign"])
    for i in range(pe.P):
        k = pe.k[i]
        srcs = rng.choices(src_names, weights=src_w, k=k)
        joint = [None] * k
        H = pe.hh[i]
        if H in joint_src:
            srcs[0] = joint_src[H]
            joint[0] = H
        m_person.extend([i] * k)
        m_src.extend(srcs)
        m_joint.extend(joint)
    M = len(m_person)

    rows = []
    rapp = rows.append
    m_dd = [0] * M
    m_outlet = [None] * M
    TODAY = dt.date(2026, 1, 15).toordinal()
    for mi in range(M):
        i = m_person[mi]
        src = m_src[mi]
        p = S[src]
        latin = p["latin"] >= 1.0 or (p["latin"] > 0 and rng.random() < p["latin"])
        outlet = None
        scheme = None
        lang = "ru"
        if src == "foreign":
            outlet = rng.choices(outlets, weights=out_w)[0]
            m_outlet[mi] = outlet
            lang = outlet["lang"]
            scheme = outlet["scheme"]
            if rng.random() < g["latin_inconsistent"]:
                scheme = rng.choice(LANG_SCHEMES[lang] + ["adhoc"])
        elif src == "osint":
            lang = "en"
            scheme = rng.choice(h["osint_schemes"])
        elif latin:
            scheme = rng.choice(["telegram", "adhoc", "wikipedia"])
        eth = pe.eth[i]
        # ---------------- name parts, Cyrillic
        given = pe.given[i]
        sur = pe.sur[i]
        patr = pe.patr[i]
        turk = pe.turk[i]
        if pe.gvar[i] and rng.random() < 0.5:
            v = pe.gvar[i]
            if v in SPELL_VAR.get(given, []):
                given = v
            else:
                sur = v
        if pe.alt_sur[i] and rng.random() < 0.5:
            sur = pe.alt_sur[i]
        if "-" in sur and eth in ("ru", "uk"):
            x = rng.random()
            if x < 0.3:
                sur = sur.split("-")[0]
            elif x < 0.4:
                sur = sur.split("-")[1]
            elif x < 0.5:
                sur = sur.replace("-", " ")
        if ("-" in given or given in COMPOUND_SPLIT) and rng.random() < g["hyphen_variation"]:
            given = hyphen_variant(given, rng)
        if "-" in patr and rng.random() < g["hyphen_variation"]:
            patr = hyphen_variant(patr, rng)
        if patr and rng.random() < g["patr_variant"]:
            if "ьевич" in patr:
                patr = patr.replace("ьевич", "иевич")
            elif "иевич" in patr:
                patr = patr.replace("иевич", "ьевич")
        if turk:
            f, w = turk
            x = rng.random()
            if x < 0.45:
                patr = f + " " + w
            elif x < 0.6:
                patr = f + "-" + w
            elif x < 0.7:
                patr = f + w
            elif x < 0.8:
                patr = f
        if src != "foreign" and not latin and rng.random() < p["yo_strip"]:
            given = given.translate(YO_STRIP)
            sur = sur.translate(YO_STRIP)
            patr = patr.translate(YO_STRIP)
        if not pe.female[i] and rng.random() < g["female_form_error"]:
            sur = fem_surname(sur)
        # pet forms
        pet = False
        if p["pet"] and rng.random() < p["pet"] and given in ND.PET:
            given = rng.choice(ND.PET[given])
            pet = True
        use_patr = bool(patr) and (rng.random() < p["patr"]) and not pet
        if outlet is not None:
            use_patr = bool(patr) and rng.random() < outlet["patr"]
        # order confusion for names that look alike (Tuvan, Buryat, Kalmyk, Caucasian ...)
        if eth in ("tv", "bu", "km", "dg", "ch", "in", "al", "ya") and rng.random() < g["order_confusion"]:
            given, sur = sur, given
        # ---------------- script
        if scheme:
            ukr = eth == "uk" and rng.random() < g["ukr_style"] and src == "foreign"
            gname = given
            if outlet is not None and rng.random() < outlet["foreign_equiv"] and pe.given[i] in ND.FOREIGN and not pet:
                opts = ND.FOREIGN[pe.given[i]].get(lang) or ND.FOREIGN[pe.given[i]]["en"]
                gl = opts[rng.randrange(len(opts))] if len(opts) > 1 else opts[0]
            elif ukr and pe.given[i] in ND.UK_GIVEN_FORM:
                gl = translit(ND.UK_GIVEN_FORM[pe.given[i]], "ukr")
            else:
                gl = translit(gname.translate(YO_STRIP) if scheme not in ("wikipedia", "yandex", "mvd_782", "german", "czech", "scientific") else gname, scheme)
            if gl.endswith("zhon") and rng.random() < 0.6:
                gl = gl[:-4] + ("jon" if rng.random() < 0.7 else "dzhon")
            sl = translit(sur, "ukr" if ukr else scheme)
            pl = translit(patr, scheme) if use_patr else ""
            given_o, sur_o, patr_o = gl, sl, pl
        else:
            given_o, sur_o, patr_o = given, sur, (patr if use_patr else "")
        # ---------------- noise on words
        if p["typo"] and rng.random() < p["typo"] * 3:
            x = rng.random()
            if x < 0.45:
                sur_o = typo(sur_o, rng)
            elif x < 0.8:
                given_o = typo(given_o, rng)
            elif patr_o:
                patr_o = typo(patr_o, rng)
        if p["ocr"] and rng.random() < p["ocr"] * 2:
            if rng.random() < 0.5:
                sur_o = ocr(sur_o, rng)
            else:
                given_o = ocr(given_o, rng)
        if p["mixed"] and not scheme and rng.random() < p["mixed"] * 2:
            if rng.random() < 0.6:
                sur_o = mixed(sur_o, rng)
            else:
                given_o = mixed(given_o, rng)
        caps = rng.random() < p["caps"]
        if caps:
            sur_o = sur_o.upper()
        # ---------------- assemble
        initials = rng.random() < p["initials"]
        gi = given_o[:1] + "." if given_o else ""
        pi = (patr_o[:1] + ".") if patr_o else ""
        full = first = pat = last = ""
        first_town = p.get("first_town", 0) and rng.random() < p["first_town"]
        if first_town:
            full = given_o
        elif rng.random() < p["parts"]:
            last = sur_o
            if initials:
                first, pat = gi, pi
            else:
                first, pat = given_o, patr_o
            if rng.random() < 0.02:  # source leaves the given name blank
                first = ""
        else:
            sfp = rng.random() < p["order_sfp"]
            if initials:
                x = rng.random()
                if x < 0.5:
                    full = f"{sur_o} {gi}{pi}"
                elif x < 0.8:
                    full = f"{gi} {pi} {sur_o}".replace("  ", " ") if pi else f"{gi} {sur_o}"
                else:
                    full = f"{sur_o} {gi}"
            elif sfp:
                full = f"{sur_o} {given_o} {patr_o}".strip()
            else:
                full = f"{given_o} {patr_o} {sur_o}".replace("  ", " ") if patr_o else f"{given_o} {sur_o}"
            if src == "spreadsheet" and rng.random() < 0.05:
                full = full.lower()
        # ---------------- dates
        bd = pe.bday[i]
        dd = pe.dday[i]
        dlang = lang if src == "foreign" else ("en" if src == "osint" else "ru")
        if src == "foreign":
            dfmts = outlet["date_formats"]
        else:
            dfmts = p["date_formats"]
        # birth
        x = rng.random()
        bstr = ""
        bdate = dt.date.fromordinal(bd)
        if x < p["bd_full"]:
            f = pick(dfmts, rng)
            y, m, d = bdate.year, bdate.month, bdate.day
            if rng.random() < p["swap_dm"] and d <= 12:
                m, d = d, m
            if rng.random() < g["year_typo"]:
                y += rng.choice([-1, 1])
            bstr = fmt_full(y, m, d, f)
            if rng.random() < p["yy"] and f in ("dmy", "dmy_nopad"):
                bstr = bstr[:-4] + bstr[-2:]
        elif x < p["bd_full"] + p["bd_year"]:
            if src == "spreadsheet" and rng.random() < p.get("callup_year", 0):
                bstr = str(rng.choice([2021, 2022, 2023]))
            else:
                bstr = fmt_year(bdate.year, dlang, rng)
        elif x < p["bd_full"] + p["bd_year"] + p["bd_month"]:
            bstr = fmt_month(bdate.year, bdate.month, dlang, rng) if rng.random() < 0.8 else f"{bdate.day:02d}.{bdate.month:02d}.хххх"
        elif rng.random() < g["bd_missing_note"]:
            bstr = "нет данных" if dlang == "ru" else "unknown"
        # death: which event the source dates
        dstr = ""
        shown = dd
        if rng.random() < p["dd"]:
            x = rng.random()
            if x < p["missing_since"]:
                shown = dd - rng.randint(5, 120)
            elif x < p["missing_since"] + p["lag"]:
                y = rng.random()
                if y < 0.45:
                    shown = dd + rng.randint(1, 10)  # death became known
                elif y < 0.9:
                    shown = dd + rng.randint(4, 35)  # funeral / burial
                else:
                    shown = dd + rng.randint(60, 300)  # body returned
            shown = min(shown, TODAY)
            ddate = dt.date.fromordinal(shown)
            if rng.random() < p["dd_month"]:
                dstr = fmt_month(ddate.year, ddate.month, dlang, rng)
            else:
                f = pick(dfmts, rng)
                y, m, d = ddate.year, ddate.month, ddate.day
                if rng.random() < p["swap_dm"] and d <= 12:
                    m, d = d, m
                if rng.random() < g["year_typo"]:
                    y += rng.choice([-1, 1])
                dstr = fmt_full(y, m, d, f)
                if rng.random() < p["yy"] and f in ("dmy", "dmy_nopad"):
                    dstr = dstr[:-4] + dstr[-2:]
        m_dd[mi] = shown
        # age
        astr = ""
        if rng.random() < p["age"]:
            ddt = dt.date.fromordinal(dd)
            a = ddt.year - bdate.year - ((ddt.month, ddt.day) < (bdate.month, bdate.day))
            x = rng.random()
            if x < g["age_off"]:
                a += rng.choice([-2, -1, -1, 1, 1, 2])
            elif x < g["age_off"] + g["age_would_turn"]:
                a += 1
            elif shown > dd:
                wd = dt.date.fromordinal(shown)
                a = wd.year - bdate.year - ((wd.month, wd.day) < (bdate.month, bdate.day))
            astr = str(a)
        # ---------------- region and settlement
        ri = pe.reg[i]
        st = pe.settle[i]
        if pe.alt_reg[i] >= 0 and rng.random() < 0.4:
            ri = pe.alt_reg[i]
            st = pe.alt_settle[i]
        elif rng.random() < p["alt_place"] * 0.3 and src in ("cemetery", "social", "obituary"):
            st = ("c", regions[ri]["capital"])  # buried / living in the regional capital
        rr = regions[ri]
        rstr = ""
        if first_town or rng.random() < p["region"]:
            style = pick(p["region_styles"], rng)
            if style == "full":
                rstr = rr["full"]
            elif style == "short":
                sh = [a for a in rr["alts"] if "обл." in a or "кр." in a]
                rstr = sh[0] if sh else (rr["alts"][0] if rr["alts"] else rr["full"])
            elif style == "alt":
                rstr = rr["alts"][rng.randrange(len(rr["alts"]))] if rr["alts"] else rr["full"]
            elif style == "capital":
                rstr = rr["capital"]
            elif style == "en":
                e = rr["en"][0] if rng.random() < 0.5 else rr["en"][rng.randrange(len(rr["en"]))]
                if outlet is not None and e.endswith(" Oblast") and rng.random() > outlet["oblast_word"]:
                    e = e[:-7] + (" region" if rng.random() < 0.6 else "")
                rstr = e
            else:  # translit of Russian name
                rstr = translit(rr["full"].translate(YO_STRIP), scheme or "icao")
            if first_town and not rstr:
                rstr = ""
        sstr = ""
        if first_town or rng.random() < p["settlement"]:
            kind, name = st
            if scheme:
                sstr = RD.EN_SETTLEMENT.get(name) or translit(name.translate(YO_STRIP), scheme)
            else:
                x = rng.random()
                if kind == "c":
                    sstr = name if x < 0.6 else ("г. " + name if x < 0.95 else "город " + name)
                else:
                    pref = rng.choice(["с.", "п.", "д.", "пос.", "с.", "село", "х."] if rr["full"].startswith(("Ростов", "Краснодар", "Волгоград")) else ["с.", "п.", "д.", "пос.", "с.", "село", "пгт"])
                    sstr = name if x < 0.4 else pref + " " + name
                if rng.random() < p["yo_strip"]:
                    sstr = sstr.translate(YO_STRIP)
        # ---------------- unit and rank
        ustr = ""
        if rng.random() < p["unit"]:
            kind, v = pe.unit[i]
            en = bool(scheme)
            if kind == "num":
                x = rng.random()
                if en:
                    ustr = rng.choice([f"military unit {v}", f"unit {v}", f"Military Unit No. {v}", f"v/ch {v}"])
                else:
                    ustr = f"в/ч {v}" if x < 0.55 else (f"войсковая часть {v}" if x < 0.75 else (f"В/Ч {v}" if x < 0.9 else f"вч{v}"))
            elif kind == "pmc":
                ru, short, e = PMC[v]
                ustr = e if en else (ru if rng.random() < 0.5 else short)
            else:
                ru, short, e, _ = UNITS[v]
                ustr = e if en else (ru if rng.random() < (0.3 if src == "spreadsheet" else 0.65) else short)
        kstr = ""
        rk = pe.rank[i]
        if rk >= 0 and rng.random() < p["rank"]:
            if rng.random() < g["rank_disagree"]:
                rk = max(0, min(len(RANKS) - 3, rk + rng.choice([-1, 1])))
            ru, ab, e, _ = RANKS[rk]
            if scheme:
                kstr = e
            elif src == "spreadsheet" and rng.random() < 0.6:
                kstr = ab
            else:
                kstr = ru
                if rng.random() < 0.15:
                    kstr = "гвардии " + ru
                if src == "social" and rng.random() < 0.5:
                    kstr = ru
        label = labels[src][rng.randrange(len(labels[src]))] if len(labels[src]) > 1 else labels[src][0]
        if src == "foreign" and h["source_labels"] == "specific":
            label = outlet["name"]
        rapp([label, full, first, pat, last, bstr, dstr, astr, rstr, sstr, ustr, kstr])

    # ---------------------------------------------------------- exact reposts
    # a post scraped twice / an obituary copied verbatim by another page
    first_of = {}
    for mi in range(M):
        i = m_person[mi]
        if i in first_of and rng.random() < g["exact_repost"]:
            src_row = rows[first_of[i]]
            rows[mi] = list(src_row)
            m_src[mi] = m_src[first_of[i]]
            m_outlet[mi] = m_outlet[first_of[i]]
        else:
            first_of.setdefault(i, mi)

    # ---------------------------------------------------------- source URLs
    url = [""] * M
    used_ids = set()

    def new_url(src, ri, dday, outlet=None):
        # page ids are random: nothing in the link orders the pages of one person together
        n = rng.randrange(100000, 9999999)
        while n in used_ids:
            n = rng.randrange(100000, 9999999)
        used_ids.add(n)
        slug = region_slug[ri]
        if src == "official":
            host = rng.choice(OFFICIAL_HOSTS)
        elif src == "memorial":
            host = rng.choice(MEMO_HOSTS)
        elif src == "social":
            host = rng.choice(SOCIAL_HOSTS)
        elif src == "foreign":
            host = outlet["host"] if outlet else rng.choice(FOREIGN_HOSTS["en"])
        elif src == "cemetery":
            host = rng.choice(CEM_HOSTS)
        elif src == "spreadsheet":
            host = rng.choice(SHEET_HOSTS)
        elif src == "obituary":
            host = rng.choice(OBIT_HOSTS)
        else:
            host = rng.choice(OSINT_HOSTS)
        host = host.format(slug=slug, n=rng.randrange(10000, 999999))
        if src == "spreadsheet":
            u = f"https://{host}#gid=0&range=A{rng.randrange(2, 30000)}"
        else:
            u = f"https://{host}/{n}"
        if rng.random() < g["archived_url"]:
            code = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(5))
            u = f"https://archive.ph/{code}" if rng.random() < 0.6 else f"https://web.archive.org/web/{dt.date.fromordinal(min(dday + rng.randint(1, 60), TODAY)).strftime('%Y%m%d')}000000/{u}"
        return u

    # joint household posts
    joint_url = {}
    for mi in range(M):
        H = m_joint[mi]
        if H:
            if H not in joint_url:
                joint_url[H] = new_url(m_src[mi], pe.reg[m_person[mi]], m_dd[mi], m_outlet[mi])
            url[mi] = joint_url[H]
    # group pages: per source, chosen mentions sorted by region and date and cut into pages
    for src in src_names:
        cand = [mi for mi in range(M) if m_src[mi] == src and not url[mi] and rng.random() < S[src]["group"]]
        cand.sort(key=lambda mi: (pe.reg[m_person[mi]] if src != "foreign" else m_outlet[mi]["name"], m_dd[mi], mi))
        j = 0
        while j < len(cand):
            size = min(2 + int(rng.expovariate(1 / 2.5)), 25)
            grp = cand[j:j + size]
            j += size
            if len(grp) == 1:
                continue
            u = new_url(src, pe.reg[m_person[grp[0]]], m_dd[grp[0]], m_outlet[grp[0]])
            for mi in grp:
                url[mi] = u
    # spreadsheets / OSINT carry the link of the page they copied from
    by_person = {}
    for mi in range(M):
        if url[mi] and m_src[mi] not in ("spreadsheet", "osint"):
            by_person.setdefault(m_person[mi], mi)
    for mi in range(M):
        if url[mi]:
            continue
        src = m_src[mi]
        if src in ("spreadsheet", "osint") and rng.random() < S[src].get("copy_url", 0) and m_person[mi] in by_person:
            url[mi] = url[by_person[m_person[mi]]]
            continue
        if rng.random() < S[src]["url_missing"]:
            continue
        url[mi] = new_url(src, pe.reg[m_person[mi]], m_dd[mi], m_outlet[mi])

    # ---------------------------------------------------------- shuffle and write
    order = np.random.default_rng([seed, 3]).permutation(M).tolist()
    os.makedirs(out, exist_ok=True)
    tmp = os.path.join(out, ".mentions.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for n, mi in enumerate(order):
            r = rows[mi]
            w.writerow([f"m{n + 1:07d}", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], url[mi]])
    os.replace(tmp, os.path.join(out, "mentions.csv"))
    tmp = os.path.join(out, ".truth.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "person_id", "household_id", "relation"])
        for n, mi in enumerate(order):
            i = m_person[mi]
            w.writerow([f"m{n + 1:07d}", f"p{i + 1:06d}", pe.hh[i] or "", pe.rel[i] if pe.hh[i] else ""])
    os.replace(tmp, os.path.join(out, "truth.csv"))
    tmp = os.path.join(out, ".family.csv.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["person_id_a", "person_id_b", "relation"])
        for a, b, r in pe.family:
            w.writerow([f"p{a + 1:06d}", f"p{b + 1:06d}", r])
    os.replace(tmp, os.path.join(out, "family.csv"))
    # summary of realised shares, next to the drawn habits
    from collections import Counter
    uc = Counter(u for u in url if u)
    shared = sum(1 for u in url if u and uc[u] > 1)
    h["realised"] = {
        "mentions": M, "people": pe.P, "households": pe.n_households,
        "people_in_households": sum(1 for x in pe.hh if x),
        "share_records_sharing_url": round(shared / M, 4),
        "share_no_url": round(sum(1 for u in url if not u) / M, 4),
        "source_counts": dict(Counter(m_src)),
    }
    with open(os.path.join(out, "habits.json"), "w", encoding="utf-8") as fh:
        json.dump(h, fh, ensure_ascii=False, indent=1, sort_keys=True)
    h["_seconds"] = round(time.time() - t0, 2)
    return h


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mentions", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    h = generate(a.mentions, a.seed, a.out)
    r = h["realised"]
    print(f"{r['mentions']} mentions of {r['people']} people ({r['households']} households) -> {a.out} in {h['_seconds']} s")


if __name__ == "__main__":
    main()
