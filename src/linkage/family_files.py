"""The family graph's files: family.graphml (GraphML, written directly) and households.csv.

Reads a networkx Graph of individuals and family links (linkage.family.build_graph); households
are the connected components of the links, each member with its roles there.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from operator import itemgetter
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
OPENING = {"node": "<node id={}>", "edge": "<edge source={} target={}>"}  # each item's ends: its ids
_QUOTED = ("&", "<", ">", '"', "\n", "\r", "\t")  # what quoteattr changes besides adding the quotes


def _groups(items: list[dict]) -> dict[tuple, list[int]]:
    """The items' indexes by their attributes' names in order, each group where first met."""
    groups: dict[tuple, list[int]] = {}
    for i, attrs in enumerate(items):
        groups.setdefault(tuple(attrs), []).append(i)
    return groups


def _keys(groups: dict[str, tuple[list[dict], dict]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, attribute) -> (key id, GraphML type): ids d0, d1, ... in the order the attributes
    are first met (nodes, then edges), each typed by its first value. An attribute is first met
    where a group of its names is (_groups), so the groups' first items say it."""
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, (items, by_names) in groups.items():
        for names, index in by_names.items():
            for name in names:
                if (kind, name) not in keys:
                    keys[kind, name] = (f"d{len(keys)}", _graphml_type(items[index[0]][name]))
    return keys


def _texts(values: list) -> list[str]:
    """The values as GraphML text (booleans lower case), escaped; a column at a time, each
    value escaped only where some value of the column needs it."""
    types = set(map(type, values))
    texts = values if types == {str} else [str(v).lower() if v is True or v is False else str(v) for v in values]
    joined = "".join(texts)
    return [t.translate(_ESCAPE) for t in texts] if any(c in joined for c in "&<>") else texts


def _quoted(values: list) -> list[str]:
    """quoteattr of each value's str, a column at a time."""
    texts = list(map(str, values))
    joined = "".join(texts)
    return list(map(quoteattr, texts)) if any(c in joined for c in _QUOTED) else [f'"{t}"' for t in texts]


def _elements(element: str, ends: list[list[str]], tags: dict[str, str], items: list[dict],
              by_names: dict[tuple, list[int]]) -> list[str]:
    """Each item as an <element> line: its ends (quoted ids: `ends`, a column per attribute of
    OPENING's tag) and its <data> elements in its attributes' order. Built per group of
    items with the same attributes, a column at a time, one format per line (a string per value
    had taken 1.7 s of the family stage at 200k mentions)."""
    out = [""] * len(items)
    for names, index in by_names.items():
        template = OPENING[element] + "".join(f"{tags[name]}{{}}</data>" for name in names) + f"</{element}>"
        grouped = list(map(items.__getitem__, index))
        columns = [[column[i] for i in index] for column in ends]
        columns += [_texts(list(map(itemgetter(name), grouped))) for name in names]
        for i, line in zip(index, map(template.format, *columns)):
            out[i] = line
    return out


def graphml(graph: nx.Graph) -> str:
    """The graph as GraphML (networkx, Gephi and Cytoscape read it); absent attributes left out.

    Written directly: networkx's ElementTree writer took 4 s of the family stage at 200k; the
    elements are made a column at a time (_elements), the keys' opening tags once per attribute.
    """
    nodes, node_attrs = zip(*graph.nodes(data=True)) if graph.number_of_nodes() else ((), ())
    sources, targets, edge_attrs = zip(*graph.edges(data=True)) if graph.number_of_edges() else ((), (), ())
    groups = {"node": (node_attrs, _groups(node_attrs)), "edge": (edge_attrs, _groups(edge_attrs))}
    keys = _keys(groups)
    opening = {kind: {name: f'<data key="{key}">' for (k, name), (key, _) in keys.items() if k == kind}
               for kind in ("node", "edge")}
    ends = {"node": [_quoted(nodes)], "edge": [_quoted(sources), _quoted(targets)]}
    return "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        *(f'<key id="{key}" for="{kind}" attr.name={quoteattr(name)} attr.type="{type_}"/>'
          for (kind, name), (key, type_) in keys.items()),
        '<graph edgedefault="undirected">',
        *_elements("node", ends["node"], opening["node"], *groups["node"]),
        *_elements("edge", ends["edge"], opening["edge"], *groups["edge"]),
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
