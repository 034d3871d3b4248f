"""Fast checks of the other_hands4 generator: determinism, counts, truth, family, columns."""
import collections
import csv
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import generate

HEADER = ["record_id", "source", "full_name", "first_name", "patronymic", "surname", "birth_date",
          "death_date", "age", "region", "settlement", "unit", "rank", "source_url"]
N = 3000


def run(out, n=N, seed=7):
    generate.main(["--mentions", str(n), "--seed", str(seed), "--out", str(out)])
    return out


def read(out, name):
    with open(os.path.join(out, name), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return run(tmp_path_factory.mktemp("oh4") / "a")


def test_deterministic_across_runs_and_hash_seeds(out, tmp_path):
    env = dict(os.environ, PYTHONHASHSEED="12345")
    other = tmp_path / "b"
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--mentions", str(N), "--seed", "7",
                    "--out", str(other)], check=True, env=env, capture_output=True)
    for name in ("mentions.csv", "truth.csv", "family.csv"):
        assert (out / name).read_bytes() == (other / name).read_bytes(), name
    a = json.loads((out / "habits.json").read_text(encoding="utf-8"))
    b = json.loads((other / "habits.json").read_text(encoding="utf-8"))
    a["realised"].pop("seconds"), b["realised"].pop("seconds")
    assert a == b


def test_seeds_differ(out, tmp_path):
    other = run(tmp_path / "c", seed=8)
    assert (out / "mentions.csv").read_bytes() != (other / "mentions.csv").read_bytes()
    ka = json.loads((out / "habits.json").read_text(encoding="utf-8"))["knobs"]
    kb = json.loads((other / "habits.json").read_text(encoding="utf-8"))["knobs"]
    assert ka["p_brothers"] != kb["p_brothers"]


def test_exact_count_and_columns(out):
    rows = read(out, "mentions.csv")
    assert rows[0] == HEADER
    body = rows[1:]
    assert len(body) == N
    assert all(len(r) == len(HEADER) for r in body)
    ids = [r[0] for r in body]
    assert len(set(ids)) == N
    for r in body:
        assert r[2] or r[3] or r[5], r  # a name in full_name or in the parts
        assert not r[8] or r[8].lstrip("-").isdigit()


def test_truth_covers_every_record(out):
    ids = [r[0] for r in read(out, "mentions.csv")[1:]]
    truth = read(out, "truth.csv")
    assert truth[0] == ["record_id", "person_id", "household_id", "relation"]
    assert [t[0] for t in truth[1:]] == ids
    for _, pid, hid, rel in truth[1:]:
        assert pid
        assert rel in ("", "brother", "twin", "father", "son", "cousin")
        assert bool(hid) == bool(rel)


def test_households_and_family_consistent(out):
    truth = read(out, "truth.csv")[1:]
    person = {}
    for _, pid, hid, rel in truth:
        assert person.setdefault(pid, (hid, rel)) == (hid, rel)  # one household and role per man
    members = collections.defaultdict(set)
    for pid, (hid, _) in person.items():
        if hid:
            members[hid].add(pid)
    assert members and all(len(m) >= 2 for m in members.values())
    fam = read(out, "family.csv")
    assert fam[0] == ["person_id_a", "person_id_b", "relation"]
    for a, b, rel in fam[1:]:
        assert a in person and b in person and a != b
        assert person[a][0] == person[b][0] != ""
        if rel == "sibling":
            assert person[a][1] == person[b][1] and person[a][1] in ("brother", "twin")
        else:
            assert rel == "parent_child" and person[a][1] == "father" and person[b][1] == "son"
    linked = {p for a, b, _ in fam[1:] for p in (a, b)}
    for pid, (hid, rel) in person.items():
        if rel in ("brother", "twin", "father", "son"):
            assert pid in linked


def test_refuses_foreign_folder_and_overwrites_own(out, tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(SystemExit):
        run(foreign, n=10)
    assert (foreign / "notes.txt").read_text() == "keep me"
    own = run(tmp_path / "own", n=20)
    run(own, n=15)
    assert len(read(own, "mentions.csv")) == 16


def test_tiny_list(tmp_path):
    out = run(tmp_path / "one", n=1)
    assert len(read(out, "mentions.csv")) == 2
    assert len(read(out, "truth.csv")) == 2
