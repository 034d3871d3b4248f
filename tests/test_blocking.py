"""Block-size caps: a hugely common key is split or left to the other rules, and said so."""

from __future__ import annotations

import copy
import json

import duckdb
import pandas as pd
import pytest

from linkage.blocking import cap_blocks, join_key
from linkage.comparisons import rule_condition
from linkage.config import load_spec, spec_from_table
from linkage.errors import ModelError
from linkage.evaluate import evaluate_run
from linkage.pipeline import RunOptions, dedupe
from tests.conftest import SAMPLE


def test_join_key_reads_column_lists_and_equalities_either_way_round():
    assert join_key("surname, first").left == ('"surname"', '"first"')
    crossed = join_key("l.first_key = r.surname_key AND substr(r.x, 1, 2) = substr(l.x, 1, 2)")
    assert crossed.left == ('"first_key"', 'SUBSTRING("x", 1, 2)')
    assert crossed.right == ('"surname_key"', 'SUBSTRING("x", 1, 2)')
    # not an equi-join: never capped
    assert join_key("levenshtein(l.surname, r.surname) <= 1") is None
    assert join_key("l.a = r.a OR l.b = r.b") is None


def _people(con) -> set[tuple[int, int]]:
    """60 records of one name (Ivanov Ivan): 30 people of two records each, told apart by birth
    year; and one small block of 3 Petrovs with no birth year. Returns the true pairs."""
    con.execute("""CREATE TABLE f AS
        SELECT i AS unique_id, 'ivanov' AS surname, 'ivan' AS first, 1950 + i // 2 AS yr FROM range(60) t(i)
        UNION ALL SELECT 100 + i, 'petrov', 'petr', NULL FROM range(3) t(i)""")
    return {(2 * k, 2 * k + 1) for k in range(30)} | {(100, 101), (100, 102), (101, 102)}


def _pairs(con, rules) -> set[tuple[int, int]]:
    return {p for rule in rules for p in con.execute(
        f"SELECT l.unique_id, r.unique_id FROM f l JOIN f r ON {rule_condition(rule)} "
        "WHERE l.unique_id < r.unique_id").fetchall()}


def test_a_hugely_common_key_is_left_to_the_other_rules_and_reported():
    con = duckdb.connect()
    truth = _people(con)
    rules = ("surname, first", "surname, yr")
    assert len(_pairs(con, rules)) == 60 * 59 // 2 + 3
    capped = cap_blocks(con, "f", rules, max_block_size=10)
    found = _pairs(con, capped.rules)
    assert truth <= found                      # every true pair, through the second rule
    assert found == truth                      # and none of the 1,740 namesake pairs
    assert capped.caps == {"surname, first": {"keys": 1, "records": 60, "pairs": 1770,
                                              "largest": [["ivanov | ivan", 60]], "split": []}}
    assert capped.origins == rules and capped.flags == ("_block_cap_0",)


def test_an_uncapped_rule_pairs_its_block_whatever_its_size():
    # one man named 60 times (an obituary reposted): every rule's block is over the size, and
    # only the rule that names him by a full date may pair the whole block
    con = duckdb.connect()
    con.execute("""CREATE TABLE f AS SELECT i AS unique_id, 'ivanov' AS surname, 'ivan' AS first,
                   1990 AS yr, 7300 AS day FROM range(60) t(i)""")
    rules = ("surname, first", "surname, first, day")
    assert _pairs(con, cap_blocks(con, "f", rules, max_block_size=10).rules) == set()
    capped = cap_blocks(con, "f", rules, max_block_size=10, uncapped=("surname, first, day",))
    assert len(_pairs(con, capped.rules)) == 60 * 59 // 2
    assert list(capped.caps) == ["surname, first"]


def test_a_capped_block_split_by_a_key_keeps_the_pairs_agreeing_on_it():
    con = duckdb.connect()
    truth = _people(con)
    capped = cap_blocks(con, "f", ("surname, first",), max_block_size=10, split_by=("yr", "yr // 10"))
    # by year: every true pair; by decade the 20-record blocks are over the size again: left out
    assert _pairs(con, capped.rules) == truth
    assert capped.caps["surname, first"]["split"] == [
        {"by": "yr", "keys": 0, "records": 0, "pairs": 0},
        {"by": "yr // 10", "keys": 3, "records": 60, "pairs": 3 * 190}]
    # the decade split pairs no one (every block over the size again): it is not run
    assert capped.origins == ("surname, first",) * 2


def test_no_cap_and_small_blocks_leave_the_rules_and_the_table_alone():
    con = duckdb.connect()
    _people(con)
    for size in (None, 60):
        capped = cap_blocks(con, "f", ("surname, first",), size, ("yr",))
        assert capped.rules == ("surname, first",) and not capped.caps
    assert [r[0] for r in con.execute("DESCRIBE f").fetchall()] == ["unique_id", "surname", "first", "yr"]


def test_max_block_size_must_be_a_whole_number():
    table = copy.deepcopy(load_spec("soldiers").table)
    table["blocking"]["max_block_size"] = 0
    with pytest.raises(ModelError, match="max_block_size must be a whole number"):
        spec_from_table(table, "test.toml")


def test_a_run_with_tight_caps_reports_them_and_keeps_its_accuracy(sample_run, tmp_path, engine):
    table = copy.deepcopy(load_spec("soldiers").table)
    table["blocking"]["max_block_size"] = 6  # over any one person's mentions here
    out = tmp_path / "capped"
    dedupe(RunOptions(mentions=SAMPLE / "mentions.csv", out=out, engine=engine,
                      spec=spec_from_table(table, "test.toml")))
    manifest = json.loads((out / "manifest.json").read_text())
    rows = manifest["blocking"]
    capped = [r for r in rows if "capped" in r]
    assert capped and all(r["capped"]["keys"] > 0 and r["capped"]["largest"][0][1] > 6 for r in capped)
    assert {r["rule"] for r in rows} == set(table["blocking"]["rules"]) | set(table["blocking"]["uncapped"])
    assert not any("capped" in r for r in rows if r["rule"] in table["blocking"]["uncapped"])
    flags = [c for c in pd.read_parquet(out / "features.parquet").columns if c.startswith("_block_cap_")]
    assert flags
    before = json.loads((sample_run / "manifest.json").read_text())["blocking"][-1]["cumulative_pairs"]
    assert rows[-1]["cumulative_pairs"] < before
    f1 = evaluate_run(out, SAMPLE / "truth.csv")["pairwise"]["f1"]
    assert f1 >= evaluate_run(sample_run, SAMPLE / "truth.csv")["pairwise"]["f1"] - 0.01


def test_the_blocked_pairs_counted_by_rule_are_splinks_exact_count(engine):
    """The counts a run takes from the pairs it blocks are Splink's own exact count (the sample
    is under the sampling size), and the per-key bound is never below them (the spec has rules
    pairing two columns: first name with surname)."""
    from linkage.blocking import Capped, count_blocked, count_pairs, upper_bound
    from linkage.database import connect
    from linkage.pipeline import CANDIDATE_PAIRS, Timings, load_and_normalise, make_candidate_pairs
    from linkage.scoring import LinkageModel, register_table

    spec = load_spec("soldiers")
    opts = RunOptions(mentions=SAMPLE / "mentions.csv", out=SAMPLE / "unused", engine=engine)
    con = connect(engine)
    accepted = load_and_normalise(con, opts, Timings()).accepted
    assert any(join_key(r) and join_key(r).left != join_key(r).right for r in spec.blocking_rules)
    capped = Capped(spec.blocking_rules, spec.blocking_rules, {})
    make_candidate_pairs(con, LinkageModel(spec))
    exact = count_blocked(con, CANDIDATE_PAIRS, capped)
    splink = count_pairs(register_table(con, "features"), spec.blocking_rules, accepted, capped)
    assert [r["marginal_pairs"] for r in exact] == [r["marginal_pairs"] for r in splink]
    assert exact[-1]["cumulative_pairs"] == con.execute(
        f"SELECT count(*) FROM {CANDIDATE_PAIRS}").fetchall()[0][0] > 0
    assert upper_bound(con, "features", spec.blocking_rules) >= exact[-1]["cumulative_pairs"]
    assert upper_bound(con, "features", ("levenshtein(l.surname_key, r.surname_key) <= 1",)) is None


def test_the_initial_rule_pairs_an_initial_or_an_unknown_form_but_not_two_known_names():
    """The spec's 'surname and initial' rule exists for initials and forms the tables lack: it
    pairs С. and Zhoric with Сергей and Жора's names of that letter, never Андрей with Алексей
    (two names the tables know, of different groups; the other rules still may)."""
    from linkage.normalise import normalise

    rows = [("Сергей", "Петров"), ("С.", "Петров"), ("Андрей", "Кузнецов"), ("Алексей", "Кузнецов"),
            ("Андрюшик", "Кузнецов")]
    con = duckdb.connect()
    frame = pd.DataFrame({"record_id": [f"r{i}" for i in range(len(rows))], "source": "test",
                          "full_name": "", "first_name": [f for f, _ in rows], "patronymic": "",
                          "surname": [s for _, s in rows], "birth_date": "", "death_date": "", "age": "",
                          "region": "Тульская область", "settlement": None, "unit": None, "rank": None})
    frame["_row"] = range(1, len(frame) + 1)
    con.register("frame", frame)
    con.execute("CREATE TABLE mentions AS SELECT * FROM frame")
    normalise(con)
    known = dict(con.execute("SELECT first_name, first_known FROM features").fetchall())
    assert known == {"Сергей": True, "С.": False, "Андрей": True, "Алексей": True, "Андрюшик": False}
    rule = next(r for r in load_spec("soldiers").blocking_rules if "first_known" in r)
    paired = {frozenset((a, b)) for a, b in con.execute(
        f"SELECT l.first_name, r.first_name FROM features l JOIN features r ON {rule} "
        "AND l.unique_id < r.unique_id").fetchall()}
    assert frozenset(("С.", "Сергей")) in paired
    assert frozenset(("Андрюшик", "Андрей")) in paired and frozenset(("Андрюшик", "Алексей")) in paired
    assert frozenset(("Андрей", "Алексей")) not in paired
    # a release written before the column existed reads it as NULL (linkage update): still paired
    con.execute("UPDATE features SET first_known = NULL WHERE first_name = 'С.'")
    assert con.execute(f"SELECT count(*) FROM features l JOIN features r ON {rule} "
                       "WHERE l.first_name = 'С.' AND r.first_name = 'Сергей'").fetchone()[0] == 1
