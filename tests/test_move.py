"""`budgettid move FILE EVENT DATE`: one event moves, the plan follows, nothing else changes."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import bundled_path, load
from budgettid.rules.engine import check_calendar

from .conftest import calendar_text

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200", "LC_ALL": "en_GB.UTF-8"})


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return Path(shutil.copy(bundled_path(), tmp_path / "budget_2024_31.yaml"))


def _dates(path: Path) -> dict[tuple[str, str], str]:
    cal = load(path)
    out = {(p.id, k): getattr(p, k).text for p in cal.phases for k in ("start", "end")}
    for e in cal.events:
        for k in ("date", "start", "end"):
            if getattr(e, k) is not None:
                out[(e.id, k)] = getattr(e, k).text
    return out


def _changed(before: Path, after: Path) -> dict[tuple[str, str], tuple[str, str]]:
    a, b = _dates(before), _dates(after)
    return {k: (a[k], b[k]) for k in a if a[k] != b[k]}


# --- the three examples ------------------------------------------------------------


def test_a_later_amendment_deadline_takes_the_finance_committee_along_and_nothing_else(source: Path):
    original = source.read_text(encoding="utf-8")
    res = run("move", str(source), "frist-aendringsforslag", "2023-10-04", "--lang", "en")
    assert res.exit_code == 0, res.output
    backup = source.with_name("original.yaml")
    backup.write_text(original, encoding="utf-8")
    changed = _changed(backup, source)
    assert set(changed) == {("frist-aendringsforslag", "date"), ("oeu-2-behandling", "date")}
    assert changed[("frist-aendringsforslag", "date")] == ("2023-09-21", "2023-10-04")
    old, new = changed[("oeu-2-behandling", "date")]
    assert old == "2023-10-03" and date(2023, 10, 4) <= date.fromisoformat(new) <= date(2023, 10, 10)
    # Only those two lines of the file changed: comments, layout and quoting are kept.
    diff = [
        (a, b) for a, b in zip(original.splitlines(), source.read_text().splitlines(), strict=True) if a != b
    ]
    assert diff == [
        ("    date: 2023-09-21", "    date: 2023-10-04"),
        ("    date: 2023-10-03", f"    date: {new}"),
    ]
    assert res.stdout.splitlines()[:3] == [
        "Moving frist-aendringsforslag to Wednesday 4 October 2023 moves 2 dates:",
        f"  {source}:296:11: frist-aendringsforslag: moved from Thursday 21 September 2023 to Wednesday "
        "4 October 2023, 13 days later: as asked",
        f"  {source}:304:11: oeu-2-behandling: moved from Tuesday 3 October 2023 to Wednesday 4 October "
        "2023, 1 day later: may not come before frist-aendringsforslag (BT103 order-violated)",
    ]
    # It ends with the check of the result.
    assert res.stdout.splitlines()[-4:] == [
        "The check of the result:",
        "1 file checked: no problems.",
        "1 accepted finding (--verbose lists it)",
        f"Wrote {source}.",
    ]
    assert [d for d in check_calendar(load(source)) if d.severity == "error"] == []


def test_a_first_reading_too_late_for_the_adoption_deadline_is_refused_with_the_latest_day_that_works(
    source: Path,
):
    before = source.read_bytes()
    res = run("move", str(source), "byraadet-1-behandling", "2023-09-26", "--lang", "en")
    assert res.exit_code == 1
    assert source.read_bytes() == before  # nothing written
    lines = res.stdout.splitlines()
    assert lines[0] == (
        "byraadet-1-behandling cannot move to Tuesday 26 September 2023: "
        "BT201 and BT202 cannot hold together."
    )
    assert "BT201 reading-gap" in res.stdout and "BT202 adoption-deadline" in res.stdout
    assert "the adoption deadline, Sunday 15 October 2023" in res.stdout
    assert "byraadet-1-behandling is to move to Tuesday 26 September 2023" in res.stdout
    # 15 October minus 21 days is Sunday 24 September; the latest working day is the Friday.
    assert lines[-2:] == ["The latest date that would work: Friday 22 September 2023.", "Nothing written."]
    # ... and that day does work.
    ok = run("move", str(source), "byraadet-1-behandling", "2023-09-22", "--dry-run", "--lang", "en")
    assert ok.exit_code == 0, ok.output


def test_a_date_nothing_depends_on_changes_that_date_only(source: Path):
    original = source.read_text(encoding="utf-8")
    res = run("move", str(source), "budgetseminar", "2023-09-04", "--lang", "en")
    assert res.exit_code == 0, res.output
    diff = [
        (a, b) for a, b in zip(original.splitlines(), source.read_text().splitlines(), strict=True) if a != b
    ]
    assert diff == [("    date: 2023-09-01", "    date: 2023-09-04")]
    assert "moves 1 date:" in res.stdout


# --- options and the report ----------------------------------------------------------------


def test_dry_run_prints_the_plan_in_danish_and_writes_nothing(source: Path):
    before = source.read_bytes()
    res = run("move", str(source), "frist-aendringsforslag", "2023-10-04", "-n")
    assert res.exit_code == 0 and source.read_bytes() == before
    assert res.stdout.startswith(
        "At flytte frist-aendringsforslag til onsdag den 4. oktober 2023 flytter 2 datoer:"
    )
    assert (
        "oeu-2-behandling: flyttet fra tirsdag den 3. oktober 2023 til onsdag den 4. oktober 2023, "
        "1 dag senere: " in res.stdout
    )
    assert "må ikke ligge før frist-aendringsforslag (BT103 order-violated)" in res.stdout
    assert res.stdout.splitlines()[-1] == f"Prøvekørsel: intet skrevet (ville skrive {source})."


def test_output_elsewhere_leaves_the_file_and_json_is_for_scripts(source: Path, tmp_path: Path):
    before = source.read_bytes()
    out = tmp_path / "moved.yaml"
    res = run("move", str(source), "frist-aendringsforslag", "2023-10-04", "-o", str(out), "--format", "json")
    assert res.exit_code == 0, res.output
    assert source.read_bytes() == before and out.is_file()
    doc = json.loads(res.stdout)
    assert (doc["written"], doc["output"], doc["asked"], doc["conflict"]) == (
        True,
        str(out),
        {"date": "2023-10-04"},
        None,
    )
    assert [(m["id"], m["old"], m["new"], m["days"], m["asked"]) for m in doc["moved"]] == [
        ("frist-aendringsforslag", "2023-09-21", "2023-10-04", 13, True),
        ("oeu-2-behandling", "2023-10-03", "2023-10-04", 1, False),
    ]
    assert doc["moved"][1]["reasons"] == ["may not come before frist-aendringsforslag (BT103 order-violated)"]
    assert [d["code"] for d in doc["check"]] == ["BT301"] and doc["check"][0]["accepted"] is not None
    conflict = json.loads(
        run("move", str(source), "byraadet-1-behandling", "2023-09-26", "-f", "json").stdout
    )
    assert conflict["written"] is False and conflict["moved"] == []
    assert (
        conflict["conflict"]["codes"] == ["BT201", "BT202"] and conflict["conflict"]["latest"] == "2023-09-22"
    )


def test_a_window_moves_its_start_and_with_end_its_end(tmp_path: Path):
    src = tmp_path / "budget.yaml"
    src.write_text(
        calendar_text(
            """
            - id: hoering
              title: Høring
              kind: hearing
              start: 2023-08-29
              end: 2023-09-06
              opened_by: oeu-1
            - id: seminar
              title: Seminar over to dage
              kind: meeting
              start: 2023-05-30
              end: 2023-05-31
            """,
            **{"date: 2023-09-12": "date: 2023-08-28"},
        ),
        encoding="utf-8",
    )
    res = run("move", str(src), "hoering", "2023-08-30", "--end", "2023-09-08", "-n", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "hoering: moved from Wednesday 6 September 2023 to Friday 8 September 2023" in res.stdout
    # Its start alone: the end stays where it is.
    res = run("move", str(src), "hoering", "2023-08-31", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert (load(src).event("hoering").start.text, load(src).event("hoering").end.text) == (
        "2023-08-31",
        "2023-09-06",
    )
    # A meeting over two days moves as a whole.
    res = run("move", str(src), "seminar", "2023-06-06", "--lang", "en")
    assert res.exit_code == 0, res.output
    seminar = load(src).event("seminar")
    assert (seminar.start.text, seminar.end.text) == ("2023-06-06", "2023-06-07")
    # A hearing cannot start before the meeting that opens it (BT104): the opener follows.
    res = run("move", str(src), "hoering", "2023-08-25", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert load(src).event("oeu-1").date.text <= "2023-08-25"
    assert "(BT104 hearing-not-bracketed)" in res.stdout


def test_a_month_becomes_a_day_and_a_day_a_month(source: Path):
    res = run("move", str(source), "status-implementering", "2023-12-05", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert load(source).event("status-implementering").date.text == "2023-12-05"
    assert (
        "status-implementering: moved from December 2023 to Tuesday 5 December 2023: as asked" in res.stdout
    )
    res = run("move", str(source), "budgetseminar", "2023-09", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert load(source).event("budgetseminar").date.text == "2023-09"


def test_a_move_onto_a_holiday_is_made_and_the_check_says_so(source: Path):
    res = run("move", str(source), "budgetseminar", "2023-12-25", "--lang", "en")
    # The seminar must stay in its phase (it ends 10 October): the phase's end follows it.
    assert res.exit_code == 0, res.output
    assert (
        "the end of phase forhandling: moved from Tuesday 10 October 2023 to Monday 25 December 2023"
        in res.stdout
    )
    assert "warning BT302 public-holiday" in res.stdout and "Juledag" in res.stdout


def test_nothing_to_move(source: Path):
    before = source.read_bytes()
    res = run("move", str(source), "budgetseminar", "2023-09-01", "--lang", "en")
    assert res.exit_code == 0 and source.read_bytes() == before
    assert res.stdout == "budgetseminar is already on Friday 1 September 2023: nothing to move.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["byraadet-1-behandlng", "2023-09-20"],
            "has no event byraadet-1-behandlng; did you mean byraadet-1-behandling?",
        ),
        (
            ["zzz", "2023-09-20"],
            "has no event zzz; its events are: oeu-budgetprocessen, byraadet-budgetprocessen",
        ),
        (["budgetseminar", "2023-13-01"], "2023-13-01 is not a date: write YYYY-MM-DD (2023-10-04)"),
        (
            ["budgetseminar", "2023-09-04", "--end", "2023-09-05"],
            "budgetseminar has one date, not a start and an end",
        ),
        (
            ["forhandling", "2023-09-04"],
            "budget_2024_31.yaml is a phase, not an event: move the events in it",
        ),
    ],
)
def test_usage_errors_name_the_fix(source: Path, args: list[str], message: str):
    res = run("move", str(source), *args, "--lang", "en")
    assert res.exit_code == 2 and message in res.stderr and "Traceback" not in res.output


def test_the_bundled_calendar_is_not_changed_in_place():
    res = run("move", str(bundled_path()), "budgetseminar", "2023-09-04", "--lang", "en")
    assert res.exit_code == 2
    assert "is the calendar that ships with budgettid, not yours to change: make your own copy" in res.stderr
    dry = run("move", str(bundled_path()), "budgetseminar", "2023-09-04", "-n", "--lang", "en")
    assert dry.exit_code == 0, dry.output


def test_another_calendar_is_not_overwritten_by_output(source: Path, tmp_path: Path):
    other = Path(shutil.copy(source, tmp_path / "other.yaml"))
    res = run("move", str(source), "budgetseminar", "2023-09-04", "-o", str(other), "--lang", "en")
    assert res.exit_code == 2 and "is a budgettid calendar; it is not replaced" in res.stderr


def test_an_anchored_date_shared_with_another_event_is_not_moved_along(tmp_path: Path):
    src = tmp_path / "alias.yaml"
    src.write_text(
        calendar_text(
            """
            - id: a
              title: A
              kind: meeting
              date: &d 2023-10-03
            - id: b
              title: B
              kind: deadline
              date: *d
            """
        ),
        encoding="utf-8",
    )
    before = src.read_bytes()
    res = run("move", str(src), "a", "2023-10-04", "--lang", "en")
    assert res.exit_code == 2 and "write the date out instead of the alias" in res.stderr
    assert src.read_bytes() == before


def test_crlf_and_the_file_mode_are_kept(source: Path):
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    source.chmod(0o640)
    assert run("move", str(source), "budgetseminar", "2023-09-04").exit_code == 0
    data = source.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert source.stat().st_mode & 0o777 == 0o640


def test_the_python_api_moves_as_the_command_does(source: Path):
    import budgettid

    r = budgettid.move(source, "frist-aendringsforslag", date(2023, 10, 4))
    assert [c.field.id for c in r.changes] == ["frist-aendringsforslag", "oeu-2-behandling"]
    assert r.text is not None and source.read_text(encoding="utf-8") != r.text  # nothing written
    with pytest.raises(budgettid.UnknownEvent) as exc:
        budgettid.move(source, "nope", "2023-10-04")
    assert exc.value.event == "nope" and exc.value.close is None


def test_the_readme_shows_what_move_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## When a date moves", 1)[1].split("\n## ", 1)[0]
    shown = [block.split("```", 1)[0] for block in section.split("```text\n")[1:]]
    assert len(shown) == 2
    monkeypatch.chdir(tmp_path)
    shutil.copy(bundled_path(), tmp_path / "budget_2024_31.yaml")
    moved = run("move", "budget_2024_31.yaml", "frist-aendringsforslag", "2023-10-04", "-n", "--lang", "en")
    refused = run("move", "budget_2024_31.yaml", "byraadet-1-behandling", "2023-09-26", "--lang", "en")
    assert (moved.stdout, refused.stdout) == tuple(shown)
