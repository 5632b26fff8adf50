"""Calendars for the real readers, and what every reader must read in their feeds.

For each zone, timed meetings on and around every clock change of 2023 and 2024: one
ending just before, one across, one in the skipped or the repeated hour, one starting at
the change, one the day before and after, a meeting without end_time, a deadline at a
time (a moment); and all-day items with reminders, a hearing and a month date. The
changes are found here with zoneinfo, not with budgettid's own scanner.

What a reader must read comes from the model, by RFC 5545's meaning (the first of two
equal wall times, the offset before a gap), not from the feed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZONES = [
    "Europe/Copenhagen",
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # changes by 30 minutes
    "Asia/Kolkata",  # never changes
    "America/Nuuk",  # a new standard offset in October 2023
    "Asia/Jerusalem",  # the Friday before the last Sunday of March
    "Pacific/Chatham",  # +12:45/+13:45, changing at 02:45/03:45
]
YEARS = (2023, 2024)
DEFAULT_REMINDERS = {
    "deadline": timedelta(days=7),
    "meeting": timedelta(days=1),
    "hearing": timedelta(days=1),
}


def changes(zone: str) -> list[tuple[datetime, timedelta, timedelta]]:
    """(the moment in UTC, offset before, offset after) of each change of offset in YEARS."""
    tz = ZoneInfo(zone)
    out = []
    t = datetime(YEARS[0], 1, 1, tzinfo=UTC)
    while t.year <= YEARS[-1]:
        nxt = t + timedelta(minutes=15)
        before, after = t.astimezone(tz).utcoffset(), nxt.astimezone(tz).utcoffset()
        if before != after:
            assert before is not None and after is not None
            out.append((nxt, before, after))
        t = nxt
    return out


def _item(ident: str, kind: str, start: datetime, end: datetime | None, **more: object) -> dict[str, object]:
    """An event between two wall times: one day, or a window when they are on two days."""
    ev: dict[str, object] = {"id": ident, "title": f"{kind} {ident}", "kind": kind}
    if end is None or start.date() == end.date():
        ev["date"] = start.date().isoformat()
    else:
        ev["start"], ev["end"] = start.date().isoformat(), end.date().isoformat()
    ev["time"] = f"{start:%H:%M}"
    if end is not None:
        ev["end_time"] = f"{end:%H:%M}"
    return ev | more


def calendar_text(zone: str) -> str:
    """The calendar (as JSON, which is YAML) for one zone."""
    events: list[dict[str, object]] = []
    for n, (moment, before, after) in enumerate(changes(zone)):
        wall = (moment + before).replace(tzinfo=None)  # the change on the old offset
        step = abs(after - before)
        k = f"c{n}"
        events += [
            _item(f"{k}-before", "meeting", wall - timedelta(minutes=90), wall - timedelta(minutes=1)),
            _item(f"{k}-across", "meeting", wall - timedelta(hours=1), wall + step + timedelta(hours=1)),
            # in the gap (clocks forward) or in the hour that happens twice (clocks back)
            _item(f"{k}-inside", "meeting", wall + step / 2 if after > before else wall - step / 2, None),
            _item(f"{k}-at", "meeting", wall + (step if after > before else timedelta(0)), None),
            _item(f"{k}-moment", "deadline", wall - step / 2, None, reminders=["PT2H"]),
            _item(f"{k}-day-before", "meeting", wall.replace(hour=10, minute=0) - timedelta(days=1), None),
            _item(f"{k}-day-after", "meeting", wall.replace(hour=10, minute=0) + timedelta(days=1),
                  wall.replace(hour=11, minute=30) + timedelta(days=1)),
        ]  # fmt: skip
    events += [
        _item("plain", "meeting", datetime(2024, 6, 12, 17), datetime(2024, 6, 12, 19)),
        {
            "id": "frist-p0d",
            "title": "Frist samme dag",
            "kind": "deadline",
            "date": "2024-06-14",
            "reminders": ["P0D"],
        },
        {"id": "frist", "title": "Frist", "kind": "deadline", "date": "2024-06-17"},
        {"id": "hoering", "title": "Høring", "kind": "hearing", "start": "2024-06-18", "end": "2024-06-28"},
        {"id": "maaned", "title": "Temamøde", "kind": "meeting", "date": "2024-09", "time": "17:00"},
    ]
    slug = zone.lower().replace("/", "-").replace("_", "-")
    doc = {
        "format": "budgettid/1",
        "process": {
            "id": f"interop-{slug}",
            "title": f"Interop {zone}",
            "municipality": "Prøvekommune",
            "budget_years": "2025-2028",
            "timezone": zone,
            "contact": "budget@proevekommune.dk",
        },
        "bodies": {"byraadet": {"name": "Byrådet", "role": "council"}},
        "phases": [],
        "events": events,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


@dataclass(frozen=True)
class Expected:
    """What every reader must read for one event."""

    summary: str
    all_day: bool
    start: str  # ISO: a UTC moment (…Z) or a day
    end: str | None
    triggers: tuple[str, ...]
    status: str | None


def _dur(td: timedelta) -> str:
    seconds = int(td.total_seconds())
    sign = "-" if seconds < 0 else ""
    d, s = divmod(abs(seconds), 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    out = sign + "P" + (f"{d}D" if d else "")
    if h or m or s:
        out += "T" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s else "")
    return "PT0S" if out == sign + "P" else out


def _utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, zone).astimezone(UTC)  # fold=0: RFC 5545's reading


def expected(cal, *, alarms: bool = True, undecided_word: str = "dato fastlægges") -> dict[str, Expected]:  # type: ignore[no-untyped-def]
    """Each event of `cal` as every reader must read it, by UID."""
    zone = ZoneInfo(cal.process.timezone)
    out = {}
    for e in cal.events:
        first, last = e.span_start.first, e.span_end.last
        timed = e.exact and e.time is not None and (first == last or e.end_time is not None)
        before = e.reminders[0] if e.reminders else DEFAULT_REMINDERS.get(e.kind)
        if not e.exact or not alarms:
            before = None
        title = e.title if e.exact else f"{e.title} ({undecided_word})"
        status = None if e.exact else "TENTATIVE"
        if not timed:
            trigger = None
            if before is not None:
                whole = before % timedelta(days=1) == timedelta(0)
                trigger = -before + timedelta(hours=9) if whole and before else -before
            triggers = (_dur(trigger),) if trigger is not None else ()
            end = (last + timedelta(days=1)).isoformat()
            out[f"{e.id}@{cal.process.id}"] = Expected(title, True, first.isoformat(), end, triggers, status)
            continue
        start = _utc(first, e.time, zone)
        if e.end_time is not None:
            until: datetime | None = _utc(last, e.end_time, zone)
            if until is not None and until <= start:
                until = None  # the clocks skip the start onto or past the end: a moment
        elif e.kind == "meeting":
            until = start + timedelta(minutes=cal.process.meeting_minutes)
        else:
            until = None
        iso = "%Y-%m-%dT%H:%M:%SZ"
        triggers = (_dur(-before),) if before is not None else ()
        end_text = until.strftime(iso) if until else None
        out[f"{e.id}@{cal.process.id}"] = Expected(
            title, False, start.strftime(iso), end_text, triggers, status
        )
    return out


__all__ = ["YEARS", "ZONES", "Expected", "calendar_text", "changes", "expected"]
