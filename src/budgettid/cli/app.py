"""The Typer app and what every command shares: file resolution, options, error exits.

Help texts come from the catalogue (`help.*`, see localize.py): the English given here
is only what a command shows before its words are in the catalogue.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from .. import i18n
from ..errors import BudgettidError, CalendarInvalid, FileProblem, NoSuchFile, UsageError
from ..format import model
from . import localize
from .localize import App, Group

if TYPE_CHECKING:
    from rich.console import Console

app = App(
    name="budgettid",
    cls=Group,
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# The choices Typer offers come from the core: the catalogue's languages.
Lang = i18n.Lang


class TableFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _kinds(incomplete: str) -> list[str]:
    """Shell completion for --kind: the format's kinds, and their names in the help's language."""
    from ..plan.query import kind_words

    return [w for w in kind_words(localize.LANG) if w.startswith(incomplete)]


FileArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="FILE",
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
    typer.Option(
        "--body",
        "-b",
        metavar="BODY",
        help="Only these bodies (id or short label: byraadet, BR); repeatable.",
    ),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Only these kinds: deadline, meeting, hearing, period, event (or frist, møde, ...); repeatable.",
        autocompletion=_kinds,
    ),
]
PhaseOpt = Annotated[
    list[str] | None,
    typer.Option("--phase", "-p", metavar="PHASE", help="Only these phases (id or label); repeatable."),
]


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"budgettid {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="Language of help and messages: da or en.")
    ] = None,
) -> None:
    """The municipal budget process as one checked YAML file."""
    if ctx.invoked_subcommand is None:  # `budgettid` alone: what it can do
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def language(option: str | None, calendar_lang: str | None = None) -> str:
    """The command's --lang, else `budgettid --lang`, else the calendar's language, else the locale."""
    if option:
        return str(option)
    root = localize.get_current_context(silent=True)
    while root is not None and root.parent is not None:
        root = root.parent
    given = root.params.get("lang") if root is not None else None
    return i18n.pick_lang(str(given) if given else None, calendar_lang)


def parse_date(value: str | None) -> date | None:
    """--as-of: YYYY-MM-DD, or 'today'."""
    if value is None or value == "today":
        return None if value is None else date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(localize.t("cli.not_a_date", value=repr(value))) from None


AsOfOpt = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Look from this date instead of today.",
    ),
]


def document(text: str, *, stderr: bool = False) -> None:
    """A file format (JSON, SVG, YAML) on standard output (or `stderr`, when stdout carries
    the command's file): UTF-8 whatever the terminal's encoding, as the format says, so
    PYTHONIOENCODING=ascii cannot make it invalid."""
    (sys.stderr if stderr else sys.stdout).flush()
    out = typer.get_binary_stream("stderr" if stderr else "stdout")
    out.write(text.encode("utf-8", "backslashreplace"))
    out.flush()


def say(message: object, *, stderr: bool = False) -> None:
    """One line on stdout (a path written, a note), escaped as `err` escapes; on `stderr`
    when stdout carries the command's file (`-o -`)."""
    from ..report.safe import line

    print(line(str(message)), file=sys.stderr if stderr else sys.stdout)


def err(message: str) -> None:
    """One line on stderr, cut and with every control and bidi character escaped: a message
    may quote a file name or a value from a calendar."""
    from ..report.safe import line

    print(line(message), file=sys.stderr)


def fail(message: str, code: int = 2) -> NoReturn:
    err(f"budgettid: {message}")
    raise typer.Exit(code)


def said(message: "i18n.Message | str", lang: str) -> str:
    """A Message (or words) for `err` or `fail`: each value in it cut, the whole escaped."""
    from ..report.safe import message as safe_message

    return safe_message(message, lang)


def no_such_file(path: object, lang: str) -> str:
    """A missing FILE: the command line's advice includes leaving it out (the bundled calendar)."""
    return said(i18n.msg("errors.no_such_file", path=str(path)), lang)


@contextmanager
def user_errors(lang: str | None = None) -> Iterator[None]:
    """Turn the core's domain errors into messages in `lang` (default: the run's language of
    help and errors) and exit codes, never a traceback."""
    words = lang or language(None)
    try:
        yield
    except NoSuchFile as exc:
        fail(no_such_file(exc.path, words), 2)
    except CalendarInvalid as exc:
        from ..report.check import text

        files = sorted({d.file for d in exc.diagnostics})
        sys.stderr.write(text(files, exc.diagnostics, color=sys.stderr.isatty(), lang=words))
        raise typer.Exit(1) from None
    except (FileProblem, UsageError) as exc:
        fail(said(exc.message, words), 2)
    except BudgettidError as exc:
        fail(said(exc.message, words), 1)


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


def load_to_publish(file: Path | None, lang: str | None = None) -> model.Calendar:
    """load_calendar for the commands whose output others read (ics, wheel, site).

    Two slips are cheap to make and costly to publish: forgetting FILE (the bundled demo
    calendar goes out) and a plan that `check` rejects. Both are said on stderr, in `lang`
    (else the calendar's language); the output is still written, since a draft may be
    published on purpose.
    """
    import os

    from ..rules.engine import check_calendar

    cal = load_calendar(file)
    words = language(lang, cal.process.written_language)
    if file is None and not os.environ.get("BUDGETTID_CALENDAR"):
        err(said(i18n.msg("cli.note_bundled", title=cal.process.title), words))
    errors = sum(1 for d in check_calendar(cal) if d.severity == "error" and d.accepted is None)
    if errors:
        err(said(i18n.msg("cli.warn_errors", n=errors, file=str(cal.file)), words))
    return cal


def console() -> "Console":
    from rich.console import Console

    # No :emoji: codes: a title is shown as written (and Rich's emoji table is not loaded).
    return Console(highlight=False, emoji=False)
