"""Republication benchmark: `linkage update` against a full dedupe of the same list.

Usage: python benchmarks/update.py --size 200000 [--published 0.8] [--steps 10]
A generated list (benchmarks/run.py's dataset, seed 5) is shuffled (seed 1) and split into a
published part and a batch. Each job runs the CLI in its own process (wall seconds and peak RSS
from os.wait4): a full dedupe of the whole list, a dedupe of the published part (release 1),
one update with the whole batch, and `--steps` successive updates with equal slices of it.
Writes benchmarks/results/update-SIZE.md and .json: time and memory against the full dedupe,
pairwise F1 against the truth and against the full dedupe's clusters, and id stability: of the
release-1 individuals whose people the batch never names, the share whose mentions all keep
their first id after every step.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from linkage.evaluate import cluster_metrics

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import SCRATCH, dataset, run_child  # the benchmarks' shared runner

RESULTS = Path(__file__).resolve().parent / "results"


def linkage(*args: str, work: Path, log: str, timeout: float) -> dict:
    """One CLI command in its own process; fails loudly (a benchmark of a failed run is void)."""
    cmd = [sys.executable, "-m", "linkage", "--temp-dir", str(work / "duckdb"), *args,
           "--store", str(work / "no-decisions.duckdb")]
    result = run_child(cmd, timeout, work / f"log-{log}.txt")
    if result["error"]:
        raise SystemExit(f"{log}: {result['error']}")
    return {"wall s": round(result["wall"], 2), "peak RSS MB": round(result["rss"])}


def split(data: Path, work: Path, published: float, steps: int) -> dict:
    """published.csv, batch.csv and batch-1..steps.csv, by a seeded shuffle of the mentions."""
    mentions = pd.read_csv(data / "mentions.csv", dtype=str, keep_default_na=False)
    shuffled = mentions.sample(frac=1, random_state=1).reset_index(drop=True)
    cut = round(len(shuffled) * published)
    files = {"published": work / "published.csv", "batch": work / "batch.csv"}
    shuffled.iloc[:cut].to_csv(files["published"], index=False)
    batch = shuffled.iloc[cut:]
    batch.to_csv(files["batch"], index=False)
    size = -(-len(batch) // steps) if steps else 0
    for i in range(steps):
        files[f"step-{i + 1}"] = work / f"batch-{i + 1}.csv"
        batch.iloc[i * size:(i + 1) * size].to_csv(files[f"step-{i + 1}"], index=False)
    return files | {"step size": size, "published n": cut, "batch n": len(batch)}


def clusters(run: Path) -> pd.DataFrame:
    return pd.read_csv(run / "clusters.csv", dtype=str)


def f1(run: Path, truth: pd.DataFrame, column: str = "person_id") -> float:
    """Pairwise F1 of a run's clusters against `truth[column]` (the truth or another run)."""
    merged = truth.merge(clusters(run), on="record_id")
    return round(cluster_metrics(merged["cluster_id"], merged[column])["pairwise"]["f1"], 4)


def stability(first: Path, last: Path, truth: pd.DataFrame, batch: Path) -> dict:
    """Release-1 individuals none of whose people the batch names (untouched in truth): the
    share whose every mention keeps its first id; and the share of all release-1 ids kept."""
    before, after = clusters(first), clusters(last).set_index("record_id")["individual_id"]
    named = set(truth.set_index("record_id").loc[pd.read_csv(batch, dtype=str).record_id].person_id)
    person = truth.set_index("record_id")["person_id"]
    before["touched"] = before.record_id.map(person).isin(named)
    before["kept"] = before.individual_id.values == after.loc[before.record_id].values
    per = before.groupby("individual_id").agg(touched=("touched", "any"), kept=("kept", "all"))
    untouched = per[~per.touched]
    return {"release-1 individuals": len(per), "untouched in truth": len(untouched),
            "untouched keeping first id": round(float(untouched.kept.mean()), 5),
            "all keeping first id": round(float(per.kept.mean()), 5)}


def changes(run: Path) -> dict:
    frame = pd.read_csv(run / "changes.csv", dtype=str)
    return dict(Counter(frame.change))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--published", type=float, default=0.8)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    data = dataset(args.size)
    work = SCRATCH / f"update-{args.size}"
    work.mkdir(parents=True, exist_ok=True)
    files = split(data, work, args.published, args.steps)
    truth = pd.read_csv(data / "truth.csv", dtype=str, keep_default_na=False)
    run = {name: work / f"run-{name}" for name in ("full", "release-1", "update")}
    jobs = {
        "full dedupe": linkage("dedupe", str(data / "mentions.csv"), "--out", str(run["full"]),
                               work=work, log="full", timeout=args.timeout),
        "release-1 dedupe": linkage("dedupe", str(files["published"]), "--out", str(run["release-1"]),
                                    work=work, log="release-1", timeout=args.timeout),
        "update": linkage("update", str(run["release-1"]), str(files["batch"]), "--out",
                          str(run["update"]), work=work, log="update", timeout=args.timeout),
    }
    steps, previous = [], run["release-1"]
    for i in range(1, args.steps + 1):
        out = work / f"run-step-{i}"
        timed = linkage("update", str(previous), str(files[f"step-{i}"]), "--out", str(out),
                        work=work, log=f"step-{i}", timeout=args.timeout)
        steps.append({"step": i, **timed, "changes": changes(out)})
        previous = out
    full_clusters = clusters(run["full"]).rename(columns={"cluster_id": "full_cluster"})
    against_full = truth.merge(full_clusters[["record_id", "full_cluster"]], on="record_id")
    result = {
        "size": len(truth), "published": files["published n"], "batch": files["batch n"],
        "step size": files["step size"], "jobs": jobs,
        "update / full time": round(jobs["update"]["wall s"] / jobs["full dedupe"]["wall s"], 3),
        "update / full peak RSS": round(jobs["update"]["peak RSS MB"] / jobs["full dedupe"]["peak RSS MB"], 3),
        "F1 full": f1(run["full"], truth), "F1 update": f1(run["update"], truth),
        "F1 update vs full clusters": f1(run["update"], against_full, "full_cluster"),
        "update changes": changes(run["update"]),
        "steps": steps,
        "stability after steps": stability(run["release-1"], previous, truth, files["batch"]) if steps else None,
        "manifest timings (update)": json.loads((run["update"] / "manifest.json").read_text())["timings_seconds"],
        "manifest timings (full)": json.loads((run["full"] / "manifest.json").read_text())["timings_seconds"],
    }
    RESULTS.mkdir(exist_ok=True)
    name = f"update-{args.size}"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2))
    (RESULTS / f"{name}.md").write_text(report(result, args))
    print(report(result, args))


def report(r: dict, args) -> str:
    rows = "\n".join(f"| {job} | {v['wall s']:.1f} | {v['peak RSS MB']:,} |" for job, v in r["jobs"].items())
    step_rows = "\n".join(f"| {s['step']} | {s['wall s']:.1f} | {s['peak RSS MB']:,} | "
                          f"{', '.join(f'{k} {n:,}' for k, n in sorted(s['changes'].items()))} |"
                          for s in r["steps"])
    st = r["stability after steps"]
    stable = "" if st is None else f"""
## {len(r['steps'])} successive updates of {r['step size']:,} mentions each

| step | wall s | peak RSS MB | changes |
|---|---|---|---|
{step_rows}

Of the {st['release-1 individuals']:,} release-1 individuals, {st['untouched in truth']:,} are people
no batch names; after the last step **{st['untouched keeping first id']:.2%}** of them still carry
their first id on every mention ({st['all keeping first id']:.2%} of all release-1 individuals).
"""
    return f"""# Republication: update against a full dedupe ({r['size']:,} mentions)

`python benchmarks/update.py --size {args.size} --published {args.published} --steps {args.steps}`
(2 cores, machine shared with other jobs). Published {r['published']:,} mentions, batch {r['batch']:,}.

| job | wall s | peak RSS MB |
|---|---|---|
{rows}

- update time / full dedupe time: **{r['update / full time']:.3f}**; peak RSS ratio {r['update / full peak RSS']:.3f}
- pairwise F1 against the truth: full dedupe {r['F1 full']:.4f}, update {r['F1 update']:.4f}
  (difference {r['F1 update'] - r['F1 full']:+.4f}); update's clusters against the full dedupe's: F1 {r['F1 update vs full clusters']:.4f}
- the update's changes: {', '.join(f'{k} {n:,}' for k, n in sorted(r['update changes'].items()))}
- update stage seconds: {', '.join(f'{k} {v}' for k, v in r['manifest timings (update)'].items())}
- full dedupe stage seconds: {', '.join(f'{k} {v}' for k, v in r['manifest timings (full)'].items())}
{stable}"""


if __name__ == "__main__":
    main()
