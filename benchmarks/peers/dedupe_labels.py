"""dedupe 3 as its documentation sets it up, with the truth standing in for the human labeller:
seed labels (true matches and look-alike non-matches), then active-learning rounds answered from
the truth, train, and partition (its hierarchical clustering) at the default threshold 0.5.

Reads DATA/mentions.csv and DATA/truth.csv; writes OUT/clusters.csv and OUT/info.json.
"""

from __future__ import annotations

import io
import json
import random

import dedupe
import pandas as pd
from datetimetype import DateTime
from dedupe.variables import Exact, String

from peers.plain import arguments, features, write_result

SEED_PAIRS = 200      # labelled true matches, and as many look-alike non-matches
ACTIVE_ROUNDS = 30    # questions from uncertain_pairs, answered from the truth


def fields() -> list:
    return [String("first_name", has_missing=True), String("surname", has_missing=True),
            String("patronymic", has_missing=True), Exact("birth_year", has_missing=True),
            DateTime("birth_date", has_missing=True, yearfirst=True),
            DateTime("death_date", has_missing=True, yearfirst=True),
            String("region", has_missing=True)]


def seed_labels(records: dict, person: dict, rng: random.Random) -> dict:
    by_person, by_surname = {}, {}
    for rid, rec in records.items():
        by_person.setdefault(person[rid], []).append(rid)
        by_surname.setdefault(rec["surname"], []).append(rid)
    groups = [g for g in by_person.values() if len(g) > 1]
    match = [tuple(rng.sample(g, 2)) for g in rng.sample(groups, min(SEED_PAIRS, len(groups)))]
    distinct = []
    for group in rng.sample(list(by_surname.values()), len(by_surname)):
        people = {person[r]: r for r in group}
        if len(people) > 1:
            distinct.append(tuple(rng.sample(list(people.values()), 2)))
        if len(distinct) == SEED_PAIRS:
            break
    return {"match": [(records[a], records[b]) for a, b in match],
            "distinct": [(records[a], records[b]) for a, b in distinct]}


def main() -> None:
    args = arguments(__doc__)
    rng = random.Random(args.seed)
    frame = features(args.data / "mentions.csv")
    records = {r["record_id"]: r for r in frame.astype(object).where(frame.notna(), None)
               .to_dict("records")}
    truth = pd.read_csv(args.data / "truth.csv", dtype=str, keep_default_na=False)
    person = dict(zip(truth["record_id"], truth["person_id"]))
    deduper = dedupe.Dedupe(fields(), num_cores=2)
    # labels that exist up front go in as a training file, as dedupe's docs say (mark_pairs only
    # accepts records from prepare_training's sample: it failed on 10k mentions here)
    deduper.prepare_training(records, training_file=io.StringIO(
        json.dumps(seed_labels(records, person, rng))))
    for _ in range(ACTIVE_ROUNDS):
        for a, b in deduper.uncertain_pairs():
            same = person[a["record_id"]] == person[b["record_id"]]
            deduper.mark_pairs({"match": [(a, b)] if same else [], "distinct": [] if same else [(a, b)]})
    deduper.train()
    clusters = deduper.partition(records, threshold=0.5)
    label = {rid: i for i, (ids, _) in enumerate(clusters) for rid in ids}
    ids = list(records)
    write_result(args.out, ids, [label.get(r, r) for r in ids],
                 {"threshold": 0.5, "labels": f"{SEED_PAIRS} + {SEED_PAIRS} seed pairs, "
                  f"{ACTIVE_ROUNDS} active-learning answers from the truth"})


if __name__ == "__main__":
    main()
