"""The feed published last: its events read back by UID, and what changed since.

`--previous` and `--split` read the earlier publication so that SEQUENCE rises only on
events that changed, and the report can say what changed and what disappeared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..errors import FileProblem


@dataclass(frozen=True)
class Change:
    uid: str
    title: str
    fields: tuple[str, ...] = ()  # which of time, title, description, location changed


@dataclass(frozen=True)
class Changes:
    """The difference between a new feed and the previous one (by UID)."""

    changed: list[Change] = field(default_factory=list)
    added: list[Change] = field(default_factory=list)
    disappeared: list[Change] = field(default_factory=list)
    # process ids other than ours in the previous feed's UIDs (`<event-id>@<process-id>`):
    # it was made from another calendar, so every event looks new
    other_processes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Published:
    """One event of the previous feed: its SEQUENCE, what is compared, its title, LAST-MODIFIED."""

    sequence: int
    key: tuple[Any, ...]
    title: str
    last_modified: datetime | None


COMPARED = ("time", "title", "description", "location")


_UNFOLD = re.compile(r"\r?\n[ \t]")


def _split_line(line: str) -> tuple[str, dict[str, str], str]:
    """NAME;PARAM=value:VALUE → (NAME, {PARAM: value}, VALUE); a ':' in quotes is no separator."""
    quoted, cut = False, -1
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            cut = i
            break
    if cut < 0:
        raise ValueError(f"no ':' in {line[:40]!r}")
    head, value = line[:cut], line[cut + 1 :]
    name, *params = head.split(";")
    pairs = dict(p.split("=", 1) for p in params if "=" in p)
    return name.upper(), {k.upper(): v.strip('"') for k, v in pairs.items()}, value


def _published_key(props: Mapping[str, tuple[dict[str, str], str]]) -> tuple[Any, ...]:
    """The same key as a new event's, from a published VEVENT's raw properties."""
    from icalendar.parser import unescape_backslash
    from icalendar.prop import vDDDTypes

    def when(name: str) -> Any:
        if name not in props:
            return None
        params, value = props[name]
        parsed = vDDDTypes.from_ical(value)
        if isinstance(parsed, timedelta):
            return ("duration", str(parsed))
        return value_key(parsed, params.get("TZID") or ("UTC" if value.endswith("Z") else None))

    def text(name: str) -> str:
        return unescape_backslash(props[name][1]) if name in props else ""

    times = (when("DTSTART"), when("DTEND"), when("DURATION"))
    return (times, text("SUMMARY"), text("DESCRIPTION"), text("LOCATION"))


def read_published(
    data: bytes, name: str = "the previous feed", hint: str = "pass the .ics file you published last"
) -> dict[str, Published]:
    """The events of a feed published before, by UID (values read by icalendar's types)."""
    from icalendar.parser import unescape_backslash
    from icalendar.prop import vDDDTypes

    try:
        lines = _UNFOLD.sub("", data.decode("utf-8")).splitlines()
    except UnicodeDecodeError:
        raise FileProblem(f"{name} is not UTF-8, so not a feed of ours; {hint}") from None
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise FileProblem(f"{name} is not an iCalendar file (no BEGIN:VCALENDAR); {hint}")
    out: dict[str, Published] = {}
    props: dict[str, tuple[dict[str, str], str]] | None = None
    depth = 0
    try:
        for line in lines:
            if not line.strip():
                continue
            key, params, value = _split_line(line)
            if key == "BEGIN" and value.upper() == "VEVENT":
                props, depth = {}, 0
            elif props is None:
                continue
            elif key == "BEGIN":
                depth += 1  # a VALARM: its DESCRIPTION is not the event's
            elif key == "END" and depth:
                depth -= 1
            elif key == "END" and value.upper() == "VEVENT":
                uid = unescape_backslash(props["UID"][1]) if "UID" in props else ""
                if uid:
                    seq = props.get("SEQUENCE", ({}, "0"))[1].strip()
                    modified = props.get("LAST-MODIFIED")
                    out[uid] = Published(
                        int(seq) if seq.isdigit() else 0,
                        _published_key(props),
                        unescape_backslash(props["SUMMARY"][1]) if "SUMMARY" in props else "",
                        vDDDTypes.from_ical(modified[1]) if modified else None,
                    )
                props = None
            elif not depth:
                props.setdefault(key, (params, value))
    except (ValueError, KeyError) as exc:
        raise FileProblem(f"{name}: cannot read it as iCalendar ({exc}); {hint}") from None
    return out


def other_processes(published: Mapping[str, Published] | None, process_id: str) -> tuple[str, ...]:
    """The process ids in a previous feed's UIDs that are not ours, sorted."""
    found = {uid.rpartition("@")[2] for uid in published or () if "@" in uid}
    return tuple(sorted(found - {process_id}))


def value_key(value: date | datetime | None, tzid: str | None) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return ("date-time", value.replace(tzinfo=None).isoformat(), tzid)
    return ("date", value.isoformat())
