"""VTIMEZONE from the IANA zone: one yearly rule each way, anchored in 1970, as Outlook reads it.

The written rules are read back with dateutil (its own VTIMEZONE reader, not ours), and the
plan's verdict on each moment is checked against the IANA zone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from dateutil.tz import datetime_ambiguous, tzical

from budgettid.ical.vtimezone import iana_zone, plan, transitions


def moments(zone: str, first: int, last: int) -> list[datetime]:
    """Every 25 hours through the span (each hour of the day in turn), and every 15 minutes
    around each change."""
    out = []
    t = datetime(first, 1, 1, tzinfo=UTC)
    while t < datetime(last + 1, 1, 1, tzinfo=UTC):
        out.append(t)
        t += timedelta(hours=25)
    for tr in transitions(zone, first, last):
        out += [tr.utc + timedelta(minutes=15 * k) for k in range(-12, 13)]
    return out


def text(p) -> str:
    return "\r\n".join(p.lines()) + "\r\n"


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Copenhagen",
        "Europe/London",
        "America/New_York",
        "Australia/Sydney",  # southern: summer time over new year
        "Australia/Lord_Howe",  # a half-hour shift
        "Pacific/Chatham",  # +12:45 and +13:45, changing at 02:45
        "Asia/Tokyo",  # no daylight saving
        "Asia/Kolkata",  # +05:30, no daylight saving
        "Europe/Dublin",  # negative daylight saving in the IANA data
    ],
)
def test_a_zone_with_yearly_rules_reads_right_at_every_moment(zone):
    first, last = 2023, 2024
    ms = moments(zone, first, last)
    p = plan(zone, ms, year=first)
    written = text(p)
    assert "RDATE" not in written and "UNTIL" not in written
    assert written.count("BEGIN:STANDARD") == 1 and written.count("BEGIN:DAYLIGHT") <= 1
    assert all(line[8:12] == "1970" for line in written.splitlines() if line.startswith("DTSTART"))
    defined = tzical(StringIO(written)).get()
    iana = ZoneInfo(zone)
    for m in ms:
        assert p.agrees(m), (zone, m)
        wall = p.local(m)
        if wall is None:  # only in the hour that happens twice
            assert datetime_ambiguous(m.astimezone(iana).replace(tzinfo=None), iana), (zone, m)
            continue
        assert wall == m.astimezone(iana).replace(tzinfo=None)
        assert not datetime_ambiguous(wall, defined)
        assert wall.replace(tzinfo=defined).astimezone(UTC) == m, (zone, m)


def test_copenhagen_is_one_rule_each_way_from_1970():
    p = plan("Europe/Copenhagen", [datetime(2023, 9, 19, 15, tzinfo=UTC)], year=2023)
    assert p.lines() == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Copenhagen",
        "BEGIN:STANDARD",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ]


def test_the_repeated_hour_has_no_local_time_and_the_skipped_hour_is_not_a_moment():
    p = plan("Europe/Copenhagen", [], year=2023)
    back = datetime(2023, 10, 29, 1, tzinfo=UTC)  # 03:00 CEST becomes 02:00 CET
    assert p.local(back - timedelta(minutes=61)) == datetime(2023, 10, 29, 1, 59)
    for minutes in (60, 30, 0):  # 02:00, 02:30 summer time; 02:00 winter time (the second)
        assert p.local(back - timedelta(minutes=minutes)) is None
    assert p.local(back + timedelta(minutes=30)) is None
    assert p.local(back + timedelta(minutes=60)) == datetime(2023, 10, 29, 3, 0)
    ahead = datetime(2023, 3, 26, 1, tzinfo=UTC)  # 02:00 CET becomes 03:00 CEST
    assert p.local(ahead) == datetime(2023, 3, 26, 3, 0)
    assert p.local(ahead - timedelta(minutes=1)) == datetime(2023, 3, 26, 1, 59)


def test_no_daylight_saving_is_a_standard_alone():
    p = plan("Asia/Kolkata", [datetime(2023, 6, 1, tzinfo=UTC)], year=2023)
    out = text(p)
    assert out.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in out
    assert "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530" in out and "DTSTART:19700101T000000" in out


def test_jerusalem_takes_no_rule_outlook_cannot_read_and_says_which_moments_need_utc():
    """The Friday before the last Sunday of March is 4FR in 2023 but -1FR in 2024."""
    ms = moments("Asia/Jerusalem", 2023, 2024)
    p = plan("Asia/Jerusalem", ms, year=2023)
    out = text(p)
    assert "BYMONTHDAY" not in out and "BYDAY=FR;" not in out
    rules = [line for line in out.splitlines() if line.startswith("RRULE")]
    assert len(rules) == 2 and all(";BYDAY=" in r and "," not in r for r in rules)
    wrong = [m for m in ms if not p.agrees(m)]
    assert wrong, "one rule cannot be right in both years"
    iana = ZoneInfo("Asia/Jerusalem")
    # every moment the rule gets wrong lies between the two Fridays of one of the years
    for m in wrong:
        local = m.astimezone(iana)
        assert local.month == 3 and 24 <= local.day <= 31, m
        assert p.local(m) is None


def test_nuuk_changed_its_offset_in_2023():
    """Nuuk kept -02 on 29 October 2023 as its new standard time; summer time is -01 from 2024."""
    ms = [m for m in moments("America/Nuuk", 2023, 2024) if m >= datetime(2023, 11, 1, tzinfo=UTC)]
    p = plan("America/Nuuk", ms, year=2023)
    assert "TZOFFSETFROM:-0200\r\nTZOFFSETTO:-0100" in text(p)
    assert all(p.agrees(m) for m in ms)
    summer_2023 = datetime(2023, 7, 1, 12, tzinfo=UTC)  # -02 then, -01 by the 2024 rule
    assert not p.agrees(summer_2023) and p.local(summer_2023) is None
    assert p.local(datetime(2024, 7, 1, 12, tzinfo=UTC)) == datetime(2024, 7, 1, 11)
    assert p.local(datetime(2023, 12, 1, 12, tzinfo=UTC)) == datetime(2023, 12, 1, 10)
    # over both years no rule fits every moment: the plan fits the most, and knows the rest
    whole = moments("America/Nuuk", 2023, 2024)
    best = plan("America/Nuuk", whole, year=2023)
    iana = ZoneInfo("America/Nuuk")
    for m in whole:
        assert best.local(m) in (None, m.astimezone(iana).replace(tzinfo=None))
    assert sum(best.agrees(m) for m in whole) >= sum(p.agrees(m) for m in whole)


def test_transitions_are_exact_to_the_second_and_skip_a_change_of_name_alone():
    spring, autumn = transitions("Europe/Copenhagen", 2024, 2024)
    assert spring.utc == datetime(2024, 3, 31, 1, tzinfo=UTC) and spring.forward
    assert spring.local == datetime(2024, 3, 31, 2)
    assert autumn.utc == datetime(2024, 10, 27, 1, tzinfo=UTC) and not autumn.forward
    nuuk = transitions("America/Nuuk", 2023, 2023)
    assert [t.utc.isoformat() for t in nuuk] == ["2023-03-26T01:00:00+00:00"]  # none on 29 October


@pytest.mark.parametrize(
    "name", ["Europe", "Europe/", "../etc/passwd", "Romance Standard Time", "x" * 300, ""]
)
def test_names_that_are_no_iana_zone(name):
    assert iana_zone(name) is None
    assert iana_zone("Europe/Copenhagen") is not None


@pytest.mark.parametrize(
    "zone",
    [
        "America/Santiago",  # BYDAY=SU;BYMONTHDAY=2,...,8 in dateutil's and icalendar's VTIMEZONE
        "Asia/Jerusalem",  # BYDAY=FR;BYMONTHDAY=23,...,29
        "Africa/Casablanca",  # an hour less in Ramadan, a different day every year
        "Africa/Cairo",  # summer time again from 2023
        "America/Asuncion",
        "America/Nuuk",
    ],
)
def test_a_zone_no_yearly_rule_describes_is_still_a_vtimezone_outlook_reads(zone):
    """One rule each way that Outlook can read; every moment it gets right reads back right."""
    ms = moments(zone, 2023, 2024)
    p = plan(zone, ms, year=2023)
    written = text(p)
    rules = [line for line in written.splitlines() if line.startswith("RRULE:")]
    assert len(rules) <= 2 and written.count("BEGIN:STANDARD") == 1 and "RDATE" not in written
    for rule in rules:
        byday = [part for part in rule.split(";") if part.startswith("BYDAY=")]
        assert not (byday and "BYMONTHDAY" in rule), rule
        assert all("," not in part and part[6:-2] in ("1", "2", "3", "4", "-1") for part in byday), rule
    defined = tzical(StringIO(written)).get()
    right = [m for m in ms if p.local(m) is not None]
    assert len(right) > len(ms) // 2, zone  # the rule fits most of the times; UTC for the rest
    for m in right:
        assert p.local(m).replace(tzinfo=defined).astimezone(UTC) == m, (zone, m)  # type: ignore[union-attr]
