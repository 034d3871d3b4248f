"""The list's own λ (prior.list_prior): the fixed point of EM's update of λ over the candidate
pairs, and the runs that use it."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter

import numpy as np
import pytest

from linkage.config import EngineConfig
from linkage.pipeline import RunOptions, dedupe, train
from linkage.prior import list_prior
from tests.conftest import SAMPLE


def _mixture(records: int, prior: float) -> np.ndarray:
    """Bayes factors (log2) of every pair of `records` mentions, drawn without noise from a
    two-level model whose m and u are exact: agreeing pairs (m 0.9, u 0.001) and the rest."""
    pairs = records * (records - 1) // 2
    matches = round(prior * pairs)
    agree = round(0.9 * matches) + round(0.001 * (pairs - matches))
    factors = np.concatenate([np.full(agree, math.log2(0.9 / 0.001)),
                              np.full(pairs - agree, math.log2(0.1 / 0.999))])
    return factors


def _as_weights(factors: np.ndarray, prior: float) -> np.ndarray:
    return factors + math.log2(prior / (1 - prior))


def test_recovers_the_prior_of_an_exact_model():
    records, truth = 1500, 1e-3
    factors = _mixture(records, truth)
    found = list_prior(_as_weights(factors, 1e-5), 1e-5, len(factors), records)
    assert abs(math.log2(found.prior / truth)) < 0.01, found
    assert found.shift_bits == pytest.approx(math.log2(found.prior / (1 - found.prior) / (1e-5 / (1 - 1e-5))))


@pytest.mark.parametrize("trained", [1e-7, 1e-4, 0.2])
def test_the_answer_does_not_depend_on_training_s_guess(trained):
    records = 1500
    factors = _mixture(records, 1e-3)
    reference = list_prior(_as_weights(factors, 1e-3), 1e-3, len(factors), records).prior
    found = list_prior(_as_weights(factors, trained), trained, len(factors), records)
    assert abs(math.log2(found.prior / reference)) < 0.001
    assert found.trained == trained and found.rounds >= 1


def test_a_sample_stands_for_all_candidates():
    records = 1500
    factors = _mixture(records, 1e-3)
    every = list_prior(_as_weights(factors, 1e-4), 1e-4, len(factors), records).prior
    rng = np.random.default_rng(7)
    half = rng.permutation(factors)[: len(factors) // 2]
    sampled = list_prior(_as_weights(half, 1e-4), 1e-4, len(factors), records).prior
    assert abs(math.log2(sampled / every)) < 0.05


def test_the_order_of_the_sample_changes_nothing():
    factors = _as_weights(np.random.default_rng(3).normal(-8, 6, 5000), 1e-4)
    one = list_prior(factors, 1e-4, 50_000, 3000)
    other = list_prior(factors[::-1].copy(), 1e-4, 50_000, 3000)
    assert one == other


def test_nothing_sampled_keeps_training_s_prior():
    found = list_prior(np.array([]), 1e-4, 0, 1000)
    assert found.prior == 1e-4 and found.rounds == 0 and found.shift_bits == 0


def _true_prior(truth_csv) -> float:
    with open(truth_csv, encoding="utf-8", newline="") as f:
        sizes = Counter(row["person_id"] for row in csv.DictReader(f))
    n = sum(sizes.values())
    return sum(k * (k - 1) / 2 for k in sizes.values()) / (n * (n - 1) / 2)


def test_a_run_sets_the_list_s_prior_near_the_truth(sample_run):
    manifest = json.loads((sample_run / "manifest.json").read_text())
    found = manifest["prior"]
    saved = json.loads((sample_run / "model.json").read_text())
    assert saved["probability_two_random_records_match"] == found["list"]
    assert abs(math.log2(found["list"] / _true_prior(SAMPLE / "truth.csv"))) < 0.5, found
    assert found["sample_pairs"] == found["candidate_pairs"] > 0  # a small list: every pair


def test_a_model_trained_on_a_smaller_list_takes_this_list_s_prior(tmp_path, engine: EngineConfig):
    """λ falls as a list grows (the same people, more strangers): a model trained on 400 mentions
    carries a λ several times the 2,000-mention list's, and the run replaces it."""
    with open(SAMPLE / "mentions.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    small = tmp_path / "small.csv"
    with open(small, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows[:401])
    model = train(small, tmp_path / "model.json", "soldiers", engine)
    run = tmp_path / "run"
    dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=run, model=tmp_path / "model.json", engine=engine))
    found = json.loads((run / "manifest.json").read_text())["prior"]
    truth = _true_prior(SAMPLE / "truth.csv")
    assert found["trained"] == model.parameters_.prior
    assert abs(math.log2(found["list"] / truth)) < abs(math.log2(found["trained"] / truth))
    assert abs(math.log2(found["list"] / truth)) < 0.5, found


def test_a_spec_recorded_before_the_sample_size_existed_reads_as_training_s_prior():
    """A run folder's manifest records its spec's tables; one written before [scoring] had
    prior_sample_pairs reads with 0 (training's λ), so audit and tune still read the run."""
    from linkage.config import load_spec, spec_from_table

    table = load_spec("soldiers").table
    older = {**table, "scoring": {k: v for k, v in table["scoring"].items() if k != "prior_sample_pairs"}}
    assert spec_from_table(older, "manifest.json").scoring.prior_sample_pairs == 0
    with pytest.raises(Exception, match="prior_sample_pairs"):
        spec_from_table({**table, "scoring": {**table["scoring"], "prior_sample_pairs": -1}}, "x")


def test_a_list_whose_pairs_are_all_strangers_keeps_training_s_prior():
    """λ = 0 is a fixed point too: where the candidates hold under one expected match in the whole
    list, the list cannot set λ, and training's stands (no underflow to a denormal)."""
    weights = np.random.default_rng(3).normal(-8, 6, 100_000) + math.log2(1e-4 / (1 - 1e-4))
    found = list_prior(weights, 1e-4, 3_000_000, 200_000)
    assert found.prior == 1e-4
