"""Search keys for what a reviewer types: each word under every key the engine files names by.

Pure functions over strings (linkage.names). A word of the query matches a mention when one of
its keys equals one of the mention's first_key, first_root, surname_key, surname_stem or
patronymic_key: so Shchukov, Schtschukow and Щукова all find Щуков, and Sasha finds Александр.
"""

from __future__ import annotations

import re

from linkage import names

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MAX_WORDS = 4


def word_keys(word: str) -> frozenset[str]:
    """The keys one word may be filed under: as any name part, in any script or scheme."""
    keys = {names.name_key(word), names.surname_stem(word), names.first_name_root(word),
            names.patronymic_key(word)}
    return frozenset(k for k in keys if k)


def query_keys(text: str) -> list[frozenset[str]]:
    """One key set per word of the query (at most MAX_WORDS words; digits and punctuation dropped)."""
    words = _WORD.findall(text or "")[:MAX_WORDS]
    return [keys for keys in map(word_keys, words) if keys]
