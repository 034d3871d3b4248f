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
parent's first name (a shared value), fits it loosely or is unknown. A pair that shares values
is formed only when the carriers times each shared kind's least factor (and the floor) are
within the bound. Pairing every two carriers of a surname had made the stage grow with the
square of a common surname's carriers: on a list whose surnames concentrate as in life (184,901
mentions, Иванов 7% of people) 12M sibling pairs were weighed for the 133k within the bound,
and the stage alone took 58 s and 4.2 GB; formed so, 591k sibling and 316k parent pairs
(of 741k), 15 s and 1.4 GB, the rows weighed and the links the same.
"""

from __future__ import annotations

import duckdb

from linkage.config import FamilyModel

# a pair's least chance is compared with the bound allowing for rounding: E multiplies the same
# factors in another order
SLACK = 1 + 1e-9
SETTLEMENT, FATHERS = "coalesce(settlements, [settlement])", "coalesce(fathers, [father])"
# pairs whose fathers' names fit only loosely (loose_siblings: (a, b), loose_parents: (child,
# parent); one surname's, so not asked again: a.surname = b.surname had DuckDB join every two
# carriers first); such a pair has a father's name starting "~" (family_features.father_fits):
# the child's for parent and child
LOOSE = {"sibling": ("SELECT a, b FROM loose_siblings", "a.loose OR b.loose"),
         "parent_child": ("SELECT b AS a, a AS b FROM loose_parents", "b.loose")}
FATHER = {"sibling": "f", "parent_child": "n"}  # the kind of shared value that is a father's name
# both regions known and one: the pair's regions agree (family_chance's queries require it)
ONE_REGION = "(NOT a.plain OR NOT b.plain OR a.area = b.area)"
# the columns of family_who that _conditions and ONE_REGION read of a pair sharing a value
KEYED = "cluster_id, plain, area, father, birth_year, birth_day, first_root"


def _keys(relation: str, m: FamilyModel, page: float) -> tuple[dict, dict]:
    """Per side (a, b), the values a pair may share, each kind as (SQL list of values, SQL of the
    least factor sharing it gives E, the lesser of the two sides': the value's share, `page` for
    a page). The first side's death days reach the day either side (brothers killed within a
    day); a parent's first name meets the child's fathers' names, E then times the child's
    father's name's share."""
    shared = {"s": (SETTLEMENT, "settlement_share"), "p": ("pages", str(page))}
    if relation == "parent_child":
        return {**shared, "n": ("[first_root]", "1")}, {**shared, "n": (FATHERS, "father_share")}
    common = {**shared, "f": (FATHERS, "father_share"), "b": ("[birth_day]", "birth_share")}
    killed = f"death_share / {m.killed_together}"
    return ({**common, "d": ("[death_day - 1, death_day, death_day + 1]", killed)},
            {**common, "d": ("[death_day]", killed)})


def candidates(con: duckdb.DuckDBPyConnection, relation: str, m: FamilyModel, born: float,
               page: float, bound: float) -> str:
    """Write `{relation}_pairs` (a, b): the pairs of individuals of one surname (any mention's)
    that may have chance E up to `bound` and that the relation's queries admit (`born`: the share
    of random pairs whose births are as far apart as the relation allows; `page`: E's factor for
    a shared page); siblings once (a < b), parent and child as (parent, child). Returns the
    table's name."""
    floor = min(1.0, born)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE family_who AS
        SELECT *, carriers * {floor * min(1.0, m.settlement_differs)} > {bound * SLACK} AS crowded,
               carriers * {floor * m.settlement_differs} > {bound * SLACK} AS crowded_settled
        FROM (SELECT cluster_id, coalesce(surnames, [surname]) AS names, area,
                     area IS NOT NULL AND areas IS NULL AS plain, father, birth_year, birth_day, first_root, settlement,
                     len(list_filter({FATHERS}, lambda x: starts_with(x, '~'))) > 0 AS loose,
                     greatest(least(surname_others, surname_others_all), {m.rare}) AS carriers
              FROM person_keys)""")
    admitted, unshared = _conditions(relation, m)
    loose, written = LOOSE[relation]
    fathers = f"(list_contains(k.kinds, '{FATHER[relation]}') OR {_fatherless(relation, m, written)})"
    table = f"{relation}_pairs"
    # the pairs whose fathers' names fit loosely, one side's row joined to them in a statement of
    # its own, the other's in the query below: with the pairs and both sides' rows in one join,
    # DuckDB at times joined every two individuals by cluster_id < cluster_id first (its estimate
    # of the pairs ~30-70 rows, of 27k): 80 s on conc; 180 s in 6 runs of 10 on a --vary 6 list
    # of 200k mentions. Two tables joined on an equality are always joined by it.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE family_loose AS
        SELECT a.*, k.b AS other FROM ({loose}) k JOIN family_who a ON a.cluster_id = k.a""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT DISTINCT a, b FROM ({_shared(_keys(relation, m, page), m, floor, bound, admitted, fathers)}
            UNION ALL {_of_one_surname(f"{admitted} AND {unshared} AND {_fatherless(relation, m, 'false')}")}
            UNION ALL SELECT a.cluster_id AS a, b.cluster_id AS b FROM family_loose a
                JOIN family_who b ON b.cluster_id = a.other
                WHERE {ONE_REGION} AND {admitted} AND {unshared} AND {_fatherless(relation, m, 'true')})""")
    return table


def _conditions(relation: str, m: FamilyModel) -> tuple[str, str]:
    """SQL (admitted, unshared) over family_who a, b: what the relation's queries require of every
    pair (siblings: two first names, births not too close nor too far apart; parent and child:
    births so far apart, or one unknown and the fathers' names differ), and what a pair sharing none of
    _keys's values needs to be within the bound: no crowded individual, or no crowded one with a
    settlement when both settlements are known (they differ)."""
    unshared = ("NOT a.crowded AND NOT b.crowded AND (a.settlement IS NULL OR b.settlement IS NULL "
                "OR NOT (a.crowded_settled OR b.crowded_settled))")
    if relation == "sibling":
        return (f"""a.cluster_id < b.cluster_id AND a.first_root IS DISTINCT FROM b.first_root
            AND NOT coalesce(abs(a.birth_year - b.birth_year) > {m.sibling_max_years}, false)
            AND NOT coalesce(abs(a.birth_day - b.birth_day) BETWEEN 1 AND {m.sibling_min_days - 1}, false)""",
                unshared)
    unknown = "(a.birth_year IS NULL OR b.birth_year IS NULL)"
    return f"a.cluster_id <> b.cluster_id AND ({_gap(m)} OR ({unknown} AND a.father <> b.father))", unshared


def _fatherless(relation: str, m: FamilyModel, loose: str) -> str:
    """SQL over family_who a, b: the relation's queries admit the pair without a shared father's
    name (siblings: either's unknown; a child's unknown, and both births: without them only a
    child named after the parent is one), or with one that fits loosely (`loose`)."""
    if relation == "sibling":
        return f"(a.father IS NULL OR b.father IS NULL OR {loose})"
    return f"((b.father IS NULL OR {loose}) AND {_gap(m)})"


def _gap(m: FamilyModel) -> str:
    return f"b.birth_year - a.birth_year BETWEEN {m.parent_min_years} AND {m.parent_max_years}"


def _shared(sides: tuple[dict, dict], m: FamilyModel, floor: float, bound: float, admitted: str,
            fathers: str) -> str:
    """SQL (a, b): the pairs of one surname that share some of the values of `sides` (_keys), meet
    `admitted` and `fathers` (over k.kinds, the kinds shared), and whose least chance is within
    the bound: the carriers times, per kind shared, its least factor, times the floor where both
    births are known (else E has no birth factor), times SETTLEMENT_DIFFERS where two known
    settlements are not shared.
    Reads, per side, one row per individual, surname and value (joined on the value alone, a
    common father's name had met every carrier of the name in the list), as CTEs the join reads
    as they are made: written as tables first (1.2 s for the four at 200k mentions), the two
    relations' candidates had taken 0.5-0.8 s longer, the pairs the same."""
    ctes = []
    for side, keys in zip("ab", sides):
        values = " UNION ALL ".join(
            f"SELECT cluster_id, '{kind}' AS kind, '{kind}' || unnest({values}) AS key, "
            f"coalesce(least(1, {weight}), 0) AS weight FROM person_keys" for kind, (values, weight) in keys.items())
        # only the columns the join below reads: the lists of family_who made the tables twice as slow
        ctes.append(f"""family_keys_{side} AS (
            SELECT * FROM (SELECT {KEYED}, unnest(names) AS surname FROM family_who) JOIN ({values}) USING (cluster_id)
            WHERE key IS NOT NULL)""")
    return f"""WITH {", ".join(ctes)} SELECT k.a, k.b FROM (
            SELECT a, b, product(weight) AS weight, list(kind) AS kinds FROM (
                SELECT a.cluster_id AS a, b.cluster_id AS b, a.kind, min(least(a.weight, b.weight)) AS weight
                FROM family_keys_a a JOIN family_keys_b b ON b.surname = a.surname AND b.key = a.key
                WHERE {ONE_REGION} AND {admitted} GROUP BY ALL)
            GROUP BY a, b) k
        JOIN family_who a ON a.cluster_id = k.a JOIN family_who b ON b.cluster_id = k.b
        WHERE greatest(a.carriers, b.carriers) * k.weight
              * CASE WHEN a.birth_year IS NULL OR b.birth_year IS NULL THEN 1 ELSE {floor} END
              * CASE WHEN list_contains(k.kinds, 's')
              OR a.settlement IS NULL OR b.settlement IS NULL THEN 1 ELSE {m.settlement_differs} END
              <= {bound * SLACK} AND {fathers}"""


def _of_one_surname(condition: str) -> str:
    """SQL (a, b): the pairs of one surname that meet `condition`: individuals with one known region
    meet by surname and region, the rest by surname (the three parts are disjoint)."""
    who = "(SELECT *, unnest(names) AS surname FROM family_who)"
    return " UNION ALL ".join(
        f"SELECT a.cluster_id AS a, b.cluster_id AS b FROM {who} a JOIN {who} b ON {on} WHERE {condition}"
        for on in ("a.surname = b.surname AND a.area = b.area AND a.plain AND b.plain",
                   "a.surname = b.surname AND NOT a.plain", "a.surname = b.surname AND a.plain AND NOT b.plain"))
