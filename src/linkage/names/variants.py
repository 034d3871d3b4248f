"""First-name roots (diminutives and foreign forms → full form) and gender-neutral surname stems.

Reads `first_names.csv` (full Cyrillic form, sex, its diminutives and English/foreign forms),
and English nicknames from the `nicknames` package (nicknames.py).
Works in key space: every form is put through `name_key`, so any spelling of a form maps too.
"""

from __future__ import annotations

from functools import cache, lru_cache

import jellyfish
import networkx as nx

from linkage.names import nicknames
from linkage.names.keys import name_key
from linkage.resource_files import read_csv

# Feminine surname endings in key space → masculine (Иванова → ivanov, Петровская → petrovski);
# adjectival -ой/-ая meet at -i (Толстой, Толстая → tolsti) as -ый/-ий already do.
# Longest first; the stem left must keep at least _MIN_STEM letters (Ина, Ева stay as they are).
_SURNAME_ENDINGS = (
    ("skaia", "ski"), ("ckaia", "cki"), ("skoi", "ski"), ("ckoi", "cki"),
    ("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("aia", "i"), ("oi", "i"),
)
_MIN_STEM = 2
MIN_PET_STEM = 3


@cache
def _claims() -> dict[str, tuple[str, ...]]:
    """Key of every form (and of each full name itself) → keys of the full names it may stand for.

    Most forms stand for one name; a few are shared (Слава: Вячеслав, Ярослав, Станислав ...;
    Гоша: Георгий, Игорь). A full name is always its own only claim.
    """
    table = _table_claims()
    return table | nicknames.key_claims(name_key, table)  # English pet forms: Tom → Thomas


@cache
def _table_claims() -> dict[str, tuple[str, ...]]:
    """_claims from first_names.csv alone (the Russian table), without the English nicknames."""
    claims: dict[str, list[str]] = {}
    rows = read_csv("names/first_names.csv")
    fulls = {name_key(row["full"]) for row in rows}
    for row in rows:
        full = name_key(row["full"])
        for key in [full] + [name_key(f) for f in row["forms"].split(";") if f.strip()]:
            if key in fulls and key != full:
                raise ValueError(f"first_names.csv: {row['full']!r} lists the full name {key!r} as a form")
            if full not in claims.setdefault(key, []):
                claims[key].append(full)
    return {key: tuple(sorted(fulls_)) for key, fulls_ in claims.items()}


@cache
def _groups() -> dict[str, str]:
    """Key of every shared form and of each name it may stand for → its group: the connected
    names, named by their alphabetically first shared form (Слава, Славик and the five names
    they may stand for all carry group 'slava')."""
    claims = _claims()
    graph = nx.Graph()
    graph.add_edges_from((form, full) for form, fulls in claims.items() if len(fulls) > 1 for full in fulls)
    groups: dict[str, str] = {}
    for component in nx.connected_components(graph):
        groups |= dict.fromkeys(component, min(k for k in component if len(claims[k]) > 1))
    return groups


@cache
def _roots() -> dict[str, str]:
    """Key of every known form → key of its full name; a shared form's root is its group."""
    return {key: fulls[0] if len(fulls) == 1 else _groups()[key] for key, fulls in _claims().items()}


@cache
def _women() -> frozenset[str]:
    """Keys of first_names.csv's women's names: a stem with -а or -я may spell one (Валерия)."""
    return frozenset(name_key(row["full"]) for row in read_csv("names/first_names.csv") if row["sex"] == "f")


@cache
def _suffixes() -> tuple[str, ...]:
    """Diminutive suffixes in key space, longest first (Arturchik, Zaharka, Nikitos, Kolian)."""
    keys = {name_key(r["suffix"]) for r in read_csv("names/diminutive_suffixes.csv")}
    return tuple(sorted(keys, key=len, reverse=True))


@lru_cache(maxsize=200_000)
def _stripped_root(key: str) -> str | None:
    """The root of an unknown pet form built by a diminutive suffix on a known name or on its
    first letters (Arturchik → artur, Kolian → Kolia → nikolai, Temka → Tema → artem); None
    when nothing or more than one name fits. The stem left must keep MIN_PET_STEM letters."""
    roots, beginnings, russian, women = _roots(), _beginnings(), _table_claims(), _women()
    for suffix in _suffixes():
        stem = key[: -len(suffix)]
        if not key.endswith(suffix) or len(stem) < MIN_PET_STEM:
            continue
        # a Russian short form whose last vowel the suffix replaced first (Лёнь-ка: Лёня, Валер-чик:
        # Валера; a woman's name is no man's pet form), then the stem itself (Артур-чик): read as a
        # word, the stem of Лёнька is the English Len (Leonard), the root of no Russian form. Not
        # after -ян, also the ending of names of their own (Валерьян, Лукьян are not Валера, Лука)
        for form in (stem + "ia", stem + "a") if suffix != "ian" else ():
            if form in russian and roots[form] not in women:
                return roots[form]
        if stem in roots:
            return roots[stem]
        fits = beginnings.get(stem, ())
        if len(fits) == 1:
            return next(iter(fits))
    return None


# Uzbek and Tajik names carry the affectionate -жон / -джон (-jon, -dzhon) in one source and not
# in another (Икромжон, Икромджон / Икром; Umidjon / Umid: REAL-HABITS.md). After a vowel the д
# of "dzhon" is the name's own (Умиджон = Умид + жон; these names end in a consonant), after a
# consonant it is the suffix's (Икромджон = Икром + джон).
_VOWELS = frozenset("aeiou")


@lru_cache(maxsize=200_000)
def _honorific_root(key: str) -> str | None:
    """The root of a name written with -жон / -джон: the name without it (its own root when the
    tables know it); None when the key does not end so or too little is left."""
    if not key.endswith("zhon"):
        return None
    suffix_d = key.endswith("dzhon") and len(key) > 5 and key[-6] not in _VOWELS  # Икром-джон
    stem = key[:-5] if suffix_d else key[:-4]
    if len(stem) < MIN_PET_STEM:
        return None
    return _known_root(stem) or stem


@cache
def _beginnings() -> dict[str, frozenset[str]]:
    """First letters of each known form or name (all but its last 1–3) → the roots they begin."""
    found: dict[str, set[str]] = {}
    for key, root in _roots().items():
        for cut in range(max(MIN_PET_STEM, len(key) - 3), len(key)):
            found.setdefault(key[:cut], set()).add(root)
    return {k: frozenset(v) for k, v in found.items()}


@cache
def known_first_names() -> frozenset[str]:
    """Keys of every first name and form in the reference table (used to order name parts)."""
    return frozenset(_roots())


def _known_root(key: str) -> str | None:
    """The root of a key the table knows, or of a German press spelling of it: German writes a
    word-initial Е as Je (Jegor, Jelena, Jefim), which the key rules read as Telegram's Же
    (zhegor); an unknown zhe- key whose e- form is a known name is that name."""
    roots = _roots()
    if key in roots:
        return roots[key]
    return roots.get(key[2:]) if key.startswith("zhe") else None


@cache
def _given_names() -> frozenset[str]:
    """Keys of the 12,825 given names of OpenCorpora's Russian dictionary (the words it tags
    Name: Russian, Tatar, Bashkir, Caucasian, Central Asian and Buryat names, some pet forms),
    from pymorphy3-dicts-ru; `given_names.csv` says where it comes from and under what licence."""
    return frozenset(name_key(row["name"]) for row in read_csv("names/given_names.csv"))


@cache
def _clan_surnames() -> frozenset[str]:
    """Keys of Tuva's clan names (Монгуш, Ооржак, Салчак ...), the surnames of most Tuvans, listed
    in clan_surnames.csv as ethnographies of Tuva name the clans (facts, no one's work): they end
    like no Russian surname, and some (Очур) are given names too, so nothing else says which word
    of Айдаш Салчак is the surname."""
    return frozenset(name_key(row["surname"]) for row in read_csv("names/clan_surnames.csv"))


def is_clan_surname(token: str) -> bool:
    """True if the token is a Tuvan clan name (a surname, whatever order the name is written in)."""
    return name_key(token) in _clan_surnames()


def is_given_name(token: str) -> bool:
    """True if the token is a name a dictionary knows (Салават, Родион, Нурлан) or a form of the
    table's: evidence that a form is a real name of its own, not a garbled or unknown pet form."""
    key = name_key(token)
    return _known_root(key) is not None or key in _given_names()


def is_first_name(token: str) -> bool:
    """True if the token is a known first name, diminutive or foreign form, in any script."""
    return _known_root(name_key(token)) is not None


@cache
def _full_forms() -> dict[str, str]:
    """Key of every full name → the full name as the table writes it (Cyrillic)."""
    return {name_key(row["full"]): row["full"] for row in read_csv("names/first_names.csv")}


def full_first_name(token: str) -> str:
    """The full Cyrillic form of any spelling of a name the table knows (Саша, Sasha, Jurij →
    Александр, Александр, Юрий); the token itself when the table does not know it."""
    return _full_forms().get(first_name_root(token), token)


@lru_cache(maxsize=200_000)
def first_name_root(token: str) -> str:
    """Key of the full form: Sasha, Alexander, Саня, Sanyok → key(Александр); a form shared by
    several names → its group (Slava → 'slava'); a name with the Central Asian -жон (Umidjon) → the
    name without it; a typo of one known form (Aleskandr, Stanispav) → that form's root; unknown
    names → own key."""
    key = name_key(token)
    if _an_initial(token):
        return key  # Я. is an initial, not Ija (Илья), whose key it shares
    return _known_root(key) or _stripped_root(key) or _honorific_root(key) or _typo_root(key) or key


def _an_initial(token: str) -> bool:
    """One letter (Я, С.), or two with a dot (Ya., Zh.: a Cyrillic initial in Latin letters)."""
    letters = sum(ch.isalpha() for ch in token)
    return letters == 1 or (letters == 2 and token.rstrip().endswith("."))


# A typo is read as the name it garbles only in keys this long: shorter ones are a letter away
# from too many names (Ilia / Ilian, Marat / Murat).
MIN_TYPO_KEY = 6


def one_deleted(key: str) -> set[str]:
    """The key and every string one deletion away (SymSpell's trick): two keys within one edit,
    a typo, a transposition or a dropped letter, always share one. Neither Splink nor DuckDB
    offers this; surname blocking (normalise.deletion_keys) and typo roots use it."""
    return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}


@cache
def _deletion_index() -> dict[str, frozenset[str]]:
    """Each known form's key and its one-letter deletions → the forms (SymSpell's index: two keys
    one edit apart, a transposition included, share an entry). Nothing in Splink, DuckDB or
    jellyfish looks a word up among thousands within an edit."""
    index: dict[str, set[str]] = {}
    for key in _roots():
        if len(key) >= MIN_TYPO_KEY - 1:
            for deleted in one_deleted(key):
                index.setdefault(deleted, set()).add(key)
    return {k: frozenset(v) for k, v in index.items()}


def _feminine_of(a: str, b: str) -> bool:
    """Ruslana / Ruslan, Valeria / Valeri: a woman's name is the man's with an -a, not a typo."""
    return a == b + "a" or b == a + "a"


def is_first_name_typo(token: str) -> bool:
    """True if the token is no known form but a typo of one (Констаитин, сергпй; _typo_root)."""
    key = name_key(token)
    return _known_root(key) is None and _typo_root(key) is not None


@lru_cache(maxsize=200_000)
def _typo_root(key: str) -> str | None:
    """The root of the one known form an unknown key is a typo of (one edit, a swap included);
    None when it is short or a typo of two names' forms. A dictionary's knowing the spelling does
    not make it a name of its own: OpenCorpora lists Алескандр and Вячелав beside the names."""
    if len(key) < MIN_TYPO_KEY:
        return None
    index, roots = _deletion_index(), _roots()
    near = {form for deleted in one_deleted(key) for form in index.get(deleted, ())}
    found = {roots[form] for form in near if jellyfish.damerau_levenshtein_distance(form, key) <= 1
             and not _feminine_of(key, form)}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=200_000)
def first_name_group(token: str) -> str:
    """The root, widened to every name a shared form may stand for: Slava, Vyacheslav and
    Yaroslav share group 'slava'. Blocking uses it so a shared pet form meets each of its names."""
    root = first_name_root(token)
    return _groups().get(root, root)


def names_meant(root: str) -> tuple[str, ...]:
    """The full names (keys) a root may stand for: itself, or each name of a shared pet form
    (Slava: Vyacheslav, Vladislav, Stanislav, Yaroslav ...)."""
    return _claims().get(root, (root,))


def shared_form_of(root_a: str, root_b: str) -> bool:
    """True when one root is a shared pet form that may stand for the other name (Slava and
    Vyacheslav); two full names of one group (Vyacheslav, Yaroslav) are still two names."""
    group_a, group_b = first_name_group(root_a), first_name_group(root_b)
    return group_a == group_b and (root_a == group_a or root_b == group_b)


@lru_cache(maxsize=200_000)
def surname_stem(token: str) -> str:
    """Gender-neutral surname key: Ivanova → ivanov, Petrovskaya → petrovski; others unchanged."""
    key = name_key(token)
    for ending, masculine in _SURNAME_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return key[: -len(ending)] + masculine
    return key
