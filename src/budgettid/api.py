"""The Python API that `import budgettid` opens (docs/python-api.md): thin calls into the core.

Each function takes what a Python caller has at hand (a path as `str` or `os.PathLike`,
YAML text, a loaded Calendar) and returns data: nothing prints, nothing exits, nothing is
written. The core modules do the work; heavy libraries are imported by the function that
needs them, so importing this module costs next to nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, get_args

from .errors import UsageError
from .format.model import Calendar, Kind

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .plan.diff import CalendarDiff
    from .plan.move import MoveResult
    from .plan.query import Group, Item
    from .plan.roll import RollResult
    from .rules.engine import Checked

PathArg: TypeAlias = str | os.PathLike[str]
"""A file's path, as `str` or `os.PathLike` (`pathlib.Path`)."""
Source: TypeAlias = Calendar | str | os.PathLike[str]
"""A loaded Calendar, or what `load` takes: a path or YAML text."""
Ids: TypeAlias = Iterable[str]
"""Ids to filter by; a single `str` is one id."""


def bundled_path() -> Path:
    """The calendar shipped with budgettid (Allerød Kommune's Budgetprocessen 2024-31)."""
    from .format.load import bundled_path as bundled

    return bundled()


def is_text(source: str) -> bool:
    """Whether `load` reads a `str` as YAML text: it holds a line break, starts with `format:`,
    or is blank (an empty calendar, not the current folder)."""
    head = source.lstrip("\ufeff \t")
    return "\n" in source or "\r" in source or not head or head.startswith("format:")


def load(source: PathArg, *, name: str | None = None) -> Calendar:
    """A calendar from a file or from YAML text; CalendarInvalid lists every located problem.

    `source` is a path (`str` or `os.PathLike`) or the YAML text itself. A `str` is text
    when it holds a line break, starts with `format:` (a calendar's first key) or is
    blank, else a path; an `os.PathLike` is always a path. `name` is the file name that findings in text
    carry (default `<string>`). A file is read as the command line reads it, through the
    same cache. Raises NoSuchFile or FileProblem when a file cannot be read.
    """
    from .format import load as loading

    if isinstance(source, str) and is_text(source):
        return loading.load_text(source.removeprefix("\ufeff").replace("\r\n", "\n"), name or "<string>")
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"load() takes a path or YAML text, not {type(source).__name__}")
    if name is not None:
        raise TypeError("load(): name is for YAML text; a file is named by its path")
    return loading.load(Path(source))


def calendar_of(source: Source) -> Calendar:
    """`source` itself when it is a Calendar, else `load(source)`."""
    return source if isinstance(source, Calendar) else load(source)


def check(calendar: Source, *, select: Ids = (), ignore: Ids = ()) -> list[Diagnostic]:
    """The rule pack's findings on a calendar, sorted by line and column.

    `select` keeps only these rules, `ignore` drops these (codes such as `BT301` or symbols
    such as `weekend`; a `str` may list several, comma-separated). A path that does not
    load raises CalendarInvalid; `check_paths` reports loading problems as findings instead.
    """
    from .rules.engine import check_calendar

    return check_calendar(calendar_of(calendar), select=_strs(select), ignore=_strs(ignore))


def check_paths(paths: PathArg | Iterable[PathArg], *, select: Ids = (), ignore: Ids = ()) -> Checked:
    """Load and check files as `budgettid check` does; returns a Checked.

    A file's loading problems (BT001-BT005) are its findings, and the rules do not run on
    it (`not_run`); a file that cannot be read is listed in `unreadable` and the others are
    still checked. One path may be given alone.
    """
    from .rules.engine import check_paths as check_files

    many = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    return check_files([Path(p) for p in many], select=_strs(select), ignore=_strs(ignore))


def upcoming(
    calendar: Source,
    *,
    as_of: date | None = None,
    days: int | None = None,
    limit: int | None = None,
    bodies: Ids = (),
    kinds: Ids = (),
) -> list[Item]:
    """What is coming up as of a day (default today), as `budgettid next` lists it.

    Ongoing windows come by their end (the day replies are due), then upcoming items by
    date. `days` keeps what starts within that many days (ongoing windows always), `limit`
    the first so many; `bodies` and `kinds` filter (any of them).
    """
    from .plan import query

    cal = calendar_of(calendar)
    if days is not None and days < 0:
        raise UsageError(f"days is {days}; give 0 or more")
    if limit is not None and limit < 1:
        raise UsageError(f"limit is {limit}; give 1 or more")
    when = date.today() if as_of is None else _day(as_of, "as_of")
    chosen = known_ids("body", bodies, cal.bodies)
    return query.upcoming(cal, when, days=days, limit=limit, bodies=chosen, kinds=_kinds(kinds))


def timeline(calendar: Source, *, phases: Ids = (), bodies: Ids = (), kinds: Ids = ()) -> list[Group]:
    """The whole process grouped by phase (in phase order, events by date), as `budgettid timeline`."""
    from .plan import query

    cal = calendar_of(calendar)
    return query.timeline(
        cal,
        phases=known_ids("phase", phases, cal.phase_by_id),
        bodies=known_ids("body", bodies, cal.bodies),
        kinds=_kinds(kinds),
    )


def feed(
    calendar: Source,
    *,
    bodies: Ids = (),
    kinds: Ids = (),
    phases: Ids = (),
    exact_only: bool = False,
    alarms: bool = True,
    previous: bytes | PathArg | None = None,
    refresh: timedelta | None = None,
    now: datetime | None = None,
    prune_cancelled: bool = False,
) -> bytes:
    """The iCalendar feed (RFC 5545, CRLF lines) as `budgettid ics` writes it.

    `bodies`, `kinds` and `phases` cut it; `exact_only` leaves out month and quarter
    dates; `alarms=False` drops reminders. `previous` is the feed published last (its
    bytes or its path; a path that does not exist yet is a first publication): events
    that changed since get a higher SEQUENCE, and events gone since are published once
    more as cancelled, until `prune_cancelled`. `refresh` is how often subscribers reload
    (default 12 hours). `now` stamps DTSTAMP (default $SOURCE_DATE_EPOCH, else now).
    """
    from .files import read_bytes
    from .ical import feed as ical
    from .ical.lines import MAX_BYTES

    cal = calendar_of(calendar)
    if previous is None or isinstance(previous, bytes):
        old, old_name = previous, None
    elif not Path(previous).exists():
        old, old_name = None, os.fspath(previous)  # a first publication: every event is new
    else:
        old, old_name = read_bytes(Path(previous), "feed", limit=MAX_BYTES), os.fspath(previous)
    return ical.build_feed(
        cal,
        bodies=known_ids("body", bodies, cal.bodies),
        kinds=_kinds(kinds),
        phases=known_ids("phase", phases, cal.phase_by_id),
        exact_only=exact_only,
        alarms=alarms,
        previous=old,
        refresh=ical.DEFAULT_REFRESH if refresh is None else refresh,
        now=now,
        previous_name=old_name,
        prune_cancelled=prune_cancelled,
    ).data


def roll(calendar: Source, *, year: int, output: PathArg | None = None) -> RollResult:
    """Next year's draft, as `budgettid roll --dry-run` makes it: checked, comments kept.

    `year` is the draft's first budget year. The draft is made from the calendar's text,
    so its comments and layout stay: give a path, YAML text, or a Calendar that `load`
    returned (it keeps its text). `output` is the name the draft is meant for (it re-points
    a relative `$schema` comment and names findings); by default the command line's name
    next to the source, or `draft.yaml` for a calendar loaded from text. Nothing is
    written: the result's `text` is the draft. Raises YearNotLater for a year that is not
    after the calendar's first budget year.
    """
    from .plan import roll as rolling

    out = None if output is None else Path(output)
    if isinstance(calendar, os.PathLike) or (isinstance(calendar, str) and not is_text(calendar)):
        return rolling.roll_file(Path(calendar), year, out)  # also keeps CRLF and permissions
    cal = calendar_of(calendar)
    if cal.text is None:
        raise UsageError("this Calendar was not loaded from YAML, so it has no text to roll; use load()")
    if out is None:
        from_file = not cal.file.startswith("<")
        out = rolling.default_output(Path(cal.file), cal, year) if from_file else Path("draft.yaml")
    return rolling.roll(cal.text, cal.file, year, str(out), cal=cal)


def move(
    calendar: Source,
    event: str,
    when: date | str,
    *,
    end: date | str | None = None,
    output: PathArg | None = None,
) -> MoveResult:
    """One event moved, and the dates the rules make follow, as `budgettid move --dry-run`
    plans it: comments and layout kept, the result checked.

    `when` is the event's new date (a window's start) and `end` a window's new end: a
    `date`, or text as the command line takes it (`2023-10-04`, a month `2023-10`, a
    quarter `2023-Q4`). Give a path, YAML text, or a Calendar that `load` returned.
    `output` is the name the result is meant for (default: the file itself). Nothing is
    written: the result's `text` is the moved calendar, `None` when the rules cannot follow
    (then `conflict` says why). Raises UnknownEvent for an id the calendar does not have.
    """
    from .format.values import FuzzyDate
    from .plan import move as moving

    def day(value: date | str) -> FuzzyDate:
        return FuzzyDate.day(value) if isinstance(value, date) else moving.parse_day(value)

    new, new_end = day(when), day(end) if end is not None else None
    out = None if output is None else Path(output)
    if isinstance(calendar, os.PathLike) or (isinstance(calendar, str) and not is_text(calendar)):
        return moving.move_file(Path(calendar), event, new, new_end, out)  # keeps CRLF and permissions
    cal = calendar_of(calendar)
    if cal.text is None:
        raise UsageError("this Calendar was not loaded from YAML, so it has no text to edit; use load()")
    return moving.move(cal.text, cal.file, event, new, new_end, cal=cal, output=out)


def diff(old: Source, new: Source, *, rolled: bool = False) -> CalendarDiff:
    """What changed from `old` to `new`: events moved, added, removed, retitled (by id).

    With `rolled`, `old` is last year's process and `new` is compared with it rolled on, as
    `budgettid diff --rolled` does; the result is false when nothing changed. Raises
    ProcessesSwapped when `rolled` and `old` is the later process.
    """
    from .plan.diff import diff as compare

    return compare(calendar_of(old), calendar_of(new), rolled=rolled)


def wheel_svg(
    calendar: Source,
    *,
    lang: str | None = None,
    as_of: date | None = None,
    start: date | None = None,
    key: bool = True,
) -> str:
    """The årshjul (year wheel) as a standalone SVG document, as `budgettid wheel` draws it.

    `lang` is `da` or `en` (default: the calendar's `process.language`, else Danish);
    `as_of` draws a "today" line; `start` is the month at 12 o'clock (default January of
    the year the budget is adopted); `key=False` leaves out the numbered list of titles.
    """
    from . import i18n
    from .pictures import wheel

    cal = calendar_of(calendar)
    language = lang or cal.process.written_language or "da"
    if language not in i18n.LANGS:
        raise UsageError(f"lang {language!r} is not a language budgettid writes; use da or en")
    first = None if start is None else _day(start, "start").replace(day=1)
    today = None if as_of is None else _day(as_of, "as_of")
    return wheel.render(cal, language, as_of=today, start=first, key=key)


def known_ids(what: str, given: Ids, known: Iterable[str]) -> list[str]:
    """`given` as a list, or UsageError for an id `known` lacks (with the closest one)."""
    import difflib

    ids, names = _strs(given), list(known)
    for value in ids:
        if value not in names:
            close = difflib.get_close_matches(value, names, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise UsageError(f"unknown {what} '{value}'; {hint}known: {', '.join(names)}")
    return ids


def _day(value: date, what: str) -> date:
    """A day: a `datetime` counts as its date; anything else is a TypeError that says so."""
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"{what} is a datetime.date, e.g. date(2023, 8, 25), not {type(value).__name__}")
    return value


def _strs(values: Ids) -> list[str]:
    return [values] if isinstance(values, str) else [str(v) for v in values]


def _kinds(kinds: Ids) -> list[str]:
    return known_ids("kind", kinds, get_args(Kind))


__all__ = [
    "bundled_path",
    "check",
    "check_paths",
    "diff",
    "feed",
    "is_text",
    "load",
    "move",
    "roll",
    "timeline",
    "upcoming",
    "wheel_svg",
]
