"""Hierarchical log-linear models of capture histories, fitted as Poisson GLMs (statsmodels).

Reads a table of counts per pattern; writes nothing. Every model has the lists' main effects, a
set of two-way interactions (the k-way and higher terms are assumed zero: that is what makes the
unobserved cell estimable) and, optionally, one heterogeneity column: a function of the number
of lists c that name a pattern (Rcapture's Mth models; Darroch et al. 1993). Models are averaged
by BIC (or AIC) weights, as in the dga / Rcapture practice; the 95% interval is the
model-averaged tail-area profile-likelihood interval (MATA, Fletcher & Turek 2012) over
Cormack's multinomial profile likelihood of N: Wald intervals on log N under-cover when the
unobserved cell is large or the counts small.

Why heterogeneity columns. People differ in how visible they are; then every pair of lists
overlaps more than independence predicts, and two-way interactions read that as list
dependence that no one outside the lists shares, so they under-count the never-named (on a
generated 200k list with six sources and two visibility classes, the averaged two-way models
were 9.6% low on the true clusters; benchmarks/results/estimate-big.md). A column h(c) lets
the log-count rise with the number of lists beyond what main effects allow: "darroch" c^2/2
(the Rasch / partial quasi-symmetry model of Darroch et al. 1993, normally distributed
log-visibility), "poisson2" 2^c - 1 and "gamma3.5" -log(1 + c/3.5) (Rcapture's Poisson and
Gamma forms). Each is one more parameter, fitted with every set of two-way interactions (the
interactions keep modelling true dependence such as copying), and the criterion weighs them
against the models without it: on homogeneous capture the column buys nothing and the weight
stays with the plain models (benchmarks/results/estimate-simulations.md). Which forms enter is
models/estimate.toml's [loglinear] heterogeneity.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.special import gammaln
from scipy.stats import norm

from linkage.estimate.result import Estimate
from linkage.estimate.settings import Settings

Terms = tuple[tuple[int, int], ...]

# h(c) of Rcapture's heterogeneity models, c the number of lists naming a pattern ("none": no column)
HETEROGENEITY = {
    "none": None,
    "darroch": lambda c: c ** 2 / 2,
    "poisson2": lambda c: 2.0 ** c - 1,
    "gamma3.5": lambda c: -np.log1p(c / 3.5),
}


@dataclass(frozen=True, order=True)
class Model:
    """A set of two-way interactions and a heterogeneity form (a key of HETEROGENEITY)."""

    terms: Terms = ()
    heterogeneity: str = "none"


@dataclass(frozen=True)
class Fit:
    """One model fitted to the observed cells."""

    model: Model
    params: np.ndarray
    loglik: float
    unobserved: float          # fitted count of the all-zero pattern, exp(intercept)
    se_log_unobserved: float   # standard error of the intercept, for the profile's first grid
    dof: int                   # parameters


def patterns(k: int) -> np.ndarray:
    """All 2^k patterns as 0/1 rows, row index = bit mask."""
    return (np.arange(2 ** k)[:, None] >> np.arange(k)) & 1


def design(k: int, model: Model) -> np.ndarray:
    """Intercept, main effects, the interactions' products and the heterogeneity column h(c) for
    every pattern (row 0 = unobserved)."""
    x = patterns(k).astype(float)
    columns = [np.ones(len(x)), *x.T, *(x[:, i] * x[:, j] for i, j in model.terms)]
    h = HETEROGENEITY[model.heterogeneity]
    if h is not None:
        columns.append(h(x.sum(axis=1)))
    return np.column_stack(columns)


def fit(counts: np.ndarray, model: Model | Terms) -> Fit | None:
    """Fit one model to the observed cells; None when it is not identifiable or does not converge."""
    model = model if isinstance(model, Model) else Model(tuple(model))
    k = int(np.log2(len(counts)))
    x = design(k, model)[1:]
    if np.linalg.matrix_rank(x) < x.shape[1]:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = sm.GLM(counts[1:], x, family=sm.families.Poisson()).fit()
        except (ValueError, np.linalg.LinAlgError):
            return None
    if not res.converged or not np.all(np.isfinite(res.params)):
        return None
    return Fit(model, res.params, float(res.llf), float(np.exp(res.params[0])),
               float(res.bse[0]) if np.isfinite(res.bse[0]) else 1.0, x.shape[1])


def candidate_models(k: int, forms: tuple[str, ...] = ("none",)) -> list[Model]:
    """Every set of two-way interactions (the hierarchical models up to two-way terms), each
    with every heterogeneity form; a form only where it is not a main-effects combination (at
    two lists c^2/2 and 2^c - 1 are: the column is then the interaction of the two)."""
    pairs = list(itertools.combinations(range(k), 2))
    sets = [tuple(c) for r in range(len(pairs) + 1) for c in itertools.combinations(pairs, r)]
    return [Model(t, h) for h in forms for t in sets if h == "none" or k > 2]


def criterion(f: Fit, n: float, kind: str) -> float:
    return -2 * f.loglik + (np.log(n) if kind == "bic" else 2.0) * f.dof


def stepwise(counts: np.ndarray, kind: str, form: str = "none") -> dict[Model, Fit | None]:
    """Beyond a handful of lists: add or drop one interaction at a time from independence (with
    the heterogeneity `form`) while the criterion improves; every model visited is kept for the
    average (Occam's window-like)."""
    k, n = int(np.log2(len(counts))), counts[1:].sum()
    pairs = list(itertools.combinations(range(k), 2))
    seen: dict[Model, Fit | None] = {}
    current = Model((), form)
    while True:
        neighbours = [Model(tuple(sorted(set(current.terms) ^ {p})), form) for p in pairs]
        for terms in [current, *neighbours]:
            if terms not in seen:
                seen[terms] = fit(counts, terms)
        scored = [(criterion(seen[t], n, kind), t) for t in neighbours if seen[t] is not None]
        here = criterion(seen[current], n, kind) if seen[current] else np.inf
        best = min(scored, default=(np.inf, current))
        if best[0] >= here:
            return seen
        current = best[1]


# ---- the profile likelihood of N ---------------------------------------------------------------

def profile_loglik(counts: np.ndarray, model: Model, total: float, start: np.ndarray) -> tuple[float, np.ndarray]:
    """Cormack's multinomial profile log-likelihood of the total N (constants dropped): the model
    fitted to the full table with the unobserved cell set to N - n."""
    n = counts[1:].sum()
    y = counts.copy()
    y[0] = total - n
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.GLM(y, design(int(np.log2(len(y))), model), family=sm.families.Poisson()).fit(
            start_params=start)
    mu = np.maximum(res.fittedvalues, 1e-300)
    value = gammaln(total + 1) - gammaln(y[0] + 1) + float(np.sum(y[1:] * np.log(mu[1:] / total)))
    if y[0] > 0:
        value += y[0] * np.log(mu[0] / total)
    return value, res.params


def profile(counts: np.ndarray, f: Fit, points: int, max_unobserved: float) -> tuple[np.ndarray, np.ndarray]:
    """Totals N and signed roots r(N) of the profile deviance, covering |r| up to ~2.5 (or the
    bounds N = n and n + max_unobserved)."""
    n = counts[1:].sum()
    centre, half = np.log(max(f.unobserved, 1e-3)), max(4 * f.se_log_unobserved, 0.5)
    grid = np.exp(np.linspace(centre - half, centre + half, points))
    totals, values = [], []
    start = f.params

    def evaluate(unobserved_values):
        nonlocal start
        for u in unobserved_values:
            value, start = profile_loglik(counts, f.model, n + u, start)
            totals.append(n + u)
            values.append(value)

    evaluate(grid)
    for _ in range(4):  # widen until the roots pass ±2.5 or the bounds are reached
        r = _roots(np.array(totals), np.array(values))
        order = np.argsort(totals)
        low_ok = r[order[0]] < -2.5 or totals[order[0]] - n < 1e-6
        high_ok = r[order[-1]] > 2.5 or totals[order[-1]] - n >= max_unobserved
        if low_ok and high_ok:
            break
        if not low_ok:
            lo = totals[order[0]] - n
            evaluate([*np.exp(np.linspace(np.log(lo) - 2 * half, np.log(lo), 6)[:-1]), 0.0]
                     if lo > 1e-3 else [0.0])
        if not high_ok:
            hi = totals[order[-1]] - n
            evaluate(np.minimum(np.exp(np.linspace(np.log(hi), np.log(hi) + 2 * half, 6)[1:]),
                                max_unobserved))
    totals, values = np.array(totals), np.array(values)
    order = np.argsort(totals)
    return totals[order], _roots(totals, values)[order]


def _roots(totals: np.ndarray, values: np.ndarray) -> np.ndarray:
    best = int(np.argmax(values))
    deviance = np.sqrt(np.maximum(0.0, 2 * (values[best] - values)))
    return np.where(totals < totals[best], -deviance, deviance)


def mixture_cdf(profiles: list[tuple[np.ndarray, np.ndarray]], weights: np.ndarray,
                observed: float) -> tuple[np.ndarray, np.ndarray]:
    """The model-averaged confidence distribution F(N) = sum w_m Phi(r_m(N)) on a common grid."""
    lo = min(t[0] for t, _ in profiles)
    hi = max(t[-1] for t, _ in profiles)
    grid = np.unique(np.concatenate([observed + np.geomspace(max(lo - observed, 1e-3),
                                                             max(hi - observed, 1e-2), 600),
                                     *(t for t, _ in profiles)]))
    cdf = np.zeros_like(grid)
    for (totals, roots), w in zip(profiles, weights):
        r = np.interp(grid, totals, roots)
        r = np.where(grid < totals[0], -np.inf, r)  # below the profile's lower end (N = n at the least)
        cdf += w * norm.cdf(r)
    return grid, np.maximum.accumulate(cdf)


def quantile(grid: np.ndarray, cdf: np.ndarray, q: float, observed: float) -> float:
    if cdf[0] >= q:
        return float(max(observed, grid[0])) if q < 0.5 else float(grid[0])
    if cdf[-1] < q:
        return np.inf
    return float(np.interp(q, cdf, grid))


# ---- the averaged estimate ----------------------------------------------------------------------

def estimate(counts, lists: tuple[str, ...], settings: Settings, seed: int = 0) -> Estimate:
    """All (or a stepwise search of) the hierarchical two-way models, with and without each
    heterogeneity column, averaged by the criterion."""
    counts = np.asarray(counts, dtype=float)
    n = float(counts[1:].sum())
    avg = average(counts, settings)
    limit = settings.max_unobserved_ratio * n
    profiles = [profile(counts, avg.fits[avg.terms[i]], settings.profile_points, limit) for i in avg.kept]
    grid, cdf = mixture_cdf(profiles, avg.kept_weights, n)
    point = float(sum(w * (n + avg.fits[avg.terms[i]].unobserved) for i, w in zip(avg.kept, avg.kept_weights)))
    rows = _model_rows(avg.terms, avg.fits, avg.scores, avg.weights, avg.kept, profiles, lists, n,
                       settings.criterion)
    rng = np.random.default_rng(seed)
    draws = np.interp(rng.uniform(cdf[0], cdf[-1], settings.draws), cdf, grid)
    return Estimate("loglinear", int(n), point, quantile(grid, cdf, 0.025, n),
                    quantile(grid, cdf, 0.975, n), rows, draws, avg.notes)


@dataclass(frozen=True)
class Average:
    """The usable fits, their criterion scores and weights, and the models kept in the average."""

    fits: dict
    terms: list
    scores: np.ndarray
    weights: np.ndarray
    kept: list
    kept_weights: np.ndarray
    notes: tuple[str, ...]

    def kept_terms(self) -> list[tuple[Model, float]]:
        return [(self.terms[i], float(w)) for i, w in zip(self.kept, self.kept_weights)]


def average(counts: np.ndarray, settings: Settings) -> Average:
    """Fit the candidate models and weight them by the criterion (models below min_weight out)."""
    k, n = int(np.log2(len(counts))), float(counts[1:].sum())
    kind = settings.criterion
    forms = settings.heterogeneity
    if k <= settings.enumerate_up_to:
        fits = {m: fit(counts, m) for m in candidate_models(k, forms)}
    else:
        fits = {m: f for form in (forms if k > 2 else ("none",))
                for m, f in stepwise(counts, kind, form).items()}
    limit = settings.max_unobserved_ratio * n
    usable = {t: f for t, f in fits.items() if f is not None and f.unobserved <= limit}
    notes = []
    if len(usable) < len(fits):
        notes.append(f"{len(fits) - len(usable)} of {len(fits)} models not identifiable, not "
                     f"converged or divergent (more than {settings.max_unobserved_ratio:g}x the observed unobserved)")
    if not usable:
        raise ValueError(f"no log-linear model could be fitted to {int(n)} individuals over {k} lists")
    terms = list(usable)
    scores = np.array([criterion(usable[t], n, kind) for t in terms])
    weights = np.exp(-(scores - scores.min()) / 2)
    weights /= weights.sum()
    kept = [int(i) for i in np.argsort(-weights) if weights[i] >= settings.min_weight]
    kept_w = weights[kept] / weights[kept].sum()
    return Average(usable, terms, scores, weights, kept, kept_w, tuple(notes))


def point(counts: np.ndarray, models: list[tuple[Model, float]]) -> float:
    """The averaged total of `counts` under fixed models and weights (a model that cannot be
    fitted to these counts is left out, the others renormalised): for the linkage-error
    replicates, whose tables differ from the one the weights were chosen on by a few cells."""
    n = float(np.asarray(counts)[1:].sum())
    found = [(fit(np.asarray(counts, dtype=float), t), w) for t, w in models]
    found = [(f, w) for f, w in found if f is not None]
    if not found:
        return np.nan
    return n + sum(w * f.unobserved for f, w in found) / sum(w for _, w in found)


def model_name(model: Model | Terms, lists: tuple[str, ...]) -> str:
    model = model if isinstance(model, Model) else Model(tuple(model))
    parts = [f"{lists[i]}×{lists[j]}" for i, j in model.terms]
    if model.heterogeneity != "none":
        parts.append(f"heterogeneity ({model.heterogeneity})")
    return " + ".join(parts) or "independence"


def _model_rows(terms, usable, scores, weights, kept, profiles, lists, n, kind) -> pd.DataFrame:
    bounds = {}
    for i, (totals, roots) in zip(kept, profiles):
        bounds[i] = (_single_bound(totals, roots, -1.959964, n), _single_bound(totals, roots, 1.959964, n))
    rows = [{"model": model_name(t, lists), "interactions": len(t.terms),
             "heterogeneity": t.heterogeneity, "parameters": usable[t].dof,
             kind: round(float(scores[i]), 3), "weight": round(float(weights[i]), 6),
             "estimate": round(n + usable[t].unobserved, 2),
             "low": bounds.get(i, (None, None))[0], "high": bounds.get(i, (None, None))[1]}
            for i, t in enumerate(terms)]
    return pd.DataFrame(rows).sort_values("weight", ascending=False, ignore_index=True)


def _single_bound(totals: np.ndarray, roots: np.ndarray, z: float, n: float) -> float:
    """One model's profile-likelihood bound: where r(N) crosses z."""
    if z < 0 and roots[0] > z:
        return float(max(n, totals[0]))
    if z > 0 and roots[-1] < z:
        return np.inf
    return round(float(np.interp(z, np.maximum.accumulate(roots), totals)), 2)
