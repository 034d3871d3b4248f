"""Linkage error folded into the interval: the capture histories corrected for the individuals
that deduplication split or merged, with the uncertainty of that correction propagated.

Reads a run's histories and clusters, its scored pairs (through runs.Run) and, optionally, labels
(record_id, person_id for every mention of some audited people); writes nothing.

Why a correction at all. A missed link splits one person into two individuals, each named by
fewer lists: the overlaps shrink and the estimate rises (on generated lists, 2% missed pairs
moved it up 4-5%, more than half the width of its interval); a false link merges two people and
lowers it. Ignoring this, the interval holds the truth in 76% of trials instead of 95%
(benchmarks/results/estimate-engine.md).

The method (the practice of linkage-error-adjusted capture-recapture: Ding & Fienberg 1994 for
two lists, Di Consiglio & Tuoto 2015 and 2018 for several, log-linear models fitted to the table
corrected for linkage error). Let n_S be the true number of people named by exactly the lists S
and m_T the run's number of individuals with pattern T. Attribute every run individual to one
true person; for each person, d is the vector (over patterns) of the individuals attributed to
them minus their own pattern (a person split in two: +1 at each piece's pattern, -1 at theirs;
a person merged into another: -1 at theirs, the other gains the merged pattern). Then m = n + D
exactly, D the sum of d over all named people, and the table n = m - D is estimated as usual.
D is measured, in order of preference, from:

- labels (`--labels FILE`): audited people, a simple random sample of the named, every one of
  whose mentions is known. D is estimated by expansion from their d (the difference estimator),
  its uncertainty propagated by resampling the audited people (bootstrap). This is the measured
  precision and recall of the issue, per pattern. Di Consiglio & Tuoto write E[m] = A n and
  invert A; A per pattern from a few hundred audited people over six lists (63 patterns) is
  mostly empty columns, and its inverse amplified the audit's noise: on the README's example
  (299 audited of 1,414 named) it moved the estimate 6.7% away from the one on the true
  clusters; the difference estimator needs no inverse and is unbiased for D.
- the model's own match probabilities, without labels: clusterings drawn from the scored pairs
  (each pair a link with its match probability, independently; a pair the clustering's rules
  refused never a link), as the model believes the truth may be. Taking a draw as the truth,
  every person is audited and m - D is the draw's own table. This is the model's expected split
  and merge rate, as calibrate.py's expected precision and recall; it cannot see matches that
  blocking never scored or that a rule wrongly refused, nor correct a miscalibrated model, so it
  corrects less than labels do (benchmarks/results/estimate-engine.md).

The interval. Each replicate r (a bootstrap of the audited people, or a drawn clustering) gives
a corrected table; the estimator is run in full once, on the centre table (the correction by all
audited people, or the mean of the drawn tables), and the replicates' totals are computed with
that fit's models held fixed (log-linear: the averaged models' weights; latent classes: EM
started from the fitted classes). The adjusted confidence distribution is the centre's
(sampling error) scaled by each replicate's total over the centre's (linkage error): a draw is
centre_draw x replicate_total / centre_total, for a replicate chosen at random. The unadjusted
estimate is kept beside it.

Strata. An audit of a few hundred people cannot measure split and merge rates per stratum and
pattern, so the correction D (and each replicate's) is measured over the whole list and shared
out: stratum s's part of D_T is its share of the individuals with pattern T (of all
individuals where no one has pattern T, e.g. the true pattern of people split into pieces).
The strata's corrected tables then add up to the whole list's; each stratum is estimated on its
own, with its own models; a draw of the adjusted total is the sum of the strata's draws, each
scaled by the same replicate (linkage error is shared by the strata, sampling error is not).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.estimate import latent, loglinear
from linkage.estimate.histories import Histories, build
from linkage.estimate.result import Estimate
from linkage.estimate.settings import Settings
from linkage.estimate.total import ESTIMATORS, restrict


@dataclass(frozen=True)
class Adjustment:
    """The linkage-error-adjusted total, how it was measured, and the unadjusted one beside it."""

    source: str                  # "labels" or "model"
    estimate: Estimate           # point, interval (sampling and linkage error), draws
    unadjusted: Estimate
    table: np.ndarray            # the corrected counts per pattern (centre)
    replicates: np.ndarray       # the replicates' totals
    detail: dict = field(default_factory=dict)
    strata: dict = field(default_factory=dict)  # stratum -> (adjusted, unadjusted) Estimates

    def as_dict(self) -> dict:
        e, u = self.estimate, self.unadjusted
        return {"source": self.source, "method": e.method, "estimate": _num(e.estimate),
                "low": _num(e.low), "high": _num(e.high),
                "unobserved": _num(e.estimate - float(self.table[1:].sum())),
                "moved_by_linkage_error": _num(e.estimate / u.estimate - 1, 4),
                "corrected_individuals": _num(float(self.table[1:].sum())),
                "replicates": len(self.replicates),
                "replicate_range": [_num(float(np.min(self.replicates))),
                                    _num(float(np.max(self.replicates)))],
                "unadjusted": {"estimate": _num(u.estimate), "low": _num(u.low), "high": _num(u.high)},
                **self.detail, "notes": list(e.notes),
                "strata": {name: {"observed": plain.observed, "estimate": _num(found.estimate),
                                  "low": _num(found.low), "high": _num(found.high),
                                  "corrected_individuals": found.observed,
                                  "unadjusted": {"estimate": _num(plain.estimate), "low": _num(plain.low),
                                                 "high": _num(plain.high)}}
                           for name, (found, plain) in self.strata.items()}}


def _num(x: float, digits: int = 2):
    return None if not np.isfinite(x) else round(float(x), digits)


# ---- the corrected tables --------------------------------------------------------------------------

def list_bits(mentions: pd.DataFrame, lists: tuple[str, ...]) -> pd.Series:
    """record_id → the bit of its list among `lists` (a pooled list "other (a, b)" stands for a
    and b, as histories.build pooled them)."""
    index = {name: j for j, name in enumerate(lists)}
    for j, name in enumerate(lists):
        if name.startswith("other (") and name.endswith(")"):
            index |= {part: j for part in name[7:-1].split(", ") if part not in index}
    found = mentions["list"].map(index)
    bits = np.where(found.notna(), np.left_shift(1, found.fillna(0).astype(int).to_numpy()), 0)
    return pd.Series(bits, index=mentions.record_id.to_numpy())


@dataclass(frozen=True)
class Audit:
    """The audited people: each one's true pattern and d, the individuals the run attributes to
    them minus themselves, as a vector over patterns (rows person, pattern, count)."""

    true_pattern: np.ndarray     # (people,)
    owned: np.ndarray            # (people,): individuals attributed to each (0: merged into another)
    delta: pd.DataFrame          # person, pattern, count: d_P = sum of owned e_T - e_S

    @property
    def people(self) -> int:
        return len(self.true_pattern)


def audit(h: Histories, clusters: pd.DataFrame, mentions: pd.DataFrame, labels: pd.DataFrame) -> Audit:
    """Match audited people (labels: record_id, person_id) to the run's individuals. Each
    individual is attributed to exactly one person, the one its first mention (smallest
    record_id) names: any rule that attributes every individual once makes the sum of d over all
    named people equal m - n, and this one is decided from the audited person's own mentions."""
    bits = list_bits(mentions, h.lists)
    rows = labels[["record_id", "person_id"]].merge(clusters[["record_id", "cluster_id"]], on="record_id")
    rows = rows[rows.record_id.isin(bits.index)]
    if rows.empty:
        raise ValueError("no labelled record is in the run")
    people = pd.Index(sorted(rows.person_id.unique()))
    true = rows.assign(bit=bits.reindex(rows.record_id).to_numpy()).groupby(
        "person_id").bit.agg(np.bitwise_or.reduce).reindex(people).to_numpy().astype(int)
    anchor = clusters.groupby("cluster_id").record_id.min()
    owned = rows[rows.record_id.isin(anchor.to_numpy())]
    pattern = h.individuals.set_index("cluster_id").pattern
    gained = pd.DataFrame({"person": people.get_indexer(owned.person_id),
                           "pattern": pattern.reindex(owned.cluster_id.astype(str)).to_numpy(),
                           "count": 1.0}).dropna()
    lost = pd.DataFrame({"person": np.arange(len(people)), "pattern": true, "count": -1.0})
    delta = pd.concat([gained.astype({"pattern": int}), lost], ignore_index=True)
    return Audit(true, np.bincount(gained.person, minlength=len(people)), delta)


def corrected(observed: np.ndarray, found: Audit, weights: np.ndarray | None = None) -> np.ndarray:
    """The table of named people, n = m - D, with D = sum over all named people of d estimated
    from the audited ones (a simple random sample of them) by expansion: D = (N / a) sum_audited
    w d, where N = m_total / (1 + mean d_total) is the number of named people the audit implies.
    Unbiased for D under simple random sampling (the difference estimator, Särndal, Swensson &
    Wretman 1992, 6.3); not the ratio A^-1 m per pattern, which divides by the few audited people
    of each pattern (six lists: 63 patterns) and amplified their noise tenfold in our trials.
    Negative cells (a rare pattern the audit over-corrects) are set to 0."""
    w = np.ones(found.people) if weights is None else np.asarray(weights, dtype=float)
    size = w.sum()
    summed = np.bincount(found.delta.pattern, weights=found.delta["count"] * w[found.delta.person],
                         minlength=len(observed))
    named = observed[1:].sum() / (1 + summed.sum() / size)
    table = observed - named / size * summed
    table[0] = 0.0
    return np.maximum(table, 0.0)


def labelled_tables(h: Histories, clusters, mentions, labels, replicates: int, rng
                    ) -> tuple[np.ndarray, np.ndarray, dict]:
    """The centre table (corrected by every audited person) and one per bootstrap of them."""
    found = audit(h, clusters, mentions, labels)
    observed = h.counts()
    centre = corrected(observed, found)
    tables = np.array([corrected(observed, found, rng.multinomial(
        found.people, np.full(found.people, 1 / found.people))) for _ in range(replicates)])
    detail = {"audited_people": found.people, "audited_split": int((found.owned > 1).sum()),
              "audited_merged_away": int((found.owned == 0).sum())}
    return centre, tables, detail


def drawn_clusterings(run: Path, replicates: int, rng) -> list[pd.DataFrame]:
    """Clusterings drawn from the run's scored pairs: each pair a link with its match probability
    (independently), refused pairs never; the connected components of the links."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from linkage.runs import Run

    with Run.open(run) as saved:
        ids = saved.record_ids()
        pairs = saved.con.execute(
            "SELECT unique_id_l, unique_id_r, match_probability FROM pairs").fetchnumpy()
        refused = saved.refused()
    uids = np.array(list(ids))
    records = np.array([ids[u] for u in uids], dtype=object)
    pos = pd.Series(np.arange(len(uids)), index=uids)
    left = pos.reindex(pairs["unique_id_l"]).to_numpy()
    right = pos.reindex(pairs["unique_id_r"]).to_numpy()
    p = np.nan_to_num(np.asarray(pairs["match_probability"], dtype=float))
    if refused:
        key = [tuple(sorted(x)) for x in zip(records[left], records[right])]
        p = np.where([k in refused for k in key], 0.0, p)
    out = []
    for _ in range(replicates):
        keep = rng.random(len(p)) < p
        graph = coo_matrix((np.ones(int(keep.sum())), (left[keep], right[keep])),
                           shape=(len(uids), len(uids)))
        labels = connected_components(graph, directed=False)[1]
        out.append(pd.DataFrame({"record_id": records, "cluster_id": labels.astype(str)}))
    return out


def model_tables(h: Histories, run: Path, mentions: pd.DataFrame, replicates: int, settings: Settings,
                 rng) -> tuple[np.ndarray, np.ndarray, dict]:
    """One table per clustering drawn from the model; the centre is their mean."""
    plain = mentions.drop(columns=["stratum"], errors="ignore")
    tables, sizes = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for clusters in drawn_clusterings(run, replicates, rng):
            drawn = build(plain, clusters, settings.min_list_individuals)
            if drawn.lists != h.lists:
                drawn = _relisted(drawn, h.lists)
            tables.append(drawn.counts())
            sizes.append(drawn.observed)
    tables = np.array(tables)
    return tables.mean(axis=0), tables, {"drawn_individuals": [int(np.min(sizes)), int(np.max(sizes))]}


def _relisted(drawn: Histories, lists: tuple[str, ...]) -> Histories:
    """A drawn clustering's histories over the run's lists (pooling can differ by a person)."""
    moved = drawn.individuals.pattern.map(lambda m: sum(
        1 << lists.index(name) for j, name in enumerate(drawn.lists) if m >> j & 1 and name in lists))
    return Histories(lists, drawn.individuals.assign(pattern=moved))


# ---- the adjusted total --------------------------------------------------------------------------

def correction(h: Histories, run: Path, clusters: pd.DataFrame, mentions: pd.DataFrame,
               settings: Settings, labels: pd.DataFrame | None, seed: int
               ) -> tuple[str, np.ndarray, np.ndarray, dict]:
    """The source ("labels" or "model"), the corrected centre table, the replicates' tables and
    what the correction saw, over the whole list `h`."""
    rng = np.random.default_rng([seed, 19])
    if labels is not None:
        return "labels", *labelled_tables(h, clusters, mentions, labels, settings.replicates, rng)
    return "model", *model_tables(h, run, mentions, settings.replicates, settings, rng)


def adjust(h: Histories, run: Path, clusters: pd.DataFrame, mentions: pd.DataFrame, method: str,
           settings: Settings, unadjusted: Estimate, labels: pd.DataFrame | None = None,
           seed: int = 0) -> Adjustment:
    """The total with linkage error folded into its interval (see the module's docstring)."""
    source, centre, tables, detail = correction(h, run, clusters, mentions, settings, labels, seed)
    found, totals = replicate_totals(centre, tables, h.lists, method, settings, seed)
    return Adjustment(source, mix(found, totals, settings, seed), unadjusted, centre, totals, detail)


def adjust_strata(h: Histories, whole: Histories, run: Path, clusters: pd.DataFrame,
                  mentions: pd.DataFrame, method: str, settings: Settings,
                  unadjusted: dict[str, Estimate], total: Estimate,
                  labels: pd.DataFrame | None = None, seed: int = 0) -> Adjustment:
    """Each stratum of `h` corrected by its share of the whole list's correction and estimated
    on its own; the adjusted total is their sum (see the module's docstring, Strata)."""
    source, centre, tables, detail = correction(whole, run, clusters, mentions, settings, labels, seed)
    observed = {s: h.counts(s) for s in h.strata()}
    share = shares(observed)
    pick = np.random.default_rng([seed, 29]).integers(0, len(tables), settings.draws)
    parts, draws, totals = {}, np.zeros(settings.draws), np.zeros(len(tables))
    for i, (name, counts) in enumerate(observed.items()):
        own = counts - share[name] * (whole.counts() - centre)
        own_tables = counts - share[name] * (whole.counts() - tables)
        found, replicates = _stratum(np.maximum(own, 0.0), np.maximum(own_tables, 0.0), h.lists,
                                     method, settings, seed + i, pick, name)
        parts[name] = (found, unadjusted[name])
        draws += found.draws
        totals += replicates
    low, high = np.quantile(draws, [0.025, 0.975])
    point = float(sum(f.estimate for f, _ in parts.values()))
    if any(not np.isfinite(f.high) for f, _ in parts.values()):
        high = np.inf
    notes = tuple(f"{name}: {n}" for name, (f, _) in parts.items() for n in f.notes)
    adjusted = Estimate(method, total.observed, point, float(min(low, point)), float(max(high, point)),
                        pd.DataFrame(), draws, notes)
    return Adjustment(source, adjusted, total, centre, totals, detail, parts)


def shares(observed: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each stratum's share of the individuals per pattern (of all individuals for a pattern no
    one has): the part of the whole list's correction it takes."""
    summed = sum(observed.values())
    everyone = float(summed[1:].sum())
    return {name: np.where(summed > 0, counts / np.maximum(summed, 1e-300),
                           counts[1:].sum() / max(everyone, 1.0))
            for name, counts in observed.items()}


def _stratum(centre, tables, lists, method, settings, seed, pick, name
             ) -> tuple[Estimate, np.ndarray]:
    """One stratum's adjusted estimate, its draws scaled by the shared replicates `pick`, and
    its replicates' totals; a stratum that cannot be estimated counts its corrected people."""
    try:
        found, totals = replicate_totals(centre, tables, lists, method, settings, seed)
    except ValueError as exc:
        people = float(centre[1:].sum())
        warnings.warn(f"{name}: {exc}; counted as observed")
        return (Estimate(method, round(people), people, people, people, pd.DataFrame(),
                         np.full(len(pick), people), (f"{name}: {exc}; counted as observed",)),
                tables[:, 1:].sum(axis=1))
    ratio = totals / found.estimate
    finite = np.isfinite(ratio)  # a replicate whose fit diverged: the replicates' median instead
    ratio = np.where(finite, ratio, np.median(ratio[finite]) if finite.any() else 1.0)
    rng = np.random.default_rng([seed, 23])
    draws = rng.choice(found.draws, len(pick)) * ratio[pick]
    low, high = np.quantile(draws, [0.025, 0.975])
    high = high if np.isfinite(found.high) else np.inf
    return (Estimate(found.method, round(float(centre[1:].sum())), found.estimate,
                     float(min(low, found.estimate)), float(max(high, found.estimate)), found.models,
                     draws, found.notes), totals)


def replicate_totals(centre: np.ndarray, tables: np.ndarray, lists: tuple[str, ...], method: str,
                     settings: Settings, seed: int) -> tuple[Estimate, np.ndarray]:
    """The full estimate on the centre table, and each replicate's total with its models fixed."""
    present = [j for j in range(len(lists)) if any(m >> j & 1 for m in np.flatnonzero(centre))]
    if len(present) < 2:
        raise ValueError("the corrected table is named by fewer than two lists")
    sub = tuple(lists[j] for j in present)
    centre, tables = restrict(centre, present), np.array([restrict(t, present) for t in tables])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = ESTIMATORS[method](centre, sub, settings, seed=seed)
        if method == "loglinear":
            models = loglinear.average(centre, settings).kept_terms()
            totals = np.array([loglinear.point(t, models) for t in tables])
            reference = loglinear.point(centre, models)
        else:
            totals = latent.points(tables, found, sub, settings)
            reference = float(latent.points(centre[None, :], found, sub, settings)[0])
    return found, totals * (found.estimate / reference)


def mix(found: Estimate, totals: np.ndarray, settings: Settings, seed: int) -> Estimate:
    """The centre's confidence distribution scaled by the replicates' spread around it."""
    rng = np.random.default_rng([seed, 23])
    ok = totals[np.isfinite(totals)]
    if not len(ok):
        return found
    draws = rng.choice(found.draws, settings.draws) * rng.choice(ok / found.estimate, settings.draws)
    low, high = np.quantile(draws, [0.025, 0.975])
    if not np.isfinite(found.high):
        high = np.inf
    notes = (*found.notes, (f"linkage error: {len(ok)} replicates of the correction, totals "
             f"{ok.min():,.0f}-{ok.max():,.0f}"))
    return Estimate(found.method, found.observed, found.estimate, float(min(low, found.estimate)),
                    float(max(high, found.estimate)), found.models, draws, notes)
