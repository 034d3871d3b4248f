"""The family graph for the workbench: the links from family.graphml, and a household drawn as SVG.

read_links reads RUN/family.graphml (written by linkage.family_files, one element per line: the
edges are parsed and the many node lines skipped, so a 1M-mention run's file reads in about a
second; another writer's layout goes through networkx). household_svg returns inline SVG text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from urllib.parse import quote

_KEY = re.compile(r'<key id="([^"]+)" for="edge" attr\.name="([^"]+)"')
COLOURS = {"parent_child": "#1f77b4", "sibling": "#2ca02c", "twin": "#9467bd"}


def _roles(relation: str, twins: bool, parent: str | None, a: str) -> tuple[str, str]:
    """(what b is to a, what a is to b)."""
    if relation == "parent_child":
        return ("child", "parent") if parent == a else ("parent", "child")
    role = "twin" if twins else "sibling"
    return role, role


def _link(a: str, b: str, attrs: dict) -> tuple:
    twins = str(attrs.get("twins", "")).lower() == "true"
    relation = attrs.get("relation", "")
    confidence = attrs.get("confidence")
    return (a, b, relation, _roles(relation, twins, attrs.get("parent"), a),
            float(confidence) if confidence not in (None, "") else None, attrs.get("evidence"))


def read_links(path: Path) -> list[tuple]:
    """(a, b, relation, (b's role to a, a's role to b), confidence, evidence) per family link."""
    path = Path(path)
    if not path.exists():
        return []
    keys, links, edges_seen = {}, [], False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("<node"):
                continue
            if line.startswith("<key"):
                found = _KEY.match(line)
                if found:
                    keys[found.group(1)] = found.group(2)
            elif line.startswith("<edge"):
                edges_seen = True
                edge = ET.fromstring(line)
                attrs = {keys.get(d.get("key"), d.get("key")): d.text or "" for d in edge}
                links.append(_link(edge.get("source"), edge.get("target"), attrs))
            elif "<edge" in line and not edges_seen:
                return _read_with_networkx(path)
    return links


def _read_with_networkx(path: Path) -> list[tuple]:
    import networkx as nx

    graph = nx.read_graphml(path)
    return [_link(str(a), str(b), {k: str(v) for k, v in d.items()}) for a, b, d in graph.edges(data=True)]


# ---- drawing a household ------------------------------------------------------------------------

def _generations(members: list[str], links: list[dict]) -> dict[str, int]:
    """A generation per member: a child one below its parent, siblings level (breadth first)."""
    step = {m: [] for m in members}
    for link in links:
        a, b = link["individual"], link["other"]
        delta = {"child": 1, "parent": -1}.get(link["role"], 0)  # what b is to a
        step[a].append((b, delta))
        step[b].append((a, -delta))
    level: dict[str, int] = {}
    for start in members:
        if start in level:
            continue
        level[start], todo = 0, deque([start])
        while todo:
            node = todo.popleft()
            for other, delta in step[node]:
                if other not in level:
                    level[other] = level[node] + delta
                    todo.append(other)
    low = min(level.values(), default=0)
    return {m: level[m] - low for m in members}


BOX_W, BOX_H, STEP_X, STEP_Y, TOP = 200, 54, 270, 130, 50


def _layout(members: list[dict], links: list[dict]) -> dict[str, tuple[float, float]]:
    """Top-left corner per member: generations top to bottom, each row centred, oldest first."""
    level = _generations([m["cluster_id"] for m in members], links)
    rows: dict[int, list[str]] = {}
    for m in members:  # members come sorted by birth date
        rows.setdefault(level[m["cluster_id"]], []).append(m["cluster_id"])
    width = max(len(r) for r in rows.values()) * STEP_X
    return {node: ((width - len(row) * STEP_X) / 2 + 10 + i * STEP_X, TOP + depth * STEP_Y)
            for depth, row in rows.items() for i, node in enumerate(row)}


def _edge(link: dict, where: dict) -> str:
    """A line between generations; an arc over the boxes between members of one generation."""
    (xa, ya), (xb, yb) = where[link["individual"]], where[link["other"]]
    colour = COLOURS.get("twin" if link["role"] == "twin" else link["relation"], "#555")
    kind = link["relation"].replace("_", "–") if link["role"] != "twin" else "twins"
    confidence = link.get("confidence")
    label = f"{confidence:.2f}" if confidence is not None else ""
    title = f"{kind}, confidence {label}: {link.get('evidence') or ''}"
    ax, bx = xa + BOX_W / 2, xb + BOX_W / 2
    if ya == yb:
        peak = ya - 20 - abs(bx - ax) / STEP_X * 8
        path = f"M{ax:.0f},{ya:.0f} Q{(ax + bx) / 2:.0f},{2 * peak - ya:.0f} {bx:.0f},{yb:.0f}"
        tx, ty = (ax + bx) / 2, peak - 4
    else:
        (ax, ay), (bx, by) = ((ax, ya + BOX_H), (bx, yb)) if ya < yb else ((ax, ya), (bx, yb + BOX_H))
        path = f"M{ax:.0f},{ay:.0f} L{bx:.0f},{by:.0f}"
        tx, ty = ax + (bx - ax) * 0.65 + 14, ay + (by - ay) * 0.65  # nearer the child
    return (f'<g><title>{html.escape(title)}</title>'
            f'<path d="{path}" stroke="{colour}" stroke-width="2" fill="none"/>'
            f'<text x="{tx:.0f}" y="{ty:.0f}" font-size="11" text-anchor="middle" fill="{colour}">'
            f"{html.escape(label)}</text></g>")


def _legend(y: float) -> str:
    items = (("parent_child", "parent–child"), ("sibling", "siblings"), ("twin", "twins"))
    return "".join(f'<line x1="{10 + i * 120}" y1="{y:.0f}" x2="{40 + i * 120}" y2="{y:.0f}" '
                   f'stroke="{COLOURS[k]}" stroke-width="2"/>'
                   f'<text x="{46 + i * 120}" y="{y + 4:.0f}" font-size="11">{label}</text>'
                   for i, (k, label) in enumerate(items))


def household_svg(members: list[dict], links: list[dict]) -> str:
    """The household as inline SVG: one box per member (name, dates) linking to its page,
    generations top to bottom, links coloured by relation and labelled with their confidence.
    Every text escaped."""
    where = _layout(members, links)
    width = max(max(x for x, _ in where.values()) + BOX_W + 10, 380)
    height = max(y for _, y in where.values()) + BOX_H + 36
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="family graph">')]
    out += [_edge(link, where) for link in links] + [_legend(height - 12)]
    for m in members:
        x, y = where[m["cluster_id"]]
        name = " ".join(p for p in (m.get("surname"), m.get("first_name")) if p)
        dates = f"{m.get('birth_date') or '?'} – {m.get('death_date') or '?'}"
        out.append(f'<a href="/individual/{html.escape(quote(str(m["cluster_id"]), safe=""), quote=True)}">'
                   f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
                   f'fill="#fff" stroke="#333"/>'
                   f'<text x="{x + 8:.0f}" y="{y + 20:.0f}" font-size="13">{html.escape(name)}</text>'
                   f'<text x="{x + 8:.0f}" y="{y + 40:.0f}" font-size="11" fill="#555">'
                   f'{html.escape(dates)}</text></a>')
    out.append("</svg>")
    return "".join(out)
