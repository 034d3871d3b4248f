"""Tests of the independent generator: determinism, files and columns, truth and family
consistency, sizes. Runs in a few seconds."""

import csv
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import itertools

import generate

MENTION_COLS = generate.COLUMNS


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        return header, list(r)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    a, b, c = out / "a", out / "b", out / "c"
    generate.main(["--mentions", "4000", "--seed", "7", "--out", str(a)])
    generate.main(["--mentions", "4000", "--seed", "7", "--out", str(b)])
    generate.main(["--mentions", "4000", "--seed", "8", "--out", str(c)])
    return a, b, c


def test_deterministic_for_a_seed(run):
    a, b, c = run
    for name in ("mentions.csv", "truth.csv", "family.csv", "habits.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "mentions.csv").read_bytes() != (c / "mentions.csv").read_bytes()
    ha, hc = (
        json.loads((a / "habits.json").read_text()),
        json.loads((c / "habits.json").read_text()),
    )
    assert ha["sources"]["social"]["pet"] != hc["sources"]["social"]["pet"]


def test_files_and_columns(run):
    a = run[0]
    header, rows = _read(a / "mentions.csv")
    assert header == MENTION_COLS
    assert all(len(r) == len(MENTION_COLS) for r in rows)
    assert all(r[2] or r[5] or r[3] for r in rows), "every mention names someone"
    assert _read(a / "truth.csv")[0] == ["record_id", "person_id", "household_id", "relation"]
    assert _read(a / "family.csv")[0] == ["person_id_a", "person_id_b", "relation"]
    h = json.loads((a / "habits.json").read_text())
    assert {"world", "text", "sources", "realised"} <= set(h)


def test_size_within_one_percent(run):
    _, rows = _read(run[0] / "mentions.csv")
    assert abs(len(rows) - 4000) <= 40
    ids = [r[0] for r in rows]
    assert len(set(ids)) == len(ids)


def test_truth_covers_every_record_once(run):
    a = run[0]
    _, rows = _read(a / "mentions.csv")
    _, truth = _read(a / "truth.csv")
    tids = [t[0] for t in truth]
    assert len(tids) == len(set(tids))
    assert set(tids) == {r[0] for r in rows}


def test_family_pairs_within_one_household(run):
    a = run[0]
    _, truth = _read(a / "truth.csv")
    hh = {t[1]: t[2] for t in truth}
    _, fam = _read(a / "family.csv")
    assert fam, "some families exist"
    for x, y, rel in fam:
        assert rel in ("sibling", "parent_child")
        assert hh[x] and hh[x] == hh[y]
        assert x != y


def test_records_not_ordered_by_person(run):
    _, truth = _read(run[0] / "truth.csv")
    same_as_next = sum(1 for s, t in itertools.pairwise(truth) if s[1] == t[1])
    assert same_as_next < len(truth) * 0.05


def test_cli_runs(tmp_path):
    script = os.path.join(HERE, "generate.py")
    subprocess.run(
        [sys.executable, script, "--mentions", "500", "--seed", "3", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "mentions.csv").exists()
