"""The family graph's files: family.graphml (GraphML, written directly) and households.csv.

Reads the DuckDB table `individuals` (the nodes, written a line each by SQL) and the family links
(family_chance.find_links: the edges); households are the connected components of the links,
each member with its roles there. graphml() writes a networkx Graph the same way
(family.build_graph's, for a reader who wants the graph in memory).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from operator import itemgetter
from pathlib import Path
from xml.sax.saxutils import quoteattr

import duckdb
import networkx as nx

from linkage import schema
from linkage.runfolder import atomic_writer, write_text
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


def _keys(groups: dict[str, tuple[list[dict], dict]], first: int = 0) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, attribute) -> (key id, GraphML type): ids d{first}, ... in the order the attributes
    are first met (nodes, then edges), each typed by its first value. An attribute is first met
    where a group of its names is (_groups), so the groups' first items say it."""
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, (items, by_names) in groups.items():
        for names, index in by_names.items():
            for name in names:
                if (kind, name) not in keys:
                    keys[kind, name] = (f"d{first + len(keys)}", _graphml_type(items[index[0]][name]))
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


def _opening(keys: dict, kind: str) -> dict[str, str]:
    return {name: f'<data key="{key}">' for (k, name), (key, _) in keys.items() if k == kind}


def _key_lines(keys: dict[tuple[str, str], tuple[str, str]]) -> list[str]:
    return [f'<key id="{key}" for="{kind}" attr.name={quoteattr(name)} attr.type="{type_}"/>'
            for (kind, name), (key, type_) in keys.items()]


_HEAD = ('<?xml version="1.0" encoding="utf-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">')
_GRAPH, _TAIL = '<graph edgedefault="undirected">', ("</graph>", "</graphml>", "")


def graphml(graph: nx.Graph) -> str:
    """The graph as GraphML (networkx, Gephi and Cytoscape read it); absent attributes left out.

    Written directly: networkx's ElementTree writer took 4 s of the family stage at 200k; the
    elements are made a column at a time (_elements), the keys' opening tags once per attribute.
    """
    nodes, node_attrs = zip(*graph.nodes(data=True)) if graph.number_of_nodes() else ((), ())
    groups = {"node": (node_attrs, _groups(node_attrs)), "edge": _edge_groups(graph)}
    keys = _keys(groups)
    return "\n".join([*_HEAD, *_key_lines(keys), _GRAPH,
                      *_elements("node", [_quoted(nodes)], _opening(keys, "node"), *groups["node"]),
                      *_edge_lines(graph, keys, groups["edge"]), *_TAIL])


def _edge_groups(graph: nx.Graph) -> tuple[list[dict], dict]:
    edge_attrs = [attrs for _, _, attrs in graph.edges(data=True)]
    return edge_attrs, _groups(edge_attrs)


def _edge_lines(graph: nx.Graph, keys: dict, groups: tuple[list[dict], dict]) -> list[str]:
    sources, targets = zip(*graph.edges()) if graph.number_of_edges() else ((), ())
    return _elements("edge", [_quoted(sources), _quoted(targets)], _opening(keys, "edge"), *groups)


# The individuals' fields a node carries: what a reader of the graph needs, not the provenance.
NODE_FIELDS = ("surname", "first_name", "patronymic", "surname_latin", "first_name_latin",
               "patronymic_latin", "birth_date", "death_date", "region_canonical", "n_mentions")
_SQL_TYPES = {"BOOLEAN": "boolean", "BIGINT": "long", "INTEGER": "long", "HUGEINT": "long", "DOUBLE": "double"}
# What quoteattr and _texts replace, as SQL: line breaks and tabs as character references (a
# reader may take the file a line at a time: serve/graph.py), the control characters XML forbids
# dropped.
_SQL_ESCAPES = (("'&'", "&amp;"), ("'<'", "&lt;"), ("'>'", "&gt;"), ("chr(10)", "&#10;"),
                ("chr(13)", "&#13;"), ("chr(9)", "&#9;"))


def _xml_sql(column: str, kind: str, attribute: bool = False) -> str:
    """SQL: a column's value as GraphML text, or (`attribute`) as a quoted attribute value."""
    text = f"CAST({column} AS VARCHAR)"
    text = f"lower({text})" if kind == "boolean" else text
    text = f"regexp_replace({text}, '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]', '', 'g')"
    for char, ref in (*_SQL_ESCAPES, *((("'\"'", "&quot;"),) if attribute else ())):
        text = f"replace({text}, {char}, '{ref}')"
    return f"""'"' || {text} || '"'""" if attribute else text


def _node_keys(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[str, str]]:
    """(node, field) -> (key id, GraphML type) for each field of NODE_FIELDS some individual has."""
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE individuals)").fetchall())
    present = [name for name in NODE_FIELDS if name in types]
    filled = con.execute(f"SELECT {', '.join(f'count({n}) > 0' for n in present)} FROM individuals").fetchone() \
        if present else ()
    named = [name for name, some in zip(present, filled) if some]
    return {("node", name): (f"d{i}", _SQL_TYPES.get(types[name], "string")) for i, name in enumerate(named)}


def _node_sql(keys: dict) -> str:
    """SQL: one <node> line per individual, its fields as <data> (a null left out), in cluster_id
    order: the nodes of a million mentions' run in one query, not as Python objects (a networkx
    graph of them and its lines had taken 9 s at 1M mentions)."""
    data = [f"""coalesce('<data key="{key}">' || {_xml_sql(name, type_)} || '</data>', '')"""
            for (_, name), (key, type_) in keys.items()]
    return (f"SELECT '<node id=' || {_xml_sql('cluster_id', 'string', attribute=True)} || '>' || "
            f"{' || '.join(data) or repr('')} || '</node>' FROM individuals ORDER BY cluster_id")


def write_graphml(con: duckdb.DuckDBPyConnection, edges: nx.Graph, path: Path) -> None:
    """The graph of the table `individuals` (nodes, NODE_FIELDS) and `edges`' links as GraphML,
    as graphml() writes it: the nodes' lines made in SQL, streamed to the file."""
    node_keys = _node_keys(con)
    groups = _edge_groups(edges)
    keys = node_keys | _keys({"edge": groups}, first=len(node_keys))
    cursor = con.execute(_node_sql(node_keys))
    with atomic_writer(path) as handle:
        handle.write("\n".join([*_HEAD, *_key_lines(keys), _GRAPH, ""]))
        while rows := cursor.fetchmany(100_000):
            handle.write("\n".join(r[0] for r in rows) + "\n")
        handle.write("\n".join([*_edge_lines(edges, keys, groups), *_TAIL]))


def link_graph(links: list[dict]) -> nx.Graph:
    """The family links as a graph of individuals (only those in some link)."""
    graph = nx.Graph()
    for link in links:
        parent = {"parent": link["a"]} if link["relation"] == "parent_child" else {}
        attrs = {k: v for k, v in link.items() if k not in ("a", "b")}
        graph.add_edge(link["a"], link["b"], **attrs, **parent)
    return graph


def write_family(con: duckdb.DuckDBPyConnection, found: tuple[list, dict], out: Path) -> dict:
    """family.graphml (every individual of the table `individuals`, the links of `found`) and
    households.csv into out; returns the household size distribution and what the family model
    learned (`found`: family.links_of's links and learned)."""
    links, learned = found
    graph = link_graph(links)
    write_graphml(con, graph, out / schema.FAMILY_GRAPH)
    rows = households(graph)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HOUSEHOLD_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_text(v) for k, v in row.items()} for row in rows)
    write_text(out / schema.HOUSEHOLDS, buffer.getvalue())
    sizes = Counter({r["household_id"]: r["size"] for r in rows}.values())
    return {"households": sum(sizes.values()), "size_distribution": dict(sorted(sizes.items())),
            "links": graph.number_of_edges(), "learned": learned_summary(learned)}


def learned_summary(learned: dict) -> dict:
    """Per relation, what the family model learned from the list (KIN, the expected kin pairs
    among the candidates, each level's share of kin pairs), or "spec" where the spec's values
    stood (too few kin pairs to tell)."""
    return {relation: "spec" if found is None else {
        "kin": round(found.kin, 5), "kin_pairs": round(found.kin_pairs, 1), "candidates": found.candidates,
        "kin_share_by_level": {f"{f}:{level}": round(v, 4) for (f, level), v in sorted(found.factors.items())}}
        for relation, found in learned.items()}
