"""The family model learned from the list at hand (family_learn.py), and the readings of a list
that other hands' lists taught (a father's initial, a birth year that is a death year, one birth
date with a name the tables do not know).

The EM tests draw candidate pairs from a known mixture: strangers whose chance E is what the
chance model says (the expected strangers sharing the pair's values) and kin at a planted rate,
each with its own share of shared pages and settlements; what EM recovers is checked against
what was planted.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest

from linkage import family_learn
from linkage.config import load_spec
from tests.test_family import _background, _links, _mention

PAGE = 0.002  # strangers share a page this often
MODEL = load_spec("soldiers").family
KNOWN = {"page": PAGE, "settlement": 0.8, "father": 0.9, "death_day": 0.9, "birth_day": 0.7, "birth_year": 0.9,
         "birth_close": 0.6, "birth_gaps": [(3, 0.2), (7, 0.2), (12, 0.15), (20, 0.05)],
         "death_gaps": [(60, 0.1), (365, 0.3), (float("inf"), 0.6)]}


def _row(rng: random.Random, chance: float, page: float) -> dict:
    """A candidate pair of chance E `chance` (times the strangers' page share when it shares a
    page, as family_chance's E), sharing a page with probability `page`."""
    same_page = rng.random() < page
    return {"a": f"a{rng.random()}", "b": "b", "chance": chance * (PAGE if same_page else 1), "same_page": same_page,
            "same_settlement": False, "settlement_known": False, "settlement_tf": None,
            "father_tf": 0.1, "death_share": None, "death_days": None, "twins": False,
            "birth_years": None, "born_share": 1}


def _mixture(individuals: int, kin: float, seed: int = 3) -> list[dict]:
    """Candidate pairs among `individuals`, E meaning what it says: each individual's values
    have a chance E (log-uniform from 1e-4 to 10), and it meets Poisson(E) strangers sharing
    them; kin pairs (kin x individuals / 2) have E drawn the same way. Kin share a page half the
    time, strangers as often as PAGE says."""
    rng = random.Random(seed)
    rows = [_row(rng, 10 ** rng.uniform(-4, 1), 0.5) for _ in range(int(kin * individuals / 2))]
    for _ in range(individuals // 2):  # each stranger pair once
        chance = 10 ** rng.uniform(-4, 1)
        rows += [_row(rng, chance, PAGE) for _ in range(_poisson(rng, chance))]
    return rows


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1)
    while total < mean:
        count, total = count + 1, total + rng.expovariate(1)
    return count


@pytest.mark.parametrize("kin", [0.02, 0.08])
def test_em_recovers_the_kin_rate_of_the_list(kin):
    """The spec's prior is 0.08 whatever the list; EM finds the planted rate instead."""
    model = replace(MODEL, learn_levels=("page",), learn_bound=10.0)
    learned = family_learn.learn(_mixture(20000, kin), "sibling", KNOWN, 20000, model)
    assert learned is not None
    assert learned.kin == pytest.approx(kin, rel=0.3)


def test_em_learns_how_often_kin_share_a_page():
    """Half of the planted kin share a page (the spec's model says all would)."""
    model = replace(MODEL, learn_levels=("page",))
    learned = family_learn.learn(_mixture(20000, 0.03), "sibling", KNOWN, 20000, model)
    assert learned.factors["page", "shared"] == pytest.approx(0.5, abs=0.12)


def test_a_list_with_too_few_kin_keeps_the_spec_values():
    model = replace(MODEL, learn_levels=("page",))
    assert family_learn.learn(_mixture(2000, 0.0), "sibling", KNOWN, 2000, model) is None


def test_learned_confidence_follows_the_learned_rate():
    """apply() divides E by the levels' factors (m: a shared page's lowers the odds that E's
    page share set, as only half of kin share one), so KIN / (KIN + E) is the EM's posterior."""
    model = replace(MODEL, learn_levels=("page",))
    rows = _mixture(20000, 0.03)
    learned = family_learn.learn(rows, "sibling", KNOWN, 20000, model)
    applied = family_learn.apply(rows, "sibling", learned, KNOWN, model)
    paged = next(r for r in applied if r["same_page"])
    original = next(r for r in rows if r["a"] == paged["a"])
    assert paged["chance"] > original["chance"]
    assert math.isclose(paged["chance"] * learned.factors["page", "shared"], original["chance"], rel_tol=1e-9)


def test_a_fathers_initial_fits_the_name_it_begins():
    """Brothers of a rare surname in one village, one with the patronymic С.: a candidate pair,
    linked (its father's name counts as unknown: the rare surname and village carry it)."""
    rows = _background()
    n = len(rows)
    rows += [_mention("Иван", "Сергей", "Кругобрюхов", "1987-03-14", "2023-01-10", "с. Шерагул"),
             dict(_mention("Олег", None, "Кругобрюхов", "1991-04-04", "2022-12-01", "с. Шерагул"), patronymic="С.")]
    assert frozenset((n, n + 1)) in _links(rows)
    rows[-1]["patronymic"] = "П."  # another father
    assert frozenset((n, n + 1)) not in _links(rows)


def test_a_birth_year_that_is_the_death_year_makes_no_parent():
    """One soldier split in two, one mention giving the year of his death as his birth year:
    not a father (born 1987) and his son (born 2025, no patronymic) on one group page."""
    rows = _background()
    n = len(rows)
    rows += [dict(_mention("Александр", "Пётр", "Кругобрюхов", "1987-08-28", "2025-06-27", "с. Шерагул"),
                  source_url="https://example.org/obit/1"),
             dict(_mention("Александр", None, "Кругобрюхов", "2025", "2025-06-27", "с. Шерагул"),
                  source_url="https://example.org/obit/1")]
    assert frozenset((n, n + 1)) not in _links(rows)


def test_one_birth_date_and_a_misread_name_are_one_person_whatever_the_deaths():
    """Нгорь is Игорь misread; a burial date five weeks after the death: one person, no twins."""
    rows = _background()
    n = len(rows)
    rows += [_mention("Игорь", "Пётр", "Кругобрюхов", "1995-03-14", "2023-01-10", "г. Тулун"),
             _mention("Нгорь", "Пётр", "Кругобрюхов", "1995-03-14", "2023-02-17", "г. Тулун")]
    assert frozenset((n, n + 1)) not in _links(rows)


@pytest.mark.parametrize("village, linked", [("с. Шерагул", False), ("г. Иркутск", True)])
def test_a_surnames_own_village_is_weak_evidence(village, linked):
    """Two sons of Пётр Кругобрюхов in с. Шерагул, where 20 other Кругобрюховы live (sons of
    other fathers): a surname's people cluster in villages, so a shared village says little;
    with the other carriers in Irkutsk it says much."""
    rng = random.Random(5)
    rows = _background()
    rows += [_mention(rng.choice(["Иван", "Олег", "Максим", "Денис"]), rng.choice(["Александр", "Сергей", "Андрей"]),
                      "Кругобрюхов", f"{rng.randint(1970, 2000)}-05-05", "2023-06-01", village) for _ in range(20)]
    n = len(rows)
    rows += [_mention("Иван", "Пётр", "Кругобрюхов", "1987-03-14", "2023-01-10", "с. Шерагул"),
             _mention("Олег", "Пётр", "Кругобрюхов", "1991-04-04", "2022-12-01", "с. Шерагул")]
    assert (frozenset((n, n + 1)) in _links(rows)) is linked


def test_the_run_says_what_the_family_model_learned(tmp_path):
    """write_family's summary (the manifest's "family") names, per relation, the learned KIN or
    that the spec's values stood."""
    from linkage.family import links_of, write_family
    from tests.test_family import _load
    con = _load(_background())
    summary = write_family(con, links_of(con), tmp_path)
    assert set(summary["learned"]) == {"sibling", "parent_child"}
    assert all(v == "spec" or v["kin"] > 0 for v in summary["learned"].values())
