"""Benchmark: family links (sibling, parent–child) against the generator's truth at 20k and 200k.

Usage: PYTHONPATH=src python benchmarks/family.py [--people 8000,80000] [--runs DATA=RUN,...]
For each size, generate a list (seed 2) under benchmarks/scratch/, run `dedupe`, and score
RUN/family.graphml with linkage.evaluate.family_metrics. With --runs, score existing run folders
instead (DATA holds truth.csv and family.csv): the family links are found anew from the run
folder's tables with the current code, and "family stage s" is that find_links time. Then, from the run folder's tables,
sweep MIN_CONFIDENCE (does the confidence mean what it says?) and place every true link between
found individuals by its chance E (how many true links any threshold could reach). Prints the
tables and writes benchmarks/results/family.md, keeping its hand-written part (from NOTES on).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd

from linkage import family
from linkage.config import EngineConfig, load_spec
from linkage.evaluate import family_metrics
from linkage.generate import write_dataset
from linkage.pipeline import RunOptions, dedupe

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / "scratch"
OUT = HERE / "results" / "family.md"
SEED = 2
SWEEP = (0.5, 0.8, 0.9, 0.95, 0.99)
MODEL = load_spec("soldiers").family  # the family model's values; the sweep varies min_confidence
CHANCE_BINS = (0, 0.001, 0.01, 0.1, 1, float("inf"))
# The chance model on canonical values only (commit 77f32a0), scored on the same generated lists.
BEFORE_COMMIT = "77f32a0"
BEFORE = {8000: {"sibling": (0.984, 0.315), "parent_child": (0.949, 0.394)},
          80000: {"sibling": (0.958, 0.285), "parent_child": (0.954, 0.414)}}
# Before this change set (commit ff1c79a: a threshold per link, MIN_CONFIDENCE 0.95; the death
# date's share one day), by accepted mentions of the run scored (--runs): the lists of /tmp/family
# (own: `linkage generate --people 8000|80000 --seed 1|2`; vary: `--people 8000 --seed 1 --vary N`;
# other hands: benchmarks/other_hands/generate.py --mentions 20000|200000 --seed 1|2)
BEFORE_RUNS_COMMIT = "ff1c79a"
BEFORE_RUNS = {21156: {"sibling": (1.0, 0.145), "parent_child": (1.0, 0.204)},        # other hands 20k s1
               20753: {"sibling": (1.0, 0.188), "parent_child": (1.0, 0.113)},        # other hands 20k s2
               212201: {"sibling": (0.962, 0.189), "parent_child": (0.97, 0.152)},    # other hands 200k s1
               19653: {"sibling": (1.0, 0.321), "parent_child": (0.977, 0.448)},      # own 20k s1
               19663: {"sibling": (1.0, 0.299), "parent_child": (0.971, 0.351)},      # own 20k s2
               196103: {"sibling": (0.988, 0.271), "parent_child": (0.977, 0.385)},   # own 200k s1
               23856: {"sibling": (0.984, 0.137), "parent_child": (1.0, 0.188)},      # vary 3
               26250: {"sibling": (1.0, 0.14), "parent_child": (0.939, 0.29)},        # vary 7
               17676: {"sibling": (0.994, 0.273), "parent_child": (1.0, 0.429)},      # vary 5
               32821: {"sibling": (0.978, 0.288), "parent_child": (0.981, 0.432)},    # vary 11
               25031: {"sibling": (0.986, 0.162), "parent_child": (1.0, 0.295)}}      # vary 13
BEFORE_SECONDS = {21156: 1.0, 20753: 0.7, 212201: 26.8, 19653: 0.5, 19663: 0.5, 196103: 19.9, 23856: 1.0,
                  26250: 0.8, 17676: 0.6, 32821: 0.7, 25031: 0.6}  # family stage s at ff1c79a (same table)
NOTES = "<!-- hand-written below: kept when the tables above are rewritten -->"


def run(people: int, engine: EngineConfig) -> tuple[Path, Path, dict]:
    data = SCRATCH / f"family-data-{people}-{SEED}"
    if not (data / "family.csv").exists():
        write_dataset(data, people, SEED)
    out = SCRATCH / f"family-run-{people}-{SEED}"
    manifest = dedupe(RunOptions(mentions=data / "mentions.csv", out=out, engine=engine))
    return data, out, manifest


def tables(run_dir: Path) -> duckdb.DuckDBPyConnection:
    """The tables the family stage reads, rebuilt from a run folder."""
    con = duckdb.connect()
    con.execute("CREATE TABLE features AS SELECT * FROM read_parquet(?)",
                [str(run_dir / "features.parquet")])
    con.execute("CREATE TABLE clusters AS SELECT c.record_id, c.cluster_id, f.unique_id "
                "FROM read_csv(?, all_varchar = true) c JOIN features f USING (record_id)",
                [str(run_dir / "clusters.csv")])
    return con


def sweep(con, data: Path, run_dir: Path) -> list[dict]:
    rows = []
    for confidence in SWEEP:
        model = replace(MODEL, min_confidence=confidence, expected_precision=0.0)
        links = [(x["a"], x["b"], x["relation"]) for x in family.find_links(con, model)]
        m = family_metrics(run_dir, data / "truth.csv", data / "family.csv", links=links)
        rows.append({"min confidence": confidence} | {
            f"{rel} {k}": round(m[rel][k], 3) for rel in m for k in ("precision", "recall")})
    return rows


def reach(con, data: Path, run_dir: Path) -> pd.DataFrame:
    """True links between found individuals by the chance E of their pair (none: no candidate;
    E as the learned model weighs it, KIN / (KIN + E) the confidence)."""
    everything = replace(MODEL, min_confidence=1e-6, expected_precision=0.0)  # every candidate the model reads
    chance = {(x["relation"], frozenset((x["a"], x["b"]))): x["chance"]
              for x in family.find_links(con, everything)}
    clusters = pd.read_csv(run_dir / "clusters.csv", dtype=str)
    truth = pd.read_csv(data / "truth.csv", dtype=str)
    counts = clusters.merge(truth, on="record_id").groupby(["person_id", "cluster_id"]).size()
    counts = counts.rename("n").reset_index().sort_values(["cluster_id", "n", "person_id"],
                                                         ascending=[True, False, True])
    cluster_of = counts.drop_duplicates("cluster_id").drop_duplicates("person_id")
    cluster_of = dict(zip(cluster_of["person_id"], cluster_of["cluster_id"]))
    rows = []
    for a, b, relation in pd.read_csv(data / "family.csv", dtype=str).itertuples(index=False):
        relation = {"twin": "sibling"}.get(relation, relation)
        if relation in ("sibling", "parent_child") and a in cluster_of and b in cluster_of:
            rows.append((relation, chance.get((relation, frozenset((cluster_of[a], cluster_of[b]))))))
    frame = pd.DataFrame(rows, columns=["relation", "chance"])
    frame["chance E"] = pd.cut(frame["chance"], CHANCE_BINS, right=False).astype(str).where(
        frame["chance"].notna(), "no candidate")
    return frame.groupby(["relation", "chance E"]).size().unstack(0, fill_value=0)


def markdown(frame: pd.DataFrame) -> str:
    """A GitHub table (pandas' to_markdown needs tabulate, which the project does not install)."""
    if frame.index.name is not None:
        frame = frame.reset_index()
    lines = [list(map(str, frame.columns)), ["---"] * len(frame.columns)]
    lines += [[str(v) for v in row] for row in frame.itertuples(index=False)]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def existing(data: Path, run_dir: Path) -> tuple[dict, int, float, dict]:
    """Metrics of the current code's links on an existing run folder, its mentions, find_links s,
    and what the model learned from the list (per relation: family_learn.Learned or None)."""
    con = tables(run_dir)
    start, learned = time.perf_counter(), {}
    links = [(x["a"], x["b"], x["relation"]) for x in family.find_links(con, MODEL, learned)]
    seconds = round(time.perf_counter() - start, 1)
    metrics = family_metrics(run_dir, data / "truth.csv", data / "family.csv", links=links)
    return metrics, con.execute("SELECT count(*) FROM clusters").fetchall()[0][0], seconds, learned


def ceiling(frame: pd.DataFrame) -> dict:
    """Per relation, the share of true links between found individuals that are candidates at
    all (any chance E): the recall no threshold can pass."""
    return {rel: round(1 - frame.loc["no candidate", rel] / frame[rel].sum(), 3) if "no candidate" in frame.index
            else 1.0 for rel in frame.columns}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="8000,80000", help="people per list, comma-separated")
    parser.add_argument("--runs", default="", help="DATA=RUN folder pairs, comma-separated")
    args = parser.parse_args()
    engine = EngineConfig(temp_directory=str(SCRATCH / "duckdb"))
    summary, sections = [], []
    jobs = ([tuple(map(Path, pair.split("="))) for pair in args.runs.split(",")] if args.runs
            else [int(p) for p in args.people.split(",")])
    for job in jobs:
        start = time.perf_counter()
        learned = {}
        if isinstance(job, tuple):
            (data, run_dir), before_of = job, BEFORE_RUNS
            metrics, mentions, seconds, learned = existing(data, run_dir)
        else:
            data, run_dir, manifest = run(job, engine)
            metrics = family_metrics(run_dir, data / "truth.csv", data / "family.csv")
            mentions, seconds = manifest["counts"]["accepted"], manifest["timings_seconds"]["family"]
            before_of = {mentions: BEFORE.get(job, {})}
        con = tables(run_dir)
        reached = reach(con, data, run_dir)
        top = ceiling(reached)
        for rel, m in metrics.items():
            before = before_of.get(mentions, {}).get(rel, ("", ""))
            kin = learned.get(rel)
            summary.append({"list": data.name, "mentions": mentions, "relation": rel,
                            "precision": round(m["precision"], 3), "recall": round(m["recall"], 3),
                            "ceiling": top.get(rel, ""), "links": m["predicted"],
                            "true links found": m["true_found"], "P before": before[0],
                            "R before": before[1], "KIN learned": round(kin.kin, 4) if kin else "spec",
                            "family stage s": seconds, "s before": BEFORE_SECONDS.get(mentions, "")})
        sections += [(f"\n## {data.name} ({mentions:,} mentions): precision and recall by MIN_CONFIDENCE "
                      "alone (no expected precision: does a confidence mean what it says?)\n"),
                     markdown(pd.DataFrame(sweep(con, data, run_dir))),
                     f"\n## {data.name} ({mentions:,} mentions): true links between found individuals by chance E\n",
                     markdown(reached)]
        print(f"{mentions:,} mentions done in {time.perf_counter() - start:.0f} s")
    lists = (f"Run folders {', '.join(f'{r} ({d})' for d, r in jobs)}, links found anew from their "
             f"tables" if args.runs else f"Generated lists (seed {SEED}), `dedupe` with defaults")
    before_commit = BEFORE_RUNS_COMMIT if args.runs else BEFORE_COMMIT
    intro = (f"{lists}, scored by "
             f"`linkage.evaluate.family_metrics` (MIN_CONFIDENCE {MODEL.min_confidence}, EXPECTED_PRECISION "
             f"{MODEL.expected_precision}: links kept, likeliest first, while their mean confidence "
             "is at least that). Before: the "
             f"rules of commit {before_commit} on the same run folders. A pair with chance "
             "E is kin with probability KIN / (KIN + E), KIN and the factors of E learned from each "
             "list (family_learn.py; \"KIN learned\": siblings or parent-child links per individual). "
             "Ceiling: the share of true links between found individuals that are candidates at all "
             "(a father's name, region or surname missing or misspelt, or dates that could be one "
             "person's, leave the rest out of reach of any threshold).")
    text = "\n".join(["# Family links against the generator's truth", "", intro, "",
                      markdown(pd.DataFrame(summary)), *sections, ""])
    print(text)
    kept = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    notes = kept[kept.index(NOTES):] if NOTES in kept else ""
    OUT.write_text(text + ("\n" + notes if notes else ""), encoding="utf-8")


if __name__ == "__main__":
    main()
