"""Self-checks of the independent generator (run: python -m pytest benchmarks/other_hands -q).

They assert the contract and the shapes REAL-LISTS.md gives, not any engine result.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import COLUMNS, generate
from population import patronymic
from translit import translit_text


@pytest.fixture(scope="module")
def lists(tmp_path_factory):
    a = tmp_path_factory.mktemp("a")
    b = tmp_path_factory.mktemp("b")
    c = tmp_path_factory.mktemp("c")
    generate(3000, 5, a)
    generate(3000, 5, b)
    generate(3000, 6, c)
    return a, b, c


def read(d: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(d / name, dtype=str, keep_default_na=False)


def test_same_seed_same_files_other_seed_other_habits(lists):
    a, b, c = lists
    for name in ("mentions.csv", "truth.csv", "family.csv", "noise.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / "mentions.csv").read_bytes() != (c / "mentions.csv").read_bytes()


def test_mention_contract_and_truth_cover_each_other(lists):
    a = lists[0]
    m, t = read(a, "mentions.csv"), read(a, "truth.csv")
    assert list(m.columns) == COLUMNS
    assert m["record_id"].is_unique and set(m["record_id"]) == set(t["record_id"])
    has_name = (m["full_name"] != "") | ((m["first_name"] != "") & (m["surname"] != ""))
    assert has_name.mean() > 0.99  # a few social posts give a first name only
    assert t["person_id"].nunique() == 3000


def test_shapes_match_real_lists(lists):
    a = lists[0]
    m, t = read(a, "mentions.csv"), read(a, "truth.csv")
    per_person = len(m) / t["person_id"].nunique()
    assert 2.0 <= per_person <= 2.8
    shared = m.loc[m["source_url"] != "", "source_url"].value_counts()
    share = shared[shared > 1].sum() / len(m)
    assert 0.10 <= share <= 0.28  # REAL-LISTS: about 17% share a link
    assert m["source"].nunique() >= 10
    latin = m["full_name"].str.contains("[A-Za-z]") & ~m["full_name"].str.contains("[А-Яа-я]")
    assert 0.05 < latin.mean() < 0.35


def test_family_pairs_are_households(lists):
    a = lists[0]
    t, f = read(a, "truth.csv"), read(a, "family.csv")
    hh = t.drop_duplicates("person_id").set_index("person_id")["household_id"]
    assert set(f["relation"]) <= {"sibling", "parent_child", "cousin"}
    both = f[f["person_id_a"].isin(hh.index) & f["person_id_b"].isin(hh.index)]
    assert (hh[both["person_id_a"]].to_numpy() == hh[both["person_id_b"]].to_numpy()).all()
    assert (hh[both["person_id_a"]] != "").all()


def test_patronymics_and_schemes():
    assert patronymic("Сергей", False, "ru") == "Сергеевич"
    assert patronymic("Юрий", True, "ru") == "Юрьевна"
    assert patronymic("Дмитрий", False, "ru") == "Дмитриевич"
    assert patronymic("Илья", False, "ru") == "Ильич"
    assert patronymic("Тофик", False, "azeri") == "Тофик оглы"
    assert translit_text("Соловьёв Щербаков", "de") == "Solowjow Schtscherbakow"
    assert translit_text("Шевченко", "pl") == "Szewczenko"
    assert translit_text("Журавлёв", "cs") == "Žuravljov"
    assert translit_text("Юрий", "fr") == "Iouri"
