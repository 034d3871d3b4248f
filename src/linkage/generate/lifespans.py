"""Dates as day numbers since 1970: calendar arithmetic, death dates and birth dates.

Reads the date window and age distribution from GeneratorConfig; writes nothing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from linkage.generate.config import GeneratorConfig

EPOCH = dt.date(1970, 1, 1)


def day_number(text: str) -> int:
    return (dt.date.fromisoformat(text) - EPOCH).days


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = np.asarray(days, dtype="int64").astype("datetime64[D]")
    years = d.astype("datetime64[Y]")
    months = d.astype("datetime64[M]")
    return (years.astype(int) + 1970, (months - years.astype("datetime64[M]")).astype(int) + 1,
            (d - months.astype("datetime64[D]")).astype(int) + 1)


def ages(birth: np.ndarray, death: np.ndarray) -> np.ndarray:
    """Whole years between birth and death, by the calendar."""
    by, bm, bd = ymd(birth)
    dy, dm, dd = ymd(death)
    return dy - by - ((dm < bm) | ((dm == bm) & (dd < bd)))


def plus_years(day: int, years: int) -> int:
    """The same calendar day `years` later (29 February becomes 1 March)."""
    date = EPOCH + dt.timedelta(days=int(day))
    try:
        moved = date.replace(year=date.year + years)
    except ValueError:
        moved = dt.date(date.year + years, 3, 1)
    return (moved - EPOCH).days


class Deaths:
    """Death dates: a year by weight, then a uniform day within the war's part of that year."""

    def __init__(self, cfg: GeneratorConfig):
        start, end = day_number(cfg.war_start), day_number(cfg.last_death)
        years = sorted(y for y, w in cfg.death_years.items() if w > 0)
        self.lo = np.array([max(start, day_number(f"{y}-01-01")) for y in years])
        self.hi = np.array([min(end, day_number(f"{y}-12-31")) for y in years])
        weights = np.array([cfg.death_years[y] for y in years], dtype=float)
        self.p = weights / weights.sum()
        self.start, self.end = start, end

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        k = rng.choice(len(self.p), size=n, p=self.p)
        return self.lo[k] + (rng.random(n) * (self.hi[k] - self.lo[k] + 1)).astype("int64")

    def after(self, rng: np.random.Generator, earliest: int) -> int:
        """One death date on or after `earliest` (a person must have turned 18)."""
        for _ in range(20):
            day = int(self.draw(rng, 1)[0])
            if day >= earliest:
                return day
        return int(rng.integers(max(earliest, self.start), self.end + 1))


def births(death: np.ndarray, rng: np.random.Generator, cfg: GeneratorConfig) -> np.ndarray:
    """Birth dates from a log-normal age at death, kept inside the birth window and >= 18 years."""
    age = 18 + rng.lognormal(np.log(cfg.age_median - 18), cfg.age_spread, len(death))
    birth = death - np.round(age * 365.2425).astype("int64")
    first, last = day_number(cfg.first_birth), day_number(cfg.last_birth)
    birth = np.clip(birth, first + rng.integers(0, 365, len(death)), last - rng.integers(0, 200, len(death)))
    young = ages(birth, death) < 18  # only near the last birth date: move back a year
    while young.any():
        birth[young] -= 366
        young = ages(birth, death) < 18
    return birth
