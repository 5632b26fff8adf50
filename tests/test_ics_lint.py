"""The feed lint: each way a feed can miss the profile, found on the line where it is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from budgettid.format.load import load, load_text
from budgettid.ical import feed as ics
from budgettid.ical.lint import Problem, lint

from .conftest import FIXTURES, MINIMAL

NOW = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def clean() -> bytes:
    return ics.feed_bytes(load(FIXTURES / "ics" / "timed.yaml"), now=NOW)


def line_of(data: bytes, needle: bytes, nth: int = 0) -> int:
    """1-based physical line of the nth line that starts with needle."""
    hits = [i for i, line in enumerate(data.split(b"\r\n"), start=1) if line.startswith(needle)]
    return hits[nth]


def found(data: bytes, profile: str = "interop") -> set[tuple[int, str]]:
    return {(p.line, p.symbol) for p in lint(data, profile)}


def profile(data: bytes) -> set[tuple[int, str]]:
    """What budgettid's publishing profile finds beyond interoperability."""
    return found(data, "budgettid") - found(data)


def test_the_feed_is_clean(clean):
    assert lint(clean) == [] and lint(clean, "budgettid") == []


def test_problem_reads_as_line_message_symbol_in_either_language():
    p = Problem(7, "method", "lint.method", (("value", "REQUEST"),))
    assert str(p) == (
        "7: METHOD:REQUEST makes Outlook treat the feed as invitations; use METHOD:PUBLISH or none [method]"
    )
    assert p.text("da").startswith("METHOD:REQUEST får Outlook til at behandle feedet som invitationer")


def test_values_from_the_feed_are_escaped_and_cut_in_messages(clean):
    hostile = "METHOD:\x1b[2J\u202eX" + "A" * 500
    bad = clean.replace(b"METHOD:PUBLISH", hostile.encode(), 1)
    message = next(p for p in lint(bad) if p.symbol == "method").message
    assert "\\x1b[2J\\u202eX" in message and "\x1b" not in message and "\u202e" not in message
    assert "…" in message and len(message) < 400


def test_not_an_icalendar_file():
    assert [p.symbol for p in lint(MINIMAL.encode())] == ["not-icalendar"]
    assert [p.symbol for p in lint(b"")] == ["not-icalendar"]


def test_bare_lf_is_one_problem_with_a_count_in_the_profile(clean):
    """Every reader tried reads LF alone; the profile wants CRLF, as RFC 5545 does."""
    lf = clean.replace(b"\r\n", b"\n")
    assert lint(lf) == []
    problems = lint(lf, "budgettid")
    assert [(p.line, p.symbol) for p in problems] == [(1, "bare-lf")]
    more = lf.count(b"\n") - 1
    assert f"({more} more lines like it)" in problems[0].message


def test_missing_final_crlf(clean):
    assert profile(clean[:-2]) == {(clean.count(b"\r\n"), "no-final-crlf")}


def test_long_lines_and_split_characters(clean):
    n = line_of(clean, b"SUMMARY:Frist for sp")
    long = clean.replace(b"SUMMARY:Frist for sp", b"SUMMARY:" + b"x" * 80 + b" Frist for sp", 1)
    assert (n, "line-too-long") in profile(long)
    # fold in the middle of the two octets of the o-slash: each half is not UTF-8
    broken = clean.replace("SUMMARY:Frist for spø".encode(), b"SUMMARY:Frist for sp" + b"\xc3\r\n \xb8", 1)
    assert (n, "split-utf8") in found(broken)
    assert (1, "not-utf8") not in found(broken)
    latin = clean.decode("utf-8").encode("latin-1", "replace")
    assert any(s == "not-utf8" for _, s in found(latin))


def test_text_escaping(clean):
    n = line_of(clean, b"SUMMARY:Budgetforhandlinger")
    assert (n, "text-escape") in found(
        clean.replace(b"SUMMARY:Budgetforhandlinger", b"SUMMARY:Budget, forhandlinger")
    )
    assert (n, "text-escape") in found(
        clean.replace(b"SUMMARY:Budgetforhandlinger", b"SUMMARY:Budget\\xforhandlinger")
    )
    # CATEGORIES is a list: its commas are separators
    assert lint(clean) == []


def test_control_characters_in_values(clean):
    """A NUL in SUMMARY was called clean; only HTAB (and escaped line breaks) are allowed."""
    n = line_of(clean, b"SUMMARY:Budgetforhandlinger")
    for ch in (b"\x00", b"\x07", b"\x1b", b"\x7f"):
        bad = clean.replace(b"SUMMARY:Budgetforhandlinger", b"SUMMARY:Budget" + ch + b"forhandlinger")
        assert (n, "control-character") in found(bad)
    nul = clean.replace(b"SUMMARY:Budgetforhandlinger", b"SUMMARY:Budget\x00forhandlinger")
    assert "SUMMARY: a control character (U+0000) in the value" in str(
        next(p for p in lint(nul) if p.symbol == "control-character")
    )
    loc = line_of(clean, b"LOCATION:")
    assert (loc, "control-character") in found(clean.replace(b"LOCATION:", b"LOCATION:\x01", 1))
    tab = clean.replace(b"SUMMARY:Budgetforhandlinger", b"SUMMARY:Budget\tforhandlinger")
    assert lint(tab) == []


def test_floating_and_unknown_zones(clean):
    n = line_of(clean, b"DTSTART;TZID=Europe/Copenhagen:20240331T090000")
    floating = clean.replace(b"DTSTART;TZID=Europe/Copenhagen:20240331T090000", b"DTSTART:20240331T090000")
    assert (n, "floating-time") in profile(floating)
    oslo = clean.replace(
        b"DTSTART;TZID=Europe/Copenhagen:20240331T090000", b"DTSTART;TZID=Europe/Oslo:20240331T090000"
    )
    assert (n, "unknown-tzid") in found(oslo)


def test_vtimezone_rules(clean):
    n = line_of(clean, b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3")
    rdate = clean.replace(b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", b"RDATE:20240331T020000")
    assert (n, "timezone-rule") in profile(rdate)
    monthly = clean.replace(b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", b"RRULE:FREQ=MONTHLY;BYDAY=-1SU")
    assert (n, "timezone-rule") in found(monthly)
    start = clean.index(b"BEGIN:STANDARD")
    block = clean[start : clean.index(b"END:STANDARD") + len(b"END:STANDARD\r\n")]
    twice = clean.replace(block, block + block)
    assert (line_of(twice, b"BEGIN:STANDARD", 1), "timezone-rule") in profile(twice)
    no_standard = clean.replace(block, b"")
    assert (line_of(clean, b"BEGIN:VTIMEZONE"), "timezone-rule") in found(no_standard)


@pytest.mark.parametrize(
    ("rule", "symbol"),
    [
        (b"RRULE:FREQ=YEARLY;BYDAY=SU;BYMONTH=3;BYMONTHDAY=25,26,27,28,29,30,31", "both"),
        (b"RRULE:FREQ=YEARLY;BYDAY=SU;BYMONTH=3", "occurrence"),
        (b"RRULE:FREQ=YEARLY;BYDAY=-1SU,-1SA;BYMONTH=3", "occurrence"),
        (b"RRULE:FREQ=YEARLY;BYDAY=-2SU;BYMONTH=3", "occurrence"),
    ],
)
def test_vtimezone_rules_outlook_cannot_read(clean, rule, symbol):
    """[MS-OXCICAL] 2.1.3.1.1.19.2.2: BYDAY or BYMONTHDAY, not both; BYDAY one weekday once."""
    bad = clean.replace(b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", rule)
    n = line_of(clean, b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3")
    problems = [p for p in lint(bad) if p.line == n]
    assert [p.symbol for p in problems] == ["timezone-rule"]
    assert ("both BYDAY and BYMONTHDAY" if symbol == "both" else "one weekday once") in problems[0].message
    fine = clean.replace(b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", b"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
    assert lint(fine) == []


def test_an_era_outlook_drops_is_reported_where_it_moves_an_event(clean):
    """Outlook keeps only the DAYLIGHT with the latest DTSTART ([MS-STANOICAL] 2.2.47)."""
    start = clean.index(b"BEGIN:DAYLIGHT")
    block = clean[start : clean.index(b"END:DAYLIGHT") + len(b"END:DAYLIGHT\r\n")]
    # a later era that starts summer time a month later: right for 2030 on, wrong for 2024 in Outlook
    later = block.replace(b"DTSTART:19700329T020000", b"DTSTART:20300428T020000").replace(
        b"BYMONTH=3", b"BYMONTH=4"
    )
    closed = block.replace(b"BYMONTH=3", b"BYMONTH=3;UNTIL=20290401T000000Z")
    two = clean.replace(block, closed + later)
    sommer = line_of(two, b"DTSTART;TZID=Europe/Copenhagen:20240331T090000")
    problems = [p for p in lint(two) if p.symbol == "outlook-timezone"]
    assert problems and problems[0].line == sommer
    assert "so 2024-03-31 09:00 is UTC+01:00 there but UTC+02:00 by the VTIMEZONE" in problems[0].message
    assert (line_of(two, b"BEGIN:DAYLIGHT", 1), "timezone-rule") in profile(two)


def test_an_anchor_after_the_events_and_one_after_1970(clean):
    late = clean.replace(b"DTSTART:19700329T020000", b"DTSTART:20250330T020000")
    late = late.replace(b"DTSTART:19701025T030000", b"DTSTART:20251026T030000")
    first = line_of(late, b"DTSTART;TZID=Europe/Copenhagen:20240331T090000")
    assert (first, "timezone-anchor") in found(late)  # before the first onset: readers guess
    anchor = line_of(late, b"DTSTART:20250330T020000")
    assert (anchor, "timezone-anchor") in profile(late)


def test_a_time_in_the_repeated_hour(clean):
    repeated = clean.replace(b"20241027T190000", b"20241027T023000")
    n = line_of(repeated, b"DTSTART;TZID=Europe/Copenhagen:20241027T023000")
    problems = [p for p in lint(repeated) if p.line == n]
    assert [p.symbol for p in problems] == ["ambiguous-time"]
    assert "ical.js and libical take the second, Python's readers the first" in problems[0].message


def test_a_positive_relative_trigger(clean):
    """[MS-OXCICAL] 2.1.3.1.1.20.62: Outlook takes the absolute value of a duration TRIGGER."""
    bad = clean.replace(b"TRIGGER:-PT15H", b"TRIGGER:PT9H", 1)
    n = line_of(bad, b"TRIGGER:PT9H")
    assert {p.symbol for p in lint(bad) if p.line == n} == {"positive-trigger"}
    zero = clean.replace(b"TRIGGER:-PT15H", b"TRIGGER:PT0S", 1)
    assert lint(zero) == []
    absolute = clean.replace(b"TRIGGER:-PT15H", b"TRIGGER;VALUE=DATE-TIME:20240828T070000Z", 1)
    assert lint(absolute) == []


def test_vtimezone_that_disagrees_with_the_iana_zone(clean):
    # summer time from the last Sunday of April: the meeting on 31 March would be an hour off
    wrong = clean.replace(b"BYDAY=-1SU;BYMONTH=3", b"BYDAY=-1SU;BYMONTH=4")
    n = line_of(wrong, b"DTSTART;TZID=Europe/Copenhagen:20240331T090000")
    problems = [p for p in lint(wrong) if p.symbol == "timezone-mismatch"]
    assert problems[0].line == n
    assert "UTC+01:00 by the feed's VTIMEZONE but UTC+02:00 by the IANA zone" in problems[0].message


def test_a_time_the_clocks_skip(clean):
    skipped = clean.replace(b"20240331T090000", b"20240331T023000")
    n = line_of(skipped, b"DTSTART;TZID=Europe/Copenhagen:20240331T023000")
    assert (n, "nonexistent-time") in found(skipped)


def test_all_day_ends(clean):
    n = line_of(clean, b"DTEND;VALUE=DATE:20240406")
    same_day = clean.replace(b"DTEND;VALUE=DATE:20240406", b"DTEND;VALUE=DATE:20240405")
    assert (n, "all-day-end") in found(same_day)
    no_end = clean.replace(b"DTEND;VALUE=DATE:20240406\r\n", b"")
    assert (n - 1, "all-day-end") in found(no_end)  # reported on DTSTART
    timed_end = clean.replace(b"DTEND;VALUE=DATE:20240406", b"DTEND;TZID=Europe/Copenhagen:20240406T120000")
    assert (n, "date-value") in found(timed_end)
    no_value = clean.replace(b"DTEND;VALUE=DATE:20240406", b"DTEND:20240406")
    assert (n, "date-value") in found(no_value)


def test_method_organizer_name_refresh(clean):
    assert (5, "method") in found(clean.replace(b"METHOD:PUBLISH", b"METHOD:REQUEST"))
    n = line_of(clean, b"BEGIN:VEVENT")
    first_organizer = clean.index(b"ORGANIZER")
    without = clean[:first_organizer] + clean[clean.index(b"\r\n", first_organizer) + 2 :]
    assert profile(without) == {(n, "organizer")}
    assert profile(clean.replace(b"\r\nNAME:", b"\r\nX-NAME:")) == {(1, "calendar-name")}
    n = line_of(clean, b"REFRESH-INTERVAL")
    no_value = clean.replace(b"REFRESH-INTERVAL;VALUE=DURATION:", b"REFRESH-INTERVAL:")
    assert profile(no_value) == {(n, "refresh")}
    assert (
        lint(clean.replace(b"X-PUBLISHED-TTL:PT12H\r\n", b""), "budgettid") == []
    )  # the old name is optional
    ttl = line_of(clean, b"X-PUBLISHED-TTL")
    assert profile(clean.replace(b"X-PUBLISHED-TTL:PT12H", b"X-PUBLISHED-TTL:12 hours")) == {(ttl, "refresh")}
    differs = [p for p in lint(clean.replace(b"X-PUBLISHED-TTL:PT12H", b"X-PUBLISHED-TTL:P1D"), "budgettid")]
    assert [(p.line, p.symbol) for p in differs] == [(ttl, "refresh")]
    assert "Outlook ignores X-PUBLISHED-TTL on import ([MS-OXCICAL] 2.1.3.1.1.15)" in differs[0].message
    assert profile(clean.replace(b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n", b"")) == {(1, "refresh")}


def test_event_properties(clean):
    second = line_of(clean, b"UID:", 1)
    dup = clean.replace(b"UID:kvartal@", b"UID:oeu-sommertid@")
    assert (second, "duplicate-uid") in found(dup)
    first_event = line_of(clean, b"BEGIN:VEVENT")
    assert (first_event, "transp") in profile(clean.replace(b"TRANSP:OPAQUE\r\n", b"", 1))
    assert (first_event, "missing-property") in found(
        clean.replace(b"UID:oeu-sommertid@feed-test-2025\r\n", b"")
    )
    stamp = line_of(clean, b"DTSTAMP")
    assert (stamp, "dtstamp") in found(
        clean.replace(b"DTSTAMP:20231114T221320Z", b"DTSTAMP:20231114T221320", 1)
    )
    seq = line_of(clean, b"SEQUENCE")
    assert {(seq, "sequence"), (seq, "value")} <= found(clean.replace(b"SEQUENCE:0", b"SEQUENCE:x", 1))
    n = line_of(clean, b"SUMMARY:", 0)
    dup_summary = clean.replace(b"\r\nSUMMARY:", b"\r\nSUMMARY:Andet\r\nSUMMARY:", 1)
    assert (n + 1, "duplicate-property") in found(dup_summary)


def test_at_most_one_alarm(clean):
    start = clean.index(b"BEGIN:VALARM")
    alarm = clean[start : clean.index(b"END:VALARM", start) + len(b"END:VALARM\r\n")]
    twice = clean.replace(alarm, alarm + alarm, 1)
    assert (line_of(twice, b"BEGIN:VALARM", 1), "alarms") in profile(twice)
    no_description = clean.replace(alarm, alarm.replace(alarm.split(b"\r\n")[2] + b"\r\n", b""), 1)
    assert (line_of(clean, b"BEGIN:VALARM"), "alarms") in found(no_description)


def test_nesting(clean):
    broken = clean.replace(b"END:VEVENT\r\n", b"", 1)
    assert any(s == "nesting" for _, s in found(broken))


def test_unused_vtimezone():
    data = ics.feed_bytes(load_text(MINIMAL, "cal.yaml"), now=NOW)
    timed = ics.feed_bytes(load(FIXTURES / "ics" / "timed.yaml"), now=NOW)
    start = timed.index(b"BEGIN:VTIMEZONE")
    block = timed[start : timed.index(b"END:VTIMEZONE") + len(b"END:VTIMEZONE\r\n")]
    with_zone = data.replace(b"BEGIN:VEVENT", block + b"BEGIN:VEVENT", 1)
    assert (line_of(with_zone, b"BEGIN:VTIMEZONE"), "unused-vtimezone") in profile(with_zone)


def test_a_feed_made_elsewhere_with_rdates_and_floating_times():
    """What icalendar's add_missing_timezones() writes: RDATE tables, which Outlook misreads."""
    from zoneinfo import ZoneInfo

    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//elsewhere//EN")
    cal.add("version", "2.0")
    ev = icalendar.Event()
    ev.add("uid", "x@elsewhere")
    ev.add("dtstamp", NOW)
    ev.add("summary", "Møde")
    ev.add("dtstart", datetime(2024, 3, 31, 9, tzinfo=ZoneInfo("Europe/Copenhagen")))
    cal.add_component(ev)
    cal.add_missing_timezones()
    symbols = {p.symbol for p in lint(cal.to_ical(), "budgettid")}
    assert {"timezone-rule", "calendar-name", "refresh", "transp"} <= symbols
    # Outlook reads no RDATE and keeps the last STANDARD: the meeting would be an hour off there
    assert [(p.symbol, p.args[:2]) for p in lint(cal.to_ical())] == [
        ("outlook-timezone", (("got", "UTC+01:00"), ("want", "UTC+02:00")))
    ]
