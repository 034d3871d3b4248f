"""Partial dates: the forms volunteers type, their precision kept, impossible dates degraded."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.dates import day_number, parse_date


@pytest.mark.parametrize("text, iso", [
    ("12.03.1995", "1995-03-12"), ("1995-03-12", "1995-03-12"), ("03.1995", "1995-03"),
    ("1995", "1995"), ("12 марта 1995", "1995-03-12"), ("March 12, 1995", "1995-03-12"),
    ("1995 г.р.", "1995"), ("b. 1995", "1995"), ("??.01.1959", "1959-01"), ("12/03/1995", "1995-03-12"),
    ("12.03.95", "1995-03-12"), ("май 2023", "2023-05"), ("5 May 2023", "2023-05-05"),
    ("1995 года рождения", "1995"),
])
def test_readable_forms(text, iso):
    assert parse_date(text).iso == iso


@pytest.mark.parametrize("text, iso", [
    ("31.02.2023", "2023-02"),   # no such day: the month is still known
    ("12.13.2023", "2023"),      # no such month: the year is still known
    ("1800", None), ("2099", None), ("27.01.хххх", None), ("garbage", None), ("", None),
])
def test_impossible_dates_degrade_or_go_missing(text, iso):
    assert parse_date(text).iso == iso


def test_two_digit_year_pivot():
    assert parse_date("01.02.05", pivot=10).year == 2005
    assert parse_date("01.02.45", pivot=10).year == 1945
    assert parse_date("01.02.23", pivot=99).year == 2023


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2030, 12, 31)))
def test_every_real_date_round_trips_in_both_orders(date):
    assert parse_date(date.strftime("%d.%m.%Y")).iso == date.isoformat()
    assert parse_date(date.isoformat()).iso == date.isoformat()
    assert day_number(parse_date(date.isoformat())) == (date - datetime.date(1970, 1, 1)).days


@given(st.text(max_size=40))
def test_any_text_parses_or_is_missing(text):
    parsed = parse_date(text)
    assert parsed.precision in ("day", "month", "year", "none")
