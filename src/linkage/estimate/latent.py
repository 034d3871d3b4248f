"""A latent-class model of heterogeneous capture, fitted by EM, with a parametric-bootstrap interval.

Reads a table of counts per pattern; writes nothing. People fall into C classes of visibility
(an officer with an obituary, a prisoner recruit named nowhere); within a class, lists name a
person independently with class-specific probabilities. C is fixed (models/estimate.toml, two),
lowered where not identifiable (at least two fewer parameters than observed patterns: one class
only at three lists); the one-class fit (independence) is shown beside it with both BICs.

Why EM and not a Bayesian sampler like LCMCR (Manrique-Vallier 2016, a Dirichlet-process
mixture fitted by Gibbs sampling): LCMCR needs thousands of MCMC sweeps with convergence checks
per table, and there is no maintained Python implementation; here a table is estimated once per
stratum, per threshold of the linkage sweep and per simulation of the benchmark. EM with a few
classes is deterministic, and runs all bootstrap replicates (and random starts) as one batch of
array operations. What LCMCR's prior does (keep a class from vanishing into the never-named,
where the likelihood is flat: Link 2003) is done here by a floor on capture probabilities
(`min_capture`), stated in the output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage.estimate.loglinear import patterns
from linkage.estimate.result import Estimate
from linkage.estimate.settings import Settings


def em(counts: np.ndarray, pi: np.ndarray, lam: np.ndarray, settings: Settings
       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """EM for R tables at once: counts (R, P) over the observed patterns 1..2^k-1, starting from
    class shares pi (R, C) and capture probabilities lam (R, C, k). Returns pi, lam, the
    estimated totals N (R,) and the conditional log-likelihoods (R,).

    Plain EM creeps along the flat ridge of heterogeneity models (3,000 steps on two classes
    over four lists): SQUAREM (Varadhan & Roland 2008) extrapolates two EM steps, falling back
    to them where the extrapolation lowers the likelihood; measured 10-30x fewer steps."""
    x = patterns(lam.shape[2])[1:].astype(float)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _squarem(counts, x, pi, lam, settings)


def _squarem(counts, x, pi, lam, settings: Settings):
    """SQUAREM cycles on the replicates still moving: one stops when a cycle raises its
    log-likelihood by less than `tolerance` (on a flat ridge N may still drift, but the data
    no longer tell the positions apart; the bootstrap's spread carries that)."""
    pi, lam = pi.copy(), lam.copy()
    active = np.arange(len(counts))
    loglik = _loglik(counts, x, pi, lam)
    for _ in range(max(1, settings.max_iterations // 3)):
        c, p0 = counts[active], (pi[active], lam[active])
        p1 = _step(c, x, *p0, settings.min_capture)
        p2 = _step(c, x, *p1, settings.min_capture)
        t0, t1, t2 = (_theta(*p) for p in (p0, p1, p2))
        r, v = t1 - t0, t2 - 2 * t1 + t0
        alpha = -np.sqrt((r ** 2).sum(axis=1)) / np.maximum(np.sqrt((v ** 2).sum(axis=1)), 1e-300)
        alpha = np.minimum(alpha, -1.0)[:, None]
        jump = _step(c, x, *_params(t0 - 2 * alpha * r + alpha ** 2 * v, p0[1].shape,
                                    settings.min_capture), settings.min_capture)
        jump_ll, plain_ll = _loglik(c, x, *jump), _loglik(c, x, *p2)
        better = jump_ll >= plain_ll - 1e-9  # NaN: False
        pi[active] = np.where(better[:, None], jump[0], p2[0])
        lam[active] = np.where(better[:, None, None], jump[1], p2[1])
        new_ll = np.where(better, jump_ll, plain_ll)
        moving = np.abs(new_ll - loglik[active]) > settings.tolerance
        loglik[active] = new_ll
        active = active[moving]
        if not len(active):
            break
    return pi, lam, _total(counts, x, pi, lam), loglik


def _step(counts, x, pi, lam, floor):
    """One EM step; the never-named are imputed as N - n with N = n / P(named)."""
    n = counts.sum(axis=1)
    logp, p0c = _class_terms(x, pi, lam)
    p0 = p0c.sum(axis=1)
    total = n / np.maximum(1 - p0, 1e-12)
    resp = np.exp(logp - logp.max(axis=2, keepdims=True))
    resp /= resp.sum(axis=2, keepdims=True)
    expected = counts[:, :, None] * resp                                  # (R, P, C)
    unseen = (total - n)[:, None] * p0c / np.maximum(p0, 1e-300)[:, None]
    size = expected.sum(axis=1) + unseen                                  # (R, C)
    pi = np.maximum(size / total[:, None], 1e-12)
    lam = np.einsum("rpc,pk->rck", expected, x) / np.maximum(size, 1e-12)[:, :, None]
    return pi / pi.sum(axis=1, keepdims=True), np.clip(lam, floor, 1 - 1e-9)


def _theta(pi, lam) -> np.ndarray:
    """Unconstrained coordinates (log shares, logit captures) for the extrapolation."""
    return np.concatenate([np.log(pi), np.log(lam / (1 - lam)).reshape(len(lam), -1)], axis=1)


def _params(theta, shape, floor):
    classes = shape[1]
    logs = theta[:, :classes] - theta[:, :classes].max(axis=1, keepdims=True)
    pi = np.exp(logs) / np.exp(logs).sum(axis=1, keepdims=True)
    lam = 1 / (1 + np.exp(-np.clip(theta[:, classes:], -30, 30)))
    return np.maximum(pi, 1e-12), np.clip(lam.reshape(len(theta), *shape[1:]), floor, 1 - 1e-9)


def _loglik(counts, x, pi, lam) -> np.ndarray:
    """The log-likelihood conditional on being named (constants dropped)."""
    logp, p0c = _class_terms(x, pi, lam)
    cell = np.exp(logp).sum(axis=2)
    return (np.sum(counts * np.log(np.maximum(cell, 1e-300)), axis=1)
            - counts.sum(axis=1) * np.log(np.maximum(1 - p0c.sum(axis=1), 1e-300)))


def _total(counts, x, pi, lam) -> np.ndarray:
    return counts.sum(axis=1) / np.maximum(1 - _class_terms(x, pi, lam)[1].sum(axis=1), 1e-12)


def _class_terms(x: np.ndarray, pi: np.ndarray, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log P(pattern, class) (R, P, C) for the observed patterns, and P(unobserved, class) (R, C).
    As one matrix product: x is 0/1, so log P = log pi + x.(log lam - log(1 - lam)) + sum log(1 - lam)."""
    log_no = np.log1p(-lam)
    never = log_no.sum(axis=2)                                            # (R, C)
    logp = (np.log(pi) + never)[:, :, None] + (np.log(lam) - log_no) @ x.T  # (R, C, P)
    return logp.transpose(0, 2, 1), pi * np.exp(never)


def class_counts(k: int, cells: int, wanted: int) -> list[int]:
    """1 and the wanted class number, lowered to the largest with at least two fewer parameters
    than observed patterns."""
    fits = [c for c in range(1, wanted + 1) if (c - 1) + c * k <= cells - 2] or [1]
    return sorted({1, fits[-1]})


def bic(loglik: np.ndarray, classes: int, k: int, n: np.ndarray) -> np.ndarray:
    return -2 * loglik + ((classes - 1) + classes * k) * np.log(n)


def fit_classes(counts: np.ndarray, classes: int, settings: Settings, rng) -> dict:
    """The best of several random starts (run as one batch) for one class number."""
    k = int(np.log2(counts.size + 1))
    starts = settings.random_starts if classes > 1 else 1
    pi = rng.dirichlet(np.full(classes, 2.0), size=starts)
    lam = rng.uniform(0.05, 0.6, size=(starts, classes, k))
    pi, lam, total, loglik = em(np.tile(counts, (starts, 1)), pi, lam, settings)
    best = int(np.nanargmax(loglik))
    return {"classes": classes, "pi": pi[best], "lam": lam[best], "total": float(total[best]),
            "loglik": float(loglik[best])}


def full_cells(pi: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Probabilities of all 2^k patterns (index 0: never named) under one fitted model."""
    x = patterns(lam.shape[1]).astype(float)
    per_class = np.exp(x @ np.log(lam).T + (1 - x) @ np.log1p(-lam).T)  # (2^k, C)
    return per_class @ pi


def estimate(counts, lists: tuple[str, ...], settings: Settings, seed: int = 0) -> Estimate:
    """The BIC-chosen latent-class estimate and its parametric-bootstrap 95% interval."""
    counts = np.asarray(counts, dtype=float)
    k, n = len(lists), float(counts[1:].sum())
    rng = np.random.default_rng(seed)
    observed = counts[1:]
    fits = [fit_classes(observed, c, settings, rng)
            for c in class_counts(k, 2 ** k - 1, settings.classes)]
    scores = np.array([bic(np.array([f["loglik"]]), f["classes"], k, np.array([n]))[0] for f in fits])
    chosen = fits[-1]
    replicates = _bootstrap(chosen, k, settings, rng)
    low, high = np.quantile(replicates, [0.025, 0.975])
    rows = pd.DataFrame([{
        "model": f"{f['classes']} class{'es' if f['classes'] > 1 else ''}", "classes": f["classes"],
        "bic": round(float(s), 3), "weight": float(f is chosen), "estimate": round(f["total"], 2),
        "class_shares": [round(float(p), 4) for p in f["pi"]],
        "capture": [[round(float(v), 4) for v in row] for row in f["lam"]]}
        for f, s in zip(fits, scores)])
    notes = (f"capture probabilities floored at {settings.min_capture:g} per list and class",)
    return Estimate("latent-class", int(n), chosen["total"], float(min(low, chosen["total"])),
                    float(max(high, chosen["total"])), rows, replicates, notes)


def _bootstrap(chosen: dict, k: int, settings: Settings, rng) -> np.ndarray:
    """Totals refitted (from the fitted parameters) to tables drawn from the fitted model."""
    size = settings.bootstrap
    cells = full_cells(chosen["pi"], chosen["lam"])
    tables = rng.multinomial(round(chosen["total"]), cells / cells.sum(), size=size)[:, 1:]
    pi = np.tile(chosen["pi"], (size, 1))
    lam = np.tile(chosen["lam"], (size, 1, 1))
    return em(tables.astype(float), pi, lam, settings)[2]


def points(tables: np.ndarray, fitted: Estimate, settings: Settings) -> np.ndarray:
    """Totals of R tables (R, 2^k) by EM started from `fitted`'s chosen classes: for the
    linkage-error replicates, tables that differ from the fitted one by a few cells."""
    row = fitted.models[fitted.models.weight == 1].iloc[0]
    size = len(tables)
    pi = np.tile(np.asarray(row.class_shares, dtype=float), (size, 1))
    lam = np.tile(np.asarray(row.capture, dtype=float), (size, 1, 1))
    return em(np.asarray(tables, dtype=float)[:, 1:], pi / pi.sum(axis=1, keepdims=True), lam,
              settings)[2]
