"""Hostile input to the CI gate and to everything budgettid prints (issue 11, findings 1 and
3, and the low items on encodings): the action checks every file and keeps its outputs, no
data becomes a workflow command, no control or bidi character is printed raw, long values
are cut, and no output encoding crashes a command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import budgettid
from budgettid.cli import app
from budgettid.diagnostics import Diagnostic, Severity
from budgettid.i18n import msg
from budgettid.report.check import DIAGNOSTIC_REPORTERS, github
from budgettid.rules.engine import check_paths

from .conftest import FIXTURES, MINIMAL

ROOT = Path(__file__).parents[1]
HOSTILE = FIXTURES / "hostile"
CONTROLS = HOSTILE / "gate-controls.yaml"
BIDI = HOSTILE / "gate-bidi-rules.yaml"
SRC = Path(budgettid.__file__).parents[1]
BAD = MINIMAL.replace("2023-09-19", "2023-02-30")  # BT002 at line 24
runner = CliRunner()

# Every character no output may carry raw: C0 but LF, DEL, C1, the bidi marks, embeddings,
# overrides and isolates, the line and paragraph separators, the BOM, lone surrogates.
RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def run(*args: str, lang: str = "en"):
    env = {"COLUMNS": "120", "GITHUB_ACTIONS": "", "LC_ALL": "en_GB.UTF-8" if lang == "en" else "da_DK.UTF-8"}
    return runner.invoke(app, list(args), env=env)


# --- GitHub's side, as the runner reads it ----------------------------------------------

# The runner's commands (actions/runner, ActionCommandManager and its extensions).
COMMANDS = {
    "error", "warning", "notice", "debug", "group", "endgroup", "add-mask", "set-output", "save-state",
    "set-env", "add-path", "add-matcher", "remove-matcher", "echo", "stop-commands",
}  # fmt: skip


def _unescape(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def workflow_commands(log: str) -> list[tuple[str, dict[str, str], str]]:
    """The commands the runner carries out in `log`: a line is read as `::name props::data`
    after leading spaces (v2), else as `##[name props]data` anywhere in it (v1); a line ends
    at CR, LF or CRLF (.NET's ReadLine); `::stop-commands::T` ignores all until `::T::`."""
    known, token, done = set(COMMANDS), None, []
    for line in re.split(r"\r\n|\r|\n", log):
        found = None
        s = line.lstrip()
        end = s.find("::", 2)
        if s.startswith("::") and end > 0:
            name, _, props = s[2:end].partition(" ")
            if name in known:
                pairs = (p.split("=", 1) for p in props.split(",") if "=" in p)
                found = (name, {k: _unescape(v) for k, v in pairs}, _unescape(s[end + 2 :]))
        if found is None and (start := line.find("##[")) >= 0 and (close := line.find("]", start)) > 0:
            name = line[start + 3 : close].split(" ")[0]
            if name in known:
                found = (name, {}, line[close + 1 :])
        if found is None:
            continue
        if token is not None:  # stopped: only the token resumes
            if found[0] == token:
                known.discard(token)
                token = None
            continue
        if found[0] == "stop-commands":
            token = found[2]
            known.add(token)
            continue
        done.append(found)
    return done


def step_outputs(text: str) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: `name=value`, or `name<<DELIMITER` ... DELIMITER."""
    lines, out, i = text.split("\n"), {}, 0
    while i < len(lines):
        line, i = lines[i], i + 1
        if not line:
            continue
        heredoc, equals = line.find("<<"), line.find("=")
        if heredoc > 0 and (equals < 0 or heredoc < equals):
            name, delimiter, value = line[:heredoc], line[heredoc + 2 :], []
            while lines[i] != delimiter:
                value.append(lines[i])
                i += 1
            out[name], i = "\n".join(value), i + 1
        elif equals > 0:
            out[line[:equals]] = line[equals + 1 :]
        else:
            raise ValueError(f"the runner fails the step: invalid line {line!r}")
    return out


def action_step(tmp_path: Path, paths: str = "*.yaml", args: str = "") -> subprocess.CompletedProcess[str]:
    """The action's check step, run as the runner runs it (bash -eo pipefail) in `tmp_path`,
    with this code as `budgettid` on PATH."""
    steps = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"]
    script = next(s for s in steps if s.get("id") == "check")["run"]
    bin_ = tmp_path.parent / f"{tmp_path.name}-bin"
    bin_.mkdir(exist_ok=True)
    shim = bin_ / "budgettid"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m budgettid "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(SRC),
        "GITHUB_OUTPUT": str(tmp_path.parent / f"{tmp_path.name}-output"),
        "BUDGETTID_PATHS": paths,
        "BUDGETTID_STRICT": "false",
        "BUDGETTID_ARGS": args,
        "LC_ALL": "C.UTF-8",
    }
    env.pop("GITHUB_ACTIONS", None)
    Path(env["GITHUB_OUTPUT"]).write_text("", encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=120,
    )


@pytest.mark.skipif(not shutil.which("bash"), reason="the action's step is bash")
def test_the_action_checks_every_file_and_no_file_name_redefines_its_outputs(tmp_path):
    """`-hs.yaml` once made `check` print its help and pass with bad.yaml unchecked, and a
    name holding `\\nEOF\\n` ended the `files` output and opened one of its own."""
    work = tmp_path / "repo"
    work.mkdir()
    (work / "-hs.yaml").write_text(MINIMAL, encoding="utf-8")
    (work / "bad.yaml").write_text(BAD, encoding="utf-8")
    evil = "x\nEOF\nmalicious<<EOF\ny.yaml"
    (work / evil).write_text(MINIMAL, encoding="utf-8")
    res = action_step(work)
    assert res.returncode == 1, res.stdout + res.stderr  # the step fails: bad.yaml has an error
    assert "Usage" not in res.stdout and "Brug" not in res.stdout  # no help
    done = workflow_commands(res.stdout)
    errors = [(props["file"], props["line"]) for name, props, _ in done if name == "error"]
    assert errors == [("bad.yaml", "24")]
    outputs = step_outputs(Path(str(work) + "-output").read_text(encoding="utf-8"))
    assert list(outputs) == ["files"]
    assert sorted(outputs["files"].split("\n")) == sorted(["-hs.yaml", "bad.yaml", *evil.split("\n")])
    # All three were checked: the text run in the log names each, escaped.
    assert "bad.yaml:24:" in res.stdout
    assert "3 files checked: 1 error" in res.stdout or "3 filer kontrolleret: 1 fejl" in res.stdout


@pytest.mark.skipif(not shutil.which("bash"), reason="the action's step is bash")
def test_the_actions_log_carries_no_workflow_command_from_the_data(tmp_path):
    """Keys, titles and file names that hold `::error file=README.md…`, `::add-mask::` or
    `##[add-mask]` after a line break, or at the start of a file name, stay text in the log:
    the only commands are the annotations of the github run, on the files checked."""
    work = tmp_path / "repo"
    work.mkdir()
    shutil.copy(CONTROLS, work / "controls.yaml")
    shutil.copy(BIDI, work / "bidi.yaml")
    (work / "::error file=README.md,line=1::pwned.yaml").write_text(BAD, encoding="utf-8")
    (work / "##[add-mask]v1.yaml").write_text(BAD, encoding="utf-8")
    res = action_step(work, args="--lang en")
    assert res.returncode == 1, res.stdout + res.stderr
    done = workflow_commands(res.stdout)
    names = {name for name, _, _ in done}
    assert names <= {"error", "warning", "group", "endgroup", "notice"}, done
    checked = {"controls.yaml", "bidi.yaml", "::error file=README.md,line=1::pwned.yaml"}
    checked.add("##[add-mask]v1.yaml")
    assert {props["file"] for name, props, _ in done if name in ("error", "warning", "notice")} == checked
    assert all(not RAW.search(data) for _, _, data in done)
    # The text run is in the log, with what the data holds escaped.
    assert "controls.yaml:9:3: error BT002 schema unknown key 'x\\n::error file=README.md" in res.stdout
    assert "::error file=README.md,line=1::pwned.yaml:24:11: error BT002" in res.stdout


# --- check refuses a file list read as options ---------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "-hs.yaml is a file, but its name begins with '-' and would be read as an option; "
               "put -- before the files: budgettid check -- -hs.yaml"),
        ("da", "-hs.yaml er en fil, men navnet begynder med '-' og ville blive læst som et tilvalg; "
               "skriv -- foran filerne: budgettid check -- -hs.yaml"),
    ],
)  # fmt: skip
def test_check_refuses_a_file_whose_name_reads_as_an_option(tmp_path, monkeypatch, lang, words):
    monkeypatch.chdir(tmp_path)
    Path("-hs.yaml").write_text(MINIMAL, encoding="utf-8")
    Path("bad.yaml").write_text(BAD, encoding="utf-8")
    for args in (["-hs.yaml", "bad.yaml"], ["bad.yaml", "-hs.yaml"], ["--format", "github", "-hs.yaml"]):
        res = run("check", *args, lang=lang)
        assert res.exit_code == 2, res.output
        assert res.stdout == ""
        assert res.stderr.splitlines()[0] == f"budgettid check: {words}"
    res = run("check", "--", "-hs.yaml", "bad.yaml", lang=lang)
    assert res.exit_code == 1 and "bad.yaml:24:11: error BT002" in res.stdout


def test_an_options_value_that_begins_with_a_dash_is_still_a_value(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("cal.yaml").write_text(MINIMAL, encoding="utf-8")
    Path("-feed.ics").write_bytes(b"")
    res = run("ics", "cal.yaml", "-o", "-feed.ics")
    assert res.exit_code == 0, res.output
    assert Path("-feed.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_an_unknown_option_in_a_file_list_says_where_files_go(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run("check", "-x.yaml", "bad.yaml")
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        "budgettid check: no such option: -x",
        "A file whose name begins with '-' goes after --: budgettid check -- FILE",
        "See 'budgettid check --help'.",
    ]
    res = run("check", "--old/a.yaml", lang="da")
    assert res.exit_code == 2
    assert "En fil, hvis navn begynder med '-', skrives efter --: budgettid check -- FIL" in res.stderr
    res = run("check", "--selct", "BT301")  # a mistyped option is only that
    assert res.exit_code == 2 and "goes after --" not in res.stderr


# --- every format of check: nothing raw, values cut ----------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_check_prints_no_control_or_bidi_character_raw(fmt, lang):
    for fixture in (CONTROLS, BIDI):
        res = run("check", "--verbose", "--format", fmt, "--lang", lang, str(fixture))
        assert res.exit_code == 1, res.output
        assert not RAW.search(res.stdout), RAW.search(res.stdout)
        for line in res.stdout.splitlines():
            assert not line.lstrip().startswith(("::add-mask", "::error file=README.md"))
        if fmt == "github":
            commands = ("::error ", "::warning ", "::notice ")
            assert all(line.startswith(commands) for line in res.stdout.splitlines())
            assert {p.get("file") for _, p, _ in workflow_commands(res.stdout)} == {str(fixture)}
    shown = run("check", "--format", fmt, "--lang", "en", str(CONTROLS)).stdout
    escaped = "'x\\n::error file=README.md,line=1::pwned\\n::add-mask::secret\\r##[add-mask]v1'"
    if fmt == "json":
        escaped = escaped.replace("\\", "\\\\")
    assert escaped in shown
    assert ("\\\\u202eevil" if fmt == "json" else "'\\u202eevil\\u2066key\\x9b2J'") in shown


def test_json_keeps_every_value_exact_and_shows_no_control_raw(tmp_path):
    name = tmp_path / "cal\u202e\x85\x1b.yaml"
    name.write_text(BAD, encoding="utf-8")
    res = run("check", "--format", "json", str(name), str(BIDI), "--verbose")
    assert not RAW.search(res.stdout)
    assert "\\u202e" in res.stdout and "\\u0085" in res.stdout and "\\u001b" in res.stdout
    doc = json.loads(res.stdout)
    assert doc["files"] == [str(name), str(BIDI)]  # exact: a script can open them
    accepted = next(f for f in doc["findings"] if f["accepted"])
    assert accepted["reason"] == "Lørdag \u202eefter aftale\u2029::add-mask::y"


def test_github_escapes_properties_and_data_and_writes_controls_as_escapes():
    words = msg("load.other", text="50% done\r\n::add-mask::x, y\x9b")
    d = Diagnostic("a,b:c\u202e.yaml", 3, 5, "BT301", words, Severity.WARNING)
    assert github(["a,b:c.yaml"], [d]) == (
        "::warning file=a%2Cb%3Ac\\u202e.yaml,line=3,col=5,title=BT301 weekend::"
        "50%25 done\\r\\n::add-mask::x, y\\x9b\n"
    )


def _long_titles(tmp_path: Path, findings: int = 2000, size: int = 500) -> Path:
    """A phase title as long as the format allows (500 characters; a 100 KB one is a loading
    error now) named by `findings` BT102 messages (each event outside it)."""
    head = MINIMAL.split("events:")[0].replace('title: "Fase 1"', f'title: "{"A" * size}"')
    head = head.replace("end: 2023-12-31", "end: 2023-01-31")
    events = "".join(
        f"  - {{id: e{i}, title: Møde, kind: meeting, date: 2023-09-12, bodies: [oeu], phase: fase1}}\n"
        for i in range(findings)
    )
    path = tmp_path / "long.yaml"
    path.write_text(head + "events:\n" + events, encoding="utf-8")
    return path


def test_a_long_value_is_cut_so_the_output_stays_small(tmp_path):
    """2,000 findings that each name a 100 KB title printed 200 MB: such a title is refused
    when loading, and the longest allowed one is cut in each message."""
    path = _long_titles(tmp_path)
    result = check_paths([path])
    assert sum(d.code == "BT102" for d in result.findings) == 2000
    for fmt, report in DIAGNOSTIC_REPORTERS.items():
        for lang in ("da", "en"):
            out = report(result.files, result.findings, not_run=result.not_run, lang=lang)
            size, cut, whole = len(out.encode()), "AAA…" in out, "A" * 200 in out
            assert size < 2_000_000, fmt  # 1 KB a finding at most
            assert cut and not whole
    res = run("check", str(path))
    size = len(res.stdout)
    assert res.exit_code == 1 and size < 2_000_000
    huge = _long_titles(tmp_path, findings=2000, size=100_000)
    res = run("check", "--lang", "en", str(huge))
    assert res.exit_code == 1 and len(res.stdout) < 2000
    assert "the text is 100000 characters long; at most 500 are allowed here" in res.stdout


def test_a_long_value_in_a_loading_error_is_cut(tmp_path):
    """BT005 quoted the body id it did not know: 100 KB of it made a 100 KB line. Such an id
    is now refused for its length, and no message quotes more than 200 characters of it."""
    path = tmp_path / "ref.yaml"
    path.write_text(MINIMAL.replace("bodies: [byraadet]", f"bodies: [{'k' * 100_000}]"), encoding="utf-8")
    for fmt in ("text", "json", "github"):
        res = run("check", "--format", fmt, str(path))
        size = len(res.stdout)
        assert res.exit_code == 1
        assert size < 3000, fmt
        assert "k" * 200 not in res.stdout


# --- every other command: nothing raw on stdout or stderr ----------------------------------


@pytest.fixture
def hostile_files(tmp_path, monkeypatch):
    """The bidi calendar under a file name with an ESC sequence, a retitled copy, its feed."""
    monkeypatch.chdir(tmp_path)
    name = "cal\x1b[2J\u202e.yaml"
    Path(name).write_text(BIDI.read_text(encoding="utf-8"), encoding="utf-8")
    retitled = BIDI.read_text(encoding="utf-8").replace("Økonomiudvalgets ", "Økonomiudvalget\u2067s ")
    Path("other\x9b.yaml").write_text(retitled, encoding="utf-8")
    assert run("ics", name, "-o", "old.ics").exit_code == 0
    Path("feed\x1b.ics").write_bytes(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20231114T221320Z\r\n"
        "DTSTART;VALUE=DATE:20230919\r\nSUMMARY:Et\x1b[2J\u202eto\x9b\r\nX-\u202e:1\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n".encode()
    )
    return name


COMMANDS_ON = [
    ("next", "--as-of", "2023-09-01", "F"),
    ("next", "--as-of", "2023-09-01", "-f", "json", "F"),
    ("timeline", "F"),
    ("timeline", "-f", "json", "F"),
    ("timeline", "--gantt", "--as-of", "2023-09-01", "F"),
    ("ics", "-o", "new.ics", "F"),
    ("ics", "--previous", "old.ics", "-o", "new2.ics", "other\x9b.yaml"),
    ("ics", "--lint", "feed\x1b.ics"),
    ("wheel", "-o", "w.svg", "F"),
    ("site", "-o", "out", "F"),
    ("roll", "-y", "2025", "-n", "F"),
    ("roll", "-y", "2025", "-n", "-f", "json", "F"),
    ("move", "F", "oeu-1", "2023-09-13", "-n"),
    ("move", "F", "oeu-1", "2023-09-13", "-n", "-f", "json"),
    ("diff", "F", "other\x9b.yaml"),
    ("diff", "F", "other\x9b.yaml", "-f", "json"),
    ("export", "-o", "x.csv", "F"),
    ("check", "F"),
    ("check", "missing\x1b[31m.yaml"),
    ("next", "missing\u202e.yaml"),
    ("rules", "BT\x1b[2J\u202e"),
    ("check", "--sel\x1b[2J", "F"),
    ("check", "--format", "\x1b[2J", "F"),
    ("\x9b2J\u202e",),
]


@pytest.mark.parametrize("args", COMMANDS_ON, ids=lambda a: " ".join(a[:3]).encode("unicode_escape").decode())
@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_command_prints_a_control_or_bidi_character_raw(hostile_files, args, lang):
    res = run(*(hostile_files if a == "F" else a for a in args), "--lang", lang)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    found = RAW.search(res.stdout), RAW.search(res.stderr)
    assert found == (None, None), (found, res.output[:2000])
    if "missing" in args[-1]:
        assert res.exit_code == 2 and ("\\x1b[31m" in res.stderr or "\\u202e" in res.stderr)


def test_a_table_escapes_a_title_but_keeps_its_layout(hostile_files):
    res = run("timeline", hostile_files, "--lang", "en")
    assert "Økonomiudvalgets \\u202e1.\\x9b2J behandling\\x85" in res.stdout
    assert "Fase \\u202eloof\\u202c\\u2066 \\u2028::add-mask::x" in res.stdout


# --- encodings: a terminal that cannot write a character never crashes a command -------------


def _cli(*args: str | bytes, encoding: str = "utf-8", cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "budgettid", *args], env=env, capture_output=True, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(
    "args",
    [
        ("next", "--as-of", "2023-09-01"),
        ("timeline",),
        ("timeline", "--gantt", "--as-of", "2023-09-01"),
        ("wheel",),
        ("roll", "-y", "2025", "-n"),
        ("diff", "BUNDLED", str(FIXTURES / "lyngby-taarbaek_2025-28.yaml")),
        ("next", "--as-of", "2023-09-01", "-f", "json"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_an_output_encoding_without_danish_letters_never_crashes(encoding, args):
    from budgettid.format.load import bundled_path

    res = _cli(*(str(bundled_path()) if a == "BUNDLED" else a for a in args), encoding=encoding)
    assert b"Traceback" not in res.stderr, res.stderr.decode(errors="replace")[-2000:]
    assert res.returncode == 0
    if args[0] == "next" and "json" not in args:
        assert b"\\xe6" in res.stdout or b"\xe6" in res.stdout  # 'æ' escaped (ascii) or written (latin-1)
    if "json" in args or args == ("wheel",):  # a file format is UTF-8 whatever the terminal
        res.stdout.decode("utf-8")
        if "json" in args:
            json.loads(res.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path):
    (tmp_path / os.fsdecode(b"bad\xff.yaml")).write_text(BAD, encoding="utf-8")
    (tmp_path / os.fsdecode(b"good\xfe.yaml")).write_text(MINIMAL, encoding="utf-8")
    for fmt in ("text", "json", "github"):
        res = _cli("check", "--lang", "en", "-f", fmt, b"bad\xff.yaml", b"good\xfe.yaml", cwd=tmp_path)
        assert b"Traceback" not in res.stderr, res.stderr.decode(errors="replace")[-2000:]
        assert res.returncode == 1
        assert b"bad\\udcff.yaml" in res.stdout
        res.stdout.decode("utf-8")  # nothing undecodable is written
    res = _cli("next", "--lang", "en", b"missing\xff.yaml", cwd=tmp_path)
    assert res.returncode == 2 and b"missing\\udcff.yaml" in res.stderr and b"Traceback" not in res.stderr
    res = _cli("ics", "--lang", "en", b"bad\xff.yaml", "-o", b"feed\xff.ics", cwd=tmp_path)
    assert b"Traceback" not in res.stderr and b"bad\\udcff.yaml" in res.stderr
