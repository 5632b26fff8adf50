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
from typing import Any

from ..diagnostics import CODES, LOAD_CODES, Severity
from ..format.keypath import Mark, SourceMap
from ..format.model import Calendar, Event, Phase
from ..format.values import FuzzyDate

UNDECIDABLE = "BT106"


@dataclass(frozen=True)
class Finding:
    """What a rule found: a code, where, a message naming the fix, the events involved.

    `rule` is the rule that looked; it differs from `code` only for BT106, which any rule
    reports when a month or quarter date leaves it undecided.
    """

    code: str
    where: Mark
    message: str
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
_STAGE = """
Loading checks run while the file is read, before the rules; they cannot be disabled or
ignored, and the rules (BT101-BT302) do not run on a file until its loading errors are fixed.
"""


@dataclass(frozen=True)
class Rule:
    """A rule's identity (from diagnostics.CODES), its documentation and its check.

    The explanation is the check's docstring; the passing and failing examples are complete
    calendar files in rules/examples/ (`bt104-passes.yaml`, `bt104-fails.yaml`).
    """

    code: str
    explanation: str
    check: Check | None  # None: reported by the other rules (BT106) or by load (BT001-BT005)

    @property
    def symbol(self) -> str:
        return CODES[self.code].symbol

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def summary(self) -> str:
        return CODES[self.code].summary

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
    """Register `code` with its explanation (a loading check's says when it runs)."""
    if code not in CODES or code in REGISTRY:
        raise ValueError(f"{code}: not in diagnostics.CODES, or registered twice")
    text = inspect.cleandoc(explanation)
    if code in LOAD_CODES:
        text += "\n" + _STAGE.rstrip()
    REGISTRY[code] = Rule(code, text, check)


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


def iso(d: date) -> str:
    return d.isoformat()


def shift(d: date, days: int) -> str:
    return (d + timedelta(days=days)).isoformat()


def when(fd: FuzzyDate) -> str:
    """'2023-09-06', or 'in 2023-04' / 'in 2023-Q1' for a date known to its month/quarter."""
    return fd.text if fd.exact else f"in {fd.text}"


def on(fd: FuzzyDate) -> str:
    """'on 2023-09-06', or 'in 2023-04'."""
    return f"on {fd.text}" if fd.exact else f"in {fd.text}"


def give_a_day(*pairs: tuple[str, FuzzyDate]) -> str:
    """'give x a day' / 'give x and y a day': the ids whose date is only a month or quarter."""
    ids = list(dict.fromkeys(i for i, fd in pairs if not fd.exact))
    return f"give {' and '.join(ids)} a day"


def days(n: int) -> str:
    return f"{n} day" if n in (1, -1) else f"{n} days"


# --- the calendar as the rules see it ---------------------------------------------------


class Context:
    """A calendar with the helpers rules need: names and positions."""

    def __init__(self, cal: Calendar) -> None:
        self.cal = cal
        self.source: SourceMap = cal.source if cal.source is not None else SourceMap()
        self.memo: dict[str, Any] = {}  # what several rules compute once (the holidays)

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
    fails: Callable[[], str],
    undecided: Callable[[], str],
) -> Iterator[Finding]:
    """The finding a verdict calls for: `code` when it fails, BT106 on behalf of `code` when a
    month or quarter date leaves it undecided, nothing when it holds.

    Place and messages are thunks: most comparisons hold, and a position costs a second
    read of the file the first time one is asked for (format.keypath.LazySourceMap).
    """
    if verdict is Verdict.FAILS:
        yield Finding(code, where(), fails(), events)
    elif verdict is Verdict.UNDECIDED:
        symbol = CODES[code].symbol
        yield Finding(UNDECIDABLE, where(), f"cannot decide {code} {symbol}: {undecided()}", events, code)
