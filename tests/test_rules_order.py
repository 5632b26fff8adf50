"""Order rules BT101-BT106: days compared as FORMAT.md says, messages that name the fix."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgettid.format.values import FuzzyDate
from budgettid.i18n import msg
from budgettid.rules._base import Finding, Verdict, at_least, compare
from budgettid.rules.engine import check_calendar

from .conftest import load_inline

HEAD = """\
format: budgettid/1
process: {id: t, title: T, budget_years: 2024-2027, rules: {disable: [BT206]}}
bodies: {oeu: {name: Økonomiudvalget, role: finance_committee}}
phases: []
events:
"""


def findings(events: str, **kw):
    return [(d.line, d.code, d.text("en")) for d in check_calendar(load_inline(HEAD + events), **kw)]


def meeting(eid: str, day: str, extra: str = "") -> str:
    return f"  - {{id: {eid}, title: Møde {eid}, kind: meeting, date: {day}{extra}}}\n"


@pytest.mark.parametrize(
    ("earlier", "later", "n", "verdict"),
    [
        ("2023-09-06", "2023-09-06", 0, Verdict.HOLDS),  # the same day is fine
        ("2023-09-07", "2023-09-06", 0, Verdict.FAILS),
        ("2023-09-21", "2023-09-28", 7, Verdict.HOLDS),
        ("2023-09-21", "2023-09-27", 7, Verdict.FAILS),
        ("2023-03-31", "2023-04", 0, Verdict.HOLDS),  # every day of April is after 31 March
        ("2023-04-14", "2023-04", 0, Verdict.UNDECIDED),
        ("2023-05-01", "2023-04", 0, Verdict.FAILS),  # every day of April is before May
        ("2023-Q1", "2023-03", 0, Verdict.UNDECIDED),
        ("2023-04", "2023-04", 0, Verdict.UNDECIDED),
        ("2023-09-19", "2023-10-10", 21, Verdict.HOLDS),
        ("2023-09", "2023-10-10", 21, Verdict.UNDECIDED),
    ],
)
def test_three_valued_comparison(earlier, later, n, verdict):
    assert at_least(FuzzyDate.parse(earlier), FuzzyDate.parse(later), n) is verdict


def test_compare_yields_the_finding_a_verdict_calls_for_and_builds_it_only_then():
    def never() -> str:
        raise AssertionError("built for a comparison that holds")

    kw = {"where": never, "fails": never, "undecided": never}
    assert list(compare("BT103", Verdict.HOLDS, ("a",), **kw)) == []  # type: ignore[arg-type]
    x, y = msg("load.other", text="x"), msg("load.other", text="y")
    fails = compare(
        "BT103", Verdict.FAILS, ("a", "b"), where=lambda: (3, 5), fails=lambda: x, undecided=never
    )
    assert list(fails) == [Finding("BT103", (3, 5), x, ("a", "b"))]
    [d] = compare("BT204", Verdict.UNDECIDED, ("a",), where=lambda: (1, 1), fails=never, undecided=lambda: y)
    assert (d.code, d.where, d.events, d.rule) == ("BT106", (1, 1), ("a",), "BT204")
    assert d.message.text("en") == "cannot decide BT204 amendment-deadline: y"
    assert d.message.text("da") == "kan ikke afgøre BT204 amendment-deadline: y"


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        (
            ", after: [{event: a, min_days: 3}]",
            7,
            "b starts Wednesday 13 September 2023, only 1 day after a (Møde a) ends Tuesday 12 September "
            "2023 (after: {event: a, min_days: 3}): move b to Friday 15 September 2023 or later, or move a",
        ),
        (
            ", before: [a]",
            7,
            "b ends Wednesday 13 September 2023, after a (Møde a) starts Tuesday 12 September 2023 "
            "(before: a): move b to Tuesday 12 September 2023 or earlier, or move a",
        ),
    ],
)
def test_bt103_after_and_before_read_alike_from_the_constrained_event(extra, line, message):
    assert findings(meeting("a", "2023-09-12") + meeting("b", "2023-09-13", extra)) == [
        (line, "BT103", message)
    ]


def test_bt103_undecided_after_and_before():
    after = findings(meeting("a", "2023-09-12") + meeting("b", "2023-09", ", after: [a]"))
    before = findings(meeting("a", "2023-09-12") + meeting("b", "2023-09", ", before: [a]"))
    assert [m for _, _, m in after + before] == [
        "cannot decide BT103 order-violated: b starts in September 2023 and a (Møde a) ends Tuesday 12 "
        "September 2023 (after: a), so b may start too early: give b a day",
        "cannot decide BT103 order-violated: b ends in September 2023 and a (Møde a) starts Tuesday 12 "
        "September 2023 (before: a), so b may end too late: give b a day",
    ]


def test_bt104_message_names_the_fed_event_by_id_and_title_and_the_fix():
    events = (
        "  - {id: hoering-x, title: Høring, kind: hearing, start: 2023-08-29,\n"
        "     end: 2023-09-07, feeds: [budgetforhandlinger]}\n"
        "  - {id: budgetforhandlinger, title: Budgetforhandlinger og budgetforlig, kind: period,\n"
        "     start: 2023-09-06, end: 2023-09-21}\n"
    )
    [(line, code, msg)] = findings(events)
    assert (line, code) == (7, "BT104")
    assert msg.startswith(
        "hoering-x ends Thursday 7 September 2023, after budgetforhandlinger (Budgetforhandlinger og "
        "budgetforlig) starts Wednesday 6 September 2023: move the hearing's end to Wednesday 6 September "
        "2023 or earlier, or move budgetforhandlinger"
    )


def test_bt103_is_checked_per_constraint():
    events = (
        meeting("a", "2023-09-12")
        + meeting("b", "2023-09-13")
        + meeting("c", "2023-09-12", ", after: [a, b, {event: a, min_days: 2}]")
    )
    found = findings(events)
    assert [code for _, code, _ in found] == ["BT103", "BT103"]
    assert "before b (Møde b) ends Wednesday 13 September 2023" in found[0][2] + found[1][2]
    assert "the same day a (Møde a) ends (after: {event: a, min_days: 2})" in found[0][2] + found[1][2]
    # Both findings move c's one date: both suggest the one day that keeps every constraint.
    assert found[0][2].count("move c to Thursday 14 September 2023 or later") == 1
    assert found[1][2].count("move c to Thursday 14 September 2023 or later") == 1


def test_bt103_on_a_window_names_its_start_or_end():
    events = (
        meeting("a", "2023-09-12")
        + "  - {id: p, title: Periode, kind: period, start: 2023-09-11, end: 2023-09-14,"
        " after: [a], before: [a]}\n"
    )
    msgs = [m for _, _, m in findings(events)]
    assert any("move p's start to Tuesday 12 September 2023 or later" in m for m in msgs)
    assert any("move p's end to Tuesday 12 September 2023 or earlier" in m for m in msgs)


def test_bt105_reports_each_cycle_once_with_its_ids():
    events = (
        meeting("a", "2023-09-12", ", after: [b]")
        + meeting("b", "2023-09-12", ", after: [a]")
        + meeting("c", "2023-09-12", ", before: [d]")
        + meeting("d", "2023-09-12", ", before: [e]")
        + meeting("e", "2023-09-12", ", before: [c]")
        + meeting("f", "2023-09-12", ", after: [f]")
        + meeting("g", "2023-09-12", ", after: [a, c, f]")  # downstream of all three: not a cycle
    )
    cycles = check_calendar(load_inline(HEAD + events), select=["order-cycle"])
    assert [(d.line, d.code) for d in cycles] == [(6, "BT105"), (8, "BT105"), (11, "BT105")]
    assert [set(d.events) for d in cycles] == [{"a", "b"}, {"c", "d", "e"}, {"f"}]
    assert "c (Møde c) → d (Møde d) → e (Møde e) → c" in cycles[1].text("en")


def test_bt105_on_a_long_chain_is_linear_and_does_not_recurse():
    n = 5_000
    events = "".join(meeting(f"e{i}", "2023-09-12", f", after: [e{i - 1}]" if i else "") for i in range(n))
    events += meeting("back", "2023-09-12", f", after: [e{n - 1}], before: [e0]")
    cycles = check_calendar(load_inline(HEAD + events), select=["BT105"])
    assert len(cycles) == 1 and len(cycles[0].events) == n + 1


def test_bt106_names_the_rule_it_could_not_decide_and_follows_selection():
    events = meeting("frist", "2023-04-14") + meeting("oversigt", "2023-04", ", after: [frist]")
    [(line, code, msg)] = findings(events)
    assert (line, code) == (7, "BT106")
    assert msg.startswith("cannot decide BT103 order-violated: oversigt starts in April 2023")
    assert "give oversigt a day" in msg
    assert findings(events, select=["BT103"]) == findings(events)  # BT103's own BT106 stays
    assert findings(events, select=["BT102"]) == []
    assert findings(events, ignore=["BT106"]) == []
    assert findings(events, ignore=["order-violated"]) == []
    assert [c for _, c, _ in findings(events, select=["BT106"])] == ["BT106"]


def test_month_certainly_before_is_an_error_not_a_warning():
    events = meeting("frist", "2023-05-02") + meeting("oversigt", "2023-04", ", after: [frist]")
    [(_, code, msg)] = findings(events)
    assert code == "BT103" and "move oversigt to Tuesday 2 May 2023 or later" in msg


def test_bt101_and_bt102_on_phases():
    text = HEAD.replace(
        "phases: []",
        "phases:\n  - {id: f1, title: Fase 1, start: 2023-09-01, end: 2023-08-01}\n"
        "  - {id: f2, title: Fase 2, start: 2023-09-01, end: 2023-09-30}",
    ) + meeting("m", "2023-10-02", ", phase: f2")
    found = [(d.line, d.code) for d in check_calendar(load_inline(text))]
    assert found == [(5, "BT101"), (8, "BT102")]
    [d] = [d for d in check_calendar(load_inline(text)) if d.code == "BT102"]
    assert "after its phase f2 (Fase 2) ends Saturday 30 September 2023" in d.text("en")
    assert "move m into the phase (1–30 Sep 2023), or name another phase" in d.text("en")
    assert d.text("da").startswith("m slutter mandag den 2. oktober 2023, efter at fasen f2 (Fase 2) slutter")
    assert d.events == ("m", "f2")


def test_rules_accept_a_calendar_built_in_code():
    """`roll` builds calendars in memory: no source map, findings at 1:1, no crash."""
    from budgettid.format.model import validate

    cal = validate(
        {
            "format": "budgettid/1",
            "process": {"id": "t", "title": "T", "budget_years": "2024-2027"},
            "bodies": {},
            "phases": [],
            "events": [
                {"id": "a", "title": "A", "kind": "deadline", "date": date(2023, 4, 1)},
            ],
        }
    )
    found = check_calendar(cal)
    assert {(d.code, d.line, d.column) for d in found} == {("BT301", 1, 1), ("BT206", 1, 1)}


_FUZZY = st.one_of(
    st.dates(date(2023, 1, 1), date(2023, 12, 31)).map(FuzzyDate.day),
    st.integers(1, 12).map(lambda m: FuzzyDate.parse(f"2023-{m:02d}")),
    st.integers(1, 4).map(lambda q: FuzzyDate.parse(f"2023-Q{q}")),
)


@settings(max_examples=150, deadline=None)
@given(_FUZZY, _FUZZY, st.integers(0, 40))
def test_a_verdict_is_what_every_possible_pair_of_days_says(earlier, later, n):
    """HOLDS only if every pair of possible days keeps the gap, FAILS only if none does."""
    span = [earlier.first + timedelta(days=k) for k in range((earlier.last - earlier.first).days + 1)]
    other = [later.first + timedelta(days=k) for k in range((later.last - later.first).days + 1)]
    outcomes = {(b - a).days >= n for a in (span[0], span[-1]) for b in (other[0], other[-1])}
    expected = {frozenset({True}): Verdict.HOLDS, frozenset({False}): Verdict.FAILS}
    assert at_least(earlier, later, n) is expected.get(frozenset(outcomes), Verdict.UNDECIDED)


def test_a_fix_never_lands_on_a_weekend_or_holiday():
    # Three days after Wednesday 12 April 2023 is Saturday 15 April: the fix says Monday 17 April.
    [(_, code, msg)] = findings(
        meeting("a", "2023-04-12") + meeting("b", "2023-04-13", ", after: [{event: a, min_days: 3}]")
    )
    assert code == "BT103" and "move b to Monday 17 April 2023 or later" in msg
    # Four days before Wednesday 12 April 2023 is Saturday 8 April, after Good Friday and
    # Maundy Thursday: the last working day before is Wednesday 5 April.
    [(_, code, msg)] = findings(
        meeting("a", "2023-04-12") + meeting("b", "2023-04-11", ", before: [{event: a, min_days: 4}]")
    )
    assert code == "BT103" and "move b to Wednesday 5 April 2023 or earlier" in msg
