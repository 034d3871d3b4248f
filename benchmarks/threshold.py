"""Benchmark: the threshold a run chose without labels against the best one chosen from the truth.

Usage: PYTHONPATH=src python benchmarks/threshold.py NAME=DATA=RUN [NAME=DATA=RUN ...]
Each RUN is a run folder of `linkage dedupe` over DATA/mentions.csv (DATA holds truth.csv). For
each, `linkage tune` sweeps the saved pairs against the truth; the table gives the run's own
threshold (the spec's "auto": calibrate.py), its pairwise F1, the best swept F1 and its
threshold, and what a fixed 0.9 (the old default) would have given, read off the same sweep.
Writes benchmarks/results/threshold-<date>.md.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

from linkage.runs import Run
from linkage.tune import tune
from linkage.weights import probability_to_weight

OUT = Path(__file__).resolve().parent / "results"


def row(name: str, data: Path, run: Path) -> dict:
    table = tune(run, data / "truth.csv", png=False).table
    own = table[table.run_threshold].iloc[0]
    best = table.loc[table.f1.idxmax()]
    # the sweep's step nearest to p = 0.9
    fixed = table.iloc[int(np.argmin(abs(table.threshold_weight - probability_to_weight(0.9))))]
    calibration = Run.open(run).manifest.get("calibration") or {}
    return {"list": name, "mentions": len(Run.open(run).record_ids()),
            "threshold": f"{own.threshold_probability:.3f}", "expected F1": calibration.get("expected_f1", ""),
            "F1": f"{own.f1:.4f}", "best threshold": f"{best.threshold_probability:.3f}",
            "best F1": f"{best.f1:.4f}", "gap": f"{best.f1 - own.f1:.4f}",
            "F1 at p≈0.9": f"{fixed.f1:.4f} (p {fixed.threshold_probability:.3f})"}


def main(specs: list[str]) -> None:
    rows = [row(name, Path(data), Path(run)) for name, data, run in (s.split("=") for s in specs)]
    header = list(rows[0])
    lines = ["# The threshold chosen without labels against the best from the truth", "",
             ("Each run's own threshold is the spec's `threshold = \"auto\"` (calibrate.py); the best "
              "and the fixed p ≈ 0.9 are read off `linkage tune`'s sweep of the same saved pairs."), "",
             "| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(r[k]) for k in header) + " |" for r in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    OUT.mkdir(exist_ok=True)
    (OUT / f"threshold-{dt.date.today()}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
