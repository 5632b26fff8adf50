"""The relations a plan keeps: which date must stay before which, read off a calendar.

`roll` and `move` change dates; what they must not change is how the dates stand to each
other. `derive` lists every relation that holds in a calendar:

- the written ones and the rules': a window's start before its end (BT101), an event inside
  its phase (BT102), `after`/`before` with `min_days` (BT103), a hearing between what opens
  it and what it feeds (BT104), and the statutory steps (BT201-BT205: the proposal by
  `proposal_by` and not after the first reading, the readings' gap, the amendment deadline
  strictly between the readings, adoption by `adopt_by`, the public hearing ending before
  the second reading);
- the unwritten ones (`code` None): the order of exact dates that lie in the same or
  neighbouring ISO weeks (a deadline two days after the first reading stays after it, a
  deadline on the day the negotiations end stays on that day), the order of the phases'
  bounds (back-to-back phases stay back to back), and a meeting's length in days.

Why the neighbouring weeks and no further: rolling a date by its own rule moves it at most
a few days against another date (a weekday against a calendar date, week 53 against week
52), so only dates less than two weeks apart can swap; an order between dates further apart
is kept through the chain of orders between them, without tying every pair of the year.

A relation that a month or quarter date leaves undecided in the calendar (BT106) is kept
`weak`: it must not come to fail. One that fails already is not kept: the check reports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from ..format.keypath import KeyPath
from ..format.model import Calendar, Event
from ..format.values import FuzzyDate

EVENT, PHASE, DEADLINE = "event", "phase", "deadline"


@dataclass(frozen=True, order=True)
class Field:
    """A date written in a calendar: an event's date, start or end, a phase's start or end, or
    a statutory deadline (`adopt_by`, `proposal_by`) of the calendar's year."""

    owner: str  # EVENT, PHASE or DEADLINE
    id: str  # the event's or phase's id; the deadline's name
    key: str  # date, start or end ("" for a deadline)

    def __str__(self) -> str:
        return f"{self.owner}:{self.id}:{self.key}"


def start_field(e: Event) -> Field:
    return Field(EVENT, e.id, "date" if e.date is not None else "start")


def end_field(e: Event) -> Field:
    return Field(EVENT, e.id, "date" if e.date is not None else "end")


@dataclass(frozen=True)
class Relation:
    """`later`'s day minus `earlier`'s day is at least `gap` (exactly `gap` when `exact`).

    A month or quarter is compared as the rules compare it: by its last possible day on the
    earlier side and its first on the later side, or, `weak`, the other way round (it may
    still hold, as it might when the calendar was read).
    """

    kind: str  # what it is, for words: after, before, phase, window, opened_by, feeds, ...
    code: str | None  # the rule it keeps (BT103, ...); None for an order of the calendar
    earlier: Field
    later: Field
    gap: int = 0
    exact: bool = False
    weak: bool = False

    @property
    def fields(self) -> tuple[Field, Field]:
        return self.earlier, self.later

    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.fields if f.owner == EVENT)


Values = Callable[[Field], FuzzyDate]


def holds(r: Relation, value: Values) -> bool | None:
    """True when `r` holds for every possible day, False when for none, None in between."""
    earlier, later = value(r.earlier), value(r.later)
    if r.exact:
        if earlier.exact and later.exact:
            return (later.first - earlier.first).days == r.gap
        return None
    if (later.first - earlier.last).days >= r.gap:
        return True
    if (later.last - earlier.first).days < r.gap:
        return False
    return None


def kept(r: Relation, value: Values) -> bool:
    """Does the relation hold as it must be kept (a weak one: it does not fail)?"""
    verdict = holds(r, value)
    return verdict is True or (r.weak and verdict is None)


def values_of(cal: Calendar) -> Values:
    """Each field's date in `cal` (deadlines in the year before the first budget year)."""
    year = cal.process.first_budget_year - 1
    rules = cal.process.rules
    deadlines = {
        "adopt_by": FuzzyDate.day(rules.adopt_by_date(year)),
        "proposal_by": FuzzyDate.day(rules.proposal_by_date(year)),
    }

    def value(f: Field) -> FuzzyDate:
        if f.owner == DEADLINE:
            return deadlines[f.id]
        item = cal.event(f.id) if f.owner == EVENT else cal.phase_by_id[f.id]
        fd = getattr(item, f.key)
        assert isinstance(fd, FuzzyDate), f
        return fd

    return value


def field_path(cal: Calendar, f: Field) -> KeyPath:
    """Where an event's or phase's date is written in `cal`."""
    if f.owner == EVENT:
        return ("events", cal.event_index[f.id], f.key)
    return ("phases", next(i for i, ph in enumerate(cal.phases) if ph.id == f.id), f.key)


def date_fields(cal: Calendar) -> Iterator[tuple[Field, FuzzyDate]]:
    """Every date written in `cal`, phases first, each with its value."""
    for p in cal.phases:
        yield Field(PHASE, p.id, "start"), p.start
        yield Field(PHASE, p.id, "end"), p.end
    for e in cal.events:
        for key in ("date", "start", "end"):
            fd = getattr(e, key)
            if fd is not None:
                yield Field(EVENT, e.id, key), fd


def derive(cal: Calendar, *, unwritten: bool = True) -> list[Relation]:
    """Every relation that holds in `cal` (weak where a month or quarter leaves it undecided);
    without the unwritten orders when `unwritten` is false (a move keeps only the rules')."""
    value = values_of(cal)
    off = set(cal.process.rules.disable)
    out: list[Relation] = []
    for r in _written(cal, off):
        verdict = holds(r, value)
        if verdict is True:
            out.append(r)
        elif verdict is None:
            out.append(replace(r, weak=True))
    if unwritten:
        out.extend(_unwritten(cal))
    return out


def _written(cal: Calendar, off: set[str]) -> Iterator[Relation]:
    def rule(code: str) -> bool:
        return code not in off

    if rule("BT101"):
        # A window on one day too: moving its start alone must not pass its end.
        for p in cal.phases:
            yield Relation("window", "BT101", Field(PHASE, p.id, "start"), Field(PHASE, p.id, "end"))
        for e in cal.events:
            if e.date is None:
                yield Relation("window", "BT101", Field(EVENT, e.id, "start"), Field(EVENT, e.id, "end"))
    if rule("BT102"):
        for e in cal.events:
            if e.phase is not None and e.phase in cal.phase_by_id:
                yield Relation("phase", "BT102", Field(PHASE, e.phase, "start"), start_field(e))
                yield Relation("phase", "BT102", end_field(e), Field(PHASE, e.phase, "end"))
    index = cal.event_index
    if rule("BT103"):
        for e in cal.events:
            for c in e.after:
                if c.event in index and c.event != e.id:
                    yield Relation(
                        "after", "BT103", end_field(cal.event(c.event)), start_field(e), c.min_days
                    )
            for c in e.before:
                if c.event in index and c.event != e.id:
                    yield Relation(
                        "before", "BT103", end_field(e), start_field(cal.event(c.event)), c.min_days
                    )
    if rule("BT104"):
        for h in cal.events:
            if h.kind != "hearing":
                continue
            if h.opened_by in index:
                yield Relation("opened_by", "BT104", end_field(cal.event(h.opened_by)), start_field(h))
            for f in h.feeds:
                if f in index:
                    yield Relation("feeds", "BT104", end_field(h), start_field(cal.event(f)))
    yield from _statutory(cal, rule)


def _statutory(cal: Calendar, rule: Callable[[str], bool]) -> Iterator[Relation]:
    first, second = cal.step("first_reading"), cal.step("second_reading")
    proposal = cal.step("budget_proposal")
    if first and second and rule("BT201"):
        gap = cal.process.rules.min_reading_gap_days
        yield Relation("reading_gap", "BT201", end_field(first), start_field(second), gap)
    if second and rule("BT202"):
        yield Relation("adopt_by", "BT202", end_field(second), Field(DEADLINE, "adopt_by", ""))
    if proposal and rule("BT203"):
        yield Relation("proposal_by", "BT203", end_field(proposal), Field(DEADLINE, "proposal_by", ""))
        if first:
            yield Relation("proposal", "BT203", end_field(proposal), start_field(first))
    for e in cal.events:
        if e.step == "amendment_deadline" and rule("BT204"):
            if first:
                yield Relation("amendment", "BT204", end_field(first), start_field(e), 1)
            if second:
                yield Relation("amendment", "BT204", end_field(e), start_field(second), 1)
        if e.step == "public_hearing" and second and rule("BT205"):
            yield Relation("public_hearing", "BT205", end_field(e), start_field(second), 1)


def _week(d: date) -> int:
    """A running number of the ISO week (weeks start on Monday; 1 January of year 1 was one)."""
    return (d.toordinal() - 1) // 7


def _unwritten(cal: Calendar) -> Iterator[Relation]:
    """The orders that hold without being written: see the module's docstring."""
    days: dict[date, list[Field]] = {}
    for f, fd in date_fields(cal):
        if fd.exact and f.owner == EVENT:
            days.setdefault(fd.first, []).append(f)
    order = sorted(days)
    for d in order:  # one day: every event on it stays on one day
        first, *rest = days[d]
        for f in rest:
            # Tie each date to the day's first, or (a window's other end) to another event's.
            other = first if f.id != first.id else next((g for g in rest if g.id != first.id), None)
            if other is not None:
                yield Relation("same_day", None, other, f, 0, exact=True)
    for a, b in pairwise(order):
        if _week(b) - _week(a) > 1:
            continue
        pair = _apart(days[a], days[b])
        if pair is not None:
            yield Relation("order", None, pair[0], pair[1], 1)
    yield from _phase_order(cal)
    for e in cal.events:
        if (
            e.kind == "meeting"
            and e.start is not None
            and e.end is not None
            and e.start.exact
            and e.end.exact
        ):
            length = (e.end.first - e.start.first).days
            if length > 0:
                yield Relation(
                    "length", None, Field(EVENT, e.id, "start"), Field(EVENT, e.id, "end"), length, True
                )


def _apart(earlier: list[Field], later: list[Field]) -> tuple[Field, Field] | None:
    """Two fields of different events, one from each day (a window's own ends are BT101's)."""
    for a in earlier:
        for b in later:
            if a.id != b.id:
                return a, b
    return None


def _phase_order(cal: Calendar) -> Iterator[Relation]:
    bounds = sorted((fd.first, f) for f, fd in date_fields(cal) if f.owner == PHASE and fd.exact)
    for (da, a), (db, b) in pairwise(bounds):
        gap = (db - da).days
        if gap == 0:
            yield Relation("same_day", None, a, b, 0, exact=True)
        elif gap == 1:
            yield Relation("next_day", None, a, b, 1, exact=True)
        else:
            yield Relation("order", None, a, b, 1)


__all__ = [
    "DEADLINE",
    "EVENT",
    "PHASE",
    "Field",
    "Relation",
    "date_fields",
    "derive",
    "end_field",
    "field_path",
    "holds",
    "kept",
    "start_field",
    "values_of",
]
