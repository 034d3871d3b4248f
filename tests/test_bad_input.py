"""The bad-input corpus (tests/corpus/, rebuilt by build.py): every file has one exact outcome.

Either a one-line error naming the file, row and column, or exact rejected rows with their
reasons while the rest is accepted; always accepted + rejected = the rows in the file.
Large inputs (1 MB fields, a million rows) are generated here at run time.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from linkage.cli import cli
from linkage.errors import InputError
from linkage.ingest import ingest
from linkage.normalise import normalise
from tests.conftest import SAMPLE

CORPUS = Path(__file__).resolve().parent / "corpus"
NO_LETTERS = "no name: no letters in any name column"
STRAY_QUOTE = ("stray quote in column 'full_name': a quoted field must close just before a "
               "delimiter or the end of the line")
JOINED_ROWS = ("column 'full_name' runs over lines and holds the delimiter: a misplaced quote "
               "has probably joined rows")

# file → the error after "<path>"
ERRORS = {
    "empty.csv": ", row 1: file is empty",
    "header_only.csv": ", row 2: no data rows after the header",
    "whitespace_only.csv": ", row 1: file is empty or has no header line",
    "missing_record_id.csv":
        ", row 1, column 'record_id': required column is missing (use --columns to map yours)",
    "no_name_column.csv": ", row 1, column 'full_name': no name column: need full_name or "
                          "first_name/patronymic/surname",
    "duplicate_header.csv":
        ", row 1, column 'full_name': two columns have this name (names ignore case)",
    "unbalanced_quote.csv": ", row 3, column 'full_name': unbalanced quote: the quoted field that "
                            "opens here runs over 2 lines and swallows the rows after it; fix the quote",
    "binary.csv": ": not a CSV file: binary content (NUL bytes); UTF-16 needs a BOM",
    "xlsx_saved_as.csv": ": not a CSV or Parquet file: a ZIP archive (an .xlsx or .ods workbook?): "
                         "save it as CSV (UTF-8) first",
    "not_parquet.parquet": ": not a Parquet file: it does not start with the magic bytes PAR1",
    "parquet_nested_name.parquet": ", column 'full_name': Parquet type VARCHAR[] cannot be read as "
                                   "text; contract columns hold text, numbers or dates",
    "parquet_no_rows.parquet": ": no rows",
    "list.json": ": JSON is not supported: export the list as CSV (UTF-8) or Parquet",
}

# file → (rows in the file, accepted, [(row, record_id, reason) of each rejected row])
OUTCOMES = {
    "blank_record_ids.csv": (4, 2, [(3, None, "blank record_id"), (4, None, "blank record_id")]),
    "duplicate_record_ids.csv": (5, 3, [(5, "m2", "duplicate record_id (first at row 3)"),
                                        (6, "m1", "duplicate record_id (first at row 2)")]),
    "stray_quote.csv": (3, 2, [(3, "m2", STRAY_QUOTE)]),
    "quote_joins_rows.csv": (3, 2, [(3, "m2", JOINED_ROWS)]),
    "too_many_fields.csv": (3, 2, [(3, "m2", "too many fields: expected 7, found 8")]),
    "too_few_fields.csv": (3, 2, [(3, "m2", "too few fields: expected 7, found 3")]),
    "blank_lines.csv": (4, 3, [(6, "m9", "too few fields: expected 7, found 2")]),
    "names_without_letters.csv": (6, 2, [(3, "m2", NO_LETTERS), (4, "m3", NO_LETTERS),
                                         (5, "m4", NO_LETTERS), (6, "m5", NO_LETTERS)]),
    "invalid_utf8_row.csv": (3, 2, [(3, "m2", "invalid UTF-8 in column 'full_name' (mixed encodings?)")]),
    "[ab].csv": (3, 3, []),  # the file itself, not a.csv beside it (a glob would read that)
    "a.csv": (1, 1, []),
    "small_list.csv": (6, 6, []),
    "no_region.csv": (6, 6, []),
    "russian_headers.csv": (1, 1, []),
    "formula_values.csv": (5, 4, [(6, "=1+1", "too few fields: expected 7, found 3")]),
    "mixed_encodings.csv": (5, 5, []),
    "repeated_header.csv": (3, 2, [(3, "record_id", "repeated header line")]),
    "english_headers.csv": (1, 1, []),
    "parquet_float_ids.parquet": (3, 2, [(3, None, "blank record_id")]),
    "parquet_wrong_types.parquet": (3, 2, [(3, "3", NO_LETTERS)]),
    "windows1251.csv": (3, 3, []),
    "koi8r.csv": (3, 3, []),
    "utf8_bom.csv": (3, 3, []),
    "utf16_tab.txt": (3, 3, []),
    "mixed_line_endings.csv": (3, 3, []),
    "cr_only.csv": (3, 3, []),
    "quoted_commas_newlines.csv": (3, 3, []),
    "impossible_dates.csv": (3, 3, []),
    "out_of_range_dates.csv": (3, 3, []),
    "ambiguous_dates.csv": (3, 3, []),
    "bad_ages.csv": (6, 6, []),
    "hostile_headers.csv": (1, 1, []),
    "hostile_values.csv": (4, 4, []),
    "internal_columns.csv": (1, 1, []),
    "semicolons_in_quoted_header.csv": (2, 2, []),
    "empty_header_names.csv": (1, 1, []),
}
GOOD_NAMES = ["Иванов Иван Иванович", "Петров Пётр Петрович", "Сидоров Алексей"]


def _ingest(path: Path):
    con = duckdb.connect()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return con, ingest(con, path)


def _column(con, column: str) -> list:
    return [r[0] for r in con.execute(f'SELECT "{column}" FROM mentions ORDER BY _row').fetchall()]


def _count_csv_records(path: Path) -> int:
    """The test's own count: non-blank records after the header, by Python's csv module."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        return sum(1 for record in csv.reader(handle) if record) - 1


def test_every_corpus_file_has_an_expected_outcome():
    files = {p.name for p in CORPUS.iterdir() if p.suffix != ".py"}
    assert files == set(ERRORS) | set(OUTCOMES)
    assert len(files) >= 25


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_is_one_exact_line(name):
    path = CORPUS / name
    with pytest.raises(InputError) as caught:
        _ingest(path)
    assert str(caught.value) == f"{path}{ERRORS[name]}"


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_rejects_exact_rows_and_counts_add_up(name):
    rows, accepted, rejects = OUTCOMES[name]
    con, result = _ingest(CORPUS / name)
    got = con.execute("SELECT _row, record_id, reason FROM rejects ORDER BY _row").fetchall()
    assert got == rejects
    assert (result.input_rows, result.accepted, result.rejected) == (rows, accepted, len(rejects))
    assert result.accepted + result.rejected == result.input_rows
    assert con.execute("SELECT count(*) FROM mentions").fetchall()[0][0] == accepted


@pytest.mark.parametrize("name", sorted(ERRORS)[:6] + ["unbalanced_quote.csv", "binary.csv"])
def test_cli_error_is_one_line_without_traceback(name, tmp_path):
    args = ["--temp-dir", str(tmp_path / "duck"), "dedupe", str(CORPUS / name), "--out", str(tmp_path / "run")]
    result = CliRunner().invoke(cli, args, obj={})
    assert result.exit_code == 1
    hint = (f". To read a list of another shape, write a spec for it: linkage init {CORPUS / name} "
            "--out spec.toml") if name in ("missing_record_id.csv", "no_name_column.csv") else ""
    assert result.output == f"Error: {CORPUS / name}{ERRORS[name]}{hint}\n"
    assert not (tmp_path / "run").exists()
    debug = CliRunner().invoke(cli, ["--debug", *args], obj={})
    assert isinstance(debug.exception, InputError)


@pytest.mark.parametrize(("name", "encoding"), [
    ("windows1251.csv", "cp1251"), ("koi8r.csv", "koi8_r"), ("utf8_bom.csv", "utf-8-sig"),
    ("utf16_tab.txt", "utf-16"), ("mixed_line_endings.csv", "utf-8"), ("cr_only.csv", "utf-8"),
])
def test_encodings_and_line_endings_read_the_same_names(name, encoding):
    con, result = _ingest(CORPUS / name)
    assert result.encoding == encoding
    assert _column(con, "full_name") == GOOD_NAMES
    assert _column(con, "record_id") == ["m1", "m2", "m3"]
    assert _column(con, "region") == ["Башкортостан", "Пермский край", "Татарстан"]


def test_quoted_commas_quotes_and_newlines_survive():
    con, _ = _ingest(CORPUS / "quoted_commas_newlines.csv")
    assert _column(con, "full_name") == ["Иванов, Иван Иванович", "Петров\nПётр", "Сидоров Алексей"]
    assert _column(con, "source") == ["obituary", 'cemetery "Южное"', "social"]
    assert _column(con, "region")[0] == "Башкортостан,\nг. Уфа"


def test_row_numbers_count_blank_lines_like_a_spreadsheet():
    con, _ = _ingest(CORPUS / "blank_lines.csv")
    assert con.execute("SELECT _row, record_id FROM mentions ORDER BY _row").fetchall() == [
        (2, "m1"), (5, "m2"), (8, "m3")]


def test_a_semicolon_inside_a_quoted_header_does_not_change_the_delimiter():
    con, result = _ingest(CORPUS / "semicolons_in_quoted_header.csv")
    assert result.extra_columns == ("note; a; b; c; d",)
    assert _column(con, "note; a; b; c; d") == ["a", "b"]


def test_empty_header_cells_become_numbered_columns():
    con, result = _ingest(CORPUS / "empty_header_names.csv")
    assert result.extra_columns == ("column_8", "column_9")
    assert _column(con, "column_8") == ["x"]


def test_internal_column_names_are_renamed_with_a_warning():
    con = duckdb.connect()
    with pytest.warns(UserWarning, match="renamed: '_row' as 'input_row', 'unique_id' as"):
        result = ingest(con, CORPUS / "internal_columns.csv")
    assert result.extra_columns == ("input_row", "input_unique_id", "input_first_key",
                                    "input_Cluster_ID", "input_match_weight", "input_gamma_surname")
    assert dict(result.renamed)["Cluster_ID"] == "input_Cluster_ID"
    assert con.execute("SELECT _row, input_row, input_unique_id FROM mentions").fetchall() == [(2, "1", "2")]


def test_parquet_types_become_contract_text():
    con, _ = _ingest(CORPUS / "parquet_wrong_types.parquet")
    rows = con.execute("SELECT _row, record_id, birth_date, death_date, age, tags FROM mentions "
                       "ORDER BY _row").fetchall()
    assert rows == [(1, "1", None, "2023-03-28", "28", "[a]"), (2, "2", "1989-03-02", None, None, "[]")]
    con, _ = _ingest(CORPUS / "parquet_float_ids.parquet")
    assert _column(con, "record_id") == ["1", "2"]


def _features(name: str):
    con, _ = _ingest(CORPUS / name)
    normalise(con)
    return con


def test_unreadable_dates_are_kept_as_text_and_treated_as_missing():
    con = _features("impossible_dates.csv")
    got = con.execute("SELECT m.birth_date, f.birth_date, m.death_date, f.death_date FROM mentions m "
                      "JOIN features f ON f.unique_id = m._row ORDER BY m._row").fetchall()
    assert got == [("31.02.1993", "1993-02", "30.02.2024", "2024-02"),
                   ("00.00.1990", "1990", "2023-13-45", "2023"),
                   ("не помню", None, "??.??.????", None)]
    with pytest.warns(UserWarning, match=r"birth_date: 3 mentions name a year outside 1900-2030"):
        con = _features("out_of_range_dates.csv")
    assert con.execute("SELECT count(*) FROM features WHERE birth_date IS NOT NULL "
                       "OR death_date IS NOT NULL").fetchall() == [(0,)]
    assert _column(con, "birth_date") == ["1800", "12.03.0001", "1899-12-31"]


def test_ambiguous_dates_read_day_first():
    con = _features("ambiguous_dates.csv")
    got = con.execute("SELECT birth_date, death_date FROM features ORDER BY unique_id").fetchall()
    assert got == [("1995-04-03", "2023-03-04"), ("1995-04-03", "2023-02-01"), (None, None)]


def test_absurd_ages_are_kept_and_treated_as_missing():
    con = _features("bad_ages.csv")
    assert _column(con, "age") == ["-5", "250", "двадцать", "25.5", "0", "99999999999999999999"]
    ages = [r[0] for r in con.execute("SELECT age FROM features ORDER BY unique_id").fetchall()]
    assert ages == [None, None, None, 26, None, None]


def test_long_fields_reject_contract_columns_and_carry_notes(tmp_path):
    big = "Ж" * (1 << 20)
    path = tmp_path / "long.csv"
    path.write_text("record_id,full_name,notes\n"
                    f"m1,{big},short\nm2,Иванов Иван,{big}\nm3,Петров Пётр,\n", encoding="utf-8")
    con, result = _ingest(path)
    assert con.execute("SELECT _row, record_id, reason FROM rejects").fetchall() == [
        (2, "m1", "column 'full_name' is longer than 1,000 characters (1048576)")]
    assert (result.input_rows, result.accepted, result.rejected) == (3, 2, 1)
    assert _column(con, "notes") == [big, None]


@pytest.mark.slow
def test_a_million_rows_with_one_broken_row(tmp_path):
    path = tmp_path / "million.csv"
    broken = 500_000
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("record_id,source,full_name,birth_date,death_date,age,region\n")
        out.writelines(
            f"r{i},obituary,Иванов Иван Иванович,12.03.19{i % 90 + 10},2023-05-{i % 28 + 1:02d},"
            f"{i % 60 + 18},Башкортостан\n" if i != broken else f'r{i},news,"Петров" Пётр,,,,\n'
            for i in range(1_000_000))
    con = duckdb.connect()
    start = time.perf_counter()
    result = ingest(con, path, scratch=tmp_path)
    seconds = time.perf_counter() - start
    assert (result.input_rows, result.accepted, result.rejected) == (1_000_000, 999_999, 1)
    assert result.input_rows == _count_csv_records(path)
    assert con.execute("SELECT _row, record_id FROM rejects").fetchall() == [(broken + 2, f"r{broken}")]
    # every accepted row keeps its own row number: r<i> is on row i + 2
    assert con.execute("SELECT count(*) FROM mentions WHERE _row <> substr(record_id, 2)::INT + 2"
                       ).fetchall() == [(0,)]
    assert seconds < 20, f"1M-row ingest took {seconds:.1f} s"
    print(f"1M-row ingest: {seconds:.1f} s")


# --- whole runs through the CLI on a real-sized list with corruption injected -----------------

@pytest.fixture(scope="module")
def clean_mentions(tmp_path_factory) -> Path:
    """The committed sample, or (until it is committed) a generated list of the same kind."""
    if (SAMPLE / "mentions.csv").exists():
        return SAMPLE / "mentions.csv"
    from linkage.generate import write_dataset

    out = tmp_path_factory.mktemp("sample")
    write_dataset(out, 600, 1)
    return out / "mentions.csv"


WIDTH = 14  # the sample's columns: the mention contract's 13 and the optional source_url


def _line(*fields: str, width: int = WIDTH) -> str:
    """One CSV line of the sample's WIDTH columns (fields after the given ones empty)."""
    return ",".join(list(fields) + [""] * (width - len(fields))) + "\n"


def _corrupt(clean: Path, out: Path) -> tuple[int, list[tuple[int, str, str]]]:
    """Inject bad and hostile rows; returns (rows in the file, expected rejects)."""
    lines = clean.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    first_id = body[0].split(",", 1)[0]
    middle = len(body) // 2
    bad = [
        (_line("x_many", "news", "Орлов Игорь").replace("\n", ",extra\n"),
         f"too many fields: expected {WIDTH}, found {WIDTH + 1}"),
        (_line("", "news", "Кузнецов Олег"), "blank record_id"),
        (_line(first_id, "news", "Другой Человек"), "duplicate record_id (first at row 2)"),
        ('x_quote,news,"Волков" Олег' + "," * (WIDTH - 3) + "\n", STRAY_QUOTE),
        (_line("x_digits", "news", "12345"), NO_LETTERS),
    ]
    accepted_extra = [_line("x_sql", "news", "\"Robert'); DROP TABLE mentions; --\""),
                      _line("x_age", "news", "Зайцев Илья", "", "", "", "", "", "-5")]
    content = [header, *body[:middle], bad[0][0], *body[middle:], *(b for b, _ in bad[1:]),
               *accepted_extra]
    data = "".join(content).encode("utf-8")
    enc_line = b"x_enc,news," + "Петров Пётр".encode("cp1251") + b"," * (WIDTH - 3) + b"\n"
    out.write_bytes(data + enc_line)
    rows = len(body) + len(bad) + len(accepted_extra) + 1
    n = len(body) + 1  # rows so far with the header
    expected = [(middle + 2, "x_many", bad[0][1])]
    expected += [(n + 2 + i, rid, reason) for i, (rid, reason) in
                 enumerate([("", bad[1][1]), (first_id, bad[2][1]), ("x_quote", bad[3][1]),
                            ("x_digits", bad[4][1])])]
    expected.append((rows + 1, "x_enc", "invalid UTF-8 in column 'full_name' (mixed encodings?)"))
    return rows, expected


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_dedupe_rejects_injected_rows_and_accounts_for_every_row(clean_mentions, tmp_path, monkeypatch):
    """One full CLI run: a quote in the run folder's and the spill folder's names, bad rows
    rejected with reasons, hostile values kept as data, every row accounted for, nothing
    written to the working folder."""
    source = tmp_path / "in'put \"list\".csv"
    rows, expected = _corrupt(clean_mentions, source)
    out, temp = tmp_path / "it's a run", tmp_path / "sp'ill"
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    result = CliRunner().invoke(cli, ["--temp-dir", str(temp), "--memory-limit", "2GB", "dedupe",
                                      str(source), "--out", str(out)], obj={})
    assert result.exit_code == 0, result.output
    rejects = [(int(r["row"]), r["record_id"], r["reason"]) for r in _read_csv(out / "rejects.csv")]
    assert rejects == expected
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["input_rows"] == rows == _count_csv_records(source)
    assert (counts["accepted"], counts["rejected"]) == (rows - len(expected), len(expected))
    assert counts["clustered"] == counts["accepted"]
    clustered = {r["record_id"] for r in _read_csv(out / "clusters.csv")}
    assert {"x_sql", "x_age"} <= clustered and not clustered & {"x_many", "x_quote", "x_digits"}
    assert len(clustered) == counts["accepted"]
    assert manifest["parameters"]["engine"]["memory_limit"] == "2GB"
    assert manifest["parameters"]["engine"]["temp_directory"] == str(temp)
    assert os.listdir(work) == []


def test_windows_export_reads_the_same_as_utf8(clean_mentions, tmp_path):
    """Windows-1251, semicolons, CRLF: the mentions table is the one the UTF-8 file gives
    (over the rows Windows-1251 can spell: it has no č or ž)."""

    def spellable(row: list[str]) -> bool:
        return all(cell.encode("cp1251", errors="ignore").decode("cp1251") == cell for cell in row)

    rows = [r for r in csv.reader(clean_mentions.read_text(encoding="utf-8").splitlines())
            if spellable(r)]
    assert len(rows) > 1000
    files = {"utf-8": (",", "\n"), "cp1251": (";", "\r\n")}
    tables = []
    for encoding, (delimiter, newline) in files.items():
        path = tmp_path / f"{encoding}.csv"
        with open(path, "w", encoding=encoding, newline="") as handle:
            csv.writer(handle, delimiter=delimiter, lineterminator=newline).writerows(rows)
        con, result = _ingest(path)
        assert result.encoding == encoding
        tables.append(con.execute("SELECT * FROM mentions ORDER BY _row").fetchall())
    assert tables[0] == tables[1]


def test_too_few_rows_to_train_is_one_line(tmp_path):
    path = CORPUS / "duplicate_record_ids.csv"
    result = CliRunner().invoke(cli, ["--temp-dir", str(tmp_path), "dedupe", str(path), "--out",
                                      str(tmp_path / "run")], obj={})
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}: only 3 accepted mentions, too few to train a model "
                             "(at least 100); pass --model default (shipped, trained on a generated list) "
                             "or --model with a model trained on a larger list\n")


# --- resource guards ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def one_name_counts(tmp_path_factory, engine):
    """Blocking counts for 20,000 mentions that all share one surname and first name."""
    from linkage import blocking
    from linkage.config import load_spec
    from linkage.database import connect
    from linkage.pipeline import RunOptions, Timings, load_and_normalise
    from linkage.scoring import register_table

    path = tmp_path_factory.mktemp("pathological") / "one_name.csv"
    path.write_text("record_id,surname,first_name,patronymic,birth_date\n" + "".join(
        f"p{i},Иванов,Иван,Иванович,{1960 + i % 40}\n" for i in range(20_000)), encoding="utf-8")
    con = connect(engine)
    opts = RunOptions(mentions=path, out=path.with_suffix(".run"), engine=engine)
    ingested = load_and_normalise(con, opts, Timings())
    return blocking.count_pairs(register_table(con), load_spec("soldiers").blocking_rules,
                                ingested.accepted)


def test_blocking_guard_refuses_one_name_on_every_row_by_default(one_name_counts):
    from linkage import blocking
    from linkage.config import EngineConfig
    from linkage.errors import BlockingTooWide

    defaults = EngineConfig()
    with pytest.raises(BlockingTooWide, match=r"the widest rule is \[surname_common, first_group\]"):
        blocking.guard(one_name_counts, defaults.max_pairs, 20_000, defaults.max_pairs_per_mention)


def test_blocking_guard_names_the_rule_that_explodes(one_name_counts):
    from linkage import blocking
    from linkage.errors import BlockingTooWide

    assert one_name_counts[0]["marginal_pairs"] == 20_000 * 19_999 // 2
    with pytest.raises(BlockingTooWide) as caught:
        blocking.guard(one_name_counts, 1e8)
    assert str(caught.value) == (
        "blocking would score 199,990,000 candidate pairs, over the limit of 100,000,000; the widest "
        "rule is [surname_common, first_group] with 199,990,000. Tighten the rules in the model spec "
        "or raise --max-pairs.")


def test_cli_warnings_are_one_line_too(tmp_path):
    path = CORPUS / "internal_columns.csv"
    run = subprocess.run([sys.executable, "-m", "linkage", "--temp-dir", str(tmp_path), "dedupe",
                          str(path), "--out", str(tmp_path / "run")],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 1
    warning, unused, error = run.stderr.splitlines()
    assert unused.startswith(f"Warning: {path}: not used for matching, carried through to mentions.parquet: "
                             "input_row, input_unique_id")
    assert warning.startswith(f"Warning: {path}: columns named like internal ones are carried "
                              "through renamed: '_row' as 'input_row', 'unique_id' as")
    assert error.startswith(f"Error: {path}: only 1 accepted mentions")
