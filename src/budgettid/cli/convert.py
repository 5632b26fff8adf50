"""`budgettid import` and `budgettid export`: from Outlook, Excel and CSV, and back to a sheet."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import localize
from .app import FileArg, Lang, app, document, err, user_errors

# ImportOptions' fields as the command line names them, and the kinds of source in words.
_FLAGS = {"start": "--from", "end": "--to", "columns": "--columns", "sheet": "--sheet", "year": "--year",
          "delimiter": "--delimiter"}  # fmt: skip


class SheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(localize.t("cli.not_a_date", value=repr(value))) from None


ImportLang = Annotated[
    Lang | None,
    typer.Option(
        "--lang", help="Language of the file's comments and of the messages: da or en. Default: da."
    ),
]


@app.command("import")
def import_(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="SOURCE",
            help="An .ics file (Outlook, Google, Thunderbird, or a budgettid feed), an .xlsx workbook "
            "or a .csv file.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.yaml",
            help="Write the calendar here ('-' or none: standard output).",
        ),
    ] = None,
    from_: Annotated[
        date | None,
        typer.Option(
            "--from",
            parser=_day,
            metavar="YYYY-MM-DD",
            help="iCalendar: leave out items that end before this day; recurring items are expanded from it.",
        ),
    ] = None,
    to: Annotated[
        date | None,
        typer.Option(
            "--to",
            parser=_day,
            metavar="YYYY-MM-DD",
            help="iCalendar: leave out items that start after this day; recurring items are expanded "
            "up to it.",
        ),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="COLUMNS",
            help="Sheets: the columns in order ('dato,-,aktivitet,hvem'; '-' skips one) or by letter "
            "('A=date,C=title,D=who'), when the header row is not recognised. Names: date, end, time, "
            "end_time, title, who, kind, phase, step, notes, location, id (or dato, slut, tidspunkt, "
            "aktivitet, hvem, type, fase, trin, noter, sted).",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", metavar="NAME", help=".xlsx: read only this sheet (default: every sheet)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1900,
            max=2999,
            metavar="YYYY",
            help="Sheets: the year of the first dates written without one ('7/2', 'september', "
            "'uge 38'). Default: the first year written in the sheet.",
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="CHAR",
            help="CSV: the separator (default: ';', ',' or tab, whichever the first line uses).",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="process.title (default: read or guessed from the source).")
    ] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="process.municipality, e.g. 'Allerød Kommune'.")
    ] = None,
    budget_years: Annotated[
        str | None,
        typer.Option(
            "--budget-years",
            metavar="FIRST-LAST",
            help="process.budget_years, e.g. 2024-2031 (default: guessed from the titles or dates).",
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            metavar="ZONE",
            help="process.timezone, an IANA name; times are converted to it (default: the feed's "
            "X-WR-TIMEZONE, else Europe/Copenhagen).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE.yaml if it exists.")] = False,
    lang: ImportLang = None,
) -> None:
    """Turn an Outlook, Google or budgettid .ics, an Excel sheet or a CSV into a calendar file.

    Every item becomes an event. What the source does not say (kind, bodies and their roles,
    statutory steps, phases, ids) is guessed from the Danish titles, and each guess is marked
    with a comment saying what it came from. Items that cannot be read are listed with their
    line or row number and kept as comments. The calendar is then checked with the rule pack,
    and the findings are printed as next steps. Exit code 1 when the written calendar has
    errors (it is written all the same, for a person to fix).

    Example:

        budgettid import raadet.ics -o budget.yaml --to 2024-12-31
        budgettid import tidsplan.xlsx -o budget.yaml --municipality Fjordby
        budgettid import plan.csv -o budget.yaml --columns dato,aktivitet
    """
    import sys

    from ..convert import run
    from ..errors import NoHeaderRow, OptionNotFor, UsageError
    from ..i18n import msg
    from ..report.check import text as findings_text
    from ..report.convert import closing_lines, import_lines

    language = str(lang or "da")
    with user_errors(language):
        if from_ and to and to < from_:
            raise UsageError(msg("import.to_before_from", to=to, start=from_))
        if budget_years is not None and not _years_ok(budget_years):
            raise UsageError(msg("import.budget_years", value=repr(budget_years)))
        from ..files import replaces

        to_stdout = output is None or str(output) == "-"
        if not to_stdout and replaces(output) and not force:  # type: ignore[arg-type]
            raise UsageError(msg("import.exists", path=output))
        options = run.ImportOptions(
            start=from_, end=to, columns=columns, sheet=sheet, year=year, delimiter=delimiter,
            title=title, municipality=municipality, budget_years=budget_years, timezone=timezone,
        )  # fmt: skip
        try:
            name = str(output) if not to_stdout else "<stdout>"
            result = run.import_file(source, name=name, options=options, lang=language)
        except OptionNotFor as exc:
            flags = ", ".join(_FLAGS[o] for o in exc.options)
            kind = msg(f"import.source.{exc.kind}")
            raise UsageError(msg("import.option_not_for", flags=flags, path=exc.path, kind=kind)) from None
        except NoHeaderRow as exc:
            raise UsageError(msg("import.no_header", path=exc.path)) from None
        if to_stdout:
            document(result.text)
        else:
            from ..files import write_atomic

            write_atomic(output, result.text.encode("utf-8"), inputs=[source], replace_calendar=force)  # type: ignore[arg-type]
    shown = str(output) if not to_stdout else "-"
    for line in import_lines(result, shown, language):
        err(line)
    if result.findings:
        sys.stderr.write(findings_text([result.name], result.findings, lang=language))
    for line in closing_lines(result, shown, language):
        err(line)
    if result.errors:
        raise typer.Exit(1)


def _years_ok(value: str) -> bool:
    import re

    m = re.fullmatch(r"(\d{4})-(\d{4})", value)
    return bool(m) and int(m.group(1)) <= int(m.group(2))  # type: ignore[union-attr]


@app.command("export")
def export(
    file: FileArg = None,
    format: Annotated[
        SheetFormat | None,
        typer.Option("--format", "-f", help="xlsx or csv. Default: from the -o name's ending, else xlsx."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="Where to write. Default: the calendar's name with .xlsx or .csv, in the current folder.",
        ),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang", help="Language of the headers and words: da or en. Default: the calendar's language."
        ),
    ] = None,
    delimiter: Annotated[str, typer.Option("--delimiter", metavar="CHAR", help="CSV: the separator.")] = ";",
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
) -> None:
    """Write the timetable as an Excel workbook or a CSV file, which `import` reads back.

    One row per event (id, title, kind, dates, times, bodies, phase, step, notes and the
    rest), then the bodies, the phases and the process: in an .xlsx as sheets of their
    own, in a CSV one table under the other. The CSV has a byte order mark and ';' so
    that Danish Excel opens it as it is.

    Example:

        budgettid export budget_2024_31.yaml -o tidsplan.xlsx
        budgettid export budget_2024_31.yaml -o tidsplan.csv --lang en
    """
    from .. import i18n
    from ..convert import sheet_out
    from ..errors import UsageError
    from ..files import replaces, write_atomic
    from ..i18n import msg
    from .app import load_calendar

    with user_errors(lang):
        chosen = format or (
            SheetFormat.CSV if output is not None and output.suffix.lower() == ".csv" else SheetFormat.XLSX
        )
        if (
            output is not None
            and output.suffix.lower() in (".xlsx", ".csv")
            and output.suffix.lower() != f".{chosen}"
        ):
            raise UsageError(msg("export.suffix", path=output, suffix=output.suffix, format=chosen))
        if len(delimiter) != 1:
            raise UsageError(msg("export.delimiter", value=repr(delimiter)))
        cal = load_calendar(file)
        language = i18n.pick_lang(lang, cal.process.language)
        target = output or Path(Path(cal.file).stem + f".{chosen}")
        if replaces(target) and not force:  # not -o - nor /dev/null
            raise UsageError(msg("import.exists", path=target))
        if chosen is SheetFormat.XLSX:
            data = sheet_out.xlsx_bytes(cal, language)
        else:
            data = sheet_out.csv_bytes(cal, language, delimiter=delimiter)
        write_atomic(target, data, inputs=[Path(cal.file)])
    from ..report.convert import counts

    err(i18n.t(language, "export.wrote", path=target, **counts(cal, language)))
