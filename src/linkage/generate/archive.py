"""Archive habits of WWII loss records: places as raion and village or the conscription office,
"missing since" dates, field-post and regiment numbers, clerks' spelling by ear.

Reads the people, the mentions' sources and the loaded Tables; writes nothing. The records
modelled are those the Memorial OBD and "Pamyat naroda" show (REAL-HABITS.md; the period's
documents): a unit's report of irrecoverable losses (донесение), a hospital's death record, a
burial card or a memorial plate, a regional book of memory, a personnel card or death notice,
and a German POW card. Each is a source with its own SourceHabits (config `wwii_config`);
what the default generator has no knob for lives here, in ArchiveHabits, and draws from its
own random stream so the default lists stay byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

# How the place column (settlement) reads: birthplace raion and village, the village alone,
# the raion alone, or the conscription office that called the man up (a district's РВК).
PLACE_FORMS = ("raion_village", "village", "raion", "conscription_office")
# Unit forms: a field-post number, a military-unit number, a regiment of a division, a division.
UNIT_FORMS = ("field_post", "military_unit", "regiment", "division")


def _frozen(mapping: Mapping) -> field:
    return field(default_factory=lambda: MappingProxyType(dict(mapping)))


@dataclass(frozen=True)
class ArchiveHabits:
    """What WWII archive records do that today's lists do not; rates per mention."""

    tables: str = "wwii"  # resources/generator/*_wwii.*: wartime oblasts, names of 1880-1927, ranks
    villages_per_raion: int = 6  # villages drawn (from a shared pool: many share a name) per raion
    # per source: shares of PLACE_FORMS (a source not named prints the raion and village)
    place_forms: Mapping[str, tuple[float, float, float, float]] = _frozen({})
    # per source: share of mentions whose death date is the "missing since" date (пропал без вести)
    missing_since: Mapping[str, float] = _frozen({})
    missing_lag_days: tuple[int, int] = (0, 30)  # a man missing in battle died within days ...
    captivity: float = 0.3  # ... or was taken prisoner and died in captivity:
    captivity_days: tuple[int, int] = (30, 900)  # this many days after he went missing
    rvk_word: Mapping[str, float] = _frozen({"РВК": 0.6, "райвоенкомат": 0.2, "РВК, {region}": 0.2})
    units: int = 4000  # distinct units people serve in
    unit_forms: tuple[float, float, float, float] = (0.35, 0.15, 0.35, 0.15)


def unit_table(n: int, forms: tuple[float, ...], rng: np.random.Generator) -> list[tuple[str, str, float]]:
    """(Russian, German, weight) of n units: п/п 12345, в/ч 12345, 1087 сп 322 сд, 322 сд."""
    kind = rng.choice(len(forms), size=n, p=np.asarray(forms) / sum(forms))
    number, regiment, division = rng.integers(10000, 99999, n), rng.integers(1, 1400, n), rng.integers(1, 420, n)
    out = []
    for k, num, reg, div in zip(kind.tolist(), number.tolist(), regiment.tolist(), division.tolist()):
        out.append([(f"п/п {num}", f"Feldpost {num}"), (f"в/ч {num}", f"Einheit {num}"),
                    (f"{reg} сп {div} сд", f"Schtz.Rgt. {reg}"), (f"{div} сд", f"Schtz.Div. {div}")][k] + (1.0,))
    return out


def settlements(region: dict, villages: list[str], per_raion: int, rng: np.random.Generator) -> list[str]:
    """"Кимрский р-н, д. Горки" for a few villages of each raion, in random order (none is a capital)."""
    out = []
    for raion in region["raions"]:
        for village in rng.choice(villages, size=per_raion, replace=False).tolist():
            kind = "с." if village.endswith(("ое", "ское", "ево", "ино")) else "д."
            out.append(f"{raion} р-н, {kind} {village}")
    return [out[i] for i in rng.permutation(len(out))]


def death_offsets(person: np.ndarray, death: np.ndarray, war_start: int, source_names: np.ndarray,
                  rng: np.random.Generator, habits: ArchiveHabits) -> tuple[np.ndarray, np.ndarray]:
    """Days to take off each mention's death date (the "missing since" date precedes the death),
    and which mentions print it. A man's captivity is his own: every mention of him that prints a
    missing-since date gives the day he went missing, never before the war began (`war_start`)."""
    people = int(person.max()) + 1 if len(person) else 0
    lo, hi = habits.missing_lag_days
    clo, chi = habits.captivity_days
    captive = rng.random(people) < habits.captivity
    gap = np.where(captive, rng.integers(clo, chi + 1, people), rng.integers(lo, hi + 1, people))
    rate = np.array([habits.missing_since.get(s, 0.0) for s in source_names.tolist()], dtype=float)
    missing = rng.random(len(person)) < rate
    return np.where(missing, np.minimum(gap[person], death - war_start), 0), missing


def place_column(settlement: list[str], region: list[str], latin: np.ndarray, source_names: np.ndarray,
                 rng: np.random.Generator, habits: ArchiveHabits, tr, scheme: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The settlement column as each source prints the person's birthplace "Raion р-н, д. Village"
    (a blank stays blank): PLACE_FORMS by source; Latin (a POW card) gives the village."""
    default = (1.0, 0.0, 0.0, 0.0)
    shares = np.array([habits.place_forms.get(s, default) for s in source_names.tolist()], dtype=float)
    cum = np.cumsum(shares, axis=1)
    form = (rng.random(len(settlement))[:, None] * cum[:, -1:] >= cum).sum(axis=1).clip(0, 3)
    words = list(habits.rvk_word)
    wp = np.array([habits.rvk_word[w] for w in words], dtype=float)
    word = rng.choice(len(words), size=len(settlement), p=wp / wp.sum())
    bare = rng.random(len(settlement)) < 0.4  # "Горки" for "д. Горки"
    yo = rng.random(len(settlement)) < 0.8  # Берёзовка written Березовка
    out = []
    for i, text in enumerate(settlement):
        if not text:
            out.append("")
            continue
        raion, _, village = text.partition(" р-н, ")
        if latin[i]:
            out.append(tr(village.partition(" ")[2], int(scheme[i])))
            continue
        village = village.partition(" ")[2] if bare[i] else village
        raion, village = (raion.replace("ё", "е"), village.replace("ё", "е")) if yo[i] else (raion, village)
        out.append([f"{raion} р-н, {village}", village, f"{raion} р-н",
                    f"{raion} " + words[word[i]].format(region=region[i])][form[i]])
    return out, form
