"""The generic person model (models/person.toml): it loads, reads eight-digit dates, and
deduplicates a small synthetic list of people with typos (no FEBRL at test time)."""

from __future__ import annotations

import csv
import random
import warnings

import pandas as pd
import pytest

from linkage.config import EngineConfig, load_spec
from linkage.dates import parse_date
from linkage.evaluate import cluster_metrics
from linkage.pipeline import RunOptions, dedupe

FIRST = ["olivia", "jack", "charlotte", "william", "mia", "noah", "amelia", "thomas", "isla",
         "james", "grace", "lucas", "chloe", "henry", "sophie", "oscar", "emily", "leo", "ruby",
         "samuel", "zoe", "harrison", "lily", "ethan", "matilda", "liam", "ava", "joshua"]
SURNAME = ["smith", "jones", "williams", "brown", "wilson", "taylor", "johnson", "white",
           "martin", "anderson", "thompson", "nguyen", "thomas", "walker", "harris", "lee",
           "ryan", "robinson", "kelly", "king", "campbell", "clarke", "mitchell", "young"]
STREET = ["george street", "king street", "church road", "station street", "park avenue",
          "high street", "victoria road", "bay street", "hill crescent", "river parade"]
SUBURB = ["richmond", "glenelg", "toowong", "fremantle", "parramatta", "hobart", "geelong",
          "newtown", "bondi", "carlton", "fitzroy", "kew"]
STATE = ["nsw", "vic", "qld", "sa", "wa", "tas"]
HEADER = ["rec_id", "given_name", "surname", "date_of_birth", "street", "suburb", "postcode",
          "state", "national_id"]
COLUMNS = {"rec_id": "record_id", "given_name": "first_name", "date_of_birth": "birth_date",
           "street": "address", "national_id": "ssn"}


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a letter replaced, dropped, doubled or two letters swapped."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(["replace", "drop", "double", "swap"])
    if kind == "replace":
        return text[:i] + rng.choice("abcdefghijklmnoprstuvw") + text[i + 1:]
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


def person(rng: random.Random) -> dict:
    return {"given_name": rng.choice(FIRST), "surname": rng.choice(SURNAME),
            "date_of_birth": f"{rng.randint(1930, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
            "street": f"{rng.randint(1, 200)} {rng.choice(STREET)}", "suburb": rng.choice(SUBURB),
            "postcode": str(rng.randint(2000, 7999)), "state": rng.choice(STATE),
            "national_id": str(rng.randint(1_000_000, 9_999_999))}


def duplicate(rng: random.Random, original: dict) -> dict:
    """A copy with one to three fields mistyped or missing, as a second registry would hold it."""
    copy = dict(original)
    for field in rng.sample(HEADER[1:], rng.randint(1, 3)):
        copy[field] = "" if rng.random() < 0.25 else typo(rng, copy[field])
    return copy


def write_people(path, n_people: int = 130, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as sink:
        writer = csv.DictWriter(sink, fieldnames=HEADER + ["person"])
        writer.writeheader()
        for p in range(n_people):
            original = person(rng)
            copies = [original] + [duplicate(rng, original) for _ in range(rng.choice([0, 1, 1, 2, 3]))]
            for k, record in enumerate(copies):
                writer.writerow(record | {"rec_id": f"p{p}-{k}", "person": f"p{p}"})


def test_person_spec_loads():
    spec = load_spec("person")
    assert spec.name == "person"
    assert {c.column for c in spec.comparisons} >= {"first_name", "surname", "birth_date", "address",
                                                     "suburb", "postcode", "state", "ssn"}
    assert not spec.constraints.get("patronymics_differ", True)


@pytest.mark.parametrize("text, iso", [("19560409", "1956-04-09"), ("20240229", "2024-02-29"),
                                       ("19560931", "1956-09"), ("19561309", "1956"),
                                       ("00000000", None)])
def test_eight_digit_dates(text, iso):
    assert parse_date(text).iso == iso


def test_person_model_deduplicates_a_synthetic_list(tmp_path):
    write_people(tmp_path / "people.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Splink's EM warnings on a small list
        dedupe(RunOptions(mentions=tmp_path / "people.csv", out=tmp_path / "run", spec="person",
                          columns=COLUMNS, engine=EngineConfig(temp_directory=str(tmp_path / "db"))))
    truth = pd.read_csv(tmp_path / "people.csv", dtype=str)
    clusters = pd.read_csv(tmp_path / "run" / "clusters.csv", dtype=str)
    merged = truth.merge(clusters, left_on="rec_id", right_on="record_id", how="left")
    assert len(truth) > 250
    metrics = cluster_metrics(merged["cluster_id"].fillna(merged["rec_id"]), merged["person"])
    assert metrics["pairwise"]["f1"] >= 0.95, metrics["pairwise"]
    features = pd.read_parquet(tmp_path / "run" / "features.parquet")
    assert {"address", "suburb", "postcode", "state", "ssn", "person"} <= set(features.columns)


def test_person_spec_keeps_records_without_a_name(tmp_path):
    write_people(tmp_path / "people.csv")
    rows = pd.read_csv(tmp_path / "people.csv", dtype=str, keep_default_na=False)
    rows.loc[rows.index[:3], ["given_name", "surname"]] = ""
    rows.to_csv(tmp_path / "nameless.csv", index=False)
    engine = EngineConfig(temp_directory=str(tmp_path / "db"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        manifest = dedupe(RunOptions(mentions=tmp_path / "nameless.csv", out=tmp_path / "run",
                                     spec="person", columns=COLUMNS, engine=engine))
    assert manifest["counts"]["rejected"] == 0
    assert manifest["counts"]["accepted"] == len(rows)


def test_a_spec_column_the_input_lacks_is_one_clear_error(tmp_path):
    from linkage.errors import ModelError

    write_people(tmp_path / "people.csv")
    rows = pd.read_csv(tmp_path / "people.csv", dtype=str, keep_default_na=False)
    rows.drop(columns=["national_id"]).to_csv(tmp_path / "no_ssn.csv", index=False)
    engine = EngineConfig(temp_directory=str(tmp_path / "db"))
    with pytest.raises(ModelError, match=r"needs column\(s\) ssn"):
        dedupe(RunOptions(mentions=tmp_path / "no_ssn.csv", out=tmp_path / "run", spec="person",
                          columns={k: v for k, v in COLUMNS.items() if k != "national_id"},
                          engine=engine))
