"""Every command's output over two calendars, in both languages, compared byte for byte.

The outputs live in tests/snapshots/. A change that is meant to change what a command
prints regenerates them, and the diff is reviewed with the change:

    BUDGETTID_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py

A refactoring (moving modules, renaming) must leave every file as it is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import bundled_path

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("BUDGETTID_UPDATE_SNAPSHOTS") == "1"
runner = CliRunner()

# The two calendars: the bundled one, and a generated one (benchmarks/generate.py, 120 events).
CALENDARS = ("bundled", "generated")
AS_OF = {"bundled": "2023-08-25", "generated": "2023-09-01"}

# name -> arguments after the calendar; {cal} is the calendar file, {out} a scratch path.
COMMANDS: dict[str, list[str]] = {
    "next": ["next", "{cal}", "--as-of", "{as_of}", "--limit", "12"],
    "next-json": ["next", "{cal}", "--as-of", "{as_of}", "--format", "json"],
    "timeline": ["timeline", "{cal}"],
    "timeline-json": ["timeline", "{cal}", "--format", "json"],
    "gantt": ["timeline", "{cal}", "--gantt", "--as-of", "{as_of}"],
    "check": ["check", "{cal}", "--format", "text"],
    "check-json": ["check", "{cal}", "--format", "json"],
    "check-github": ["check", "{cal}", "--format", "github"],
    "ics": ["ics", "{cal}"],
    "ics-body": ["ics", "{cal}", "--body", "byraadet", "--kind", "meeting"],
    "roll": ["roll", "{cal}", "--year", "2025", "--dry-run", "-o", "{out}/draft.yaml"],
    "roll-json": ["roll", "{cal}", "--year", "2025", "--dry-run", "-f", "json", "-o", "{out}/draft.yaml"],
    "diff-rolled": ["diff", "{cal}", "{cal}"],
    "wheel": ["wheel", "{cal}", "--as-of", "{as_of}"],
    "site": ["site", "{cal}", "-o", "{out}/site", "--as-of", "{as_of}"],
}
# Commands that do not read a calendar, run once.
PLAIN: dict[str, list[str]] = {
    "rules": ["rules"],
    "rules-json": ["rules", "--format", "json"],
    "rules-one": ["rules", "hearing-not-bracketed"],
    "schema": ["schema"],
}
LANGUAGES = ("da", "en")
# Commands whose language follows --lang (the others print the same in both).
WITH_LANG = {"next", "timeline", "gantt", "roll", "wheel", "site", "diff-rolled"}


def _calendar(name: str, tmp: Path) -> Path:
    if name == "bundled":
        return bundled_path()
    from benchmarks.generate import generate

    path = tmp / "generated.yaml"
    path.write_text(generate(120, seed=7), encoding="utf-8")
    return path


def _cases() -> list[tuple[str, str, str]]:
    out = [(cal, cmd, lang) for cal in CALENDARS for cmd in COMMANDS for lang in LANGUAGES
           if lang == "da" or cmd in WITH_LANG]  # fmt: skip
    return out + [("-", cmd, "da") for cmd in PLAIN]


def _normalise(text: str, cal: Path, out: Path) -> str:
    # The scratch folder and the calendar's own path differ from run to run and machine to machine.
    text = text.replace(str(out), "<out>").replace(str(cal), "<cal>")
    return re.sub(r"budgettid \d+\.\d+\.\d+", "budgettid <version>", text)


@pytest.mark.parametrize(("cal_name", "command", "lang"), _cases())
def test_output_is_unchanged(cal_name: str, command: str, lang: str, tmp_path: Path) -> None:
    cal = _calendar(cal_name, tmp_path) if cal_name != "-" else Path("-")
    out = tmp_path / "out"
    out.mkdir()
    template = COMMANDS.get(command) or PLAIN[command]
    args = [a.format(cal=cal, as_of=AS_OF.get(cal_name, ""), out=out) for a in template]
    if command in WITH_LANG:
        args += ["--lang", lang]
    env = {"COLUMNS": "100", "SOURCE_DATE_EPOCH": "1700000000", "GITHUB_ACTIONS": "", "NO_COLOR": "1"}
    res = runner.invoke(app, args, env=env)
    got = f"exit {res.exit_code}\n--- stdout\n{res.stdout}--- stderr\n{res.stderr}"
    if command == "site":  # the page is the output; the file list is in stdout already
        got += "--- index.html\n" + (out / "site" / "index.html").read_text(encoding="utf-8")
    got = _normalise(got, cal, out)
    path = SNAPSHOTS / f"{cal_name if cal_name != '-' else 'plain'}-{command}-{lang}.txt"
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(got.encode("utf-8"))
        if not UPDATE:
            pytest.fail(f"{path.name} was missing and has been written; run again")
    assert got == path.read_bytes().decode("utf-8"), (
        f"{path.name} differs; if the change is meant, regenerate with "
        "BUDGETTID_UPDATE_SNAPSHOTS=1 and review the diff"
    )
