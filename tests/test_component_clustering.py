"""Clustering batch by batch of connected components equals one pass over the whole list."""

import numpy as np
import pytest

from linkage import clustering, component_clustering
from linkage.constraints import NO_RULES, Constraints, Record

RULES = Constraints(birth_full_dates_differ=True, death_days_apart=30, min_average_weight=0.0)


def _records(rng, n):
    return {i: Record(birth=(1980 + int(rng.integers(0, 3)), 1, 1) if rng.random() < 0.5 else None,
                      first_key=None, first_root=None, father=None, patronymic_key=None,
                      death_daynum=int(rng.integers(0, 90)) if rng.random() < 0.5 else None)
            for i in range(n)}


def _edges(rng, n, m):
    left, right = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = left != right
    left, right = left[keep], right[keep]
    pairs = {(min(a, b), max(a, b)) for a, b in zip(left.tolist(), right.tolist())}
    lo, hi = (np.array(x, dtype=np.int64) for x in zip(*sorted(pairs)))
    return lo, hi, rng.normal(0, 4, len(lo)).round(1)  # rounded: ties in weight occur


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method,rules", [("constrained", RULES), ("components", NO_RULES)])
def test_batches_of_components_equal_the_whole_list(seed, method, rules):
    rng = np.random.default_rng(seed)
    n = 300
    records, edges = _records(rng, n), _edges(rng, n, 500)
    cannot = [(1, 2), (5, 9)]
    whole, refused_whole = clustering.cluster(records, edges, 1.0, method, rules=rules, floor_weight=-7.0,
                                              cannot_link=cannot)
    for batch in (1, 7, 10_000):
        found, refused = component_clustering.cluster(records, edges, 1.0, method, rules=rules,
                                                      floor_weight=-7.0, cannot_link=cannot, batch=batch)
        assert {i: found.get(i, i) for i in records} == whole
        assert refused == refused_whole
    assert len(found) < n  # records no pair at the threshold touches were never clustered


def test_no_pair_at_the_threshold_clusters_nothing():
    records = _records(np.random.default_rng(0), 5)
    edges = (np.array([0, 1]), np.array([1, 2]), np.array([-3.0, -2.0]))
    assert component_clustering.cluster(records, edges, 1.0, "constrained", rules=RULES,
                                        floor_weight=-7.0) == ({}, {})
