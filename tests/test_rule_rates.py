"""Cannot-links are measured on the list at hand: a rule the list contradicts is switched off."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from linkage.constraints import Constraints, Record
from linkage.errors import ModelError
from linkage.evaluate import evaluate_run
from linkage.pipeline import RunOptions, dedupe
from linkage.rule_rates import RuleCheck, RuleRate, active_rules, only, without
from tests.conftest import ROOT, SAMPLE


def _shift_half_the_deaths(out: Path, days: int) -> Path:
    """The sample with every second mention of each person dated `days` after its death date
    (a source that prints the date a body was returned, or one a year off): half the matches
    disagree by months."""
    mentions = pd.read_csv(SAMPLE / "mentions.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(SAMPLE / "truth.csv", dtype=str, keep_default_na=False)
    person = mentions["record_id"].map(dict(zip(truth["record_id"], truth["person_id"])))
    second = person.groupby(person).cumcount() % 2 == 1
    parsed = pd.to_datetime(mentions["death_date"], format="mixed", dayfirst=True, errors="coerce")
    full = mentions["death_date"].str.count(r"\d") >= 6  # day, month and year written
    shift = second & full & parsed.notna()
    mentions.loc[shift, "death_date"] = (parsed[shift] + pd.Timedelta(days=days)).dt.strftime("%Y-%m-%d")
    out.mkdir(parents=True, exist_ok=True)
    mentions.to_csv(out / "mentions.csv", index=False)
    assert shift.sum() > 200
    return out / "mentions.csv"


def _spec_with(tmp_path: Path, line: str) -> str:
    text = (ROOT / "models" / "soldiers.toml").read_text(encoding="utf-8")
    path = tmp_path / "spec.toml"
    per_rule = "max_violation_rates = { death_days_apart = 0.005 }"
    assert "max_violation_rate = 0.02" in text and per_rule in text
    text = text.replace(per_rule, "max_violation_rates = {}")  # every rule at `line`'s rate
    path.write_text(text.replace("max_violation_rate = 0.02", line), encoding="utf-8")
    return str(path)


@pytest.mark.slow
@pytest.mark.parametrize("days, bound", [(250, 366), (600, None)])
def test_a_rule_the_list_contradicts_is_widened_or_switched_off(tmp_path, engine, days, bound):
    # deaths 250 days apart: the 183-day rule holds at twice its bound; 600 days: at no width
    mentions = _shift_half_the_deaths(tmp_path / "list", days)
    measured = dedupe(RunOptions(mentions=mentions, out=tmp_path / "measured", engine=engine))
    forced = dedupe(RunOptions(mentions=mentions, out=tmp_path / "forced", engine=engine,
                               spec=_spec_with(tmp_path, "max_violation_rate = 1.0")))
    death = measured["rules"]["death_days_apart"]
    assert death["violation_rate"] > 0.1
    assert death["active"] is (bound is not None) and death.get("bound") == bound
    assert measured["rules"]["patronymics_differ"]["active"] is True
    assert forced["rules"]["death_days_apart"]["active"] is True
    kept = evaluate_run(tmp_path / "measured", SAMPLE / "truth.csv")["pairwise"]
    vetoed = evaluate_run(tmp_path / "forced", SAMPLE / "truth.csv")["pairwise"]
    assert kept["recall"] > vetoed["recall"] + 0.05
    assert kept["f1"] >= 0.95


def test_the_sample_keeps_every_rule(sample_run):
    rules = json.loads((sample_run / "manifest.json").read_text())["rules"]
    assert set(rules) >= {"first_names_not_variants", "patronymics_differ", "death_days_apart"}
    assert all(r["active"] for r in rules.values()), rules
    assert all(r["confident_pairs"] >= 200 for r in rules.values())


RULES = Constraints(birth_full_dates_differ=True, first_names_not_variants=True,
                    patronymics_differ=True, death_days_apart=62, min_average_weight=-2.0)


def test_only_keeps_one_rule_and_without_drops_some():
    rules = Constraints(**{**vars(RULES), "birth_years_apart": 4, "named_after_father": True})
    alone = only(rules, "death_days_apart")
    assert alone.death_days_apart == rules.death_days_apart
    assert (alone.first_names_not_variants, alone.birth_years_apart, alone.min_average_weight) == \
        (False, None, None)
    dropped = without(rules, ["birth_years_apart", "patronymics_differ"])
    assert dropped.birth_years_apart is None and dropped.patronymics_differ is False
    assert dropped.first_names_not_variants is True


def test_active_rules_switch_off_only_the_contradicted():
    rules = RULES
    rates = {"death_days_apart": RuleRate("death_days_apart", 1000, 300, active=False),
             "patronymics_differ": RuleRate("patronymics_differ", 1000, 0, active=True)}
    kept = active_rules(rules, rates)
    assert kept.death_days_apart is None and kept.patronymics_differ is True
    assert rates["death_days_apart"].rate == pytest.approx(0.3)
    assert RuleRate("x", 0, 0, True).as_dict()["violation_rate"] is None


def test_a_rule_may_have_its_own_bound():
    check = RuleCheck(max_violation_rate=0.02, max_violation_rates={"death_days_apart": 0.005})
    assert check.max_rate("death_days_apart") == 0.005 and check.max_rate("patronymics_differ") == 0.02
    with pytest.raises(ModelError, match="unknown rule"):
        RuleCheck(max_violation_rates={"death_dates": 0.005})


def test_records_still_conflict_under_the_kept_rules():
    from linkage.constraints import conflict
    a = Record(birth=None, first_key="ivan", first_root="ivan", father="petr",
               patronymic_key="petrovich", death_daynum=100)
    b = Record(birth=None, first_key="ivan", first_root="ivan", father="petr",
               patronymic_key="petrovich", death_daynum=300)
    assert conflict(a, b, RULES) == "death dates months apart"
    assert conflict(a, b, without(RULES, ["death_days_apart"])) is None


def test_a_widened_rule_runs_at_its_bound_and_a_rerun_reads_it_back():
    from linkage.rule_rates import recorded_rules
    rates = {"death_days_apart": RuleRate("death_days_apart", 1000, 300, True, bound=124,
                                          violations_at_bound=5)}
    kept = active_rules(RULES, rates)
    assert kept.death_days_apart == 124 and kept.patronymics_differ is True
    assert recorded_rules(RULES, json.loads(json.dumps({k: r.as_dict() for k, r in rates.items()}))) == kept
