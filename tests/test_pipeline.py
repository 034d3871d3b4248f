"""End to end: `dedupe` writes the run folder, every record lands once, runs are reproducible."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

from linkage.config import EngineConfig
from linkage.errors import BlockingTooWide
from linkage.pipeline import RunOptions, dedupe, train
from tests.conftest import SAMPLE

RUN_FILES = ("clusters.csv", "individuals.csv", "pairs.parquet", "family.graphml", "households.csv",
             "rejects.csv", "model.json", "manifest.json", "report.html", "refused.csv",
             "cluster_quality.csv")


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_run_folder_has_every_output(sample_run):
    for name in RUN_FILES:
        assert (sample_run / name).is_file(), name
    assert not list(sample_run.parent.glob(".sample.staging-*")), "staging folder left behind"


def test_every_accepted_record_in_exactly_one_cluster(sample_run):
    inputs = [r["record_id"] for r in _rows(SAMPLE / "mentions.csv")]
    clustered = [r["record_id"] for r in _rows(sample_run / "clusters.csv")]
    rejected = [r["record_id"] for r in _rows(sample_run / "rejects.csv")]
    assert len(clustered) == len(set(clustered))
    assert sorted(clustered + rejected) == sorted(inputs)
    manifest = json.loads((sample_run / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["accepted"] + counts["rejected"] == counts["input_rows"] == len(inputs)
    assert counts["clustered"] == counts["accepted"]


def test_individuals_one_row_per_cluster(sample_run):
    clusters = {r["cluster_id"] for r in _rows(sample_run / "clusters.csv")}
    individuals = _rows(sample_run / "individuals.csv")
    assert sorted(r["cluster_id"] for r in individuals) == sorted(clusters)
    assert sum(int(r["n_mentions"]) for r in individuals) == len(_rows(sample_run / "clusters.csv"))


def test_cluster_quality_one_row_per_cluster(sample_run):
    clusters = _rows(sample_run / "clusters.csv")
    quality = {r["cluster_id"]: r for r in _rows(sample_run / "cluster_quality.csv")}
    sizes = {}
    for r in clusters:
        sizes[r["cluster_id"]] = sizes.get(r["cluster_id"], 0) + 1
    assert {c: int(q["size"]) for c, q in quality.items()} == sizes
    singles = [q for q in quality.values() if q["size"] == "1"]
    assert singles and all(q["scored_pairs"] == "0" and q["min_match_weight"] == "" for q in singles)
    multi = [q for q in quality.values() if int(q["size"]) > 1 and int(q["scored_pairs"]) > 0]
    assert all(float(q["min_match_weight"]) <= float(q["mean_match_weight"]) for q in multi)
    refused = _rows(sample_run / "refused.csv")
    assert sum(int(q["refused_merges"]) for q in quality.values()) == 2 * len(refused) > 0


def test_accuracy_floor_on_sample(sample_run):
    from linkage.evaluate import evaluate_run

    metrics = evaluate_run(sample_run, SAMPLE / "truth.csv")
    assert metrics["pairwise"]["f1"] >= 0.85, metrics["pairwise"]
    assert metrics["bcubed"]["f1"] >= 0.90, metrics["bcubed"]


def test_same_seed_gives_byte_identical_clusters(sample_run, tmp_path, engine):
    again = tmp_path / "again"
    dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=again, engine=engine))
    assert (again / "clusters.csv").read_bytes() == (sample_run / "clusters.csv").read_bytes()


def test_saved_model_scores_like_the_trained_one(sample_run, tmp_path, engine):
    model_path = tmp_path / "model.json"
    train(SAMPLE / "mentions.csv", model_path, "soldiers", engine)
    assert model_path.with_name("model.meta.json").is_file()
    loaded = tmp_path / "loaded"
    dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=loaded, model=model_path, engine=engine))
    query = ("SELECT record_id_l, record_id_r, round(match_weight, 9) FROM read_parquet(?) "
             "ORDER BY 1, 2")
    fresh = duckdb.execute(query, [str(sample_run / "pairs.parquet")]).fetchall()
    reloaded = duckdb.execute(query, [str(loaded / "pairs.parquet")]).fetchall()
    assert fresh == reloaded
    manifest = json.loads((loaded / "manifest.json").read_text())
    assert manifest["parameters"]["model"] == str(model_path)


def test_blocking_guard_refuses_explosive_runs(tmp_path, engine):
    tight = EngineConfig(**{**engine.__dict__, "max_pairs": 10})
    with pytest.raises(BlockingTooWide, match="candidate pairs, over the limit of 10"):
        dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=tmp_path / "run", engine=tight))
    assert not (tmp_path / "run").exists()


def test_a_run_over_the_per_key_bound_scores_the_pairs_it_made(tmp_path, engine, sample_run, monkeypatch):
    """When the rules' per-key bound cannot vouch for the guard (over its limit, as at 1.06M
    mentions: 264M for 71.5M pairs; or a rule without an equality), Splink's count passes the
    guard and the run still makes the pairs once and hands them to Splink: the same pairs,
    scored alike, counted exactly (Splink blocking inside predict took 2.4 times the CPU)."""
    from linkage import blocking, scoring

    handed = []
    predict = scoring.LinkageModel.predict

    def spy(self, sdf, floor_probability, blocked=None):
        handed.append(blocked is not None)
        return predict(self, sdf, floor_probability, blocked)

    monkeypatch.setattr(blocking, "upper_bound", lambda *args: None)
    monkeypatch.setattr(scoring.LinkageModel, "predict", spy)
    out = tmp_path / "run"
    dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=out, engine=engine))
    assert handed == [True]
    query = ("SELECT record_id_l, record_id_r, match_key, round(match_probability, 9) "
             "FROM read_parquet(?) ORDER BY 1, 2")
    assert (duckdb.execute(query, [str(out / "pairs.parquet")]).fetchall()
            == duckdb.execute(query, [str(sample_run / "pairs.parquet")]).fetchall())
    rows = json.loads((out / "manifest.json").read_text())["blocking"]
    assert rows == json.loads((sample_run / "manifest.json").read_text())["blocking"]
    assert not any(r["estimated"] for r in rows)


def test_a_misspelt_surname_blocks_with_its_commonest_spelling(engine):
    from linkage.database import connect
    from linkage.normalise import surname_common

    con = connect(engine)
    stems = ["kuznecov"] * 5 + ["kuznecof"] * 2 + ["kuzencov", "kusnecof", "ivanov", "ivanova", "li"]
    con.execute("CREATE TABLE features AS SELECT unnest(?) AS surname_stem", [stems])
    surname_common(con)
    common = dict(con.execute("SELECT stem, common FROM surname_common").fetchall())
    # a typo, a transposition, and a typo of a (commoner) typo all reach the common spelling
    assert common == {"kuznecov": "kuznecov", "kuznecof": "kuznecov", "kuzencov": "kuznecov",
                      "kusnecof": "kuznecov", "ivanov": "ivanov", "ivanova": "ivanov", "li": "li"}
