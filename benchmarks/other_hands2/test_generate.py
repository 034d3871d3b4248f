"""Fast self-checks of the other_hands2 generator (run: pytest benchmarks/other_hands2 -q)."""
import csv
import filecmp
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "generate.py")
HEADER = ["record_id", "source", "full_name", "first_name", "patronymic", "surname", "birth_date",
          "death_date", "age", "region", "settlement", "unit", "rank", "source_url"]


def _run(n, seed, out):
    subprocess.run([sys.executable, GEN, "--mentions", str(n), "--seed", str(seed), "--out", str(out)],
                   check=True, capture_output=True)


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    out = tmp_path_factory.mktemp("oh2") / "s5"
    _run(6000, 5, out)
    return out


def test_header_and_ids(gen):
    rows = _read(gen / "mentions.csv")
    assert rows[0] == HEADER
    ids = [r[0] for r in rows[1:]]
    assert len(ids) == len(set(ids))
    assert all(len(r) == len(HEADER) for r in rows)
    # either full_name or the parts
    assert all(r[2] or r[3] or r[5] for r in rows[1:])


def test_every_record_in_truth(gen):
    m = {r[0] for r in _read(gen / "mentions.csv")[1:]}
    t = _read(gen / "truth.csv")
    assert t[0] == ["record_id", "person_id", "household_id", "relation"]
    assert {r[0] for r in t[1:]} == m
    rels = {r[3] for r in t[1:]}
    assert rels <= {"", "head", "brother", "twin", "father", "son", "cousin"}


def test_count_within_ten_percent(gen):
    n = len(_read(gen / "mentions.csv")) - 1
    assert 5400 <= n <= 6600


def test_households_present(gen):
    t = _read(gen / "truth.csv")[1:]
    hh = {r[2] for r in t if r[2]}
    assert len(hh) >= 20
    people = {r[1] for r in t}
    in_hh = {r[1] for r in t if r[2]}
    assert 0.02 <= len(in_hh) / len(people) <= 0.08
    fam = _read(gen / "family.csv")
    assert fam[0] == ["person_id_a", "person_id_b", "relation"]
    assert {r[2] for r in fam[1:]} <= {"sibling", "parent_child", "cousin"}
    assert {r[2] for r in fam[1:]} >= {"sibling", "parent_child"}
    with open(gen / "habits.json", encoding="utf-8") as f:
        h = json.load(f)
    assert "sources" in h and "global" in h


def test_shared_urls_and_mentions_per_person(gen):
    rows = _read(gen / "mentions.csv")[1:]
    from collections import Counter
    c = Counter(r[13] for r in rows if r[13])
    shared = sum(1 for r in rows if r[13] and c[r[13]] > 1) / len(rows)
    assert 0.08 <= shared <= 0.35
    t = Counter(r[1] for r in _read(gen / "truth.csv")[1:])
    assert max(t.values()) <= 12 and min(t.values()) >= 1


def test_deterministic_per_seed(tmp_path, gen):
    _run(6000, 5, tmp_path / "again")
    for f in ("mentions.csv", "truth.csv", "family.csv", "habits.json"):
        assert filecmp.cmp(gen / f, tmp_path / "again" / f, shallow=False), f
    _run(6000, 6, tmp_path / "other")
    assert not filecmp.cmp(gen / "mentions.csv", tmp_path / "other" / "mentions.csv", shallow=False)
