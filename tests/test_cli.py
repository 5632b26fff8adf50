"""The CLI through Typer's CliRunner: exit codes, JSON contract, file resolution."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from budgettid.cli import app

from .conftest import MINIMAL

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    """The CLI at 120 columns in an English locale (a calendar's `process.language` still wins)."""
    return runner.invoke(app, list(args), env=env or {"COLUMNS": "120", "LC_ALL": "en_GB.UTF-8"})


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
        (["next", "--as-of", "7/9"], "invalid value for --as-of: '7/9' is not a date; write YYYY-MM-DD"),
        (
            ["next", "--body", "oekonomi", "--lang", "en"],
            "unknown body 'oekonomi'; known: byraadet (BR), oeu (ØU)",
        ),
        (["next", "--body", "oekonomi"], "ukendt aktør 'oekonomi'; kendte: byraadet (BR), oeu (ØU)"),
        (["next", "--body", "økonomi"], "ukendt aktør 'økonomi'; mente du 'oeu' (ØU)?"),
        (
            ["timeline", "--phase", "fase9", "--lang", "en"],
            "unknown phase 'fase9'; known: afklaring (Fase 1), forhandling (Fase 2)",
        ),
        (
            ["next", "--kind", "meting", "--lang", "en"],
            "unknown kind 'meting'; did you mean 'meeting' (møde)?",
        ),
        (
            ["next", "--kind", "party", "--lang", "en"],
            "unknown kind 'party'; known: deadline (frist), meeting (møde)",
        ),
        (["next", "--kind", "moede"], "ukendt type 'moede'; mente du 'meeting' (møde)?"),
        (["next", "--limit", "0"], "invalid value for --limit: 0 is outside the allowed range (x>=1)"),
        (["next", "--limt", "3"], "no such option: --limt; did you mean --limit?"),
        (["next", "--limit"], "the option --limit needs a value"),
        (["nxt"], "no such command 'nxt'; did you mean 'next'?"),
        (["roll"], "the option --year is missing"),
        (["next", "--lang", "da", "--limt", "3"], "ukendt tilvalg: --limt; mente du --limit?"),
        (["roll", "--lang", "da"], "tilvalget --year mangler"),
    ],
)
def test_usage_errors_exit_2(args, message):
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert message in res.stderr
    assert "Traceback" not in res.output and "╭" not in res.stderr  # a line to read, not a box
    command = args[0] if args[0] != "nxt" else ""
    assert res.stderr.splitlines()[-1] in (
        f"See 'budgettid {command} --help'.".replace("  ", " "),
        f"Se 'budgettid {command} --help'.".replace("  ", " "),
    ) or res.stderr.startswith("budgettid: ")


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--body", "BR"], {"byraadet"}),
        (["--body", "ØU", "--body", "byraadet"], {"oeu", "byraadet"}),
        (["--body", "økonomiudvalget"], {"oeu"}),
        (["--kind", "møde"], {"meeting"}),
        (["--kind", "Frist", "--kind", "hearing"], {"deadline", "hearing"}),
    ],
)
def test_filters_take_short_labels_names_and_danish_kinds(args, ids):
    res = run("timeline", "--format", "json", *args)
    assert res.exit_code == 0, res.output
    items = json.loads(res.stdout)["items"]
    assert items
    if args[0] == "--body":
        assert all(ids & set(i["bodies"]) for i in items)
    else:
        assert {i["kind"] for i in items} == ids
    phase = run("timeline", "--format", "json", "--phase", "Fase 2")
    assert {i["phase"] for i in json.loads(phase.stdout)["items"]} == {"forhandling"}


def test_next_shows_a_hearing_under_way_first_under_limit():
    res = run("next", "--as-of", "2023-06-20", "--limit", "3", "--format", "json")
    items = json.loads(res.stdout)["items"]
    assert items[0]["id"] == "hoering-effektiviseringskatalog" and items[0]["state"] == "ongoing"
    assert (items[0]["start"], items[0]["end"]) == ("2023-06-14", "2023-08-09")
    table = run("next", "--as-of", "2023-06-20", "--limit", "3", "--lang", "en").stdout
    assert "14 Jun – 9 Aug 2023" in table and "ends in 50 days" in table


def test_bare_budgettid_shows_help_and_exits_0():
    res = run()
    assert res.exit_code == 0
    assert "init" in res.stdout and "check" in res.stdout and "--install-completion" in res.stdout


def test_minus_n_means_dry_run_wherever_it_is():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if "-n" in getattr(param, "opts", []):
                assert "--dry-run" in param.opts, f"{name}: -n is {param.opts}"


def test_a_directory_is_a_clear_error(tmp_path):
    res = run("next", str(tmp_path))
    assert res.exit_code == 2 and "is a directory; pass a calendar .yaml file inside it" in res.stderr


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
    assert "$BUDGETTID_CALENDAR er 'nope.yaml', som ikke er en fil" in res.stderr  # no locale: Danish


def test_version():
    from budgettid import __version__

    res = run("--version")
    assert res.exit_code == 0 and res.stdout == f"budgettid {__version__}\n"


def test_publishing_commands_say_when_the_bundled_calendar_or_a_failing_plan_goes_out(tmp_path):
    res = run("ics", "-o", str(tmp_path / "out.ics"), "--lang", "en")
    assert res.exit_code == 0
    assert "note: no FILE given, so this is the bundled calendar (Budgetprocessen 2024-31)" in res.stderr
    res = run("ics", "-o", str(tmp_path / "out.ics"))
    assert "bemærk: ingen FILE angivet, så dette er den medfølgende kalender (Budgetprocessen" in res.stderr
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
    assert f"warning: `budgettid check {f}` finds 1 error in this calendar" in res.stderr
    assert "bundled" not in res.stderr


def test_when_words_for_fuzzy_items_and_tomorrow():
    res = run("next", "--as-of", "2023-08-25", "--limit", "8")
    # A period whose end is only a month ends "in August", not "in 6 days".
    assert "slutter i august 2023" in res.stdout and "slutter om 6 dage" not in res.stdout
    assert "i denne måned" in res.stdout  # a month date in its own month
    res = run("next", "--as-of", "2023-09-20", "--kind", "period", "--lang", "en")
    assert "ends tomorrow" in res.stdout
