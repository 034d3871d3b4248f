"""How linkage error moves the estimate: re-estimate over clusterings at several thresholds
(re-clustered from the run's saved pairs, as `linkage tune` does), and, where a truth file
exists, on the true clusters, beside the run's measured precision and recall.

Reads the run folder (through linkage.tune.recluster) and a truth CSV; writes nothing. Missed
links split a person into several individuals, often on different lists, and inflate the
estimate (roughly by 1/(1 - miss rate)); false links merge people and shrink it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.errors import InputError
from linkage.estimate.histories import build
from linkage.estimate.settings import Settings
from linkage.estimate.total import estimate_total


def threshold_sweep(run: Path, mentions: pd.DataFrame, method: str, settings: Settings,
                    seed: int = 0) -> pd.DataFrame:
    """One row per threshold (the run's own match weight plus the settings' offsets): the
    individuals, the observed and the estimated total with its interval."""
    from linkage.runs import Run
    from linkage.tune.recluster import sweep
    from linkage.weights import probability_to_weight, weight_to_probability

    saved = Run.open(run)
    try:
        run_w = probability_to_weight(saved.threshold)
        thresholds = np.array(sorted(run_w + o for o in settings.offsets))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a missing decision store: the sweep says so in tune
            labels = sweep(saved, thresholds)
        ids = saved.record_ids()
    finally:
        saved.close()
    rows = []
    for w, found in zip(thresholds, labels):
        clusters = pd.DataFrame({"record_id": [ids[u] for u in found],
                                 "cluster_id": [str(c) for c in found.values()]})
        rows.append({"threshold_weight": round(float(w), 3),
                     "threshold_probability": weight_to_probability(w),
                     "this_run": bool(np.isclose(w, run_w)),
                     **_estimate_row(mentions, clusters, method, settings, seed)})
    return pd.DataFrame(rows)


def truth_comparison(run_clusters: pd.DataFrame, mentions: pd.DataFrame, truth_path: Path,
                     method: str, settings: Settings, seed: int = 0) -> dict:
    """The estimate on the true clusters, the run's pairwise precision and recall against the
    truth, and the true total when population.csv (generate --capture) lies beside the truth."""
    from linkage.evaluate import cluster_metrics

    truth = read_labels(Path(truth_path))
    true_clusters = truth.rename(columns={"person_id": "cluster_id"})[["record_id", "cluster_id"]]
    both = run_clusters.merge(truth, on="record_id")
    metrics = cluster_metrics(both.cluster_id.tolist(), both.person_id.tolist())
    out = {"truth": str(truth_path), "pairwise_precision": round(metrics["pairwise"]["precision"], 5),
           "pairwise_recall": round(metrics["pairwise"]["recall"], 5),
           "true_individuals": metrics["true_clusters"], "run_individuals": metrics["predicted_clusters"],
           "on_true_clusters": _estimate_row(mentions, true_clusters, method, settings, seed)}
    population = Path(truth_path).with_name("population.csv")
    if population.exists():
        out["true_total"] = int(sum(1 for _ in population.open(encoding="utf-8")) - 1)
    return out


def _estimate_row(mentions, clusters, method, settings, seed) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = build(mentions.drop(columns=["stratum"], errors="ignore"), clusters,
                  settings.min_list_individuals)
        e = estimate_total(h, method, settings, seed).total
    return {"individuals": e.observed, "estimate": round(e.estimate, 1), "low": round(e.low, 1),
            "high": round(e.high, 1)}


def read_labels(path: Path) -> pd.DataFrame:
    """record_id, person_id from a truth file or an audit (labels of some people's mentions)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in ("record_id", "person_id") if c not in frame]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}", row=1)
    return frame[["record_id", "person_id"]]
