"""Stable individual ids: minted once, carried from release to release by overlap of mentions.

Pure functions on plain values (record ids, cluster labels, individual ids); releases.py reads
and writes them as run-folder tables. The rules (issue 16):

- An id is `L` and a sequence number, minted once and never reused; a smaller number is older.
- Each release pairs its clusters with the previous release's individuals greedily by the share
  of the old individual's mentions that the cluster holds (an individual that only gained
  mentions holds all of its own), ties to the older id. So an individual that gains mentions
  keeps its id; on a merge of whole individuals the older id survives; on a split the larger part
  keeps the id and the other part gets a new one.
- An old id no cluster takes is retired and redirected to the live id that holds most of its
  mentions; older redirects are re-pointed, so every retired id resolves in one step.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

PREFIX = "L"
WIDTH = 7  # L0000001: room for ten million individuals before the code grows a digit

NEW, GROWN, MERGED, SPLIT, REVIEWED, RETIRED = (
    "new", "grown", "merged", "split", "unchanged-but-reviewed", "retired")
CHANGE_KINDS = (NEW, GROWN, MERGED, SPLIT, REVIEWED, RETIRED)


def mint(number: int) -> str:
    """The id with this sequence number."""
    return f"{PREFIX}{number:0{WIDTH}d}"


def number(individual_id: str) -> int:
    """The sequence number of an id (its age: smaller is older)."""
    return int(individual_id[len(PREFIX):])


@dataclass(frozen=True)
class Change:
    """One row of changes.csv: an individual this release touched."""

    individual_id: str
    change: str
    previous_ids: tuple[str, ...] = ()
    mentions_added: int = 0


@dataclass(frozen=True)
class Release:
    """What `assign` decided: the id of each cluster, what changed, and where retired ids lead."""

    ids: dict            # cluster label → individual id
    changes: tuple       # Change, in id order
    redirects: dict      # every retired id ever → the live id it resolves to
    minted: dict = field(default_factory=dict)   # ids minted by this release → cluster label
    retired: tuple = ()  # ids retired by this release


def _pairings(previous: dict, current: dict) -> list[tuple]:
    """(old id, label, overlap, old size) for every old individual and cluster sharing a mention."""
    overlap = Counter((previous[r], current[r]) for r in previous if r in current)
    size = Counter(previous.values())
    return [(old, label, n, size[old]) for (old, label), n in overlap.items()]


def _match(pairings: list[tuple]) -> dict:
    """Greedy by descending share of the old individual, then older id, then label: label → id."""
    chosen, used = {}, set()
    for old, label, n, size in sorted(pairings, key=lambda p: (-p[2] / p[3], number(p[0]), str(p[1]))):
        if old not in used and label not in chosen:
            chosen[label] = old
            used.add(old)
    return chosen


def _redirects(previous: dict, current: dict, ids: dict, retired: set, earlier: dict) -> dict:
    """Each retired id → the live id holding most of its mentions (ties: the older live id);
    earlier redirects re-pointed when their target retired now."""
    held = defaultdict(Counter)
    for record, old in previous.items():
        if old in retired and record in current:
            held[old][ids[current[record]]] += 1
    now = {old: min(counts.items(), key=lambda kv: (-kv[1], number(kv[0])))[0]
           for old, counts in held.items()}
    return {**{old: now.get(target, target) for old, target in earlier.items()}, **now}


def _kind(label, members: list, previous: dict, sizes: Counter, own: str, reviewed: set) -> Change | None:
    """The change a cluster made (None for an untouched one) with the ids its mentions had."""
    old = Counter(previous[r] for r in members if r in previous)
    added = sum(1 for r in members if r not in previous)
    before = tuple(sorted(old, key=number))
    if not old:
        return Change(own, NEW, (), added)
    if len(old) >= 2:
        return Change(own, MERGED, before, added)
    (single, n), = old.items()
    if n < sizes[single] or single != own:
        return Change(own, SPLIT, before, added)
    if added:
        return Change(own, GROWN, before, added)
    return Change(own, REVIEWED, before, 0) if label in reviewed else None


def assign(current: dict, previous: dict | None = None, next_number: int = 1,
           earlier_redirects: dict | None = None, reviewed=()) -> Release:
    """Ids for the clusters of `current` (record → cluster label).

    `previous`: record → individual id in the previous release (None or {} for a first
    release); `next_number`: the first sequence number never minted; `earlier_redirects`: the
    previous release's redirects; `reviewed`: labels a new reviewer decision touched.
    Records of `previous` missing from `current` are ignored (a release never drops mentions).
    """
    if not previous:
        return _first(current, next_number, earlier_redirects or {})
    previous, reviewed = previous or {}, set(reviewed)
    members = defaultdict(list)
    for record, label in current.items():
        members[label].append(record)
    ids = _match(_pairings(previous, current))
    minted = {}
    for label in sorted(set(members) - set(ids), key=lambda lb: min(members[lb])):
        ids[label] = minted_id = mint(next_number + len(minted))
        minted[minted_id] = label
    retired = set(previous.values()) - set(ids.values())
    sizes = Counter(previous.values())
    changes = [c for label in members
               if (c := _kind(label, members[label], previous, sizes, ids[label], reviewed))]
    changes += [Change(old, RETIRED, (old,), 0) for old in retired]
    return Release(ids=ids, changes=tuple(sorted(changes, key=lambda c: number(c.individual_id))),
                   redirects=_redirects(previous, current, ids, retired, earlier_redirects or {}),
                   minted=minted, retired=tuple(sorted(retired, key=number)))


def _first(current: dict, next_number: int, earlier_redirects: dict) -> Release:
    """assign with no previous release: every cluster new, numbered in the order of its smallest
    record (what the general rules give, without their per-cluster tallies: a fifth of the time)."""
    smallest, sizes = {}, Counter(current.values())
    for record, label in current.items():
        if label not in smallest or record < smallest[label]:
            smallest[label] = record
    ids = {label: mint(next_number + i) for i, label in enumerate(sorted(smallest, key=smallest.get))}
    return Release(ids=ids, changes=tuple(Change(i, NEW, (), sizes[label]) for label, i in ids.items()),
                   redirects=dict(earlier_redirects), minted={i: label for label, i in ids.items()},
                   retired=())


def resolve(individual_id: str, redirects: dict) -> str:
    """The live id an id names now (itself when live)."""
    return redirects.get(individual_id, individual_id)
