"""How an audit is shown: rich tables for the terminal, or one self-contained HTML page.

Reads a ClusterAudit or PairAudit; returns rich renderables or the page as a string (the CLI
writes it). Nothing here touches the run folder.
"""

from __future__ import annotations

import pandas as pd

from linkage.audit.cluster import ClusterAudit
from linkage.audit.pair import PairAudit
from linkage.weights import probability_to_weight, weight_to_probability


def _fmt(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.2g}"
    return str(value)


def _record_fields(records: pd.DataFrame) -> list[tuple[str, str]]:
    """(column, label) for the fields at least one record has: as printed, then normalised."""
    fields = []
    for column in records.columns:
        if column == "record_id" or records[column].isna().all():
            continue
        label = f"· {column[5:]}" if column.startswith("norm_") else column
        fields.append((column, label))
    return fields


def _header(audit: ClusterAudit) -> str:
    w = probability_to_weight(audit.threshold)
    return (f"Cluster {audit.cluster_id}: {len(audit.records)} record(s); the run clusters pairs at "
            f"p ≥ {audit.threshold:g} (match weight ≥ {w:.2f})")


def _weakest_text(audit: ClusterAudit) -> str:
    weak = audit.weakest
    if weak is None:
        return ("One record: nothing holds it together." if len(audit.records) == 1 else
                "Held together by reviewer links only.")
    sides = f"[{', '.join(weak['side_l'])}] and [{', '.join(weak['side_r'])}]"
    text = (f"Weakest link: {weak['record_l']} — {weak['record_r']}, match weight "
            f"{weak['match_weight']:.2f} (p {weak['match_probability']:.4f}). ")
    if weak["other_links_across"]:
        text += (f"Without it, and without the {weak['other_links_across']} other link(s) above "
                 f"the threshold across the same cut (none stronger: the strongest is "
                 f"{weak['strongest_other']:.2f}), the cluster splits into {sides}")
    else:
        text += f"Without it the cluster splits into {sides}"
    return text + "."


def render_cluster(audit: ClusterAudit) -> list:
    """Rich renderables for the terminal: records side by side, edges, weakest link, near misses."""
    from rich.table import Table
    from rich.text import Text

    out = [Text(_header(audit), style="bold")]
    records = Table(title="Records (· = normalised)", title_justify="left", show_lines=False)
    records.add_column("field", style="dim")
    for rid in audit.records.record_id:
        records.add_column(f"{rid} ◀" if rid == audit.focus else rid)
    for column, label in _record_fields(audit.records):
        records.add_row(Text(label), *(Text(_fmt(v)) for v in audit.records[column]))
    out.append(records)
    if len(audit.edges):
        edges = Table(title="Scored pairs inside the cluster", title_justify="left")
        for column in ("record", "record", "match weight", "probability", "≥ threshold"):
            edges.add_column(column, justify="right" if column[0] in "mp" else "left")
        for row in audit.edges.head(30).itertuples():
            edges.add_row(row.record_id_l, row.record_id_r, f"{row.match_weight:.2f}",
                          f"{row.match_probability:.4f}", "yes" if row.above_threshold else "no")
        if len(audit.edges) > 30:
            edges.caption = f"… and {len(audit.edges) - 30} more"
        out.append(edges)
    out.append(Text(_weakest_text(audit)))
    out.append(_near_table(audit.near_misses) if len(audit.near_misses) else
               Text("Near misses: no scored pair leaves this cluster."))
    out += [Text(f"Note: {n}") for n in audit.notes]
    return out


def _near_table(near: pd.DataFrame):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Near misses: scored pairs to records outside, strongest first",
                  title_justify="left")
    for column in ("inside", "outside", "its cluster", "match weight", "probability", "why not"):
        table.add_column(column, justify="right" if column[0] in "mp" else "left")
    for row in near.itertuples():
        table.add_row(Text(row.record_inside), Text(row.record_outside), Text(str(row.outside_cluster)),
                      f"{row.match_weight:.2f}", f"{row.match_probability:.4f}", Text(row.why_not))
    return table


def render_pair(audit: PairAudit) -> list:
    """Rich renderables: each comparison's level and partial match weight, then the verdict."""
    from rich.table import Table
    from rich.text import Text

    out = [Text(f"Pair {audit.record_l} — {audit.record_r}", style="bold")]
    if len(audit.contributions):
        table = Table(title="How the match weight adds up", title_justify="left")
        for column in ("comparison", "level", audit.record_l, audit.record_r, "weight"):
            table.add_column(column, justify="right" if column == "weight" else "left")
        for row in audit.contributions.itertuples():
            colour = "green" if row.match_weight > 0 else "red" if row.match_weight < 0 else "dim"
            style = "bold" if row.comparison == "total" else None
            table.add_row(Text(row.comparison), Text(row.level), Text(row.value_l),
                          Text(row.value_r), Text(f"{row.match_weight:+.2f}", style=colour),
                          style=style)
        out.append(table)
        out.append(Text(f"match weight {audit.match_weight:.2f} = probability "
                        f"{weight_to_probability(audit.match_weight):.4f}; the run's threshold is "
                        f"{audit.threshold:g}"))
    out.append(Text(audit.verdict, style="bold"))
    out += [Text(f"Note: {n}") for n in audit.notes]
    return out


def _p(text: str) -> str:
    import html

    return f"<p>{html.escape(text)}</p>"


def cluster_html(audit: ClusterAudit) -> str:
    """One self-contained page: the records, edges, weakest link, near misses, and the waterfall."""
    from linkage.pages import html_page, html_table

    side = pd.DataFrame({"field": [label for _, label in _record_fields(audit.records)]})
    for i, rid in enumerate(audit.records.record_id):
        side[f"{rid} ◀" if rid == audit.focus else rid] = [
            _fmt(audit.records[c].iloc[i]) for c, _ in _record_fields(audit.records)]
    parts = [_p(_header(audit)), "<h2>Records (· = normalised)</h2>", html_table(side, table_id="records"),
             "<h2>Scored pairs inside the cluster</h2>",
             html_table(audit.edges, table_id="edges") if len(audit.edges) else _p("None."),
             "<h2>Weakest link</h2>", _p(_weakest_text(audit)),
             "<h2>Near misses</h2>",
             html_table(audit.near_misses, table_id="near-misses") if len(audit.near_misses)
             else _p("No scored pair leaves this cluster.")]
    parts += [_p(f"Note: {n}") for n in audit.notes]
    if audit.chart:
        parts += ["<h2>Waterfall: the weakest link, then the near misses</h2>",
                  _p("Use the slider under the chart to step through the pairs."), audit.chart]
    return html_page(f"Audit of cluster {audit.cluster_id}", "\n".join(parts))


def pair_html(audit: PairAudit) -> str:
    """One self-contained page: the contributions table, the verdict, and Splink's waterfall."""
    from linkage.pages import html_page, html_table

    parts = []
    if len(audit.contributions):
        table = audit.contributions.rename(columns={"value_l": audit.record_l, "value_r": audit.record_r})
        parts += ["<h2>How the match weight adds up</h2>", html_table(table, table_id="contributions"),
                  _p(f"match weight {audit.match_weight:.2f} = probability "
                     f"{weight_to_probability(audit.match_weight):.4f}; the run's threshold is {audit.threshold:g}")]
    parts += ["<h2>Verdict</h2>", f"<p><strong>{_p(audit.verdict)[3:-4]}</strong></p>"]
    parts += [_p(f"Note: {n}") for n in audit.notes]
    if audit.chart:
        parts += ["<h2>Waterfall (Splink)</h2>", audit.chart]
    return html_page(f"Audit of pair {audit.record_l} — {audit.record_r}", "\n".join(parts))
