"""Growth curve: time and peak memory per stage from 50k to 2M mentions, beside plain Splink.

    python benchmarks/scale.py --sizes 50000,100000,200000 --repeats 3
    python benchmarks/scale.py --sizes 500000,1000000,2000000 --kinds own --repeats 1 --tag big

For each size and kind of list (`own`: `linkage generate --people N/2.4 --seed S`; `vary`: the
same with `--vary S`, the noise model drawn from wide ranges) it generates the list once into
--scratch (default benchmarks/scratch/scale/, git-ignored), then runs, alternating, `linkage dedupe` (full run:
canonical records, family graph, report; `--retrain`, so that every run trains as plain Splink does) and plain Splink (benchmarks/peers/splink_plain.py,
its truth sweep excluded from its time) `--repeats` times each. Wall seconds and peak RSS come
from wait4 of each process; per-stage seconds, CPU seconds and peak RSS from the run's
manifest. Sizes of 500k and more run under `flock /work/wt/bigjob.lock` (one big job at a time
on the shared machine). Writes benchmarks/results/scale<tag>.md and .json after every size, with
the fitted growth exponents (least squares of log time and log memory on log mentions).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from linkage.evaluate import cluster_metrics

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch" / "scale"
MENTIONS_PER_PERSON = 2.4  # linkage generate's average
BIG = 500_000              # from here on a run takes the shared big-job lock
LOCK = "/work/wt/bigjob.lock"


def measured(cmd: list[str], log: Path, big: bool, cwd: Path = HERE) -> dict:
    """Run cmd (holding the big-job lock when `big`); wall seconds (from the start of cmd, not of
    the wait for the lock) and peak RSS MB from wait4."""
    with open(log, "wb") as sink, open(LOCK, "a") as lock:
        if big:  # taken here, so that the wait for the lock is not timed
            fcntl.flock(lock, fcntl.LOCK_EX)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        tail = (log.read_text(errors="replace").strip().splitlines() or ["?"])[-1]
        raise RuntimeError(f"failed: {' '.join(map(str, cmd))}: {tail[:200]}")
    return {"wall": wall, "peak_mb": usage.ru_maxrss / 1024}


def dataset(size: int, kind: str, seed: int) -> Path:
    folder = SCRATCH / f"{kind}-{size}-s{seed}"
    if not (folder / "truth.csv").exists():
        people = round(size / MENTIONS_PER_PERSON)
        vary = ["--vary", str(seed)] if kind == "vary" else []
        measured([sys.executable, "-m", "linkage", "generate", "--people", str(people), "--seed",
                  str(seed), *vary, "--out", str(folder)], SCRATCH / f"gen-{kind}-{size}.log",
                 big=size >= BIG)
    return folder


def f1(clusters_csv: Path, truth: pd.DataFrame) -> float:
    pred = pd.read_csv(clusters_csv, dtype=str, usecols=["record_id", "cluster_id"])
    merged = truth.merge(pred, on="record_id", how="left")
    labels = merged["cluster_id"].fillna(merged["record_id"])
    return round(cluster_metrics(labels, merged["person_id"])["pairwise"]["f1"], 4)


def weights(run: Path) -> dict:
    """The trained model's match weight per level (log2 m/u) and λ, from the run's model.json."""
    model = json.loads((run / "model.json").read_text())
    found = {f"{c['output_column_name']}: {level.get('label_for_charts')}":
             round(math.log2(level["m_probability"] / level["u_probability"]), 3)
             for c in model["comparisons"] for level in c["comparison_levels"]
             if level.get("m_probability") and level.get("u_probability")}
    return {"levels": found, "lambda": model["probability_two_random_records_match"]}


def drift(rows: list[dict], kind: str, base: int = 200_000) -> list[str]:
    """Per size, the largest change of a level's weight (bits) and λ's ratio against `base`."""
    ref = next((r for r in rows if r["kind"] == kind and r["size"] == base and "model" in r), None)
    if ref is None:
        return []
    out = []
    for r in (r for r in rows if r["kind"] == kind and "model" in r and r is not ref):
        shared = set(r["model"]["levels"]) & set(ref["model"]["levels"])
        worst = max(shared, key=lambda k: abs(r["model"]["levels"][k] - ref["model"]["levels"][k]))
        out.append(f"| {kind} | {r['mentions']:,} | "
                   f"{abs(r['model']['levels'][worst] - ref['model']['levels'][worst]):.2f} ({worst}) | "
                   f"{r['model']['lambda'] / ref['model']['lambda']:.2f} |")
    return out


def engine_run(data: Path, out: Path, size: int) -> dict:
    if out.exists():
        shutil.rmtree(out)  # our own previous run folder
    m = measured([sys.executable, "-m", "linkage", "--temp-dir", str(SCRATCH / "duckdb"), "dedupe",
                  str(data / "mentions.csv"), "--out", str(out), "--retrain"],  # trains, as plain Splink does
                 SCRATCH / "engine.log", size >= BIG)
    manifest = json.loads((out / "manifest.json").read_text())
    m["peak_mb"] = max(m["peak_mb"], _manifest_peak(manifest))
    return m | {"stages": manifest["timings_seconds"], "stage_cpu": manifest.get("cpu_seconds", {}),
                "stage_peak_mb": manifest.get("peak_rss_mb", {}),
                "pairs": manifest["blocking"][-1]["cumulative_pairs"] if manifest["blocking"] else None}


def _manifest_peak(manifest: dict) -> float:
    """The run's peak by its manifest. Before peak_rss_mb_run existed the engine reset the kernel's
    high-water mark at each stage, and wait4 read the last stage's peak: the stages' maximum is the
    run's."""
    return max([manifest.get("peak_rss_mb_run") or 0, *manifest.get("peak_rss_mb", {}).values()])


def peer_run(data: Path, out: Path, size: int) -> dict | None:
    """Plain Splink's wall seconds (its truth sweep excluded) and peak MB; None when it fails
    (at 2M its blocking may exhaust the machine), so that the engine's row is still written."""
    try:
        m = measured([sys.executable, "-m", "peers.splink_plain", "--data", str(data), "--out", str(out)],
                     SCRATCH / "peer.log", size >= BIG)
    except RuntimeError as failed:
        print(f"plain Splink at {size:,}: {failed}", file=sys.stderr, flush=True)
        return None
    info = json.loads((out / "info.json").read_text())
    return m | {"wall": m["wall"] - info.get("excluded_seconds", 0)}


def one_size(size: int, kind: str, seed: int, repeats: int, peer: bool) -> dict:
    data = dataset(size, kind, seed)
    truth = pd.read_csv(data / "truth.csv", dtype=str, keep_default_na=False)
    runs, peers = [], []
    for _ in range(repeats):  # alternate, so that load on the shared machine hits both alike
        runs.append(engine_run(data, SCRATCH / f"run-{kind}-{size}", size))
        if peer and (done := peer_run(data, SCRATCH / f"peer-{kind}-{size}", size)):
            peers.append(done)
    row = {"kind": kind, "size": size, "mentions": len(truth), "repeats": repeats,
           "wall": statistics.median(r["wall"] for r in runs), "walls": [round(r["wall"], 1) for r in runs],
           "peak_mb": max(r["peak_mb"] for r in runs), "pairs": runs[-1]["pairs"],
           "f1": f1(SCRATCH / f"run-{kind}-{size}" / "clusters.csv", truth),
           "model": weights(SCRATCH / f"run-{kind}-{size}"),
           "stages": {s: statistics.median(r["stages"][s] for r in runs) for s in runs[-1]["stages"]},
           "stage_cpu": runs[-1]["stage_cpu"], "stage_peak_mb": runs[-1]["stage_peak_mb"]}
    if peers:
        row |= {"peer_wall": statistics.median(p["wall"] for p in peers),
                "peer_walls": [round(p["wall"], 1) for p in peers],
                "peer_peak_mb": max(p["peak_mb"] for p in peers),
                "peer_f1": f1(SCRATCH / f"peer-{kind}-{size}" / "clusters.csv", truth)}
    return row


def exponent(rows: list[dict], key: str, least: int = 0) -> float | None:
    """Slope of log(key) on log(mentions) over the rows of at least `least` mentions."""
    pts = [(math.log(r["mentions"]), math.log(r[key])) for r in rows if r["size"] >= least and r.get(key)]
    if len(pts) < 2:
        return None
    mx, my = statistics.fmean(x for x, _ in pts), statistics.fmean(y for _, y in pts)
    return round(sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts), 2)


def markdown(rows: list[dict], command: str) -> str:
    stages = list(dict.fromkeys(s for r in rows for s in r["stages"]))
    lines = [f"# Growth curve ({dt.date.today().isoformat()}, {_commit()})", "", f"`{command}`", "",
             ("Wall s and peak MB per process (wait4); medians of the repeats, engine and plain Splink "
             "alternating on the same list in the same run, 2 shared cores (load varies: compare "
             "within a row). Plain Splink's truth sweep is excluded from its time."), "",
             ("| list | mentions | repeats | candidate pairs | linkage s | peak MB | F1 | plain Splink s | "
             "peak MB | F1 | ratio |"), "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        peer = r.get("peer_wall")
        lines.append(f"| {r['kind']} | {r['mentions']:,} | {r['repeats']} | {r['pairs'] or 0:,} | "
                     f"{r['wall']:.1f} | {r['peak_mb']:,.0f} | {r['f1']:.4f} | "
                     + (f"{peer:.1f} | {r['peer_peak_mb']:,.0f} | {r['peer_f1']:.4f} | {r['wall'] / peer:.2f} |"
                        if peer else "- | - | - | - |"))
    lines += ["", "## Per stage (linkage: median wall s; CPU s and peak MB of the last repeat)", "",
              "| list | mentions | " + " | ".join(stages) + " |", "|---|---:|" + "---:|" * len(stages)]
    for r in rows:
        cells = [f"{r['stages'].get(s, 0):.1f} / {r['stage_cpu'].get(s, 0):.1f} / "
                 f"{r['stage_peak_mb'].get(s, 0):,.0f}" for s in stages]
        lines.append(f"| {r['kind']} | {r['mentions']:,} | " + " | ".join(cells) + " |")
    lines += ["", "## Fitted growth exponents (time or memory ∝ mentions^k)", "",
              "| list | k time, all sizes | k time, ≥200k | k peak memory, all | k memory ≥200k | k plain Splink time |",
              "|---|---:|---:|---:|---:|---:|"]
    for kind in dict.fromkeys(r["kind"] for r in rows):
        rs = [r for r in rows if r["kind"] == kind]
        lines.append(f"| {kind} | {exponent(rs, 'wall')} | {exponent(rs, 'wall', 200_000)} | "
                     f"{exponent(rs, 'peak_mb')} | {exponent(rs, 'peak_mb', 200_000)} | "
                     f"{exponent(rs, 'peer_wall')} |")
    lines += ["", ("## Trained parameters against the 200k list of the same kind (u and EM samples are "
              "bounded by the spec: u_max_pairs, em_max_pairs)"), "",
              "| list | mentions | largest change of a level's weight, bits | λ ratio |", "|---|---:|---|---:|"]
    for kind in dict.fromkeys(r["kind"] for r in rows):
        lines += drift(rows, kind)
    return "\n".join(lines) + "\n"


def rewrite(path: Path, scratch: Path) -> int:
    """Rewrite path's .md from its .json, adding each size's trained weights from its run folder."""
    rows = json.loads(path.read_text())
    for r in rows:
        run = scratch / f"run-{r['kind']}-{r['size']}"
        if "model" not in r and (run / "model.json").exists():
            r["model"] = weights(run)
        r["peak_mb"] = max(r["peak_mb"], *r.get("stage_peak_mb", {}).values())
    path.write_text(json.dumps(rows, indent=1))
    path.with_suffix(".md").write_text(markdown(rows, f"python benchmarks/scale.py --rewrite {path.name}"))
    return 0


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                          check=False)
    return done.stdout.strip() or "nogit"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50000,100000,200000", help="comma-separated mention counts")
    ap.add_argument("--kinds", default="own,vary", help="own, vary or both")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-peer", action="store_true", help="the engine alone")
    ap.add_argument("--tag", default="")
    ap.add_argument("--results", type=Path, default=HERE / "results")
    ap.add_argument("--rewrite", type=Path, metavar="JSON",
                    help="only rewrite the tables from a results JSON (models read from --scratch)")
    ap.add_argument("--scratch", type=Path, default=HERE / "scratch" / "scale",
                    help="where the lists, run folders and DuckDB's temp files go")
    ap.add_argument("--lock-from", type=int, default=500_000,
                    help="runs of this many mentions or more take the big-job lock, each on its own")
    a = ap.parse_args(argv)
    if a.rewrite:
        return rewrite(a.rewrite, a.scratch)
    global SCRATCH, BIG  # lists, runs and DuckDB's temp files: COMMON.md wants them under /tmp/<you>/
    SCRATCH, BIG = a.scratch.resolve(), a.lock_from
    SCRATCH.mkdir(parents=True, exist_ok=True)
    a.results.mkdir(parents=True, exist_ok=True)
    command = "python benchmarks/scale.py " + " ".join(argv if argv is not None else sys.argv[1:])
    rows, stem = [], f"scale{a.tag}"
    for size in [int(s) for s in a.sizes.split(",")]:
        for kind in a.kinds.split(","):
            rows.append(one_size(size, kind, a.seed, a.repeats, not a.no_peer))
            print(json.dumps({k: v for k, v in rows[-1].items() if not k.startswith("stage")}), flush=True)
            (a.results / f"{stem}.json").write_text(json.dumps(rows, indent=1))
            (a.results / f"{stem}.md").write_text(markdown(rows, command))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
