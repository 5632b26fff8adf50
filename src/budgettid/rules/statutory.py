"""Statutory rules (BT201-BT206): the steps that Lov om kommunernes styrelse §§ 37-38 fix.

The deadlines fall in the year before the first budget year (`process.budget_years`), and
`process.rules` may move them for an exceptional year (budget 2020 was adopted by 5 November).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..format.model import Event
from ..format.values import FuzzyDate
from ..i18n import Message, msg
from ._base import Context, Finding, at_least, compare, days, give_a_day, on, rule, shift, when
from .suggest import END, START


def _each(ctx: Context, step: str) -> Iterator[tuple[int, Event]]:
    """Every event marked `step` (amendment deadlines and public hearings may be several)."""
    return ((k, e) for k, e in enumerate(ctx.cal.events) if e.step == step)


def _deadline_year(ctx: Context) -> int:
    return ctx.cal.process.first_budget_year - 1


# --- BT201 ------------------------------------------------------------------------------


@rule("BT201")
def reading_gap(ctx: Context) -> Iterator[Finding]:
    """The council treats the budget twice, at least three weeks apart (§ 38): the second
    reading's day minus the first reading's day is at least `min_reading_gap_days` (21 unless
    the file's `process.rules` says otherwise). 19 September to 10 October is 21 days: allowed.
    """
    f, s = ctx.cal.step("first_reading"), ctx.cal.step("second_reading")
    if f is None or s is None:
        return
    gap = ctx.cal.process.rules.min_reading_gap_days
    first, second = f.span_end, s.span_start

    def apart() -> Message:
        """How the second reading stands to the first: '14 days after', '7 days before'."""
        if first.exact and second.exact:
            n = (second.first - first.last).days
            if n == 0:
                return msg("statutory.same_day")
            return msg("statutory.only_after" if n > 0 else "statutory.days_before", days=days(abs(n)))
        if second.last < first.first:
            return msg("statutory.before")
        return msg("statutory.less_after", days=days(gap))

    def fix() -> Message:
        """Move the second reading later, or the first earlier: the ways that keep every bound."""
        moves = ctx.moves
        ways = [
            msg("statutory.gap_second", date=d)
            for d in [moves.later(s, shift(first.last, gap), START)]
            if d is not None
        ] + [
            msg("statutory.gap_first", date=d)
            for d in [moves.earlier(f, shift(second.first, -gap), END)]
            if d is not None
        ]
        if not ways:  # no day keeps every bound: the plain working days
            ways = [msg("statutory.gap_second", date=moves.at_or_after(s, shift(first.last, gap), START))]
        return ways[0] if len(ways) == 1 else msg("statutory.gap_fix", second=ways[0], first=ways[1])

    yield from compare(
        "BT201",
        at_least(first, second, gap),
        (s.id, f.id),
        where=lambda: ctx.start_at(ctx.index[s.id]),
        fails=lambda: msg(
            "statutory.reading_gap",
            id=s.id,
            second=on(second),
            apart=apart(),
            first_name=ctx.name(f),
            first=on(first),
            days=days(gap),
            fix=fix(),
        ),
        undecided=lambda: msg(
            "statutory.reading_gap_undecided",
            id=s.id,
            second=when(second),
            first_name=ctx.name(f),
            first=when(first),
            days=days(gap),
            give=give_a_day((s.id, second), (f.id, first)),
        ),
    )


# --- BT202 ------------------------------------------------------------------------------


@rule("BT202")
def adoption_deadline(ctx: Context) -> Iterator[Finding]:
    """The council adopts the budget by 15 October of the year before the first budget year: the
    second reading is on or before that day. For an exceptional year, move the deadline in the
    file instead of switching the rule off; budget 2020 was adopted by 5 November 2019:
    `process: {..., budget_years: 2020-2023, rules: {adopt_by: 11-05}}`.
    """
    s = ctx.cal.step("second_reading")
    if s is None:
        return
    rules = ctx.cal.process.rules
    yield from _by_deadline(
        ctx,
        "BT202",
        s,
        rules.adopt_by_date(_deadline_year(ctx)),
        "second_reading",
        "adopt_by",
        rules.adopt_by,
    )


def _by_deadline(
    ctx: Context, code: str, e: Event, deadline: date, step: str, key: str, value: str
) -> Iterator[Finding]:
    budget = ctx.cal.process.first_budget_year
    what = msg(f"statutory.the.{step}")
    yield from compare(
        code,
        at_least(e.span_end, FuzzyDate.day(deadline), 0),
        (e.id,),
        where=lambda: ctx.end_at(ctx.index[e.id]),
        fails=lambda: msg(
            "statutory.deadline",
            what=what,
            id=e.id,
            when=when(e.span_end),
            deadline=deadline,
            budget=budget,
            setting=f"{key}: {value}",
            date=ctx.moves.at_or_before(e, deadline, END),
            key=key,
        ),
        undecided=lambda: msg(
            "statutory.deadline_undecided",
            what=what,
            id=e.id,
            when=when(e.span_end),
            deadline=deadline,
            setting=f"{key}: {value}",
            give=give_a_day((e.id, e.span_end)),
        ),
    )


# --- BT203 ------------------------------------------------------------------------------


@rule("BT203")
def proposal_deadline(ctx: Context) -> Iterator[Finding]:
    """The finance committee's proposal (step `budget_proposal`, its 1st treatment) is due by
    15 September of the year before the first budget year (`proposal_by`), and must come on or
    before the council's first reading: the committee and the council may meet the same day.
    """
    p = ctx.cal.step("budget_proposal")
    if p is None:
        return
    rules = ctx.cal.process.rules
    yield from _by_deadline(
        ctx,
        "BT203",
        p,
        rules.proposal_by_date(_deadline_year(ctx)),
        "budget_proposal",
        "proposal_by",
        rules.proposal_by,
    )
    f = ctx.cal.step("first_reading")
    if f is None:
        return
    yield from compare(
        "BT203",
        at_least(p.span_end, f.span_start, 0),
        (p.id, f.id),
        where=lambda: ctx.end_at(ctx.index[p.id]),
        fails=lambda: msg(
            "statutory.proposal_late",
            id=p.id,
            when=when(p.span_end),
            first=ctx.name(f),
            on=on(f.span_start),
            date=ctx.moves.at_or_before(p, f.span_start.first, END),
            first_id=f.id,
        ),
        undecided=lambda: msg(
            "statutory.proposal_undecided",
            id=p.id,
            when=when(p.span_end),
            first=ctx.name(f),
            on=on(f.span_start),
            give=give_a_day((p.id, p.span_end), (f.id, f.span_start)),
        ),
    )


# --- BT204 ------------------------------------------------------------------------------


@rule("BT204")
def amendment_deadline(ctx: Context) -> Iterator[Finding]:
    """The parties' amendment proposals (step `amendment_deadline`) are due strictly after the
    first reading's day and strictly before the second reading's day: they amend the budget
    the first reading sent on, and the second reading votes on them.
    """
    first, second = ctx.cal.step("first_reading"), ctx.cal.step("second_reading")
    for k, a in _each(ctx, "amendment_deadline"):
        yield from _between_readings(ctx, k, a, first, second)


def _between_readings(ctx: Context, k: int, a: Event, f: Event | None, s: Event | None) -> Iterator[Finding]:
    if f is not None:
        yield from compare(
            "BT204",
            at_least(f.span_end, a.span_start, 1),
            (a.id, f.id),
            where=lambda: ctx.start_at(k),
            fails=lambda: msg(
                "statutory.amendment_early",
                id=a.id,
                when=when(a.span_start),
                first=ctx.name(f),
                on=on(f.span_end),
                date=ctx.moves.at_or_after(a, shift(f.span_end.last, 1), START),
            ),
            undecided=lambda: msg(
                "statutory.amendment_early_undecided",
                id=a.id,
                when=when(a.span_start),
                first=ctx.name(f),
                on=on(f.span_end),
                give=give_a_day((a.id, a.span_start), (f.id, f.span_end)),
            ),
        )
    if s is not None:
        yield from compare(
            "BT204",
            at_least(a.span_end, s.span_start, 1),
            (a.id, s.id),
            where=lambda: ctx.end_at(k),
            fails=lambda: msg(
                "statutory.amendment_late",
                id=a.id,
                when=when(a.span_end),
                second=ctx.name(s),
                on=on(s.span_start),
                date=ctx.moves.at_or_before(a, shift(s.span_start.first, -1), END),
            ),
            undecided=lambda: msg(
                "statutory.amendment_late_undecided",
                id=a.id,
                when=when(a.span_end),
                second=ctx.name(s),
                on=on(s.span_start),
                give=give_a_day((a.id, a.span_end), (s.id, s.span_start)),
            ),
        )


# --- BT205 ------------------------------------------------------------------------------


@rule("BT205")
def hearing_after_adoption(ctx: Context) -> Iterator[Finding]:
    """The public hearing of the budget proposal (step `public_hearing`) must end before the day
    of the second reading, so that the replies reach the council before it adopts the budget.
    """
    s = ctx.cal.step("second_reading")
    if s is None:
        return
    for k, h in _each(ctx, "public_hearing"):
        yield from _ends_before(ctx, k, h, s)


def _ends_before(ctx: Context, k: int, h: Event, s: Event) -> Iterator[Finding]:
    yield from compare(
        "BT205",
        at_least(h.span_end, s.span_start, 1),
        (h.id, s.id),
        where=lambda: ctx.end_at(k),
        fails=lambda: msg(
            "statutory.hearing_late",
            id=h.id,
            end=when(h.span_end),
            second=ctx.name(s),
            on=on(s.span_start),
            date=ctx.moves.at_or_before(h, shift(s.span_start.first, -1), END),
        ),
        undecided=lambda: msg(
            "statutory.hearing_undecided",
            id=h.id,
            end=when(h.span_end),
            second=ctx.name(s),
            when=when(s.span_start),
            give=give_a_day((h.id, h.span_end), (s.id, s.span_start)),
        ),
    )


# --- BT206 ------------------------------------------------------------------------------


@rule("BT206")
def missing_step(ctx: Context) -> Iterator[Finding]:
    """A budget process has a first and a second reading in the council (§ 38). Mark them with
    `step: first_reading` and `step: second_reading`, so the statutory rules (BT201-BT205) can
    check the dates around them; without them, those rules have nothing to check.
    """
    for step in ("first_reading", "second_reading"):
        if ctx.cal.step(step) is None:
            yield Finding("BT206", ctx.key_at("events"), msg(f"statutory.missing.{step}", step=step))
