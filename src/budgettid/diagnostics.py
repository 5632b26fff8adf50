"""Located diagnostics, and the table of every code budgettid can report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    """The identity of a finding: stable code, kebab-case symbol, default severity."""

    code: str
    symbol: str
    severity: Severity
    summary: str
    removed: bool = False


_E, _W = Severity.ERROR, Severity.WARNING

# The codes of docs/format.md. Codes are never reused: a retired one stays, removed=True.
CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("BT001", "yaml-syntax", _E, "the file is not valid YAML (or not UTF-8, or empty)"),
        Code(
            "BT002",
            "schema",
            _E,
            "a field is missing, unknown, of the wrong type or an impossible date",
        ),
        Code("BT003", "duplicate-key", _E, "a mapping key appears twice"),
        Code("BT004", "duplicate-id", _E, "two events (or phases) share an id"),
        Code("BT005", "unknown-reference", _E, "a body, phase or event id that is not defined"),
        Code("BT101", "window-reversed", _E, "a window ends before it starts"),
        Code("BT102", "outside-phase", _E, "an event lies outside the phase it names"),
        Code(
            "BT103",
            "order-violated",
            _E,
            "an after/before constraint (with its min_days) is broken",
        ),
        Code(
            "BT104",
            "hearing-not-bracketed",
            _E,
            "a hearing starts before its opened_by treatment, or ends after an event in feeds starts",
        ),
        Code("BT105", "order-cycle", _E, "after/before constraints form a cycle"),
        Code(
            "BT106",
            "order-undecidable",
            _W,
            "an ordering cannot be verified because a date is only a month or quarter",
        ),
        Code(
            "BT201",
            "reading-gap",
            _E,
            "fewer than min_reading_gap_days between first_reading and second_reading",
        ),
        Code("BT202", "adoption-deadline", _E, "second_reading after adopt_by"),
        Code(
            "BT203",
            "proposal-deadline",
            _E,
            "budget_proposal after proposal_by, or not before first_reading",
        ),
        Code(
            "BT204",
            "amendment-deadline",
            _E,
            "amendment_deadline not after first_reading and before second_reading",
        ),
        Code("BT205", "hearing-after-adoption", _E, "public_hearing ends on or after second_reading"),
        Code("BT206", "missing-step", _W, "a first_reading or second_reading is missing"),
        Code(
            "BT301",
            "weekend",
            _W,
            "a deadline, meeting or window end falls on a Saturday or Sunday",
        ),
        Code("BT302", "public-holiday", _W, "the same, on a public holiday of rules.holidays"),
    )
}

LOAD_CODES = frozenset({"BT001", "BT002", "BT003", "BT004", "BT005"})
BY_SYMBOL: dict[str, Code] = {c.symbol: c for c in CODES.values()}


def lookup(code_or_symbol: str) -> Code | None:
    """Find a code by its code (BT104, case-insensitive) or its symbol."""
    return CODES.get(code_or_symbol.upper()) or BY_SYMBOL.get(code_or_symbol.lower())


@dataclass(frozen=True)
class Diagnostic:
    """One finding, located in a file (line and column are 1-based)."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    events: tuple[str, ...] = field(default=())

    @property
    def symbol(self) -> str:
        return CODES[self.code].symbol

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


def make(
    file: str,
    where: tuple[int, int],
    code: str,
    message: str,
    events: tuple[str, ...] = (),
) -> Diagnostic:
    """A diagnostic with the code's default severity."""
    return Diagnostic(file, where[0], where[1], code, message, CODES[code].severity, events)
