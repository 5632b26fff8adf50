"""`budgettid init` and `budgettid example`: a new municipality's first calendar, the bundled one
as a file, and the schema every `$schema` line points at (package data, `schema --path`)."""

from __future__ import annotations

import json
import os
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.daysoff import DaysOff
from budgettid.format.load import bundled_path, load
from budgettid.format.schema import MODELINE, installed_path, json_schema
from budgettid.plan.starter import dates, slug
from budgettid.rules.engine import check_calendar

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, lang_env: str = ""):
    return runner.invoke(app, list(args), env={"COLUMNS": "120", "LC_ALL": lang_env})


def schema_of(calendar: Path) -> Path:
    """Where a calendar's first line points an editor."""
    first = calendar.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    return (calendar.parent / first.removeprefix(MODELINE)).resolve()


def test_init_writes_a_calendar_that_check_passes_with_no_warnings(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run("init", "--municipality", "Fjordby Kommune", "--year", "2027", "-o", "budget_2027_30.yaml")
    assert res.exit_code == 0, res.output
    assert res.stdout == (
        "Skrev budget_2027_30.yaml: budget 2027-30 for Fjordby Kommune. "
        "Næste skridt: budgettid check budget_2027_30.yaml\n"
    )
    path = tmp_path / "budget_2027_30.yaml"
    check = run("check", str(path), "--strict", "--verbose")
    assert check.exit_code == 0 and check.stdout == "1 fil kontrolleret: ingen problemer.\n"
    cal = load(path)
    p = cal.process
    assert (p.id, p.title, p.municipality, p.budget_years) == (
        "fjordby-budget-2027-30", "Budgetprocessen 2027-30", "Fjordby Kommune", "2027-2030",
    )  # fmt: skip
    steps = {e.step: e for e in cal.events if e.step}
    assert set(steps) == {
        "budget_proposal",
        "first_reading",
        "public_hearing",
        "amendment_deadline",
        "second_reading",
    }
    first, second = steps["first_reading"].first, steps["second_reading"].first
    assert (second - first).days >= 21 and second <= date(2026, 10, 15)
    assert steps["budget_proposal"].first <= date(2026, 9, 15)
    assert first < steps["public_hearing"].first and steps["public_hearing"].last < second
    assert any(e.id == "budgetseminar" for e in cal.events) and len(cal.phases) == 2
    assert schema_of(path) == installed_path() and installed_path().is_file()
    text = path.read_text(encoding="utf-8")
    assert "# Budgetprocessen 2027-30 for Fjordby Kommune: en startkalender" in text


@pytest.mark.parametrize("year", range(2024, 2041))
def test_every_starter_year_is_on_working_days_and_clean(year: int):
    from budgettid.format.load import load_text
    from budgettid.plan.starter import starter

    d = dates(year)
    off = DaysOff()
    assert all(off.working(day) for day in vars(d).values())
    cal = load_text(starter("Eksempel Kommune", year, "en"), "starter.yaml")
    assert check_calendar(cal) == []


def test_init_comments_follow_the_language_and_titles_stay_danish(tmp_path: Path):
    out = tmp_path / "b.yaml"
    assert run("init", "-y", "2030", "-o", str(out), "--lang", "en").exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "# Budget process 2030-33 for Eksempel Kommune: a starter calendar" in text
    assert "title: Byrådets 1. behandling af budget 2030-33" in text


def test_init_never_replaces_a_file_unasked(tmp_path: Path):
    out = tmp_path / "budget.yaml"
    out.write_text("keep me", encoding="utf-8")
    res = run("init", "-o", str(out))
    assert res.exit_code == 2 and f"budgettid: {out} findes allerede" in res.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("init", "-o", str(out), "--force", "-y", "2028").exit_code == 0
    assert load(out).process.budget_years == "2028-2031"


def test_init_names_the_file_after_the_budget_years(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init", "--year", "2026", "-m", "Ærø Kommune").exit_code == 0
    assert load(tmp_path / "budget_2026_29.yaml").process.id == "aeroe-budget-2026-29"
    assert slug("Lyngby-Taarbæk Kommune") == "lyngby-taarbaek"


def test_example_writes_the_bundled_calendar_for_the_readmes_commands(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run("example")
    assert res.exit_code == 0 and res.stdout.startswith("Skrev budget_2024_31.yaml: Allerød Kommunes")
    copy = tmp_path / "budget_2024_31.yaml"
    lines, bundled = copy.read_text(encoding="utf-8").splitlines(), bundled_path().read_text(encoding="utf-8")
    assert lines[1:] == bundled.splitlines()[1:]  # all but the $schema line, re-pointed
    assert schema_of(copy) == installed_path()
    assert run("check", "budget_2024_31.yaml", "--strict").exit_code == 0
    res = run("roll", "budget_2024_31.yaml", "--year", "2025", "--dry-run")
    assert res.exit_code == 0 and "budget_2025_32.yaml" in res.stdout
    assert run("roll", "budget_2024_31.yaml", "--year", "2025").exit_code == 0
    assert schema_of(tmp_path / "budget_2025_32.yaml") == installed_path()
    assert run("example").exit_code == 2  # not over the copy


def test_the_schema_ships_and_schema_path_says_where():
    res = run("schema", "--path")
    assert res.exit_code == 0 and Path(res.stdout.strip()) == installed_path()
    assert json.loads(installed_path().read_text(encoding="utf-8")) == json_schema()
    # The bundled calendar points at it from inside the package, as pip installs it.
    assert schema_of(bundled_path()) == installed_path()
    # pip installs what package-data lists: the schema, the calendar, the rule examples.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["budgettid"]
    package = installed_path().parent.parent
    shipped = {p.relative_to(package).as_posix() for g in globs for p in package.glob(g)}
    assert {"schema/budgettid-1.schema.json", "data/budget_2024_31.yaml"} <= shipped
    # The schema's descriptions point at docs/format.md, which exists.
    text = installed_path().read_text(encoding="utf-8")
    assert "FORMAT.md" not in text and "docs/format.md" in text and (ROOT / "docs" / "format.md").is_file()


def test_every_schema_line_budgettid_writes_resolves(tmp_path: Path, monkeypatch):
    """init, example and roll write a relative path to the installed schema (or an absolute one)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    for args, out in (
        (["init", "-o", "sub/a.yaml"], "sub/a.yaml"),
        (["example", "-o", "sub/b.yaml"], "sub/b.yaml"),
        (["roll", "sub/b.yaml", "--year", "2025", "-o", "c.yaml"], "c.yaml"),
    ):
        assert run(*args).exit_code == 0, args
        assert schema_of(tmp_path / out) == installed_path(), out
        line = (tmp_path / out).read_text(encoding="utf-8").splitlines()[0]
        assert re.fullmatch(r"# yaml-language-server: \$schema=\S+\.schema\.json", line)
    assert os.path.isabs(installed_path())
