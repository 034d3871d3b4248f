"""Ingest: read a CSV or Parquet file of mentions into DuckDB, check it against the mention contract.

Reads: one file (formats and encodings: inputfile.py; parsing: readers.py).
Writes: DuckDB tables `mentions` (accepted rows: contract columns, then extra columns as text)
and `rejects` (_row, record_id, reason, raw). `_row` is the row as a spreadsheet numbers it
(header = row 1; Parquet has no header, so its first record is row 1). Every input record ends
in exactly one of the two tables, and a second, independent parser's count proves it.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import duckdb

from linkage import inputfile, readers
from linkage.database import quote_ident, quote_literal, scalar
from linkage.errors import EmptyInput, InputError
from linkage.headers import recognised
from linkage.schema import CONTRACT, INTERNAL, INTERNAL_PREFIXES, NAME_COLUMNS, OPTIONAL

# Contract columns only (extra columns may hold long notes): real full names stay under 200
# characters, so a longer value is a merged cell or a paste gone wrong.
MAX_FIELD_CHARS = 1000


@dataclass(frozen=True)
class Ingested:
    """What ingest loaded: counts that add up, and the columns carried through untouched."""

    path: Path
    sha256: str
    input_rows: int        # counted independently of the parser that loaded the rows
    accepted: int
    rejected: int
    extra_columns: tuple[str, ...]
    encoding: str = "utf-8"
    renamed: tuple[tuple[str, str], ...] = ()


def _clean_header(name: str) -> str:
    """A header without control or format characters (NUL, BOM, zero-width) or outer spaces."""
    return "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf")).strip()


def _contract_name(name: str) -> str | None:
    return recognised(name, (*CONTRACT, *OPTIONAL))


def canonical_names(path: Path, header: list[str], mapping: dict[str, str]):
    """Contract names for the header (mapping first, then the contract's names and the common
    headers of headers.py); rename internal ones. A mapping of a header the file lacks is an error."""
    absent = [src for src in mapping if src not in header and src not in map(_clean_header, header)]
    if absent:
        shown = ", ".join(header[:12]) + (" …" if len(header) > 12 else "")
        raise InputError(path, f"--columns names a header the file lacks (its headers: {shown})",
                         row=1, column=absent[0])
    names, renamed = [], []
    for index, raw in enumerate(header):
        name = _clean_header(mapping.get(raw, mapping.get(_clean_header(raw), raw)))
        if _contract_name(name):
            name = _contract_name(name)
        elif not name:
            name = f"column_{index + 1}"
        elif name.lower() in INTERNAL or name.lower().startswith(INTERNAL_PREFIXES):
            renamed.append((name, "input_" + name.lstrip("_")))
            name = renamed[-1][1]
        names.append(name)
    seen = set()
    for name in names:
        if name.lower() in seen:
            raise InputError(path, "two columns have this name (names ignore case)", row=1, column=name)
        seen.add(name.lower())
    if "record_id" not in names:
        raise InputError(path, "required column is missing (use --columns to map yours)",
                         row=1, column="record_id")
    if not any(n in names for n in NAME_COLUMNS):
        raise InputError(path, "no name column: need full_name or first_name/patronymic/surname",
                         row=1, column="full_name")
    if renamed:
        listed = ", ".join(f"{old!r} as {new!r}" for old, new in renamed)
        warnings.warn(f"{path}: columns named like internal ones are carried through renamed: "
                      f"{listed}", stacklevel=2)
    return names, tuple(renamed)


def _repeated_header(names: list[str], header: list[str] | None) -> list[str]:
    """SQL WHEN for a row that repeats the header line (files pasted together): its record_id and
    at least one more field are the header's own text."""
    if not header:
        return []
    same = [f"(trim({quote_ident(n)}) = {quote_literal(h)})::INT" for n, h in zip(names, header)
            if n in CONTRACT]
    first = quote_literal(header[names.index("record_id")])
    return [f"WHEN trim(record_id) = {first} AND {' + '.join(same)} >= 2 THEN 'repeated header line'"]


def _row_reason(names: list[str], delimiter: str | None, require_name: bool = True,
                header: list[str] | None = None) -> str:
    """SQL for why a parsed row breaks the contract (NULL when it does not); checked in order."""
    present = [c for c in CONTRACT if c in names]
    whens = ["WHEN record_id IS NULL OR trim(record_id) = '' THEN 'blank record_id'"]
    whens += _repeated_header(names, header)
    whens += [f"WHEN length({quote_ident(c)}) > {MAX_FIELD_CHARS} THEN 'column ''{c}'' is longer "
              f"than {MAX_FIELD_CHARS:,} characters (' || length({quote_ident(c)}) || ')'"
              for c in present]
    if delimiter is not None:  # a quote that closed late joins rows: a line break, then a delimiter
        whens += [f"WHEN contains(substr({quote_ident(c)}, strpos({quote_ident(c)}, chr(10))), $d) "
                  f"AND contains({quote_ident(c)}, chr(10)) THEN 'column ''{c}'' runs over lines "
                  "and holds the delimiter: a misplaced quote has probably joined rows'"
                  for c in present]
    text = " || ' ' || ".join(f"coalesce({quote_ident(n)}, '')" for n in NAME_COLUMNS if n in names)
    if require_name:
        whens.append(f"WHEN NOT regexp_matches({text}, '\\pL') THEN 'no name: no letters in any name column'")
    return "CASE " + " ".join(whens) + " END"


def _validate(con: duckdb.DuckDBPyConnection, names: list[str], delimiter: str | None,
              require_name: bool = True, header: list[str] | None = None) -> None:
    """Split raw into mentions and rejects; a duplicated record_id counts only among valid rows."""
    params = {"d": delimiter} if delimiter is not None else {}
    con.execute(f"CREATE OR REPLACE TEMP TABLE checked AS SELECT *, "
                f"{_row_reason(names, delimiter, require_name, header)} AS _reason FROM raw", params)
    # duplicates by a hash aggregate, not a window: a window sorts a million ids (2× slower)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE checked AS
        SELECT c.* REPLACE (CASE WHEN c._row > d.first
            THEN 'duplicate record_id (first at row ' || d.first || ')' ELSE c._reason END AS _reason)
        FROM checked c LEFT JOIN (
            SELECT trim(record_id) AS id, min(_row) AS first FROM checked WHERE _reason IS NULL
            GROUP BY 1 HAVING count(*) > 1) d
        ON c._reason IS NULL AND trim(c.record_id) = d.id"""
    )
    contract = ", ".join(
        (f"trim({quote_ident(c)}) AS {c}" if c in names else f"NULL::VARCHAR AS {c}") for c in CONTRACT
    )
    carried = "".join(f", {quote_ident(n)}" for n in names if n not in CONTRACT)
    con.execute(f"CREATE OR REPLACE TABLE mentions AS SELECT _row, {contract}{carried} "
                "FROM checked WHERE _reason IS NULL ORDER BY _row")
    # one concat_ws, not a chain of ||: 600 columns would nest past DuckDB's expression depth
    raw_text = "concat_ws($sep, " + ", ".join(f"coalesce({quote_ident(n)}, '')" for n in names) + ")"
    con.execute(f"INSERT INTO rejects SELECT _row, nullif(trim(record_id), ''), _reason, {raw_text} "
                "FROM checked WHERE _reason IS NOT NULL", {"sep": delimiter or ","})
    con.execute("CREATE OR REPLACE TABLE rejects AS SELECT * FROM rejects ORDER BY _row")


def _load(con, path: Path, sniffed: inputfile.Sniffed, mapping: dict, scratch: Path | None):
    """Fill `raw` and `rejects`; returns names, renamed columns, independent count, delimiter."""
    if sniffed.format == "parquet":
        header, types = readers.parquet_columns(con, path)
        names, renamed = canonical_names(path, header, mapping)
        records = readers.parquet_rows(path)
        if records == 0:
            raise EmptyInput(path, "no rows")
        readers.load_parquet(con, path, header, types, names, CONTRACT)
        return names, renamed, records, None, None
    if scratch is not None:
        Path(scratch).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ingest-", dir=scratch))
    try:
        text_path = inputfile.readable_copy(path, sniffed, work)
        header, delimiter = inputfile.read_header(path, text_path)
        names, renamed = canonical_names(path, header, mapping)
        records, blanks = inputfile.count_records(path, text_path, delimiter)
        if records == 0:
            raise EmptyInput(path, "no data rows after the header", row=2)
        readers.load_csv(con, path, text_path, names, delimiter, blanks)
        return names, renamed, records, delimiter, header
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _refuse_empty(con: duckdb.DuckDBPyConnection, path: Path, records: int) -> None:
    """No accepted row means nothing to link: say why with the commonest reason."""
    reason, first, n = con.execute(
        "SELECT reason, min(_row), count(*) FROM (SELECT regexp_replace(reason, ' \\(.*', '') "
        "AS reason, _row FROM rejects) GROUP BY reason ORDER BY count(*) DESC, reason LIMIT 1"
    ).fetchall()[0]
    raise InputError(path, f"every row was rejected ({records:,} rows); the commonest reason, "
                           f"{n:,} times: {reason}", row=first)


def ingest(con: duckdb.DuckDBPyConnection, path: str | Path, columns: dict[str, str] | None = None,
           scratch: Path | None = None, require_name: bool = True) -> Ingested:
    """Load one mentions file into `mentions` and `rejects`; accepted + rejected = input rows.

    `scratch` is where a re-encoded copy of a non-UTF-8 file goes (the system's temporary
    folder when None); the copy is deleted before ingest returns. `require_name` (the model
    spec's) rejects rows with no letters in any name column; a spec that identifies people by
    other fields too (the generic person spec: birth date, SSN, address) turns it off.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    if path.stat().st_size == 0:
        raise InputError(path, "file is empty", row=1)
    sniffed = inputfile.sniff(path)
    try:
        names, renamed, records, delimiter, header = _load(con, path, sniffed, dict(columns or {}), scratch)
        _validate(con, names, delimiter, require_name, header)
    except duckdb.Error as exc:
        raise InputError(path, f"cannot be read ({str(exc).strip().splitlines()[0]})") from exc
    accepted = scalar(con, "SELECT count(*) FROM mentions")
    rejected = scalar(con, "SELECT count(*) FROM rejects")
    if accepted + rejected != records:
        raise InputError(path, f"{records:,} records in the file but {accepted:,} accepted + "
                               f"{rejected:,} rejected: the file's quoting confuses the parser")
    if accepted == 0:
        _refuse_empty(con, path, records)
    return Ingested(path, sniffed.sha256, records, accepted, rejected,
                    tuple(n for n in names if n not in CONTRACT), sniffed.encoding, renamed)
