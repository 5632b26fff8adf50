"""The CLI through Typer's CliRunner: exit codes, JSON contract, file resolution."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from budgettid.cli import app

from .conftest import MINIMAL

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env or {"COLUMNS": "120"})


def test_next_json_contract():
    res = run("next", "--as-of", "2023-09-07", "--limit", "4", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["as_of"] == "2023-09-07"
    ids = [i["id"] for i in doc["items"]]
    assert ids == [
        "oeu-1-behandling",
        "byraadet-1-behandling",
        "frist-aendringsforslag",
        "budgetforhandlinger",
    ]
    first = doc["items"][0]
    assert set(first) >= {
        "id", "title", "kind", "start", "end", "precision", "time", "end_time",
        "bodies", "body_names", "phase", "step", "days_until",
    }  # fmt: skip
    assert (first["start"], first["end"], first["precision"], first["days_until"]) == (
        "2023-09-12", "2023-09-12", "day", 5,
    )  # fmt: skip
    assert first["body_names"] == ["Økonomiudvalget"] and first["step"] == "budget_proposal"
    window = doc["items"][3]
    assert (window["start"], window["end"]) == ("2023-09-06", "2023-09-21")


def test_next_table_in_danish_and_english():
    res = run("next", "--as-of", "2023-09-07", "--limit", "2")
    assert res.exit_code == 0
    assert "om 5 dage" in res.stdout and "tirs. 12. sep. 2023" in res.stdout
    res = run("next", "--as-of", "2023-09-07", "--limit", "2", "--lang", "en")
    assert "in 5 days" in res.stdout and "Tue 12 Sep 2023" in res.stdout


def test_next_with_nothing_ahead_names_the_last_date():
    res = run("next", "--as-of", "2025-01-01")
    assert res.exit_code == 0
    assert "Intet forude" in res.stdout and "30. apr. 2024" in res.stdout and "--as-of" in res.stdout


def test_timeline_json_and_filters():
    res = run("timeline", "--phase", "forhandling", "--kind", "meeting", "--format", "json")
    assert res.exit_code == 0
    ids = [i["id"] for i in json.loads(res.stdout)["items"]]
    assert ids == [
        "budgetseminar", "oeu-1-behandling", "byraadet-1-behandling",
        "oeu-2-behandling", "byraadet-2-behandling",
    ]  # fmt: skip
    assert run("timeline").exit_code == 0


def test_month_items_are_written_as_in_the_file():
    res = run("timeline", "--body", "forvaltningen", "--format", "json")
    items = json.loads(res.stdout)["items"]
    assert ("2023-07", "2023-08", "month") in [(i["start"], i["end"], i["precision"]) for i in items]


def test_file_argument_env_and_bundled(tmp_path):
    f = tmp_path / "cal.yaml"
    f.write_text(MINIMAL, encoding="utf-8")
    res = run("next", str(f), "--as-of", "2023-09-01", "--format", "json")
    assert [i["id"] for i in json.loads(res.stdout)["items"]] == ["oeu-1", "br-1"]
    res = run("next", "--as-of", "2023-09-01", "--format", "json", env={"BUDGETTID_CALENDAR": str(f)})
    assert [i["id"] for i in json.loads(res.stdout)["items"]] == ["oeu-1", "br-1"]


def test_invalid_calendar_exits_1_with_located_message(tmp_path):
    f = tmp_path / "cal.yaml"
    f.write_text(MINIMAL.replace("2023-09-19", "2023-02-30"), encoding="utf-8")
    res = run("next", str(f))
    assert res.exit_code == 1
    assert f"{f}:24:11: error BT002 schema" in res.stderr
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["next", "missing.yaml"], "no such file"),
        (["next", "--as-of", "7/9"], "is not a date"),
        (["next", "--body", "oekonomi"], "unknown body 'oekonomi'"),
        (["timeline", "--phase", "fase9"], "unknown phase 'fase9'"),
        (["next", "--kind", "party"], "party"),
    ],
)
def test_usage_errors_exit_2(args, message):
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert message in res.stderr
    assert "Traceback" not in res.output


def test_a_directory_is_a_clear_error(tmp_path):
    res = run("next", str(tmp_path))
    assert res.exit_code == 2 and "is a directory" in res.stderr


def test_every_command_is_documented_with_an_example():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and "Example:" in command.help, name


def test_language_falls_back_to_the_locale_when_the_file_has_none(tmp_path):
    f = tmp_path / "cal.yaml"
    f.write_text(MINIMAL, encoding="utf-8")  # no process.language
    args = ("next", str(f), "--as-of", "2023-09-01")
    assert "in 11 days" in run(*args, env={"LC_ALL": "en_GB.UTF-8", "COLUMNS": "120"}).stdout
    assert "om 11 dage" in run(*args, env={"LC_ALL": "da_DK.UTF-8", "COLUMNS": "120"}).stdout
    # The bundled calendar says `language: da`: that wins over the locale.
    assert "om 5 dage" in run("next", "--as-of", "2023-09-07", env={"LC_ALL": "en_GB.UTF-8"}).stdout


def test_a_broken_environment_variable_is_named():
    res = run("next", env={"BUDGETTID_CALENDAR": "nope.yaml"})
    assert res.exit_code == 2
    assert "$BUDGETTID_CALENDAR is 'nope.yaml', which is not a file" in res.stderr


def test_version():
    from budgettid import __version__

    res = run("--version")
    assert res.exit_code == 0 and res.stdout == f"budgettid {__version__}\n"


def test_publishing_commands_say_when_the_bundled_calendar_or_a_failing_plan_goes_out(tmp_path):
    res = run("ics", "-o", str(tmp_path / "out.ics"))
    assert res.exit_code == 0
    assert "note: no FILE given, so this is the bundled calendar (Budgetprocessen 2024-31)" in res.stderr
    f = tmp_path / "cal.yaml"
    # The council's readings 1 day apart: BT201, an error by `check`.
    f.write_text(
        MINIMAL.replace("    bodies: [byraadet]", "    bodies: [byraadet]\n    step: second_reading").replace(
            "    phase: fase1\n", "    phase: fase1\n    step: first_reading\n", 1
        ),
        encoding="utf-8",
    )
    res = run("wheel", str(f), "-o", str(tmp_path / "w.svg"))
    assert res.exit_code == 0 and (tmp_path / "w.svg").is_file()
    assert f"warning: `budgettid check {f}` finds 1 error(s)" in res.stderr
    assert "bundled" not in res.stderr


def test_when_words_for_fuzzy_items_and_tomorrow():
    res = run("next", "--as-of", "2023-08-25", "--limit", "8")
    # A period whose end is only a month ends "in August", not "in 6 days".
    assert "slutter i august 2023" in res.stdout and "slutter om 6 dage" not in res.stdout
    assert "i denne måned" in res.stdout  # a month date in its own month
    res = run("next", "--as-of", "2023-09-20", "--kind", "period", "--lang", "en")
    assert "ends tomorrow" in res.stdout
