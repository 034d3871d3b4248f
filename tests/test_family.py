"""The family graph: twins, brothers, fathers and sons linked; one person split in two and
common-name strangers not; GraphML and households.csv readable.

Each test list is a seeded background of strangers in one populous region, so that name
frequencies are realistic, plus the hard cases; every mention is its own individual.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace

import duckdb
import networkx as nx
import pandas as pd
import pytest

from linkage import family
from linkage.canonical import build_individuals
from linkage.config import load_spec
from linkage.normalise import normalise

REGION = "Иркутская область"
TOWNS = ["г. Иркутск", "г. Братск", "г. Ангарск", "г. Тулун", "г. Усолье-Сибирское", ""]
SURNAMES = ["Смирнов"] * 8 + ["Иванов"] * 8 + ["Кузнецов"] * 6 + [
    "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Петров", "Волков", "Соловьёв",
    "Васильев", "Зайцев", "Павлов", "Семёнов", "Голубев", "Виноградов", "Богданов", "Воробьёв"]
FATHERS = ["Александр"] * 6 + ["Сергей"] * 4 + ["Андрей"] * 3 + ["Владимир", "Николай", "Виктор",
                                                                  "Юрий", "Михаил", "Олег", "Игорь"]
FIRSTS = ["Александр", "Алексей", "Дмитрий", "Сергей", "Андрей", "Максим", "Евгений", "Иван",
          "Михаил", "Артём", "Денис", "Роман", "Павел", "Николай", "Владимир"]
PATRONYMIC = {"Александр": "Александрович", "Сергей": "Сергеевич", "Андрей": "Андреевич",
              "Владимир": "Владимирович", "Николай": "Николаевич", "Виктор": "Викторович",
              "Юрий": "Юрьевич", "Михаил": "Михайлович", "Олег": "Олегович", "Игорь": "Игоревич",
              "Пётр": "Петрович", "Иван": "Иванович", "Магомед": "Магомедович", "Али": "Алиевич",
              "Гасан": "Гасанович"}


def _mention(first, father, surname, birth="", death="", town=""):
    return {"first_name": first, "patronymic": PATRONYMIC[father] if father else "", "surname": surname,
            "birth_date": birth, "death_date": death, "region": REGION, "settlement": town}


def _background(n: int = 600, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    def day(first: int, last: int) -> str:
        return f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    return [_mention(rng.choice(FIRSTS), rng.choice(FATHERS), rng.choice(SURNAMES),
                     birth=day(1970, 2004), death=day(2022, 2025), town=rng.choice(TOWNS))
            for _ in range(n)]


CASES = {
    "twins": [_mention("Иван", "Пётр", "Кругобрюхов", "1995-03-14", "2023-01-10", "г. Тулун"),
              _mention("Николай", "Пётр", "Кругобрюхов", "1995-03-14", "2024-05-02", "г. Тулун")],
    "typo_split": [_mention("Александр", "Иван", "Кругляшов", "1990-05-05", "2023-06-01", "г. Тулун"),
                   _mention("Алексадр", "Иван", "Кругляшов", "1990-05-05", "2023-06-01", "г. Тулун")],
    "common_names": [_mention("Александр", "Александр", "Смирнов", "1990-01-20", "2023-02-11"),
                     _mention("Алексей", "Александр", "Смирнов", "1994-08-02", "2024-09-30")],
    "father_son": [_mention("Иван", "Пётр", "Тихомиров", "1965-02-02", "2023-03-03", "г. Братск"),
                   _mention("Андрей", "Иван", "Тихомиров", "1992-07-07", "2023-11-20", "г. Братск")],
}


def _load(rows: list[dict], one_person: dict[int, int] | None = None) -> duckdb.DuckDBPyConnection:
    """DuckDB tables features, clusters and individuals: one individual per mention, except that
    row i of `one_person` joins row one_person[i]'s individual."""
    con = duckdb.connect()
    frame = pd.DataFrame(rows).assign(full_name="", age="", source="test", unit=None, rank=None)
    frame.insert(0, "record_id", [f"r{i:05d}" for i in range(len(frame))])
    frame["_row"] = range(1, len(frame) + 1)
    con.register("mentions_frame", frame)
    con.execute("CREATE TABLE mentions AS SELECT * REPLACE (nullif(settlement, '') AS settlement) "
                "FROM mentions_frame")
    normalise(con)
    joins = pd.DataFrame({"record_id": [f"r{i:05d}" for i in (one_person or {})],
                          "cluster_id": [f"r{j:05d}" for j in (one_person or {}).values()]}, dtype=str)
    con.register("joins", joins)
    con.execute("CREATE TABLE clusters AS SELECT record_id, coalesce(j.cluster_id, record_id) AS cluster_id, "
                "unique_id FROM features LEFT JOIN joins j USING (record_id)")
    build_individuals(con)
    return con


@pytest.fixture(scope="module")
def listing():
    """(connection, links keyed by case, graph) for the background plus every case."""
    rows, ids = _background(), {}
    for case, mentions in CASES.items():
        ids[case] = tuple(f"r{len(rows) + i:05d}" for i in range(len(mentions)))
        rows += mentions
    con = _load(rows)
    links = {frozenset((link["a"], link["b"])): link for link in family.find_links(con)}
    return con, {case: links.get(frozenset(pair)) for case, pair in ids.items()}, ids


def test_twins_with_different_first_names_are_siblings(listing):
    _, links, _ = listing
    assert links["twins"] is not None, "twins not linked"
    assert links["twins"]["relation"] == "sibling" and links["twins"]["twins"]
    assert links["twins"]["confidence"] >= load_spec("soldiers").family.min_confidence


def test_one_person_split_by_a_typo_is_not_a_sibling(listing):
    assert listing[1]["typo_split"] is None


def test_common_names_in_a_populous_region_are_not_linked(listing):
    assert listing[1]["common_names"] is None


def test_father_and_son_linked_parent_first(listing):
    _, links, ids = listing
    link = links["father_son"]
    assert link is not None and link["relation"] == "parent_child"
    assert link["a"] == ids["father_son"][0]


def test_rare_surname_in_one_village_links_without_a_patronymic():
    elder = _mention("Иван", "Пётр", "Кругобрюхов", "1987-03-14", "2023-01-10", "с. Шерагул")
    younger = _mention("Олег", "Пётр", "Кругобрюхов", "1991-04-04", "2022-12-01", "с. Шерагул")
    younger["patronymic"] = ""
    rows = _background() + [elder, younger]
    con = _load(rows)
    pair = frozenset((f"r{len(rows) - 2:05d}", f"r{len(rows) - 1:05d}"))
    assert pair in {frozenset((link["a"], link["b"])) for link in family.find_links(con)}


def _links(rows: list[dict], one_person: dict[int, int] | None = None) -> dict:
    """The links of a list, keyed by their pair of row numbers."""
    number = {f"r{i:05d}": i for i in range(len(rows))}
    return {frozenset((number[link["a"]], number[link["b"]])): link
            for link in family.find_links(_load(rows, one_person))}


def test_twins_killed_together_with_two_full_names_are_not_one_person():
    """Same birth and death dates may be one life, but Иван and Николай are two full names."""
    rows = _background() + [_mention("Иван", "Пётр", "Кругобрюхов", "1995-03-14", "2023-01-10", "г. Тулун"),
                            _mention("Николай", "Пётр", "Кругобрюхов", "1995-03-14", "2023-01-10", "г. Тулун")]
    link = _links(rows).get(frozenset((len(rows) - 2, len(rows) - 1)))
    assert link is not None and link["relation"] == "sibling" and link["twins"]


def test_brothers_without_dates_with_two_full_names_are_siblings():
    rows = _background() + [_mention("Иван", "Пётр", "Кругобрюхов", town="с. Шерагул"),
                            _mention("Николай", "Пётр", "Кругобрюхов", town="с. Шерагул")]
    link = _links(rows).get(frozenset((len(rows) - 2, len(rows) - 1)))
    assert link is not None and link["relation"] == "sibling"


def test_father_and_son_without_the_sons_patronymic():
    """A rare surname in one village and a father's age: the son's patronymic is not needed."""
    son = _mention("Андрей", None, "Кругобрюхов", "1992-07-07", "2023-11-20", "с. Шерагул")
    rows = _background() + [_mention("Иван", "Пётр", "Кругобрюхов", "1965-02-02", "2023-03-03", "с. Шерагул"),
                            son]
    link = _links(rows).get(frozenset((len(rows) - 2, len(rows) - 1)))
    assert link is not None and link["relation"] == "parent_child"
    assert "patronymic" not in link["evidence"]


def test_a_patronymic_the_tables_cannot_derive_still_names_a_father():
    """Бэлигтоевич: no table gives the father's name, but the son's patronymic is known, and it
    is not Ришат's son's; brothers who both bear it share a father's name."""
    father = _mention("Ришат", "Иван", "Кругобрюхов", "1965-02-02", "2023-03-03", "с. Шерагул")
    son = dict(_mention("Ильгам", None, "Кругобрюхов", "1992-07-07", "2023-11-20", "с. Шерагул"),
               patronymic="Бэлигтоевич")
    brother = dict(son, first_name="Олег", birth_date="1996-01-01", death_date="2024-02-02")
    rows = _background() + [father, son, brother]
    n = len(rows)
    links = _links(rows)
    assert frozenset((n - 3, n - 2)) not in links and frozenset((n - 3, n - 1)) not in links
    assert "father's name" in links[frozenset((n - 2, n - 1))]["evidence"]


def test_fathers_name_agrees_through_any_mention():
    """The elder brother's commonest patronymic is misspelt (Пктрович); one mention spells it
    right, as the younger brother's does: brothers, not strangers with different fathers."""
    elder = _mention("Иван", "Пётр", "Кругобрюхов", "1987-03-14", "2023-01-10", "с. Шерагул")
    misspelt = dict(elder, patronymic="Пктрович")
    younger = _mention("Олег", "Пётр", "Кругобрюхов", "1991-04-04", "2022-12-01", "с. Шерагул")
    rows = _background() + [elder, misspelt, misspelt, younger]
    n = len(rows)
    one_person = {n - 3: n - 4, n - 2: n - 4}
    link = _links(rows, one_person).get(frozenset((n - 4, n - 1)))
    assert link is not None and link["relation"] == "sibling"
    assert "father's name" in link["evidence"]
    # with the right spelling nowhere among the elder's mentions, the fathers differ
    rows[n - 4] = misspelt
    assert frozenset((n - 4, n - 1)) not in _links(rows, one_person)


def test_two_sons_of_one_father_are_brothers():
    """Sons born 21 years apart are too far apart for the sibling rule on their own, but each
    is surely the father's son."""
    father = _mention("Иван", "Пётр", "Кругобрюхов", "1960-02-02", "2023-03-03", "с. Шерагул")
    elder = _mention("Андрей", "Иван", "Кругобрюхов", "1979-07-07", "2023-11-20", "с. Шерагул")
    younger = _mention("Олег", "Иван", "Кругобрюхов", "2001-05-05", "2024-06-01", "с. Шерагул")
    rows = _background() + [father, elder, younger]
    n = len(rows)
    links = _links(rows)
    assert links[frozenset((n - 3, n - 2))]["relation"] == "parent_child"
    assert links[frozenset((n - 3, n - 1))]["relation"] == "parent_child"
    brothers = links.get(frozenset((n - 2, n - 1)))
    assert brothers is not None and brothers["relation"] == "sibling"
    assert brothers["evidence"].startswith("children of one parent")
    assert brothers["confidence"] >= load_spec("soldiers").family.min_confidence


def test_a_fathers_name_common_among_the_surnames_people_is_weak_evidence():
    """Магомед is rare in Irkutsk but common among Магомедовs (here in Dagestan): two Магомедовs
    of one Irkutsk town, sons of a Магомед, are namesakes, not brothers. A father's name as rare
    among the surname's people (Кругобрюховs sons of Пётр) still makes brothers."""
    dagestan = [dict(m, region="Республика Дагестан", settlement="") for m in _background(seed=8)]
    dagestan += [dict(_mention(first, "Магомед", "Магомедов", f"19{80 + i}-05-05"),
                      region="Республика Дагестан", settlement="")
                 for i, first in enumerate(["Ахмед", "Руслан", "Шамиль", "Мурад", "Гаджи", "Ислам",
                                            "Арсен", "Тимур", "Расул", "Омар"])]
    pair = [_mention("Ахмед", "Магомед", "Магомедов", "1991-04-04", "2023-01-10", "г. Тулун"),
            _mention("Руслан", "Магомед", "Магомедов", "1995-05-05", "2024-02-02", "г. Тулун")]
    brothers = [_mention("Иван", "Пётр", "Кругобрюхов", "1987-03-14", "2023-01-10", "г. Тулун"),
                _mention("Олег", "Пётр", "Кругобрюхов", "1991-04-04", "2022-12-01", "г. Тулун")]
    rows = _background() + dagestan + pair + brothers
    n = len(rows)
    links = _links(rows)
    assert frozenset((n - 4, n - 3)) not in links
    assert links[frozenset((n - 2, n - 1))]["relation"] == "sibling"


def test_a_child_with_two_likely_fathers_keeps_neither():
    """Two Иван Тихомировs of one town, born two years apart, could each be Андрей Иванович's
    father; the child has one, so neither is sure."""
    fathers = [_mention("Иван", "Пётр", "Тихомиров", "1965-02-02", "2023-03-03", "с. Шерагул"),
               _mention("Иван", "Олег", "Тихомиров", "1963-05-05", "2024-04-04", "с. Шерагул")]
    son = _mention("Андрей", "Иван", "Тихомиров", "1992-07-07", "2023-11-20", "с. Шерагул")
    one = _links(_background() + fathers[:1] + [son])
    n = len(_background()) + 2
    assert one[frozenset((n - 2, n - 1))]["relation"] == "parent_child"
    links = _links(_background() + fathers + [son])
    assert not any(link["relation"] == "parent_child" for pair, link in links.items() if n in pair)


def test_links_do_not_depend_on_row_order():
    rows = _background(300) + [m for mentions in CASES.values() for m in mentions]
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)

    def named(rows):
        con = _load(rows)
        name = dict(con.execute("SELECT record_id, surname || ' ' || first_name || ' ' || "
                                "coalesce(birth_date, '') FROM features").fetchall())
        return sorted((link["relation"], *sorted((name[link["a"]], name[link["b"]])))
                      for link in family.find_links(con))

    assert named(rows) == named(shuffled)


def test_graphml_and_households(listing, tmp_path):
    con, _, ids = listing
    graph = family.build_graph(con)
    summary = family.write_family(con, family.links_of(con), tmp_path)
    read = nx.read_graphml(tmp_path / "family.graphml")
    assert read.number_of_nodes() == graph.number_of_nodes()
    assert read.number_of_edges() == graph.number_of_edges() == summary["links"]
    # the file written from the tables is the one networkx's graph of them would give
    written = nx.read_graphml(io.BytesIO(family.graphml(graph).encode()))
    assert dict(read.nodes(data=True)) == dict(written.nodes(data=True))
    assert {frozenset(e[:2]): e[2] for e in read.edges(data=True)} == \
        {frozenset(e[:2]): e[2] for e in written.edges(data=True)}
    twin_a, twin_b = ids["twins"]
    twins = read.edges[twin_a, twin_b]
    assert twins["relation"] == "sibling" and twins["twins"] is True
    assert read.nodes[twin_a]["surname"] == "Кругобрюхов"
    with open(tmp_path / "households.csv", encoding="utf-8", newline="") as handle:
        rows = {r["individual"]: r for r in csv.DictReader(handle)}
    father, son = ids["father_son"]
    assert rows[father]["relation"] == "parent" and rows[son]["relation"] == "child"
    assert rows[father]["household_id"] == rows[son]["household_id"]
    assert rows[twin_a]["relation"] == "twin" and rows[twin_a]["size"] == "2"
    assert summary["households"] == len({r["household_id"] for r in rows.values()})


def test_graphml_carries_any_text_a_list_may_hold(tmp_path):
    """Names with XML's own characters, line breaks and control characters are written so that a
    GraphML reader reads them back (the control characters XML forbids are dropped)."""
    con = duckdb.connect()
    con.execute("""CREATE TABLE individuals AS SELECT * FROM (VALUES
        ('a"1<&>', 'O''Brien & <Sons> "Ltd"', 'Иван' || chr(10) || 'Ivan' || chr(9) || chr(1), 3),
        ('b2', NULL, 'Пётр', 1)) t(cluster_id, surname, first_name, n_mentions)""")
    summary = family.write_family(con, ([], {}), tmp_path)
    read = nx.read_graphml(tmp_path / "family.graphml")
    assert read.nodes['a"1<&>'] == {"surname": 'O\'Brien & <Sons> "Ltd"', "first_name": "Иван\nIvan\t",
                                     "n_mentions": 3}
    assert read.nodes["b2"] == {"first_name": "Пётр", "n_mentions": 1}
    assert summary["links"] == 0 and summary["households"] == 0
    assert all(line.startswith("<") for line in (tmp_path / "family.graphml").read_text("utf-8").splitlines())


def test_family_metrics_counts_links_between_found_persons(tmp_path):
    from linkage.evaluate import family_metrics

    def write(name, header, rows):
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])

    # c2 and c2b are one person split in two; p5 (p1's brother) was never found
    clusters = [("m1", "c1"), ("m2", "c1"), ("m3", "c2"), ("m4", "c2b"), ("m5", "c3"), ("m6", "c4")]
    write("clusters.csv", ["record_id", "cluster_id"], clusters)
    persons = {"m1": "p1", "m2": "p1", "m3": "p2", "m4": "p2", "m5": "p3", "m6": "p4"}
    write("truth.csv", ["record_id", "person_id"], persons.items())
    write("family.csv", ["person_id_a", "person_id_b", "relation"],
          [("p1", "p2", "twin"), ("p3", "p4", "parent_child"), ("p1", "p5", "sibling")])
    links = [("c1", "c2", "sibling"), ("c2", "c2b", "sibling"), ("c1", "c3", "sibling"),
             ("c4", "c3", "parent_child")]
    got = family_metrics(tmp_path, tmp_path / "truth.csv", tmp_path / "family.csv", links=links)
    assert got["sibling"]["precision"] == pytest.approx(1 / 3) and got["sibling"]["recall"] == 1.0
    assert got["sibling"]["true_found"] == 1
    assert got["parent_child"]["precision"] == 1.0 and got["parent_child"]["recall"] == 1.0


def _paged(rows: list[dict], per_page: int = 3) -> list[dict]:
    """The rows with a source page each, `per_page` strangers to a group page."""
    return [dict(row, source_url=f"https://example.org/group/{i // per_page}") for i, row in enumerate(rows)]


def test_a_shared_page_is_evidence_of_kin():
    """A rare surname, no patronymics, dates or settlement: on one group obituary, brothers; on
    two pages, nothing says so. The page's weight comes from how often strangers share one."""
    elder = dict(_mention("Иван", None, "Кругобрюхов"), settlement="")
    younger = dict(_mention("Олег", None, "Кругобрюхов"), settlement="")
    rows = _paged(_background())
    n = len(rows)
    together = rows + [dict(elder, source_url="https://example.org/obit/1"),
                       dict(younger, source_url="https://example.org/obit/1")]
    link = _links(together).get(frozenset((n, n + 1)))
    assert link is not None and link["relation"] == "sibling" and "page" in link["evidence"]
    apart = rows + [dict(elder, source_url="https://example.org/obit/1"),
                    dict(younger, source_url="https://example.org/obit/2")]
    assert frozenset((n, n + 1)) not in _links(apart)


def test_common_names_on_one_group_page_are_not_linked():
    """Smirnovs, sons of Alexanders, on one page of a region where group pages are common."""
    rows = _paged(_background(), per_page=6)
    n = len(rows)
    rows += [dict(_mention("Александр", "Александр", "Смирнов", "1990-01-20", "2023-02-11"), source_url="u"),
             dict(_mention("Алексей", "Александр", "Смирнов", "1994-08-02", "2024-09-30"), source_url="u")]
    assert frozenset((n, n + 1)) not in _links(rows)


def test_father_without_a_birth_year_is_linked_by_the_sons_patronymic():
    """No birth year on the father's side: the son's patronymic, made from the father's first
    name, tells which is the parent, and the father's own patronymic that he is not a brother."""
    father = _mention("Иван", "Пётр", "Кругобрюхов", "", "2023-03-03", "с. Шерагул")
    son = _mention("Андрей", "Иван", "Кругобрюхов", "1992-07-07", "2023-11-20", "с. Шерагул")
    rows = _background() + [father, son]
    link = _links(rows).get(frozenset((len(rows) - 2, len(rows) - 1)))
    assert link is not None and link["relation"] == "parent_child"
    assert link["a"] == f"r{len(rows) - 2:05d}"


def test_no_parent_link_when_a_brother_may_be_named_after_the_father():
    """Иван with no patronymic and no birth year beside Андрей Иванович: the father, or a brother
    named after their father (sons often are); nothing tells which, so no parent link."""
    named = _mention("Иван", None, "Кругобрюхов", "", "2023-03-03", "с. Шерагул")
    other = _mention("Андрей", "Иван", "Кругобрюхов", "1992-07-07", "2023-11-20", "с. Шерагул")
    rows = _background() + [named, other]
    link = _links(rows).get(frozenset((len(rows) - 2, len(rows) - 1)))
    assert link is None or link["relation"] == "sibling"


def test_brothers_of_a_common_surname_sharing_a_town_are_linked():
    """Смирновs are a fifth of the region's people, too many to pair every two of them: brothers
    who share a town, a rare father's name and a death date are still found (family_pairs)."""
    brothers = [_mention("Иван", "Пётр", "Смирнов", "1987-03-14", "2023-01-10", "г. Тулун"),
                _mention("Олег", "Пётр", "Смирнов", "1991-04-04", "2023-01-11", "г. Тулун")]
    rows = _background() + brothers
    link = _links(rows).get(frozenset((len(rows) - 2, len(rows) - 1)))
    assert link is not None and link["relation"] == "sibling"


@pytest.mark.parametrize("learn", [True, False])
def test_candidate_pairs_lose_no_pair_within_the_bound(learn):
    """The pairs family_pairs forms by shared values and by surname hold every pair of one surname
    whose chance is within the bound: the rows weighed are those of every pair of one surname."""
    from dataclasses import replace

    from linkage import family_chance, family_pairs
    from linkage.family_features import gap_share, page_share, person_keys

    m = replace(load_spec("soldiers").family, learn=learn)
    rng = random.Random(11)  # a third without a patronymic, some without a birth; deaths in one winter
    rows = [dict(row, patronymic="" if i % 3 == 0 else row["patronymic"],
                 birth_date="" if i % 5 == 0 else row["birth_date"],
                 death_date=f"2023-0{rng.randint(1, 3)}-{rng.randint(1, 28):02d}")
            for i, row in enumerate(_paged(_background(), per_page=4))]
    rows += [m for mentions in CASES.values() for m in mentions]
    con = _load(rows)
    person_keys(con, m)
    con.execute("""CREATE TEMP TABLE every_pair AS SELECT a.cluster_id AS a, b.cluster_id AS b
        FROM person_keys a JOIN person_keys b
          ON list_has_any(coalesce(a.surnames, [a.surname]), coalesce(b.surnames, [b.surname]))
        WHERE a.cluster_id <> b.cluster_id""")
    pages = page_share(con)
    wide = m.learn_bound * max(m.settlement_differs, 1) if learn else None
    for relation, born, sql in (
            ("sibling", gap_share(con, -m.sibling_max_years, m.sibling_max_years), family_chance._sibling_sql),
            ("parent_child", gap_share(con, m.parent_min_years, m.parent_max_years), family_chance._parent_sql)):
        bound = wide or max(m.kin(relation), family_chance._max_chance(relation, m))
        table = family_pairs.candidates(con, relation, m, born, pages, bound)
        crowded = con.execute("SELECT count(*) FILTER (crowded), count(*) FILTER (crowded_settled) "
                              "FROM family_who").fetchone()
        assert crowded[1] > 0, "the background's common surnames are crowded"
        found, every = (family_chance._rows(con, sql(born, m, pages, t), relation, m, bound)
                        for t in (table, "every_pair"))
        assert every and found == every
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] < con.execute(
            "SELECT count(*) FROM every_pair").fetchone()[0] / (2 if relation == "sibling" else 1)


def test_a_settlement_counts_as_common_as_it_is_in_its_own_region():
    """An individual whose mentions name two regions (two men merged, or a source's slip) has his
    area from one and his town from the other: Ростов-на-Дону is rare among Иркутская область's
    people but not among Ростовская область's, where Иванов Владимирович of Ростов-на-Дону is
    no evidence of kin."""
    rostov = [dict(m, region="Ростовская область", settlement="Ростов-на-Дону")
              for m in _background(n=400, seed=11)]
    ivanov = _mention("Станислав", "Владимир", "Иванов", "1982-08-08", "2023-12-12")
    merged = [ivanov, ivanov, dict(ivanov, region="Ростовская область", settlement="Ростов-на-Дону")]
    stranger = dict(_mention("Евгений", "Владимир", "Иванов", "1987-03-30", "2025-09-26"),
                    region="Ростовская область", settlement="Ростов-на-Дону")
    rows = _background() + rostov + merged + [stranger]
    n = len(rows)
    everything = replace(load_spec("soldiers").family, min_confidence=1e-9, expected_precision=0.0)
    con = _load(rows, one_person={n - 3: n - 4, n - 2: n - 4})
    pair = {f"r{n - 4:05d}", f"r{n - 1:05d}"}
    link = next(x for x in family.find_links(con, everything) if {x["a"], x["b"]} == pair)
    assert link["confidence"] < 0.5  # counted among Irkutsk's settlements: 0.85
