"""Run the engine as a black box on lists from the independent generator.

    python benchmarks/other_hands/run.py --sizes 20000,200000 --seeds 1,2
    python benchmarks/other_hands/run.py --sizes 1000000 --seeds 1 --generate-only

Sizes are mentions (the generator is called with --mentions). For each size and seed it
generates a list into benchmarks/scratch/other_hands/ (git-ignored), runs
`linkage --temp-dir … dedupe` and `linkage evaluate`, measures wall time and peak RSS with
/usr/bin/time -v, and writes benchmarks/results/other-hands-<date>.md (and .json): the
table, recall by the kind of noise a true pair carries, and what the false merges are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TIME = "/usr/bin/time"


def timed(cmd: list[str], log: Path, reuse: bool = False) -> dict:
    """Run cmd under /usr/bin/time -v; wall seconds and peak RSS (MB) of it and its children.

    With reuse, a previous run's measurement (log.time) is read instead of running again.
    """
    stats = log.with_suffix(".time")
    if not (reuse and stats.exists()):
        with open(log, "w") as out:
            proc = subprocess.run([TIME, "-v", "-o", str(stats), *cmd], stdout=out, stderr=subprocess.STDOUT,
                                  check=False)
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}; see {log}")
    text = stats.read_text()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.+)", text).group(1).strip()
    parts = [float(x) for x in wall.split(":")]
    seconds = sum(p * 60 ** k for k, p in enumerate(reversed(parts)))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return {"seconds": round(seconds, 1), "peak_mb": round(rss_kb / 1024)}


def diagnose(gen: Path, run: Path) -> dict:
    """Recall of true pairs by the noise either mention carries; what the false pairs share."""
    truth = pd.read_csv(gen / "truth.csv", dtype=str, keep_default_na=False)
    noise = pd.read_csv(gen / "noise.csv", dtype=str, keep_default_na=False)
    ment = pd.read_csv(gen / "mentions.csv", dtype=str, keep_default_na=False,
                       usecols=["record_id", "source", "source_url"])
    clus = pd.read_csv(run / "clusters.csv", dtype=str, keep_default_na=False)
    x = truth.merge(noise, on="record_id").merge(ment, on="record_id").merge(clus, on="record_id", how="left")
    x.attrs["gen"] = str(gen)
    x["script"] = x["noise"].str.contains("latin:").map({True: "lat", False: "cyr"})
    # true pairs (within person)
    p = x.merge(x, on="person_id", suffixes=("_l", "_r"))
    p = p[p["record_id_l"] < p["record_id_r"]]
    p["linked"] = p["cluster_id_l"] == p["cluster_id_r"]
    out = {"true_pairs": len(p), "recall": round(float(p["linked"].mean()), 4)}
    by_noise = {}
    flags = sorted({f.split(":")[0] for s in x["noise"] for f in s.split()} - {""})
    clean = p[(p["noise_l"].str.replace(r"latin:\S+", "", regex=True).str.strip() == "")
              & (p["noise_r"].str.replace(r"latin:\S+", "", regex=True).str.strip() == "")]
    by_noise["(no noise besides script)"] = _rec(clean)
    for f in flags:
        has = p["noise_l"].str.contains(rf"\b{f}\b") | p["noise_r"].str.contains(rf"\b{f}\b")
        by_noise[f] = _rec(p[has])
    out["recall_by_noise"] = by_noise
    out["recall_by_evidence"] = _by_evidence(x, p)
    pair = p["script_l"].where(p["script_l"] <= p["script_r"], p["script_r"]) + "-" + \
        p["script_r"].where(p["script_l"] <= p["script_r"], p["script_l"])
    out["recall_by_script_pair"] = {k: _rec(g) for k, g in p.groupby(pair)}
    srcs = p["source_l"].where(p["source_l"] < p["source_r"], p["source_r"]) + "+" + \
        p["source_r"].where(p["source_l"] < p["source_r"], p["source_l"])
    worst = {k: _rec(g) for k, g in p.groupby(srcs) if len(g) >= 50}
    out["recall_by_source_pair_worst"] = dict(sorted(worst.items(), key=lambda kv: kv[1]["recall"])[:8])
    # false pairs (within predicted cluster, different persons)
    q = x.merge(x, on="cluster_id", suffixes=("_l", "_r"))
    q = q[(q["record_id_l"] < q["record_id_r"]) & (q["person_id_l"] != q["person_id_r"])]
    same_hh = (q["household_id_l"] != "") & (q["household_id_l"] == q["household_id_r"])
    same_url = (q["source_url_l"] != "") & (q["source_url_l"] == q["source_url_r"])
    out["false_pairs"] = {"total": len(q), "same_household": int(same_hh.sum()),
                          "same_household_relations": {f"{a}/{b}": int(v) for (a, b), v in
                                                       q[same_hh].groupby(["relation_l", "relation_r"]).size().items()},
                          "sharing_a_source_url": int(same_url.sum())}
    return out


def _by_evidence(x: pd.DataFrame, p: pd.DataFrame) -> dict:
    """Recall by how much the two mentions say: name only vs both with a birth date."""
    ment = pd.read_csv(Path(x.attrs["gen"]) / "mentions.csv", dtype=str, keep_default_na=False,
                       usecols=["record_id", "birth_date", "death_date", "age"]).set_index("record_id")
    has_birth = ment["birth_date"] != ""
    name_only = (ment["birth_date"] == "") & (ment["death_date"] == "") & (ment["age"] == "")
    bl, br = has_birth[p["record_id_l"]].to_numpy(), has_birth[p["record_id_r"]].to_numpy()
    nl, nr = name_only[p["record_id_l"]].to_numpy(), name_only[p["record_id_r"]].to_numpy()
    return {"both carry a birth date": _rec(p[bl & br]),
            "one carries no date and no age": _rec(p[nl | nr]),
            "both carry a date or an age": _rec(p[~nl & ~nr])}


def _rec(g: pd.DataFrame) -> dict:
    return {"pairs": len(g), "recall": round(float(g["linked"].mean()), 4) if len(g) else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark the engine on the independent generator's lists.")
    ap.add_argument("--sizes", default="20000,200000", help="comma-separated mention counts")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--scratch", type=Path, default=REPO / "benchmarks/scratch/other_hands")
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks/results")
    ap.add_argument("--engine", default=f"{sys.executable} -m linkage", help="the engine's CLI command")
    ap.add_argument("--generate-only", action="store_true", help="measure the generator only")
    ap.add_argument("--tag", default="", help="suffix for the results file name")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse lists and run folders already in --scratch (re-score and re-write the tables)")
    a = ap.parse_args(argv)
    a.scratch.mkdir(parents=True, exist_ok=True)
    temp = a.scratch / "duckdb-temp"
    rows = []
    for size in [int(s) for s in a.sizes.split(",")]:
        for seed in [int(s) for s in a.seeds.split(",")]:
            gen = a.scratch / f"list-{size}-s{seed}"
            g = timed([sys.executable, str(HERE / "generate.py"), "--mentions", str(size), "--seed", str(seed),
                       "--out", str(gen)], a.scratch / f"gen-{size}-s{seed}.log", a.reuse)
            stats = json.loads((gen / "habits.json").read_text())["stats"]
            row = {"size": size, "seed": seed, "people": stats["people"], "mentions": stats["mentions"],
                   "gen_seconds": g["seconds"], "gen_peak_mb": g["peak_mb"],
                   "shared_link_share": stats["share_records_sharing_a_link"]}
            print(json.dumps(row), flush=True)
            if a.generate_only:
                rows.append(row)
                continue
            run = a.scratch / f"run-{size}-s{seed}"
            if run.exists() and (run / "manifest.json").exists() and not a.reuse:
                shutil.rmtree(run)  # our own previous run folder
            engine = shlex.split(a.engine)
            e = timed([*engine, "--temp-dir", str(temp), "dedupe", str(gen / "mentions.csv"), "--out", str(run)],
                      a.scratch / f"dedupe-{size}-s{seed}.log", a.reuse)
            subprocess.run([*engine, "evaluate", str(run), "--truth", str(gen / "truth.csv")],
                           check=True, stdout=subprocess.DEVNULL)
            ev = json.loads((run / "evaluation.json").read_text())
            row.update(dedupe_seconds=e["seconds"], dedupe_peak_mb=e["peak_mb"],
                       pw_p=ev["pairwise"]["precision"], pw_r=ev["pairwise"]["recall"], pw_f1=ev["pairwise"]["f1"],
                       b3_f1=ev["bcubed"]["f1"], b3_p=ev["bcubed"]["precision"], b3_r=ev["bcubed"]["recall"],
                       household_merges=ev["household_merges"], household_pairs=ev["household_pairs"],
                       true_clusters=ev["true_clusters"], predicted_clusters=ev["predicted_clusters"],
                       diagnosis=diagnose(gen, run), worst_splits=ev["worst_splits"][:5],
                       false_merges=ev["false_merges"][:5])
            print(json.dumps({k: v for k, v in row.items() if k not in ("diagnosis", "worst_splits", "false_merges")}),
                  flush=True)
            rows.append(row)
    write_results(rows, a)
    return 0


def write_results(rows: list[dict], a) -> None:
    a.results.mkdir(parents=True, exist_ok=True)
    stem = f"other-hands-{dt.date.today().isoformat()}{a.tag}"
    (a.results / f"{stem}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    lines = [f"# Engine on the independent generator's lists ({dt.date.today().isoformat()}, {commit})", "",
             ("Lists from `benchmarks/other_hands/generate.py --mentions SIZE --seed S` (written without reading "
             "the engine); the engine run as a black box: `linkage --temp-dir T dedupe mentions.csv --out RUN`, "
             "`linkage evaluate RUN --truth truth.csv`. Wall time and peak RSS from `/usr/bin/time -v` "
             "(the machine is shared: times are indicative)."), ""]
    if a.generate_only:
        lines[0] = f"# The independent generator alone ({dt.date.today().isoformat()}, {commit}; the engine not run)"
        lines[2] = ("Lists from `benchmarks/other_hands/generate.py --mentions SIZE --seed S`, generation only; "
                    "wall time and peak RSS from `/usr/bin/time -v` (a shared machine).")
        lines += ["| mentions | people | seed | generate s | generate peak MB | records sharing a link |",
                  "|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {r['mentions']:,} | {r['people']:,} | {r['seed']} | {r['gen_seconds']} | {r['gen_peak_mb']:,} | "
                  f"{r['shared_link_share']:.1%} |" for r in rows]
    else:
        lines += [("| mentions | people | seed | dedupe s | peak MB | pairwise P | pairwise R | pairwise F1 | "
                  "B³ F1 | household merges | clusters true / predicted | generate s |"),
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {r['mentions']:,} | {r['people']:,} | {r['seed']} | {r['dedupe_seconds']} | "
                  f"{r['dedupe_peak_mb']:,} | {r['pw_p']:.4f} | {r['pw_r']:.4f} | {r['pw_f1']:.4f} | "
                  f"{r['b3_f1']:.4f} | {r['household_merges']} of {r['household_pairs']} | "
                  f"{r['true_clusters']:,} / {r['predicted_clusters']:,} | {r['gen_seconds']} |" for r in rows]
        lines += ["", "## Recall of true pairs by the noise either mention carries", ""]
        lines += _noise_table(rows)
        lines += ["", "## Recall of true pairs by the evidence the two mentions carry", ""]
        lines += _table(rows, "recall_by_evidence")
        lines += ["", "## Source pairs with the lowest recall (at least 50 true pairs)", ""]
        for r in rows:
            worst = r["diagnosis"]["recall_by_source_pair_worst"]
            lines.append(f"- {r['mentions']:,} s{r['seed']}: " + ", ".join(
                f"{k} {v['recall']:.2f} ({v['pairs']:,})" for k, v in worst.items()))
        lines += ["", "## False pairs (different people in one predicted cluster)", "",
                  "| mentions | seed | false pairs | same household | relations | sharing a source link |",
                  "|---:|---:|---:|---:|---|---:|"]
        for r in rows:
            f = r["diagnosis"]["false_pairs"]
            rel = ", ".join(f"{k}: {v}" for k, v in f["same_household_relations"].items())
            lines.append(f"| {r['mentions']:,} | {r['seed']} | {f['total']:,} | {f['same_household']} | {rel} | "
                         f"{f['sharing_a_source_url']} |")
    (a.results / f"{stem}.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {a.results / stem}.md")


def _cell(v: dict | None) -> str:
    return f"{v['recall']:.3f} ({v['pairs']:,})" if v and v["recall"] is not None else ""


def _table(rows: list[dict], key: str) -> list[str]:
    keys = list(dict.fromkeys(k for r in rows for k in r["diagnosis"][key]))
    lines = ["| evidence | " + " | ".join(f"{r['mentions'] // 1000}k s{r['seed']}" for r in rows) + " |",
             "|---" * (len(rows) + 1) + "|"]
    for k in keys:
        cells = [_cell(r["diagnosis"][key].get(k)) for r in rows]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return lines


def _noise_table(rows: list[dict]) -> list[str]:
    keys = []
    for r in rows:
        for k in list(r["diagnosis"]["recall_by_noise"]) + [f"script {k}" for k in r["diagnosis"]["recall_by_script_pair"]]:
            if k not in keys:
                keys.append(k)
    head = "| noise | " + " | ".join(f"{r['mentions'] // 1000}k s{r['seed']}" for r in rows) + " |"
    lines = [head, "|---" * (len(rows) + 1) + "|"]
    lines.append("| all true pairs | " + " | ".join(
        f"{r['diagnosis']['recall']:.3f} ({r['diagnosis']['true_pairs']:,})" for r in rows) + " |")
    for k in keys:
        cells = []
        for r in rows:
            d = r["diagnosis"]
            v = d["recall_by_script_pair"].get(k[7:]) if k.startswith("script ") else d["recall_by_noise"].get(k)
            cells.append(f"{v['recall']:.3f} ({v['pairs']:,})" if v and v["recall"] is not None else "")
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
