from datetime import date, time, timedelta

import pytest

from budgettid.format.values import FuzzyDate, Precision, _parse_time, parse_duration


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("2023-06-13", date(2023, 6, 13), date(2023, 6, 13), Precision.DAY),
        ("2023-04", date(2023, 4, 1), date(2023, 4, 30), Precision.MONTH),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH),
        ("2023-Q1", date(2023, 1, 1), date(2023, 3, 31), Precision.QUARTER),
        ("2023-q4", date(2023, 10, 1), date(2023, 12, 31), Precision.QUARTER),
    ],
)
def test_fuzzy_dates_cover_their_span(text, first, last, precision):
    fd = FuzzyDate.parse(text)
    assert (fd.first, fd.last, fd.precision) == (first, last, precision)


def test_fuzzy_text_is_normalised_as_written():
    assert FuzzyDate.parse("2023-4").text == "2023-04"
    assert FuzzyDate.parse("2023-q1").text == "2023-Q1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-30", "February 2023 has 28 days"),
        ("2023-13-01", "there is no month 13"),
        ("2023-13", "months run from 01 to 12"),
        ("2023-Q5", "is not a date"),
        ("next week", "is not a date"),
    ],
)
def test_impossible_dates_name_the_fix(text, message):
    with pytest.raises(ValueError, match=message):
        FuzzyDate.parse(text)


def test_times_and_durations():
    assert _parse_time("17:00") == time(17, 0)
    assert _parse_time("9:30") == time(9, 30)
    with pytest.raises(ValueError, match="quoted"):
        _parse_time(1020)
    with pytest.raises(ValueError):
        _parse_time("25:00")
    assert parse_duration("P7D") == timedelta(days=7)
    assert parse_duration("P1W") == timedelta(days=7)
    assert parse_duration("PT2H") == timedelta(hours=2)
    assert parse_duration("P1DT12H") == timedelta(days=1, hours=12)
    for bad in ("7 days", "P", "PT", "-P1D"):
        with pytest.raises(ValueError, match="ISO 8601"):
            parse_duration(bad)


def test_29_february_is_not_a_yearly_deadline():
    from budgettid.format.model import Rules, validate

    with pytest.raises(ValueError, match="02-29 is not in every year"):
        validate({"adopt_by": "02-29"}, Rules)
    assert validate({"adopt_by": "11-05"}, Rules).adopt_by_date(2019) == date(2019, 11, 5)
