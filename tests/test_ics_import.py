"""What `ics` writes, `import` reads back: local and UTC times, meetings without an end,
tombstones.

`budgettid import` reads budgettid's own feeds (convert/ical_in.py). The feed writes some
times in UTC (the repeated hour), gives a meeting without end_time a DTEND
`process.meeting_minutes` later, and publishes removed events as cancelled; an import of
such a feed must give back the events at the times the calendar said, leave the tombstones
out, and publish the same times again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import load, load_text
from budgettid.ical.feed import build_feed

from .conftest import calendar_text

NOW = datetime(2024, 1, 15, 12, tzinfo=UTC)
runner = CliRunner()

TIMED = calendar_text(
    """\
    - id: moede-aften
      title: Temamøde om anlæg
      kind: meeting
      date: 2023-09-26
      time: "17:00"
    - id: moede-nat
      title: Natligt møde
      kind: meeting
      date: 2023-10-29
      time: "02:30"
      end_time: "02:50"
    - id: frist-middag
      title: Frist for bemærkninger
      kind: deadline
      date: 2023-10-02
      time: "12:00"
    - id: udgaar
      title: Borgermøde
      kind: meeting
      date: 2023-10-05
      time: "19:00"
      end_time: "21:00"
    """
)


def _times(data: bytes) -> dict[str, tuple[str, ...]]:
    """Each UID's DTSTART and DTEND lines as written, and its STATUS."""
    text = data.decode().replace("\r\n ", "")
    out = {}
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S):
        uid = re.search(r"^UID:(.*)\r$", block, re.M).group(1)  # type: ignore[union-attr]
        out[uid] = tuple(re.findall(r"^(DTSTART[^\r]*|DTEND[^\r]*|STATUS:[^\r]*)\r$", block, re.M))
    return out


def test_a_feed_with_utc_times_and_a_tombstone_imports_back_and_publishes_the_same_times(tmp_path: Path):
    first = load_text(TIMED, "cal.yaml")
    published = build_feed(first, now=NOW).data
    later = load_text(TIMED.split("  - id: udgaar")[0], "cal.yaml")  # the Borgermøde is taken out
    feed = build_feed(later, previous=published, now=NOW)
    assert [c.uid for c in feed.changes.cancelled] == ["udgaar@test-budget-2024"]
    written = _times(feed.data)
    assert written["moede-nat@test-budget-2024"] == ("DTSTART:20231029T003000Z", "DTEND:20231029T005000Z")
    assert written["moede-aften@test-budget-2024"] == (
        "DTSTART;TZID=Europe/Copenhagen:20230926T170000",
        "DTEND;TZID=Europe/Copenhagen:20230926T190000",  # meeting_minutes: 120
    )
    path = tmp_path / "feed.ics"
    path.write_bytes(feed.data)

    out = tmp_path / "back.yaml"
    res = runner.invoke(app, ["import", str(path), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "Borgermøde" in res.stderr and "cancelled" in res.stderr.lower()  # the tombstone: a note
    back = load(out)
    by_id = {e.id: e for e in back.events}
    assert "udgaar" not in by_id
    got = {
        i: (str(e.date), e.time and f"{e.time:%H:%M}", e.end_time and f"{e.end_time:%H:%M}")
        for i, e in by_id.items()
    }
    assert got == {
        "oeu-1": ("2023-09-12", None, None),
        "br-1": ("2023-09-19", None, None),
        "moede-aften": ("2023-09-26", "17:00", "19:00"),  # the feed's DTEND, an end_time now
        "moede-nat": ("2023-10-29", "02:30", "02:50"),  # the first 02:30, read from UTC
        "frist-middag": ("2023-10-02", "12:00", None),  # a deadline stays a moment
    }
    again = _times(build_feed(back, now=NOW).data)
    assert {uid: again[uid] for uid in again} == {
        uid: times for uid, times in written.items() if "STATUS:CANCELLED" not in times
    }
