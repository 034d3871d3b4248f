"""Normalise: turn accepted mentions into the comparison features Splink reads.

Reads the DuckDB table `mentions`; writes the table `features` (one row per mention, keyed by
`unique_id` = the mention's row). Every extra input column (not in the mention contract) is
carried into `features` under its own name as cleaned text, so a model spec can compare it
(bar a name Splink cannot parse: splink_can_read).
Python work (name parsing, transliteration keys, dates) runs once per distinct value and is
joined back in SQL: at 1M mentions, per-row Python was the cost.
"""

from __future__ import annotations

import warnings
from collections import Counter
from functools import partial

import duckdb
import pyarrow as pa

from linkage import names, places, service
from linkage.config import DEFAULT_SPEC, Dates, load_spec
from linkage.database import quote_ident, scalar
from linkage.dates import day_number, parse_date, short_year_first, within
from linkage.schema import BOOKKEEPING, CONTRACT, FEATURE_COLUMNS


def splink_can_read(name: str) -> bool:
    """Whether Splink can take `name` as a column: it quotes names without escaping, so a header
    with a double quote (say "hi") or one that opens with [ breaks its parser. Such a column
    stays in mentions.parquet, untouched, but not in features: no spec could compare it anyway.
    Splink's own InputColumn decides, as no public function says what it accepts."""
    from splink.internals.input_column import InputColumn
    from sqlglot.errors import SqlglotError

    try:
        InputColumn(name, sqlglot_dialect_str="duckdb")
    except (ValueError, SqlglotError):  # Splink's own error, or sqlglot's ParseError / TokenError
        return False
    return True


def extra_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The extra input columns, in file order. Ingest has already renamed any that a later stage
    writes itself (first_key → input_first_key), so none can collide with a feature column."""
    names = [r[0] for r in con.execute("SELECT name FROM pragma_table_info('mentions')").fetchall()]
    taken = {*CONTRACT, *BOOKKEEPING, *FEATURE_COLUMNS, "unique_id"}
    clash = [n for n in names if n not in CONTRACT and n not in BOOKKEEPING and n.lower() in taken]
    if clash:  # only reachable when mentions did not come through ingest
        raise ValueError(f"extra columns named like feature columns: {clash}")
    return [n for n in names if n.lower() not in taken]


def _cleaned_text(column: str) -> str:
    """SQL: trimmed, lower-case, inner whitespace collapsed to one space, empty → NULL."""
    quoted = quote_ident(column)
    return (f"nullif(trim(regexp_replace(lower(CAST(m.{quoted} AS VARCHAR)), '[\\s\\pZ]+', ' ', 'g')), '')"
            f" AS {quoted}")


def _register(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list]) -> None:
    con.register(name, pa.table(columns))


def _distinct(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _plain_key(token: str) -> str:
    """The baseline: one transliteration scheme, lower-cased, letters only (no scheme reversal)."""
    return "".join(ch for ch in names.to_latin(token).lower() if ch.isalpha())


# The characters Python's str.strip() removes (every one in the Basic Multilingual Plane, where
# all of Unicode's whitespace lies) as an RE2 class, to strip a name part in SQL as Python would.
# (DuckDB's trim(x, characters) does the same 6x slower: 0.2 s for 181k rows of three parts.)
_WHITESPACE = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in map(chr, range(0x10000)) if ch.isspace()) + "]"


def _name_parts(con: duckdb.DuckDBPyConnection) -> None:
    """Table name_parts: each distinct (full_name, first, patronymic, surname) split into the
    three parts. Parts given in their own columns win; full_name fills the parts left blank.

    Python splits each distinct full_name once; SQL pairs it with the parts given beside it (at
    200k mentions, 131k full names in 181k combinations: a Python loop over these cost 0.9 s).
    """
    fulls = [r[0] for r in _distinct(con, "SELECT DISTINCT full_name FROM mentions WHERE full_name <> ''")]
    parsed = [names.split_full_name(full) for full in fulls]
    _register(con, "full_name_parts", {"full_name": fulls, "first": [p.first for p in parsed],
                                       "patr": [p.patronymic for p in parsed],
                                       "sur": [p.surname for p in parsed]})
    strip = f"'^{_WHITESPACE}+|{_WHITESPACE}+$', '', 'g'"
    given = {part: f"coalesce(nullif(regexp_replace(n.{column}, {strip}), ''), f.{part}, '') AS {part}"
             for part, column in (("first", "first_name"), ("patr", "patronymic"), ("sur", "surname"))}
    con.execute(f"""CREATE OR REPLACE TEMP TABLE name_parts AS
        SELECT n.full_name, n.first_name AS first_in, n.patronymic AS patr_in, n.surname AS sur_in,
            {given["first"]}, {given["patr"]}, {given["sur"]}
        FROM (SELECT DISTINCT full_name, first_name, patronymic, surname FROM mentions) n
        LEFT JOIN full_name_parts f ON f.full_name = n.full_name""")


def _a_known_name(token: str) -> bool:
    """The token is a name the tables know (a full, pet or foreign form), not an initial or a
    form they lack: blocking pairs an initial or an unknown form with every name of its letter,
    but two known names of different groups (Андрей, Алексей) only by the other rules."""
    return len(names.name_key(token)) > 2 and names.is_first_name(token)


# Each name part's feature columns and how the transliteration-robust mode computes them; the
# "plain" baseline computes each key (not first_known) as a single-scheme transliteration (_plain_key).
_TOKEN_FEATURES = {
    "first": {"first_key": names.name_key, "first_root": names.first_name_root,
              "first_group": names.first_name_group, "first_phon": names.phonetic_key,
              "first_known": _a_known_name},
    "patr": {"patronymic_key": names.patronymic_key, "patronymic_father": names.patronymic_father},
    "sur": {"surname_key": names.name_key, "surname_stem": names.surname_stem,
            "surname_phon": lambda t: names.phonetic_key(names.surname_stem(t))},
}


def _token_keys(con: duckdb.DuckDBPyConnection, mode: str) -> None:
    """Tables first_keys, patr_keys, sur_keys: the features of each distinct name token."""
    for part, features in _TOKEN_FEATURES.items():
        tokens = [r[0] for r in _distinct(con, f"SELECT DISTINCT {part} FROM name_parts WHERE {part} <> ''")]
        table = {part: tokens}
        for column, keyer in features.items():
            # first_known says what the tables know, not how a name is keyed: no mode changes it
            keyer = _plain_key if mode == "plain" and column != "first_known" else keyer
            table[column] = [keyer(t) for t in tokens]
        _register(con, f"{part}_keys", table)


# Surname blocking keys: a key and its one-deletion neighbourhood (names.one_deleted), so a
# surname and its typos share one.
MIN_DELETION_KEY = 4
_MAX_HOPS = 8


def deletion_keys(key: str) -> list[str]:
    """Sorted distinct deletion neighbourhood of a key, keeping strings of MIN_DELETION_KEY or more."""
    if len(key) < MIN_DELETION_KEY:
        return [key] if key else []
    return sorted(k for k in names.one_deleted(key) if len(k) >= MIN_DELETION_KEY)


def surname_common(con: duckdb.DuckDBPyConnection, table: str = "features") -> None:
    """Table surname_common (stem, common): each surname stem → the commonest stem a chain of
    one-letter edits leads to (Kuselin → Kudelin when Kudelin is more frequent; ties go to the
    alphabetically first). One scalar key puts a surname and its typos in one block, where an
    exploded deletion array would join every same-surname pair once per letter. Counts the
    column surname_stem of `table`, one row a mention."""
    counts = con.execute(f"""SELECT surname_stem, count(*) FROM {table} WHERE surname_stem IS NOT NULL
                             GROUP BY 1""").fetchall()
    stems = [s for s, _ in counts]
    _register(con, "stem_counts", {"stem": stems, "n": [n for _, n in counts],
                                   "deletions": [deletion_keys(s) for s in stems]})
    con.execute("""CREATE OR REPLACE TEMP TABLE surname_common AS
        WITH v AS (SELECT stem, n, unnest(deletions) AS d FROM stem_counts),
        near AS (SELECT DISTINCT a.stem, b.stem AS other, b.n FROM v a JOIN v b ON a.d = b.d)
        SELECT stem, other AS common FROM (
            SELECT *, row_number() OVER (PARTITION BY stem ORDER BY n DESC, other) AS pick FROM near)
        WHERE pick = 1""")
    for _ in range(_MAX_HOPS):  # follow the chain: a typo of a typo reaches the common form
        changed = scalar(con, """SELECT count(*) FROM surname_common a JOIN surname_common b
                                 ON b.stem = a.common WHERE b.common <> a.common""")
        if not changed:
            break
        con.execute("""CREATE OR REPLACE TEMP TABLE surname_common AS SELECT a.stem,
                       coalesce(b.common, a.common) AS common FROM surname_common a
                       LEFT JOIN surname_common b ON b.stem = a.common""")


def _values(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    """The distinct non-null values of one mentions column."""
    return [r[0] for r in _distinct(con, f"SELECT DISTINCT {column} FROM mentions WHERE {column} IS NOT NULL")]


def _short_year_first(values: list[str]) -> bool:
    """Whether the list writes `NN-NN-NN` dates year first: more of its birth and death dates
    (`values`, both columns') so written have a first number no day can be (87-11-26) than a last
    (13-02-96). Both columns vote: a death date's two-digit year (22-25) can always be a day, so
    only the births can say. A third generator's lists wrote them so, and 96-02-13 had read as
    2013, 83 years off."""
    votes = Counter(map(short_year_first, values))
    return votes[True] > votes[False]


def _date_tables(con: duckdb.DuckDBPyConnection, dates: Dates) -> None:
    """Tables birth_date_parsed and death_date_parsed (_date_table), `NN-NN-NN` read as the list
    writes it."""
    births, deaths = _values(con, "birth_date"), _values(con, "death_date")
    year_first = _short_year_first(births + deaths)
    _date_table(con, "birth_date", births, dates.birth_two_digit_until, dates, year_first)
    _date_table(con, "death_date", deaths, dates.death_two_digit_until, dates, year_first)


def _date_table(con: duckdb.DuckDBPyConnection, column: str, values: list[str], until: int, dates: Dates,
                year_first: bool) -> None:
    """Table {column}_parsed: each distinct date as written (`values`) → its parts (`year_first`:
    how the list writes `NN-NN-NN`). A date outside the spec's years is read as missing and
    reported in one warning (the text stays in mentions)."""
    read = [parse_date(v, until, year_first) for v in values]
    parsed = [within(p, dates.first_year, dates.last_year) for p in read]
    outside = [v for v, r, p in zip(values, read, parsed) if r.year is not None and p.year is None]
    if outside:
        rows = scalar(con, f"SELECT count(*) FROM mentions WHERE {column} IN (SELECT unnest(?))", [outside])
        warnings.warn(f"{column}: {rows:,} mentions name a year outside {dates.first_year}-"
                      f"{dates.last_year} (e.g. {min(outside)!r}), read as missing; widen "
                      "[dates] first_year/last_year in the spec if they are real", stacklevel=2)
    _register(con, f"{column}_parsed", {
        column: values,
        "iso": [p.iso for p in parsed],
        "y": [p.year for p in parsed],
        "m": [p.month for p in parsed],
        "d": [p.day for p in parsed],
        "daynum": [day_number(p) for p in parsed],
    })


def _place_table(con: duckdb.DuckDBPyConnection, column: str, keyer) -> None:
    values = _values(con, column)
    _register(con, f"{column}_keys", {column: values, "k": [keyer(v) or None for v in values]})


def _service_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Tables unit_keys and rank_keys: each distinct unit and rank as written → its key."""
    _place_table(con, "unit", service.unit_key)
    ranks = _values(con, "rank")
    read = [service.rank(r) for r in ranks]
    _register(con, "rank_keys", {"rank": ranks, "k": [k or None for k, _ in read],
                                 "ord": pa.array([o for _, o in read], pa.int8())})


# Each mention's row of name_parts (its name columns as written, compared NULL to NULL).
_NAME_JOIN = """LEFT JOIN name_parts p ON p.full_name IS NOT DISTINCT FROM m.full_name
            AND p.first_in IS NOT DISTINCT FROM m.first_name AND p.patr_in IS NOT DISTINCT FROM m.patronymic
            AND p.sur_in IS NOT DISTINCT FROM m.surname"""


def _too_young(dates: Dates) -> str:
    """SQL: the birth (b) leaves the person younger than min_age at death (d; with no death date,
    in age_only_death_year). Such a date is the year of the death or of the notice written in the
    birth column ("b. 2023" beside "died 2023, aged 26"): it is read as missing, so that the age
    dates the birth instead and no birth-date rule parts the mention from its person."""
    return f"b.y > coalesce(d.y, {dates.age_only_death_year}) - {dates.min_age}"


def _birth_if_grown(value: str, dates: Dates) -> str:
    """SQL: a birth column's value, or NULL where the birth leaves the person too young."""
    return f"CASE WHEN NOT ({_too_young(dates)}) THEN {value} END"


def _warn_too_young(con: duckdb.DuckDBPyConnection, dates: Dates) -> None:
    """One warning counting the birth dates read as missing for leaving the person too young."""
    rows = scalar(con, f"""SELECT count(*) FROM mentions m
        JOIN birth_date_parsed b ON b.birth_date = m.birth_date
        LEFT JOIN death_date_parsed d ON d.death_date = m.death_date WHERE {_too_young(dates)}""")
    if rows:
        warnings.warn(f"birth_date: {rows:,} mentions give a birth date that leaves the person "
                      "younger than [dates] min_age at death (a death or notice year in the birth "
                      "column), read as missing", stacklevel=3)


def _age_table(con: duckdb.DuckDBPyConnection, dates: Dates) -> None:
    """Table age_read: each distinct age as written → its years, when within the spec's [dates]
    min_age–max_age. An age as sources print it: `30`, `30 лет`, `30 л.`, `aged 30`, `30 y.o.`,
    `25.5` (a spreadsheet's number, rounded): the one number in the text; none when it holds two
    (`30-31`), a minus or none."""
    years = (r"try_cast(try_cast(replace(regexp_extract(CAST(age AS VARCHAR), "
             r"'^[^\d-]*(\d{1,3}(?:[.,]\d+)?)[^\d]*$', 1), ',', '.') AS DOUBLE) AS INTEGER)")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE age_read AS
        SELECT age, CASE WHEN {years} BETWEEN {dates.min_age} AND {dates.max_age} THEN {years} END AS years
        FROM (SELECT DISTINCT age FROM mentions WHERE age IS NOT NULL)""")


def normalise(con: duckdb.DuckDBPyConnection, mode: str = "keys", dates: Dates | None = None) -> int:
    """Build `features` from `mentions`; returns its row count (equal to the accepted mentions).
    `dates`: the spec's [dates] table (how an age dates a birth); without it, the default spec's."""
    dates = dates or load_spec(DEFAULT_SPEC).dates
    _name_parts(con)
    _token_keys(con, mode)
    _date_tables(con, dates)
    _place_table(con, "region", places.region_key)
    _place_table(con, "settlement", places.settlement_key)
    _service_tables(con)
    _age_table(con, dates)
    extras = "".join(f", {_cleaned_text(c)}" for c in extra_columns(con) if splink_can_read(c))
    _warn_too_young(con, dates)
    _born = partial(_birth_if_grown, dates=dates)
    # surname_common before features, from each mention's stem, so that features is written
    # (and sorted) once: a second pass to add the column cost as much as the first (0.5 s at 200k)
    con.execute(f"""CREATE OR REPLACE TEMP VIEW mention_stems AS
        SELECT nullif(s.surname_stem, '') AS surname_stem FROM mentions m {_NAME_JOIN}
        LEFT JOIN sur_keys s ON s.sur = p.sur""")
    surname_common(con, "mention_stems")
    con.execute(
        f"""CREATE OR REPLACE TABLE features AS
        SELECT m._row AS unique_id, m.record_id, m.source,
            nullif(p.first, '') AS first_name, nullif(p.patr, '') AS patronymic, nullif(p.sur, '') AS surname,
            nullif(f.first_key, '') AS first_key, nullif(f.first_root, '') AS first_root,
            nullif(f.first_group, '') AS first_group, nullif(f.first_phon, '') AS first_phon,
            coalesce(f.first_known, false) AS first_known,
            nullif(pk.patronymic_key, '') AS patronymic_key, nullif(pk.patronymic_father, '') AS patronymic_father,
            nullif(s.surname_key, '') AS surname_key, nullif(s.surname_stem, '') AS surname_stem,
            nullif(s.surname_phon, '') AS surname_phon,
            {_born("b.iso")} AS birth_date, {_born("b.y")} AS birth_year, {_born("b.m")} AS birth_month,
            {_born("b.d")} AS birth_day, {_born("b.daynum")} AS birth_daynum,
            d.iso AS death_date, d.y AS death_year, d.m AS death_month, d.d AS death_day, d.daynum AS death_daynum,
            a.years AS age,
            coalesce({_born("b.y")}, coalesce(d.y, {dates.age_only_death_year}) - a.years) AS birth_year_est,
            r.k AS region_key, st.k AS settlement_key,
            u.k AS unit_key, rk.k AS rank_key, rk.ord AS rank_order{extras}, c.common AS surname_common
        FROM mentions m {_NAME_JOIN}
        LEFT JOIN first_keys f ON f.first = p.first
        LEFT JOIN patr_keys pk ON pk.patr = p.patr
        LEFT JOIN sur_keys s ON s.sur = p.sur
        LEFT JOIN surname_common c ON c.stem = nullif(s.surname_stem, '')
        LEFT JOIN birth_date_parsed b ON b.birth_date = m.birth_date
        LEFT JOIN death_date_parsed d ON d.death_date = m.death_date
        LEFT JOIN region_keys r ON r.region = m.region
        LEFT JOIN settlement_keys st ON st.settlement = m.settlement
        LEFT JOIN unit_keys u ON u.unit = m.unit
        LEFT JOIN rank_keys rk ON rk.rank = m.rank
        LEFT JOIN age_read a ON a.age = m.age
        ORDER BY m._row"""
    )
    return scalar(con, "SELECT count(*) FROM features")
