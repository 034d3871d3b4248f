"""Multiple-systems estimation: known closed forms, histories from a run, strata that add up,
the latent-class model on heterogeneous capture, capture in the generator, and bad input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from linkage.cli import cli
from linkage.errors import InputError, LinkageError
from linkage.estimate import (
    adjust,
    build,
    estimate_run,
    estimate_total,
    from_counts,
    latent,
    load_histories,
    load_settings,
    loglinear,
)
from linkage.estimate.histories import read_mentions
from linkage.estimate.output import as_json
from linkage.generate import CaptureConfig, GeneratorConfig, draw_named, histories, write_dataset
from linkage.pipeline import RunOptions, dedupe

SETTINGS = load_settings().with_(bootstrap=100)


# ---- closed forms ----------------------------------------------------------------------------------

def test_independence_on_two_lists_is_lincoln_petersen():
    # n10 = 60 on list a only, n01 = 40 on b only, n11 = 100 on both: n1 = 160, n2 = 140
    counts = np.array([0, 60, 40, 100])
    e = loglinear.estimate(counts, ("a", "b"), SETTINGS)
    assert e.estimate == pytest.approx(160 * 140 / 100)          # Lincoln-Petersen, 224
    chapman = (160 + 1) * (140 + 1) / (100 + 1) - 1              # 223.76
    assert abs(e.estimate - chapman) < 0.5
    assert e.observed == 200 and len(e.models) == 1             # two lists: independence only
    # the profile interval holds the estimate and is skewed upward, as a Wald interval is not
    assert 200 <= e.low < e.estimate < e.high
    assert e.high - e.estimate > e.estimate - e.low


def test_one_class_latent_model_is_the_independence_model():
    rng = np.random.default_rng(3)
    counts = histories(rng.random((3000, 4)) < [0.3, 0.25, 0.2, 0.35]).astype(float)
    ll = loglinear.fit(counts, ())
    one = latent.fit_classes(counts[1:], 1, SETTINGS, rng)
    assert one["total"] == pytest.approx(counts[1:].sum() + ll.unobserved, rel=1e-5)


def test_an_interaction_recovers_a_copying_list():
    """b re-publishes half of a's names: independence under-counts, the averaged models do not."""
    config = CaptureConfig(lists={"news": 0.25, "social": 0.3, "obituary": 0.2, "memorial": 0.3},
                           copies={"social": ("news", 0.5)}, classes=((1.0, 1.0),), repeat=0.0)
    named, _ = draw_named(20000, np.random.default_rng(5), config)
    counts = histories(named).astype(float)
    e = loglinear.estimate(counts, tuple(config.lists), SETTINGS)
    independence = counts[1:].sum() + loglinear.fit(counts, ()).unobserved
    assert independence < 0.93 * 20000
    assert e.low <= 20000 <= e.high and abs(e.estimate / 20000 - 1) < 0.03
    assert e.models.iloc[0].model == "news×social"


def test_latent_classes_count_the_less_visible():
    config = CaptureConfig(lists={"news": 0.3, "social": 0.25, "obituary": 0.2, "memorial": 0.35},
                           copies={}, classes=((0.3, 1.8), (0.7, 4 / 7)), repeat=0.0)
    named, _ = draw_named(20000, np.random.default_rng(8), config)
    counts = histories(named).astype(float)
    lc = latent.estimate(counts, tuple(config.lists), SETTINGS)
    independence = counts[1:].sum() + loglinear.fit(counts, ()).unobserved
    assert independence < 0.85 * 20000          # homogeneous capture misses the less visible
    assert lc.low <= 20000 <= lc.high
    assert abs(lc.estimate / 20000 - 1) < 0.05


# ---- histories ---------------------------------------------------------------------------------------

def test_patterns_by_hand():
    mentions = pd.DataFrame({"record_id": list("abcdefg"),
                             "list": ["x", "y", "x", "x", "z", "y", "z"]})
    clusters = pd.DataFrame({"record_id": list("abcdefg"),
                             "cluster_id": ["1", "1", "2", "2", "3", "4", "4"]})
    h = build(mentions, clusters)
    assert h.lists == ("x", "y", "z")
    # 1: x+y = 0b011, 2: x only = 0b001, 3: z only = 0b100, 4: y+z = 0b110
    assert h.counts().tolist() == [0, 1, 0, 1, 1, 0, 1, 0]
    table = h.table()
    assert table.individuals.sum() == 4 and set(table.columns) == {"x", "y", "z", "individuals"}


def test_small_lists_are_pooled():
    mentions = pd.DataFrame({"record_id": [str(i) for i in range(9)],
                             "list": ["big"] * 4 + ["other"] * 3 + ["tiny1", "tiny2"]})
    clusters = mentions[["record_id"]].assign(cluster_id=[str(i % 5) for i in range(9)])
    with pytest.warns(UserWarning, match="pooled"):
        h = build(mentions, clusters, min_list_individuals=2)
    assert h.lists == ("big", "other", "other (tiny1, tiny2)")


@pytest.fixture(scope="module")
def captured(tmp_path_factory, engine) -> tuple[Path, Path]:
    """A captured population of 500 (about 240 named), generated and deduplicated once."""
    data = tmp_path_factory.mktemp("captured")
    write_dataset(data, 500, 4, replace(GeneratorConfig(), capture=CaptureConfig()))
    run = data / "run"
    dedupe(RunOptions(mentions=data / "mentions.csv", out=run, engine=engine))
    return data, run


def test_counts_per_pattern_from_a_run(captured):
    data, run = captured
    h = load_histories(run)
    clusters = pd.read_csv(run / "clusters.csv", dtype=str)
    assert h.observed == clusters.cluster_id.nunique()
    mentions = read_mentions(run).merge(clusters, on="record_id")
    for j, name in enumerate(h.lists):   # each list's margin: the individuals it names
        margin = sum(c for mask, c in enumerate(h.counts()) if mask >> j & 1)
        assert margin == mentions[mentions.list == name].cluster_id.nunique()
    # on the true clusters the patterns are the generator's own
    truth = pd.read_csv(data / "truth.csv", dtype=str).rename(columns={"person_id": "cluster_id"})
    true_h = build(read_mentions(run), truth)
    population = pd.read_csv(data / "population.csv", dtype=str, keep_default_na=False)
    named = population[population.named_by != ""]
    expected = named.named_by.map(lambda s: sum(1 << true_h.lists.index(x) for x in s.split(";")))
    assert true_h.counts().astype(int).tolist() == np.bincount(expected, minlength=2 ** len(true_h.lists)).tolist()


def test_a_stratified_estimate_adds_up():
    rng = np.random.default_rng(11)
    frames = []
    for stratum, n in (("north", 3000), ("south", 1500), ("east", 800)):
        named = rng.random((n, 3)) < [0.4, 0.3, 0.35]
        h = from_counts(histories(named))
        frames.append(h.individuals.assign(stratum=stratum, cluster_id=stratum + h.individuals.cluster_id))
    h = replace(h, individuals=pd.concat(frames, ignore_index=True))
    for method in ("loglinear", "latent-class"):
        t = estimate_total(h, method, SETTINGS)
        assert set(t.strata) == {"north", "south", "east"}
        assert t.total.estimate == pytest.approx(sum(e.estimate for e in t.strata.values()))
        assert t.total.observed == sum(e.observed for e in t.strata.values()) == h.observed
        assert t.total.low <= t.total.estimate <= t.total.high
        # the sum's interval is narrower than the sum of the strata's intervals
        assert t.total.high - t.total.low < sum(e.high - e.low for e in t.strata.values())
        assert t.total.low <= 5300 <= t.total.high


def test_sparse_strata_are_pooled_with_a_warning():
    individuals = pd.DataFrame({"cluster_id": [str(i) for i in range(300)],
                                "pattern": np.tile([1, 2, 3], 100),
                                "stratum": ["big"] * 250 + ["tiny"] * 50})
    mentions = pd.DataFrame({"record_id": individuals.cluster_id, "list": "a",
                             "stratum": individuals.stratum})
    with pytest.warns(UserWarning, match="too sparse"):
        h = build(mentions.assign(list=np.where(individuals.pattern == 1, "a", "b")),
                  individuals[["cluster_id"]].assign(record_id=individuals.cluster_id),
                  min_stratum_individuals=100)
    assert sorted(h.strata()) == ["(small strata)", "big"]


# ---- linkage error folded in ----------------------------------------------------------------------------

def split_some(rng, truth: pd.DataFrame, split: float) -> np.ndarray:
    """Cluster ids from the truth in which a share `split` of the people named twice or more lose
    one mention to a cluster of its own."""
    cluster = truth.person_id.to_numpy().copy()
    sizes = truth.person_id.value_counts()
    for p in rng.choice(sizes.index[sizes > 1], int(split * (sizes > 1).sum()), replace=False):
        first = np.flatnonzero(cluster == p)[0]
        cluster[first] = f"split-{first}"
    return cluster


def _linked(people: int, split: float, merge: float, seed: int):
    """One mention per person per list naming them (four independent lists), the true clusters,
    and a run clustering in which a share `split` of the people named twice or more lose one
    mention to a cluster of its own, and a share `merge` of the people are merged into another."""
    rng = np.random.default_rng(seed)
    lists = ("a", "b", "c", "d")
    named = rng.random((people, 4)) < [0.35, 0.3, 0.25, 0.4]
    person, which = np.nonzero(named)
    mentions = pd.DataFrame({"record_id": [f"r{i}" for i in range(len(person))],
                             "list": np.array(lists)[which]})
    truth = pd.DataFrame({"record_id": mentions.record_id, "person_id": [f"p{x}" for x in person]})
    cluster = split_some(rng, truth, split)
    ids = truth.person_id.unique()
    for a, b in rng.choice(ids, (int(merge * len(ids)), 2), replace=False):
        cluster[cluster == a] = b
    return mentions, truth, pd.DataFrame({"record_id": truth.record_id, "cluster_id": cluster})


def test_with_every_person_audited_the_corrected_table_is_the_true_one():
    mentions, truth, clusters = _linked(3000, split=0.1, merge=0.02, seed=1)
    h = build(mentions, clusters)
    true_h = build(mentions, truth.rename(columns={"person_id": "cluster_id"}))
    assert h.observed != true_h.observed          # the run's table is wrong, by splits and merges
    found = adjust.audit(h, clusters, mentions, truth)
    assert adjust.corrected(h.counts(), found) == pytest.approx(true_h.counts(), abs=1e-6)
    assert (found.owned > 1).sum() > 0 and (found.owned == 0).sum() > 0   # splits and merges seen


def test_an_audit_moves_the_estimate_to_the_truth_and_widens_the_interval():
    mentions, truth, clusters = _linked(20000, split=0.12, merge=0.0, seed=2)
    h = build(mentions, clusters)
    plain = estimate_total(h, "loglinear", SETTINGS).total
    assert plain.low > 20000                      # splits inflate it past its interval
    audited = truth[truth.person_id.isin(truth.person_id.drop_duplicates().sample(1500, random_state=3))]
    found = adjust.adjust(h, None, clusters, mentions, "loglinear", SETTINGS, plain, audited)
    e = found.estimate
    assert found.source == "labels" and e.low <= 20000 <= e.high
    assert abs(e.estimate - 20000) < 0.3 * abs(plain.estimate - 20000)
    centre = loglinear.estimate(found.table, h.lists, SETTINGS)   # the corrected table alone
    assert e.high - e.low > 1.05 * (centre.high - centre.low)    # the audit's own uncertainty added
    assert found.as_dict()["unadjusted"]["estimate"] == pytest.approx(plain.estimate, abs=0.01)


def test_the_command_folds_linkage_error_in(captured, tmp_path):
    data, run = captured
    out = tmp_path / "model.json"
    result = CliRunner().invoke(cli, ["estimate", str(run), "--no-sweep", "--out", str(out)], obj={})
    assert result.exit_code == 0, result.output
    found = json.loads(out.read_text(encoding="utf-8"))
    adjusted = found["adjusted"]
    assert adjusted["source"] == "model" and adjusted["replicates"] == SETTINGS.replicates
    assert adjusted["unadjusted"]["estimate"] == found["estimate"]      # both kept
    assert adjusted["low"] <= adjusted["estimate"] <= adjusted["high"]
    # every person audited (the truth as labels): the corrected table is the true clusters' one
    out = tmp_path / "labels.json"
    result = CliRunner().invoke(cli, ["estimate", str(run), "--no-sweep", "--labels",
                                      str(data / "truth.csv"), "--truth", str(data / "truth.csv"),
                                      "--method", "latent-class", "--out", str(out)], obj={})
    assert result.exit_code == 0, result.output
    found = json.loads(out.read_text(encoding="utf-8"))
    on_truth = found["linkage_error"]["truth"]["on_true_clusters"]
    assert found["adjusted"]["source"] == "labels" and found["method"] == "latent-class"
    assert found["adjusted"]["corrected_individuals"] == pytest.approx(on_truth["individuals"], abs=0.01)
    assert found["adjusted"]["estimate"] == pytest.approx(on_truth["estimate"], rel=0.02)


def test_stratified_linkage_error_adds_up(captured, tmp_path):
    data, run = captured
    with pytest.warns(UserWarning, match="too sparse"):    # 240 named: strata of 20 and more
        run_estimate = estimate_run(run, strata="region", sweep=False, labels=data / "truth.csv",
                                    settings=SETTINGS.with_(min_stratum_individuals=20))
    found = as_json(run_estimate)
    adjusted, strata = found["adjusted"], found["adjusted"]["strata"]
    assert set(strata) == set(found["strata"]) and len(strata) >= 2
    assert adjusted["estimate"] == pytest.approx(sum(s["estimate"] for s in strata.values()), abs=0.05)
    # every person audited: the strata's corrected people add up to the true named people
    truth = pd.read_csv(data / "truth.csv", dtype=str)
    people = sum(s["corrected_individuals"] for s in strata.values())
    assert abs(people - truth.person_id.nunique()) <= len(strata)      # each rounded
    for name, s in strata.items():
        assert s["unadjusted"]["estimate"] == pytest.approx(found["strata"][name]["estimate"], abs=0.01)
        assert s["low"] <= s["estimate"] <= s["high"]


def test_labels_that_name_no_record_of_the_run_are_one_warning(captured, tmp_path):
    _, run = captured
    labels = tmp_path / "audit.csv"
    labels.write_text("record_id,person_id\nnot-a-record,p1\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="linkage error not folded in.*no labelled record"):
        found = estimate_run(run, labels=labels, sweep=False)
    assert found.adjusted is None


# ---- the generator -------------------------------------------------------------------------------------

def test_capture_names_some_people_never(tmp_path):
    counts = write_dataset(tmp_path, 400, 2, replace(GeneratorConfig(), capture=CaptureConfig()))
    population = pd.read_csv(tmp_path / "population.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(tmp_path / "truth.csv", dtype=str)
    assert len(population) == 400 and counts["named"] == truth.person_id.nunique() < 400
    assert set(truth.person_id) == set(population.person_id[population.named_by != ""])
    family = pd.read_csv(tmp_path / "family.csv", dtype=str)
    assert set(family.person_id_a) | set(family.person_id_b) <= set(truth.person_id)


def test_capture_rejects_an_unknown_list():
    config = replace(GeneratorConfig(), capture=CaptureConfig(lists={"telegram": 0.2, "news": 0.2}, copies={}))
    with pytest.raises(ValueError, match="telegram"):
        write_dataset(Path("/nonexistent-never-written"), 10, 1, config)


# ---- the command and bad input --------------------------------------------------------------------------

def test_the_command_writes_json_and_page(captured, tmp_path):
    data, run = captured
    out = tmp_path / "est.json"
    result = CliRunner().invoke(cli, ["estimate", str(run), "--truth", str(data / "truth.csv"),
                                      "--out", str(out)], obj={})
    assert result.exit_code == 0, result.output
    found = json.loads(out.read_text(encoding="utf-8"))
    assert found["observed"] <= found["estimate"] and found["low"] <= found["estimate"] <= found["high"]
    assert found["linkage_error"]["truth"]["true_total"] == 500
    assert any(row["this_run"] for row in found["linkage_error"]["thresholds"])
    page = out.with_suffix(".html").read_text(encoding="utf-8")
    assert "<svg" in page and "<script" not in page


def test_unknown_column_is_one_line(captured):
    _, run = captured
    with pytest.raises(InputError, match="unknown column 'sourse'"):
        load_histories(run, lists="sourse")
    result = CliRunner().invoke(cli, ["estimate", str(run), "--strata", "regoin", "--no-sweep"], obj={})
    assert result.exit_code == 1 and "unknown column 'regoin'" in result.output
    assert "Traceback" not in result.output


def test_mapping_must_cover_every_value(captured, tmp_path):
    _, run = captured
    mapping = tmp_path / "lists.csv"
    mapping.write_text("value,list\nobituary,press\nnews,press\n", encoding="utf-8")
    with pytest.raises(InputError, match="values have no list"):
        load_histories(run, mapping=mapping)


def test_one_list_is_refused():
    mentions = pd.DataFrame({"record_id": ["a", "b"], "list": ["x", "x"]})
    with pytest.raises(LinkageError, match="at least two lists"):
        build(mentions, mentions[["record_id"]].assign(cluster_id=["1", "2"]))


def test_an_estimate_file_it_did_not_write_is_kept(captured, tmp_path):
    _, run = captured
    mine = tmp_path / "notes.json"
    mine.write_text('{"mine": true}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["estimate", str(run), "--no-sweep", "--out", str(mine)], obj={})
    assert result.exit_code == 1 and json.loads(mine.read_text()) == {"mine": True}
