"""The tune charts: scores or cluster counts by threshold, and Splink's charts of the run's model.

Reads the sweep table and RUN/model.json; writes RUN/thresholds.html, thresholds.png,
match_weights_chart.html and m_u_parameters_chart.html.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from linkage.runfolder import write_text
from linkage.runs import Run


def metrics_chart(table: pd.DataFrame, recommended: int | None):
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


def counts_chart(table: pd.DataFrame, weights: np.ndarray):
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


def model_linker(saved: Run):
    """A Splink linker carrying the run's model over its features, for charts: the model is
    loaded as data (Run.model: its SQL rebuilt from the run's spec), the linker built as the
    pipeline builds its own, by LinkageModel.linker; made once per open run (it copies the
    features)."""
    from linkage.scoring import register_table

    def make():
        saved.con.execute("CREATE OR REPLACE TABLE features_for_splink AS SELECT * FROM features")
        return saved.model().linker(register_table(saved.con, "features_for_splink"))

    return saved.once("linker", make)


def model_charts(saved: Run) -> list[Path]:
    """Splink's match-weights and m/u charts of the run's model, as offline HTML."""
    linker = model_linker(saved)
    written = []
    for name, chart in (("match_weights_chart", linker.visualisations.match_weights_chart()),
                        ("m_u_parameters_chart", linker.visualisations.m_u_parameters_chart())):
        path = saved.path / f"{name}.html"
        write_text(path, chart.to_html(inline=True))
        written.append(path)
    return written
