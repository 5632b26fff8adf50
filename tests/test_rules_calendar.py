"""Calendar rules BT301-BT304: which days are looked at, the day off's name, the fix."""

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
    return [(d.line, d.code, d.text("en")) for d in check_calendar(load_inline(text))]


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
    assert (
        "runs from Friday 1 September 2023 to Monday 4 September 2023 and includes Saturday 2 September 2023 "
        "and Sunday 3 September 2023, weekend days: move the meeting to working days" in result[0][2]
    )
    assert "the period p ends Saturday 9 September 2023, a weekend day" in result[1][2]
    assert "end the period on Friday 8 September 2023 or Monday 11 September 2023" in result[1][2]


def test_the_suggested_days_skip_holidays():
    [(_, code, msg)] = found(calendar("  - {id: d, title: D, kind: deadline, date: 2023-04-08}\n"))
    # Easter Saturday: Friday and Thursday before are holidays, and so is the Monday after.
    assert code == "BT301"
    assert "move it to Wednesday 5 April 2023 or Tuesday 11 April 2023" in msg


def test_store_bededag_was_abolished_from_2024():
    events = (
        "  - {id: a, title: A, kind: deadline, date: 2023-05-05}\n"
        "  - {id: b, title: B, kind: deadline, date: 2024-04-26}\n"
        "  - {id: c, title: C, kind: meeting, date: 2024-05-09}\n"
    )
    result = found(calendar(events))
    assert [(line, code) for line, code, _ in result] == [(6, "BT302"), (8, "BT302")]
    assert "Friday 5 May 2023, Store bededag (a public holiday in DK)" in result[0][2]
    assert "Thursday 9 May 2024, Kristi himmelfartsdag" in result[1][2]


def test_another_country_and_subdivision():
    events = "  - {id: a, title: A, kind: meeting, date: 2024-05-30}\n"
    assert found(calendar(events)) == []  # not a holiday in Denmark
    [(_, code, msg)] = found(calendar(events, "holidays: DE-BY, disable: [BT206]"))
    assert code == "BT302" and "Thursday 30 May 2024, Fronleichnam" in msg and "in DE-BY" in msg


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


def danish(text: str) -> list[str]:
    return [d.text("da") for d in check_calendar(load_inline(text))]


def test_closed_days_are_bt303_with_their_names_and_suggestions_skip_them():
    events = (
        "  - {id: g, title: G, kind: meeting, date: 2025-06-05}\n"  # Grundlovsdag, a Thursday
        "  - {id: f, title: F, kind: deadline, date: 2026-05-15}\n"  # the Friday after Kristi himmelfartsdag
        "  - {id: j, title: J, kind: deadline, date: 2025-12-24}\n"  # juleaftensdag, a Wednesday
    )
    result = found(calendar(events))
    assert [(line, code) for line, code, _ in result] == [(6, "BT303"), (7, "BT303"), (8, "BT303")]
    assert (
        "Thursday 5 June 2025, Constitution Day (Grundlovsdag), a day the municipality is closed"
        in result[0][2]
    )
    # Kristi himmelfartsdag is the Thursday before, a weekend after: Wednesday and Monday.
    assert "move it to Wednesday 13 May 2026 or Monday 18 May 2026" in result[1][2]
    # 25 and 26 December are holidays, the 27th and 28th a weekend: Tuesday 23rd or Monday 29th.
    assert "move it to Tuesday 23 December 2025 or Monday 29 December 2025" in result[2][2]
    da = danish(calendar(events))
    assert "mødet g er torsdag den 5. juni 2025, grundlovsdag, en dag, hvor kommunen holder lukket" in da[0]
    assert "fredag den 15. maj 2026, fredagen efter Kristi himmelfartsdag" in da[1]
    assert "flyt aktiviteten til tirsdag den 23. december 2025 eller mandag den 29. december 2025" in da[2]


def test_a_weekend_suggestion_never_lands_on_a_closed_day():
    # Saturday 6 June 2026: the Friday before is Grundlovsdag, a closed day.
    [(_, code, msg)] = found(calendar("  - {id: d, title: D, kind: deadline, date: 2026-06-06}\n"))
    assert code == "BT301" and "move it to Thursday 4 June 2026 or Monday 8 June 2026" in msg
    # With closed_days: [] the Friday is a working day again.
    [(_, _, msg)] = found(calendar("  - {id: d, title: D, kind: deadline, date: 2026-06-06}\n",
                                   "disable: [BT206], closed_days: []"))  # fmt: skip
    assert "move it to Friday 5 June 2026 or Monday 8 June 2026" in msg


def test_bt304_warns_of_a_date_far_from_the_process_years():
    text = calendar("  - {id: s, title: S, kind: meeting, date: 2062-Q2}\n").replace("2024-2027", "2026-2029")
    [(line, code, msg)] = found(text)
    assert (line, code) == (6, "BT304")
    assert msg == (
        "the date of s is 2062-Q2, in 2062, far from the years of budget 2026-2029: is the year a typo? "
        "A process for budget 2026-2029 has its dates from 2024 to 2030"
    )
    assert danish(text) == [
        "date for s er 2062-Q2, altså i 2062, langt fra budgetårene 2026-2029: er årstallet en slåfejl? "
        "En proces for budget 2026-2029 har sine datoer fra 2024 til 2030"
    ]
    assert found(text.replace("2062-Q2", "2030-Q4")) == [] and found(text.replace("2062-Q2", "2024-01")) == []


def _at(day: str) -> list[tuple[int, str, str]]:
    """The findings on a deadline on `day`, a Calendar built in code: since issue 11 the
    loader refuses dates more than 50 years from the budget years (BT002)."""
    from dataclasses import replace

    from budgettid.format.values import FuzzyDate

    cal = load_inline(calendar("  - {id: d, title: D, kind: deadline, date: 2023-09-12}\n"))
    cal = replace(cal, events=[replace(cal.events[0], date=FuzzyDate.parse(day))])
    return [(d.line, d.code, d.text("en")) for d in check_calendar(cal)]


def test_dates_at_the_ends_of_the_calendar_get_findings_not_an_overflow():
    # Friday 31 December 9999 is nytårsaftensdag: the day before is suggested, there is none after.
    [closed, far] = _at("9999-12-31")
    assert (closed[1], far[1]) == ("BT303", "BT304")
    assert "move it to Thursday 30 December 9999" in closed[2]
    [(_, code, _)] = _at("0001-01-01")
    assert code == "BT304"
