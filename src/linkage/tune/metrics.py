"""Scoring a sweep: labels (a truth file or clerical pairs), the figures at each threshold, and
the recommended threshold.

Reads the labels file; writes nothing. Returns one row of figures per threshold.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from linkage.database import file_path
from linkage.errors import InputError, LinkageError
from linkage.runs import Run

# The recommendation is the middle of the optimum's plateau (thresholds within this much of the
# best score, next to it): a cut in the middle of a flat optimum moves the result least when the
# next list differs from this one. Well inside the 0.005 the issue allows.
PLATEAU = 0.002
METRICS = ("f1", "bcubed_f1", "precision_floor")


# ---- labels ---------------------------------------------------------------------------------

def load_labels(path: Path) -> tuple[str, pd.DataFrame]:
    """("truth", record_id/person_id[/household_id]) or ("pairs", record_id_l/record_id_r/is_match)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "labels file not found")
    reader = "read_parquet(?)" if path.suffix == ".parquet" else "read_csv(?, header=true, all_varchar=true)"
    frame = duckdb.execute(f"SELECT * FROM {reader}", [file_path(path)]).df()
    columns = set(frame.columns)
    if {"record_id", "person_id"} <= columns:
        keep = [c for c in ("record_id", "person_id", "household_id") if c in columns]
        return "truth", frame[keep].astype("string")
    if {"record_id_l", "record_id_r", "is_match"} <= columns:
        frame = frame[["record_id_l", "record_id_r", "is_match"]].copy()
        frame["is_match"] = frame["is_match"].astype(str).str.strip().str.lower().isin(
            {"1", "true", "t", "yes", "y", "1.0"})
        return "pairs", frame.astype({"record_id_l": "string", "record_id_r": "string"})
    raise InputError(path, "labels need columns record_id, person_id (a truth file) or "
                           "record_id_l, record_id_r, is_match (clerical pairs)")


def _label_array(labels: dict, size: int) -> np.ndarray:
    out = np.full(size, -1, dtype=np.int64)
    out[np.fromiter(labels.keys(), np.int64, len(labels))] = np.fromiter(labels.values(), np.int64, len(labels))
    return out


def score_pair_labels(saved: Run, all_labels: list[dict], frame: pd.DataFrame) -> list[dict]:
    """Pairwise precision / recall / F1 over the labelled pairs only, at each threshold."""
    ids = {r: u for u, r in saved.record_ids().items()}
    known = frame[frame.record_id_l.isin(ids) & frame.record_id_r.isin(ids)]
    if known.empty:
        raise LinkageError("none of the labelled pairs names two records of this run")
    left = known.record_id_l.map(ids).to_numpy(np.int64)
    right = known.record_id_r.map(ids).to_numpy(np.int64)
    truth = known.is_match.to_numpy(bool)
    size = max(ids.values()) + 1
    rows = []
    for labels in all_labels:
        arr = _label_array(labels, size)
        same = arr[left] == arr[right]
        tp, fp, fn = int((same & truth).sum()), int((same & ~truth).sum()), int((~same & truth).sum())
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        rows.append({"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                     "labelled_pairs": len(known), "true_positives": tp, "false_positives": fp,
                     "false_negatives": fn})
    return rows


def score_truth(saved: Run, all_labels: list[dict], truth: pd.DataFrame) -> list[dict]:
    """Pairwise and B-cubed precision / recall / F1 and household merges at each threshold.

    Aligned as `linkage evaluate` aligns them (evaluate.cluster_metrics over the truth's records;
    a truth record the run rejected is a singleton), so the figures at the run's own threshold
    are the ones `linkage evaluate` reports.
    """
    from linkage.evaluate import cluster_metrics

    ids = {r: u for u, r in saved.record_ids().items()}
    uids = truth.record_id.map(ids).astype("Int64")
    missing = uids.isna().to_numpy()
    index = uids.fillna(0).to_numpy(np.int64)
    singletons = -np.arange(1, len(truth) + 1)   # each record the run lacks: its own cluster
    person = truth.person_id.tolist()
    household = truth.household_id.tolist() if "household_id" in truth.columns else None
    size = max(ids.values()) + 1
    rows = []
    for labels in all_labels:
        pred = np.where(missing, singletons, _label_array(labels, size)[index])
        rows.append(_flatten(cluster_metrics(pred, person, household)))
    return rows


def _flatten(metrics: dict) -> dict:
    """{"pairwise": {"f1": …}, "bcubed": {…}, "household_merges": n} → flat columns."""
    flat = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                flat[sub if key == "pairwise" else f"{key}_{sub}"] = v
        else:
            flat[key] = value
    return flat


def cluster_counts(all_labels: list[dict]) -> list[dict]:
    """Without labels: how many individuals, and how big the largest, at each threshold."""
    rows = []
    for labels in all_labels:
        sizes = np.bincount(np.unique(np.fromiter(labels.values(), np.int64, len(labels)),
                                      return_inverse=True)[1])
        rows.append({"individuals": len(sizes), "multi_mention": int((sizes > 1).sum()),
                     "largest": int(sizes.max()) if len(sizes) else 0})
    return rows


# ---- the recommendation -----------------------------------------------------------------------

def recommend(table: pd.DataFrame, metric: str = "f1", min_precision: float | None = None) -> tuple[int, str]:
    """The row to recommend and the criterion, stated in words."""
    if metric == "precision_floor":
        if min_precision is None:
            raise LinkageError("--metric precision_floor needs --min-precision, e.g. 0.98")
        ok = table[table.precision >= min_precision]
        if ok.empty:
            best = int(table.precision.idxmax())
            return best, (f"no threshold reaches precision {min_precision:g}; the most precise "
                          f"one ({table.precision[best]:.4f}) instead")
        best = int(ok.sort_values(["recall", "threshold_weight"], ascending=[False, False]).index[0])
        return best, f"highest recall ({table.recall[best]:.4f}) with precision ≥ {min_precision:g}"
    column = "f1" if metric == "f1" else "bcubed_f1"
    if column not in table:
        raise LinkageError(f"--metric {metric} needs a truth file (clerical pairs give pairwise figures only)")
    scores = table[column].to_numpy()
    top = int(np.nanargmax(scores))
    lo = hi = top
    while lo > 0 and scores[lo - 1] >= scores[top] - PLATEAU:
        lo -= 1
    while hi < len(scores) - 1 and scores[hi + 1] >= scores[top] - PLATEAU:
        hi += 1
    pick = (lo + hi) // 2
    name = "pairwise F1" if column == "f1" else "B-cubed F1"
    return pick, (f"best {name} ({scores[top]:.4f}); the middle of the thresholds within "
                  f"{PLATEAU} of it ({name} {scores[pick]:.4f})")
