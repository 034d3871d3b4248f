"""Synthetic casualty lists with ground truth: people, households, and noisy mentions of them.

Reads the generator's own tables in resources/generator/ (names, regions, diminutives, Latin
forms, keyboards, ranks and units; never the matcher's tables) and writes mentions.csv,
truth.csv and family.csv. Every rate is a field of GeneratorConfig; docs/generator.md
tabulates the noise model.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import iuliia
import numpy as np
import pandas as pd

MENTION_COLUMNS = ("record_id", "source", "full_name", "first_name", "patronymic", "surname",
                   "birth_date", "death_date", "age", "region", "settlement", "unit", "rank")
TRUTH_COLUMNS = ("record_id", "person_id", "household_id", "relation")
FAMILY_COLUMNS = ("person_id_a", "person_id_b", "relation")
PRECISIONS = ("full", "month", "year", "missing")
REGION_FORMS = ("full", "short", "old", "missing")
TYPO_KINDS = ("deletion", "transposition", "doubling", "nearby_key")
GERMAN = "german"  # the one Latin scheme iuliia lacks: German press (Iwanow, Juri), our own table


def _frozen(mapping: Mapping) -> field:
    return field(default_factory=lambda: MappingProxyType(dict(mapping)))


@dataclass(frozen=True)
class SourceHabits:
    """How one kind of source prints a person: each share is a probability per mention."""

    weight: float  # share of all mentions that come from this source (relative)
    latin: float  # name, region and settlement printed in Latin script
    full_name: float  # the name printed in one full_name field, else split into the parts
    surname_first: float  # Cyrillic full_name ordered "Surname First Patronymic", else "First Patronymic Surname"
    surname_first_latin: float  # the same for Latin full names
    no_patronymic: float  # patronymic left out (Cyrillic)
    no_patronymic_latin: float  # patronymic left out (Latin)
    diminutive: float  # first name as a diminutive (Саша, Дима), when the name has one
    caps: float  # the whole name in CAPITALS
    birth: tuple[float, float, float, float]  # birth date printed to the day, month, year, or not at all
    death: tuple[float, float, float, float]  # the same for the death date
    text_dates: float  # day and month dates written with the month's name ("12 марта 1995")
    age_without_birth: float  # age at death printed when the birth date is not
    age_with_birth: float  # age at death printed beside a birth date
    region: tuple[float, float, float, float]  # region as full name, short form, old name, or missing
    settlement: float  # settlement printed
    unit: float  # military unit printed
    rank: float  # rank printed


# Calibrated so that over all sources birth dates are full in ~64% of mentions and missing in
# ~30% (REAL-LISTS.md: 65% / 32% on the public list), names mostly Cyrillic three-part.
DEFAULT_SOURCES = {
    "obituary": SourceHabits(0.25, 0.0, 0.90, 0.60, 0.20, 0.15, 0.60, 0.02, 0.03,
                             (0.72, 0.01, 0.04, 0.23), (0.75, 0.05, 0.02, 0.18), 0.35, 0.80, 0.30,
                             (0.35, 0.40, 0.05, 0.20), 0.70, 0.30, 0.50),
    "cemetery": SourceHabits(0.10, 0.0, 0.85, 0.95, 0.50, 0.08, 0.60, 0.00, 0.45,
                             (0.90, 0.00, 0.07, 0.03), (0.92, 0.00, 0.06, 0.02), 0.00, 0.05, 0.02,
                             (0.05, 0.05, 0.00, 0.90), 0.40, 0.05, 0.15),
    "memorial": SourceHabits(0.15, 0.0, 0.40, 0.95, 0.50, 0.05, 0.60, 0.00, 0.05,
                             (0.66, 0.01, 0.02, 0.31), (0.90, 0.03, 0.02, 0.05), 0.00, 0.80, 0.90,
                             (0.60, 0.30, 0.00, 0.10), 0.30, 0.60, 0.80),
    "social": SourceHabits(0.22, 0.02, 0.95, 0.30, 0.10, 0.45, 0.80, 0.35, 0.02,
                           (0.55, 0.02, 0.06, 0.37), (0.55, 0.05, 0.00, 0.40), 0.50, 0.60, 0.20,
                           (0.20, 0.30, 0.02, 0.48), 0.60, 0.15, 0.20),
    "news": SourceHabits(0.18, 0.02, 0.97, 0.40, 0.10, 0.30, 0.80, 0.03, 0.02,
                         (0.50, 0.02, 0.08, 0.40), (0.60, 0.08, 0.02, 0.30), 0.60, 0.85, 0.30,
                         (0.30, 0.50, 0.02, 0.18), 0.80, 0.40, 0.40),
    "foreign": SourceHabits(0.10, 0.95, 0.75, 0.50, 0.15, 0.30, 0.65, 0.02, 0.10,
                            (0.55, 0.02, 0.08, 0.35), (0.65, 0.08, 0.02, 0.25), 0.55, 0.70, 0.30,
                            (0.40, 0.45, 0.02, 0.13), 0.50, 0.30, 0.35),
}

# Latin schemes of foreign press and OSINT re-publications: iuliia schema names, plus GERMAN.
DEFAULT_SCHEMES = {
    "WIKIPEDIA": 0.20, "BGN_PCGN": 0.10, "ICAO_DOC_9303": 0.14, "MVD_782": 0.10, "MVD_310": 0.05,
    "YANDEX_MAPS": 0.07, "YANDEX_MONEY": 0.03, "TELEGRAM": 0.06, "SCIENTIFIC": 0.04,
    "GOST_7034": 0.04, "GOST_779": 0.02, "GOST_52535": 0.03, "ALA_LC": 0.02, "ISO_9_1954": 0.01,
    "BS_2979": 0.02, "UNGEGN_1987": 0.01, GERMAN: 0.06,
}

# str.format templates per "script precision style"; fields d, m, y, yy, month_gen, month_nom,
# month_en. Only forms DESIGN.md says ingest reads, plus "??.MM.YYYY" seen on the public list.
DEFAULT_DATE_FORMATS = {
    "cyrillic full numeric": {"{d:02d}.{m:02d}.{y}": 0.80, "{y}-{m:02d}-{d:02d}": 0.12,
                              "{d:02d}.{m:02d}.{yy:02d}": 0.08},
    "cyrillic full text": {"{d} {month_gen} {y}": 0.70, "{d} {month_gen} {y} г.": 0.30},
    "cyrillic month numeric": {"{m:02d}.{y}": 0.60, "{y}-{m:02d}": 0.25, "??.{m:02d}.{y}": 0.15},
    "cyrillic month text": {"{month_nom} {y}": 0.70, "{month_nom} {y} г.": 0.30},
    "cyrillic year birth": {"{y}": 0.60, "{y} г.р.": 0.40},
    "cyrillic year death": {"{y}": 0.70, "{y} г.": 0.30},
    "latin full numeric": {"{y}-{m:02d}-{d:02d}": 0.60, "{d:02d}.{m:02d}.{y}": 0.40},
    "latin full text": {"{month_en} {d}, {y}": 0.60, "{d} {month_en} {y}": 0.40},
    "latin month numeric": {"{y}-{m:02d}": 0.60, "{m:02d}.{y}": 0.40},
    "latin month text": {"{month_en} {y}": 1.0},
    "latin year birth": {"{y}": 0.70, "b. {y}": 0.30},
    "latin year death": {"{y}": 1.0},
}


@dataclass(frozen=True)
class GeneratorConfig:
    """Every rate and share of the generator; override with dataclasses.replace(config, ...)."""

    # -- people --------------------------------------------------------------------------
    women: float = 0.01  # share of women (medics): -ова surnames, -овна patronymics
    first_birth: str = "1960-01-01"  # earliest birth date
    last_birth: str = "2006-12-31"  # latest birth date
    war_start: str = "2022-02-24"  # earliest death date
    last_death: str = "2025-12-31"  # latest death date
    death_years: Mapping[int, float] = _frozen({2022: 0.15, 2023: 0.30, 2024: 0.35, 2025: 0.20})
    age_median: float = 33.0  # median age at death (REAL-LISTS.md: 33, range 18-72)
    age_spread: float = 0.5  # sigma of the log-normal of (age - 18)
    oglu: Mapping[str, float] = _frozen({"central_asian": 0.15, "dagestani": 0.04})  # "Намик оглы"
    surname_head: Mapping[str, float] = _frozen({  # share drawn from a group's common surnames
        "russian": 0.35, "tatar": 0.6, "bashkir": 0.6, "buryat": 0.7, "tuvan": 1.0,
        "dagestani": 0.7, "central_asian": 0.6, "altai": 0.6})
    # common surnames: weight 1 / (rank + offset) ** zipf; with 0.35 of Russians in the head,
    # Смирнов ~1.5%, the top ten ~9% (published Russian surname frequencies: 1.8% and ~8%)
    surname_zipf: float = 1.0
    surname_zipf_offset: float = 5.0
    surname_tail_sigma: float = 0.8  # log-normal spread of the rare surnames' weights
    surname_tail_mix: Mapping[str, float] = _frozen({"derived": 0.4, "compound": 0.1, "pseudo": 0.5})
    surname_pseudo: int = 30000  # syllable-model surnames available to the Russian tail
    settlement_zipf: float = 1.0  # the region's first settlements (capitals) are the most common
    # -- households ----------------------------------------------------------------------
    households: float = 0.12  # share of people in a household of two or more (issue: 10-15%)
    household_kinds: Mapping[str, float] = _frozen({"brothers": 0.6, "father_son": 0.2, "cousins": 0.2})
    three_brothers: float = 0.15  # brother households with three brothers, not two
    twins: float = 0.10  # brother households whose first two are twins (same birth date)
    same_death_day: float = 0.20  # brothers killed on the same day
    same_settlement: float = 0.80  # brothers / father and son from the same settlement
    brother_gap_years: tuple[int, int] = (1, 12)  # years between brothers' births (non-twins)
    father_son_gap_years: tuple[int, int] = (18, 32)  # father's age at the son's birth
    two_sons: float = 0.20  # father-son households with two sons
    named_after_father: float = 0.05  # a son with his father's first name (Иван Иванович): the hardest pair
    cousins_same_region: float = 0.85
    cousins_same_settlement: float = 0.30
    cousin_gap_years: int = 15  # cousins' births at most this many years apart
    # -- mentions ------------------------------------------------------------------------
    mentions_per_person: tuple[float, ...] = (0.32, 0.28, 0.18, 0.11, 0.07, 0.04)  # 1..6 mentions
    sources: Mapping[str, SourceHabits] = _frozen(DEFAULT_SOURCES)
    schemes: Mapping[str, float] = _frozen(DEFAULT_SCHEMES)  # Latin scheme of a Latin mention
    conventional_form: float = 0.35  # Latin first name in its English (German) form: Alexander, Juri
    ascii_fold: float = 0.30  # Latin name hand-typed in plain ASCII (no diacritics, no apostrophes)
    yo_as_e: float = 0.60  # ё written as е, when the name has one
    typo: float = 0.04  # one typo in one name part
    typo_kinds: Mapping[str, float] = _frozen(
        {"deletion": 0.3, "transposition": 0.25, "doubling": 0.2, "nearby_key": 0.25})
    typo_parts: tuple[float, float, float] = (0.5, 0.3, 0.2)  # surname, first name, patronymic
    settlement_prefix: float = 0.5  # Cyrillic settlement keeps its "г." / "с." prefix
    rank_abbreviation: float = 0.3  # "ст. сержант" for "старший сержант"
    day_month_swap: float = 0.03  # full birth date with day and month swapped (when day <= 12)
    birth_year_off: float = 0.03  # birth year off by one
    death_shift: float = 0.06  # full death date a few days off
    death_shift_days: int = 5  # ... by 1 to this many days, either way
    age_off: float = 0.08  # printed age off by one
    date_formats: Mapping[str, Mapping[str, float]] = _frozen(DEFAULT_DATE_FORMATS)
    name_table_seed: int = 0  # fixes the rare surnames' weights: a property of the config, not the run


# ----------------------------------------------------------------------------- tables ---

def _resource(name: str):
    return resources.files("linkage") / "resources" / "generator" / name


def _read_csv(name: str) -> list[dict]:
    with _resource(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_json(name: str):
    return json.loads(_resource(name).read_text(encoding="utf-8"))


def _choice_table(rows, weight_key="weight"):
    """{key: (values, cumulative weights)} for bisect picks, keys in file order."""
    out: dict = {}
    for key, value, weight in rows:
        out.setdefault(key, ([], []))
        out[key][0].append(value)
        out[key][1].append(float(weight))
    return {k: (v, np.cumsum(w) / sum(w)) for k, (v, w) in out.items()}


def _pick(table: tuple, u: float):
    values, cum = table
    return values[min(bisect.bisect_right(cum, u), len(values) - 1)]


def _derive_surname(stem: str, vowel_suffix: str, hush_suffix: str) -> str:
    """Male surname from a stem: "Галка" -> Галкин, "Гали" -> Галиев, "Гвоздь" -> Гвоздев; "a|b" -> ab."""
    if "|" in stem:
        head, tail = stem.split("|")
        return head + tail
    last = stem[-1]
    if last in "ьй":
        return stem[:-1] + "ев"
    if last in "ая":
        return stem[:-1] + "ин" if vowel_suffix == "ин" else stem + "ев"
    if last in "оиуыэеёю":
        return stem + "ев"
    if last in "жш":
        return stem + hush_suffix
    return stem + ("ев" if last in "чщ" else "ов")


def _feminine_surname(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    return surname  # Монгуш, Шевченко, Ковальчук, Седых do not change


def _pseudo_stems(spec: dict, count: int, rng: np.random.Generator) -> list[str]:
    """Rare surnames from a syllable model (Турыгин, Бредихов): the unbounded part of the tail."""
    keys = ("onsets", "vowels", "medials", "vowels", "codas", "suffixes")
    parts = [list(spec[k]) for k in keys]
    picks = []
    for key in keys:
        w = np.array(list(spec[key].values()), dtype=float)
        picks.append(rng.choice(len(w), size=3 * count, p=w / w.sum()))
    suffixes = parts.pop()
    suffix = picks.pop()
    out: dict[str, None] = {}
    for row in zip(*picks, suffix):
        onset, v1, mid, v2, coda = (p[k] for p, k in zip(parts, row[:5]))
        if mid in "жшчщцгкх" and v2 in "ыяю":  # spelling rules: жи, ши, ки, not жы, шы, кы
            v2 = "иау"["ыяю".index(v2)]
        if onset[-1] in "жшчгкх" and v1 in "ыяю":
            v1 = "иау"["ыяю".index(v1)]
        end = suffixes[row[5]]
        if end == "ых":  # Долгих, Седых: -их after г, к, х
            end = "их" if coda[-1] in "гкх" else "ых" if coda[-1] in "дтнлр" else "ин"
        stem = (onset + v1 + mid + v2 + coda).capitalize()
        if stem[-1] == "ь" or (end == "ов" and stem[-1] in "жшчщц"):
            stem, end = stem.rstrip("ь"), "ев" if end == "ов" else end
        out.setdefault(stem + end)
        if len(out) == count:
            break
    return list(out)


def _surname_pool(group: str, spec: dict, cfg: GeneratorConfig) -> tuple[np.ndarray, np.ndarray]:
    """A group's surnames and probabilities: a Zipf head of common names, then a long tail of
    derived names (from stems), compounds (Белоусов) and syllable-model names (Турыгин)."""
    rng = np.random.default_rng(cfg.name_table_seed)
    derived = [_derive_surname(s, spec["vowel_suffix"], spec["hush_suffix"]) for s in spec.get("name_stems", [])]
    derived += [_derive_surname(s, "ин", spec["hush_suffix"]) for s in spec.get("stems", [])]
    derived += [s[:-1] + "енко" if s[-1] in "ьаяо" else s + "енко" for s in spec.get("enko_stems", [])]
    derived += spec.get("fixed_tail", [])
    kinds = {"derived": derived,
             "compound": [a + "о" + b + "ов" for a in spec.get("compound_first", [])
                          for b in spec.get("compound_second", [])],
             "pseudo": _pseudo_stems(spec["pseudo"], cfg.surname_pseudo, rng) if "pseudo" in spec else []}
    head = spec["head"]
    names, weights, seen = list(head), [], set(head)
    offset = np.arange(1, len(head) + 1) + cfg.surname_zipf_offset
    head_w = 1.0 / offset ** cfg.surname_zipf
    present = {k: v for k, v in kinds.items() if v}
    head_share = cfg.surname_head.get(group, 0.6) if present else 1.0
    weights.append(head_share * head_w / head_w.sum())
    mix = sum(cfg.surname_tail_mix.get(k, 0.0) for k in present) or 1.0
    for kind, pool in present.items():
        fresh = [s for s in pool if not (s in seen or seen.add(s))]
        w = rng.lognormal(0.0, cfg.surname_tail_sigma, len(fresh))
        weights.append((1 - head_share) * cfg.surname_tail_mix.get(kind, 0.0) / mix * w / w.sum())
        names += fresh
    weights = np.concatenate(weights)
    return np.array(names, dtype=object), weights / weights.sum()


def _neighbours(rows: list[str]) -> dict[str, str]:
    """Keys next to each key: left, right, and the same column one row up or down."""
    out: dict[str, str] = {}
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            near = [row[c - 1] if c else "", row[c + 1] if c + 1 < len(row) else ""]
            near += [rows[r2][c] for r2 in (r - 1, r + 1) if 0 <= r2 < len(rows) and c < len(rows[r2])]
            out[key] = "".join(near)
    return out


@dataclass
class _Tables:
    first: dict  # (group, sex) -> (names, probabilities)
    patronymic: dict  # male first name -> (patronymic, female patronymic)
    surnames: dict  # group -> (surnames, probabilities)
    regions: list
    diminutives: dict  # name -> (forms, cum)
    forms: dict  # (name, style) -> (forms, cum)
    german: dict
    keys: dict  # script -> {key: neighbours}
    military: dict


def _load_tables(cfg: GeneratorConfig) -> _Tables:
    first: dict = {}
    patronymic = {}
    for row in _read_csv("first_names.csv"):
        names, weights = first.setdefault((row["group"], row["sex"]), ([], []))
        names.append(row["name"])
        weights.append(float(row["weight"]))
        if row["sex"] == "m":
            patronymic[row["name"]] = (row["patronymic"], row["patronymic_female"])
    first = {k: (np.array(n, dtype=object), np.array(w) / sum(w)) for k, (n, w) in first.items()}
    surnames = {g: _surname_pool(g, spec, cfg) for g, spec in _read_json("surnames.json").items()}
    dims = _choice_table((r["name"], r["diminutive"], r["weight"]) for r in _read_csv("diminutives.csv"))
    forms = _choice_table(((r["name"], r["style"]), r["form"], r["weight"]) for r in _read_csv("latin_forms.csv"))
    keys = {script: _neighbours(rows) for script, rows in _read_json("keyboards.json").items()
            if not script.startswith("_")}
    return _Tables(first, patronymic, surnames, _read_json("regions.json"), dims, forms,
                   _read_json("german.json"), keys, _read_json("military.json"))


# ------------------------------------------------------------------------------ dates ---

EPOCH = dt.date(1970, 1, 1)


def _day(text: str) -> int:
    return (dt.date.fromisoformat(text) - EPOCH).days


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = np.asarray(days, dtype="int64").astype("datetime64[D]")
    years = d.astype("datetime64[Y]")
    months = d.astype("datetime64[M]")
    return (years.astype(int) + 1970, (months - years.astype("datetime64[M]")).astype(int) + 1,
            (d - months.astype("datetime64[D]")).astype(int) + 1)


def _ages(birth: np.ndarray, death: np.ndarray) -> np.ndarray:
    """Whole years between birth and death, by the calendar."""
    by, bm, bd = _ymd(birth)
    dy, dm, dd = _ymd(death)
    return dy - by - ((dm < bm) | ((dm == bm) & (dd < bd)))


def _plus_years(day: int, years: int) -> int:
    """The same calendar day `years` later (29 February becomes 1 March)."""
    date = EPOCH + dt.timedelta(days=int(day))
    try:
        moved = date.replace(year=date.year + years)
    except ValueError:
        moved = dt.date(date.year + years, 3, 1)
    return (moved - EPOCH).days


class _Deaths:
    """Death dates: a year by weight, then a uniform day within the war's part of that year."""

    def __init__(self, cfg: GeneratorConfig):
        start, end = _day(cfg.war_start), _day(cfg.last_death)
        years = sorted(y for y, w in cfg.death_years.items() if w > 0)
        self.lo = np.array([max(start, _day(f"{y}-01-01")) for y in years])
        self.hi = np.array([min(end, _day(f"{y}-12-31")) for y in years])
        weights = np.array([cfg.death_years[y] for y in years], dtype=float)
        self.p = weights / weights.sum()
        self.start, self.end = start, end

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        k = rng.choice(len(self.p), size=n, p=self.p)
        return self.lo[k] + (rng.random(n) * (self.hi[k] - self.lo[k] + 1)).astype("int64")

    def after(self, rng: np.random.Generator, earliest: int) -> int:
        """One death date on or after `earliest` (a person must have turned 18)."""
        for _ in range(20):
            day = int(self.draw(rng, 1)[0])
            if day >= earliest:
                return day
        return int(rng.integers(max(earliest, self.start), self.end + 1))


# ----------------------------------------------------------------------------- people ---

def _draw_by(keys: np.ndarray, tables: Mapping, rng: np.random.Generator) -> np.ndarray:
    """For each distinct key (in sorted order), draw values from that key's (values, probabilities)."""
    out = np.empty(len(keys), dtype=object)
    for key in sorted(set(keys.tolist())):
        idx = np.flatnonzero(keys == key)
        values, p = tables[key]
        out[idx] = values[rng.choice(len(values), size=len(idx), p=p)]
    return out


def _draw_people(n: int, rng: np.random.Generator, cfg: GeneratorConfig, t: _Tables, deaths: _Deaths) -> dict:
    """Independent people: region, people of that region, names, dates, unit and rank."""
    region_p = np.array([r["weight"] for r in t.regions], dtype=float)
    region = rng.choice(len(t.regions), size=n, p=region_p / region_p.sum())
    group_tables = {i: (np.array(list(r["groups"]), dtype=object),
                        np.array(list(r["groups"].values())) / sum(r["groups"].values()))
                    for i, r in enumerate(t.regions)}
    group = _draw_by(region, group_tables, rng)
    sex = np.where(rng.random(n) < cfg.women, "f", "m").astype(object)
    first = _draw_by(np.array([f"{g}|{s}" for g, s in zip(group, sex)], dtype=object),
                     {f"{g}|{s}": v for (g, s), v in t.first.items()}, rng)
    father = _draw_by(group, {g: v for (g, s), v in t.first.items() if s == "m"}, rng)
    oglu = rng.random(n) < np.array([cfg.oglu.get(g, 0.0) for g in group])
    patronymic = np.array([_patronymic(f, s, o, t) for f, s, o in zip(father, sex, oglu)], dtype=object)
    surname = _draw_by(group, t.surnames, rng)
    settlement_tables = {}
    for i, r in enumerate(t.regions):
        w = 1.0 / np.arange(1, len(r["settlements"]) + 1) ** cfg.settlement_zipf
        settlement_tables[i] = (np.array(r["settlements"], dtype=object), w / w.sum())
    settlement = _draw_by(region, settlement_tables, rng)
    death = deaths.draw(rng, n)
    birth = _births(death, rng, cfg)
    ranks, units = t.military["ranks"], t.military["units"]
    rank_p = np.array([w for _, _, w in ranks], dtype=float)
    unit_p = np.array([w for _, _, w in units], dtype=float)
    return {"region": region, "group": group, "sex": sex, "first": first, "father": father,
            "oglu": oglu, "patronymic": patronymic, "surname": surname, "settlement": settlement,
            "birth": birth, "death": death,
            "rank": rng.choice(len(ranks), size=n, p=rank_p / rank_p.sum()),
            "unit": rng.choice(len(units), size=n, p=unit_p / unit_p.sum()),
            "household": np.full(n, "", dtype=object), "relation": np.full(n, "", dtype=object)}


def _patronymic(father: str, sex: str, oglu: bool, t: _Tables) -> str:
    if oglu:
        return f"{father} {'кызы' if sex == 'f' else 'оглы'}"
    male, female = t.patronymic[father]
    return female if sex == "f" else male


def _births(death: np.ndarray, rng: np.random.Generator, cfg: GeneratorConfig) -> np.ndarray:
    """Birth dates from a log-normal age at death, kept inside the birth window and >= 18 years."""
    age = 18 + rng.lognormal(np.log(cfg.age_median - 18), cfg.age_spread, len(death))
    birth = death - np.round(age * 365.2425).astype("int64")
    first, last = _day(cfg.first_birth), _day(cfg.last_birth)
    birth = np.clip(birth, first + rng.integers(0, 365, len(death)), last - rng.integers(0, 200, len(death)))
    young = _ages(birth, death) < 18  # only near the last birth date: move back a year
    while young.any():
        birth[young] -= 366
        young = _ages(birth, death) < 18
    return birth


# ------------------------------------------------------------------------- households ---

class _Households:
    """Rewrites runs of independent people into brothers, fathers and sons, and cousins."""

    def __init__(self, people: dict, rng, cfg: GeneratorConfig, t: _Tables, deaths: _Deaths):
        self.p, self.rng, self.cfg, self.t, self.deaths = people, rng, cfg, t, deaths
        self.first_birth, self.last_birth = _day(cfg.first_birth), _day(cfg.last_birth)
        self.links: list[tuple[int, int, str]] = []

    def build(self) -> list[tuple[int, int, str]]:
        n, cfg, rng = len(self.p["first"]), self.cfg, self.rng
        kinds = list(cfg.household_kinds)
        kind_p = np.array([cfg.household_kinds[k] for k in kinds], dtype=float)
        cursor, number = 0, 0
        while cursor < round(cfg.households * n):
            kind = kinds[rng.choice(len(kinds), p=kind_p / kind_p.sum())]
            extra = {"brothers": cfg.three_brothers, "father_son": cfg.two_sons}.get(kind, 0.0)
            size = 2 + int(rng.random() < extra)
            if cursor + size > n:
                break
            number += 1
            members = list(range(cursor, cursor + size))
            getattr(self, kind)(members)
            for m in members:
                self.p["household"][m] = f"h{number:06d}"
            cursor += size
        return self.links

    def _head(self, i: int) -> None:
        """The first member is a man (households here are of men lost): redraw a woman's name."""
        p = self.p
        if p["sex"][i] == "f":
            p["sex"][i] = "m"
            names, prob = self.t.first[(p["group"][i], "m")]
            p["first"][i] = names[self.rng.choice(len(names), p=prob)]
            p["patronymic"][i] = _patronymic(p["father"][i], "m", p["oglu"][i], self.t)

    def _male(self, i: int, head: int, same_settlement: float) -> None:
        """Member i becomes a man of head's family: surname, people, region, maybe settlement."""
        p = self.p
        p["sex"][i] = "m"
        for key in ("group", "surname", "region"):
            p[key][i] = p[key][head]
        p["settlement"][i] = (p["settlement"][head] if self.rng.random() < same_settlement
                              else self._settlement(p["region"][i]))
        taken = {p["first"][j] for j in range(head, i)}
        names, prob = self.t.first[(p["group"][i], "m")]
        for _ in range(20):  # brothers do not share a first name
            p["first"][i] = names[self.rng.choice(len(names), p=prob)]
            if p["first"][i] not in taken:
                break

    def _settlement(self, region: int) -> str:
        names = self.t.regions[region]["settlements"]
        w = 1.0 / np.arange(1, len(names) + 1) ** self.cfg.settlement_zipf
        return names[self.rng.choice(len(names), p=w / w.sum())]

    def _lives(self, i: int, birth: int) -> None:
        lo, hi = self.first_birth, self.last_birth
        self.p["birth"][i] = min(max(birth, lo), hi)
        self.p["death"][i] = self.deaths.after(self.rng, _plus_years(self.p["birth"][i], 18))

    def brothers(self, members: list[int]) -> None:
        p, rng, cfg = self.p, self.rng, self.cfg
        head = members[0]
        self._head(head)
        twins = rng.random() < cfg.twins
        for k, i in enumerate(members[1:], start=1):
            self._male(i, head, cfg.same_settlement)
            p["father"][i], p["oglu"][i], p["patronymic"][i] = p["father"][head], p["oglu"][head], p["patronymic"][head]
            if twins and k == 1:
                birth = p["birth"][head]
            else:
                gap = int(rng.integers(cfg.brother_gap_years[0] * 365, cfg.brother_gap_years[1] * 365 + 1))
                birth = p["birth"][head] + (gap if p["birth"][head] + gap <= self.last_birth else -gap)
            self._lives(i, birth)
            if rng.random() < cfg.same_death_day and p["death"][head] >= _plus_years(p["birth"][i], 18):
                p["death"][i] = p["death"][head]
        for k, i in enumerate(members):
            p["relation"][i] = "twin" if twins and k < 2 else "brother"
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                self.links.append((a, b, "twin" if twins and b == members[1] and a == head else "sibling"))

    def father_son(self, members: list[int]) -> None:
        p, rng, cfg = self.p, self.rng, self.cfg
        father, sons = members[0], members[1:]
        self._head(father)
        lo, hi = cfg.father_son_gap_years
        gaps = [int(rng.integers(round(lo * 365.25) + 1, round((hi + 1) * 365.25) - 1)) for _ in sons]
        self._lives(father, int(rng.integers(self.first_birth, self.last_birth - max(gaps) + 1)))
        for i, gap in zip(sons, gaps):
            self._male(i, father, cfg.same_settlement)
            p["father"][i], p["oglu"][i] = p["first"][father], p["oglu"][father]
            p["patronymic"][i] = _patronymic(p["first"][father], "m", p["oglu"][i], self.t)
            if rng.random() < cfg.named_after_father:
                p["first"][i] = p["first"][father]
            self._lives(i, p["birth"][father] + gap)
            p["relation"][i] = "son"
            self.links.append((father, i, "parent_child"))
        p["relation"][father] = "father"
        if len(sons) == 2:
            self.links.append((sons[0], sons[1], "sibling"))

    def cousins(self, members: list[int]) -> None:
        p, rng, cfg = self.p, self.rng, self.cfg
        a, b = members
        self._head(a)
        self._male(b, a, cfg.cousins_same_settlement)
        if rng.random() >= cfg.cousins_same_region:
            p["region"][b] = rng.integers(len(self.t.regions))
            p["settlement"][b] = self._settlement(p["region"][b])
        names, prob = self.t.first[(p["group"][a], "m")]
        for _ in range(50):  # cousins: fathers are brothers, so the patronymics differ
            p["father"][b] = names[rng.choice(len(names), p=prob)]
            if p["father"][b] != p["father"][a]:
                break
        p["oglu"][b] = p["oglu"][a]
        p["patronymic"][b] = _patronymic(p["father"][b], "m", p["oglu"][b], self.t)
        gap = int(rng.integers(-cfg.cousin_gap_years * 365, cfg.cousin_gap_years * 365 + 1))
        self._lives(b, p["birth"][a] + gap)
        p["relation"][a] = p["relation"][b] = "cousin"
        self.links.append((a, b, "cousin"))


# --------------------------------------------------------------------- Latin and typos ---

VOWELS = "аеёиоуыэюя"
FOLD = str.maketrans("", "", "’'ʹʺʼ‘`\"")


def _german_word(word: str, rules: dict) -> str:
    low, ending = word.lower(), ""
    for tail, repl in rules["endings"]:
        if low.endswith(tail) and len(low) > len(tail):
            low, ending = low[: -len(tail)], repl
            break
    sequences, letters, out, i = dict(rules["sequences"]), rules["letters"], [], 0
    while i < len(low):
        if low[i:i + 2] in sequences:
            out.append(sequences[low[i:i + 2]])
            i += 2
            continue
        ch, prev = low[i], low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if ch in rules["iotated"] and (not prev or prev in VOWELS + "ъь"):
            out.append(rules["iotated"][ch])
        elif ch == "с" and rules["double_s_between_vowels"] and prev and nxt and {prev, nxt} <= set(VOWELS):
            out.append("ss")
        else:
            out.append(letters.get(ch, ch))
        i += 1
    text = "".join(out) + ending
    return text[:1].upper() + text[1:] if word[:1].isupper() else text


class _Latin:
    """Transliteration by scheme, cached per (scheme, string): names repeat, schemes are slow."""

    def __init__(self, schemes: list[str], german: dict):
        self.schemes = [None if s == GERMAN else getattr(iuliia, s) for s in schemes]
        self.german = german
        self.cache: dict = {}
        self.folded: dict = {}

    def __call__(self, text: str, k: int) -> str:
        out = self.cache.get((k, text))
        if out is None:
            schema = self.schemes[k]
            if schema is None:
                out = "".join(_german_word(w, self.german) if w[:1].isalpha() else w
                              for w in re.split(r"(\W+)", text))
            else:  # some schemes leave ё (BGN/PCGN, scholarly): print it as ë
                out = schema.translate(text).replace("ё", "ë").replace("Ё", "Ë")
            self.cache[(k, text)] = out
        return out

    def fold(self, text: str) -> str:
        """What a hand-typist makes of a diacritic transliteration: plain ASCII."""
        out = self.folded.get(text)
        if out is None:
            out = unicodedata.normalize("NFKD", text).translate(FOLD)
            out = out.encode("ascii", "ignore").decode()
            self.folded[text] = out
        return out


def _typo(word: str, kind: int, u_pos: float, u_key: float, keyboard: dict) -> str:
    """One typo, never on the first letter (people rarely mistype it): TYPO_KINDS[kind]."""
    n = len(word)
    if n < 3:
        return word
    i = 1 + min(int(u_pos * (n - 1)), n - 2)
    if kind == 1:  # transposition of two different neighbouring letters
        for j in [*range(i, n - 1), *range(1, i)]:
            if word[j] != word[j + 1]:
                return word[:j] + word[j + 1] + word[j] + word[j + 2:]
        kind = 2
    if kind == 3:  # nearby key
        spots = [j for j in range(1, n) if word[j].lower() in keyboard]
        if spots:
            j = spots[min(int(u_pos * len(spots)), len(spots) - 1)]
            near = keyboard[word[j].lower()]
            key = near[min(int(u_key * len(near)), len(near) - 1)]
            return word[:j] + (key.upper() if word[j].isupper() else key) + word[j + 1:]
        kind = 2
    if kind == 0:
        return word[:i] + word[i + 1:]
    return word[:i + 1] + word[i] + word[i + 1:]  # doubling


# ------------------------------------------------------------------------- mentions ---

MONTH_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
MONTH_NOM = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
             "сентябрь", "октябрь", "ноябрь", "декабрь")
MONTH_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")


class _Draws:
    """Every per-mention random choice, drawn up front as numpy arrays (fast, seed-determined)."""

    def __init__(self, m: int, src: np.ndarray, rng: np.random.Generator, cfg: GeneratorConfig):
        self.m, self.src, self.rng = m, src, rng
        self.habits = list(cfg.sources.values())

    def per_source(self, attr: str) -> np.ndarray:
        return np.array([getattr(h, attr) for h in self.habits], dtype=float)[self.src]

    def coin(self, p) -> np.ndarray:
        return self.rng.random(self.m) < p

    def uniform(self) -> np.ndarray:
        return self.rng.random(self.m)

    def category(self, probs) -> np.ndarray:
        """Per-mention index into `probs` (one row per source, or one shared row)."""
        cum = np.cumsum(np.atleast_2d(np.asarray(probs, dtype=float)), axis=1)
        cum = cum / cum[:, -1:]
        rows = cum[self.src] if len(cum) > 1 else np.broadcast_to(cum, (self.m, cum.shape[1]))
        return (self.uniform()[:, None] >= rows).sum(axis=1).clip(0, cum.shape[1] - 1)

    def source_category(self, attr: str) -> np.ndarray:
        return self.category([getattr(h, attr) for h in self.habits])


def _flag(eligible: np.ndarray, applied: np.ndarray) -> np.ndarray:
    """Noise column: 1 applied, 0 eligible but not applied, -1 not eligible."""
    return np.where(eligible, applied.astype(np.int8), np.int8(-1)).astype(np.int8)


def _render_names(pe: dict, person: np.ndarray, draws: _Draws, latin: np.ndarray, scheme: np.ndarray,
                  cfg: GeneratorConfig, t: _Tables, tr: _Latin, noise: dict) -> dict:
    m, schemes = len(person), list(cfg.schemes)
    first = pe["first"][person]
    is_german = latin & (scheme == schemes.index(GERMAN)) if GERMAN in schemes else np.zeros(m, bool)
    has_dim = pd.Series(first).isin(set(t.diminutives)).to_numpy()
    dim = has_dim & draws.coin(draws.per_source("diminutive"))
    styles = np.where(is_german, "german", "english")
    has_form = np.array([(f, s) in t.forms for f, s in zip(first.tolist(), styles.tolist())], dtype=bool)
    conv_ok = latin & has_form & ~dim
    conv = conv_ok & draws.coin(cfg.conventional_form)
    fold = latin & draws.coin(cfg.ascii_fold)
    full = draws.coin(draws.per_source("full_name"))
    # a diminutive goes with the first name first and no patronymic ("Саша Бойко")
    order = ~dim & draws.coin(np.where(latin, draws.per_source("surname_first_latin"), draws.per_source("surname_first")))
    nopat = ~dim & draws.coin(np.where(latin, draws.per_source("no_patronymic_latin"), draws.per_source("no_patronymic")))
    caps = draws.coin(draws.per_source("caps"))
    typo = draws.coin(cfg.typo)
    typo_kind = draws.category(list(cfg.typo_kinds.values()))
    typo_part = draws.category(list(cfg.typo_parts))
    u_dim, u_conv, u_yo, u_pos, u_key = (draws.uniform() for _ in range(5))
    yo = np.full(m, -1, dtype=np.int8)
    cols = {k: [""] * m for k in ("full_name", "first_name", "patronymic", "surname")}
    keyboards = (t.keys["cyrillic"], t.keys["latin"])
    F, P, S = first.tolist(), pe["patronymic"][person].tolist(), pe["surname"][person].tolist()
    # plain lists: indexing them in the loop is several times faster than numpy scalars
    DIM, NOPAT, CONV, FOLD_, TYPO, KIND, PART, CAPS, FULL, ORDER = (a.tolist() for a in (
        dim, nopat, conv, fold, typo, typo_kind, typo_part, caps, full, order))
    U_DIM, U_CONV, U_YO, U_POS, U_KEY, STYLE = (a.tolist() for a in (u_dim, u_conv, u_yo, u_pos, u_key, styles))
    for i, (lat, k) in enumerate(zip(latin.tolist(), scheme.tolist())):
        f, pa, s = F[i], ("" if NOPAT[i] or DIM[i] else P[i]), S[i]
        if DIM[i]:
            f = _pick(t.diminutives[f], U_DIM[i])
        name = f + pa + s
        if "ё" in name or "Ё" in name:
            yo[i] = U_YO[i] < cfg.yo_as_e
            if yo[i]:
                f, pa, s = (x.replace("ё", "е").replace("Ё", "Е") for x in (f, pa, s))
        if lat:
            f = _pick(t.forms[(F[i], STYLE[i])], U_CONV[i]) if CONV[i] else tr(f, k)
            pa, s = (tr(pa, k) if pa else ""), tr(s, k)
            if FOLD_[i]:
                f, pa, s = tr.fold(f), tr.fold(pa), tr.fold(s)
        if TYPO[i]:
            part = PART[i] if (PART[i] != 2 or pa) else 0
            args = (KIND[i], U_POS[i], U_KEY[i], keyboards[lat])
            if part == 0:
                s = _typo(s, *args)
            elif part == 1:
                f = _typo(f, *args)
            else:
                pa = _typo(pa, *args)
        if CAPS[i]:
            f, pa, s = f.upper(), pa.upper(), s.upper()
        if FULL[i]:
            cols["full_name"][i] = " ".join(x for x in ((s, f, pa) if ORDER[i] else (f, pa, s)) if x)
        else:
            cols["first_name"][i], cols["patronymic"][i], cols["surname"][i] = f, pa, s
    every = np.ones(m, dtype=bool)
    noise.update(latin=_flag(every, latin), german=_flag(latin, is_german), conventional_form=_flag(conv_ok, conv),
                 ascii_fold=_flag(latin, fold), full_name=_flag(every, full), surname_first=_flag(full & ~dim, order),
                 no_patronymic=_flag(~dim, nopat), diminutive=_flag(has_dim, dim), yo_as_e=yo,
                 typo=_flag(every, typo), caps=_flag(every, caps))
    noise["typo_kind"] = np.where(typo, np.array(TYPO_KINDS, dtype=object)[typo_kind], "")
    return cols


def _date_tables(cfg: GeneratorConfig) -> dict:
    out = {}
    for key, templates in cfg.date_formats.items():
        weights = np.cumsum(list(templates.values()))
        out[key] = ([tpl.format for tpl in templates], weights / weights[-1])
    return out


def _format_date(tables: dict, key: str, u: float, y: int, m: int, d: int) -> str:
    fmt = _pick(tables[key], u)
    return fmt(d=d, m=m, y=y, yy=y % 100, month_gen=MONTH_GEN[m - 1], month_nom=MONTH_NOM[m - 1],
               month_en=MONTH_EN[m - 1])


def _render_dates(pe: dict, person: np.ndarray, draws: _Draws, latin: np.ndarray,
                  cfg: GeneratorConfig, noise: dict) -> dict:
    m = len(person)
    birth, death = pe["birth"][person], pe["death"][person]
    bprec, dprec = draws.source_category("birth"), draws.source_category("death")
    text = draws.coin(draws.per_source("text_dates"))
    by, bm, bd = _ymd(birth)
    swap_ok = (bprec == 0) & (bd <= 12) & (bd != bm)
    swap = swap_ok & draws.coin(cfg.day_month_swap)
    bd, bm = np.where(swap, bm, bd), np.where(swap, bd, bm)
    off = (bprec < 3) & draws.coin(cfg.birth_year_off)
    by = by + np.where(off, np.where(draws.coin(0.5), 1, -1), 0)
    bd = np.where(off & (bm == 2) & (bd == 29), 28, bd)
    shift = (dprec == 0) & draws.coin(cfg.death_shift)
    days = draws.rng.integers(1, cfg.death_shift_days + 1, m) * np.where(draws.coin(0.5), 1, -1)
    dy, dm, dd = _ymd(death + np.where(shift, days, 0))
    age_shown = draws.coin(np.where(bprec == 3, draws.per_source("age_without_birth"), draws.per_source("age_with_birth")))
    age_off = age_shown & draws.coin(cfg.age_off)
    age = _ages(birth, death) + np.where(age_off, np.where(draws.coin(0.5), 1, -1), 0)
    tables, u_birth, u_death = _date_tables(cfg), draws.uniform(), draws.uniform()
    cols = {"birth_date": [""] * m, "death_date": [""] * m,
            "age": np.where(age_shown, age.astype(str), "").astype(object).tolist()}
    scripts, styles = np.where(latin, "latin", "cyrillic"), np.where(text, "text", "numeric")
    rows = zip(scripts.tolist(), styles.tolist(), bprec.tolist(), u_birth.tolist(), by.tolist(), bm.tolist(),
               bd.tolist(), dprec.tolist(), u_death.tolist(), dy.tolist(), dm.tolist(), dd.tolist())
    for i, (script, style, *dates) in enumerate(rows):
        for col, kind, (prec, u, y, mo, d) in (("birth_date", "birth", dates[:5]), ("death_date", "death", dates[5:])):
            if prec < 3:  # a year alone is written differently for a birth ("1995 г.р.") and a death
                key = f"{script} {PRECISIONS[prec]} {kind if prec == 2 else style}"
                cols[col][i] = _format_date(tables, key, u, y, mo, d)
    every = np.ones(m, dtype=bool)
    noise.update(birth_precision=np.array(PRECISIONS, dtype=object)[bprec],
                 death_precision=np.array(PRECISIONS, dtype=object)[dprec],
                 day_month_swap=_flag(swap_ok, swap), birth_year_off=_flag(bprec < 3, off),
                 death_shift=_flag(dprec == 0, shift), age_shown=_flag(every, age_shown),
                 age_off=_flag(age_shown, age_off))
    return cols


def _render_places(pe: dict, person: np.ndarray, draws: _Draws, latin: np.ndarray, scheme: np.ndarray,
                   cfg: GeneratorConfig, t: _Tables, tr: _Latin, noise: dict) -> dict:
    m = len(person)
    form = draws.source_category("region")
    show = {k: draws.coin(draws.per_source(k)) for k in ("settlement", "unit", "rank")}
    prefix, abbrev, yo = draws.coin(cfg.settlement_prefix), draws.coin(cfg.rank_abbreviation), draws.coin(cfg.yo_as_e)
    u_form = draws.uniform()
    fold = noise["ascii_fold"] == 1
    ranks, units, abbreviations = t.military["ranks"], t.military["units"], t.military["rank_abbreviations"]
    region, settlement = pe["region"][person].tolist(), pe["settlement"][person].tolist()
    rank, unit = pe["rank"][person].tolist(), pe["unit"][person].tolist()
    cols = {k: [""] * m for k in ("region", "settlement", "unit", "rank")}
    SETTLE, UNIT, RANK, PREFIX, ABBREV, YO, FOLD_, U_FORM, FORM = (a.tolist() for a in (
        show["settlement"], show["unit"], show["rank"], prefix, abbrev, yo, fold, u_form, form))
    for i, (lat, k) in enumerate(zip(latin.tolist(), scheme.tolist())):
        reg = t.regions[region[i]]
        f = FORM[i] if FORM[i] != 2 or reg["old"] else 0  # no old name: the full one
        form[i] = f
        if f == 0:
            text = reg["latin"] if lat else reg["name"]
        elif f == 1:
            forms = reg["latin_short"] if lat else reg["short"]
            text = forms[min(int(U_FORM[i] * len(forms)), len(forms) - 1)]
        elif f == 2:
            text = reg["old"][min(int(U_FORM[i] * len(reg["old"])), len(reg["old"]) - 1)]
        else:
            text = ""
        place = ""
        if SETTLE[i]:
            bare = settlement[i].partition(" ")[2]
            place = settlement[i] if PREFIX[i] and not lat else bare
            if YO[i]:
                place = place.replace("ё", "е")
        if lat:
            text, place = (tr(text, k) if f == 2 else text), tr(place, k)
            if FOLD_[i]:
                text, place = tr.fold(text), tr.fold(place)
        cols["region"][i], cols["settlement"][i] = text, place
        if UNIT[i]:
            cols["unit"][i] = units[unit[i]][1 if lat else 0]
        if RANK[i]:
            ru = ranks[rank[i]][0]
            cols["rank"][i] = ranks[rank[i]][1] if lat else (abbreviations.get(ru, ru) if ABBREV[i] else ru)
    noise["region_form"] = np.array(REGION_FORMS, dtype=object)[form]
    noise.update({k: _flag(np.ones(m, dtype=bool), v) for k, v in show.items()})
    return cols


# ----------------------------------------------------------------------------- output ---

@dataclass
class Dataset:
    """A generated list: the public frames, plus the people and per-mention noise behind them."""

    mentions: pd.DataFrame  # MENTION_COLUMNS, strings, "" when missing
    truth: pd.DataFrame  # TRUTH_COLUMNS
    family: pd.DataFrame  # FAMILY_COLUMNS
    people: pd.DataFrame  # one row per person: the true names, dates and places
    noise: pd.DataFrame  # per mention: which noise was applied (1), eligible but not (0), not eligible (-1)


def generate_dataset(people: int, seed: int, config: GeneratorConfig | None = None) -> Dataset:
    """Draw people and households, then mentions of them; deterministic for (people, seed, config)."""
    if people < 1:
        raise ValueError("people must be at least 1")
    cfg = config or GeneratorConfig()
    rng = np.random.default_rng(seed)
    t = _load_tables(cfg)
    deaths = _Deaths(cfg)
    pe = _draw_people(people, rng, cfg, t, deaths)
    links = _Households(pe, rng, cfg, t, deaths).build()
    pe["surname"] = np.array([_feminine_surname(s) if x == "f" else s for s, x in zip(pe["surname"], pe["sex"])],
                             dtype=object)
    counts = rng.choice(len(cfg.mentions_per_person), size=people,
                        p=np.asarray(cfg.mentions_per_person) / sum(cfg.mentions_per_person)) + 1
    person = rng.permutation(np.repeat(np.arange(people), counts))
    source_p = np.array([h.weight for h in cfg.sources.values()], dtype=float)
    src = rng.choice(len(source_p), size=len(person), p=source_p / source_p.sum())
    draws = _Draws(len(person), src, rng, cfg)
    latin = draws.coin(draws.per_source("latin"))
    scheme_p = np.array(list(cfg.schemes.values()), dtype=float)
    scheme = rng.choice(len(scheme_p), size=len(person), p=scheme_p / scheme_p.sum())
    tr, noise = _Latin(list(cfg.schemes), t.german), {}
    columns = _render_names(pe, person, draws, latin, scheme, cfg, t, tr, noise)
    columns |= _render_dates(pe, person, draws, latin, cfg, noise)
    columns |= _render_places(pe, person, draws, latin, scheme, cfg, t, tr, noise)
    pid = _ids("p", rng.permutation(people) + 1, max(6, len(str(people))))
    record_id = _ids("m", np.arange(1, len(person) + 1), max(7, len(str(len(person)))))
    columns |= {"record_id": record_id, "source": np.array(list(cfg.sources), dtype=object)[src]}
    mentions = pd.DataFrame({c: columns[c] for c in MENTION_COLUMNS}, dtype=object)
    truth = pd.DataFrame({"record_id": record_id, "person_id": pid[person],
                          "household_id": pe["household"][person], "relation": pe["relation"][person]},
                         dtype=object)
    noise_frame = pd.DataFrame({"record_id": record_id, "source": mentions["source"], "scheme": np.where(
        latin, np.array(list(cfg.schemes), dtype=object)[scheme], ""), **noise})
    return Dataset(mentions, truth, _family(links, pid), _people_frame(pe, pid, t), noise_frame)


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.array([f"{prefix}{k:0{width}d}" for k in numbers.tolist()], dtype=object)


def _family(links: list, pid: np.ndarray) -> pd.DataFrame:
    rows = [(pid[a], pid[b], rel) for a, b, rel in links]
    return pd.DataFrame(sorted(rows), columns=list(FAMILY_COLUMNS), dtype=object)


def _people_frame(pe: dict, pid: np.ndarray, t: _Tables) -> pd.DataFrame:
    iso = lambda days: np.asarray(days, dtype="int64").astype("datetime64[D]").astype(str)
    frame = pd.DataFrame({
        "person_id": pid, "sex": pe["sex"], "group": pe["group"], "first_name": pe["first"],
        "patronymic": pe["patronymic"], "surname": pe["surname"], "father_first_name": pe["father"],
        "birth_date": iso(pe["birth"]), "death_date": iso(pe["death"]), "age": _ages(pe["birth"], pe["death"]),
        "region": [t.regions[r]["name"] for r in pe["region"]], "settlement": pe["settlement"],
        "unit": [t.military["units"][u][0] for u in pe["unit"]],
        "rank": [t.military["ranks"][r][0] for r in pe["rank"]],
        "household_id": pe["household"], "relation": pe["relation"]})
    return frame.sort_values("person_id", ignore_index=True)


def generate(people: int, seed: int, config: GeneratorConfig | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """mentions, truth, family: see MENTION_COLUMNS, TRUTH_COLUMNS, FAMILY_COLUMNS."""
    data = generate_dataset(people, seed, config)
    return data.mentions, data.truth, data.family


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_dataset(out_dir: Path, people: int, seed: int, config: GeneratorConfig | None = None) -> dict:
    """Write out_dir/mentions.csv, truth.csv and family.csv (each atomically); return counts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    mentions, truth, family = generate(people, seed, config)
    for name, frame in (("mentions", mentions), ("truth", truth), ("family", family)):
        _write_csv(frame, out_dir / f"{name}.csv")
    return {"people": people, "mentions": len(mentions),
            "households": int(truth.loc[truth["household_id"] != "", "household_id"].nunique()),
            "family_links": len(family)}
