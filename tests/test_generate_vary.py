"""The other hands' habits: each knob at 0 leaves no trace and at 1 shows in every eligible
mention; `--vary` draws a different noise model per seed and the same one for one seed; group
pages share source_url at about the configured rate."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from linkage.cli import cli
from linkage.generate import (
    GENERATOR_CONFIG,
    GeneratorConfig,
    config_from_json,
    config_to_json,
    draw_config,
    generate_dataset,
    read_config,
    write_dataset,
)
from linkage.generate.tables import load_tables

PEOPLE = 400
NAME_COLUMNS = ["full_name", "first_name", "patronymic", "surname"]
HABITS = ("month_first", "death_day_month_swap", "burial_date", "month_only", "year_only", "age_off_two",
          "age_at_writing", "initials", "patronymic_initial", "familiar", "name_swap")


def quiet(**changes) -> GeneratorConfig:
    """The default config without the calibrated noise that would blur a habit's effect."""
    base = GeneratorConfig()
    settings = {"typo": 0.0, "yo_as_e": 0.0, "death_shift": 0.0, "day_month_swap": 0.0, "birth_year_off": 0.0,
                "age_off": 0.0, "ascii_fold": 0.0, "conventional_form": 0.0,
                "sources": {k: replace(h, caps=0.0) for k, h in base.sources.items()}}
    return replace(base, **(settings | changes))


def make(seed: int = 3, **changes):
    data = generate_dataset(PEOPLE, seed, quiet(**changes))
    people = data.people.set_index("person_id")
    return data, people.loc[data.truth["person_id"]].reset_index()


@pytest.mark.parametrize("knob", HABITS)
def test_a_habit_at_zero_is_never_applied_and_at_one_always(knob):
    extra = {"age_off": 1.0} if knob == "age_off_two" else {}
    off, _ = make(**{knob: 0.0, **extra})
    on, _ = make(**{knob: 1.0, **extra})
    column = {"month_only": "birth_month_only", "year_only": "birth_year_only"}.get(knob, knob)
    assert (off.noise[column] != 1).all()
    eligible = on.noise[column] >= 0
    assert eligible.sum() > 20 and (on.noise.loc[eligible, column] == 1).all()


@pytest.mark.parametrize("knob", HABITS)
def test_a_habit_leaves_the_other_columns_as_they_were(knob):
    """Habits draw from their own stream: turning one on changes only what it is about."""
    off, _ = make(**{knob: 0.0})
    on, _ = make(**{knob: 1.0})
    touched = {"month_first": ["birth_date", "death_date"], "death_day_month_swap": ["death_date", "age"],
               "burial_date": ["death_date"], "month_only": ["birth_date", "death_date"],
               "year_only": ["birth_date", "death_date"], "age_off_two": [], "age_at_writing": ["age"],
               "initials": NAME_COLUMNS, "patronymic_initial": NAME_COLUMNS, "familiar": NAME_COLUMNS,
               "name_swap": NAME_COLUMNS}[knob]
    same = [c for c in off.mentions.columns if c not in touched]
    pd.testing.assert_frame_equal(off.mentions[same], on.mentions[same])


def _mdy(text: str) -> dt.date:
    m, d, y = (int(x) for x in text.split("/"))
    return dt.date(y + 2000 if y < 100 else y, m, d)


def test_month_first_dates_read_month_first():
    data, truth = make(month_first=1.0)
    slashed = data.mentions["death_date"].str.contains("/") & (data.noise["death_precision"] == "full")
    assert slashed.sum() > 20
    shown = data.mentions.loc[slashed, "death_date"].map(_mdy)
    assert (shown == pd.to_datetime(truth.loc[slashed, "death_date"]).dt.date).all()
    assert not data.mentions.loc[data.noise["latin"] == 0, "death_date"].str.contains("/").any()


def test_burial_dates_fall_the_configured_days_after_the_death():
    data, truth = make(burial_date=1.0, burial_days=(9, 9), month_first=0.0)
    iso = data.mentions["death_date"].str.fullmatch(r"\d{4}-\d\d-\d\d")
    assert iso.sum() > 20
    gap = pd.to_datetime(data.mentions.loc[iso, "death_date"]) - pd.to_datetime(truth.loc[iso, "death_date"])
    assert (gap.dt.days == 9).all()


def test_coarse_dates_lose_the_day_or_the_month():
    month, _ = make(month_only=1.0)
    assert not (month.noise[["birth_precision", "death_precision"]] == "full").any().any()
    year, _ = make(year_only=1.0)
    assert year.noise[["birth_precision", "death_precision"]].isin(["year", "missing"]).all().all()


def test_ages_are_off_by_two_or_counted_at_the_writing():
    data, truth = make(age_off=1.0, age_off_two=1.0)
    shown = data.mentions["age"] != ""
    diff = data.mentions.loc[shown, "age"].astype(int) - truth.loc[shown, "age"]
    assert shown.sum() > 50 and (diff.abs() == 2).all()
    data, truth = make(age_at_writing=1.0)
    shown = data.mentions["age"] != ""
    diff = data.mentions.loc[shown, "age"].astype(int) - truth.loc[shown, "age"]
    assert diff.isin([0, 1, 2]).all() and (diff > 0).mean() > 0.5


def test_initials_stand_for_the_first_name_and_patronymic():
    data, truth = make(initials=1.0)
    applied = data.noise["initials"] == 1
    split = applied & (data.mentions["full_name"] == "")
    assert split.sum() > 20
    assert data.mentions.loc[split, "first_name"].str.fullmatch(r"\w\.").all()
    cyrillic = split & (data.noise["latin"] == 0)
    assert (data.mentions.loc[cyrillic, "first_name"].str[0] == truth.loc[cyrillic, "first_name"].str[0]).all()
    with_patronymic = cyrillic & (data.mentions["patronymic"] != "")
    assert (data.mentions.loc[with_patronymic, "patronymic"].str[0]
            == truth.loc[with_patronymic, "patronymic"].str[0]).all()
    full = data.mentions.loc[applied & (data.mentions["full_name"] != ""), "full_name"]
    assert full.str.contains(r"(?:^|\s)\w\.").all()
    assert full.str.contains(r"\w\.\w\.").any() and full.str.contains(r"\w\. \w\.").any()  # Петров С.А. / С. А.
    none, _ = make(initials=0.0, patronymic_initial=0.0)
    assert not none.mentions[NAME_COLUMNS].apply(lambda c: c.str.contains(r"\b\w\.$|^\w\.")).any().any()


def test_familiar_forms_come_from_outside_the_first_names():
    data, truth = make(familiar=1.0)
    t = load_tables(GeneratorConfig())
    applied = (data.noise["familiar"] == 1) & (data.mentions["full_name"] == "")
    assert applied.sum() > 20
    for shown, true, lat in zip(data.mentions.loc[applied, "first_name"], truth.loc[applied, "first_name"],
                                data.noise.loc[applied, "latin"]):
        assert shown in t.familiar[(true, "latin" if lat == 1 else "cyrillic")][0]


def test_name_swap_puts_the_given_name_in_the_surname_column():
    data, truth = make(name_swap=1.0, seed=8)
    applied = (data.noise["name_swap"] == 1) & (data.mentions["full_name"] == "") & (data.noise["latin"] == 0)
    assert applied.sum() > 5
    assert (data.mentions.loc[applied, "surname"] == truth.loc[applied, "first_name"]).all()
    assert set(truth.loc[data.noise["name_swap"] >= 0, "group"]) <= {"tuvan", "buryat", "dagestani", "altai"}


def test_sparse_mentions_give_a_name_a_region_and_a_month():
    sources = {k: replace(h, sparse=1.0) for k, h in GeneratorConfig().sources.items()}
    data, _ = make(sources=sources)
    m = data.mentions
    assert (m[["patronymic", "birth_date", "age", "settlement", "unit", "rank"]] == "").all().all()
    assert (data.noise["death_precision"] == "month").all()
    assert not m["full_name"].str.count(" ").gt(1).any()  # two words: given name and surname


def test_missing_columns_are_blank_for_their_source_and_absent_when_no_source_has_them():
    sources = list(GeneratorConfig().sources)
    missing = {s: ("settlement",) for s in sources} | {"obituary": ("settlement", "unit", "age")}
    data, _ = make(missing_columns=missing)
    assert "settlement" not in data.mentions.columns
    obituary = data.mentions["source"] == "obituary"
    assert (data.mentions.loc[obituary, ["unit", "age"]] == "").all().all()
    assert (data.mentions.loc[~obituary, "unit"] != "").any()
    with pytest.raises(ValueError, match="full_name"):
        make(missing_columns={"obituary": ("full_name",)})


@pytest.mark.parametrize("scheme,letters", [("POLISH", "szcz|cz|sz|w|ł"), ("CZECH", "[šč]|ja|j"),
                                             ("FRENCH", "ou|tch|ch"), ("ADHOC", "'|ia|iu|kh|zh|iy|ts|sch")])
def test_a_table_scheme_spells_names_its_way(scheme, letters):
    only = {name: (1.0 if name == scheme else 0.0) for name in GeneratorConfig().schemes}
    data, _ = make(schemes=only)
    latin = data.noise["latin"] == 1
    names = data.mentions.loc[latin, NAME_COLUMNS].agg(" ".join, axis=1).str.lower()
    assert latin.sum() > 20 and (data.noise.loc[latin, "scheme"] == scheme).all()
    assert names.str.contains(letters).mean() > 0.5


def test_pages_share_links_at_the_configured_rate():
    data = generate_dataset(3000, 4, GeneratorConfig())
    urls = data.mentions["source_url"]
    linked = urls != ""
    expected_linked = data.noise["source"].map(lambda s: GeneratorConfig().sources[s].url).mean()
    assert abs(linked.mean() - expected_linked) < 0.02
    shared = urls[linked].duplicated(keep=False).mean()
    assert 0.13 <= shared <= 0.19  # group_pages 0.17, less the few left alone
    people = data.truth.loc[linked, "person_id"]
    per_page = people.groupby(urls[linked]).agg(["size", "nunique"])
    assert (per_page["size"] == per_page["nunique"]).all()  # a page names a person once
    assert per_page["size"].max() <= GeneratorConfig().group_size[1]
    none = generate_dataset(300, 4, replace(GeneratorConfig(), group_pages=0.0))
    assert not none.mentions.loc[none.mentions["source_url"] != "", "source_url"].duplicated().any()
    every = generate_dataset(300, 4, replace(GeneratorConfig(), group_pages=1.0))
    every_urls = every.mentions.loc[every.mentions["source_url"] != "", "source_url"]
    assert every_urls.duplicated(keep=False).mean() > 0.97


def test_kin_pages_name_one_household():
    data = generate_dataset(2000, 6, replace(GeneratorConfig(), group_pages=1.0, group_kin=1.0))
    linked = data.mentions["source_url"] != ""
    households = data.truth.loc[linked, "household_id"].groupby(data.mentions.loc[linked, "source_url"])
    kin = households.agg(lambda h: h.iloc[0] != "" and (h == h.iloc[0]).all() and len(h) > 1)
    assert kin.sum() > 20


def test_no_pages_no_source_url_column():
    sources = {k: replace(h, url=0.0) for k, h in GeneratorConfig().sources.items()}
    data = generate_dataset(200, 1, replace(GeneratorConfig(), sources=sources))
    assert "source_url" not in data.mentions.columns


def test_vary_draws_other_models_per_seed_and_the_same_for_one_seed():
    one, again, two = draw_config(1), draw_config(1), draw_config(2)
    assert one == again and one != two
    assert json.dumps(config_to_json(one)) != json.dumps(config_to_json(two))
    assert config_from_json(json.loads(json.dumps(config_to_json(one)))) == one
    drawn = [draw_config(s) for s in range(1, 11)]
    assert len({tuple(c.sources) for c in drawn}) > 2  # which sources exist varies
    assert len({c.month_first for c in drawn}) >= 8  # rates vary from seed to seed
    assert any(c.missing_columns for c in drawn)
    assert all(len(c.sources) >= 3 for c in drawn)
    with pytest.raises(ValueError, match="unknown generator settings"):
        config_from_json({"no_such_rate": 1})


def test_cli_vary_is_deterministic_and_writes_its_config(tmp_path):
    runner = CliRunner()
    for name, vary in (("a", "5"), ("b", "5"), ("c", "6")):
        result = runner.invoke(cli, ["generate", "--people", "300", "--seed", "2", "--vary", vary,
                                     "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    a, b, c = ((tmp_path / d / "mentions.csv").read_bytes() for d in "abc")
    assert a == b and a != c
    recipe = json.loads((tmp_path / "a" / GENERATOR_CONFIG).read_text(encoding="utf-8"))
    assert recipe["vary"] == 5 and recipe["people"] == 300 and recipe["seed"] == 2
    assert read_config(tmp_path / "a" / GENERATOR_CONFIG) == draw_config(5)
    again = runner.invoke(cli, ["generate", "--people", "300", "--seed", "2", "--out", str(tmp_path / "d"),
                                "--config", str(tmp_path / "a" / GENERATOR_CONFIG)])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "d" / "mentions.csv").read_bytes() == a
    both = runner.invoke(cli, ["generate", "--vary", "1", "--config", str(tmp_path / "a" / GENERATOR_CONFIG),
                               "--out", str(tmp_path / "e")])
    assert both.exit_code != 0 and "give one of them" in both.output


def test_vary_lists_still_follow_the_contract(tmp_path):
    for vary in (1, 2, 3):
        write_dataset(tmp_path / str(vary), 300, 1, draw_config(vary), vary=vary)
        m = pd.read_csv(tmp_path / str(vary) / "mentions.csv", dtype=str, keep_default_na=False)
        assert m["record_id"].is_unique and {"record_id", "source", "full_name"} <= set(m.columns)
        named = m["full_name"].str.contains(r"\w") | m["surname"].str.contains(r"\w")
        assert named.all()
        assert set(m["source"]) <= set(draw_config(vary).sources)


def test_default_lists_carry_no_other_hands_habit():
    data = generate_dataset(300, 2)
    for column in ("month_first", "initials", "familiar", "name_swap", "burial_date", "sparse_mention"):
        assert (data.noise[column] != 1).all(), column
    assert not data.mentions[NAME_COLUMNS].apply(lambda c: c.str.contains(re.compile(r"^\w\.$"))).any().any()
    assert np.isclose(GeneratorConfig().group_pages, 0.17)


def test_a_vary_list_without_some_columns_can_be_made_again_but_a_foreign_config_is_kept(tmp_path):
    from linkage.errors import OutputError

    sources = list(GeneratorConfig().sources)
    config = replace(GeneratorConfig(), missing_columns={s: ("unit",) for s in sources})
    write_dataset(tmp_path / "a", 200, 1, config)
    assert "unit" not in (tmp_path / "a" / "mentions.csv").read_text(encoding="utf-8").splitlines()[0]
    write_dataset(tmp_path / "a", 200, 2, config)  # the generator's own files: replaced
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / GENERATOR_CONFIG).write_text('{"mine": 1}', encoding="utf-8")
    with pytest.raises(OutputError, match="generator config"):
        write_dataset(tmp_path / "b", 200, 1)
    assert (tmp_path / "b" / GENERATOR_CONFIG).read_text(encoding="utf-8") == '{"mine": 1}'
