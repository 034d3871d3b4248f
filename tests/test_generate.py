"""The generator: deterministic by seed, households obey their rules, noise at its configured rates."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from linkage import generate as gen
from linkage.generate import GeneratorConfig, generate, generate_dataset, write_dataset

CONFIG = GeneratorConfig()
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def big():
    """About 20k mentions, for rates."""
    return generate_dataset(8200, seed=11)


@pytest.fixture(scope="module")
def families():
    """Enough people for a few hundred households of each kind."""
    return generate_dataset(12000, seed=5)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    counts = [write_dataset(tmp_path / name, 300, seed) for name, seed in (("a", 1), ("b", 1), ("c", 2))]
    assert counts[0] == counts[1]
    for name in ("mentions", "truth", "family"):
        a, b, c = ((tmp_path / d / f"{name}.csv").read_bytes() for d in "abc")
        assert a == b and a != c
    assert not list(tmp_path.glob("*/.*.tmp"))


def test_frames_follow_the_contract():
    mentions, truth, family = generate(400, seed=3)
    assert tuple(mentions.columns) == gen.MENTION_COLUMNS
    assert tuple(truth.columns) == gen.TRUTH_COLUMNS and tuple(family.columns) == gen.FAMILY_COLUMNS
    assert mentions["record_id"].is_unique and (mentions["record_id"] == truth["record_id"]).all()
    assert mentions["record_id"].str.fullmatch(r"m\d{7}").all()
    assert truth["person_id"].str.fullmatch(r"p\d{6}").all()
    named = (mentions["full_name"] != "") | ((mentions["first_name"] != "") & (mentions["surname"] != ""))
    assert named.all()
    assert not ((mentions["full_name"] != "") & (mentions["surname"] != "")).any()
    counts = truth["person_id"].value_counts()
    assert counts.max() <= 6 and truth["person_id"].nunique() == 400
    # rows are shuffled: record ids say nothing about the person
    assert (truth["person_id"] == truth["person_id"].shift()).mean() < 0.02
    assert not truth["person_id"].is_monotonic_increasing
    assert set(family["relation"]) <= {"sibling", "twin", "parent_child", "cousin"}


def _age(birth: str, death: str) -> int:
    b, d = dt.date.fromisoformat(birth), dt.date.fromisoformat(death)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def _patronymics() -> dict:
    path = resources.files("linkage") / "resources" / "generator" / "first_names.csv"
    with path.open(encoding="utf-8") as handle:
        return {r["name"]: r["patronymic"] for r in csv.DictReader(handle) if r["sex"] == "m"}


def test_patronymic_table_forms_irregular_patronymics():
    table = _patronymics()
    for first, patronymic in {"Иван": "Иванович", "Сергей": "Сергеевич", "Николай": "Николаевич",
                              "Илья": "Ильич", "Никита": "Никитич", "Фома": "Фомич", "Кузьма": "Кузьмич",
                              "Пётр": "Петрович", "Лев": "Львович", "Михаил": "Михайлович",
                              "Муса": "Мусаевич"}.items():
        assert table[first] == patronymic


def test_every_person_died_an_adult_in_the_war(families):
    people = families.people
    ages = [_age(b, d) for b, d in zip(people["birth_date"], people["death_date"])]
    assert min(ages) >= 18 and (np.array(ages) == people["age"].to_numpy()).all()
    assert people["death_date"].min() >= "2022-02-24" and people["death_date"].max() <= "2025-12-31"
    assert people["birth_date"].min() >= "1960-01-01" and people["birth_date"].max() <= "2006-12-31"


def test_households_obey_their_rules(families):
    people = families.people.set_index("person_id")
    share = (people["household_id"] != "").mean()
    assert 0.10 <= share <= 0.15
    table = _patronymics()
    seen = set()
    for a, b, relation in families.family.itertuples(index=False):
        pa, pb = people.loc[a], people.loc[b]
        assert pa["household_id"] == pb["household_id"] != ""
        assert pa["surname"] == pb["surname"] and pa["region"] == pb["region"] or relation == "cousin"
        assert pa["sex"] == pb["sex"] == "m"
        seen.add(relation)
        if relation in ("sibling", "twin"):
            assert pa["patronymic"] == pb["patronymic"]
            assert (pa["birth_date"] == pb["birth_date"]) == (relation == "twin")
        elif relation == "parent_child":
            assert pa["relation"] == "father" and pb["relation"] == "son"
            expected = table[pa["first_name"]]
            assert pb["patronymic"] in (expected, f"{pa['first_name']} оглы")
            assert 18 <= _age(pa["birth_date"], pb["birth_date"]) <= 32
        else:
            assert pa["surname"] == pb["surname"] and pa["patronymic"] != pb["patronymic"]
    assert seen == {"sibling", "twin", "parent_child", "cousin"}
    brothers = people[people["relation"].isin(["brother", "twin"])].groupby("household_id")
    assert (brothers["first_name"].nunique() == brothers.size()).all()  # brothers differ by first name
    same_day = brothers["death_date"].nunique().eq(1).mean()
    assert 0.1 < same_day < 0.35  # configured 0.2 (twins count when drawn)


def _expected(noise: pd.DataFrame, kind: str, rows: pd.Series) -> float:
    """The configured probability of `kind` for each eligible mention, averaged."""
    habits = {name: h for name, h in CONFIG.sources.items()}
    src, latin = noise.loc[rows, "source"], noise.loc[rows, "latin"] == 1
    per_source = {"latin": "latin", "full_name": "full_name", "diminutive": "diminutive", "caps": "caps",
                  "settlement": "settlement", "unit": "unit", "rank": "rank"}
    if kind in per_source:
        return src.map(lambda s: getattr(habits[s], per_source[kind])).mean()
    if kind in ("surname_first", "no_patronymic"):
        cyr = src.map(lambda s: getattr(habits[s], kind))
        lat = src.map(lambda s: getattr(habits[s], f"{kind}_latin"))
        return np.where(latin, lat, cyr).mean()
    if kind == "age_shown":
        missing = noise.loc[rows, "birth_precision"] == "missing"
        return np.where(missing, src.map(lambda s: habits[s].age_without_birth),
                        src.map(lambda s: habits[s].age_with_birth)).mean()
    if kind == "german":
        return CONFIG.schemes["german"] / sum(CONFIG.schemes.values())
    return getattr(CONFIG, kind)


BINARY = ("latin", "german", "conventional_form", "ascii_fold", "full_name", "surname_first",
          "no_patronymic", "diminutive", "yo_as_e", "typo", "caps", "day_month_swap", "birth_year_off",
          "death_shift", "age_shown", "age_off", "settlement", "unit", "rank")


@pytest.mark.parametrize("kind", BINARY)
def test_noise_kind_appears_at_its_configured_rate(big, kind):
    noise = big.noise
    assert len(noise) >= 20_000
    eligible = noise[kind] >= 0
    observed = (noise.loc[eligible, kind] == 1).mean()
    expected = _expected(noise, kind, eligible)
    n = eligible.sum()
    assert n > 100 and (noise[kind] == 1).sum() > 0
    assert abs(observed - expected) <= 4.5 * np.sqrt(expected * (1 - expected) / n) + 0.002, (observed, expected)


@pytest.mark.parametrize("field", ["birth", "death"])
def test_date_precision_follows_the_sources(big, field):
    noise = big.noise
    shares = noise["source"].map(lambda s: getattr(CONFIG.sources[s], field))
    for k, precision in enumerate(gen.PRECISIONS):
        expected = shares.str[k].mean()
        observed = (noise[f"{field}_precision"] == precision).mean()
        assert abs(observed - expected) < 0.015, (precision, observed, expected)


def test_typo_kinds_and_schemes_all_occur(big):
    kinds = big.noise.loc[big.noise["typo"] == 1, "typo_kind"].value_counts(normalize=True)
    weights = pd.Series(dict(CONFIG.typo_kinds)) / sum(CONFIG.typo_kinds.values())
    assert set(kinds.index) == {k for k, w in CONFIG.typo_kinds.items() if w > 0} <= set(gen.TYPO_KINDS)
    assert (abs(kinds - weights) < 0.07).all()
    assert big.noise.loc[big.noise["latin"] == 1, "scheme"].nunique() >= 12


def test_noise_shows_in_the_mentions(big):
    m, noise = big.mentions, big.noise
    name = m["full_name"] + m["first_name"] + m["patronymic"] + m["surname"]
    assert not name[noise["latin"] == 1].str.contains(CYRILLIC).any()
    assert name[noise["latin"] == 0].str.contains(CYRILLIC).all()
    assert (name[noise["caps"] == 1] == name[noise["caps"] == 1].str.upper()).all()
    assert not name[noise["yo_as_e"] == 1].str.contains("[ёЁ]").any()
    parts = m.loc[(noise["no_patronymic"] == 1) & (m["full_name"] == ""), "patronymic"]
    assert (parts == "").all()
    folded = name[noise["ascii_fold"] == 1]
    assert folded.map(str.isascii).all()
    assert (m.loc[noise["age_shown"] == 0, "age"] == "").all()
    assert (m.loc[noise["birth_precision"] == "missing", "birth_date"] == "").all()


def test_shares_look_like_real_lists(big):
    noise, people = big.noise, big.people
    birth = noise["birth_precision"].value_counts(normalize=True)
    assert 0.58 < birth["full"] < 0.70 and 0.25 < birth["missing"] < 0.35  # REAL-LISTS.md: 65% / 32%
    assert 0.003 < (people["sex"] == "f").mean() < 0.02
    assert 28 <= people["age"].median() <= 38
    surnames = people.loc[people["group"] == "russian", "surname"].value_counts(normalize=True)
    assert 0.008 < surnames.iloc[0] < 0.03  # a heavy head ...
    assert (surnames * len(people)).lt(1.5).sum() > 0.3 * len(surnames)  # ... and a long tail


def test_config_overrides_take_effect():
    clean = replace(CONFIG, typo=0.0, yo_as_e=0.0)
    noise = generate_dataset(300, seed=2, config=clean).noise
    assert (noise["typo"] == 0).all() and (noise["yo_as_e"] <= 0).all()


def test_committed_sample_is_the_generators_output(tmp_path):
    truth = pd.read_csv(SAMPLE / "truth.csv", dtype=str, keep_default_na=False)
    people = truth["person_id"].nunique()
    write_dataset(tmp_path, people, seed=7)
    for name in ("mentions", "truth", "family"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (SAMPLE / f"{name}.csv").read_bytes(), name
    assert 1500 <= len(truth) <= 2500
