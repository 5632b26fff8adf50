"""`budgettid check` and `budgettid rules` through the CLI: formats, exit codes, options."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.diagnostics import Diagnostic, Severity
from budgettid.format.load import bundled_path
from budgettid.i18n import msg
from budgettid.report.check import github

from .conftest import FIXTURES, MINIMAL

runner = CliRunner()
CHECK = FIXTURES / "check"
NEW_USER = FIXTURES / "new-user-five-mistakes.yaml"


def run(*args: str, env: dict[str, str] | None = None):
    """The CLI in an English locale (a calendar's `process.language` or --lang still wins)."""
    env = {"COLUMNS": "120", "GITHUB_ACTIONS": "", "LC_ALL": "en_GB.UTF-8", **(env or {})}
    return runner.invoke(app, list(args), env=env)


def test_the_bundled_calendars_saturday_is_accepted_so_strict_passes():
    res = run("check", "--format", "text", "--strict")
    assert res.exit_code == 0, res.output
    # The calendar says `language: da`: its report is Danish whatever the locale.
    assert res.stdout == "1 fil kontrolleret: ingen problemer.\n1 accepteret fund (--verbose viser det)\n"
    res = run("check", "--lang", "en", "--verbose")
    assert (
        ": warning BT301 weekend the deadline frist-oensker is Saturday 1 April 2023, a weekend day"
        in res.stdout
    )
    assert "(accepted: Byrådet fastsatte fristen til lørdag den 1. april 2023)" in res.stdout
    assert res.stdout.endswith("1 file checked: no problems.\n1 accepted finding\n")


def test_an_accept_takes_a_finding_out_of_the_count_and_a_stale_one_is_bt006(tmp_path):
    path = tmp_path / "cal.yaml"
    saturday = MINIMAL.replace("date: 2023-09-19", "date: 2023-09-16")  # br-1 on a Saturday
    path.write_text(saturday, encoding="utf-8")
    assert run("check", str(path), "--strict", "--select", "BT301").exit_code == 1
    accepted = saturday.replace(
        "    bodies: [byraadet]\n", '    bodies: [byraadet]\n    accept: {weekend: "ekstraordinært"}\n'
    )
    path.write_text(accepted, encoding="utf-8")
    res = run("check", str(path), "--strict", "--select", "BT301", "-f", "json")
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    assert [(f["code"], f["accepted"], f["reason"]) for f in doc["findings"]] == [
        ("BT301", True, "ekstraordinært")
    ]
    assert doc["summary"] == {"errors": 0, "warnings": 0, "infos": 0, "accepted": 1, "rules_not_run": []}
    assert run("check", str(path), "--select", "BT301", "-f", "github").stdout == ""  # no annotation
    # The date moves to a Friday: the accept is stale, and says so.
    path.write_text(accepted.replace("date: 2023-09-16", "date: 2023-09-15"), encoding="utf-8")
    res = run("check", str(path), "--select", "BT301,BT006")
    assert (
        res.exit_code == 0
        and f"{path}:26:14: warning BT006 unused-accept accept: weekend on br-1" in res.stdout
    )
    assert run("check", str(path), "--select", "BT301,BT006", "--strict").exit_code == 1


def test_a_new_users_five_mistakes_give_five_located_findings_with_fixes():
    res = run("check", str(NEW_USER), "--format", "text")
    assert res.exit_code == 1
    lines = NEW_USER.read_text(encoding="utf-8").splitlines()
    danish = run("check", str(NEW_USER), "--format", "text", "--lang", "da").stdout
    findings = [line for line in res.stdout.splitlines() if line.startswith(str(NEW_USER))]
    got = []
    for f in findings:
        where, rest = f[len(str(NEW_USER)) + 1 :].split(": ", 1)
        line, column = (int(x) for x in where.split(":"))
        got.append((line, rest.split()[1], lines[line - 1].strip()))
        assert lines[line - 1][column - 1 :].startswith("2025-")  # the column of the wrong date
        assert "move" in rest or "end the hearing" in rest  # each says how to fix it
    for phrase in ("flyt aktiviteten til onsdag den 28. maj 2025 eller mandag den 2. juni 2025",
                   "flyt høringens slutning til onsdag den 3. september 2025 eller tidligere",
                   "flyt aktiviteten til fredag den 19. september 2025, eller",  # not Monday: BT103
                   "flyt oeu-2-behandling til onsdag den 24. september 2025 eller senere",
                   "flyt 2. behandling til tirsdag den 7. oktober 2025 eller senere, eller flyt 1. "
                   "behandling "
                   "til tirsdag den 9. september 2025 eller tidligere"):  # fmt: skip
        assert phrase in danish
    assert danish.endswith("1 fil kontrolleret: 3 fejl, 2 advarsler, 0 bemærkninger.\n")
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
    assert doc["summary"] == {"errors": 3, "warnings": 2, "infos": 0, "accepted": 0, "rules_not_run": []}
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
        "accepted": False,
        "reason": None,
    }
    assert first["message"].startswith("hoering ends Friday 5 September 2025, after budgetforhandlinger")
    danish = json.loads(run("check", str(NEW_USER), "--format", "json", "--lang", "da").stdout)
    assert danish["findings"][1]["message"].startswith(
        "hoering slutter fredag den 5. september 2025, efter at"
    )


def test_github_annotations_and_escaping():
    res = run("check", str(CHECK / "bt104-hearing-ends-after-fed-event-starts.yaml"), "--format", "github")
    assert res.exit_code == 1
    assert res.stdout.startswith(
        f"::error file={CHECK / 'bt104-hearing-ends-after-fed-event-starts.yaml'},line=15,col=10,"
        "title=BT104 hearing-not-bracketed::hoering-x ends Thursday 7 September 2023"
    )
    d = Diagnostic(
        "a,b:c.yaml", 3, 5, "BT301", msg("load.other", text="50% done\r\nnext: x, y"), Severity.WARNING
    )
    # A finding is one line: CR and LF from the data show as escapes (issue 11), and % , :
    # are escaped by GitHub's rules.
    assert github(["a,b:c.yaml"], [d]) == (
        "::warning file=a%2Cb%3Ac.yaml,line=3,col=5,title=BT301 weekend::50%25 done\\r\\nnext: x, y\n"
    )


def test_auto_format_is_github_under_actions_and_plain_text_otherwise():
    res = run("check", str(NEW_USER), env={"GITHUB_ACTIONS": "true"})
    assert res.stdout.startswith("::warning file=")
    res = run("check", str(NEW_USER))
    assert ": warning BT301 weekend " in res.stdout and "\x1b[" not in res.stdout


def test_several_files_grouped_by_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("2023-09-19", "2023-02-30"), encoding="utf-8")
    res = run("check", str(bad), str(NEW_USER), str(FIXTURES / "lyngby-taarbaek_2025-28.yaml"))
    assert res.exit_code == 1
    out = res.stdout.splitlines()
    assert out[0].startswith(f"{bad}:24:11: error BT002 schema")
    assert out[1].startswith(f"{NEW_USER}:")
    # Several files: the language they agree on (both write `da`), else the locale's.
    assert out[-1] == (
        f"3 filer kontrolleret: 4 fejl, 2 advarsler, 0 bemærkninger; reglerne er ikke kørt på {bad}, "
        "før dens indlæsningsfejl er rettet."
    )
    english = tmp_path / "english.yaml"
    english.write_text(
        MINIMAL.replace("budget_years: 2024-2027", "budget_years: 2024-2027\n  language: en"),
        encoding="utf-8",
    )
    mixed = run("check", str(NEW_USER), str(english), str(bundled_path())).stdout.splitlines()
    assert mixed[-2].startswith("3 files checked: 3 errors, 4 warnings, 0 infos")  # da and en: the locale's


def test_the_summary_says_the_rules_did_not_run_on_a_file_with_loading_errors(tmp_path):
    bad = CHECK / "bt002-impossible-date-and-rules-not-run.yaml"
    res = run("check", str(bad), str(CHECK / "bt003-body-written-twice.yaml"), "-f", "text")
    assert res.exit_code == 1
    assert res.stdout.splitlines()[-1] == (
        f"2 files checked: 2 errors, 0 warnings, 0 infos; rules not run on {bad} and "
        f"{CHECK / 'bt003-body-written-twice.yaml'} until their loading errors are fixed."
    )
    doc = json.loads(run("check", str(bad), str(bundled_path()), "-f", "json").stdout)
    assert doc["summary"]["rules_not_run"] == [str(bad)] and doc["files"] == [str(bad), str(bundled_path())]
    res = run("check", str(bad), "-f", "github")
    assert res.stdout.splitlines()[-1] == (
        f"::notice file={bad}::rules not run on {bad} until its loading errors are fixed"
    )


def test_adopt_by_29_february_is_a_loading_error_not_a_traceback(tmp_path):
    path = tmp_path / "leap.yaml"
    path.write_text(
        MINIMAL.replace("budget_years: 2024-2027", "budget_years: 2024-2027\n  rules: {adopt_by: 02-29}"),
        encoding="utf-8",
    )
    res = run("check", str(path), "-f", "text")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "error BT002 schema process.rules.adopt_by: 02-29 is not in every year" in res.stdout
    danish = run("check", str(path), "-f", "text", "--lang", "da").stdout
    assert (
        "error BT002 schema process.rules.adopt_by: 02-29 findes ikke hvert år; skriv 02-28 eller 03-01"
        in danish
    )
    assert "rules not run on" in res.stdout


def test_a_missing_file_among_several_is_reported_after_the_others_are_checked(tmp_path):
    missing = tmp_path / "missing.yaml"
    res = run("check", str(NEW_USER), str(missing), "-f", "text")
    assert res.exit_code == 2
    assert ": warning BT301 weekend " in res.stdout
    assert res.stdout.endswith("1 file checked: 3 errors, 2 warnings, 0 infos.\n")
    assert res.stderr == f"budgettid: {missing}: no such file; check the path\n"  # no "bundled" advice
    res = run("check", str(missing), str(bundled_path()), "-f", "json")
    assert res.exit_code == 2 and json.loads(res.stdout)["files"] == [str(bundled_path())]
    res = run("check", str(missing))  # one file: leaving it out does check the bundled calendar
    assert res.exit_code == 2 and res.stdout == ""
    assert "no such file; check the path, or leave it out to use the bundled calendar" in res.stderr
    res = run("check", str(missing), "--lang", "da")
    assert (
        "filen findes ikke; tjek stien, eller udelad den for at bruge den medfølgende kalender" in res.stderr
    )
    res = run("check", str(bundled_path()), str(tmp_path))
    assert (
        res.exit_code == 2 and f"budgettid: {tmp_path} er en mappe" in res.stderr
    )  # the calendar's language


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--select", "BT999"], "unknown rule 'BT999' in --select; `budgettid rules` lists"),
        (["check", "--ignore", "BT301,weekends"], "unknown rule 'weekends' in --ignore"),
        (["check", "missing.yaml"], "no such file"),
        (["check", "--format", "xml"], "invalid value for --format / -f: 'xml' is not one of"),
        (["rules", "BT999"], "unknown rule 'BT999'; `budgettid rules` lists"),
        (
            ["check", "--select", "BT999", "--lang", "da"],
            "ukendt regel 'BT999' i --select; `budgettid rules` viser",
        ),
        (
            ["check", "--format", "xml", "--lang", "da"],
            "ugyldig værdi for --format / -f: 'xml' er ikke en af",
        ),
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
    rows = {line.split()[1]: line for line in res.stdout.splitlines() if line[2:4] == "BT"}
    assert all(" loading " in rows[f"BT00{n}"] for n in range(1, 6))
    assert " rules " in rows["BT101"] and " loading " not in rows["BT101"]
    assert "BT001-BT005 are checked while loading: they cannot be disabled" in res.stdout
    by_code, by_symbol = run("rules", "BT104"), run("rules", "hearing-not-bracketed")
    assert by_code.stdout == by_symbol.stdout
    assert by_code.stdout.startswith("BT104 hearing-not-bracketed (error): a hearing starts before")
    assert "Passes:" in by_code.stdout and "Fails (BT104):" in by_code.stdout
    assert "        end: 2023-09-07" in by_code.stdout
    danish = run("rules", "BT104", "--lang", "da").stdout
    assert danish.startswith("BT104 hearing-not-bracketed (fejl): en høring begynder før behandlingen")
    assert "En høring ligger mellem den behandling, der sender den ud" in danish
    assert "Godkendes:" in danish and "Fejler (BT104):" in danish
    assert "ved indlæsning" in run("rules", "--lang", "da").stdout
    doc = json.loads(run("rules", "--format", "json").stdout)
    assert [r["code"] for r in doc][:3] == ["BT001", "BT002", "BT003"] and len(doc) == 22
    assert [r["loading"] for r in doc] == [True] * 5 + [False] * 17
    one = json.loads(run("rules", "BT104", "--format", "json").stdout)
    assert one == doc[9] and set(one) == {
        "code",
        "symbol",
        "severity",
        "summary",
        "loading",
        "explanation",
        "passing",
        "failing",
    }


@pytest.mark.parametrize("name", ["BT005", "bt005", "unknown-reference"])
def test_rules_explains_the_loading_checks_check_prints(name):
    res = run("rules", name)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(
        "BT005 unknown-reference (error, checked while loading; cannot be disabled): a body, phase"
    )
    assert "do not run on a file until its loading errors are fixed" in res.stdout
    assert "Passes:" in res.stdout and "Fails (BT005):" in res.stdout
    assert "        bodies: [oekonomiudvalget]" in res.stdout
