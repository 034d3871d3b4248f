"""Does training learn the m the truth shows? Each comparison level's trained m beside its share
among the true pairs a run scored.

Usage: python benchmarks/m_truth.py RUN=LIST [RUN=LIST ...] [--out FILE]

RUN is a run folder (model.json, pairs.parquet), LIST the list folder with its truth.csv. The
"true m" of a level is the share of true pairs at that level among the run's scored true pairs
(pairs.parquet keeps pairs at or above the spec's pairs_floor), so levels of disagreement read
low there: a true pair that disagrees often falls below the floor. Where the two differ by more
than a bit or so on a level many matches reach, EM's training pairs do not represent the list (a
session blocked on full birth dates sees the formal sources, which seldom write pet forms).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import duckdb

from linkage.audit.pair import levels_by_value

HERE = Path(__file__).resolve().parent


def level_rows(run: Path, truth: Path) -> list[dict]:
    """One row per non-null level: comparison, label, γ, trained m, true m, log2(true / trained)."""
    model = json.loads((run / "model.json").read_text())
    con = duckdb.connect()
    con.execute(f"""CREATE TABLE t AS SELECT record_id, person_id
                    FROM read_csv('{truth}', all_varchar = true)""")
    con.execute(f"""CREATE TABLE matched AS SELECT p.* FROM '{run}/pairs.parquet' p
                    JOIN t a ON a.record_id = p.record_id_l JOIN t b ON b.record_id = p.record_id_r
                    WHERE a.person_id = b.person_id""")
    rows = []
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        counts = dict(con.execute(f'SELECT "gamma_{name}", count(*) FROM matched GROUP BY 1').fetchall())
        observed = sum(n for gamma, n in counts.items() if gamma != -1)
        for gamma, level in levels_by_value(comparison).items():
            if gamma == -1 or "m_probability" not in level or not observed:
                continue
            trained, true = level["m_probability"], counts.get(gamma, 0) / observed
            rows.append({"comparison": name, "level": level.get("label_for_charts", ""), "gamma": gamma,
                         "trained m": round(trained, 4), "true m": round(true, 4), "true pairs": counts.get(gamma, 0),
                         "bits": round(math.log2(true / trained), 2) if true else None})
    return rows


def markdown(name: str, rows: list[dict]) -> str:
    lines = [f"### {name}", "", "| comparison | level | γ | trained m | true m | true pairs | log2(true / trained) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r['comparison']} | {r['level']} | {r['gamma']} | {r['trained m']} | {r['true m']} | "
              f"{r['true pairs']:,} | {'' if r['bits'] is None else r['bits']} |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+", help="RUN=LIST: a run folder and the list folder with truth.csv")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "m-truth.md")
    a = ap.parse_args(argv)
    parts = [f"# Trained m against the truth\n\n`python benchmarks/m_truth.py {' '.join(a.runs)}`\n"]
    for pair in a.runs:
        run, data = (Path(p) for p in pair.split("=", 1))
        parts.append(markdown(f"{run.name} ({data.name})", level_rows(run, data / "truth.csv")))
    a.out.write_text("\n".join(parts))
    print(a.out.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
