"""Blocking recall: the share of true pairs that share at least one block, and the pair count.

Usage: python benchmarks/blocking_recall.py RUN_FOLDER TRUTH_CSV [--spec soldiers] [--out FILE]
Reads the run's features.parquet (the normalised mentions, with the flags of capped blocks) and
manifest.json (the rules as run: blocking.cap_blocks splits or leaves out blocks over the spec's
max_block_size), and the truth; evaluates each rule on every true pair, exactly as Splink's
join would, both as run and as the spec writes it (uncapped). Prints a table and writes
benchmarks/results/blocking-recall-N.md (or --out).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

from linkage.comparisons import rule_condition
from linkage.config import load_spec
from linkage.database import quote_literal

HERE = Path(__file__).resolve().parent


def either_way(rule: str) -> str:
    """The rule's condition on a pair in either order (Splink blocks each pair once)."""
    cond = rule_condition(rule)
    swapped = cond.replace("l.", "x.").replace("r.", "l.").replace("x.", "r.")
    return f"coalesce(({cond}) OR ({swapped}), false)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--spec", default="soldiers")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rules = load_spec(args.spec).blocking_rules
    manifest = json.loads((args.run / "manifest.json").read_text())
    as_run = [(c["rule"], c.get("condition", c["rule"])) for c in manifest["blocking"]]
    con = duckdb.connect()
    con.execute(f"CREATE VIEW features AS SELECT * FROM read_parquet({quote_literal(args.run / 'features.parquet')})")
    con.execute(f"CREATE VIEW truth AS SELECT * FROM read_csv({quote_literal(args.truth)}, all_varchar=true)")
    con.execute("""CREATE TABLE true_pairs AS SELECT a.record_id AS a, b.record_id AS b
                   FROM truth a JOIN truth b ON a.person_id = b.person_id AND a.record_id < b.record_id""")
    spec_flags = [f"{either_way(r)} AS s{i}" for i, r in enumerate(rules)]
    run_flags = [f"({' OR '.join(either_way(c) for o, c in as_run if o == r) or 'false'}) AS r{i}"
                 for i, r in enumerate(rules)]
    con.execute(f"""CREATE TABLE hits AS SELECT {', '.join(spec_flags + run_flags)} FROM true_pairs t
                    JOIN features l ON l.record_id = t.a JOIN features r ON r.record_id = t.b""")
    total = con.execute("SELECT count(*) FROM hits").fetchall()[0][0]
    found = con.execute(f"SELECT count(*) FILTER (WHERE {' OR '.join(f'r{i}' for i in range(len(rules)))}), "
                        f"count(*) FILTER (WHERE {' OR '.join(f's{i}' for i in range(len(rules)))}) "
                        "FROM hits").fetchall()[0]
    marginal = {r: sum(c["marginal_pairs"] for c in manifest["blocking"] if c["rule"] == r) for r in rules}
    capped = {c["rule"]: c["capped"] for c in manifest["blocking"] if "capped" in c}
    lines = [(f"Mentions: {manifest['counts']['accepted']:,}; true pairs: {total:,}; in at least one "
              f"block as run: {found[0]:,} ({found[0] / total:.2%}); with the spec's rules uncapped: "
              f"{found[1]:,} ({found[1] / total:.2%}); candidate pairs scored: "
              f"{manifest['blocking'][-1]['cumulative_pairs']:,}; "
              f"max_block_size: {manifest['spec']['blocking'].get('max_block_size', 'none')}"), "",
             "| rule | true pairs it blocks as run | uncapped | marginal candidate pairs | capped keys (their pairs) |",
             "|---|---|---|---|---|"]
    for i, rule in enumerate(rules):
        hit_run, hit_spec = con.execute(f"SELECT count(*) FILTER (WHERE r{i}), count(*) FILTER (WHERE s{i}) "
                                        "FROM hits").fetchall()[0]
        cap = capped.get(rule)
        lines.append(f"| `{rule}` | {hit_run:,} ({hit_run / total:.1%}) | {hit_spec:,} ({hit_spec / total:.1%}) | "
                     f"{marginal[rule]:,} | " + (f"{cap['keys']:,} ({cap['pairs']:,})" if cap else "") + " |")
    text = "\n".join(lines)
    print(text)
    out = args.out or HERE / "results" / f"blocking-recall-{manifest['counts']['accepted']}.md"
    out.write_text(f"# Blocking recall\n\n`python benchmarks/blocking_recall.py RUN TRUTH`\n\n{text}\n")


if __name__ == "__main__":
    main()
