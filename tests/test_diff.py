"""`budgettid diff`: moved, added, removed and retitled events, by id; --rolled against a roll."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import bundled_path

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "220", "LC_ALL": "en_GB.UTF-8"})


def edit_event(text: str, event_id: str, **fields: str | None) -> str:
    """Change fields of one event in calendar text; remove="yes" removes the whole event."""
    block = re.search(rf"(?ms)^  - id: {event_id}\n.*?(?=^  - id: |^\n|\Z)", text)
    assert block, event_id
    if fields.get("remove") == "yes":
        return text[: block.start()] + text[block.end() :]
    new = block.group(0)
    for key, value in fields.items():
        new, n = re.subn(rf"(?m)^(    {key}: ).*$", lambda m, v=value: f"{m.group(1)}{v}", new, count=1)
        assert n == 1, (event_id, key)
    return text[: block.start()] + new + text[block.end() :]


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return Path(shutil.copy(bundled_path(), tmp_path / "budget_2024_31.yaml"))


@pytest.fixture
def new(old: Path) -> Path:
    """Three events moved, one removed."""
    text = old.read_text(encoding="utf-8")
    text = edit_event(text, "budgetseminar", date="2023-09-04")
    text = edit_event(text, "oeu-2-behandling", date="2023-10-02")
    text = edit_event(text, "hoering-effektiviseringskatalog", start="2023-06-15", end="2023-08-16")
    text = edit_event(text, "borgermoede", remove="yes")
    path = old.with_name("budget_2024_31.new.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def test_done_means_three_moved_and_one_removed_are_exactly_what_is_listed(old: Path, new: Path):
    res = run("diff", str(old), str(new), "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    moved = [
        (
            m["id"],
            m["old"]["start"],
            m["old"]["end"],
            m["new"]["start"],
            m["new"]["end"],
            m["days"],
            m["end_days"],
        )
        for m in doc["moved"]
    ]
    assert moved == [
        ("hoering-effektiviseringskatalog", "2023-06-14", "2023-08-09", "2023-06-15", "2023-08-16", 1, 7),
        ("budgetseminar", "2023-09-01", "2023-09-01", "2023-09-04", "2023-09-04", 3, 3),
        ("oeu-2-behandling", "2023-10-03", "2023-10-03", "2023-10-02", "2023-10-02", -1, -1),
    ]
    assert [(r["id"], r["start"]) for r in doc["removed"]] == [("borgermoede", "2023-08-30")]
    assert doc["added"] == [] and doc["retitled"] == []
    assert (doc["rolled"], doc["years"]) == (False, 0)


def test_table_lists_the_same(old: Path, new: Path):
    res = run("diff", str(old), str(new), "--lang", "en")
    assert res.exit_code == 0, res.output
    rows = [line for line in res.stdout.splitlines() if line.startswith("│")]
    assert len(rows) == 4, res.stdout
    assert re.search(r"moved .*budgetseminar .*Fri 1 Sep 2023 .*Mon 4 Sep 2023 .*\+3", res.stdout)
    assert re.search(r"moved .*hoering-effektiviseringskatalog .*\+1 / \+7", res.stdout)
    assert re.search(r"removed .*borgermoede", res.stdout)
    assert "3 moved, 0 added, 1 removed, 0 retitled." in res.stdout


def test_added_retitled_decided_and_a_new_time(old: Path, tmp_path: Path):
    text = old.read_text(encoding="utf-8")
    text = edit_event(text, "oeu-oversigt-oensker", date="2023-04-18")  # April: now decided
    text = edit_event(text, "budgetseminar", title="Budgetseminar for byrådet")
    text = edit_event(text, "byraadet-2-behandling", date='2023-10-10\n    time: "19:00"')  # same day, later
    text += "  - id: ekstra-moede\n    title: Ekstra møde\n    kind: meeting\n    date: 2023-11-07\n"
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    doc = json.loads(run("diff", str(old), str(path), "--format", "json").stdout)
    assert [(m["id"], m["decided"], m["days"], m["new"]["time"]) for m in doc["moved"]] == [
        ("oeu-oversigt-oensker", True, None, None),
        ("byraadet-2-behandling", False, 0, "19:00"),  # same day, a time now: moved by 0 days
    ]
    assert doc["retitled"] == [
        {"id": "budgetseminar", "old": "Budgetseminar for byråd", "new": "Budgetseminar for byrådet"}
    ]
    assert [(a["id"], a["start"]) for a in doc["added"]] == [("ekstra-moede", "2023-11-07")]


def test_no_changes_and_exit_code(old: Path, new: Path):
    res = run("diff", str(old), str(old))
    assert res.exit_code == 0 and "Ingen ændringer" in res.stdout
    assert run("diff", str(old), str(old), "--exit-code").exit_code == 0
    assert run("diff", str(old), str(new), "--exit-code").exit_code == 1


def test_rolled_compares_with_what_roll_would_write(old: Path, tmp_path: Path):
    draft = tmp_path / "budget_2025_32.yaml"
    assert run("roll", str(old), "--year", "2025", "-o", str(draft)).exit_code == 0
    # The plain roll differs from last year everywhere, but not from itself once rolled.
    plain = json.loads(run("diff", str(old), str(draft), "--format", "json").stdout)
    assert len(plain["moved"]) > 40 and len(plain["retitled"]) > 10
    res = run("diff", str(old), str(draft), "--rolled", "--format", "json")
    doc = json.loads(res.stdout)
    assert (doc["rolled"], doc["years"], doc["moved"], doc["retitled"]) == (True, 1, [], [])
    assert "Ingen ændringer ud over rulningen" in run("diff", str(old), str(draft), "--rolled").stdout
    # This year's secretariat moves the 2nd reading a day: that is what --rolled shows.
    text = edit_event(draft.read_text(encoding="utf-8"), "byraadet-2-behandling", date="2024-10-09")
    draft.write_text(text, encoding="utf-8")
    doc = json.loads(run("diff", str(old), str(draft), "--rolled", "--format", "json").stdout)
    assert [
        (m["id"], m["old"]["start"], m["expected"]["start"], m["new"]["start"], m["days"])
        for m in doc["moved"]
    ] == [("byraadet-2-behandling", "2023-10-10", "2024-10-08", "2024-10-09", 1)]
    res = run("diff", str(old), str(draft), "--rolled", "--lang", "en")
    assert re.search(
        r"moved .*byraadet-2-behandling .*Tue 10 Oct 2023 .*Tue 8 Oct 2024 .*Wed 9 Oct 2024 .*\+1", res.stdout
    )


def test_errors_are_located_or_usage(old: Path, tmp_path: Path):
    res = run("diff", str(old), str(tmp_path / "missing.yaml"))
    assert res.exit_code == 2 and "no such file" in res.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        old.read_text(encoding="utf-8").replace("kind: deadline", "kind: dealine", 1), encoding="utf-8"
    )
    res = run("diff", str(old), str(bad))
    assert res.exit_code == 2 and f"{bad}:138:11: error BT002 schema" in res.stderr
    assert "Traceback" not in res.output
    # As diff(1): with --exit-code, 1 means "changed" and nothing else; trouble is 2.
    assert run("diff", str(old), str(bad), "--exit-code").exit_code == 2


def test_swapped_arguments_with_rolled_are_a_usage_error(old: Path, tmp_path: Path):
    draft = tmp_path / "budget_2025_32.yaml"
    assert run("roll", str(old), "--year", "2025", "-o", str(draft)).exit_code == 0
    res = run("diff", str(draft), str(old), "--rolled", "--lang", "en")
    assert res.exit_code == 2 and res.stdout == ""
    assert "the arguments look swapped" in res.stderr
    assert f"budgettid diff {old} {draft} --rolled" in res.stderr


def test_different_years_without_rolled_hint_at_rolled(old: Path, tmp_path: Path):
    draft = tmp_path / "budget_2025_32.yaml"
    assert run("roll", str(old), "--year", "2025", "-o", str(draft)).exit_code == 0
    res = run("diff", str(old), str(draft), "--lang", "en")
    assert res.exit_code == 0
    assert "Hint:" in res.stderr and f"budgettid diff {old} {draft} --rolled" in res.stderr
    # The hint names the right order whichever way round the files were given.
    res = run("diff", str(draft), str(old), "--format", "json", "--lang", "en")
    json.loads(res.stdout)  # stdout stays JSON
    assert f"budgettid diff {old} {draft} --rolled" in res.stderr
    # Not with --rolled, nor for two versions of the same year.
    assert "Hint" not in run("diff", str(old), str(draft), "--rolled", "--lang", "en").stderr
    assert run("diff", str(old), str(old)).stderr == ""


def test_without_language_in_the_file_the_locale_decides(tmp_path: Path):
    text = bundled_path().read_text(encoding="utf-8")
    assert "  language: da\n" in text
    path = tmp_path / "b.yaml"
    path.write_text(text.replace("  language: da\n", ""), encoding="utf-8")
    res = runner.invoke(app, ["diff", str(path), str(path)], env={"LC_ALL": "", "LANG": "en_US.UTF-8"})
    assert res.stdout.startswith("No changes between")
    res = runner.invoke(app, ["diff", str(path), str(path)], env={"LC_ALL": "", "LANG": "da_DK.UTF-8"})
    assert res.stdout.startswith("Ingen ændringer")
    # A file that sets its language keeps it whatever the locale.
    res = runner.invoke(
        app, ["diff", str(bundled_path()), str(bundled_path())], env={"LC_ALL": "", "LANG": "en_US.UTF-8"}
    )
    assert res.stdout.startswith("Ingen ændringer")


def test_precision_rank_is_the_models():
    from budgettid.format.values import Precision
    from budgettid.plan.diff import _finer

    assert _finer(Precision.DAY, Precision.MONTH) and _finer(Precision.MONTH, Precision.QUARTER)
    assert not _finer(Precision.MONTH, Precision.MONTH) and not _finer(Precision.QUARTER, Precision.DAY)


@pytest.mark.parametrize("columns", [80, 100, 220])
def test_the_table_fits_the_terminal_and_ids_give_way_first(old: Path, new: Path, columns: int):
    res = runner.invoke(app, ["diff", str(old), str(new)], env={"COLUMNS": str(columns)})
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    table = [line for line in lines if line[:1] in "┏┃┡│└"]  # the title may wrap above it
    assert len(table) >= 8 and [line for line in table if line[-1] not in "┓┃┩│┘"] == []  # none cut off
    header = table[1]
    assert ("Id" in header) is (columns >= 100) and "Hvad" in header and "Dage" in header


def test_titles_with_square_brackets_are_shown_as_written(old: Path, tmp_path: Path):
    # Rich reads [..] as markup: '[/red]' in a title once crashed next, timeline and diff.
    title = "Budget [bold]2024[/] [/red] og [x]"
    text = old.read_text(encoding="utf-8").replace("title: Budgetprocessen 2024-31", f'title: "{title}"', 1)
    text = edit_event(text, "budgetseminar", title='"Seminar [/] om [b]budget"', date="2023-09-04")
    path = tmp_path / "brackets.yaml"
    path.write_text(text, encoding="utf-8")
    for args in (["next", "--as-of", "2023-08-25"], ["timeline"], ["timeline", "--gantt"]):
        res = run(*args, str(path))
        assert res.exit_code == 0 and "Traceback" not in res.output, (args, res.output)
    assert f"Det næste i {title} (pr." in run("next", str(path), "--as-of", "2023-08-25").stdout
    assert "Seminar [/] om [b]budget" in run("timeline", str(path)).stdout
    res = run("diff", str(old), str(path))
    assert res.exit_code == 0 and "Seminar [/] om [b]budget" in res.stdout
