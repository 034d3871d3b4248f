"""Multiple-systems estimation against a known total: coverage and bias per method and scenario.

Usage:
    python benchmarks/estimate.py simulations [--trials 200] [--population 2000]
    python benchmarks/estimate.py engine [--runs 30] [--population 1500]
    python benchmarks/estimate.py big [--population 200000]

simulations: capture histories drawn straight from generate/capture.py (linkage by the truth)
under three scenarios over four lists; each trial estimates with both methods; the table gives
the share of 95% intervals covering the true total, the mean relative bias and the median
relative width. engine: the generator renders mentions of a captured population, `dedupe`
links them, and the estimate on the engine's clusters is compared with the estimate on the true
clusters and the true total. big: one large generated list with six sources, estimated on the
engine's clusters, on the true clusters, and over re-clusterings at several thresholds.
Each part writes benchmarks/results/estimate-<part>.md (and .json).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.config import DEFAULT_SPEC, EngineConfig
from linkage.estimate import build, estimate_run, estimate_total, latent, loglinear
from linkage.estimate.adjust import adjust
from linkage.estimate.histories import read_clusters, read_mentions
from linkage.estimate.settings import load_settings
from linkage.evaluate import cluster_metrics
from linkage.generate import CaptureConfig, GeneratorConfig, draw_named, histories, write_dataset
from linkage.pipeline import RunOptions, dedupe, train

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SCRATCH = HERE / "scratch"
LISTS = ("obituary", "social", "news", "memorial")
BASE = dict(zip(LISTS, (0.30, 0.25, 0.20, 0.35)))
SCENARIOS = {
    "independent lists": CaptureConfig(lists=BASE, copies={}, classes=((1.0, 1.0),), repeat=0.0),
    "two dependent lists (news copies social, 0.5)": CaptureConfig(
        lists=BASE, copies={"news": ("social", 0.5)}, classes=((1.0, 1.0),), repeat=0.0),
    "two visibility classes (30% x1.8, 70% x0.57)": CaptureConfig(
        lists=BASE, copies={}, classes=((0.3, 1.8), (0.7, 4 / 7)), repeat=0.0),
    # the big list's structure (generate/capture.py's default) on four lists: both at once
    "visibility classes and news copies social (0.5)": CaptureConfig(
        lists=BASE, copies={"news": ("social", 0.5)}, classes=((0.3, 1.8), (0.7, 4 / 7)), repeat=0.0),
}
METHODS = {"loglinear": loglinear.estimate, "latent-class": latent.estimate}


def trial(counts: np.ndarray, truth: int, settings, seed: int, methods=tuple(METHODS)) -> list[dict]:
    rows = []
    for method in methods:
        estimator = METHODS[method]
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            e = estimator(counts, LISTS, settings, seed=seed)
        rows.append({"method": method, "truth": truth, "observed": e.observed, "estimate": e.estimate,
                     "low": e.low, "high": e.high, "seconds": time.perf_counter() - start})
    return rows


def summarise(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    frame = frame.assign(covered=(frame.low <= frame.truth) & (frame.truth <= frame.high),
                         bias=(frame.estimate - frame.truth) / frame.truth,
                         width=(frame.high - frame.low) / frame.truth,
                         named=frame.observed / frame.truth)
    return frame.groupby(by, sort=False).agg(
        trials=("covered", "size"), coverage=("covered", "mean"), mean_bias=("bias", "mean"),
        median_bias=("bias", "median"), median_width=("width", "median"), named=("named", "mean"),
        seconds=("seconds", "mean")).reset_index()


def simulations(args) -> None:
    """Trials of each scenario (or of the --scenario numbers given), then the table so far."""
    settings = load_settings().with_(bootstrap=args.bootstrap)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    for number, (name, config) in enumerate(SCENARIOS.items()):
        if args.scenario and number not in args.scenario:
            continue
        for method in args.method or METHODS:
            rows, start = [], time.perf_counter()
            for t in range(args.trials):
                rng = np.random.default_rng([args.seed, number, t])
                named, _ = draw_named(args.population, rng, config)
                for row in trial(histories(named).astype(float), args.population, settings, t, (method,)):
                    rows.append({"scenario": name, "trial": t, **row})
            pd.DataFrame(rows).to_json(SCRATCH / f"simulations-{number}-{method}.json", orient="records")
            print(f"{name}, {method}: {args.trials} trials in {time.perf_counter() - start:.0f}s", flush=True)
    found = sorted(SCRATCH.glob("simulations-*-*.json"))
    raw = pd.concat([pd.read_json(f) for f in found], ignore_index=True)
    table = summarise(raw, ["scenario", "method"])
    write("simulations", table, raw, args, settings)
    print(markdown(table))


def markdown(frame: pd.DataFrame) -> str:
    """A GitHub table (pandas' to_markdown needs tabulate, which the project does not install)."""
    cell = lambda v: f"{v:.3f}" if isinstance(v, float) else (f"{v:,}" if isinstance(v, int) else str(v))
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def write(part: str, table: pd.DataFrame, raw: pd.DataFrame, args, settings, extra: str = "") -> None:
    RESULTS.mkdir(exist_ok=True)
    head = (f"# Multiple-systems estimation: {part}\n\n`python benchmarks/estimate.py {part}` "
            f"({json.dumps({k: v for k, v in vars(args).items() if k != 'func'})}); "
            f"criterion {settings.criterion}, {settings.bootstrap} bootstrap replicates; "
            f"{time.strftime('%Y-%m-%d')}.\n\ncoverage: share of 95% intervals holding the true total; "
            "bias: (estimate - truth) / truth; width: (high - low) / truth; named: observed / truth.\n\n")
    text = head + markdown(table) + "\n" + extra
    (RESULTS / f"estimate-{part}.md").write_text(text, encoding="utf-8")
    raw.to_json(RESULTS / f"estimate-{part}.json", orient="records", indent=0)


def engine_config(population: int) -> GeneratorConfig:
    """The independent-lists scenario rendered as mentions, with duplicates within a list."""
    return replace(GeneratorConfig(), capture=replace(SCENARIOS["independent lists"], repeat=0.25))


def engine_model(args) -> Path:
    """One model trained on a separate list of 5,000 people of the same scenario (seed 999), used
    by every run: training is the costly part of a small dedupe, and a model trained on a list
    like the one being linked is what a user with many similar lists would reuse (--model)."""
    path = SCRATCH / "engine-model" / "model.json"
    if not path.exists():
        write_dataset(path.parent, 5000, 999, engine_config(5000))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            train(path.parent / "mentions.csv", path, DEFAULT_SPEC, engine_cfg())
    return path


def engine_cfg() -> EngineConfig:
    return EngineConfig(temp_directory=str(SCRATCH / "duckdb"), memory_limit="2GB", threads=1)


def engine_run(args, r: int) -> Path:
    """Run r's folder: a generated list (seed 1000 + r) deduplicated in-process with the shared
    model; kept in benchmarks/scratch, so that the estimates can be recomputed without it."""
    folder = SCRATCH / f"engine-{args.population}-{r}"
    if not (folder / "run" / "clusters.csv").exists():
        model = engine_model(args)
        write_dataset(folder, args.population, 1000 + r, engine_config(args.population))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dedupe(RunOptions(mentions=folder / "mentions.csv", out=folder / "run", model=model,
                              engine=engine_cfg()))
    return folder


LINKAGES = ("truth", "engine", "engine + model adjustment", "engine + audit adjustment")


def engine_trial(folder: Path, truth_total: int, settings, seed: int, audit: int,
                 model_adjustment: bool = True) -> list[dict]:
    """One run's estimates: on the true clusters, on the engine's (sampling error only), and
    with linkage error folded in, from the model's probabilities and from `audit` people audited
    (a simple random sample of the named people, every mention of each labelled)."""
    run = folder / "run"
    mentions, clusters = read_mentions(run), read_clusters(run)
    truth = pd.read_csv(folder / "truth.csv", dtype=str)
    both = clusters.merge(truth, on="record_id")
    metrics = cluster_metrics(both.cluster_id.tolist(), both.person_id.tolist())["pairwise"]
    people = np.random.default_rng([seed, 7]).permutation(sorted(truth.person_id.unique()))[:audit]
    labels = truth[truth.person_id.isin(people)]
    h = build(mentions, clusters, settings.min_list_individuals)
    true_h = build(mentions, truth.rename(columns={"person_id": "cluster_id"}), settings.min_list_individuals)
    rows = []
    for method in METHODS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            on_truth = estimate_total(true_h, method, settings, seed).total
            middle = time.perf_counter()
            plain = estimate_total(h, method, settings, seed).total
            found = {"truth": (on_truth, middle - start, true_h.observed),
                     "engine": (plain, time.perf_counter() - middle, h.observed)}
            adjustments = (("engine + model adjustment", None), ("engine + audit adjustment", labels))
            for name, given in adjustments[0 if model_adjustment else 1:]:
                start = time.perf_counter()
                a = adjust(h, run, clusters, mentions, method, settings, plain, given, seed)
                found[name] = (a.estimate, time.perf_counter() - start, float(a.table[1:].sum()))
        for linkage in (x for x in LINKAGES if x in found):
            e, seconds, individuals = found[linkage]
            rows.append({"run": seed, "linkage": linkage, "method": method, "truth": truth_total,
                         "observed": individuals, "estimate": e.estimate, "low": e.low, "high": e.high,
                         "seconds": seconds, "precision": metrics["precision"],
                         "recall": metrics["recall"]})
    return rows


def engine(args) -> None:
    """Generate and dedupe each run (kept), then estimate it four ways (engine_trial)."""
    settings = load_settings().with_(bootstrap=args.bootstrap)
    rows, start = [], time.perf_counter()
    for r in range(args.runs):
        folder = engine_run(args, r)
        if args.prepare_only:
            continue
        done = folder / "estimates.json"  # each run's rows kept: the part can be run in chunks
        if not done.exists():
            found = engine_trial(folder, args.population, settings, r, args.audit, not args.no_model_adjustment)
            done.write_text(json.dumps(found), encoding="utf-8")
        rows += json.loads(done.read_text(encoding="utf-8"))
        if r % 10 == 9 or r == args.runs - 1:
            raw = pd.DataFrame(rows)
            table = summarise(raw, ["linkage", "method"])
            print(f"{r + 1} runs, {time.perf_counter() - start:.0f}s\n{markdown(table)}", flush=True)
            extra = (f"\nMean pairwise precision {raw.precision.mean():.4f}, recall {raw.recall.mean():.4f} "
                     f"of the engine's clusters over {r + 1} runs; `named` for the adjusted rows is the "
                     "corrected table's people over the true total.\n")
            write("engine", table, raw, args, settings, extra)


def big(args) -> None:
    """One large generated list with six sources: the estimate on the engine's clusters, with
    linkage error folded in (from the model's probabilities, and from an audit of --audit
    people), against the truth; the threshold sweep; the estimate on the true clusters."""
    folder = SCRATCH / f"big-{args.population}-{args.seed}"
    if not (folder / "run" / "clusters.csv").exists():
        write_dataset(folder, args.population, args.seed,
                      replace(GeneratorConfig(), capture=CaptureConfig()))
        start = time.perf_counter()
        dedupe(RunOptions(mentions=folder / "mentions.csv", out=folder / "run",
                          engine=EngineConfig(temp_directory=str(SCRATCH / "duckdb"))))
        print(f"dedupe {time.perf_counter() - start:.0f}s", flush=True)
    truth = pd.read_csv(folder / "truth.csv", dtype=str)
    people = np.random.default_rng([args.seed, 7]).permutation(sorted(truth.person_id.unique()))[:args.audit]
    audit_file = folder / f"audit-{args.audit}.csv"
    truth[truth.person_id.isin(people)][["record_id", "person_id"]].to_csv(audit_file, index=False)
    settings = load_settings()
    run = folder / "run"
    mentions, clusters = read_mentions(run), read_clusters(run)
    h = build(mentions, clusters, settings.min_list_individuals)
    rows, sections = [], []
    for method in METHODS:
        start = time.perf_counter()
        found = estimate_run(run, method=method, truth=folder / "truth.csv", settings=settings,
                             labels=audit_file)
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = adjust(h, run, clusters, mentions, method, settings, found.result.total, None, 0)
        model_seconds = time.perf_counter() - start
        e, t, audited = found.result.total, found.truth, found.adjusted
        on_truth = t["on_true_clusters"]
        cell = lambda x: f"{x.estimate:,.0f} ({x.low:,.0f}-{x.high:,.0f})"
        error = lambda x, total=t["true_total"]: f"{x / total - 1:+.2%}"
        rows.append({"method": method, "true total": t["true_total"], "mentions": len(clusters),
                     "named (true)": on_truth["individuals"], "individuals (engine)": e.observed,
                     "precision": t["pairwise_precision"], "recall": t["pairwise_recall"],
                     "on true clusters": f"{on_truth['estimate']:,.0f} ({on_truth['low']:,.0f}-{on_truth['high']:,.0f})",
                     "error on true clusters": error(on_truth["estimate"]),
                     "engine, unadjusted": cell(e), "error unadjusted": error(e.estimate),
                     "moved by linkage error": f"{e.estimate / on_truth['estimate'] - 1:+.2%}",
                     "model adjustment": cell(model.estimate), "error model-adj.": error(model.estimate.estimate),
                     f"audit adjustment ({args.audit} people)": cell(audited.estimate),
                     "error audit-adj.": error(audited.estimate.estimate),
                     "corrected people (audit)": round(float(audited.table[1:].sum())),
                     "seconds (estimate run, model adj.)": f"{seconds:.0f}, {model_seconds:.0f}"})
        sweep = found.sweep.drop(columns=["threshold_probability"])
        sections.append(f"\n### {method}: the estimate by clustering threshold\n\n{markdown(sweep)}")
        print(rows[-1], flush=True)
    table = pd.DataFrame(rows).set_index("method").T.reset_index(names="")
    write("big", table, pd.DataFrame(rows), args, settings, "".join(sections))
    print(markdown(table))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parts = parser.add_subparsers(required=True)
    sims = parts.add_parser("simulations")
    sims.add_argument("--trials", type=int, default=200)
    sims.add_argument("--population", type=int, default=2000)
    sims.add_argument("--seed", type=int, default=19)
    sims.add_argument("--bootstrap", type=int, default=100, help="latent-class bootstrap replicates")
    sims.add_argument("--scenario", type=int, action="append", help="only these scenarios (0-3)")
    sims.add_argument("--method", action="append", choices=list(METHODS), help="only these methods")
    sims.set_defaults(func=simulations)
    eng = parts.add_parser("engine")
    eng.add_argument("--runs", type=int, default=200)
    eng.add_argument("--population", type=int, default=1200)
    eng.add_argument("--prepare-only", action="store_true",
                     help="only generate and deduplicate the runs' folders (the long part)")
    eng.add_argument("--bootstrap", type=int, default=100)
    eng.add_argument("--no-model-adjustment", action="store_true",
                     help="skip the adjustment from the model's probabilities (the slowest part)")
    eng.add_argument("--audit", type=int, default=250,
                     help="people audited (all their mentions labelled) for the audit adjustment")
    eng.set_defaults(func=engine)
    large = parts.add_parser("big")
    large.add_argument("--population", type=int, default=200000)
    large.add_argument("--seed", type=int, default=19)
    large.add_argument("--audit", type=int, default=1000,
                       help="people audited (all their mentions labelled) for the audit adjustment")
    large.set_defaults(func=big)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
