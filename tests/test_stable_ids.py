"""Stable ids: each change kind on hand-made releases, and the invariants as properties."""

from hypothesis import given
from hypothesis import strategies as st

from linkage.stable_ids import (
    GROWN,
    MERGED,
    NEW,
    RETIRED,
    REVIEWED,
    SPLIT,
    assign,
    mint,
    number,
    resolve,
)


def _first(clusters: dict) -> tuple[dict, dict]:
    """A first release of {label: [records]}: record → id, and label → id."""
    return _first_of({r: label for label, records in clusters.items() for r in records})


def _first_of(current: dict) -> tuple[dict, dict]:
    """A first release of record → label: record → id, and the release."""
    release = assign(current)
    return {r: release.ids[label] for r, label in current.items()}, release


def _kinds(release) -> dict:
    return {c.individual_id: c.change for c in release.changes}


def test_first_release_mints_in_order_of_smallest_record():
    _, release = _first({"x": ["r3", "r4"], "y": ["r1"], "z": ["r2", "r5"]})
    assert release.ids == {"y": mint(1), "z": mint(2), "x": mint(3)}
    assert set(_kinds(release).values()) == {NEW}
    assert release.redirects == {}


def test_grown_keeps_its_id_and_new_gets_a_new_one():
    previous, _ = _first({"a": ["r1", "r2"], "b": ["r3"]})
    release = assign({"r1": 1, "r2": 1, "n1": 1, "r3": 2, "n2": 3}, previous, next_number=3)
    assert release.ids == {1: previous["r1"], 2: previous["r3"], 3: mint(3)}
    changes = {c.individual_id: c for c in release.changes}
    assert changes[previous["r1"]].change == GROWN and changes[previous["r1"]].mentions_added == 1
    assert changes[mint(3)].change == NEW
    assert previous["r3"] not in changes  # untouched: no row


def test_merge_keeps_the_older_id_even_when_smaller_and_redirects_the_other():
    previous = {"r1": mint(1), "r2": mint(2), "r3": mint(2), "r4": mint(2)}
    release = assign({r: "one" for r in previous}, previous, next_number=3)
    assert release.ids == {"one": mint(1)}
    assert _kinds(release) == {mint(1): MERGED, mint(2): RETIRED}
    assert release.redirects == {mint(2): mint(1)}
    assert next(c for c in release.changes if c.change == MERGED).previous_ids == (mint(1), mint(2))


def test_split_larger_part_keeps_the_id():
    previous = {r: mint(1) for r in ("r1", "r2", "r3")}
    release = assign({"r1": "small", "r2": "big", "r3": "big"}, previous, next_number=2)
    assert release.ids == {"big": mint(1), "small": mint(2)}
    assert _kinds(release) == {mint(1): SPLIT, mint(2): SPLIT}
    assert release.redirects == {}


def test_retired_ids_chain_to_a_live_id():
    # release 2: L2 merges into L1; release 3: L3 (three mentions) merges with L1 (two): the
    # older L1 survives, L3 retires, and L2 still resolves in one step
    previous = {"r1": mint(1), "r2": mint(2)}
    second = assign({"r1": "a", "r2": "a"}, previous, next_number=3)
    assert second.redirects == {mint(2): mint(1)}
    previous = {r: second.ids["a"] for r in ("r1", "r2")} | {"r5": mint(3), "r6": mint(3), "r7": mint(3)}
    third = assign({"r1": "x", "r2": "x", "r5": "x", "r6": "x", "r7": "x"}, previous, 4, second.redirects)
    assert third.ids == {"x": mint(1)}
    assert third.redirects == {mint(2): mint(1), mint(3): mint(1)}


def test_unchanged_but_reviewed():
    previous = {"r1": mint(1), "r2": mint(1)}
    release = assign({"r1": "a", "r2": "a"}, previous, 2, reviewed={"a"})
    assert _kinds(release) == {mint(1): REVIEWED}


clusterings = st.dictionaries(st.integers(0, 40).map(lambda i: f"r{i:02d}"), st.integers(0, 8),
                              min_size=1)


@given(clusterings, clusterings)
def test_properties_of_any_two_releases(first, second):
    previous, one = _first_of(first)
    current = {**second, **{r: second.get(r, first[r] + 100) for r in first}}  # nothing dropped
    start = 1 + max(number(i) for i in previous.values())
    release = assign(current, previous, start, one.redirects)
    live = set(release.ids.values())
    assert len(live) == len(release.ids)  # one id per cluster
    for retired, target in release.redirects.items():
        assert target in live and retired not in live
    assert set(previous.values()) <= live | set(release.redirects)  # every old id resolves
    assert all(number(i) >= start for i in release.minted)  # never reused
    for old in set(previous.values()):
        assert resolve(old, release.redirects) in live


@given(clusterings, st.integers(0, 10))
def test_strangers_and_empty_batches_change_no_id(first, strangers):
    previous, _ = _first_of(first)
    current = {r: first[r] for r in first} | {f"new{i}": f"s{i}" for i in range(strangers)}
    release = assign(current, previous, 1 + len(set(previous.values())))
    assert all(release.ids[first[r]] == previous[r] for r in first)
    assert {c.change for c in release.changes} <= {NEW}
    assert len(release.changes) == strangers
