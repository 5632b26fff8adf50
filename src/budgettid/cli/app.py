"""The Typer app and what every command shares: file resolution, options, error exits."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, get_args

import typer

from .. import i18n
from ..errors import BudgettidError, CalendarInvalid, FileProblem, NoSuchFile, UsageError
from ..format import model

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="budgettid",
    help="The municipal budget process as one checked YAML file: what is next, checks, "
    "iCalendar feeds.\n\nBudgetprocessen som én kontrolleret YAML-fil.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# The choices Typer offers come from the core: the catalogue's languages, the format's kinds.
Lang = i18n.Lang
Kind = StrEnum("Kind", {k.upper(): k for k in get_args(model.Kind)})  # type: ignore[misc]


class TableFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


FileArg = Annotated[
    Path | None,
    typer.Argument(
        help="Calendar YAML file. Default: $BUDGETTID_CALENDAR, else the bundled 2024-31 calendar.",
        show_default=False,
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang", help="Language of the output: da or en. Default: the calendar's language, else the locale."
    ),
]
BodyOpt = Annotated[
    list[str] | None,
    typer.Option("--body", "-b", metavar="ID", help="Only these bodies (id, e.g. byraadet); repeatable."),
]
KindOpt = Annotated[
    list[Kind] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Only these kinds: deadline, meeting, hearing, period, event; repeatable.",
    ),
]
PhaseOpt = Annotated[
    list[str] | None,
    typer.Option("--phase", "-p", metavar="ID", help="Only these phases (id); repeatable."),
]


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"budgettid {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """The municipal budget process as one checked YAML file."""


def parse_date(value: str | None) -> date | None:
    """--as-of: YYYY-MM-DD, or 'today'."""
    if value is None or value == "today":
        return None if value is None else date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2023-08-25") from None


AsOfOpt = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Look from this date instead of today.",
    ),
]


def err(message: str) -> None:
    print(message, file=sys.stderr)


def fail(message: str, code: int = 2) -> NoReturn:
    err(f"budgettid: {message}")
    raise typer.Exit(code)


def no_such_file(path: object) -> str:
    """A missing FILE: the command line's advice includes leaving it out (the bundled calendar)."""
    return f"{path}: no such file; check the path, or leave it out to use the bundled calendar"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's domain errors into messages and exit codes (never a traceback)."""
    try:
        yield
    except NoSuchFile as exc:
        fail(no_such_file(exc.path), 2)
    except CalendarInvalid as exc:
        from ..report.check import text

        files = sorted({d.file for d in exc.diagnostics})
        sys.stderr.write(text(files, exc.diagnostics, color=sys.stderr.isatty()))
        raise typer.Exit(1) from None
    except (FileProblem, UsageError) as exc:
        fail(str(exc), 2)
    except BudgettidError as exc:
        fail(str(exc), 1)


def check_ids(kind: str, given: list[str] | None, known: list[str]) -> list[str]:
    """Unknown --body/--phase ids are usage errors that list the known ones."""
    if not given:
        return []
    from ..api import known_ids

    return known_ids(kind, given, known)


def load_calendar(file: Path | None) -> model.Calendar:
    """The calendar a command works on, frozen out of the garbage collector's sight.

    A command loads one calendar and keeps it to the end; without the freeze, the
    collector would rescan its hundreds of thousands of objects during rules and exports.
    """
    import gc

    from ..format.load import load, resolve

    cal = load(resolve(file))
    gc.freeze()
    return cal


def load_to_publish(file: Path | None) -> model.Calendar:
    """load_calendar for the commands whose output others read (ics, wheel, site).

    Two slips are cheap to make and costly to publish: forgetting FILE (the bundled demo
    calendar goes out) and a plan that `check` rejects. Both are said on stderr; the
    output is still written, since a draft may be published on purpose.
    """
    import os

    from ..rules.engine import check_calendar

    cal = load_calendar(file)
    if file is None and not os.environ.get("BUDGETTID_CALENDAR"):
        err(
            f"budgettid: note: no FILE given, so this is the bundled calendar ({cal.process.title}); "
            "pass your calendar file or set $BUDGETTID_CALENDAR"
        )
    errors = sum(1 for d in check_calendar(cal) if d.severity == "error")
    if errors:
        err(
            f"budgettid: warning: `budgettid check {cal.file}` finds {errors} error(s) in this "
            "calendar; the output is written all the same"
        )
    return cal


def console() -> "Console":
    from rich.console import Console

    # No :emoji: codes: a title is shown as written (and Rich's emoji table is not loaded).
    return Console(highlight=False, emoji=False)
