"""Multiple-systems estimation under heterogeneous and dependent capture: the log-linear
heterogeneity columns (by hand, on exact tables, on simulated classes of visibility), the
latent classes with a dependent pair, and the linkage-error adjustment per stratum."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linkage.errors import ModelError
from linkage.estimate import adjust, build, estimate_total, latent, load_settings, loglinear
from linkage.estimate.loglinear import Model
from linkage.generate import CaptureConfig, draw_named, histories
from tests.test_estimate import split_some

SETTINGS = load_settings().with_(bootstrap=100)
LISTS = {"news": 0.3, "social": 0.25, "obituary": 0.2, "memorial": 0.35}


# ---- log-linear heterogeneity columns --------------------------------------------------------------

def test_heterogeneity_columns_by_hand():
    # patterns 0..7 over three lists are named by c = 0 1 1 2 1 2 2 3 lists
    column = lambda form: loglinear.design(3, Model((), form))[:, -1]
    assert column("darroch").tolist() == [0, 0.5, 0.5, 2, 0.5, 2, 2, 4.5]          # c^2 / 2
    assert column("poisson2").tolist() == [0, 1, 1, 3, 1, 3, 3, 7]                 # 2^c - 1
    assert column("gamma3.5") == pytest.approx(-np.log([1, 4.5 / 3.5, 4.5 / 3.5, 5.5 / 3.5,
                                                         4.5 / 3.5, 5.5 / 3.5, 5.5 / 3.5, 6.5 / 3.5]))
    assert loglinear.design(3, Model()).shape == (8, 4)                            # no column: intercept, mains
    assert loglinear.model_name(Model(((0, 2),), "darroch"), ("a", "b", "c")) == "a×c + heterogeneity (darroch)"


@pytest.mark.parametrize("form, strength", [("darroch", 0.35), ("poisson2", 0.2), ("gamma3.5", 2.0)])
def test_a_heterogeneity_model_recovers_its_own_unobserved_cell(form, strength):
    """Counts exactly as the model expects them (more people on several lists than independence
    allows): the fit returns the never-named cell they imply, and independence falls short."""
    x = loglinear.design(4, Model((), form))
    mu = np.exp(x @ np.array([np.log(900), -0.4, -0.9, -0.2, -1.1, strength]))
    found = loglinear.fit(mu, Model((), form))
    assert found.unobserved == pytest.approx(900, rel=1e-6)
    assert loglinear.fit(mu, Model()).unobserved < 900 * 0.95      # independence: too few


def test_heterogeneity_counts_the_less_visible():
    """Visibility varying smoothly (five classes, log-multipliers on a normal's grid: the Rasch
    model's assumption). On two sharp classes the columns over-count instead
    (benchmarks/results/estimate-simulations.md shows it); latent classes fit those."""
    z = np.array([-2, -1, 0, 1, 2.0])
    share = np.exp(-z ** 2 / 2) / np.exp(-z ** 2 / 2).sum()
    multiplier = np.exp(z / 2) / (share * np.exp(z / 2)).sum()
    config = CaptureConfig(lists=LISTS, copies={}, classes=tuple(zip(share, multiplier)), repeat=0.0)
    counts = histories(draw_named(20000, np.random.default_rng(8), config)[0]).astype(float)
    e = loglinear.estimate(counts, tuple(LISTS), SETTINGS)
    independence = counts[1:].sum() + loglinear.fit(counts, ()).unobserved
    assert independence < 0.88 * 20000
    assert e.low <= 20000 <= e.high and abs(e.estimate / 20000 - 1) < 0.05
    assert e.models[e.models.heterogeneity != "none"].weight.sum() > 0.9


def test_homogeneous_capture_keeps_the_plain_models():
    config = CaptureConfig(lists=LISTS, copies={}, classes=((1.0, 1.0),), repeat=0.0)
    counts = histories(draw_named(20000, np.random.default_rng(9), config)[0]).astype(float)
    e = loglinear.estimate(counts, tuple(LISTS), SETTINGS)
    assert e.models[e.models.heterogeneity != "none"].weight.sum() < 0.2
    assert e.low <= 20000 <= e.high and abs(e.estimate / 20000 - 1) < 0.03


def test_unknown_heterogeneity_form_is_refused(tmp_path):
    text = (load_settings.__globals__["_settings_path"]()).read_text(encoding="utf-8")
    bad = tmp_path / "estimate.toml"
    bad.write_text(text.replace('"gamma3.5"]', '"gamma"]'), encoding="utf-8")
    with pytest.raises(ModelError, match="heterogeneity"):
        load_settings(bad)


# ---- latent classes with a dependent pair ------------------------------------------------------------

def test_a_pair_item_of_independent_lists_is_the_plain_model():
    rng = np.random.default_rng(4)
    lam = rng.uniform(0.1, 0.5, (2, 3))
    pi = np.array([0.4, 0.6])
    plain = latent.Layout.of(3, latent.groups_of(3))
    paired = latent.Layout.of(3, latent.groups_of(3, (1, 2)))
    assert paired.z.shape == (8, 2 + 4) and paired.free == 1 + 3
    cells = latent.full_cells(pi, plain.from_capture(lam), plain)
    assert latent.full_cells(pi, paired.from_capture(lam), paired) == pytest.approx(cells)
    assert cells.sum() == pytest.approx(1.0)
    assert paired.capture(paired.from_capture(lam)) == pytest.approx(lam)


def test_latent_classes_find_the_copying_pair():
    """Six lists, two classes of visibility, foreign press copying the news (the generator's
    default): classes alone under-count by a fifth; with the pair the interval holds the truth."""
    config = CaptureConfig()
    counts = histories(draw_named(100000, np.random.default_rng(3), config)[0]).astype(float)
    e = latent.estimate(counts, tuple(config.lists), SETTINGS.with_(bootstrap=40))
    chosen = e.models[e.models.weight == 1].iloc[0]
    plain = e.models[e.models.model == "2 classes"].iloc[0]
    assert chosen.dependent_pair == ["news", "foreign"]
    assert plain.estimate < 0.85 * 100000 and plain.bic > chosen.bic
    assert e.low <= 100000 <= e.high


# ---- linkage error per stratum ---------------------------------------------------------------------

def _stratified(people: int, split: float, seed: int):
    """Mentions over four independent lists in two strata, the truth, and a run clustering that
    splits a share of the people named twice or more."""
    rng = np.random.default_rng(seed)
    named = rng.random((people, 4)) < [0.35, 0.3, 0.25, 0.4]
    stratum = np.where(rng.random(people) < 0.6, "north", "south")
    person, which = np.nonzero(named)
    mentions = pd.DataFrame({"record_id": [f"r{i}" for i in range(len(person))],
                             "list": np.array(list("abcd"))[which], "stratum": stratum[person]})
    truth = pd.DataFrame({"record_id": mentions.record_id, "person_id": [f"p{x}" for x in person]})
    cluster = split_some(rng, truth, split)
    return mentions, truth, pd.DataFrame({"record_id": truth.record_id, "cluster_id": cluster}), stratum


def test_the_adjusted_strata_add_up_and_move_toward_the_truth():
    mentions, truth, clusters, stratum = _stratified(12000, split=0.12, seed=5)
    h = build(mentions, clusters)
    whole = build(mentions.drop(columns=["stratum"]), clusters)
    plain = estimate_total(h, "loglinear", SETTINGS)
    audited = truth[truth.person_id.isin(truth.person_id.drop_duplicates().sample(1500, random_state=3))]
    found = adjust.adjust_strata(h, whole, None, clusters, mentions, "loglinear", SETTINGS,
                                 plain.strata, plain.total, audited)
    parts = {name: e for name, (e, _) in found.strata.items()}
    assert set(parts) == {"north", "south"}
    assert found.estimate.estimate == pytest.approx(sum(e.estimate for e in parts.values()))
    assert len(found.replicates) == SETTINGS.replicates
    e = found.estimate
    assert e.low <= 12000 <= e.high and plain.total.low > 12000     # the splits pushed it past
    for name, part in parts.items():
        true_size = int((stratum == name).sum())
        unadjusted = plain.strata[name].estimate
        assert abs(part.estimate - true_size) < abs(unadjusted - true_size)
    as_json = found.as_dict()["strata"]
    assert sum(s["estimate"] for s in as_json.values()) == pytest.approx(as_json and e.estimate, abs=0.05)


def test_shares_of_the_correction_cover_every_pattern():
    north, south = np.array([0, 4, 0, 2.0]), np.array([0, 2, 0, 4.0])
    share = adjust.shares({"north": north, "south": south})
    # patterns 1 and 3 by who has them; 0 and 2 (no one) by the strata's sizes, 6 : 6
    assert share["north"].tolist() == pytest.approx([0.5, 4 / 6, 0.5, 2 / 6])
    assert (share["north"] + share["south"]).tolist() == pytest.approx([1, 1, 1, 1])


def test_the_settings_name_every_form_loglinear_fits():
    from linkage.estimate import loglinear, settings
    assert set(settings.HETEROGENEITY) == set(loglinear.HETEROGENEITY)
