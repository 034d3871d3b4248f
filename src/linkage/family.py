"""The family graph: canonical individuals as nodes, sibling and parent–child links as edges.

Reads the DuckDB table `individuals` and the links family_chance.find_links finds (from
family_features.py's tables); links_of finds them, family_files.write_family writes them with the
individuals as family.graphml and households.csv, and build_graph returns them as a networkx
Graph for a reader who wants it in memory.
"""

from __future__ import annotations

import duckdb
import networkx as nx

from linkage.config import FamilyModel
from linkage.family_chance import find_links
from linkage.family_files import NODE_FIELDS, graphml, households, link_graph, write_family

__all__ = ["build_graph", "find_links", "graphml", "households", "links_of", "write_family"]


def build_graph(con: duckdb.DuckDBPyConnection, model: FamilyModel | None = None,
                found: tuple[list, dict] | None = None) -> nx.Graph:
    """Nodes: every individual with its canonical fields; edges: the family links (`model`: the
    spec's [family] table, as for find_links; `found`: links_of's result when it already ran:
    dedupe finds the links, which read only the clusters and features, while the canonical
    records the nodes carry are built beside them)."""
    links, learned = found if found is not None else links_of(con, model)
    graph = nx.Graph()
    cursor = con.execute(f"SELECT cluster_id, {', '.join(NODE_FIELDS)} FROM individuals ORDER BY cluster_id")
    columns = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        attrs = {k: v for k, v in zip(columns, row) if v is not None}
        graph.add_node(attrs.pop("cluster_id"), **attrs)
    graph.add_edges_from(link_graph(links).edges(data=True))
    graph.graph["learned"] = learned  # what the model learned from the list, per relation
    return graph


def links_of(con: duckdb.DuckDBPyConnection, model: FamilyModel | None = None) -> tuple[list, dict]:
    """find_links's links, and what the model learned from the list, per relation."""
    learned: dict = {}
    return find_links(con, model, learned), learned
