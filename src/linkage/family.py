"""The family graph: canonical individuals as nodes, sibling and parent–child links as edges.

Reads the DuckDB table `individuals` and the links family_chance.find_links finds (from
family_features.py's tables); returns a networkx Graph (family_files.py writes it as
family.graphml and households.csv).
"""

from __future__ import annotations

import duckdb
import networkx as nx

from linkage.config import FamilyModel
from linkage.family_chance import find_links
from linkage.family_files import graphml, households, write_family

__all__ = ["build_graph", "find_links", "graphml", "households", "links_of", "write_family"]

NODE_FIELDS = ("cluster_id", "surname", "first_name", "patronymic", "surname_latin", "first_name_latin",
               "patronymic_latin", "birth_date", "death_date", "region_canonical", "n_mentions")


def build_graph(con: duckdb.DuckDBPyConnection, model: FamilyModel | None = None,
                found: tuple[list, dict] | None = None) -> nx.Graph:
    """Nodes: every individual with its canonical fields; edges: the family links (`model`: the
    spec's [family] table, as for find_links; `found`: links_of's result when it already ran:
    dedupe finds the links, which read only the clusters and features, while the canonical
    records the nodes carry are built beside them)."""
    links, learned = found if found is not None else links_of(con, model)
    graph = nx.Graph()
    # The graph carries the fields a reader of the graph needs, not the provenance columns.
    cursor = con.execute(f"SELECT {', '.join(NODE_FIELDS)} FROM individuals")
    columns = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        attrs = {k: v for k, v in zip(columns, row) if v is not None}
        graph.add_node(attrs.pop("cluster_id"), **attrs)
    for link in links:
        parent = {"parent": link["a"]} if link["relation"] == "parent_child" else {}
        attrs = {k: v for k, v in link.items() if k not in ("a", "b")}
        graph.add_edge(link["a"], link["b"], **attrs, **parent)
    graph.graph["learned"] = learned  # what the model learned from the list, per relation
    return graph


def links_of(con: duckdb.DuckDBPyConnection, model: FamilyModel | None = None) -> tuple[list, dict]:
    """find_links's links, and what the model learned from the list, per relation."""
    learned: dict = {}
    return find_links(con, model, learned), learned
