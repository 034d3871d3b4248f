"""The family graph: canonical individuals as nodes, sibling and parent–child links as edges.

Reads the DuckDB tables `individuals`, `clusters` and `features`; returns a networkx Graph and
writes family.graphml and households.csv. Links are found in SQL (a self-join on surname stem)
and scored by rules a reader can check:
- sibling: same surname (gender forms allowed), same father's name from the patronymic, same
  region or settlement; birth dates at least 9 months apart, unless twins (same birth date,
  different first names).
- parent–child: the child's patronymic is formed from the parent's first name, same surname,
  same region, parent born 17–50 years earlier.
Households are the connected components of these links.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import networkx as nx

from linkage.runfolder import write_text

SIBLING_MIN_DAYS = 270  # nine months
MAX_HOUSEHOLD = 4  # more namesakes than this in one region are strangers, not brothers
NODE_FIELDS = ("cluster_id", "surname", "first_name", "patronymic", "surname_latin", "first_name_latin",
               "patronymic_latin", "birth_date", "death_date", "region_canonical", "n_mentions")
PARENT_MIN_YEARS, PARENT_MAX_YEARS = 17, 50


def _person_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Per individual, the commonest key of each field its mentions give."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE person_keys AS
        SELECT c.cluster_id,
               mode(f.surname_stem) AS surname_stem, mode(f.first_root) AS first_root,
               mode(f.patronymic_father) AS father, mode(f.region_key) AS region_key,
               mode(f.settlement_key) AS settlement_key,
               max(f.birth_daynum) AS birth_daynum, mode(f.birth_year_est) AS birth_year
        FROM clusters c JOIN features f USING (unique_id) GROUP BY c.cluster_id"""
    )
    # How many individuals share surname, father's name and region: a common name (Ivanov,
    # son of Sergei, from Tatarstan) shared by more people than a household holds is no evidence.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE person_keys AS SELECT *,
               count(*) OVER (PARTITION BY surname_stem, father, region_key) AS kin_group,
               count(*) OVER (PARTITION BY surname_stem, first_root, region_key) AS namesakes
        FROM person_keys"""
    )


def find_links(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Sibling and parent–child links between individuals, each with evidence and a confidence."""
    _person_keys(con)
    place = """(CASE WHEN a.settlement_key IS NOT NULL AND b.settlement_key IS NOT NULL
                     THEN a.settlement_key = b.settlement_key ELSE a.region_key = b.region_key END)"""
    siblings = con.execute(
        f"""SELECT a.cluster_id, b.cluster_id,
            CASE WHEN a.birth_daynum = b.birth_daynum THEN 'twin' ELSE 'sibling' END,
            CASE WHEN a.birth_daynum IS NOT NULL AND b.birth_daynum IS NOT NULL THEN 0.9
                 WHEN a.birth_year IS NOT NULL AND b.birth_year IS NOT NULL THEN 0.8 ELSE 0.6 END
        FROM person_keys a JOIN person_keys b
          ON a.surname_stem = b.surname_stem AND a.father = b.father AND a.cluster_id < b.cluster_id
        WHERE {place} AND a.kin_group <= {MAX_HOUSEHOLD}
          AND a.birth_year IS NOT NULL AND b.birth_year IS NOT NULL
          AND (a.first_root IS DISTINCT FROM b.first_root)
          AND (a.birth_daynum IS NULL OR b.birth_daynum IS NULL
               OR abs(a.birth_daynum - b.birth_daynum) >= {SIBLING_MIN_DAYS}
               OR a.birth_daynum = b.birth_daynum)"""
    ).fetchall()
    parents = con.execute(
        f"""SELECT p.cluster_id, c.cluster_id, 'parent_child',
            CASE WHEN p.birth_year IS NOT NULL AND c.birth_year IS NOT NULL THEN 0.9 ELSE 0.6 END
        FROM person_keys p JOIN person_keys c
          ON c.father = p.first_root AND c.surname_stem = p.surname_stem AND p.cluster_id <> c.cluster_id
        WHERE {place.replace('a.', 'p.').replace('b.', 'c.')}
          AND p.namesakes <= 1
          AND c.birth_year - p.birth_year BETWEEN {PARENT_MIN_YEARS} AND {PARENT_MAX_YEARS}"""
    ).fetchall()
    evidence = {
        "twin": "same surname, father's name, place and birth date; different first names",
        "sibling": "same surname, father's name and place; births apart",
        "parent_child": "child's patronymic formed from the parent's first name; same surname and place",
    }
    return [{"a": a, "b": b, "relation": "sibling" if rel == "twin" else rel, "twins": rel == "twin",
             "confidence": float(conf), "evidence": evidence[rel]}
            for a, b, rel, conf in siblings + parents]


def _graphml_value(value):
    """GraphML holds strings, numbers and booleans only: None becomes "", anything else its text."""
    if value is None:
        return ""
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def build_graph(con: duckdb.DuckDBPyConnection) -> nx.Graph:
    """Nodes: every individual with its canonical fields; edges: the family links."""
    graph = nx.Graph()
    # The graph carries the fields a reader of the graph needs, not the provenance columns:
    # GraphML is written by a pure-Python XML writer, and every attribute costs time at 1M.
    cursor = con.execute(f"SELECT {', '.join(NODE_FIELDS)} FROM individuals")
    columns = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        attrs = {k: _graphml_value(v) for k, v in zip(columns, row)}
        graph.add_node(attrs.pop("cluster_id"), **attrs)
    for link in find_links(con):
        graph.add_edge(link["a"], link["b"], relation=link["relation"], twins=link["twins"],
                       confidence=link["confidence"], evidence=link["evidence"])
    return graph


def households(graph: nx.Graph) -> list[dict]:
    """One row per individual in a multi-loss household: its id, members' relations."""
    rows = []
    components = [sorted(c) for c in nx.connected_components(graph) if len(c) > 1]
    for component in sorted(components):
        household_id = f"h-{component[0]}"
        for node in component:
            relations = sorted({graph.edges[node, other]["relation"] for other in graph[node]})
            rows.append({"household_id": household_id, "individual": node,
                         "relation": ";".join(relations), "size": len(component)})
    return rows


def write_family(graph: nx.Graph, out: Path) -> dict:
    """family.graphml and households.csv into out; returns the household size distribution."""
    tmp = out / ".family.graphml.tmp"
    nx.write_graphml(graph, tmp)
    tmp.replace(out / "family.graphml")
    rows = households(graph)
    lines = [["household_id", "individual", "relation", "size"]] + [
        [r["household_id"], r["individual"], r["relation"], r["size"]] for r in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    write_text(out / "households.csv", buffer.getvalue())
    sizes: dict[int, int] = {}
    for r in {r["household_id"]: r["size"] for r in rows}.values():
        sizes[r] = sizes.get(r, 0) + 1
    return {"households": sum(sizes.values()), "size_distribution": dict(sorted(sizes.items())),
            "links": graph.number_of_edges()}
