"""DuckDB vs Spark (local mode): time, peak memory, accuracy, and the per-component clustering.

Usage: python benchmarks/spark.py --people 8000 [--people 80000] [--seed 5] [--master local[2]]
For each size: generate a list (cached under benchmarks/scratch/), then run `linkage dedupe` as
a separate process three times: on DuckDB (trains), on Spark (trains, scores and clusters in
Spark), and on Spark with the DuckDB run's model (scores and clusters only). Wall time and the
peak memory of the whole process tree (Python driver and the JVM: /proc sampled every 0.2 s) are
measured from outside; F1 against the truth, agreement with the DuckDB clusters, stage timings
and the Spark clustering's figures (components, per-component seconds, partitions) come from
the run folders. Prints a markdown table and writes benchmarks/results/spark-DATE.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from linkage import schema
from linkage.evaluate import cluster_metrics, evaluate_run
from linkage.generate import write_dataset
from linkage.runs import Run

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch"
PAGE = os.sysconf("SC_PAGE_SIZE")


def dataset(people: int, seed: int) -> Path:
    folder = SCRATCH / f"data-{people}-{seed}"
    if not (folder / "truth.csv").exists():
        write_dataset(folder, people, seed)
    return folder


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc (no psutil here)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(entry))
        rss[int(entry)] = int(statm[1]) * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run(args: list[str]) -> tuple[float, int]:
    """(wall seconds, peak tree RSS bytes) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.communicate()[0].decode(errors="replace")
    done.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{output[-3000:]}")
    return time.perf_counter() - start, peak[0]


def clusters(saved: Run) -> dict:
    frame = saved.clusters()
    return dict(zip(frame.record_id, frame.cluster_id))


def measure(people: int, seed: int, master: str) -> list[dict]:
    data = dataset(people, seed)
    work = SCRATCH / f"spark-{people}-{seed}"
    base = [sys.executable, "-m", "linkage", "--temp-dir", str(work / "tmp")]
    duck_run = work / "duckdb"
    variants = [
        ("duckdb", duck_run, []),
        (f"spark {master}", work / "spark", ["--backend", "spark", "--spark-master", master]),
        (f"spark {master}, DuckDB's model", work / "spark-model",
         ["--backend", "spark", "--spark-master", master, "--model", str(duck_run / schema.MODEL)]),
    ]
    rows, reference = [], None
    for name, out, extra in variants:
        if out.exists():
            subprocess.run(["rm", "-rf", str(out)], check=True)
        seconds, peak = run(base + ["dedupe", str(data / "mentions.csv"), "--out", str(out),
                                    *extra])
        with Run.open(out, need=(schema.MANIFEST, schema.CLUSTERS)) as saved:
            manifest, labels = saved.manifest, clusters(saved)
        metrics = evaluate_run(out, data / "truth.csv")
        reference = reference or labels
        ids = sorted(reference)
        agreement = cluster_metrics([labels[i] for i in ids], [reference[i] for i in ids])
        t = manifest["timings_seconds"]
        figures = manifest.get("spark_clustering", {})
        rows.append({
            "mentions": manifest["counts"]["accepted"], "backend": name,
            "wall_s": round(seconds, 1), "peak_rss_gb": round(peak / 1e9, 2),
            "block_s": t["block"], "train_s": t["train"], "score_s": t["score"],
            "cluster_s": t["cluster"], "pairs": manifest["blocking"][-1]["cumulative_pairs"],
            "f1": round(metrics["pairwise"]["f1"], 4),
            "agreement_f1": round(agreement["pairwise"]["f1"], 4),
            "components": figures.get("components_multi", ""),
            "largest": figures.get("largest_component", ""),
            "per_component_s_total": figures.get("per_component_seconds_total", ""),
            "per_component_s_max": figures.get("per_component_seconds_max", ""),
            "partitions": figures.get("partitions", ""),
        })
        print(rows[-1], flush=True)
    return rows


def markdown(rows: list[dict]) -> str:
    """A markdown table (pandas' to_markdown needs tabulate, which is not a dependency)."""
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(r[k]) for k in head) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, action="append", default=None)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    rows = [r for people in (args.people or [8000]) for r in measure(people, args.seed, args.master)]
    table = markdown(rows)
    print(table)
    today = datetime.date.today().isoformat()
    out = HERE / "results" / f"spark-{today}.md"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())  # the machine is shared: say how busy
    out.write_text(f"# DuckDB vs Spark ({args.master}), seed {args.seed}, {today}\n\n"
                   f"{os.cpu_count()} cores, load average at the end {load}.\n\n{table}\n",
                   encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
