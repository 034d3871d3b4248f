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

import numpy as np

from linkage.config import FamilyModel

EPSILON = 1e-6  # u of a level every individual's field rules out

def levels(row: dict, relation: str, known: dict[str, float], m: FamilyModel) -> dict[str, tuple[str, float]]:
    """The pair's level of each feature the spec learns (LEARN_LEVELS), and u: how often two
    strangers of the list are at that level, apart from the shared value's share that E holds
    (`known`: the share of individuals whose field is known, per field)."""
    settlement, father = known["settlement"] ** 2, known["father"] ** (2 if relation == "sibling" else 1)
    out = {"page": ("shared" if row["same_page"] else "not", 1.0)}
    if row["same_settlement"] or row["settlement_known"]:
        out["settlement"] = ("same" if row["same_settlement"] else "differs", settlement)
    else:
        out["settlement"] = ("unknown", max(1 - settlement, EPSILON))
    if row["father_tf"] is not None:
        out["father"] = ("agree", father)
    else:
        out["father"] = ("unknown", max(1 - father, EPSILON))
    if relation == "sibling":
        if "death" in m.learn_levels:  # computed only when learned (the filter below drops it)
            out["death"] = _death(row, known)
        if row.get("twins"):
            out["birth"] = ("twins", known["birth_day"] ** 2)
        elif row.get("birth_years") is not None:  # E holds the share of pairs born this close
            gap, share = _bin(row["birth_years"], known["birth_gaps"])
            out["birth"] = (f"years<={gap}", known["birth_year"] ** 2 * share / known["birth_close"])
        else:
            out["birth"] = ("unknown", max(1 - known["birth_year"] ** 2, EPSILON))
    return {f: (level if f not in m.learn_u_among_candidates else (level[0], math.nan))
            for f, level in out.items() if f in m.learn_levels}


def _death(row: dict, known: dict) -> tuple[str, float]:
    """Killed within a day of each other (E holds the share of deaths on those three days), or
    so many days apart."""
    if row.get("death_share") is not None:
        return "together", known["death_day"] ** 2
    if row.get("death_days") is None:
        return "unknown", max(1 - known["death_day"] ** 2, EPSILON)
    gap, share = _bin(row["death_days"], known["death_gaps"])
    return f"days<={gap}", known["death_day"] ** 2 * max(share, EPSILON)


def _bin(gap: float, bins: list[tuple[float, float]]) -> tuple[float, float]:
    """The first (upper bound, share) of `bins` whose bound the gap does not pass."""
    return next(((hi, share) for hi, share in bins if gap <= hi), bins[-1])


def base_chance(row: dict, m: FamilyModel, page: float = 1.0) -> float:
    """E without the spec's hand-set factors the list now learns (a settlement that differs,
    brothers killed together), and without the shares of the features whose u is measured among
    the candidates (LEARN_U_AMONG_CANDIDATES; `page`: E's page share)."""
    chance, learned, among = row["chance"], m.learn_levels, m.learn_u_among_candidates
    if "settlement" in learned and row["settlement_known"] and not row["same_settlement"]:
        chance /= m.settlement_differs
    if "death" in learned and row.get("death_share") is not None:
        chance *= m.killed_together
        if "death" in among:
            chance /= row["death_share"]
    if "settlement" in learned and "settlement" in among and row["same_settlement"] and row["settlement_tf"]:
        chance /= row["settlement_tf"]
    if "page" in learned and "page" in among and row["same_page"]:
        chance /= page
    return chance


@dataclass(frozen=True)
class Learned:
    """What the list taught: relatives per individual, each level's factor, and the evidence."""

    kin: float
    factors: dict          # (feature, level) -> m, the share of kin pairs at that level
    u: dict                # (feature, level) -> u, the share of strangers, where measured among candidates
    kin_pairs: float       # expected kin pairs among the candidates
    candidates: int


def learn(rows: list[dict], relation: str, known: dict[str, float], individuals: int,
          m: FamilyModel, levels_of: list[dict] | None = None) -> Learned | None:
    """EM over the candidate pairs (E up to LEARN_BOUND) of one relation; None when the list has
    fewer than LEARN_MIN_PAIRS expected kin pairs (the spec's values stand). `levels_of`: each
    row's levels, when the caller has them (apply needs them too)."""
    levels_of = levels_of or [levels(r, relation, known, m) for r in rows]
    pairs = [(base_chance(r, m, known["page"]), lv) for r, lv in zip(rows, levels_of)]
    pairs = [(max(e, 1e-300), lv) for e, lv in pairs if e <= m.learn_bound]
    if not pairs or individuals < 2:
        return None
    chance = np.array([e for e, _ in pairs])
    features = {}  # feature -> (level names, each pair's level index, each pair's u)
    for f in pairs[0][1]:
        names, index = np.unique([lv[f][0] for _, lv in pairs], return_inverse=True)
        features[f] = (names, index, np.array([lv[f][1] for _, lv in pairs]))
    kin, factor = m.kin(relation), np.ones(len(pairs))
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
                   kin_pairs=expected, candidates=len(pairs))


def _posterior(kin: float, factor: np.ndarray, chance: np.ndarray) -> np.ndarray:
    odds = kin * factor / chance
    return odds / (1 + odds)


def _kin_shares(index: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """m (u with weights 1 - w): the share of kin pairs (strangers) at each level, with one
    pseudo-pair per level (a level seldom seen is not proof)."""
    counts = np.bincount(index, weights, index.max() + 1) + 1
    return counts / counts.sum()


def apply(rows: list[dict], relation: str, learned: Learned | None, known: dict[str, float],
          m: FamilyModel, levels_of: list[dict] | None = None) -> list[dict]:
    """The rows with chance E x the product of u / m of their levels: then KIN / (KIN + E) is
    the learned model's confidence. Without `learned`, the rows as they are."""
    if learned is None:
        return rows
    out = []
    for row, lv in zip(rows, levels_of or [levels(r, relation, known, m) for r in rows]):
        factor = math.prod(learned.factors.get((f, level), 1.0) / (learned.u.get((f, level), 1.0) if math.isnan(u) else u)
                           for f, (level, u) in lv.items())
        out.append(row | {"chance": base_chance(row, m, known["page"]) / factor})
    return sorted(out, key=lambda row: (row["chance"], row["a"], row["b"]))
