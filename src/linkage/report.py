"""The run report: one self-contained HTML page a person reads after a run.

Reads the run folder through runs.Run (manifest, clusters, pairs, refusals), individuals.csv
and households.csv when present, and links the charts `linkage tune` writes; writes
RUN/report.html and, through cluster_quality.py, RUN/cluster_quality.csv. The HTML toolkit is
pages.py: charts are inline SVG (rendered by vl-convert), so the page needs no script and no
network to render.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from linkage import schema
from linkage.cluster_quality import write_cluster_quality
from linkage.database import file_literal
from linkage.pages import html_page, html_table, svg_chart  # noqa: F401 (estimate imports it from here)
from linkage.runfolder import write_text
from linkage.runs import Run
from linkage.svgbars import bar_chart
from linkage.weights import probability_to_weight

LARGEST = 10
AUDIT_QUEUE = 20
CHART_LINKS = (
    ("thresholds.html", "Scores or cluster counts by threshold (linkage tune)"),
    ("thresholds.png", "The same chart as an image"),
    ("match_weights_chart.html", "The model's match weights per comparison level (Splink)"),
    ("m_u_parameters_chart.html", "The model's m and u probabilities (Splink)"),
    ("estimate.html", "How many no list names: multiple-systems estimate (linkage estimate)"),
)
# ---- the sections -------------------------------------------------------------------------------

# Merges and splits first: they are what a reviewer of a release checks before publishing it.
_REVIEW_ORDER = ("merged", "split", "retired", "new", "grown", "unchanged-but-reviewed")


def _release(run: Run, manifest: dict) -> list[str]:
    """The release's changes, merges and splits first (changes.csv); nothing for a run without."""
    if not run.has(schema.CHANGES) or manifest.get("release", {}).get("number", 1) < 2:
        return []
    changes = pd.read_csv(run.file(schema.CHANGES), dtype=str, keep_default_na=False)
    counts = changes["change"].value_counts()
    summary = pd.DataFrame({"change": [k for k in _REVIEW_ORDER if k in counts],
                            "individuals": [int(counts[k]) for k in _REVIEW_ORDER if k in counts]})
    review = changes[changes["change"].isin(("merged", "split"))].head(AUDIT_QUEUE)
    return [f"<h2>This release: number {manifest['release']['number']}</h2>",
            html_table(summary, table_id="release"),
            ("<p>Merges and splits to review first (changes.csv lists every change; "
             "redirects.csv where each retired id leads).</p>"),
            html_table(review, table_id="release-review")]

def _counts(manifest: dict, pairs: dict, floor: float) -> pd.DataFrame:
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
        ("score", f"scored pairs kept (p ≥ {floor:g})", pairs["kept"]),
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
    path = run / schema.INDIVIDUALS
    con.execute(f"CREATE VIEW individuals AS SELECT * FROM read_csv({file_literal(path)}, header=true, "
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


def _weakest(con) -> pd.DataFrame:
    """Multi-mention clusters by their lowest internal pair weight: the audit queue."""
    return con.execute(
        f"""SELECT q.cluster_id, {NAME_SQL}, q.size AS mentions, q.scored_pairs AS "scored pairs inside",
               q.min_match_weight AS "lowest weight", q.mean_match_weight AS "mean weight",
               q.weakest_pair AS "weakest pair", q.refused_merges AS "refused merges"
        FROM cluster_quality q LEFT JOIN individuals i USING (cluster_id) WHERE q.size > 1 AND q.scored_pairs > 0
        ORDER BY q.min_match_weight, q.cluster_id LIMIT {AUDIT_QUEUE}""").df()


def _households(run: Path, con) -> str:
    path = run / schema.HOUSEHOLDS
    if not path.exists():
        return f"<p class='muted'>No {schema.HOUSEHOLDS} in this run.</p>"
    frame = con.execute(f"""SELECT household_id, any_value(size) AS size,
            string_agg(DISTINCT relation, ';') AS relations
        FROM read_csv({file_literal(path)}, header=true, all_varchar=true) GROUP BY household_id""").df()
    if frame.empty:
        return "<p>No multi-loss households were found.</p>"
    sizes = frame.groupby("size").size().reset_index(name="households")
    sizes.columns = ["individuals in the household", "households"]
    named = con.execute(
        f"""SELECT h.household_id, CAST(any_value(h.size) AS INTEGER) AS size,
               string_agg(concat_ws(' ', i.surname, i.first_name, i.patronymic) || ' (' || h.relation || ')',
                          '; ' ORDER BY i.birth_date NULLS LAST, h.individual) AS members,
               string_agg(DISTINCT i.region_canonical, '; ') AS region
        FROM read_csv({file_literal(path)}, header=true, all_varchar=true) h
        LEFT JOIN individuals i ON i.cluster_id = h.individual
        GROUP BY h.household_id ORDER BY size DESC, h.household_id LIMIT {AUDIT_QUEUE}""").df()
    return (f"<p>{len(frame):,} households with more than one loss.</p>"
            + html_table(sizes, table_id="households")
            + f"<p>The {len(named)} largest, by name:</p>" + html_table(named, table_id="household-list"))


def _charts(histogram: pd.DataFrame, con, threshold_weight: float) -> str:
    """Cluster sizes and scored pairs by match weight (red: the threshold), as inline SVG."""
    sizes = bar_chart(histogram["mentions per individual"].tolist(), histogram["individuals"].tolist(),
                      "Cluster sizes", "mentions per individual", "individuals (log scale)")
    weights = con.execute(
        """SELECT floor(match_weight)::INTEGER AS weight, count(*) AS pairs FROM pairs GROUP BY 1 ORDER BY 1""").df()
    weight_chart = bar_chart(weights["weight"].tolist(), weights["pairs"].tolist(),
                             "Scored pairs by match weight (red: threshold)", "match weight", "pairs (log scale)",
                             rule_at=threshold_weight, numeric_x=True)
    return (f'<div class="charts"><figure id="chart-sizes">{sizes}</figure>'
            f'<figure id="chart-weights">{weight_chart}</figure></div>')


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
    saved = Run(run_dir)
    run, manifest, threshold, con = saved.path, saved.manifest, saved.threshold, saved.con
    try:
        _individuals(con, run)
        write_cluster_quality(con, run)
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
            *_release(saved, manifest),
            intro,
            "<h2>Counts per stage</h2>", html_table(_counts(manifest, pairs, saved.spec.scoring.pairs_floor), table_id="counts"),
            "<h2>Pairs and clusters</h2>", _charts(histogram, con, probability_to_weight(threshold)),
            html_table(histogram, table_id="cluster-sizes"),
            "<h2>Largest clusters</h2>", html_table(_largest(con), table_id="largest"),
            "<h2>Weakest clusters: the audit queue</h2>",
            queue, html_table(_weakest(con), table_id="weakest"),
            "<h2>Households</h2>", _households(run, con),
            "<h2>Charts</h2>", _links(run),
        ]
    finally:
        saved.close()
    path = run / schema.REPORT
    write_text(path, html_page(f"linkage run: {name or run.name}", "\n".join(body)))
    return path
