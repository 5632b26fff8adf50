"""The scheduler under roll and move: relations read off a calendar, the best plan, and why."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from budgettid.daysoff import DaysOff
from budgettid.format.values import FuzzyDate
from budgettid.plan.relations import DEADLINE, EVENT, PHASE, Field, Relation, derive, kept, values_of
from budgettid.plan.schedule import EVENT_DAY, OFF, RULE, WEEKDAY, Point, Problem, solve
from budgettid.plan.why import window

from .conftest import calendar_text, load_inline

A, B, C = (Field(EVENT, x, "date") for x in "abc")
ADOPT = Field(DEADLINE, "adopt_by", "")


def _point(f: Field, target: date, **kw: object) -> Point:
    return Point(f, target, kw.pop("source", target), **kw)  # type: ignore[arg-type]


def _problem(points: list[Point], relations: list[Relation], **kw: object) -> Problem:
    fixed = kw.pop("fixed", {ADOPT: FuzzyDate.day(date(2024, 10, 15))})
    return Problem({p.field: p for p in points}, fixed, relations, DaysOff(None, ()), **kw)  # type: ignore[arg-type]


# --- relations -----------------------------------------------------------------------------


def test_the_relations_of_a_calendar_are_its_rules_and_the_orders_it_keeps_unwritten():
    cal = load_inline(
        calendar_text(
            """
            - id: frist
              title: Frist for ændringsforslag
              kind: deadline
              date: 2023-09-21
              step: amendment_deadline
              phase: fase1
            - id: br-2
              title: Byrådets 2. behandling
              kind: meeting
              date: 2023-10-10
              step: second_reading
            - id: seminar
              title: Seminar
              kind: meeting
              date: 2023-10
              after: [br-2]
            """,
            **{"    bodies: [byraadet]\n": "    bodies: [byraadet]\n    step: first_reading\n"},
        )
    )
    rels = derive(cal)
    by = {(r.kind, r.earlier.id, r.later.id): r for r in rels}
    assert (
        by[("reading_gap", "br-1", "br-2")].gap == 21 and by[("reading_gap", "br-1", "br-2")].code == "BT201"
    )
    assert by[("amendment", "br-1", "frist")].gap == 1 and by[("amendment", "frist", "br-2")].gap == 1
    assert by[("adopt_by", "br-2", "adopt_by")].code == "BT202"
    assert by[("phase", "fase1", "frist")].code == "BT102"
    # A month after a day in it may still hold: kept weak, so that it does not come to fail.
    assert by[("after", "br-2", "seminar")].weak
    # Unwritten: the 1st reading two days before the deadline, in the same week, stays before it.
    order = by[("order", "br-1", "frist")]
    assert order.code is None and order.gap == 1
    # Two weeks apart or more: no unwritten order (the chain of orders between keeps it).
    assert ("order", "oeu-1", "frist") not in by
    assert all(kept(r, values_of(cal)) for r in rels)
    assert all(r.code is not None for r in derive(cal, unwritten=False))


def test_a_relation_that_fails_in_the_calendar_is_not_kept():
    cal = load_inline(
        calendar_text(
            """
            - id: later
              title: Senere
              kind: meeting
              date: 2023-09-26
              before: [br-1]
            """
        )
    )
    assert [r for r in derive(cal) if r.kind == "before"] == []  # the check reports it (BT103)
    assert [r for r in derive(cal) if r.kind == "order" and r.later.id == "later"]  # the week's order is kept


# --- the plan ------------------------------------------------------------------------------


def test_a_plan_that_needs_no_change_keeps_every_target_and_asks_no_solver():
    before = "ortools" in sys.modules
    plan = solve(_problem([_point(A, date(2024, 9, 17)), _point(B, date(2024, 10, 8))], []))
    assert plan is not None and plan.dates == {A: date(2024, 9, 17), B: date(2024, 10, 8)}
    assert (plan.solved, plan.cost, plan.broken, plan.reasons) == (0, 0, [], {})
    assert ("ortools" in sys.modules) == before


def test_a_broken_order_moves_the_cheaper_date_as_little_as_it_can():
    # b must come 21 days after a; its target is 20 days after: one of them gives way by a
    # day, and a meeting rather goes a week than leave its weekday for one day.
    a = _point(A, date(2024, 9, 17), weekday=True)
    b = _point(B, date(2024, 10, 7), weekday=False)
    plan = solve(_problem([a, b], [Relation("reading_gap", "BT201", A, B, 21)]))
    assert plan is not None
    assert plan.dates == {A: date(2024, 9, 17), B: date(2024, 10, 8)}
    assert plan.cost == EVENT_DAY
    [reason] = plan.reasons[B]
    assert reason.kind == "relation" and reason.relation is not None and reason.relation.code == "BT201"


def test_a_meeting_six_days_off_goes_a_week_to_keep_its_weekday():
    a = _point(A, date(2024, 10, 1), weekday=True)  # a Tuesday
    plan = solve(
        _problem(
            [a], [Relation("adopt_by", "BT202", A, ADOPT)], fixed={ADOPT: FuzzyDate.day(date(2024, 9, 25))}
        )
    )
    assert plan is not None and plan.dates[A] == date(2024, 9, 24)  # a week earlier, a Tuesday
    assert plan.cost == 7 * EVENT_DAY < 6 * EVENT_DAY + WEEKDAY


def test_a_working_day_stays_a_working_day_and_a_day_off_may_stay_one():
    sat = date(2024, 9, 21)
    working = Point(A, sat, date(2023, 9, 21), avoid_off=True)
    chosen = Point(B, sat, date(2023, 9, 23), avoid_off=False)
    problem = replace(_problem([working, chosen], []), days_off=DaysOff("DK"))
    plan = solve(problem)
    assert plan is not None and plan.dates == {A: date(2024, 9, 20), B: sat}
    [reason] = plan.reasons[A]
    assert (reason.kind, reason.why, reason.off_kind, reason.day) == ("off", "weekend", "weekend", sat)
    # Easter: Maundy Thursday, Good Friday and Easter Monday around the weekend.
    easter = Point(C, date(2024, 3, 30), date(2023, 3, 30), avoid_off=True)
    plan = solve(replace(problem, points={C: easter}))
    assert plan is not None and plan.dates[C] == date(2024, 3, 27)
    assert [r.why for r in plan.reasons[C]] == ["Skærtorsdag", "Langfredag", "weekend"]


def test_rules_that_cannot_hold_are_broken_in_a_soft_plan_and_refused_in_a_hard_one():
    pin = _point(A, date(2024, 9, 27), pinned=True)
    b = _point(B, date(2024, 10, 15))
    relations = [Relation("reading_gap", "BT201", A, B, 21), Relation("adopt_by", "BT202", B, ADOPT)]
    hard = _problem([pin, b], relations, hard=True)
    assert solve(hard) is None
    soft = solve(replace(hard, hard=False))
    assert soft is not None and soft.cost >= RULE
    [broken] = soft.rules_broken
    other = ({"BT201", "BT202"} - {broken.relation.code}).pop()
    assert sorted(r.kind for r in broken.because) == sorted(
        ["pin", "reading_gap" if other == "BT201" else "adopt_by"]
    )
    # How late the pinned date may go with both rules kept: 15 October minus 21 days.
    assert window(hard, A) == (None, date(2024, 9, 24))


def test_a_window_between_two_fixed_dates_and_none_for_rules_that_contradict_each_other():
    lo, hi = Field(DEADLINE, "proposal_by", ""), ADOPT
    fixed = {lo: FuzzyDate.day(date(2024, 9, 15)), hi: FuzzyDate.day(date(2024, 10, 15))}
    rels = [Relation("after", "BT103", lo, A, 2), Relation("before", "BT103", A, hi, 3)]
    problem = _problem([_point(A, date(2024, 10, 1))], rels, fixed=fixed)
    assert window(problem, A) == (date(2024, 9, 17), date(2024, 10, 12))
    contradiction = [*rels, Relation("before", "BT103", hi, A, 0)]
    assert window(replace(problem, relations=contradiction), A) == (None, None)


def test_unwritten_orders_give_way_before_a_working_day_does():
    # a deadline must stay after a meeting (unwritten), but the only day after it is a
    # Saturday and the deadline was on a working day: the order breaks, the day off does not.
    meeting = _point(A, date(2024, 9, 20))  # Friday
    deadline = Point(B, date(2024, 9, 20), date(2023, 9, 21), avoid_off=True)
    rels = [Relation("order", None, A, B, 1), Relation("adopt_by", "BT202", B, ADOPT)]
    problem = replace(
        _problem([meeting, deadline], rels, fixed={ADOPT: FuzzyDate.day(date(2024, 9, 21))}),
        days_off=DaysOff("DK"),
    )
    plan = solve(replace(problem, points={A: replace(meeting, pinned=True), B: deadline}))
    assert plan is not None and plan.dates[B] == date(2024, 9, 20)
    [broken] = plan.broken
    assert broken.relation.kind == "order" and OFF > plan.cost > 0


def test_the_same_problem_gives_the_same_plan(bundled):  # type: ignore[no-untyped-def]
    # Rolled four years on, the bundled calendar has dates that must give way (a solver's work).
    plans = [solve(_roll_problem(bundled, 4)) for _ in range(3)]
    assert all(p is not None and p.solved > 0 for p in plans)
    assert plans[0].dates == plans[1].dates == plans[2].dates  # type: ignore[union-attr]
    assert plans[0].reasons == plans[1].reasons  # type: ignore[union-attr]


def _roll_problem(cal, years: int = 1):  # type: ignore[no-untyped-def]
    from budgettid.plan.roll import _problem as problem_of
    from budgettid.plan.roll import roll_event_dates, roll_phase_date

    rolled = {}
    for ph in cal.phases:
        for key, end in (("start", False), ("end", True)):
            rolled[Field(PHASE, ph.id, key)] = roll_phase_date(getattr(ph, key), years, end=end)
    for e in cal.events:
        for key, r in roll_event_dates(e, years).items():
            rolled[Field(EVENT, e.id, key)] = r
    return problem_of(cal, rolled, years)


def test_a_thousand_events_roll_without_an_error_and_keep_their_relations(tmp_path: Path):
    from benchmarks.generate import generate

    from budgettid.format.load import load_text
    from budgettid.plan.roll import roll

    text = generate(1000)
    cal = load_text(text, "big.yaml")
    r = roll(text, "big.yaml", cal.process.first_budget_year + 1, "big_next.yaml", cal=cal)
    assert r.errors == [] and r.broken == []
    value = values_of(r.draft)
    assert [x for x in derive(cal) if not kept(x, value)] == []
    assert len(r.adjusted) > 50  # deadlines keep their date, meetings their weekday: many meet
