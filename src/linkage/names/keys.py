"""The canonical name key: one lowercase ASCII skeleton for Cyrillic and every Latin scheme.

Reads `cyrillic.csv`, `latin_letters.csv` and the ordered rewrite rules in `key_rules.csv`.
Cyrillic goes through one fixed table to Latin; then Latin from any source passes the same rules,
which undo the schemes' choices (yu/iu/ju, kh/h/x, shch/sch/šč, -iy/-ii/-ij/-y, ye/e, yo/e ...).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from linkage.names.script import fold_homoglyphs
from linkage.resource_files import read_csv

_DOUBLES = re.compile(r"([a-z])\1+")
_NOT_LETTER = re.compile(r"[^a-z']+")
# A rule pattern may start with ^ or end with $: the token is wrapped in them while rules run.
# It may also start or end with a letter class, C (any consonant) or V (any vowel, y included):
# the class is context only, matched but left as it was (so the replacement omits it). j is in
# neither class: it is the letter the context rules are there to read.
_CLASSES = {"C": "[bcdfghklmnpqrstvwxz]", "V": "[aeiouy]"}
_MAX_PASSES = 4


def _char_table() -> dict[int, str]:
    table = {ord(r["cyrillic"]): r["latin"] for r in read_csv("names/cyrillic.csv")}
    table.update({ord(r["letter"]): r["latin"] for r in read_csv("names/latin_letters.csv")})
    for key, value in list(table.items()):  # upper-case letters keep their own mapping
        upper = chr(key).upper()
        if len(upper) == 1 and ord(upper) not in table:
            table[ord(upper)] = value
    return table


def _rule(pattern: str, replacement: str) -> tuple[str, re.Pattern | None, str]:
    """(core, regex, replacement): a literal rule is its own core with no regex; a rule with a C/V
    context letter is its literal core and a regex with lookarounds."""
    head, tail = pattern[:1], pattern[-1:]
    if head not in _CLASSES and tail not in _CLASSES:
        return pattern, None, replacement
    core = pattern[1:] if head in _CLASSES else pattern
    core = core[:-1] if tail in _CLASSES else core
    if any(ch in _CLASSES for ch in core + replacement):
        raise ValueError(f"key rule {pattern!r}: a letter class only at either end of the pattern")
    regex = (f"(?<={_CLASSES[head]})" if head in _CLASSES else "") + re.escape(core)
    regex += f"(?={_CLASSES[tail]})" if tail in _CLASSES else ""
    return core, re.compile(regex), replacement


_TABLE = _char_table()
_RULES = tuple(_rule(r["pattern"], r["replacement"]) for r in read_csv("names/key_rules.csv"))
# Any rule's literal core: a text holding none is left as it is by every rule (a rule changes a
# text only where its core is), so a pass over a key already rewritten skips the rules at once.
_ANY_CORE = re.compile("|".join(re.escape(core) for core, _, _ in _RULES))


# Letters no transliteration of Cyrillic writes, only a Latin alphabet's own spelling (Czech,
# Slovak, Polish, Hungarian): a name carrying one is a native name, which English-language lists
# print without its marks (Šťastný as Stastny, Dvořák as Dvorak), so its š, č, ž fold to s, c, z
# rather than read as ш, ч, ж (Šapošnikov = Shaposhnikov keeps them).
_NATIVE_LATIN = frozenset("ťďňřůěľĺŕýáéíóúőűąęńśźżŤĎŇŘŮĚĽĹŔÝÁÉÍÓÚŐŰĄĘŃŚŹŻ")
_NATIVE_FOLD = str.maketrans("šŠčČžŽ", "sScCzZ")
# Letters only Ukrainian writes: in such a name г is [ɦ], romanised h (Сергій = Serhii, Ганна =
# Hanna by the passport rules), not the Russian g.
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_UKRAINIAN_H = str.maketrans("гГ", "hH")


def _native(token: str) -> str:
    """A native Latin or Ukrainian spelling put in the form the shared tables read."""
    if not _NATIVE_LATIN.isdisjoint(token):
        token = token.translate(_NATIVE_FOLD)
    if not _UKRAINIAN.isdisjoint(token):
        token = token.translate(_UKRAINIAN_H)
    return token


# The letters ch stand for ч in English and for ш in French, but for х in German (Michail,
# Tichonow), Polish (Chomiak), Czech and the scientific transliteration (Chruščëv). Other letters
# of a word tell the scheme: w (German, Polish: no English or French scheme writes it), cz or sz
# (Polish ч and ш), a háček (Czech, scientific); ou or tch (French, whose ch is then ш).
_CH_IS_KH = re.compile(r"w|cz|sz|[čšžřěů]")
_FRENCH = re.compile(r"ou|tch")
_CH = re.compile(r"(?<![st])ch")  # not the ch of German sch (ш) and tsch (ч), nor French tch


def _scheme(text: str) -> str:
    """A lower-case word's ch read as the scheme its other letters show: Chomuszku = Хомушку
    (homushku), Tichonow = Тихонов, Chevtchenko = Шевченко. Read on the letters alone, so that
    a space or hyphen inside the word changes nothing."""
    if not text.isalpha():  # a word of letters only (most) has nothing to drop
        text = "".join(ch for ch in text if ch.isalpha() or ord(ch) in _TABLE)
    if _CH_IS_KH.search(text):
        return _CH.sub("h", text)  # Polish cz and sz are key rules: a key never holds them
    return _CH.sub("sh", text) if "ch" in text and _FRENCH.search(text) else text


def _letters(token: str) -> str:
    """Lowercase Latin letters and apostrophes only: table first, then diacritics stripped."""
    if not token.isascii():  # schemes may emit decomposed ž (z + caron): compose before the table
        # look-alikes folded in upper case, where the two alphabets share the most shapes (B / В,
        # H / Н): the key must not depend on the case a mixed word was typed in
        token = _native(fold_homoglyphs(unicodedata.normalize("NFC", token).upper()))
    # upper() first: a few letters (Old Cyrillic ᲀ, Greek final sigma) have no lower-case twin of
    # their own, and the key must not depend on the case the name was typed in.
    text = _scheme(token.upper().lower()).translate(_TABLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_LETTER.sub("", text)


def _rewrite(text: str) -> str:
    """One pass of the ordered rules, then doubled letters collapsed (Khabibullin = Habibulin)."""
    text = f"^{text}$"
    if _ANY_CORE.search(text):
        for core, regex, replacement in _RULES:
            if core in text:  # the literal core first: most tokens never reach the regex
                text = regex.sub(replacement, text) if regex else text.replace(core, replacement)
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


# First letters of keys that one Cyrillic letter may begin with, by the scheme that wrote it:
# Е Ё Ю Я Й И Э as e, ye/je/ie, yu/ju/iu, ya/ja/ia, j, i, y (and French or Uzbek J for Ж); З as
# German S, Ц as German Z or C, Ш as French Ch, Ч as Polish Cz; Х as h, kh, German ch, an English
# K.; Г as Ukrainian H. An initial written in one scheme and a name in another agree when their
# first letters share a class: the cannot-link reads initials leniently.
_INITIAL_CLASSES = ("eijyz", "zsc", "hkgc", "vw")


def initials_agree(a: str, b: str) -> bool:
    """Two keys, one an initial (Yu. → iu, В. → v), that could begin one name: one begins the
    other, they begin with one letter (Дж. → dzh, Джамалович → diamalovich), or their first
    letters are one letter in two schemes (_INITIAL_CLASSES)."""
    if not a or not b or a[0] == b[0]:
        return True
    return any(a[0] in letters and b[0] in letters for letters in _INITIAL_CLASSES)
