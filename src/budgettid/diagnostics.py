"""Located diagnostics, and the table of every code budgettid can report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .i18n import Message


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    """The identity of a finding: stable code, kebab-case symbol, default severity.

    What a code means, in words, is in the catalogue (`rules.summary.<code>`).
    """

    code: str
    symbol: str
    severity: Severity
    removed: bool = False


_E, _W = Severity.ERROR, Severity.WARNING

# The codes of docs/format.md. Codes are never reused: a retired one stays, removed=True.
CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("BT001", "yaml-syntax", _E),
        Code("BT002", "schema", _E),
        Code("BT003", "duplicate-key", _E),
        Code("BT004", "duplicate-id", _E),
        Code("BT005", "unknown-reference", _E),
        Code("BT006", "unused-accept", _W),
        Code("BT101", "window-reversed", _E),
        Code("BT102", "outside-phase", _E),
        Code("BT103", "order-violated", _E),
        Code("BT104", "hearing-not-bracketed", _E),
        Code("BT105", "order-cycle", _E),
        Code("BT106", "order-undecidable", _W),
        Code("BT201", "reading-gap", _E),
        Code("BT202", "adoption-deadline", _E),
        Code("BT203", "proposal-deadline", _E),
        Code("BT204", "amendment-deadline", _E),
        Code("BT205", "hearing-after-adoption", _E),
        Code("BT206", "missing-step", _W),
        Code("BT301", "weekend", _W),
        Code("BT302", "public-holiday", _W),
        Code("BT303", "closed-day", _W),
        Code("BT304", "far-date", _W),
    )
}

LOAD_CODES = frozenset({"BT001", "BT002", "BT003", "BT004", "BT005"})
# What an event's `accept:` cannot take: loading errors (there is no calendar yet) and
# BT006 itself (an accept that accepts nothing is not accepted away).
NOT_ACCEPTABLE = LOAD_CODES | {"BT006"}
BY_SYMBOL: dict[str, Code] = {c.symbol: c for c in CODES.values()}


def lookup(code_or_symbol: str) -> Code | None:
    """Find a code by its code (BT104, case-insensitive) or its symbol."""
    return CODES.get(code_or_symbol.upper()) or BY_SYMBOL.get(code_or_symbol.lower())


@dataclass(frozen=True)
class Diagnostic:
    """One finding, located in a file (line and column are 1-based).

    `message` is a Message: the reporter writes it in the reader's language. `accepted`
    is the reason an event's `accept:` gave, for a finding accepted where it is meant
    (it then counts as neither error nor warning).
    """

    file: str
    line: int
    column: int
    code: str
    message: Message
    severity: Severity = Severity.ERROR
    events: tuple[str, ...] = field(default=())
    accepted: str | None = None

    @property
    def symbol(self) -> str:
        return CODES[self.code].symbol

    def text(self, lang: str = "en") -> str:
        """The message in `lang`."""
        return self.message.text(lang)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


def make(
    file: str,
    where: tuple[int, int],
    code: str,
    message: Message,
    events: tuple[str, ...] = (),
) -> Diagnostic:
    """A diagnostic with the code's default severity."""
    return Diagnostic(file, where[0], where[1], code, message, CODES[code].severity, events)
