"""The engine on `--vary` lists: one noise model drawn per seed, the engine run as a black box.

    python benchmarks/vary.py --mentions 20000 --seeds 1,2,3,4,5

For each seed: `linkage generate --vary SEED` (people chosen so the drawn model gives about
--mentions mentions) into benchmarks/scratch/vary/ (git-ignored), `linkage --temp-dir … dedupe`
and `linkage evaluate`, wall time and peak RSS by /usr/bin/time -v. Writes
benchmarks/results/vary-<date>.md (and .json): pairwise P/R/F1, B³ F1, merges within a
household, seconds; then the recall of true pairs by the habit either mention carries, and
what each drawn model looks like (sources, missing columns, the main rates).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.generate import draw_config, generate_dataset

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch" / "vary"
RESULTS = HERE / "results"
TIME = "/usr/bin/time"
LINKAGE = [sys.executable, "-m", "linkage"]
# per-mention habit flags of the generator's noise frame, for recall by habit
HABITS = ("month_first", "death_day_month_swap", "burial_date", "birth_month_only", "death_month_only",
          "birth_year_only", "death_year_only", "age_off", "age_at_writing", "initials", "patronymic_initial",
          "familiar", "diminutive", "name_swap", "sparse_mention", "typo", "latin")
RATES = ("month_first", "burial_date", "initials", "familiar", "name_swap", "typo", "households", "group_pages")


def timed(cmd: list[str], log: Path) -> dict:
    """Run cmd under /usr/bin/time -v: wall seconds and peak RSS (MB), or stop on failure."""
    stats = log.with_suffix(".time")
    with open(log, "w") as out:
        proc = subprocess.run([TIME, "-v", "-o", str(stats), *cmd], stdout=out, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}; see {log}")
    text = stats.read_text()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.+)", text).group(1).strip()
    seconds = sum(float(p) * 60 ** k for k, p in enumerate(reversed(wall.split(":"))))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return {"seconds": round(seconds, 1), "peak_mb": round(rss_kb / 1024)}


def people_for(mentions: int, vary: int) -> int:
    """People whose expected mentions under the drawn model come to `mentions`."""
    shares = np.asarray(draw_config(vary).mentions_per_person, dtype=float)
    mean = float((np.arange(1, len(shares) + 1) * shares).sum() / shares.sum())
    return max(1, round(mentions / mean))


def recall_by_habit(gen: Path, run: Path, people: int, seed: int, vary: int) -> dict:
    """Share of true pairs linked, among pairs where either mention carries each habit."""
    noise = generate_dataset(people, seed, draw_config(vary)).noise  # the same list, with its noise
    return habit_recall(noise, gen, run, HABITS)


def habit_recall(noise: pd.DataFrame, gen: Path, run: Path, habits) -> dict:
    """Share of true pairs linked, over all pairs ("all") and among pairs where either mention
    carries each habit (a 0/1 column of `noise`, the generator's per-mention noise flags)."""
    truth = pd.read_csv(gen / "truth.csv", dtype=str, keep_default_na=False)
    clusters = pd.read_csv(run / "clusters.csv", dtype=str, keep_default_na=False)
    x = truth.merge(clusters, on="record_id", how="left").merge(noise, on="record_id")
    flags = x[["person_id", "record_id", "cluster_id", *habits]]
    pairs = flags.merge(flags, on="person_id", suffixes=("_l", "_r"))
    pairs = pairs[pairs["record_id_l"] < pairs["record_id_r"]]
    linked = pairs["cluster_id_l"] == pairs["cluster_id_r"]
    out = {"all": {"pairs": len(pairs), "recall": round(float(linked.mean()), 4)}}
    for habit in habits:
        has = (pairs[f"{habit}_l"] == 1) | (pairs[f"{habit}_r"] == 1)
        if has.sum():
            out[habit] = {"pairs": int(has.sum()), "recall": round(float(linked[has].mean()), 4)}
    return out


def one(seed: int, mentions: int, data_seed: int) -> dict:
    people = people_for(mentions, seed)
    gen, run = SCRATCH / f"data-{mentions}-{seed}", SCRATCH / f"run-{mentions}-{seed}"
    gen.mkdir(parents=True, exist_ok=True)
    subprocess.run([*LINKAGE, "generate", "--people", str(people), "--seed", str(data_seed), "--vary", str(seed),
                    "--out", str(gen)], check=True, stdout=subprocess.DEVNULL)
    tmp = SCRATCH / "tmp"
    cost = timed([*LINKAGE, "--temp-dir", str(tmp), "dedupe", str(gen / "mentions.csv"), "--out", str(run),
                  "--store", str(SCRATCH / f"store-{seed}.duckdb")], SCRATCH / f"dedupe-{mentions}-{seed}.log")
    subprocess.run([*LINKAGE, "evaluate", str(run), "--truth", str(gen / "truth.csv")], check=True,
                   stdout=subprocess.DEVNULL)
    ev = json.loads((run / "evaluation.json").read_text())
    cfg = draw_config(seed)
    return {"seed": seed, "people": people, "mentions": ev["records"],
            "precision": ev["pairwise"]["precision"], "recall": ev["pairwise"]["recall"],
            "f1": ev["pairwise"]["f1"], "b3_f1": ev["bcubed"]["f1"],
            "household_merges": ev.get("household_merges"), **cost,
            "sources": list(cfg.sources), "missing_columns": {k: list(v) for k, v in cfg.missing_columns.items()},
            "rates": {k: getattr(cfg, k) for k in RATES},
            "recall_by_habit": recall_by_habit(gen, run, people, data_seed, seed)}


def table(rows: list[dict]) -> str:
    lines = ["| seed | mentions | P | R | F1 | B³ F1 | household merges | seconds | peak MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['seed']} | {r['mentions']:,} | {r['precision']:.3f} | {r['recall']:.3f} | "
                     f"{r['f1']:.3f} | {r['b3_f1']:.3f} | {r['household_merges']} | {r['seconds']:.0f} | "
                     f"{r['peak_mb']:,} |")
    return "\n".join(lines)


def habits_table(rows: list[dict]) -> str:
    lines = ["| habit | " + " | ".join(f"seed {r['seed']}" for r in rows) + " |",
             "|---|" + "---|" * len(rows)]
    for habit in HABITS:
        cells = [(f"{r['recall_by_habit'][habit]['recall']:.3f} ({r['recall_by_habit'][habit]['pairs']:,})"
                  if habit in r["recall_by_habit"] else "—") for r in rows]
        lines.append(f"| {habit} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def models_table(rows: list[dict]) -> str:
    lines = ["| seed | sources | missing columns | " + " | ".join(RATES) + " |",
             "|---|---|---|" + "---|" * len(RATES)]
    for r in rows:
        missing = "; ".join(f"{k}: {', '.join(v)}" for k, v in r["missing_columns"].items()) or "—"
        lines.append(f"| {r['seed']} | {', '.join(r['sources'])} | {missing} | "
                     + " | ".join(f"{r['rates'][k]:.2f}" for k in RATES) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, default=20000)
    parser.add_argument("--seeds", default="1,2,3,4,5", help="--vary seeds, comma-separated")
    parser.add_argument("--data-seed", type=int, default=1, help="--seed of generate (the people)")
    args = parser.parse_args()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    rows = []
    for seed in (int(s) for s in args.seeds.split(",")):
        rows.append(one(seed, args.mentions, args.data_seed))
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE, check=False).stdout.strip()
    stamp = dt.date.today().isoformat()
    text = (f"# The engine on `--vary` lists (~{args.mentions:,} mentions, commit {commit}, {stamp})\n\n"
            f"`python benchmarks/vary.py --mentions {args.mentions} --seeds {args.seeds}`: one noise model "
            f"drawn per seed (`linkage generate --vary SEED --seed {args.data_seed}`), default dedupe settings.\n\n"
            f"{table(rows)}\n\nMean pairwise F1 {np.mean([r['f1'] for r in rows]):.3f}, "
            f"B³ F1 {np.mean([r['b3_f1'] for r in rows]):.3f}.\n\n"
            f"## Recall of true pairs where either mention carries the habit (pairs)\n\n{habits_table(rows)}\n\n"
            f"## The drawn models\n\n{models_table(rows)}\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"vary-{stamp}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"vary-{stamp}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
