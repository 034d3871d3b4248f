"""Every rate and share of the generator: GeneratorConfig and how each source prints a person.

Reads nothing and writes nothing: the calibrated defaults live here, as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from linkage.generate.archive import ArchiveHabits
from linkage.generate.capture import CaptureConfig

GERMAN = "german"  # a Latin scheme iuliia lacks: German press (Iwanow, Juri), our own table
# Other schemes iuliia lacks, our own tables in resources/generator/schemes.json: Polish (sz, cz,
# Siergiej), French (ou, tch), Czech (š, č) press, and a hand-typist's ad-hoc ASCII (Solov'ev).
TABLE_SCHEMES = ("POLISH", "FRENCH", "CZECH", "ADHOC")
# Peoples whose surnames can look like given names (Монгуш Айдыс / Айдыс Монгуш).
SWAPPABLE_GROUPS = ("tuvan", "buryat", "dagestani", "altai")
# Columns a source may lack altogether (GeneratorConfig.missing_columns).
OPTIONAL_COLUMNS = ("birth_date", "age", "settlement", "unit", "rank", "region")


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
    url: float = 0.0  # an archived link to the page the mention was read from (source_url)
    sparse: float = 0.0  # a bare social-media mention: first name, surname, region and a month of death only


# Calibrated so that over all sources birth dates are full in ~64% of mentions and missing in
# ~30% (a public list of the fallen, surveyed when the generator was written: 65% full, 32%
# missing), names mostly Cyrillic three-part.
DEFAULT_SOURCES = {
    "obituary": SourceHabits(0.25, 0.0, 0.90, 0.60, 0.20, 0.15, 0.60, 0.02, 0.03,
                             (0.72, 0.01, 0.04, 0.23), (0.75, 0.05, 0.02, 0.18), 0.35, 0.80, 0.30,
                             (0.35, 0.40, 0.05, 0.20), 0.70, 0.30, 0.50, url=0.95),
    "cemetery": SourceHabits(0.10, 0.0, 0.85, 0.95, 0.50, 0.08, 0.60, 0.00, 0.45,
                             (0.90, 0.00, 0.07, 0.03), (0.92, 0.00, 0.06, 0.02), 0.00, 0.05, 0.02,
                             (0.05, 0.05, 0.00, 0.90), 0.40, 0.05, 0.15, url=0.80),
    "memorial": SourceHabits(0.15, 0.0, 0.40, 0.95, 0.50, 0.05, 0.60, 0.00, 0.05,
                             (0.66, 0.01, 0.02, 0.31), (0.90, 0.03, 0.02, 0.05), 0.00, 0.80, 0.90,
                             (0.60, 0.30, 0.00, 0.10), 0.30, 0.60, 0.80, url=0.95),
    "social": SourceHabits(0.22, 0.02, 0.95, 0.30, 0.10, 0.45, 0.80, 0.35, 0.02,
                           (0.55, 0.02, 0.06, 0.37), (0.55, 0.05, 0.00, 0.40), 0.50, 0.60, 0.20,
                           (0.20, 0.30, 0.02, 0.48), 0.60, 0.15, 0.20, url=0.95),
    "news": SourceHabits(0.18, 0.02, 0.97, 0.40, 0.10, 0.30, 0.80, 0.03, 0.02,
                         (0.50, 0.02, 0.08, 0.40), (0.60, 0.08, 0.02, 0.30), 0.60, 0.85, 0.30,
                         (0.30, 0.50, 0.02, 0.18), 0.80, 0.40, 0.40, url=0.95),
    "foreign": SourceHabits(0.10, 0.95, 0.75, 0.50, 0.15, 0.30, 0.65, 0.02, 0.10,
                            (0.55, 0.02, 0.08, 0.35), (0.65, 0.08, 0.02, 0.25), 0.55, 0.70, 0.30,
                            (0.40, 0.45, 0.02, 0.13), 0.50, 0.30, 0.35, url=0.90),
}

# Latin schemes of foreign press and OSINT re-publications: iuliia schema names, plus GERMAN.
DEFAULT_SCHEMES = {
    "WIKIPEDIA": 0.20, "BGN_PCGN": 0.10, "ICAO_DOC_9303": 0.14, "MVD_782": 0.10, "MVD_310": 0.05,
    "YANDEX_MAPS": 0.07, "YANDEX_MONEY": 0.03, "TELEGRAM": 0.06, "SCIENTIFIC": 0.04,
    "GOST_7034": 0.04, "GOST_779": 0.02, "GOST_52535": 0.03, "ALA_LC": 0.02, "ISO_9_1954": 0.01,
    "BS_2979": 0.02, "UNGEGN_1987": 0.01, GERMAN: 0.06,
    **{name: 0.0 for name in TABLE_SCHEMES},  # off by default: `--vary` mixes them in
}

# str.format templates per "script precision style"; fields d, m, y, yy, month_gen, month_nom,
# month_en. Only forms ingest reads (README: "The mention contract"), plus "??.MM.YYYY" seen on
# a public list.
DEFAULT_DATE_FORMATS = {
    "cyrillic full numeric": {"{d:02d}.{m:02d}.{y}": 0.80, "{y}-{m:02d}-{d:02d}": 0.12,
                              "{d:02d}.{m:02d}.{yy:02d}": 0.08},
    "cyrillic full text": {"{d} {month_gen} {y}": 0.70, "{d} {month_gen} {y} г.": 0.30},
    "cyrillic month numeric": {"{m:02d}.{y}": 0.60, "{y}-{m:02d}": 0.25, "??.{m:02d}.{y}": 0.15},
    "cyrillic month text": {"{month_nom} {y}": 0.70, "{month_nom} {y} г.": 0.30},
    "cyrillic year birth": {"{y}": 0.60, "{y} г.р.": 0.40},
    "cyrillic year death": {"{y}": 0.70, "{y} г.": 0.30},
    "latin full numeric": {"{y}-{m:02d}-{d:02d}": 0.60, "{d:02d}.{m:02d}.{y}": 0.40},
    # English-language media, month first (GeneratorConfig.month_first): 10/06/2023 is 6 October
    "latin full slashed": {"{m:02d}/{d:02d}/{y}": 0.60, "{m}/{d}/{y}": 0.25, "{m}/{d}/{yy:02d}": 0.15},
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
    age_median: float = 33.0  # median age at death on a public list of the fallen: 33 (range 18-72)
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
    # -- habits of other hands (issue 14, REAL-HABITS.md) ------------------------------------
    # Each is off (0) by default, so the default lists stay as calibrated; `linkage generate
    # --vary SEED` draws them from wide ranges (vary.py). They draw from a second random stream,
    # so at 0 they leave every other column exactly as before.
    month_first: float = 0.0  # a Latin full numeric date written month first: 10/06/2023 is 6 October
    death_day_month_swap: float = 0.0  # full death date with day and month swapped by hand (day <= 12)
    burial_date: float = 0.0  # the death date printed is the burial or announcement date ...
    burial_days: tuple[int, int] = (2, 30)  # ... this many days after the death
    month_only: float = 0.0  # a date the source would print in full printed to the month (10.2023)
    year_only: float = 0.0  # a date the source would print to the day or month printed as a year
    age_off_two: float = 0.0  # an age that is off (age_off) is off by two, not one
    age_at_writing: float = 0.0  # age printed as of the writing, up to two years after the death
    initials: float = 0.0  # first name and patronymic as initials: Петров С.А., S. A. Petrov
    patronymic_initial: float = 0.0  # the patronymic alone as an initial: Сергей А. Петров
    familiar: float = 0.0  # a familiar or foreign first name from familiar.csv: Митя, Жека, Sanya, Max, Dimitri
    name_swap: float = 0.0  # given name and surname swapped, for SWAPPABLE_GROUPS: Айдыс Монгуш as surname Айдыс
    name_swap_groups: tuple[str, ...] = SWAPPABLE_GROUPS
    # per source: columns it never prints (OPTIONAL_COLUMNS); a list whose region is its only place
    # lacks settlement; a column no source prints is left out of mentions.csv
    missing_columns: Mapping[str, tuple[str, ...]] = _frozen({})
    # -- pages (source_url) ----------------------------------------------------------------
    # 17% of the records of a volunteer list share a link with another (group obituaries naming
    # several dead of one district or family: REAL-LISTS.md); a group page names 2..max people
    group_pages: float = 0.17  # share of linked mentions on a page that names several people
    group_size: tuple[int, int] = (2, 6)
    group_kin: float = 0.30  # a group page built around one household (brothers, father and son)
    group_settlement: float = 0.60  # ... else around one settlement, else one region
    name_table_seed: int = 0  # fixes the rare surnames' weights: a property of the config, not the run
    # -- capture (optional) ----------------------------------------------------------------
    # None: every person is named 1-6 times (mentions_per_person) by sources drawn by weight.
    # A CaptureConfig: `people` is a population of deaths, each list names each person with its
    # own probability (dependence, visibility classes), and some people are never named.
    capture: CaptureConfig | None = None
    # -- archive (optional) ----------------------------------------------------------------
    # None: today's lists. ArchiveHabits: WWII loss records (wwii.py's preset, `--era wwii`): the
    # wartime tables, places as raion / village / conscription office, "missing since" dates.
    archive: ArchiveHabits | None = None
