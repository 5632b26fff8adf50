"""Every command's --help, in both languages: from the catalogue, ending in an example, and
reflowed to the terminal: at 80 columns no line cuts a word. Tables shrink the same way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.i18n import catalogue

runner = CliRunner()
GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]
_FRAME = re.compile(r"[│╭╮╰╯─┃┏┓┗┛━┡┩╇┳┻╋┣┫└┘┌┐├┤┬┴┼]")


def help_text(args: list[str], lang: str, columns: int) -> str:
    res = runner.invoke(app, [*args, "--help", "--lang", lang], env={"COLUMNS": str(columns), "LC_ALL": ""})
    assert res.exit_code == 0, res.output
    return res.stdout


def words(text: str) -> set[str]:
    """The words of a text as a reader sees them: without the table frames and the brackets,
    commas and full stops around them."""
    return {w.strip("[](),.;:") for w in _FRAME.sub(" ", text).split()} - {""}


def cut_words(narrow: str, wide: str) -> list[str]:
    """Words of the narrow text that the wide one does not have: pieces of a word cut in two."""
    whole = words(wide)
    return sorted(w for w in words(narrow) if w not in whole)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_reflows_at_80_columns_without_cutting_a_word(command: str, lang: str):
    args = [command] if command else []
    narrow, wide = help_text(args, lang, 80), help_text(args, lang, 400)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert cut_words(narrow, wide) == []
    # A paragraph is one line when there is room: no hard line breaks from the catalogue.
    assert not [
        line for line in wide.splitlines() if 0 < len(line.strip()) < 60 and line.rstrip().endswith(",")
    ]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_says_what_it_does_and_ends_with_an_example(command: str, lang: str):
    words = catalogue(lang)
    text = words[f"help.{command}"]  # a command's words are in the catalogue (a KeyError fails here)
    example = {"da": "Eksempel:", "en": "Example:"}[lang]
    head, _, block = text.rpartition(f"\n\n{example}\n\n")
    assert head and block, f"{command}: the help ends with an {example} block"
    assert all(line.startswith("    budgettid ") for line in block.splitlines())
    shown = help_text([command], lang, 120)
    assert example in shown and block.splitlines()[0].strip() in shown


def test_every_option_has_words_in_both_languages():
    missing = []
    for lang in ("da", "en"):
        words = catalogue(lang)
        for name, command in [("budgettid", GROUP), *GROUP.commands.items()]:  # type: ignore[attr-defined]
            key = "help.budgettid" if name == "budgettid" else f"help.{name}"
            for param in command.params:
                if f"{key}.{param.name}" not in words and f"help.opt.{param.name}" not in words:
                    missing.append(f"{lang}: {key}.{param.name}")
    assert missing == []


def test_help_is_danish_from_the_locale_and_english_on_request():
    res = runner.invoke(app, ["next", "--help"], env={"COLUMNS": "100", "LC_ALL": "da_DK.UTF-8"})
    assert "Brug: " in res.stdout and "Tilvalg" in res.stdout and "Højst N aktiviteter." in res.stdout
    res = runner.invoke(app, ["next", "--help"], env={"COLUMNS": "100", "LC_ALL": "en_GB.UTF-8"})
    assert "Usage: " in res.stdout and "Options" in res.stdout and "At most N items." in res.stdout
    res = runner.invoke(app, ["--lang", "en", "next", "--help"], env={"COLUMNS": "100", "LC_ALL": ""})
    assert "At most N items." in res.stdout


TABLES = [
    ["next", "--as-of", "2023-06-20"],
    ["next", "--as-of", "2023-08-25", "--lang", "en"],
    ["timeline"],
    ["timeline", "--lang", "en"],
    ["rules"],
    ["rules", "--lang", "en"],
    ["diff", "{cal}", "{draft}", "--rolled"],
    ["diff", "{cal}", "{draft}"],
]


@pytest.mark.parametrize("args", TABLES, ids=lambda a: " ".join(a))
def test_tables_shrink_columns_instead_of_cutting_words(args: list[str], tmp_path, monkeypatch):
    import shutil

    from budgettid.format.load import bundled_path

    monkeypatch.chdir(tmp_path)  # short file names: a path is one word, and a long one cannot wrap
    shutil.copy(bundled_path(), "b.yaml")
    if "{draft}" in args:
        assert runner.invoke(app, ["roll", "b.yaml", "--year", "2025", "-o", "d.yaml"]).exit_code == 0
        draft = Path("d.yaml").read_text(encoding="utf-8")  # one change beyond the roll, and one title
        draft = draft.replace("date: 2024-10-08", "date: 2024-10-09").replace(
            "title: Budgetforhandlinger og budgetforlig", "title: Budgetforhandlinger"
        )
        Path("d.yaml").write_text(draft, encoding="utf-8")
    argv = [a.format(cal="b.yaml", draft="d.yaml") for a in args]

    def show(columns: int) -> str:
        res = runner.invoke(app, argv, env={"COLUMNS": str(columns), "LC_ALL": ""})
        assert res.exit_code == 0, res.output
        return res.stdout

    narrow, wide = show(50), show(400)
    assert max(len(line) for line in narrow.splitlines()) <= 50
    assert cut_words(narrow, wide) == []


def test_shell_completion_shows_installs_and_completes_danish_kinds(tmp_path):
    res = runner.invoke(app, ["--show-completion", "bash"], prog_name="budgettid")
    assert res.exit_code == 0 and "_BUDGETTID_COMPLETE=complete_bash" in res.stdout
    assert "complete -o default -F _budgettid_completion budgettid" in res.stdout
    env = {"HOME": str(tmp_path), "LC_ALL": ""}
    res = runner.invoke(app, ["--install-completion", "bash"], prog_name="budgettid", env=env)
    assert res.exit_code == 0
    script = tmp_path / ".bash_completions" / "budgettid.sh"
    assert (
        res.stdout
        == f"Tab-fuldførelse til bash er installeret i {script}; den virker i et nyt terminalvindue.\n"
    )
    assert "_BUDGETTID_COMPLETE" in script.read_text() and str(script) in (tmp_path / ".bashrc").read_text()
    asked = {
        "_BUDGETTID_COMPLETE": "complete_bash",
        "COMP_WORDS": "budgettid next --kind m",
        "COMP_CWORD": "3",
    }
    res = runner.invoke(app, [], prog_name="budgettid", env=asked | {"LC_ALL": ""})
    assert res.stdout.split() == ["meeting", "møde"]
    res = runner.invoke(
        app, [], prog_name="budgettid", env=asked | {"COMP_WORDS": "budgettid ch", "COMP_CWORD": "1"}
    )
    assert res.stdout.split() == ["check"]


def test_every_command_takes_lang():
    for name, command in GROUP.commands.items():  # type: ignore[attr-defined]
        assert any(p.name == "lang" for p in command.params), f"{name} has no --lang"
    assert any(p.name == "lang" for p in GROUP.params)  # budgettid --lang en ...
