"""Benchmark linkage against peer tools on generated lists, each tool in its own process.

Usage: python benchmarks/run.py --sizes 10000,100000 [--repeats 3] [--peers splink,recordlinkage,dedupe]
       python benchmarks/run.py --smoke      # 2k mentions, linkage + plain Splink, < 60 s
For each size (mentions; people = size / 2.45) generate with a fixed seed under
benchmarks/scratch/, run every tool as a subprocess (wall seconds, peak RSS of that process from
os.wait4), score its clusters.csv with linkage.evaluate.cluster_metrics against truth.csv, and
write benchmarks/results/bench-DATE-SHA.json and .md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from linkage.evaluate import cluster_metrics
from linkage.generate import write_dataset

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch"
MENTIONS_PER_PERSON = 2.45  # generate.py's average
SEED = 5
TOOLS = {  # tool label → (module under peers/, size limit in mentions or None)
    "linkage": ("engine", None),
    "splink": ("splink_plain", None),
    # recordlinkage held 4.9 GB at 100k mentions and grows faster than linearly: 1M would not fit
    "recordlinkage": ("recordlinkage_ecm", 200_000),
    # dedupe took 5–6 min and 10 GB at 20k here and did not finish 200k in 20 min (SPLINK5-NOTES)
    "dedupe": ("dedupe_labels", 20_000),
}
COLUMNS = ["tool", "mentions", "wall s", "peak RSS MB", "pairwise P", "pairwise R", "pairwise F1",
           "B-cubed F1", "household merges", "largest cluster", "note"]


def dataset(size: int) -> Path:
    people = round(size / MENTIONS_PER_PERSON)
    folder = SCRATCH / f"data-{people}-{SEED}"
    if not (folder / "truth.csv").exists():
        write_dataset(folder, people, SEED)
    return folder


def run_child(cmd: list[str], timeout: float, log: Path) -> dict:
    """Run one process; wall seconds, peak RSS (MB) of it and its children, or why it failed."""
    start = time.perf_counter()
    # stderr to a file, not a pipe: Splink's training log would fill a pipe and block the child
    with open(log, "wb") as sink:
        proc = subprocess.Popen(cmd, cwd=HERE, stdout=sink, stderr=sink, start_new_session=True)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            return {"error": f"over the {timeout:.0f} s limit (peak RSS {usage.ru_maxrss / 1024:,.0f} MB"
                             " by then)", "wall": None, "rss": usage.ru_maxrss / 1024}
        time.sleep(0.2)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / 1024  # KB on Linux
    if proc.returncode:
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["?"]
        return {"error": f"failed (exit {proc.returncode}): {tail[0][:160]}", "wall": wall, "rss": rss}
    return {"error": None, "wall": wall, "rss": rss}


def evaluate(out: Path, truth: pd.DataFrame) -> dict:
    pred = pd.read_csv(out / "clusters.csv", dtype=str)
    merged = truth.merge(pred, on="record_id", how="left")
    labels = merged["cluster_id"].fillna(merged["record_id"])  # unclustered: own singleton
    return cluster_metrics(labels, merged["person_id"], merged["household_id"].replace("", None))


def run_tool(tool: str, size: int, data: Path, args) -> dict:
    module, limit = TOOLS[tool]
    truth = pd.read_csv(data / "truth.csv", dtype=str, keep_default_na=False)
    row = {"tool": tool, "mentions": len(truth), "size": size}
    if limit and size > limit:
        return row | {"note": f"not run: {tool} is limited to {limit:,} mentions here"}
    python = sys.executable if tool in ("linkage", "splink") else args.peer_python
    out = SCRATCH / f"out-{tool}-{size}"
    out.mkdir(parents=True, exist_ok=True)
    runs = []
    for _ in range(args.repeats):
        result = run_child([python, "-m", f"peers.{module}", "--data", str(data), "--out", str(out)],
                           args.timeout, SCRATCH / f"log-{tool}-{size}.txt")
        if result["error"]:
            return row | {"note": result["error"]}
        info = json.loads((out / "info.json").read_text())
        runs.append(result | {"wall": result["wall"] - info.get("excluded_seconds", 0), "info": info})
    m = evaluate(out, truth)
    info = runs[-1]["info"]
    return row | {
        "wall s": round(statistics.median(r["wall"] for r in runs), 2),
        "walls": [round(r["wall"], 2) for r in runs],
        "peak RSS MB": round(max(r["rss"] for r in runs)),
        "pairwise P": m["pairwise"]["precision"], "pairwise R": m["pairwise"]["recall"],
        "pairwise F1": m["pairwise"]["f1"], "B-cubed F1": m["bcubed"]["f1"],
        "household merges": m["household_merges"],
        "largest cluster": m["predicted_largest_cluster"], "info": info,
        "note": note(tool, info, len(runs)),
    }


def note(tool: str, info: dict, repeats: int) -> str:
    parts = [f"median of {repeats}"] if repeats > 1 else []
    if "threshold_choice" in info:
        parts.append(f"threshold {info['threshold']} ({info['threshold_choice']}; sweep time "
                     "excluded)")
    if info.get("note"):
        parts.append(info["note"])
    return "; ".join(parts)


def markdown(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        cells = []
        for c in COLUMNS:
            v = r.get(c, "")
            cells.append(f"{v:.4f}" if isinstance(v, float) and c.startswith(("pair", "B-"))
                         else f"{v:,}" if isinstance(v, int) and c not in ("household merges", "largest cluster")
                         else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def git_sha() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, check=False,
                          text=True)
    return done.stdout.strip() or "nogit"


def write_results(rows: list[dict], command: str, args) -> Path:
    stem = f"bench-{datetime.date.today().isoformat()}-{git_sha()}" + ("-smoke" if args.smoke else "")
    folder = Path(args.results)
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"command": command, "python": platform.python_version(), "cpus": os.cpu_count(),
            "seed": SEED, "timeout_s": args.timeout, "repeats": args.repeats}
    (folder / f"{stem}.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2,
                                                    default=str))
    (folder / f"{stem}.md").write_text(
        f"# Benchmark {stem}\n\n`{command}`\n\n{markdown(rows)}\n\n"
        f"{os.cpu_count()} cores, Python {platform.python_version()}, seed {SEED}; "
        "wall = seconds of the tool's own process (median of repeats), peak RSS of that process.\n")
    return folder / f"{stem}.md"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--peers", default="splink,recordlinkage,dedupe")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--peer-python", default=sys.executable,
                        help="interpreter for recordlinkage and dedupe (they need pandas < 3)")
    parser.add_argument("--results", default=str(HERE / "results"), help="folder for the tables")
    parser.add_argument("--smoke", action="store_true", help="2k mentions, linkage + plain Splink")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.peers, args.repeats = "2000", "splink", 1
    tools = ["linkage"] + [p for p in args.peers.split(",") if p]
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        data = dataset(size)
        for tool in tools:
            rows.append(run_tool(tool, size, data, args))
            print(markdown(rows[-1:]).splitlines()[-1], flush=True)
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    out = write_results(rows, command, args)
    print(markdown(rows))
    print(json.dumps({"written": str(out)}))


if __name__ == "__main__":
    main()
