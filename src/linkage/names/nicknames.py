"""English nicknames (Tom → Thomas, Peggy → Margaret) from the `nicknames` package, as claims.

Reads the hand-curated table that ships with the PyPI package `nicknames` (Carlton Northern and
Nick Crews, Apache-2.0; 2,691 name/nickname rows) through its own loader; writes nothing.
`variants.py` adds these claims to the Russian table's: a form the Russian table already knows
keeps its meaning there, and an English name the Russian table knows (Alexander) resolves to its
Russian root, so Alex, Sasha and Aleksandr stay one name.

We take the data from the package rather than copying it into resources/: it is maintained
there, and a new release corrects it without a change here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

from nicknames import NickNamer

# A nickname that may stand for more than this many names (Al: Albert, Alfred, Alan, Alexander
# ...) says little; chained through each other, such forms joined 740 names into one group,
# where three or fewer leave groups of at most 23 (measured on nicknames 1.0.1).
MAX_CANONICALS = 3


@cache
def _lookups() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(nickname → the names it may stand for, name → its nicknames), lower case."""
    namer = NickNamer()
    return namer.canonical_lookup, namer.nickname_lookup


def _forward(nick: str, name: str, canonicals: Mapping[str, set[str]],
             nicks: Mapping[str, set[str]]) -> bool:
    """The table lists some pairs both ways (Bill → William and William → Bill), and a few full
    names as nicknames of another name (William of Wilma, James of Jamey): a claim is kept when
    the name is longer, or when the nickname has no nicknames of its own and the name does not
    claim it back (Johnny → John)."""
    if len(name) > len(nick):
        return True
    return nick not in canonicals.get(name, ()) and not nicks.get(nick)


def _reduced(names: set[str], nicks: Mapping[str, set[str]]) -> set[str]:
    """The names a nickname stands for, without those that are themselves a nickname of another
    in the set (Tom: {Thom, Thomas} → {Thomas})."""
    return {c for c in names
            if not any(c in nicks.get(o, ()) and len(o) > len(c) for o in names if o != c)}


@cache
def english_claims() -> dict[str, frozenset[str]]:
    """Each English nickname → the full names it may stand for (1 to MAX_CANONICALS)."""
    canonicals, nicks = _lookups()
    claims = {}
    for nick, names in canonicals.items():
        full = _reduced({n for n in names if _forward(nick, n, canonicals, nicks)}, nicks)
        if 0 < len(full) <= MAX_CANONICALS:
            claims[nick] = frozenset(full)
    return claims


def key_claims(key: Callable[[str], str], known: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The English claims in key space, for variants.py: nickname key → full-name keys.

    `known` is the Russian table's claims (key → full keys): a key it has keeps its meaning, and
    an English full name whose key it knows as the form of one name becomes that name's key.
    """
    def full_key(name: str) -> str:
        k = key(name)
        fulls = known.get(k, ())
        return fulls[0] if len(fulls) == 1 else k

    out: dict[str, tuple[str, ...]] = {}
    for nick, names in english_claims().items():
        k = key(nick)
        fulls = tuple(sorted({full_key(n) for n in names} - {k}))
        if k and k not in known and fulls:
            out[k] = tuple(sorted(set(out.get(k, ())) | set(fulls)))
    for k, fulls in out.items():  # Bertie → Bert → Albert: follow a chain of single claims
        for _ in range(3):
            nxt = out.get(fulls[0], known.get(fulls[0], fulls)) if len(fulls) == 1 else fulls
            if nxt == fulls or k in nxt:
                break
            fulls = nxt
        out[k] = fulls
    for fulls in list(out.values()):  # each English full name claims itself, as the table's do
        for full in fulls:
            if full not in known and full not in out:
                out[full] = (full,)
    return out
