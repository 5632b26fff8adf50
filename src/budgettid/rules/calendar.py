"""Calendar rules (BT301-BT304): days off, and dates far from the process's years.

BT301-BT303 look at a deadline's day, each day of a meeting, and the last day of a hearing
or period; not phases, not `event`s (a borgermøde on a Saturday is normal), and not month
or quarter dates. Which days are off is `daysoff.DaysOff`'s answer (the `holidays` package
is imported there, only when a holiday is asked about). BT304 looks at every date written.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..daysoff import NAMED_DAYS, UnknownCountry
from ..format.model import Event
from ..format.values import FuzzyDate
from ..i18n import Join, Message, msg
from ._base import Context, Finding, rule
from .suggest import END, START

# Years around the budget years where a process's dates plausibly fall: preparation starts
# up to two years before the first budget year (Allerød's 2024-31 began in December 2022),
# and a follow-up or the accounts may come the year after the last.
YEARS_BEFORE, YEARS_AFTER = 2, 1


def _days(e: Event) -> list[tuple[date, str]]:
    """The exact days of `e` these rules look at, each with the field it is written in."""
    if e.kind == "meeting":
        if e.date is not None:
            return [(e.date.first, "date")] if e.date.exact else []
        start, end = e.start, e.end
        assert start is not None and end is not None
        if start.exact and end.exact:
            span = (end.first - start.first).days
            return [
                (start.first + timedelta(days=k), "start" if k < span else "end") for k in range(span + 1)
            ]
        return [(fd.first, f) for fd, f in ((start, "start"), (end, "end")) if fd.exact]
    if e.kind in ("deadline", "hearing", "period"):
        last = e.span_end
        return [(last.first, "date" if e.date is not None else "end")] if last.exact else []
    return []


def _checked(ctx: Context) -> Iterator[tuple[int, Event, list[tuple[date, str]]]]:
    for i, e in enumerate(ctx.cal.events):
        days = _days(e)
        if days:
            yield i, e, days


def _fix(ctx: Context, e: Event, days: list[tuple[date, str]], bad: date, code: str) -> Message:
    """Working days to move to that keep every other rule's bounds, or accepting the day."""
    if len(days) > 1:
        move = msg("calendar.move_meeting")
    else:
        before, after = ctx.moves.around(e, bad, END if e.kind in ("hearing", "period") else START)
        options = tuple(d for d in (before, after) if d is not None)
        verb = e.kind if e.kind in ("hearing", "period") else "other"
        move = msg(f"calendar.move.{verb}", dates=Join(options, "or"))
    return msg("calendar.fix", move=move, code=code)


def _what(e: Event, days: list[tuple[date, str]]) -> Message:
    """'the deadline x is', 'the hearing x ends', 'the meeting x runs … and includes'."""
    the = msg(f"kind.the.{e.kind}")
    if e.kind in ("hearing", "period"):
        return msg("calendar.what.ends", what=the, id=e.id)
    if e.kind == "meeting" and len(days) > 1:
        return msg("calendar.what.runs", id=e.id, first=days[0][0], last=days[-1][0])
    return msg("calendar.what.is", what=the, id=e.id)


def _where(ctx: Context, i: int, field: str) -> tuple[int, int]:
    return ctx.at("events", i, field)


@rule("BT301")
def weekend(ctx: Context) -> Iterator[Finding]:
    """A deadline, a meeting (each of its days) and the last day of a hearing or period should
    fall on a weekday. Phases and `event`s are not checked (a borgermøde on a Saturday is
    normal), nor month or quarter dates. The suggested days are working days that keep every
    other rule. When a weekend day is intended, as Allerød's 1 April 2023 deadline was,
    accept it on the event: `accept: {BT301: "the council chose the Saturday"}`.
    """
    for i, e, days in _checked(ctx):
        bad = [(d, f) for d, f in days if d.weekday() >= 5]
        if not bad:
            continue
        listed = Join(tuple(d for d, _ in bad))
        yield Finding(
            "BT301",
            _where(ctx, i, bad[0][1]),
            msg(
                "calendar.weekend",
                what=_what(e, days),
                days=listed,
                kind=msg("calendar.weekend_days", n=len(bad)),
                fix=_fix(ctx, e, days, bad[0][0], "BT301"),
            ),
            (e.id,),
        )


@rule("BT302")
def public_holiday(ctx: Context) -> Iterator[Finding]:
    """The same days as BT301 should not fall on a public holiday of the country in
    `process.rules.holidays` (default DK; the `holidays` package knows, for instance, that
    Store Bededag was abolished from 2024). The message names the holiday. `holidays: none`
    switches this rule off (and only this rule).
    """
    country = ctx.cal.process.rules.holidays
    if country == "none":
        return
    try:
        off = ctx.days_off.holidays
    except UnknownCountry as exc:
        yield Finding(
            "BT302",
            ctx.at("process", "rules", "holidays"),
            msg("calendar.unknown_country", country=country, error=str(exc)),
        )
        return
    for i, e, days in _checked(ctx):
        bad = [(d, f) for d, f in days if d in off]
        if not bad:
            continue
        listed = Join(tuple(msg("calendar.named_day", day=d, name=off[d]) for d, _ in bad))
        yield Finding(
            "BT302",
            _where(ctx, i, bad[0][1]),
            msg(
                "calendar.holiday",
                what=_what(e, days),
                days=listed,
                country=country,
                fix=_fix(ctx, e, days, bad[0][0], "BT302"),
            ),
            (e.id,),
        )


@rule("BT303")
def closed_day(ctx: Context) -> Iterator[Finding]:
    """The same days as BT301 should not fall on a day the municipality is closed although it
    is not a public holiday: by default Grundlovsdag (5 June), 24 December, 31 December and
    the Friday after Kristi Himmelfartsdag, which most Danish municipalities close.
    `process.rules.closed_days` changes the list (`MM-DD`, or `friday-after-ascension`;
    `[]` for none). A day that is also a weekend or a public holiday is left to BT301 or
    BT302.
    """
    off = ctx.days_off
    if not list(off.closed):
        return
    for i, e, days in _checked(ctx):
        bad = []
        for d, f in days:
            name = off.closed_on(d)
            if name is not None and d.weekday() < 5 and not _holiday(ctx, d):
                bad.append((d, f, name))
        if not bad:
            continue
        listed = Join(tuple(msg("calendar.named_day", day=d, name=_closed_name(n)) for d, _, n in bad))
        yield Finding(
            "BT303",
            _where(ctx, i, bad[0][1]),
            msg(
                "calendar.closed",
                what=_what(e, days),
                days=listed,
                fix=_fix(ctx, e, days, bad[0][0], "BT303"),
            ),
            (e.id,),
        )


def _holiday(ctx: Context, d: date) -> bool:
    try:
        return ctx.days_off.holiday(d) is not None
    except UnknownCountry:
        return False


def _closed_name(item: str) -> Message | str:
    """'juleaftensdag' for 12-24; a closed day of the file's own as it is written there."""
    return msg(f"calendar.closed_name.{item}") if item in (*NAMED_DAYS, "06-05", "12-24", "12-31") else item


@rule("BT304")
def far_date(ctx: Context) -> Iterator[Finding]:
    """A date more than two years before the first budget year, or after the year following the
    last one, is most likely a typo (2062-Q2 for 2026-Q2). A process for budget 2026-29 is
    prepared from 2024 and followed up until 2030: its dates fall in 2024-2030. Phases are
    checked too.
    """
    p = ctx.cal.process
    lo, hi = p.first_budget_year - YEARS_BEFORE, p.last_budget_year + YEARS_AFTER

    def far(fd: FuzzyDate) -> bool:
        return not lo <= fd.first.year <= hi

    for k, ph in enumerate(ctx.cal.phases):
        for field in ("start", "end"):
            fd = getattr(ph, field)
            if far(fd):
                yield _far(ctx, ("phases", k, field), ph.id, field, fd, lo, hi)
    for i, e in enumerate(ctx.cal.events):
        for field in ("date", "start", "end"):
            fd = getattr(e, field)
            if fd is not None and far(fd):
                yield _far(ctx, ("events", i, field), e.id, field, fd, lo, hi)


def _far(
    ctx: Context, path: tuple[str | int, ...], item: str, field: str, fd: FuzzyDate, lo: int, hi: int
) -> Finding:
    years = ctx.cal.process.budget_years
    text = msg(
        "calendar.far", field=field, id=item, value=fd.text, year=fd.first.year, years=years, lo=lo, hi=hi
    )
    return Finding("BT304", ctx.at(*path), text, (item,))
