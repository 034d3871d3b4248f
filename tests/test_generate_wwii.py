"""The WWII preset (`linkage generate --era wwii`): the war's people and documents, and the engine
with models/wwii.toml deduplicating such a list above a floor."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from linkage.cli import cli
from linkage.dates import parse_date
from linkage.evaluate import evaluate_run
from linkage.generate import (
    GeneratorConfig,
    config_from_json,
    config_to_json,
    generate_dataset,
    write_dataset,
)
from linkage.generate.spelling import by_ear
from linkage.generate.wwii import SOURCES, wwii_config
from linkage.pipeline import RunOptions, dedupe


@pytest.fixture(scope="module")
def data():
    return generate_dataset(3000, seed=5, config=wwii_config())


def test_people_are_of_the_war(data):
    people = data.people
    assert people.birth_date.between("1880-01-01", "1927-12-31").all()
    assert people.death_date.between("1941-06-22", "1945-09-02").all()
    assert (people.age >= 18).all()
    fathers = people[people.relation == "father"].set_index("household_id").birth_date.str[:4].astype(int)
    sons = people[people.relation == "son"].set_index("household_id").birth_date.str[:4].astype(int)
    gaps = sons - fathers.reindex(sons.index)
    assert len(gaps) > 20 and gaps.between(21, 43).all()
    assert fathers.max() <= 1906


def test_mentions_are_archive_records(data):
    m = data.mentions
    assert set(m.source) == set(SOURCES)
    latin = m.source == "pow_card"
    name = m.full_name + m.surname
    assert name[latin].str.match(r"^[A-Za-zÄÖÜäöü .'-]+$").mean() > 0.95  # German transliteration
    assert not name[~latin].str.contains(r"[A-Za-z]").any()
    assert m.settlement.str.contains(r"РВК|райвоенкомат").mean() > 0.05  # the conscription office as the place
    units = m.unit[m.unit != ""]
    assert len(units) > 1000 and units.str.contains(r"^(?:п/п|в/ч) \d{5}$|сд$|^Feldpost|^Einheit|^Schtz").all()
    for column, until in (("birth_date", 1930), ("death_date", 1950)):
        years = [parse_date(t, until).year for t in m[column] if t]
        assert all(1870 <= y <= 1950 for y in years), column  # every printed date reads in the war's range
    assert (m.birth_date.str.startswith("__.__.")).any() and m.birth_date.str.endswith("г.р.").any()


def test_missing_since_precedes_death(data):
    noise, truth = data.noise, data.truth
    missing = noise[noise.missing_since == 1].record_id
    assert 0.1 < len(missing) / len(noise) < 0.35
    m = data.mentions.set_index("record_id").loc[missing]
    died = data.people.set_index("person_id").death_date
    printed = [parse_date(t, 1950) for t in m.death_date]
    person = truth.set_index("record_id").loc[missing].person_id
    full = [(d, died[p]) for d, p in zip(printed, person) if d.day]
    earlier = sum(f"{d.year:04d}-{d.month:02d}-{d.day:02d}" <= true for d, true in full)
    assert earlier / len(full) > 0.85  # missing since a date before the death (a death shift aside)


def test_by_ear_keeps_the_first_letter_and_changes_one_spot():
    for word in ("Колесников", "Дементьев", "ИВАНОВ", "Глеб"):
        heard = by_ear(word, 0.5)
        assert heard != word and heard[0] == word[0] and abs(len(heard) - len(word)) <= 1


def test_config_round_trips_and_default_is_untouched():
    config = wwii_config()
    assert config_from_json(config_to_json(config)) == config
    assert GeneratorConfig().archive is None


def test_cli_era(tmp_path):
    out = tmp_path / "w"
    result = CliRunner().invoke(cli, ["generate", "--era", "wwii", "--people", "50", "--seed", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    mentions = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    assert set(mentions.source) <= set(SOURCES)
    again = tmp_path / "again"
    CliRunner().invoke(cli, ["generate", "--people", "50", "--seed", "2", "--config",
                             str(out / "generator_config.json"), "--out", str(again)])
    assert (again / "mentions.csv").read_bytes() == (out / "mentions.csv").read_bytes()
    refused = CliRunner().invoke(cli, ["generate", "--era", "wwii", "--capture", "--out", str(tmp_path / "c")])
    assert refused.exit_code != 0 and "--capture" in refused.output


def test_wwii_list_deduplicates_above_floor(tmp_path, engine):
    """About 3,000 mentions with the spec's default dates; the issue's floors (pairwise F1 0.95, B³
    0.97). Measured: F1 0.979, B³ 0.986, 1 household pair merged (0.976 / 0.985 at 20k)."""
    write_dataset(tmp_path / "data", 1200, seed=11, config=wwii_config())
    run = tmp_path / "run"
    dedupe(RunOptions(mentions=tmp_path / "data" / "mentions.csv", out=run, engine=engine, spec="wwii"))
    metrics = evaluate_run(run, tmp_path / "data" / "truth.csv")
    assert metrics["pairwise"]["f1"] >= 0.95, metrics["pairwise"]
    assert metrics["bcubed"]["f1"] >= 0.97, metrics["bcubed"]
    assert metrics["household_merges"] <= 3


@pytest.mark.parametrize("german, russian", [("Gebiet Kalinin", "Калининская обл."), ("Kalinin", "Тверская обл."),
                                             ("Gebiet Gorki", "Горьковская область")])
def test_a_pow_cards_german_region_keys_as_the_oblast(german, russian):
    from linkage.places import region_key

    assert region_key(german) == region_key(russian) != ""


def test_vary_draws_the_archive_habits_too():
    from linkage.generate import draw_config

    drawn = [draw_config(seed, wwii_config()).archive for seed in (1, 2)]
    assert drawn[0] != drawn[1] != wwii_config().archive
    assert all(set(a.place_forms) == set(a.missing_since) for a in drawn)
    assert draw_config(1).archive is None
    assert config_from_json(config_to_json(draw_config(1, wwii_config()))) == draw_config(1, wwii_config())
