"""Re-clustering a saved run: cluster an opened run folder again at a sweep of thresholds.

Reads a runs.Run (its pairs, records, rules and clusters, and the reviewer decisions the run
used); writes nothing. Returns cluster labels per match-weight threshold.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from linkage import clustering, schema
from linkage.review import run_decisions
from linkage.runs import Run
from linkage.weights import probability_to_weight

STEPS = 50


def sweep_thresholds(weights: np.ndarray, run_threshold: float, steps: int = STEPS) -> np.ndarray:
    """Match-weight thresholds evenly spaced from the pairs' floor up to their 99th percentile
    (at most 15 above the larger of 0 and the run's threshold: on 1,000 generated people the
    top percentile reached weight 40, where every cut only loses recall), plus the run's own
    threshold, so that the sweep reproduces the run."""
    run_w = probability_to_weight(run_threshold)
    if not len(weights):
        return np.unique(np.round(np.append(np.linspace(run_w - 5, run_w + 5, steps), run_w), 6))
    lo = float(weights.min())
    hi = max(min(float(np.quantile(weights, 0.99)), max(run_w, 0.0) + 15), run_w + 1)
    return np.unique(np.append(np.round(np.linspace(lo, hi, steps), 6), run_w))


def sweep(saved: Run, thresholds: np.ndarray, store: Path | None = None) -> list[dict]:
    """Cluster labels (unique_id → label) at each match-weight threshold, in one pass."""
    must, cannot = run_decisions(saved, store)
    edges = clustering.load_edges(saved.con, "pairs")
    labels, _ = clustering.cluster_sweep(saved.records, edges, list(thresholds), saved.method,
                                         rules=saved.rules, must_link=must, cannot_link=cannot,
                                         floor_weight=saved.spec.scoring.unscored_pair_weight)
    return labels


def check_reproduces(saved: Run, labels: dict) -> None:
    """Warn when the sweep at the run's threshold is not the run's clustering (the clustering
    code, the spec's constraints or the decisions changed since the run): figures would differ
    from `linkage evaluate` on clusters.csv."""
    ids = saved.record_ids()
    ours = pd.DataFrame({"record_id": [ids[u] for u in labels], "ours": list(labels.values())})
    run = saved.clusters()
    both = ours.merge(run, on="record_id")
    if (both.groupby("ours").cluster_id.nunique() > 1).any() or \
            (both.groupby("cluster_id").ours.nunique() > 1).any():
        warnings.warn(f"re-clustering {saved.path} at its own threshold does not reproduce its "
                      f"{schema.CLUSTERS} ({both.ours.nunique():,} vs {both.cluster_id.nunique():,} clusters): "
                      "the clustering or its constraints changed since the run; rerun dedupe")
