"""`linkage init`: a spec for a list nobody described, that trains on the first try."""

from __future__ import annotations

import csv
import tomllib
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkage.cli import cli
from linkage.config import load_spec
from linkage.init_columns import recognise
from linkage.init_spec import init_spec
from linkage.pipeline import train
from tests.test_person_model import write_people

ROOT = Path(__file__).resolve().parents[1]
FAKE_1000 = ROOT / "benchmarks" / "data" / "splink_datasets" / "fake_1000.csv"
SAMPLE = ROOT / "data" / "sample" / "mentions.csv"


def _without(source: Path, out: Path, column: str) -> Path:
    """A copy of a CSV without its truth column (init must not see the answer)."""
    with open(source, newline="", encoding="utf-8") as src, open(out, "w", newline="", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, [f for f in reader.fieldnames if f != column])
        writer.writeheader()
        writer.writerows({k: v for k, v in row.items() if k != column} for row in reader)
    return out


def _people(tmp_path: Path) -> Path:
    write_people(tmp_path / "with_truth.csv")
    return _without(tmp_path / "with_truth.csv", tmp_path / "people.csv", "person")


SHAPES = {
    "english": lambda tmp: _without(FAKE_1000, tmp / "fake.csv", "cluster"),   # Splink's fake_1000
    "soldiers": lambda tmp: SAMPLE,                                              # Cyrillic full names
    "registry": _people,                                  # rec_id, given_name, 8-digit dates, ids
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_init_writes_a_spec_that_trains(shape, tmp_path, engine):
    mentions = SHAPES[shape](tmp_path)
    result = init_spec(mentions, engine, name=shape)
    spec_path = tmp_path / f"{shape}.toml"
    spec_path.write_text(result.text, encoding="utf-8")
    assert tomllib.loads(result.text) == result.table  # the comments aside, the text is the table
    spec = load_spec(str(spec_path))
    assert spec.blocking_rules and spec.em_rules and spec.deterministic_rules
    assert all(m.pairs > 0 for m in result.blocking + result.training)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Splink's notes on levels a small list never fills
        model = train(mentions, tmp_path / "model.json", str(spec_path), engine)
    assert model.em_rules_used_ == list(spec.em_rules)


def test_init_reads_headers_of_many_kinds():
    def kind(header, values=("x",), distinct=2, filled=2, rows=2):
        return recognise(header, list(values), distinct, filled, rows, set()).kind
    assert kind("Given Name") == "first_name" and kind("Фамилия") == "surname"
    assert kind("DOB") == "birth_date" and kind("date_of_death") == "death_date"
    assert kind("unique_id") == "record_id" and kind("cluster") == "skip"
    assert kind("postcode_fake", ["tq13 8df", "ne7 7dj"]) == "code"
    assert kind("gender", ["m"] * 100, distinct=2, filled=100, rows=100) == "category"
    assert kind("unique_id", distinct=1, rows=2) != "record_id"   # an id that repeats is not one


def test_init_never_overwrites_and_dedupe_suggests_it(tmp_path):
    out = tmp_path / "spec.toml"
    out.write_text("mine")
    result = CliRunner().invoke(cli, ["init", str(SAMPLE), "--out", str(out)], obj={})
    assert result.exit_code == 1 and "never overwrites" in result.output and out.read_text() == "mine"
    other = tmp_path / "other.csv"
    other.write_text("ref;who\nx1;Tom\n")  # neither header is one the contract knows
    result = CliRunner().invoke(cli, ["--temp-dir", str(tmp_path / "t"), "dedupe", str(other),
                                      "--out", str(tmp_path / "run")], obj={})
    assert result.exit_code == 1 and f"linkage init {other}" in result.output
