"""Bar charts as inline SVG, for the run report: bars on a log-like scale, an optional red rule.

Hand-written rather than altair + vl-convert because the report's two bar charts cost those
libraries about a second per run (altair's import and vl-convert's JavaScript engine starting):
a fifth of a 1,000-row dedupe. Charts with more than bars (tune, estimate, the workbench) keep
altair (pages.svg_chart).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

WIDTH, HEIGHT = 360, 240  # the plot area, as the altair charts had it
LEFT, BOTTOM, TOP, RIGHT = 56, 40, 28, 12
BAR, RULE, AXIS = "#4c78a8", "#d62728", "#888"


def _symlog(value: float) -> float:
    """Vega's symlog scale (constant 1): linear near 0, logarithmic beyond; 0 stays 0."""
    return math.copysign(math.log1p(abs(value)), value)


def _ticks(top: float) -> list[int]:
    """Powers of ten up to `top` (0, 1, 10, 100, ...), the marks a log axis is read by."""
    out, tick = [0], 1
    while tick <= max(top, 1):
        out.append(tick)
        tick *= 10
    return out


def bar_chart(x: Sequence, y: Sequence[float], title: str, x_title: str, y_title: str,
              rule_at: float | None = None, numeric_x: bool = False) -> str:
    """An SVG bar chart: one bar per x (categories in order, or unit-wide bins [x, x+1) when
    `numeric_x`), heights on a symlog scale, and a red vertical rule at `rule_at` (numeric x only)."""
    y = [float(v) for v in y]
    top = _symlog(max(y, default=1.0)) or 1.0
    if numeric_x and len(x):
        ends = [*x, *([rule_at] if rule_at is not None else [])]
        lo, hi = min(ends), max(ends) + 1
        span = [(WIDTH * (v - lo) / (hi - lo), WIDTH / (hi - lo)) for v in x]
    else:
        step = WIDTH / max(len(x), 1)
        span = [(i * step + step * 0.1, step * 0.8) for i in range(len(x))]
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH + LEFT + RIGHT}" '
             f'height="{HEIGHT + TOP + BOTTOM}" font-family="sans-serif" font-size="10">'),
             (f'<text x="{LEFT + WIDTH / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">'
             f'{html.escape(title)}</text>'), f'<g transform="translate({LEFT},{TOP})">']
    for tick in _ticks(max(y, default=1.0)):
        ty = HEIGHT - HEIGHT * _symlog(tick) / top
        parts.append(f'<line x1="0" x2="{WIDTH}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#ddd"/>'
                     f'<text x="-4" y="{ty + 3:.1f}" text-anchor="end">{tick:,}</text>')
    for (left, width), value, label in zip(span, y, x):
        h = HEIGHT * _symlog(value) / top
        parts.append(f'<rect x="{left:.1f}" y="{HEIGHT - h:.1f}" width="{max(width - 1, 1):.1f}" height="{h:.1f}" '
                     f'fill="{BAR}"><title>{html.escape(str(label))}: {value:,.0f}</title></rect>')
        if not numeric_x or float(label) % 5 == 0:
            parts.append(f'<text x="{left + width / 2:.1f}" y="{HEIGHT + 12}" text-anchor="middle">'
                         f'{html.escape(str(label))}</text>')
    if rule_at is not None and numeric_x and len(x):
        rx = WIDTH * (rule_at - lo) / (hi - lo)
        parts.append(f'<line x1="{rx:.1f}" x2="{rx:.1f}" y1="0" y2="{HEIGHT}" stroke="{RULE}" stroke-width="2"/>')
    parts.append(f'<line x1="0" x2="{WIDTH}" y1="{HEIGHT}" y2="{HEIGHT}" stroke="{AXIS}"/>'
                 f'<text x="{WIDTH / 2}" y="{HEIGHT + 30}" text-anchor="middle">{html.escape(x_title)}</text>'
                 f'<text transform="translate(-44,{HEIGHT / 2}) rotate(-90)" text-anchor="middle">'
                 f'{html.escape(y_title)}</text></g></svg>')
    return "".join(parts)
