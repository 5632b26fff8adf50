"""Calendar → iCalendar feed, to the profile in README.md ("Calendar feeds").

The library (icalendar 7) encodes, escapes and folds every value; this module decides what
goes in and lays out the content lines itself, because building icalendar Component objects
made a 10,000-event export take about three times as long. Days are all-day VALUE=DATE
items with an exclusive DTEND; timed meetings are local times with a TZID whose VTIMEZONE
comes from `vtimezone` (one yearly rule each way). A date known only to the month or quarter
is an all-day, free, tentative span over the whole month or quarter, marked "dato
fastlægges" in its title.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .. import __version__, i18n
from ..errors import UsageError
from ..format.model import Calendar, Event
from ..format.values import format_duration
from .previous import COMPARED, Change, Changes, Published, other_processes, read_published, value_key

DEFAULT_REFRESH = timedelta(hours=12)
# Reminders used when an event lists none. Periods and plain events get no alarm.
DEFAULT_REMINDERS: Mapping[str, timedelta] = {
    "deadline": timedelta(days=7),
    "meeting": timedelta(days=1),
    "hearing": timedelta(days=1),
}
# A reminder in whole days on an all-day item fires at this hour, not at midnight.
ALL_DAY_REMINDER_HOUR = 9
# Only meetings block time; a deadline or a hearing is something to know about, not to attend.
BUSY_KINDS = frozenset({"meeting"})


@dataclass(frozen=True)
class Feed:
    data: bytes
    changes: Changes
    notes: list[str] = field(default_factory=list)  # what a user should know, e.g. skipped hours


# --- time ----------------------------------------------------------------------------------


def stamp_time(environ: Mapping[str, str] = os.environ) -> datetime:
    """DTSTAMP/LAST-MODIFIED: $SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970; "
            "set it to e.g. $(git log -1 --format=%ct) or unset it"
        ) from None


# --- one event -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _When:
    start: date | datetime
    end: date | datetime | None  # None: a moment (a time without end_time, or a squeezed one)
    all_day: bool
    undecided: bool
    # The clocks skip the start, and the time it means is not before end_time (02:30-03:30 on
    # the last Sunday of March): DTEND must come after DTSTART, so the end is left out, and a
    # meeting without DTEND ends as it starts, which is what the two times then say.
    squeezed: bool = False


def _when(e: Event, zone: ZoneInfo) -> _When:
    first, last = e.span_start.first, e.span_end.last
    if not e.exact:
        return _When(first, last + timedelta(days=1), True, True)
    if e.time is not None and (first == last or e.end_time is not None):
        begin = wall_time(first, e.time, zone)
        until = wall_time(last, e.end_time, zone) if e.end_time is not None else None
        if until is not None and until <= begin:  # the model has end after start: a skipped start
            return _When(begin, None, False, False, squeezed=True)
        return _When(begin, until, False, False)
    return _When(first, last + timedelta(days=1), True, False)


def wall_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The local time to write for `at` on `day`.

    A time the clocks skip (02:30 on the last Sunday of March in Copenhagen) means, by RFC
    5545, the offset before the gap: 03:30 summer time. Readers disagree about such times
    (dateutil takes the offset after), so the feed names the moment by a time that exists.
    An hour that happens twice stays as written: RFC 5545 and zoneinfo both take the first.
    """
    local = datetime.combine(day, at, zone)
    return local.astimezone(UTC).astimezone(zone)


def _organizer(cal: Calendar) -> Any:
    """ORGANIZER from process.contact when it is an e-mail address, else None."""
    contact = (cal.process.contact or "").strip()
    if not contact:
        return None
    if contact.lower().startswith("mailto:"):
        uri = contact
    elif "@" in contact and " " not in contact and ":" not in contact:
        uri = f"mailto:{contact}"
    else:
        return None
    from icalendar import vCalAddress

    address = vCalAddress(uri)
    address.params["CN"] = cal.process.municipality or cal.process.title
    return address


class _Builder:
    """Builds VEVENTs for one calendar; shared by every feed cut from it."""

    def __init__(self, cal: Calendar, *, alarms: bool) -> None:
        self.cal = cal
        self.lang = cal.process.language
        self.words = i18n.section(self.lang, "ics")
        self.zone = ZoneInfo(cal.process.timezone)
        self.alarms = alarms
        self.tzid = cal.process.timezone
        self.organizer = _organizer(cal)
        from icalendar.parser import Contentline, dquote

        # icalendar drops TZID=UTC from Parameters (it writes UTC as Z); the profile wants TZID
        self.tz_params = f";TZID={dquote(self.tzid)}"
        self.organizer_line = (
            str(Contentline.from_parts("ORGANIZER", self.organizer.params, self.organizer))
            if self.organizer is not None
            else ""
        )

    def description(self, e: Event, when: _When) -> str:
        w, cal, lang = self.words, self.cal, self.lang
        lines = []
        if when.undecided:
            lines.append(w["when_undecided"].format(when=i18n.span(e.span_start, e.span_end, lang)))
        if e.time is not None and when.all_day:
            lines.append(w["at"].format(time=i18n.times(e)))
        if e.phase and (phase := cal.phase_by_id.get(e.phase)):
            lines.append(f"{w['phase']}: {phase.title}")
        if e.bodies:
            lines.append(f"{w['bodies']}: {', '.join(cal.bodies[b].name for b in e.bodies)}")
        if e.step:
            lines.append(f"{w['step']}: {i18n.step(e.step, lang)}")
        if e.notes:
            lines.append(e.notes.strip())
        if e.kind == "hearing" and cal.process.contact:
            lines.append(f"{w['replies']}: {cal.process.contact}")
        if e.url:
            lines.append(f"{w['url']}: {e.url}")
        return "\n".join(lines)

    def categories(self, e: Event, when: _When) -> list[str]:
        names = [i18n.t(self.lang, f"kind.{e.kind}")]
        names += [self.cal.bodies[b].name for b in e.bodies]
        names += e.tags
        if when.undecided:
            names.append(i18n.t(self.lang, "date.undecided"))
        return list(dict.fromkeys(n for n in names if n.strip()))

    def trigger(self, e: Event, when: _When) -> timedelta | None:
        if when.undecided:
            return None  # a reminder before an unknown day would only mislead
        before = e.reminders[0] if e.reminders else DEFAULT_REMINDERS.get(e.kind)
        if before is None:
            return None
        if when.all_day and before % timedelta(days=1) == timedelta(0):
            return -before + timedelta(hours=ALL_DAY_REMINDER_HOUR)
        return -before

    def skipped(self, e: Event, when: _When, notes: list[str]) -> None:
        """A note for each time the clocks skip, saying which time is written instead."""
        if when.all_day or e.time is None:
            return
        start, end = when.start, when.end
        assert isinstance(start, datetime) and (end is None or isinstance(end, datetime))
        zone, words = self.cal.process.timezone, self.words
        if when.squeezed:
            assert e.end_time is not None
            shown = {"at": f"{e.time:%H:%M}", "written": f"{start:%H:%M}", "end": f"{e.end_time:%H:%M}"}
            notes.append(words["squeezed"].format(id=e.id, day=e.span_start.first, zone=zone, **shown))
            return
        for wanted, day, written in ((e.time, e.span_start.first, start), (e.end_time, e.span_end.last, end)):
            if wanted is not None and written is not None and written.time() != wanted:
                shown = {"at": f"{wanted:%H:%M}", "written": f"{written:%H:%M}"}
                notes.append(words["skipped"].format(id=e.id, day=day, zone=zone, **shown))

    def event(
        self,
        e: Event,
        *,
        stamp: str,
        previous: Mapping[str, Published] | None,
        changes: Changes,
        notes: list[str],
    ) -> list[str]:
        """The VEVENT's content lines (unfolded)."""
        from icalendar.prop import vCategory, vDDDTypes, vDuration, vInt, vText, vUri

        when = _when(e, self.zone)
        self.skipped(e, when, notes)
        uid = f"{e.id}@{self.cal.process.id}"
        title = e.title
        if when.undecided:
            title = f"{title} ({i18n.t(self.lang, 'date.undecided')})"
        description = self.description(e, when)
        sequence, modified = 0, stamp
        if previous is not None:
            old = previous.get(uid)
            new_key = (
                (value_key(when.start, self.tzid), value_key(when.end, self.tzid), None),
                title,
                description,
                e.location or "",
            )
            if old is None:
                changes.added.append(Change(uid, e.title))
            elif old.key != new_key:
                what = tuple(n for n, a, b in zip(COMPARED, old.key, new_key, strict=True) if a != b)
                sequence = old.sequence + 1
                changes.changed.append(Change(uid, e.title, what))
            else:
                sequence = old.sequence
                if old.last_modified is not None:
                    modified = vDDDTypes(old.last_modified.astimezone(UTC)).to_ical().decode()

        def text(name: str, value: str) -> str:
            return f"{name}:{vText(value).to_ical().decode()}"

        def when_line(name: str, value: date) -> str:
            params = ";VALUE=DATE" if when.all_day else self.tz_params
            return f"{name}{params}:{_local_ical(_naive(value))}"

        lines = [
            "BEGIN:VEVENT",
            text("UID", uid),
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{modified}",
            f"SEQUENCE:{vInt(sequence).to_ical().decode()}",
            when_line("DTSTART", when.start),
        ]
        if when.end is not None:
            lines.append(when_line("DTEND", when.end))
        lines.append(text("SUMMARY", title))
        if description:
            lines.append(text("DESCRIPTION", description))
        if e.location:
            lines.append(text("LOCATION", e.location))
        if e.url:
            lines.append(f"URL:{vUri(e.url).to_ical().decode()}")
        lines.append(f"CATEGORIES:{vCategory(self.categories(e, when)).to_ical().decode()}")
        busy = e.kind in BUSY_KINDS and not when.undecided
        lines.append("TRANSP:OPAQUE" if busy else "TRANSP:TRANSPARENT")
        if when.undecided:
            lines.append("STATUS:TENTATIVE")
        if self.organizer_line:
            lines.append(self.organizer_line)
        if self.alarms and (trigger := self.trigger(e, when)) is not None:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                text("DESCRIPTION", e.title),
                f"TRIGGER:{vDuration(trigger).to_ical().decode()}",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
        return lines


def _naive(value: date) -> date:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


@lru_cache(maxsize=8192)
def _local_ical(value: date) -> str:
    """A day or a wall-clock time as icalendar writes it (the zone goes in TZID)."""
    from icalendar.prop import vDate, vDatetime

    if isinstance(value, datetime):
        return vDatetime(value).to_ical().decode()
    return vDate(value).to_ical().decode()


def _fold(line: str) -> str:
    """Fold a content line at 75 octets between characters (icalendar does the folding)."""
    if len(line) < 75 and (line.isascii() or len(line.encode("utf-8")) < 75):
        return line
    from icalendar.parser import Contentline

    return Contentline(line).to_ical().decode("utf-8")


# --- a whole feed ----------------------------------------------------------------------------


def select(
    cal: Calendar,
    *,
    bodies: Collection[str] = (),
    kinds: Collection[str] = (),
    phases: Collection[str] = (),
    exact_only: bool = False,
) -> list[Event]:
    """The events a feed holds, by date (then file order)."""
    from ..plan.query import select_events

    chosen = [
        e
        for e in select_events(cal.events, bodies, [str(k) for k in kinds], phases)
        if e.exact or not exact_only
    ]
    index = cal.event_index
    return sorted(chosen, key=lambda e: (e.first, e.last, e.time or time(0), index[e.id]))


def feed_name(
    cal: Calendar,
    *,
    bodies: Collection[str] = (),
    kinds: Collection[str] = (),
    phases: Collection[str] = (),
    exact_only: bool = False,
) -> str:
    """NAME/X-WR-CALNAME: the process title, then what the feed was cut to."""
    lang = cal.process.language
    parts = [cal.bodies[b].name for b in cal.bodies if b in set(bodies)]
    parts += [i18n.t(lang, f"kind.{k}") for k in dict.fromkeys(str(k) for k in kinds)]
    parts += [p.title for p in cal.phases if p.id in set(phases)]
    name = cal.process.title
    if parts:
        name += " – " + ", ".join(parts)
    if exact_only:
        name += f" ({i18n.t(lang, 'ics.exact_only')})"
    return name


def _calendar_description(cal: Calendar, exact_only: bool) -> str:
    p, words = cal.process, i18n.section(cal.process.language, "ics")
    head = f"{p.municipality}: {p.title}" if p.municipality else p.title
    if p.source:
        head += f" ({p.source})"
    return f"{head}.\n{words['no_undecided'] if exact_only else words['policy']}"


def _years(items: Iterable[_When]) -> tuple[int, int] | None:
    years = [d.year for w in items if not w.all_day for d in (w.start, w.end) if isinstance(d, datetime)]
    return (min(years), max(years)) if years else None


def build_feed(
    cal: Calendar,
    *,
    bodies: Collection[str] = (),
    kinds: Collection[str] = (),
    phases: Collection[str] = (),
    exact_only: bool = False,
    alarms: bool = True,
    previous: bytes | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
    now: datetime | None = None,
    previous_name: str = "the previous feed",
) -> Feed:
    """The feed and, when `previous` (the last published feed) is given, what changed."""
    published = read_published(previous, previous_name) if previous is not None else None
    return _build(
        _Builder(cal, alarms=alarms),
        select(cal, bodies=bodies, kinds=kinds, phases=phases, exact_only=exact_only),
        name=feed_name(cal, bodies=bodies, kinds=kinds, phases=phases, exact_only=exact_only),
        exact_only=exact_only,
        published=published,
        refresh=refresh,
        now=now,
    )


def _build(
    builder: _Builder,
    events: list[Event],
    *,
    name: str,
    exact_only: bool,
    published: Mapping[str, Published] | None,
    refresh: timedelta,
    now: datetime | None,
) -> Feed:
    from icalendar.prop import vDDDTypes, vDuration, vText

    from .vtimezone import vtimezone

    if refresh <= timedelta(0):
        raise UsageError(f"refresh interval {format_duration(refresh)} must be positive; e.g. PT12H")
    cal = builder.cal
    stamp = vDDDTypes((now or stamp_time()).astimezone(UTC).replace(microsecond=0)).to_ical()
    changes = Changes(other_processes=other_processes(published, cal.process.id))
    notes: list[str] = []

    def text(prop: str, value: str) -> str:
        return f"{prop}:{vText(value).to_ical().decode()}"

    description = _calendar_description(cal, exact_only)
    interval = vDuration(refresh).to_ical().decode()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        text("PRODID", f"-//budgettid//budgettid {__version__}//{cal.process.language.upper()}"),
        "CALSCALE:GREGORIAN",
    ]
    if builder.organizer is not None:
        lines.append("METHOD:PUBLISH")  # iTIP: PUBLISH needs an ORGANIZER on every event
    lines += [
        text("NAME", name),
        text("X-WR-CALNAME", name),
        text("DESCRIPTION", description),
        text("X-WR-CALDESC", description),
        text("X-WR-TIMEZONE", cal.process.timezone),
        f"REFRESH-INTERVAL;VALUE=DURATION:{interval}",
        f"X-PUBLISHED-TTL:{interval}",
    ]
    body: list[str] = []
    for e in events:
        body += builder.event(e, stamp=stamp.decode(), previous=published, changes=changes, notes=notes)
    years = _years(_when(e, builder.zone) for e in events)
    if years is None and not events:
        # RFC 5545 wants at least one component; an empty feed still names its zone.
        first = cal.process.first_budget_year - 1
        years = (first, first)
    if years is not None:
        zone = vtimezone(cal.process.timezone, *years).to_ical().decode("utf-8")
        lines += zone.rstrip("\r\n").split("\r\n")
    lines += body
    lines.append("END:VCALENDAR")
    if published is not None:
        present = {f"{e.id}@{cal.process.id}" for e in events}
        changes.disappeared.extend(
            Change(uid, old.title) for uid, old in published.items() if uid not in present
        )
    data = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return Feed(data.encode("utf-8"), changes, notes)


def feed_bytes(cal: Calendar, **options: Any) -> bytes:
    """The feed as bytes; `options` are build's (`previous`, the last published feed, sets SEQUENCE)."""
    return build_feed(cal, **options).data


# --- split feeds ------------------------------------------------------------------------------


def split_names(cal: Calendar) -> dict[str, tuple[str, ...]]:
    """File name → the bodies it holds (empty: everything)."""
    names: dict[str, tuple[str, ...]] = {f"{b}.ics": (b,) for b in cal.bodies}
    everything = f"{cal.process.id}.ics"
    if everything in names:
        raise UsageError(
            f"body '{cal.process.id}' has the same id as the process, so both feeds would be "
            f"{everything}; rename the body or process.id"
        )
    names[everything] = ()
    return names


def write_split(
    cal: Calendar,
    out_dir: Path,
    *,
    exact_only: bool = False,
    alarms: bool = True,
    refresh: timedelta = DEFAULT_REFRESH,
    now: datetime | None = None,
) -> dict[Path, Feed]:
    """Write `<body-id>.ics` for each body and `<process.id>.ics` with everything, atomically.

    out_dir is made if its parent exists. Feeds already there are read as the previous
    publication, so SEQUENCE rises only for events that changed since. Every feed is built
    before the first is written. Returns each file's feed and what changed in it.
    """
    from ..files import ensure_dir, read_bytes, write_atomic

    out_dir = ensure_dir(Path(out_dir))
    builder = _Builder(cal, alarms=alarms)
    stamp = now or stamp_time()
    feeds = {}
    for name, bodies in split_names(cal).items():
        path = out_dir / name
        published = None
        if path.is_file():
            hint = f"it is where the feed {name} goes: move it away or choose another folder"
            published = read_published(read_bytes(path, "feed"), str(path), hint)
        feeds[path] = _build(
            builder,
            select(cal, bodies=bodies, exact_only=exact_only),
            name=feed_name(cal, bodies=bodies, exact_only=exact_only),
            exact_only=exact_only,
            published=published,
            refresh=refresh,
            now=stamp,
        )
    for path, feed in feeds.items():
        write_atomic(path, feed.data, inputs=[Path(cal.file)])
    return feeds


__all__ = [
    "DEFAULT_REFRESH",
    "Change",
    "Changes",
    "Feed",
    "build_feed",
    "feed_bytes",
    "feed_name",
    "select",
    "stamp_time",
    "write_split",
]
