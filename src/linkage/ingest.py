"""Ingest: read a CSV or Parquet file of mentions into DuckDB, check it against the mention contract.

Reads: one file (UTF-8 with or without BOM, Windows-1251 or KOI8-R; or Parquet).
Writes: DuckDB tables `mentions` (accepted rows, contract columns + extras as text) and `rejects`
(row, record_id, reason, raw text). Every input row ends in exactly one of them.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb

from linkage.database import quote_ident, scalar
from linkage.errors import InputError

CONTRACT = (
    "record_id", "source", "full_name", "first_name", "patronymic", "surname",
    "birth_date", "death_date", "age", "region", "settlement", "unit", "rank",
)
NAME_COLUMNS = ("full_name", "first_name", "patronymic", "surname")
ALIASES = {"age_at_death": "age"}
RESERVED_PREFIX = "_"  # internal columns start with "_"; an input column that does is renamed
SAMPLE_BYTES = 1 << 20


@dataclass(frozen=True)
class Ingested:
    """What ingest loaded: counts that must add up, and the columns carried through untouched."""

    path: Path
    sha256: str
    input_rows: int
    accepted: int
    rejected: int
    extra_columns: tuple[str, ...]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_encoding(sample: bytes) -> str:
    """UTF-8 when the sample decodes as UTF-8, else the likelier of Windows-1251 and KOI8-R.

    The two Cyrillic code pages map the same bytes to different letters; the one that yields
    more lowercase vowels (the commonest Russian letters) is the right one.
    """
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut by the sample's end
            return "utf-8"

    def vowels(encoding: str) -> int:
        text = sample.decode(encoding, errors="replace")
        return sum(text.count(ch) for ch in "оеаиуя")

    return max(("cp1251", "koi8_r"), key=vowels)


def _as_utf8(path: Path, scratch: Path) -> tuple[Path, str]:
    """The file itself when it is UTF-8, else a UTF-8 copy in the scratch folder."""
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    encoding = detect_encoding(sample)
    if encoding == "utf-8":
        return path, encoding
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / (path.stem + ".utf8.csv")
    with open(path, encoding=encoding, newline="") as src, open(copy, "w", encoding="utf-8", newline="") as dst:
        for block in iter(lambda: src.read(1 << 22), ""):
            dst.write(block)
    return copy, encoding


def _read_header(path: Path) -> tuple[list[str], str]:
    """Header names and delimiter, read with Python's csv so quoted headers survive."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    if not first.strip():
        raise InputError(path, "file is empty or has no header line", row=1)
    delimiter = max([",", ";", "\t"], key=first.count)
    header = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    return [h.strip() for h in header], delimiter


def _canonical_names(path: Path, header: list[str], mapping: dict[str, str]) -> list[str]:
    """Map headers onto contract names (mapping first, then case-insensitive match); keep the rest."""
    names = []
    for index, raw in enumerate(header):
        name = mapping.get(raw, raw)
        lowered = name.lower().replace(" ", "_")
        lowered = ALIASES.get(lowered, lowered)
        if lowered in CONTRACT:
            name = lowered
        elif not name:
            name = f"column_{index + 1}"
        elif name.startswith(RESERVED_PREFIX):
            name = "input" + name
        names.append(name)
    seen = set()
    for name in names:
        if name in seen:
            raise InputError(path, "column appears twice in the header", row=1, column=name)
        seen.add(name)
    if "record_id" not in names:
        raise InputError(path, "required column is missing (use --columns to map yours)",
                         row=1, column="record_id")
    if not any(n in names for n in NAME_COLUMNS):
        raise InputError(path, "no name column: need full_name or first_name/patronymic/surname",
                         row=1, column="full_name")
    return names


def _load_csv(con: duckdb.DuckDBPyConnection, path: Path, mapping: dict, scratch: Path) -> list[str]:
    utf8_path, _ = _as_utf8(path, scratch)
    header, delimiter = _read_header(utf8_path)
    names = _canonical_names(path, header, mapping)
    columns = {f"c{i}": "VARCHAR" for i in range(len(names))}
    con.execute(
        "CREATE OR REPLACE TABLE raw AS SELECT row_number() OVER () AS _row, * FROM read_csv($p, "
        "columns=$c, header=true, auto_detect=false, delim=$d, quote='\"', escape='\"', "
        "store_rejects=true, rejects_table='csv_rejects', rejects_scan='csv_scans', "
        "encoding='utf-8', max_line_size=20000000)",
        {"p": str(utf8_path), "c": columns, "d": delimiter},
    )
    for i, name in enumerate(names):
        con.execute(f"ALTER TABLE raw RENAME COLUMN c{i} TO {quote_ident(name)}")
    # _row is the record's number in the file (1 = first after the header), for rejected and
    # accepted rows alike: a parsed row moves down by the rejected rows read before it.
    con.execute(
        "CREATE OR REPLACE TABLE rejects AS SELECT line::BIGINT - 1 AS _row, NULL::VARCHAR AS record_id, "
        "lower(error_type) || ': ' || error_message AS reason, csv_line AS raw FROM csv_rejects "
        "QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1"
    )
    con.execute(
        "UPDATE raw SET _row = _row + (SELECT count(*) FROM (SELECT _row - row_number() OVER "
        "(ORDER BY _row) AS good_before FROM rejects) r WHERE r.good_before < raw._row)"
    )
    return names


def _load_parquet(con: duckdb.DuckDBPyConnection, path: Path, mapping: dict) -> list[str]:
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise InputError(path, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from exc
    header = [row[0] for row in described]
    names = _canonical_names(path, header, mapping)
    select = ", ".join(
        f"CAST({quote_ident(old)} AS VARCHAR) AS {quote_ident(new)}" for old, new in zip(header, names)
    )
    con.execute(
        f"CREATE OR REPLACE TABLE raw AS SELECT row_number() OVER () AS _row, {select} "
        "FROM read_parquet(?)", [str(path)],
    )
    con.execute("CREATE OR REPLACE TABLE rejects (_row BIGINT, record_id VARCHAR, reason VARCHAR, raw VARCHAR)")
    return names


def _validate(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Split raw into mentions and rejects: blank or duplicated record_id, or no name at all."""
    present = [n for n in NAME_COLUMNS if n in names]
    name_text = " || ' ' || ".join(f"coalesce({quote_ident(n)}, '')" for n in present)
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW checked AS
        SELECT *, CASE
            WHEN record_id IS NULL OR trim(record_id) = '' THEN 'blank record_id'
            WHEN count(*) OVER (PARTITION BY trim(record_id) ORDER BY _row ROWS UNBOUNDED PRECEDING) > 1
                THEN 'duplicate record_id (first at row ' ||
                     min(_row) OVER (PARTITION BY trim(record_id)) || ')'
            WHEN NOT regexp_matches({name_text}, '\\pL') THEN 'no name: no letters in any name column'
            END AS _reason
        FROM raw"""
    )
    extras = [n for n in names if n not in CONTRACT]
    contract = ", ".join(
        (f"trim({quote_ident(c)}) AS {c}" if c in names else f"NULL::VARCHAR AS {c}") for c in CONTRACT
    )
    carried = "".join(f", {quote_ident(e)}" for e in extras)
    con.execute(
        f"CREATE OR REPLACE TABLE mentions AS SELECT _row, {contract}{carried} "
        "FROM checked WHERE _reason IS NULL ORDER BY _row"
    )
    raw_text = " || ',' || ".join(f"coalesce({quote_ident(n)}, '')" for n in names)
    con.execute(
        f"INSERT INTO rejects SELECT _row, record_id, _reason, {raw_text} FROM checked "
        "WHERE _reason IS NOT NULL"
    )


def ingest(con: duckdb.DuckDBPyConnection, path: str | Path, columns: dict[str, str] | None = None,
           scratch: Path = Path(".tmp/ingest")) -> Ingested:
    """Load one mentions file into `mentions` and `rejects`; accepted + rejected = input rows."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    if path.stat().st_size == 0:
        raise InputError(path, "file is empty", row=1)
    mapping = dict(columns or {})
    if path.suffix.lower() in (".parquet", ".pq"):
        names = _load_parquet(con, path, mapping)
    else:
        names = _load_csv(con, path, mapping, scratch)
    _validate(con, names)
    accepted = scalar(con, "SELECT count(*) FROM mentions")
    rejected = scalar(con, "SELECT count(*) FROM rejects")
    parsed = scalar(con, "SELECT count(*) FROM raw")
    csv_rejected = scalar(con, "SELECT count(*) FROM rejects WHERE record_id IS NULL AND reason NOT LIKE 'blank%'")
    return Ingested(path, file_sha256(path), parsed + csv_rejected, accepted, rejected,
                    tuple(n for n in names if n not in CONTRACT))
