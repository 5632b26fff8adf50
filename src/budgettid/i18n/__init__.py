"""Every word budgettid shows, in Danish and English, and dates in the reader's language.

One catalogue per language (`da.py`, `en.py`) holds every user-facing text under the same
keys with the same `{placeholders}`; tests/test_i18n.py fails when they drift apart. Dates
are written in CLDR's words (`dates.py`).
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from ..format.values import FuzzyDate
from .dates import (
    day,
    fuzzy,
    long_day,
    month_name,
    month_short,
    plain_day,
    short,
    short_span,
    span,
    times,
    when,
)

if TYPE_CHECKING:
    from ..plan.query import Item


class Lang(StrEnum):
    """The languages budgettid speaks."""

    DA = "da"
    EN = "en"


LANGS = tuple(Lang)


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """The words of one language (imported on first use)."""
    if lang == "da":
        from .da import WORDS
    elif lang == "en":
        from .en import WORDS
    else:
        raise KeyError(f"no catalogue for language {lang!r}")
    return WORDS


def t(lang: str, key: str, /, **kw: object) -> str:
    """The text under `key` in `lang`, with the placeholders filled in (a literal brace is doubled)."""
    return catalogue(lang)[key].format(**kw)  # type: ignore[no-any-return]


def plural(lang: str, key: str, n: int, /, **kw: object) -> str:
    """The form of `key` for the count `n` ('1 aktivitet', '2 aktiviteter'), with `{n}` filled in."""
    one, other = catalogue(lang)[key]
    # Danish and English both have one form for exactly 1 and one for every other number.
    return (one if n == 1 else other).format(n=n, **kw)  # type: ignore[no-any-return]


@cache
def section(lang: str, prefix: str) -> dict[str, Any]:
    """Every entry under `prefix.`, keyed without it (for a template's `w.name`); do not change it.
    A (one, other) pair comes as a Counted, so that `w.name.format(n=3)` agrees with its number."""
    head = prefix + "."
    return {
        k[len(head) :]: Counted(v) if isinstance(v, tuple) else v
        for k, v in catalogue(lang).items()
        if k.startswith(head)
    }


@dataclass(frozen=True)
class Counted:
    """The forms of a text for a count: `format(n=1)` is the one form, any other `n` the other."""

    forms: tuple[str, str]

    def format(self, **kw: Any) -> str:
        return (self.forms[0] if kw.get("n") == 1 else self.forms[1]).format(**kw)


@dataclass(frozen=True)
class Message:
    """Words to show in the reader's language: a catalogue key and its arguments.

    The core says what happened as a Message; a reporter renders it with `text(lang)`. An
    argument that is a Message (or a Join or a Span) is rendered in the same language, a
    `date` or a day's FuzzyDate as the language writes a day ('lørdag den 21. september
    2024', 'Saturday 21 September 2024'), a month or quarter as 'april 2023', '1. kvt. 2023',
    and anything else with str(). A key whose value is a (one, other) pair picks the form
    for the argument `n`.
    """

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        value = catalogue(lang)[self.key]
        if isinstance(value, tuple):
            value = value[0] if self.args.get("n") == 1 else value[1]
        return value.format(**{k: _render(v, lang) for k, v in self.args.items()})  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return self.text("en")


def msg(key: str, /, **args: Any) -> Message:
    """Message(key, args), shorter to write where the core builds many."""
    return Message(key, args)


@dataclass(frozen=True)
class Join:
    """Items listed as the language lists them: 'a, b og c', 'a, b and c' (`word`: and, or)."""

    items: tuple[Any, ...]
    word: str = "and"

    def text(self, lang: str) -> str:
        parts = [str(_render(x, lang)) for x in self.items]
        if len(parts) < 2:
            return "".join(parts)
        return f"{', '.join(parts[:-1])} {t(lang, 'list.' + self.word)} {parts[-1]}"


@dataclass(frozen=True)
class Span:
    """A stretch of days as short as it reads: '15. dec. 2022 – 31. aug. 2023'."""

    start: FuzzyDate
    end: FuzzyDate

    def text(self, lang: str) -> str:
        return span(self.start, self.end, lang)


def _render(value: Any, lang: str) -> Any:
    if isinstance(value, Message | Join | Span):
        return value.text(lang)
    if isinstance(value, FuzzyDate):
        return long_day(value.first, lang) if value.exact else fuzzy(value, lang)
    if isinstance(value, date):
        return long_day(value, lang)
    return value


def render(value: Message | str, lang: str) -> str:
    """A Message in `lang`; text that is already words (from outside the catalogue) as it is."""
    return value.text(lang) if isinstance(value, Message) else value


def pick_lang(option: str | None, calendar_lang: str | None) -> str:
    """--lang, else the calendar's language, else the locale, else Danish."""
    if option:
        return option
    if calendar_lang:
        return calendar_lang
    env = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "en" if env.lower().startswith("en") else "da"


def step(name: str, lang: str) -> str:
    """A statutory step in words: '1. behandling', '1st reading'."""
    return t(lang, f"step.{name}")


def step_label(name: str | None, title: str, lang: str) -> str:
    """The statutory step's words, or '' when there is none or the title already says it."""
    if not name:
        return ""
    words = step(name, lang)
    return "" if words.casefold() in title.casefold() else words


def relative_item(it: Item, lang: str) -> str:
    """'om 5 dage', 'slutter i morgen', 'slutter i august 2023', 'i denne måned' for a `next` item."""
    from ..format.values import Precision

    if it.state == "undecided":  # a month or quarter date whose span holds as_of
        month = it.event.precision is Precision.MONTH
        return t(lang, "relative.this_month" if month else "relative.this_quarter")
    if it.state == "ongoing" and not it.event.span_end.exact:
        return t(lang, "relative.ends_within", period=fuzzy(it.event.span_end, lang))
    return relative(it.days_until, it.state == "ongoing", lang)


def relative(n: int, ongoing: bool, lang: str) -> str:
    """'i dag', 'om 5 dage', 'slutter i morgen'."""
    if ongoing:
        if n <= 1:
            return t(lang, "relative.ends_today" if n == 0 else "relative.ends_tomorrow")
        return t(lang, "relative.ends_in", n=n)
    if n == 0:
        return t(lang, "relative.today")
    if n == 1:
        return t(lang, "relative.tomorrow")
    return t(lang, "relative.in_days", n=n)


__all__ = [
    "LANGS",
    "Join",
    "Lang",
    "Message",
    "Span",
    "catalogue",
    "day",
    "fuzzy",
    "long_day",
    "month_name",
    "month_short",
    "msg",
    "pick_lang",
    "plain_day",
    "plural",
    "relative",
    "relative_item",
    "render",
    "section",
    "short",
    "short_span",
    "span",
    "step",
    "step_label",
    "t",
    "times",
    "when",
]
