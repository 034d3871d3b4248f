"""What `linkage estimate` writes: estimate.json, estimate.html (offline, inline SVG) and the
console tables.

Reads a RunEstimate; writes the two files (atomically) beside each other.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.errors import LinkageError
from linkage.estimate.counting import RunEstimate
from linkage.runfolder import write_json, write_text

FORMAT = "linkage-estimate/1"


def as_json(found: RunEstimate) -> dict:
    total = found.result.total
    out = {"format": FORMAT, "run": str(found.run), "lists_column": found.list_column,
           "lists": list(found.result.lists), "strata_column": found.strata_column,
           "criterion": found.settings.criterion if found.method == "loglinear" else "bic",
           **total.as_dict(),
           "patterns": found.result.patterns.to_dict(orient="records"),
           "strata": {name: e.as_dict() for name, e in found.result.strata.items()},
           "warnings": list(found.warnings)}
    if found.adjusted is not None:
        out["adjusted"] = found.adjusted.as_dict()
    if found.sweep is not None:
        sweep = found.sweep
        out["linkage_error"] = {"thresholds": sweep.to_dict(orient="records"),
                                "estimate_range": [float(sweep.estimate.min()), float(sweep.estimate.max())]}
    if found.truth is not None:
        out.setdefault("linkage_error", {})["truth"] = found.truth
    return out


def write(found: RunEstimate, out: Path | None = None) -> list[Path]:
    """RUN/estimate.json and estimate.html (or OUT and OUT with .html); refuses to replace a
    file it did not write."""
    path = Path(out) if out else found.run / "estimate.json"
    if path.exists():
        try:
            ours = json.loads(path.read_text(encoding="utf-8")).get("format") == FORMAT
        except (ValueError, AttributeError, UnicodeDecodeError):
            ours = False
        if not ours:
            raise LinkageError(f"{path} exists and is not an estimate.json this command wrote; "
                               "choose another --out")
    page = path.with_suffix(".html")
    write_json(path, as_json(found))
    write_text(page, html_page(found))
    return [path, page]


# ---- the console ---------------------------------------------------------------------------------

def _fmt(x) -> str:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "∞"
    return f"{x:,.0f}"


def console_tables(found: RunEstimate) -> list:
    from rich.table import Table

    total = found.result.total
    head = Table(title=f"{found.method}: the total over {len(found.result.lists)} lists "
                       f"({', '.join(found.result.lists)})", title_justify="left")
    for column in ("", "observed", "estimate", "95% low", "95% high", "unobserved"):
        head.add_column(column, justify="right" if column else "left")
    for name, e in [*found.result.strata.items(), ("total", total)]:
        head.add_row(name, f"{e.observed:,}", _fmt(e.estimate), _fmt(e.low), _fmt(e.high),
                     _fmt(e.unobserved), style="bold" if name == "total" else None)
    tables = [head]
    if found.adjusted is not None:
        tables.append(_adjusted_table(found.adjusted))
    if not found.result.strata and len(total.models):
        tables.append(_models_table(total.models))
    if found.sweep is not None:
        t = Table(title="linkage error: the estimate by clustering threshold", title_justify="left")
        for column in ("match weight", "individuals", "estimate", "95% low", "95% high", ""):
            t.add_column(column, justify="right")
        for row in found.sweep.itertuples():
            t.add_row(f"{row.threshold_weight:.2f}", f"{row.individuals:,}", _fmt(row.estimate),
                      _fmt(row.low), _fmt(row.high), "this run" if row.this_run else "",
                      style="bold" if row.this_run else None)
        tables.append(t)
    return tables


SOURCES = {"labels": "measured on the audited people (--labels)",
           "model": "from the model's match probabilities (no labels: corrects only the errors the model knows of)"}


def _adjusted_table(a):
    from rich.table import Table

    t = Table(title=f"linkage error folded in: split and merged people corrected, {SOURCES[a.source]}",
              title_justify="left")
    for column in ("", "individuals", "estimate", "95% low", "95% high", "moved"):
        t.add_column(column, justify="right" if column else "left")
    for name, (e, u) in a.strata.items():
        t.add_row(name, f"{e.observed:,}", _fmt(e.estimate), _fmt(e.low), _fmt(e.high),
                  f"{e.estimate / u.estimate - 1:+.1%}")
    u, e = a.unadjusted, a.estimate
    t.add_row("sampling error only", f"{u.observed:,}", _fmt(u.estimate), _fmt(u.low), _fmt(u.high), "")
    t.add_row("with linkage error", f"{a.table[1:].sum():,.0f}", _fmt(e.estimate), _fmt(e.low),
              _fmt(e.high), f"{e.estimate / u.estimate - 1:+.1%}", style="bold")
    return t


def _models_table(models: pd.DataFrame, rows: int = 8):
    from rich.table import Table

    t = Table(title=f"models (top {min(rows, len(models))} of {len(models)} by weight)",
              title_justify="left")
    for column in ("model", "weight", "estimate", "95% low", "95% high"):
        t.add_column(column, justify="left" if column == "model" else "right")
    for row in models.head(rows).itertuples():
        low, high = getattr(row, "low", None), getattr(row, "high", None)  # latent classes: none per model
        t.add_row(str(row.model), f"{row.weight:.3f}", _fmt(row.estimate),
                  "" if low is None else _fmt(low), "" if high is None else _fmt(high))
    return t


# ---- the page ------------------------------------------------------------------------------------

def _chart(models: pd.DataFrame, total, title: str):
    """Estimate and interval per model (weight > 0), and the averaged total, as one dot-and-bar chart."""
    import altair as alt

    if "low" not in models:  # latent classes: one interval, the total's
        models = models.assign(low=np.nan, high=np.nan)
    shown = models[(models.weight.fillna(0) > 0.001) & models.low.notna()].head(12)
    frame = pd.DataFrame({"model": [*shown.model.astype(str), "averaged total"],
                          "estimate": [*shown.estimate, total.estimate],
                          "low": [*shown.low, total.low],
                          "high": [*shown.high.replace(np.inf, np.nan), total.high if np.isfinite(total.high) else np.nan],
                          "weight": [*shown.weight.fillna(0), 1.0]})
    base = alt.Chart(frame).encode(y=alt.Y("model:N", sort=None, title=""))
    bars = base.mark_rule(strokeWidth=2).encode(x=alt.X("low:Q", scale=alt.Scale(zero=False),
                                                        title="total deaths"), x2="high:Q")
    dots = base.mark_point(filled=True).encode(x="estimate:Q", size=alt.Size("weight:Q", legend=None),
                                               tooltip=["model", "estimate", "low", "high", "weight"])
    return (bars + dots).properties(width=520, height=22 * len(frame) + 20, title=title)


def _sweep_chart(sweep: pd.DataFrame):
    import altair as alt

    base = alt.Chart(sweep).encode(x=alt.X("threshold_weight:Q", title="clustering threshold (match weight)"))
    band = base.mark_area(opacity=0.25).encode(y=alt.Y("low:Q", scale=alt.Scale(zero=False),
                                                       title="total deaths"), y2="high:Q")
    line = base.mark_line(point=True).encode(y="estimate:Q", tooltip=["threshold_weight", "individuals",
                                                                      "estimate", "low", "high"])
    observed = base.mark_line(strokeDash=[4, 3], color="#777").encode(y="individuals:Q")
    return (band + line + observed).properties(width=420, height=260,
                                               title="Estimate (line, band: 95%) and individuals (dashed)")


def html_page(found: RunEstimate) -> str:
    from linkage.report import html_page as page
    from linkage.report import html_table, svg_chart

    total = found.result.total
    lists = ", ".join(found.result.lists)
    body = [f"<p>Run <code>{html.escape(str(found.run))}</code>; lists from the column "
            f"<code>{html.escape(found.list_column)}</code>: {html.escape(lists)}. Method "
            f"<b>{html.escape(found.method)}</b>. The interval is 95%: "
            + ("model-averaged profile likelihood (MATA)" if found.method == "loglinear"
               else f"parametric bootstrap ({found.settings.bootstrap} replicates)") + ".</p>",
            (f"<p><b>{total.observed:,}</b> individuals named; estimated total <b>{_fmt(total.estimate)}</b> "
            f"(95%: {_fmt(total.low)}–{_fmt(total.high)}), of whom about {_fmt(total.unobserved)} "
            "named by no list.</p>")]
    rows = [{"stratum": n, "observed": e.observed, "estimate": round(e.estimate), "low": round(e.low),
             "high": _fmt(e.high)} for n, e in [*found.result.strata.items(), ("total", total)]]
    body += ["<h2>Estimate</h2>", html_table(pd.DataFrame(rows), table_id="estimate")]
    if not found.result.strata and len(total.models):
        body += [f'<figure id="chart-models">{svg_chart(_chart(total.models, total, "Estimate and 95% interval per model"))}</figure>',
                 "<h2>Models</h2>", html_table(_printable(total.models.head(30)), table_id="models")]
    body += ["<h2>Counts per pattern (1: the list names them)</h2>",
             html_table(found.result.patterns, table_id="patterns")]
    body += _linkage_error_section(found)
    if found.warnings or total.notes:
        body += ["<h2>Notes</h2><ul>" + "".join(f"<li>{html.escape(w)}</li>"
                                               for w in (*found.warnings, *total.notes)) + "</ul>"]
    return page(f"linkage estimate: {found.run.name}", "\n".join(body))


def _linkage_error_section(found: RunEstimate) -> list[str]:
    from linkage.report import html_table, svg_chart

    out = []
    if found.adjusted is not None:
        a, u = found.adjusted, found.adjusted.unadjusted
        e = a.estimate
        out += ["<h2>Linkage error folded in</h2>",
                (f"<p>Correcting the counts per pattern for people the linkage split or merged "
                 f"({html.escape(SOURCES[a.source])}; {len(a.replicates)} replicates of the "
                 f"correction) moves the estimate from {_fmt(u.estimate)} ({_fmt(u.low)}–{_fmt(u.high)}, "
                 f"sampling error only) to <b>{_fmt(e.estimate)}</b> (95%: {_fmt(e.low)}–{_fmt(e.high)}, "
                 f"sampling and linkage error), {e.estimate / u.estimate - 1:+.1%}; the corrected "
                 f"table has {a.table[1:].sum():,.0f} people for the run's {u.observed:,} individuals.</p>")]
        if a.strata:
            rows = [{"stratum": name, "individuals": plain.observed, "corrected people": found.observed,
                     "unadjusted": round(plain.estimate), "adjusted": round(found.estimate),
                     "low": round(found.low), "high": _fmt(found.high),
                     "moved": f"{found.estimate / plain.estimate - 1:+.1%}"}
                    for name, (found, plain) in a.strata.items()]
            out += [("<p>Per stratum, each taking its share of the whole list's correction "
                     "(the adjusted strata add up to the adjusted total):</p>"),
                    html_table(pd.DataFrame(rows), table_id="adjusted-strata")]
    if found.sweep is not None:
        lo, hi = found.sweep.estimate.min(), found.sweep.estimate.max()
        out += ["<h2>Linkage error by threshold</h2>",
                (f"<p>Re-clustered from the saved pairs at {len(found.sweep)} thresholds, the estimate "
                f"ranges from {_fmt(lo)} to {_fmt(hi)}. Missed links split people and inflate it; "
                "false links merge people and shrink it.</p>"),
                f'<figure id="chart-sweep">{svg_chart(_sweep_chart(found.sweep))}</figure>',
                html_table(found.sweep, table_id="sweep")]
    if found.truth is not None:
        t = found.truth
        on_truth = t["on_true_clusters"]
        out += [f"<p>Against <code>{html.escape(t['truth'])}</code>: the run's pairwise precision "
                f"{t['pairwise_precision']:.4f}, recall {t['pairwise_recall']:.4f}; on the true clusters "
                f"({on_truth['individuals']:,} people) the estimate is {_fmt(on_truth['estimate'])} "
                f"({_fmt(on_truth['low'])}–{_fmt(on_truth['high'])})"
                + (f"; the true total is {t['true_total']:,}" if "true_total" in t else "") + ".</p>"]
    return out


def _printable(models: pd.DataFrame) -> pd.DataFrame:
    return models.drop(columns=[c for c in ("capture", "class_shares", "slots", "dependent_pair") if c in models]).replace(
        {np.inf: "∞"})
