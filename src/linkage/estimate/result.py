"""What an estimator returns for one table of capture histories, and how strata add up.

Reads and writes nothing. Each Estimate carries draws from its confidence distribution (the
averaged profile-likelihood distribution, or the bootstrap replicates), so that the interval of
a stratified total is the interval of the sum of independent draws, not a sum of intervals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Estimate:
    """The total for one table: observed individuals, the estimate and its 95% interval."""

    method: str
    observed: int
    estimate: float
    low: float
    high: float
    models: pd.DataFrame = field(repr=False)  # one row per model: name, weight, estimate, low, high, …
    draws: np.ndarray = field(repr=False)     # from the confidence distribution of the total
    notes: tuple[str, ...] = ()

    @property
    def unobserved(self) -> float:
        return self.estimate - self.observed

    def as_dict(self) -> dict:
        models = self.models.replace({np.inf: None}).astype(object).where(self.models.notna(), None)
        return {"method": self.method, "observed": self.observed, "estimate": _num(self.estimate),
                "unobserved": _num(self.unobserved), "low": _num(self.low), "high": _num(self.high),
                "models": models.to_dict(orient="records"), "notes": list(self.notes)}


def _num(x: float):
    return None if not np.isfinite(x) else round(float(x), 2)


def add_up(parts: dict[str, Estimate], method: str, seed: int) -> Estimate:
    """The total over strata: estimates add; the interval comes from summed independent draws
    (each stratum's draws shuffled with a fixed seed so they pair at random)."""
    rng = np.random.default_rng(seed)
    size = min(len(p.draws) for p in parts.values())
    total = sum(rng.permutation(p.draws)[:size] for p in parts.values())
    low, high = np.quantile(total, [0.025, 0.975])
    if any(not np.isfinite(p.high) for p in parts.values()):
        high = np.inf
    rows = pd.DataFrame([{"model": name, "weight": None, "estimate": p.estimate, "low": p.low,
                          "high": p.high} for name, p in parts.items()])
    notes = tuple(f"{name}: {n}" for name, p in parts.items() for n in p.notes)
    return Estimate(method, sum(p.observed for p in parts.values()),
                    float(sum(p.estimate for p in parts.values())),
                    float(min(low, sum(p.estimate for p in parts.values()))),
                    float(high), rows, total, notes)
