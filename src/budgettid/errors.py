"""Domain errors. Each says how to fix it; the CLI turns them into exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Diagnostic


class BudgettidError(Exception):
    """Base of every error a user can cause."""


class FileProblem(BudgettidError):
    """A file could not be read or written (missing, a directory, too big, not permitted).

    Fix: pass an existing calendar file, or check the path and its permissions.
    """


class UsageError(BudgettidError):
    """An option or argument has a value the command cannot use; the message names the fix."""


class CalendarInvalid(BudgettidError):
    """The calendar has loading errors (BT001-BT005); `diagnostics` says where and how to fix."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"{len(diagnostics)} problem(s) in the calendar")


class YearNotLater(UsageError):
    """A roll to a year that is not after the calendar's first budget year.

    Fix: roll to a later first budget year (the one after `first` at the earliest).
    """

    def __init__(self, file: str, budget_years: str, first: int) -> None:
        self.file, self.budget_years, self.first = file, budget_years, first
        super().__init__(
            f"{file} is the process for budget {budget_years}; the draft must be for a later "
            f"first budget year, e.g. {first + 1}"
        )


class OutputExists(FileProblem):
    """The output file exists and the command does not replace files unasked.

    Fix: write elsewhere, or ask for the file to be replaced.
    """

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(f"{path} exists; it is not replaced unless asked")
