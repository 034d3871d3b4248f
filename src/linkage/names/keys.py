"""The canonical name key: one lowercase ASCII skeleton for Cyrillic and every Latin scheme.

Reads `cyrillic.csv`, `latin_letters.csv` and the ordered rewrite rules in `key_rules.csv`.
Cyrillic goes through one fixed table to Latin; then Latin from any source passes the same rules,
which undo the schemes' choices (yu/iu/ju, kh/h/x, shch/sch/šč, -iy/-ii/-ij/-y, ye/e, yo/e ...).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from linkage.names.resources import read_csv

_DOUBLES = re.compile(r"([a-z])\1+")
_NOT_LETTER = re.compile(r"[^a-z']+")
# A rule pattern may start with ^ or end with $: the token is wrapped in them while rules run.
_MAX_PASSES = 4


def _char_table() -> dict[int, str]:
    table = {ord(r["cyrillic"]): r["latin"] for r in read_csv("cyrillic.csv")}
    table.update({ord(r["letter"]): r["latin"] for r in read_csv("latin_letters.csv")})
    for key, value in list(table.items()):  # upper-case letters keep their own mapping
        upper = chr(key).upper()
        if len(upper) == 1 and ord(upper) not in table:
            table[ord(upper)] = value
    return table


_TABLE = _char_table()
_RULES = tuple((r["pattern"], r["replacement"]) for r in read_csv("key_rules.csv"))


def _letters(token: str) -> str:
    """Lowercase Latin letters and apostrophes only: table first, then diacritics stripped."""
    if not token.isascii():  # schemes may emit decomposed ž (z + caron): compose before the table
        token = unicodedata.normalize("NFC", token)
    # upper() first: a few letters (Old Cyrillic ᲀ, Greek final sigma) have no lower-case twin of
    # their own, and the key must not depend on the case the name was typed in.
    text = token.upper().lower().translate(_TABLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_LETTER.sub("", text)


def _rewrite(text: str) -> str:
    """One pass of the ordered rules, then doubled letters collapsed (Khabibullin = Habibulin)."""
    text = f"^{text}$"
    for pattern, replacement in _RULES:
        if pattern in text:
            text = text.replace(pattern, replacement)
    return _DOUBLES.sub(r"\1", text.strip("^$"))


@lru_cache(maxsize=500_000)
def name_key(token: str) -> str:
    """Canonical skeleton of one name in any script: Юрий, Yuriy, Iurii, Jurij, Yury → 'iuri'.

    Idempotent: the rules are re-run until the key stops changing (at most a few passes).
    """
    text = _letters(token or "")
    for _ in range(_MAX_PASSES):
        new = _rewrite(text)
        if new == text:
            break
        text = new
    return text
