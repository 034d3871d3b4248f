"""The family model learned from the list at hand: how many relatives an individual has, and how
often relatives share a settlement, a page, a death date, a father's name, by EM over the
candidate pairs (family_chance.py finds them).

Why: the spec's priors (KIN) and hand-set factors (a settlement that differs, brothers killed
together) were set on one generator's lists. A list with another household rate, or whose
brothers live apart and are named on one group page, made the confidences mean something else
(other hands' lists: precision 0.74–0.90 at confidence 0.95, recall 0.25).

The model. A candidate pair has chance E (expected strangers sharing what the pair shares, from
the shares of the values it shares: family_chance.py) and, per feature, a level. Its odds of
being kin are KIN x the product of the levels' factors / E, each factor m/u: the share of kin
pairs at that level over the share of stranger pairs at that level. Where E already holds the
share of the shared value (a settlement, a father's name, a death day: term frequencies as in
Splink), the factor is m / (u x share / s), s the strangers' mean share at that level, so that
the value's share replaces the level's u. KIN is identified by the pairs of near-zero E: a
candidate pair of E much below KIN is kin whatever KIN is, so the count of such pairs among the
list's individuals fixes it (KIN = 2 x expected kin pairs / individuals). EM alternates: each
pair's probability of kin from the current values, then KIN, m and u from those probabilities.
A list with too few candidate kin pairs to tell keeps the spec's values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import methodcaller

import numpy as np
import pandas as pd

from linkage.config import FamilyModel

EPSILON = 1e-6  # u of a level every individual's field rules out

# each pair's level of each feature (names) and u, one array per feature, as levels() returns
Levels = dict[str, tuple[np.ndarray, np.ndarray]]


def _flags(rows: list[dict], name: str) -> np.ndarray:
    """Each row's field `name` as a truth value (absent: false)."""
    return np.fromiter(map(bool, map(methodcaller("get", name), rows)), bool, len(rows))


def _known(rows: list[dict], name: str) -> np.ndarray:
    """Whether each row's field `name` is given (present and not None)."""
    return np.not_equal(np.array(list(map(methodcaller("get", name), rows)), dtype=object), None).reshape(len(rows))


def _values(rows: list[dict], name: str) -> np.ndarray:
    """Each row's numeric field `name` (absent or None: NaN)."""
    values = np.array(list(map(methodcaller("get", name), rows)), dtype=float)  # None: NaN
    return values.reshape(len(rows))


def levels(rows: list[dict], relation: str, known: dict[str, float], m: FamilyModel) -> Levels:
    """Each pair's level of each feature the spec learns (LEARN_LEVELS), and u: how often two
    strangers of the list are at that level, apart from the shared value's share that E holds
    (`known`: the share of individuals whose field is known, per field). Column-wise: a level
    per row in Python had taken 0.7 s of the family stage at 200k mentions."""
    settlement, father = known["settlement"] ** 2, known["father"] ** (2 if relation == "sibling" else 1)
    page = _flags(rows, "same_page")
    out = {"page": (np.where(page, "shared", "not").astype(object), np.ones(len(rows)))}
    same, settled = _flags(rows, "same_settlement"), _flags(rows, "settlement_known")
    out["settlement"] = (np.where(same, "same", np.where(settled, "differs", "unknown")).astype(object),
                         np.where(same | settled, settlement, max(1 - settlement, EPSILON)))
    agree = _known(rows, "father_tf")
    out["father"] = (np.where(agree, "agree", "unknown").astype(object),
                     np.where(agree, father, max(1 - father, EPSILON)))
    if relation == "sibling":
        if "death" in m.learn_levels:  # computed only when learned (the filter below drops it)
            out["death"] = _death(rows, known)
        out["birth"] = _birth(rows, known)
    return {f: (level if f not in m.learn_u_among_candidates else (level[0], np.full(len(rows), math.nan)))
            for f, level in out.items() if f in m.learn_levels}


def _birth(rows: list[dict], known: dict) -> tuple[np.ndarray, np.ndarray]:
    """Twins (one full birth date), or born so many years apart (E holds the share of pairs born
    this close), or a birth unknown."""
    level = np.full(len(rows), "unknown", dtype=object)
    u = np.full(len(rows), max(1 - known["birth_year"] ** 2, EPSILON))
    _binned(level, u, rows, "birth_years", known["birth_gaps"], "years",
            lambda share: known["birth_year"] ** 2 * share / known["birth_close"])
    twins = _flags(rows, "twins")
    level[twins], u[twins] = "twins", known["birth_day"] ** 2
    return level, u


def _death(rows: list[dict], known: dict) -> tuple[np.ndarray, np.ndarray]:
    """Killed within a day of each other (E holds the share of deaths on those three days), or
    so many days apart."""
    level = np.full(len(rows), "unknown", dtype=object)
    u = np.full(len(rows), max(1 - known["death_day"] ** 2, EPSILON))
    _binned(level, u, rows, "death_days", known["death_gaps"], "days",
            lambda share: known["death_day"] ** 2 * max(share, EPSILON))
    together = _known(rows, "death_share")
    level[together], u[together] = "together", known["death_day"] ** 2
    return level, u


def _binned(level: np.ndarray, u: np.ndarray, rows: list[dict], field: str, bins: list[tuple[float, float]],
            unit: str, weigh) -> None:
    """Sets the level of each row whose gap (`field`) is known to the first (upper bound, share)
    of `bins` whose bound the gap does not pass (else the last), and its u to weigh(share),
    weighed only for a bin some row is in (a list without two births has no share to divide by)."""
    gaps, left = _values(rows, field), _known(rows, field)
    for i, (hi, share) in enumerate(bins):
        hit = left & (gaps <= hi) if i < len(bins) - 1 else left
        if hit.any():
            level[hit], u[hit] = f"{unit}<={hi}", weigh(share)
        left &= ~hit


def subset(levels_of: Levels, keep: np.ndarray) -> Levels:
    """The levels of the rows `keep` (a mask) selects."""
    return {f: (level[keep], u[keep]) for f, (level, u) in levels_of.items()}


def base_chance(rows: list[dict], m: FamilyModel, page: float = 1.0) -> np.ndarray:
    """Each row's E without the spec's hand-set factors the list now learns (a settlement that
    differs, brothers killed together), and without the shares of the features whose u is
    measured among the candidates (LEARN_U_AMONG_CANDIDATES; `page`: E's page share)."""
    chance, learned, among = _values(rows, "chance"), m.learn_levels, m.learn_u_among_candidates
    same = _flags(rows, "same_settlement")
    if "settlement" in learned:
        chance = _divided(chance, m.settlement_differs, _flags(rows, "settlement_known") & ~same)
    if "death" in learned:
        share, together = _values(rows, "death_share"), _known(rows, "death_share")
        chance = np.where(together, chance * m.killed_together, chance)
        if "death" in among:
            chance = _divided(chance, share, together)
    if "settlement" in learned and "settlement" in among:
        tf = _values(rows, "settlement_tf")
        chance = _divided(chance, tf, same & _known(rows, "settlement_tf") & (tf != 0))
    if "page" in learned and "page" in among:
        chance = _divided(chance, page, _flags(rows, "same_page"))
    return chance


def _divided(chance: np.ndarray, by, where: np.ndarray) -> np.ndarray:
    """chance / by where `where` holds, else chance (divided only there: as row by row)."""
    return np.divide(chance, by, out=chance.copy(), where=where)


@dataclass(frozen=True)
class Learned:
    """What the list taught: relatives per individual, each level's factor, and the evidence."""

    kin: float
    factors: dict          # (feature, level) -> m, the share of kin pairs at that level
    u: dict                # (feature, level) -> u, the share of strangers, where measured among candidates
    kin_pairs: float       # expected kin pairs among the candidates
    candidates: int


def learn(rows: list[dict], relation: str, known: dict[str, float], individuals: int,
          m: FamilyModel, levels_of: Levels | None = None) -> Learned | None:
    """EM over the candidate pairs (E up to LEARN_BOUND) of one relation; None when the list has
    fewer than LEARN_MIN_PAIRS expected kin pairs (the spec's values stand). `levels_of`: the
    rows' levels, when the caller has them (apply needs them too)."""
    levels_of = levels(rows, relation, known, m) if levels_of is None else levels_of
    chance = base_chance(rows, m, known["page"])
    keep = chance <= m.learn_bound
    if not keep.any() or individuals < 2:
        return None
    chance = np.maximum(chance[keep], 1e-300)
    features = {}  # feature -> (level names, each pair's level index, each pair's u)
    for f, (level, u) in subset(levels_of, keep).items():
        names, index = _levels_index(level)
        features[f] = (names, index, u)
    kin, factor = m.kin(relation), np.ones(len(chance))
    for _ in range(m.learn_iterations):
        weights = _posterior(kin, factor, chance)
        kin_new = 2 * weights.sum() / individuals
        shares = {f: _kin_shares(index, weights) for f, (_, index, _) in features.items()}
        others = {f: _kin_shares(index, 1 - weights) for f, (_, index, _) in features.items()}
        if features:
            factor = np.prod([shares[f][index] / np.where(np.isnan(u), others[f][index], u)
                              for f, (_, index, u) in features.items()], axis=0)
        done = abs(kin_new - kin) <= 1e-6 * kin
        kin = kin_new
        if done:
            break
    expected = float(_posterior(kin, factor, chance).sum())
    if expected < m.learn_min_pairs:
        return None
    named = [(f, str(name), i) for f, (names, _, _) in features.items() for i, name in enumerate(names)]
    return Learned(kin=kin, factors={(f, name): float(shares[f][i]) for f, name, i in named},
                   u={(f, name): float(others[f][i]) for f, name, i in named if f in m.learn_u_among_candidates},
                   kin_pairs=expected, candidates=len(chance))


def _levels_index(level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the level names, sorted; each pair's index into them), as np.unique(return_inverse)
    gives, by hashing: np.unique sorts the Python strings of every pair (at 1M mentions, 850k
    rows, 2.4 s of the family stage)."""
    index, names = pd.factorize(level, sort=True)
    return np.asarray(names, dtype=object), index


def _posterior(kin: float, factor: np.ndarray, chance: np.ndarray) -> np.ndarray:
    odds = kin * factor / chance
    return odds / (1 + odds)


def _kin_shares(index: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """m (u with weights 1 - w): the share of kin pairs (strangers) at each level, with one
    pseudo-pair per level (a level seldom seen is not proof)."""
    counts = np.bincount(index, weights, index.max() + 1) + 1
    return counts / counts.sum()


def apply(rows: list[dict], relation: str, learned: Learned | None, known: dict[str, float],
          m: FamilyModel, levels_of: Levels | None = None) -> list[dict]:
    """The rows with chance E x the product of u / m of their levels: then KIN / (KIN + E) is
    the learned model's confidence. Without `learned`, the rows as they are."""
    if learned is None:
        return rows
    factor = np.ones(len(rows))
    for f, (level, u) in (levels(rows, relation, known, m) if levels_of is None else levels_of).items():
        names, index = _levels_index(level)
        share = np.array([learned.factors.get((f, str(name)), 1.0) for name in names])
        measured = np.array([learned.u.get((f, str(name)), 1.0) for name in names])
        factor = factor * (share[index] / np.where(np.isnan(u), measured[index], u))
    chances = (base_chance(rows, m, known["page"]) / factor).tolist()
    out = [row | {"chance": chance} for row, chance in zip(rows, chances)]
    return sorted(out, key=lambda row: (row["chance"], row["a"], row["b"]))
