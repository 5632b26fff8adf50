"""Calendar rules (BT301-BT302): deadlines, meetings and window ends on days off.

The days looked at: a deadline's day, each day of a meeting, and the last day of a hearing
or period; not phases, not `event`s (a borgermøde on a Saturday is normal), and not month
or quarter dates. The `holidays` package is imported here, only when these rules run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from ..format.model import Event
from ._base import Context, Finding, rule
from ._base import iso as _iso

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ONE_DAY = timedelta(days=1)


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


def _holidays(ctx: Context) -> Mapping[date, str] | None:
    """The public holidays of rules.holidays, in Danish where the package has Danish names,
    else in the country's own language; None for `holidays: none`. LookupError for a country
    the package does not know."""
    if "holidays" in ctx.memo:
        return ctx.memo["holidays"]  # type: ignore[no-any-return]
    country = ctx.cal.process.rules.holidays
    table: Mapping[date, str] | None = None
    if country != "none":
        import holidays

        code, _, subdiv = country.partition("-")
        # The country's class says which languages it has, so the table is built once.
        entity: Any = getattr(holidays, code, None)
        if entity is None:
            raise LookupError(f"Country {code} not available")
        language = "da" if "da" in getattr(entity, "supported_languages", ()) else entity.default_language
        try:
            table = holidays.country_holidays(code, subdiv=subdiv or None, language=language)
        except NotImplementedError as exc:
            raise LookupError(str(exc)) from None
    ctx.memo["holidays"] = table
    return table


def _working_days_around(d: date, off: Mapping[date, str]) -> tuple[date, date]:
    def free(x: date) -> bool:
        return x.weekday() < 5 and x not in off

    before, after = d - _ONE_DAY, d + _ONE_DAY
    while not free(before):
        before -= _ONE_DAY
    while not free(after):
        after += _ONE_DAY
    return before, after


def _day(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {_iso(d)}"


def _fix(e: Event, days: list[tuple[date, str]], bad: date, off: Mapping[date, str], code: str) -> str:
    if len(days) > 1:
        move = "move the meeting to working days"
    else:
        before, after = _working_days_around(bad, off)
        what = {"hearing": "end the hearing on", "period": "end the period on"}
        move = f"{what.get(e.kind, 'move it to')} {_day(before)} or {_day(after)}"
    return f"{move}, or add {code} to process.rules.disable if the day is intended"


def _what(e: Event, days: list[tuple[date, str]]) -> str:
    if e.kind in ("hearing", "period"):
        return f"the {e.kind} {e.id} ends"
    if e.kind == "meeting" and len(days) > 1:
        return f"the meeting {e.id} runs {_iso(days[0][0])} to {_iso(days[-1][0])} and includes"
    return f"the {e.kind} {e.id} is"


def _where(ctx: Context, i: int, field: str) -> tuple[int, int]:
    return ctx.at("events", i, field)


@rule("BT301")
def weekend(ctx: Context) -> Iterator[Finding]:
    """A deadline, a meeting (each of its days) and the last day of a hearing or period should
    fall on a weekday. Phases and `event`s are not checked (a borgermøde on a Saturday is
    normal), nor month or quarter dates. When a weekend day is intended, as Allerød's
    1 April 2023 deadline was, add BT301 to `process.rules.disable` or accept the warning.
    """
    off: Mapping[date, str] | None = None
    for i, e, days in _checked(ctx):
        bad = [(d, f) for d, f in days if d.weekday() >= 5]
        if not bad:
            continue
        if off is None:
            try:
                off = _holidays(ctx)
            except LookupError:
                off = None
            off = {} if off is None else off
        listed = ", ".join(_day(d) for d, _ in bad)
        kind = "a weekend day" if len(bad) == 1 else "weekend days"
        yield Finding(
            "BT301",
            _where(ctx, i, bad[0][1]),
            f"{_what(e, days)} {listed}, {kind}: {_fix(e, days, bad[0][0], off, 'BT301')}",
            (e.id,),
        )


@rule("BT302")
def public_holiday(ctx: Context) -> Iterator[Finding]:
    """The same days as BT301 should not fall on a public holiday of the country in
    `process.rules.holidays` (default DK; the `holidays` package knows, for instance, that
    Store Bededag was abolished from 2024). The message names the holiday. `holidays: none`
    switches this rule off (and only this rule).
    """
    if ctx.cal.process.rules.holidays == "none":
        return
    try:
        off = _holidays(ctx)
    except LookupError as exc:
        country = ctx.cal.process.rules.holidays
        yield Finding(
            "BT302",
            ctx.at("process", "rules", "holidays"),
            f"the holidays package does not know {country!r} ({exc}); write an ISO 3166 "
            "country code such as DK (with a subdivision: DE-BY), or none to skip this rule",
        )
        return
    assert off is not None
    for i, e, days in _checked(ctx):
        bad = [(d, f) for d, f in days if d in off]
        if not bad:
            continue
        country = ctx.cal.process.rules.holidays
        listed = ", ".join(f"{_day(d)}, {off[d]}" for d, _ in bad)
        yield Finding(
            "BT302",
            _where(ctx, i, bad[0][1]),
            f"{_what(e, days)} {listed} (a public holiday in {country}): "
            f"{_fix(e, days, bad[0][0], off, 'BT302')}",
            (e.id,),
        )
