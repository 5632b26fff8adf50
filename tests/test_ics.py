"""`budgettid ics`: the feed profile, point by point, on the bundled calendar and a fixture."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.tz import tzical

from budgettid.format.load import load, load_text
from budgettid.ical import feed as ics
from budgettid.ical.lint import lint

from .conftest import FIXTURES, MINIMAL

TIMED = FIXTURES / "ics" / "timed.yaml"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
NOW = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def timed():
    return load(TIMED)


def feed(cal, **kw) -> bytes:
    kw.setdefault("now", NOW)
    return ics.feed_bytes(cal, **kw)


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def said(result: ics.Feed, lang: str = "da") -> list[str]:
    """The notes of a build, as the user reads them."""
    return [n.text(lang) for n in result.notes]


def lines_of(data: bytes, uid: str) -> list[str]:
    """The unfolded content lines of one VEVENT."""
    lines = unfolded(data)
    start = lines.index(f"UID:{uid}") - 1
    end = lines.index("END:VEVENT", start)
    return lines[start : end + 1]


# --- the bundled calendar: lint, round trip, reproducible -----------------------------------


def test_bundled_feed_and_every_body_feed_are_clean_and_round_trip(bundled, tmp_path):
    paths = ics.write_split(bundled, tmp_path, now=NOW)
    assert {p.name for p in paths} == {f"{b}.ics" for b in bundled.bodies} | {"alleroed-budget-2024-31.ics"}
    for path in paths:
        data = path.read_bytes()
        assert lint(data) == [], path.name
        body = path.stem if path.stem in bundled.bodies else None
        expected = [e for e in bundled.events if body is None or body in e.bodies]
        parsed = events(data)
        assert set(parsed) == {f"{e.id}@alleroed-budget-2024-31" for e in expected}, path.name
        for e in expected:
            ev = parsed[f"{e.id}@alleroed-budget-2024-31"]
            title = str(ev["SUMMARY"])
            assert title == e.title if e.exact else title == f"{e.title} (dato fastlægges)"
            assert ev["DTSTART"].dt == e.first
            assert ev["DTEND"].dt == e.last + timedelta(days=1)
    everything = tmp_path / "alleroed-budget-2024-31.ics"
    assert everything.read_bytes() == feed(bundled)


def test_bundled_titles_with_danish_letters_survive(bundled):
    parsed = events(feed(bundled))
    ev = parsed["oeu-1-behandling@alleroed-budget-2024-31"]
    assert str(ev["SUMMARY"]) == "1. behandling af budget 2024-31 i Økonomiudvalget"
    assert ev["DTSTART"].dt == date(2023, 9, 12)
    assert "Økonomiudvalget" in ev.categories


def test_hearing_29_8_to_6_9_ends_on_7_september(bundled):
    lines = lines_of(feed(bundled), "hoering-budgetoplaeg@alleroed-budget-2024-31")
    assert "DTSTART;VALUE=DATE:20230829" in lines
    assert "DTEND;VALUE=DATE:20230907" in lines


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    code = "from budgettid.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, env=env, check=False)


def test_byte_identical_across_runs_with_source_date_epoch(tmp_path):
    import os

    outs = []
    for seed in ("1", "2"):  # different hash seeds: no set or dict order leaks into the bytes
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        res = _cli("ics", str(TIMED), env=env)
        assert res.returncode == 0, res.stderr
        outs.append(res.stdout)
    assert outs[0] == outs[1]
    assert b"DTSTAMP:20231114T221320Z\r\n" in outs[0]
    dirs = [tmp_path / "one", tmp_path / "two"]
    for seed, target in zip(("3", "4"), dirs, strict=True):  # the bundled calendar, split
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        assert _cli("ics", "--split", str(target), env=env).returncode == 0
    names = sorted(p.name for p in dirs[0].iterdir())
    assert len(names) == 10 and names == sorted(p.name for p in dirs[1].iterdir())
    for name in names:
        assert (dirs[0] / name).read_bytes() == (dirs[1] / name).read_bytes(), name
    assert b"LAST-MODIFIED:20231114T221320Z\r\n" in outs[0]


def test_source_date_epoch_read_and_checked(timed, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert b"DTSTAMP:19700101T000000Z" in ics.feed_bytes(timed)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    from budgettid.errors import UsageError

    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        ics.feed_bytes(timed)


# --- lines ------------------------------------------------------------------------------------


def test_crlf_and_folding_keep_utf8_characters_whole():
    title = "Ø" * 50 + " møde 🗓 om æøå" * 8
    cal = load_text(MINIMAL.replace("Byrådets 1. behandling", title), "cal.yaml")
    data = feed(cal)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    physical = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # a split character would fail here
    assert sum(1 for line in physical if line.startswith(b" ")) > 5
    assert str(events(data)["br-1@test-budget-2024"]["SUMMARY"]) == title
    assert lint(data) == []


def test_text_is_escaped_in_one_pass_and_reads_back():
    """icalendar's vText turns a backslash and N into a line break; the feed keeps both."""
    nasty = 'Komma, semikolon; backslash \\ og "citat" i C:\\Noter\\Plan'
    cal = load_text(MINIMAL.replace("Byrådets 1. behandling", f"'{nasty}'"), "cal.yaml")
    data = feed(cal)
    assert 'SUMMARY:Komma\\, semikolon\\; backslash \\\\ og "citat" i C:\\\\Noter\\\\Plan' in unfolded(data)
    assert str(events(data)["br-1@test-budget-2024"]["SUMMARY"]) == nasty
    again = ics.build_feed(cal, previous=data, now=NOW)
    assert again.changes.changed == [] and again.data == data


# --- days and times ---------------------------------------------------------------------------


def test_timed_meetings_carry_the_zone_on_both_clock_change_days(timed):
    data = feed(timed)
    spring = lines_of(data, "oeu-sommertid@feed-test-2025")
    assert "DTSTART;TZID=Europe/Copenhagen:20240331T090000" in spring
    assert "DTEND;TZID=Europe/Copenhagen:20240331T113000" in spring
    autumn = lines_of(data, "byraadet-vintertid@feed-test-2025")
    assert "DTSTART;TZID=Europe/Copenhagen:20241027T190000" in autumn
    in_events = "\n".join(unfolded(data)).split("BEGIN:VEVENT", 1)[1]
    for line in re.findall(r"^DT(?:START|END)[;:].*$", in_events, re.M):
        assert line.startswith(
            ("DTSTART;TZID=", "DTEND;TZID=", "DTSTART;VALUE=DATE:", "DTEND;VALUE=DATE:")
        ), line
    # read through the feed's own VTIMEZONE, not the reader's copy of the zone
    tz = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]
    defined = tzical(StringIO(tz.to_ical().decode())).get()
    for uid, local, utc in [
        ("oeu-sommertid", datetime(2024, 3, 31, 9), datetime(2024, 3, 31, 7, tzinfo=UTC)),
        ("byraadet-vintertid", datetime(2024, 10, 27, 19), datetime(2024, 10, 27, 18, tzinfo=UTC)),
    ]:
        start = events(data)[f"{uid}@feed-test-2025"]["DTSTART"].dt
        assert start.replace(tzinfo=None) == local
        assert local.replace(tzinfo=defined).astimezone(UTC) == utc


def test_window_with_times_moment_and_all_day(timed):
    data = feed(timed)
    seminar = lines_of(data, "seminar@feed-test-2025")
    assert "DTSTART;TZID=Europe/Copenhagen:20240902T160000" in seminar
    assert "DTEND;TZID=Europe/Copenhagen:20240903T120000" in seminar
    moment = lines_of(data, "frist@feed-test-2025")
    assert "DTSTART;TZID=Europe/Copenhagen:20240920T120000" in moment
    assert not any(line.startswith("DTEND") for line in moment)
    day = lines_of(data, "frist-heldag@feed-test-2025")
    assert "DTSTART;VALUE=DATE:20240405" in day and "DTEND;VALUE=DATE:20240406" in day


def _on_the_spring_day(times: str, *, lang: str = "", day: str = "date: 2023-03-26"):
    """MINIMAL with br-1 on the day the clocks go forward in Copenhagen (02:00 → 03:00)."""
    text = MINIMAL.replace("date: 2023-09-19", f"{day}\n    {times}")
    if lang:
        text = text.replace("  budget_years: 2024-2027\n", f"  budget_years: 2024-2027\n  language: {lang}\n")
    return load_text(text, "cal.yaml")


def test_a_skipped_hour_is_written_as_the_moment_it_means():
    result = ics.build_feed(_on_the_spring_day('time: "02:30"'), now=NOW)
    assert "DTSTART;TZID=Europe/Copenhagen:20230326T033000" in unfolded(result.data)
    assert said(result, "da") == [
        "br-1: kl. 02:30 findes ikke den 2023-03-26 i Europe/Copenhagen (uret springer den over); "
        "skrevet som kl. 03:30"
    ]
    assert lint(result.data) == []
    english = ics.build_feed(_on_the_spring_day('time: "02:30"', lang="en"), now=NOW)
    assert said(english, "en") == [
        "br-1: 02:30 does not exist on 2023-03-26 in Europe/Copenhagen (the clocks skip it); written as 03:30"
    ]


def test_only_the_skipped_time_moves_and_the_end_stays():
    """02:30-04:30: the start becomes 03:30; 04:30 exists and stays the DTEND."""
    result = ics.build_feed(_on_the_spring_day('time: "02:30"\n    end_time: "04:30"', lang="en"), now=NOW)
    meeting = lines_of(result.data, "br-1@test-budget-2024")
    assert "DTSTART;TZID=Europe/Copenhagen:20230326T033000" in meeting
    assert "DTEND;TZID=Europe/Copenhagen:20230326T043000" in meeting
    assert said(result, "en") == [
        "br-1: 02:30 does not exist on 2023-03-26 in Europe/Copenhagen (the clocks skip it); written as 03:30"
    ]
    assert lint(result.data) == []


def test_a_skipped_end_moves_and_the_start_stays():
    result = ics.build_feed(_on_the_spring_day('time: "01:30"\n    end_time: "02:30"', lang="en"), now=NOW)
    meeting = lines_of(result.data, "br-1@test-budget-2024")
    assert "DTSTART;TZID=Europe/Copenhagen:20230326T013000" in meeting
    assert "DTEND;TZID=Europe/Copenhagen:20230326T033000" in meeting
    assert said(result, "en") == [
        "br-1: 02:30 does not exist on 2023-03-26 in Europe/Copenhagen (the clocks skip it); written as 03:30"
    ]


def test_a_window_names_the_day_of_the_skipped_end():
    cal = _on_the_spring_day(
        'time: "10:00"\n    end_time: "02:30"', lang="en", day="start: 2023-03-25\n    end: 2023-03-26"
    )
    result = ics.build_feed(cal, now=NOW)
    meeting = lines_of(result.data, "br-1@test-budget-2024")
    assert "DTSTART;TZID=Europe/Copenhagen:20230325T100000" in meeting
    assert "DTEND;TZID=Europe/Copenhagen:20230326T033000" in meeting
    assert said(result, "en") == [
        "br-1: 02:30 does not exist on 2023-03-26 in Europe/Copenhagen (the clocks skip it); written as 03:30"
    ]


def test_a_start_moved_onto_its_end_says_so_and_blames_no_existing_time():
    """02:30-03:30: 03:30 exists (03:30+02:00); only 02:30 is skipped, and it means 03:30 too.

    DTEND must come after DTSTART, so the meeting is written without one, which means it ends
    as it starts: what the two times say. The note names the skipped time and the clash.
    """
    result = ics.build_feed(_on_the_spring_day('time: "02:30"\n    end_time: "03:30"', lang="en"), now=NOW)
    meeting = lines_of(result.data, "br-1@test-budget-2024")
    assert "DTSTART;TZID=Europe/Copenhagen:20230326T033000" in meeting
    assert not any(line.startswith("DTEND") for line in meeting)
    assert said(result, "en") == [
        "br-1: 02:30 does not exist on 2023-03-26 in Europe/Copenhagen (the clocks skip it) and becomes "
        "03:30, which is not before the end time 03:30; the meeting is written without an end: "
        "fix time or end_time in the calendar"
    ]
    assert not any("03:30 does not exist" in n for n in said(result, "en"))
    assert lint(result.data) == []
    past = ics.build_feed(_on_the_spring_day('time: "02:30"\n    end_time: "03:15"'), now=NOW)
    assert said(past, "da") == [
        "br-1: kl. 02:30 findes ikke den 2023-03-26 i Europe/Copenhagen (uret springer den over) og "
        "bliver kl. 03:30, som ikke er før sluttiden kl. 03:15; mødet skrives derfor uden sluttid: "
        "ret time eller end_time i kalenderen"
    ]


def test_one_vtimezone_with_one_yearly_rule_each_way(timed):
    data = feed(timed)
    text = "\r\n".join(unfolded(data))
    assert text.count("BEGIN:VTIMEZONE") == 1
    assert text.count("BEGIN:DAYLIGHT") == 1 and text.count("BEGIN:STANDARD") == 1
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text


def test_no_vtimezone_when_no_event_has_a_time(bundled):
    assert b"VTIMEZONE" not in feed(bundled)


@pytest.mark.parametrize(
    ("zone", "rules"),
    [
        ("America/New_York", ["BYDAY=2SU;BYMONTH=3", "BYDAY=1SU;BYMONTH=11"]),
        ("Australia/Sydney", ["BYDAY=1SU;BYMONTH=10", "BYDAY=1SU;BYMONTH=4"]),
        ("Asia/Tokyo", []),
        ("UTC", []),  # icalendar would write Z and drop the TZID; the profile keeps it
    ],
)
def test_any_zone_not_just_copenhagen(zone, rules):
    text = MINIMAL.replace("  budget_years: 2024-2027", f"  budget_years: 2024-2027\n  timezone: {zone}")
    cal = load_text(text.replace("date: 2023-09-19", 'date: 2023-09-19\n    time: "10:00"'), "c.yaml")
    data = feed(cal)
    assert lint(data) == []
    joined = "\n".join(unfolded(data))
    assert f"DTSTART;TZID={zone}:20230919T100000" in joined
    assert joined.count("BEGIN:STANDARD") == 1
    assert joined.count("BEGIN:DAYLIGHT") == (1 if rules else 0)
    for rule in rules:
        assert rule in joined


# --- month and quarter dates ------------------------------------------------------------------


def test_month_and_quarter_are_free_tentative_spans_marked_undecided(timed):
    data = feed(timed)
    month = lines_of(data, "temamoede@feed-test-2025")
    assert "DTSTART;VALUE=DATE:20240501" in month and "DTEND;VALUE=DATE:20240601" in month
    assert "SUMMARY:Temamøde om anlæg (dato fastlægges)" in month
    assert "TRANSP:TRANSPARENT" in month and "STATUS:TENTATIVE" in month
    assert "BEGIN:VALARM" not in month
    description = str(events(data)["temamoede@feed-test-2025"]["DESCRIPTION"])
    assert description.startswith("Dato fastlægges (maj 2024)") and "Kl. 17:00" in description
    quarter = lines_of(data, "kvartal@feed-test-2025")
    assert "DTSTART;VALUE=DATE:20240401" in quarter and "DTEND;VALUE=DATE:20240701" in quarter
    exact = events(feed(timed, exact_only=True))
    assert "temamoede@feed-test-2025" not in exact and "kvartal@feed-test-2025" not in exact
    assert "oeu-sommertid@feed-test-2025" in exact


# --- identity and updates ---------------------------------------------------------------------


def test_uid_is_event_id_at_process_id(timed):
    assert "hoering@feed-test-2025" in events(feed(timed))
    other = load_text(TIMED.read_text(encoding="utf-8").replace("feed-test-2025", "feed-test-2026"), "x")
    assert "hoering@feed-test-2026" in events(feed(other))


def _edited(**replace: str):
    text = TIMED.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return load_text(text, "edited.yaml")


def test_previous_raises_sequence_exactly_for_changed_events(timed):
    old = feed(timed)
    edited = _edited(
        **{
            'time: "19:00"': 'time: "18:00"',  # byraadet-vintertid: time
            "title: Budgetforhandlinger\n": "title: Budgetforhandlinger og forlig\n",  # title
            "Husk bilag; tak.": "Husk bilag.",  # hoering: description (notes)
            "  - id: frist-heldag\n    title: Frist for spørgsmål\n    kind: deadline\n"
            "    date: 2024-04-05\n    bodies: [partierne]\n    phase: forhandling\n": "",
        }
    )
    later = NOW + timedelta(days=3)
    result = ics.build_feed(edited, previous=old, now=later)
    seq = {uid: int(ev["SEQUENCE"]) for uid, ev in events(result.data).items()}
    changed = {"byraadet-vintertid", "forhandlinger", "hoering", "frist-heldag"}  # the last: cancelled
    for uid, n in seq.items():
        assert n == (1 if uid.split("@")[0] in changed else 0), uid
    by_id = {c.uid.split("@")[0]: c for c in result.changes.changed}
    assert set(by_id) == changed - {"frist-heldag"}
    assert by_id["byraadet-vintertid"].fields == ("time",)
    assert by_id["forhandlinger"].fields == ("title",)
    assert by_id["hoering"].fields == ("description",)
    assert [c.uid for c in result.changes.cancelled] == ["frist-heldag@feed-test-2025"]
    assert str(events(result.data)["frist-heldag@feed-test-2025"]["STATUS"]) == "CANCELLED"
    # unchanged events keep their LAST-MODIFIED; changed ones get the new time
    parsed = events(result.data)
    assert parsed["seminar@feed-test-2025"]["LAST-MODIFIED"].dt == NOW
    assert parsed["hoering@feed-test-2025"]["LAST-MODIFIED"].dt == later
    # publishing the same again keeps every SEQUENCE where it is
    again = ics.build_feed(edited, previous=result.data, now=later)
    assert {u: int(e["SEQUENCE"]) for u, e in events(again.data).items()} == seq
    assert again.changes.changed == [] and again.changes.cancelled == []
    assert [c.uid for c in again.changes.kept] == ["frist-heldag@feed-test-2025"]
    # and a later change counts on from there
    third = ics.build_feed(_edited(**{'time: "19:00"': 'time: "17:00"'}), previous=again.data, now=later)
    assert int(events(third.data)["byraadet-vintertid@feed-test-2025"]["SEQUENCE"]) == 2


# --- the calendar as a whole ------------------------------------------------------------------


def test_name_description_refresh_and_method(timed):
    data = feed(timed)
    lines = unfolded(data)
    assert "NAME:Feedtest 2025-28" in lines and "X-WR-CALNAME:Feedtest 2025-28" in lines
    assert any(line.startswith("DESCRIPTION:Prøvekommune: Feedtest 2025-28.") for line in lines)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines and "X-PUBLISHED-TTL:PT12H" in lines
    assert "METHOD:PUBLISH" in lines and "REQUEST" not in data.decode()
    assert lines.count("ORGANIZER;CN=Prøvekommune:mailto:budget@proevekommune.dk") == len(events(data))
    cut = unfolded(feed(timed, bodies=["oeu", "byraadet"], kinds=["meeting"], refresh=timedelta(days=1)))
    assert "NAME:Feedtest 2025-28 – Byrådet\\, Økonomiudvalget\\, møde" in cut
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in cut and "X-PUBLISHED-TTL:P1D" in cut


def test_no_contact_means_no_method_and_no_organizer():
    data = feed(load_text(MINIMAL, "cal.yaml"))
    assert b"METHOD" not in data and b"ORGANIZER" not in data
    assert lint(data) == []


def test_transp_by_kind(timed):
    parsed = events(feed(timed))
    transp = {uid.split("@")[0]: str(ev["TRANSP"]) for uid, ev in parsed.items()}
    assert transp["oeu-sommertid"] == transp["seminar"] == "OPAQUE"
    for free in ("frist", "frist-heldag", "hoering", "forhandlinger", "kvartal", "temamoede"):
        assert transp[free] == "TRANSPARENT", free


def test_at_most_one_alarm_from_reminders_or_kind(timed):
    parsed = events(feed(timed))

    def triggers(uid: str) -> list[timedelta]:
        return [a["TRIGGER"].dt for a in parsed[f"{uid}@feed-test-2025"].walk("VALARM")]

    assert triggers("oeu-sommertid") == [timedelta(hours=-2)]  # the first of [PT2H, P1D]
    assert triggers("byraadet-vintertid") == [timedelta(days=-1)]  # meetings: a day ahead
    assert triggers("frist") == [timedelta(days=-7)]  # deadlines: a week ahead
    assert triggers("frist-heldag") == [timedelta(days=-7, hours=9)]  # all day: 09:00
    assert triggers("hoering") == [timedelta(hours=-15)]  # the day before, 09:00
    assert triggers("forhandlinger") == [] and triggers("kvartal") == []
    assert all(len(ev.walk("VALARM")) <= 1 for ev in parsed.values())
    assert b"VALARM" not in feed(timed, alarms=False)


def test_categories_description_location(timed):
    parsed = events(feed(timed))
    meeting = parsed["byraadet-vintertid@feed-test-2025"]
    assert meeting.categories == ["møde", "Byrådet", "økonomi"]
    first = parsed["oeu-sommertid@feed-test-2025"]
    assert str(first["LOCATION"]) == "Rådhuset, mødesal 1; 2. sal"
    assert str(first["URL"]) == "https://example.org/dagsorden?id=1&x=2"
    assert "Materiale: https://example.org/dagsorden?id=1&x=2" in str(first["DESCRIPTION"])
    hearing = str(parsed["hoering@feed-test-2025"]["DESCRIPTION"])
    assert hearing.split("\n") == [
        "Fase: Fase 2: Forhandlinger; vedtagelse",
        "Hvem: Byrådet, Partierne",
        "Svar gerne kort.",
        "Husk bilag; tak.",
        "Høringssvar sendes til: budget@proevekommune.dk",
    ]


def test_filters(timed):
    assert set(events(feed(timed, bodies=["oeu"]))) == {"oeu-sommertid@feed-test-2025"}
    kinds = {str(e["UID"]).split("@")[0] for e in events(feed(timed, kinds=["deadline"])).values()}
    assert kinds == {"frist", "frist-heldag"}
    assert len(events(feed(timed, phases=["forhandling"]))) == len(timed.events)


def test_a_body_without_events_still_gets_a_valid_feed(timed, tmp_path):
    ics.write_split(timed, tmp_path, now=NOW)
    data = (tmp_path / "tom.ics").read_bytes()
    assert lint(data) == [] and lint(data, "budgettid") == [] and events(data) == {}
    assert b"NAME:Feedtest 2025-28 \xe2\x80\x93 Tomt udvalg" in data


def test_split_uses_the_feeds_already_there_as_previous(timed, tmp_path):
    ics.write_split(timed, tmp_path, now=NOW)
    before = (tmp_path / "partierne.ics").read_bytes()
    edited = _edited(**{"title: Budgetforhandlinger\n": "title: Forhandlinger\n"})
    ics.write_split(edited, tmp_path, now=NOW)
    seq = {u: int(e["SEQUENCE"]) for u, e in events((tmp_path / "partierne.ics").read_bytes()).items()}
    assert seq["forhandlinger@feed-test-2025"] == 1 and seq["frist@feed-test-2025"] == 0
    assert (tmp_path / "oeu.ics").read_bytes() == feed(timed, bodies=["oeu"])
    assert before != (tmp_path / "partierne.ics").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_a_previous_feed_of_another_process_is_named(timed):
    other = feed(load_text(MINIMAL, "cal.yaml"))
    changes = ics.build_feed(timed, previous=other, now=NOW).changes
    assert changes.other_processes == ("test-budget-2024",)
    assert len(changes.added) == len(timed.events) and len(changes.disappeared) == 2
    assert ics.build_feed(timed, previous=feed(timed), now=NOW).changes.other_processes == ()


def test_select_filters_as_the_queries_do_and_sorts_by_date(timed):
    from budgettid.plan.query import select_events

    for kw in ({"bodies": ["partierne"]}, {"kinds": ["deadline", "meeting"]}, {"phases": ["forhandling"]}):
        chosen = ics.select(timed, **kw)
        assert {e.id for e in chosen} == {e.id for e in select_events(timed.events, **kw)}
        assert [e.first for e in chosen] == sorted(e.first for e in chosen)
    assert all(e.exact for e in ics.select(timed, exact_only=True))


def test_previous_compares_values_not_bytes(timed):
    """A previous feed re-serialised by another writer (order, folding) changes nothing."""
    ours = feed(timed)
    theirs = icalendar.Calendar.from_ical(ours).to_ical()
    assert theirs != ours
    result = ics.build_feed(timed, previous=theirs, now=NOW)
    assert result.changes.changed == [] and result.changes.disappeared == []
    assert result.data == ours
