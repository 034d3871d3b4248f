"""A latent-class model of heterogeneous capture, fitted by EM, with a parametric-bootstrap interval.

Reads a table of counts per pattern; writes nothing. People fall into C classes of visibility
(an officer with an obituary, a prisoner recruit named nowhere); within a class, lists name a
person independently with class-specific probabilities, except, optionally, one pair of lists
that may depend on each other within a class (local dependence: one list copies the other).
C is fixed (models/estimate.toml, two), lowered where not identifiable (at least two fewer
parameters than observed patterns: one class only at three lists); the one-class fit
(independence) is shown beside it with both BICs.

Why a dependent pair. When one list re-publishes another's names (the generator's foreign
press copying the news), the two overlap more than any visibility class explains, and a model
of classes alone spends a class on that overlap instead of on visibility: on the generated 200k
list with six sources it was 20% low on the true clusters (benchmarks/results/estimate-big.md).
A pair in one class is a joint item with four categories (neither, one, the other, both), one
more parameter per class. Every pair is tried, started from the fit without one (and
`pair_starts` - 1 random starts); the BIC chooses among them and the model without one
(`local_dependence` in models/estimate.toml). Not only the pairs that fit worst (the largest
bivariate residuals, Vermunt & Magidson's local-dependence diagnostic): on the 200k table the
classes had already bent to the copying pair, whose residual was the smallest of fifteen, yet
its model's BIC was lower than the others' by 500. One pair, not several: each costs C
parameters, and at four lists two would leave too few cells.

Why EM and not a Bayesian sampler like LCMCR (Manrique-Vallier 2016, a Dirichlet-process
mixture fitted by Gibbs sampling): LCMCR needs thousands of MCMC sweeps with convergence checks
per table, and there is no maintained Python implementation; here a table is estimated once per
stratum, per threshold of the linkage sweep and per simulation of the benchmark. EM with a few
classes is deterministic, and runs all bootstrap replicates (and random starts) as one batch of
array operations. What LCMCR's prior does (keep a class from vanishing into the never-named,
where the likelihood is flat: Link 2003) is done here by a floor on capture probabilities
(`min_capture`: each class's chance of being named by a list, or by either list of the
dependent pair), stated in the output.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from linkage.estimate.loglinear import patterns
from linkage.estimate.result import Estimate
from linkage.estimate.settings import Settings

Groups = tuple[tuple[int, ...], ...]


def groups_of(k: int, pair: tuple[int, int] | None = None) -> Groups:
    """The items of the model: each list alone, or the dependent pair as one item."""
    alone = tuple((j,) for j in range(k) if pair is None or j not in pair)
    return alone + ((tuple(pair),) if pair else ())


def slots(k: int, groups: Groups) -> tuple[np.ndarray, np.ndarray]:
    """Z (2^k patterns, slots): 1 where a pattern takes a slot (an item's category), and each
    slot's item. An item of m lists has 2^m slots, category = its lists' bits in order."""
    x = patterns(k)
    columns, owner = [], []
    for g, members in enumerate(groups):
        category = sum(x[:, j] << i for i, j in enumerate(members))
        for value in range(2 ** len(members)):
            columns.append(category == value)
            owner.append(g)
    return np.column_stack(columns).astype(float), np.array(owner)


@dataclass(frozen=True)
class Layout:
    """The fixed arrays of one model structure: the lists' items and their slots."""

    k: int
    groups: Groups
    z: np.ndarray        # (2^k, S): pattern takes slot
    owner: np.ndarray    # (S,): each slot's item
    first: np.ndarray    # (items,): each item's first slot, 'named by none of its lists'
    member: np.ndarray   # (S, items): one-hot owner
    bits: np.ndarray     # (S, k): each slot's category as list bits

    @classmethod
    def of(cls, k: int, groups: Groups) -> Layout:
        z, owner = slots(k, groups)
        first = np.array([np.flatnonzero(owner == g)[0] for g in range(len(groups))])
        member = (owner[:, None] == np.arange(len(groups))).astype(float)
        # the smallest pattern taking a slot has no bit outside the slot's item
        bits = patterns(k)[np.argmax(z, axis=0)].astype(float)
        return cls(k, groups, z, owner, first, member, bits)

    @property
    def free(self) -> int:
        """Free parameters per class."""
        return sum(2 ** len(g) - 1 for g in self.groups)

    def normalise(self, theta: np.ndarray, floor: float) -> np.ndarray:
        """Slots of each item summing to one, its 'named by none' slot at most 1 - floor."""
        theta = np.maximum(theta, 1e-12)
        theta = theta / (theta @ self.member)[..., self.owner]
        none = np.minimum(theta[..., self.first], 1 - floor)
        rest = 1 - theta[..., self.first]
        scale = (1 - none) / np.maximum(rest, 1e-12)
        theta = theta * scale[..., self.owner]
        theta[..., self.first] = none
        return np.maximum(theta, 1e-12)

    def from_capture(self, lam: np.ndarray) -> np.ndarray:
        """Slots of independent capture probabilities lam (..., k)."""
        theta = np.ones((*lam.shape[:-1], len(self.owner)))
        for s, g in enumerate(self.owner):
            for j in self.groups[g]:
                theta[..., s] *= lam[..., j] if self.bits[s, j] else 1 - lam[..., j]
        return theta

    def capture(self, theta: np.ndarray) -> np.ndarray:
        """Each list's marginal capture probability per class (..., k)."""
        return theta @ self.bits


def em(counts: np.ndarray, pi: np.ndarray, theta: np.ndarray, layout: Layout, settings: Settings
       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """EM for R tables at once: counts (R, P) over the observed patterns 1..2^k-1, starting from
    class shares pi (R, C) and item slots theta (R, C, S). Returns pi, theta, the estimated
    totals N (R,) and the conditional log-likelihoods (R,).

    Plain EM creeps along the flat ridge of heterogeneity models (3,000 steps on two classes
    over four lists): SQUAREM (Varadhan & Roland 2008) extrapolates two EM steps, falling back
    to them where the extrapolation lowers the likelihood; measured 10-30x fewer steps."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _squarem(counts, layout, pi, theta, settings)


def _squarem(counts, layout: Layout, pi, theta, settings: Settings):
    """SQUAREM cycles on the replicates still moving: one stops when a cycle raises its
    log-likelihood by less than `tolerance` (on a flat ridge N may still drift, but the data
    no longer tell the positions apart; the bootstrap's spread carries that)."""
    pi, theta = pi.copy(), theta.copy()
    floor = settings.min_capture
    active = np.arange(len(counts))
    loglik = _loglik(counts, layout, pi, theta)
    for _ in range(max(1, settings.max_iterations // 3)):
        c, p0 = counts[active], (pi[active], theta[active])
        p1 = _step(c, layout, *p0, floor)
        p2 = _step(c, layout, *p1, floor)
        t0, t1, t2 = (_flat(*p) for p in (p0, p1, p2))
        r, v = t1 - t0, t2 - 2 * t1 + t0
        alpha = -np.sqrt((r ** 2).sum(axis=1)) / np.maximum(np.sqrt((v ** 2).sum(axis=1)), 1e-300)
        alpha = np.minimum(alpha, -1.0)[:, None]
        jump = _step(c, layout, *_unflat(t0 - 2 * alpha * r + alpha ** 2 * v, p0[1].shape,
                                         layout, floor), floor)
        jump_ll, plain_ll = _loglik(c, layout, *jump), _loglik(c, layout, *p2)
        better = jump_ll >= plain_ll - 1e-9  # NaN: False
        pi[active] = np.where(better[:, None], jump[0], p2[0])
        theta[active] = np.where(better[:, None, None], jump[1], p2[1])
        new_ll = np.where(better, jump_ll, plain_ll)
        moving = np.abs(new_ll - loglik[active]) > settings.tolerance
        loglik[active] = new_ll
        active = active[moving]
        if not len(active):
            break
    return pi, theta, _total(counts, layout, pi, theta), loglik


def _step(counts, layout: Layout, pi, theta, floor):
    """One EM step; the never-named are imputed as N - n with N = n / P(named)."""
    n = counts.sum(axis=1)
    logp, p0c = _class_terms(layout, pi, theta)
    p0 = p0c.sum(axis=1)
    total = n / np.maximum(1 - p0, 1e-12)
    resp = np.exp(logp - logp.max(axis=2, keepdims=True))
    resp /= resp.sum(axis=2, keepdims=True)
    expected = counts[:, :, None] * resp                                  # (R, P, C)
    unseen = (total - n)[:, None] * p0c / np.maximum(p0, 1e-300)[:, None]
    size = expected.sum(axis=1) + unseen                                  # (R, C)
    pi = np.maximum(size / total[:, None], 1e-12)
    taken = np.einsum("rpc,ps->rcs", expected, layout.z[1:]) + unseen[:, :, None] * layout.z[0]
    theta = layout.normalise(taken / np.maximum(size, 1e-12)[:, :, None], floor)
    return pi / pi.sum(axis=1, keepdims=True), theta


def _flat(pi, theta) -> np.ndarray:
    """Unconstrained-ish coordinates (log shares, log slots) for the extrapolation."""
    return np.concatenate([np.log(pi), np.log(theta).reshape(len(theta), -1)], axis=1)


def _unflat(flat, shape, layout: Layout, floor):
    classes = shape[1]
    logs = flat[:, :classes] - flat[:, :classes].max(axis=1, keepdims=True)
    pi = np.exp(logs) / np.exp(logs).sum(axis=1, keepdims=True)
    theta = np.exp(np.clip(flat[:, classes:], -30, 5)).reshape(len(flat), *shape[1:])
    return np.maximum(pi, 1e-12), layout.normalise(theta, floor)


def _loglik(counts, layout: Layout, pi, theta) -> np.ndarray:
    """The log-likelihood conditional on being named (constants dropped)."""
    logp, p0c = _class_terms(layout, pi, theta)
    cell = np.exp(logp).sum(axis=2)
    return (np.sum(counts * np.log(np.maximum(cell, 1e-300)), axis=1)
            - counts.sum(axis=1) * np.log(np.maximum(1 - p0c.sum(axis=1), 1e-300)))


def _total(counts, layout: Layout, pi, theta) -> np.ndarray:
    return counts.sum(axis=1) / np.maximum(1 - _class_terms(layout, pi, theta)[1].sum(axis=1), 1e-12)


def _class_terms(layout: Layout, pi: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log P(pattern, class) (R, P, C) for the observed patterns, and P(unobserved, class) (R, C):
    one matrix product, log P = log pi + Z . log theta."""
    logp = np.log(pi)[:, :, None] + np.log(theta) @ layout.z.T             # (R, C, 2^k)
    return logp[:, :, 1:].transpose(0, 2, 1), np.exp(logp[:, :, 0])


def class_counts(k: int, cells: int, wanted: int, free: int | None = None) -> list[int]:
    """1 and the wanted class number, lowered to the largest with at least two fewer parameters
    than observed patterns (`free` parameters per class; k without a dependent pair)."""
    free = k if free is None else free
    fits = [c for c in range(1, wanted + 1) if (c - 1) + c * free <= cells - 2] or [1]
    return sorted({1, fits[-1]})


def bic(loglik: np.ndarray, classes: int, free: int, n: np.ndarray) -> np.ndarray:
    return -2 * loglik + ((classes - 1) + classes * free) * np.log(n)


def fit_classes(counts: np.ndarray, classes: int, settings: Settings, rng,
                pair: tuple[int, int] | None = None, start: dict | None = None) -> dict:
    """The best of several random starts (run as one batch) for one class number and pair;
    `start`, a fit without the pair, replaces the first random start."""
    k = int(np.log2(counts.size + 1))
    layout = Layout.of(k, groups_of(k, pair))
    starts = settings.random_starts if classes > 1 else 1
    pi = rng.dirichlet(np.full(classes, 2.0), size=starts)
    lam = rng.uniform(0.05, 0.6, size=(starts, classes, k))
    if start is not None:
        pi[0], lam[0] = start["pi"], start["layout"].capture(start["theta"])
    theta = layout.from_capture(lam)
    pi, theta, total, loglik = em(np.tile(counts, (starts, 1)), pi, theta, layout, settings)
    best = int(np.nanargmax(loglik))
    return {"classes": classes, "pair": pair, "layout": layout, "pi": pi[best], "theta": theta[best],
            "total": float(total[best]), "loglik": float(loglik[best])}


def full_cells(pi: np.ndarray, theta: np.ndarray, layout: Layout) -> np.ndarray:
    """Probabilities of all 2^k patterns (index 0: never named) under one fitted model."""
    return np.exp(np.log(theta) @ layout.z.T).T @ pi


def fits_of(observed: np.ndarray, k: int, settings: Settings, rng) -> list[dict]:
    """One class; C classes; C classes with each pair dependent, where identifiable and
    `local_dependence` is on."""
    cells = 2 ** k - 1
    fits = [fit_classes(observed, c, settings, rng) for c in class_counts(k, cells, settings.classes)]
    plain = fits[-1]
    c = plain["classes"]
    if settings.local_dependence and c > 1 and (c - 1) + c * (k + 1) <= cells - 2:
        starts = settings.with_(random_starts=settings.pair_starts)
        fits += [fit_classes(observed, c, starts, rng, pair, start=plain)
                 for pair in itertools.combinations(range(k), 2)]
    return fits


def estimate(counts, lists: tuple[str, ...], settings: Settings, seed: int = 0) -> Estimate:
    """The BIC-chosen latent-class model (among those with the most classes, with or without a
    dependent pair) and its parametric-bootstrap 95% interval."""
    counts = np.asarray(counts, dtype=float)
    k, n = len(lists), float(counts[1:].sum())
    rng = np.random.default_rng(seed)
    observed = counts[1:]
    fits = fits_of(observed, k, settings, rng)
    scores = np.array([bic(np.array([f["loglik"]]), f["classes"], f["layout"].free, np.array([n]))[0]
                       for f in fits])
    most = max(f["classes"] for f in fits)
    chosen = fits[min((i for i, f in enumerate(fits) if f["classes"] == most), key=lambda i: scores[i])]
    replicates = _bootstrap(chosen, settings, rng)
    low, high = np.quantile(replicates, [0.025, 0.975])
    rows = pd.DataFrame([_row(f, s, f is chosen, lists) for f, s in zip(fits, scores)])
    notes = (f"capture probabilities floored at {settings.min_capture:g} per list and class",)
    return Estimate("latent-class", int(n), chosen["total"], float(min(low, chosen["total"])),
                    float(max(high, chosen["total"])), rows, replicates, notes)


def _row(f: dict, score: float, chosen: bool, lists: tuple[str, ...]) -> dict:
    pair = f["pair"]
    name = f"{f['classes']} class{'es' if f['classes'] > 1 else ''}"
    return {"model": name + (f" + {lists[pair[0]]}×{lists[pair[1]]}" if pair else ""),
            "classes": f["classes"], "dependent_pair": [lists[j] for j in pair] if pair else None,
            "bic": round(float(score), 3), "weight": float(chosen), "estimate": round(f["total"], 2),
            "class_shares": [round(float(p), 4) for p in f["pi"]],
            "capture": [[round(float(v), 4) for v in row] for row in f["layout"].capture(f["theta"])],
            "slots": [[float(v) for v in row] for row in f["theta"]]}


def _bootstrap(chosen: dict, settings: Settings, rng) -> np.ndarray:
    """Totals refitted (from the fitted parameters) to tables drawn from the fitted model."""
    size, layout = settings.bootstrap, chosen["layout"]
    cells = full_cells(chosen["pi"], chosen["theta"], layout)
    tables = rng.multinomial(round(chosen["total"]), cells / cells.sum(), size=size)[:, 1:]
    pi = np.tile(chosen["pi"], (size, 1))
    theta = np.tile(chosen["theta"], (size, 1, 1))
    return em(tables.astype(float), pi, theta, layout, settings)[2]


def points(tables: np.ndarray, fitted: Estimate, lists: tuple[str, ...], settings: Settings) -> np.ndarray:
    """Totals of R tables (R, 2^k) by EM started from `fitted`'s chosen model: for the
    linkage-error replicates, tables that differ from the fitted one by a few cells."""
    row = fitted.models[fitted.models.weight == 1].iloc[0]
    pair = None if row.dependent_pair is None else tuple(lists.index(x) for x in row.dependent_pair)
    layout = Layout.of(len(lists), groups_of(len(lists), pair))
    size = len(tables)
    pi = np.tile(np.asarray(row.class_shares, dtype=float), (size, 1))
    theta = np.tile(np.asarray(row.slots, dtype=float), (size, 1, 1))
    return em(np.asarray(tables, dtype=float)[:, 1:], pi / pi.sum(axis=1, keepdims=True),
              layout.normalise(theta, settings.min_capture), layout, settings)[2]
