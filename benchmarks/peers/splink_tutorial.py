"""Plain Splink 5 on its own data sets, set up as its own documentation does.

historical_50k: the duckdb example "deduplicate_50k_synthetic" (ten blocking rules,
ForenameSurnameComparison on a concatenated name column, DateOfBirthComparison, PostcodeComparison,
exact birth place and occupation with term frequencies; λ from three rules at recall 0.6, u from
1e7 random pairs, EM blocked on first name + surname and on dob; clusters at 0.95).
fake_1000: the README's quickstart (NameComparison, JaroAtThresholds, DateOfBirthComparison,
exact city with term frequencies, EmailComparison; blocking on first name + dob and on surname;
λ at recall 0.7, u from 1e6 pairs, EM on first name + surname and on email; clusters at 0.95).

Reads DATA/mentions.csv or .parquet (the set's own headers, truth column removed) and
DATA/truth.csv; writes OUT/clusters.csv (at the tutorial's threshold) and OUT/info.json (with a
threshold sweep against the truth, a favour to this peer whose time is excluded).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import duckdb
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from linkage.evaluate import cluster_metrics
from peers.plain import components, write_result

TUTORIAL_THRESHOLD = 0.95
SWEEP = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999]


def historical() -> tuple[SettingsCreator, list, float, float, list, str]:
    rules = [
        block_on("substr(first_name,1,3)", "substr(surname,1,4)"), block_on("surname", "dob"),
        block_on("first_name", "dob"), block_on("postcode_fake", "first_name"),
        block_on("postcode_fake", "surname"), block_on("dob", "birth_place"),
        block_on("substr(postcode_fake,1,3)", "dob"), block_on("substr(postcode_fake,1,3)", "first_name"),
        block_on("substr(postcode_fake,1,3)", "surname"),
        block_on("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only", blocking_rules_to_generate_predictions=rules,
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname",
                                         forename_surname_concat_col_name="first_name_surname_concat"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode_fake"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True)
    deterministic = [block_on("first_name", "surname", "dob"),
                     block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
                     block_on("dob", "postcode_fake")]
    em = [block_on("first_name", "surname"), block_on("dob")]
    return settings, deterministic, 0.6, 1e7, em, "*, first_name || ' ' || surname AS first_name_surname_concat"


def fake_1000() -> tuple[SettingsCreator, list, float, float, list, str]:
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"), cl.JaroAtThresholds("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[block_on("first_name", "dob"), block_on("surname")])
    em = [block_on("first_name", "surname"), block_on("email")]
    return settings, [block_on("first_name", "surname")], 0.7, 1e6, em, "*"


def febrl3() -> tuple[SettingsCreator, list, float, float, list, str]:
    """The febrl3 notebook's setup (as peers/febrl_splink.py has it), on FEBRL's own headers."""
    from peers.febrl_splink import dedupe_settings

    settings, deterministic, recall, em = dedupe_settings()
    return settings, deterministic, recall, 1e6, em, "*"


SETS = {"historical_50k": historical, "fake_1000": fake_1000, "febrl3": febrl3}


def _read(data: Path) -> duckdb.DuckDBPyRelation:
    parquet = data / "mentions.parquet"
    source = parquet if parquet.exists() else data / "mentions.csv"
    if source.suffix == ".parquet":
        return duckdb.sql(f"SELECT * FROM read_parquet('{source}')").df()
    return duckdb.sql(f"SELECT * FROM read_csv('{source}', all_varchar = true)").df()


def run(name: str, frame: pd.DataFrame):
    settings, deterministic, recall, u_pairs, em, projection = SETS[name]()
    api = DuckDBAPI()
    table = api.duckdb_con.from_df(frame).project(projection)
    linker = Linker(api.register(table), settings)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs)
    for rule in em:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True)
    predictions = linker.inference.predict(threshold_match_probability=min(SWEEP))
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=TUTORIAL_THRESHOLD)
    return predictions, clusters.as_pandas_dataframe()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--set", choices=sorted(SETS), required=True)
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.WARNING)
    frame = _read(args.data)
    key = "unique_id" if "unique_id" in frame else "rec_id"  # FEBRL's settings name rec_id
    frame[key] = frame[key].astype(str)
    predictions, clusters = run(args.set, frame)
    start = time.perf_counter()
    pairs = predictions.as_pandas_dataframe()[[f"{key}_l", f"{key}_r", "match_probability"]]
    pairs.columns = ["unique_id_l", "unique_id_r", "match_probability"]
    truth = pd.read_csv(args.data / "truth.csv", dtype=str).set_index("record_id")
    ids = list(frame[key])
    person = truth.loc[ids, "person_id"].to_numpy()
    sweep = []
    for t in SWEEP:
        kept = pairs[pairs["match_probability"] >= t]
        f1 = cluster_metrics(components(ids, kept["unique_id_l"], kept["unique_id_r"]), person)["pairwise"]["f1"]
        sweep.append({"threshold": t, "f1": round(f1, 4)})
    swept = time.perf_counter() - start
    labels = clusters.set_index(clusters[key].astype(str)).loc[ids, "cluster_id"]
    write_result(args.out, ids, labels.to_numpy(), {
        "threshold": TUTORIAL_THRESHOLD, "threshold_choice": "the tutorial's",
        "sweep": sweep, "excluded_seconds": round(swept, 3), "pairs_scored": len(pairs)})
    print(json.dumps(sweep))


if __name__ == "__main__":
    main()
