"""One event of the calendar as a VEVENT: when it is, what it says, busy or free, its alarm.

`timing()` turns the model's days and clock times into what the feed holds: days for
all-day items, moments (aware datetimes) for timed ones. How a moment is written (local
time with TZID, or UTC) is the feed's decision (`feed.py`), made once for every reader.
Every value goes through `clean_*` first, so no title, note, URL or name can break a line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .. import i18n
from ..errors import UsageError
from ..format.model import Calendar, Event
from ..links import address, clean_url, web_link

# Reminders used when an event lists none. Periods and plain events get no alarm.
DEFAULT_REMINDERS: Mapping[str, timedelta] = {
    "deadline": timedelta(days=7),
    "meeting": timedelta(days=1),
    "hearing": timedelta(days=1),
}
# A reminder in whole days on an all-day item fires at this hour, not at midnight.
ALL_DAY_REMINDER_HOUR = 9

# Line and paragraph breaks in every spelling str.splitlines() knows; the other controls.
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # HTAB and LF stay
_SURROGATES = re.compile("[\ud800-\udfff]")  # from bytes that were not UTF-8; UTF-8 cannot hold them


def clean_text(value: str, *, multiline: bool = False) -> str:
    """TEXT a feed can hold: line breaks as LF (or a space on one line), no other controls.

    RFC 5545 allows no control character but HTAB in a value; a form feed or U+2028 is
    a line break to some readers and would split the line there.
    """
    if value.isprintable():  # no control, separator or line break: nothing to clean
        return value
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", _BREAKS.sub("\n" if multiline else " ", value)))


def organizer_line(cal: Calendar) -> str:
    """ORGANIZER from process.contact when it is an e-mail address, else ''."""
    from icalendar.parser import Contentline
    from icalendar.prop import vCalAddress

    found = address(cal.process.contact)
    if found is None:
        return ""
    organizer = vCalAddress(f"mailto:{found}")
    # a parameter value holds no control character and no double quote
    name = clean_text(cal.process.municipality or cal.process.title).replace('"', "'").strip()
    if name:
        organizer.params["CN"] = name
    return str(Contentline.from_parts("ORGANIZER", organizer.params, organizer))


@dataclass(frozen=True)
class Timing:
    """When an item is: days (`end` exclusive) or moments; `end` None for a moment."""

    start: date | datetime
    end: date | datetime | None
    all_day: bool
    undecided: bool = False
    # The clocks skip the start, and the time it means is not before end_time (02:30-03:30 on
    # the last Sunday of March): DTEND must come after DTSTART, so the end is left out, and a
    # meeting without DTEND ends as it starts, which is what the two times then say.
    squeezed: bool = False

    @property
    def moments(self) -> tuple[datetime, ...]:
        return tuple(m for m in (self.start, self.end) if isinstance(m, datetime))


def moment(day: date, at: time, zone: ZoneInfo, event_id: str) -> datetime:
    """The moment `at` on `day` means (RFC 5545: the first of two, the offset before a gap)."""
    try:
        return datetime.combine(day, at, zone).astimezone(UTC).astimezone(zone)
    except (OverflowError, ValueError):
        raise UsageError(i18n.msg("ics.too_far", id=event_id, when=f"{day} {at:%H:%M}")) from None


def _day_after(day: date, event_id: str) -> date:
    try:
        return day + timedelta(days=1)
    except OverflowError:
        raise UsageError(i18n.msg("ics.too_far", id=event_id, when=str(day))) from None


def timing(e: Event, zone: ZoneInfo, meeting_minutes: int) -> Timing:
    """The model's dates and times as the feed holds them."""
    first, last = e.span_start.first, e.span_end.last
    if not e.exact:
        return Timing(first, _day_after(last, e.id), True, undecided=True)
    if e.time is not None and (first == last or e.end_time is not None):
        begin = moment(first, e.time, zone, e.id)
        if e.end_time is not None:
            until: datetime | None = moment(last, e.end_time, zone, e.id)
            if until is not None and until <= begin:  # the model has end after start: a skipped start
                return Timing(begin, None, False, squeezed=True)
        elif e.kind == "meeting":
            try:
                until = (begin.astimezone(UTC) + timedelta(minutes=meeting_minutes)).astimezone(zone)
            except OverflowError:  # a meeting late on 9999-12-31 would end in the year 10000
                raise UsageError(i18n.msg("ics.too_far", id=e.id, when=f"{first} {e.time:%H:%M}")) from None
        else:
            until = None
        return Timing(begin, until, False)
    return Timing(first, _day_after(last, e.id), True)


def busy(e: Event, when: Timing) -> bool:
    """Only a meeting at a known time blocks time (see README, "Busy or free")."""
    return e.kind == "meeting" and not when.all_day and not when.undecided


def trigger(e: Event, when: Timing) -> timedelta | None:
    """The alarm's TRIGGER, never after the start: Outlook reads a duration as minutes before."""
    if when.undecided:
        return None  # a reminder before an unknown day would only mislead
    before = e.reminders[0] if e.reminders else DEFAULT_REMINDERS.get(e.kind)
    if before is None:
        return None
    if when.all_day and before % timedelta(days=1) == timedelta(0):
        if before == timedelta(0):
            return timedelta(0)  # on the day: as it begins; 09:00 would be after the start
        return -before + timedelta(hours=ALL_DAY_REMINDER_HOUR)
    return -before


class Writer:
    """The VEVENT lines of one calendar's events and tombstones; shared by every feed cut from it."""

    def __init__(self, cal: Calendar, *, alarms: bool) -> None:
        self.cal = cal
        self.lang = cal.process.language
        self.words = i18n.section(self.lang, "ics")
        self.zone = ZoneInfo(cal.process.timezone)
        self.alarms = alarms
        self.organizer = organizer_line(cal)

    def description(self, e: Event, when: Timing) -> str:
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
        if link := web_link(e.url):  # a javascript: or data: address is no link to offer
            lines.append(f"{w['url']}: {link}")
        return clean_text("\n".join(lines), multiline=True)

    def title(self, e: Event, when: Timing) -> str:
        title = e.title
        if when.undecided:
            title = f"{title} ({i18n.t(self.lang, 'date.undecided')})"
        return clean_text(title)

    def categories(self, e: Event, when: Timing) -> list[str]:
        names = [i18n.t(self.lang, f"kind.{e.kind}")]
        names += [self.cal.bodies[b].name for b in e.bodies]
        names += e.tags
        if when.undecided:
            names.append(i18n.t(self.lang, "date.undecided"))
        return list(dict.fromkeys(clean_text(n) for n in names if n.strip()))

    def skipped(self, e: Event, when: Timing) -> list[i18n.Message]:
        """A note for each time the clocks skip, saying which time it means."""
        if when.all_day or e.time is None:
            return []
        start, end = when.start, when.end
        assert isinstance(start, datetime) and (end is None or isinstance(end, datetime))
        zone = self.cal.process.timezone
        if when.squeezed:
            assert e.end_time is not None
            shown = {"at": f"{e.time:%H:%M}", "written": f"{start:%H:%M}", "end": f"{e.end_time:%H:%M}"}
            return [
                i18n.Message(
                    "ics.squeezed", {"id": e.id, "day": str(e.span_start.first), "zone": zone} | shown
                )
            ]
        notes = []
        wanted: list[tuple[time, date, datetime | None]] = [(e.time, e.span_start.first, start)]
        if e.end_time is not None:
            wanted.append((e.end_time, e.span_end.last, end))
        for at, day, written in wanted:
            if written is not None and written.time() != at:
                shown = {"at": f"{at:%H:%M}", "written": f"{written:%H:%M}"}
                notes.append(i18n.Message("ics.skipped", {"id": e.id, "day": str(day), "zone": zone} | shown))
        return notes

    def lines(
        self,
        e: Event,
        when: Timing,
        *,
        uid: str,
        stamp: str,
        modified: str,
        sequence: int,
        times: list[str],
    ) -> list[str]:
        """The VEVENT's content lines (unfolded); `times` are its DTSTART and DTEND lines."""
        from icalendar.prop import vDuration

        out = [
            "BEGIN:VEVENT",
            text("UID", uid),
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{modified}",
            f"SEQUENCE:{sequence}",
            *times,
            text("SUMMARY", self.title(e, when)),
        ]
        if description := self.description(e, when):
            out.append(text("DESCRIPTION", description))
        if e.location:
            out.append(text("LOCATION", clean_text(e.location)))
        if link := web_link(e.url):
            out.append(f"URL:{link}")
        out.append(f"CATEGORIES:{','.join(escape_text(c) for c in self.categories(e, when))}")
        out.append("TRANSP:OPAQUE" if busy(e, when) else "TRANSP:TRANSPARENT")
        if when.undecided:
            out.append("STATUS:TENTATIVE")
        if self.organizer:
            out.append(self.organizer)
        if self.alarms and (before := trigger(e, when)) is not None:
            out += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                text("DESCRIPTION", clean_text(e.title)),
                f"TRIGGER:{vDuration(before).to_ical().decode()}",
                "END:VALARM",
            ]
        out.append("END:VEVENT")
        return out

    def tombstone(
        self,
        *,
        uid: str,
        title: str,
        description: str,
        stamp: str,
        modified: str,
        sequence: int,
        times: list[str],
    ) -> list[str]:
        """A VEVENT that tells whoever imported the event that it is cancelled: free, no alarm."""
        out = [
            "BEGIN:VEVENT",
            text("UID", uid),
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{modified}",
            f"SEQUENCE:{sequence}",
            *times,
            text("SUMMARY", clean_text(title)),
        ]
        if description:
            out.append(text("DESCRIPTION", clean_text(description, multiline=True)))
        out += ["TRANSP:TRANSPARENT", "STATUS:CANCELLED"]
        if self.organizer:
            out.append(self.organizer)
        out.append("END:VEVENT")
        return out


# RFC 5545 3.3.11, in one pass. icalendar's vText first turns a backslash followed by N into
# a line break, so notes holding C:\Noter (a Windows path, say) would read back changed,
# and each later --previous would count the event as changed again.
def escape_text(value: str) -> str:
    """A TEXT value as written: cleaned, then backslash, semicolon, comma and line break escaped."""
    value = clean_text(value, multiline=True)
    # the backslash first, so that no escape written here is escaped again
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def text(name: str, value: str) -> str:
    """NAME:value with the value escaped as TEXT."""
    return f"{name}:{escape_text(value)}"


def local_ical(value: Any) -> str:
    """A day (20230919) or a wall-clock time (20230919T170000; the zone goes in TZID)."""
    day = f"{value.year:04d}{value.month:02d}{value.day:02d}"
    if isinstance(value, datetime):
        return f"{day}T{value.hour:02d}{value.minute:02d}{value.second:02d}"
    return day


__all__ = [
    "ALL_DAY_REMINDER_HOUR",
    "DEFAULT_REMINDERS",
    "Timing",
    "Writer",
    "busy",
    "clean_text",
    "clean_url",
    "escape_text",
    "local_ical",
    "moment",
    "organizer_line",
    "text",
    "timing",
    "trigger",
]
