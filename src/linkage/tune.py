"""Tune: choose the match threshold from a saved run folder, without re-scoring.

Reads RUN/pairs.parquet, features.parquet, manifest.json and model.json, and optionally labels
(a truth file, or clerical pair labels). Re-clusters at a sweep of thresholds in one pass
(clustering.cluster_sweep, with the run's method, constraints and reviewer decisions) and writes
RUN/thresholds.csv, RUN/thresholds.html (an offline chart) and RUN/thresholds.png. Without labels
it writes the cluster counts per threshold, the match-weight distribution and Splink's charts of
the model, for a person to choose the cut.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from linkage import clustering
from linkage.config import load_spec
from linkage.database import quote_literal
from linkage.errors import InputError, LinkageError
from linkage.runfolder import write_text

STEPS = 50
# The recommendation is the middle of the optimum's plateau (thresholds within this much of the
# best score, next to it): a cut in the middle of a flat optimum moves the result least when the
# next list differs from this one. Well inside the 0.005 the issue allows.
PLATEAU = 0.002
METRICS = ("f1", "bcubed_f1", "precision_floor")


@dataclass
class SavedRun:
    """A run folder's artefacts, opened for reading: DuckDB views `features` and `pairs`."""

    path: Path
    manifest: dict
    con: duckdb.DuckDBPyConnection
    threshold: float                 # the run's match probability
    method: str
    rules: clustering.Constraints
    records: dict = field(default_factory=dict)

    def close(self) -> None:
        self.con.close()

    def record_ids(self) -> dict:
        """unique_id → record_id for every record of the run."""
        return dict(self.con.execute("SELECT unique_id, record_id FROM features").fetchall())


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
    rules = (clustering.NO_RULES if params["method"] == "components"
             else clustering.Constraints.from_spec(load_spec(params["spec"]).constraints))
    return SavedRun(run, manifest, con, float(params["threshold"]), params["method"], rules,
                    clustering.load_records(con, "features"))


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
                                         saved.rules, must, cannot)
    return labels


def _check_reproduces(saved: SavedRun, labels: dict) -> None:
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


# ---- labels ---------------------------------------------------------------------------------

def load_labels(path: Path) -> tuple[str, pd.DataFrame]:
    """("truth", record_id/person_id[/household_id]) or ("pairs", record_id_l/record_id_r/is_match)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "labels file not found")
    reader = "read_parquet(?)" if path.suffix == ".parquet" else "read_csv(?, header=true, all_varchar=true)"
    frame = duckdb.execute(f"SELECT * FROM {reader}", [str(path)]).df()
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


def score_pair_labels(saved: SavedRun, all_labels: list[dict], frame: pd.DataFrame) -> list[dict]:
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


def score_truth(saved: SavedRun, all_labels: list[dict], truth: pd.DataFrame) -> list[dict]:
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


# ---- outputs ----------------------------------------------------------------------------------

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


def _metrics_chart(table: pd.DataFrame, recommended: int | None):
    """F1 / precision / recall against the threshold, and precision against recall."""
    import altair as alt

    kinds = [("", "pairwise"), ("bcubed_", "B-cubed")]
    long = pd.concat([
        pd.DataFrame({"threshold_weight": table.threshold_weight,
                      "threshold_probability": table.threshold_probability,
                      "metric": f"{label} {'F1' if m == 'f1' else m}", "kind": label, "measure": m,
                      "value": table[f"{prefix}{m}"]})
        for prefix, label in kinds for m in ("precision", "recall", "f1")
        if f"{prefix}{m}" in table], ignore_index=True)
    tooltip = ["metric", alt.Tooltip("value:Q", format=".4f"),
               alt.Tooltip("threshold_weight:Q", format=".2f", title="match weight"),
               alt.Tooltip("threshold_probability:Q", format=".6f", title="probability")]
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("threshold_weight:Q", title="threshold (match weight)"),
        y=alt.Y("value:Q", scale=alt.Scale(zero=False), title="score"),
        color=alt.Color("metric:N", title="", sort=None), tooltip=tooltip,
    ).properties(width=420, height=300, title="Scores by threshold")
    marks = table[table.run_threshold].assign(mark="this run")
    if recommended is not None:
        marks = pd.concat([marks, table.loc[[recommended]].assign(mark="recommended")])
    rules = alt.Chart(marks).mark_rule(strokeWidth=2).encode(
        x="threshold_weight:Q", color=alt.Color("mark:N", title="threshold", scale=alt.Scale(
            domain=["recommended", "this run"], range=["#2ca02c", "#555"])))
    wide = long[long.measure != "f1"].pivot_table(
        index=["threshold_weight", "kind"], columns="measure", values="value").reset_index()
    # explicit domains: on easy data precision is 1.0 at every threshold, a one-value axis
    low = min(0.9, float(wide[["precision", "recall"]].min().min()) - 0.01)
    pr = alt.Chart(wide).mark_line(point=True).encode(
        x=alt.X("recall:Q", scale=alt.Scale(domain=[low, 1.0])),
        y=alt.Y("precision:Q", scale=alt.Scale(domain=[low, 1.0])),
        color=alt.Color("kind:N", title=""),
        order="threshold_weight:Q",
        tooltip=[alt.Tooltip("threshold_weight:Q", format=".2f"), alt.Tooltip("precision:Q", format=".4f"),
                 alt.Tooltip("recall:Q", format=".4f")],
    ).properties(width=300, height=300, title="Precision against recall")
    return alt.hconcat((lines + rules).resolve_scale(color="independent"), pr)


def _counts_chart(table: pd.DataFrame, weights: np.ndarray):
    """Without labels: individuals per threshold, and the distribution of pair match weights."""
    import altair as alt

    counts = alt.Chart(table).mark_line(point=True).encode(
        x=alt.X("threshold_weight:Q", title="threshold (match weight)"),
        y=alt.Y("individuals:Q", scale=alt.Scale(zero=False)),
        tooltip=["threshold_weight", "threshold_probability", "individuals", "largest"],
    ).properties(width=380, height=280, title="Individuals by threshold")
    hist, edges = np.histogram(weights, bins=60)
    bins = pd.DataFrame({"from": edges[:-1], "to": edges[1:], "pairs": hist})
    histogram = alt.Chart(bins).mark_bar().encode(
        x=alt.X("from:Q", bin="binned", title="match weight"), x2="to:Q",
        y=alt.Y("pairs:Q", scale=alt.Scale(type="symlog"), title="pairs (log scale)"),
        tooltip=["from", "to", "pairs"],
    ).properties(width=380, height=280, title="Scored pairs by match weight")
    run_rule = alt.Chart(table[table.run_threshold]).mark_rule(color="#d62728", strokeWidth=2).encode(
        x="threshold_weight:Q")
    return alt.hconcat(counts + run_rule, histogram + run_rule)


def save_chart(chart, html: Path, png: Path | None = None) -> list[Path]:
    """An altair chart as offline HTML (the JavaScript inlined) and, optionally, a PNG."""
    write_text(html, chart.to_html(inline=True))
    written = [html]
    if png is not None:
        tmp = png.with_name(f".{png.name}.tmp")
        chart.save(str(tmp), format="png", scale_factor=1.5)
        tmp.replace(png)
        written.append(png)
    return written


def model_linker(saved: SavedRun):
    """A Splink linker carrying the run's model (model.json) over its features, for charts."""
    from splink import DuckDBAPI, Linker

    settings = json.loads((saved.path / "model.json").read_text(encoding="utf-8"))
    saved.con.execute("CREATE OR REPLACE TABLE features_for_splink AS SELECT * FROM features")
    return Linker(DuckDBAPI(connection=saved.con).register("features_for_splink"), settings,
                  log_level=None)


def model_charts(saved: SavedRun) -> list[Path]:
    """Splink's match-weights and m/u charts of the run's model, as offline HTML."""
    linker = model_linker(saved)
    written = []
    for name, chart in (("match_weights_chart", linker.visualisations.match_weights_chart()),
                        ("m_u_parameters_chart", linker.visualisations.m_u_parameters_chart())):
        path = saved.path / f"{name}.html"
        write_text(path, chart.to_html(inline=True))
        written.append(path)
    return written


def tune(run: Path, labels: Path | None = None, metric: str = "f1",
         min_precision: float | None = None, steps: int = STEPS, store: Path | None = None,
         png: bool = True) -> TuneResult:
    """Sweep thresholds over a saved run; with labels, score each and recommend one."""
    import time

    start = time.perf_counter()
    if metric not in METRICS:
        raise LinkageError(f"unknown metric {metric!r} (expected one of {', '.join(METRICS)})")
    kind, frame = load_labels(labels) if labels else (None, None)
    saved = open_run(run)
    try:
        weights = saved.con.sql("SELECT match_weight FROM pairs").to_arrow_table()[
            "match_weight"].to_numpy()
        thresholds = sweep_thresholds(weights, saved.threshold, steps)
        all_labels = sweep(saved, thresholds, store)
        run_w = clustering.probability_to_weight(saved.threshold)
        if kind == "truth":
            rows = score_truth(saved, all_labels, frame)
        elif kind == "pairs":
            rows = score_pair_labels(saved, all_labels, frame)
        else:
            rows = cluster_counts(all_labels)
        table = _sweep_frame(thresholds, run_w, rows)
        _check_reproduces(saved, all_labels[int(np.flatnonzero(table.run_threshold)[0])])
        out = Path(run)
        files = [out / "thresholds.csv"]
        if kind:
            best, criterion = recommend(table, metric, min_precision)
            table["recommended"] = table.index == best
            chart = _metrics_chart(table, best)
        else:
            best, criterion = None, "no labels: choose the cut from the charts"
            chart = _counts_chart(table, weights)
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
