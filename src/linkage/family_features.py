"""Family features in SQL: per individual, the commonest value of each field its mentions give,
and how common each value is among the list's individuals (the shares the chance model in
family_chance.py multiplies).

Reads the DuckDB tables `clusters` and `features`; writes temporary tables `mention_area`,
`mention_keys`, `person_base`, `person_pages`, `person_keys` (one row per individual), the fathers' names by
region and surname (`father_counts`, `father_region`, `surname_named`, `surname_here`,
`surname_all`); family_pairs.py pairs the individuals. The rules each table follows are in
family_chance.py's docstring.
"""

from __future__ import annotations

import duckdb

from linkage import schema
from linkage.config import FamilyModel
from linkage.database import scalar

ANY_MENTION = ("surname", "area", "father", "settlement")  # agree when any two mentions agree
# a patronymic whose father's name the tables cannot derive (Марселевич) still names a father
PERSON_FIELDS = {"surname": "f.surname_stem", "first_key": "f.first_key", "first_root": "f.first_root",
                 "father": "coalesce(f.patronymic_father, '~' || f.patronymic_key)", "area": "a.area",
                 "settlement": "f.settlement_key", "birth_day": "f.birth_daynum",
                 "birth_year": "f.birth_year_est", "death_day": "f.death_daynum"}
# a birth date that leaves the person younger than MIN_AGE_AT_DEATH (a year of death or of the
# notice written as the birth year) says nothing of the birth; without a death date, the list's
# earliest deaths (its first percentile) stand for it
YOUNG = "coalesce(coalesce(f.death_year, {first_deaths}) - f.birth_year_est < {min_age}, false)"


def _areas(con: duckdb.DuckDBPyConnection, m: FamilyModel) -> None:
    """`mention_area` (unique_id, area): the region of the mention's settlement, else its region."""
    con.execute("""CREATE OR REPLACE TEMP TABLE place_votes AS
        SELECT settlement_key, region_key, count(*) AS n FROM features
        WHERE settlement_key IS NOT NULL AND region_key IS NOT NULL GROUP BY ALL""")
    # a region key whose settlements mostly belong to another region is an alias of it
    con.execute(f"""CREATE OR REPLACE TEMP TABLE region_alias AS
        WITH home AS (SELECT settlement_key, arg_max(region_key, {{'n': n, 'r': region_key}}) AS region
                      FROM place_votes GROUP BY settlement_key)
        SELECT v.region_key, arg_max(h.region, {{'n': v.n, 'r': h.region}}) AS region
        FROM place_votes v JOIN home h USING (settlement_key)
        GROUP BY v.region_key HAVING max(v.n) >= {m.settlement_owns} * sum(v.n)""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE settlement_region AS
        SELECT settlement_key, arg_max(region, {{'n': n, 'r': region}}) AS region
        FROM (SELECT v.settlement_key, coalesce(a.region, v.region_key) AS region, sum(v.n) AS n
              FROM place_votes v LEFT JOIN region_alias a USING (region_key) GROUP BY ALL)
        GROUP BY settlement_key HAVING max(n) >= {m.settlement_owns} * sum(n)""")
    # the settlement wins: an ambiguous abbreviation (РБ: Bashkortostan or Buryatia) yields to it
    con.execute("""CREATE OR REPLACE TEMP TABLE mention_area AS
        SELECT f.unique_id, coalesce(s.region, a.region, f.region_key) AS area
        FROM features f LEFT JOIN settlement_region s USING (settlement_key)
        LEFT JOIN region_alias a ON a.region_key = f.region_key""")


def _commonest(field: str) -> str:
    """SQL: per individual, the value most of its mentions give (ties: a father's name the tables
    derive before one they cannot, then the greatest), NULLs aside (v); and every value they give,
    where they give more than one (vs). Both from one count per individual and value: a
    count(DISTINCT) and a list(DISTINCT) beside it, per field, had grouped the mentions twice more
    (person_base 1.5 s at 200k mentions on a busy machine, 0.73 s without them)."""
    known = f"NOT starts_with({field}, '~')" if field == "father" else "true"
    return f"""SELECT cluster_id, arg_max({field}, {{'n': n, 'known': {known}, 'v': {field}}}) AS v,
               CASE WHEN count(*) > 1 THEN list({field}) END AS vs
        FROM (SELECT cluster_id, {field}, count(*) AS n FROM mention_keys
              WHERE {field} IS NOT NULL GROUP BY ALL)
        GROUP BY cluster_id"""


# A father's name written loosely: an initial (С., S.) fits any name it begins; a patronymic the
# tables could not derive (Сергевичч, Iurevic) fits the name it was written from (all but the
# name's last letter begin it). Keys the tables could not derive start with "~".
FATHER_FITS = ("""CREATE OR REPLACE TEMP MACRO father_loose(x, y) AS starts_with(x, '~') AND NOT starts_with(y, '~')
        AND ((length(x) <= 3 AND starts_with(y, substr(x, 2)))
             OR (length(x) > 4 AND length(y) >= 4 AND starts_with(substr(x, 2), left(y, length(y) - 1))))""",
               "CREATE OR REPLACE TEMP MACRO father_fits(x, y) AS father_loose(x, y) OR father_loose(y, x)")


def person_keys(con: duckdb.DuckDBPyConnection, m: FamilyModel) -> None:
    """`person_keys`: per individual, the commonest key of each field, and how common it is; and
    the SQL macro father_fits (FATHER_FITS) the chance model's queries use."""
    for macro in FATHER_FITS:
        con.execute(macro)
    _areas(con, m)
    first_deaths = scalar(con, "SELECT quantile_disc(death_year, 0.01) FROM features")
    young = YOUNG.format(min_age=m.min_age_at_death, first_deaths=first_deaths or "NULL")
    values = {name: f"CASE WHEN {young} THEN NULL ELSE {value} END" if name.startswith("birth") else value
              for name, value in PERSON_FIELDS.items()}
    con.execute(f"""CREATE OR REPLACE TEMP TABLE mention_keys AS
        SELECT c.cluster_id, {", ".join(f"{value} AS {name}" for name, value in values.items())}
        FROM clusters c JOIN features f USING (unique_id) JOIN mention_area a USING (unique_id)""")
    joins = " ".join(f"LEFT JOIN ({_commonest(name)}) {name} USING (cluster_id)"
                     for name in PERSON_FIELDS)
    _pages(con)
    joins += " LEFT JOIN person_pages USING (cluster_id)"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE person_base AS
        SELECT cluster_id, {", ".join(f"{name}.v AS {name}" for name in PERSON_FIELDS)},
               {", ".join(f"{name}.vs AS {name}s" for name in ANY_MENTION)}, pages
        FROM (SELECT DISTINCT cluster_id FROM clusters) {joins}""")
    # shares among the individuals of one area (unknown areas form one group: the whole list); a
    # settlement's among those of the region it belongs to: an individual whose mentions name two
    # regions (often two men merged) may have his settlement from one and his area from the other,
    # where the settlement is rare (Ростов-на-Дону among Nizhny Novgorod's), and strangers of his
    # surname there were linked as brothers (oh2 1M: E 0.002 for Ivanovs, Vladimirovich, of Rostov).
    # Counted by GROUP BY and joined back (a NULL key a group, as a window's partition): eight
    # windows over the columns they read, each sorting every individual, had taken 0.56 s at 200k
    # mentions, these 0.23 s (windows over person_base's wide rows had taken twice as long again).
    groups = {"by_surname": "surname", "by_area": "area", "by_area_surname": "area, surname",
              "by_father": "area, father", "by_place": "settled_in", "by_settlement": "settled_in, settlement",
              "by_birth": "birth_day"}
    counts = ",\n        ".join(f"{name} AS (SELECT {keys}, count(*) AS n, count(father) AS fathers, "
                                 f"count(settlement) AS settlements FROM people GROUP BY {keys})"
                                 for name, keys in groups.items())
    joins = " ".join(f"JOIN {name} ON " + " AND ".join(f"{name}.{key} IS NOT DISTINCT FROM p.{key}"
                                                       for key in keys.split(", "))
                     for name, keys in groups.items())
    con.execute(f"""CREATE OR REPLACE TEMP TABLE person_keys AS WITH
        people AS (SELECT cluster_id, area, surname, father, settlement, death_day, birth_day,
                          coalesce(s.region, area) AS settled_in
                   FROM person_base LEFT JOIN settlement_region s ON s.settlement_key = settlement),
        total AS (SELECT count(*) AS n, count(death_day) AS deaths, count(birth_day) AS births FROM people),
        -- a pair is killed together within a day: the share of deaths on the day and either side
        died AS (SELECT death_day, (sum(n) OVER (ORDER BY death_day RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING))::BIGINT
                     AS near FROM (SELECT death_day, count(*) AS n FROM people WHERE death_day IS NOT NULL GROUP BY death_day)),
        {counts}
        SELECT person_base.*, greatest(by_area_surname.n - 2, (by_surname.n - 2) * by_area.n / total.n)
                   AS surname_others,
               by_surname.n - 2 AS surname_others_all, by_father.n / by_area.fathers AS father_share,
               by_settlement.n / by_place.settlements AS settlement_share,
               CASE WHEN p.death_day IS NOT NULL THEN died.near / total.deaths END AS death_share,
               by_birth.n / total.births AS birth_share
        FROM person_base JOIN people p USING (cluster_id) CROSS JOIN total {joins}
        LEFT JOIN died ON died.death_day = p.death_day""")
    # fathers' names by region, and by surname and region: how common a name is among the carriers
    # of the surname elsewhere (family_chance._elsewhere)
    con.execute("""CREATE OR REPLACE TEMP TABLE father_counts AS
        SELECT surname, coalesce(area, '') AS area, father, count(*) AS n FROM person_base
        WHERE father IS NOT NULL GROUP BY ALL""")
    con.execute("""CREATE OR REPLACE TEMP TABLE father_region AS
        SELECT area, father, sum(n) / sum(sum(n)) OVER (PARTITION BY area) AS share
        FROM father_counts GROUP BY area, father""")
    con.execute("""CREATE OR REPLACE TEMP TABLE surname_named AS
        SELECT surname, father, sum(n) AS n FROM father_counts GROUP BY ALL""")
    con.execute("""CREATE OR REPLACE TEMP TABLE surname_here AS
        SELECT surname, area, sum(n) AS n FROM father_counts GROUP BY ALL""")
    con.execute("""CREATE OR REPLACE TEMP TABLE surname_all AS
        SELECT surname, sum(n) AS n FROM father_counts GROUP BY ALL""")
    # settlements by surname and region: how common a settlement is among the surname's carriers
    # (family_chance._settled)
    con.execute("""CREATE OR REPLACE TEMP TABLE surname_settled AS
        SELECT surname, coalesce(area, '') AS area, settlement, count(*) AS n FROM person_base
        WHERE settlement IS NOT NULL GROUP BY ALL""")
    con.execute("""CREATE OR REPLACE TEMP TABLE surname_settled_all AS
        SELECT surname, area, sum(n) AS n FROM surname_settled GROUP BY ALL""")
    _loose_fits(con)


def _loose_fits(con: duckdb.DuckDBPyConnection) -> None:
    """`loose_siblings` (a, b), in both orders: individuals of one surname (any mention's) with
    fathers' names that fit only loosely (father_fits: an initial, a patronymic the tables could
    not derive); `loose_parents` (a, b): the child a's father's name fits parent b's first
    name so. Why tables: testing the lists of every pair of one surname was half the family stage at
    200k mentions (9 of 27 s); a written name and the names it fits begin with one letter, so
    they meet by surname and letter."""
    con.execute("""CREATE OR REPLACE TEMP TABLE person_names AS
        SELECT cluster_id, surname, unnest(coalesce(fathers, [father])) AS father, first_root
        FROM (SELECT cluster_id, unnest(coalesce(surnames, [surname])) AS surname, fathers, father,
                     first_root FROM person_base)""")
    con.execute("""CREATE OR REPLACE TEMP TABLE loose_written AS
        SELECT DISTINCT cluster_id, surname, father, substr(father, 2, 1) AS letter FROM person_names
        WHERE starts_with(father, '~')""")
    con.execute("""CREATE OR REPLACE TEMP TABLE loose_siblings AS
        WITH fits AS (SELECT DISTINCT l.cluster_id AS a, n.cluster_id AS b FROM loose_written l
                      JOIN person_names n ON n.surname = l.surname AND left(n.father, 1) = l.letter
                      WHERE n.cluster_id <> l.cluster_id AND father_fits(l.father, n.father))
        SELECT a, b FROM fits UNION SELECT b, a FROM fits""")
    con.execute("""CREATE OR REPLACE TEMP TABLE loose_parents AS
        SELECT DISTINCT l.cluster_id AS a, n.cluster_id AS b FROM loose_written l
        JOIN (SELECT DISTINCT cluster_id, surname, first_root FROM person_names) n
          ON n.surname = l.surname AND left(n.first_root, 1) = l.letter
        WHERE n.cluster_id <> l.cluster_id AND father_fits(l.father, n.first_root)""")


def _pages(con: duckdb.DuckDBPyConnection) -> None:
    """`person_pages` (cluster_id, pages): the pages (the contract's optional source_url) its
    mentions were read from; empty when the list has no such column."""
    url = schema.OPTIONAL[0]
    has = scalar(con, f"SELECT count(*) FROM (DESCRIBE features) WHERE column_name = '{url}'")
    select = (f"SELECT c.cluster_id, list(DISTINCT f.{url}) FILTER (f.{url} IS NOT NULL) AS pages "
              f"FROM clusters c JOIN features f USING (unique_id) GROUP BY c.cluster_id" if has else
              "SELECT NULL::VARCHAR AS cluster_id, NULL::VARCHAR[] AS pages WHERE false")
    con.execute(f"CREATE OR REPLACE TEMP TABLE person_pages AS {select}")


def page_share(con: duckdb.DuckDBPyConnection) -> float:
    """The chance that two individuals of one area share a page: pairs of one area that do, over
    all pairs of one area (kin and split individuals included, so never an understatement). A
    group obituary names brothers together, and strangers only as often as this. Never below one
    pair's worth; 1 (no evidence) when no two individuals share a page."""
    shared = scalar(con, """WITH p AS (SELECT DISTINCT cluster_id, coalesce(area, '') AS area,
                                              unnest(pages) AS page FROM person_keys)
        SELECT count(DISTINCT (x.cluster_id, y.cluster_id)) FROM p x JOIN p y
        ON x.page = y.page AND x.area = y.area AND x.cluster_id < y.cluster_id""") or 0
    pairs = scalar(con, """SELECT sum(n * (n - 1) / 2) FROM (
        SELECT count(*) AS n FROM person_keys GROUP BY area)""") or 0
    return max(shared, 1) / pairs if shared and pairs else 1.0


def gap_share(con: duckdb.DuckDBPyConnection, low: int, high: int) -> float:
    """The share of random pairs of individuals (a, b) with b born low–high years after a."""
    share = scalar(con, f"""WITH y AS (SELECT birth_year, count(*) / sum(count(*)) OVER () AS p
                                      FROM person_keys WHERE birth_year IS NOT NULL GROUP BY birth_year)
        SELECT sum(a.p * b.p) FROM y a JOIN y b ON b.birth_year - a.birth_year BETWEEN {low} AND {high}
        """)
    return float(share or 0.0)
