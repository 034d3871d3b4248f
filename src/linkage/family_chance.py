"""The family links' chance model: sibling and parent–child links between individuals, each with
its evidence and a confidence.

Reads the per-individual tables family_features.py builds and the candidate pairs family_pairs.py
forms (only those whose E may be within the bound read); returns links as dicts (family.py
makes them a graph). The values (KIN, MIN_CONFIDENCE, RARE …) are the spec's [family] table
(config.FamilyModel; models/soldiers.toml says why each has its value).

Shared names are kinship only when chance cannot explain them. For a candidate pair the
*chance* E is the number of unrelated individuals expected to share what the pair shares, from
how common each shared value is among the list's individuals: other carriers of the surname in
the region x the father's name's share there x the settlement's share x ... (each factor a
likelihood ratio, as Splink's term frequencies). The link's confidence is KIN / (KIN + E), KIN
the relatives of that kind expected per individual. Links below MIN_CONFIDENCE are dropped; of
the rest, each relation keeps its likeliest links while their mean confidence (the share of them
expected to be true) is at least EXPECTED_PRECISION.
With LEARN (the default), KIN and the factors of a page, a settlement, a father's name and the
birth gap are learned from the list's candidate pairs by EM (family_learn.py); the spec's values
start the EM and stand where the list has too few kin pairs to tell.

- an individual's value of a field is the one most of its mentions give (a father's name the
  tables derive wins a tie against a spelling they cannot derive); region, father's name
  and settlement also agree when any mention of one gives a value any mention of the other gives
  (a misspelt or misread patronymic in the commonest mention; then the commoner value's share).
- region: a mention's region, or the region its settlement belongs to (the one most of the
  settlement's mentions name), with aliases resolved the same way (Don → Rostov). A pair must
  not be in two regions; with either region unknown the surname is counted nationally.
- surname: same stem (gender forms allowed). Other carriers besides the pair: those in the
  region, never fewer than the national count implies, never fewer than RARE.
- settlement: shared, E times its share of the region, or among the surname's other carriers in
  the region when that is greater (with the region's share as PRIOR_CARRIERS carriers: a
  surname's people cluster in villages); different, E times SETTLEMENT_DIFFERS.
- father's name: an initial (С.) or a patronymic the tables cannot derive (Сергевичч) fits the
  name it was written from: a candidate, its father's name counted unknown. Agreement through
  another mention's value counts the share times the values the two individuals bring.
- father's name: its share in the region, or among the surname's carriers in other regions
  when that is greater (the region's share weighing as PRIOR_CARRIERS carriers): names follow a
  people, and a name rare in a region is common among its Magomedovs or Tashmatovs. Multiplying
  regional shares as if surname and father's name were independent overstated such evidence the
  more, the larger the list (at 1M mentions precision fell to 0.95 and 0.89).
- sibling: same father's name (E times its share), or one father unknown (no
  factor: only a rare surname in a small settlement carries that); births at least 9 months
  and at most SIBLING_MAX_YEARS apart (E times the share of random pairs that close), or twins
  with one full birth date (E times its share). Killed within a day of each other: E times the
  share of deaths on those three days (the day's share alone had made strangers killed a day
  apart 2-3 times rarer than they are) / KILLED_TOGETHER.
- parent–child: the child's father's name is the parent's first name (E times that name's
  share), or the child's is unknown (no factor), parent born 17–50 years earlier (E times the
  share of random pairs so far apart); with either birth unknown, only when the child's father's
  name is the parent's first name (no gap factor) and the parent's own patronymic is known and
  another (else he may be a brother named after their father), and never when the two may be
  one person. Such pairs do not teach the EM (the dated pairs' factors weigh them). A child has one father: it keeps its likeliest parent,
  whose odds KIN / E the other candidates share (E times 1 + their odds). Two children of one
  parent are siblings with the product of the two links' confidences.
- never one person split in two: no link when the first names may be one name (a typo, a pet
  form: clustering's cannot-link rule), or when the dates may be one life (births within a year
  or unknown, deaths within a week or unknown), unless the names are two full names of the
  tables that begin differently (Ivan, Nikolai: twins killed the same day, brothers whose dates
  went unprinted). Pet forms the tables miss (Slava, Kolyan) and full names that begin alike
  (Savva, Savelii; Danila, Danil) may be one name written two ways.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import replace

import duckdb
import numpy as np

from linkage import family_learn, family_pairs, names
from linkage.config import DEFAULT_SPEC, FamilyModel, load_spec
from linkage.constraints import Constraints, Record, conflict
from linkage.family_features import gap_share, page_share, person_keys

NAMES_ONLY = Constraints(first_names_not_variants=True, unknown_first_names_differ=True)
ONE_PERSON = ("a_key", "a_root", "b_key", "b_root", "one_life")  # the columns _could_be_one reads
# the columns of the pair queries only their SQL reads (the chance's factors, its joins' keys): not fetched
SQL_ONLY = ("place_chance", "settlement_v", "of_surname", "of_area", "father_a", "father_b")


def _agree(a: str, b: str, field: str) -> str:
    """SQL: some mention of a and some mention of b give one value of the field."""
    x, y, xs, ys = f"{a}.{field}", f"{b}.{field}", f"{a}.{field}s", f"{b}.{field}s"
    return (f"CASE WHEN {x} = {y} THEN true WHEN {xs} IS NULL AND {ys} IS NULL THEN false "
            f"ELSE coalesce(list_has_any(coalesce({xs}, [{x}]), coalesce({ys}, [{y}])), false) END")


def _share(a: str, b: str, field: str) -> str:
    """SQL: the share of the value a and b agree on; when only some mention agrees, the commoner
    of theirs times the values the two bring (each value an individual's mentions give is one
    more chance to meet a stranger: an individual whose mentions name three fathers, often
    three persons merged, agrees with many)."""
    values = f"(coalesce(len({a}.{field}s), 1) + coalesce(len({b}.{field}s), 1) - 1)"
    return (f"CASE WHEN {a}.{field} = {b}.{field} THEN {a}.{field}_share "
            f"ELSE greatest({a}.{field}_share, {b}.{field}_share) * {values} END")


def _pairs(table: str, loose: str, a: str, b: str, flipped: bool = False) -> str:
    """SQL (FROM): the candidate pairs of `table` (family_pairs.candidates, k: a, b), a's and b's
    rows, and k.loose: some father's name of one fits one of the other only loosely
    (family_features' father_fits: an initial, a patronymic the tables could not derive; the
    pairs are in `loose`, built by family_features._loose_fits, one row per pair, (a, b) or,
    `flipped`, (b, a)); such a pair is a candidate whose father's name counts as unknown (no
    factor). A LEFT JOIN, not EXISTS: DuckDB materialised the wide candidate rows (1M at 200k
    mentions) to decorrelate the subquery; and on the narrow pairs, before their wide rows are
    joined: joined after them, DuckDB hashed the 320k wide rows."""
    on = "l.a = k.b AND l.b = k.a" if flipped else "l.a = k.a AND l.b = k.b"
    return (f"(SELECT k.a, k.b, l.a IS NOT NULL AS loose FROM {table} k LEFT JOIN {loose} l ON {on}) k "
            f"JOIN person_keys {a} ON {a}.cluster_id = k.a JOIN person_keys {b} ON {b}.cluster_id = k.b")


# SQL for a pair (a, b): each column is a shared fact, each factor of the chance E a share.
def _shared(a: str, b: str, m: FamilyModel, pages: float) -> str:
    return f"""{a}.area IS NOT NULL AND {b}.area IS NOT NULL AS same_region,
        {_agree(a, b, 'settlement')} AS same_settlement,
        {a}.settlement IS NOT NULL AND {b}.settlement IS NOT NULL AS settlement_known,
        CASE WHEN {_agree(a, b, 'settlement')} THEN {_share(a, b, 'settlement')} END AS settlement_tf,
        CASE WHEN {a}.settlement = {b}.settlement THEN {a}.settlement END AS settlement_v,
        coalesce(list_has_any({a}.pages, {b}.pages), false) AS same_page,
        greatest(CASE WHEN {a}.area IS NOT NULL AND {b}.area IS NOT NULL
                      THEN greatest({a}.surname_others, {b}.surname_others)
                      ELSE greatest({a}.surname_others_all, {b}.surname_others_all) END, {m.rare})
        * (CASE WHEN {a}.settlement IS NULL OR {b}.settlement IS NULL THEN 1
                WHEN {_agree(a, b, 'settlement')} THEN {_share(a, b, 'settlement')}
                ELSE {m.settlement_differs} END)
        * (CASE WHEN list_has_any({a}.pages, {b}.pages) THEN {pages} ELSE 1 END) AS place_chance"""


def _one_life(a: str, b: str) -> str:
    """SQL: what _could_be_one reads of a pair (a, b), the first names and one_life, with the
    gaps between the dates that the EM's levels read (family_learn). one_life: the dates may be
    one life (one full birth date, whatever the death dates, as a burial or notice date lags the
    death by weeks; else births within a year or unknown and deaths within a week or unknown)."""
    return f"""{a}.first_key AS a_key, {a}.first_root AS a_root, {b}.first_key AS b_key, {b}.first_root AS b_root,
    abs({a}.birth_year - {b}.birth_year) AS birth_years,
    abs({a}.death_day - {b}.death_day) AS death_days,
    CASE WHEN {a}.birth_day IS NOT NULL AND {b}.birth_day IS NOT NULL THEN {a}.birth_day = {b}.birth_day
         ELSE NOT coalesce(abs({a}.birth_year - {b}.birth_year) > 1, false)
              AND NOT coalesce(abs({a}.death_day - {b}.death_day) > 7, false) END AS one_life"""


_ONE_LIFE = _one_life("a", "b")


def _sibling_sql(born_share: float, m: FamilyModel, pages: float, table: str) -> str:
    pairs = f"""
    SELECT a.cluster_id AS a, b.cluster_id AS b, {_shared('a', 'b', m, pages)},
           CASE WHEN {_agree('a', 'b', 'father')} THEN {_share('a', 'b', 'father')} END
               AS father_share, a.surname AS of_surname, coalesce(a.area, b.area, '') AS of_area,
           a.father AS father_a, b.father AS father_b,
           coalesce(a.birth_day = b.birth_day, false) AS twins,
           CASE WHEN a.birth_day = b.birth_day THEN a.birth_share
                WHEN a.birth_year IS NOT NULL AND b.birth_year IS NOT NULL THEN {born_share} ELSE 1 END
               AS born_share,
           CASE WHEN abs(a.death_day - b.death_day) <= 1 THEN a.death_share END AS death_share,
           {_ONE_LIFE}
    FROM {_pairs(table, "loose_siblings", 'a', 'b')}
    WHERE a.cluster_id < b.cluster_id
      AND ({_agree('a', 'b', 'father')} OR a.father IS NULL OR b.father IS NULL OR k.loose)
      AND ({_agree('a', 'b', 'area')} OR a.area IS NULL OR b.area IS NULL)
      AND a.first_root IS DISTINCT FROM b.first_root
      AND NOT coalesce(abs(a.birth_day - b.birth_day) BETWEEN 1 AND {m.sibling_min_days - 1}, false)
      AND NOT coalesce(abs(a.birth_year - b.birth_year) > {m.sibling_max_years}, false)"""
    return f"""SELECT *, place_chance * coalesce(father_share, 1) * born_share
                        * coalesce(death_share / {m.killed_together}, 1) AS chance FROM ({pairs})"""


def _parent_sql(gap_share: float, m: FamilyModel, pages: float, table: str) -> str:
    named = "(c.father = p.first_root OR list_contains(c.fathers, p.first_root))"  # after the parent
    births_unknown = "(p.birth_year IS NULL OR c.birth_year IS NULL)"
    pairs = f"""
    SELECT p.cluster_id AS a, c.cluster_id AS b, {_shared('p', 'c', m, pages)},
           CASE WHEN {named} THEN c.father_share END AS father_share, c.surname AS of_surname,
           coalesce(c.area, p.area, '') AS of_area, p.first_root AS father_a, NULL AS father_b,
           {births_unknown} AS births_unknown, {_one_life('p', 'c')}
    FROM {_pairs(table, "loose_parents", 'p', 'c', flipped=True)}
    WHERE p.cluster_id <> c.cluster_id
      AND ({named} OR c.father IS NULL OR k.loose)
      AND ({_agree('p', 'c', 'area')} OR p.area IS NULL OR c.area IS NULL)
      AND (c.birth_year - p.birth_year BETWEEN {m.parent_min_years} AND {m.parent_max_years}
           OR ({births_unknown} AND {named} AND p.father <> c.father))"""
    # without both births the gap says nothing (no factor), and only the child's patronymic,
    # made from the parent's first name, tells which is the parent
    return f"""SELECT *, place_chance * coalesce(father_share, 1)
                        * CASE WHEN births_unknown THEN 1 ELSE {gap_share} END AS chance FROM ({pairs})"""


def _could_be_one(row: dict) -> bool:
    """One person split in two: first names that may be one name, or dates that may be one life."""
    return _one(*(row[column] for column in ONE_PERSON))


def _one(a_key: str | None, a_root: str | None, b_key: str | None, b_root: str | None, one_life: bool) -> bool:
    """_could_be_one of a pair's first names (key and root each) and its one_life (_one_life)."""
    names_say = _names_say(a_key, a_root, b_key, b_root)
    return one_life if names_say is None else names_say


@functools.lru_cache(maxsize=1 << 20)
def _names_say(a_key: str | None, a_root: str | None, b_key: str | None, b_root: str | None) -> bool | None:
    """True: the first names may be one name; False: two full names that begin differently, two
    people whatever their dates; None: the dates decide. Cached: the candidate pairs of a list
    repeat a few thousand pairs of names (at 200k mentions this test had taken 3 s)."""
    if conflict(_named(a_key, a_root), _named(b_key, b_root), NAMES_ONLY) is None:
        return True
    if _full_name(a_key) and _full_name(b_key) and a_key[:3] != b_key[:3]:
        return False  # two full names are two people, whatever their dates
    return None


@functools.lru_cache(maxsize=1 << 16)
def _named(key: str | None, root: str | None) -> Record:
    """A record of a first name alone (key and root), as conflict reads it; cached: a list's
    candidate pairs meet a few thousand first names in some 30k pairs of them (building the two
    records had been a quarter of _names_say's time)."""
    return Record(birth=None, first_key=key, first_root=root, father=None, patronymic_key=None, death_daynum=None)


def _full_name(key: str | None) -> bool:
    """The key is a full first name of the table (Сергей), not a pet form or an unknown name."""
    return bool(key) and names.name_key(names.full_first_name(key)) == key != names.full_first_name(key)


def _max_chance(relation: str, m: FamilyModel) -> float:
    """The chance E at which a link's confidence KIN / (KIN + E) falls to MIN_CONFIDENCE."""
    return m.kin(relation) * (1 - m.min_confidence) / m.min_confidence


def _elsewhere(side: str, m: FamilyModel) -> tuple[str, str]:
    """SQL (joins, share) for pairs q: the share of the father's name q.father_{side} in the region,
    and among the surname's carriers in other regions (with the region's share as PRIOR_CARRIERS
    carriers more): a name rare in a region may be common among a surname's people (Magomed
    among Magomedovs in Moscow). The surname's carriers with a father's name, here (h) and in
    all (t), are _SURNAME_JOINS', joined once for both sides."""
    f, r, n = (f"{x}_{side}" for x in ("f", "r", "n"))
    joins = f"""LEFT JOIN father_region {r} ON {r}.area = q.of_area AND {r}.father = q.father_{side}
        LEFT JOIN surname_named {n} ON {n}.surname = q.of_surname AND {n}.father = q.father_{side}
        LEFT JOIN father_counts {f} ON {f}.surname = q.of_surname AND {f}.area = q.of_area
                                      AND {f}.father = q.father_{side}"""
    share = (f"greatest({r}.share, (coalesce({n}.n, 0) - coalesce({f}.n, 0) + {m.prior_carriers} * {r}.share)"
             f" / (coalesce(t.n, 0) - coalesce(h.n, 0) + {m.prior_carriers}))")
    return joins, share


# the surname's carriers with a father's name in the pair's region (h) and in all (t), for _elsewhere
_SURNAME_JOINS = """LEFT JOIN surname_here h ON h.surname = q.of_surname AND h.area = q.of_area
        LEFT JOIN surname_all t ON t.surname = q.of_surname"""


def _settled(m: FamilyModel) -> str:
    """SQL: the factor by which a shared settlement's share among the surname's other carriers
    in the region (its share in the region weighing as PRIOR_CARRIERS carriers) exceeds its
    share in the region: a surname's people cluster in villages, so strangers of one surname
    share a settlement more often than the region's shares say (other hands' lists at 200k: a
    shared settlement with surname and father's name was kin 1 time in 4 at confidence 0.95)."""
    local = (f"(coalesce(ss.n, 0) - 2 + {m.prior_carriers} * q.settlement_tf)"
             f" / (coalesce(sa.n, 0) - 2 + {m.prior_carriers})")
    return (f"(CASE WHEN q.settlement_v IS NOT NULL AND q.settlement_tf > 0 "
            f"THEN greatest(1, {local} / q.settlement_tf) ELSE 1 END)")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, relation: str, m: FamilyModel,
          bound: float | None = None) -> list[dict]:
    """The pairs whose chance E is at most `bound` (default: the link threshold), E counting the
    father's name at its share among the surname's people when that is the greater, that cannot
    be one person split in two (_could_be_one; parent and child: asked only without both births,
    a son named after his father). Fetched by column, the names tested once per pair of names
    and the dates in SQL (one_life), before a row becomes a dict: a tuple and a dict per candidate
    pair, then tested row by row, had taken 1.5 of the stage's 9 s at 200k mentions (96k pairs).
    The rows hold neither SQL_ONLY nor ONE_PERSON: what the EM and the links read."""
    bound = _max_chance(relation, m) if bound is None else bound
    (joins_a, share_a), (joins_b, share_b) = _elsewhere("a", m), _elsewhere("b", m)
    settled = _settled(m)
    cursor = con.execute(f"""SELECT * EXCLUDE ({", ".join(SQL_ONLY)}) FROM (SELECT q.* REPLACE (q.chance * coalesce(
            greatest(q.father_share, {share_a}, {share_b}) / q.father_share, 1) * {settled} AS chance,
            q.settlement_tf * {settled} AS settlement_tf),
            CASE WHEN q.father_share IS NOT NULL THEN greatest(q.father_share, {share_a}, {share_b}) END
                AS father_tf
        FROM (SELECT * FROM ({sql}) WHERE chance <= {bound}) q {joins_a} {joins_b} {_SURNAME_JOINS}
        LEFT JOIN surname_settled ss ON ss.surname = q.of_surname AND ss.area = q.of_area
                                        AND ss.settlement = q.settlement_v
        LEFT JOIN surname_settled_all sa ON sa.surname = q.of_surname AND sa.area = q.of_area)
        WHERE chance <= {bound} ORDER BY chance, a, b""")  # as Python sorted: UTF-8 bytes sort as code points
    names = [d[0] for d in cursor.description]
    columns = {name: column.tolist() for name, column in cursor.fetchnumpy().items()}  # masked: None
    asked = columns["births_unknown"] if relation == "parent_child" else itertools.repeat(True)
    apart = [not (ask and _one(*pair)) for ask, pair in zip(asked, zip(*(columns[c] for c in ONE_PERSON)))]
    kept = [name for name in names if name not in ONE_PERSON]
    return [dict(zip(kept, row)) for row, keep in zip(zip(*(columns[c] for c in kept)), apart) if keep]


def _evidence(row: dict, relation: str) -> str:
    shared = (("surname", True), ("region", row["same_region"]), ("settlement", row["same_settlement"]),
              ("page", row["same_page"]),
              ("father's name", relation == "sibling" and row["father_share"] is not None),
              ("birth date", row.get("twins")), ("death date", row.get("death_share") is not None))
    text = "same " + ", ".join(name for name, ok in shared if ok)
    if relation == "parent_child" and row["father_share"] is not None:
        text += "; the child's patronymic is the parent's first name"
    return f"{text}; chance {row['chance']:.2g}"


def find_links(con: duckdb.DuckDBPyConnection, model: FamilyModel | None = None,
               learned: dict | None = None) -> list[dict]:
    """Sibling and parent–child links between individuals, each with evidence and a confidence.
    `model`: the spec's [family] table; without it, the default spec's. With LEARN, KIN and the
    levels' factors are learned from the list's candidate pairs (family_learn.py); `learned`, if
    given, receives what was learned per relation (None: the spec's values stood)."""
    m = model or load_spec(DEFAULT_SPEC).family
    person_keys(con, m)
    close, pages = gap_share(con, -m.sibling_max_years, m.sibling_max_years), page_share(con)
    apart = gap_share(con, m.parent_min_years, m.parent_max_years)
    wide = m.learn_bound * max(m.settlement_differs, 1) if m.learn else None
    bound = wide or _max_chance("sibling", m)
    table = family_pairs.candidates(con, "sibling", m, close, pages, bound)
    siblings = _rows(con, _sibling_sql(close, m, pages, table), "sibling", m, bound)
    bound = wide or max(m.kin("parent_child"), _max_chance("parent_child", m))
    table = family_pairs.candidates(con, "parent_child", m, apart, pages, bound)
    parents = _rows(con, _parent_sql(apart, m, pages, table), "parent_child", m, bound)
    if m.learn:
        m, siblings, parents = _learned(con, m, siblings, parents, learned, close, pages)
    links = [_link(r, "sibling", m) for r in siblings if r["chance"] <= _max_chance("sibling", m)]
    bound = max(m.kin("parent_child"), _max_chance("parent_child", m))  # odds 1 or more compete
    parent_links = _expected(m, [_link(row, "parent_child", m) for row in _likeliest_parents(
        [r for r in parents if r["chance"] <= bound], m) if row["chance"] <= _max_chance("parent_child", m)])
    links = _expected(m, links + _children_of_one_parent(con, parent_links, m))
    best: dict = {}  # a pair both siblings and father and son by its names keeps the likelier
    for link in sorted([*links, *parent_links], key=lambda link: link["chance"]):
        best.setdefault(frozenset((link["a"], link["b"])), link)
    return sorted(best.values(), key=lambda link: (link["relation"], link["a"], link["b"]))


def _expected(m: FamilyModel, links: list[dict]) -> list[dict]:
    """The links, likeliest first, while their mean confidence (the share of them expected to be
    true) is at least EXPECTED_PRECISION: a set of sure links bears some doubtful ones, where a
    threshold per link leaves out every link below it however sure the rest."""
    links = sorted(links, key=lambda link: (-link["confidence"], link["a"], link["b"]))
    kept, total = 0, 0.0
    for link in links:
        if (total + link["confidence"]) / (kept + 1) < m.expected_precision:
            break
        kept, total = kept + 1, total + link["confidence"]
    return links[:kept]


def _gaps(con: duckdb.DuckDBPyConnection, field: str, edges: list, last: float) -> list[tuple[float, float]]:
    """(upper bound, share of random pairs of individuals whose `field` is that far apart or
    less, but more than the bound before), for the spec's edges and then `last`."""
    bounds, out, low = [*edges, last], [], -1
    for high in bounds:
        top = "" if high == float("inf") else f"AND abs(a.v - b.v) <= {high}"
        share = con.execute(f"""WITH y AS (SELECT {field} AS v, count(*) / sum(count(*)) OVER () AS p
                                           FROM person_keys WHERE {field} IS NOT NULL GROUP BY ALL)
            SELECT sum(a.p * b.p) FROM y a JOIN y b ON abs(a.v - b.v) > {low} {top}""").fetchone()[0]
        out.append((high, float(share or 0.0)))
        low = high
    return out


def _learned(con: duckdb.DuckDBPyConnection, m: FamilyModel, siblings: list[dict], parents: list[dict],
             out: dict | None, close: float, pages: float) -> tuple[FamilyModel, list[dict], list[dict]]:
    """The model with KIN learned per relation, and the rows with chances the learned factors
    weigh (family_learn.py); a relation the list cannot teach keeps the spec's values."""
    fields = ("settlement", "father", "death_day", "birth_day", "birth_year")
    cursor = con.execute(f"SELECT count(*), {', '.join(f'count({f}) / count(*)' for f in fields)} FROM person_keys")
    individuals, *shares = cursor.fetchone()
    known = dict(zip(fields, (float(s or 0.0) for s in shares)))
    known |= {"page": pages, "birth_close": close, "birth_gaps": _gaps(con, "birth_year", m.birth_gap_years, m.sibling_max_years),
              "death_gaps": _gaps(con, "death_day", m.death_gap_days, float("inf"))}
    kin = {}
    for relation, rows in (("sibling", siblings), ("parent_child", parents)):
        levels = family_learn.levels(rows, relation, known, m)  # once, for both
        # pairs without both births (parent-child) are weighed by what the dated pairs teach
        taught = np.fromiter((not row.get("births_unknown") for row in rows), bool, len(rows))
        found = family_learn.learn([row for row, t in zip(rows, taught) if t], relation, known, individuals, m,
                                   family_learn.subset(levels, taught))
        if out is not None:
            out[relation] = found
        if found is not None:
            kin[f"kin_{relation}"] = found.kin
        rows[:] = family_learn.apply(rows, relation, found, known, m, levels)
    return replace(m, **kin), siblings, parents


def _likeliest_parents(rows: list[dict], m: FamilyModel) -> list[dict]:
    """Each child's likeliest parent. A child has one father: the candidates compete, and the
    likeliest is the parent with odds o / (1 + the others' odds), o = KIN / E each; so its chance
    E grows by a factor 1 + the others' odds. `rows` holds every candidate of odds 1 or more (and
    every one a link may have)."""
    kin, best, others = m.kin("parent_child"), {}, {}
    for row in rows:  # likeliest first
        if row["b"] in best:
            others[row["b"]] = others.get(row["b"], 0.0) + kin / max(row["chance"], 1e-300)
        else:
            best[row["b"]] = row
    return [row | {"chance": row["chance"] * (1 + others.get(child, 0.0))} for child, row in best.items()]


def _children_of_one_parent(con: duckdb.DuckDBPyConnection, parent_links: list[dict],
                            m: FamilyModel) -> list[dict]:
    """Two children of one parent are siblings as surely as both links hold (the product of the
    two confidences), unless the two may be one person."""
    children: dict = {}
    for link in parent_links:
        children.setdefault(link["a"], []).append(link)
    pairs = [(*sorted((x["b"], y["b"])), x["confidence"] * y["confidence"], parent)
             for parent, kids in children.items() for i, x in enumerate(kids) for y in kids[i + 1:]
             if x["confidence"] * y["confidence"] >= m.min_confidence]
    if not pairs:
        return []
    cursor = con.execute(f"""SELECT k.*, coalesce(a.birth_day = b.birth_day, false) AS twins, {_ONE_LIFE}
        FROM (SELECT unnest(?) AS a, unnest(?) AS b, unnest(?) AS confidence, unnest(?) AS parent) k
        JOIN person_keys a ON a.cluster_id = k.a JOIN person_keys b ON b.cluster_id = k.b""",
                         [list(column) for column in zip(*pairs)])
    columns = [d[0] for d in cursor.description]
    out = []
    for row in (dict(zip(columns, values)) for values in cursor.fetchall()):
        if not _could_be_one(row):
            chance = m.kin("sibling") * (1 - row["confidence"]) / row["confidence"]
            out.append({"a": row["a"], "b": row["b"], "relation": "sibling", "twins": row["twins"],
                        "confidence": round(row["confidence"], 4), "chance": chance,
                        "evidence": f"children of one parent ({row['parent']}); chance {chance:.2g}"})
    return out


def _link(row: dict, relation: str, m: FamilyModel) -> dict:
    return {"a": row["a"], "b": row["b"], "relation": relation,
            "twins": bool(row.get("twins")),
            "confidence": round(m.kin(relation) / (m.kin(relation) + row["chance"]), 4),
            "chance": row["chance"], "evidence": _evidence(row, relation)}
