"""Run the engine as a black box on lists from an independent generator (the second by default).

    python benchmarks/other_hands2/run.py --sizes 20000,200000 --seeds 1,2
    python benchmarks/other_hands2/run.py --sizes 1000000 --seeds 1 --tag=-1M
    python benchmarks/other_hands2/run.py --generator other_hands3 --sizes 20000,200000 --seeds 1,2,3
    python benchmarks/other_hands2/run.py --generator other_hands4 --sizes 20000,200000 --seeds 1,2,3

Sizes are mentions. For each size and seed: generate a list with benchmarks/<generator>/generate.py
into benchmarks/scratch/<generator>/ (git-ignored), run `linkage --temp-dir … dedupe --retrain` and
`linkage evaluate` under /usr/bin/time -v (benchmarks/other_hands/run.py's `timed`), and write
benchmarks/results/other-hands<N>-<date><tag>.md (and .json): the accuracy table, and where the
true pairs the run did not join went (never scored, below the threshold, or refused, by reason).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def _timed():
    """benchmarks/other_hands/run.py's `timed` (wall seconds and peak RSS under /usr/bin/time -v)."""
    spec = importlib.util.spec_from_file_location("other_hands_run", HERE.parent / "other_hands" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.timed


def missed(gen: Path, run: Path) -> dict:
    """The true pairs in different predicted clusters, by why: no scored pair (never a candidate,
    or below the pairs floor), scored below the run's threshold, refused (by the clustering's
    reason), or scored above it and joined to neither side's group."""
    threshold = json.loads((run / "manifest.json").read_text())["parameters"]["threshold"]
    con = duckdb.connect()
    con.execute(f"""CREATE TABLE tk AS SELECT t.record_id, t.person_id, k.cluster_id
        FROM read_csv('{gen / "truth.csv"}', all_varchar=true) t
        JOIN read_csv('{run / "clusters.csv"}', all_varchar=true) k USING (record_id)""")
    rows = con.execute(f"""
        WITH miss AS (SELECT x.record_id AS a, y.record_id AS b FROM tk x JOIN tk y
                      ON x.person_id = y.person_id AND x.record_id < y.record_id AND x.cluster_id <> y.cluster_id),
        p AS (SELECT least(record_id_l, record_id_r) AS a, greatest(record_id_l, record_id_r) AS b,
                     max(match_probability) AS pr FROM '{run / "pairs.parquet"}' GROUP BY ALL),
        r AS (SELECT least(record_id_l, record_id_r) AS a, greatest(record_id_l, record_id_r) AS b,
                     any_value(reason) AS reason FROM read_csv('{run / "refused.csv"}', all_varchar=true) GROUP BY ALL)
        SELECT CASE WHEN p.pr IS NULL THEN 'no scored pair' WHEN p.pr < {threshold} THEN 'below the threshold'
                    WHEN r.reason IS NOT NULL THEN 'refused: ' || r.reason ELSE 'above the threshold, not joined' END,
               count(*)
        FROM miss LEFT JOIN p USING (a, b) LEFT JOIN r USING (a, b) GROUP BY 1 ORDER BY 2 DESC""").fetchall()
    return dict(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark the engine on an independent generator's lists.")
    ap.add_argument("--generator", default="other_hands2", choices=["other_hands2", "other_hands3", "other_hands4"],
                    help="the folder under benchmarks/ whose generate.py writes the lists")
    ap.add_argument("--sizes", default="20000,200000", help="comma-separated mention counts")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--scratch", type=Path, help="default: benchmarks/scratch/<generator>")
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks/results")
    ap.add_argument("--engine", default=f"{sys.executable} -m linkage", help="the engine's CLI command")
    ap.add_argument("--tag", default="", help="suffix for the results file name")
    a = ap.parse_args(argv)
    timed = _timed()
    a.scratch = a.scratch or REPO / "benchmarks/scratch" / a.generator
    a.scratch.mkdir(parents=True, exist_ok=True)
    engine, rows = shlex.split(a.engine), []
    for size in [int(s) for s in a.sizes.split(",")]:
        for seed in [int(s) for s in a.seeds.split(",")]:
            gen, run = a.scratch / f"list-{size}-s{seed}", a.scratch / f"run-{size}-s{seed}"
            timed([sys.executable, str(HERE.parent / a.generator / "generate.py"), "--mentions", str(size), "--seed", str(seed),
                   "--out", str(gen)], a.scratch / f"gen-{size}-s{seed}.log")
            if (run / "manifest.json").exists():
                shutil.rmtree(run)  # our own previous run folder
            e = timed([*engine, "--temp-dir", str(a.scratch / "duckdb-temp"), "dedupe", str(gen / "mentions.csv"),
                       "--out", str(run), "--retrain"], a.scratch / f"dedupe-{size}-s{seed}.log")
            subprocess.run([*engine, "evaluate", str(run), "--truth", str(gen / "truth.csv")],
                           check=True, stdout=subprocess.DEVNULL)
            ev = json.loads((run / "evaluation.json").read_text())
            row = {"size": size, "seed": seed, "mentions": ev["records"], "people": ev["true_clusters"],
                   "seconds": e["seconds"], "peak_mb": e["peak_mb"], "pairwise": ev["pairwise"],
                   "bcubed": ev["bcubed"], "household_merges": ev["household_merges"],
                   "household_pairs": ev["household_pairs"], "households_found": ev.get("households_found"),
                   "missed": missed(gen, run)}
            print(json.dumps({k: v for k, v in row.items() if k != "missed"}), flush=True)
            rows.append(row)
    write_results(rows, a)
    return 0


def _found(row: dict, key: str) -> str:
    """The households the family links found (evaluate's households_found), or a dash."""
    found = row.get("households_found")
    return f"{found[key]:.4f}" if found else "–"


def write_results(rows: list[dict], a) -> None:
    number = a.generator.removeprefix("other_hands")
    stem = f"other-hands{number}-{dt.date.today().isoformat()}{a.tag}"
    (a.results / f"{stem}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    which = {"2": "second", "3": "third", "4": "fourth"}[number]
    lines = [f"# Engine on the {which} independent generator's lists ({dt.date.today().isoformat()}, {commit})", "",
             (f"Lists from `benchmarks/{a.generator}/generate.py --mentions SIZE --seed S` (written without reading "
             "the engine or the other generators); `linkage dedupe --retrain`, `linkage evaluate`. Wall time and "
             "peak RSS from `/usr/bin/time -v` (a shared machine: times are indicative)."), "",
             ("| mentions | people | seed | dedupe s | peak MB | pairwise P | R | F1 | B³ F1 | household merges "
              "| households found P | R |"),
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['mentions']:,} | {r['people']:,} | {r['seed']} | {r['seconds']} | {r['peak_mb']:,} | "
              f"{r['pairwise']['precision']:.4f} | {r['pairwise']['recall']:.4f} | {r['pairwise']['f1']:.4f} | "
              f"{r['bcubed']['f1']:.4f} | {r['household_merges']} of {r['household_pairs']:,} | "
              f"{_found(r, 'precision')} | {_found(r, 'recall')} |" for r in rows]
    lines += ["", "## Where the true pairs not joined went", ""]
    for r in rows:
        lines.append(f"- {r['mentions']:,} s{r['seed']}: " + "; ".join(f"{k} {v:,}" for k, v in r["missed"].items()))
    (a.results / f"{stem}.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {a.results / stem}.md")


if __name__ == "__main__":
    sys.exit(main())
