"""The lint on genuine exports: no false alarm from Outlook, Google or Thunderbird.

tests/fixtures/ics/exports/ holds exports written by hand in the formats these programs
produce: Outlook 2016's (Windows zone names such as "Romance Standard Time" with 1601
anchors, X-MS-OLK and X-MICROSOFT fields, a zone used only by X-MS-OLK-WKHRSTART, a moved
occurrence sharing its series' UID with RECURRENCE-ID, X-ALT-DESC), Google Calendar's
(X-LIC-LOCATION in the VTIMEZONE, events in UTC, two alarms, ATTENDEE lines over 75
octets folded, a moved occurrence) and Thunderbird 115's (X-TZINFO, X-MOZ fields, a VTODO,
TRIGGER;VALUE=DURATION).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgettid.ical.lint import lint

from .conftest import FIXTURES

EXPORTS = sorted((FIXTURES / "ics" / "exports").glob("*.ics"))


def test_the_three_exports_are_there():
    assert [p.name for p in EXPORTS] == ["google-calendar.ics", "outlook-2016.ics", "thunderbird-115.ics"]


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.stem)
def test_interoperability_finds_nothing_in_a_genuine_export(path: Path):
    data = path.read_bytes()
    assert data.endswith(b"\r\n") and max(len(line) for line in data.split(b"\r\n")) <= 75
    assert lint(data) == []


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.stem)
def test_the_profile_names_only_what_budgettid_promises_beyond(path: Path):
    """What the old lint called errors here is not even in the profile's findings."""
    symbols = {p.symbol for p in lint(path.read_bytes(), "budgettid")}
    assert symbols <= {"calendar-name", "refresh", "organizer", "alarms", "component"}
    assert not symbols & {"timezone-rule", "duplicate-uid", "unused-vtimezone"}
    if path.stem == "thunderbird-115":
        assert "component" in symbols  # its VTODO


def test_real_problems_in_an_export_are_still_found():
    outlook = (FIXTURES / "ics" / "exports" / "outlook-2016.ics").read_bytes()
    # the Israeli rule written the way Outlook cannot read it
    jerusalem = outlook.replace(
        b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n"
        b"END:VTIMEZONE\r\nBEGIN:VEVENT",
        b"RRULE:FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29;BYMONTH=3\r\nTZOFFSETFROM:+0100\r\n"
        b"TZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT",
    )
    assert jerusalem != outlook
    assert [p.symbol for p in lint(jerusalem)] == ["timezone-rule"]
    google = (FIXTURES / "ics" / "exports" / "google-calendar.ics").read_bytes()
    repeated = google.replace(b"20240116T140000", b"20241027T023000").replace(
        b"20240116T150000", b"20241027T033000"
    )
    assert {p.symbol for p in lint(repeated)} == {"ambiguous-time"}
    thunderbird = (FIXTURES / "ics" / "exports" / "thunderbird-115.ics").read_bytes()
    late = thunderbird.replace(b"TRIGGER;VALUE=DURATION:-PT15M", b"TRIGGER;VALUE=DURATION:PT15M")
    assert {p.symbol for p in lint(late)} == {"positive-trigger"}
