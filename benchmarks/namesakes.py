"""Where a run's false merges come from, by region, and what joint name frequencies would change.

Usage: python benchmarks/namesakes.py RUN_FOLDER LIST_FOLDER [--pseudo 1,3] [--own 0,2] [--out FILE]

Reads the run's pairs.parquet, features.parquet and clusters.csv and the list's truth.csv.

1. False merges by region: the scored pairs inside one predicted individual that join two people,
   by the region of the pair (where either side has one), beside each region's share of the
   mentions. On other hands' 1M list, seven regions whose names concentrate (Dagestan, Tuva,
   Chechnya, Bashkortostan, Tatarstan, Buryatia, Yakutia) held 14% of the mentions and 44% of the
   false pairs: Fellegi–Sunter multiplies the frequencies of first name, surname and region as if
   they were independent, and a common Tuvan name in Tuva (Айдыс Ооржак) scores like a rare one.
2. An offline experiment, not the engine: each pair that agrees exactly on first name and surname
   loses log2 ρ bits, ρ = (n - own + k) / (E + k), n the mentions bearing that full name, E their
   number were first name and surname independent, `own` the mentions the person himself may
   contribute, k a pseudo-count; when the region agrees too, the name's association with that
   region likewise. Weights only fall (ρ >= 1). The run is re-clustered at its own threshold with
   its own rules and scored against the truth.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from family import markdown  # benchmarks/family.py: pandas' to_markdown needs tabulate
from linkage import clustering
from linkage.evaluate import cluster_metrics
from linkage.review import run_decisions
from linkage.runs import Run
from linkage.weights import probability_to_weight

HERE = Path(__file__).resolve().parent


def by_region(con: duckdb.DuckDBPyConnection, run: Path) -> pd.DataFrame:
    """False and true pairs inside predicted individuals by region, and the region's share."""
    return con.execute(f"""
        WITH inside AS (
            SELECT coalesce(p.region_key_l, p.region_key_r) AS region, l.person_id = r.person_id AS same
            FROM '{run}/pairs.parquet' p JOIN t l ON l.record_id = p.record_id_l
            JOIN t r ON r.record_id = p.record_id_r WHERE l.cluster_id = r.cluster_id),
        shares AS (SELECT region_key AS region, count(*) / sum(count(*)) OVER () AS mention_share
                   FROM '{run}/features.parquet' GROUP BY 1)
        SELECT region, count(*) FILTER (WHERE NOT same) AS false_pairs, count(*) FILTER (WHERE same) AS true_pairs,
               round(count(*) FILTER (WHERE NOT same) / count(*), 3) AS false_share,
               round(any_value(mention_share), 4) AS mention_share
        FROM inside LEFT JOIN shares USING (region) GROUP BY region ORDER BY false_pairs DESC LIMIT 15""").df()


def frequencies(con: duckdb.DuckDBPyConnection, run: Path) -> pd.DataFrame:
    """Per scored pair: its weight, whether names (and region) agree exactly, and the counts n, E."""
    con.execute(f"""CREATE TABLE f AS SELECT first_key, surname_key, region_key
                    FROM '{run}/features.parquet' WHERE first_key IS NOT NULL AND surname_key IS NOT NULL""")
    return con.execute(f"""
        WITH total AS (SELECT count(*)::DOUBLE AS n FROM f),
        nf AS (SELECT first_key, count(*)::DOUBLE AS n FROM f GROUP BY 1),
        ns AS (SELECT surname_key, count(*)::DOUBLE AS n FROM f GROUP BY 1),
        nr AS (SELECT region_key, count(*)::DOUBLE / sum(count(*)) OVER () AS share
               FROM f WHERE region_key IS NOT NULL GROUP BY 1),
        nfs AS (SELECT first_key, surname_key, count(*)::DOUBLE AS n,
                       count(region_key)::DOUBLE AS with_region FROM f GROUP BY 1, 2),
        nfsr AS (SELECT first_key, surname_key, region_key, count(*)::DOUBLE AS n
                 FROM f WHERE region_key IS NOT NULL GROUP BY 1, 2, 3)
        SELECT p.unique_id_l, p.unique_id_r, p.match_weight,
               p.gamma_first_name = 8 AND p.gamma_surname = 7 AS names_agree,
               coalesce(p.gamma_region_key = 1, false) AS region_agrees,
               nfs.n AS n_name, nf.n * ns.n / total.n AS e_name,
               nfsr.n AS n_name_region, nfs.with_region * nr.share AS e_name_region
        FROM '{run}/pairs.parquet' p CROSS JOIN total
        LEFT JOIN nf ON nf.first_key = p.first_key_l LEFT JOIN ns ON ns.surname_key = p.surname_key_l
        LEFT JOIN nfs ON nfs.first_key = p.first_key_l AND nfs.surname_key = p.surname_key_l
        LEFT JOIN nfsr ON nfsr.first_key = p.first_key_l AND nfsr.surname_key = p.surname_key_l
                      AND nfsr.region_key = p.region_key_l
        LEFT JOIN nr ON nr.region_key = p.region_key_l""").df()


def lowered(pairs: pd.DataFrame, pseudo: float, own: float) -> np.ndarray:
    """The pairs' weights less log2 ρ of the name, and of the name in its region (module doc)."""
    def bits(n, e):
        return np.log2(np.maximum(1.0, (np.maximum(n.fillna(0) - own, 0) + pseudo) / (e.fillna(0) + pseudo)))
    names = np.where(pairs.names_agree, bits(pairs.n_name, pairs.e_name), 0.0)
    region = np.where(pairs.names_agree & pairs.region_agrees,
                      bits(pairs.n_name_region, pairs.e_name_region), 0.0)
    return pairs.match_weight.to_numpy() - names - region


def scored(saved: Run, truth: pd.DataFrame, weights: np.ndarray, pairs: pd.DataFrame) -> dict:
    """Pairwise and B³ figures of the run re-clustered on `weights`, and its household merges."""
    must, cannot = run_decisions(saved, None)
    edges = (pairs.unique_id_l.to_numpy(), pairs.unique_id_r.to_numpy(), weights)
    (labels,), _ = clustering.cluster_sweep(
        saved.records, edges, [probability_to_weight(saved.threshold)], saved.method, rules=saved.rules,
        must_link=must, cannot_link=cannot, floor_weight=saved.spec.scoring.unscored_pair_weight)
    ids = saved.record_ids()
    pred = pd.DataFrame({"record_id": [ids[u] for u in labels], "cluster_id": list(labels.values())})
    merged = truth.merge(pred, on="record_id", how="left")
    found = cluster_metrics(merged["cluster_id"].fillna(merged["record_id"]), merged["person_id"],
                            merged["household_id"].replace("", None))
    pw = found["pairwise"]
    return {"P": pw["precision"], "R": pw["recall"], "F1": pw["f1"], "B3 F1": found["bcubed"]["f1"],
            "household merges": found.get("household_merges")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("list", type=Path, help="the folder with truth.csv")
    parser.add_argument("--pseudo", default="1,3", help="pseudo-counts k to try")
    parser.add_argument("--own", default="0,2", help="mentions of the person himself to discount")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    truth = pd.read_csv(args.list / "truth.csv", dtype=str, keep_default_na=False)
    con = duckdb.connect()
    con.register("truth_frame", truth)
    con.execute(f"""CREATE TABLE t AS SELECT c.record_id, c.cluster_id, tr.person_id
                    FROM read_csv('{args.run}/clusters.csv', all_varchar = true) c
                    JOIN truth_frame tr USING (record_id)""")
    lines = [f"# False merges by region and joint name frequencies: {args.run.name}", "",
             f"`python benchmarks/namesakes.py {args.run} {args.list}`", "", "## False merges by region", "",
             markdown(by_region(con, args.run)), ""]
    with Run.open(args.run) as saved:
        pairs = frequencies(con, args.run)
        rows = [{"correction": "none (the run)"} | scored(saved, truth, pairs.match_weight.to_numpy(), pairs)]
        for own in (float(x) for x in args.own.split(",")):
            for pseudo in (float(x) for x in args.pseudo.split(",")):
                rows.append({"correction": f"k {pseudo:g}, own {own:g}"}
                            | scored(saved, truth, lowered(pairs, pseudo, own), pairs))
                print(rows[-1], flush=True)
    lines += ["## Re-clustered with joint name frequencies (offline)", "",
              markdown(pd.DataFrame(rows).round(4)), ""]
    text = "\n".join(lines)
    print(text)
    out = args.out or HERE / "results" / f"namesakes-{args.run.name}.md"
    out.write_text(text)


if __name__ == "__main__":
    main()
