"""Why a cluster is one person: its records, its links, the weakest link, and near misses.

Reads the run through linkage.audit.reading; returns a ClusterAudit. why_apart, shared with
the pair audit, says in the clustering's words (hard_evidence, weak_bridge) why two groups stayed apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from linkage.audit.reading import (
    cluster_labels,
    pair_row,
    pair_weights,
    pairs_touching,
    read_clusters,
    read_records,
    waterfall_fragment,
)
from linkage.clustering import AMBIGUOUS, REVIEWER_SPLIT, as_read, hard_evidence, weak_bridge
from linkage.constraints import garbled_forms, is_bare
from linkage.errors import LinkageError
from linkage.review import run_decisions
from linkage.runs import Run
from linkage.weights import probability_to_weight, weight_to_probability

NEAR_MISSES = 10


@dataclass
class ClusterAudit:
    cluster_id: str
    threshold: float                 # the run's match probability
    records: pd.DataFrame            # one row per record: as printed, then normalised
    edges: pd.DataFrame              # scored pairs inside the cluster
    weakest: dict | None             # the weakest link of the maximum spanning tree
    near_misses: pd.DataFrame        # records outside that almost joined, and why not
    focus: str | None = None         # the record asked about, for --record
    notes: list[str] = field(default_factory=list)
    chart: str | None = None         # Splink's waterfall of the weakest link and near misses (HTML)


def why_apart(saved: Run, group_a: list[int], group_b: list[int], pair: tuple[int, int],
              weight: float, cannot_link: set, all_pairs: dict) -> str:
    """Why the clustering keeps these two groups apart, asking what the clustering asks."""
    threshold_w = probability_to_weight(saved.threshold)
    if weight < threshold_w:
        return (f"below the threshold (p {weight_to_probability(weight):.3f} < {saved.threshold:g})")
    ids = saved.record_ids()
    candidates = [pair] + [(a, b) for a in group_a for b in group_b if (a, b) != pair]
    read = as_read(saved.records, garbled_forms(group_a, saved.records), garbled_forms(group_b, saved.records))
    found = hard_evidence(candidates, read, saved.rules, cannot_link)
    if found:
        reason, (a, b) = found
        if reason == REVIEWER_SPLIT:
            return f"refused: a reviewer split {ids[a]} and {ids[b]}"
        who = "" if (a, b) == pair else f" ({ids[a]} and {ids[b]})"
        return f"refused: {reason}{who}"
    average = weak_bridge(group_a, group_b, saved.rules, all_pairs,
                          saved.spec.scoring.unscored_pair_weight)
    if average is not None:
        return (f"refused: a weak bridge (the two groups' pairs average {average:.1f}, "
                f"below {saved.rules.min_average_weight:g})")
    if saved.rules.bare_ambiguous_alone and any(
            len(g) == 1 and is_bare(saved.records[g[0]]) for g in (group_a, group_b)):
        return f"apart: {AMBIGUOUS}"
    return "refused when offered: the groups then were joined by a weak bridge"


def _spanning_tree(members: list[int], edges: pd.DataFrame, must: list[tuple]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(members)
    for a, b, w in zip(edges.unique_id_l, edges.unique_id_r, edges.match_weight):
        graph.add_edge(int(a), int(b), weight=float(w))
    for a, b in must:
        if a in graph and b in graph:
            graph.add_edge(a, b, weight=float("inf"), reviewer=True)
    return nx.maximum_spanning_tree(graph)


def _weakest(tree: nx.Graph, edges: pd.DataFrame, ids: dict) -> dict | None:
    """The lowest-weight edge of the maximum spanning tree, and the two groups it holds together.

    `edges`: the cluster's pairs at or above the threshold, the links that can hold it."""
    finite = [(a, b, d["weight"]) for a, b, d in tree.edges(data=True) if d["weight"] != float("inf")]
    if not finite:
        return None
    a, b, w = min(finite, key=lambda e: (e[2], min(ids[e[0]], ids[e[1]])))
    tree = tree.copy()
    tree.remove_edge(a, b)
    side_a, side_b = nx.node_connected_component(tree, a), nx.node_connected_component(tree, b)
    across = [x for x in zip(edges.unique_id_l, edges.unique_id_r, edges.match_weight)
              if (x[0] in side_a) != (x[1] in side_a) and {x[0], x[1]} != {a, b}]
    return {"record_l": ids[a], "record_r": ids[b], "match_weight": w,
            "match_probability": weight_to_probability(w),
            "side_l": sorted(ids[i] for i in side_a), "side_r": sorted(ids[i] for i in side_b),
            "other_links_across": len(across),
            "strongest_other": max((x[2] for x in across), default=None),
            "unique_ids": (a, b)}


def audit_cluster(run: Path | Run, cluster_id: str | None = None, record_id: str | None = None,
                  store: Path | None = None, limit: int = NEAR_MISSES,
                  chart: bool = False) -> ClusterAudit:
    """The cluster of cluster_id (or of record_id): records, edges, weakest link, near misses.

    `run`: a run folder, or a Run already open (a server keeps one; it stays open)."""
    saved = run if isinstance(run, Run) else Run.open(run)
    try:
        audit, rows = _audit_cluster(saved, cluster_id, record_id, store, limit, chart)
        if chart and rows:
            audit.chart = waterfall_fragment(saved, rows)
        return audit
    finally:
        if saved is not run:
            saved.close()


def _audit_cluster(saved, cluster_id, record_id, store, limit, chart=False) -> ClusterAudit:
    clusters = read_clusters(saved)
    if record_id is not None:
        hit = clusters[clusters.record_id == record_id]
        if hit.empty:
            raise LinkageError(f"{saved.path}: no record {record_id!r} in this run")
        cluster_id = hit.cluster_id.iloc[0]
    members = clusters[clusters.cluster_id == cluster_id]
    if members.empty:
        raise LinkageError(f"{saved.path}: no cluster {cluster_id!r} in this run")
    ids = saved.record_ids()
    label = cluster_labels(saved)
    uids = sorted(int(u) for u in members.unique_id)
    touching = pairs_touching(saved, uids)
    inside = touching.unique_id_l.map(label.get).eq(cluster_id) & touching.unique_id_r.map(label.get).eq(cluster_id)
    edges = touching[inside]
    must, cannot = run_decisions(saved, store)
    threshold_w = probability_to_weight(saved.threshold)
    tree = _spanning_tree(uids, edges[edges.match_weight >= threshold_w], must)
    audit = ClusterAudit(
        cluster_id=cluster_id, threshold=saved.threshold,
        records=read_records(saved, [ids[u] for u in uids]),
        edges=_edge_table(edges, threshold_w),
        weakest=_weakest(tree, edges[edges.match_weight >= threshold_w], ids) if len(uids) > 1 else None,
        near_misses=_near_misses(saved, touching[~inside], label, cluster_id, clusters,
                                 set(map(tuple, cannot)), limit),
        focus=record_id)
    if any(a in uids and b in uids for a, b in must):
        audit.notes.append("a reviewer's link holds part of this cluster together")
    shown = ([audit.weakest["unique_ids"]] if audit.weakest else []) + list(zip(
        touching[~inside].unique_id_l.head(limit), touching[~inside].unique_id_r.head(limit)))
    # the chart's rows only when a chart is drawn: each is a look-up in pairs.parquet
    rows = [r for r in (pair_row(saved, int(x), int(y)) for x, y in shown) if r is not None] if chart else []
    return audit, rows


def members(clusters: pd.DataFrame, cluster_ids: set) -> dict:
    """cluster_id → its unique_ids, for these clusters only (grouping every cluster of a large run
    took seconds)."""
    wanted = clusters[clusters.cluster_id.isin(cluster_ids)]
    return {c: [int(u) for u in group] for c, group in wanted.groupby("cluster_id").unique_id}


def _edge_table(edges: pd.DataFrame, threshold_w: float) -> pd.DataFrame:
    table = edges[["record_id_l", "record_id_r", "match_weight", "match_probability"]].copy()
    table["above_threshold"] = edges.match_weight >= threshold_w
    return table.reset_index(drop=True)


def _near_misses(saved, outside: pd.DataFrame, label: dict, cluster_id, clusters, cannot, limit):
    """Scored pairs leaving the cluster, strongest first, each with the reason it did not join."""
    rows, head = [], outside.head(limit)
    refused = saved.refused()
    involved = {label[int(u)] for u in pd.concat([head.unique_id_l, head.unique_id_r])}
    members_of = members(clusters, involved | {cluster_id})
    all_pairs = pair_weights(saved, [u for c in involved for u in members_of[c]]) if len(head) else {}
    for row in head.itertuples():
        a, b = int(row.unique_id_l), int(row.unique_id_r)
        inner, outer = (a, b) if label[a] == cluster_id else (b, a)
        rid_in, rid_out = (row.record_id_l, row.record_id_r) if inner == a else (row.record_id_r, row.record_id_l)
        key = tuple(sorted((rid_in, rid_out)))
        if key in refused:
            why = f"refused: {refused[key]}"
        else:
            why = why_apart(saved, members_of[cluster_id], members_of[label[outer]], (inner, outer),
                            row.match_weight, cannot, all_pairs)
        rows.append({"record_inside": rid_in, "record_outside": rid_out,
                     "outside_cluster": label[outer], "match_weight": row.match_weight,
                     "match_probability": row.match_probability, "why_not": why})
    return pd.DataFrame(rows, columns=["record_inside", "record_outside", "outside_cluster",
                                       "match_weight", "match_probability", "why_not"])
