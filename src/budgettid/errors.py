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
