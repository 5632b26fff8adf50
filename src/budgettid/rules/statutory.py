"""Statutory rules (BT201-BT206): the steps that Lov om kommunernes styrelse §§ 37-38 fix.

The deadlines fall in the year before the first budget year (`process.budget_years`), and
`process.rules` may move them for an exceptional year (budget 2020 was adopted by 5 November).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model import Event, FuzzyDate
from ._base import Context, Finding, Verdict, at_least, days, give_a_day, on, rule, shift, undecided, when

_HEAD = """\
format: budgettid/1
process: {id: eksempel, title: Budget 2024-27, budget_years: 2024-2027}
bodies: {byraadet: {name: Byrådet, role: council}}
phases: []
"""

_FIRST = """\
  - id: byraadet-1-behandling
    title: Byrådets 1. behandling
    kind: meeting
    date: 2023-09-19
    step: first_reading
"""


def _second(day: str) -> str:
    return f"""\
  - id: byraadet-2-behandling
    title: Byrådets 2. behandling og vedtagelse
    kind: meeting
    date: {day}
    step: second_reading
"""


def _one(ctx: Context, step: str) -> tuple[int, Event] | None:
    found = ctx.steps.get(step)
    return (found[0], ctx.cal.events[found[0]]) if found else None


def _deadline_year(ctx: Context) -> int:
    return ctx.cal.process.first_budget_year - 1


# --- BT201 ------------------------------------------------------------------------------


@rule(
    "BT201",
    explanation="""
The council treats the budget twice, at least three weeks apart (§ 38): the second
reading's day minus the first reading's day is at least `min_reading_gap_days` (21 unless
the file's `process.rules` says otherwise). 19 September to 10 October is 21 days: allowed.
""",
    passing=_HEAD + "events:\n" + _FIRST + _second("2023-10-10"),
    failing=_HEAD + "events:\n" + _FIRST + _second("2023-10-03"),
)
def reading_gap(ctx: Context) -> Iterator[Finding]:
    first, second = _one(ctx, "first_reading"), _one(ctx, "second_reading")
    if first is None or second is None:
        return
    (_, f), (k, s) = first, second
    gap = ctx.cal.process.rules.min_reading_gap_days
    verdict = at_least(f.span_end, s.span_start, gap)
    ids = (s.id, f.id)
    if verdict is Verdict.FAILS:
        actual = (
            days((s.span_start.first - f.span_end.last).days)
            if s.span_start.exact and f.span_end.exact
            else f"less than {days(gap)}"
        )
        yield Finding(
            "BT201",
            ctx.start_at(k),
            f"the second reading {s.id} {on(s.span_start)} is {actual} after the first reading "
            f"{ctx.name(f)} {on(f.span_end)}; § 38 needs at least {days(gap)} "
            f"(min_reading_gap_days): move the second reading to "
            f"{shift(f.span_end.last, gap)} or later, or the first reading to "
            f"{shift(s.span_start.first, -gap)} or earlier",
            ids,
        )
    elif verdict is Verdict.UNDECIDED:
        yield undecided(
            "BT201",
            ctx.start_at(k),
            f"the second reading {s.id} is {when(s.span_start)} and the first reading "
            f"{ctx.name(f)} is {when(f.span_end)}, so they may be less than {days(gap)} apart: "
            f"{give_a_day((s.id, s.span_start), (f.id, f.span_end))}",
            ids,
        )


# --- BT202 ------------------------------------------------------------------------------


@rule(
    "BT202",
    explanation="""
The council adopts the budget by 15 October of the year before the first budget year: the
second reading is on or before that day. For an exceptional year, move the deadline in the
file instead of switching the rule off; budget 2020 was adopted by 5 November 2019:
`process: {..., budget_years: 2020-2023, rules: {adopt_by: 11-05}}`.
""",
    passing="""\
format: budgettid/1
process:
  id: eksempel
  title: Budget 2020-23
  budget_years: 2020-2023
  rules: {adopt_by: 11-05}       # the deadline was moved for budget 2020
bodies: {byraadet: {name: Byrådet, role: council}}
phases: []
events:
  - id: byraadet-1-behandling
    title: Byrådets 1. behandling
    kind: meeting
    date: 2019-10-08
    step: first_reading
  - id: byraadet-2-behandling
    title: Byrådets 2. behandling og vedtagelse
    kind: meeting
    date: 2019-11-05
    step: second_reading
""",
    failing="""\
format: budgettid/1
process:
  id: eksempel
  title: Budget 2020-23
  budget_years: 2020-2023
bodies: {byraadet: {name: Byrådet, role: council}}
phases: []
events:
  - id: byraadet-1-behandling
    title: Byrådets 1. behandling
    kind: meeting
    date: 2019-10-08
    step: first_reading
  - id: byraadet-2-behandling
    title: Byrådets 2. behandling og vedtagelse
    kind: meeting
    date: 2019-11-05
    step: second_reading
""",
)
def adoption_deadline(ctx: Context) -> Iterator[Finding]:
    second = _one(ctx, "second_reading")
    if second is None:
        return
    k, s = second
    rules = ctx.cal.process.rules
    deadline = rules.adopt_by_date(_deadline_year(ctx))
    yield from _by_deadline(
        ctx,
        "BT202",
        k,
        s,
        deadline,
        "the second reading",
        f"adopt_by: {rules.adopt_by}",
        "or, for an exceptional year, set process.rules.adopt_by",
    )


def _by_deadline(
    ctx: Context, code: str, k: int, e: Event, deadline: date, what: str, setting: str, alt: str
) -> Iterator[Finding]:
    verdict = at_least(e.span_end, FuzzyDate.day(deadline), 0)
    budget = ctx.cal.process.first_budget_year
    if verdict is Verdict.FAILS:
        yield Finding(
            code,
            ctx.end_at(k),
            f"{what} {e.id} is {when(e.span_end)}, after the deadline {deadline.isoformat()} "
            f"for budget {budget} ({setting}): move it to {deadline.isoformat()} or earlier, {alt}",
            (e.id,),
        )
    elif verdict is Verdict.UNDECIDED:
        yield undecided(
            code,
            ctx.end_at(k),
            f"{what} {e.id} is {when(e.span_end)} and may fall after the deadline "
            f"{deadline.isoformat()} ({setting}): give {e.id} a day",
            (e.id,),
        )


# --- BT203 ------------------------------------------------------------------------------


@rule(
    "BT203",
    explanation="""
The finance committee's proposal (step `budget_proposal`, its 1st treatment) is due by
15 September of the year before the first budget year (`proposal_by`), and must come on or
before the council's first reading: the committee and the council may meet the same day.
""",
    passing=_HEAD
    + """\
events:
  - id: oeu-1-behandling
    title: Økonomiudvalgets 1. behandling
    kind: meeting
    date: 2023-09-12
    step: budget_proposal
"""
    + _FIRST,
    failing=_HEAD
    + """\
events:
  - id: oeu-1-behandling
    title: Økonomiudvalgets 1. behandling
    kind: meeting
    date: 2023-09-18
    step: budget_proposal
"""
    + _FIRST,
)
def proposal_deadline(ctx: Context) -> Iterator[Finding]:
    proposal = _one(ctx, "budget_proposal")
    if proposal is None:
        return
    k, p = proposal
    rules = ctx.cal.process.rules
    deadline = rules.proposal_by_date(_deadline_year(ctx))
    yield from _by_deadline(
        ctx,
        "BT203",
        k,
        p,
        deadline,
        "the budget proposal",
        f"proposal_by: {rules.proposal_by}",
        "or, for an exceptional year, set process.rules.proposal_by",
    )
    first = _one(ctx, "first_reading")
    if first is None:
        return
    _, f = first
    verdict = at_least(p.span_end, f.span_start, 0)
    if verdict is Verdict.FAILS:
        yield Finding(
            "BT203",
            ctx.end_at(k),
            f"the budget proposal {p.id} is {when(p.span_end)}, after the first reading "
            f"{ctx.name(f)} {on(f.span_start)}: move the proposal to "
            f"{f.span_start.first.isoformat()} or earlier (the same day is fine), "
            f"or move {f.id}",
            (p.id, f.id),
        )
    elif verdict is Verdict.UNDECIDED:
        yield undecided(
            "BT203",
            ctx.end_at(k),
            f"the budget proposal {p.id} is {when(p.span_end)} and the first reading "
            f"{ctx.name(f)} {on(f.span_start)}, so the proposal may come after it: "
            f"{give_a_day((p.id, p.span_end), (f.id, f.span_start))}",
            (p.id, f.id),
        )


# --- BT204 ------------------------------------------------------------------------------


@rule(
    "BT204",
    explanation="""
The parties' amendment proposals (step `amendment_deadline`) are due strictly after the
first reading's day and strictly before the second reading's day: they amend the budget
the first reading sent on, and the second reading votes on them.
""",
    passing=_HEAD
    + "events:\n"
    + _FIRST
    + """\
  - id: frist-aendringsforslag
    title: Frist for ændringsforslag
    kind: deadline
    date: 2023-09-21
    step: amendment_deadline
"""
    + _second("2023-10-10"),
    failing=_HEAD
    + "events:\n"
    + _FIRST
    + """\
  - id: frist-aendringsforslag
    title: Frist for ændringsforslag
    kind: deadline
    date: 2023-09-19
    step: amendment_deadline
"""
    + _second("2023-10-10"),
)
def amendment_deadline(ctx: Context) -> Iterator[Finding]:
    first, second = _one(ctx, "first_reading"), _one(ctx, "second_reading")
    for k in ctx.steps.get("amendment_deadline", ()):
        a = ctx.cal.events[k]
        if first is not None:
            f = first[1]
            verdict = at_least(f.span_end, a.span_start, 1)
            if verdict is Verdict.FAILS:
                yield Finding(
                    "BT204",
                    ctx.start_at(k),
                    f"the amendment deadline {a.id} is {when(a.span_start)}, not after the first "
                    f"reading {ctx.name(f)} {on(f.span_end)}: move it to "
                    f"{shift(f.span_end.last, 1)} or later",
                    (a.id, f.id),
                )
            elif verdict is Verdict.UNDECIDED:
                yield undecided(
                    "BT204",
                    ctx.start_at(k),
                    f"the amendment deadline {a.id} is {when(a.span_start)} and the first "
                    f"reading {ctx.name(f)} {on(f.span_end)}, so it may not come after it: "
                    f"{give_a_day((a.id, a.span_start), (f.id, f.span_end))}",
                    (a.id, f.id),
                )
        if second is not None:
            s = second[1]
            verdict = at_least(a.span_end, s.span_start, 1)
            if verdict is Verdict.FAILS:
                yield Finding(
                    "BT204",
                    ctx.end_at(k),
                    f"the amendment deadline {a.id} is {when(a.span_end)}, not before the second "
                    f"reading {ctx.name(s)} {on(s.span_start)}: move it to "
                    f"{shift(s.span_start.first, -1)} or earlier",
                    (a.id, s.id),
                )
            elif verdict is Verdict.UNDECIDED:
                yield undecided(
                    "BT204",
                    ctx.end_at(k),
                    f"the amendment deadline {a.id} is {when(a.span_end)} and the second "
                    f"reading {ctx.name(s)} {on(s.span_start)}, so it may not come before it: "
                    f"{give_a_day((a.id, a.span_end), (s.id, s.span_start))}",
                    (a.id, s.id),
                )


# --- BT205 ------------------------------------------------------------------------------


@rule(
    "BT205",
    explanation="""
The public hearing of the budget proposal (step `public_hearing`) must end before the day
of the second reading, so that the replies reach the council before it adopts the budget.
""",
    passing=_HEAD
    + """\
events:
  - id: hoering-budgetforslag
    title: Offentlig høring af budgetforslaget
    kind: hearing
    start: 2023-08-29
    end: 2023-09-06
    step: public_hearing
"""
    + _FIRST
    + _second("2023-10-10"),
    failing=_HEAD
    + """\
events:
  - id: hoering-budgetforslag
    title: Offentlig høring af budgetforslaget
    kind: hearing
    start: 2023-08-29
    end: 2023-10-10
    step: public_hearing
"""
    + _FIRST
    + _second("2023-10-10"),
)
def hearing_after_adoption(ctx: Context) -> Iterator[Finding]:
    second = _one(ctx, "second_reading")
    if second is None:
        return
    s = second[1]
    for k in ctx.steps.get("public_hearing", ()):
        h = ctx.cal.events[k]
        verdict = at_least(h.span_end, s.span_start, 1)
        if verdict is Verdict.FAILS:
            yield Finding(
                "BT205",
                ctx.end_at(k),
                f"the public hearing {h.id} ends {when(h.span_end)}, on or after the second "
                f"reading {ctx.name(s)} {on(s.span_start)}: end the hearing by "
                f"{shift(s.span_start.first, -1)} so the replies reach the council before it adopts",
                (h.id, s.id),
            )
        elif verdict is Verdict.UNDECIDED:
            yield undecided(
                "BT205",
                ctx.end_at(k),
                f"the public hearing {h.id} ends {when(h.span_end)} and the second reading "
                f"{ctx.name(s)} is {when(s.span_start)}, so the hearing may not end before it: "
                f"{give_a_day((h.id, h.span_end), (s.id, s.span_start))}",
                (h.id, s.id),
            )


# --- BT206 ------------------------------------------------------------------------------

_STEP_WORDS = {
    "first_reading": "the council's 1st reading of the budget",
    "second_reading": "the council's 2nd reading and adoption",
}


@rule(
    "BT206",
    explanation="""
A budget process has a first and a second reading in the council (§ 38). Mark them with
`step: first_reading` and `step: second_reading`, so the statutory rules (BT201-BT205) can
check the dates around them; without them, those rules have nothing to check.
""",
    passing=_HEAD + "events:\n" + _FIRST + _second("2023-10-10"),
    failing=_HEAD + "events:\n" + _FIRST,
)
def missing_step(ctx: Context) -> Iterator[Finding]:
    for step, words in _STEP_WORDS.items():
        if step not in ctx.steps:
            yield Finding(
                "BT206",
                ctx.key_at("events"),
                f"no event has step: {step}; add `step: {step}` to {words}, so the "
                "statutory rules can check it",
            )
