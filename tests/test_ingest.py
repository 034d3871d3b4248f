"""Ingest's parts: encoding and delimiter sniffing, the independent count, header mapping,
row numbers, SQL safety of names and values, and where scratch copies go."""

from __future__ import annotations

import os

import duckdb
import pytest

from linkage import inputfile
from linkage.errors import InputError
from linkage.ingest import ingest

HEADER = "record_id,full_name,region\n"


def _write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_mostly_utf8_with_one_bad_row_stays_utf8(tmp_path):
    body = "".join(f"m{i},Иванов Иван,Пермь\n" for i in range(50))
    path = tmp_path / "m.csv"
    path.write_bytes((HEADER + body).encode() + "m99,Петров,Уфа\n".encode("cp1251"))
    assert inputfile.sniff(path).encoding == "utf-8"


def test_cp1251_after_a_megabyte_of_ascii_is_still_found(tmp_path):
    ascii_rows = "".join(f"m{i},Ivanov Ivan,Perm\n" for i in range(60_000))
    path = _write(tmp_path / "m.csv", HEADER + ascii_rows + "x1,Петров Пётр,Уфа\n", "cp1251")
    assert path.stat().st_size > inputfile.SAMPLE_BYTES
    con = duckdb.connect()
    result = ingest(con, path)
    assert result.encoding == "cp1251"
    assert con.execute("SELECT full_name FROM mentions WHERE record_id = 'x1'").fetchall() == [
        ("Петров Пётр",)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected(tmp_path, delimiter):
    rows = [["record_id", "full_name", "region"], ["m1", '"Иванов, Иван; Иванович"', "Пермь|Урал"]]
    path = _write(tmp_path / "m.csv", "".join(delimiter.join(r) + "\n" for r in rows))
    header, found = inputfile.read_header(path, path)
    assert found == delimiter
    assert header == ["record_id", "full_name", "region"]


def test_mixed_line_endings_are_flagged_and_copied(tmp_path):
    path = _write(tmp_path / "m.csv", HEADER + "m1,A,B\r\nm2,C,D\n")
    sniffed = inputfile.sniff(path)
    assert sniffed.mixed_newlines and sniffed.needs_copy
    copy = inputfile.readable_copy(path, sniffed, tmp_path)
    assert copy.read_bytes() == (HEADER + "m1,A,B\nm2,C,D\n").encode()


def test_count_records_skips_blank_lines_and_knows_where_they_are(tmp_path):
    path = _write(tmp_path / "m.csv", HEADER + 'm1,"a\n\nb",c\n\nm2,d,e\n\n')
    assert inputfile.count_records(path, path, ",") == (2, [3, 5])


def test_mapping_aliases_and_case(tmp_path):
    path = _write(tmp_path / "m.csv", "ID,ФИО,AGE_AT_DEATH,Birth Date\nm1,Иванов Иван,30,1993\n")
    con = duckdb.connect()
    ingest(con, path, columns={"ID": "record_id", "ФИО": "full_name"})
    assert con.execute("SELECT record_id, full_name, age, birth_date FROM mentions").fetchall() == [
        ("m1", "Иванов Иван", "30", "1993")]


def test_a_mapping_onto_an_existing_column_is_an_error(tmp_path):
    path = _write(tmp_path / "m.csv", "record_id,full_name,ФИО\nm1,a,b\n")
    with pytest.raises(InputError, match="column 'full_name': two columns have this name"):
        ingest(duckdb.connect(), path, columns={"ФИО": "full_name"})


def test_rows_after_quoted_newlines_and_rejects_keep_their_spreadsheet_row(tmp_path):
    text = HEADER + 'm1,"Иванов\nИван",a\nm2,bad\n\nm3,"Петров",b\nm4,x"y,c\nm5,Сидоров,d,e\nm6,Орлов,f\n'
    con = duckdb.connect()
    result = ingest(con, _write(tmp_path / "m.csv", text))
    assert con.execute("SELECT _row, record_id FROM mentions ORDER BY _row").fetchall() == [
        (2, "m1"), (5, "m3"), (6, "m4"), (8, "m6")]
    assert con.execute("SELECT _row, record_id FROM rejects ORDER BY _row").fetchall() == [
        (3, "m2"), (7, "m5")]
    assert (result.input_rows, result.accepted, result.rejected) == (6, 4, 2)


def test_every_row_rejected_is_an_error_with_the_commonest_reason(tmp_path):
    path = _write(tmp_path / "m.csv", HEADER + "m1,123,a\nm2,,b\n,Иванов,c\n")
    with pytest.raises(InputError) as caught:
        ingest(duckdb.connect(), path)
    assert str(caught.value) == (f"{path}, row 2: every row was rejected (3 rows); the commonest "
                                 "reason, 2 times: no name: no letters in any name column")


def test_a_count_that_does_not_add_up_stops_the_run(tmp_path, monkeypatch):
    path = _write(tmp_path / "m.csv", HEADER + "m1,Иванов,a\n")
    monkeypatch.setattr(inputfile, "count_records", lambda *_: (2, []))
    with pytest.raises(InputError, match="2 records in the file but 1 accepted \\+ 0 rejected"):
        ingest(duckdb.connect(), path)


HOSTILE = ['a"); DROP TABLE mentions; --', "x'); DROP TABLE rejects; --", "back\\slash\\",
           '"', "'", ";", "select", "from where", "$d", "?", "Имя \"в кавычках\""]


def test_hostile_headers_and_values_stay_data(tmp_path):
    """Headers and values built to break out of quoting are carried through verbatim."""
    import csv

    path = tmp_path / "it's a \"file\".csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "full_name", *HOSTILE])
        writer.writerow(["m'1", "Robert'); DROP TABLE mentions; -- Иван", *HOSTILE])
        writer.writerow(['m"2', "Петров", *reversed(HOSTILE)])
    con = duckdb.connect()
    result = ingest(con, path, columns={"$d": "$d"})
    assert result.extra_columns == tuple(HOSTILE)
    rows = con.execute("SELECT * EXCLUDE (_row) FROM mentions ORDER BY _row").fetchall()
    assert rows[0][:3] == ("m'1", None, "Robert'); DROP TABLE mentions; -- Иван")
    assert rows[0][13:] == tuple(HOSTILE)
    assert rows[1][13:] == tuple(reversed(HOSTILE))
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"mentions", "rejects"} <= tables


def test_scratch_copy_is_removed_and_nothing_lands_in_the_working_folder(tmp_path, monkeypatch):
    work, scratch = tmp_path / "cwd", tmp_path / "scr'atch"
    work.mkdir()
    monkeypatch.chdir(work)
    path = _write(tmp_path / "m.csv", HEADER + "m1,Иванов Иван,Пермь\n", "cp1251")
    result = ingest(duckdb.connect(), path, scratch=scratch)
    assert result.encoding == "cp1251"
    assert list(scratch.iterdir()) == []
    assert os.listdir(work) == []
    ingest(duckdb.connect(), path)  # no scratch given: the system's temporary folder
    assert os.listdir(work) == []


def test_headers_named_like_duckdb_placeholders_and_glob_characters_in_paths(tmp_path):
    folder = tmp_path / "gl[o]b*"
    folder.mkdir()
    path = _write(folder / "li[s]t?.csv", "c1,record_id,full_name,c0\na,m1,Иванов,b\n")
    con = duckdb.connect()
    result = ingest(con, path)
    assert result.extra_columns == ("c1", "c0")
    assert con.execute("SELECT c1, c0, record_id FROM mentions").fetchall() == [("a", "b", "m1")]


def test_source_url_is_an_optional_contract_column_carried_to_features(tmp_path):
    """Any case or spacing of the header names it; mentions and features keep the link as written."""
    from linkage.normalise import normalise

    url = "https://web.archive.org/web/2024/https://Example.org/News/1"
    path = _write(tmp_path / "m.csv", f"record_id,full_name,Source URL\n1,Иван Петров,{url}\n2,Пётр Иванов,\n")
    con = duckdb.connect()
    got = ingest(con, path)
    assert got.extra_columns == ("source_url",) and got.accepted == 2
    assert con.execute("SELECT source_url FROM mentions ORDER BY _row").fetchall() == [(url,), (None,)]
    normalise(con)
    assert con.execute("SELECT source_url FROM features ORDER BY unique_id").fetchall()[0][0] == url.lower()
    without = _write(tmp_path / "n.csv", "record_id,full_name\n1,Иван Петров\n")
    assert ingest(duckdb.connect(), without).extra_columns == ()  # optional: never required


def test_a_birth_year_that_leaves_a_child_is_read_as_missing(tmp_path):
    """"b. 2023" beside "died 2023, aged 26" is the death or notice year in the birth column: the
    birth is read as missing (counted in a warning), the age dates it; a real birth stays."""
    from linkage.normalise import normalise

    path = _write(tmp_path / "m.csv", "record_id,full_name,birth_date,death_date,age\n"
                  "1,Вадим Васильев,2023,06.05.2024,26\n2,Вадим Васильев,02.03.1998,06.05.2024,26\n"
                  "3,Рафис Гильмутдинов,b. 2022,,\n")
    con = duckdb.connect()
    ingest(con, path)
    with pytest.warns(UserWarning, match="2 mentions give a birth date that leaves the person younger"):
        normalise(con)
    got = con.execute("SELECT birth_year, birth_date, birth_year_est FROM features ORDER BY record_id").fetchall()
    assert got == [(None, None, 1998), (1998, "1998-03-02", 1998), (None, None, None)]


def test_name_parts_given_with_any_whitespace_around_them_win_over_full_name(tmp_path):
    """A part given in its own column, padded with any Unicode space (no-break, ideographic, a
    tab), is stripped as Python strips it and wins; a blank one (spaces only) is filled from
    full_name."""
    from linkage.normalise import normalise

    path = _write(tmp_path / "m.csv", "record_id,full_name,first_name,patronymic,surname\n"
                  "1,Петров Иван Сергеевич,\u00a0Пётр\u3000,\u2003,\tСидоров\u00a0\n"
                  "2,Петров Иван Сергеевич,,,\n")
    con = duckdb.connect()
    ingest(con, path)
    normalise(con)
    got = con.execute("SELECT first_name, patronymic, surname FROM features ORDER BY record_id").fetchall()
    assert got == [("Пётр", "Сергеевич", "Сидоров"), ("Иван", "Сергеевич", "Петров")]
