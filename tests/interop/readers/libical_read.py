#!/usr/bin/python3
"""libical 3 as Evolution uses it (libical-glib through GObject introspection), reading .ics files.

Needs Debian's python3-gi and gir1.2-ical-3.0, so it runs under /usr/bin/python3 (isolated,
-I, so that nothing of the test run's Python leaks in):

    /usr/bin/python3 -I tests/interop/readers/libical_read.py FILE.ics [FILE.ics ...]

Prints one JSON line per VEVENT, as readers/icaljs_read.js does. A time with a TZID is
converted with the file's VTIMEZONE (i_cal_component_get_timezone on the VCALENDAR), as
Evolution does for an imported file.
"""

from __future__ import annotations

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal  # noqa: E402

UTC = ICal.Timezone.get_utc_timezone()


def dur_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    d, s = divmod(abs(seconds), 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    out = sign + "P" + (f"{d}D" if d else "")
    if h or m or s:
        out += "T" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s else "")
    return "PT0S" if out == sign + "P" else out


def iso_utc(t) -> str:
    return (
        f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}T"
        f"{t.get_hour():02d}:{t.get_minute():02d}:{t.get_second():02d}Z"
    )


def iso_date(t) -> str:
    return f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}"


def tzid_of(prop):
    p = prop.get_first_parameter(ICal.ParameterKind.TZID_PARAMETER) if prop is not None else None
    return p.get_tzid() if p is not None else None


def to_utc(t, tzid, root):
    if t.is_utc():
        return iso_utc(t)
    if tzid is None:
        return None  # floating: no moment
    zone = root.get_timezone(tzid)
    if zone is None:
        return None
    t = t.clone()
    t.set_timezone(zone)
    t.convert_to_zone_inplace(UTC)
    return iso_utc(t)


def read(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        root = ICal.Component.new_from_string(f.read())
    if root is None or root.isa() != ICal.ComponentKind.VCALENDAR_COMPONENT:
        print(f"libical could not read {path} as a VCALENDAR", file=sys.stderr)
        sys.exit(1)
    ev = root.get_first_component(ICal.ComponentKind.VEVENT_COMPONENT)
    while ev is not None:
        start_prop = ev.get_first_property(ICal.PropertyKind.DTSTART_PROPERTY)
        end_prop = ev.get_first_property(ICal.PropertyKind.DTEND_PROPERTY)
        start = start_prop.get_dtstart()
        status = ev.get_first_property(ICal.PropertyKind.STATUS_PROPERTY)
        rec = {
            "file": path,
            "uid": ev.get_uid(),
            "summary": ev.get_summary(),
            "all_day": bool(start.is_date()),
            "status": status.get_value_as_string() if status is not None else None,
        }
        end = end_prop.get_dtend() if end_prop is not None else None
        if rec["all_day"]:
            rec["start_date"] = iso_date(start)
            rec["end_date"] = iso_date(end) if end is not None else None
        else:
            rec["start_utc"] = to_utc(start, tzid_of(start_prop), root)
            rec["end_utc"] = to_utc(end, tzid_of(end_prop), root) if end is not None else None
        triggers = []
        alarm = ev.get_first_component(ICal.ComponentKind.VALARM_COMPONENT)
        while alarm is not None:
            prop = alarm.get_first_property(ICal.PropertyKind.TRIGGER_PROPERTY)
            if prop is None:
                triggers.append(None)
            else:
                trigger = prop.get_trigger()
                absolute = trigger.get_time()
                if not absolute.is_null_time():
                    triggers.append(iso_utc(absolute))
                else:
                    triggers.append(dur_text(trigger.get_duration().as_int()))
            alarm = ev.get_next_component(ICal.ComponentKind.VALARM_COMPONENT)
        rec["alarms"], rec["triggers"] = len(triggers), triggers
        print(json.dumps(rec, ensure_ascii=False))
        ev = root.get_next_component(ICal.ComponentKind.VEVENT_COMPONENT)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for path in argv:
        read(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
