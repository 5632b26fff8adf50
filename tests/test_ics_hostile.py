"""Hostile input to the feeds (issue 11's points inside ical/): nothing breaks a line, what
`ics` writes reads back, and the reader and the lint survive what an attacker can write."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime

import icalendar
import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.errors import CalendarInvalid
from budgettid.format.load import load_text
from budgettid.ical import feed as ics
from budgettid.ical.lines import read, unescape
from budgettid.ical.lint import lint
from budgettid.ical.previous import read_published

from .conftest import MINIMAL

NOW = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
runner = CliRunner()


def hostile(**fields: str) -> str:
    """MINIMAL with br-1's fields (YAML double-quoted, so escapes work) and process fields."""
    text = MINIMAL
    for key in ("municipality", "contact"):
        if key in fields:
            text = text.replace("  budget_years:", f'  {key}: "{fields.pop(key)}"\n  budget_years:')
    if "title" in fields:
        text = text.replace("title: Byrådets 1. behandling", f'title: "{fields.pop("title")}"')
    extra = "".join(f'\n    {k}: "{v}"' for k, v in fields.items())
    return text.replace("    bodies: [byraadet]\n", f"    bodies: [byraadet]{extra}\n")


def test_separators_and_escapes_in_titles_and_notes_read_back():
    """U+2028 in a title, a form feed, U+001E and a literal backslash N or P in the notes:
    str.splitlines() breaks at the first three, and \\N is an escape in iCalendar."""
    cal = load_text(
        hostile(
            title="Byrådets\\u2028møde\\u2029nu",
            notes="Første\\fanden\\x1etredje \\\\N og \\\\P og \\\\n slut",
            location="Sal\\u00851",
        ),
        "cal.yaml",
    )
    data = ics.feed_bytes(cal, now=NOW)
    assert lint(data) == [] and lint(data, "budgettid") == []
    physical = data.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    for ch in ("\u2028", "\u2029", "\x0c", "\x1e", "\x85"):
        assert ch not in data.decode()
    ev = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}[
        "br-1@test-budget-2024"
    ]
    assert str(ev["SUMMARY"]) == "Byrådets møde nu"
    assert str(ev["DESCRIPTION"]).endswith("Første\nanden\ntredje \\N og \\P og \\n slut")
    published = read_published(data)
    assert published["br-1@test-budget-2024"].title == "Byrådets møde nu"
    again = ics.build_feed(cal, previous=data, now=NOW)
    assert again.changes.changed == [] and again.data == data


def test_a_published_feed_is_split_only_on_crlf_and_lf():
    """A feed from elsewhere (or an older budgettid) with U+2028 and a form feed in values
    reads as the lines it has; str.splitlines() would have cut them."""
    event = (
        "BEGIN:VEVENT\r\nUID:a@test-budget-2024\r\nDTSTAMP:20231114T221320Z\r\n"
        "DTSTART;VALUE=DATE:20230919\r\nDTEND;VALUE=DATE:20230920\r\n"
        "SUMMARY:Et\u2028to\x0ctre\x1efire \\\\N\r\nEND:VEVENT\r\n"
    )
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{event}END:VCALENDAR\r\n".encode()
    assert read_published(data)["a@test-budget-2024"].title == "Et\u2028to\x0ctre\x1efire \\N"
    assert [p.symbol for p in lint(data)] == ["control-character"]  # the form feed; RFC 5545 allows none


def test_unescape_is_one_pass():
    assert unescape(r"a\\nb\nc\,d\;e\\\\N\N") == "a\\nb\nc,d;e\\\\N\n"


def test_controls_in_municipality_and_contact_and_a_url_with_crlf_never_break_a_line():
    # The loader refuses all three (issue 11: BT002); the feed still escapes them when a
    # Calendar is built in code, where nothing checks the values.
    raw = {
        "municipality": 'Kommune\\r\\nX-EVIL:1\\x1b[2J\\"A;B:C',
        "url": "https://example.org/a\\r\\nX-EVIL:1 b",
    }
    for key, value in raw.items():
        with pytest.raises(CalendarInvalid):
            load_text(hostile(**{key: value}), "cal.yaml")
    cal = load_text(hostile(contact="budget@kommune.dk"), "cal.yaml")
    process = replace(cal.process, municipality='Kommune\r\nX-EVIL:1\x1b[2J"A;B:C')
    events = [
        replace(e, url="https://example.org/a\r\nX-EVIL:1 b") if e.id == "br-1" else e for e in cal.events
    ]
    cal = replace(cal, process=process, events=events)
    data = ics.feed_bytes(cal, now=NOW)
    assert lint(data) == [] and lint(data, "budgettid") == []
    lines = data.decode().replace("\r\n ", "").split("\r\n")
    assert not any(line.startswith("X-EVIL") for line in lines)
    assert "URL:https://example.org/a%0D%0AX-EVIL:1%20b" in lines
    organizer = next(line for line in lines if line.startswith("ORGANIZER"))
    assert organizer == 'ORGANIZER;CN="Kommune X-EVIL:1[2J\'A;B:C":mailto:budget@kommune.dk'
    with pytest.raises(CalendarInvalid):
        load_text(hostile(contact="budget@kommune.dk\\r\\nX-EVIL:1"), "cal.yaml")
    good = load_text(hostile(contact="budget@kommune.dk"), "cal.yaml")
    bad_contact = replace(good, process=replace(good.process, contact="budget@kommune.dk\r\nX-EVIL:1"))
    assert b"ORGANIZER" not in ics.feed_bytes(bad_contact, now=NOW)  # not an address: no organizer


def test_twenty_thousand_nested_components_are_a_nesting_problem_not_a_recursion_error():
    depth = 20_000
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
    data += b"BEGIN:X\r\n" * depth + b"END:X\r\n" * depth + b"END:VCALENDAR\r\n"
    problems = lint(data)
    assert [p.symbol for p in problems] == ["nesting"]
    assert problems[0].message == "components nested deeper than 16 levels"
    with pytest.raises(Exception, match="nested deeper than 16 levels"):
        read_published(data)
    assert sys.getrecursionlimit() < depth  # so a recursive walk would have failed


def test_a_tzid_that_names_a_folder_or_a_path():
    base = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTIMEZONE\r\nTZID:{tz}\r\nBEGIN:STANDARD\r\n"
        "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20231114T221320Z\r\n"
        "DTSTART;TZID={tz}:20230919T100000\r\nSUMMARY:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    for tz in ("Europe", "../../etc/passwd", "Europe/" + "x" * 300, "Europe/Copenhagen/"):
        data = base.format(tz=tz).encode()
        assert lint(data) == [], tz
        assert read_published(data)["a"].start == datetime(2023, 9, 19, 10)  # floating: no zone of that name


def test_the_reader_collects_problems_and_never_raises():
    for data in (
        b"",
        b"\xff\xfe",
        b"BEGIN:VCALENDAR",
        b"BEGIN:VCALENDAR\r\n:\r\n;;\r\n END:X\r\n",
        b"\r\n" * 5,
    ):
        doc = read(data)
        assert doc.fatal is not None or doc.calendar is not None


def test_refresh_far_out_is_a_usage_error(tmp_path):
    cal = tmp_path / "cal.yaml"
    cal.write_text(MINIMAL, encoding="utf-8")
    res = runner.invoke(app, ["ics", str(cal), "--refresh", "P999999999999D"], env={"LC_ALL": "en_GB.UTF-8"})
    assert res.exit_code == 2
    assert res.stderr == (
        "budgettid: refresh interval P999999999999D: give a duration above zero and at most P366D, "
        "e.g. PT12H\n"
    )


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_dates_at_the_ends_of_the_calendar_give_a_feed_or_a_usage_error_never_a_traceback(tmp_path, day):
    cal = tmp_path / "cal.yaml"
    cal.write_text(MINIMAL.replace("date: 2023-09-19", f"date: {day}\n    time: '00:30'"), encoding="utf-8")
    res = runner.invoke(app, ["ics", str(cal), "--lang", "en"])
    assert ("Traceback" not in res.output and res.exception is None) or isinstance(res.exception, SystemExit)
    if res.exit_code == 0:
        assert lint(res.stdout_bytes) == []
    else:  # year 1 cannot be written in UTC; issue 11 may refuse both when the calendar is loaded
        assert res.exit_code in (1, 2)
        assert res.exit_code == 1 or "too close to the ends of the calendar (year 1 or 9999)" in res.stderr
