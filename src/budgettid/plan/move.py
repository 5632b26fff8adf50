"""Move one event and let the plan follow: the dates that must move to keep the rules move
as little as they can, and nothing else changes.

The asked date is pinned; every other exact date is a point whose target is where it is
now. The relations kept are the rules' (relations.derive without the unwritten orders: a
move is meant, so an event may pass one it merely followed). A date that was on a working
day stays on one where it can, and a meeting, event or window prefers its weekday (a week
away rather than a day). When the rules cannot all hold, nothing is planned: the result
names the relations in conflict and how early or late the asked date may go
(why.window), refined to a day that needs no other date on a day off.

The file is edited as text (yamledit), as `roll` edits it: comments, layout and quoting stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..errors import BundledNotWritable, UnknownEvent, UsageError
from ..format.model import Calendar, Event
from ..format.values import FuzzyDate
from .relations import Field, date_fields, derive, end_field, start_field
from .schedule import OFF, Broken, Plan, Problem, Reason

REFINE = 14  # days before the latest (after the earliest) date searched for one needing no day off


@dataclass(frozen=True)
class Change:
    """One date the move changes: the asked one, or one that had to follow (and why)."""

    field: Field
    old: FuzzyDate
    new: FuzzyDate
    reasons: tuple[Reason, ...] = ()
    asked: bool = False
    line: int = 0  # where the result writes it
    column: int = 0

    @property
    def days(self) -> int | None:
        return (self.new.first - self.old.first).days if self.old.exact and self.new.exact else None


@dataclass(frozen=True)
class Conflict:
    """Why the move cannot be made: the rules' relations that cannot all hold, and how far
    the asked date may go (None: no bound that way)."""

    broken: tuple[Broken, ...]
    codes: tuple[str, ...]  # the rules in conflict, sorted
    earliest: date | None = None
    latest: date | None = None
    contradictory: bool = False  # no date at all keeps every rule


@dataclass
class MoveResult:
    """The moved calendar's text, what changed and the check of it; or the conflict."""

    source: Calendar
    event: str
    asked: dict[Field, FuzzyDate]
    output: Path
    text: str | None = None  # None: nothing to write (a conflict, or nothing to move)
    result: Calendar | None = None
    changes: list[Change] = field(default_factory=list)
    conflict: Conflict | None = None
    findings: list[Diagnostic] = field(default_factory=list)  # the check of the result
    new: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)  # findings the source did not have
    fixed: dict[Field, FuzzyDate] = field(default_factory=dict)  # dates that did not move, for words
    pins: dict[Field, date] = field(default_factory=dict)
    newline: str = "\n"
    mode: int | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        """The result's errors that count (an accepted one does not)."""
        return [d for d in self.findings if d.severity is Severity.ERROR and d.accepted is None]

    @property
    def same(self) -> bool:
        """The event is already where it was asked to go."""
        return self.conflict is None and not self.changes


def parse_day(value: str) -> FuzzyDate:
    """A date as `move` takes it: a day, a month or a quarter; UsageError otherwise."""
    from ..i18n import msg

    try:
        return FuzzyDate.parse(value.strip())
    except ValueError:
        raise UsageError(msg("move.bad_date", value=value)) from None


def move(
    text: str,
    name: str,
    event: str,
    when: FuzzyDate,
    end: FuzzyDate | None = None,
    *,
    cal: Calendar | None = None,
    output: Path | None = None,
) -> MoveResult:
    """Move `event` (a window's start) to `when`, and its end to `end`, in calendar text.

    Raises UnknownEvent for an id the calendar does not have and UsageError for `end` on an
    event with one date. Nothing is written: see `write_moved`.
    """
    from ..format.load import load_text

    if cal is None:
        cal = load_text(text, name)
    e = _event(cal, event)
    start = start_field(e)
    asked = {start: when}
    if end is not None:
        if e.date is not None:
            from ..i18n import msg

            raise UsageError(msg("move.end_not_window", event=event))
        asked[end_field(e)] = end
    elif e.kind == "meeting" and e.start and e.end and e.start.exact and e.end.exact and when.exact:
        # A meeting over several days moves as a whole.
        asked[end_field(e)] = FuzzyDate.day(when.first + (e.end.first - e.start.first))
    out = MoveResult(cal, event, asked, output or Path(name))
    values = dict(date_fields(cal))
    if all(values[f] == v for f, v in asked.items()):
        return out

    problem = _problem(cal, asked)
    out.fixed = dict(problem.fixed)
    out.pins = {f: p.target for f, p in problem.points.items() if p.pinned}
    from .schedule import solve

    plan = solve(problem)
    if plan is None:
        out.conflict = _conflict(problem, start)
        return out
    _apply(out, text, name, values, plan)
    return out


def _event(cal: Calendar, event: str) -> Event:
    if event in cal.event_index:
        return cal.event(event)
    from ..format.closest import closest, listing

    if event in cal.phase_by_id:
        from ..i18n import msg

        raise UsageError(msg("move.is_phase", event=event, file=cal.file))

    known = [e.id for e in cal.events]
    raise UnknownEvent(cal.file, event, closest(event, known), listing(known))


def _problem(cal: Calendar, asked: dict[Field, FuzzyDate]) -> Problem:
    """The calendar's dates as a problem: the asked ones pinned, the others where they are."""
    from .schedule import days_off, deadlines, point

    off = days_off(cal.process.rules)
    # A relation of a date moved to a month or quarter must only not come to fail.
    vague = {f for f, v in asked.items() if not v.exact}
    relations = [replace(r, weak=True) if vague & set(r.fields) else r for r in derive(cal, unwritten=False)]
    fixed: dict[Field, FuzzyDate] = deadlines(cal, cal.process.first_budget_year - 1)
    points = {}
    for f, fd in date_fields(cal):
        if f in asked and asked[f].exact:
            source = fd.first if fd.exact else asked[f].first
            points[f] = point(cal, f, source, asked[f].first, off, pinned=True)
        elif f in asked:
            fixed[f] = asked[f]
        elif fd.exact:
            points[f] = point(cal, f, fd.first, fd.first, off)
        else:
            fixed[f] = fd
    return Problem(points, fixed, relations, off, hard=True)


def _conflict(problem: Problem, subject: Field) -> Conflict:
    """What the rules cannot all keep, and the nearest dates the asked one could have."""
    from .schedule import solve
    from .why import window

    soft = solve(replace(problem, hard=False))
    assert soft is not None  # a plan that may break rules always exists
    broken = tuple(soft.rules_broken)
    codes = {b.relation.code for b in broken} | {r.code for b in broken for r in b.because}
    conflict = Conflict(broken, tuple(sorted(c for c in codes if c is not None)))
    p = problem.points.get(subject)
    if p is None:  # moved to a month or quarter: no single day to propose
        return conflict
    earliest, latest = window(problem, subject)
    if earliest is None and latest is None:
        return replace(conflict, contradictory=True)
    if latest is not None and p.target > latest:
        return replace(conflict, latest=_refine(problem, subject, latest, -1, earliest))
    if earliest is not None and p.target < earliest:
        return replace(conflict, earliest=_refine(problem, subject, earliest, 1, latest))
    return replace(conflict, earliest=earliest, latest=latest)


def _refine(problem: Problem, subject: Field, bound: date, step: int, other: date | None) -> date:
    """From `bound` inwards, the first day that a plan takes with no date put on a day off
    (the subject's own day a working day, if it was on one); `bound` when none is near."""
    from .schedule import solve

    p = problem.points[subject]
    for k in range(REFINE + 1):
        day = bound + timedelta(days=step * k)
        if other is not None and (day - other).days * step > 0:
            break
        if p.avoid_off and problem.off(p, day.toordinal()):
            continue
        pinned = dict(problem.points)
        pinned[subject] = replace(p, target=day)
        plan = solve(replace(problem, points=pinned))
        if plan is not None and plan.cost < OFF:
            return day
    return bound


def _apply(out: MoveResult, text: str, name: str, values: dict[Field, FuzzyDate], plan: Plan) -> None:
    """Write the plan into the text, load and check it, and list what changed and why."""
    from ..format.load import load_text
    from ..rules.engine import check_calendar
    from .relations import field_path
    from .yamledit import Editor

    cal = out.source
    new = {f: FuzzyDate.day(d) for f, d in plan.dates.items()} | out.asked
    editor = Editor(text, name)
    changed = {f: v for f, v in new.items() if values[f] != v}
    for f, v in changed.items():
        editor.set_scalar(field_path(cal, f), v.text)
    result_text = editor.apply()
    result = load_text(result_text, str(out.output))
    after = dict(date_fields(result))
    # An alias shared with another date: the edit would carry that date along too.
    carried = [f for f, v in changed.items() if after[f] != v] + [
        f for f in after if f not in changed and after[f] != values[f]
    ]
    if carried:
        from ..i18n import msg

        f = carried[0]
        line, column = cal.source.at(field_path(cal, f))
        where = f"{cal.file}:{line}:{column}"
        raise UsageError(msg("move.alias", where=where, event=f.id, field=f.key))
    out.text, out.result = result_text, result
    for f, v in changed.items():
        line, column = result.source.at(field_path(cal, f))
        reasons = tuple(plan.reasons.get(f, ())) if f not in out.asked else ()
        out.changes.append(Change(f, values[f], v, reasons, f in out.asked, line, column))
    out.changes.sort(key=lambda c: (not c.asked, c.line, c.column))
    before = {(d.code, d.events) for d in check_calendar(cal)}
    out.findings = sorted(check_calendar(result), key=Diagnostic.sort_key)
    out.new = {(d.code, d.events) for d in out.findings} - before


def move_file(
    source: Path, event: str, when: FuzzyDate, end: FuzzyDate | None = None, output: Path | None = None
) -> MoveResult:
    """Read a calendar file once and move one of its events; the result is meant for
    `output` (default: the file itself). Nothing is written: see `write_moved`."""
    from ..files import read_bytes
    from ..format.load import load_text, read_text

    text = read_text(source)
    cal = load_text(text, str(source))
    result = move(text, str(source), event, when, end, cal=cal, output=output or source)
    result.newline = "\r\n" if b"\r\n" in read_bytes(source, "calendar") else "\n"
    try:
        result.mode = source.stat().st_mode & 0o777
    except OSError:
        result.mode = None
    return result


def write_moved(r: MoveResult) -> Path | None:
    """Write the moved calendar atomically to `r.output` (the source itself by default, with
    its line endings and permissions); nothing when there is nothing to write. Never over
    the bundled calendar, nor over another calendar than the source."""
    from ..files import write_atomic
    from ..format.load import bundled_path

    if r.text is None:
        return None
    out, source = r.output, Path(r.source.file)
    try:
        bundled = out.resolve() == bundled_path().resolve()
    except OSError:
        bundled = False
    if bundled:
        raise BundledNotWritable(out)
    in_place = out.exists() and source.exists() and out.resolve() == source.resolve()
    data = r.text.replace("\n", r.newline).encode("utf-8")
    return write_atomic(
        out, data, inputs=[] if in_place else [source], mode=r.mode, replace_calendar=in_place
    )


__all__ = ["Change", "Conflict", "MoveResult", "move", "move_file", "parse_day", "write_moved"]
