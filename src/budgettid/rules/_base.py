"""What every rule shares: the finding type, the registration decorator, and day comparisons.

A rule is a function of a `Context` that yields `Finding`s. It never decides its own
severity or output format: the engine in `check.py` stamps those.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..daysoff import DaysOff
from ..diagnostics import CODES, LOAD_CODES, Severity
from ..format.keypath import Mark, SourceMap
from ..format.model import Calendar, Event, Phase
from ..format.values import FuzzyDate
from ..i18n import Join, Message, msg, t

if TYPE_CHECKING:
    from .suggest import Moves

UNDECIDABLE = "BT106"


@dataclass(frozen=True)
class Finding:
    """What a rule found: a code, where, a message naming the fix, the events involved.

    The first of `events` is the event the finding is about (where it points): its
    `accept:` can accept the finding. `rule` is the rule that looked; it differs from
    `code` only for BT106, which any rule reports when a month or quarter date leaves it
    undecided.
    """

    code: str
    where: Mark
    message: Message
    events: tuple[str, ...] = ()
    rule: str = ""

    @property
    def origin(self) -> str:
        return self.rule or self.code


Check = Callable[["Context"], Iterable[Finding]]


EXAMPLES = Path(__file__).with_name("examples")
# A line of an example that the rule points at carries this mark (as tests/fixtures/check do);
# it is for the tests, not for the reader of `budgettid rules`.
_MARK = re.compile(r"[ \t]+# expect: BT\d{3}(?:, BT\d{3})*$", re.MULTILINE)


@dataclass(frozen=True)
class Rule:
    """A rule's identity (from diagnostics.CODES), its documentation and its check.

    The English explanation is the check's docstring, the Danish one the catalogue's
    `rules.explain.<code>`; the summary is the catalogue's `rules.summary.<code>`. The
    passing and failing examples are complete calendar files in rules/examples/
    (`bt104-passes.yaml`, `bt104-fails.yaml`).
    """

    code: str
    doc: str  # the English explanation, as the docstring says it
    check: Check | None  # None: reported by the other rules (BT106) or by load (BT001-BT005)

    @property
    def symbol(self) -> str:
        return CODES[self.code].symbol

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def summary(self, lang: str = "en") -> str:
        return t(lang, f"rules.summary.{self.code}")

    def explanation(self, lang: str = "en") -> str:
        """Why the rule exists and what passes, in `lang`; a loading check's says when it runs."""
        text = self.doc if lang == "en" else t(lang, f"rules.explain.{self.code}")
        return text + ("\n" + t(lang, "rules.stage") if self.loading else "")

    @property
    def loading(self) -> bool:
        """Checked while the file loads, before the rules; cannot be disabled or ignored."""
        return self.code in LOAD_CODES

    def example_path(self, outcome: str) -> Path:
        """rules/examples/<code>-passes.yaml or -fails.yaml (`outcome`: passes or fails)."""
        return EXAMPLES / f"{self.code.lower()}-{outcome}.yaml"

    @property
    def passing(self) -> str:
        return _MARK.sub("", self.example_path("passes").read_text(encoding="utf-8"))

    @property
    def failing(self) -> str:
        return _MARK.sub("", self.example_path("fails").read_text(encoding="utf-8"))


REGISTRY: dict[str, Rule] = {}


def rule(code: str) -> Callable[[Check], Check]:
    """Register the decorated function as the check of `code`; its docstring explains the rule."""

    def register(fn: Check) -> Check:
        document(code, fn.__doc__ or "", check=fn)
        return fn

    return register


def document(code: str, explanation: str, *, check: Check | None = None) -> None:
    """Register `code` with its English explanation."""
    if code not in CODES or code in REGISTRY:
        raise ValueError(f"{code}: not in diagnostics.CODES, or registered twice")
    REGISTRY[code] = Rule(code, inspect.cleandoc(explanation), check)


# --- comparing days ---------------------------------------------------------------------


class Verdict(Enum):
    HOLDS = "holds"
    FAILS = "fails"
    UNDECIDED = "undecided"


def at_least(earlier: FuzzyDate, later: FuzzyDate, days: int) -> Verdict:
    """Is `later`'s day minus `earlier`'s day at least `days`, for every possible day?"""
    if (later.first - earlier.last).days >= days:
        return Verdict.HOLDS
    if (later.last - earlier.first).days < days:
        return Verdict.FAILS
    return Verdict.UNDECIDED


def shift(d: date, days: int) -> date:
    return d + timedelta(days=days)


def when(fd: FuzzyDate) -> Message:
    """'Wednesday 6 September 2023', or 'in April 2023' for a date known to its month/quarter."""
    return msg("check.day" if fd.exact else "check.in", date=fd)


def on(fd: FuzzyDate) -> Message:
    """'on Wednesday 6 September 2023', or 'in April 2023'."""
    return msg("check.on" if fd.exact else "check.in", date=fd)


def give_a_day(*pairs: tuple[str, FuzzyDate]) -> Message:
    """'give x a day' / 'give x and y a day': the ids whose date is only a month or quarter."""
    ids = tuple(dict.fromkeys(i for i, fd in pairs if not fd.exact))
    return msg("check.give_a_day", ids=Join(ids))


def days(n: int) -> Message:
    """'1 day', '3 days' ('1 dag', '3 dage')."""
    return msg("check.days", n=n)


# --- the calendar as the rules see it ---------------------------------------------------


class Context:
    """A calendar with the helpers rules need: names and positions."""

    def __init__(self, cal: Calendar) -> None:
        self.cal = cal
        self.source: SourceMap = cal.source if cal.source is not None else SourceMap()
        self.memo: dict[str, Any] = {}  # what several rules compute once

    @cached_property
    def days_off(self) -> DaysOff:
        """Weekends, the public holidays of rules.holidays and the closed days of rules.closed_days."""
        return DaysOff.of(self.cal.process.rules)

    @cached_property
    def moves(self) -> Moves:
        """Where a fix may move each event's dates (every rule's bounds, working days only)."""
        from .suggest import Moves

        return Moves(self)

    @cached_property
    def index(self) -> dict[str, int]:
        return self.cal.event_index

    def name(self, e: Event | Phase) -> str:
        """`id (title)`: how a message names another event."""
        return f"{e.id} ({e.title})"

    def at(self, *path: str | int) -> Mark:
        return self.source.at(tuple(path))

    def key_at(self, *path: str | int) -> Mark:
        return self.source.key_or_value(tuple(path))

    def start_at(self, i: int) -> Mark:
        """Where event i's first day is written: its date, else its start."""
        e = self.cal.events[i]
        return self.at("events", i, "date" if e.date is not None else "start")

    def end_at(self, i: int) -> Mark:
        e = self.cal.events[i]
        return self.at("events", i, "date" if e.date is not None else "end")

    def constraint_at(self, i: int, relation: str, j: int) -> Mark:
        return self.at("events", i, relation, j, "event")


def compare(
    code: str,
    verdict: Verdict,
    events: tuple[str, ...],
    *,
    where: Callable[[], Mark],
    fails: Callable[[], Message],
    undecided: Callable[[], Message],
) -> Iterator[Finding]:
    """The finding a verdict calls for: `code` when it fails, BT106 on behalf of `code` when a
    month or quarter date leaves it undecided, nothing when it holds.

    Place and messages are thunks: most comparisons hold, and a position costs a second
    read of the file the first time one is asked for (format.keypath.LazySourceMap).
    """
    if verdict is Verdict.FAILS:
        yield Finding(code, where(), fails(), events)
    elif verdict is Verdict.UNDECIDED:
        text = msg("check.undecided", code=code, symbol=CODES[code].symbol, why=undecided())
        yield Finding(UNDECIDABLE, where(), text, events, code)
