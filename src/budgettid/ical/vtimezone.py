"""An IANA zone as a VTIMEZONE with one yearly RRULE each way, as Outlook reads it.

icalendar's `add_missing_timezones()` lists every transition as an RDATE; Outlook reduces
a zone to one rule each way and gets such tables wrong. Here the zone's transitions in the
years asked for are read from zoneinfo and summed up as rules ("last Sunday of March at
02:00"). A zone that changed its rules inside those years gets one component per era, the
earlier ones closed with UNTIL; a zone without daylight saving gets a STANDARD alone.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

_STEP = timedelta(hours=6)  # coarse scan; no zone changes its offset twice within 6 hours
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: `local` is the wall time it happens at, on the old offset."""

    utc: datetime
    offset_from: timedelta
    offset_to: timedelta
    dst: bool  # is the new offset daylight saving time?
    name: str  # the new offset's abbreviation (CET, CEST, EST, ...)

    @property
    def local(self) -> datetime:
        return (self.utc + self.offset_from).replace(tzinfo=None)


def _state(zone: ZoneInfo, utc: datetime) -> tuple[timedelta, bool, str]:
    local = utc.astimezone(zone)
    return local.utcoffset() or timedelta(0), bool(local.dst()), local.tzname() or ""


def transitions(zone_name: str, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change from 1 January of first_year to the end of last_year."""
    zone = ZoneInfo(zone_name)
    t = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    state = _state(zone, t)
    out = []
    while t < end:
        nxt = t + _STEP
        new = _state(zone, nxt)
        if new[:2] != state[:2]:
            lo, hi = t, nxt  # the change lies in (lo, hi]: bisect to the second
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if _state(zone, mid)[:2] == state[:2]:
                    lo = mid
                else:
                    hi = mid
            after = _state(zone, hi)
            out.append(Transition(hi, state[0], after[0], after[1], after[2]))
            state = after
        t = nxt
    return out


def _day_rules(d: date) -> set[tuple[str, int]]:
    """Every way a yearly rule can name this day: n-th or last weekday, weekday on/after."""
    days_in_month = _calendar.monthrange(d.year, d.month)[1]
    rules = {("nth", (d.day - 1) // 7 + 1)}
    if d.day + 7 > days_in_month:
        rules.add(("last", -1))
    shortest = 28 if d.month == 2 else days_in_month  # the rule must fit every year's month
    rules.update(("from", k) for k in range(max(1, d.day - 6), d.day + 1) if k + 6 <= shortest)
    return rules


def _rule_key(t: Transition) -> tuple[object, ...]:
    local = t.local
    return (t.dst, t.offset_from, t.offset_to, t.name, local.month, local.weekday(), local.time())


@dataclass
class _Era:
    """Consecutive yearly transitions of one direction that one RRULE describes."""

    items: list[Transition]
    rules: set[tuple[str, int]]

    def rrule(self, until: datetime | None) -> dict[str, object]:
        local = self.items[0].local
        day = _WEEKDAYS[local.weekday()]
        kind, n = min(self.rules, key=lambda r: ({"last": 0, "nth": 1, "from": 2}[r[0]], r[1]))
        rule: dict[str, object] = {"FREQ": "YEARLY", "BYMONTH": local.month}
        if kind == "from":
            rule["BYDAY"] = day
            rule["BYMONTHDAY"] = list(range(n, n + 7))
        else:
            rule["BYDAY"] = f"{n}{day}"
        if until is not None:
            rule["UNTIL"] = until
        return rule


def _eras(items: list[Transition]) -> list[_Era]:
    """Group one direction's transitions into runs that share a rule, one a year."""
    eras: list[_Era] = []
    for t in items:
        last = eras[-1] if eras else None
        if (
            last is not None
            and _rule_key(last.items[-1]) == _rule_key(t)
            and t.local.year == last.items[-1].local.year + 1
            and (common := last.rules & _day_rules(t.local.date()))
        ):
            last.items.append(t)
            last.rules = common
        else:
            eras.append(_Era([t], _day_rules(t.local.date())))
    return eras


def _until(last: Transition) -> datetime:
    """UNTIL a day after the last onset, in UTC.

    RFC 5545 wants UNTIL in UTC here, but some readers (dateutil among them) compare it with
    the onset's local wall time; a day later is right under both readings, and still far
    from next year's onset.
    """
    return datetime.combine(last.local.date() + timedelta(days=1), datetime.min.time(), UTC)


@cache
def vtimezone(zone_name: str, first_year: int, last_year: int):  # type: ignore[no-untyped-def]
    """The VTIMEZONE for zone_name, right for every moment from first_year to last_year.

    Rules start a year early so that January of first_year is covered by a rule already
    in force. Returns an icalendar Timezone (treat it as read-only: it is cached).
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard
    from icalendar.prop import vRecur, vUTCOffset

    start_year = first_year - 1
    found = transitions(zone_name, start_year, last_year)
    tz = Timezone()
    tz.add("tzid", zone_name)
    if not found:
        offset, _dst, name = _state(ZoneInfo(zone_name), datetime(start_year, 1, 1, tzinfo=UTC))
        std = TimezoneStandard()
        std.add("dtstart", datetime(start_year, 1, 1))
        std.add("tzoffsetfrom", vUTCOffset(offset))
        std.add("tzoffsetto", vUTCOffset(offset))
        if name:
            std.add("tzname", name)
        tz.add_component(std)
        return tz
    subs = []
    for dst in (False, True):
        mine = [t for t in found if t.dst is dst]
        eras = _eras(mine)
        for i, era in enumerate(eras):
            still_going = i == len(eras) - 1 and era.items[-1].local.year == last_year
            sub = TimezoneDaylight() if dst else TimezoneStandard()
            first = era.items[0]
            sub.add("dtstart", first.local)
            sub.add("tzoffsetfrom", vUTCOffset(first.offset_from))
            sub.add("tzoffsetto", vUTCOffset(first.offset_to))
            if first.name:
                sub.add("tzname", first.name)
            if still_going or len(era.items) > 1:
                until = None if still_going else _until(era.items[-1])
                sub.add("rrule", vRecur(era.rrule(until)))
            subs.append((first.utc, sub))
    for _, sub in sorted(subs, key=lambda s: s[0]):
        tz.add_component(sub)
    return tz


__all__ = ["Transition", "transitions", "vtimezone"]
