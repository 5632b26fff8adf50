"""Property: any valid calendar gives a lint-clean feed whose times are the model's, to the second.

Calendars are generated as data, written as JSON (which is YAML) and read by the real loader.
Timed meetings fall often on the days the clocks change, at the hours that are skipped or
happen twice, in zones with odd rules. The feed's times are read back through the feed's own
VTIMEZONE (dateutil's reader, not the zone the reader happens to know), so a wrong rule would
show here, and a local time the reader could take two ways fails the test.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import icalendar
from dateutil.tz import datetime_ambiguous, tzical
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgettid.format.load import load_text
from budgettid.ical import feed as ics
from budgettid.ical.lint import lint
from budgettid.ical.vtimezone import transitions

ZONES = ["Europe/Copenhagen"] * 3 + [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Tokyo",
    "Asia/Jerusalem",
    "America/Nuuk",
]
NOW = datetime(2024, 1, 1, tzinfo=UTC)
TEXT = st.text(
    alphabet=st.sampled_from(list("abcxyzÆØÅæøå ,;\\\"':–-.0123456789🗓")), min_size=1, max_size=90
).filter(lambda s: s.strip() == s and s != "")


def last_sunday(year: int, month: int) -> date:
    d = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return d - timedelta(days=(d.weekday() + 1) % 7)


@st.composite
def calendars(draw):
    zone = draw(st.sampled_from(ZONES))
    year = draw(st.integers(2020, 2030))
    change_days = [last_sunday(year, 3), last_sunday(year, 10)]
    change_days += [t.local.date() for t in transitions(zone, year, year)]
    any_day = st.dates(date(year, 1, 1), date(year, 12, 31))
    day = st.one_of(st.sampled_from(change_days), any_day)
    clock = st.builds(
        time, st.one_of(st.integers(0, 23), st.integers(1, 3)), st.sampled_from([0, 15, 30, 45])
    )
    events = []
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["meeting", "meeting", "deadline", "hearing", "period", "event"]))
        ev: dict[str, object] = {"id": f"e{i}", "title": draw(TEXT), "kind": kind}
        shape = draw(st.sampled_from(["day", "day", "window", "month", "quarter"]))
        if kind in ("hearing", "period") and shape == "day":
            shape = "window"
        first = draw(day)
        if shape == "day":
            ev["date"] = first.isoformat()
        elif shape == "window":
            ev["start"] = first.isoformat()
            ev["end"] = (first + timedelta(days=draw(st.integers(0, 10)))).isoformat()
        elif shape == "month":
            ev["date"] = f"{year}-{first.month:02d}"
        else:
            ev["date"] = f"{year}-Q{(first.month - 1) // 3 + 1}"
        if kind in ("hearing", "period") and "date" in ev:
            ev["start"] = ev["end"] = ev.pop("date")
        if draw(st.booleans()):
            at = draw(clock)
            ev["time"] = f"{at:%H:%M}"
            if draw(st.booleans()):
                one_day = shape == "day" or ev.get("start") == ev.get("end")
                later = draw(clock)
                if one_day and later <= at:
                    later = time(23, 59) if at.hour == 23 else time(at.hour + 1, at.minute)
                ev["end_time"] = f"{later:%H:%M}"
        ev["bodies"] = draw(st.lists(st.sampled_from(["br", "oeu"]), unique=True, max_size=2))
        if draw(st.booleans()):
            ev["notes"] = draw(TEXT) + "\n" + draw(TEXT)
        if draw(st.booleans()):
            ev["location"] = draw(TEXT)
        ev["reminders"] = draw(st.lists(st.sampled_from(["P7D", "P1D", "PT2H", "PT30M"]), max_size=2))
        events.append(ev)
    doc = {
        "format": "budgettid/1",
        "process": {
            "id": "prop-test",
            "title": draw(TEXT),
            "budget_years": f"{year + 1}-{year + 4}",
            "timezone": zone,
            "contact": draw(st.sampled_from([None, "budget@kommune.dk"])),
        },
        "bodies": {
            "br": {"name": "Byrådet", "role": "council"},
            "oeu": {"name": "Økonomiudvalget", "role": "finance_committee"},
        },
        "phases": [],
        "events": events,
    }
    return load_text(json.dumps(doc, ensure_ascii=False), "generated.yaml")


def model_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """What the model means: RFC 5545's reading (first of two, the offset before a gap)."""
    return datetime.combine(day, at, zone).astimezone(UTC)


def read_moment(prop, defined) -> datetime:
    """A DTSTART or DTEND as a reader of the feed's VTIMEZONE reads it: UTC, or local and unambiguous."""
    value = prop.dt
    if "TZID" not in prop.params:
        assert value.tzinfo is not None and value.utcoffset() == timedelta(0)
        return value
    wall = value.replace(tzinfo=None)
    assert not datetime_ambiguous(wall, defined), wall
    return wall.replace(tzinfo=defined).astimezone(UTC)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars())
def test_feeds_are_clean_and_times_are_the_models(cal):
    data = ics.feed_bytes(cal, now=NOW)
    assert lint(data) == [] and lint(data, "budgettid") == []
    assert ics.feed_bytes(cal, now=NOW) == data
    parsed = icalendar.Calendar.from_ical(data)
    zones = parsed.walk("VTIMEZONE")
    assert len(zones) <= 1
    defined = tzical(StringIO(zones[0].to_ical().decode())).get() if zones else None
    zone = ZoneInfo(cal.process.timezone)
    by_uid = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    assert set(by_uid) == {f"{e.id}@prop-test" for e in cal.events}
    for e in cal.events:
        ev = by_uid[f"{e.id}@prop-test"]
        assert str(ev["SUMMARY"]) == (e.title if e.exact else f"{e.title} (dato fastlægges)")
        assert len(ev.walk("VALARM")) <= 1
        assert all(a["TRIGGER"].dt <= timedelta(0) for a in ev.walk("VALARM"))
        start, end = ev["DTSTART"], ev.get("DTEND")
        first, last = e.span_start.first, e.span_end.last
        timed = e.exact and e.time is not None and (first == last or e.end_time is not None)
        if not timed:
            assert not isinstance(start.dt, datetime) and start.dt == first
            assert end.dt == last + timedelta(days=1)
            continue
        begin = model_instant(first, e.time, zone)
        assert read_moment(start, defined) == begin
        if e.end_time is None and e.kind == "meeting":
            assert read_moment(end, defined) == begin + timedelta(minutes=cal.process.meeting_minutes)
        elif e.end_time is None:
            assert end is None
        elif end is not None:
            assert read_moment(end, defined) == model_instant(last, e.end_time, zone)
        else:  # only when the clocks skip the start and the time it means is not before the end
            assert model_instant(last, e.end_time, zone) <= begin
