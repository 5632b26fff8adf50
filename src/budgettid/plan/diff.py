"""What changed between two calendars: events moved, added, removed and retitled (by id).

With `rolled=True` the old calendar is last year's process: it is first rolled the way
`budgettid roll` rolls it (same weekday, same deadline date, months and quarters a whole
year, each date moved as little as keeping the plan's relations asks; years in titles
moved), and the new calendar is compared with that. A "moved" event is then one that this
year's process moved away from where the roll put it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ProcessesSwapped
from ..format.model import Calendar, Event
from ..format.values import FuzzyDate, Precision, coarsest


@dataclass(frozen=True)
class Dates:
    """When an event is: its first and last date, and its clock times if it has them."""

    start: FuzzyDate
    end: FuzzyDate
    time: str | None = None
    end_time: str | None = None

    @classmethod
    def of(cls, e: Event) -> Dates:
        return cls(e.span_start, e.span_end, *_times(e))

    def same(self, other: Dates) -> bool:
        # Compare the days meant, not the spelling ("2023-4" and "2023-04" are one month).
        def key(d: Dates) -> tuple[object, ...]:
            return (d.start.first, d.start.last, d.end.first, d.end.last, d.time, d.end_time)

        return key(self) == key(other)

    def json(self) -> dict[str, str | None]:
        return {"start": self.start.text, "end": self.end.text, "time": self.time, "end_time": self.end_time}


def _times(e: Event) -> tuple[str | None, str | None]:
    return (
        e.time.strftime("%H:%M") if e.time else None,
        e.end_time.strftime("%H:%M") if e.end_time else None,
    )


def _days(old: FuzzyDate, new: FuzzyDate) -> int | None:
    return (new.first - old.first).days if old.exact and new.exact else None


@dataclass(frozen=True)
class Moved:
    """An event whose dates changed. `days` is None unless both dates are days."""

    id: str
    title: str
    old: Dates  # as written in the old file
    new: Dates
    expected: Dates  # where the old event should be now: `old`, or old rolled (--rolled)
    days: int | None  # new start minus expected start
    end_days: int | None  # new end minus expected end
    decided: bool  # a month/quarter became a day (or month) within it: fixed, not moved


@dataclass(frozen=True)
class Entry:
    """An added or removed event."""

    id: str
    title: str
    dates: Dates


@dataclass(frozen=True)
class Retitled:
    id: str
    old: str
    new: str


@dataclass
class CalendarDiff:
    old_file: str
    new_file: str
    rolled: bool
    years: int  # the year shift applied to the old calendar (0 unless rolled)
    moved: list[Moved] = field(default_factory=list)
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    retitled: list[Retitled] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.moved or self.added or self.removed or self.retitled)


def _rolled(old: Calendar, years: int) -> Calendar | None:
    """`old` as `budgettid roll` drafts it `years` on (its dates planned to keep the plan's
    relations); None for a calendar without text (built in code), which rolls date by date."""
    if not years or old.text is None:
        return None
    from .roll import roll

    return roll(old.text, old.file, old.process.first_budget_year + years, old.file, cal=old).draft


def _expected(e: Event, old: Calendar, years: int, draft: Calendar | None) -> tuple[Dates, str]:
    if not years:
        return Dates.of(e), e.title
    if draft is not None:
        d = draft.event(e.id)
        return Dates.of(d), d.title
    from .roll import roll_event_dates, roll_years_in_text

    rolled = roll_event_dates(e, years)
    p = old.process
    title = roll_years_in_text(e.title, p.first_budget_year, p.last_budget_year, years)
    if "date" in rolled:
        return Dates(rolled["date"].new, rolled["date"].new, *_times(e)), title
    return Dates(rolled["start"].new, rolled["end"].new, *_times(e)), title


def _finer(a: Precision, b: Precision) -> bool:
    return a != b and coarsest(a, b) == b


def _within(inner: FuzzyDate, outer: FuzzyDate) -> bool:
    return outer.first <= inner.first and inner.last <= outer.last


def diff(old: Calendar, new: Calendar, *, rolled: bool = False) -> CalendarDiff:
    """Compare events by id; see the module docstring for `rolled`.

    Raises ProcessesSwapped when `rolled` and OLD's process is later than NEW's: rolling
    back a year is never meant, the arguments are swapped.
    """
    years = new.process.first_budget_year - old.process.first_budget_year if rolled else 0
    if years < 0:
        raise ProcessesSwapped(old.file, old.process.budget_years, new.file, new.process.budget_years)
    out = CalendarDiff(old.file, new.file, rolled, years)
    draft = _rolled(old, years)
    new_ids = new.event_index
    for e in old.events:
        if e.id not in new_ids:
            out.removed.append(Entry(e.id, e.title, Dates.of(e)))
            continue
        n = new.event(e.id)
        expected, title = _expected(e, old, years, draft)
        now = Dates.of(n)
        if not now.same(expected):
            finer = _finer(now.start.precision, expected.start.precision) or _finer(
                now.end.precision, expected.end.precision
            )
            decided = finer and _within(now.start, expected.start) and _within(now.end, expected.end)
            out.moved.append(
                Moved(
                    e.id,
                    n.title,
                    Dates.of(e),
                    now,
                    expected,
                    _days(expected.start, now.start),
                    _days(expected.end, now.end),
                    decided,
                )
            )
        if n.title != title:
            out.retitled.append(Retitled(e.id, title, n.title))
    old_ids = old.event_index
    out.added = [Entry(e.id, e.title, Dates.of(e)) for e in new.events if e.id not in old_ids]
    out.moved.sort(key=lambda m: (m.new.start.first, m.id))
    out.added.sort(key=lambda a: (a.dates.start.first, a.id))
    out.removed.sort(key=lambda r: (r.dates.start.first, r.id))
    return out
