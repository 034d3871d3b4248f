"""Patronymics: recognise them, key them gender-neutrally, and name the father they imply.

Reads `patronymics.json` (endings in key space, Turkic words, irregular fathers) and the
first-name table through `variants`. Сергеевич/Sergeyevna → 'sergevich'; Гусейн оглы → 'gusein'.
"""

from __future__ import annotations

from functools import cache, lru_cache

from linkage.names.keys import name_key
from linkage.names.variants import first_name_root, known_first_names
from linkage.resource_files import read_json

_MIN_STEM = 2


@cache
def _data() -> dict:
    return read_json("names/patronymics.json")


def _words(token: str) -> list[str]:
    return [w for w in token.replace("-", " ").split() if w]


@lru_cache(maxsize=50_000)
def is_turkic_word(token: str) -> bool:
    """True for the separate word of a Turkic patronymic: оглы, кызы, uly, ugli, qizi ..."""
    return name_key(token) in _data()["turkic_words"]


def _turkic_father(token: str) -> str:
    """Father's name key of a Turkic patronymic ('Гусейн оглы', 'Huseynoglu'), else ''."""
    words = _words(token)
    if len(words) >= 2 and is_turkic_word(words[-1]):
        return name_key(" ".join(words[:-1]))
    key = name_key(token)
    for suffix in _data()["turkic_suffixes"]:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM + 1:
            return key[: -len(suffix)]
    return ""


def _masculine(key: str) -> str:
    """Ivanovna → ivanovich, Ilinichna → ilich: feminine endings to the masculine ones."""
    for ending, masculine in _data()["female_endings"].items():
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return key[: -len(ending)] + masculine
    return key


def _slavic_ending(key: str) -> str:
    """The masculine patronymic ending of a key ('ovich', 'evich', 'ich'), or ''."""
    for ending in _data()["male_endings"]:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return ending
    return ""


@lru_cache(maxsize=200_000)
def is_patronymic(token: str) -> bool:
    """True if the token ends like a patronymic (-ovich, -evna, -ichna, Turkic -ogly/-kyzy)."""
    return bool(_turkic_father(token) or _slavic_ending(_masculine(name_key(token))))


@lru_cache(maxsize=200_000)
def patronymic_key(token: str) -> str:
    """Gender-neutral key: Ivanovich = Ivanovna → 'ivanovich'; Turkic forms → father's name root."""
    turkic = _turkic_father(token)
    return first_name_root(turkic) if turkic else _masculine(name_key(token))


def _father_from_stem(stem: str, ending: str) -> str:
    """Father's key from a patronymic stem: serg+evich → sergei, nikit+ich → nikita."""
    irregular = _data()["irregular_fathers"]
    if stem in irregular:
        return first_name_root(irregular[stem])
    known = known_first_names()
    for suffix in _data()["father_suffixes"][ending]:
        if stem + suffix in known:
            return first_name_root(stem + suffix)
    # An unlisted father's name (Магомедович, Zaurbekovich): -ovich leaves it whole.
    return stem if ending == "ovich" else ""


@lru_cache(maxsize=200_000)
def patronymic_father(token: str) -> str:
    """first_name_root of the father implied by a patronymic (Ilyich → ilia), '' if unknown."""
    turkic = _turkic_father(token)
    if turkic:
        return first_name_root(turkic)
    key = _masculine(name_key(token))
    ending = _slavic_ending(key)
    return _father_from_stem(key[: -len(ending)], ending) if ending else ""
