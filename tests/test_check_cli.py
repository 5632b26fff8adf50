"""`budgettid check` and `budgettid rules` through the CLI: formats, exit codes, options."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.diagnostics import Diagnostic, Severity
from budgettid.load import bundled_path
from budgettid.report import github

from .conftest import FIXTURES, MINIMAL

runner = CliRunner()
CHECK = FIXTURES / "check"
NEW_USER = FIXTURES / "new-user-five-mistakes.yaml"


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env={"COLUMNS": "120", "GITHUB_ACTIONS": "", **(env or {})})


def test_bundled_calendar_exits_0_with_one_warning_and_1_when_strict():
    res = run("check", "--format", "text")
    assert res.exit_code == 0, res.output
    assert ": warning BT301 weekend the deadline frist-oensker is Saturday 2023-04-01" in res.stdout
    assert res.stdout.endswith("1 file checked: 0 errors, 1 warning, 0 infos.\n")
    assert run("check", "--strict").exit_code == 1
    assert run("check", "--strict", "--ignore", "BT301").exit_code == 0


def test_a_new_users_five_mistakes_give_five_located_findings_with_fixes():
    res = run("check", str(NEW_USER), "--format", "text")
    assert res.exit_code == 1
    lines = NEW_USER.read_text(encoding="utf-8").splitlines()
    findings = [line for line in res.stdout.splitlines() if line.startswith(str(NEW_USER))]
    got = []
    for f in findings:
        where, rest = f[len(str(NEW_USER)) + 1 :].split(": ", 1)
        line, column = (int(x) for x in where.split(":"))
        got.append((line, rest.split()[1], lines[line - 1].strip()))
        assert lines[line - 1][column - 1 :].startswith("2025-")  # the column of the wrong date
        assert "move" in rest or "end the hearing" in rest  # each says how to fix it
    assert got == [
        (19, "BT302", "date: 2025-05-29"),  # a meeting on Kristi himmelfartsdag
        (25, "BT104", "end: 2025-09-05"),  # the hearing overlaps the negotiations it feeds
        (50, "BT301", "date: 2025-09-21"),  # a deadline on a Sunday
        (56, "BT103", "date: 2025-09-23"),  # 2 days after the deadline, 3 asked for
        (63, "BT201", "date: 2025-09-30"),  # readings 14 days apart
    ]
    assert res.stdout.endswith("1 file checked: 3 errors, 2 warnings, 0 infos.\n")


def test_json_contract():
    res = run("check", str(NEW_USER), "--format", "json")
    doc = json.loads(res.stdout)
    assert doc["files"] == [str(NEW_USER)]
    assert doc["summary"] == {"errors": 3, "warnings": 2, "infos": 0}
    first = doc["findings"][1]
    assert first == {
        "file": str(NEW_USER),
        "line": 25,
        "column": 10,
        "code": "BT104",
        "symbol": "hearing-not-bracketed",
        "severity": "error",
        "message": first["message"],
        "events": ["hoering", "budgetforhandlinger"],
    }


def test_github_annotations_and_escaping():
    res = run("check", str(CHECK / "bt104-hearing-ends-after-fed-event-starts.yaml"), "--format", "github")
    assert res.exit_code == 1
    assert res.stdout.startswith(
        f"::error file={CHECK / 'bt104-hearing-ends-after-fed-event-starts.yaml'},line=15,col=10,"
        "title=BT104 hearing-not-bracketed::hoering-x ends 2023-09-07"
    )
    d = Diagnostic("a,b:c.yaml", 3, 5, "BT301", "50% done\r\nnext: x, y", Severity.WARNING)
    assert github(["a,b:c.yaml"], [d]) == (
        "::warning file=a%2Cb%3Ac.yaml,line=3,col=5,title=BT301 weekend::50%25 done%0D%0Anext: x, y\n"
    )


def test_auto_format_is_github_under_actions_and_plain_text_otherwise():
    res = run("check", env={"GITHUB_ACTIONS": "true"})
    assert res.stdout.startswith("::warning file=")
    res = run("check")
    assert ": warning BT301 weekend " in res.stdout and "\x1b[" not in res.stdout


def test_several_files_grouped_by_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("2023-09-19", "2023-02-30"), encoding="utf-8")
    res = run("check", str(bad), str(bundled_path()), str(FIXTURES / "lyngby-taarbaek_2025-28.yaml"))
    assert res.exit_code == 1
    out = res.stdout.splitlines()
    assert out[0].startswith(f"{bad}:24:11: error BT002 schema")
    assert out[1].startswith(f"{bundled_path()}:")
    assert out[-1] == "3 files checked: 1 error, 1 warning, 0 infos."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--select", "BT999"], "unknown rule 'BT999' in --select; run `budgettid rules`"),
        (["check", "--ignore", "BT301,weekends"], "unknown rule 'weekends' in --ignore"),
        (["check", "missing.yaml"], "no such file"),
        (["check", "--format", "xml"], "xml"),
        (["rules", "BT999"], "unknown rule 'BT999'; run `budgettid rules`"),
    ],
)
def test_usage_errors_exit_2(args, message):
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert message in res.stderr and "Traceback" not in res.output


def test_select_and_ignore_take_lists_codes_and_symbols():
    path = str(NEW_USER)
    res = run("check", path, "-f", "json", "--select", "BT301,hearing-not-bracketed", "--select", "BT201")
    assert [f["code"] for f in json.loads(res.stdout)["findings"]] == ["BT104", "BT301", "BT201"]
    res = run("check", path, "-f", "json", "--ignore", "BT104", "--ignore", "weekend,public-holiday")
    assert [f["code"] for f in json.loads(res.stdout)["findings"]] == ["BT103", "BT201"]
    assert run("check", path, "--select", "BT301").exit_code == 0  # warnings only


def test_rules_lists_and_explains():
    res = run("rules")
    assert res.exit_code == 0
    for code, symbol in [
        ("BT101", "window-reversed"),
        ("BT104", "hearing-not-bracketed"),
        ("BT302", "public-holiday"),
    ]:
        assert code in res.stdout and symbol in res.stdout
    by_code, by_symbol = run("rules", "BT104"), run("rules", "hearing-not-bracketed")
    assert by_code.stdout == by_symbol.stdout
    assert by_code.stdout.startswith("BT104 hearing-not-bracketed (error): a hearing starts before")
    assert "Passes:" in by_code.stdout and "Fails (BT104):" in by_code.stdout
    assert "        end: 2023-09-07" in by_code.stdout
    doc = json.loads(run("rules", "--format", "json").stdout)
    assert [r["code"] for r in doc][:2] == ["BT101", "BT102"] and len(doc) == 14
