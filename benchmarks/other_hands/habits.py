# ruff: noqa: C408  (data tables read best as dict(...) and "a b c".split())
"""Per-source habits: every habit of REAL-HABITS.md is a parameter with a range.

Each outlet's parameters are drawn uniformly from their ranges with the seed, so two seeds
give two lists with different habits. `describe()` prints the ranges as a markdown table
(the README's table is made from it).
"""

from __future__ import annotations

import numpy as np

# Parameters shared by every outlet, with a default range; outlets override some.
COMMON = {
    "capture": (0.2, 0.4),        # chance a person appears in this outlet (before visibility)
    "dup": (0.01, 0.04),          # second mention of the same person in the same outlet
    "dup_same_url": (0.2, 0.5),   # a duplicate that keeps the original link (scraped twice)
    "parts": (0.0, 0.1),          # name given in first_name/patronymic/surname columns
    "o_sgp": (0.3, 0.6), "o_gps": (0.2, 0.5), "o_gs": (0.0, 0.1), "o_sg": (0.0, 0.1),
    "swap_unreliable": (0.15, 0.35),  # Tuvan/Buryat/Kalmyk/Caucasian given<->surname
    "swap_any": (0.0, 0.01),      # same slip for anyone
    "patronymic": (0.75, 0.95),
    "initials": (0.0, 0.04),
    "pet": (0.0, 0.02),
    "foreign": (0.0, 0.0),
    "ua_form": (0.0, 0.03),       # Ukrainian form of the given name, for Ukrainian-origin people
    "keep_yo": (0.1, 0.5),        # ё kept (else written е)
    "hyphen_var": (0.2, 0.5),     # Кара-оол -> Караоол / Кара оол
    "turkic_russified": (0.1, 0.4),  # Тофик оглы -> Тофикович
    "turkic_fused": (0.1, 0.4),   # Тофик оглы -> Тофикоглы / Тофик-оглы
    "caps_surname": (0.0, 0.05),
    "no_surname": (0.0, 0.0),     # a post gives a first name and a town only
    "alt_surname": (0.3, 0.6),    # stepfather's / other surname used, for people who have one
    "mixed_script": (0.0, 0.01),  # a Latin look-alike letter inside a Cyrillic word
    "ocr": (0.0, 0.0),            # per-character OCR confusion rate
    "typo": (0.01, 0.03),         # one keyboard typo in the name
    "birth_full": (0.5, 0.75), "birth_year": (0.05, 0.2), "birth_month": (0.0, 0.02),
    "callup_year": (0.0, 0.005),  # year of call-up printed as birth year
    "death_present": (0.8, 0.97), "death_month_only": (0.01, 0.05),
    "shift_notice": (0.05, 0.2),  # date the death became known: +1..14 days
    "shift_burial": (0.0, 0.1),   # funeral/burial: +3..30 days
    "shift_return": (0.0, 0.0),   # body returned: +60..240 days
    "missing_since": (0.0, 0.01),  # date last seen: -10..-150 days
    "date_swap": (0.003, 0.02),   # day and month swapped by hand (both <= 12)
    "two_digit_year": (0.0, 0.03), "text_month": (0.0, 0.1), "drop_day": (0.0, 0.03),
    "age_present": (0.3, 0.7), "age_error": (0.03, 0.1),
    "region_present": (0.6, 0.95), "settlement_present": (0.4, 0.8),
    "place_birth": (0.1, 0.3), "place_burial": (0.0, 0.1),  # else residence
    "r_full": (1, 3), "r_short": (1, 3), "r_soviet": (0, 0.3), "r_capital": (0, 1),
    "r_abbr": (0, 0.5), "r_informal": (0, 0.5),
    "unit_present": (0.1, 0.4), "rank_present": (0.2, 0.5), "rank_abbr": (0.0, 0.3),
    "url_present": (0.9, 1.0), "group_share": (0.05, 0.2),
    "drop_column": (0.0, 0.15),   # chance each optional column is missing from the whole outlet
}

OUTLETS = {
    "obituary": dict(script="cyr", dates=("ru",), ranges=dict(
        capture=(0.3, 0.5), dup=(0.03, 0.08), o_sgp=(0.4, 0.7), o_gps=(0.3, 0.6),
        pet=(0.01, 0.04), shift_notice=(0.1, 0.2), shift_burial=(0.1, 0.3), group_share=(0.12, 0.25),
        age_present=(0.4, 0.7), unit_present=(0.1, 0.3), rank_present=(0.2, 0.5))),
    "cemetery": dict(script="cyr", dates=("ru",), ranges=dict(
        capture=(0.15, 0.3), o_sgp=(0.85, 1.0), o_gps=(0.0, 0.15), o_gs=(0, 0), o_sg=(0, 0),
        ocr=(0.003, 0.015), birth_full=(0.8, 0.95), birth_year=(0.02, 0.1), shift_burial=(0.1, 0.4),
        shift_notice=(0, 0), shift_return=(0.01, 0.04), age_present=(0.0, 0.1),
        place_burial=(0.7, 1.0), place_birth=(0.0, 0.1), region_present=(0.7, 0.95),
        settlement_present=(0.8, 0.95), unit_present=(0.0, 0.1), rank_present=(0.05, 0.2),
        url_present=(0.5, 0.9), group_share=(0.05, 0.2), caps_surname=(0.0, 0.3), typo=(0.0, 0.01))),
    "memorial": dict(script="cyr", dates=("ru", "iso"), ranges=dict(
        capture=(0.25, 0.4), parts=(0.6, 1.0), patronymic=(0.85, 0.98), ocr=(0.0, 0.005),
        birth_full=(0.6, 0.85), callup_year=(0.002, 0.01), date_swap=(0.005, 0.03),
        two_digit_year=(0.0, 0.05), drop_day=(0.01, 0.05), unit_present=(0.3, 0.6),
        rank_present=(0.4, 0.7), rank_abbr=(0.1, 0.5), caps_surname=(0.0, 0.2))),
    "social": dict(script="cyr", dates=("ru",), ranges=dict(
        capture=(0.2, 0.4), dup=(0.05, 0.12), o_sgp=(0.0, 0.1), o_gps=(0.1, 0.2), o_gs=(0.6, 0.8),
        o_sg=(0.1, 0.2), patronymic=(0.1, 0.3), pet=(0.15, 0.35), mixed_script=(0.005, 0.02),
        typo=(0.02, 0.05), keep_yo=(0.3, 0.7), birth_full=(0.05, 0.2), birth_year=(0.05, 0.2),
        death_present=(0.5, 0.8), death_month_only=(0.05, 0.15), shift_notice=(0.2, 0.5),
        age_present=(0.3, 0.6), age_error=(0.05, 0.15), region_present=(0.2, 0.5),
        r_informal=(1, 3), settlement_present=(0.3, 0.6), no_surname=(0.03, 0.1),
        unit_present=(0.05, 0.15), rank_present=(0.05, 0.2), url_present=(0.95, 1.0),
        group_share=(0.0, 0.05))),
    "news": dict(script="cyr", dates=("ru",), ranges=dict(
        capture=(0.2, 0.35), o_sgp=(0.05, 0.2), o_gps=(0.5, 0.8), o_gs=(0.2, 0.4), initials=(0.02, 0.08),
        birth_full=(0.1, 0.3), birth_year=(0.2, 0.5), age_present=(0.6, 0.9), death_present=(0.5, 0.8),
        shift_notice=(0.3, 0.6), missing_since=(0.01, 0.03), ua_form=(0.0, 0.05),
        unit_present=(0.2, 0.4), group_share=(0.2, 0.4), r_capital=(0.5, 2))),
    "official": dict(script="cyr", dates=("ru", "iso"), ranges=dict(
        capture=(0.15, 0.3), parts=(0.8, 1.0), initials=(0.05, 0.25), patronymic=(0.95, 1.0),
        birth_full=(0.7, 0.95), birth_year=(0.03, 0.2), death_present=(0.9, 1.0), pet=(0, 0),
        rank_present=(0.7, 0.95), rank_abbr=(0.2, 0.6), unit_present=(0.2, 0.5),
        region_present=(0.9, 1.0), r_full=(3, 6), group_share=(0.3, 0.6), caps_surname=(0.1, 0.4),
        typo=(0.003, 0.01), dup=(0.0, 0.02))),
    "osint": dict(script="lat", dates=("iso",), follows=True, schemes={
        "mvd310": 2, "icao": 2, "bgn": 1, "wikipedia": 2, "alalc": 0.5, "iso9": 0.5, "scientific": 0.5,
        "adhoc1": 1, "adhoc2": 1, "adhoc3": 0.5, "telegram": 1, "yandex": 1, "mvd782": 0.5},
        ranges=dict(capture=(0.2, 0.35), parts=(0.0, 0.5), o_sgp=(0.6, 0.9), o_gps=(0.1, 0.3),
                    patronymic=(0.6, 0.9), ua_form=(0.0, 0.2), group_share=(0.0, 0.05))),
    "press_en": dict(script="lat", dates=("us", "uk"), follows=True, lang="en", schemes={
        "wikipedia": 3, "bgn": 1, "adhoc1": 2, "adhoc2": 1, "icao": 1, "yandex": 1},
        ranges=dict(capture=(0.08, 0.15), o_sgp=(0, 0.05), o_gps=(0, 0.1), o_gs=(0.8, 1.0), o_sg=(0, 0.05),
                    patronymic=(0.0, 0.1), foreign=(0.2, 0.5), ua_form=(0.1, 0.4), age_present=(0.7, 0.95),
                    age_error=(0.05, 0.15), birth_full=(0.0, 0.1), birth_year=(0.0, 0.2), group_share=(0.1, 0.3),
                    us_share=(0.5, 0.9))),
    "press_de": dict(script="lat", dates=("de",), follows=True, lang="de",
                     schemes={"de": 8, "icao": 1, "wikipedia": 1},
                     ranges=dict(capture=(0.04, 0.08), o_sgp=(0, 0.05), o_gps=(0, 0.1), o_gs=(0.8, 1.0),
                                 patronymic=(0.0, 0.1), foreign=(0.15, 0.35), age_present=(0.6, 0.9),
                                 birth_full=(0.0, 0.1), group_share=(0.1, 0.3))),
    "press_fr": dict(script="lat", dates=("fr",), follows=True, lang="fr",
                     schemes={"fr": 8, "wikipedia": 1},
                     ranges=dict(capture=(0.03, 0.06), o_sgp=(0, 0.05), o_gps=(0, 0.1), o_gs=(0.8, 1.0),
                                 patronymic=(0.0, 0.1), foreign=(0.1, 0.3), age_present=(0.6, 0.9),
                                 birth_full=(0.0, 0.1), group_share=(0.1, 0.3))),
    "press_pl": dict(script="lat", dates=("pl",), follows=True, lang="pl",
                     schemes={"pl": 9, "icao": 1},
                     ranges=dict(capture=(0.03, 0.06), o_sgp=(0, 0.05), o_gps=(0, 0.1), o_gs=(0.8, 1.0),
                                 patronymic=(0.0, 0.2), foreign=(0.05, 0.2), ua_form=(0.1, 0.4),
                                 age_present=(0.6, 0.9), birth_full=(0.0, 0.1), group_share=(0.1, 0.3))),
    "press_cs": dict(script="lat", dates=("cs",), follows=True, lang="cs",
                     schemes={"cs": 9, "wikipedia": 1},
                     ranges=dict(capture=(0.02, 0.05), o_sgp=(0, 0.05), o_gps=(0, 0.1), o_gs=(0.8, 1.0),
                                 patronymic=(0.0, 0.2), foreign=(0.05, 0.2), age_present=(0.6, 0.9),
                                 birth_full=(0.0, 0.1), group_share=(0.1, 0.3))),
}
OPTIONAL_COLUMNS = ("birth_date", "death_date", "age", "region", "settlement", "unit", "rank")
GLOBAL = {
    "household_share": (0.03, 0.07),   # people who belong to a multi-loss household
    "visibility_sigma": (0.3, 0.7),    # lognormal spread of how visible a person is
    "female_share": (0.01, 0.03),
    "alt_surname_people": (0.003, 0.01),
    "double_surname_people": (0.001, 0.004),
    "birth_region_differs": (0.08, 0.2),
    "burial_region_differs": (0.01, 0.05),
}


def draw(rng: np.random.Generator) -> tuple[dict, dict]:
    """Draw (per-outlet parameters, global parameters) from the ranges."""
    outlets = {}
    for name, spec in OUTLETS.items():
        ranges = {**COMMON, **spec["ranges"]}
        params = {k: float(rng.uniform(lo, hi)) for k, (lo, hi) in ranges.items()}
        params["dropped"] = tuple(c for c in OPTIONAL_COLUMNS
                                  if c != "death_date" and rng.random() < params["drop_column"])
        params.update(script=spec["script"], dates=spec["dates"], follows=spec.get("follows", False),
                      lang=spec.get("lang", "ru"), schemes=spec.get("schemes", {}))
        outlets[name] = params
    glob = {k: float(rng.uniform(lo, hi)) for k, (lo, hi) in GLOBAL.items()}
    return outlets, glob


def describe() -> str:
    """Markdown table of every parameter's range per outlet."""
    names = list(OUTLETS)
    keys = list(COMMON) + sorted({k for s in OUTLETS.values() for k in s["ranges"] if k not in COMMON})
    lines = ["| parameter | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for k in keys:
        cells = []
        for n in names:
            lo, hi = {**COMMON, **OUTLETS[n]["ranges"]}.get(k, (None, None))
            cells.append("" if lo is None else (f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"))
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| global | range |")
    lines.append("|---|---|")
    lines += [f"| {k} | {lo:g}–{hi:g} |" for k, (lo, hi) in GLOBAL.items()]
    return "\n".join(lines)
