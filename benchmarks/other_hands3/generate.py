"""Synthetic mentions of Russian military deaths 2022-2025 for a record-linkage benchmark.

Writes mentions.csv, truth.csv, family.csv and habits.json into --out.
    python generate.py --mentions 200000 --seed 1 --out /tmp/oh3/s1_200k
"""

import argparse
import csv
import json
import math
import os
import random
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import knobs
import mentions as M
import places as P
from outlets import Outlets
from population import Builder
from world import Places, Units

COLUMNS = [
    "record_id",
    "source",
    "full_name",
    "first_name",
    "patronymic",
    "surname",
    "birth_date",
    "death_date",
    "age",
    "region",
    "settlement",
    "unit",
    "rank",
    "source_url",
]


def count_sampler(k):
    """Mentions per person: 1 + a gamma-Poisson (negative binomial) tail, capped at 40."""
    r, extra = k["count_r"], k["count_extra"]

    def draw(rng):
        lam = rng.gammavariate(r, extra / r)
        n, p, limit = 0, 1.0, math.exp(-lam)
        while True:
            p *= rng.random()
            if p <= limit or n >= 39:
                return 1 + n
            n += 1

    return draw


def build(n_mentions, seed):
    rng = random.Random(seed)
    habits = knobs.draw(rng)
    k = habits["world"]
    places = Places(rng)
    units = Units(rng, len(P.REGIONS))
    b = Builder(rng, k, places, units, count_sampler(k)).run(n_mentions)
    outlets = Outlets(habits, rng)
    slots = M.Slots(b.people, habits, outlets, rng)
    pages = M.Pages(slots, b.people, b.households, rng)
    M.assign_urls(slots, pages, b.people, rng)
    rows = M.render_rows(slots, b.people, places, units, rng)
    return rng, habits, b, slots, pages, rows, places


def write(out, rng, habits, b, slots, pages, rows, places):
    os.makedirs(out, exist_ok=True)
    n = len(rows)
    ids = [f"r{x:09d}" for x in rng.sample(range(10**8, 10**9), n)]
    order = list(range(n))
    rng.shuffle(order)
    with open(os.path.join(out, "mentions.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows([ids[j]] + rows[i][:12] + [rows[i][12]] for j, i in enumerate(order))
    with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["record_id", "person_id", "household_id", "relation"])
        for j, i in enumerate(order):
            p = b.people[slots.pid[i]]
            w.writerow([ids[j], f"P{p.pid}", f"H{p.hh}" if p.hh >= 0 else "", p.rel])
    with open(os.path.join(out, "family.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person_id_a", "person_id_b", "relation"])
        w.writerows([f"P{a}", f"P{c}", rel] for a, c, rel in b.pairs)
    habits["realised"] = stats(b, slots, pages, rows, places)
    with open(os.path.join(out, "habits.json"), "w", encoding="utf-8") as f:
        json.dump(habits, f, ensure_ascii=False, indent=1)


def _pairs(counter):
    return sum(c * (c - 1) // 2 for c in counter.values())


def stats(b, slots, pages, rows, places):
    people = b.people
    ns = sorted(p.n for p in people)
    hist = Counter(min(n, 16) for n in ns)
    urls = Counter(u for r in rows for u in [r[12]] if u)
    url_pid = {}
    for r, pid in zip(rows, slots.pid):
        if r[12]:
            url_pid.setdefault(r[12], set()).add(pid)
    return {
        "mentions": len(rows),
        "people": len(people),
        "households": len(b.households),
        "households_by_kind": dict(Counter(h["kind"] for h in b.households)),
        "people_in_households": sum(len(h["members"]) for h in b.households),
        "family_pairs": dict(Counter(rel for _, _, rel in b.pairs)),
        "mentions_per_person": {
            "mean": round(len(rows) / len(people), 3),
            "median": ns[len(ns) // 2],
            "max": ns[-1],
            "histogram": {("16+" if k == 16 else str(k)): v for k, v in sorted(hist.items())},
        },
        "share_records_sharing_url": round(
            sum(1 for r in rows if r[12] and urls[r[12]] > 1) / len(rows), 4
        ),
        "share_records_sharing_url_with_other_person": round(
            sum(1 for r in rows if r[12] and len(url_pid[r[12]]) > 1) / len(rows), 4
        ),
        "group_pages": len(pages.groups),
        "reposts": sum(1 for x in slots.rep if x >= 0),
        "records_without_url": sum(1 for r in rows if not r[12]),
        "namesake_pairs_first_surname": _pairs(Counter((p.given, p.sur) for p in people)),
        "namesake_pairs_first_surname_region": _pairs(
            Counter((p.given, p.sur, p.reg) for p in people)
        ),
        "namesake_pairs_full_name": _pairs(Counter((p.given, p.pat, p.sur) for p in people)),
        "people_by_people": dict(Counter(p.eth for p in people).most_common()),
        "women": sum(1 for p in people if p.female),
        "records_by_source": dict(Counter(r[0] for r in rows).most_common()),
        "records_latin": sum(1 for o in slots.out if o.latin),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mentions", type=int, required=True, help="target number of mentions")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="output folder")
    a = ap.parse_args(argv)
    t0 = time.time()
    parts = build(a.mentions, a.seed)
    write(a.out, *parts)
    print(
        f"{a.mentions} mentions, seed {a.seed} -> {a.out} in {time.time() - t0:.1f}s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
