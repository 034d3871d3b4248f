"""Plain Splink 5 on DuckDB, set up as its tutorials do: one Latin transliteration, Jaro–Winkler
name comparisons, date comparisons, u by random sampling, m by EM, connected components.

Reads DATA/mentions.csv and DATA/truth.csv (truth only to pick the best clustering threshold
from a sweep, a favour to this peer; the sweep's time is reported and excluded from wall).
"""

from __future__ import annotations

import logging
import time

import numpy as np
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from linkage.evaluate import cluster_metrics
from peers.plain import arguments, components, features, write_result

# match probabilities swept for the connected-components threshold
SWEEP = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]
BLOCKING = [block_on("surname", "first_name"), block_on("surname", "birth_year"),
            block_on("first_name", "birth_year")]


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        blocking_rules_to_generate_predictions=BLOCKING,
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("patronymic", [0.92, 0.8]),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.DateOfBirthComparison("death_date", input_is_string=True),
            cl.ExactMatch("region"),
        ],
    )


def train_and_predict(frame: pd.DataFrame, seed: int):
    linker = Linker(DuckDBAPI().register(frame), settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "birth_date")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    # EM on narrow rules, each leaving the other's comparisons free to learn (SPLINK5-NOTES: Scale)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    return linker, linker.inference.predict(threshold_match_probability=min(SWEEP))


def best_threshold(ids, pairs: pd.DataFrame, truth: pd.DataFrame) -> tuple[float, list[dict]]:
    truth = truth.set_index("record_id").loc[ids]
    rows = []
    for t in SWEEP:
        kept = pairs[pairs["match_probability"] >= t]
        labels = components(ids, kept["record_id_l"], kept["record_id_r"])
        m = cluster_metrics(labels, truth["person_id"].to_numpy())
        rows.append({"threshold": t, "f1": m["pairwise"]["f1"]})
    return max(rows, key=lambda r: r["f1"])["threshold"], rows


def main() -> None:
    args = arguments(__doc__)
    logging.getLogger("splink").setLevel(logging.WARNING)
    frame = features(args.data / "mentions.csv")
    linker, predictions = train_and_predict(frame, args.seed)
    start = time.perf_counter()
    pairs = predictions.as_pandas_dataframe()[["record_id_l", "record_id_r", "match_probability"]]
    truth = pd.read_csv(args.data / "truth.csv", dtype=str, keep_default_na=False)
    best, sweep = best_threshold(list(frame["record_id"]), pairs, truth)
    swept = time.perf_counter() - start
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=best).as_pandas_dataframe()
    write_result(args.out, clusters["record_id"], clusters["cluster_id"],
                 {"threshold": best, "threshold_choice": "best pairwise F1 of a sweep against truth",
                  "sweep": sweep, "excluded_seconds": round(swept, 3),
                  "pairs_scored": len(pairs)})


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
