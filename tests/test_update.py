"""Republication end to end: `update` links a batch into a published run and keeps its ids."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from linkage import schema
from linkage.cli import cli
from linkage.evaluate import evaluate_run
from linkage.pipeline import RunOptions, dedupe
from linkage.review import check_pair, decisions_for_run, record
from linkage.update import UpdateOptions, update

from .conftest import SAMPLE

BATCH = 300


@pytest.fixture(scope="module")
def lists(tmp_path_factory) -> dict:
    """The sample split into a published list and a batch of BATCH mentions (seeded)."""
    folder = tmp_path_factory.mktemp("lists")
    mentions = pd.read_csv(SAMPLE / "mentions.csv", dtype=str, keep_default_na=False)
    batch = mentions.sample(BATCH, random_state=7)
    paths = {"published": folder / "published.csv", "batch": folder / "batch.csv",
             "empty": folder / "empty.csv"}
    mentions.drop(batch.index).to_csv(paths["published"], index=False)
    batch.to_csv(paths["batch"], index=False)
    mentions.head(0).to_csv(paths["empty"], index=False)
    return {**paths, "frame": mentions, "folder": folder}


@pytest.fixture(scope="module")
def published(lists, engine, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "release-1"
    dedupe(RunOptions(mentions=lists["published"], out=out, engine=engine))
    return out


def _update(previous, batch, out, engine, store=None, **kw) -> dict:
    decisions = decisions_for_run(store) if store else {}
    return update(UpdateOptions(previous=previous, mentions=batch, out=out, engine=engine,
                                store=store, **decisions, **kw))


def _decide(store, run, kind, a, b):
    """A reviewer's decision on two mentions of `run`, pinned to what the reviewer saw there."""
    record(store, kind, a, b, run=str(run), fingerprints=check_pair(run, a, b))


def _ids(run: Path) -> dict:
    frame = pd.read_csv(run / schema.CLUSTERS, dtype=str)
    return dict(zip(frame.record_id, frame.individual_id))


def _manifest(run: Path) -> dict:
    return json.loads((run / schema.MANIFEST).read_text(encoding="utf-8"))


def _changes(run: Path) -> pd.DataFrame:
    return pd.read_csv(run / schema.CHANGES, dtype=str, keep_default_na=False)


def _redirects(run: Path) -> dict:
    frame = pd.read_csv(run / schema.REDIRECTS, dtype=str)
    return dict(zip(frame.retired_id, frame.individual_id))


def _batch_of(lists, rows: list[dict], name: str) -> Path:
    path = lists["folder"] / f"{name}.csv"
    pd.DataFrame(rows, columns=lists["frame"].columns).fillna("").to_csv(path, index=False)
    return path


def test_update_is_a_complete_run_as_good_as_a_full_dedupe(published, lists, sample_run, engine, tmp_path):
    out = tmp_path / "release-2"
    manifest = _update(published, lists["batch"], out, engine)
    assert {p.name for p in published.iterdir()} <= {p.name for p in out.iterdir()}
    ids = _ids(out)
    assert set(ids) == set(lists["frame"].record_id)  # every mention, once
    truth = SAMPLE / "truth.csv"
    full = evaluate_run(sample_run, truth)["pairwise"]["f1"]
    assert evaluate_run(out, truth)["pairwise"]["f1"] >= full - 0.02
    assert manifest["release"]["number"] == 2 and manifest["counts"]["batch"]["accepted"] == BATCH
    page = (out / schema.REPORT).read_text(encoding="utf-8")
    assert page.index("This release") < page.index("Counts per stage")  # changes come first
    # an untouched published individual keeps its id; a touched one is listed in changes.csv
    before, changes = _ids(published), _changes(out)
    touched = set(changes.individual_id) | {i for p in changes.previous_ids for i in p.split(";") if i}
    assert all(ids[r] == i for r, i in before.items() if i not in touched)
    live, redirects = set(ids.values()), _redirects(out)
    assert all(target in live for target in redirects.values())
    assert set(before.values()) <= live | set(redirects)  # every published id resolves
    # the next release builds on this one (the update's run folder is a complete run folder)
    again = _update(out, lists["empty"], tmp_path / "release-3", engine)
    assert again["release"]["number"] == 3


def test_retrain_fits_anew_and_keeps_the_ids_of_what_stays(published, lists, engine, tmp_path):
    out = tmp_path / "retrained"
    manifest = _update(published, lists["batch"], out, engine, retrain=True)
    assert manifest["parameters"]["retrain"] is True
    # the manifest says how the new model came, with the m it gave pet forms, as dedupe's does
    assert manifest["training"]["source"] == "fitted"
    assert set(manifest["training"]["variant_m"]) == {"em", "spelling"}
    # a new model, a new λ for the whole list, as dedupe sets it; the saved model carries it
    saved = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert manifest["prior"]["list"] == saved["probability_two_random_records_match"]
    assert (out / schema.MODEL).read_text() != (published / schema.MODEL).read_text()
    before, after = _ids(published), _ids(out)
    assert set(after) == set(lists["frame"].record_id)
    # re-clustering everything with a new model moves a few; most keep their ids
    assert sum(after[r] == i for r, i in before.items()) >= 0.95 * len(before)
    assert all(t in set(after.values()) for t in _redirects(out).values())


def test_empty_batch_changes_no_id_and_no_file(published, lists, engine, tmp_path):
    out = tmp_path / "same"
    manifest = _update(published, lists["empty"], out, engine)
    # the release's model, as it was trained
    assert manifest["training"] == _manifest(published)["training"]
    for name in (schema.CLUSTERS, schema.INDIVIDUALS, schema.PAIRS, schema.FEATURES,
                 schema.MENTIONS, schema.HOUSEHOLDS, schema.REDIRECTS, schema.REFUSED,
                 schema.REJECTS, schema.MODEL, schema.FAMILY_GRAPH, schema.CLUSTER_QUALITY):
        assert (out / name).read_bytes() == (published / name).read_bytes(), name
    assert _changes(out).empty


def test_strangers_change_no_existing_id(published, lists, engine, tmp_path):
    surnames = ("Щербакевичюс", "Оглоблин", "Пантелеймонов", "Здравомыслов", "Куролесов",
                "Бахвалов", "Загребельный", "Непейвода", "Тряпицын", "Шишкоедов")
    firsts = ("Евлампий", "Ксенофонт", "Пафнутий", "Аристарх", "Вукол", "Мардарий", "Онисим",
              "Фалалей", "Порфирий", "Зосима")
    strangers = [{"record_id": f"x{i}", "source": "news", "surname": surnames[i],
                  "first_name": firsts[i], "patronymic": "Ксенофонтович",
                  "birth_date": f"19{50 + 3 * i}-0{1 + i % 9}-1{i}"} for i in range(10)]
    out = tmp_path / "strangers"
    _update(published, _batch_of(lists, strangers, "strangers"), out, engine)
    before, after = _ids(published), _ids(out)
    assert all(after[r] == i for r, i in before.items())
    changes = _changes(out)
    assert set(changes.change) == {"new"} and len(changes) == 10


def test_a_repeated_mention_grows_its_individual(published, lists, engine, tmp_path):
    before = _ids(published)
    frame = lists["frame"].set_index("record_id")
    sizes = pd.Series(before).value_counts()
    target = next(r for r, i in sorted(before.items()) if sizes[i] >= 2)
    copy = {**frame.loc[target].to_dict(), "record_id": "again-1", "source": "obituary"}
    out = tmp_path / "grown"
    _update(published, _batch_of(lists, [copy], "grown"), out, engine)
    after, changes = _ids(out), _changes(out)
    assert after["again-1"] == before[target]
    row = changes.set_index("individual_id").loc[before[target]]
    assert row.change == "grown" and row.mentions_added == "1"


def _individuals(ids: dict, n: int) -> list[list]:
    """Records of the first n published individuals with three mentions or more."""
    groups = pd.Series(ids).groupby(lambda r: ids[r]).apply(lambda s: sorted(s.index))
    return [g for g in groups.sort_index() if len(g) >= 3][:n]


def test_reviewer_decisions_split_merge_retire_and_carry_over(published, lists, engine, tmp_path):
    store = tmp_path / "decisions.duckdb"
    before = _ids(published)
    one, two, three = _individuals(before, 3)
    _decide(store, published, "split", one[0], one[1])    # one mention of `one` is someone else
    _decide(store, published, "link", two[0], three[0])   # `two` and `three` are one person
    out = tmp_path / "release-2"
    _update(published, lists["empty"], out, engine, store)
    after, changes = _ids(out), _changes(out).set_index("individual_id")
    assert after[one[0]] != after[one[1]] and after[two[0]] == after[three[0]]
    assert changes.loc[after[two[0]]].change == "merged"
    older, younger = sorted((before[two[0]], before[three[0]]))
    assert after[two[0]] == older and changes.loc[younger].change == "retired"
    assert _redirects(out) == {younger: older}
    assert set(changes.loc[[after[one[0]], after[one[1]]]].change) == {"split"}
    assert before[one[0]] in {after[one[0]], after[one[1]]}  # the larger part keeps the id
    # release 3: a new batch and no new decision: the split and the link still hold
    third = tmp_path / "release-3"
    _update(out, lists["batch"], third, engine, store)
    later = _ids(third)
    assert later[one[0]] != later[one[1]] and later[two[0]] == later[three[0]]
    assert _redirects(third)[younger] == later[two[0]]


def test_a_decision_that_moves_nothing_is_reviewed(published, lists, engine, tmp_path):
    store = tmp_path / "decisions.duckdb"
    before = _ids(published)
    one, two = _individuals(before, 2)
    _decide(store, published, "split", one[0], two[0])  # already apart
    out = tmp_path / "reviewed"
    _update(published, lists["empty"], out, engine, store)
    changes = _changes(out).set_index("individual_id")
    assert set(changes.change) == {"unchanged-but-reviewed"}
    assert set(changes.index) == {before[one[0]], before[two[0]]}


def test_cli_update_and_refusals(published, lists, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli"
    result = runner.invoke(cli, ["--temp-dir", str(tmp_path / "duck"), "update", str(published),
                                 str(lists["batch"]), "--out", str(out),
                                 "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("release 2: ") and "new" in result.output
    same = runner.invoke(cli, ["update", str(published), str(lists["batch"]), "--out", str(published)])
    assert same.exit_code == 1 and "new folder" in same.output
    missing = runner.invoke(cli, ["update", str(tmp_path / "nowhere"), str(lists["batch"]),
                                  "--out", str(tmp_path / "x")])
    assert missing.exit_code == 1 and "not a complete run folder" in missing.output
    republished = runner.invoke(cli, ["--temp-dir", str(tmp_path / "duck"), "update", str(out),
                                      str(lists["batch"]), "--out", str(tmp_path / "again"),
                                      "--store", str(tmp_path / "none.duckdb")])
    # every row already published: rejected (not linked twice), and nothing changes
    assert republished.exit_code == 0 and "no change" in republished.output, republished.output
    rejects = pd.read_csv(tmp_path / "again" / schema.REJECTS, dtype=str)
    assert rejects.reason.str.startswith("record_id already published").sum() == BATCH
