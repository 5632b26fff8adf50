"""Where a fix may move a date: within every bound the rules set on it, on a working day.

Two findings about one date must not suggest days that contradict each other (BT104 "by
1 October", BT205 "by 30 September"), and no suggestion may land on a weekend, a public
holiday or a closed day. So the rules ask here: the bounds that the calendar's relations
(`after`, `before`, `opened_by`, `feeds`, `phase`) and the statutory steps put on each
event (its start at the earliest, its end at the latest, the other events staying where
they are) are collected once, and a suggestion is the nearest working day that keeps
them all.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..daysoff import DaysOff, UnknownCountry

if TYPE_CHECKING:
    from ..format.model import Event
    from ._base import Context

START, END = "start", "end"
_SEARCH = 62  # days searched for a working day: a list of closed days could close them all


def _shift(d: date, days: int) -> date | None:
    """`d` moved by `days`, or None past the ends of the calendar (year 1, year 9999)."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return None


class Moves:
    """The bounds on every event's dates, and the working days a fix may suggest."""

    def __init__(self, ctx: Context) -> None:
        self.off = _usable(ctx.days_off)
        self.low: dict[str, list[date]] = defaultdict(list)  # the event's start: on or after
        self.high: dict[str, list[date]] = defaultdict(list)  # the event's end: on or before
        self._collect(ctx)

    # --- what a rule asks -----------------------------------------------------------------

    def later(self, e: Event, x: date, side: str = START) -> date | None:
        """The first working day on or after `x` that keeps `e`'s bounds, or None."""
        lows, highs = self._limits(e, side)
        d = self._working(max([x, *lows]), 1)
        return d if d is not None and all(d <= h for h in highs) else None

    def earlier(self, e: Event, x: date, side: str = END) -> date | None:
        """The last working day on or before `x` that keeps `e`'s bounds, or None."""
        lows, highs = self._limits(e, side)
        d = self._working(min([x, *highs]), -1)
        return d if d is not None and all(d >= lo for lo in lows) else None

    def at_or_after(self, e: Event, x: date, side: str = START) -> date:
        """later(), else (no day keeps every bound) the first working day from `x` on."""
        return self.later(e, x, side) or self._working(x, 1) or x

    def at_or_before(self, e: Event, x: date, side: str = END) -> date:
        """earlier(), else (no day keeps every bound) the last working day up to `x`."""
        return self.earlier(e, x, side) or self._working(x, -1) or x

    def around(self, e: Event, d: date, side: str) -> tuple[date | None, date | None]:
        """The working days to move `d` to, before and after it, that keep `e`'s bounds;
        the plain working days around it when neither does."""
        prev, nxt = _shift(d, -1), _shift(d, 1)
        before = self.earlier(e, prev, side) if prev else None
        after = self.later(e, nxt, side) if nxt else None
        if before is None and after is None:
            return (self._working(prev, -1) if prev else None), (self._working(nxt, 1) if nxt else None)
        return before, after

    # --- the bounds -----------------------------------------------------------------------

    def _limits(self, e: Event, side: str) -> tuple[list[date], list[date]]:
        """What `side` of `e` must be on or after, and on or before. A window's start also
        stays on or before its end, and its end on or after its start; a day is both sides."""
        single = e.date is not None
        lows = self.low[e.id] if side == START or single else [e.span_start.first]
        highs = self.high[e.id] if side == END or single else [e.span_end.last]
        return lows, highs

    def _working(self, d: date, step: int) -> date | None:
        for _ in range(_SEARCH):
            if self.off.working(d):
                return d
            moved = _shift(d, step)
            if moved is None:
                return None
            d = moved
        return None

    def _collect(self, ctx: Context) -> None:
        cal = ctx.cal
        index = ctx.index

        def other(event_id: str | None) -> Event | None:
            return cal.events[index[event_id]] if event_id in index else None

        def before(a: Event, b: Event, gap: int) -> None:
            """a ends at least `gap` days before b starts."""
            if a is not b:
                if (latest := _shift(b.first, -gap)) is not None:
                    self.high[a.id].append(latest)
                if (earliest := _shift(a.last, gap)) is not None:
                    self.low[b.id].append(earliest)

        phases = cal.phase_by_id
        for e in cal.events:
            for c in e.after:
                if (o := other(c.event)) is not None:
                    before(o, e, c.min_days)
            for c in e.before:
                if (o := other(c.event)) is not None:
                    before(e, o, c.min_days)
            if e.kind == "hearing":
                if (o := other(e.opened_by)) is not None:
                    before(o, e, 0)
                for f_id in e.feeds:
                    if (f := other(f_id)) is not None:
                        before(e, f, 0)
            if e.phase in phases:
                p = phases[e.phase]
                self.low[e.id].append(p.start.first)
                self.high[e.id].append(p.end.last)
        self._statutory(ctx, before)

    def _statutory(self, ctx: Context, before) -> None:  # type: ignore[no-untyped-def]
        cal = ctx.cal
        rules = cal.process.rules
        year = cal.process.first_budget_year - 1
        proposal, first, second = (
            cal.step(s) for s in ("budget_proposal", "first_reading", "second_reading")
        )
        if second is not None:
            self.high[second.id].append(rules.adopt_by_date(year))
        if proposal is not None:
            self.high[proposal.id].append(rules.proposal_by_date(year))
            if first is not None:
                before(proposal, first, 0)
        if first is not None and second is not None:
            before(first, second, rules.min_reading_gap_days)
        for e in cal.events:
            if e.step == "amendment_deadline":
                if first is not None:
                    before(first, e, 1)
                if second is not None:
                    before(e, second, 1)
            elif e.step == "public_hearing" and second is not None:
                before(e, second, 1)


def _usable(off: DaysOff) -> DaysOff:
    """The days off, without public holidays when the country is unknown (BT302 says so)."""
    try:
        off.holidays  # noqa: B018  (built here, once; an unknown country raises)
    except UnknownCountry:
        return DaysOff(None, off.closed)
    return off


__all__ = ["END", "START", "Moves"]
