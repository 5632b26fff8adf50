"""Calendar rules BT301-BT302: which days are looked at, the holiday's name, the fix."""

from __future__ import annotations

import subprocess
import sys

from budgettid.rules.engine import check_calendar

from .conftest import load_inline


def calendar(events: str, rules: str = "disable: [BT206]") -> str:
    return (
        "format: budgettid/1\n"
        f"process: {{id: t, title: T, budget_years: 2024-2027, rules: {{{rules}}}}}\n"
        "bodies: {oeu: {name: Økonomiudvalget, role: finance_committee}}\n"
        "phases: []\n"
        "events:\n" + events
    )


def found(text: str) -> list[tuple[int, str, str]]:
    return [(d.line, d.code, d.message) for d in check_calendar(load_inline(text))]


def test_each_day_of_a_meeting_and_only_the_last_day_of_a_window():
    events = (
        "  - {id: m, title: M, kind: meeting, start: 2023-09-01, end: 2023-09-04}\n"  # Fri-Mon
        "  - {id: h, title: H, kind: hearing, start: 2023-09-02, end: 2023-09-05}\n"  # starts Sat
        "  - {id: p, title: P, kind: period, start: 2023-09-04, end: 2023-09-09}\n"  # ends Sat
        "  - {id: e, title: E, kind: event, date: 2023-09-09}\n"
        "  - {id: d, title: D, kind: deadline, date: 2023-09}\n"
    )
    result = found(calendar(events))
    assert [(line, code) for line, code, _ in result] == [(6, "BT301"), (8, "BT301")]
    assert "runs 2023-09-01 to 2023-09-04 and includes Saturday 2023-09-02, Sunday 2023-09-03" in result[0][2]
    assert "the period p ends Saturday 2023-09-09" in result[1][2]
    assert "end the period on Friday 2023-09-08 or Monday 2023-09-11" in result[1][2]


def test_the_suggested_days_skip_holidays():
    [(_, code, msg)] = found(calendar("  - {id: d, title: D, kind: deadline, date: 2023-04-08}\n"))
    # Easter Saturday: Friday and Thursday before are holidays, and so is the Monday after.
    assert code == "BT301"
    assert "move it to Wednesday 2023-04-05 or Tuesday 2023-04-11" in msg


def test_store_bededag_was_abolished_from_2024():
    events = (
        "  - {id: a, title: A, kind: deadline, date: 2023-05-05}\n"
        "  - {id: b, title: B, kind: deadline, date: 2024-04-26}\n"
        "  - {id: c, title: C, kind: meeting, date: 2024-05-09}\n"
    )
    result = found(calendar(events))
    assert [(line, code) for line, code, _ in result] == [(6, "BT302"), (8, "BT302")]
    assert "Friday 2023-05-05, Store bededag (a public holiday in DK)" in result[0][2]
    assert "Thursday 2024-05-09, Kristi himmelfartsdag" in result[1][2]


def test_another_country_and_subdivision():
    events = "  - {id: a, title: A, kind: meeting, date: 2024-05-30}\n"
    assert found(calendar(events)) == []  # not a holiday in Denmark
    [(_, code, msg)] = found(calendar(events, "holidays: DE-BY, disable: [BT206]"))
    assert code == "BT302" and "Thursday 2024-05-30, Fronleichnam" in msg and "in DE-BY" in msg


def test_the_holidays_table_is_built_once_per_check(monkeypatch):
    import holidays

    built: list[tuple[str, str | None]] = []
    real = holidays.country_holidays

    def counting(country, *args, **kw):  # type: ignore[no-untyped-def]
        built.append((country, kw.get("language")))
        return real(country, *args, **kw)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    events = (
        "  - {id: a, title: A, kind: meeting, date: 2024-05-09}\n"  # Kristi himmelfartsdag
        "  - {id: b, title: B, kind: deadline, date: 2024-05-11}\n"  # a Saturday
    )
    assert [code for _, code, _ in found(calendar(events))] == ["BT302", "BT301"]
    assert built == [("DK", "da")]
    built.clear()
    [(_, _, holiday), _] = found(calendar(events, "holidays: DE-BY, disable: [BT206]"))
    assert built == [("DE", "de")] and "Christi Himmelfahrt" in holiday  # no Danish names: German


def test_holidays_none_switches_off_bt302_only():
    events = (
        "  - {id: a, title: A, kind: meeting, date: 2024-05-09}\n"
        "  - {id: b, title: B, kind: deadline, date: 2024-05-11}\n"
    )
    result = found(calendar(events, "holidays: none, disable: [BT206]"))
    assert [code for _, code, _ in result] == ["BT301"]


def test_holidays_is_imported_only_when_check_runs():
    code = (
        "import sys\n"
        "import budgettid.cli, budgettid.rules.engine, budgettid.rules\n"
        "assert 'holidays' not in sys.modules, 'imported too early'\n"
        "from budgettid.format.load import load, bundled_path\n"
        "budgettid.rules.engine.check_calendar(load(bundled_path()))\n"
        "assert 'holidays' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
