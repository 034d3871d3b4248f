"""The m of "variant of one name" from the list's own spelling mix (spelling.py)."""

import json

import duckdb
import pytest

from linkage import spelling


def _features(rows):
    con = duckdb.connect()
    con.execute("CREATE TABLE features (first_root VARCHAR, first_key VARCHAR)")
    con.executemany("INSERT INTO features VALUES (?, ?)", rows)
    return con


def test_the_share_is_the_chance_two_mentions_of_a_name_differ_in_form():
    # Александр written as aleksandr twice and sasha twice: 1 - (1/4 + 1/4) = 0.5 for 4 mentions;
    # Иван always ivan: 0 for 4; initials and missing names are not counted
    rows = [("aleksandr", "aleksandr")] * 2 + [("aleksandr", "sasha")] * 2 + [("ivan", "ivan")] * 4
    rows += [("ivan", "i"), (None, None)]
    assert spelling.variant_share(_features(rows), min_mentions=1) == pytest.approx(0.25)


def test_too_few_names_give_no_share():
    assert spelling.variant_share(_features([("ivan", "ivan")] * 5), min_mentions=10) is None


def _saved(*levels):
    return {"comparisons": [{"comparison_levels": [{"is_null_level": True}, *levels]}]}


def test_the_variant_level_takes_the_share_and_the_others_keep_their_sum():
    saved = _saved({"label_for_charts": "exact", "m_probability": 0.9},
                   {"label_for_charts": spelling.VARIANT_LABEL, "m_probability": 0.03},
                   {"label_for_charts": "crossed", "m_probability": 1e-6, "fix_m_probability": True},
                   {"label_for_charts": "else", "m_probability": 0.07})
    out, trained = spelling.with_variant_m(saved, 0.1)
    levels = out["comparisons"][0]["comparison_levels"]
    assert trained == 0.03
    assert levels[2]["m_probability"] == 0.1
    assert levels[3]["m_probability"] == 1e-6  # fixed: not rescaled
    assert levels[1]["m_probability"] + levels[2]["m_probability"] + levels[4]["m_probability"] == pytest.approx(1.0)
    assert levels[1]["m_probability"] / levels[4]["m_probability"] == pytest.approx(0.9 / 0.07)


def test_a_model_without_the_level_is_left_as_it_is():
    saved = _saved({"label_for_charts": "exact", "m_probability": 1.0})
    assert spelling.with_variant_m(saved, 0.1) == (saved, None)


def test_a_run_trains_the_variant_level_from_its_spelling_mix(sample_run):
    """The committed sample's run: its manifest says what EM gave and what the spelling mix gave,
    and its model scores pet forms with the latter (floor_m renormalises by a hair)."""
    found = json.loads((sample_run / "manifest.json").read_text())["training"]["variant_m"]
    model = json.loads((sample_run / "model.json").read_text())
    level = next(lv for c in model["comparisons"] for lv in c["comparison_levels"]
                 if lv.get("label_for_charts") == spelling.VARIANT_LABEL)
    assert level["m_probability"] == pytest.approx(found["spelling"], rel=0.05)
    assert found["em"] != pytest.approx(found["spelling"], rel=0.05)
