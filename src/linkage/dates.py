"""Partial dates as volunteers type them, parsed to (year, month, day) that keep their precision.

`12.03.1995`, `1995-03-12`, `03.1995`, `1995`, `12 марта 1995`, `March 12, 1995`, `11/26/2024`,
`6. September 2025`, `1. 2. 2025`, `29 sierpnia 2022`, `1er août 2024`, `1995 г.р.`,
`26.07.1988 г.`, `87-11-26` (year first: no day 87), `b. 1995`, `geb. 1995`, `né en 1995`, `ur. 1995`, `??.01.1959`, `__.__.1910` (an archive card's blank day and month), `19950312` (eight digits, year first, as registries export). A date
that cannot be read is kept as text by the caller and treated as missing here; a day that does
not exist in its month (31.02.2023) keeps the year and month. Any year from 1 to 9999 parses:
which years a list may hold (a birth in 1650 is a typo in one list and a fact in another) is the
model spec's [dates] table, applied by `within`.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

# The years a date can name at all (Python's calendar); a list's own range is its spec's.
FIRST_READABLE_YEAR, LAST_READABLE_YEAR = 1, 9999
_EPOCH = datetime.date(1970, 1, 1).toordinal()

# Month names by their first letters: Russian in any case form, English, German, transliterated,
# and as the foreign press writes them: French, Polish and Czech (any case form, with or without
# their marks). The longest stem that begins a word wins (Czech červenec, July, begins with
# červen, June).
_MONTH_STEMS = {
    1: ("янв", "jan", "yanv", "ianv", "stycz", "led"),
    2: ("фев", "feb", "fev", "fév", "lut", "únor", "unor"),
    3: ("мар", "mar", "mär", "břez", "brez"),
    4: ("апр", "apr", "avr", "kwie", "dub"),
    5: ("мая", "май", "may", "mai", "maia", "maya", "maj", "květ", "kvet"),
    6: ("июн", "jun", "iyun", "iiun", "juin", "czerw", "červen", "červn", "cerven", "cervn"),
    7: ("июл", "jul", "iyul", "iiul", "juil", "lip", "červenc", "cervenc"),
    8: ("авг", "aug", "avg", "aoû", "aou", "sierp", "srp"),
    9: ("сен", "sep", "sen", "wrze", "září", "zari"),
    10: ("окт", "oct", "okt", "paźdz", "pazdz", "říj", "rij"),
    11: ("ноя", "nov", "noi", "noya", "listop"),
    12: ("дек", "dec", "dez", "dek", "déc", "grud", "prosin"),
}
# `??` and `__` stand for an unknown day or month (`??.01.1959`; archive cards print `__.__.1910`)
_NUMERIC = re.compile(r"^(?:\?\?|__|\d{1,2})[./\-](\d{1,2}|\?\?|__)[./\-](\d{4}|\d{2}|[xх?]{2,4})$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # YYYYMMDD only: DDMMYYYY is ambiguous with it
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./\-](\d{4})$")
_YEAR_WORDS = re.compile(r"^(?:b\.?|born|род\.?|р\.)?\s*(\d{4})\s*(?:г\.?\s*р\.?|г\.?|года?(?:\s+рождения)?|гр)?$", re.IGNORECASE)
# `6. September 2025` (German, Czech, Polish put a dot after the day), `1er août 2024`
_WORDY = re.compile(r"^(?:(\d{1,2})(?:er)?\.?\s+)?([^\W\d_]+)\.?,?\s+(?:(\d{1,2}),?\s+)?(\d{4})(?:\s*(?:г\.?|года))?$")
# `1. 2. 2025` (Czech and Slovak space after each dot)
_SPACED_DOTS = re.compile(r"(\d)\.\s+(?=\d)")
# Russian puts "г." (год, year) or "г.р." (год рождения) after a year, and so after a full date:
# `26.07.1988 г.`, `1988г.`; stripped before the numeric forms are read
_YEAR_WORD_AFTER = re.compile(r"(?<=\d)\s*(?:г\.?\s*р|г|года?(?:\s+рождения)?|гр)\.?$", re.IGNORECASE)
# "born" before a birth date, as the press of each language writes it: `b. 1993`, `geb. 1990`,
# `né en 1990`, `ur. 1990` (Polish), `nar. 1990` (Czech), `род. 1990`
_BORN = re.compile(r"^(?:b\.|born|geb\.|geboren|n[ée]e?\s+(?:en|le)|ur\.|urodzon[ya]|nar\.|narozen[aá]?|"
                   r"род\.|родился|р\.)\s*(?=\d)", re.IGNORECASE)


@dataclass(frozen=True)
class PartialDate:
    """A date known to year, month or day precision; all None when unreadable or missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year" if self.year else "none"

    @property
    def iso(self) -> str | None:
        """`YYYY-MM-DD`, `YYYY-MM` or `YYYY`: sorts and compares as text at its precision."""
        if self.year is None:
            return None
        parts = [f"{self.year:04d}"] + [f"{v:02d}" for v in (self.month, self.day) if v]
        return "-".join(parts)


MISSING = PartialDate()


@lru_cache(maxsize=10_000)
def _month_from_word(word: str) -> int | None:
    """The month a word names (its longest stem that begins it), or None; a list spells its
    months a few dozen ways, so each is read once (at 200k mentions, 9k scans of every stem)."""
    word = word.lower()
    found = [(len(stem), month) for month, stems in _MONTH_STEMS.items()
             for stem in stems if word.startswith(stem)]
    return max(found)[1] if found else None


def two_digit_year(yy: int, until: int) -> int:
    """The latest year up to `until` that ends in the two digits yy: until 2010 reads 05 as 2005
    and 45 as 1945; until 1945 (a WWII list's deaths) reads 41 as 1941."""
    year = until - until % 100 + yy
    return year if year <= until else year - 100


def _build(year: int | None, month: int | None, day: int | None) -> PartialDate:
    """Validate ranges; an impossible day keeps the month, an impossible month keeps the year."""
    if year is None or not FIRST_READABLE_YEAR <= year <= LAST_READABLE_YEAR:
        return MISSING
    if month is None or not 1 <= month <= 12:
        return PartialDate(year)
    if day is None or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return PartialDate(year, month)
    return PartialDate(year, month, day)


def _to_int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


# Two digits, a hyphen, one or two, a hyphen, two: `13-02-96` (day first) or `96-02-13` (year first,
# as some spreadsheets export ISO dates with a short year)
_SHORT_HYPHENS = re.compile(r"^(\d{2})-(\d{1,2})-(\d{2})$")


def short_year_first(text: str) -> bool | None:
    """For a date written `NN-NN-NN`: True when only its first number can be the year (`87-11-26`,
    `00-10-14`: no day 87 or 0), False when only its last can (`13-02-96`), None when either can or
    it is not so written. A column's dates vote on how it writes the ambiguous ones (normalise.py)."""
    m = _SHORT_HYPHENS.match(text.strip()) if text else None
    return _only_year_first(m) if m else None


def _only_year_first(m: re.Match) -> bool | None:
    """short_year_first of a `_SHORT_HYPHENS` match."""
    first_day, last_day = (1 <= int(m[i]) <= 31 for i in (1, 3))
    return True if last_day and not first_day else False if first_day and not last_day else None


@lru_cache(maxsize=200_000)
def parse_date(text: str | None, until: int = 2026, year_first: bool = False) -> PartialDate:
    """Parse one date string; a two-digit year is the latest year up to `until` ending in it.
    `year_first`: a date written `NN-NN-NN` is year, month, day (`01-11-07` is 2001-11-07), as
    its column writes them; without it, day first unless the first number cannot be a day."""
    if not text:
        return MISSING
    s = _SPACED_DOTS.sub(r"\1.", " ".join(str(text).strip().split())).rstrip(".")
    s = _YEAR_WORD_AFTER.sub("", _BORN.sub("", s)).rstrip(".")
    if m := _ISO.match(s) or _COMPACT.match(s):
        return _build(int(m[1]), _to_int(m[2]), _to_int(m[3]))
    if (m := _SHORT_HYPHENS.match(s)) and (only := _only_year_first(m)) is not False and (only or year_first):
        return _build(two_digit_year(int(m[1]), until), int(m[2]), int(m[3]))
    if m := _NUMERIC.match(s):
        year_text = m[2]
        if not year_text.isdigit():
            return MISSING
        year = int(year_text) if len(year_text) == 4 else two_digit_year(int(year_text), until)
        first, second = _to_int(re.split(r"[./\-]", s)[0]), _to_int(m[1])
        # 11/26/2024: English month first, the only reading (dotted dates are day first)
        if "/" in s and first and second and first <= 12 < second <= 31:
            first, second = second, first
        return _build(year, second, first)
    if m := _MONTH_YEAR.match(s):
        return _build(int(m[2]), int(m[1]), None)
    if m := _YEAR_WORDS.match(s):
        return _build(int(m[1]), None, None)
    if m := _WORDY.match(s):
        month = _month_from_word(m[2])
        if month is None:
            return MISSING
        return _build(int(m[4]), month, _to_int(m[1] or m[3]))
    return MISSING


def within(date: PartialDate, first_year: int, last_year: int) -> PartialDate:
    """The date when its year lies in [first_year, last_year], else MISSING (the caller reports it)."""
    return date if date.year is None or first_year <= date.year <= last_year else MISSING


def day_number(date: PartialDate) -> int | None:
    """Days since 1970-01-01 for a full date, so that SQL can compare dates with plain arithmetic."""
    if date.precision != "day":
        return None
    return datetime.date(date.year, date.month, date.day).toordinal() - _EPOCH
