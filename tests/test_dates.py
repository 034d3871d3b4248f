"""Partial dates: the forms volunteers type, their precision kept, impossible dates degraded."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.dates import MISSING, day_number, parse_date, two_digit_year, within


@pytest.mark.parametrize("text, iso", [
    ("12.03.1995", "1995-03-12"), ("1995-03-12", "1995-03-12"), ("03.1995", "1995-03"),
    ("1995", "1995"), ("12 марта 1995", "1995-03-12"), ("March 12, 1995", "1995-03-12"),
    ("1995 г.р.", "1995"), ("b. 1995", "1995"), ("??.01.1959", "1959-01"), ("12/03/1995", "1995-03-12"),
    ("12.03.95", "1995-03-12"), ("май 2023", "2023-05"), ("5 May 2023", "2023-05-05"),
    ("1995 года рождения", "1995"), ("__.__.1910", "1910"), ("__.03.1943", "1943-03"),
    # a year word after a full date, and "born" in the press's languages
    ("26.07.1988 г.", "1988-07-26"), ("26.07.1988г", "1988-07-26"), ("03.2023 г.", "2023-03"),
    ("1988г.", "1988"), ("geb. 1990", "1990"), ("né en 1990", "1990"), ("ur. 1990", "1990"),
    ("nar. 1990", "1990"), ("род. 1990", "1990"), ("geb. 12.03.1990", "1990-03-12"),
])
def test_readable_forms(text, iso):
    assert parse_date(text).iso == iso


@pytest.mark.parametrize("text, iso", [
    ("31.02.2023", "2023-02"),   # no such day: the month is still known
    ("12.13.2023", "2023"),      # no such month: the year is still known
    ("27.01.хххх", None), ("garbage", None), ("", None), ("0000", None),
])
def test_impossible_dates_degrade_or_go_missing(text, iso):
    assert parse_date(text).iso == iso


def test_two_digit_year_reads_back_from_the_spec_year():
    assert parse_date("01.02.05", until=2010).year == 2005
    assert parse_date("01.02.45", until=2010).year == 1945
    assert parse_date("01.02.23", until=2099).year == 2023
    assert parse_date("22.06.41", until=1945).year == 1941  # a WWII list's deaths
    assert parse_date("03.1899", until=1945).year == 1899


@given(st.integers(0, 99), st.integers(100, 9999))
def test_two_digit_year_is_the_latest_not_after_until(yy, until):
    year = two_digit_year(yy, until)
    assert year % 100 == yy and until - 100 < year <= until


@pytest.mark.parametrize("text, iso", [("1700-03-12", "1700-03-12"), ("12.03.1743", "1743-03-12"),
                                       ("1812", "1812"), ("March 1, 1871", "1871-03-01"),
                                       ("2030-12-31", "2030-12-31"), ("1650", "1650")])
def test_dates_of_any_century_parse(text, iso):
    assert parse_date(text).iso == iso


def test_a_list_range_keeps_its_years_and_drops_the_rest():
    assert within(parse_date("1700-01-01"), 1700, 2030).iso == "1700-01-01"
    assert within(parse_date("1699-12-31"), 1700, 2030) == MISSING
    assert within(parse_date("2031"), 1700, 2030) == MISSING
    assert within(MISSING, 1900, 2030) == MISSING


@given(st.dates(min_value=datetime.date(1700, 1, 1), max_value=datetime.date(2030, 12, 31)))
def test_every_real_date_round_trips_in_both_orders(date):
    assert parse_date(date.strftime("%d.%m.%Y")).iso == date.isoformat()
    assert parse_date(date.isoformat()).iso == date.isoformat()
    assert day_number(parse_date(date.isoformat())) == (date - datetime.date(1970, 1, 1)).days


@given(st.text(max_size=40))
def test_any_text_parses_or_is_missing(text):
    parsed = parse_date(text)
    assert parsed.precision in ("day", "month", "year", "none")


@pytest.mark.parametrize("text, expected", [
    ("6. September 2025", (2025, 9, 6)), ("22. Oktober 2025", (2025, 10, 22)),   # German
    ("1. 2. 2025", (2025, 2, 1)), ("7. července 2025", (2025, 7, 7)),            # Czech
    ("3. června 2024", (2024, 6, 3)), ("červen 2024", (2024, 6, None)),
    ("29 sierpnia 2022", (2022, 8, 29)), ("wrzesień 2022", (2022, 9, None)),     # Polish
    ("1er août 2024", (2024, 8, 1)), ("10 décembre 2022", (2022, 12, 10)),       # French
    ("11/26/2024", (2024, 11, 26)),  # month first: the only reading
])
def test_dates_of_the_foreign_press(text, expected):
    got = parse_date(text, 2099)
    assert (got.year, got.month, got.day) == expected


@pytest.mark.parametrize("text, iso", [
    ("87-11-26", "1987-11-26"), ("00-10-14", "2000-10-14"),  # no day 87 or 0: the year comes first
    ("13-02-96", "1996-02-13"), ("05-03-98", "1998-03-05"),  # day first, as dotted dates
])
def test_a_short_hyphenated_date_is_read_the_only_way_it_can_be(text, iso):
    assert parse_date(text, 2010).iso == iso


def test_a_column_that_writes_the_year_first_reads_its_ambiguous_dates_so():
    """01-11-07 is 1 November 2007 or 7 November 2001: a column whose other dates are year first
    (87-11-26, 96-02-13) says which."""
    import duckdb
    import pandas as pd

    from linkage.normalise import normalise
    from linkage.schema import CONTRACT
    frame = pd.DataFrame({c: [None] * 3 for c in CONTRACT}).assign(
        record_id=list("abc"), full_name=["Иван Петров", "Пётр Иванов", "Олег Сидоров"],
        birth_date=["87-11-26", "96-02-13", "01-11-07"], death_date=["23-03-06", None, "24-07-22"],
        _row=[1, 2, 3])
    con = duckdb.connect()
    con.register("frame", frame)
    con.execute("CREATE TABLE mentions AS SELECT * FROM frame")
    normalise(con)
    got = {r[0]: r[1:] for r in con.execute("SELECT record_id, birth_year, death_year FROM features").fetchall()}
    # the deaths' two-digit years (22-25) can all be days: the births say how the list writes them
    assert got == {"a": (1987, 2023), "b": (1996, None), "c": (2001, 2024)}
    day_first = dict(zip("abc", (parse_date(t, 2010) for t in ("13-02-96", "05-03-98", "01-11-07"))))
    assert day_first["c"].iso == "2007-11-01"  # alone, or in a day-first column, day first
