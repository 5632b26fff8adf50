"""Python's readers of .ics files: icalendar 7, vobject and recurring-ical-events.

    python tests/interop/readers/python_read.py icalendar|icalendar-file-tz|vobject|rie FILE.ics ...

Prints one JSON line per VEVENT, as readers/icaljs_read.js does; the suite calls the
functions directly. How each one turns a TZID into a zone (found by running them):

- icalendar: an IANA TZID comes from the IANA database and the file's VTIMEZONE is not
  read; any other TZID gets a zone built from the VTIMEZONE. `icalendar-file-tz` always
  builds the zone from the file (Timezone.to_tz(lookup_tzid=False)), which is how the
  suite tests budgettid's own VTIMEZONE with icalendar.
- vobject: the file's VTIMEZONE (through dateutil).
- recurring-ical-events: icalendar's zones; one record per occurrence (an event once).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any


def dur_text(td: timedelta) -> str:
    seconds = int(td.total_seconds())
    sign = "-" if seconds < 0 else ""
    d, s = divmod(abs(seconds), 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    out = sign + "P" + (f"{d}D" if d else "")
    if h or m or s:
        out += "T" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s else "")
    return "PT0S" if out == sign + "P" else out


def _utc(value: datetime) -> str | None:
    if value.tzinfo is None:
        return None  # floating: no moment
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record(path: str, uid: Any, summary: Any, start: Any, end: Any, triggers: list[Any], status: Any) -> dict:
    all_day = isinstance(start, date) and not isinstance(start, datetime)
    rec: dict[str, Any] = {"file": path, "uid": str(uid), "summary": str(summary), "all_day": all_day}
    if all_day:
        rec["start_date"] = start.isoformat()
        rec["end_date"] = end.isoformat() if end is not None else None
    else:
        rec["start_utc"] = _utc(start)
        rec["end_utc"] = _utc(end) if end is not None else None
    rec["alarms"] = len(triggers)
    rec["triggers"] = [dur_text(t) if isinstance(t, timedelta) else _utc(t) for t in triggers]
    rec["status"] = str(status) if status is not None else None
    return rec


def _ical_triggers(ev: Any) -> list[Any]:
    return [a["TRIGGER"].dt for a in ev.walk("VALARM") if "TRIGGER" in a]


def read_icalendar(path: str, file_tz: bool = False) -> list[dict]:
    from icalendar import Calendar

    with open(path, "rb") as f:
        cal = Calendar.from_ical(f.read())
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")} if file_tz else {}
    out = []
    for ev in cal.walk("VEVENT"):

        def value(name: str, ev: Any = ev) -> Any:
            prop = ev[name]
            v = prop.dt
            tzid = prop.params.get("TZID")
            if tzid in zones and isinstance(v, datetime):
                v = v.replace(tzinfo=zones[tzid])  # the same wall time, the file's rules
            return v

        start = value("DTSTART")
        end = value("DTEND") if "DTEND" in ev else None
        out.append(
            record(path, ev["UID"], ev.get("SUMMARY"), start, end, _ical_triggers(ev), ev.get("STATUS"))
        )
    return out


def read_rie(path: str) -> list[dict]:
    import recurring_ical_events
    from icalendar import Calendar

    with open(path, "rb") as f:
        cal = Calendar.from_ical(f.read())
    out = []
    for ev in recurring_ical_events.of(cal).between(datetime(1900, 1, 1), datetime(2200, 1, 1)):
        start = ev["DTSTART"].dt
        end = ev["DTEND"].dt if "DTEND" in ev else None  # made up for a moment: DTEND = DTSTART
        triggers = _ical_triggers(ev)
        out.append(record(path, ev["UID"], ev.get("SUMMARY"), start, end, triggers, ev.get("STATUS")))
    return out


def read_vobject(path: str) -> list[dict]:
    import vobject

    with open(path, encoding="utf-8") as f:
        cal = vobject.readOne(f.read())
    out = []
    for ev in cal.contents.get("vevent", []):
        start = ev.dtstart.value
        end = ev.dtend.value if "dtend" in ev.contents else None
        triggers = [a.trigger.value for a in ev.contents.get("valarm", []) if "trigger" in a.contents]
        status = ev.status.value if "status" in ev.contents else None
        summary = ev.summary.value if "summary" in ev.contents else None
        out.append(record(path, ev.uid.value, summary, start, end, triggers, status))
    return out


READERS = {
    "icalendar": read_icalendar,
    "icalendar-file-tz": lambda path: read_icalendar(path, file_tz=True),
    "vobject": read_vobject,
    "rie": read_rie,
}


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in READERS:
        print(__doc__, file=sys.stderr)
        return 2
    for path in argv[1:]:
        for rec in READERS[argv[0]](path):
            print(json.dumps(rec, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
