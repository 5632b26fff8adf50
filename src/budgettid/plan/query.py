"""`next` and `timeline` as pure functions of (calendar, as_of): they return data, never print."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..format.model import Calendar, Event, Phase


class State(StrEnum):
    UPCOMING = "upcoming"  # has not started
    ONGOING = "ongoing"  # a window under way: listed by its end, the day replies are due
    UNDECIDED = "undecided"  # a month or quarter date whose span contains as_of


@dataclass(frozen=True)
class Item:
    event: Event
    key: date
    state: State
    days_until: int


_KIND_ORDER = {"deadline": 0, "hearing": 1, "period": 2, "meeting": 3, "event": 4}


def select_events(
    events: Iterable[Event],
    bodies: Collection[str] = (),
    kinds: Collection[str] = (),
    phases: Collection[str] = (),
) -> Iterable[Event]:
    """The events of any of `bodies`, of any of `kinds`, in any of `phases` (empty: no filter)."""
    wanted = set(bodies)
    for e in events:
        if wanted and wanted.isdisjoint(e.bodies):
            continue
        if kinds and e.kind not in kinds:
            continue
        if phases and e.phase not in phases:
            continue
        yield e


def upcoming(
    cal: Calendar,
    as_of: date,
    *,
    days: int | None = None,
    limit: int | None = None,
    bodies: Collection[str] = (),
    kinds: Collection[str] = (),
) -> list[Item]:
    """Ongoing windows and upcoming items, by their next relevant date."""
    items = []
    for e in select_events(cal.events, bodies, kinds):
        if e.last < as_of:
            continue
        if e.first > as_of or (e.exact and not e.is_window):
            key, state = e.first, State.UPCOMING
        elif e.is_window and e.span_start.last <= as_of:
            key, state = e.span_end.last, State.ONGOING
        else:
            key, state = e.last, State.UNDECIDED
        if days is not None and state is State.UPCOMING and (key - as_of).days > days:
            continue
        items.append(Item(e, key, state, (key - as_of).days))
    index = cal.event_index
    items.sort(key=lambda it: (it.key, _KIND_ORDER[it.event.kind], index[it.event.id]))
    return items[:limit] if limit is not None else items


@dataclass(frozen=True)
class Group:
    phase: Phase | None  # None: events outside every phase
    events: list[Event]


def timeline(
    cal: Calendar,
    *,
    phases: Collection[str] = (),
    bodies: Collection[str] = (),
    kinds: Collection[str] = (),
) -> list[Group]:
    """The whole process grouped by phase (in phase order), each group sorted by date."""
    by_phase: dict[str | None, list[Event]] = {}
    for e in select_events(cal.events, bodies, kinds, phases):
        by_phase.setdefault(e.phase, []).append(e)
    index = cal.event_index
    groups = []
    for phase in sorted(cal.phases, key=lambda p: (p.start.first, p.end.last)):
        if phase.id in by_phase:
            groups.append(Group(phase, by_phase.pop(phase.id)))
    if None in by_phase:
        groups.append(Group(None, by_phase.pop(None)))
    for g in groups:
        g.events.sort(key=lambda e: (e.first, e.last, index[e.id]))
    return groups


def last_day(cal: Calendar) -> date | None:
    span = cal.span()
    return span[1] if span else None
