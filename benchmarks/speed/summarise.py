"""Tables of an A/B timing folder (benchmarks/speed/ab.sh): per variant the walls, median, ratio
to plain Splink's median, peak RSS and pairwise F1; per variant the median stage seconds.

    python benchmarks/speed/summarise.py /tmp/speed/ab/oh200 /tmp/lk/oh200/truth.csv
"""
import json
import re
import statistics
import sys
from pathlib import Path

import pandas as pd

from linkage.evaluate import cluster_metrics


def f1(clusters_csv, truth):
    pred = pd.read_csv(clusters_csv, dtype=str, usecols=["record_id", "cluster_id"])
    merged = truth.merge(pred, on="record_id", how="left")
    labels = merged["cluster_id"].fillna(merged["record_id"])
    return round(cluster_metrics(labels, merged["person_id"])["pairwise"]["f1"], 5)

def timing(log):
    text = Path(log).read_text(errors="replace")
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    parts = [float(x) for x in m.group(1).split(":")]
    wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return wall, rss

folder, truth_csv = Path(sys.argv[1]), sys.argv[2]
truth = pd.read_csv(truth_csv, dtype=str, keep_default_na=False)
rows = {}
for log in sorted(folder.glob("*.log")):
    name = log.stem
    kind = name.split("-")[0]
    if not (folder / name).exists():
        continue
    wall, rss = timing(log)
    r = {"wall": wall, "rss": rss}
    if kind == "plain":
        info = json.loads((folder / name / "info.json").read_text())
        r["wall"] = wall - info.get("excluded_seconds", 0)
    else:
        m = json.loads((folder / name / "manifest.json").read_text())
        r["stages"] = m["timings_seconds"]
        r["cpu"] = m.get("cpu_seconds", {})
        r["pairs"] = m["blocking"][-1]["cumulative_pairs"]
        r["estimated"] = m["blocking"][-1]["estimated"]
    r["f1"] = f1(folder / name / "clusters.csv", truth)
    rows.setdefault(kind, []).append(r)
plain = statistics.median(r["wall"] for r in rows.get("plain", [{"wall": float("nan")}]))
print("| variant | runs | walls s | median s | ratio to plain Splink | peak MB (max) | pairwise F1 |")
print("|---|---:|---|---:|---:|---:|---|")
for kind in ("before", "cold", "warm", "plain"):
    if kind not in rows: continue
    rs = rows[kind]; med = statistics.median(r["wall"] for r in rs)
    print(f"| {kind} | {len(rs)} | {', '.join(format(r['wall'], '.0f') for r in rs)} | {med:.1f} | {med / plain:.2f} | "
          f"{max(r['rss'] for r in rs):,.0f} | {', '.join(str(r['f1']) for r in rs)} |")
# canonical runs beside the family stage since 2026-12-07 (beside.py): a stage no run has is left out
stages = [s for s in ("ingest", "normalise", "block", "train", "score", "cluster", "ids", "canonical", "family", "write")
          if any(s in r.get("stages", {}) for rs in rows.values() for r in rs)]
def stage_table(field: str, last: str, tail) -> None:
    """Per-stage medians of the manifests' `field` per variant, with one more column `last`."""
    print()
    print("| variant | " + " | ".join(stages) + f" | {last} |")
    print("|---|" + "---:|" * (len(stages) + 1))
    for kind in ("before", "cold", "warm"):
        if kind not in rows:
            continue
        med = [statistics.median(r[field].get(s, 0) for r in rows[kind]) for s in stages]
        print(f"| {kind} | " + " | ".join(f"{v:.1f}" for v in med) + f" | {tail(rows[kind], med)} |")


stage_table("stages", "candidate pairs", lambda rs, med: f"{rs[-1]['pairs']:,}"
            + (" (sampled estimate)" if rs[-1]["estimated"] else " (exact)"))
print()
print("CPU seconds (the manifest's cpu_seconds, all threads), medians:")
stage_table("cpu", "sum", lambda rs, med: f"{sum(med):.1f}")
