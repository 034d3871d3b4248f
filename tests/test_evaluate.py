"""Evaluation: metrics from contingency counts agree with brute-force pair enumeration."""

from __future__ import annotations

import json
from itertools import combinations
from math import comb

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from linkage.errors import InputError
from linkage.evaluate import cluster_metrics, evaluate_run, format_metrics


def brute_force(pred, truth, household):
    """Every number by looping over record pairs and records: the definitions, written plainly."""
    n = len(truth)
    pairs = list(combinations(range(n), 2))
    same_pred = {(i, j) for i, j in pairs if pred[i] == pred[j]}
    same_true = {(i, j) for i, j in pairs if truth[i] == truth[j]}
    tp = len(same_pred & same_true)
    precision = tp / len(same_pred) if same_pred else 1.0
    recall = tp / len(same_true) if same_true else 1.0
    b3p = sum(sum(pred[j] == pred[i] and truth[j] == truth[i] for j in range(n))
              / sum(pred[j] == pred[i] for j in range(n)) for i in range(n)) / n if n else 1.0
    b3r = sum(sum(pred[j] == pred[i] and truth[j] == truth[i] for j in range(n))
              / sum(truth[j] == truth[i] for j in range(n)) for i in range(n)) / n if n else 1.0
    # Hubert-Arabie from the contingency table, a different route from the pair confusion counts
    index = sum(comb(c, 2) for c in pd.crosstab(pd.Series(pred), pd.Series(truth)).to_numpy().ravel()) if n else 0
    sum_a = sum(comb(c, 2) for c in pd.Series(pred).value_counts()) if n else 0
    sum_b = sum(comb(c, 2) for c in pd.Series(truth).value_counts()) if n else 0
    expected = sum_a * sum_b / comb(n, 2) if n > 1 else 0
    maximum = (sum_a + sum_b) / 2
    ari = 1.0 if maximum == expected else (index - expected) / (maximum - expected)
    merges = {(household[i], *sorted((truth[i], truth[j]))) for i, j in same_pred
              if household[i] and household[i] == household[j] and truth[i] != truth[j]}
    return {"tp": tp, "predicted": len(same_pred), "true": len(same_true), "precision": precision,
            "recall": recall, "b3p": b3p, "b3r": b3r, "ari": ari, "merges": len(merges)}


records = st.integers(min_value=0, max_value=30).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 8), min_size=n, max_size=n),
    st.lists(st.integers(0, 8), min_size=n, max_size=n),
    st.lists(st.sampled_from(["", "", "h1", "h2"]), min_size=n, max_size=n)))


@settings(max_examples=300, deadline=None)
@given(records)
def test_metrics_agree_with_brute_force(data):
    pred, persons, house = data
    # a person belongs to one household: take the first label seen for each person
    first = {}
    house = [first.setdefault(p, h) for p, h in zip(persons, house)]
    truth = [f"p{p}" for p in persons]
    got = cluster_metrics([f"c{c}" for c in pred], truth, house)
    want = brute_force(pred, truth, house)
    assert got["pairwise"]["true_positive_pairs"] == want["tp"]
    assert got["pairwise"]["predicted_pairs"] == want["predicted"]
    assert got["pairwise"]["true_pairs"] == want["true"]
    assert got["pairwise"]["precision"] == pytest.approx(want["precision"])
    assert got["pairwise"]["recall"] == pytest.approx(want["recall"])
    assert got["bcubed"]["precision"] == pytest.approx(want["b3p"])
    assert got["bcubed"]["recall"] == pytest.approx(want["b3r"])
    assert got["adjusted_rand_index"] == pytest.approx(want["ari"], abs=1e-9)
    assert got["household_merges"] == want["merges"]
    assert got["records"] == len(truth)
    assert got["true_clusters"] == len(set(truth)) and got["predicted_clusters"] == len(set(pred))


def test_perfect_and_degenerate_clusterings():
    truth = ["a", "a", "b", "c", "c", "c"]
    perfect = cluster_metrics(["x", "x", "y", "z", "z", "z"], truth)
    assert perfect["pairwise"]["f1"] == perfect["bcubed"]["f1"] == perfect["adjusted_rand_index"] == 1.0
    singletons = cluster_metrics(list("uvwxyz"), truth)
    assert singletons["pairwise"]["precision"] == 1.0  # no predicted pairs: nothing claimed wrongly
    assert singletons["pairwise"]["recall"] == 0.0 and singletons["pairwise"]["f1"] == 0.0
    assert singletons["bcubed"]["precision"] == 1.0
    one = cluster_metrics(["k"] * 6, truth)
    assert one["pairwise"]["recall"] == 1.0 and one["pairwise"]["precision"] == pytest.approx(4 / 15)


def test_missing_labels_are_singletons():
    got = cluster_metrics(["x", None, np.nan, "x"], ["a", "a", "a", "a"])
    assert got["predicted_clusters"] == 3 and got["pairwise"]["true_positive_pairs"] == 1


def test_household_merge_pairs_count_once_across_clusters():
    # brothers p1 and p2 meet in two predicted clusters: one merged pair, not two
    got = cluster_metrics(["c1", "c1", "c2", "c2", "c3"], ["p1", "p2", "p1", "p2", "p3"],
                          ["h", "h", "h", "h", "h"])
    assert got["household_merges"] == 1 and got["households_merged"] == 1
    assert got["household_pairs"] == 3  # p1-p2, p1-p3, p2-p3


def _write(path, rows, columns):
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)


@pytest.fixture
def run(tmp_path):
    truth = tmp_path / "truth.csv"
    _write(truth, [("m1", "p1", "h1", "brother"), ("m2", "p1", "h1", "brother"),
                   ("m3", "p2", "h1", "brother"), ("m4", "p3", "", ""), ("m5", "p3", "", ""),
                   ("m6", "p4", "", ""), ("m7", "p3", "", "")],
           ["record_id", "person_id", "household_id", "relation"])
    folder = tmp_path / "run"
    folder.mkdir()
    # m1-m3 merge two brothers; p3 split over two clusters; m7 missing; m9 unknown to the truth
    _write(folder / "clusters.csv", [("m1", "A"), ("m2", "A"), ("m3", "A"), ("m4", "B"),
                                     ("m5", "C"), ("m6", "D"), ("m9", "E")], ["record_id", "cluster_id"])
    return folder, truth


def test_evaluate_run_reports_and_writes_json(run):
    folder, truth = run
    result = evaluate_run(folder, truth)
    assert result["records"] == 7
    assert result["missing_records"] == {"count": 1, "examples": ["m7"]}
    assert result["unknown_records"] == {"count": 1, "examples": ["m9"]}
    assert result["household_merges"] == 1
    assert result["false_merges"][0] == {"cluster_id": "A", "records": 3, "persons": 2,
                                         "largest": {"p1": 2, "p2": 1}, "false_pairs": 2}
    assert result["worst_splits"][0]["person_id"] == "p3"
    assert result["worst_splits"][0]["clusters"] == 2  # the missing m7 is not listed as a cluster
    assert result["pairwise"]["true_positive_pairs"] == 1
    assert json.loads((folder / "evaluation.json").read_text()) == json.loads(json.dumps(result))
    console = Console(record=True, width=120)
    console.print(format_metrics(result))
    text = console.export_text()
    assert "pairwise" in text and "B-cubed" in text and "household merges" in text


def test_households_found_count_person_pairs(tmp_path):
    # true household h1: p1, p2, p3 (p3 never found: its pairs are out of reach); h2: p5, p6.
    # Found: {A, B, C} with A, C both p1 (one person split: a wrong pair), and {D, E}: p4 (no
    # household) with p5 (wrong); p5-p6 never joined.
    truth = tmp_path / "truth.csv"
    _write(truth, [("m1", "p1", "h1"), ("m2", "p2", "h1"), ("m3", "p3", "h1"), ("m4", "p1", "h1"),
                   ("m5", "p4", ""), ("m6", "p5", "h2"), ("m7", "p6", "h2")],
           ["record_id", "person_id", "household_id"])
    folder = tmp_path / "run"
    folder.mkdir()
    _write(folder / "clusters.csv", [("m1", "A"), ("m2", "B"), ("m3", "A"), ("m4", "C"), ("m5", "D"),
                                     ("m6", "E"), ("m7", "F")], ["record_id", "cluster_id"])
    _write(folder / "households.csv", [("h-A", "A", "sibling", 3), ("h-A", "B", "sibling", 3),
                                       ("h-A", "C", "sibling", 3), ("h-D", "D", "sibling", 2),
                                       ("h-D", "E", "sibling", 2)],
           ["household_id", "individual", "relation", "size"])
    found = evaluate_run(folder, truth)["households_found"]
    # pairs found: A-B (p1-p2 right), A-C (p1 twice), B-C (p2-p1 right), D-E (p4-p5 wrong)
    assert found["predicted_pairs"] == 4 and found["precision"] == 0.5
    # true pairs among found persons: p1-p2, p5-p6; only p1-p2 recalled
    assert found["true_pairs"] == 2 and found["recall"] == 0.5
    (folder / "households.csv").unlink()
    assert "households_found" not in evaluate_run(folder, truth)


def test_evaluate_run_refuses_duplicates_and_missing_files(run):
    folder, truth = run
    with open(folder / "clusters.csv", "a") as handle:
        handle.write("m1,Z\n")
    with pytest.raises(InputError, match="appears twice"):
        evaluate_run(folder, truth)
    with pytest.raises(InputError, match="not found"):
        evaluate_run(folder / "nowhere", truth)
