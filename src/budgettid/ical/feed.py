"""Calendar → iCalendar feed, to the profile in README.md ("Calendar feeds").

This module decides what goes in and lays out the content lines itself (icalendar folds
them), because building icalendar Component objects made a 10,000-event export take about
three times as long; TEXT is escaped in `event.escape_text`. Days are all-day VALUE=DATE
items with an exclusive DTEND. A timed item is written in local time with the zone's TZID
when every reader reads that local time back as the same moment under the VTIMEZONE
written (`vtimezone.ZonePlan`), and in UTC otherwise: in the hour the clocks go back, and
where Outlook's one rule each way cannot describe the zone. Events gone since the previous
publication are published once more, cancelled (`previous.py`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .. import __version__, i18n
from ..errors import UsageError
from ..format.model import Calendar, Event
from ..format.values import format_duration
from .event import Timing, Writer, clean_text, local_ical, text, timing
from .previous import COMPARED, Change, Changes, Published, event_key, other_processes, read_published
from .vtimezone import ZonePlan, plan

DEFAULT_REFRESH = timedelta(hours=12)
MAX_REFRESH = timedelta(days=366)
_FILE_STEM = re.compile(r"[a-z0-9][a-z0-9-]*")  # a Slug: a split feed's file name stays in its folder


@dataclass(frozen=True)
class Feed:
    data: bytes
    changes: Changes
    notes: list[i18n.Message] = field(default_factory=list)  # what a user should know


def stamp_time(environ: Mapping[str, str] = os.environ) -> datetime:
    """DTSTAMP/LAST-MODIFIED: $SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(i18n.msg("ics.source_date_epoch", value=repr(value))) from None


def utc_text(moment: datetime) -> str:
    """A moment as iCalendar writes it in UTC: 20231029T003000Z."""
    m = moment.astimezone(UTC)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


def _fold(line: str) -> str:
    """Fold a content line at 75 octets between characters (icalendar does the folding)."""
    if len(line) < 75 and (line.isascii() or len(line.encode("utf-8")) < 75):
        return line
    from icalendar.parser import Contentline

    data: bytes = Contentline(line).to_ical()
    return data.decode("utf-8")


# --- what goes in -----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Grave:
    """A tombstone: an event of the previous feed that this feed publishes as cancelled."""

    uid: str
    title: str
    description: str
    when: Timing
    sequence: int
    modified: str | None  # None: changed now


def _graves(
    cal: Calendar, published: Mapping[str, Published], present: set[str], prune: bool, changes: Changes
) -> list[_Grave]:
    """Tombstones for what the previous feed held and this one does not, in its order."""
    zone, lang, suffix = ZoneInfo(cal.process.timezone), cal.process.language, f"@{cal.process.id}"
    out = []
    for uid, old in published.items():
        if uid in present:
            continue
        if not uid.endswith(suffix):
            changes.disappeared.append(Change(uid, old.title))  # another process's: not ours to cancel
            continue
        start, end = old.start, old.end
        if start is None:
            continue
        if isinstance(start, datetime):
            start = start if start.tzinfo else start.replace(tzinfo=zone)
            end = end.replace(tzinfo=zone) if isinstance(end, datetime) and end.tzinfo is None else end
            when = Timing(start, end, False)
        else:
            when = Timing(start, end if isinstance(end, date) else start + timedelta(days=1), True)
        if old.cancelled:
            if prune:
                changes.pruned.append(Change(uid, old.title))
                continue
            changes.kept.append(Change(uid, old.title))
            modified = utc_text(old.last_modified) if old.last_modified else None
            out.append(_Grave(uid, old.title, old.description, when, old.sequence, modified))
            continue
        left = uid.removesuffix(suffix) in cal.event_index  # in the calendar, not in this feed
        word = "ics.left" if left else "ics.cancelled"
        (changes.left if left else changes.cancelled).append(Change(uid, old.title))
        title = i18n.t(lang, f"{word}_title", title=old.title)
        out.append(_Grave(uid, title, i18n.t(lang, f"{word}_description"), when, old.sequence + 1, None))
    return out


# --- how times are written --------------------------------------------------------------------


def _times(when: Timing, zones: ZonePlan | None) -> tuple[list[str], list[datetime]]:
    """DTSTART (and DTEND) lines, and the moments that made them UTC (none: local time)."""
    if when.all_day:
        out = [f"DTSTART;VALUE=DATE:{local_ical(when.start)}"]
        return [*out, f"DTEND;VALUE=DATE:{local_ical(when.end)}"] if when.end else out, []
    assert zones is not None
    moments = when.moments
    walls = [zones.local(m) for m in moments]
    names = ("DTSTART", "DTEND")
    if all(w is not None for w in walls):
        from icalendar.parser import dquote

        params = f";TZID={dquote(zones.tzid)}"
        return [f"{n}{params}:{local_ical(w)}" for n, w in zip(names, walls, strict=False)], []
    forced = [m for m, w in zip(moments, walls, strict=True) if w is None]
    return [f"{n}:{utc_text(m)}" for n, m in zip(names, moments, strict=False)], forced


def _utc_notes(cal: Calendar, zones: ZonePlan, forced: dict[str, list[datetime]]) -> list[i18n.Message]:
    """Why times are written in UTC: a repeated hour (per event), or the zone's rules (once)."""
    notes, by_rule = [], []
    zone = cal.process.timezone
    for event_id, moments in forced.items():
        repeated = [m for m in moments if zones.agrees(m)]
        for m in repeated:
            local, utc = m.astimezone(ZoneInfo(zone)), m.astimezone(UTC)
            args = {"id": event_id, "at": f"{local:%H:%M}", "day": str(local.date()), "zone": zone}
            notes.append(i18n.Message("ics.repeated", args | {"utc": f"{utc:%H:%M}"}))
        if len(repeated) < len(moments):
            by_rule.append(event_id)
    if by_rule:
        notes.append(i18n.Message("ics.zone_rules", {"zone": zone, "ids": ", ".join(by_rule)}))
    return notes


# --- a whole feed -----------------------------------------------------------------------------


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
    previous_name: str | None = None,
    prune_cancelled: bool = False,
) -> Feed:
    """The feed and, when `previous` (the last published feed) is given, what changed."""
    published = read_published(previous, previous_name) if previous is not None else None
    return _build(
        Writer(cal, alarms=alarms),
        select(cal, bodies=bodies, kinds=kinds, phases=phases, exact_only=exact_only),
        name=feed_name(cal, bodies=bodies, kinds=kinds, phases=phases, exact_only=exact_only),
        exact_only=exact_only,
        published=published,
        refresh=refresh,
        now=now,
        prune=prune_cancelled,
    )


def check_refresh(refresh: timedelta) -> None:
    """A refresh interval above zero and at most MAX_REFRESH, else a UsageError."""
    if not timedelta(0) < refresh <= MAX_REFRESH:
        raise UsageError(i18n.msg("ics.refresh_range", value=format_duration(refresh)))


def _build(
    writer: Writer,
    events: list[Event],
    *,
    name: str,
    exact_only: bool,
    published: Mapping[str, Published] | None,
    refresh: timedelta,
    now: datetime | None,
    prune: bool = False,
) -> Feed:
    from icalendar.prop import vDuration

    cal = writer.cal
    check_refresh(refresh)
    stamp = utc_text(now or stamp_time())
    changes = Changes(other_processes=other_processes(published, cal.process.id))
    minutes = cal.process.meeting_minutes
    timed = [(e, timing(e, writer.zone, minutes)) for e in events]
    uids = [f"{e.id}@{cal.process.id}" for e in events]
    graves = _graves(cal, published, set(uids), prune, changes) if published is not None else []
    moments = [m for _, w in timed for m in w.moments] + [m for g in graves for m in g.when.moments]
    zones = plan(cal.process.timezone, moments, year=cal.process.first_budget_year - 1)
    notes: list[i18n.Message] = []
    forced: dict[str, list[datetime]] = {}
    body: list[str] = []
    for (e, when), uid in zip(timed, uids, strict=True):
        notes += writer.skipped(e, when)
        times, utc = _times(when, zones)
        if utc:
            forced[e.id] = utc
        sequence, modified = _sequence(e, when, writer, uid, published, changes, stamp)
        body += writer.lines(e, when, uid=uid, stamp=stamp, modified=modified, sequence=sequence, times=times)
    for g in graves:
        times, utc = _times(g.when, zones)
        if utc:
            forced[g.uid.rpartition("@")[0]] = utc
        body += writer.tombstone(
            uid=g.uid, title=g.title, description=g.description, stamp=stamp,
            modified=g.modified or stamp, sequence=g.sequence, times=times,
        )  # fmt: skip
    notes += _utc_notes(cal, zones, forced)

    description = _calendar_description(cal, exact_only)
    interval = vDuration(refresh).to_ical().decode()
    lang = cal.process.language.upper()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        text("PRODID", f"-//budgettid//budgettid {__version__}//{lang}"),
    ]
    lines.append("CALSCALE:GREGORIAN")
    if writer.organizer:
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
    # The VTIMEZONE when a time uses it; an empty feed still names its zone (RFC 5545 wants
    # a component).
    if any(";TZID=" in line for line in body) or not body:
        lines += zones.lines()
    lines += body
    lines.append("END:VCALENDAR")
    data = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return Feed(data.encode("utf-8"), changes, notes)


def _sequence(
    e: Event,
    when: Timing,
    writer: Writer,
    uid: str,
    published: Mapping[str, Published] | None,
    changes: Changes,
    stamp: str,
) -> tuple[int, str]:
    """SEQUENCE and LAST-MODIFIED: raised and now if the event changed since `published`."""
    if published is None:
        return 0, stamp
    status = "TENTATIVE" if when.undecided else ""
    new_key = event_key(
        when.start,
        when.end,
        writer.title(e, when),
        writer.description(e, when),
        clean_text(e.location or ""),
        status,
    )
    old = published.get(uid)
    if old is None:
        changes.added.append(Change(uid, e.title))
        return 0, stamp
    if old.key != new_key:
        what = tuple(n for n, a, b in zip(COMPARED, old.key, new_key, strict=True) if a != b)
        changes.changed.append(Change(uid, e.title, what))
        return old.sequence + 1, stamp
    return old.sequence, utc_text(old.last_modified) if old.last_modified is not None else stamp


def feed_bytes(cal: Calendar, **options: Any) -> bytes:
    """The feed as bytes; `options` are build_feed's (`previous`, the last published feed, sets SEQUENCE)."""
    return build_feed(cal, **options).data


# --- split feeds ------------------------------------------------------------------------------


def split_names(cal: Calendar) -> dict[str, tuple[str, ...]]:
    """File name → the bodies it holds (empty: everything)."""
    for stem in (*cal.bodies, cal.process.id):  # as the loader has them: no '/', '..' or ':'
        if not _FILE_STEM.fullmatch(stem):
            raise UsageError(i18n.msg("ics.split_bad_id", id=repr(stem)))
    names: dict[str, tuple[str, ...]] = {f"{b}.ics": (b,) for b in cal.bodies}
    everything = f"{cal.process.id}.ics"
    if everything in names:
        raise UsageError(i18n.msg("ics.split_same_id", id=cal.process.id, file=everything))
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
    prune_cancelled: bool = False,
) -> dict[Path, Feed]:
    """Write `<body-id>.ics` for each body and `<process.id>.ics` with everything, atomically.

    out_dir is made if its parent exists. Feeds already there are read as the previous
    publication, so SEQUENCE rises only for events that changed since, and events gone
    from a feed are published in it once more as cancelled. Every feed is built before the
    first is written. Returns each file's feed and what changed in it.
    """
    from ..files import ensure_dir, read_bytes, write_atomic
    from .lines import MAX_BYTES

    out_dir = Path(out_dir)
    writer = Writer(cal, alarms=alarms)
    stamp = now or stamp_time()
    feeds = {}
    for name, bodies in split_names(cal).items():
        path = out_dir / name
        published = None
        if path.is_file() and not path.is_symlink():  # a link planted in the folder is no publication
            hint = i18n.msg("previous.hint_split", file=name)
            published = read_published(read_bytes(path, "feed", limit=MAX_BYTES), str(path), hint)
        feeds[path] = _build(
            writer,
            select(cal, bodies=bodies, exact_only=exact_only),
            name=feed_name(cal, bodies=bodies, exact_only=exact_only),
            exact_only=exact_only,
            published=published,
            refresh=refresh,
            now=stamp,
            prune=prune_cancelled,
        )
    ensure_dir(out_dir)  # once every feed is built: a feed that cannot be made leaves no folder
    for path, feed in feeds.items():
        write_atomic(path, feed.data, inputs=[Path(cal.file)], in_folder=True)
    return feeds


__all__ = [
    "DEFAULT_REFRESH",
    "MAX_REFRESH",
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
