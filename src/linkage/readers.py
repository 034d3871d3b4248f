"""Load a mentions file into the DuckDB table `raw`, every value as text, and its rejected lines.

Reads one CSV (UTF-8, as inputfile.py prepares it) or Parquet file. Writes `raw` (`_row`, then
one VARCHAR column per header name) and `rejects` (_row, record_id, reason, raw) holding the
lines DuckDB's CSV parser could not read. Names reach SQL only as quoted identifiers or bound
parameters.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from linkage.database import file_path, quote_ident
from linkage.errors import InputError
from linkage.schema import DATE_COLUMNS

MAX_LINE_BYTES = 20_000_000
REJECTS_SCHEMA = "(_row BIGINT, record_id VARCHAR, reason VARCHAR, raw VARCHAR)"


def _csv_rejects(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """DuckDB's rejected lines, one per row, with a reason a person can act on."""
    con.execute(
        r"""CREATE OR REPLACE TEMP TABLE csv_rejected AS
        WITH r AS (
            SELECT line::BIGINT AS _row, error_type, error_message,
                list_extract($names, try_cast(substr(column_name, 2) AS INTEGER) + 1) AS col,
                regexp_extract(error_message, 'Found: (\d+)', 1) AS found,
                trim(csv_line, chr(10) || chr(13)) AS raw
            FROM csv_rejects
            QUALIFY row_number() OVER (PARTITION BY line ORDER BY byte_position) = 1)
        SELECT _row, error_type, col, raw, CASE
            WHEN error_type = 'TOO MANY COLUMNS' AND found <> ''
                THEN 'too many fields: expected ' || len($names) || ', found ' || found
            WHEN error_type = 'MISSING COLUMNS' AND found <> ''
                THEN 'too few fields: expected ' || len($names) || ', found ' || found
            WHEN error_type = 'UNQUOTED VALUE'
                THEN 'stray quote in column ''' || coalesce(col, '?') || ''': a quoted field '
                     || 'must close just before a delimiter or the end of the line'
            WHEN error_type = 'INVALID ENCODING'
                THEN 'invalid UTF-8 in column ''' || coalesce(col, '?') || ''' (mixed encodings?)'
            WHEN error_type = 'LINE SIZE OVER MAXIMUM' THEN 'line longer than 20 MB'
            ELSE lower(error_type) || ': ' || error_message END AS reason
        FROM r""",
        {"names": names},
    )


def _refuse_unbalanced_quote(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """An unterminated quote that swallows the lines after it is an error, not one reject:
    the rows it swallowed would otherwise vanish into a single rejected record."""
    found = con.execute(
        "SELECT _row, col, len(string_split(raw, chr(10))) FROM csv_rejected "
        "WHERE error_type = 'UNQUOTED VALUE' AND contains(raw, chr(10)) ORDER BY _row LIMIT 1"
    ).fetchall()
    if found:
        row, column, lines = found[0]
        raise InputError(path, f"unbalanced quote: the quoted field that opens here runs over "
                               f"{lines} lines and swallows the rows after it; fix the quote",
                         row=row, column=column)


def _number_rows(con: duckdb.DuckDBPyConnection, blanks: list[int]) -> None:
    """Turn raw._row (2, 3, … over parsed rows) into the row in the file (header = 1).

    DuckDB numbers rejected lines the same way and skips blank lines silently: a parsed row
    moves down by every rejected or blank row before it (an ASOF join: linear, not quadratic).
    """
    if not blanks and not con.execute("SELECT 1 FROM csv_rejected LIMIT 1").fetchall():
        return
    con.execute(
        """CREATE OR REPLACE TEMP TABLE skipped AS
        SELECT good_before, max(k) AS before FROM (
            SELECT r - 1 - row_number() OVER (ORDER BY r) AS good_before,
                   row_number() OVER (ORDER BY r) AS k
            FROM (SELECT _row AS r FROM csv_rejected UNION SELECT unnest($blanks::BIGINT[])))
        GROUP BY good_before""",
        {"blanks": blanks},
    )
    con.execute(
        "CREATE OR REPLACE TABLE raw AS SELECT raw.* REPLACE (raw._row + coalesce(s.before, 0) "
        "AS _row) FROM raw ASOF LEFT JOIN skipped s ON raw._row - 1 > s.good_before ORDER BY raw._row"
    )


def load_csv(con: duckdb.DuckDBPyConnection, path: Path, text_path: Path, names: list[str],
             delimiter: str, blanks: list[int]) -> None:
    """Parse `text_path` (UTF-8) with DuckDB into `raw` and its bad lines into `rejects`."""
    # one SELECT names every column: renaming one by one would collide with a header named c1
    named = ", ".join(f"c{i} AS {quote_ident(name)}" for i, name in enumerate(names))
    con.execute(
        f"CREATE OR REPLACE TABLE raw AS SELECT row_number() OVER () + 1 AS _row, {named} FROM read_csv($p, "
        "columns=$c, header=true, auto_detect=false, delim=$d, quote='\"', escape='\"', "
        "store_rejects=true, rejects_table='csv_rejects', rejects_scan='csv_scans', "
        "encoding='utf-8', strict_mode=true, max_line_size=$m)",
        {"p": file_path(text_path), "c": {f"c{i}": "VARCHAR" for i in range(len(names))},
         "d": delimiter, "m": MAX_LINE_BYTES},
    )
    _csv_rejects(con, names)
    _refuse_unbalanced_quote(con, path)
    _number_rows(con, blanks)
    con.execute(f"CREATE OR REPLACE TABLE rejects {REJECTS_SCHEMA}")
    # the record_id as well as a line that failed to parse can tell: its field by position
    con.execute("INSERT INTO rejects SELECT _row, nullif(trim(split_part(raw, $d, $k), ' \"'), ''), "
                "reason, raw FROM csv_rejected", {"d": delimiter, "k": names.index("record_id") + 1})


def parquet_columns(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[list[str], list[str]]:
    """Column names and DuckDB types of a Parquet file."""
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [file_path(path)]).fetchall()
    except duckdb.Error as exc:
        raise InputError(path, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from exc
    return [row[0] for row in described], [row[1] for row in described]


def parquet_rows(path: Path) -> int:
    """The row count in the Parquet footer, read by pyarrow: independent of DuckDB's scan."""
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception as exc:  # pyarrow raises several types for a bad footer
        raise InputError(path, f"not a readable Parquet file ({exc})") from exc


def _as_text(ident: str, type_: str, name: str) -> str:
    """SQL turning one Parquet column into text the contract reads (integral floats lose '.0')."""
    if type_ in ("FLOAT", "DOUBLE"):
        return (f"CASE WHEN NOT isfinite({ident}) THEN NULL WHEN {ident} = trunc({ident}) "
                f"AND abs({ident}) < 1e15 THEN CAST(CAST({ident} AS BIGINT) AS VARCHAR) "
                f"ELSE CAST({ident} AS VARCHAR) END")
    if name in DATE_COLUMNS and (type_ == "DATE" or type_.startswith("TIMESTAMP")):
        return f"strftime(CAST({ident} AS DATE), '%Y-%m-%d')"
    return f"CAST({ident} AS VARCHAR)"


def _nested(type_: str) -> bool:
    return type_ == "BLOB" or type_.endswith("]") or type_.startswith(("STRUCT", "MAP", "UNION"))


def load_parquet(con: duckdb.DuckDBPyConnection, path: Path, header: list[str], types: list[str],
                 names: list[str], contract: tuple[str, ...]) -> None:
    """Read a Parquet file into `raw` as text; a contract column of a nested or binary type is an error."""
    for name, type_ in zip(names, types):
        if name in contract and _nested(type_):
            raise InputError(path, f"Parquet type {type_} cannot be read as text; contract "
                                   "columns hold text, numbers or dates", column=name)
    select = ", ".join(f"{_as_text(quote_ident(old), type_, new)} AS {quote_ident(new)}"
                       for old, type_, new in zip(header, types, names))
    try:
        con.execute(f"CREATE OR REPLACE TABLE raw AS SELECT row_number() OVER () AS _row, {select} "
                    "FROM read_parquet(?)", [file_path(path)])
    except duckdb.Error as exc:
        raise InputError(path, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from exc
    con.execute(f"CREATE OR REPLACE TABLE rejects {REJECTS_SCHEMA}")
