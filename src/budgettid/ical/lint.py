"""Check an .ics feed against budgettid's feed profile; every problem names its line.

The profile (README.md, "Calendar feeds") is what Outlook and the other big clients read
right: CRLF, 75-octet folds that keep UTF-8 characters whole, escaped text, no control
characters, all-day items with an exclusive DATE end, zone-aware times whose VTIMEZONE
agrees with the IANA zone of that name, one yearly rule each way per zone, at most one
alarm per event, PUBLISH or no METHOD, and a name and refresh interval for subscribers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

MAX_OCTETS = 75
_NAME_RE = re.compile(r"[A-Za-z0-9-]+")
_TEXT_PROPS = frozenset({"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "NAME",
                         "X-WR-CALNAME", "X-WR-CALDESC"})  # fmt: skip
# RFC 5545 allows no control character but HTAB in a value (a line break in text is "\n");
# a CR is reported as bare-cr already, and an LF ends the line.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ONCE_IN_EVENT = frozenset({"UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY",
                            "DESCRIPTION", "LOCATION", "SEQUENCE", "TRANSP", "STATUS",
                            "LAST-MODIFIED", "ORGANIZER", "URL"})  # fmt: skip


@dataclass(frozen=True, order=True)
class Problem:
    """One way a feed misses the profile: the (physical, 1-based) line, a symbol, the fix."""

    line: int
    symbol: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message} [{self.symbol}]"


@dataclass
class _Prop:
    name: str
    params: dict[str, str]
    value: str
    line: int


@dataclass
class _Comp:
    name: str
    line: int
    props: list[_Prop] = field(default_factory=list)
    subs: list[_Comp] = field(default_factory=list)

    def all(self, name: str) -> list[_Prop]:
        return [p for p in self.props if p.name == name]

    def get(self, name: str) -> _Prop | None:
        return next((p for p in self.props if p.name == name), None)

    def walk(self, name: str) -> Iterator[_Comp]:
        for s in self.subs:
            if s.name == name:
                yield s
            yield from s.walk(name)


class _Linter:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, line: int, symbol: str, message: str) -> None:
        self.problems.append(Problem(line, symbol, message))

    # --- bytes and lines -------------------------------------------------------------------

    def physical(self, data: bytes) -> list[tuple[int, bytes]]:
        """Physical lines (number, octets) after checking line ends and length."""
        raw = data.split(b"\n")
        if raw and raw[-1] == b"":
            raw.pop()
        elif data:
            self.add(len(raw), "no-final-crlf", "the last line does not end with CRLF")
        out = []
        bare_lf: list[int] = []
        for n, chunk in enumerate(raw, start=1):
            ends_lf = n < len(raw) or data.endswith(b"\n")
            if ends_lf and not chunk.endswith(b"\r"):
                bare_lf.append(n)
            line = chunk[:-1] if chunk.endswith(b"\r") else chunk
            if b"\r" in line:
                self.add(n, "bare-cr", "a CR inside the line; iCalendar lines end with CRLF only")
            if len(line) > MAX_OCTETS:
                self.add(n, "line-too-long", f"{len(line)} octets; fold lines at {MAX_OCTETS} octets")
            out.append((n, line))
        if bare_lf:
            more = f" (and {len(bare_lf) - 1} more lines)" if len(bare_lf) > 1 else ""
            self.add(bare_lf[0], "bare-lf", f"line ends with LF alone{more}; iCalendar needs CRLF")
        return out

    def logical(self, lines: list[tuple[int, bytes]]) -> list[tuple[int, str]]:
        """Unfold (a line that starts with a space or tab continues the one before), then decode.

        Folding is by octets, so a content line must be UTF-8 once unfolded, and each
        physical line on its own too: a fold inside a character breaks many readers.
        """
        groups: list[tuple[int, list[tuple[int, bytes]]]] = []
        for n, line in lines:
            if line[:1] in (b" ", b"\t"):
                if not groups:
                    self.add(n, "syntax", "the file starts with a continuation line")
                    continue
                groups[-1][1].append((n, line[1:]))
            elif line == b"":
                self.add(n, "syntax", "an empty line; remove it")
            else:
                groups.append((n, [(n, line)]))
        out = []
        for n, parts in groups:
            whole = b"".join(part for _, part in parts)
            try:
                text = whole.decode("utf-8")
            except UnicodeDecodeError:
                self.add(n, "not-utf8", "not UTF-8; save the file as UTF-8")
                text = whole.decode("utf-8", "replace")
            else:
                for m, part in parts:
                    try:
                        part.decode("utf-8")
                    except UnicodeDecodeError:
                        self.add(m, "split-utf8", "the fold splits a UTF-8 character; "
                                 "fold between characters")  # fmt: skip
                        break
            out.append((n, text))
        return out

    def parse_line(self, n: int, text: str) -> _Prop | None:
        m = _NAME_RE.match(text)
        if not m:
            self.add(n, "syntax", f"not a content line: {text[:40]!r}")
            return None
        name, i = m.group().upper(), m.end()
        params: dict[str, str] = {}
        while i < len(text) and text[i] == ";":
            pm = _NAME_RE.match(text, i + 1)
            if not pm or pm.end() >= len(text) or text[pm.end()] != "=":
                self.add(n, "syntax", f"{name}: a parameter without NAME=value")
                return None
            key, i = pm.group().upper(), pm.end() + 1
            values = []
            while True:
                if i < len(text) and text[i] == '"':
                    close = text.find('"', i + 1)
                    if close < 0:
                        self.add(n, "syntax", f"{name}: a quoted parameter value is not closed")
                        return None
                    values.append(text[i + 1 : close])
                    i = close + 1
                else:
                    j = i
                    while j < len(text) and text[j] not in ";:,":
                        j += 1
                    values.append(text[i:j])
                    i = j
                if i < len(text) and text[i] == ",":
                    i += 1
                    continue
                break
            params[key] = ",".join(values)
        if i >= len(text) or text[i] != ":":
            self.add(n, "syntax", f"{name}: no ':' before the value")
            return None
        return _Prop(name, params, text[i + 1 :], n)

    def tree(self, lines: list[tuple[int, str]]) -> _Comp | None:
        root = _Comp("", 0)
        stack = [root]
        for n, text in lines:
            prop = self.parse_line(n, text)
            if prop is None:
                continue
            if prop.name == "BEGIN":
                comp = _Comp(prop.value.upper(), n)
                stack[-1].subs.append(comp)
                stack.append(comp)
            elif prop.name == "END":
                if len(stack) == 1 or stack[-1].name != prop.value.upper():
                    open_name = stack[-1].name if len(stack) > 1 else "nothing"
                    self.add(n, "nesting", f"END:{prop.value} while {open_name} is open")
                    continue
                stack.pop()
            else:
                if len(stack) == 1:
                    self.add(n, "nesting", f"{prop.name} outside BEGIN:VCALENDAR")
                    continue
                stack[-1].props.append(prop)
        for comp in stack[1:]:
            self.add(comp.line, "nesting", f"BEGIN:{comp.name} is never closed with END:{comp.name}")
        cals = [c for c in root.subs if c.name == "VCALENDAR"]
        if not root.subs:
            self.add(1, "nesting", "no BEGIN:VCALENDAR; this is not an iCalendar file")
            return None
        for c in root.subs:
            if c.name != "VCALENDAR":
                self.add(c.line, "nesting", f"BEGIN:{c.name} at the top; wrap it in VCALENDAR")
        if len(cals) > 1:
            self.add(cals[1].line, "nesting", "a second VCALENDAR; a feed holds one")
        return cals[0] if cals else None

    # --- the profile ----------------------------------------------------------------------

    def text_values(self, comp: _Comp) -> None:
        for p in comp.props:
            if control := _CONTROL.search(p.value):
                self.add(p.line, "control-character", f"{p.name}: a control character "
                         f"(U+{ord(control.group()):04X}) in the value; remove it")  # fmt: skip
            if p.name in _TEXT_PROPS:
                self.escaped(p, list_ok=False)
            elif p.name == "CATEGORIES":
                self.escaped(p, list_ok=True)
        for s in comp.subs:
            self.text_values(s)

    def escaped(self, p: _Prop, *, list_ok: bool) -> None:
        v, i = p.value, 0
        while i < len(v):
            ch = v[i]
            if ch == "\\":
                nxt = v[i + 1 : i + 2]
                if nxt not in ("\\", ";", ",", "n", "N"):
                    self.add(p.line, "text-escape", f"{p.name}: '\\{nxt}' is not a TEXT escape; "
                             "write \\\\ for a backslash")  # fmt: skip
                    return
                i += 2
                continue
            if ch == ";" or (ch == "," and not list_ok):
                self.add(p.line, "text-escape", f"{p.name}: a bare '{ch}' in text; escape it as \\{ch}")
                return
            i += 1

    def once(self, comp: _Comp, names: frozenset[str]) -> None:
        seen: set[str] = set()
        for p in comp.props:
            if p.name in names:
                if p.name in seen:
                    self.add(p.line, "duplicate-property", f"{p.name} twice in one {comp.name}")
                seen.add(p.name)

    def calendar(self, cal: _Comp) -> None:
        from icalendar.prop import vDuration

        self.once(cal, frozenset({"VERSION", "PRODID", "METHOD", "CALSCALE", "NAME",
                                  "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"}))  # fmt: skip
        version = cal.get("VERSION")
        if version is None or version.value != "2.0":
            self.add(version.line if version else cal.line, "version", "VERSION must be 2.0")
        if cal.get("PRODID") is None:
            self.add(cal.line, "missing-property", "no PRODID; say which program made the feed")
        method = cal.get("METHOD")
        if method is not None and method.value.upper() != "PUBLISH":
            self.add(method.line, "method", f"METHOD:{method.value} makes Outlook treat the feed as "
                     "invitations; use METHOD:PUBLISH or none")  # fmt: skip
        for name in ("NAME", "X-WR-CALNAME"):
            if cal.get(name) is None:
                self.add(cal.line, "calendar-name", f"no {name}; subscribers see the feed by its name")
        refresh = cal.get("REFRESH-INTERVAL")
        if refresh is None:
            self.add(cal.line, "refresh", "no REFRESH-INTERVAL;VALUE=DURATION (e.g. PT12H)")
        elif refresh.params.get("VALUE", "").upper() != "DURATION":
            self.add(refresh.line, "refresh", "REFRESH-INTERVAL needs the parameter VALUE=DURATION")
        ttl = cal.get("X-PUBLISHED-TTL")
        if ttl is None:
            self.add(cal.line, "refresh", "no X-PUBLISHED-TTL (Outlook's refresh interval, e.g. PT12H)")
        for p in (refresh, ttl):
            if p is None:
                continue
            try:
                if vDuration.from_ical(p.value) <= timedelta(0):
                    raise ValueError
            except ValueError:
                self.add(p.line, "refresh", f"{p.name}:{p.value} is not a positive duration (PT12H)")
        if not cal.subs:
            self.add(cal.line, "empty-calendar", "no component; a calendar holds at least one")
        for s in cal.subs:
            if s.name not in ("VEVENT", "VTIMEZONE"):
                self.add(s.line, "component", f"{s.name} in a feed; the profile has VEVENT and VTIMEZONE")

    def zones(self, cal: _Comp) -> dict[str, _Comp]:
        out: dict[str, _Comp] = {}
        for tz in cal.walk("VTIMEZONE"):
            tzid = tz.get("TZID")
            if tzid is None:
                self.add(tz.line, "missing-property", "VTIMEZONE without TZID")
                continue
            if tzid.value in out:
                self.add(tz.line, "duplicate-vtimezone", f"a second VTIMEZONE {tzid.value}")
                continue
            out[tzid.value] = tz
            self.timezone_rules(tz, tzid.value)
        return out

    def timezone_rules(self, tz: _Comp, tzid: str) -> None:
        open_rules: dict[str, int] = {}
        kinds = {s.name for s in tz.subs}
        for s in tz.subs:
            if s.name not in ("STANDARD", "DAYLIGHT"):
                self.add(s.line, "timezone-rule", f"{s.name} inside VTIMEZONE {tzid}")
                continue
            for p in s.all("RDATE"):
                self.add(p.line, "timezone-rule", f"RDATE in {tzid}: Outlook keeps one rule each "
                         "way; write a yearly RRULE")  # fmt: skip
            for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
                if s.get(name) is None:
                    self.add(s.line, "missing-property", f"{s.name} of {tzid} without {name}")
            rules = s.all("RRULE")
            for r in rules:
                parts = dict(part.split("=", 1) for part in r.value.upper().split(";") if "=" in part)
                if parts.get("FREQ") != "YEARLY":
                    self.add(r.line, "timezone-rule", f"{tzid}: RRULE must be FREQ=YEARLY")
                if "UNTIL" not in parts and "COUNT" not in parts:
                    open_rules[s.name] = open_rules.get(s.name, 0) + 1
                    if open_rules[s.name] > 1:
                        self.add(r.line, "timezone-rule", f"{tzid}: a second open-ended {s.name} "
                                 "rule; Outlook keeps one rule each way")  # fmt: skip
        if "STANDARD" not in kinds:
            self.add(tz.line, "timezone-rule", f"VTIMEZONE {tzid} has no STANDARD")

    def events(self, cal: _Comp, zones: dict[str, _Comp]) -> None:
        from icalendar.prop import vDDDTypes, vDuration

        seen_uid: dict[str, int] = {}
        used: dict[str, list[tuple[int, datetime]]] = {}
        events = list(cal.walk("VEVENT"))
        method = cal.get("METHOD")
        publish = method is not None and method.value.upper() == "PUBLISH"
        for ev in events:
            self.once(ev, _ONCE_IN_EVENT)
            for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                if ev.get(name) is None:
                    self.add(ev.line, "missing-property", f"VEVENT without {name}")
            uid = ev.get("UID")
            if uid is not None:
                if uid.value in seen_uid:
                    self.add(uid.line, "duplicate-uid", f"UID {uid.value} also on line "
                             f"{seen_uid[uid.value]}; clients would merge the two")  # fmt: skip
                seen_uid.setdefault(uid.value, uid.line)
            stamp = ev.get("DTSTAMP")
            if stamp is not None and not stamp.value.upper().endswith("Z"):
                self.add(stamp.line, "dtstamp", "DTSTAMP must be in UTC (end with Z)")
            if publish and ev.get("ORGANIZER") is None:
                self.add(ev.line, "organizer", "METHOD:PUBLISH needs an ORGANIZER on every event")
            transp = ev.get("TRANSP")
            if transp is None:
                self.add(ev.line, "transp", "no TRANSP; say OPAQUE (busy) or TRANSPARENT (free)")
            elif transp.value.upper() not in ("OPAQUE", "TRANSPARENT"):
                self.add(transp.line, "transp", f"TRANSP:{transp.value}; use OPAQUE or TRANSPARENT")
            seq = ev.get("SEQUENCE")
            if seq is not None and not seq.value.isdigit():
                self.add(seq.line, "sequence", f"SEQUENCE:{seq.value} is not a whole number ≥ 0")
            values: dict[str, Any] = {}
            for name in ("DTSTART", "DTEND"):
                p = ev.get(name)
                if p is None:
                    continue
                is_date = p.params.get("VALUE", "").upper() == "DATE"
                try:
                    value = vDDDTypes.from_ical(p.value)
                except ValueError:
                    self.add(p.line, "date-value", f"{name}:{p.value} is not a date or date-time")
                    continue
                if isinstance(value, datetime) and is_date:
                    self.add(p.line, "date-value", f"{name} says VALUE=DATE but holds a time")
                    continue
                if not isinstance(value, datetime) and isinstance(value, date) and not is_date:
                    self.add(p.line, "date-value", f"{name}:{p.value} is a day; write VALUE=DATE")
                if isinstance(value, datetime) and value.tzinfo is None:
                    tzid = p.params.get("TZID")
                    if tzid is None:
                        self.add(p.line, "floating-time", f"{name}:{p.value} has no zone; add "
                                 "TZID so every reader shows the same hour")  # fmt: skip
                    elif tzid not in zones:
                        self.add(p.line, "unknown-tzid", f"TZID={tzid} has no VTIMEZONE in the feed")
                    else:
                        used.setdefault(tzid, []).append((p.line, value))
                values[name] = (p, value)
            if ev.get("DTEND") is not None and ev.get("DURATION") is not None:
                self.add(ev.get("DURATION").line, "duration", "both DTEND and DURATION; keep DTEND")  # type: ignore[union-attr]
            self.span(ev, values)
            alarms = list(ev.walk("VALARM"))
            for extra in alarms[1:]:
                self.add(extra.line, "alarms", "a second VALARM; Outlook imports only one per event")
            for a in alarms:
                action, trigger = a.get("ACTION"), a.get("TRIGGER")
                if action is None or trigger is None:
                    self.add(a.line, "alarms", "VALARM needs ACTION and TRIGGER")
                    continue
                if action.value.upper() == "DISPLAY" and a.get("DESCRIPTION") is None:
                    self.add(a.line, "alarms", "a DISPLAY alarm needs a DESCRIPTION")
                if trigger.params.get("VALUE", "").upper() != "DATE-TIME":
                    try:
                        vDuration.from_ical(trigger.value)
                    except ValueError:
                        self.add(trigger.line, "alarms", f"TRIGGER:{trigger.value} is not a duration")
        for tzid, tz in zones.items():
            if events and tzid not in used:
                self.add(tz.line, "unused-vtimezone", f"VTIMEZONE {tzid} is used by no event")
        for tzid, times in used.items():
            self.agrees_with_iana(zones[tzid], tzid, times)

    def span(self, ev: _Comp, values: dict[str, Any]) -> None:
        if "DTSTART" not in values:
            return
        sp, start = values["DTSTART"]
        all_day = not isinstance(start, datetime)
        if "DTEND" not in values:
            if all_day and ev.get("DURATION") is None:
                self.add(sp.line, "all-day-end", "an all-day item without DTEND;VALUE=DATE "
                         "(the day after its last day)")  # fmt: skip
            return
        ep, end = values["DTEND"]
        if isinstance(end, datetime) != isinstance(start, datetime):
            self.add(ep.line, "date-value", "DTEND and DTSTART must both be days or both times")
            return
        if all_day and end <= start:
            self.add(ep.line, "all-day-end", f"DTEND {end:%Y%m%d} is not after DTSTART; an "
                     "all-day DTEND is the day after the last day")  # fmt: skip
        elif not all_day:
            same_zone = sp.params.get("TZID") == ep.params.get("TZID")
            if same_zone and start.tzinfo is None and end.tzinfo is None and end <= start:
                self.add(ep.line, "end-before-start", "DTEND is not after DTSTART")

    def agrees_with_iana(self, tz: _Comp, tzid: str, times: list[tuple[int, datetime]]) -> None:
        """A VTIMEZONE named like an IANA zone must give that zone's offsets at the events."""
        from io import StringIO
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from dateutil.tz import tzical

        try:
            iana = ZoneInfo(tzid)
        except (ZoneInfoNotFoundError, ValueError):
            return  # a private TZID: nothing to compare with
        lines = [f"BEGIN:{tz.name}"]
        for s in [tz]:
            lines += [_unparse(p) for p in s.props]
            for sub in s.subs:
                lines.append(f"BEGIN:{sub.name}")
                lines += [_unparse(p) for p in sub.props]
                lines.append(f"END:{sub.name}")
        lines.append(f"END:{tz.name}")
        try:
            defined = tzical(StringIO("\n".join(lines))).get()
        except (ValueError, KeyError, IndexError) as exc:
            self.add(tz.line, "timezone-rule", f"VTIMEZONE {tzid} cannot be read: {exc}")
            return
        from datetime import UTC

        for line, local in times:
            moment = local.replace(tzinfo=iana)
            if moment.astimezone(UTC).astimezone(iana).replace(tzinfo=None) != local:
                self.add(line, "nonexistent-time", f"{local:%Y-%m-%d %H:%M} does not exist in "
                         f"{tzid} (the clocks skip it) and readers place it differently; write "
                         "the time it means")  # fmt: skip
                continue
            want = moment.utcoffset()
            got = local.replace(tzinfo=defined).utcoffset()
            if want != got:
                self.add(line, "timezone-mismatch", f"{local:%Y-%m-%d %H:%M} in {tzid} is UTC"
                         f"{_offset(got)} by the feed's VTIMEZONE but UTC{_offset(want)} by the "
                         "IANA zone; rebuild the VTIMEZONE")  # fmt: skip
                return


def _unparse(p: _Prop) -> str:
    params = "".join(f";{k}={v}" for k, v in p.params.items())
    return f"{p.name}{params}:{p.value}"


def _offset(td: timedelta | None) -> str:
    if td is None:
        return "?"
    sign = "-" if td < timedelta(0) else "+"
    minutes = abs(int(td.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def lint(data: bytes) -> list[Problem]:
    """Every way `data` misses the feed profile, by line; an empty list means clean."""
    linter = _Linter()
    lines = linter.logical(linter.physical(data))
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        first = lines[0][1][:40] if lines else ""
        return [Problem(lines[0][0] if lines else 1, "not-icalendar",
                        f"not an iCalendar file: it starts with {first!r}, not BEGIN:VCALENDAR")]  # fmt: skip
    cal = linter.tree(lines)
    if cal is not None:
        linter.calendar(cal)
        zones = linter.zones(cal)
        linter.events(cal, zones)
        linter.text_values(cal)
        if not any(p.symbol in ("syntax", "nesting", "not-utf8") for p in linter.problems):
            _library_parse(linter, data, cal)
    return sorted(set(linter.problems))


def _library_parse(linter: _Linter, data: bytes, cal: _Comp) -> None:
    """What passes here must also read cleanly with icalendar, which collects value errors."""
    from icalendar import Calendar

    try:
        parsed = Calendar.from_ical(data)
    except Exception as exc:  # the library raises many types; any means "cannot read"
        linter.add(cal.line, "syntax", f"icalendar cannot read the feed: {exc}")
        return
    mine = [cal, *_preorder(cal)]
    theirs = list(parsed.walk())
    for i, comp in enumerate(theirs):
        for prop, message in getattr(comp, "errors", ()):
            where = mine[i] if len(mine) == len(theirs) else cal
            p = where.get(str(prop).upper())
            linter.add(p.line if p else where.line, "value", f"{prop}: {message}")


def _preorder(comp: _Comp) -> Iterator[_Comp]:
    for s in comp.subs:
        yield s
        yield from _preorder(s)


__all__ = ["Problem", "lint"]
