"""The estimate of the total, stratum by stratum, by one method: the strata add up.

Reads Histories; writes nothing. A stratum is estimated over the lists that name anyone in it;
one named by a single list cannot be estimated (no overlap) and counts as observed, with a note.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from linkage.errors import LinkageError
from linkage.estimate import latent, loglinear
from linkage.estimate.histories import Histories
from linkage.estimate.result import Estimate, add_up
from linkage.estimate.settings import Settings

ESTIMATORS = {"loglinear": loglinear.estimate, "latent-class": latent.estimate}


@dataclass(frozen=True)
class Total:
    """The total (summed over strata when there are any) and each stratum's estimate."""

    lists: tuple[str, ...]
    total: Estimate
    strata: dict[str, Estimate] = field(default_factory=dict)
    patterns: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


def estimate_total(histories: Histories, method: str = "loglinear", settings: Settings | None = None,
                   seed: int = 0) -> Total:
    """Estimate the total by `method`, per stratum when the histories carry strata."""
    from linkage.estimate.settings import load_settings

    if method not in ESTIMATORS:
        raise LinkageError(f"unknown method {method!r} (expected one of {', '.join(ESTIMATORS)})")
    settings = settings or load_settings()
    strata = histories.strata()
    if strata == [""]:
        whole = _one(histories.counts(), histories.lists, method, settings, seed, "the list")
        return Total(histories.lists, whole, {}, histories.table())
    parts = {s: _one(histories.counts(s), histories.lists, method, settings, seed + i, s)
             for i, s in enumerate(strata)}
    return Total(histories.lists, add_up(parts, method, settings.draws_seed), parts, histories.table())


def restrict(counts: np.ndarray, present: list[int]) -> np.ndarray:
    """The counts over the lists `present` only (the others name no one here)."""
    k = len(present)
    out = np.zeros(2 ** k)
    for mask in np.flatnonzero(counts):
        sub = sum(1 << i for i, j in enumerate(present) if mask >> j & 1)
        out[sub] += counts[mask]
    return out


def _one(counts: np.ndarray, lists: tuple[str, ...], method: str, settings: Settings, seed: int,
         where: str) -> Estimate:
    masks = np.flatnonzero(counts)
    present = [j for j in range(len(lists)) if any(m >> j & 1 for m in masks)]
    n = int(counts[1:].sum())
    if len(present) < 2:
        return _unestimable(n, method, settings, f"{where}: named by {len(present)} list(s) only; "
                            "counted as observed, not estimated")
    sub_lists = tuple(lists[j] for j in present)
    try:
        return ESTIMATORS[method](restrict(counts, present), sub_lists, settings, seed=seed)
    except ValueError as exc:
        return _unestimable(n, method, settings, f"{where}: {exc}; counted as observed")


def _unestimable(n: int, method: str, settings: Settings, note: str) -> Estimate:
    warnings.warn(note)
    return Estimate(method, n, float(n), float(n), float(n), pd.DataFrame(),
                    np.full(settings.draws, float(n)), (note,))
