"""The WWII preset: `linkage generate --era wwii`, a list of Soviet WWII loss records.

Reads nothing; returns a GeneratorConfig. Births 1880-1927, deaths 22 June 1941 to September
1945; six kinds of document name each man 1-6 times, each with its habits (REAL-HABITS.md and
the period's records as the Memorial OBD and "Pamyat naroda" show them):

- loss_report (донесение): a unit's report of irrecoverable losses; the name split into fields, the birth year
  only, the conscription office (РВК) often as the place, the unit, the rank; a third report a
  man missing ("пропал без вести") since a date;
- memory_book (книга памяти): a regional book of memory, printed decades later: "ИВАНОВ Иван Петрович,
  1910 г.р.", the village, today's oblast name as often as the wartime one, often a year only;
- personnel_card (карточка): a personnel card or a death notice (извещение): some full birth dates;
- hospital (госпиталь): a hospital's death record: the exact day, the home village, sometimes an age;
- burial (захоронение): a burial card or a memorial plate: initials, a year, often nothing but the name;
- pow_card (плен): a German POW card (Personalkarte), in German transliteration, with a full birth date
  and the day of death in captivity, months after the unit reported the man missing.

Households: brothers of one village, and fathers (born about 1880-1905) lost with their sons
(born 1905-1927). Clerks misspell by ear (Калесников), write the patronymic as an initial,
and a year of birth is off by one as often as the man's own memory was.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from linkage.generate.archive import ArchiveHabits
from linkage.generate.config import (
    DEFAULT_DATE_FORMATS,
    DEFAULT_SCHEMES,
    GERMAN,
    GeneratorConfig,
    SourceHabits,
)

# weight, latin, full_name, surname_first, surname_first_latin, no_patronymic, no_patronymic_latin,
# diminutive, caps, birth (day, month, year, none), death (day, month, year, none), text_dates,
# age_without_birth, age_with_birth, region (wartime, short, today's, none), settlement, unit, rank
SOURCES = {
    "loss_report": SourceHabits(0.30, 0.0, 0.10, 0.95, 0.5, 0.04, 0.5, 0.0, 0.20,
                              (0.03, 0.00, 0.82, 0.15), (0.82, 0.08, 0.03, 0.07), 0.0, 0.0, 0.0,
                              (0.35, 0.55, 0.00, 0.10), 0.85, 0.90, 0.95, url=1.0),
    "memory_book": SourceHabits(0.25, 0.0, 1.00, 1.00, 0.5, 0.03, 0.5, 0.0, 0.30,
                                 (0.02, 0.00, 0.93, 0.05), (0.55, 0.15, 0.22, 0.08), 0.15, 0.0, 0.0,
                                 (0.30, 0.30, 0.35, 0.05), 0.95, 0.20, 0.85, url=0.9),
    "personnel_card": SourceHabits(0.15, 0.0, 0.05, 0.95, 0.5, 0.05, 0.5, 0.0, 0.40,
                             (0.20, 0.02, 0.68, 0.10), (0.75, 0.10, 0.05, 0.10), 0.10, 0.05, 0.0,
                             (0.40, 0.50, 0.00, 0.10), 0.80, 0.60, 0.80, url=1.0),
    "hospital": SourceHabits(0.10, 0.0, 0.10, 0.95, 0.5, 0.08, 0.5, 0.0, 0.10,
                              (0.05, 0.00, 0.80, 0.15), (0.95, 0.02, 0.00, 0.03), 0.10, 0.30, 0.10,
                              (0.30, 0.50, 0.00, 0.20), 0.70, 0.60, 0.80, url=1.0),
    "burial": SourceHabits(0.12, 0.0, 0.90, 0.90, 0.5, 0.25, 0.5, 0.0, 0.50,
                                (0.00, 0.00, 0.45, 0.55), (0.60, 0.05, 0.25, 0.10), 0.0, 0.10, 0.0,
                                (0.10, 0.20, 0.00, 0.70), 0.15, 0.30, 0.70, url=0.8),
    "pow_card": SourceHabits(0.08, 1.0, 0.20, 0.50, 1.0, 0.05, 0.3, 0.0, 0.30,
                         (0.70, 0.02, 0.23, 0.05), (0.90, 0.03, 0.02, 0.05), 0.0, 0.0, 0.0,
                         (0.20, 0.50, 0.00, 0.30), 0.80, 0.30, 0.60, url=1.0),
}

ARCHIVE = ArchiveHabits(
    # (raion and village, village, raion, conscription office)
    place_forms=MappingProxyType({
        "loss_report": (0.35, 0.10, 0.10, 0.45), "memory_book": (0.60, 0.25, 0.05, 0.10),
        "personnel_card": (0.40, 0.15, 0.10, 0.35), "hospital": (0.50, 0.40, 0.10, 0.00),
        "burial": (0.30, 0.50, 0.20, 0.00), "pow_card": (0.0, 1.0, 0.0, 0.0)}),
    missing_since=MappingProxyType({"loss_report": 0.30, "memory_book": 0.30, "personnel_card": 0.25}),
)

DATE_FORMATS = {
    **DEFAULT_DATE_FORMATS,
    "cyrillic full numeric": {"{d:02d}.{m:02d}.{y}": 0.85, "{d:02d}.{m:02d}.{yy:02d}": 0.15},
    "cyrillic month numeric": {"{m:02d}.{y}": 0.5, "__.{m:02d}.{y}": 0.35, "??.{m:02d}.{y}": 0.15},
    "cyrillic month text": {"{month_nom} {y}": 0.5, "{month_nom} {y} г.": 0.5},
    "cyrillic year birth": {"{y}": 0.45, "{y} г.р.": 0.35, "__.__.{y}": 0.20},
    "cyrillic year death": {"{y}": 0.5, "{y} г.": 0.5},
    "latin full numeric": {"{d:02d}.{m:02d}.{y}": 1.0},
    "latin year birth": {"{y}": 1.0},
}


def wwii_config(base: GeneratorConfig | None = None) -> GeneratorConfig:
    """The WWII preset over `base` (default GeneratorConfig): every rate above, as data."""
    base = base or GeneratorConfig()
    return replace(
        base, women=0.005, first_birth="1880-01-01", last_birth="1927-06-30", war_start="1941-06-22",
        last_death="1945-09-02", death_years=MappingProxyType({1941: 0.22, 1942: 0.30, 1943: 0.25, 1944: 0.17, 1945: 0.06}),
        age_median=27.0, age_spread=0.6,
        households=0.15, household_kinds=MappingProxyType({"brothers": 0.6, "father_son": 0.3, "cousins": 0.1}),
        three_brothers=0.2, twins=0.03, same_death_day=0.05, same_settlement=0.9, father_son_gap_years=(22, 42),
        two_sons=0.3, named_after_father=0.05,
        mentions_per_person=(0.30, 0.30, 0.20, 0.12, 0.05, 0.03),
        sources=MappingProxyType(SOURCES),
        schemes=MappingProxyType({**{k: 0.0 for k in DEFAULT_SCHEMES}, GERMAN: 1.0}),
        conventional_form=0.35, ascii_fold=0.0, yo_as_e=0.85, typo=0.08,
        typo_kinds=MappingProxyType({"deletion": 0.15, "transposition": 0.1, "doubling": 0.1, "nearby_key": 0.15,
                                     "by_ear": 0.5}),
        settlement_prefix=0.7, settlement_zipf=0.3, rank_abbreviation=0.4, day_month_swap=0.02,
        birth_year_off=0.08, death_shift=0.08, age_off=0.15,
        date_formats=MappingProxyType({k: MappingProxyType(v) for k, v in DATE_FORMATS.items()}),
        initials=0.08, patronymic_initial=0.04, group_pages=0.4, group_kin=0.2, group_settlement=0.3,
        archive=ARCHIVE)


ERAS = {"today": lambda base: base, "wwii": wwii_config}
