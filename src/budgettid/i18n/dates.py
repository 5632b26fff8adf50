"""Dates in the reader's language, in CLDR's words: days, months, quarters, windows, times."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..format.values import FuzzyDate, Precision

if TYPE_CHECKING:
    from ..format.model import Event

# CLDR's Danish and English names, the words Babel's format_date writes (the stand-alone
# forms are the same as these in both languages). Asking Babel for them at run time means
# unpickling 300 KB of locale data, 11 ms of the ~85 ms that `budgettid next` takes to
# start; tests/test_i18n.py checks every function here against Babel, day by day.
_DAY_ABBR = {
    "da": ("man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn."),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTH_ABBR = {
    "da": ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_MONTH_WIDE = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}  # fmt: skip


def month_name(month: int, lang: str) -> str:
    """'september' / 'September' (CLDR wide, Babel's MMMM)."""
    return _MONTH_WIDE[lang][month - 1]


def month_short(month: int, lang: str) -> str:
    """'sep' / 'Sep': the abbreviation without its full stop (Babel's MMM, stripped of '.')."""
    return _MONTH_ABBR[lang][month - 1].rstrip(".")


def day(d: date, lang: str) -> str:
    """'tirs. 19. sep. 2023' / 'Tue 19 Sep 2023' (Babel's EEE d. MMM y / EEE d MMM y)."""
    return f"{_DAY_ABBR[lang][d.weekday()]} {plain_day(d, lang)}"


_DAY_WIDE = {
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def long_day(d: date, lang: str) -> str:
    """'lørdag den 21. september 2024' / 'Saturday 21 September 2024', as a letter writes it."""
    weekday, month = _DAY_WIDE[lang][d.weekday()], month_name(d.month, lang)
    if lang == "da":
        return f"{weekday} den {d.day}. {month} {d.year}"
    return f"{weekday} {d.day} {month} {d.year}"


def fuzzy(fd: FuzzyDate, lang: str) -> str:
    """A date as precise as it was written: a day, 'april 2023', '1. kvt. 2023'."""
    if fd.precision is Precision.DAY:
        return day(fd.first, lang)
    if fd.precision is Precision.MONTH:
        return f"{month_name(fd.first.month, lang)} {fd.first.year}"
    return short(fd, lang, year=True)  # the quarter's one wording: '1. kvt. 2023', 'Q1 2023'


def times(e: Event) -> str:
    """'16:00–18:00', '17:00', or '' for an event without a time."""
    if e.time is None:
        return ""
    return f"{e.time:%H:%M}" + (f"–{e.end_time:%H:%M}" if e.end_time else "")


def when(e: Event, lang: str) -> str:
    """An event's dates as short as they read, then its times: '19. sep. 2023 17:00–19:00'."""
    clock = times(e)
    return span(e.span_start, e.span_end, lang) + (f" {clock}" if clock else "")


def plain_day(d: date, lang: str, *, year: bool = True) -> str:
    """'19. sep. 2023' / '19 Sep 2023' (Babel's d. MMM y / d MMM y)."""
    text = f"{d.day}{'.' if lang == 'da' else ''} {_MONTH_ABBR[lang][d.month - 1]}"
    return f"{text} {d.year}" if year else text


def span(start: FuzzyDate, end: FuzzyDate, lang: str) -> str:
    """A window as short as it reads: '30.–31. maj 2023', '29. aug. – 6. sep. 2023',
    'maj – august 2023', '15. dec. 2022 – 31. aug. 2023'."""
    if start == end:
        return fuzzy(start, lang)
    a, b = start.first, end.last
    if start.exact and end.exact:
        if a.year == b.year and a.month == b.month:
            tail = plain_day(b, lang)
            return f"{a.day}.–{tail}" if lang == "da" else f"{a.day}–{tail}"
        return f"{plain_day(a, lang, year=a.year != b.year)} – {plain_day(b, lang)}"
    if start.precision is end.precision is Precision.MONTH and a.year == b.year:
        return f"{month_name(a.month, lang)} – {fuzzy(end, lang)}"
    left = plain_day(a, lang) if start.exact else fuzzy(start, lang)
    right = plain_day(b, lang) if end.exact else fuzzy(end, lang)
    return f"{left} – {right}"


# --- short dates: the wheel's labels and key, the Gantt chart's rows -------------------------


def short(fd: FuzzyDate, lang: str, *, year: bool = False) -> str:
    """A date as short as it reads: '19/9', '19 Sep', 'apr', '3. kvt.', 'Q3'; its year if asked."""
    d = fd.first
    if fd.precision is Precision.DAY:  # Babel's d/M (da) and d MMM (en)
        text = f"{d.day}/{d.month}" if lang == "da" else plain_day(d, lang, year=False)
    elif fd.precision is Precision.MONTH:
        text = month_short(d.month, lang)
    else:
        q = (fd.first.month - 1) // 3 + 1
        text = f"{q}. kvt." if lang == "da" else f"Q{q}"
    return f"{text} {fd.first.year}" if year else text


def short_span(start: FuzzyDate, end: FuzzyDate, lang: str, *, year: bool = False) -> str:
    """'29/8–6/9', 'May–Jun', '14 Jun–9 Aug 2024': the year, if asked, once at the end."""
    if start == end:
        return short(start, lang, year=year)
    return f"{short(start, lang)}–{short(end, lang, year=year)}"
