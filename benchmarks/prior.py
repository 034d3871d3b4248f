"""λ against the truth: training's, the list's own (prior.list_prior), and the true one.

    python benchmarks/prior.py runs/oh4-200k=generated/oh4-200k runs/own-20k=generated/own-20k
    python benchmarks/prior.py --bins runs/oh4-200k=generated/oh4-200k

Each argument is RUN=LIST: a run folder `linkage dedupe` wrote and the folder holding the list's
truth.csv (`record_id, person_id`). The true λ is the share of all pairs of mentions that name one
person. Training's λ and the list's are the manifest's `prior` ("trained", "list"). With --bins,
also the run's scored pairs by match weight against the truth: how often a pair at each weight
is one person (a calibrated model's weight w is one person with odds 2^w). Prints markdown.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import duckdb


def true_prior(con: duckdb.DuckDBPyConnection, truth: Path) -> tuple[float, int]:
    """The share of all pairs of mentions that are one person, and the number of mentions."""
    same, n = con.execute("""SELECT sum(k * (k - 1) / 2), sum(k) FROM (SELECT count(*) AS k
        FROM read_csv(?, all_varchar=true) GROUP BY person_id)""", [str(truth)]).fetchone()
    return float(same) / (n * (n - 1) / 2), int(n)


def bins(con: duckdb.DuckDBPyConnection, run: Path, truth: Path) -> list[tuple]:
    """(weight rounded, pairs, mean probability, share one person) for the run's scored pairs."""
    return con.execute("""
        WITH t AS (SELECT record_id, person_id FROM read_csv(?, all_varchar=true))
        SELECT round(match_weight) AS w, count(*), avg(match_probability),
               avg((a.person_id = b.person_id)::INTEGER)
        FROM read_parquet(?) q JOIN t a ON a.record_id = q.record_id_l
        JOIN t b ON b.record_id = q.record_id_r GROUP BY 1 ORDER BY 1""",
                       [str(truth), str(run / "pairs.parquet")]).fetchall()


def _bits(a: float, b: float) -> str:
    return f"{math.log2(a / b):+.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", metavar="RUN=LIST")
    parser.add_argument("--bins", action="store_true", help="also the scored pairs by weight")
    a = parser.parse_args()
    con = duckdb.connect()
    print("| run | mentions | training's λ | list's λ | true λ | training off (bits) | list off (bits) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for pair in a.pairs:
        run, folder = (Path(p) for p in pair.split("=", 1))
        found = json.loads((run / "manifest.json").read_text(encoding="utf-8")).get("prior")
        truth, n = true_prior(con, folder / "truth.csv")
        if not found:
            print(f"| {run.name} | {n:,} | (no list prior recorded) | | {truth:.3e} | | |")
            continue
        print(f"| {run.name} | {n:,} | {found['trained']:.3e} | {found['list']:.3e} | {truth:.3e} "
              f"| {_bits(found['trained'], truth)} | {_bits(found['list'], truth)} |")
    if a.bins:
        for pair in a.pairs:
            run, folder = (Path(p) for p in pair.split("=", 1))
            print(f"\n{run.name}: scored pairs by match weight\n")
            print("| weight | pairs | mean probability | share one person |")
            print("|---:|---:|---:|---:|")
            for w, k, p, share in bins(con, run, folder / "truth.csv"):
                print(f"| {w:.0f} | {k:,} | {p:.4f} | {share:.4f} |")


if __name__ == "__main__":
    main()
