"""Domain errors. Each says how to fix it; the CLI turns them into exit codes.

An error's `message` is an i18n Message (the CLI writes it in the reader's language), or
plain text where the words do not come from the catalogue yet; str() is the English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .i18n import Message


class BudgettidError(Exception):
    """Base of every error a user can cause."""

    def __init__(self, message: Message | str = "") -> None:
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        from .i18n import render

        return render(self.message, lang)


class FileProblem(BudgettidError):
    """A file could not be read or written (missing, a directory, too big, not permitted).

    Fix: pass an existing calendar file, or check the path and its permissions.
    """


class NoSuchFile(FileProblem):
    """A calendar file that does not exist.

    Fix: check the path (the command line may also leave FILE out for the bundled calendar).
    """

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(f"{path}: no such file; check the path")


class UsageError(BudgettidError):
    """An argument or option has a value that cannot be used; the message names the fix."""


class UnknownRule(UsageError):
    """A rule code or symbol that the rule pack does not have, or no longer has.

    `rule` is the value as given (a retired rule's code and symbol), `where` the argument it
    came in (`select`, `ignore`, or empty), `removed` whether it is a retired code.
    Fix: use a code or symbol that `budgettid rules` lists (`budgettid.rules.RULES` in
    Python), or leave a retired one out.
    """

    def __init__(self, rule: str, where: str = "", *, removed: bool = False) -> None:
        self.rule, self.where, self.removed = rule, where, removed
        place = f" in {where}" if where else ""
        super().__init__(
            f"{rule} was removed from the rule pack{place}; leave it out"
            if removed
            else f"unknown rule {rule!r}{place}; `budgettid rules` lists the codes and symbols"
        )


class ProcessesSwapped(UsageError):
    """A diff against last year's process rolled on, given this year's process as the old one.

    Rolling a process back a year is never meant: the two calendars are the wrong way round.
    Fix: pass last year's process first.
    """

    def __init__(self, old: str, old_years: str, new: str, new_years: str) -> None:
        self.old, self.old_years, self.new, self.new_years = old, old_years, new, new_years
        super().__init__(
            f"the old calendar ({old}, budget {old_years}) is a later process than the new one "
            f"({new}, budget {new_years}); they look swapped"
        )


class OptionNotFor(UsageError):
    """Import options given for a kind of source they do not apply to.

    `options` are ImportOptions' field names (start, end, columns, sheet, year, delimiter),
    `kind` the source's kind ("ical", "xlsx", "csv"). Fix: leave them out for this source.
    """

    def __init__(self, options: tuple[str, ...], path: object, kind: str) -> None:
        self.options, self.path, self.kind = options, path, kind
        super().__init__(f"{', '.join(options)} do not apply to {path}, which is {kind}")


class NoHeaderRow(UsageError):
    """A sheet with no row naming a date and a title column.

    Fix: name the columns (ImportOptions.columns, e.g. 'dato,aktivitet,hvem' or 'A=date,C=title').
    """

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(
            f"{path}: no header row with a date and a title column was found; name the columns, "
            "e.g. dato,aktivitet,hvem (or A=date,C=title)"
        )


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
        from .i18n import msg

        self.file, self.budget_years, self.first = file, budget_years, first
        super().__init__(msg("errors.year_not_later", file=file, years=budget_years, year=first + 1))


class UnknownEvent(UsageError):
    """An event id the calendar does not have (`move`).

    `file` and `event` are as given; `close` is the id it most likely meant, if one is.
    Fix: use an event id of the file (`budgettid timeline --format json` lists them).
    """

    def __init__(self, file: str, event: str, close: str | None, known: str) -> None:
        from .i18n import msg

        self.file, self.event, self.close = file, event, close
        key = "move.unknown_event_close" if close else "move.unknown_event"
        super().__init__(msg(key, file=file, event=event, close=close or "", known=known))


class BundledNotWritable(UsageError):
    """A change asked of the calendar that ships with budgettid, which is not the user's file.

    Fix: make a copy with `budgettid example` and change that, or write elsewhere.
    """

    def __init__(self, path: object) -> None:
        from .i18n import msg

        self.path = path
        super().__init__(msg("move.bundled", path=path))


class OutputExists(FileProblem):
    """The output file exists and the command does not replace files unasked.

    Fix: write elsewhere, or ask for the file to be replaced.
    """

    def __init__(self, path: object) -> None:
        from .i18n import msg

        self.path = path
        super().__init__(msg("errors.output_exists", path=path))


class NotADocument(UsageError):
    """A process note asked for in a format budgettid does not write.

    `suffix` is the file name's suffix as given. Fix: name the note .docx (Word) or .pdf.
    """

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        super().__init__(f"a process note is .docx (Word) or .pdf, not {suffix or 'a name without a suffix'}")


class TemplateNotForPdf(UsageError):
    """A Word template given for a PDF note, which has no use for it.

    Fix: leave the template out, or write the note as .docx.
    """

    def __init__(self, template: object) -> None:
        self.template = template
        super().__init__(f"{template} is a Word template; it applies to a .docx note, not a PDF")


class MissingPackage(UsageError):
    """A command needs an optional package (or a system library under it) that is not installed.

    Fix: install what the message names, e.g. `pip install 'budgettid[doc]'` for `budgettid doc`.
    """
