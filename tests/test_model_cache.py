"""Trained models kept for reuse: a second run of the same list reuses the model and gives the
same result; --retrain fits anew; another input gets another key; a foreign file is left alone."""

from __future__ import annotations

import json
from dataclasses import replace

import duckdb

from linkage import model_cache
from linkage.pipeline import RunOptions, dedupe
from linkage.scoring import LinkageModel
from tests.conftest import SAMPLE


def _pairs(run):
    with duckdb.connect() as con:
        return con.execute(f"SELECT unique_id_l, unique_id_r, match_weight FROM '{run}/pairs.parquet' "
                           "ORDER BY 1, 2").fetchall()


def test_a_second_run_reuses_the_model_and_gives_the_same_result(tmp_path, engine):
    engine = replace(engine, model_cache=str(tmp_path / "cache"))
    first = dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=tmp_path / "a", engine=engine))
    second = dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=tmp_path / "b", engine=engine))
    again = dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=tmp_path / "c", engine=engine,
                              retrain=True))
    assert first["training"]["source"] == "fitted"
    assert second["training"] == {"source": "reused", "path": first["training"]["path"],
                                  "variant_m": first["training"]["variant_m"]}  # as it was trained
    assert again["training"]["source"] == "fitted"
    assert (tmp_path / "a" / "clusters.csv").read_bytes() == (tmp_path / "b" / "clusters.csv").read_bytes()
    assert _pairs(tmp_path / "a") == _pairs(tmp_path / "b")
    assert json.loads((tmp_path / "a" / "model.json").read_text()) == \
        json.loads((tmp_path / "b" / "model.json").read_text())


def test_the_key_follows_the_rows_the_spec_and_the_seed(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE TABLE features AS SELECT range AS unique_id, 'Иван' || range AS first_key "
                "FROM range(100)")
    key = model_cache.key(con, "features", {"a": 1}, 42, "duckdb", tmp_path)
    assert model_cache.key(con, "features", {"a": 1}, 42, "duckdb", tmp_path) == key
    assert model_cache.key(con, "features", {"a": 2}, 42, "duckdb", tmp_path) != key
    assert model_cache.key(con, "features", {"a": 1}, 7, "duckdb", tmp_path) != key
    con.execute("UPDATE features SET first_key = 'Пётр' WHERE unique_id = 5")
    assert model_cache.key(con, "features", {"a": 1}, 42, "duckdb", tmp_path) != key


def test_a_file_linkage_did_not_write_is_neither_read_nor_replaced(tmp_path, sample_run):
    con = duckdb.connect()
    con.execute("CREATE TABLE features AS SELECT range AS unique_id FROM range(10)")
    key = model_cache.key(con, "features", {}, 42, "duckdb", tmp_path)
    key.path.write_text('{"mine": true}', encoding="utf-8")
    model = LinkageModel.load(sample_run / "model.json")
    assert model_cache.find(key) is None
    assert model_cache.keep(model, key, []) is None
    assert key.path.read_text(encoding="utf-8") == '{"mine": true}'
    key.path.unlink()
    assert model_cache.keep(model, key, ["a warning"]) == key.path
    assert model_cache.find(key) == key.path
