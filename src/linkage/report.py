"""The run report: one self-contained HTML page a person reads after a run.

Reads the run folder (manifest.json, clusters.csv, pairs.parquet, refused.csv, individuals.csv
and households.csv when present, and links the charts `linkage tune` writes); writes
RUN/report.html and RUN/cluster_quality.csv (one quality row per cluster). Charts are inline
SVG (rendered by vl-convert), so the page needs no script and no network to render.
"""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import duckdb
import pandas as pd

from linkage.database import quote_literal
from linkage.runfolder import write_text

LARGEST = 10
AUDIT_QUEUE = 20
CHART_LINKS = (
    ("thresholds.html", "Scores or cluster counts by threshold (linkage tune)"),
    ("thresholds.png", "The same chart as an image"),
    ("match_weights_chart.html", "The model's match weights per comparison level (Splink)"),
    ("m_u_parameters_chart.html", "The model's m and u probabilities (Splink)"),
)
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:70rem;
color:#222;padding:0 1rem}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
code{background:#f4f4f4;padding:0 .2rem}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.muted{color:#777}
"""


# ---- HTML helpers (audit's pages use them too) ------------------------------------------------

def html_table(frame: pd.DataFrame, caption: str | None = None, table_id: str | None = None) -> str:
    """A DataFrame as an escaped HTML table; numbers right-aligned."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            cells.append(f'<td class="num">{_cell(value)}</td>' if number else f"<td>{_cell(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    ident = f' id="{html.escape(table_id)}"' if table_id else ""
    return f"<table{ident}>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.4f}" if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return html.escape(str(value))


def html_page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n")


def svg_chart(chart) -> str:
    """An altair chart as inline SVG (no script needed to show it)."""
    buffer = io.StringIO()
    chart.save(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]


# ---- the sections -------------------------------------------------------------------------------

def _counts(manifest: dict, pairs: dict) -> pd.DataFrame:
    counts, timings = manifest.get("counts", {}), manifest.get("timings_seconds", {})
    blocking = manifest.get("blocking") or []
    candidate = blocking[-1]["cumulative_pairs"] if blocking else None
    family = manifest.get("family", {})
    rows = [
        ("ingest", "input rows", counts.get("input_rows")),
        ("ingest", "accepted", counts.get("accepted")),
        ("ingest", "rejected (rejects.csv)", counts.get("rejected")),
        ("block", "candidate pairs" + (" (estimated)" if any(b.get("estimated") for b in blocking) else ""),
         candidate),
        ("score", "scored pairs kept (p ≥ 0.01)", pairs["kept"]),
        ("score", f"pairs at or above the threshold (p ≥ {pairs['threshold']:g})", pairs["above"]),
        ("cluster", "individuals (clusters)", counts.get("clusters")),
        ("cluster", "merges refused by a constraint", counts.get("refused_merges")),
        ("cluster", "reviewer decisions honoured", len(manifest.get("decisions_used") or [])),
        ("family", "households", family.get("households")),
        ("family", "family links", family.get("links")),
    ]
    frame = pd.DataFrame(rows, columns=["stage", "count", "value"])
    frame["seconds"] = frame.stage.map(lambda s: timings.get(s))
    return frame.dropna(subset=["value"]).astype({"value": "int64"})


def _pairs_summary(con, threshold: float) -> dict:
    kept, above = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE match_probability >= ?) FROM pairs", [threshold]
    ).fetchall()[0]
    return {"kept": kept, "above": above, "threshold": threshold}


def _size_histogram(con) -> pd.DataFrame:
    return con.execute(
        """SELECT size AS "mentions per individual", count(*) AS individuals
        FROM (SELECT cluster_id, count(*) AS size FROM clusters GROUP BY cluster_id)
        GROUP BY size ORDER BY size""").df()


def _individuals(con, run: Path) -> None:
    """View `individuals` (individuals.csv; empty when the run has none) for names in the tables."""
    path = run / "individuals.csv"
    con.execute(f"CREATE VIEW individuals AS SELECT * FROM read_csv({quote_literal(path)}, header=true, "
                "all_varchar=true)" if path.exists() else
                "CREATE VIEW individuals AS SELECT NULL::VARCHAR AS cluster_id, NULL::VARCHAR AS surname, "
                "NULL::VARCHAR AS first_name, NULL::VARCHAR AS patronymic, NULL::VARCHAR AS surname_latin, "
                "NULL::VARCHAR AS first_name_latin, NULL::VARCHAR AS region_canonical WHERE false")


# An individual's name in the tables: Cyrillic (as canonical.py chose it), then Latin.
NAME_SQL = """concat_ws(' ', i.surname, i.first_name, i.patronymic) AS name,
    concat_ws(' ', i.surname_latin, i.first_name_latin) AS latin"""


def _largest(con) -> pd.DataFrame:
    return con.execute(
        f"""SELECT s.cluster_id, s.size AS mentions, {NAME_SQL}
        FROM (SELECT cluster_id, count(*) AS size FROM clusters GROUP BY cluster_id) s
        LEFT JOIN individuals i USING (cluster_id)
        WHERE s.size > 1 ORDER BY s.size DESC, s.cluster_id LIMIT {LARGEST}""").df()


def _cluster_quality(con) -> None:
    """Table cluster_quality: per cluster its size, the scored pairs inside it and their lowest
    and mean match weight (with the weakest pair), and how many merges with another group the
    clustering refused for it (cannot-links and weak bridges it resolved)."""
    con.execute(
        """CREATE OR REPLACE TABLE cluster_quality AS
        WITH sizes AS (SELECT cluster_id, count(*) AS size FROM clusters GROUP BY cluster_id),
        inside AS (
            SELECT cl.cluster_id, count(*) AS scored_pairs, min(p.match_weight) AS min_match_weight,
                   avg(p.match_weight) AS mean_match_weight,
                   arg_min(p.record_id_l || ' — ' || p.record_id_r, p.match_weight) AS weakest_pair
            FROM pairs p JOIN clusters cl ON cl.record_id = p.record_id_l
            JOIN clusters cr ON cr.record_id = p.record_id_r AND cr.cluster_id = cl.cluster_id
            GROUP BY cl.cluster_id),
        refusals AS (
            SELECT c.cluster_id, count(*) AS refused_merges
            FROM (SELECT record_id_l AS record_id FROM refused
                  UNION ALL SELECT record_id_r FROM refused) r
            JOIN clusters c USING (record_id) GROUP BY c.cluster_id)
        SELECT s.cluster_id, s.size, coalesce(i.scored_pairs, 0) AS scored_pairs,
               round(i.min_match_weight, 3) AS min_match_weight,
               round(i.mean_match_weight, 3) AS mean_match_weight, i.weakest_pair,
               coalesce(r.refused_merges, 0) AS refused_merges
        FROM sizes s LEFT JOIN inside i USING (cluster_id) LEFT JOIN refusals r USING (cluster_id)
        ORDER BY s.cluster_id""")


def _weakest(con) -> pd.DataFrame:
    """Multi-mention clusters by their lowest internal pair weight: the audit queue."""
    return con.execute(
        f"""SELECT q.cluster_id, {NAME_SQL}, q.size AS mentions, q.scored_pairs AS "scored pairs inside",
               q.min_match_weight AS "lowest weight", q.mean_match_weight AS "mean weight",
               q.weakest_pair AS "weakest pair", q.refused_merges AS "refused merges"
        FROM cluster_quality q LEFT JOIN individuals i USING (cluster_id) WHERE q.size > 1 AND q.scored_pairs > 0
        ORDER BY q.min_match_weight, q.cluster_id LIMIT {AUDIT_QUEUE}""").df()


def _households(run: Path, con) -> str:
    path = run / "households.csv"
    if not path.exists():
        return "<p class='muted'>No households.csv in this run.</p>"
    frame = con.execute(f"""SELECT household_id, any_value(size) AS size,
            string_agg(DISTINCT relation, ';') AS relations
        FROM read_csv({quote_literal(path)}, header=true, all_varchar=true) GROUP BY household_id""").df()
    if frame.empty:
        return "<p>No multi-loss households were found.</p>"
    sizes = frame.groupby("size").size().reset_index(name="households")
    sizes.columns = ["individuals in the household", "households"]
    named = con.execute(
        f"""SELECT h.household_id, CAST(any_value(h.size) AS INTEGER) AS size,
               string_agg(concat_ws(' ', i.surname, i.first_name, i.patronymic) || ' (' || h.relation || ')',
                          '; ' ORDER BY i.birth_date NULLS LAST, h.individual) AS members,
               string_agg(DISTINCT i.region_canonical, '; ') AS region
        FROM read_csv({quote_literal(path)}, header=true, all_varchar=true) h
        LEFT JOIN individuals i ON i.cluster_id = h.individual
        GROUP BY h.household_id ORDER BY size DESC, h.household_id LIMIT {AUDIT_QUEUE}""").df()
    return (f"<p>{len(frame):,} households with more than one loss.</p>"
            + html_table(sizes, table_id="households")
            + f"<p>The {len(named)} largest, by name:</p>" + html_table(named, table_id="household-list"))


def _charts(histogram: pd.DataFrame, con, threshold_weight: float) -> str:
    import altair as alt

    sizes = alt.Chart(histogram).mark_bar().encode(
        x=alt.X("mentions per individual:O"),
        y=alt.Y("individuals:Q", scale=alt.Scale(type="symlog"), title="individuals (log scale)"),
    ).properties(width=360, height=240, title="Cluster sizes")
    weights = con.execute(
        """SELECT floor(match_weight) AS weight, count(*) AS pairs FROM pairs GROUP BY 1 ORDER BY 1""").df()
    bars = alt.Chart(weights).mark_bar().encode(
        x=alt.X("weight:Q", bin=alt.Bin(binned=True, step=1), title="match weight"),
        x2="weight_end:Q", y=alt.Y("pairs:Q", scale=alt.Scale(type="symlog"), title="pairs (log scale)"),
    ).transform_calculate(weight_end="datum.weight + 1")
    rule = alt.Chart(pd.DataFrame({"threshold": [threshold_weight]})).mark_rule(
        color="#d62728", strokeWidth=2).encode(x="threshold:Q")
    weight_chart = (bars + rule).properties(width=360, height=240,
                                            title="Scored pairs by match weight (red: threshold)")
    return (f'<div class="charts"><figure id="chart-sizes">{svg_chart(sizes)}</figure>'
            f'<figure id="chart-weights">{svg_chart(weight_chart)}</figure></div>')


def _links(run: Path) -> str:
    found = [(f, label) for f, label in CHART_LINKS if (run / f).exists()]
    if not found:
        return ("<p class='muted'>No tuning charts yet: <code>linkage tune RUN</code> writes the "
                "match-weight and m/u charts (and, with <code>--labels</code>, the scores by threshold).</p>")
    return "<ul>" + "".join(f'<li><a href="{html.escape(f)}">{html.escape(label)}</a></li>'
                            for f, label in found) + "</ul>"


# ---- the page -----------------------------------------------------------------------------------

def write_report(run_dir: Path, name: str | None = None) -> Path:
    """Write RUN/report.html from the run folder's artefacts; returns its path. `name` is the
    run's own name when the folder is still the staging copy that will be renamed to it."""
    from linkage.clustering import probability_to_weight

    run = Path(run_dir)
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    threshold = float(manifest["parameters"]["threshold"])
    con = duckdb.connect()
    try:
        con.execute(f"""CREATE VIEW clusters AS SELECT record_id, cluster_id FROM
            read_csv({quote_literal(run / 'clusters.csv')}, header=true, all_varchar=true)""")
        con.execute(f"CREATE VIEW pairs AS SELECT * FROM read_parquet({quote_literal(run / 'pairs.parquet')})")
        con.execute(f"""CREATE VIEW refused AS SELECT * FROM
            read_csv({quote_literal(run / 'refused.csv')}, header=true, all_varchar=true)""")
        _individuals(con, run)
        _cluster_quality(con)
        con.execute("COPY cluster_quality TO ? (HEADER, DELIMITER ',')", [str(run / "cluster_quality.csv")])
        pairs = _pairs_summary(con, threshold)
        histogram = _size_histogram(con)
        params = manifest["parameters"]
        intro = (
            f"<p>Input <code>{html.escape(manifest['input']['path'])}</code> "
            f"(sha256 {manifest['input']['sha256'][:12]}…); model spec <code>{html.escape(params['spec'])}</code>, "
            f"clustering <code>{html.escape(params['method'])}</code> at match probability "
            f"{threshold:g} (match weight {probability_to_weight(threshold):.2f}); "
            f"linkage {html.escape(manifest.get('linkage_version', '?'))}, "
            f"Splink {html.escape(manifest.get('splink_version', '?'))}.</p>")
        queue = ("<p>Multi-mention individuals whose lowest scored pair inside is weakest; audit them "
                 "first: <code>linkage audit RUN --cluster ID</code>, or browse and decide in "
                 "<code>linkage serve RUN</code>.</p>")
        body = [
            intro,
            "<h2>Counts per stage</h2>", html_table(_counts(manifest, pairs), table_id="counts"),
            "<h2>Pairs and clusters</h2>", _charts(histogram, con, probability_to_weight(threshold)),
            html_table(histogram, table_id="cluster-sizes"),
            "<h2>Largest clusters</h2>", html_table(_largest(con), table_id="largest"),
            "<h2>Weakest clusters: the audit queue</h2>",
            queue, html_table(_weakest(con), table_id="weakest"),
            "<h2>Households</h2>", _households(run, con),
            "<h2>Charts</h2>", _links(run),
        ]
    finally:
        con.close()
    path = run / "report.html"
    write_text(path, html_page(f"linkage run: {name or run.name}", "\n".join(body)))
    return path
