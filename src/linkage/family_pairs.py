"""The family stage's candidate pairs: the pairs of individuals of one surname whose chance E may
fall to the bound the links and the EM read (family_chance.py), found by the values they share.

Reads `person_keys`, `loose_siblings` and `loose_parents` (family_features.py); writes the
temporary table `{relation}_pairs` (a, b) that family_chance's queries weigh.

Why: E is the surname's other carriers (S, at least RARE) times a factor per feature, and only a
shared value makes a factor smaller than the floor of the rest: a settlement, a page, a father's
name (parent and child: the child's patronymic made from the parent's first name), a birth day,
deaths within a day. Every other factor is at least min(1, SETTLEMENT_DIFFERS) times the share
of random pairs born so far apart (the floor). So a pair with an individual whose S times the
floor exceeds the bound (a crowded individual) is within the bound only if it shares one of those
values: such pairs are found by joining on the values, and the rest by surname as before. Only
pairs the queries' conditions admit are formed: siblings whose fathers' names agree (a shared
value), fit loosely (loose_siblings) or are not both known; a child whose father's name is the
parent's first name (a shared value), fits it loosely or is unknown. Pairing every two carriers of
a surname had made the stage grow with the square of a common surname's carriers: on a list
whose surnames concentrate as in life (184,901 mentions, Иванов 7% of people) 12M sibling pairs
were weighed for the 133k within the bound, 26 of the stage's 33 s.
"""

from __future__ import annotations

import duckdb

from linkage.config import FamilyModel

# SQL lists of the values a pair may share, per relation and side (a, b): the first side's death
# days reach the day either side (brothers killed within a day); a parent's first name meets the
# child's father's names
SETTLEMENT, PAGE = "coalesce(settlements, [settlement])", "pages"
KEYS = {"sibling": ({"s": SETTLEMENT, "p": PAGE, "f": "coalesce(fathers, [father])", "b": "[birth_day]",
                     "d": "[death_day - 1, death_day, death_day + 1]"},
                    {"s": SETTLEMENT, "p": PAGE, "f": "coalesce(fathers, [father])", "b": "[birth_day]",
                     "d": "[death_day]"}),
        "parent_child": ({"s": SETTLEMENT, "p": PAGE, "n": "[first_root]"},
                         {"s": SETTLEMENT, "p": PAGE, "n": "coalesce(fathers, [father])"})}
# pairs formed without a shared value: some father's name unknown (siblings: either; parent and
# child: the child's), or fitting only loosely (the table's pairs are (a, b) or (child, parent))
OPEN = {"sibling": ("a.father IS NULL OR b.father IS NULL", "SELECT a, b FROM loose_siblings"),
        "parent_child": ("b.father IS NULL", "SELECT b AS a, a AS b FROM loose_parents")}
# both regions known and one: the pair's regions agree (family_chance's queries require it)
ONE_REGION = "(NOT a.plain OR NOT b.plain OR a.area = b.area)"


def candidates(con: duckdb.DuckDBPyConnection, relation: str, m: FamilyModel, born: float,
               bound: float) -> str:
    """Write `{relation}_pairs` (a, b): the pairs of individuals of one surname (any mention's)
    that may have chance E up to `bound` and that the relation's queries admit (`born`: the share
    of random pairs whose births are as far apart as the relation allows); siblings once (a < b),
    parent and child as (parent, child). Returns the table's name."""
    floor = min(1.0, born) * min(1.0, m.settlement_differs)  # two settlements that differ: times this
    carriers = f"greatest(least(surname_others, surname_others_all), {m.rare})"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE family_who AS
        SELECT cluster_id, unnest(coalesce(surnames, [surname])) AS surname, area,
               area IS NOT NULL AND areas IS NULL AS plain, father, birth_year, settlement,
               {carriers} * {floor} > {bound} AS crowded,
               {carriers} * {min(1.0, born) * m.settlement_differs} > {bound} AS crowded_settled
        FROM person_keys""")
    admitted, unshared = _conditions(relation, m)
    unknown, loose = OPEN[relation]
    table = f"{relation}_pairs"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT DISTINCT a, b FROM ({_shared(con, relation, admitted)}
            UNION ALL {_of_one_surname(f"{admitted} AND {unshared} AND ({unknown})")}
            UNION ALL SELECT k.a, k.b FROM ({loose}) k
                JOIN family_who a ON a.cluster_id = k.a JOIN family_who b ON b.cluster_id = k.b
                WHERE a.surname = b.surname AND {ONE_REGION} AND {admitted} AND {unshared})""")
    return table


def _conditions(relation: str, m: FamilyModel) -> tuple[str, str]:
    """SQL (admitted, unshared) over family_who a, b: what the relation's queries require of every
    pair (births no further apart than the relation allows), and what a pair sharing none of
    KEYS's values needs to be within the bound: no crowded individual, or no crowded one with a
    settlement when both settlements are known (they differ); a parent and child, both births
    (without them only a child named after the parent is one, a shared value)."""
    unshared = ("NOT a.crowded AND NOT b.crowded AND (a.settlement IS NULL OR b.settlement IS NULL "
                "OR NOT (a.crowded_settled OR b.crowded_settled))")
    if relation == "sibling":
        apart = f"abs(a.birth_year - b.birth_year) > {m.sibling_max_years}"
        return f"a.cluster_id < b.cluster_id AND NOT coalesce({apart}, false)", unshared
    gap = f"b.birth_year - a.birth_year BETWEEN {m.parent_min_years} AND {m.parent_max_years}"
    return f"a.cluster_id <> b.cluster_id AND coalesce({gap}, true)", f"{unshared} AND {gap}"


def _shared(con: duckdb.DuckDBPyConnection, relation: str, condition: str) -> str:
    """SQL (a, b): the pairs of one surname that share one of the relation's values (KEYS) and meet
    `condition`; writes the tables it reads, one row per individual, surname and value (joined on
    the value alone, a common father's name had met every carrier of the name in the list)."""
    for side, keys in zip("ab", KEYS[relation]):
        values = " UNION ALL ".join(f"SELECT cluster_id, '{kind}' || unnest({values}) AS key FROM person_keys"
                                    for kind, values in keys.items())
        con.execute(f"""CREATE OR REPLACE TEMP TABLE family_keys_{side} AS
            SELECT * FROM family_who JOIN ({values}) USING (cluster_id) WHERE key IS NOT NULL""")
    return f"""SELECT a.cluster_id AS a, b.cluster_id AS b
        FROM family_keys_a a JOIN family_keys_b b ON b.surname = a.surname AND b.key = a.key
        WHERE {ONE_REGION} AND {condition}"""


def _of_one_surname(condition: str) -> str:
    """SQL (a, b): the pairs of one surname that meet `condition`: individuals with one known region
    meet by surname and region, the rest by surname (the three parts are disjoint)."""
    return " UNION ALL ".join(
        f"SELECT a.cluster_id AS a, b.cluster_id AS b FROM family_who a JOIN family_who b ON {on} WHERE {condition}"
        for on in ("a.surname = b.surname AND a.area = b.area AND a.plain AND b.plain",
                   "a.surname = b.surname AND NOT a.plain", "a.surname = b.surname AND a.plain AND NOT b.plain"))
