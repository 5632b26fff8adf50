"""Every feed the suite builds, read by the real readers: each must read each event as the model says.

Readers: ical.js (Thunderbird), libical (Evolution), icalendar (with IANA zones, and with the
file's own VTIMEZONE), vobject and recurring-ical-events. Feeds: the bundled calendar whole,
split by body and cut to one body; generated calendars with timed meetings on and around
every clock change of 2023-2024 in eight zones (the skipped and the repeated hour, Lord
Howe's half hour, Nuuk's new offset, Jerusalem's Friday, Chatham's quarter hours); a
calendar with hostile text; a feed published again with cancelled events. Each reader's
UTC start and end of every event must be the model's, with exactly the alarms expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from budgettid.format.load import load, load_text
from budgettid.ical import feed as ics
from budgettid.ical.lint import lint

from ..conftest import MINIMAL
from .calendars import ZONES, Expected, calendar_text, expected
from .harness import READERS, Readings, read, require

NOW = datetime(2024, 1, 15, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Built:
    name: str
    path: Path
    expected: dict[str, Expected]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / f"{name}.ics"
    path.write_bytes(data)
    return path


def _hostile():  # type: ignore[no-untyped-def]
    text = MINIMAL.replace("title: Byrådets 1. behandling", 'title: "Byrådets\\u2028møde; 1., 2. \\\\N"')
    text = text.replace(
        "    bodies: [byraadet]\n", '    bodies: [byraadet]\n    notes: "a\\fb\\x1ec \\\\N"\n'
    )
    return load_text(text.replace("date: 2023-09-19", "date: 2023-09-19\n    time: '17:00'"), "hostile.yaml")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, bundled_module) -> list[Built]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("feeds")
    out = []
    cal = bundled_module
    everything = expected(cal)
    out.append(Built("bundled", _write(folder, "bundled", ics.feed_bytes(cal, now=NOW)), everything))
    split = folder / "split"
    for path in ics.write_split(cal, split, now=NOW):
        body = path.stem
        keep = {f"{e.id}@{cal.process.id}" for e in cal.events if body not in cal.bodies or body in e.bodies}
        out.append(Built(f"split/{path.name}", path, {u: x for u, x in everything.items() if u in keep}))
    byraadet = ics.feed_bytes(cal, bodies=["byraadet"], now=NOW)
    keep = {f"{e.id}@{cal.process.id}" for e in cal.events if "byraadet" in e.bodies}
    out.append(
        Built("body", _write(folder, "body", byraadet), {u: x for u, x in everything.items() if u in keep})
    )
    for zone in ZONES:
        zcal = load_text(calendar_text(zone), f"{zone.replace('/', '-')}.yaml")
        name = zone.replace("/", "-")
        out.append(Built(name, _write(folder, name, ics.feed_bytes(zcal, now=NOW)), expected(zcal)))
    hostile = _hostile()
    hostile_expected = expected(hostile)
    uid = "br-1@test-budget-2024"
    hostile_expected[uid] = Expected(
        "Byrådets møde; 1., 2. \\N", *list(vars(hostile_expected[uid]).values())[1:]
    )  # U+2028 is a line break to some readers: written as a space
    out.append(
        Built("hostile", _write(folder, "hostile", ics.feed_bytes(hostile, now=NOW)), hostile_expected)
    )
    out.append(_published_again(folder))
    return out


def _published_again(folder: Path) -> Built:
    """The Copenhagen calendar with three events gone, published with --previous: tombstones."""
    zone = "Europe/Copenhagen"
    first = load_text(calendar_text(zone), "cph.yaml")
    gone = {"c0-inside", "c1-inside", "frist"}  # a time in the gap, one in the repeated hour, a day
    import json

    doc = json.loads(calendar_text(zone))
    doc["events"] = [e for e in doc["events"] if e["id"] not in gone]
    later = load_text(json.dumps(doc, ensure_ascii=False), "cph.yaml")
    data = ics.build_feed(later, previous=ics.feed_bytes(first, now=NOW), now=NOW).data
    want = expected(first)
    for uid, x in list(want.items()):
        if uid.split("@")[0] in gone:
            want[uid] = Expected(f"AFLYST: {x.summary}", x.all_day, x.start, x.end, (), "CANCELLED")
    return Built("published-again", _write(folder, "published-again", data), want)


@pytest.fixture(scope="module")
def bundled_module():  # type: ignore[no-untyped-def]
    from budgettid.format.load import bundled_path

    return load(bundled_path())


_READ: dict[str, Readings] = {}


def readings(reader: str, built: list[Built]) -> Readings:
    if reader not in _READ:
        _READ[reader] = read(reader, [b.path for b in built])
    return _READ[reader]


def differences(reader: str, b: Built, got: Readings) -> list[str]:
    out = []
    file = str(b.path)
    seen = {uid for f, uid in got if f == file}
    if seen != set(b.expected):
        out.append(f"{b.name}: UIDs read {sorted(seen ^ set(b.expected))} differ")
    for uid, want in b.expected.items():
        rec = got.get((file, uid))
        if rec is None:
            continue
        start = rec.get("start_date") if want.all_day else rec.get("start_utc")
        end = rec.get("end_date") if want.all_day else rec.get("end_utc")
        if reader == "rie" and want.end is None and end == start:
            end = None  # recurring-ical-events gives a moment an end at its start
        got_one = (rec["summary"], rec["all_day"], start, end, tuple(rec["triggers"]), rec["status"])
        want_one = (want.summary, want.all_day, want.start, want.end, want.triggers, want.status)
        if got_one != want_one:
            out.append(f"{b.name} {uid}: read {got_one}, the model says {want_one}")
    return out


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_reads_every_event_as_the_model_says(reader: str, built: list[Built]):
    require(reader)
    got = readings(reader, built)
    problems = [d for b in built for d in differences(reader, b, got)]
    assert problems == [], "\n".join(problems[:20])


def test_the_feeds_hold_what_the_readers_are_tested_on(built: list[Built]):
    """The edges are there: UTC for the repeated hour, local elsewhere, tombstones, P0D."""
    names = {b.name for b in built}
    assert {"bundled", "body", "hostile", "published-again", "split/byraadet.ics"} <= names
    assert len([n for n in names if n.startswith("split/")]) == 10
    cph = next(b for b in built if b.name == "Europe-Copenhagen").path.read_bytes()
    assert b"DTSTART:20231029T003000Z" in cph  # c1-inside: 02:30, the first of the two
    assert b"DTSTART;TZID=Europe/Copenhagen:20230326T033000" in cph  # c0-inside: 02:30 skipped
    assert b"TRIGGER:P0D" in cph
    jerusalem = next(b for b in built if b.name == "Asia-Jerusalem").path.read_bytes()
    assert b"BYMONTHDAY" not in jerusalem and jerusalem.count(b"Z\r\n") > jerusalem.count(b"DTSTAMP")
    moments = sum(len(b.expected) for b in built)
    assert moments > 400


@pytest.mark.parametrize("profile", ["interop", "budgettid"])
def test_every_feed_is_lint_clean(built: list[Built], profile: str):
    for b in built:
        assert lint(b.path.read_bytes(), profile) == [], b.name


SECOND = {
    "ical.js": True,
    "libical": True,
    "icalendar": False,
    "icalendar-file-tz": False,
    "vobject": False,
    "rie": False,
}


@pytest.mark.parametrize("reader", READERS)
def test_a_local_time_in_the_repeated_hour_is_read_two_ways(reader: str, tmp_path: Path, built: list[Built]):
    """Why the feed writes it in UTC: the same bytes, with 02:30 written as local time, are the
    second 02:30 (01:30 UTC) to ical.js and libical, and the first (00:30 UTC) to the others."""
    require(reader)
    cph = next(b for b in built if b.name == "Europe-Copenhagen").path.read_bytes()
    local = cph.replace(b"DTSTART:20231029T003000Z", b"DTSTART;TZID=Europe/Copenhagen:20231029T023000")
    assert local != cph
    path = tmp_path / "local.ics"
    path.write_bytes(local)
    uid = "c1-inside@interop-europe-copenhagen"
    got = read(reader, [path])[(str(path), uid)]["start_utc"]
    assert got == ("2023-10-29T01:30:00Z" if SECOND[reader] else "2023-10-29T00:30:00Z")
    assert {p.symbol for p in lint(local)} == {"ambiguous-time"}
