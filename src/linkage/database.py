"""The one place that opens DuckDB: memory limit, threads and spill directory come from EngineConfig."""

from __future__ import annotations

import glob
from pathlib import Path

import duckdb

from linkage.config import EngineConfig


def connect(config: EngineConfig, path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """An in-process DuckDB whose spill files go to config.temp_directory, never to ./.tmp by accident."""
    temp = Path(config.temp_directory)
    temp.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(path)
    con.execute("SET memory_limit = ?", [config.memory_limit])
    con.execute("SET threads = ?", [config.threads])
    con.execute("SET temp_directory = ?", [str(temp.resolve())])
    con.execute("SET preserve_insertion_order = true")
    return con


def quote_ident(name: str) -> str:
    """A DuckDB identifier quoted so that no header text can break out of it."""
    return '"' + name.replace('"', '""') + '"'


def file_path(path) -> str:
    """A path as DuckDB's file readers take it: one file, never a pattern.

    read_csv and read_parquet expand *, ? and [...] (`g/[ab].csv` would read g/a.csv); glob's
    own escaping ([[], [*], [?]) is what DuckDB's globbing understands.
    """
    return glob.escape(str(path))


def file_literal(path) -> str:
    """file_path as a string literal, for a VIEW over a file (where DuckDB refuses parameters)."""
    return quote_literal(file_path(path))


def quote_literal(text: str) -> str:
    """A DuckDB string literal for where a bound parameter is refused (a VIEW over a file path)."""
    return "'" + str(text).replace("'", "''") + "'"


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params=None):
    """One value, fetched fully: DuckDB 2 refuses new work on a connection with a half-read result."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None
