"""First-name roots (diminutives and foreign forms → full form) and gender-neutral surname stems.

Reads `first_names.csv` (full Cyrillic form, sex, its diminutives and English/foreign forms).
Works in key space: every form is put through `name_key`, so any spelling of a form maps too.
"""

from __future__ import annotations

from functools import cache, lru_cache

from linkage.names.keys import name_key
from linkage.names.resources import read_csv

# Feminine surname endings in key space → masculine (Иванова → ivanov, Петровская → petrovski);
# adjectival -ой/-ая meet at -i (Толстой, Толстая → tolsti) as -ый/-ий already do.
# Longest first; the stem left must keep at least _MIN_STEM letters (Ина, Ева stay as they are).
_SURNAME_ENDINGS = (
    ("skaia", "ski"), ("ckaia", "cki"), ("skoi", "ski"), ("ckoi", "cki"),
    ("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("aia", "i"), ("oi", "i"),
)
_MIN_STEM = 2


@cache
def _roots() -> dict[str, str]:
    """Key of every form (and of each full name itself) → key of the full name.

    A form claimed by two different full names is a data error: fail loudly at load time.
    """
    roots: dict[str, str] = {}
    for row in read_csv("first_names.csv"):
        full = name_key(row["full"])
        forms = [f for f in row["forms"].split(";") if f.strip()]
        for key in [full] + [name_key(f) for f in forms]:
            if roots.get(key, full) != full:
                raise ValueError(f"first_names.csv: {key!r} is a form of {roots[key]!r} and {full!r}")
            roots[key] = full
    return roots


@cache
def known_first_names() -> frozenset[str]:
    """Keys of every first name and form in the reference table (used to order name parts)."""
    return frozenset(_roots())


def is_first_name(token: str) -> bool:
    """True if the token is a known first name, diminutive or foreign form, in any script."""
    return name_key(token) in _roots()


@cache
def _full_forms() -> dict[str, str]:
    """Key of every full name → the full name as the table writes it (Cyrillic)."""
    return {name_key(row["full"]): row["full"] for row in read_csv("first_names.csv")}


def full_first_name(token: str) -> str:
    """The full Cyrillic form of any spelling of a name the table knows (Саша, Sasha, Jurij →
    Александр, Александр, Юрий); the token itself when the table does not know it."""
    root = _roots().get(name_key(token))
    return _full_forms()[root] if root else token


@lru_cache(maxsize=200_000)
def first_name_root(token: str) -> str:
    """Key of the full form: Sasha, Alexander, Саня → key(Александр); unknown names → own key."""
    key = name_key(token)
    return _roots().get(key, key)


@lru_cache(maxsize=200_000)
def surname_stem(token: str) -> str:
    """Gender-neutral surname key: Ivanova → ivanov, Petrovskaya → petrovski; others unchanged."""
    key = name_key(token)
    for ending, masculine in _SURNAME_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return key[: -len(ending)] + masculine
    return key
