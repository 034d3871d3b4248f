"""What a mentions file is before it is parsed: format, encoding, line endings, delimiter.

Reads the file's bytes once (hash, encoding statistics, line endings); writes a UTF-8, LF copy
only when DuckDB cannot read the file as it is. `count_records` counts the file's records with
Python's csv module, independently of DuckDB, for ingest's accepted + rejected = input check.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import warnings
from dataclasses import dataclass
from pathlib import Path

from linkage.errors import InputError

BLOCK = 1 << 22
SAMPLE_BYTES = 1 << 20
HEADER_SAMPLE = 1 << 16
DELIMITERS = (",", ";", "\t", "|")
EIGHT_BIT = ("cp1251", "koi8_r")
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson", ".geojson")
_HIGH_BYTES = bytes(range(128, 256))
_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx or .ods workbook?): save it as CSV (UTF-8) first",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook: save it as CSV (UTF-8) first",
    b"\x1f\x8b": "gzip-compressed: decompress it first",
}
csv.field_size_limit(2**31 - 1)  # the default 128 kB limit would stop 1 MB fields


@dataclass(frozen=True)
class Sniffed:
    """The file's format and, for text, its encoding and whether its line endings are mixed."""

    format: str            # "csv" or "parquet"
    sha256: str
    encoding: str = "utf-8"
    mixed_newlines: bool = False

    @property
    def needs_copy(self) -> bool:
        """DuckDB reads UTF-8 (BOM or not) with one kind of line ending; anything else is copied."""
        return self.encoding not in ("utf-8", "utf-8-sig") or self.mixed_newlines


class _Stats:
    """Running counts over the file's blocks: line endings and bytes that are not UTF-8."""

    def __init__(self):
        self.digest = hashlib.sha256()
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.crlf = self.lf = self.cr = self.bad = self.high = 0
        self.last = b""
        self.bad_sample = b""

    def add(self, block: bytes) -> None:
        self.digest.update(block)
        self.crlf += block.count(b"\r\n") + (self.last == b"\r" and block[:1] == b"\n")
        self.lf += block.count(b"\n")
        self.cr += block.count(b"\r")
        self.last = block[-1:]
        high = len(block) - len(block.translate(None, _HIGH_BYTES))
        if high:
            self.high += high
            bad = self.decoder.decode(block).count("\ufffd") - block.count(b"\xef\xbf\xbd")
            self.bad += bad
            if bad and not self.bad_sample:
                self.bad_sample = block[:SAMPLE_BYTES]

    @property
    def mixed_newlines(self) -> bool:
        kinds = (self.crlf, self.lf - self.crlf, self.cr - self.crlf)
        return sum(1 for k in kinds if k) > 1


def _eight_bit(sample: bytes) -> str:
    """Windows-1251 or KOI8-R: the one that decodes to more lowercase vowels, Russian's commonest letters."""

    def vowels(encoding: str) -> int:
        text = sample.decode(encoding, errors="replace")
        return sum(text.count(ch) for ch in "оеаиуя")

    return max(("cp1251", "koi8_r"), key=vowels)


def sniff(path: Path) -> Sniffed:
    """Format by magic bytes (or suffix), encoding by BOM or by how much of the file is valid UTF-8.

    A file whose non-ASCII bytes are mostly valid UTF-8 is UTF-8 even with a few broken rows
    (DuckDB rejects those rows); one whose non-ASCII bytes are mostly invalid is an 8-bit
    Cyrillic code page.
    """
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_BYTES)
        for magic, what in _MAGIC.items():
            if head.startswith(magic):
                raise InputError(path, f"not a CSV or Parquet file: {what}")
        stats = _Stats()
        stats.add(head)
        for block in iter(lambda: handle.read(BLOCK), b""):
            stats.add(block)
    sha = stats.digest.hexdigest()
    if path.suffix.lower() in JSON_SUFFIXES or head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith((b"{", b"[{")):
        raise InputError(path, "JSON is not supported: export the list as CSV (UTF-8) or Parquet")
    if head.startswith(b"PAR1"):
        return Sniffed("parquet", sha, encoding="parquet")
    if path.suffix.lower() in (".parquet", ".pq"):
        raise InputError(path, "not a Parquet file: it does not start with the magic bytes PAR1")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Sniffed("csv", sha, "utf-16", True)
    if head.count(b"\x00") > max(8, len(head) // 100):
        raise InputError(path, "not a CSV file: binary content (NUL bytes); UTF-16 needs a BOM")
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif stats.bad * 2 > stats.high:
        encoding = _eight_bit(stats.bad_sample)
    else:
        encoding = "utf-8"
    return Sniffed("csv", sha, encoding, stats.mixed_newlines)


def readable_copy(path: Path, sniffed: Sniffed, scratch: Path) -> Path:
    """The file itself when DuckDB can read it, else a UTF-8 copy with LF line endings."""
    if not sniffed.needs_copy:
        return path
    copy = scratch / "mentions.utf8.csv"
    if sniffed.encoding in EIGHT_BIT:
        _copy_mixed(path, sniffed.encoding, copy)
        return copy
    # newline=None: Python's universal newlines turn CR LF and lone CR into LF
    with open(path, encoding=sniffed.encoding, errors="replace", newline=None) as src, \
            open(copy, "w", encoding="utf-8", newline="") as dst:
        dst.writelines(iter(lambda: src.read(BLOCK), ""))
    return copy


def _copy_mixed(path: Path, encoding: str, copy: Path) -> None:
    """An 8-bit Cyrillic file, line by line: a line that is valid UTF-8 (rows appended from another
    export) is read as UTF-8, the rest in the file's code page. A Cyrillic line in cp1251 or
    KOI8-R is never valid UTF-8 (its letters are lead bytes without continuation bytes), so the
    test cannot misread one; reading such a file whole in one encoding garbled every UTF-8 name."""
    utf8_lines = 0
    with open(path, "rb") as src, open(copy, "w", encoding="utf-8", newline="") as dst:
        for line in src:
            try:
                text = line.decode("utf-8")
                utf8_lines += not line.isascii()
            except UnicodeDecodeError:
                text = line.decode(encoding, errors="replace")
            dst.write(text.replace("\r\n", "\n").replace("\r", "\n"))
    if utf8_lines:
        warnings.warn(f"{path}: {utf8_lines:,} line(s) are UTF-8 in a {encoding} file (mixed "
                      "encodings): each line was read in its own encoding", stacklevel=2)


def _records(handle, delimiter: str):
    return csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)


def read_header(path: Path, text_path: Path) -> tuple[list[str], str]:
    """Header names and the delimiter that splits the first records most consistently.

    Each candidate delimiter parses the first 20 records; the winner splits the header at all,
    then gives the most rows with as many fields as the header, then the most header fields
    (a ';' inside a quoted header name cannot fool it the way counting characters would).
    """
    with open(text_path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        sample = handle.read(HEADER_SAMPLE)
    best = None
    for delimiter in DELIMITERS:
        try:
            rows = list(itertools.islice(_records(io.StringIO(sample, newline=""), delimiter), 21))
        except csv.Error as exc:
            raise InputError(path, f"cannot read the header: {exc}", row=1) from exc
        if len(sample) == HEADER_SAMPLE:  # the last record may be cut short
            rows = rows[:-1] or rows
        if not rows or not any(cell.strip() for cell in rows[0]):
            continue
        header = rows[0]
        score = (len(header) > 1, sum(len(r) == len(header) for r in rows[1:] if r), len(header))
        if best is None or score > best[0]:
            best = (score, header, delimiter)
    if best is None:
        raise InputError(path, "file is empty or has no header line", row=1)
    return [h.strip() for h in best[1]], best[2]


def count_records(path: Path, text_path: Path, delimiter: str) -> tuple[int, list[int]]:
    """Records after the header, and the rows (header = 1) of blank lines, which DuckDB skips.

    Python's csv module is a second, independent parser: ingest checks that DuckDB accounted
    for exactly this many records. About 0.5 s per million short rows.
    """
    count, blanks = 0, []
    try:
        with open(text_path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            for row, record in enumerate(_records(handle, delimiter), start=1):
                if row == 1:
                    continue
                if record:
                    count += 1
                else:
                    blanks.append(row)
    except csv.Error as exc:
        raise InputError(path, f"cannot count the records: {exc}") from exc
    return count, blanks
