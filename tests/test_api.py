"""The Python API: `import budgettid`, its documented examples, and what each entry point accepts."""

from __future__ import annotations

import dataclasses
import doctest
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import budgettid
from budgettid.cli import app

from .conftest import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "python-api.md"
BUNDLED = budgettid.bundled_path()
runner = CliRunner()


class Where(os.PathLike[str]):
    """An os.PathLike that is not a pathlib.Path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


# --- the documentation ---------------------------------------------------------------------


def test_the_python_api_page_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # the examples write their files here
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # A closing ``` would be read as part of an example's output: blank the fences, keeping
    # the line numbers so that a failure points at the page's own line.
    text = re.sub(r"^```.*$", "", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    test = doctest.DocTestParser().get_doctest(text, {}, DOC.name, str(DOC), 0)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    assert len(test.examples) >= 40  # the page's examples were found, not skipped


def test_every_public_name_resolves_and_has_its_place_in_the_docs():
    doc = DOC.read_text(encoding="utf-8")
    for name in budgettid.__all__:
        value = getattr(budgettid, name)
        assert not isinstance(value, type(sys)), f"budgettid.{name} is a module, not the API's {name}"
        documented = re.search(rf"^(#+ |\| )`budgettid\.{re.escape(name)}\b", doc, re.MULTILINE)
        assert documented, f"budgettid.{name} has no heading or table row in {DOC.name}"
    assert sorted(budgettid.__all__) == sorted(set(budgettid.__all__))
    assert set(dir(budgettid)) >= set(budgettid.__all__)
    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        budgettid.lod  # noqa: B018


def test_the_readme_points_to_the_page():
    assert "docs/python-api.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_importing_budgettid_imports_nothing_of_the_api():
    code = "import sys, budgettid; print(sorted(m for m in sys.modules if m.startswith('budgettid')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['budgettid']"
    code = "import sys, budgettid; budgettid.load; print('yaml' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]  # the names, not the loader's libraries


# --- load: paths and text ------------------------------------------------------------------


@pytest.mark.parametrize("kind", [str, Path, Where])
def test_load_takes_a_path_as_str_or_pathlike(kind):
    cal = budgettid.load(kind(BUNDLED))
    assert (cal.process.id, cal.file) == ("alleroed-budget-2024-31", str(BUNDLED))
    assert cal.text == BUNDLED.read_text(encoding="utf-8")


def test_the_core_loader_takes_a_str_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from budgettid.format.load import load

    monkeypatch.chdir(tmp_path)
    (tmp_path / "cal.yaml").write_text(MINIMAL, encoding="utf-8")
    assert load("cal.yaml").process.id == "test-budget-2024"
    assert load(Where(tmp_path / "cal.yaml")).file == str(tmp_path / "cal.yaml")


def test_load_tells_text_from_a_path():
    assert budgettid.load(MINIMAL).file == "<string>"
    assert budgettid.load(MINIMAL, name="b.yaml").file == "b.yaml"
    # text with a byte-order mark and CRLF line ends, as read from a Windows file
    assert budgettid.load("\ufeff" + MINIMAL.replace("\n", "\r\n")).process.id == "test-budget-2024"
    # one line starting with the first key is text (and not a calendar), not a file name
    with pytest.raises(budgettid.CalendarInvalid) as caught:
        budgettid.load("format: budgettid/1")
    assert caught.value.diagnostics[0].file == "<string>"
    # so is nothing at all: an empty calendar, not the current folder
    with pytest.raises(budgettid.CalendarInvalid, match="problem"):
        budgettid.load("")
    # anything else is a path
    with pytest.raises(budgettid.NoSuchFile) as missing:
        budgettid.load("budget 2024-31.yaml")
    assert missing.value.path == "budget 2024-31.yaml"
    assert "bundled" not in str(missing.value)  # the command line's advice stays there


def test_load_refuses_what_it_cannot_read():
    with pytest.raises(TypeError, match="path or YAML text, not bytes"):
        budgettid.load(MINIMAL.encode())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="name is for YAML text"):
        budgettid.load(BUNDLED, name="other.yaml")
    with pytest.raises(budgettid.FileProblem, match="is a directory"):
        budgettid.load(BUNDLED.parent)


# --- every entry point takes a path where it takes a calendar --------------------------------

AS_OF = date(2023, 8, 25)
STAMP = datetime(2023, 8, 25, tzinfo=UTC)
CALLS = {
    "check": lambda c: budgettid.check(c),
    "upcoming": lambda c: budgettid.upcoming(c, as_of=AS_OF),
    "timeline": lambda c: budgettid.timeline(c),
    "feed": lambda c: budgettid.feed(c, now=STAMP),
    "roll": lambda c: budgettid.roll(c, year=2025).text,
    "diff": lambda c: budgettid.diff(c, BUNDLED),
    "wheel_svg": lambda c: budgettid.wheel_svg(c, as_of=AS_OF),
}
# Results that do not carry the file's name are the same from the file's text.
NAMELESS = {"upcoming", "timeline", "feed", "wheel_svg"}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_entry_point_takes_a_calendar_a_str_path_and_a_pathlike(name):
    call = CALLS[name]
    loaded = call(budgettid.load(BUNDLED))
    assert call(str(BUNDLED)) == loaded
    assert call(Where(BUNDLED)) == loaded
    if name in NAMELESS:
        assert call(BUNDLED.read_text(encoding="utf-8")) == loaded


def test_check_paths_takes_one_path_or_many_of_either_kind(tmp_path: Path):
    one = budgettid.check_paths(str(BUNDLED))
    assert one.files == [str(BUNDLED)] and [d.code for d in one.findings] == ["BT301"]
    many = budgettid.check_paths([BUNDLED, Where(tmp_path / "missing.yaml")], ignore="BT301")
    assert many.files == [str(BUNDLED)] and many.findings == []
    assert [(u.file, u.missing) for u in many.unreadable] == [(str(tmp_path / "missing.yaml"), True)]


# --- the same results as the commands ------------------------------------------------------


def test_feed_is_the_bytes_ics_writes(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1692921600")
    res = runner.invoke(app, ["ics", str(BUNDLED), "--body", "oeu", "--exact-only"])
    assert res.exit_code == 0
    assert budgettid.feed(BUNDLED, bodies="oeu", exact_only=True) == res.stdout_bytes


def test_wheel_svg_is_the_svg_wheel_draws():
    res = runner.invoke(app, ["wheel", str(BUNDLED), "--as-of", "2023-08-25", "--lang", "en", "--no-key"])
    assert res.exit_code == 0
    assert budgettid.wheel_svg(BUNDLED, lang="en", as_of=AS_OF, key=False) == res.stdout
    # The page's language by default, whatever the locale; any day of the start month will do.
    assert budgettid.wheel_svg(BUNDLED) == budgettid.wheel_svg(BUNDLED, lang="da")
    assert budgettid.wheel_svg(BUNDLED, start=date(2023, 3, 17)) == budgettid.wheel_svg(
        BUNDLED, start=date(2023, 3, 1)
    )
    with pytest.raises(budgettid.UsageError, match="'fr' is not a language"):
        budgettid.wheel_svg(BUNDLED, lang="fr")


def test_upcoming_is_what_next_lists():
    res = runner.invoke(app, ["next", str(BUNDLED), "--as-of", "2023-08-25", "-f", "json", "-d", "30"])
    listed = re.findall(r'"id": "([^"]+)"', res.stdout)
    assert [it.event.id for it in budgettid.upcoming(BUNDLED, as_of=AS_OF, days=30)] == listed


def test_the_filters_refuse_what_the_calendar_does_not_have():
    with pytest.raises(budgettid.UsageError, match="unknown phase 'fase9'; known: afklaring"):
        budgettid.timeline(BUNDLED, phases=["fase9"])
    with pytest.raises(budgettid.UsageError, match="unknown kind 'meetings'; did you mean 'meeting'"):
        budgettid.feed(BUNDLED, kinds=["meetings"])
    with pytest.raises(budgettid.UsageError, match="days is -1"):
        budgettid.upcoming(BUNDLED, as_of=AS_OF, days=-1)
    with pytest.raises(budgettid.UsageError, match="limit is 0"):
        budgettid.upcoming(BUNDLED, as_of=AS_OF, limit=0)
    with pytest.raises(TypeError, match=r"as_of is a datetime\.date, e\.g\. date\(2023, 8, 25\), not str"):
        budgettid.upcoming(BUNDLED, as_of="2023-08-25")  # type: ignore[arg-type]
    noon = datetime(2023, 8, 25, 12, tzinfo=UTC)
    assert budgettid.upcoming(BUNDLED, as_of=noon) == budgettid.upcoming(BUNDLED, as_of=AS_OF)
    assert budgettid.wheel_svg(BUNDLED, as_of=noon) == budgettid.wheel_svg(BUNDLED, as_of=AS_OF)
    # one id as a plain str is that id, not its letters
    assert [g.phase.id for g in budgettid.timeline(BUNDLED, phases="forhandling") if g.phase] == [
        "forhandling"
    ]


# --- roll and diff -------------------------------------------------------------------------


def test_roll_keeps_the_source_text_from_a_path_text_or_loaded_calendar(tmp_path: Path):
    source = tmp_path / "budget_2024_27.yaml"
    source.write_bytes(MINIMAL.replace("\n", "\r\n").encode())
    from_path = budgettid.roll(Where(source), year=2025)
    assert (from_path.output, from_path.newline) == (tmp_path / "budget_2025_28.yaml", "\r\n")
    from_calendar = budgettid.roll(budgettid.load(source), year=2025)
    assert from_calendar.output == tmp_path / "budget_2025_28.yaml"
    assert from_calendar.text == from_path.text
    from_text = budgettid.roll(MINIMAL, year=2025)
    assert (from_text.output, from_text.text) == (Path("draft.yaml"), from_path.text)
    assert budgettid.roll(MINIMAL, year=2025, output=tmp_path / "x.yaml").draft.file == str(
        tmp_path / "x.yaml"
    )


def test_roll_refuses_a_calendar_without_text_and_a_year_that_is_not_later():
    built = dataclasses.replace(budgettid.load(BUNDLED))  # a Calendar made in code has no text
    assert built.text is None
    with pytest.raises(budgettid.UsageError, match="no text to roll"):
        budgettid.roll(built, year=2025)
    with pytest.raises(budgettid.YearNotLater) as caught:
        budgettid.roll(BUNDLED, year=2023)
    assert (caught.value.budget_years, caught.value.first) == ("2024-2031", 2024)
    assert "--year" not in str(caught.value)


def test_diff_with_the_processes_swapped_names_them_and_no_option():
    draft = budgettid.roll(BUNDLED, year=2025)
    with pytest.raises(budgettid.ProcessesSwapped) as caught:
        budgettid.diff(draft.draft, BUNDLED, rolled=True)
    exc = caught.value
    assert (exc.old, exc.old_years, exc.new, exc.new_years) == (
        str(draft.output), "2025-2032", str(BUNDLED), "2024-2031"
    )  # fmt: skip
    assert "--" not in str(exc) and "swapped" in str(exc)
