"""Capture: which lists name each death of a known population, so the true total is known.

Reads nothing and writes nothing. Each list names a person with its own probability, scaled by
the person's visibility class (heterogeneity: an officer with an obituary, a prisoner recruit
named nowhere); a list that copies another names, on top, a share of the people the other named
(dependence: foreign press re-publishing the news). A list may name one person more than once
(duplicate obituaries). People no list names are the uncounted that `linkage estimate` counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np


def _frozen(mapping: Mapping) -> field:
    return field(default_factory=lambda: MappingProxyType(dict(mapping)))


@dataclass(frozen=True)
class CaptureConfig:
    """How the lists name a population; override with dataclasses.replace(config, ...)."""

    # probability that each list names a person of average visibility (list names must be the
    # generator's sources when mentions are rendered); about half of all deaths named by some
    # list, as the BBC / Mediazona coverage assumption (45-65%, REAL-LISTS.md)
    lists: Mapping[str, float] = _frozen({"obituary": 0.22, "cemetery": 0.08, "memorial": 0.10,
                                          "social": 0.15, "news": 0.12, "foreign": 0.05})
    # list -> (the list it copies, probability it re-publishes a name the other printed)
    copies: Mapping[str, tuple[str, float]] = _frozen({"foreign": ("news", 0.35)})
    # visibility classes: (share of the population, multiplier of every list's probability);
    # the multipliers average 1 over the shares
    classes: tuple[tuple[float, float], ...] = ((0.3, 1.8), (0.7, 4 / 7))
    repeat: float = 0.25  # after each mention, the same list names the person again with this chance
    max_probability: float = 0.95  # a capture probability times a multiplier is capped here

    def check(self) -> None:
        """Fail with one line on probabilities outside [0, 1] or a copy of an unknown list."""
        for name, p in self.lists.items():
            if not 0 <= p <= 1:
                raise ValueError(f"capture probability of {name!r} is {p}, not in [0, 1]")
        for name, (other, q) in self.copies.items():
            if name not in self.lists or other not in self.lists or not 0 <= q <= 1:
                raise ValueError(f"bad copy rule {name!r} <- ({other!r}, {q})")
        if not self.classes or any(s < 0 or m < 0 for s, m in self.classes):
            raise ValueError("visibility classes need non-negative shares and multipliers")
        if not 0 <= self.repeat < 1:
            raise ValueError(f"repeat must be in [0, 1), not {self.repeat}")


def draw_named(people: int, rng: np.random.Generator, config: CaptureConfig
               ) -> tuple[np.ndarray, np.ndarray]:
    """Which lists name each person (people x lists, bool) and each person's visibility class."""
    config.check()
    names = list(config.lists)
    shares = np.array([s for s, _ in config.classes], dtype=float)
    visibility = rng.choice(len(shares), size=people, p=shares / shares.sum())
    multiplier = np.array([m for _, m in config.classes])[visibility]
    base = np.array([config.lists[n] for n in names])
    p = np.minimum(base[None, :] * multiplier[:, None], config.max_probability)
    named = rng.random((people, len(names))) < p
    for name, (other, q) in config.copies.items():  # in the order given: a copy of a copy works
        j, i = names.index(name), names.index(other)
        named[:, j] |= named[:, i] & (rng.random(people) < q)
    return named, visibility


def histories(named: np.ndarray) -> np.ndarray:
    """Counts per pattern (bit j: list j), index 0 = the never-named, from a people x lists matrix."""
    masks = named.astype(np.int64) @ (1 << np.arange(named.shape[1]))
    return np.bincount(masks, minlength=2 ** named.shape[1])


def mentions_of(named: np.ndarray, rng: np.random.Generator, repeat: float
                ) -> tuple[np.ndarray, np.ndarray]:
    """(person, list) of every mention, shuffled: one per naming, plus geometric repeats."""
    person, lst = np.nonzero(named)
    times = rng.geometric(1 - repeat, size=len(person)) if repeat > 0 else np.ones(len(person), int)
    order = rng.permutation(int(times.sum()))
    return np.repeat(person, times)[order], np.repeat(lst, times)[order]
