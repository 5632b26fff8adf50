"""Which days a municipality does not work: weekends, public holidays, and its closed days.

The rules (BT301-BT303), their fix suggestions, `roll` and `move` all ask the same question
("is this day off, and why?"), so they ask it here. The `holidays` package is imported on
the first question about a holiday, never at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

ONE_DAY = timedelta(days=1)

# Days most Danish municipalities close although they are not public holidays.
DEFAULT_CLOSED_DAYS = ("06-05", "12-24", "12-31", "friday-after-ascension")
# Named closed days: how to find them in a year.
NAMED_DAYS = ("friday-after-ascension",)
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")


class UnknownCountry(LookupError):
    """The holidays package does not know `rules.holidays`; its message says what it was told."""


def _easter(year: int) -> date:
    """Easter Sunday (the Gregorian computus, as dateutil.easter computes it)."""
    from dateutil.easter import easter

    day: date = easter(year)
    return day


def named_day(name: str, year: int) -> date:
    """The day a named closed day falls on in `year`."""
    if name == "friday-after-ascension":  # Kristi himmelfartsdag is 39 days after Easter
        return _easter(year) + timedelta(days=40)
    raise KeyError(name)


def parse_closed_day(value: str) -> str:
    """A closed day as written in `process.rules.closed_days`: MM-DD or a named day; ValueError else."""
    text = value.strip().lower()
    if text in NAMED_DAYS:
        return text
    if m := _MONTH_DAY.fullmatch(text):
        month, day = int(m.group(1)), int(m.group(2))
        try:
            date(2024, month, day)  # a leap year: 02-29 is a day that exists
        except ValueError:
            pass
        else:
            return text
    named = ", ".join(NAMED_DAYS)
    raise ValueError(f"{value!r} is not a closed day; write MM-DD (12-24) or one of: {named}")


@dataclass
class DaysOff:
    """Weekends, the public holidays of `country` (None: none) and the `closed` days.

    `why(day)` says why a day is off ("weekend", the holiday's name, or the closed day as
    written), or None for a working day.
    """

    country: str | None = "DK"
    closed: Iterable[str] = DEFAULT_CLOSED_DAYS
    _holidays: Mapping[date, str] | None = field(default=None, init=False, repr=False)
    _closed: dict[int, dict[date, str]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def of(cls, rules: Any) -> DaysOff:
        """The days off of a calendar's `process.rules`."""
        country = None if rules.holidays == "none" else rules.holidays
        return cls(country, tuple(getattr(rules, "closed_days", DEFAULT_CLOSED_DAYS)))

    @property
    def holidays(self) -> Mapping[date, str]:
        """The public holidays, in Danish where the package has Danish names (UnknownCountry
        when it does not know the country)."""
        if self._holidays is None:
            self._holidays = _holiday_table(self.country) if self.country else {}
        return self._holidays

    def closed_days(self, year: int) -> dict[date, str]:
        """The closed days of one year, each with the name it was written with."""
        if year not in self._closed:
            days: dict[date, str] = {}
            for item in self.closed:
                if item in NAMED_DAYS:
                    days[named_day(item, year)] = item
                elif m := _MONTH_DAY.fullmatch(item):
                    try:
                        days[date(year, int(m.group(1)), int(m.group(2)))] = item
                    except ValueError:  # 02-29 in a common year
                        continue
            self._closed[year] = days
        return self._closed[year]

    def weekend(self, d: date) -> bool:
        return d.weekday() >= 5

    def holiday(self, d: date) -> str | None:
        return self.holidays.get(d)

    def closed_on(self, d: date) -> str | None:
        return self.closed_days(d.year).get(d)

    def why(self, d: date) -> str | None:
        """'weekend', the holiday's name, the closed day as written, or None for a working day."""
        if self.weekend(d):
            return "weekend"
        return self.holiday(d) or self.closed_on(d)

    def working(self, d: date) -> bool:
        return self.why(d) is None

    def next_working(self, d: date, step: int = 1) -> date:
        """The first working day from `d` on (step 1) or back (step -1), `d` itself included."""
        while not self.working(d):
            d += step * ONE_DAY
        return d

    def around(self, d: date) -> tuple[date, date]:
        """The working days just before and just after `d` (for a suggestion to move to)."""
        return self.next_working(d - ONE_DAY, -1), self.next_working(d + ONE_DAY, 1)


def _holiday_table(country: str) -> Mapping[date, str]:
    import holidays

    code, _, subdiv = country.partition("-")
    # The country's class says which languages it has, so the table is built once.
    entity: Any = getattr(holidays, code, None)
    if entity is None:
        raise UnknownCountry(f"Country {code} not available")
    language = "da" if "da" in getattr(entity, "supported_languages", ()) else entity.default_language
    try:
        return holidays.country_holidays(code, subdiv=subdiv or None, language=language)
    except NotImplementedError as exc:
        raise UnknownCountry(str(exc)) from None


__all__ = ["DEFAULT_CLOSED_DAYS", "NAMED_DAYS", "DaysOff", "UnknownCountry", "named_day", "parse_closed_day"]
