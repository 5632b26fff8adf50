"""`budgettid roll`, `move`, `diff` and `schema`: the yearly cycle, and a date moved within it."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .app import FileArg, LangOpt, TableFormat, app, console, document, err, fail, language, user_errors


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _to_stdout(output: Path | None) -> bool:
    from ..files import is_stdout

    return is_stdout(output)


@app.command()
def roll(
    file: FileArg = None,
    year: Annotated[
        int,
        typer.Option(
            "--year",
            "-y",
            min=1900,
            max=2999,
            metavar="YYYY",
            help="The first budget year of the new process (2025 for budget 2025-32, adopted in 2024).",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="Where to write the draft. Default: next to FILE with the period rolled "
            "(budget_2024_31.yaml -> budget_2025_32.yaml); the bundled calendar's draft goes "
            "to the current directory.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Print the report; write nothing.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists (never FILE).")] = False,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="text or json.")] = ReportFormat.TEXT,
    lang: LangOpt = None,
) -> None:
    """Draft next year's process from this one, check it, and say what needs a person."""
    from .. import i18n
    from ..errors import OutputExists, YearNotLater
    from ..format.load import resolve
    from ..plan import roll as rolling
    from ..report import roll as report

    words = language(lang)
    with user_errors(words):
        try:
            result = rolling.roll_file(resolve(file), year, output)
            if not dry_run:
                rolling.write_draft(result, force=force)
        except YearNotLater as exc:
            fail(i18n.t(words, "cli.roll_year", file=exc.file, years=exc.budget_years, year=exc.first + 1))
        except OutputExists as exc:
            fail(i18n.t(words, "cli.roll_exists", path=exc.path))
    # -o -: the draft went to standard output; the report goes beside it, to stderr.
    out = sys.stderr if _to_stdout(output) and not dry_run else sys.stdout
    if format is ReportFormat.JSON:
        document(report.as_json(result, written=not dry_run), stderr=out is sys.stderr)
    else:
        out.write(
            report.text(result, language(lang, result.draft.process.written_language), written=not dry_run)
        )
    if result.errors:
        raise typer.Exit(1)


@app.command()
def move(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The calendar YAML file to change.")],
    event: Annotated[str, typer.Argument(metavar="EVENT", help="The id of the event to move.")],
    when: Annotated[
        str,
        typer.Argument(
            metavar="DATE",
            help="The new date: YYYY-MM-DD (a window's start), or a month or quarter.",
        ),
    ],
    end: Annotated[
        str | None, typer.Option("--end", metavar="DATE", help="A window's new end date.", show_default=False)
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="Write the result here instead of over FILE.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Print the report; write nothing.")
    ] = False,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="text or json.")] = ReportFormat.TEXT,
    lang: LangOpt = None,
) -> None:
    """Move one event to another date, and let the plan follow."""
    from ..plan import move as moving
    from ..report import move as report

    words = language(lang)
    with user_errors(words):
        new, new_end = moving.parse_day(when), moving.parse_day(end) if end is not None else None
        result = moving.move_file(file, event, new, new_end, output)
        written = False
        if not dry_run and result.conflict is None and result.text is not None:
            moving.write_moved(result)
            written = True
    out = sys.stderr if _to_stdout(output) and written else sys.stdout  # -o -: as roll
    if format is ReportFormat.JSON:
        document(report.as_json(result, written=written), stderr=out is sys.stderr)
    else:
        out.write(
            report.text(result, language(lang, result.source.process.written_language), written=written)
        )
    if result.conflict is not None or result.errors:
        raise typer.Exit(1)


@app.command("diff")
def diff_(
    old: Annotated[Path, typer.Argument(help="The earlier calendar (or last year's, with --rolled).")],
    new: Annotated[Path, typer.Argument(help="The later calendar.")],
    rolled: Annotated[
        bool,
        typer.Option(
            "--rolled",
            help="OLD is last year's process: compare NEW with OLD rolled to NEW's budget year "
            "(as `budgettid roll` would), matching events by id.",
        ),
    ] = False,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table or json.")] = TableFormat.TABLE,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are changes (as git diff --exit-code).")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """What changed between two calendars: events moved (days), added, removed, retitled."""
    from .. import i18n
    from ..errors import CalendarInvalid, ProcessesSwapped
    from ..format.load import load
    from ..plan import diff as differ
    from ..report import diff as diff_report
    from ..report.check import text as report_text
    from ..report.tables import diff_table

    words = language(lang)
    with user_errors(words):
        try:
            before, after = load(old), load(new)
        except CalendarInvalid as exc:  # 2, as diff(1)'s trouble: 1 means "changed" only
            files = sorted({d.file for d in exc.diagnostics})
            sys.stderr.write(report_text(files, exc.diagnostics, color=sys.stderr.isatty(), lang=words))
            raise typer.Exit(2) from None
    words = language(lang, after.process.written_language)
    with user_errors(words):
        try:
            changes = differ.diff(before, after, rolled=rolled)
        except ProcessesSwapped as exc:
            fail(
                i18n.t(
                    words,
                    "diff.swapped",
                    old=exc.old,
                    old_years=exc.old_years,
                    new=exc.new,
                    new_years=exc.new_years,
                )
            )
    if format is TableFormat.JSON:
        document(diff_report.as_json(changes))
    elif changes:
        out = console()
        out.print(diff_table(changes, words, width=out.width))
    else:
        key = "none_rolled" if rolled else "none"
        typer.echo(diff_report.words(words, key, old=before.file, new=after.file))
    hint = None if rolled else diff_report.rolled_hint(before, after, words)
    if hint:
        err(hint)
    if exit_code and changes:
        raise typer.Exit(1)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="OUT", help="Write the schema here instead of printing it."),
    ] = None,
    path: Annotated[
        bool, typer.Option("--path", help="Print where the installed schema is (for $schema lines).")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the calendar format, for editors and CI."""
    from ..format import schema as schemas

    if path:
        typer.echo(str(schemas.installed_path()))
        return
    if output is None:
        document(schemas.dumps())
        return
    with user_errors(language(lang)):
        schemas.write(output)
