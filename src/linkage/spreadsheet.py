"""CSV cells a spreadsheet will not run: the run folder's CSVs for people (individuals.csv,
rejects.csv, households.csv) prefix a text value that begins like a formula with an apostrophe.

A name such as `=HYPERLINK("http://…")` or `@SUM(…)` in a volunteer's list would otherwise be
evaluated when a reviewer opens the file in Excel or LibreOffice (CSV injection, OWASP). The
Parquet files keep every value as read; clusters.csv holds ids that programs read back, and
stays as it is.
"""

from __future__ import annotations

from linkage.database import quote_ident

# OWASP's list: what makes a spreadsheet read a cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """A cell value a spreadsheet shows as text (non-strings unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_sql(column: str) -> str:
    """SQL for a VARCHAR column as safe_text would write it, under its own name."""
    ident = quote_ident(column)
    starts = " OR ".join(f"starts_with({ident}, chr({ord(c)}))" for c in FORMULA_START)
    return f"CASE WHEN {starts} THEN '''' || {ident} ELSE {ident} END AS {ident}"


def safe_select(con, relation: str, columns) -> str:
    """A SELECT list of `columns` of `relation` with every text column made safe_text."""
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {relation})").fetchall())
    return ", ".join(safe_sql(c) if types.get(c) == "VARCHAR" else quote_ident(c) for c in columns)
