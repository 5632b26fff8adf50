"""The life of a published feed: an event gone from the calendar is published once more as
cancelled, stays so until --prune-cancelled, and a first publication needs no previous feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import load, load_text
from budgettid.ical import feed as ics
from budgettid.ical.lint import lint

from .conftest import FIXTURES, MINIMAL

TIMED = FIXTURES / "ics" / "timed.yaml"
NOW = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
LATER = NOW + timedelta(days=3)
runner = CliRunner()


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]).split("@")[0]: e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def without(text: str, event_id: str) -> str:
    """The calendar text with one event (a list item under events:) taken out."""
    head, rest = text.split(f"  - id: {event_id}\n", 1)
    tail = rest.split("\n  - id: ", 1)
    return head + ("  - id: " + tail[1] if len(tail) == 2 else "")


def test_a_removed_event_is_published_once_more_as_cancelled():
    timed = load(TIMED)
    old = ics.feed_bytes(timed, now=NOW)
    text = TIMED.read_text(encoding="utf-8")
    edited = load_text(without(without(text, "frist-heldag"), "oeu-sommertid"), "edited.yaml")
    result = ics.build_feed(edited, previous=old, now=LATER)
    assert [c.uid.split("@")[0] for c in result.changes.cancelled] == ["oeu-sommertid", "frist-heldag"]
    new, before = events(result.data), events(old)
    for uid in ("oeu-sommertid", "frist-heldag"):
        ev = new[uid]
        assert str(ev["STATUS"]) == "CANCELLED" and str(ev["TRANSP"]) == "TRANSPARENT"
        assert str(ev["SUMMARY"]) == f"AFLYST: {before[uid]['SUMMARY']}"
        assert int(ev["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
        assert ev["LAST-MODIFIED"].dt == LATER
        assert ev["DTSTART"].dt == before[uid]["DTSTART"].dt and ev["DTEND"].dt == before[uid]["DTEND"].dt
        assert ev.walk("VALARM") == []
        assert str(ev["DESCRIPTION"]) == "Aflyst: aktiviteten er taget ud af budgetprocessen."
    # the timed one keeps its zone: the VTIMEZONE stays although no other event needs it here
    assert new["oeu-sommertid"]["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert lint(result.data) == [] and lint(result.data, "budgettid") == []


def test_a_tombstone_stays_as_it_was_until_prune_cancelled():
    timed = load(TIMED)
    text = TIMED.read_text(encoding="utf-8")
    edited = load_text(without(text, "frist-heldag"), "edited.yaml")
    first = ics.build_feed(edited, previous=ics.feed_bytes(timed, now=NOW), now=LATER)
    again = ics.build_feed(edited, previous=first.data, now=LATER + timedelta(days=1))
    assert [c.uid for c in again.changes.kept] == ["frist-heldag@feed-test-2025"]
    assert again.changes.cancelled == [] and again.changes.changed == []
    kept = events(again.data)["frist-heldag"]
    assert (int(kept["SEQUENCE"]), kept["LAST-MODIFIED"].dt) == (1, LATER)
    assert str(kept["SUMMARY"]) == "AFLYST: Frist for spørgsmål"  # not AFLYST: AFLYST: ...
    # pruned: gone; an event removed in the same run still gets its tombstone
    later = load_text(without(without(text, "frist-heldag"), "kvartal"), "later.yaml")
    pruned = ics.build_feed(later, previous=again.data, now=LATER, prune_cancelled=True)
    assert "frist-heldag" not in events(pruned.data)
    assert [c.uid for c in pruned.changes.pruned] == ["frist-heldag@feed-test-2025"]
    assert str(events(pruned.data)["kvartal"]["STATUS"]) == "CANCELLED"


def test_an_event_back_in_the_calendar_is_published_again_with_sequence_raised():
    timed = load(TIMED)
    gone = load_text(without(TIMED.read_text(encoding="utf-8"), "frist-heldag"), "edited.yaml")
    cancelled = ics.build_feed(gone, previous=ics.feed_bytes(timed, now=NOW), now=NOW).data
    back = ics.build_feed(timed, previous=cancelled, now=LATER)
    ev = events(back.data)["frist-heldag"]
    assert (str(ev["SUMMARY"]), int(ev["SEQUENCE"]), ev.get("STATUS")) == ("Frist for spørgsmål", 2, None)
    (change,) = back.changes.changed
    assert change.fields == ("title", "description", "status")


def test_english_calendars_say_cancelled():
    english = MINIMAL.replace("  budget_years:", "  language: en\n  budget_years:")
    old = ics.feed_bytes(load_text(english, "cal.yaml"), now=NOW)
    new = ics.build_feed(load_text(without(english, "oeu-1"), "cal.yaml"), previous=old, now=NOW)
    ev = events(new.data)["oeu-1"]
    assert str(ev["SUMMARY"]) == "CANCELLED: Økonomiudvalgets 1. behandling"
    assert str(ev["DESCRIPTION"]) == "Cancelled: this activity has been taken out of the budget process."


def test_split_an_event_that_left_a_body_is_not_called_cancelled(tmp_path):
    timed = load(TIMED)
    ics.write_split(timed, tmp_path, now=NOW)
    moved = TIMED.read_text(encoding="utf-8").replace(
        '    time: "09:00"\n    end_time: "11:30"\n    bodies: [oeu]',
        '    time: "09:00"\n    end_time: "11:30"\n    bodies: [byraadet]',
    )
    feeds = ics.write_split(load_text(moved, "moved.yaml"), tmp_path, now=LATER)
    oeu = feeds[tmp_path / "oeu.ics"]
    assert [c.uid for c in oeu.changes.left] == ["oeu-sommertid@feed-test-2025"] and not oeu.changes.cancelled
    ev = events((tmp_path / "oeu.ics").read_bytes())["oeu-sommertid"]
    assert str(ev["STATUS"]) == "CANCELLED"
    assert str(ev["SUMMARY"]) == "Ikke længere i denne kalender: Økonomiudvalget: møde på sommertidsdagen"
    assert str(ev["DESCRIPTION"]).startswith(
        "Ikke aflyst: aktiviteten hører ikke længere til denne kalender."
    )
    assert [c.uid for c in feeds[tmp_path / "byraadet.ics"].changes.added] == ["oeu-sommertid@feed-test-2025"]
    everything = feeds[tmp_path / "feed-test-2025.ics"].changes
    assert everything.left == everything.cancelled == []
    assert [(c.uid, c.fields) for c in everything.changed] == [
        ("oeu-sommertid@feed-test-2025", ("description",))
    ]
    assert all(lint(p.read_bytes(), "budgettid") == [] for p in tmp_path.iterdir())


def test_a_previous_feed_of_another_process_is_not_cancelled():
    other = ics.feed_bytes(load_text(MINIMAL, "cal.yaml"), now=NOW)
    result = ics.build_feed(load(TIMED), previous=other, now=NOW)
    assert [c.uid for c in result.changes.disappeared] == ["oeu-1@test-budget-2024", "br-1@test-budget-2024"]
    assert result.changes.cancelled == [] and "test-budget-2024" not in result.data.decode()


# --- at the command line ----------------------------------------------------------------------


def run(*args: str, locale: str = "en_GB.UTF-8"):
    """The CLI in-process; the messages are in the locale's language (the calendar sets none)."""
    return runner.invoke(app, list(args), env={"SOURCE_DATE_EPOCH": "1700000000", "LC_ALL": locale})


def test_the_report_names_each_cancelled_event_and_the_ones_still_published(tmp_path):
    cal = tmp_path / "cal.yaml"
    cal.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "feed.ics"
    assert run("ics", str(cal), "-o", str(out)).exit_code == 0
    cal.write_text(without(MINIMAL, "oeu-1"), encoding="utf-8")
    res = run("ics", str(cal), "-o", str(out), "--previous", str(out), locale="da_DK.UTF-8")
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [
        "aflyst (udgivet som AFLYST): Økonomiudvalgets 1. behandling [oeu-1]",
        "0 ændret, 0 nye, 1 fjernet siden det forrige feed",
    ]
    res = run("ics", str(cal), "-o", str(out), "--previous", str(out), locale="da_DK.UTF-8")
    assert res.stderr.splitlines() == [
        "1 aflyst aktivitet står stadig i feedet som aflyst; --prune-cancelled udelader den"
    ]
    res = run(
        "ics", str(cal), "-o", str(out), "--previous", str(out), "--prune-cancelled", locale="da_DK.UTF-8"
    )
    assert res.stderr.splitlines() == [
        "udeladt (--prune-cancelled): AFLYST: Økonomiudvalgets 1. behandling [oeu-1]",
        "0 ændret, 0 nye, 1 fjernet siden det forrige feed",
    ]
    assert "oeu-1" not in events(out.read_bytes())


def test_a_missing_previous_feed_is_a_first_publication(tmp_path):
    cal = tmp_path / "cal.yaml"
    cal.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "feed.ics"
    res = run("ics", str(cal), "-o", str(out), "--previous", str(out))
    assert res.exit_code == 0, res.output
    assert res.stderr == f"note: {out} does not exist yet, so every event is new (a first publication)\n"
    assert set(events(out.read_bytes())) == {"oeu-1", "br-1"}
    res = run("ics", str(cal), "-o", str(out), "--previous", str(out))
    assert res.exit_code == 0 and res.stderr == ""  # nothing changed since
    res = run("ics", str(cal), "--previous", str(tmp_path / "nowhere" / "feed.ics"))
    assert res.exit_code == 0 and "does not exist yet" in res.stderr
