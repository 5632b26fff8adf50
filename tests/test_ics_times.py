"""How the feed writes times, busy and reminders so that every reader reads them alike.

The readers themselves are in tests/interop/; here are the decisions, line by line.
"""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest

from budgettid.format.load import load_text
from budgettid.ical import feed as ics
from budgettid.ical.lint import lint

from .conftest import MINIMAL

NOW = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def calendar(events: str, *, zone: str = "Europe/Copenhagen", lang: str = "en", minutes: str = ""):
    head = MINIMAL.split("events:\n")[0].replace(
        "  budget_years: 2024-2027\n",
        f"  budget_years: 2024-2027\n  timezone: {zone}\n  language: {lang}\n{minutes}",
    )
    return load_text(head + "events:\n" + events, "cal.yaml")


def meeting(day: str, at: str, end: str = "", *, ident: str = "m", kind: str = "meeting") -> str:
    out = f"  - id: {ident}\n    title: Møde {ident}\n    kind: {kind}\n    date: {day}\n    time: '{at}'\n"
    return out + (f"    end_time: '{end}'\n" if end else "")


def vevent(data: bytes, uid: str) -> list[str]:
    lines = data.decode().replace("\r\n ", "").split("\r\n")
    start = lines.index(f"UID:{uid}") - 1
    return lines[start : lines.index("END:VEVENT", start) + 1]


def build(cal, **kw) -> ics.Feed:
    return ics.build_feed(cal, now=NOW, **kw)


# --- the hour the clocks go back --------------------------------------------------------------


def test_a_time_in_the_repeated_hour_is_written_in_utc_as_the_first_with_a_note():
    """02:30 on 29 October 2023 happens twice in Copenhagen: ical.js and libical read the
    second, Python's readers the first. In UTC every reader reads the first."""
    result = build(calendar(meeting("2023-10-29", "02:30")))
    lines = vevent(result.data, "m@test-budget-2024")
    assert "DTSTART:20231029T003000Z" in lines  # 02:30 summer time
    assert "DTEND:20231029T023000Z" in lines  # two hours later: 03:30 winter time
    assert [n.text("en") for n in result.notes] == [
        "m: 02:30 on 2023-10-29 happens twice in Europe/Copenhagen (the clocks go back), and "
        "calendar programs pick different ones; written in UTC as the first (00:30 UTC)"
    ]
    assert [n.text("da") for n in result.notes] == [
        "m: kl. 02:30 den 2023-10-29 findes to gange i Europe/Copenhagen (uret stilles tilbage), og "
        "kalenderprogrammerne vælger forskelligt; skrevet i UTC som den første (kl. 00:30 UTC)"
    ]
    assert lint(result.data) == [] and lint(result.data, "budgettid") == []


def test_an_end_in_the_repeated_hour_puts_the_whole_meeting_in_utc():
    result = build(calendar(meeting("2023-10-29", "01:30", "02:15")))
    lines = vevent(result.data, "m@test-budget-2024")
    assert "DTSTART:20231028T233000Z" in lines and "DTEND:20231029T001500Z" in lines
    assert len(result.notes) == 1 and "02:15" in result.notes[0].text("en")


@pytest.mark.parametrize(
    ("zone", "day", "at", "utc"),
    [
        ("America/New_York", "2023-11-05", "01:30", "20231105T053000Z"),  # EDT, the first 01:30
        ("Europe/London", "2023-10-29", "01:30", "20231029T003000Z"),
        ("Australia/Lord_Howe", "2023-04-02", "01:45", "20230401T144500Z"),  # a 30-minute change
        ("Pacific/Chatham", "2023-04-02", "02:50", "20230401T130500Z"),  # +13:45, changing at 03:45
    ],
)
def test_the_repeated_hour_in_other_zones(zone, day, at, utc):
    result = build(calendar(meeting(day, at), zone=zone))
    assert f"DTSTART:{utc}" in vevent(result.data, "m@test-budget-2024")
    assert "happens twice" in result.notes[0].text("en")
    assert lint(result.data, "budgettid") == []


def test_times_next_to_the_repeated_hour_stay_local():
    cal = calendar(
        meeting("2023-10-29", "01:00", "01:59", ident="before")
        + meeting("2023-10-29", "03:00", ident="after")
    )
    result = build(cal)
    assert "DTEND;TZID=Europe/Copenhagen:20231029T015900" in vevent(result.data, "before@test-budget-2024")
    assert "DTSTART;TZID=Europe/Copenhagen:20231029T030000" in vevent(result.data, "after@test-budget-2024")
    assert result.notes == []


# --- zones Outlook's one rule each way cannot describe ---------------------------------------


def test_jerusalem_times_the_rule_gets_wrong_are_utc_and_the_rest_local():
    """Summer time starts on the Friday before the last Sunday of March: 24 March 2023 and
    29 March 2024, which no single BYDAY names; the feed's rule fits 2024."""
    events = meeting("2023-03-27", "10:00", ident="early") + meeting("2024-04-02", "10:00", ident="late")
    events += meeting("2023-12-01", "10:00", ident="winter")
    result = build(calendar(events, zone="Asia/Jerusalem"))
    text = result.data.decode()
    assert "BYMONTHDAY" not in text and "BYDAY=FR;" not in text
    assert "DTSTART:20230327T070000Z" in vevent(result.data, "early@test-budget-2024")  # 10:00 +03
    assert "DTSTART;TZID=Asia/Jerusalem:20240402T100000" in vevent(result.data, "late@test-budget-2024")
    assert "DTSTART;TZID=Asia/Jerusalem:20231201T100000" in vevent(result.data, "winter@test-budget-2024")
    assert [n.text("en") for n in result.notes] == [
        "Asia/Jerusalem changes its clocks in these years in a way one yearly rule each way cannot "
        "describe, and Outlook reads no more; so these times are written in UTC to stay right: early"
    ]
    assert lint(result.data, "budgettid") == []


def test_a_zone_without_daylight_saving_is_all_local():
    result = build(calendar(meeting("2023-10-29", "02:30"), zone="Asia/Kolkata"))
    assert "DTSTART;TZID=Asia/Kolkata:20231029T023000" in vevent(result.data, "m@test-budget-2024")
    assert result.notes == [] and lint(result.data, "budgettid") == []


# --- how long a meeting lasts -----------------------------------------------------------------


def test_a_meeting_without_end_time_lasts_meeting_minutes_and_a_deadline_stays_a_moment():
    events = meeting("2023-09-19", "17:00") + meeting("2023-09-20", "12:00", ident="frist", kind="deadline")
    data = build(calendar(events)).data
    assert "DTEND;TZID=Europe/Copenhagen:20230919T190000" in vevent(data, "m@test-budget-2024")
    assert not any(line.startswith("DTEND") for line in vevent(data, "frist@test-budget-2024"))
    longer = build(calendar(events, minutes="  meeting_minutes: 45\n")).data
    assert "DTEND;TZID=Europe/Copenhagen:20230919T174500" in vevent(longer, "m@test-budget-2024")


def test_meeting_minutes_are_elapsed_time_across_a_clock_change():
    """01:00 + 120 minutes on the spring day is 04:00 summer time (02:00-03:00 does not exist)."""
    data = build(calendar(meeting("2023-03-26", "01:00"))).data
    assert "DTEND;TZID=Europe/Copenhagen:20230326T040000" in vevent(data, "m@test-budget-2024")


@pytest.mark.parametrize("minutes", ["0", "1441", "abc"])
def test_meeting_minutes_out_of_range_is_a_located_error(minutes):
    from budgettid.errors import CalendarInvalid

    with pytest.raises(CalendarInvalid) as info:
        calendar(meeting("2023-09-19", "17:00"), minutes=f"  meeting_minutes: {minutes}\n")
    found = [str(d.message) for d in info.value.diagnostics if d.code == "BT002"]
    assert any("meeting_minutes" in m for m in found), found


# --- busy or free -----------------------------------------------------------------------------


def test_only_meetings_at_a_known_time_are_busy(bundled):
    """A council meeting without a time must not block the whole day of everyone who
    imports the feed; a deadline, a hearing, a period or an event is to know about."""
    feed = icalendar.Calendar.from_ical(ics.feed_bytes(bundled, now=NOW))
    parsed = {str(e["UID"]).split("@")[0]: e for e in feed.walk("VEVENT")}
    for e in bundled.events:
        assert str(parsed[e.id]["TRANSP"]) == "TRANSPARENT", e.id  # the bundled calendar has no times
    events = meeting("2023-09-19", "17:00") + meeting("2023-09-20", "12:00", ident="frist", kind="deadline")
    events += meeting("2023-09-21", "19:00", ident="borgermoede", kind="event")
    events += "  - id: heldag\n    title: Seminar\n    kind: meeting\n    date: 2023-09-22\n"
    data = build(calendar(events)).data
    ids = ("m", "frist", "borgermoede", "heldag")
    busy = {u: "TRANSP:OPAQUE" in vevent(data, f"{u}@test-budget-2024") for u in ids}
    assert busy == {"m": True, "frist": False, "borgermoede": False, "heldag": False}
    assert not any(line.startswith("DTEND") for line in vevent(data, "borgermoede@test-budget-2024"))


# --- reminders --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reminder", "trigger"),
    [
        ("P0D", "TRIGGER:P0D"),
        ("P1D", "TRIGGER:-PT15H"),
        ("P7D", "TRIGGER:-P6DT15H"),
        ("PT2H", "TRIGGER:-PT2H"),
    ],
)
def test_an_all_day_reminder_is_never_after_the_start(reminder, trigger):
    """[MS-OXCICAL] 2.1.3.1.1.20.62: Outlook reads a duration as minutes before the start, so
    TRIGGER:PT9H (09:00 on the day) would remind at 15:00 the day before."""
    events = "  - id: frist\n    title: Frist\n    kind: deadline\n    date: 2023-09-20\n"
    events += f"    reminders: [{reminder}]\n"
    data = build(calendar(events)).data
    assert trigger in vevent(data, "frist@test-budget-2024")
    assert lint(data) == []
