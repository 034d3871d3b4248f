"""Reviewer decisions: stored with who/when/why, latest wins, and every later dedupe honours them."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from linkage import review
from linkage.cli import cli
from linkage.config import EngineConfig
from linkage.generate import write_dataset
from linkage.pipeline import RunOptions, dedupe

ROOT = Path(__file__).resolve().parents[1]
# Clustering with its rules relaxed: on a few hundred generated people the full rules make no
# false merge to split, and a loose run makes several (a real run, just a permissive one).
LOOSE_CONSTRAINTS = """[constraints]
birth_full_dates_differ = false
first_names_not_variants = false
patronymics_differ = false
death_days_apart = 100000
min_average_weight = -1000.0
"""


def _clusters(run: Path) -> dict:
    with open(run / "clusters.csv", encoding="utf-8", newline="") as handle:
        return {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}


def _truth(path: Path) -> dict:
    with open(path, encoding="utf-8", newline="") as handle:
        return {r["record_id"]: r["person_id"] for r in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def loose_run(tmp_path_factory):
    """A generated list deduplicated with permissive clustering: it has false merges."""
    base = tmp_path_factory.mktemp("review")
    write_dataset(base / "data", 300, 11)
    spec = (ROOT / "models" / "soldiers.toml").read_text(encoding="utf-8")
    loose = base / "loose.toml"
    # the table itself, not a comment that names it
    loose.write_text(spec.split("\n[constraints]\n")[0] + "\n" + LOOSE_CONSTRAINTS, encoding="utf-8")
    engine = EngineConfig(temp_directory=str(base / "duck"), memory_limit="4GB")
    opts = RunOptions(mentions=base / "data" / "mentions.csv", out=base / "run", spec=str(loose),
                      threshold=0.5, engine=engine)
    dedupe(opts)
    return {"base": base, "opts": opts, "spec": str(loose), "truth": _truth(base / "data" / "truth.csv")}


# ---- the store ----------------------------------------------------------------------------------

def test_latest_decision_on_a_pair_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "olga")
    store = tmp_path / "s.duckdb"
    first = review.record(store, "link", "b", "a", note="same photo")
    review.record(store, "split", "a", "c", who="ivan")
    last = review.record(store, "split", "a", "b", note="brothers")
    found = review.decisions(store)
    assert [d.decision_id for d in found] == [1, 2, 3]
    assert (first.record_a, first.record_b, first.who, first.note) == ("a", "b", "olga", "same photo")
    assert [d.in_force for d in found] == [False, True, True]
    assert [d.decision_id for d in review.decisions_for_run(store)["decisions"]] == [2, last.decision_id]
    assert [(d.record_a, d.record_b) for d in review.decisions_for_run(store, [1])["decisions"]] == [("a", "b")]


def test_store_is_closed_after_each_write(tmp_path):
    import duckdb

    store = tmp_path / "s.duckdb"
    review.record(store, "link", "x", "y")
    con = duckdb.connect(str(store))  # would fail on the file lock if review kept it open
    assert con.execute("SELECT count(*) FROM decisions").fetchall() == [(1,)]
    con.close()


def test_nonsense_decisions_are_refused(tmp_path):
    with pytest.raises(review.StoreError, match="two different record ids"):
        review.record(tmp_path / "s.duckdb", "link", "a", "a")
    with pytest.raises(review.StoreError, match="unknown decision"):
        review.record(tmp_path / "s.duckdb", "merge", "a", "b")
    assert review.decisions(tmp_path / "missing.duckdb") == []


def test_contradicting_decisions_warn(tmp_path):
    store = tmp_path / "s.duckdb"
    review.record(store, "link", "a", "b")
    review.record(store, "split", "a", "c")
    with pytest.warns(UserWarning, match="a and c are split, but links join them"):
        review.record(store, "link", "b", "c")


# ---- the CLI and the loop through dedupe --------------------------------------------------------

def test_cli_review_refuses_unknown_records(loose_run, tmp_path):
    run = loose_run["opts"].out
    result = CliRunner().invoke(cli, ["review", str(run), "--link", "nobody", "m0000001",
                                      "--store", str(tmp_path / "s.duckdb")], obj={})
    assert result.exit_code == 1
    assert "no record 'nobody' in this run" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["review", str(run)], obj={})
    assert result.exit_code == 2 and "exactly one of" in result.output


def _rerun(loose_run, store: Path, out: Path) -> dict:
    args = ["--temp-dir", str(loose_run["base"] / "duck"), "dedupe",
            str(loose_run["opts"].mentions), "--out", str(out), "--spec", loose_run["spec"],
            "--threshold", "0.5", "--store", str(store)]
    result = CliRunner().invoke(cli, args, obj={})
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text())


def test_split_of_a_false_merge_sticks(loose_run, tmp_path):
    run, truth = loose_run["opts"].out, loose_run["truth"]
    clusters = _clusters(run)
    members: dict = {}
    for record_id, cluster_id in clusters.items():
        members.setdefault(cluster_id, []).append(record_id)
    false = [(a, b) for group in members.values() for a in group for b in group
             if a < b and truth[a] != truth[b]]
    assert false, "the loose run should contain a false merge"
    a, b = false[0]
    store = tmp_path / "store.duckdb"
    result = CliRunner().invoke(cli, ["review", str(run), "--split", a, b, "--note", "different men",
                                      "--who", "tester", "--store", str(store)], obj={})
    assert result.exit_code == 0, result.output
    assert re.search(r"decision 1: split", result.output)
    manifest = _rerun(loose_run, store, tmp_path / "after")
    after = _clusters(tmp_path / "after")
    assert after[a] != after[b]
    assert manifest["decisions_used"] == [1]
    listed = CliRunner().invoke(cli, ["review", "--list", "--store", str(store)], obj={},
                                env={"COLUMNS": "200"})
    assert "different men" in listed.output and "tester" in listed.output and "in force" in listed.output


def test_link_of_a_missed_match_sticks(loose_run, tmp_path):
    run, truth = loose_run["opts"].out, loose_run["truth"]
    clusters = _clusters(run)
    by_person: dict = {}
    for record_id, person in truth.items():
        if record_id in clusters:
            by_person.setdefault(person, []).append(record_id)
    missed = [(a, b) for group in by_person.values() for a in group for b in group
              if a < b and clusters[a] != clusters[b]]
    assert missed, "the run should miss at least one match"
    a, b = missed[0]
    store = tmp_path / "store.duckdb"
    result = CliRunner().invoke(cli, ["review", str(run), "--link", a, b, "--store", str(store)], obj={})
    assert result.exit_code == 0, result.output
    manifest = _rerun(loose_run, store, tmp_path / "after")
    after = _clusters(tmp_path / "after")
    assert after[a] == after[b]
    assert manifest["decisions_used"] == [1]
