"""HTML for self-contained pages (the run report, audit pages): escaped tables, a page with
its own style, altair charts as inline SVG; no script, no network.

Reads DataFrames and altair charts; returns HTML text (callers write it).
"""

from __future__ import annotations

import html
import io

import pandas as pd

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:70rem;
color:#222;padding:0 1rem}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
code{background:#f4f4f4;padding:0 .2rem}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.muted{color:#777}
"""



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


# Every page begins so: `audit --html` overwrites only a file that begins the same way.
HTML_START = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="generator" content="linkage">'


def html_page(title: str, body: str) -> str:
    return (f'{HTML_START}<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n")


def svg_chart(chart) -> str:
    """An altair chart as inline SVG (no script needed to show it)."""
    buffer = io.StringIO()
    chart.save(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]
