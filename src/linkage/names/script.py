"""Script detection, token cleaning and the one display transliteration.

Reads strings; writes strings. No reference data beyond `iuliia`'s Wikipedia schema.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import iuliia

# Wikipedia's scheme is what English-language readers (and search engines) most often see for
# Russian names, it is pure ASCII and it reads naturally (Yury, Shcherbakov, Artyom).
_DISPLAY = iuliia.WIKIPEDIA

_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_JUNK = re.compile(r"[^\w\s'\-’ʹʺ`]+")
_SPACES = re.compile(r"[\s_]+")
# Letters, spaces, hyphens and apostrophes only: nothing for the control-character scan to drop.
_PLAIN = re.compile(r"[A-Za-zА-Яа-яЁё \-']*")


# Letters that look alike in the two alphabets. Hand-typed and OCR'd lists mix them inside one word
# (a Latin "p" or "c" typed into "Артуp", "Cаид"; REAL-HABITS.md): read alone, "Cаид" keys as
# "caid", not "said", and the name looks like another. A word of both scripts is read in the script
# most of its letters are in, the look-alikes of the other script folded into it. (No library does
# this fold for names: Unicode's confusables table maps both scripts to a third skeleton, which
# would change every key.)
_LATIN_LOOKS = "AaBCcEeHKMOoPpTXxy"
_CYRILLIC_LOOKS = "АаВСсЕеНКМОоРрТХху"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKS, _CYRILLIC_LOOKS)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKS, _LATIN_LOOKS)


def fold_homoglyphs(word: str) -> str:
    """A word typed in two scripts, put in the one most of its letters are in (Cаид → Саид,
    Ivаnov with a Cyrillic а → Ivanov); a word of one script is returned as it is."""
    if not _CYRILLIC.search(word) or not _LATIN.search(word):  # one script: counted no further
        return word
    cyr, lat = len(_CYRILLIC.findall(word)), len(_LATIN.findall(word))
    return word.translate(_TO_CYRILLIC if cyr >= lat else _TO_LATIN)


# Digits typed or OCR'd for the letters they look like, inside a word of letters: 3АХАРЧЕНКО,
# ИВАН0В. A digit standing apart (a unit number, a date) is dropped as before.
_DIGIT_TO_CYRILLIC = str.maketrans("30", "ЗО")
_DIGIT_TO_LATIN = str.maketrans("0", "O")


def _digit_looks(word: str) -> str:
    """A word of letters with 3 or 0 in it, those digits read as the letters they look like."""
    if not any(ch in "30" for ch in word):
        return word
    cyr, lat = len(_CYRILLIC.findall(word)), len(_LATIN.findall(word))
    if cyr >= 2 and cyr >= lat:
        return word.translate(_DIGIT_TO_CYRILLIC)
    return word.translate(_DIGIT_TO_LATIN) if lat >= 2 else word


def detect_script(text: str) -> str:
    """'cyrillic', 'latin', 'mixed' (both) or 'none' (no letters of either)."""
    cyr = _CYRILLIC.search(text or "") is not None
    lat = _LATIN.search(text or "") is not None
    if cyr and lat:
        return "mixed"
    return "cyrillic" if cyr else "latin" if lat else "none"


def _kept(ch: str) -> bool:
    """Not a control, format or digit character, nor a mark NFC could not compose onto a letter:
    such a mark is dropped, not read as a break (the tie of ALA-LC's i͡a in Beli͡aev)."""
    category = unicodedata.category(ch)
    return category[0] not in "CN" and category != "Mn"


@lru_cache(maxsize=200_000)
def clean(text: str) -> str:
    """NFC, drop control/format characters, punctuation and digits; single spaces, trimmed."""
    text = unicodedata.normalize("NFC", text or "")
    if _PLAIN.fullmatch(text):  # most names: no junk, underscores or other spaces to replace
        return " ".join(_folded(text.split())).strip(" -")
    text = " ".join(_digit_looks(word) for word in text.split(" "))
    text = "".join(ch for ch in text if _kept(ch))
    text = _JUNK.sub(" ", text.replace("_", " "))
    return _SPACES.sub(" ", " ".join(_folded(text.split()))).strip(" -")


def _folded(words: list[str]) -> list[str]:
    """fold_homoglyphs of each word; a text with letters of one script only is left as it is
    (its every word would be), which spares most names the per-word letter counts."""
    text = "".join(words)
    if _CYRILLIC.search(text) and _LATIN.search(text):
        return [fold_homoglyphs(word) for word in words]
    return words


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


@lru_cache(maxsize=200_000)
def to_latin(text: str) -> str:
    """Cyrillic → Wikipedia-scheme Latin, title-cased; Latin input is cleaned and title-cased."""
    words = clean(text).split(" ")
    out = []
    for word in words:
        if _CYRILLIC.search(word):
            word = _DISPLAY.translate(word.lower())
        out.append(_title(word))
    return " ".join(w for w in out if w)
