"""Unit and rank keys: one key for every way a source writes where and as what a man served.

Evidence beyond the name tells a man from his namesakes: two mentions of one Ivanov in the same
military unit, or with the same sergeant's rank, are likelier one man than two. Sources write both
in many ways (REAL-HABITS): a unit as its five-digit number (`в/ч 41659`, `войсковая часть 41659`,
`military unit No. 41659`, `Militäreinheit 41659`), as a numbered formation in Russian or English
(`76-я гвардейская десантно-штурмовая дивизия` / `76th Guards Air Assault Division`) or by name
(`ЧВК «Вагнер»` / `Wagner Group`, `отряд «Шторм Z»` / `Storm-Z`); a rank in full, abbreviated or
translated (`старший сержант`, `ст. с-т`, `Senior Sergeant`). The words are in
resources/service/*.csv; nothing here decides what a disagreement is worth: the model learns it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linkage import names
from linkage.resource_files import read_csv

# A military unit's number (в/ч 41659): four to six digits, in any language's wording.
_UNIT_NUMBER = re.compile(r"(?<!\d)(\d{4,6})(?!\d)")
# A formation's number: 76-я, 76th, 1-й, 2nd, 76.
_FORMATION_NUMBER = re.compile(r"(?<!\d)(\d{1,3})(?:-?(?:я|й|ая|ой|ый|th|st|nd|rd|e|\.))?(?![\d])")
_QUOTED = re.compile(r"[«\"“„']([^»\"”“']+)[»\"”“']")
_WORD = re.compile(r"[^\W\d_]+")
# The prefix of a key made from a unit number, so a comparison can tell a number from a name.
NUMBER_PREFIX = "#"


def _clean(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


# unit_words.csv's kind of the words that say what a formation is like (guards, separate) but
# neither its kind nor which one it is: dropped from a named formation's key
FILLER = "-"


@lru_cache(maxsize=1)
def _unit_words() -> dict[str, str]:
    """Word → the kind of formation it names (div, brig, rgt, …), or FILLER."""
    return {w: row["kind"] for row in read_csv("service/unit_words.csv") for w in row["words"].split("|")}


@lru_cache(maxsize=1)
def _unit_names() -> dict[str, str]:
    """A word of a named formation, or of an arm or category written where the unit goes, as one
    language writes it → one key for every language (Шторм, штурмовой → storm; Tankman → танкист),
    in key space (the table is written in words)."""
    def key(words: str) -> str:
        return " ".join(names.name_key(w) for w in words.split())
    return {key(alias): key(row["key"]) for row in read_csv("service/unit_names.csv")
            for alias in row["aliases"].split("|")}


@lru_cache(maxsize=1)
def _ranks() -> dict[str, tuple[str, int]]:
    """Every written form of a rank → (the rank, its place in the order of ranks)."""
    table = {}
    for row in read_csv("service/ranks.csv"):
        rank, order = row["rank"], int(row["order"])
        for form in [rank, *row["forms"].split("|")]:
            table[_clean(form)] = (rank, order)
    return table


def _formation(text: str) -> str:
    """`76div` for a numbered formation whose kind the words name; "" when either is missing.
    The last kind word is the formation (1st Army Corps, 1-й армейский корпус: a corps)."""
    kinds = [_unit_words()[w] for w in _WORD.findall(text) if _unit_words().get(w, FILLER) != FILLER]
    number = _FORMATION_NUMBER.search(text)
    return f"{int(number.group(1))}{kinds[-1]}" if kinds and number else ""


def _named(text: str) -> str:
    """The key of a formation's own name: the quoted words, or the words that are not a kind."""
    quoted = _QUOTED.search(text)
    words = _WORD.findall(quoted.group(1) if quoted else text)
    keys = [names.name_key(w) for w in words if w not in _unit_words()]
    return " ".join(_unit_names().get(k, k) for k in keys if k)


@lru_cache(maxsize=100_000)
def unit_key(text: str | None) -> str:
    """A comparison key for a unit: `#41659` for a unit number, `76div` for a numbered formation,
    the transliteration key of a named one (`vagner`, `storm z`); "" for nothing."""
    if not text or not text.strip():
        return ""
    cleaned = _clean(text)
    number = _UNIT_NUMBER.search(cleaned)
    if number:
        return NUMBER_PREFIX + number.group(1)
    return _formation(cleaned) or _named(cleaned)


_GUARDS = re.compile(r"^(?:гвардии|гв\.|гв|guards?)\s+")
# The service a rank is of, written after it (прапорщик полиции, капитан юстиции): one source
# prints it, another not; the rank is the rank
_SERVICE = re.compile(r"\s+(?:полиции|юстиции|внутренней службы|медицинской службы|запаса|в отставке"
                      r"|of police|der polizei)$")


@lru_cache(maxsize=1)
def _positions() -> frozenset[str]:
    """A man's duty as rank columns also print it (стрелок, механик-водитель, оператор БПЛА)."""
    return frozenset(_clean(form) for row in read_csv("service/positions.csv")
                     for form in row["position"].split("|"))


def _read_rank(text: str) -> tuple[str, int] | None:
    """The table's rank of one cleaned text, with the Guards title and the service dropped."""
    text = _SERVICE.sub("", _GUARDS.sub("", text))
    return _ranks().get(text) or _ranks().get(text.rstrip("."))


@lru_cache(maxsize=10_000)
def rank(text: str | None) -> tuple[str, int | None]:
    """(the rank's key, its place in the order of ranks) — `ст. с-т` and `Senior Sergeant` are
    (`старший сержант`, 5); a rank the table does not know keeps its cleaned text and no order.
    The Guards title (`гвардии рядовой`) is the unit's honour and `полиции` the service, not the
    rank: one source prints them, another not. A duty printed beside the rank (`рядовой,
    стрелок`) is left out, and a duty alone (`стрелок`) is no rank ("")."""
    if not text or not text.strip():
        return "", None
    cleaned = _clean(text)
    parts = [p.strip() for p in re.split(r"[,;]", cleaned) if p.strip()]
    for part in [cleaned, *parts]:  # рядовой, стрелок: the rank and the man's duty
        known = _read_rank(part)
        if known:
            return known
    if parts and all(p in _positions() for p in parts):
        return "", None  # a duty alone says nothing of the rank
    return _GUARDS.sub("", cleaned), None
