"""Canonical individuals: one row per cluster, each field chosen by a documented rule, with provenance.

Reads the DuckDB tables `clusters`, `features` and `mentions`; writes the table `individuals`.
Rules, per field:
- names (first, patronymic, surname): a Cyrillic spelling when any mention has one, else Latin;
  among those, the spelling most mentions use; ties go to the smallest record_id. The first name
  prefers a full form (its key equals its root) over a diminutive, and a name the name tables
  know is written in its full Cyrillic form even when every mention used a diminutive or a Latin
  spelling (Саша, Sasha → Александр).
- Latin names: Cyrillic names transliterated by one scheme (names.to_latin: Wikipedia's, the
  form readers of English-language lists meet most); names only seen in Latin keep their spelling.
- birth and death dates: the most precise date any mention gives (day over month over year),
  the commonest at that precision; so partial dates never overwrite a full one.
- region: the canonical region name (places.region_canonical) of the commonest region.
- provenance: for every field, the record_id that supplied it.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from linkage import names, places
from linkage.database import scalar

# field → (source expression over a row of `canon_rows`, priority expression: lower wins)
_FIELDS = {
    "surname": ("surname", "CASE WHEN regexp_matches(surname, '[А-Яа-яЁё]') THEN 0 ELSE 1 END"),
    "first_name": (
        "first_name",
        ("CASE WHEN regexp_matches(first_name, '[А-Яа-яЁё]') THEN 0 ELSE 2 END"
         " + CASE WHEN first_key = first_root THEN 0 ELSE 1 END")),
    "patronymic": ("patronymic", "CASE WHEN regexp_matches(patronymic, '[А-Яа-яЁё]') THEN 0 ELSE 1 END"),
    "birth_date": ("birth_date", "-length(birth_date)"),
    "death_date": ("death_date", "-length(death_date)"),
    "region": ("region", "CASE WHEN region_key IS NULL THEN 1 ELSE 0 END"),
    "settlement": ("settlement", "0"),
}


def _rows_sql() -> str:
    """Each clustered mention with the columns _FIELDS read (names, dates and keys from
    features; region and settlement as written, from mentions): joined once for every field,
    where each field's query joined the three tables again (0.5 of 1.6 CPU s at 200k)."""
    return """SELECT c.cluster_id, c.record_id, f.surname, f.first_name, f.first_key, f.first_root,
               f.patronymic, f.birth_date, f.death_date, f.region_key, m.region, m.settlement
        FROM clusters c JOIN features f USING (unique_id) JOIN mentions m ON m._row = f.unique_id"""


def _field_sql(field: str, value: str, priority: str) -> str:
    """Per cluster: the value with the best priority, then most mentions, then smallest record_id."""
    return f"""
    SELECT cluster_id, arg_min(value, {{'p': p, 'n': -n, 'r': first_record}}) AS {field},
           arg_min(first_record, {{'p': p, 'n': -n, 'r': first_record}}) AS {field}_from
    FROM (SELECT cluster_id, {value} AS value, min({priority}) AS p, count(*) AS n,
                 min(record_id) AS first_record
          FROM canon_rows
          WHERE {value} IS NOT NULL AND trim({value}) <> ''
          GROUP BY cluster_id, {value})
    GROUP BY cluster_id"""


def build_individuals(con: duckdb.DuckDBPyConnection) -> int:
    """Create `individuals` (one row per cluster_id); returns the number of individuals."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE canon_rows AS {_rows_sql()}")
    for field, (value, priority) in _FIELDS.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE canon_{field} AS {_field_sql(field, value, priority)}")
    joins = " ".join(f"LEFT JOIN canon_{f} USING (cluster_id)" for f in _FIELDS)
    con.execute(
        f"""CREATE OR REPLACE TABLE individuals AS
        SELECT cluster_id, n_mentions, sources, record_ids,
               {", ".join(f"canon_{f}.{f}, canon_{f}.{f}_from" for f in _FIELDS)}
        FROM (SELECT cluster_id, count(*) AS n_mentions,
                     string_agg(DISTINCT m.source, ';' ORDER BY m.source) AS sources,
                     string_agg(c.record_id, ';' ORDER BY c.record_id) AS record_ids
              FROM clusters c JOIN mentions m ON m._row = c.unique_id GROUP BY cluster_id) base
        {joins}
        ORDER BY cluster_id"""
    )
    _add_latin_and_region(con)
    return scalar(con, "SELECT count(*) FROM individuals")


def _add_latin_and_region(con: duckdb.DuckDBPyConnection) -> None:
    """Latin forms and the canonical region name, computed once per distinct value in Python."""
    firsts = [r[0] for r in con.execute(
        "SELECT DISTINCT first_name FROM individuals WHERE first_name IS NOT NULL").fetchall()]
    con.register("full_first", pa.table({"v": firsts, "full": [names.full_first_name(v) for v in firsts]}))
    con.execute("UPDATE individuals SET first_name = f.full FROM full_first f "
                "WHERE individuals.first_name = f.v")
    for column in ("surname", "first_name", "patronymic"):
        values = [r[0] for r in con.execute(
            f"SELECT DISTINCT {column} FROM individuals WHERE {column} IS NOT NULL").fetchall()]
        con.register(f"latin_{column}", pa.table({"v": values, "latin": [names.to_latin(v) for v in values]}))
        con.execute(f"ALTER TABLE individuals ADD COLUMN {column}_latin VARCHAR")
        con.execute(f"UPDATE individuals SET {column}_latin = l.latin FROM latin_{column} l "
                    f"WHERE individuals.{column} = l.v")
    regions = [r[0] for r in con.execute(
        "SELECT DISTINCT region FROM individuals WHERE region IS NOT NULL").fetchall()]
    con.register("region_canon", pa.table(
        {"v": regions, "canon": [places.region_canonical(r) for r in regions]}))
    con.execute("ALTER TABLE individuals ADD COLUMN region_canonical VARCHAR")
    con.execute("UPDATE individuals SET region_canonical = coalesce(r.canon, r.v) FROM region_canon r "
                "WHERE individuals.region = r.v")

