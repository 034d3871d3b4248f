"""Recognise what each column of an unknown list holds, from its header and a sample of values.

Reads a header and, per column, a sample of its non-empty values (strings); writes nothing.
`recognise` says which contract column a header is (first name, surname, birth date, place ...)
and, for the rest, what kind of value it carries: a code (postcode, identity number), a category
(gender, occupation), free text, or nothing worth comparing (a label, notes, one value). The
rules are data below, in the order they are tried; `init_spec.py` turns the result into a spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linkage.dates import parse_date
from linkage.names import to_latin

# Headers of the contract's columns in the forms lists use (lower case, spaces as "_").
HEADERS = {
    "record_id": ("record_id", "rec_id", "unique_id", "id", "uid", "row_id", "mention_id"),
    "full_name": ("full_name", "fullname", "name", "fio", "фио", "полное_имя"),
    "first_name": ("first_name", "firstname", "first", "given_name", "givenname", "given",
                   "forename", "christian_name", "имя"),
    "surname": ("surname", "last_name", "lastname", "family_name", "familyname", "last",
                "фамилия"),
    "patronymic": ("patronymic", "father_name", "отчество"),
    "birth_date": ("birth_date", "dob", "date_of_birth", "birthdate", "born", "birth",
                   "birthday", "дата_рождения", "год_рождения", "рождение"),
    "death_date": ("death_date", "dod", "date_of_death", "deathdate", "died", "death",
                   "дата_смерти", "дата_гибели", "смерть"),
    "age": ("age", "age_at_death", "возраст"),
    "region": ("region", "state", "county", "province", "oblast", "область", "регион"),
    "settlement": ("settlement", "city", "town", "village", "birth_place", "place_of_birth",
                   "birthplace", "place", "locality", "suburb", "населенный_пункт", "город"),
    "source": ("source", "источник"),
}
# Headers that name the answer, not the person: comparing them would be reading the truth.
LABEL_HEADERS = ("cluster", "cluster_id", "true_id", "truth", "label", "entity_id", "match_id",
                 "group_id", "person_id")
# A column is a category when it has at most this many distinct values, or this share of its
# rows (gender: 2; occupation: 453 in 33,000 rows, 1.4%).
CATEGORY_MAX_DISTINCT, CATEGORY_MAX_SHARE = 1000, 0.05
# Longer values on average are notes, not something two mentions of one person repeat.
NOTE_MIN_LENGTH = 60
# A column is a date column when this share of its sample reads as a date with a month.
DATE_SHARE = 0.8


@dataclass(frozen=True)
class Column:
    """One input column as init reads it: its header, the name it gets, what it holds, and why."""

    header: str
    name: str            # the contract name, or a plain identifier for an extra column
    kind: str            # a contract name, or code, category, text, skip
    why: str
    distinct: int = 0
    filled: int = 0


def header_key(header: str) -> str:
    """A header as the tables above spell it: lower case, words joined by "_" (Дата рождения →
    дата_рождения)."""
    return re.sub(r"[^\w]+", "_", header.strip().lower()).strip("_")


def plain_name(header: str) -> str:
    """A header as a lower-case ASCII identifier (Post Code → post_code, Звание → zvanie), safe
    in Splink's SQL."""
    latin = "".join(ch if ch.isascii() else to_latin(ch) for ch in header_key(header))
    name = re.sub(r"[^0-9a-z_]+", "_", latin.lower()).strip("_") or "column"
    return f"c_{name}" if name[0].isdigit() else name


def _contract_kind(name: str) -> str | None:
    for kind, headers in HEADERS.items():
        if name in headers:
            return kind
    return None


def _dates_share(values: list[str]) -> float:
    read = [parse_date(v) for v in values]
    return sum(p.month is not None for p in read) / len(values) if values else 0.0


def _value_kind(values: list[str], distinct: int, filled: int) -> tuple[str, str]:
    """What an extra column's values are: code, category, text or skip, and why."""
    if distinct <= 1:
        return "skip", "one value or none: nothing to compare"
    if sum(map(len, values)) / len(values) > NOTE_MIN_LENGTH:
        return "skip", "long free text (notes)"
    if distinct <= CATEGORY_MAX_DISTINCT and distinct <= CATEGORY_MAX_SHARE * filled:
        return "category", f"{distinct} distinct values in {filled:,} rows"
    digits = sum(any(ch.isdigit() for ch in v) for v in values) / len(values)
    if digits >= 0.8 and max(map(len, values)) <= 16:
        return "code", "short values with digits (a postcode, an identity number)"
    return "text", "free text"


def recognise(header: str, values: list[str], distinct: int, filled: int, rows: int,
              taken: set[str]) -> Column:
    """One column: its contract role by header (first free one wins), else by its values."""
    name, key = plain_name(header), header_key(header)
    kind = _contract_kind(key)
    if key in LABEL_HEADERS or key.endswith("_cluster"):
        return Column(header, name, "skip", "named like a truth label: left out", distinct, filled)
    if kind == "record_id" and distinct != rows:
        kind = None  # an id that repeats is not the mention's id
    if kind is None and distinct == rows and filled == rows and "record_id" not in taken \
            and re.search(r"(^|_)(id|key|no|number)$", key):
        kind = "record_id"
    if kind is None and "date" in key and _dates_share(values) >= DATE_SHARE:
        kind = "birth_date" if "birth" in key else "death_date" if "death" in key else None
    if kind and kind not in taken:
        return Column(header, kind, kind, f"header {header!r}", distinct, filled)
    if "name" in key and taken & {"first_name", "surname", "full_name"}:
        return Column(header, name, "skip", "another form of the names already compared",
                      distinct, filled)
    value_kind, why = _value_kind(values, distinct, filled) if values else ("skip", "empty")
    return Column(header, name, value_kind, why, distinct, filled)
