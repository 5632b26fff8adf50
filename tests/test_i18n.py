"""i18n's CLDR words are Babel's, pattern by pattern, for every day the tests walk through."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel.dates import format_date, get_month_names

from budgettid import i18n
from budgettid.format.values import FuzzyDate


def _days() -> list[date]:
    """Every day of 2023-2024 (a leap year), and the 1st and 28th of every month 1990-2060."""
    walk = [date(2023, 1, 1) + timedelta(days=n) for n in range(731)]
    return walk + [date(y, m, d) for y in range(1990, 2061) for m in range(1, 13) for d in (1, 28)]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_dates_read_as_babel_writes_them(lang: str):
    dot = ". " if lang == "da" else " "
    for d in _days():
        fd = FuzzyDate.day(d)
        assert i18n.day(d, lang) == format_date(d, f"EEE d{dot}MMM y", locale=lang)
        assert i18n.fuzzy(fd, lang) == format_date(d, f"EEE d{dot}MMM y", locale=lang)
        short = "d/M" if lang == "da" else "d MMM"
        assert i18n.short(fd, lang) == format_date(d, short, locale=lang)
        assert i18n.short(fd, lang, year=True) == format_date(d, f"{short} y", locale=lang)
    for y in (1999, 2023, 2060):
        for m in range(1, 13):
            first, month = date(y, m, 1), FuzzyDate.month(y, m)
            assert i18n.fuzzy(month, lang) == format_date(first, "MMMM y", locale=lang)
            assert i18n.month_short(m, lang) == format_date(first, "MMM", locale=lang).rstrip(".")
            abbr = format_date(first, "MMM", locale=lang).rstrip(".")
            assert i18n.short(month, lang) == abbr
            assert i18n.short(month, lang, year=True) == f"{abbr} {y}"
            assert i18n.month_name(m, lang) == get_month_names("wide", context="stand-alone", locale=lang)[m]


@pytest.mark.parametrize(
    ("start", "end", "da", "en"),
    [
        ("2023-05-30", "2023-05-31", "30.–31. maj 2023", "30–31 May 2023"),
        ("2023-08-29", "2023-09-06", "29. aug. – 6. sep. 2023", "29 Aug – 6 Sep 2023"),
        ("2022-12-15", "2023-08-31", "15. dec. 2022 – 31. aug. 2023", "15 Dec 2022 – 31 Aug 2023"),
        ("2023-05", "2023-08", "maj – august 2023", "May – August 2023"),
        ("2023-04", "2023-04", "april 2023", "April 2023"),
        ("2023-Q1", "2023-06-13", "1. kvt. 2023 – 13. jun. 2023", "Q1 2023 – 13 Jun 2023"),
    ],
)
def test_spans_read_as_short_as_they_can(start: str, end: str, da: str, en: str):
    a, b = FuzzyDate.parse(start), FuzzyDate.parse(end)
    assert (i18n.span(a, b, "da"), i18n.span(a, b, "en")) == (da, en)
