"""Split a full name written in any order into first name, patronymic and surname.

Reads strings (and, through `variants` and `patronymic`, the first-name and patronymic tables);
writes `NameParts` of cleaned, title-cased original-script tokens.

Order rule, in this sequence:
1. A Turkic particle (оглы, кызы, uly, ugli ...) joins the word before it into the patronymic.
2. The patronymic is a token with a patronymic ending; of several (Krylovich Ivan Petrovich), the
   one right after a known first name, else one whose father is a known name, else the last.
3. The first name is the token just before the patronymic, unless another token is a known
   first name and that one is not; with no patronymic, a known first name.
4. Otherwise by position: Cyrillic text, or a leading all-capitals token (IVANOV Ivan), reads
   "Surname First [Patronymic]"; Latin mixed case reads "First [Patronymic] Surname". A token
   with a surname ending (-ov, -in, -sky, -enko ...) overrides this for two-token names; where
   the endings do not decide (both words have one, or neither), a typo of a known first name
   (Констаитин, сергпй) is the first name, else a given name OpenCorpora's dictionary knows and
   the tables lack (Тамерлан Монгуш, Эльвин Исмаилов). Before all these, a Tuvan clan name
   (Монгуш, Салчак) is the surname of two words (Сайын Монгуш, Салчак Айдаш), and of three with
   a patronymic (Донгак Аясович Эртине).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from linkage.names.keys import name_key
from linkage.names.patronymic import is_patronymic, is_turkic_word, patronymic_father
from linkage.names.script import clean, detect_script
from linkage.names.variants import (
    is_clan_surname,
    is_first_name,
    is_first_name_typo,
    is_given_name,
    known_first_names,
)

_SURNAME_ENDINGS = ("ov", "ev", "in", "ova", "eva", "ina", "ski", "cki", "skaia", "enko", "uk", "zoda", "zade")


@dataclass(frozen=True)
class NameParts:
    """Cleaned original-script parts of one name; '' where the part is absent."""

    first: str
    patronymic: str
    surname: str


@lru_cache(maxsize=200_000)
def _title(word: str) -> str:
    if is_turkic_word(word):
        return word.lower()
    parts = word.split("-")  # Tuvan -оол stays lower case after the hyphen (Кан-оол)
    return "-".join(
        p.lower() if i and name_key(p) == "ol" else p[:1].upper() + p[1:].lower()
        for i, p in enumerate(parts)
    )


class _Word(NamedTuple):
    """What `_tokens` reads of one cleaned word, read once per word: at 200k mentions, 131k
    distinct full names are made of 31k distinct words."""

    skip: bool  # no letters: hyphens and apostrophes only
    turkic: bool  # a Turkic particle (оглы), glued to the word before it
    ol: bool  # Tuvan -оол written apart (Кара оол), hyphened to the word before it
    title: str


@lru_cache(maxsize=200_000)
def _word(word: str) -> _Word:
    """The particle, Tuvan -оол and title-case facts of one word (see `_Word`)."""
    if not word.strip("-'"):
        return _Word(True, False, False, "")
    turkic = is_turkic_word(word)
    return _Word(False, turkic, not turkic and name_key(word) == "ol", _title(word))


def _tokens(text: str) -> list[str]:
    """Title-cased words, a Turkic particle glued to the word before it (Гусейн оглы)."""
    out: list[str] = []
    for word in clean(text).split(" "):
        skip, turkic, ol, title = _word(word)
        if skip:
            continue
        if out and turkic:
            out[-1] = f"{out[-1]} {title}"
        elif out and ol and not out[-1].endswith("-"):
            out[-1] = f"{out[-1]}-{title.lower()}"  # Tuvan -оол written apart: Кара оол
        else:
            out.append(title)
    return out


class _Token(NamedTuple):
    """Everything the order rules read of one token. A name's order is decided on these facts
    alone, so it is decided once per pattern of facts (`_order`), not once per name: 131k
    distinct full names at 200k mentions share a few hundred patterns. A NamedTuple, not a
    dataclass: it is hashed as a cache key once per name."""

    letter: bool  # a single letter: an initial
    patronymic: bool
    first: bool  # a known first name
    first_typo: bool  # no known first name, but a typo of one (Констаитин)
    given: bool  # a given name of the dictionary (Тамерлан, Эльвин) or the tables
    father_known: bool  # a patronymic whose father is a known first name (read of patronymics only)
    surname_ending: bool  # -ov, -in, -sky, -enko ...
    clan: bool  # a Tuvan clan name (Монгуш, Салчак): a surname
    cyrillic: bool  # holds a Cyrillic letter
    latin: bool  # holds a Latin letter
    capitals: bool  # all capitals, two letters or more (IVANOV)


@lru_cache(maxsize=200_000)
def _token(token: str) -> _Token:
    """The facts the order rules read of one token (see `_Token`)."""
    raw, script, patronymic = token.replace("-", ""), detect_script(token), is_patronymic(token)
    clan = is_clan_surname(token)  # a Tuvan clan name is a surname, even where a given name too (Очур)
    return _Token(
        letter=len(token) == 1,
        patronymic=patronymic,
        first=is_first_name(token) and not clan,
        first_typo=is_first_name_typo(token),
        given=is_given_name(token),
        father_known=patronymic and patronymic_father(token) in known_first_names(),
        surname_ending=name_key(token).endswith(_SURNAME_ENDINGS),
        clan=clan,
        cyrillic=script in ("cyrillic", "mixed"),
        latin=script in ("latin", "mixed"),
        capitals=raw.isupper() and len(raw) > 1,
    )


def _pick_patronymic(tokens: tuple[_Token, ...]) -> int:
    """Index of the patronymic among three or more tokens, or -1."""
    found = [i for i, t in enumerate(tokens) if t.patronymic]
    if len(found) <= 1:
        return found[0] if found else -1
    after_first = [i for i in found if i > 0 and tokens[i - 1].first]
    if after_first:
        return after_first[0]
    named = [i for i in found if tokens[i].father_known]
    return (named or found)[-1]


def _pick_first(tokens: tuple[_Token, ...], patronymic: int) -> int:
    """Index of the first name among the tokens that are not the patronymic."""
    rest = [i for i in range(len(tokens)) if i != patronymic]
    before = patronymic - 1 if patronymic > 0 else -1
    if before >= 0 and tokens[before].first:
        return before
    known = [i for i in rest if tokens[i].first]
    if known:
        return known[0]
    clans = [i for i in rest if tokens[i].clan]
    if len(clans) == 1 and len(rest) == 2:  # the clan name is the surname, before any other rule
        return next(i for i in rest if i != clans[0])  # Сайын Монгуш, Донгак Аясович Эртине
    if before >= 0:
        return before
    return rest[1] if _surname_first(tokens) and len(rest) > 1 else rest[0]


def _surname_first(tokens: tuple[_Token, ...]) -> bool:
    """Position rule: Cyrillic or a leading all-capitals token means the surname comes first.
    Two words are read first by what sets them apart, the first fact that does: a surname ending,
    then a typo of a known first name (сергпй Тодын, Констаитин Плаккнин), then a given name the
    dictionary knows (Тамерлан Монгуш, Эльвин Исмаилов)."""
    if len(tokens) == 2:
        a, b = tokens
        if a.surname_ending != b.surname_ending:
            return a.surname_ending
        if a.first_typo != b.first_typo:
            return b.first_typo
        if a.given != b.given:
            return b.given
    if any(t.cyrillic for t in tokens) and not any(t.latin for t in tokens):
        return True
    return tokens[0].capitals


def _initials(tokens: tuple[_Token, ...]) -> tuple[int, int, tuple[int, ...]] | None:
    """A surname with initials, in either order (Петров С.А., S. A. Petrov): the one word that is
    not a single letter is the surname, the letters are the first name's and the father's."""
    letters = [i for i, t in enumerate(tokens) if t.letter]
    words = [i for i, t in enumerate(tokens) if not t.letter]
    if not letters or len(words) != 1 or len(letters) > 2:
        return None
    return letters[0], letters[1] if len(letters) > 1 else -1, (words[0],)


def _father_initial(tokens: tuple[_Token, ...]) -> int:
    """Index of the one single letter after the first word (Дмитрий Н. Гусев, Гусев Дмитрий Н.):
    the father's initial, which follows the first name; or -1."""
    letters = [i for i, t in enumerate(tokens) if t.letter]
    return letters[0] if len(letters) == 1 and letters[0] > 0 else -1


def _three_words_order(tokens: tuple[_Token, ...]) -> tuple[int, int, tuple[int, ...]]:
    """First name, father's name, surname of three words none of which reads as a patronymic: the
    one known first name leads, the word after it is the father's (Bahramov Eugene Aleksandrovic,
    a patronymic spelled without its h); else the script's order (Монгуш Айдыс Оолак)."""
    known = [i for i, t in enumerate(tokens) if t.first]
    if len(known) == 1 and known[0] < 2:
        first = known[0]
        return first, first + 1, (2 if first == 0 else 0,)
    return (1, 2, (0,)) if _surname_first(tokens) else (0, 1, (2,))


@lru_cache(maxsize=20_000)
def _order(tokens: tuple[_Token, ...]) -> tuple[int, int, tuple[int, ...]]:
    """Indices of the first name and the patronymic (-1: none) and of the surname's words."""
    initials = _initials(tokens)
    if initials:
        return initials
    patronymic = _pick_patronymic(tokens) if len(tokens) >= 3 else -1
    if len(tokens) == 3 and patronymic < 0:
        patronymic = _father_initial(tokens)
    if len(tokens) == 3 and patronymic < 0:  # Tuvan/Central Asian father's name has no ending
        return _three_words_order(tokens)
    first = _pick_first(tokens, patronymic)
    return first, patronymic, tuple(i for i in range(len(tokens)) if i not in (first, patronymic))


def _split(tokens: list[str]) -> NameParts:
    first, patronymic, surname = _order(tuple(map(_token, tokens)))
    return NameParts(tokens[first], tokens[patronymic] if patronymic >= 0 else "",
                     " ".join(tokens[i] for i in surname))


@lru_cache(maxsize=200_000)
def split_full_name(text: str) -> NameParts:
    """First name, patronymic and surname of a full name in any order and script."""
    tokens = _tokens(text or "")
    if not tokens:
        return NameParts("", "", "")
    if len(tokens) == 1:
        return NameParts(tokens[0], "", "") if is_first_name(tokens[0]) else NameParts("", "", tokens[0])
    return _split(tokens)
