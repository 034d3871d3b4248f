"""Canonical individuals: full first names, most precise dates, provenance that points at a mention."""

from __future__ import annotations

import csv

from linkage import names


def _individuals(run):
    with open(run / "individuals.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _mentions(run):
    with open(run / "clusters.csv", encoding="utf-8", newline="") as handle:
        return {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}


def test_first_names_are_in_full_form(sample_run):
    assert names.full_first_name("Саша") == "Александр"
    for row in _individuals(sample_run):
        if row["first_name"]:
            assert names.full_first_name(row["first_name"]) == row["first_name"], row


def test_provenance_points_at_a_mention_of_the_same_individual(sample_run):
    cluster_of = _mentions(sample_run)
    for row in _individuals(sample_run):
        for field in ("surname_from", "first_name_from", "birth_date_from", "death_date_from"):
            if row[field]:
                assert cluster_of[row[field]] == row["cluster_id"], (field, row)


def test_dates_are_the_most_precise_a_mention_gives(sample_run, tmp_path):
    import duckdb

    precise = duckdb.execute(
        "SELECT c.cluster_id, max(length(f.birth_date)) FROM read_parquet(?) f "
        "JOIN read_csv(?, all_varchar=true) c USING (record_id) GROUP BY 1",
        [str(sample_run / "features.parquet"), str(sample_run / "clusters.csv")]).fetchall()
    longest = dict(precise)
    for row in _individuals(sample_run):
        assert len(row["birth_date"]) == (longest[row["cluster_id"]] or 0), row
