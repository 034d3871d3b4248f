"""Blocking recall: the share of true pairs that share at least one block, and the pair count.

Usage: python benchmarks/blocking_recall.py RUN_FOLDER TRUTH_CSV [--spec soldiers]
Reads the run's features.parquet (the normalised mentions) and the truth; evaluates each
blocking rule of the spec on every true pair, exactly as Splink's join would. Prints a table
and writes benchmarks/results/blocking-recall-N.md.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--spec", default="soldiers")
    args = parser.parse_args()
    rules = load_spec(args.spec).blocking_rules
    con = duckdb.connect()
    con.execute(f"CREATE VIEW features AS SELECT * FROM read_parquet({quote_literal(args.run / 'features.parquet')})")
    con.execute(f"CREATE VIEW truth AS SELECT * FROM read_csv({quote_literal(args.truth)}, all_varchar=true)")
    con.execute("""CREATE TABLE true_pairs AS SELECT a.record_id AS a, b.record_id AS b
                   FROM truth a JOIN truth b ON a.person_id = b.person_id AND a.record_id < b.record_id""")
    flags = ", ".join(f"coalesce(({rule_condition(r)}) OR ({rule_condition(r).replace('l.', 'x.').replace('r.', 'l.').replace('x.', 'r.')}), false) AS r{i}"
                      for i, r in enumerate(rules))
    con.execute(f"""CREATE TABLE hits AS SELECT {flags} FROM true_pairs t
                    JOIN features l ON l.record_id = t.a JOIN features r ON r.record_id = t.b""")
    total = con.execute("SELECT count(*) FROM hits").fetchall()[0][0]
    any_rule = " OR ".join(f"r{i}" for i in range(len(rules)))
    found = con.execute(f"SELECT count(*) FILTER (WHERE {any_rule}) FROM hits").fetchall()[0][0]
    manifest = json.loads((args.run / "manifest.json").read_text())
    counts = {c["rule"]: c for c in manifest["blocking"]}
    lines = [(f"Mentions: {manifest['counts']['accepted']:,}; true pairs: {total:,}; "
             f"in at least one block: {found:,} ({found / total:.2%}); candidate pairs scored: "
             f"{manifest['blocking'][-1]['cumulative_pairs']:,}"), "",
             "| rule | true pairs it blocks | marginal candidate pairs |", "|---|---|---|"]
    for i, rule in enumerate(rules):
        hit = con.execute(f"SELECT count(*) FILTER (WHERE r{i}) FROM hits").fetchall()[0][0]
        marginal = counts.get(rule, {}).get("marginal_pairs", "")
        lines.append(f"| `{rule}` | {hit:,} ({hit / total:.1%}) | {marginal:,} |" if marginal != ""
                     else f"| `{rule}` | {hit:,} ({hit / total:.1%}) | not in this run |")
    text = "\n".join(lines)
    print(text)
    out = HERE / "results" / f"blocking-recall-{manifest['counts']['accepted']}.md"
    out.write_text(f"# Blocking recall\n\n`python benchmarks/blocking_recall.py RUN TRUTH`\n\n{text}\n")


if __name__ == "__main__":
    main()
