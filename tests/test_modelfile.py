"""Models are data: a model file gives numbers for the spec's comparisons; its SQL is never run."""

from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest

from linkage.audit import audit_pair
from linkage.errors import ModelError
from linkage.pipeline import RunOptions, dedupe
from linkage.scoring import LinkageModel
from linkage.spelling import VARIANT_LABEL
from tests.conftest import SAMPLE

PAIRS = ("SELECT record_id_l, record_id_r, round(match_weight, 9) FROM read_parquet(?) "
         "ORDER BY 1, 2")


def _model(sample_run) -> dict:
    return json.loads((sample_run / "model.json").read_text(encoding="utf-8"))


def _level(settings: dict, comparison: str, label: str) -> dict:
    levels = next(c for c in settings["comparisons"]
                  if c["output_column_name"] == comparison)["comparison_levels"]
    return next(level for level in levels if level["label_for_charts"] == label)


def _write(path, settings: dict):
    path.write_text(json.dumps(settings), encoding="utf-8")
    return path


def test_sql_in_a_model_file_is_never_run(sample_run, tmp_path, engine):
    """A level whose SQL would read a file (and match every pair if it could) scores as clean."""
    canary = tmp_path / "secret.txt"
    canary.write_text("secret", encoding="utf-8")
    settings = _model(sample_run)
    reads = f"length(read_text('{canary}')::VARCHAR) > 0 OR length(read_text('/etc/hostname')::VARCHAR) > 0"
    _level(settings, "first_name", "Exact match on first_key")["sql_condition"] = reads
    _level(settings, "surname", "Exact match on surname_key")["sql_condition"] = reads
    for rule in settings["blocking_rules_to_generate_predictions"]:
        rule["blocking_rule"] = reads
    malicious = _write(tmp_path / "model.json", settings)
    out = tmp_path / "run"
    dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=out, model=malicious, engine=engine))
    clean = duckdb.execute(PAIRS, [str(sample_run / "pairs.parquet")]).fetchall()
    assert duckdb.execute(PAIRS, [str(out / "pairs.parquet")]).fetchall() == clean
    assert "read_text" not in (out / "model.json").read_text(encoding="utf-8")


def test_audit_rebuilds_the_model_from_the_spec(sample_run, tmp_path):
    """audit reads model.json from any run folder it is given: SQL planted there is not run (a
    level that raised would leave a never-scored pair unscored)."""
    run = tmp_path / "run"
    shutil.copytree(sample_run, run)
    clean = audit_pair(run, "m0000001", "m0001998")
    settings = _model(sample_run)
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = "error('a model file ran SQL')"
    _write(run / "model.json", settings)
    planted = audit_pair(run, "m0000001", "m0001998")
    assert any("scored now" in note for note in clean.notes)
    assert planted.match_weight == clean.match_weight and planted.notes == clean.notes


@pytest.mark.parametrize("tamper, message", [
    (lambda s: s["comparisons"][0].update(output_column_name="nickname"),
     "comparison(s) nickname do not match the model spec 'soldiers'"),
    (lambda s: s["comparisons"][0]["comparison_levels"][1].update(label_for_charts="anything"),
     "the model does not fit the spec 'soldiers'"),
    (lambda s: s["comparisons"][0]["comparison_levels"].pop(2), "levels, the spec's has"),
    (lambda s: s["comparisons"][0]["comparison_levels"].insert(2, {"label_for_charts": "new"}),
     "it has level(s) the spec does not, 'new'"),
    (lambda s: s["comparisons"][0]["comparison_levels"].reverse(), "in another order"),
    (lambda s: s["comparisons"][0]["comparison_levels"].__setitem__(1, "Exact match"),
     "does not fit the spec"),
    (lambda s: s["comparisons"][0]["comparison_levels"][1].update(m_probability="0.9"),
     "not a number"),
    (lambda s: s["comparisons"][0]["comparison_levels"][1].update(u_probability=1.5), "outside"),
    (lambda s: s["comparisons"][0]["comparison_levels"][1].update(tf_adjustment_column="unit"),
     "adjusts term frequency on 'unit'"),
    (lambda s: s.update(probability_two_random_records_match=0), "outside (0.0, 1.0]"),
    (lambda s: s.pop("comparisons"), "not a Splink model"),
])
def test_a_model_that_does_not_fit_the_spec_is_refused(sample_run, tmp_path, tamper, message):
    settings = _model(sample_run)
    tamper(settings)
    path = _write(tmp_path / "model.json", settings)
    with pytest.raises(ModelError, match=re.escape(message)) as caught:
        LinkageModel.load(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_metadata_names_a_spec_not_a_path(sample_run, tmp_path):
    path = _write(tmp_path / "model.json", _model(sample_run))
    (tmp_path / "model.meta.json").write_text(json.dumps({"spec": "../../elsewhere/evil"}))
    with pytest.raises(ModelError, match="not the name of a model spec"):
        LinkageModel.load(path)


def test_parameters_round_trip_and_dialects_differ_only_in_sql(sample_run):
    model = LinkageModel.load(sample_run / "model.json")
    saved = _model(sample_run)
    assert model.settings_["comparisons"] == saved["comparisons"]
    spark = model.settings_for("spark")
    for a, b in zip(spark["comparisons"], saved["comparisons"]):
        for x, y in zip(a["comparison_levels"], b["comparison_levels"]):
            assert {k: v for k, v in x.items() if k != "sql_condition"} == \
                   {k: v for k, v in y.items() if k != "sql_condition"}


def _without_level(settings: dict, comparison: str, label: str) -> dict:
    levels = next(c for c in settings["comparisons"]
                  if c["output_column_name"] == comparison)["comparison_levels"]
    levels.remove(_level(settings, comparison, label))
    return settings


def test_a_model_trained_before_the_spec_gained_a_level_is_refused_in_one_line(sample_run, tmp_path):
    """A model saved before first_name had its initial level (10 levels; the spec has 11) names
    the level it lacks and the cure, through the CLI as one line, on either backend's load."""
    from click.testing import CliRunner

    from linkage.cli import cli

    label = "an initial and a name it begins (S. / Sergei)"
    old = _write(tmp_path / "old.json", _without_level(_model(sample_run), "first_name", label))
    with pytest.raises(ModelError) as caught:
        LinkageModel.load(old, spec="soldiers")
    message = str(caught.value)
    assert message.startswith(f"{old}: the model does not fit the spec 'soldiers': comparison "
                              f"'first_name': it lacks the spec's level(s) {label!r} "
                              "(10 levels, the spec's has 11)")
    assert "linkage train" in message and "\n" not in message
    result = CliRunner().invoke(cli, ["--temp-dir", str(tmp_path / "tmp"), "dedupe",
                                      str(SAMPLE / "mentions.csv"), "--model", str(old),
                                      "--store", str(tmp_path / "store.duckdb"),
                                      "--out", str(tmp_path / "run")], obj={})
    assert result.exit_code != 0
    assert "lacks the spec's level(s)" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "run").exists()


def test_a_model_with_other_thresholds_is_refused(sample_run, tmp_path):
    """The labels carry the spec's thresholds: a model trained with Jaro-Winkler 0.92 on first
    names does not load under a spec that says 0.88 (its m and u belong to another level)."""
    import tomllib

    from linkage.config import spec_from_table

    path = _write(tmp_path / "model.json", _model(sample_run))
    table = tomllib.loads((SAMPLE.parents[1] / "models" / "soldiers.toml").read_text("utf-8"))
    next(c for c in table["comparisons"] if c["kind"] == "first_name")["levels"] = [0.88]
    with pytest.raises(ModelError, match=re.escape("0.88")):
        LinkageModel.load(path, spec=spec_from_table(table, tmp_path / "soldiers.toml"))


def _small_list(tmp_path, engine, people: int = 300, seed: int = 41):
    """A small generated list, normalised. At 300 people (seed 41), EM on its name block finds no
    disagreeing match for its sparse comparisons (unit, rank, settlement), and Splink refuses an
    m of 0; at 400 (seed 21), on its death-day block none for the first name."""
    from linkage.database import connect
    from linkage.generate import write_dataset
    from linkage.pipeline import Timings, load_and_normalise

    write_dataset(tmp_path / "data", people, seed)
    opts = RunOptions(mentions=tmp_path / "data" / "mentions.csv", out=tmp_path / "run",
                      engine=engine)
    con = connect(engine)
    load_and_normalise(con, opts, Timings())
    return con, opts.spec


def _linker(con, spec):
    from splink import Linker

    from linkage.scoring import register_table

    linker = Linker(register_table(con, "features"), LinkageModel(spec).settings(), log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e5, seed=1)
    return linker


def _names(linker) -> list[str]:
    return [c.output_column_name for c in linker._settings_obj.comparisons]


def test_a_failed_em_session_leaves_every_comparison_in_the_model(tmp_path, engine):
    """Splink filters the linker's comparisons in place for an EM session; when the session fails
    (an m underflows on a small list) the model must still carry every comparison, or it would
    score without names and the saved file would not fit its own spec."""
    from linkage.scoring import _em_session

    con, spec = _small_list(tmp_path, engine)
    linker = _linker(con, spec)
    with pytest.warns(UserWarning, match=r"EM on \[surname_stem, first_root\] skipped"):
        assert not _em_session(linker, "surname_stem, first_root", spec)  # nothing to hold
    assert _names(linker) == [c.column for c in spec.comparisons]


def test_a_refused_em_session_trains_holding_the_sparsest_comparisons(tmp_path, engine):
    """The same session, allowed to hold the comparisons the list fills least at their m, trains
    the rest; the held ones are trainable again after it (their fix flags set back)."""
    from linkage.scoring import _em_session, _sparsest

    con, spec = _small_list(tmp_path, engine)
    linker = _linker(con, spec)
    sparsest = _sparsest(con, "features", spec.comparisons)
    with pytest.warns(UserWarning, match=r"EM on \[surname_stem, first_root\] held unit_key"):
        assert _em_session(linker, "surname_stem, first_root", spec, sparsest)
    assert _names(linker) == [c.column for c in spec.comparisons]
    fixed = {(c.output_column_name, lv.label_for_charts) for c in linker._settings_obj.comparisons
             for lv in c.comparison_levels if lv._fix_m_probability}
    assert all(name == "surname" for name, _ in fixed)  # the spec's crossed surname level only
    # fit uses it: both EM rules train, and the first name's main levels have an m
    model = LinkageModel(spec).fit(con)
    assert len(model.em_rules_used_) == 2
    first = next(c for c in model.settings_["comparisons"] if c["output_column_name"] == "first_name")
    m = {lv.get("label_for_charts"): lv.get("m_probability") for lv in first["comparison_levels"]}
    assert m["Exact match on first_key"] > 0.5 and m[VARIANT_LABEL] > 0


def test_a_session_refused_for_a_well_filled_comparison_trains_holding_another(tmp_path, engine):
    """Holding the sparsest half does not save the death-day session of the 400-person list (its
    first name's "All other comparisons" falls to 0); holding one other comparison alone does,
    and both EM rules train."""
    import warnings

    con, spec = _small_list(tmp_path, engine, people=400, seed=21)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        model = LinkageModel(spec).fit(con)
    held = [str(w.message) for w in said if "EM on [death_daynum, region_key]" in str(w.message)]
    assert len(held) == 1 and re.search(r"held \w+ at the m they had", held[0])
    assert len(model.em_rules_used_) == 2


def test_the_shipped_default_model_fits_the_spec():
    """models/default.json is loaded as data like any model: a change to the spec's levels must
    come with the model trained again (its .meta.json has the recipe), or --model default fails."""
    from linkage.config import model_path

    model = LinkageModel.load(model_path("default"), spec="soldiers")
    assert [c["output_column_name"] for c in model.settings_["comparisons"]] == \
           ["first_name", "patronymic", "surname", "birth_date", "death_date", "region_key",
            "settlement_key", "unit_key", "rank_key"]
