"""Fuzzing: whatever bytes, rows or text arrive, ingest, normalise, the name functions and
parse_date raise nothing but LinkageError; ingest's counts always add up, and well-formed rows
come back exactly as written."""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
import unicodedata
import warnings
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linkage import names, places
from linkage.dates import parse_date
from linkage.errors import LinkageError
from linkage.ingest import ingest
from linkage.normalise import normalise

# Combining marks, RTL letters and marks, zero-width characters, BOM, emoji, CSV specials.
NASTY = "a\u0301\u0308\u0361\u05d0\u0627\u200f\u202e\u200b\u200d\u2028\ufeff😀👍🏽Йёж-'\" ,;\t\n\r\\\x00"
nasty = st.text(st.sampled_from(NASTY), max_size=30)
text = st.one_of(st.text(max_size=40), nasty)
INGEST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(data: bytes, suffix: str = ".csv"):
    """Ingest (and normalise) one file; returns the result, or None after a LinkageError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mentions{suffix}"
        path.write_bytes(data)
        con = duckdb.connect()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = ingest(con, path, scratch=Path(folder))
                assert normalise(con) == result.accepted
        except LinkageError:
            return None, con
        assert result.accepted + result.rejected == result.input_rows
        return result, con


@INGEST
@given(st.binary(max_size=600))
@example(b'record_id,full_name\n1,"a\n2,b\n')
@example(b"record_id,full_name\n\xff\xfe1,\x00\n")
def test_random_bytes_after_a_header(body):
    _run(b"record_id,full_name,birth_date,age\n" + body)


@INGEST
@given(st.binary(max_size=400))
def test_random_bytes_alone(data):
    _run(data)
    _run(data, ".parquet")


field = st.one_of(text, st.sampled_from(["", " ", "m1", "31.02.2023", "-5", "1800", "Иван"]))


@INGEST
@given(st.lists(st.lists(field, min_size=1, max_size=6), max_size=12),
       st.sampled_from([",", ";", "\t"]))
def test_random_rows_are_all_accounted_for(rows, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["record_id", "full_name", "birth_date", "age"])
    writer.writerows(rows)
    _run(out.getvalue().encode("utf-8"))


# Text that survives a CSV round trip unchanged: no CR (line endings are normalised), no NUL,
# no outer spaces (contract columns are trimmed).
plain = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"),
                min_size=1, max_size=20).map(str.strip).filter(bool)


@INGEST
@given(st.lists(st.tuples(plain, plain, plain), min_size=1, max_size=10, unique_by=lambda r: r[0]))
def test_well_formed_rows_come_back_exactly(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["record_id", "full_name", "notes"])
    writer.writerows(rows)
    result, con = _run(out.getvalue().encode("utf-8"))
    if result is None:
        return
    kept = con.execute("SELECT record_id, full_name, notes FROM mentions ORDER BY _row").fetchall()
    rejected = {r[0] for r in con.execute("SELECT _row FROM rejects").fetchall()}
    assert kept == [row for i, row in enumerate(rows, start=2) if i not in rejected]
    reasons = {r[0].split(":")[0].split(" (")[0] for r in con.execute("SELECT reason FROM rejects").fetchall()}
    assert reasons <= {"no name", "column 'full_name' runs over lines and holds the delimiter",
                       "column 'record_id' runs over lines and holds the delimiter",
                       "duplicate record_id"}


NAME_FUNCTIONS = (
    names.name_key, names.first_name_root, names.surname_stem, names.patronymic_key,
    names.patronymic_father, names.phonetic_key, names.to_latin, names.detect_script,
    names.is_first_name, names.is_patronymic, places.region_key, places.settlement_key,
)


@settings(max_examples=300, deadline=None)
@given(text)
@example("\u202eвонавИ\u202c")
@example("Ив\u0430\u0301нов\u200d👍🏽")
@example("\ufeff\u200b")
def test_name_functions_never_raise(value):
    for function in NAME_FUNCTIONS:
        try:
            function(value)
        except LinkageError:
            pass
    parts = names.split_full_name(value)
    assert all(isinstance(p, str) for p in (parts.first, parts.patronymic, parts.surname))


@settings(max_examples=300, deadline=None)
@given(st.one_of(text, st.from_regex(r"\A[\d?xх]{1,4}[./\- ][\d?]{1,4}([./\- ][\d?xх]{1,5})?\Z"),
                 st.from_regex(r"\A\d{1,2} \w{1,9}\.? \d{1,5}( г\.)?\Z")),
       st.integers(100, 9999))
@example("٣١.٠٢.٢٠٢٣", 2026)
@example("31.02.2023", 2026)
def test_parse_date_never_raises(value, until):
    parsed = parse_date(value, until)
    # whatever it reads is a date that exists, at its precision: no month without a year, no day
    # without a month, no 31 February
    if parsed.day is not None:
        datetime.date(parsed.year, parsed.month, parsed.day)
    if parsed.month is not None:
        assert parsed.year is not None and 1 <= parsed.month <= 12
    if parsed.year is not None:
        # the year is written in the text: all four digits, or two read as the latest year up to
        # `until` that ends in them
        written = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else " " for ch in value)
        assert f"{parsed.year:04d}" in written or (
            f"{parsed.year % 100:02d}" in written and until - 100 < parsed.year <= until)
        assert parsed.iso.startswith(f"{parsed.year:04d}")
