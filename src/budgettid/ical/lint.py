"""Check an .ics file; every problem names its line.

Two sets of checks. *Interoperability* (the default, for any feed) is what makes a calendar
program read the file wrong or not at all: broken lines and nesting, text that is not
escaped, control characters, times the clocks skip or repeat, VTIMEZONE rules Outlook
cannot read ([MS-OXCICAL] 2.1.3.1.1.19) or reads otherwise ([MS-STANOICAL] 2.2.47), a zone
named like an IANA zone that disagrees with it, all-day items without a proper end, a
positive relative alarm TRIGGER (Outlook takes its absolute value, 2.1.3.1.1.20.62). A real
export from Outlook, Google or Thunderbird passes them. *budgettid's publishing profile*
(`profile="budgettid"`, README.md "Calendar feeds") adds what budgettid's own feeds
promise: CRLF and 75-octet lines, a name and refresh interval for subscribers, TRANSP on
every event, one alarm per event, one yearly rule each way anchored in 1970, no floating
times, an ORGANIZER with METHOD:PUBLISH, no unused VTIMEZONE.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from . import lint_zones
from .lines import FATAL, Component, Problem, Problems, Property, read

PROFILES = ("interop", "budgettid")
MAX_OCTETS = 75
_TEXT_PROPS = frozenset({"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "NAME",
                         "X-WR-CALNAME", "X-WR-CALDESC"})  # fmt: skip
# RFC 5545 allows no control character but HTAB in a value (a line break in text is "\n");
# a CR is reported as bare-cr already, and an LF ends the line.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPE_OR_SEPARATOR = re.compile(r"\\(.?)|[;,]", re.S)  # a TEXT escape (and what follows), or a separator
_ONCE_IN_EVENT = frozenset({"UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY",
                            "DESCRIPTION", "LOCATION", "SEQUENCE", "TRANSP", "STATUS",
                            "LAST-MODIFIED", "ORGANIZER", "URL", "RECURRENCE-ID"})  # fmt: skip
_ONCE_IN_CALENDAR = frozenset({"VERSION", "PRODID", "METHOD", "CALSCALE", "NAME", "X-WR-CALNAME",
                               "REFRESH-INTERVAL", "X-PUBLISHED-TTL"})  # fmt: skip
# Problems found while reading that only the profile cares about.
_READING_PROFILE = frozenset({"no-final-crlf"})


class _Linter:
    def __init__(self, problems: Problems, profile: bool) -> None:
        self.problems = problems
        self.strict = profile

    def add(self, line: int, symbol: str, key: str, **args: Any) -> None:
        self.problems.add(line, symbol, key, **args)

    def profile(self, line: int, symbol: str, key: str, **args: Any) -> None:
        """A problem of budgettid's profile only."""
        if self.strict:
            self.problems.add(line, symbol, key, **args)

    # --- physical lines ---------------------------------------------------------------------

    def physical(self, lines: list[tuple[int, bytes, bool]], data: bytes) -> None:
        bare_lf = [n for n, _, crlf in lines if not crlf and (n < len(lines) or data.endswith(b"\n"))]
        for n, line, _ in lines:
            if b"\r" in line:
                self.add(n, "bare-cr", "lint.bare_cr")
            if len(line) > MAX_OCTETS:
                self.profile(n, "line-too-long", "lint.too_long", octets=len(line), max=MAX_OCTETS)
        if bare_lf:
            self.profile(bare_lf[0], "bare-lf", "lint.bare_lf", more=len(bare_lf) - 1)

    # --- values -----------------------------------------------------------------------------

    def text_values(self, cal: Component) -> None:
        for comp in (cal, *cal.walk()):
            for p in comp.props:
                if control := _CONTROL.search(p.value):
                    code = f"U+{ord(control.group()):04X}"
                    self.add(p.line, "control-character", "lint.control", name=p.name, code=code)
                if p.name in _TEXT_PROPS:
                    self.escaped(p, list_ok=False)
                elif p.name == "CATEGORIES":
                    self.escaped(p, list_ok=True)

    def escaped(self, p: Property, *, list_ok: bool) -> None:
        for m in _ESCAPE_OR_SEPARATOR.finditer(p.value):  # an escape is read whole: \\, is no comma
            nxt = m.group(1)
            if nxt is not None:
                if nxt not in ("\\", ";", ",", "n", "N"):
                    self.add(p.line, "text-escape", "lint.bad_escape", name=p.name, escape=f"\\{nxt}")
                    return
            elif m.group() == ";" or not list_ok:
                self.add(p.line, "text-escape", "lint.bare_separator", name=p.name, char=m.group())
                return

    def once(self, comp: Component, names: frozenset[str]) -> None:
        seen: set[str] = set()
        for p in comp.props:
            if p.name in names:
                if p.name in seen:
                    self.add(p.line, "duplicate-property", "lint.twice", name=p.name, comp=comp.name)
                seen.add(p.name)

    # --- the calendar -----------------------------------------------------------------------

    def calendar(self, cal: Component) -> None:
        self.once(cal, _ONCE_IN_CALENDAR)
        version = cal.get("VERSION")
        if version is None or version.value != "2.0":
            self.add(version.line if version else cal.line, "version", "lint.version")
        if cal.get("PRODID") is None:
            self.add(cal.line, "missing-property", "lint.no_prodid")
        method = cal.get("METHOD")
        if method is not None and method.value.upper() != "PUBLISH":
            self.add(method.line, "method", "lint.method", value=method.value)
        for name in ("NAME", "X-WR-CALNAME"):
            if cal.get(name) is None:
                self.profile(cal.line, "calendar-name", "lint.no_name", name=name)
        self.refresh(cal)
        if not cal.subs:
            self.profile(cal.line, "empty-calendar", "lint.empty")
        for s in cal.subs:
            if s.name not in ("VEVENT", "VTIMEZONE"):
                self.profile(s.line, "component", "lint.component", name=s.name)

    def refresh(self, cal: Component) -> None:
        """REFRESH-INTERVAL (RFC 7986) is the subscriber's reload hint; X-PUBLISHED-TTL its old name."""
        from icalendar.prop import vDuration

        refresh, ttl = cal.get("REFRESH-INTERVAL"), cal.get("X-PUBLISHED-TTL")
        if refresh is None:
            self.profile(cal.line, "refresh", "lint.no_refresh")
        elif refresh.param("VALUE") is None or refresh.param("VALUE").upper() != "DURATION":  # type: ignore[union-attr]
            self.profile(refresh.line, "refresh", "lint.refresh_value")
        values = {}
        for p in (refresh, ttl):
            if p is None:
                continue
            try:
                values[p.name] = vDuration.from_ical(p.value)
                if values[p.name] <= timedelta(0):
                    raise ValueError
            except ValueError:
                self.profile(p.line, "refresh", "lint.refresh_duration", name=p.name, value=p.value)
        if ttl is not None and refresh is not None and len(values) == 2 and len(set(values.values())) == 2:
            self.profile(ttl.line, "refresh", "lint.ttl_differs", ttl=ttl.value, refresh=refresh.value)

    # --- zones and events -------------------------------------------------------------------

    def zones(self, cal: Component) -> dict[str, Component]:
        out: dict[str, Component] = {}
        for tz in cal.walk("VTIMEZONE"):
            tzid = tz.get("TZID")
            if tzid is None:
                self.add(tz.line, "missing-property", "lint.tz_no_tzid")
                continue
            if tzid.value in out:
                self.add(tz.line, "duplicate-vtimezone", "lint.tz_twice", tzid=tzid.value)
                continue
            out[tzid.value] = tz
            lint_zones.rules(tz, tzid.value, self.problems, self.profile)
        return out

    def events(self, cal: Component, zones: dict[str, Component]) -> None:
        seen: dict[tuple[str, str], int] = {}
        uses: dict[str, list[lint_zones.Use]] = {}
        method = cal.get("METHOD")
        publish = method is not None and method.value.upper() == "PUBLISH"
        for ev in cal.walk("VEVENT"):
            self.once(ev, _ONCE_IN_EVENT)
            for name in ("UID", "DTSTAMP", "DTSTART"):
                if ev.get(name) is None:
                    self.add(ev.line, "missing-property", "lint.event_missing", name=name)
            if ev.get("SUMMARY") is None:
                self.profile(ev.line, "missing-property", "lint.event_missing", name="SUMMARY")
            uid, recurrence = ev.get("UID"), ev.get("RECURRENCE-ID")
            if uid is not None:
                # a moved occurrence shares its series' UID, with a RECURRENCE-ID (RFC 5545 3.8.4.4)
                key = (uid.value, recurrence.value if recurrence else "")
                if key in seen:
                    self.add(uid.line, "duplicate-uid", "lint.duplicate_uid", uid=uid.value, other=seen[key])
                seen.setdefault(key, uid.line)
            stamp = ev.get("DTSTAMP")
            if stamp is not None and not stamp.value.upper().endswith("Z"):
                self.add(stamp.line, "dtstamp", "lint.dtstamp")
            if publish and ev.get("ORGANIZER") is None:
                self.profile(ev.line, "organizer", "lint.organizer")
            transp = ev.get("TRANSP")
            if transp is None:
                self.profile(ev.line, "transp", "lint.no_transp")
            elif transp.value.upper() not in ("OPAQUE", "TRANSPARENT"):
                self.add(transp.line, "transp", "lint.transp", value=transp.value)
            seq = ev.get("SEQUENCE")
            if seq is not None and not seq.value.isdigit():
                self.add(seq.line, "sequence", "lint.sequence", value=seq.value)
            values = self.times(ev, zones, uses)
            if ev.get("DTEND") is not None and (duration := ev.get("DURATION")) is not None:
                self.add(duration.line, "duration", "lint.end_and_duration")
            self.span(ev, values)
            self.alarms(ev)
        has_events = any(True for _ in cal.walk("VEVENT"))  # an empty feed names its zone
        for tzid, tz in zones.items():
            if has_events and tzid not in uses and not self.used_elsewhere(cal, tzid):
                self.profile(tz.line, "unused-vtimezone", "lint.tz_unused", tzid=tzid)
        for tzid, found in uses.items():
            lint_zones.times(zones[tzid], tzid, found, self.problems)

    def times(
        self, ev: Component, zones: dict[str, Component], uses: dict[str, list[lint_zones.Use]]
    ) -> dict[str, Any]:
        from icalendar.prop import vDDDTypes

        values: dict[str, Any] = {}
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            p = ev.get(name)
            if p is None:
                continue
            is_date = (p.param("VALUE") or "").upper() == "DATE"
            try:
                value = vDDDTypes.from_ical(p.value)
            except ValueError:
                self.add(p.line, "date-value", "lint.not_a_date", name=name, value=p.value)
                continue
            if isinstance(value, timedelta):
                self.add(p.line, "date-value", "lint.not_a_date", name=name, value=p.value)
                continue
            if isinstance(value, datetime) and is_date:
                self.add(p.line, "date-value", "lint.date_with_time", name=name)
                continue
            if not isinstance(value, datetime) and not is_date:
                self.add(p.line, "date-value", "lint.date_without_value", name=name, value=p.value)
            if isinstance(value, datetime) and value.tzinfo is None:
                tzid = p.param("TZID")
                if tzid is None:
                    self.profile(p.line, "floating-time", "lint.floating", name=name, value=p.value)
                elif tzid not in zones:
                    self.add(p.line, "unknown-tzid", "lint.unknown_tzid", tzid=tzid)
                else:
                    uses.setdefault(tzid, []).append(lint_zones.Use(p.line, value))
            values[name] = (p, value)
        return values

    @staticmethod
    def used_elsewhere(cal: Component, tzid: str) -> bool:
        """A TZID on any other property counts as use (Outlook's X-MS-OLK-WKHRSTART, EXDATE)."""
        return any(tzid in p.params.get("TZID", ()) for comp in (cal, *cal.walk()) for p in comp.props)

    def span(self, ev: Component, values: dict[str, Any]) -> None:
        if "DTSTART" not in values:
            return
        sp, start = values["DTSTART"]
        all_day = not isinstance(start, datetime)
        if "DTEND" not in values:
            if all_day and ev.get("DURATION") is None:
                self.add(sp.line, "all-day-end", "lint.all_day_no_end")
            return
        ep, end = values["DTEND"]
        if isinstance(end, datetime) != isinstance(start, datetime):
            self.add(ep.line, "date-value", "lint.mixed_end")
            return
        if all_day and end <= start:
            self.add(ep.line, "all-day-end", "lint.all_day_end", end=f"{end:%Y%m%d}")
        elif not all_day:
            same_zone = sp.param("TZID") == ep.param("TZID")
            if same_zone and start.tzinfo is None and end.tzinfo is None and end <= start:
                self.add(ep.line, "end-before-start", "lint.end_before_start")

    def alarms(self, ev: Component) -> None:
        from icalendar.prop import vDuration

        alarms = list(ev.walk("VALARM"))
        for extra in alarms[1:]:
            self.profile(extra.line, "alarms", "lint.second_alarm")
        for a in alarms:
            action, trigger = a.get("ACTION"), a.get("TRIGGER")
            if action is None or trigger is None:
                self.add(a.line, "alarms", "lint.alarm_parts")
                continue
            if action.value.upper() == "DISPLAY" and a.get("DESCRIPTION") is None:
                self.add(a.line, "alarms", "lint.alarm_description")
            if (trigger.param("VALUE") or "").upper() == "DATE-TIME":
                continue
            try:
                before = vDuration.from_ical(trigger.value)
            except ValueError:
                self.add(trigger.line, "alarms", "lint.trigger", value=trigger.value)
                continue
            if before > timedelta(0):
                self.add(trigger.line, "positive-trigger", "lint.positive_trigger", value=trigger.value)


def lint(data: bytes, profile: str = "interop") -> list[Problem]:
    """Every problem of `data` by line: interoperability, or with `profile="budgettid"` the
    whole publishing profile as well. An empty list means clean."""
    if profile not in PROFILES:
        raise ValueError(f"profile {profile!r}: choose one of {', '.join(PROFILES)}")
    doc = read(data)
    strict = profile == "budgettid"
    problems = Problems(p for p in doc.problems if strict or p.symbol not in _READING_PROFILE)
    if doc.problems and any(p.symbol == "not-icalendar" for p in doc.problems):
        return list(problems)
    linter = _Linter(problems, strict)
    linter.physical(doc.physical, data)
    cal = doc.calendar
    if cal is not None:
        linter.calendar(cal)
        zones = linter.zones(cal)
        linter.events(cal, zones)
        linter.text_values(cal)
        if not any(p.symbol in FATAL for p in problems):
            _values(linter, cal)
    return sorted(set(problems))


def _values(linter: _Linter, cal: Component) -> None:
    """Every value of a known type must read as that type, as icalendar's types read it.

    The types are icalendar's; parsing the whole file with icalendar as well took four
    fifths of the lint's time and found nothing more.
    """
    from icalendar.prop import TypesFactory, vCalAddress, vText

    types = TypesFactory.instance() if hasattr(TypesFactory, "instance") else TypesFactory()
    for comp in (cal, *cal.walk()):
        for p in comp.props:
            if p.name.startswith("X-"):
                continue
            kind = types.for_property(p.name, p.param("VALUE"))
            if kind in (vText, vCalAddress):
                continue  # text is checked for escapes and controls; an address is any URI
            try:
                kind.from_ical(p.value)  # type: ignore[attr-defined]
            except Exception as exc:  # the types raise ValueError, and others on odd input
                linter.add(p.line, "value", "lint.value", name=p.name, error=str(exc))


__all__ = ["PROFILES", "Problem", "lint"]
