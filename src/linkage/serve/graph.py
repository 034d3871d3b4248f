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


def household_svg(members: list[dict], links: list[dict]) -> str:
    """The household as inline SVG: one box per member (name, dates), generations top to bottom,
    lines coloured by relation and labelled with their confidence. Every text escaped."""
    ids = [m["cluster_id"] for m in members]
    level = _generations(ids, links)
    rows: dict[int, list[str]] = {}
    for m in members:
        rows.setdefault(level[m["cluster_id"]], []).append(m["cluster_id"])
    width, box_w, box_h, gap_y = max(len(r) for r in rows.values()) * 230 + 20, 210, 54, 110
    where = {}
    for depth, row in rows.items():
        offset = (width - len(row) * 230) / 2 + 10
        for i, node in enumerate(row):
            where[node] = (offset + i * 230, 20 + depth * gap_y)
    height = 20 + (max(rows) + 1) * gap_y
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" '
            f'viewBox="0 0 {width:.0f} {height}" role="img" aria-label="family graph" id="family-graph">')]
    for link in links:
        (xa, ya), (xb, yb) = where[link["individual"]], where[link["other"]]
        colour = COLOURS.get(link["role"] if link["role"] == "twin" else link["relation"], "#555")
        ax, ay, bx, by = xa + box_w / 2, ya + box_h / 2, xb + box_w / 2, yb + box_h / 2
        out.append(f'<line x1="{ax:.0f}" y1="{ay:.0f}" x2="{bx:.0f}" y2="{by:.0f}" stroke="{colour}" '
                   f'stroke-width="2"/>')
        label = f"{link['relation'].replace('_', '–')} {link['confidence']:.2f}" \
            if link.get("confidence") is not None else link["relation"]
        out.append(f'<text x="{(ax + bx) / 2:.0f}" y="{(ay + by) / 2 - 4:.0f}" font-size="11" '
                   f'text-anchor="middle" fill="{colour}">{html.escape(label)}</text>')
    for m in members:
        x, y = where[m["cluster_id"]]
        name = " ".join(p for p in (m.get("surname"), m.get("first_name")) if p)
        dates = f"{m.get('birth_date') or '?'} – {m.get('death_date') or '?'}"
        out.append(f'<a href="/individual/{html.escape(m["cluster_id"], quote=True)}">'
                   f'<rect x="{x:.0f}" y="{y:.0f}" width="{box_w}" height="{box_h}" rx="6" '
                   f'fill="#fff" stroke="#333"/>'
                   f'<text x="{x + 8:.0f}" y="{y + 20:.0f}" font-size="13">{html.escape(name)}</text>'
                   f'<text x="{x + 8:.0f}" y="{y + 40:.0f}" font-size="11" fill="#555">'
                   f'{html.escape(dates)}</text></a>')
    out.append("</svg>")
    return "".join(out)
