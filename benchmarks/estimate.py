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

from linkage.estimate import latent, loglinear
from linkage.estimate.settings import load_settings
from linkage.generate import CaptureConfig, draw_named, histories

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
}
METHODS = {"loglinear": loglinear.estimate, "latent-class": latent.estimate}


def trial(counts: np.ndarray, truth: int, settings, seed: int) -> list[dict]:
    rows = []
    for method, estimator in METHODS.items():
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
    settings = load_settings()
    rows = []
    for name, config in SCENARIOS.items():
        start = time.perf_counter()
        for t in range(args.trials):
            rng = np.random.default_rng([args.seed, t])
            named, _ = draw_named(args.population, rng, config)
            for row in trial(histories(named).astype(float), args.population, settings, seed=t):
                rows.append({"scenario": name, "trial": t, **row})
        print(f"{name}: {args.trials} trials in {time.perf_counter() - start:.0f}s", flush=True)
        table = summarise(pd.DataFrame(rows), ["scenario", "method"])
        write("simulations", table, pd.DataFrame(rows), args, settings)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parts = parser.add_subparsers(required=True)
    sims = parts.add_parser("simulations")
    sims.add_argument("--trials", type=int, default=200)
    sims.add_argument("--population", type=int, default=2000)
    sims.add_argument("--seed", type=int, default=19)
    sims.set_defaults(func=simulations)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
