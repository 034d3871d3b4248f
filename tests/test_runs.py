"""The run-folder reader: one Run hands out what dedupe wrote, and the spec the run used."""

from __future__ import annotations

import json
import shutil

import pytest

from linkage import schema
from linkage.config import load_spec
from linkage.errors import InputError, LinkageError
from linkage.runs import Run
from linkage.weights import probability_to_weight, weight_to_probability


def test_a_run_hands_out_its_parts(sample_run):
    with Run.open(sample_run) as run:
        clusters = run.clusters()
        assert list(clusters.columns) == list(schema.CLUSTER_FILE_COLUMNS)
        assert set(run.record_ids().values()) == set(clusters.record_id)
        assert run.con.execute("SELECT count(*) FROM pairs").fetchall()[0][0] > 0
        assert run.con.execute("SELECT count(*) FROM mentions").fetchall()[0][0] == len(clusters)
        assert "comparisons" in run.model().settings_
        assert len(run.records) == len(clusters)
        assert run.threshold == run.manifest["parameters"]["threshold"]
        assert all(isinstance(reason, str) for reason in run.refused().values())


def test_the_manifest_records_the_spec_so_a_run_outlives_its_toml(sample_run, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(sample_run, copy)
    manifest = json.loads((copy / schema.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["spec"]["name"] == manifest["parameters"]["spec"]
    assert Run(copy).spec == load_spec(manifest["parameters"]["spec"])
    # the spec's name no longer resolves to any file: the run still knows its own spec
    manifest["parameters"]["spec"] = "no-such-spec"
    manifest["spec"]["constraints"]["death_days_apart"] = 5
    (copy / schema.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert Run(copy).spec.constraints["death_days_apart"] == 5
    assert Run(copy).rules.death_days_apart == 5


def test_a_run_written_before_a_spec_key_existed_still_reads(sample_run, tmp_path):
    """Run folders outlive versions: a key a later version added to a table comes from today's
    spec of that name, and what the run recorded still wins."""
    copy = tmp_path / "run"
    shutil.copytree(sample_run, copy)
    manifest = json.loads((copy / schema.MANIFEST).read_text(encoding="utf-8"))
    del manifest["spec"]["scoring"]["u_sampling_chunks"]
    manifest["spec"]["constraints"]["death_days_apart"] = 5
    (copy / schema.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    spec = Run(copy).spec
    assert spec.scoring.u_sampling_chunks == load_spec(manifest["spec"]["name"]).scoring.u_sampling_chunks
    assert spec.constraints["death_days_apart"] == 5


def test_an_incomplete_folder_is_one_clear_error(sample_run, tmp_path):
    with pytest.raises(LinkageError, match="not a complete run folder .no pairs.parquet"):
        Run.open(tmp_path, need=(schema.PAIRS,))
    (tmp_path / schema.CLUSTERS).write_text("record_id,cluster_id\na,a\na,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="'a' appears twice"):
        Run(tmp_path).clusters()


@pytest.mark.parametrize("p", [0.01, 0.5, 0.9, 0.999])
def test_weight_and_probability_round_trip(p):
    assert weight_to_probability(probability_to_weight(p)) == pytest.approx(p)
    assert probability_to_weight(0.5) == 0.0
