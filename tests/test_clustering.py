"""Clustering: components match networkx; constrained clusters never cross a cannot-link."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.clustering import cluster
from linkage.constraints import NO_RULES, Constraints, Record, conflict

BLANK = Record(None, None, None, None, None, None)
# The rules these tests exercise, named here: Constraints() is no rule at all, and the spec's
# [constraints] table (models/soldiers.toml) is where a run's rules come from.
RULES = Constraints(birth_full_dates_differ=True, first_names_not_variants=True,
                    unknown_first_names_differ=True, patronymics_differ=True, death_days_apart=62, min_average_weight=0.0)
FLOOR = -7.0  # the weight of a pair never scored (models/soldiers.toml [scoring] unscored_pair_weight)


def _edges(pairs, weights):
    left = np.array([a for a, _ in pairs], dtype=np.int64)
    right = np.array([b for _, b in pairs], dtype=np.int64)
    return left, right, np.array(weights, dtype=float)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 60), st.integers(0, 200), st.integers(0, 10_000))
def test_components_equal_networkx(n, m, seed):
    rng = random.Random(seed)
    pairs = [tuple(rng.sample(range(n), 2)) for _ in range(m)] if n > 1 else []
    weights = [rng.uniform(-5, 10) for _ in pairs]
    records = {i: BLANK for i in range(n)}
    labels, _ = cluster(records, _edges(pairs, weights), 2.0, method="components", rules=NO_RULES, floor_weight=FLOOR)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(p for p, w in zip(pairs, weights) if w >= 2.0)
    expected = {frozenset(c) for c in nx.connected_components(graph)}
    got: dict = {}
    for node, label in labels.items():
        got.setdefault(label, set()).add(node)
    assert {frozenset(c) for c in got.values()} == expected


def _person(first, birth=None, father=None, death=None):
    return Record(birth, first, first, father, father, death)


def test_twins_with_different_first_names_stay_apart():
    twin_a = _person("ivan", (1990, 5, 1), "petr")
    twin_b = _person("igor", (1990, 5, 1), "petr")
    labels, refused = cluster({1: twin_a, 2: twin_b}, _edges([(1, 2)], [12.0]), 0.0, rules=RULES, floor_weight=FLOOR)
    assert labels[1] != labels[2]
    assert refused[(1, 2)] == "first names are not variants of one name"


def test_a_typo_is_not_a_different_name():
    assert conflict(_person("aleksandr"), _person("aleksadr"), RULES) is None
    assert conflict(_person("aleksandr"), _person("aleksei"), RULES) is not None


def _named(token, **kw):
    from linkage import names
    return Record(kw.get("birth"), names.name_key(token), names.first_name_root(token), None, None, None)


def test_a_known_pet_form_of_another_name_is_a_different_name():
    # Sanya is Aleksandr's: a father Aleksandr (written Sanya) is not his son Aleksei; Vlad,
    # which stands for Vladislav and for Vladimir, is a shared form (the test below)
    assert conflict(_named("Саня"), _named("Алексей"), RULES) is not None
    assert conflict(_named("Артурчик"), _named("Артур"), RULES) is None


def test_a_shared_pet_form_may_join_either_name_but_not_both():
    slava, vyacheslav, yaroslav = _named("Слава"), _named("Вячеслав"), _named("Ярослав")
    assert conflict(slava, vyacheslav, RULES) is None
    assert conflict(slava, yaroslav, RULES) is None
    assert conflict(vyacheslav, yaroslav, RULES) is not None
    edges = _edges([(1, 2), (1, 3)], [10.0, 9.0])
    labels, _ = cluster({1: slava, 2: vyacheslav, 3: yaroslav}, edges, 0.0, rules=RULES, floor_weight=FLOOR)
    assert labels[1] == labels[2] != labels[3]


def test_no_cluster_crosses_a_cannot_link():
    rng = random.Random(3)
    records = {i: BLANK for i in range(40)}
    pairs = [(a, b) for a in range(40) for b in range(a + 1, 40) if rng.random() < 0.2]
    weights = [rng.uniform(0, 20) for _ in pairs]
    forbidden = [(0, 1), (2, 3), (5, 30)]
    labels, _ = cluster(records, _edges(pairs, weights), 1.0, rules=RULES, floor_weight=FLOOR, cannot_link=forbidden)
    for a, b in forbidden:
        assert labels[a] != labels[b]


def test_must_link_joins_and_weak_bridges_are_refused():
    records = {i: BLANK for i in range(6)}
    strong = [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)]
    pairs = strong + [(2, 3)]
    labels, refused = cluster(records, _edges(pairs, [15.0] * 6 + [3.0]), 1.0, rules=RULES, floor_weight=FLOOR)
    assert labels[0] != labels[3], "one weak bridge must not join two groups"
    assert "weak bridge" in refused[(2, 3)]
    labels, _ = cluster(records, _edges(pairs, [15.0] * 6 + [3.0]), 1.0, rules=RULES, floor_weight=FLOOR, must_link=[(0, 5)])
    assert labels[0] == labels[5]


def test_result_is_independent_of_edge_order():
    rng = random.Random(11)
    records = {i: _person(rng.choice(["ivan", "petr", "oleg"])) for i in range(30)}
    pairs = [(a, b) for a in range(30) for b in range(a + 1, 30) if rng.random() < 0.3]
    weights = [float(rng.randint(0, 10)) for _ in pairs]  # many ties on purpose
    first, _ = cluster(records, _edges(pairs, weights), 2.0, rules=RULES, floor_weight=FLOOR)
    order = list(range(len(pairs)))
    rng.shuffle(order)
    shuffled = [(pairs[i][1], pairs[i][0]) for i in order]
    second, _ = cluster(records, _edges(shuffled, [weights[i] for i in order]), 2.0, rules=RULES, floor_weight=FLOOR)
    assert first == second


def test_a_bare_name_a_son_shares_with_his_father_stays_apart():
    import duckdb

    from linkage.constraints import load_records

    con = duckdb.connect()
    con.execute("""CREATE TABLE features AS SELECT * FROM (VALUES
        (1, 'ivan', 'ivan', 'ivan', 'ivanovich', 2000, 'dolgopiatov', 8000),  -- the son, named after his father
        (6, 'ivan', 'ivan', 'petr', 'petrovich', 1975, 'dolgopiatov', NULL),  -- an Ivan with another father
        (7, 'oleg', 'oleg', 'oleg', 'olegovich', 2001, 'dolgopiatov', NULL),  -- a son named after his father,
        (8, 'oleg', 'oleg', NULL, NULL, NULL, 'dolgopiatov', NULL),           -- and no other Oleg: bare is him
        (9, 'ivan', 'ivan', NULL, NULL, NULL, 'dolgopiatov', NULL),           -- bare, but of a region where
                                                                              -- no Ivan has a father named
        (2, 'ivan', 'ivan', NULL, NULL, NULL, 'dolgopiatov', NULL),           -- bare: father or son
        (3, 'ivan', 'ivan', NULL, NULL, 1975, 'dolgopiatov', NULL),           -- dated: not bare
        (4, 'petr', 'petr', NULL, NULL, NULL, 'dolgopiatov', NULL),           -- no namesake son named Petr
        (5, 'ivan', 'ivan', NULL, NULL, NULL, 'sidorov', NULL)                -- another surname
    ) t(unique_id, first_key, first_root, patronymic_father, patronymic_key, birth_year_est,
        surname_stem, death_daynum)""")
    con.execute("""CREATE TABLE f2 AS SELECT *, NULL::INT AS birth_year, NULL::INT AS birth_month,
                   NULL::INT AS birth_day, surname_stem AS surname_key,
                   CASE WHEN unique_id IN (1, 6) THEN 'perm' WHEN unique_id = 9 THEN 'omsk' END AS region_key
                   FROM features""")
    records = load_records(con, "f2")
    assert [u for u, r in sorted(records.items()) if r.father_or_son] == [2]
    rules = Constraints(named_after_father=True)
    assert conflict(records[2], records[1], rules) is not None
    assert conflict(records[2], records[3], rules) is not None  # nor with the father's mentions
    assert conflict(records[3], records[1], Constraints(named_after_father=True,
                                                         patronymics_differ=False)) is None
    assert conflict(records[2], records[1], Constraints()) is None  # the rule is the spec's choice
    assert conflict(records[8], records[7], rules) is None  # one Oleg Dolgopyatov only: may be him
    # a third father's name among the Ivans of Perm: a common name, not one family's; bare is bare
    con.execute("""INSERT INTO f2 BY NAME SELECT 10 AS unique_id, 'ivan' AS first_key, 'ivan' AS first_root,
                   'sergei' AS patronymic_father, 'sergeevich' AS patronymic_key, 1980 AS birth_year_est,
                   'dolgopiatov' AS surname_stem, 'dolgopiatov' AS surname_key, 'perm' AS region_key""")
    assert not any(r.father_or_son for r in load_records(con, "f2").values())


def test_best_link_keeps_each_records_strongest_pair_only():
    # 0-1 strong, 1-2 weaker: 2's best is 1, so the chain 0-1-2 survives; 3-4 and 4-5 likewise,
    # but 2-3 is nobody's best pair, so best-link cuts the bridge components would cross
    pairs = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    weights = [10.0, 8.0, 3.0, 9.0, 7.0]
    records = {i: BLANK for i in range(6)}
    best, _ = cluster(records, _edges(pairs, weights), 2.0, method="best_link",
                      rules=NO_RULES, floor_weight=FLOOR)
    components, _ = cluster(records, _edges(pairs, weights), 2.0, method="components",
                            rules=NO_RULES, floor_weight=FLOOR)
    assert len(set(components.values())) == 1
    assert best[0] == best[1] == best[2] != best[3] == best[4] == best[5]


def test_births_years_apart_are_two_people_unless_one_year_is_a_typo():
    rules = Constraints(birth_years_apart=4)

    def born(year=None, est=None):
        return Record(None, "evgeni", "evgeni", None, None, None, birth_year=year,
                      birth_year_est=est if est is not None else year)

    assert conflict(born(1974), born(1999), rules) == "birth years far apart"  # father and son
    assert conflict(born(1985), born(1995), rules) is None   # one digit mistyped
    assert conflict(born(1974), born(1947), rules) is None   # two digits swapped
    assert conflict(born(est=1969), born(1995), rules) is not None  # an age dates a birth too
    assert conflict(born(est=1993), born(1995), rules) is None
    assert conflict(born(1974), born(1999), Constraints()) is None  # the spec's choice


def test_a_name_and_a_compound_of_it_are_two_names():
    assert conflict(_named("Ахмед"), _named("Ахмедхан"), RULES) is not None


def test_birth_dates_that_differ_in_year_and_month_are_two_people():
    def born(year, month, day=None):
        return Record((year, month, day) if day else None, "ilnur", "ilnur", None, None, None,
                      birth_year=year, birth_month=month, birth_year_est=year)

    # brothers: 31.12.1993 and 10.1999 (the year alone would pass as a one-digit typo)
    assert conflict(born(1993, 12, 31), born(1999, 10), RULES) is not None
    assert conflict(born(1993, 12, 31), born(1993, 10), RULES) is None   # one field off
    assert conflict(born(1993, 12, 31), born(1995, 12), RULES) is None


def test_constraints_come_from_the_spec_and_refuse_unknown_keys(tmp_path):
    import pytest

    from linkage.config import load_spec
    from linkage.errors import ModelError

    soldiers = Constraints.from_spec(load_spec("soldiers").constraints)
    assert not soldiers.named_after_father and soldiers.birth_years_apart == 4
    assert soldiers.min_average_weight == -3.0
    assert Constraints() == NO_RULES  # no rule in code: a rule the spec leaves out is off
    with pytest.raises(ModelError, match="unknown constraint death_day_apart"):
        Constraints.from_spec({"death_day_apart": 62})
    spec = tmp_path / "typo.toml"
    text = (Path(__file__).resolve().parents[1] / "models" / "soldiers.toml").read_text(encoding="utf-8")
    spec.write_text(text.replace("death_days_apart = 183", "death_day_apart = 183"), encoding="utf-8")
    with pytest.raises(ModelError, match="typo.toml.*unknown constraint death_day_apart"):
        load_spec(str(spec))


def test_an_initial_joins_any_name_it_begins():
    assert conflict(_named("С"), _named("Сергей"), RULES) is None
    assert conflict(_named("Ш"), _named("Шамиль"), RULES) is None
    assert conflict(_named("С"), _named("Андрей"), RULES) is not None


@pytest.mark.parametrize("initial, pet", [("А.", "Саня"), ("Д", "Митя"), ("Н.", "Колян"), ("E", "Жека"),
                                          ("A.", "Sasha"), ("И.", "Ванёк")])
def test_an_initial_joins_the_pet_forms_of_the_name_it_begins(initial, pet):
    # A. Ivanov and Sanya Ivanov may be one Aleksandr: the initial begins the name the pet form is of
    assert conflict(_named(initial), _named(pet), RULES) is None
    assert conflict(_named(pet), _named(initial), RULES) is None
    assert conflict(_named("В."), _named("Митя"), RULES) is not None


def test_a_death_date_written_month_first_is_not_months_apart():
    def died(daynum, swapped=None):
        return Record(None, "ivan", "ivan", None, None, daynum, death_swapped=swapped)

    # 10.06.2023 read day first is 10 June; an English source's 10/06/2023 meant 6 October
    june, october = 19518, 19636
    assert conflict(died(june, swapped=october), died(october), RULES) is None
    assert conflict(died(june), died(october), RULES) == "death dates months apart"


def test_an_unknown_form_is_measured_apart_from_known_names():
    known_only = Constraints(first_names_not_variants=True)
    assert conflict(_named("Салават"), _named("Марсель"), known_only) is None
    assert conflict(_named("Салават"), _named("Марсель"), RULES) is not None
    assert conflict(_named("Иван"), _named("Игорь"), known_only) is not None


@pytest.mark.parametrize("form, name", [
    ("Тоха", "Антон"),      # a pet form the tables lack
    ("Toxa", "Anton"),      # ... in Latin letters
    ("Ивна", "Иван"),       # a garbled spelling no dictionary knows
    ("Sanjok", "Aleksandr"),
])
def test_an_unknown_pet_form_never_splits_a_person(form, name):
    """A form no dictionary of given names knows is weighed by the model, never a veto
    (issue 14: pet forms the tables do not know never forbid a merge)."""
    assert conflict(_named(form), _named(name), RULES) is None


def test_two_real_names_still_part_brothers():
    """Brothers with names of their own (Родион / Евгений, Рамиль / Камиль) stay two people even
    when the forms table knows neither."""
    assert conflict(_named("Родион"), _named("Евгений"), RULES) is not None
    assert conflict(_named("Рамиль"), _named("Камиль"), RULES) is not None


def test_a_name_written_surname_first_is_not_another_first_name():
    """Mongush Aidys and Aidys Mongush: the parser cannot tell a Tuvan surname from a given name,
    so one mention's first name is the other's surname; that is no evidence of two people. Two
    brothers Aidys and Buyan Mongush still are."""
    from dataclasses import replace
    aidys = replace(_person("aidys"), surname_key="mongush")
    crossed = replace(_person("mongush"), surname_key="aidys")
    # Tuvan names no dictionary knows: that the list spells each of them often makes them names
    aidys, crossed = replace(aidys, first_freq=12), replace(crossed, first_freq=40)
    brother = replace(_person("buian"), surname_key="mongush", first_freq=9)
    assert conflict(aidys, crossed, RULES) is None
    assert conflict(aidys, brother, RULES) == "a first name the tables do not know looks like another name"


def test_an_initial_meets_the_name_written_surname_first():
    """A. Gazimagomedov and Gazimagomedov Akhmed: one list abbreviates the first name, another
    puts the surname first: the initial begins the other's (misplaced) first name, so no
    conflict. An initial of another letter still is one."""
    from dataclasses import replace
    initial = replace(_person("a"), surname_key="gazimagomedov", first_freq=500)
    crossed = replace(_person("gazimagomedov"), surname_key="ahmed", first_freq=3)
    assert conflict(initial, crossed, RULES) is None
    assert conflict(crossed, initial, RULES) is None
    other = replace(initial, first_key="m", first_root="m")
    assert conflict(other, crossed, RULES) is not None


def test_a_bare_name_between_two_namesakes_stands_alone():
    """Two Ivans born in different years cannot be one man; a bare "Ivan" tied to each as
    strongly is left alone (it could name either). Tied more strongly to one, it joins him;
    with the rule off, it joins whoever the merging reached first."""
    from dataclasses import replace

    from linkage.clustering import AMBIGUOUS
    rules = replace(RULES, bare_ambiguous_alone=True)
    older, younger = _person("ivan", (1970, 1, 1)), _person("ivan", (1990, 1, 1))
    records = {1: older, 2: older, 3: younger, 4: younger, 5: _person("ivan")}
    pairs = [(1, 2), (3, 4), (1, 5), (3, 5)]
    labels, refused = cluster(records, _edges(pairs, [12.0, 12.0, 8.0, 8.0]), 0.0, rules=rules, floor_weight=FLOOR)
    assert labels[5] == 5 and labels[1] == labels[2] == 1 and labels[3] == labels[4] == 3
    assert AMBIGUOUS in refused.values()
    labels, _ = cluster(records, _edges(pairs, [12.0, 12.0, 8.0, 6.0]), 0.0, rules=rules, floor_weight=FLOOR)
    assert labels[5] == labels[1] == 1
    labels, _ = cluster(records, _edges(pairs, [12.0, 12.0, 8.0, 8.0]), 0.0, rules=RULES, floor_weight=FLOOR)
    assert labels[5] in (1, 3)
    labels, _ = cluster(records, _edges(pairs, [12.0, 12.0, 8.0, 8.0]), 0.0, method="components",
                        rules=rules, floor_weight=FLOOR)
    assert len(set(labels.values())) == 1  # plain components: no rule, the spec's or this one
    dated = {**records, 5: _person("ivan", death=19000)}  # a dated mention is not bare: it stays
    labels, _ = cluster(dated, _edges(pairs, [12.0, 12.0, 8.0, 8.0]), 0.0, rules=rules, floor_weight=FLOOR)
    assert labels[5] != 5


def test_a_detached_smallest_id_renames_its_cluster():
    from linkage.clustering import _without
    assert _without({1: 1, 2: 1, 3: 1, 4: 4}, {1}) == {1: 1, 2: 2, 3: 2, 4: 4}


def _fathered(patronymic: str) -> Record:
    """A Пётр whose patronymic is written as given: in full, or as an initial."""
    from linkage import names
    return Record(None, "petr", "petr", names.patronymic_father(patronymic) or None,
                  names.patronymic_key(patronymic), None)


@pytest.mark.parametrize("initial, patronymic", [
    ("В.", "Валентинович"), ("Yu.", "Юрьевич"), ("J.", "Юрьевич"), ("Kh.", "Харитонович"),
    ("K.", "Хасанович"), ("Ch.", "Харитонович"), ("S.", "Зуфарович"), ("Ж.", "Жасурович"),
    ("Ye.", "Евгеньевич"), ("Дж.", "Джамалович"), ("Z.", "Цыренович")])
def test_a_patronymic_initial_meets_the_patronymic_it_may_begin_in_any_scheme(initial, patronymic):
    rules = Constraints(patronymic_initials_differ=True)
    assert conflict(_fathered(initial), _fathered(patronymic), rules) is None
    assert conflict(_fathered(patronymic), _fathered(initial), rules) is None


def test_a_patronymic_initial_that_cannot_begin_the_other_names_another_father():
    # Пётр Валентинович and П. П. Ревенанов, his son named after him
    rules = Constraints(patronymic_initials_differ=True)
    assert conflict(_fathered("П."), _fathered("Валентинович"), rules) == \
        "a patronymic's initial is not the other patronymic's"
    assert conflict(_fathered("П."), _fathered("В."), rules) is not None
    assert conflict(_fathered("П."), _fathered("Валентинович"), NO_RULES) is None
    # two patronymics in full are the patronymics rule's, not this one's
    assert conflict(_fathered("Петрович"), _fathered("Валентинович"), rules) is None


def test_a_typo_in_a_patronymic_written_the_azerbaijani_way_names_one_father():
    # Эоьдарович (one letter garbled) and Эльдар оглы: keys of two forms, one father's name a typo apart
    rules = Constraints(patronymics_differ=True)
    assert conflict(_fathered("Эоьдарович"), _fathered("Эльдар оглы"), rules) is None
    assert conflict(_fathered("Эльдарович"), _fathered("Эльдароглы"), rules) is None
    assert conflict(_fathered("Вагифович"), _fathered("Эльдар оглы"), rules) == "patronymics name different fathers"


def test_a_patronymic_s_suffix_does_not_widen_the_typo_allowance_of_its_father_s_name():
    # Игоревич and Юрьевич are 2 edits apart: a typo in a word of eight letters or more, but the
    # words differ in their fathers' names, Игорь and Юрий, of four letters: two fathers
    rules = Constraints(patronymics_differ=True)
    assert conflict(_fathered("Игоревич"), _fathered("Юрьевич"), rules) == "patronymics name different fathers"
    assert conflict(_fathered("Yur'yevich"), _fathered("Игоревич"), rules) == "patronymics name different fathers"
    # a long father's name keeps its two typos: Александрович / Алекснадрович
    assert conflict(_fathered("Александрович"), _fathered("Алекснадрович"), rules) is None
    assert conflict(_fathered("Сергеевич"), _fathered("Сергевич"), rules) is None


def _spelled(token, freq):
    from dataclasses import replace
    return replace(_named(token), first_freq=freq)


def test_a_typo_copied_from_page_to_page_does_not_forbid_what_its_name_allows():
    # Николай (known) and Нкиолай copied three times are one group; Коля, his pet form, joins it:
    # read as written, Нкиолай "looks like another name" beside Коля and forbade the merge
    records = {1: _spelled("Николай", 100), 2: _spelled("Нкиолай", 3), 3: _spelled("Нкиолай", 3),
               4: _spelled("Нкиолай", 3), 5: _spelled("Коля", 50)}
    assert conflict(records[2], records[5], RULES) is not None
    pairs = [(a, b) for a in records for b in records if a < b]
    labels, refused = cluster(records, _edges(pairs, [10.0] * len(pairs)), 0.0, rules=RULES, floor_weight=FLOOR)
    assert len(set(labels.values())) == 1, refused


def test_twins_with_rhyming_names_the_tables_lack_stay_apart():
    # Rafis and Rafik, each written several times: two names, in two groups, are not a typo's
    records = {1: _spelled("Рафис", 4), 2: _spelled("Рафис", 4), 3: _spelled("Рафик", 4), 4: _spelled("Рафик", 4)}
    pairs = [(a, b) for a in records for b in records if a < b]
    labels, _ = cluster(records, _edges(pairs, [10.0] * len(pairs)), 0.0, rules=RULES, floor_weight=FLOOR)
    assert labels[1] == labels[2] and labels[3] == labels[4] and labels[1] != labels[3]


def test_a_bare_name_stays_with_the_man_named_far_more_often():
    """A bare "Ivan" tied as strongly to each of five mentions of one Ivan as to one mention of
    his namesake joins the first (odds 5 to 1, over the bound of 4); tied to two of the
    namesake's (5 to 2), it stands alone."""
    from dataclasses import replace
    rules = replace(RULES, bare_ambiguous_alone=True, bare_ambiguous_odds=4.0, min_average_weight=None)
    older, younger = _person("ivan", (1970, 1, 1)), _person("ivan", (1985, 6, 1))
    records = {**{i: older for i in range(1, 6)}, 6: younger, 7: younger, 9: _person("ivan")}
    inside = [(a, b) for a in range(1, 6) for b in range(a + 1, 6)] + [(6, 7)]
    ties = [(i, 9) for i in range(1, 6)] + [(6, 9)]
    labels, _ = cluster(records, _edges(inside + ties, [12.0] * len(inside) + [8.0] * len(ties)), 0.0,
                        rules=rules, floor_weight=FLOOR)
    assert labels[9] == labels[1] != labels[6]
    ties.append((7, 9))
    labels, _ = cluster(records, _edges(inside + ties, [12.0] * len(inside) + [8.0] * len(ties)), 0.0,
                        rules=rules, floor_weight=FLOOR)
    assert labels[9] == 9 and labels[1] != labels[6]
    labels, _ = cluster(records, _edges(inside + ties[:-1], [12.0] * len(inside) + [8.0] * 6), 0.0,
                        rules=replace(rules, bare_ambiguous_odds=None), floor_weight=FLOOR)
    assert labels[9] == 9  # without the bound, any tie leaves it alone
