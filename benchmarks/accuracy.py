"""Accuracy by size: name keys vs one-scheme transliteration, and each clustering method.

Usage: python benchmarks/accuracy.py --people 8000 [--people 80000 ...] [--seed 5]
For each size: generate (cached under benchmarks/scratch/), run `dedupe` once per name mode,
then re-cluster the saved pairs with each method at the model's threshold and at the best
threshold of a sweep. Prints a markdown table and writes benchmarks/results/accuracy-DATE.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from linkage import clustering
from linkage.config import EngineConfig
from linkage.constraints import Constraints
from linkage.evaluate import cluster_metrics
from linkage.generate import write_dataset
from linkage.pipeline import RunOptions, dedupe
from linkage.runs import Run
from linkage.weights import probability_to_weight

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch"


def dataset(people: int, seed: int) -> Path:
    folder = SCRATCH / f"data-{people}-{seed}"
    if not (folder / "truth.csv").exists():
        write_dataset(folder, people, seed)
    return folder


def recluster(run: Path, truth: pd.DataFrame, method: str, thresholds: list[float]) -> list[dict]:
    """Metrics per threshold (match probability) for one method, from the saved run folder."""
    saved = Run.open(run)
    edges = clustering.load_edges(saved.con, "pairs")
    rules = Constraints.from_spec(saved.spec.constraints)  # the spec's rules, none measured off
    weights = [probability_to_weight(t) for t in thresholds]
    snapshots, _ = clustering.cluster_sweep(saved.records, edges, weights, method, rules=rules,
                                            floor_weight=saved.spec.scoring.unscored_pair_weight)
    ids = saved.record_ids()
    saved.close()
    rows = []
    for t, labels in zip(thresholds, snapshots):
        pred = pd.DataFrame({"record_id": [ids[u] for u in labels], "label": list(labels.values())})
        merged = truth.merge(pred, on="record_id", how="left")
        m = cluster_metrics(merged["label"].fillna(merged["record_id"]).astype(str),
                            merged["person_id"], merged["household_id"])
        rows.append({"threshold": t, **flatten(m)})
    return rows


def flatten(m: dict) -> dict:
    return {"P": m["pairwise"]["precision"], "R": m["pairwise"]["recall"], "F1": m["pairwise"]["f1"],
            "B3_F1": m["bcubed"]["f1"], "household_merges": m["household_merges"],
            "largest": m.get("predicted_largest_cluster", None)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, action="append", required=True)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--modes", default="keys,plain")
    args = parser.parse_args()
    thresholds = [float(x) for x in np.round(np.linspace(0.5, 0.995, 34), 4)]
    lines = ["| mentions | names | method | threshold | P | R | F1 | B-cubed F1 | household merges | dedupe s |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for people in args.people:
        data = dataset(people, args.seed)
        truth = pd.read_csv(data / "truth.csv", dtype=str, keep_default_na=False)
        for mode in args.modes.split(","):
            run = SCRATCH / f"run-{people}-{args.seed}-{mode}"
            engine = EngineConfig(temp_directory=str(SCRATCH / "duckdb"), name_mode=mode)
            start = time.perf_counter()
            manifest = dedupe(RunOptions(mentions=data / "mentions.csv", out=run, engine=engine))
            seconds = time.perf_counter() - start
            default = manifest["parameters"]["threshold"]
            for method in ("components", "best_link", "constrained"):
                rows = recluster(run, truth, method, sorted(set(thresholds + [default])))
                at_default = next(r for r in rows if r["threshold"] == default)
                best = max(rows, key=lambda r: r["F1"])
                for label, r in (("default", at_default), ("best", best)):
                    lines.append(
                        f"| {len(truth):,} | {mode} | {method} | {label} {r['threshold']:.3f} | "
                        f"{r['P']:.4f} | {r['R']:.4f} | {r['F1']:.4f} | {r['B3_F1']:.4f} | "
                        f"{r['household_merges']} | {seconds:.1f} |")
            print("\n".join(lines[-4:]), flush=True)
    table = "\n".join(lines)
    print(table)
    sizes = "-".join(str(p) for p in args.people)
    out = HERE / "results" / f"accuracy-people-{sizes}-{datetime.date.today().isoformat()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# Accuracy by size\n\n`python benchmarks/accuracy.py {' '.join('--people ' + str(p) for p in args.people)} --seed {args.seed}`\n\n{table}\n")
    print(json.dumps({"written": str(out)}))


if __name__ == "__main__":
    main()
