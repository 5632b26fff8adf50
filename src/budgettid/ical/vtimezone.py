"""An IANA zone as a VTIMEZONE that Outlook imports: one yearly rule each way, from 1970.

[MS-OXCICAL] 2.1.3.1.1.19 reads the STANDARD and the DAYLIGHT with the latest DTSTART and
nothing else, and a rule there is FREQ=YEARLY with BYDAY (one occurrence of one weekday:
1SU-4SU or -1SU) or BYMONTHDAY, never both. So a zone is written as one STANDARD and at
most one DAYLIGHT, each with such a rule, chosen from the zone's changes around the times
the feed holds: the rule that names most of them, the latest on a tie. Each DTSTART is
the rule's onset in 1970, as Outlook, Google and Thunderbird write it: an anchor in a
later year makes readers guess the offset for earlier times (ical.js takes UTC there).

A zone whose changes follow no such rule (Jerusalem: the Friday before the last Sunday of
March; Nuuk's new offset in 2023; Casablanca's Ramadan) keeps the rule that fits the most
times, and `ZonePlan.local()` tells, moment by moment, whether a local time reads back as
that moment under the written rule. It also refuses a local time that happens twice (the
hour the clocks go back), which readers resolve differently (ical.js and libical take the
second, Python's readers the first). The feed writes those moments in UTC.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_STEP = timedelta(hours=6)  # coarse scan; no zone changes its offset twice within 6 hours
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ANCHOR_YEAR = 1970
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*")


@lru_cache(maxsize=256)
def iana_zone(name: str) -> ZoneInfo | None:
    """The IANA zone of that name, or None (a Windows name, a folder such as 'Europe', junk)."""
    if len(name) > 64 or not _ZONE_NAME.fullmatch(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Europe' is a folder
        return None


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: `local` is the wall time it happens at, on the old offset."""

    utc: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str  # the new offset's abbreviation (CET, CEST, EST, ...)

    @property
    def local(self) -> datetime:
        return (self.utc + self.offset_from).replace(tzinfo=None)

    @property
    def forward(self) -> bool:
        return self.offset_to > self.offset_from


def _state(zone: ZoneInfo, utc: datetime) -> tuple[timedelta, str]:
    local = utc.astimezone(zone)
    return local.utcoffset() or timedelta(0), local.tzname() or ""


@cache
def _year(zone_name: str, year: int) -> tuple[Transition, ...]:
    zone = ZoneInfo(zone_name)
    t = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    state = _state(zone, t)
    out = []
    while t < end:
        nxt = min(t + _STEP, end)
        new = _state(zone, nxt)
        if new[0] != state[0]:  # a new name alone (Nuuk's -02 becoming standard time) is no change
            lo, hi = t, nxt  # the change lies in (lo, hi]: bisect to the second
            while hi - lo > timedelta(seconds=1):
                mid = (lo + (hi - lo) / 2).replace(microsecond=0)
                if _state(zone, mid)[0] == state[0]:
                    lo = mid
                else:
                    hi = mid
            after = _state(zone, hi)
            out.append(Transition(hi, state[0], after[0], after[1]))
        state = new
        t = nxt
    return tuple(out)


def transitions(zone_name: str, first_year: int, last_year: int) -> list[Transition]:
    """Every change of offset from 1 January of first_year to the end of last_year (UTC)."""
    return [t for y in range(first_year, last_year + 1) for t in _year(zone_name, y)]


@dataclass(frozen=True)
class Rule:
    """A yearly change: the nth (1-4, or -1 for last) weekday of a month, or a fixed day."""

    month: int
    weekday: int | None  # 0 = Monday; None: `nth` is the day of the month (BYMONTHDAY)
    nth: int
    at: timedelta  # wall time of the onset on the old offset, after midnight
    offset_from: timedelta
    offset_to: timedelta
    name: str

    def day(self, year: int) -> date:
        if self.weekday is None:
            return date(year, self.month, self.nth)
        if self.nth == -1:
            last = date(year, self.month, _calendar.monthrange(year, self.month)[1])
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        first = date(year, self.month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))

    def onset(self, year: int) -> datetime:
        """The moment of the change in `year`, in UTC."""
        wall = datetime.combine(self.day(year), datetime.min.time()) + self.at
        return (wall - self.offset_from).replace(tzinfo=UTC)

    def rrule(self) -> str:
        if self.weekday is None:
            return f"FREQ=YEARLY;BYMONTH={self.month};BYMONTHDAY={self.nth}"
        return f"FREQ=YEARLY;BYDAY={self.nth}{_WEEKDAYS[self.weekday]};BYMONTH={self.month}"


def _rules_for(t: Transition) -> list[Rule]:
    """Every rule Outlook reads that names this change's day, the likeliest first."""
    local = t.local
    d = local.date()
    at = local - datetime.combine(d, datetime.min.time())
    base = {
        "month": d.month,
        "at": at,
        "offset_from": t.offset_from,
        "offset_to": t.offset_to,
        "name": t.name,
    }
    out = []
    if d.day + 7 > _calendar.monthrange(d.year, d.month)[1]:
        out.append(Rule(weekday=d.weekday(), nth=-1, **base))  # type: ignore[arg-type]
    if (n := (d.day - 1) // 7 + 1) <= 4:
        out.append(Rule(weekday=d.weekday(), nth=n, **base))  # type: ignore[arg-type]
    if not (d.month == 2 and d.day == 29):
        out.append(Rule(weekday=None, nth=d.day, **base))  # type: ignore[arg-type]
    return out


def _best_rule(changes: list[Transition]) -> Rule:
    """The rule that names most of `changes`; on a tie the one naming the latest, then the likeliest."""
    scored: dict[Rule, tuple[int, datetime, int]] = {}
    for t in changes:
        for rank, rule in enumerate(_rules_for(t)):
            count, latest, best_rank = scored.get(rule, (0, t.utc, rank))
            scored[rule] = (count + 1, max(latest, t.utc), min(best_rank, rank))
    return max(scored, key=lambda r: (scored[r][0], scored[r][1], -scored[r][2]))


@lru_cache(maxsize=4096)
def _onsets(standard: Rule, daylight: Rule, year: int) -> list[tuple[datetime, timedelta]]:
    """Both rules' changes from the year before `year` to the year after, in order."""
    years = [y for y in (year - 1, year, year + 1) if 1 <= y <= 9999]
    return sorted((rule.onset(y), rule.offset_to) for y in years for rule in (standard, daylight))


@dataclass(frozen=True)
class ZonePlan:
    """The VTIMEZONE to write for a zone, and which moments read back right through it."""

    tzid: str
    standard: timedelta | Rule  # a fixed offset (no daylight saving), or the rule to standard
    daylight: Rule | None
    std_name: str = ""
    anchor: int = ANCHOR_YEAR

    def offset_at(self, utc: datetime) -> timedelta:
        """The offset a reader of the written VTIMEZONE gives at the moment `utc`."""
        if not isinstance(self.standard, Rule) or self.daylight is None:
            return self.standard if isinstance(self.standard, timedelta) else self.standard.offset_to
        onsets = _onsets(self.standard, self.daylight, utc.year)
        past = [o for o in onsets if o[0] <= utc]
        return past[-1][1] if past else onsets[0][1]

    @property
    def offsets(self) -> tuple[timedelta, ...]:
        if isinstance(self.standard, Rule) and self.daylight is not None:
            return (self.standard.offset_to, self.daylight.offset_to)
        return (self.offset_at(datetime(2000, 1, 1, tzinfo=UTC)),)

    def local(self, moment: datetime) -> datetime | None:
        """The wall time to write for `moment`, or None when readers would not all read it back.

        None when the written rule gives this moment another offset than the IANA zone, and
        when the wall time happens twice under the rule (the hour the clocks go back).
        """
        utc = moment.astimezone(UTC)
        offset = self.offset_at(utc)
        if not self._agrees(utc, offset):
            return None
        wall = utc + offset  # read back under another offset, is it another moment too?
        if any(o != offset and self.offset_at(wall - o) == o for o in self.offsets):
            return None
        return wall.replace(tzinfo=None)

    def agrees(self, moment: datetime) -> bool:
        """Does the written rule give `moment` the IANA zone's offset?"""
        utc = moment.astimezone(UTC)
        return self._agrees(utc, self.offset_at(utc))

    def _agrees(self, utc: datetime, offset: timedelta) -> bool:
        zone = iana_zone(self.tzid)
        return zone is not None and utc.year > self.anchor and offset == utc.astimezone(zone).utcoffset()

    def lines(self) -> list[str]:
        """The VTIMEZONE's content lines."""
        out = ["BEGIN:VTIMEZONE", f"TZID:{self.tzid}"]
        if isinstance(self.standard, timedelta) or self.daylight is None:
            fixed = self.standard if isinstance(self.standard, timedelta) else self.standard.offset_to
            out += ["BEGIN:STANDARD", f"DTSTART:{self.anchor:04d}0101T000000"]
            out += [f"TZNAME:{self.std_name}"] if self.std_name else []
            out += [f"TZOFFSETFROM:{_offset(fixed)}", f"TZOFFSETTO:{_offset(fixed)}", "END:STANDARD"]
        else:
            for kind, rule in (("STANDARD", self.standard), ("DAYLIGHT", self.daylight)):
                start = rule.onset(self.anchor) + rule.offset_from
                out += [f"BEGIN:{kind}", f"DTSTART:{start:%Y%m%dT%H%M%S}", f"RRULE:{rule.rrule()}"]
                out += [f"TZNAME:{rule.name}"] if rule.name else []
                out += [f"TZOFFSETFROM:{_offset(rule.offset_from)}", f"TZOFFSETTO:{_offset(rule.offset_to)}"]
                out.append(f"END:{kind}")
        out.append("END:VTIMEZONE")
        return out


def _offset(td: timedelta) -> str:
    sign = "-" if td < timedelta(0) else "+"
    seconds = abs(int(td.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _candidates(zone_name: str, changes: list[Transition], fixed: dict[timedelta, str]) -> list[ZonePlan]:
    """Plans worth trying, the likeliest first: rule pairs (latest offsets first), then fixed offsets."""
    plans = []
    pairs = dict.fromkeys(
        (t.offset_to, t.offset_from) if t.forward else (t.offset_from, t.offset_to) for t in reversed(changes)
    )  # (daylight offset, standard offset), the latest first
    for dst, std in pairs:
        ahead = [t for t in changes if t.forward and (t.offset_from, t.offset_to) == (std, dst)]
        back = [t for t in changes if not t.forward and (t.offset_from, t.offset_to) == (dst, std)]
        if ahead and back:
            plans.append(ZonePlan(zone_name, _best_rule(back), _best_rule(ahead)))
    plans += [ZonePlan(zone_name, offset, None, std_name=name) for offset, name in fixed.items()]
    return plans


def plan(zone_name: str, moments: Iterable[datetime], *, year: int) -> ZonePlan:
    """The VTIMEZONE for `zone_name` that gives the most of `moments` their offset (`year` if none).

    The zone's changes are taken from a year before the first moment to a year after the
    last, so that a rule is known each way even for times in one half of a year.
    """
    utc = sorted({m.astimezone(UTC) for m in moments})
    years = sorted({m.year for m in utc} or {year})
    anchor = max(1, min(ANCHOR_YEAR, years[0] - 1))
    scan = sorted({y + d for y in years for d in (-1, 0, 1) if 1 <= y + d <= 9998})
    changes = [t for y in scan for t in _year(zone_name, y)]
    zone = ZoneInfo(zone_name)
    walls = [m.astimezone(zone) for m in reversed(utc)] or [datetime(year, 7, 1, tzinfo=UTC).astimezone(zone)]
    fixed = {w.utcoffset() or timedelta(0): w.tzname() or "" for w in reversed(walls)}
    candidates = [_anchored(p, anchor) for p in _candidates(zone_name, changes, fixed)]
    if len(candidates) == 1 or not utc:
        return candidates[0]
    return max(candidates, key=lambda p: sum(p.agrees(m) for m in utc))  # the first on a tie


def _anchored(p: ZonePlan, anchor: int) -> ZonePlan:
    return ZonePlan(p.tzid, p.standard, p.daylight, std_name=p.std_name, anchor=anchor)


__all__ = ["ANCHOR_YEAR", "Rule", "Transition", "ZonePlan", "iana_zone", "plan", "transitions"]
