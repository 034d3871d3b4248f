"""Synthetic mentions of Russian war dead for a record-linkage benchmark.

    python benchmarks/other_hands4/generate.py --mentions N --seed S --out DIR

Writes DIR/mentions.csv, truth.csv, family.csv and habits.json.  Standard
library only; deterministic for (N, S) whatever PYTHONHASHSEED is.
"""
import argparse
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import households
import knobs as K
import plan
import render
import sources
import stats
import world
from population import Population

GENERATOR = "other_hands4"
OUTPUTS = ("mentions.csv", "truth.csv", "family.csv", "habits.json")
HEADER = "record_id,source,full_name,first_name,patronymic,surname,birth_date,death_date,age,region,settlement,unit,rank,source_url"


def csv_field(s):
    if '"' in s or "," in s or "\n" in s or "\r" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def check_out(out):
    """Refuse a non-empty folder unless it is one of our own earlier outputs."""
    if os.path.isdir(out) and os.listdir(out):
        hp = os.path.join(out, "habits.json")
        try:
            with open(hp, encoding="utf-8") as f:
                ours = json.load(f).get("generator") == GENERATOR
        except (OSError, ValueError):
            ours = False
        extra = set(os.listdir(out)) - set(OUTPUTS)
        if not ours or extra:
            raise SystemExit(f"refusing to write into {out}: not empty and not an {GENERATOR} output")
    os.makedirs(out, exist_ok=True)


def streams(seed):
    """Independent, string-seeded generators (sha512 seeding: no hash randomisation)."""
    return {k: random.Random(f"{GENERATOR}:{seed}:{k}") for k in
            ("knobs", "world", "pop", "outlets", "plan", "render", "order")}


def build(n, seed):
    r = streams(seed)
    k = K.draw_knobs(r["knobs"])
    ethnic = world.build_ethnic(r["world"], k)
    pop = Population(r["pop"], k, ethnic)
    people = households.build(pop, r["pop"], k, n)
    centres = sources.draw_centres(r["outlets"])
    outlets = sources.make_outlets(r["outlets"], centres, pop.regions)
    for o in outlets:
        o["label"] = o["name"] if k["source_label"] == "outlet" else o["type"]
    pl = plan.plan_all(r["plan"], k, outlets, people)
    return r, k, centres, outlets, people, pl


def render_all(r, outlets, people, pl):
    """Every mention as a CSV line without its id, with its truth (pid, hid, relation)."""
    rng = r["render"]
    ranks = world.ranks()
    lines, truth = [], []
    for p in people:
        beliefs, givens = [], []
        for o, page, base in p.plan:
            h = outlets[o]
            url = pl.urls[page]
            if base >= 0:
                b = render.copied(beliefs[base], h, rng)
                given = givens[base]
                if page == p.plan[base][1] and rng.random() < h["p_archive"]:
                    url = render.archived(url, h["name"], rng)
            else:
                b = render.belief(p, h, rng)
                given = None
            row = render.row(b, h, ranks, url, rng, given)
            beliefs.append(b)
            givens.append({"death": bool(row[6]), "birth": bool(row[5]), "age": bool(row[7]) or bool(row[5]),
                           "region": bool(row[8]), "settle": bool(row[9]), "unit": bool(row[10]),
                           "rank": bool(row[11])})
            lines.append(",".join(csv_field(x) for x in row))
            truth.append(p)
    return lines, truth


def write(out, lines, truth, order, people):
    with open(os.path.join(out, "mentions.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\n")
        f.writelines(f"m{i + 1:07d},{lines[j]}\n" for i, j in enumerate(order))
    with open(os.path.join(out, "truth.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("record_id,person_id,household_id,relation\n")
        for i, j in enumerate(order):
            p = truth[j]
            f.write(f"m{i + 1:07d},{p.pid},{p.hid},{p.relation}\n")
    with open(os.path.join(out, "family.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("person_id_a,person_id_b,relation\n")
        f.writelines(f"{a},{b},{rel}\n" for a, b, rel in family_pairs(people))


def family_pairs(people):
    """Sibling and parent_child pairs (parent first) among people who are in the list."""
    out = []
    for p in people:
        for q in p.kin:
            if p.relation in ("brother", "twin") and p.pid < q.pid:
                out.append((p.pid, q.pid, "sibling"))
            elif p.relation == "father" and q.relation == "son":
                out.append((p.pid, q.pid, "parent_child"))
    return sorted(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mentions", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.mentions < 1:
        raise SystemExit("--mentions must be at least 1")
    check_out(a.out)
    t0 = time.time()
    r, k, centres, outlets, people, pl = build(a.mentions, a.seed)
    lines, truth = render_all(r, outlets, people, pl)
    order = list(range(len(lines)))
    r["order"].shuffle(order)
    write(a.out, lines, truth, order, people)
    h = stats.habits(GENERATOR, a, k, centres, outlets, people, pl, lines, time.time() - t0)
    with open(os.path.join(a.out, "habits.json"), "w", encoding="utf-8") as f:
        json.dump(h, f, ensure_ascii=False, indent=1, sort_keys=True)
    print(f"{len(lines)} mentions of {len(people)} people -> {a.out} ({time.time() - t0:.1f}s)")


if __name__ == "__main__":
    main()
