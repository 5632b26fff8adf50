"""`next` and `timeline` as pure functions of (calendar, as_of): they return data, never print.

The filters take what the tables show: a body's id, short label or name (`oeu`, `ØU`,
`Økonomiudvalget`), a kind in either language (`meeting`, `møde`), a phase's id or label
(`forhandling`, `Fase 2`); anything else is a UsageError that suggests the id.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import get_args

from ..errors import UsageError
from ..format.model import Calendar, Event, Kind, Phase


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
    """Hearings under way first (by the day replies are due), then everything else by its next
    relevant date: a hearing that is open now is never cut off by `limit`."""
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

    def order(it: Item) -> tuple[bool, date, int, int]:
        open_hearing = it.state is State.ONGOING and it.event.kind == "hearing"
        return (not open_hearing, it.key, _KIND_ORDER[it.event.kind], index[it.event.id])

    items.sort(key=order)
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


# --- filters: what the tables show, or a suggestion -----------------------------------------

KINDS: tuple[str, ...] = get_args(Kind)


def kind_words(lang: str) -> list[str]:
    """The kinds as --kind takes them: the format's ids, then their names in `lang`."""
    from ..i18n import t

    return [*KINDS, *(t(lang, f"kind.{k}") for k in KINDS)]


def resolve_kinds(given: Sequence[str] | None) -> list[str]:
    """Kinds by id or by name in either language (`meeting`, `møde`, `Møde`)."""
    if not given:
        return []  # no filter: no catalogue to read
    from ..i18n import LANGS, t

    names = {k: [t(lang, f"kind.{k}") for lang in ("da", *LANGS)] for k in KINDS}
    return [_pick("kind", value, names) for value in given or ()]


def resolve_bodies(cal: Calendar, given: Sequence[str] | None) -> list[str]:
    """Body ids from ids, short labels or names (`oeu`, `ØU`, `økonomiudvalget`)."""
    names = {b: [x for x in (body.short, body.name) if x] for b, body in cal.bodies.items()}
    return [_pick("body", value, names) for value in given or ()]


def resolve_phases(cal: Calendar, given: Sequence[str] | None) -> list[str]:
    """Phase ids from ids, labels ('Fase 2', as the tables show them) or titles."""
    names = {p.id: [p.title.partition(":")[0], p.title] for p in cal.phases}
    return [_pick("phase", value, names) for value in given or ()]


def _pick(what: str, value: str, names: dict[str, list[str]]) -> str:
    from ..format.closest import closest, listing
    from ..i18n import msg

    if value in names:
        return value
    folded = value.casefold()
    for key, words in names.items():
        if folded == key.casefold() or any(folded == w.casefold() for w in words):
            return key
    close = closest(value, names)
    known = listing(_label(k, names[k]) for k in names)
    key = f"query.unknown_{what}" + ("_close" if close else "")
    raise UsageError(
        msg(key, value=value, close=_label(close, names[close], "'") if close else "", known=known)
    )


def _label(key: str, names: list[str], quote: str = "") -> str:
    """'oeu (ØU)', 'meeting (møde)', 'forhandling (Fase 2)': the id and the first other word for it."""
    other = next((n for n in names if n and n.casefold() != key.casefold()), None)
    return f"{quote}{key}{quote} ({other})" if other else f"{quote}{key}{quote}"
