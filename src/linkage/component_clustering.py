"""Clustering driven one batch of connected components at a time (the in-process backend).

A merge only ever joins records linked by a pair at or above the threshold, and the weak-bridge
check reads only pairs between members of the two clusters it weighs, so the connected components
of the pairs at the threshold cluster independently, in any order, exactly as one pass over the
whole list does (tests/test_component_clustering.py checks it on seeded graphs). Components are
taken in batches of about `batch` records: the pair weights and cluster bookkeeping held in Python
follow the batch (or the largest component), not the list, and records no pair at the threshold
touches are never looked at (they stay alone). Spark does the same per component
(spark_clustering.py); the rules themselves are clustering.py's and constraints.py's, untouched.

Reads the pairs as numpy arrays (clustering.load_edges) and the records the caller loaded;
returns a label for each record it clustered, and the refused merges.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from linkage import clustering

# Records per batch: large enough that the per-batch overhead (a numpy mask over the pairs) stays
# small next to the merging (about 20 batches at 1M mentions), small enough that one batch's pair
# weights are a few tens of MB.
BATCH = 50_000


def components(lo: np.ndarray, hi: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(nodes, component of each node) of the pairs where `keep` holds: the nodes sorted."""
    nodes = np.unique(np.concatenate([lo[keep], hi[keep]]))
    i, j = np.searchsorted(nodes, lo[keep]), np.searchsorted(nodes, hi[keep])
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(len(nodes), len(nodes)))
    return nodes, connected_components(graph, directed=False)[1]


def _component_of(nodes: np.ndarray, comp: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Each id's component, -1 for an id in no component."""
    pos = np.clip(np.searchsorted(nodes, ids), 0, max(len(nodes) - 1, 0))
    found = nodes[pos] == ids if len(nodes) else np.zeros(len(ids), dtype=bool)
    return np.where(found, comp[pos] if len(nodes) else -1, -1)


def batches(comp: np.ndarray, batch: int) -> np.ndarray:
    """A batch number per component: consecutive components until a batch holds `batch` nodes."""
    sizes = np.bincount(comp)
    return np.cumsum(sizes) // max(batch, 1) if len(sizes) else sizes


def cluster(records, edges: tuple, threshold_weight: float, method: str, *, rules, floor_weight: float,
            cannot_link=(), batch: int = BATCH) -> tuple[dict, dict]:
    """(label per clustered record, refused merges) for `method` "constrained" or "components",
    batch by batch; equal to clustering.cluster on the whole list without must-links (the
    caller applies those to the whole list's labels: clustering.with_must_links)."""
    left, right, weight = edges
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    nodes, comp = components(lo, hi, weight >= threshold_weight)
    group = batches(comp, batch)
    pair_comp = _component_of(nodes, comp, lo)
    inside = (pair_comp >= 0) & (pair_comp == _component_of(nodes, comp, hi))
    pair_batch = np.where(inside, group[np.maximum(pair_comp, 0)] if len(group) else -1, -1)
    node_batch = group[comp] if len(comp) else comp
    labels, refused = {}, {}
    for b in np.unique(node_batch):
        members = nodes[node_batch == b].tolist()
        mask = pair_batch == b
        found, why = clustering.cluster(
            {i: records[i] for i in members}, (lo[mask], hi[mask], weight[mask]), threshold_weight,
            method, rules=rules, floor_weight=floor_weight, cannot_link=cannot_link)
        labels.update(found)
        refused.update(why)
    return labels, refused
