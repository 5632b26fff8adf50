"""README's promises, run: the Danish everyday commands work as written, the finding it shows
is what `check` prints, and the CI examples pin the version this is."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from budgettid.cli import app

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _block(heading: str) -> str:
    section = README.split(f"## {heading}", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_danish_everyday_commands_run_as_written(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = []
    for line in _block("På dansk: kom i gang").splitlines():
        command = line.split("#", 1)[0].strip()
        if not command.startswith("budgettid "):
            continue  # pip install
        args = shlex.split(command)[1:]
        res = runner.invoke(app, args, env={"COLUMNS": "100", "LC_ALL": ""})
        assert res.exit_code == 0, (command, res.output)
        assert "Traceback" not in res.output
        ran.append(args[0])
    assert ran == ["init", "check", "next", "next", "timeline", "ics", "site", "move", "roll", "example"]
    assert (tmp_path / "budget_2028_31.yaml").is_file() and (tmp_path / "public" / "index.html").is_file()


def test_the_finding_readme_shows_is_what_check_prints():
    shown = re.findall(r"^budget\.yaml:25:10: (error BT104 .*)$", README, re.M)
    assert len(shown) == 2  # Danish and English
    for lang, line in zip(("da", "en"), shown, strict=True):
        path = FIXTURES / "new-user-five-mistakes.yaml"
        res = runner.invoke(app, ["check", str(path), "--lang", lang], env={"COLUMNS": "100"})
        assert f"{path}:25:10: {line}" in res.stdout.splitlines()


def test_the_ci_examples_pin_this_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    pins = re.findall(r"budgettid@(v[\w.]+)|rev: (v[\w.]+)", README)
    assert len(pins) >= 4
    assert {a or b for a, b in pins} == {f"v{version}"}
