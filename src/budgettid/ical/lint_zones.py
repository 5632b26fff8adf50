"""The lint's checks of time zones: the VTIMEZONE rules and the local times that use them.

Interoperability: [MS-OXCICAL] 2.1.3.1.1.19 wants each rule FREQ=YEARLY with BYDAY (one
occurrence of one weekday) or BYMONTHDAY, not both; Outlook keeps only the STANDARD and
the DAYLIGHT with the latest DTSTART ([MS-STANOICAL] 2.2.47), so a zone with several eras
is reported where that changes an event's time. A local time the clocks skip or repeat, or
one before the zone's first onset, is read differently by different programs. A zone named
like an IANA zone must agree with it, since icalendar reads such a TZID from the IANA
database and ignores the file's rules. budgettid's profile adds: one rule each way,
anchored in 1970 or before, and no RDATE tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .lines import Component, Problems, Property

_OCCURRENCES = frozenset({"1", "2", "3", "4", "-1"})  # what Outlook's rule can say


@dataclass
class Use:
    """A local time with this TZID: where, and the wall time."""

    line: int
    local: datetime


def _rule_parts(p: Property) -> dict[str, str]:
    return dict(part.split("=", 1) for part in p.value.upper().split(";") if "=" in part)


def rules(tz: Component, tzid: str, problems: Problems, add_profile: Callable[..., None]) -> None:
    """The VTIMEZONE's own problems: missing parts, rules Outlook cannot read, several eras."""
    kinds: dict[str, int] = {}
    for s in tz.subs:
        if s.name not in ("STANDARD", "DAYLIGHT"):
            problems.add(s.line, "timezone-rule", "lint.tz_other", name=s.name, tzid=tzid)
            continue
        kinds[s.name] = kinds.get(s.name, 0) + 1
        if kinds[s.name] == 2:
            add_profile(s.line, "timezone-rule", "lint.tz_eras", kind=s.name, tzid=tzid)
        for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
            if s.get(name) is None:
                problems.add(s.line, "missing-property", "lint.tz_missing", kind=s.name, tzid=tzid, name=name)
        for p in s.all("RDATE"):
            add_profile(p.line, "timezone-rule", "lint.tz_rdate", tzid=tzid)
        start = s.get("DTSTART")
        if start is not None and start.value[:4].isdigit() and int(start.value[:4]) > 1970:
            add_profile(start.line, "timezone-anchor", "lint.tz_anchor", tzid=tzid, value=start.value)
        for r in s.all("RRULE"):
            parts = _rule_parts(r)
            if parts.get("FREQ") != "YEARLY":
                problems.add(r.line, "timezone-rule", "lint.tz_yearly", tzid=tzid)
            byday = [d for d in parts.get("BYDAY", "").split(",") if d]
            if byday and "BYMONTHDAY" in parts:
                problems.add(r.line, "timezone-rule", "lint.tz_both", tzid=tzid, rule=r.value)
            elif len(byday) > 1 or any(d[:-2].lstrip("+") not in _OCCURRENCES for d in byday):
                problems.add(r.line, "timezone-rule", "lint.tz_occurrence", tzid=tzid, rule=r.value)
    if "STANDARD" not in kinds:
        problems.add(tz.line, "timezone-rule", "lint.tz_no_standard", tzid=tzid)


def _offset_value(value: str) -> timedelta:
    sign = -1 if value.startswith("-") else 1
    digits = value.lstrip("+-")
    if not digits.isdigit() or len(digits) not in (4, 6):
        raise ValueError(value)
    h, m, sec = int(digits[:2]), int(digits[2:4]), int(digits[4:6] or 0)
    return sign * timedelta(hours=h, minutes=m, seconds=sec)


def _local(value: str) -> datetime:
    return datetime.strptime(value.strip().upper().removesuffix("Z"), "%Y%m%dT%H%M%S")


class Onsets:
    """The offsets a VTIMEZONE's observances define, as their onsets in UTC up to `last_year`.

    RFC 5545 3.6.5: each DTSTART, RRULE occurrence and RDATE is a local time on the
    TZOFFSETFROM offset. With `outlook`, rules have no end and RDATEs are not read.
    """

    LIMIT = 2000  # occurrences per rule: a yearly rule from 1601 has about 430 to 2031

    def __init__(self, subs: list[Component], last_year: int, *, outlook: bool = False) -> None:
        from dateutil.rrule import rrulestr

        end = datetime(min(last_year, 9998) + 1, 12, 31)
        onsets: list[tuple[datetime, timedelta]] = []
        firsts: list[tuple[datetime, timedelta]] = []  # each DTSTART in UTC, with its TZOFFSETFROM
        self.offsets: set[timedelta] = set()
        for s in subs:
            start, before, after = s.get("DTSTART"), s.get("TZOFFSETFROM"), s.get("TZOFFSETTO")
            if start is None or before is None or after is None:
                raise ValueError(s.name)
            local, off_from, off_to = (
                _local(start.value),
                _offset_value(before.value),
                _offset_value(after.value),
            )
            self.offsets |= {off_from, off_to}
            walls = [local]
            for r in s.all("RRULE"):
                parts = [x for x in r.value.split(";") if x]
                if outlook:
                    parts = [x for x in parts if x.split("=")[0].upper() not in ("UNTIL", "COUNT")]
                text = ";".join(x.rstrip("Zz") if x.upper().startswith("UNTIL=") else x for x in parts)
                for n, wall in enumerate(rrulestr(text, dtstart=local)):
                    if wall > end or n >= self.LIMIT:
                        break
                    walls.append(wall)
            for r in () if outlook else s.all("RDATE"):
                walls += [_local(v) for v in r.value.split(",") if "T" in v]
            onsets += [(w - off_from, off_to) for w in walls]
            firsts.append((local - off_from, off_from))
        if not onsets:
            raise ValueError("no observance")
        self.first, self.first_from = min(firsts)
        self.onsets = sorted(set(onsets))
        self.times = [t for t, _ in self.onsets]

    def offset(self, utc: datetime) -> timedelta:
        """The offset in force at `utc` (naive, in UTC); before the first onset, its TZOFFSETFROM."""
        from bisect import bisect_right

        i = bisect_right(self.times, utc)
        return self.onsets[i - 1][1] if i else self.first_from

    def readings(self, wall: datetime) -> list[timedelta]:
        """The offsets under which the wall time `wall` names a moment: none, one, or two."""
        return sorted(o for o in self.offsets if self.offset(wall - o) == o)


def _onsets(subs: list[Component], last_year: int, *, outlook: bool = False) -> Onsets | None:
    try:
        return Onsets(subs, last_year, outlook=outlook)
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return None


def _outlook(tz: Component) -> list[Component] | None:
    """The observances Outlook keeps, if that is not all of them: the latest of each kind."""
    kept: list[Component] = []
    for kind in ("STANDARD", "DAYLIGHT"):
        mine = [s for s in tz.subs if s.name == kind and s.get("DTSTART") is not None]
        if mine:
            kept.append(max(mine, key=lambda s: s.get("DTSTART").value))  # type: ignore[union-attr]
    whole = [s for s in tz.subs if s.name in ("STANDARD", "DAYLIGHT")]
    rules = [r for s in whole for r in s.all("RRULE")]
    plain = all(s.get("RDATE") is None for s in whole) and all("UNTIL" not in r.value.upper() for r in rules)
    return None if len(kept) == len(whole) and plain else kept


def times(tz: Component, tzid: str, uses: list[Use], problems: Problems) -> None:
    """Each local time in this zone: before its first onset, skipped, repeated, or read otherwise."""
    from .vtimezone import iana_zone

    subs = [s for s in tz.subs if s.name in ("STANDARD", "DAYLIGHT")]
    last = max(u.local.year for u in uses)
    defined = _onsets(subs, last)
    if defined is None:
        problems.add(tz.line, "timezone-rule", "lint.tz_unreadable", tzid=tzid)
        return
    outlook_subs = _outlook(tz)
    outlook = _onsets(outlook_subs, last, outlook=True) if outlook_subs else None
    iana, first = iana_zone(tzid), defined.first
    mismatch_told = False
    for use in uses:
        local, args = use.local, {"time": f"{use.local:%Y-%m-%d %H:%M}", "tzid": tzid}
        readings = defined.readings(local)
        if local - defined.first_from < first:
            problems.add(use.line, "timezone-anchor", "lint.before_onset", first=f"{first:%Y-%m-%d}", **args)
        elif not readings:
            problems.add(use.line, "nonexistent-time", "lint.nonexistent", **args)
        elif len(readings) > 1:
            problems.add(use.line, "ambiguous-time", "lint.ambiguous", **args)
        else:
            got = readings[0]
            if iana is not None and not mismatch_told:
                try:
                    want = local.replace(tzinfo=iana).utcoffset()
                except (OverflowError, ValueError):
                    want = got
                if want != got and _exists(local, iana):
                    mismatch_told = True  # one is enough: the zone is wrong, not the event
                    told = {"got": offset(got), "want": offset(want)}
                    problems.add(use.line, "timezone-mismatch", "lint.tz_mismatch", **told, **args)
            if outlook is not None and outlook.readings(local) != [got]:
                told = {"got": offset(outlook.offset(local - got)), "want": offset(got)}
                problems.add(use.line, "outlook-timezone", "lint.outlook_zone", **told, **args)


def _exists(local: datetime, zone: Any) -> bool:
    return local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local


def offset(td: timedelta | None) -> str:
    if td is None:
        return "?"
    sign = "-" if td < timedelta(0) else "+"
    minutes = abs(int(td.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


__all__ = ["Onsets", "Use", "offset", "rules", "times"]
