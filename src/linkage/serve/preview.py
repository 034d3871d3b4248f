"""A preview of the decisions made since the run: the individuals they touch, re-clustered now.

Reads the open runs.Run (saved pairs and the records' constraint fields), the start-up index and
the decision store; writes nothing. The touched individuals are this one and every individual a
decision in force names together with it; their mentions are clustered again from their saved
pairs with the run's threshold, method and rules and the decisions in force (clustering.cluster,
the same call dedupe makes). Pairs to mentions outside them are left out: the next dedupe, over
the whole list, is what counts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from linkage import clustering
from linkage.review import decisions
from linkage.serve.decide import holding
from linkage.weights import probability_to_weight


def preview(saved, index, cluster_id: str, store: Path) -> list[list[str]] | None:
    """The touched mentions grouped as the decisions in force would group them now (sorted groups,
    largest first); None when no decision in force names this individual's mentions. Only
    decisions that hold for the run's mentions count (fingerprints, as dedupe applies them)."""
    members = set(index.records_of(cluster_id))
    in_force = decisions(store, include_superseded=False)
    found = [d for d in in_force if d.record_a in members or d.record_b in members]
    found = [d for d in found if d.decision_id in holding(saved, found)]
    if not found:
        return None
    touched = {cluster_id} | {c for d in found for c in map(index.cluster_of, (d.record_a, d.record_b)) if c}
    records = [r for c in sorted(touched) for r in index.records_of(c)]
    uid = {r: u for u, r in saved.record_ids().items() if r in set(records)}
    uids = sorted(uid.values())
    edges = saved.con.execute(
        """SELECT unique_id_l, unique_id_r, match_weight FROM pairs
        WHERE unique_id_l IN (SELECT unnest(?)) AND unique_id_r IN (SELECT unnest(?))""",
        [uids, uids]).fetchnumpy()
    chosen = [d for d in in_force if d.record_a in uid and d.record_b in uid]
    chosen = [d for d in chosen if d.decision_id in holding(saved, chosen)]
    must = [(uid[d.record_a], uid[d.record_b]) for d in chosen if d.decision == "link"]
    cannot = [(uid[d.record_a], uid[d.record_b]) for d in chosen if d.decision == "split"]
    labels, _ = clustering.cluster(
        {u: saved.records[u] for u in uids},
        tuple(np.asarray(edges[c]) for c in ("unique_id_l", "unique_id_r", "match_weight")),
        probability_to_weight(saved.threshold), saved.method, rules=saved.rules,
        floor_weight=saved.spec.scoring.unscored_pair_weight,
        must_link=must, cannot_link=cannot)
    ids = saved.record_ids()
    groups: dict = {}
    for u in uids:
        groups.setdefault(labels.get(u, u), []).append(ids[u])
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))
