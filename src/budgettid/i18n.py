"""User-facing words in Danish and English, and dates in the reader's language (Babel)."""

from __future__ import annotations

import locale
import os
from datetime import date
from functools import cache

from .model import FuzzyDate, Precision

LANGS = ("da", "en")

_TEXT: dict[str, dict[str, str]] = {
    "da": {
        "when": "Hvornår",
        "date": "Dato",
        "what": "Hvad",
        "kind": "Type",
        "bodies": "Hvem",
        "phase": "Fase",
        "today": "i dag",
        "tomorrow": "i morgen",
        "in_days": "om {n} dage",
        "ends_today": "slutter i dag",
        "ends_in": "slutter om {n} dage",
        "this_period": "i denne periode",
        "no_phase": "Uden for faserne",
        "nothing_ahead": "Intet forude efter {as_of}: processens sidste dato er {last}. "
        "Brug --as-of for at se fra en anden dato.",
        "nothing_matches": "Intet forude efter {as_of} med disse filtre (processens sidste dato er {last}).",
        "nothing_in_timeline": "Ingen aktiviteter passer til filtrene.",
        "next_title": "Det næste i {title} (pr. {as_of})",
        "undecided": "dato fastlægges",
        "deadline": "frist",
        "meeting": "møde",
        "hearing": "høring",
        "period": "periode",
        "event": "begivenhed",
    },
    "en": {
        "when": "When",
        "date": "Date",
        "what": "What",
        "kind": "Kind",
        "bodies": "Who",
        "phase": "Phase",
        "today": "today",
        "tomorrow": "tomorrow",
        "in_days": "in {n} days",
        "ends_today": "ends today",
        "ends_in": "ends in {n} days",
        "this_period": "within this period",
        "no_phase": "Outside the phases",
        "nothing_ahead": "Nothing ahead after {as_of}: the process's last date is {last}. "
        "Use --as-of to look from another date.",
        "nothing_matches": "Nothing ahead after {as_of} with these filters "
        "(the process's last date is {last}).",
        "nothing_in_timeline": "No activities match the filters.",
        "next_title": "Coming up in {title} (as of {as_of})",
        "undecided": "date to be fixed",
        "deadline": "deadline",
        "meeting": "meeting",
        "hearing": "hearing",
        "period": "period",
        "event": "event",
    },
}


def t(lang: str, key: str, **kw: object) -> str:
    return _TEXT[lang][key].format(**kw)


def pick_lang(option: str | None, calendar_lang: str | None) -> str:
    """--lang, else the calendar's language, else the locale, else Danish."""
    if option:
        return option
    if calendar_lang:
        return calendar_lang
    env = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "en" if env.lower().startswith("en") else "da"


@cache
def _babel() -> object:
    # Babel costs ~20 ms to import; only the commands that show dates pay it.
    from babel import dates

    return dates


def day(d: date, lang: str) -> str:
    """'tir. 19. sep. 2023' / 'Tue 19 Sep 2023'."""
    fmt = "EEE d. MMM y" if lang == "da" else "EEE d MMM y"
    return _babel().format_date(d, fmt, locale=lang)  # type: ignore[attr-defined]


def fuzzy(fd: FuzzyDate, lang: str) -> str:
    """A date as precise as it was written: a day, 'april 2023', '1. kvt. 2023'."""
    if fd.precision is Precision.DAY:
        return day(fd.first, lang)
    if fd.precision is Precision.MONTH:
        return _babel().format_date(fd.first, "MMMM y", locale=lang)  # type: ignore[attr-defined]
    q = (fd.first.month - 1) // 3 + 1
    return f"{q}. kvt. {fd.first.year}" if lang == "da" else f"Q{q} {fd.first.year}"


def span(start: FuzzyDate, end: FuzzyDate, lang: str) -> str:
    """A window as short as it reads: '29. aug. – 6. sep. 2023', 'maj 2023 – juni 2023'."""
    if start == end:
        return fuzzy(start, lang)
    if start.exact and end.exact and start.first.year == end.last.year:
        dates = _babel()
        fmt = "d. MMM" if lang == "da" else "d MMM"
        head = dates.format_date(start.first, fmt, locale=lang)  # type: ignore[attr-defined]
        tail = dates.format_date(end.last, fmt + " y", locale=lang)  # type: ignore[attr-defined]
        return f"{head} – {tail}"
    return f"{fuzzy(start, lang)} – {fuzzy(end, lang)}"


_STEPS = {
    "da": {
        "budget_proposal": "budgetforslag",
        "first_reading": "1. behandling",
        "amendment_deadline": "ændringsforslag",
        "second_reading": "2. behandling",
        "public_hearing": "offentlig høring",
    },
    "en": {
        "budget_proposal": "budget proposal",
        "first_reading": "1st reading",
        "amendment_deadline": "amendment deadline",
        "second_reading": "2nd reading",
        "public_hearing": "public hearing",
    },
}


def step(name: str, lang: str) -> str:
    return _STEPS[lang][name]


def relative(n: int, ongoing: bool, lang: str) -> str:
    if ongoing:
        return t(lang, "ends_today") if n == 0 else t(lang, "ends_in", n=n)
    if n == 0:
        return t(lang, "today")
    if n == 1:
        return t(lang, "tomorrow")
    return t(lang, "in_days", n=n)
