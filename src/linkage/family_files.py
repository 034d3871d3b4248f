"""The family graph's files: family.graphml (GraphML, written directly) and households.csv.

Reads a networkx Graph of individuals and family links (linkage.family.build_graph); households
are the connected components of the links, each member with its roles there.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import quoteattr

import networkx as nx

from linkage import schema
from linkage.runfolder import write_text
from linkage.schema import HOUSEHOLD_COLUMNS
from linkage.spreadsheet import safe_text


def _role(graph: nx.Graph, node, other) -> str:
    """What `node` is to `other`: sibling, twin, parent or child."""
    edge = graph.edges[node, other]
    if edge["relation"] == "parent_child":
        return "parent" if edge["parent"] == node else "child"
    return "twin" if edge["twins"] else "sibling"


def households(graph: nx.Graph) -> list[dict]:
    """One row per individual in a multi-loss household: the household, its roles there, the size."""
    rows = []
    for component in sorted(sorted(c) for c in nx.connected_components(graph) if len(c) > 1):
        for node in component:
            roles = sorted({_role(graph, node, other) for other in graph[node]})
            rows.append({"household_id": f"h-{component[0]}", "individual": node,
                         "relation": ";".join(roles), "size": len(component)})
    return rows


def _graphml_type(value) -> str:
    for kind, name in ((bool, "boolean"), (int, "long"), (float, "double")):
        if isinstance(value, kind):
            return name
    return "string"


# xml.sax.saxutils.escape's three replacements in one pass
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _keys(graph: nx.Graph) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, attribute) -> (key id, GraphML type): ids d0, d1, ... in the order the attributes
    are first met (nodes, then edges), each typed by its first value."""
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, items in (("node", graph.nodes(data=True)), ("edge", graph.edges(data=True))):
        for *_, attrs in items:
            for name, value in attrs.items():
                if (kind, name) not in keys:
                    keys[kind, name] = (f"d{len(keys)}", _graphml_type(value))
    return keys


def graphml(graph: nx.Graph) -> str:
    """The graph as GraphML (networkx, Gephi and Cytoscape read it); absent attributes left out.

    Written directly: networkx's ElementTree writer took 4 s of the family stage at 200k; each
    element is one f-string, with the keys' opening tags made once per attribute, not per value.
    """
    keys = _keys(graph)
    opening = {kind: {name: f'<data key="{key}">' for (k, name), (key, _) in keys.items() if k == kind}
               for kind in ("node", "edge")}

    def data(kind: str, attrs: dict) -> str:
        tags = opening[kind]
        return "".join([f"{tags[name]}{(str(v).lower() if v is True or v is False else str(v)).translate(_ESCAPE)}"
                        "</data>" for name, v in attrs.items()])

    return "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        *(f'<key id="{key}" for="{kind}" attr.name={quoteattr(name)} attr.type="{type_}"/>'
          for (kind, name), (key, type_) in keys.items()),
        '<graph edgedefault="undirected">',
        *(f"<node id={quoteattr(str(n))}>{data('node', a)}</node>" for n, a in graph.nodes(data=True)),
        *(f"<edge source={quoteattr(str(u))} target={quoteattr(str(v))}>{data('edge', a)}</edge>"
          for u, v, a in graph.edges(data=True)),
        "</graph>", "</graphml>", ""])


def write_family(graph: nx.Graph, out: Path) -> dict:
    """family.graphml and households.csv into out; returns the household size distribution."""
    write_text(out / schema.FAMILY_GRAPH, graphml(graph))
    rows = households(graph)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HOUSEHOLD_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_text(v) for k, v in row.items()} for row in rows)
    write_text(out / schema.HOUSEHOLDS, buffer.getvalue())
    sizes = Counter({r["household_id"]: r["size"] for r in rows}.values())
    return {"households": sum(sizes.values()), "size_distribution": dict(sorted(sizes.items())),
            "links": graph.number_of_edges(), "learned": learned_summary(graph.graph.get("learned", {}))}


def learned_summary(learned: dict) -> dict:
    """Per relation, what the family model learned from the list (KIN, the expected kin pairs
    among the candidates, each level's share of kin pairs), or "spec" where the spec's values
    stood (too few kin pairs to tell)."""
    return {relation: "spec" if found is None else {
        "kin": round(found.kin, 5), "kin_pairs": round(found.kin_pairs, 1), "candidates": found.candidates,
        "kin_share_by_level": {f"{f}:{level}": round(v, 4) for (f, level), v in sorted(found.factors.items())}}
        for relation, found in learned.items()}
