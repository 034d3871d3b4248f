"""Re-clustering a saved run: open a run folder and cluster it again at a sweep of thresholds.

Reads RUN/manifest.json, pairs.parquet, features.parquet and clusters.csv (and the reviewer
decisions store the run used); writes nothing. Returns cluster labels per match-weight threshold.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from linkage import clustering, rule_rates
from linkage.config import load_spec
from linkage.constraints import NO_RULES, Constraints, load_records
from linkage.database import quote_literal
from linkage.errors import LinkageError
from linkage.readcache import memo

STEPS = 50


@dataclass
class SavedRun:
    """A run folder's artefacts, opened for reading: DuckDB views `features` and `pairs`."""

    path: Path
    manifest: dict
    con: duckdb.DuckDBPyConnection
    threshold: float                 # the run's match probability
    method: str
    rules: Constraints
    records: dict = field(default_factory=dict)

    def close(self) -> None:
        self.con.close()

    def record_ids(self) -> dict:
        """unique_id → record_id for every record of the run (read once; do not modify it)."""
        return memo(self, "record_ids", lambda: dict(
            self.con.execute("SELECT unique_id, record_id FROM features").fetchall()))


def open_run(run: Path) -> SavedRun:
    """Open a run folder written by `linkage dedupe`; fails with one line on a missing artefact."""
    run = Path(run)
    for name in ("manifest.json", "pairs.parquet", "features.parquet"):
        if not (run / name).exists():
            raise LinkageError(f"{run}: not a complete run folder (no {name}); run `linkage dedupe` first")
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    params = manifest["parameters"]
    con = duckdb.connect()
    con.execute("SET threads = 2")
    for name in ("features", "pairs"):
        path = quote_literal(run / f"{name}.parquet")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({path})")
    rules = (NO_RULES if params["method"] != "constrained"
             else Constraints.from_spec(load_spec(params["spec"]).constraints))
    # the rules this list contradicted were off in the run (rule_rates), so they stay off here
    rules = rule_rates.without(rules, [name for name, rate in manifest.get("rules", {}).items()
                                       if not rate["active"]])
    return SavedRun(run, manifest, con, float(params["threshold"]), params["method"], rules,
                    load_records(con, "features"))


def run_decisions(saved: SavedRun, store: Path | None) -> tuple[list, list]:
    """The reviewer decisions the run used, as unique_id pairs (must-link, cannot-link)."""
    used = saved.manifest.get("decisions_used") or []
    if not used:
        return [], []
    if store is None or not Path(store).exists():
        warnings.warn(f"the run used reviewer decisions {used}, but the store {store} is missing: "
                      "sweeping without them")
        return [], []
    from linkage.review import decisions_by_id

    chosen = decisions_by_id(store, used)
    ids = {r: u for u, r in saved.record_ids().items()}
    as_ids = [[(ids[a], ids[b]) for a, b in chosen[k] if a in ids and b in ids]
              for k in ("must_link", "cannot_link")]
    return as_ids[0], as_ids[1]


def sweep_thresholds(weights: np.ndarray, run_threshold: float, steps: int = STEPS) -> np.ndarray:
    """Match-weight thresholds evenly spaced from the pairs' floor up to their 99th percentile
    (at most 15 above the larger of 0 and the run's threshold: on 1,000 generated people the
    top percentile reached weight 40, where every cut only loses recall), plus the run's own
    threshold, so that the sweep reproduces the run."""
    run_w = clustering.probability_to_weight(run_threshold)
    if not len(weights):
        return np.unique(np.round(np.append(np.linspace(run_w - 5, run_w + 5, steps), run_w), 6))
    lo = float(weights.min())
    hi = max(min(float(np.quantile(weights, 0.99)), max(run_w, 0.0) + 15), run_w + 1)
    return np.unique(np.append(np.round(np.linspace(lo, hi, steps), 6), run_w))


def sweep(saved: SavedRun, thresholds: np.ndarray, store: Path | None = None) -> list[dict]:
    """Cluster labels (unique_id → label) at each match-weight threshold, in one pass."""
    must, cannot = run_decisions(saved, store)
    edges = clustering.load_edges(saved.con, "pairs")
    labels, _ = clustering.cluster_sweep(saved.records, edges, list(thresholds), saved.method,
                                         rules=saved.rules, must_link=must, cannot_link=cannot)
    return labels



def check_reproduces(saved: SavedRun, labels: dict) -> None:
    """Warn when the sweep at the run's threshold is not the run's clustering (the clustering
    code, the spec's constraints or the decisions changed since the run): figures would differ
    from `linkage evaluate` on clusters.csv."""
    ids = saved.record_ids()
    ours = pd.DataFrame({"record_id": [ids[u] for u in labels], "ours": list(labels.values())})
    run = pd.read_csv(saved.path / "clusters.csv", dtype=str, keep_default_na=False)
    both = ours.merge(run, on="record_id")
    if (both.groupby("ours").cluster_id.nunique() > 1).any() or \
            (both.groupby("cluster_id").ours.nunique() > 1).any():
        warnings.warn(f"re-clustering {saved.path} at its own threshold does not reproduce its "
                      f"clusters.csv ({both.ours.nunique():,} vs {both.cluster_id.nunique():,} clusters): "
                      "the clustering or its constraints changed since the run; rerun dedupe")


def weight_to_probability(w: float) -> float:
    return float(1.0 / (1.0 + 2.0 ** (-w)))
