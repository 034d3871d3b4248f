"""Tune: choose the match threshold from a saved run folder, without re-scoring.

Reads the run folder (runs.Run: pairs, features, manifest, model), and optionally labels
(a truth file, or clerical pair labels). Re-clusters at a sweep of thresholds in one pass
(clustering.cluster_sweep, with the run's method, constraints and reviewer decisions) and writes
RUN/thresholds.csv, RUN/thresholds.html (an offline chart) and RUN/thresholds.png. Without labels
it writes the cluster counts per threshold, the match-weight distribution and Splink's charts of
the model, for a person to choose the cut.

Re-clustering the saved run (recluster), the scores and recommendation (metrics) are apart from
the charts and files it writes (charts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.errors import LinkageError
from linkage.runfolder import write_text
from linkage.runs import Run
from linkage.tune.charts import counts_chart, metrics_chart, model_charts, model_linker, save_chart
from linkage.tune.metrics import (
    METRICS,
    PLATEAU,
    cluster_counts,
    load_labels,
    recommend,
    score_pair_labels,
    score_truth,
)
from linkage.tune.recluster import STEPS, check_reproduces, sweep, sweep_thresholds
from linkage.weights import probability_to_weight, weight_to_probability

__all__ = [
    "METRICS", "PLATEAU", "SHORT", "STEPS", "TuneResult", "cluster_counts", "load_labels",
    "model_charts", "model_linker", "recommend", "save_chart", "score_pair_labels", "score_truth",
    "summary_table", "sweep", "sweep_thresholds", "tune",
]


@dataclass
class TuneResult:
    table: pd.DataFrame             # one row per threshold
    recommended: int | None         # row index, None without labels
    criterion: str
    files: list[Path]
    seconds: float = 0.0


def _sweep_frame(thresholds: np.ndarray, run_w: float, rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.insert(0, "threshold_weight", thresholds)
    frame.insert(0, "threshold_probability", [weight_to_probability(w) for w in thresholds])
    frame["run_threshold"] = np.isclose(thresholds, run_w, atol=1e-6)
    return frame


def tune(run: Path, labels: Path | None = None, metric: str = "f1",
         min_precision: float | None = None, steps: int = STEPS, store: Path | None = None,
         png: bool = True) -> TuneResult:
    """Sweep thresholds over a saved run; with labels, score each and recommend one."""
    import time

    start = time.perf_counter()
    if metric not in METRICS:
        raise LinkageError(f"unknown metric {metric!r} (expected one of {', '.join(METRICS)})")
    kind, frame = load_labels(labels) if labels else (None, None)
    saved = Run.open(run)
    try:
        weights = saved.con.sql("SELECT match_weight FROM pairs").to_arrow_table()[
            "match_weight"].to_numpy()
        thresholds = sweep_thresholds(weights, saved.threshold, steps)
        all_labels = sweep(saved, thresholds, store)
        run_w = probability_to_weight(saved.threshold)
        if kind == "truth":
            rows = score_truth(saved, all_labels, frame)
        elif kind == "pairs":
            rows = score_pair_labels(saved, all_labels, frame)
        else:
            rows = cluster_counts(all_labels)
        table = _sweep_frame(thresholds, run_w, rows)
        check_reproduces(saved, all_labels[int(np.flatnonzero(table.run_threshold)[0])])
        out = Path(run)
        files = [out / "thresholds.csv"]
        if kind:
            best, criterion = recommend(table, metric, min_precision)
            table["recommended"] = table.index == best
            chart = metrics_chart(table, best)
        else:
            best, criterion = None, "no labels: choose the cut from the charts"
            chart = counts_chart(table, weights)
            files += model_charts(saved)
        write_text(files[0], table.to_csv(index=False, float_format="%.6g"))
        files += save_chart(chart, out / "thresholds.html", out / "thresholds.png" if png else None)
    finally:
        saved.close()
    return TuneResult(table, best, criterion, files, round(time.perf_counter() - start, 2))


# The terminal shows these; thresholds.csv has every figure (B-cubed P/R, ARI, pair counts …).
SHORT = {"precision": "P", "recall": "R", "f1": "F1", "bcubed_f1": "B³ F1",
         "household_merges": "household merges", "individuals": "individuals",
         "multi_mention": "with 2+ mentions", "largest": "largest"}


def summary_table(result: TuneResult, rows: int = 12):
    """A short rich table: evenly spaced rows, always with the run's and the recommended row."""
    from rich.table import Table

    t = result.table
    keep = set(np.linspace(0, len(t) - 1, min(rows, len(t))).round().astype(int).tolist())
    keep |= set(t.index[t.run_threshold]) | ({result.recommended} if result.recommended is not None else set())
    shown = [c for c in SHORT if c in t]
    table = Table(title=f"{len(t)} thresholds swept", title_justify="left")
    for column in ["p", "weight", *(SHORT[c] for c in shown), ""]:
        table.add_column(column, justify="right", no_wrap=True)
    for i in sorted(keep):
        row = t.loc[i]
        note = ", ".join(n for n, on in (("recommended", i == result.recommended),
                                         ("this run", row.run_threshold)) if on)
        cells = [f"{row.threshold_probability:.6g}", f"{row.threshold_weight:.2f}"]
        cells += [f"{row[c]:.4f}" if isinstance(row[c], float) else f"{row[c]:,}" for c in shown]
        table.add_row(*cells, note, style="bold" if note else None)
    return table
