"""The engine: the rule registry, selection, the two real calendars, the rules' own examples, scale."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from budgettid.diagnostics import CODES, LOAD_CODES, Severity
from budgettid.errors import CalendarInvalid, UnknownRule, UsageError
from budgettid.format.load import bundled_path, load, load_text
from budgettid.rules import RULES, find
from budgettid.rules.engine import check_calendar, check_paths

from .conftest import FIXTURES, MINIMAL

LYNGBY = FIXTURES / "lyngby-taarbaek_2025-28.yaml"


def test_registry_has_every_code_of_the_format_table():
    assert list(RULES) == sorted(c for c in CODES if not CODES[c].removed)
    for code, rule in RULES.items():
        assert (rule.symbol, rule.severity) == (CODES[code].symbol, CODES[code].severity)
        assert rule.summary("da") and rule.summary("en") and rule.summary("da") != rule.summary("en")
        assert rule.explanation("da") and rule.explanation("en") and rule.passing and rule.failing
        assert rule.loading is (code in LOAD_CODES)
        assert (rule.check is None) is (code in LOAD_CODES | {"BT006", "BT106"})
    assert find("bt104") is find("hearing-not-bracketed") is RULES["BT104"]
    assert find("unknown-reference") is RULES["BT005"] and find("nope") is None


def _findings(text: str, name: str):
    """What `check` reports for a file: its loading errors, else the rules' findings."""
    try:
        cal = load_text(text, name)
    except CalendarInvalid as exc:
        return exc.diagnostics
    return check_calendar(cal)


@pytest.mark.parametrize("code", list(RULES))
def test_the_examples_are_true(code):
    """`budgettid rules CODE` shows a failing example that gives CODE and a passing one that doesn't."""
    rule = RULES[code]
    failing = _findings(rule.failing, "failing.yaml")
    assert code in {d.code for d in failing}
    if rule.loading:  # the loading error is the only finding: the rules did not run
        assert {d.code for d in failing} == {code}
    passing = _findings(rule.passing, "passing.yaml")
    assert code not in {d.code for d in passing}
    assert not [d for d in passing if d.severity is Severity.ERROR]


def test_bundled_calendar_has_one_finding_its_saturday_deadline_accepted_where_it_is_meant(bundled):
    found = check_calendar(bundled)
    text = bundled_path().read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(text, start=1) if t.strip().startswith("date: 2023-04-01"))
    assert [(d.code, d.severity, d.line, d.events) for d in found] == [
        ("BT301", Severity.WARNING, line, ("frist-oensker",))
    ]
    assert found[0].accepted == "Byrådet fastsatte fristen til lørdag den 1. april 2023"
    # Monday 3 April is no suggestion: the ØU meeting "in April" that comes after it may be on the 3rd.
    assert "Saturday 1 April 2023, a weekend day: move it to Friday 31 March 2023," in found[0].text("en")
    assert (
        "lørdag den 1. april 2023, en weekenddag: flyt aktiviteten til fredag den 31. marts 2023,"
        in found[0].text("da")
    )


def test_lyngby_taarbaek_checks_clean():
    result = check_paths([LYNGBY])
    assert result.files == [str(LYNGBY)] and result.findings == [] and result.not_run == []


def test_lyngby_taarbaek_hearing_may_not_feed_the_negotiations_it_overlaps():
    text = LYNGBY.read_text(encoding="utf-8").replace(
        "feeds: [oeu-2-behandling, kb-2-behandling]", "feeds: [budgetforhandlinger]"
    )
    [d] = check_calendar(load_text(text, "ltk.yaml"))
    assert (d.code, d.events) == ("BT104", ("hoering", "budgetforhandlinger"))
    assert "or let the hearing feed a later event" in d.text("en")
    assert "eller lad høringen indgå i en senere aktivitet" in d.text("da")


def test_selection_by_code_or_symbol_and_file_disable():
    cal = load(bundled_path())
    assert check_calendar(cal, ignore=["BT301"]) == []
    assert check_calendar(cal, ignore=["weekend"]) == []
    assert check_calendar(cal, select=["BT104,BT201"]) == []
    assert check_calendar(cal, select="BT104") == []  # one string is one list, not its letters
    assert [d.code for d in check_calendar(cal, select=["bt101", "weekend"])] == ["BT301"]
    text = (
        bundled_path()
        .read_text(encoding="utf-8")
        .replace("    holidays: DK\n", "    holidays: DK\n    disable: [weekend]\n")
    )
    assert check_calendar(load_text(text, "b.yaml")) == []


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"select": ["BT999"]}, "unknown rule 'BT999' in select; `budgettid rules` lists the codes"),
        ({"ignore": ["weekends"]}, "unknown rule 'weekends'"),
        ({"ignore": ["BT002"]}, "BT002 report loading problems and cannot be ignored"),
    ],
)
def test_unknown_or_unignorable_codes_are_usage_errors(kw, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_calendar(load(bundled_path()), **kw)


def test_an_unknown_rule_carries_the_facts_and_names_no_command_line_option():
    with pytest.raises(UnknownRule) as caught:
        check_calendar(load(bundled_path()), ignore=["BT301,weekends"])
    assert (caught.value.rule, caught.value.where, caught.value.removed) == ("weekends", "ignore", False)
    assert "--" not in str(caught.value)


def test_findings_are_sorted_and_stamped(tmp_path):
    path = tmp_path / "cal.yaml"
    path.write_text(
        MINIMAL.replace("date: 2023-09-19", "date: 2023-09-17\n    after: [oeu-1]").replace(
            "date: 2023-09-12", "date: 2023-09-18"
        ),
        encoding="utf-8",
    )
    found = check_paths([path]).findings
    assert [(d.line, d.code, d.severity) for d in found] == [
        (14, "BT206", Severity.WARNING),
        (14, "BT206", Severity.WARNING),
        (24, "BT103", Severity.ERROR),
        (24, "BT301", Severity.WARNING),
    ]
    assert found == sorted(found, key=lambda d: d.sort_key())


def test_check_paths_turns_load_errors_into_findings_and_lists_unreadable_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("2023-09-19", "2023-02-30"), encoding="utf-8")
    missing, folder = tmp_path / "missing.yaml", tmp_path / "folder"
    folder.mkdir()
    result = check_paths([missing, bad, folder, LYNGBY])
    assert result.files == [str(bad), str(LYNGBY)]
    # bad.yaml's only finding is its loading error: the rules (BT206, say) did not run on it
    assert [(d.file, d.line, d.code) for d in result.findings] == [(str(bad), 24, "BT002")]
    assert result.not_run == [str(bad)]
    assert [(u.file, u.missing) for u in result.unreadable] == [(str(missing), True), (str(folder), False)]
    assert "no such file" in str(result.unreadable[0].message)
    assert "is a directory" in str(result.unreadable[1].message)
    assert "er en mappe" in result.unreadable[1].said.text("da")  # type: ignore[union-attr]


def test_adopt_by_29_february_stops_at_loading_and_never_reaches_the_rules():
    text = MINIMAL.replace("budget_years: 2024-2027", "budget_years: 2024-2027\n  rules: {adopt_by: 02-29}")
    [d] = _findings(text, "leap.yaml")
    assert (d.code, d.line) == ("BT002", 6) and "02-29 is not in every year" in d.text("en")
    assert "02-29 findes ikke hvert år" in d.text("da")


def test_rules_scale_to_ten_thousand_events():
    """Rules are O(n log n) or better: time check_calendar alone on a loaded 10,000-event calendar."""
    from benchmarks.generate import generate

    cal = load_text(generate(10_000), "g10k.yaml")
    check_calendar(cal)  # the first run also lets the loader record positions
    start = time.perf_counter()
    found = check_calendar(cal, ignore=())
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"rules took {elapsed:.2f} s on 10,000 events"
    assert {d.code for d in found} <= {"BT103", "BT106", "BT206"}


def test_fixture_paths_are_real():
    assert Path(LYNGBY).is_file()
