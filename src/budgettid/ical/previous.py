"""The feed published last: its events read back by UID, and what changed since.

`--previous` and `--split` read the earlier publication so that SEQUENCE rises only on
events that changed, the report can say what changed, and an event that is gone can be
published once more as cancelled. The file is read by `lines`, the one reader; times are
compared as the moments they name (a time written in UTC and the same moment written as
local time are the same time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..errors import FileProblem
from ..i18n import Message, msg
from .lines import Component, read


@dataclass(frozen=True)
class Change:
    uid: str
    title: str
    fields: tuple[str, ...] = ()  # which of COMPARED changed


@dataclass(frozen=True)
class Changes:
    """The difference between a new feed and the previous one (by UID)."""

    changed: list[Change] = field(default_factory=list)
    added: list[Change] = field(default_factory=list)
    # gone from the calendar: published once more as cancelled
    cancelled: list[Change] = field(default_factory=list)
    # still in the calendar but no longer in this feed (its bodies changed, say): the same
    left: list[Change] = field(default_factory=list)
    # tombstones of earlier publications, published again as they were
    kept: list[Change] = field(default_factory=list)
    # tombstones of earlier publications left out now (--prune-cancelled)
    pruned: list[Change] = field(default_factory=list)
    # events of another process (see other_processes): not ours to cancel, left out
    disappeared: list[Change] = field(default_factory=list)
    # process ids other than ours in the previous feed's UIDs (`<event-id>@<process-id>`):
    # it was made from another calendar, so every event looks new
    other_processes: tuple[str, ...] = ()


COMPARED = ("time", "title", "description", "location", "status")

When = date | datetime | None  # a day, a moment (aware), a floating time (naive), or none


def when_key(value: When) -> Any:
    """A start or end as compared: the day, or the moment in UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return ("floating", value.isoformat())
        return ("utc", value.astimezone(UTC).replace(tzinfo=None).isoformat())
    return ("date", value.isoformat())


def event_key(
    start: When, end: When, title: str, description: str, location: str, status: str
) -> tuple[Any, ...]:
    """What is compared between two publications of an event, in the order of COMPARED."""
    return ((when_key(start), when_key(end)), title, description, location, status)


@dataclass(frozen=True)
class Published:
    """One event of the previous feed, as much as a new feed needs of it."""

    uid: str
    sequence: int
    title: str
    description: str
    location: str
    start: When
    end: When
    status: str
    last_modified: datetime | None

    @property
    def key(self) -> tuple[Any, ...]:
        return event_key(self.start, self.end, self.title, self.description, self.location, self.status)

    @property
    def cancelled(self) -> bool:
        return self.status == "CANCELLED"


def _moment(value: str, tzid: str | None) -> When:
    from icalendar.prop import vDDDTypes

    from .vtimezone import iana_zone

    parsed = vDDDTypes.from_ical(value)
    if isinstance(parsed, timedelta):
        raise ValueError(f"{value} is a duration, not a date or time")
    if isinstance(parsed, datetime) and parsed.tzinfo is None and tzid:
        zone = iana_zone(tzid)
        return parsed.replace(tzinfo=zone) if zone is not None else parsed
    return parsed  # type: ignore[no-any-return]


def _published(ev: Component) -> Published | None:
    from icalendar.prop import vDDDTypes, vDuration

    uid = ev.get("UID")
    if uid is None or not uid.text or ev.get("RECURRENCE-ID") is not None:
        return None

    def text(name: str) -> str:
        p = ev.get(name)
        return p.text if p is not None else ""

    def moment(name: str) -> When:
        p = ev.get(name)
        return _moment(p.value, p.param("TZID")) if p is not None else None

    start, end = moment("DTSTART"), moment("DTEND")
    duration = ev.get("DURATION")
    if end is None and start is not None and duration is not None:
        end = start + vDuration.from_ical(duration.value)
    seq = text("SEQUENCE").strip()
    modified = ev.get("LAST-MODIFIED")
    return Published(
        uid=uid.text,
        sequence=int(seq) if seq.isdigit() else 0,
        title=text("SUMMARY"),
        description=text("DESCRIPTION"),
        location=text("LOCATION"),
        start=start,
        end=end,
        status=text("STATUS").strip().upper(),
        last_modified=vDDDTypes.from_ical(modified.value) if modified is not None else None,
    )


def read_published(data: bytes, name: str | None = None, hint: Message | None = None) -> dict[str, Published]:
    """The events of a feed published before, by UID, in file order.

    `name` is the file's, for the messages (default: "the previous feed"); `hint` says what
    to do about a file that is no feed (default: pass the feed published last).
    """
    from ..report.safe import printable, value

    said = {
        "name": printable(name) if name else msg("previous.the_previous_feed"),
        "hint": hint or msg("previous.hint"),
    }
    doc = read(data)
    fatal = doc.fatal
    if fatal is not None and fatal.symbol == "not-icalendar":
        raise FileProblem(msg("previous.not_icalendar", **said))
    if fatal is not None and fatal.symbol == "not-utf8":
        raise FileProblem(msg("previous.not_utf8", **said))
    if fatal is not None or doc.calendar is None:
        if fatal is None:
            raise FileProblem(msg("previous.no_calendar", **said))
        raise FileProblem(msg("previous.unreadable", line=fatal.line, problem=fatal.words(), **said))
    out: dict[str, Published] = {}
    for ev in doc.calendar.subs:
        if ev.name != "VEVENT":
            continue
        try:
            published = _published(ev)
        except (ValueError, OverflowError) as exc:
            raise FileProblem(
                msg("previous.unreadable", line=ev.line, problem=value(str(exc)), **said)
            ) from None
        if published is not None:
            out[published.uid] = published
    return out


def other_processes(published: Mapping[str, Published] | None, process_id: str) -> tuple[str, ...]:
    """The process ids in a previous feed's UIDs that are not ours, sorted."""
    found = {uid.rpartition("@")[2] for uid in published or () if "@" in uid}
    return tuple(sorted(found - {process_id}))


__all__ = [
    "COMPARED",
    "Change",
    "Changes",
    "Published",
    "event_key",
    "other_processes",
    "read_published",
    "when_key",
]
