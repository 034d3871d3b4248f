"""Plain Splink 5 on FEBRL as its own tutorials set it up (docs/demos/examples/duckdb/febrl3 and
febrl4): FEBRL3 deduplicated with the febrl3 notebook's blocking, comparisons and training;
FEBRL4 linked file to file (link_only) with the febrl4 notebook's detailed model. Clusters are
connected components at the best threshold of a sweep against the truth (a favour to this peer;
the sweep's time is excluded from wall, as in splink_plain).

Reads DATA/mentions.csv (FEBRL headers; column `source` names the file) and DATA/truth.csv;
writes OUT/clusters.csv and OUT/info.json.
"""

from __future__ import annotations

import logging
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from linkage.evaluate import cluster_metrics
from peers.plain import arguments, components, write_result

SWEEP = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]
DOB = {"input_is_string": True, "datetime_format": "%Y%m%d", "invalid_dates_as_null": True}


def dedupe_settings() -> tuple[SettingsCreator, list, float, list]:
    """The febrl3 notebook: settings, deterministic rules, their recall, EM rules."""
    rules = [block_on("soc_sec_id"), block_on("given_name"), block_on("surname"),
             block_on("date_of_birth"), block_on("postcode")]
    settings = SettingsCreator(
        unique_id_column_name="rec_id", link_type="dedupe_only",
        blocking_rules_to_generate_predictions=rules,
        comparisons=[
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", **DOB),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ])
    deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth"),
                     ("l.given_name = r.surname and l.surname = r.given_name "
                      "and l.date_of_birth = r.date_of_birth")]
    return settings, deterministic, 0.9, [block_on("date_of_birth"), block_on("postcode")]


def link_settings() -> tuple[SettingsCreator, list, float, list]:
    """The febrl4 notebook's detailed model."""
    rules = [block_on("given_name", "surname"),
             "l.given_name = r.surname and l.surname = r.given_name",
             block_on("date_of_birth"), block_on("soc_sec_id"), block_on("state", "address_1"),
             block_on("street_number", "address_1"), block_on("postcode")]
    settings = SettingsCreator(
        unique_id_column_name="rec_id", link_type="link_only",
        blocking_rules_to_generate_predictions=rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", **DOB),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True),
        ])
    deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    return settings, deterministic, 0.8, [block_on("date_of_birth"), block_on("postcode")]


def train_and_predict(frame: pd.DataFrame, seed: int):
    files = sorted(frame["source"].unique())
    settings, deterministic, recall, em_rules = dedupe_settings() if len(files) == 1 else link_settings()
    api = DuckDBAPI()
    inputs = [api.register(frame[frame["source"] == f].drop(columns="source")) for f in files]
    linker = Linker(inputs if len(inputs) > 1 else inputs[0], settings)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True)
    return linker, linker.inference.predict(threshold_match_probability=min(SWEEP))


def best_threshold(ids, pairs: pd.DataFrame, truth: pd.DataFrame) -> tuple[float, list[dict]]:
    person = truth.set_index("record_id").loc[ids, "person_id"].to_numpy()
    rows = []
    for t in SWEEP:
        kept = pairs[pairs["match_probability"] >= t]
        m = cluster_metrics(components(ids, kept["rec_id_l"], kept["rec_id_r"]), person)
        rows.append({"threshold": t, "f1": m["pairwise"]["f1"]})
    return max(rows, key=lambda r: r["f1"])["threshold"], rows


def main() -> None:
    args = arguments(__doc__)
    logging.getLogger("splink").setLevel(logging.WARNING)
    frame = pd.read_csv(args.data / "mentions.csv", dtype=str, keep_default_na=False)
    frame = frame.replace({"": None})
    _, predictions = train_and_predict(frame, args.seed)
    start = time.perf_counter()
    pairs = predictions.as_pandas_dataframe()[["rec_id_l", "rec_id_r", "match_probability"]]
    truth = pd.read_csv(args.data / "truth.csv", dtype=str)
    ids = list(frame["rec_id"])
    best, sweep = best_threshold(ids, pairs, truth)
    swept = time.perf_counter() - start
    kept = pairs[pairs["match_probability"] >= best]
    write_result(args.out, ids, components(ids, kept["rec_id_l"], kept["rec_id_r"]),
                 {"threshold": best, "threshold_choice": "best pairwise F1 of a sweep against truth",
                  "sweep": sweep, "excluded_seconds": round(swept, 3), "pairs_scored": len(pairs),
                  "note": "link_only, as its tutorial" if frame["source"].nunique() > 1 else ""})


if __name__ == "__main__":
    main()
