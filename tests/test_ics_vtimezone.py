"""VTIMEZONE from the IANA zone: one yearly rule each way, right at every moment of the span."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from dateutil.tz import tzical

from budgettid.ical.vtimezone import transitions, vtimezone


def text(zone: str, first: int, last: int) -> str:
    return vtimezone(zone, first, last).to_ical().decode("utf-8")


def moments(zone: str, first: int, last: int):
    """Every 6 hours through the span, and every 30 minutes around each transition."""
    t = datetime(first, 1, 1, tzinfo=UTC)
    while t < datetime(last + 1, 1, 1, tzinfo=UTC):
        yield t
        t += timedelta(hours=6)
    for tr in transitions(zone, first, last):
        for k in range(-12, 13):
            yield tr.utc + timedelta(minutes=30 * k)


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Copenhagen",
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",  # southern: summer time over new year
        "Australia/Lord_Howe",  # a half-hour shift
        "Asia/Tokyo",  # no daylight saving
        "America/Sao_Paulo",  # abolished daylight saving in 2019
        "Asia/Jerusalem",  # the Friday before the last Sunday of March
        "Europe/Dublin",  # negative daylight saving in the IANA data
    ],
)
def test_every_wall_time_in_the_span_means_what_the_iana_zone_says(zone):
    first, last = 2017, 2024
    defined = tzical(StringIO(text(zone, first, last))).get()
    iana = ZoneInfo(zone)
    for t in moments(zone, first, last):
        wall = t.astimezone(iana)
        # readers take the first of two equal wall times (RFC 5545); so does fold=0
        naive = wall.replace(tzinfo=None, fold=0)
        want = naive.replace(tzinfo=iana).astimezone(UTC)
        assert naive.replace(tzinfo=defined).astimezone(UTC) == want, (zone, naive)
    assert "RDATE" not in text(zone, first, last)


def test_copenhagen_is_one_rule_each_way():
    lines = text("Europe/Copenhagen", 2023, 2024).splitlines()
    assert lines == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Copenhagen",
        "BEGIN:DAYLIGHT",
        "DTSTART:20220327T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20221030T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def test_a_zone_without_daylight_saving_has_a_standard_alone():
    out = text("Asia/Tokyo", 2023, 2024)
    assert out.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in out
    assert "TZOFFSETFROM:+0900" in out and "TZOFFSETTO:+0900" in out


def test_a_zone_that_dropped_daylight_saving_closes_its_rules():
    out = text("America/Sao_Paulo", 2018, 2021)
    rules = [line for line in out.splitlines() if line.startswith("RRULE")]
    assert rules and all("UNTIL=" in rule for rule in rules)


def test_transitions_are_exact_to_the_second():
    spring, autumn = transitions("Europe/Copenhagen", 2024, 2024)
    assert spring.utc == datetime(2024, 3, 31, 1, tzinfo=UTC) and spring.dst
    assert spring.local == datetime(2024, 3, 31, 2)
    assert autumn.utc == datetime(2024, 10, 27, 1, tzinfo=UTC) and not autumn.dst
    assert autumn.local == datetime(2024, 10, 27, 3)
