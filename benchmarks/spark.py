"""DuckDB vs Spark (local mode): time, peak memory, accuracy, and the per-component clustering.

Usage: python benchmarks/spark.py --people 8000 [--people 80000] [--seed 5] [--master local[2]]
                                  [--train-on-spark-up-to 10000]
For each size: generate a list (cached under benchmarks/scratch/), then run `linkage dedupe` as
a separate process: on DuckDB (trains), on Spark (trains, scores and clusters in Spark; only up
to --train-on-spark-up-to people, as Spark's training is a long chain of small jobs), and on
Spark with the DuckDB run's model (scores and clusters only). Wall time and the peak memory of
the whole process tree (Python driver and the JVM: /proc sampled every 0.2 s) are measured from
outside; F1 against the truth, agreement with the DuckDB clusters, stage timings and the Spark
clustering's figures (component sizes, seconds per component and per partition) come from the
run folders.

What N workers would do is read from Spark's event log (spark.eventLog.enabled, passed through
PYSPARK_SUBMIT_ARGS): per stage its number of tasks (partitions) and their durations. A stage
on N workers of 2 cores takes at least its longest task and at least its task time over 2N
cores; the time no stage runs (the driver: DuckDB, Splink's SQL generation, job start) stays.
Prints markdown tables and writes benchmarks/results/spark-DATE.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
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


def run(args: list[str], env: dict | None = None) -> tuple[float, int]:
    """(wall seconds, peak tree RSS bytes) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, **(env or {})})
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


# Stages no larger than this many seconds of tasks are Spark's bookkeeping (schema reads, small
# counts): they are kept in the sums, and counted apart in the table.
SMALL_STAGE_SECONDS = 1.0


def event_log_arguments(folder: Path) -> str:
    """Spark's event log as one plain JSON-lines file in `folder` (Spark 4 rolls and compresses
    it by default), for the session the CLI builds (pyspark reads PYSPARK_SUBMIT_ARGS)."""
    return (f"--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://{folder} "
            "--conf spark.eventLog.rolling.enabled=false --conf spark.eventLog.compress=false "
            "pyspark-shell")


def event_log(folder: Path) -> dict:
    """Stages (tasks, task seconds, longest task, span) and the application's wall time from a
    Spark event log (one JSON object per line)."""
    (path,) = [p for p in folder.iterdir() if p.is_file()]
    tasks: dict = {}
    spans, app = [], {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            event = json.loads(line)
            kind = event["Event"]
            if kind == "SparkListenerTaskEnd":
                info = event["Task Info"]
                tasks.setdefault(event["Stage ID"], []).append(
                    (info["Finish Time"] - info["Launch Time"]) / 1000)
            elif kind == "SparkListenerStageCompleted":
                info = event["Stage Info"]
                if "Submission Time" in info and "Completion Time" in info:
                    spans.append((info["Submission Time"] / 1000, info["Completion Time"] / 1000))
            elif kind == "SparkListenerApplicationStart":
                app["start"] = event["Timestamp"] / 1000
            elif kind == "SparkListenerApplicationEnd":
                app["end"] = event["Timestamp"] / 1000
    busy, last = 0.0, None  # the union of the stages' spans: some stage was running
    for start, end in sorted(spans):
        if last is None or start > last:
            busy, last = busy + end - start, end
        elif end > last:
            busy, last = busy + end - last, end
    return {"stages": list(tasks.values()), "wall": app.get("end", last or 0) - app.get("start", 0),
            "busy": busy}


def workers_figures(log: dict, cores_per_worker: int = 2, workers=(1, 4, 16)) -> dict:
    """Measured partition counts and task times, and the time N workers would take by them."""
    stages = log["stages"]
    task_seconds = sum(sum(t) for t in stages)
    driver = max(log["wall"] - log["busy"], 0.0)
    row = {"spark_wall_s": round(log["wall"], 1), "driver_only_s": round(driver, 1),
           "stages": len(stages), "stages_over_1s": sum(sum(t) > SMALL_STAGE_SECONDS for t in stages),
           "max_tasks_per_stage": max((len(t) for t in stages), default=0),
           "task_s": round(task_seconds, 1)}
    for n in workers:
        cores = n * cores_per_worker
        row[f"est_{n}w_s"] = round(driver + sum(max(max(t), sum(t) / min(cores, len(t)))
                                                for t in stages if t), 1)
    return row


def measure(people: int, seed: int, master: str, train_on_spark_up_to: int) -> list[dict]:
    data = dataset(people, seed)
    work = SCRATCH / f"spark-{people}-{seed}"
    base = [sys.executable, "-m", "linkage", "--temp-dir", str(work / "tmp")]
    duck_run = work / "duckdb"
    spark = ["--backend", "spark", "--spark-master", master]
    variants = [("duckdb", duck_run, [])]
    if people <= train_on_spark_up_to:
        variants.append((f"spark {master}", work / "spark", spark))
    variants.append((f"spark {master}, DuckDB's model", work / "spark-model",
                     [*spark, "--model", str(duck_run / schema.MODEL)]))
    rows, reference = [], None
    for name, out, extra in variants:
        logs = work / "eventlog" / out.name
        for folder in (out, logs):
            if folder.exists():
                subprocess.run(["rm", "-rf", str(folder)], check=True)
        env = None
        if extra:
            logs.mkdir(parents=True)
            env = {"PYSPARK_SUBMIT_ARGS": event_log_arguments(logs)}
        seconds, peak = run(base + ["dedupe", str(data / "mentions.csv"), "--out", str(out),
                                    *extra], env)
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
            "component_sizes": " ".join(f"{k}:{v}" for k, v in figures.get("component_sizes", {}).items()),
            "per_partition_s": " ".join(map(str, figures.get("per_partition_seconds", []))),
            **(workers_figures(event_log(logs)) if extra else {}),
        })
        print(rows[-1], flush=True)
    return rows


def markdown(rows: list[dict]) -> str:
    """A markdown table (pandas' to_markdown needs tabulate, which is not a dependency)."""
    head = list(dict.fromkeys(k for r in rows for k in r))
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(r.get(k, "")) for k in head) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, action="append", default=None)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--train-on-spark-up-to", type=int, default=10_000,
                        help="people; larger lists are trained on DuckDB only")
    args = parser.parse_args()
    rows = [r for people in (args.people or [8000])
            for r in measure(people, args.seed, args.master, args.train_on_spark_up_to)]
    table = markdown(rows)
    print(table)
    today = datetime.date.today().isoformat()
    sizes = "-".join(str(p) for p in args.people or [8000])  # one file per invocation
    out = HERE / "results" / f"spark-{today}-people-{sizes}.md"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())  # the machine is shared: say how busy
    out.write_text(f"# DuckDB vs Spark ({args.master}), seed {args.seed}, {today}\n\n"
                   f"{os.cpu_count()} cores, load average at the end {load}.\n\n{table}\n",
                   encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
