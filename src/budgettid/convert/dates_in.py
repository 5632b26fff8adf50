"""Dates and times as people write them in Danish and English timetables → the format's dates.

Read: Excel dates and serial numbers, `2023-09-19`, `19.9.2023`, `19/9-2023`, `19-09-2023`,
`19. september 2023`, `19 Sep 2023`, `september 2023`, `sep`, `1. kvartal 2023`, `Q1`,
`uge 38`, `week 38`, and windows of any two of these (`14/6-9/8`, `30-31/5`, `6.-21. september
2023`, `jan/feb`, `29. august til 6. september`), each optionally followed by a time
(`kl. 17`, `17:00-19:00`). A week becomes the window Monday-Friday: the format has no weeks.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from ..format.values import FuzzyDate, Precision
from ..i18n import Message
from ..i18n.dates import _MONTH_ABBR, _MONTH_WIDE

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (with its 1900 leap-year slip)
_SERIALS = range(20000, 80000)  # 1954-2119: a number outside this is not a date someone meant


def _month_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for table in (_MONTH_WIDE, _MONTH_ABBR):
        for names in table.values():
            for i, name in enumerate(names, 1):
                words[name.lower().rstrip(".")] = i
    # Other spellings seen in Danish and English timetables.
    words.update({"sept": 9, "mrt": 3, "marts": 3, "juni": 6, "juli": 7, "okt": 10, "oct": 10})
    return words


MONTHS = _month_words()
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"


class Unreadable(ValueError):
    """A date or time that could not be read; `message` says what was expected."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.key)


_Time = time  # the field below is named `time`


@dataclass(frozen=True)
class When:
    """A date or window read from a cell, with the time when the cell gave one."""

    start: FuzzyDate
    end: FuzzyDate | None = None  # None: one date, not a window
    time: _Time | None = None
    end_time: _Time | None = None
    year_given: bool = True  # False: the year came from the caller's hint
    week: tuple[int, int] | None = None  # (year, week) when written as a week
    serial: bool = False  # an Excel serial number

    @property
    def first(self) -> date:
        return self.start.first


def _unreadable(value: object) -> Unreadable:
    return Unreadable(Message("import.date.unreadable", {"value": str(value)}))


def _year(text: str | None, hint: int) -> tuple[int, bool]:
    if not text:
        return hint, False
    y = int(text)
    return (y + 2000 if y < 100 else y), True


def _day(y: int, m: int, d: int, raw: str) -> FuzzyDate:
    if not 1 <= m <= 12 or not 1 <= d <= _calendar.monthrange(y, m)[1]:
        raise Unreadable(Message("import.date.impossible", {"value": raw}))
    return FuzzyDate.day(date(y, m, d))


_YEAR = r"(?:\s*,?\s*(\d{4}|'\d{2}))"
_SINGLE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (re.compile(r"(\d{4})-q([1-4])"), "yq"),
    (re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.\s?(\d{4}|\d{2}))?\.?"), "dmy"),
    (re.compile(r"(\d{1,2})/(\d{1,2})(?:[/ -](\d{4}|\d{2}))?"), "dmy"),  # 19/9-2023, Danish
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})"), "dmy"),
    (re.compile(r"(\d{1,2})\.?\s*" + _MONTH + _YEAR + "?"), "d_month_y"),
    (re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?" + _YEAR + "?"), "month_d_y"),
    (re.compile(_MONTH + _YEAR + "?"), "month_y"),
    (
        re.compile(
            r"(?:([1-4])\.?\s*(?:kvartal|kvt\.?)|([1-4])(?:st|nd|rd|th)\s+quarter|q([1-4])|kvartal\s+([1-4]))"
            + _YEAR
            + "?"
        ),
        "quarter",
    ),
    (re.compile(r"(?:uge|week|uge nr\.?|wk)\s*(\d{1,2})" + _YEAR + "?"), "week"),
]
_BARE_DAY = re.compile(r"(\d{1,2})\.?")


def _clean_year(text: str | None) -> str | None:
    return text.lstrip("'") if text else None


def _single(text: str, hint: int) -> When:
    """One date (no window) from normalised text."""
    for pattern, form in _SINGLE:
        m = pattern.fullmatch(text)
        if not m:
            continue
        g = m.groups()
        if form == "ymd":
            return When(_day(int(g[0]), int(g[1]), int(g[2]), text))
        if form == "ym":
            if not 1 <= int(g[1]) <= 12:
                raise Unreadable(Message("import.date.impossible", {"value": text}))
            return When(FuzzyDate.month(int(g[0]), int(g[1])))
        if form == "yq":
            return When(FuzzyDate.quarter(int(g[0]), int(g[1])))
        if form == "dmy":
            y, given = _year(g[2], hint)
            return When(_day(y, int(g[1]), int(g[0]), text), year_given=given)
        if form == "d_month_y":
            y, given = _year(_clean_year(g[2]), hint)
            return When(_day(y, MONTHS[g[1]], int(g[0]), text), year_given=given)
        if form == "month_d_y":
            y, given = _year(_clean_year(g[2]), hint)
            return When(_day(y, MONTHS[g[0]], int(g[1]), text), year_given=given)
        if form == "month_y":
            y, given = _year(_clean_year(g[1]), hint)
            return When(FuzzyDate.month(y, MONTHS[g[0]]), year_given=given)
        if form == "quarter":
            q = int(next(x for x in g[:4] if x))
            y, given = _year(_clean_year(g[4]), hint)
            return When(FuzzyDate.quarter(y, q), year_given=given)
        if form == "week":
            y, given = _year(_clean_year(g[1]), hint)
            week = int(g[0])
            try:
                monday = date.fromisocalendar(y, week, 1)
            except ValueError:
                raise Unreadable(Message("import.date.no_week", {"value": text, "year": y})) from None
            return When(
                FuzzyDate.day(monday),
                FuzzyDate.day(monday + timedelta(days=4)),
                year_given=given,
                week=(y, week),
            )
    raise _unreadable(text)


_SEPARATORS = (" til ", " to ", " until ", " - ", "-", "/")


def _window(text: str, hint: int) -> When:
    """Two dates joined by a separator; a part without month or year borrows the other's."""
    for sep in _SEPARATORS:
        at = text.find(sep)
        while at > 0:
            left, right = text[:at].strip(), text[at + len(sep) :].strip()
            try:
                end = _single(right, hint)
                if end.end is not None:  # a week as the end: its Friday
                    end = replace(end, start=end.end, end=None)
                if m := _BARE_DAY.fullmatch(left):  # "30-31/5", "6.-21. september 2023"
                    if end.start.precision is not Precision.DAY:
                        raise _unreadable(text)
                    last = end.start.first
                    start = When(
                        _day(last.year, last.month, int(m.group(1)), text), year_given=end.year_given
                    )
                else:
                    start = _single(left, end.start.first.year)
                if start.end is not None:  # a week as the start: its Monday
                    start = replace(start, end=None)
            except Unreadable:
                at = text.find(sep, at + 1)
                continue
            if not start.year_given and end.year_given and start.start.first > end.start.last:
                start = _single(left, end.start.first.year - 1)  # "29. dec - 5. jan 2024"
            return When(start.start, end.start, year_given=start.year_given or end.year_given)
        continue
    raise _unreadable(text)


_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_TIME_RANGE = re.compile(_TIME + r"(?:\s*(?:-|til|to)\s*" + _TIME + ")?")
_TIME_TAIL = re.compile(r"^(.*?\S)(?:\s*,)?\s+(?:(?:kl\.?|klokken|at)\s*(\d{1,2}.*)|(\d{1,2}[:.]\d{2}.*))$")


def read_time(value: object) -> tuple[time, time | None]:
    """'17:00', '17.00', 'kl. 17', '17-19', '17:00-19:00', an Excel time or day fraction."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0), None
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0), None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60), None
    text = _normal(str(value))
    text = re.sub(r"^(kl\.?|klokken|at)\s*", "", text)
    m = _TIME_RANGE.fullmatch(text)
    if not m:
        raise Unreadable(Message("import.time.unreadable", {"value": str(value)}))
    h, mi, h2, mi2 = m.groups()
    try:
        start = time(int(h), int(mi or 0))
        end = time(int(h2), int(mi2 or 0)) if h2 is not None else None
    except ValueError:
        raise Unreadable(Message("import.time.unreadable", {"value": str(value)})) from None
    return start, end


def _normal(text: str) -> str:
    text = text.strip().lower().replace("\u2013", "-").replace("\u2014", "-").replace("\xa0", " ")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*-\s*", "-", text) if not re.search(r"\d{4}-\d", text) else text
    return re.sub(r"^(den|d\.|the|fra|from)\s+", "", text).rstrip(",;")


def read_when(value: object, hint: int) -> When:
    """A cell's date or window; `hint` is the year for dates written without one."""
    if isinstance(value, datetime):
        # Excel keeps a day as a datetime at midnight: that is a date, not a meeting at 00:00.
        clock = value.time().replace(second=0, microsecond=0)
        return When(FuzzyDate.day(value.date()), time=None if clock == time(0) else clock)
    if isinstance(value, date):
        return When(FuzzyDate.day(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) in _SERIALS:
            return _serial(value)
        raise _unreadable(value)
    raw = str(value)
    text = _normal(raw)
    if not text:
        raise Unreadable(Message("import.date.missing", {}))
    if re.fullmatch(r"\d{5}(\.\d+)?", text) and int(float(text)) in _SERIALS:
        return _serial(float(text))
    at: time | None = None
    end_at: time | None = None
    if (m := _TIME_TAIL.match(text)) and not _looks_like_date_only(text):
        try:
            at, end_at = read_time(m.group(2) or m.group(3))
            text = m.group(1)
        except Unreadable:
            pass
    try:
        when = _single(text, hint)
    except Unreadable as single:
        try:
            when = _window(text, hint)
        except Unreadable:
            if single.message.key != "import.date.unreadable":
                raise single from None  # '31/2': say it is impossible, not unreadable
            raise
    return replace(when, time=at, end_time=end_at) if at else when


def _looks_like_date_only(text: str) -> bool:
    """True for dates whose last number is part of the date, not a time ('19. sep 2023', '7/2')."""
    try:
        _single(text, 2000)
        return True
    except Unreadable:
        return False


def _serial(value: float) -> When:
    days = int(value)
    moment = datetime.combine(EXCEL_EPOCH + timedelta(days=days), time()) + timedelta(
        minutes=round((value - days) * 24 * 60)
    )
    at = moment.time() if moment.time() != time() else None
    return When(FuzzyDate.day(moment.date()), time=at, serial=True)


def years_in(text: str) -> list[int]:
    """Four-digit years 1950-2099 written in a text (to give yearless dates a start)."""
    return [int(y) for y in re.findall(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", text)]
