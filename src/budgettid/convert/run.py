"""Import as one call: read the source, build the draft, write its text, load it and check it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..diagnostics import Diagnostic
from ..errors import CalendarInvalid, OptionNotFor, UsageError
from ..format.model import Calendar
from .build import Draft, Options, build
from .records import Source

ICAL = (".ics", ".ical", ".ifb", ".icalendar")
XLSX = (".xlsx", ".xlsm")
CSV = (".csv", ".txt", ".tsv")


@dataclass(frozen=True)
class ImportOptions:
    start: date | None = None
    end: date | None = None
    columns: str | None = None
    sheet: str | None = None
    year: int | None = None
    delimiter: str | None = None
    title: str | None = None
    municipality: str | None = None
    budget_years: str | None = None
    timezone: str | None = None


@dataclass
class ImportResult:
    text: str  # the calendar file
    name: str  # what the findings call it
    draft: Draft
    calendar: Calendar | None  # None when the text does not load (then `findings` say why)
    findings: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.findings if d.severity == "error")


def kind_of(path: Path, data: bytes) -> str:
    """'ical', 'xlsx' or 'csv', from the name's ending, else from the content."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UsageError(
            f"{path} is an old Excel 97-2003 workbook; open it in Excel and save it as .xlsx or .csv"
        )
    if suffix in ICAL or data.lstrip(b"\xef\xbb\xbf \r\n").upper().startswith(b"BEGIN:VCALENDAR"):
        return "ical"
    if suffix in XLSX or data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix in CSV or suffix == "":
        return "csv"
    raise UsageError(f"{path}: budgettid imports .ics, .xlsx and .csv files; save it as one of those")


def read_source(path: Path, data: bytes, options: ImportOptions) -> Source:
    from . import sheet_in

    kind = kind_of(path, data)
    given = {"start": options.start, "end": options.end, "columns": options.columns,
             "sheet": options.sheet, "year": options.year, "delimiter": options.delimiter}  # fmt: skip
    applies = {
        "ical": {"start", "end"},
        "xlsx": {"columns", "sheet", "year"},
        "csv": {"columns", "year", "delimiter"},
    }
    wrong = tuple(k for k, v in given.items() if v is not None and k not in applies[kind])
    if wrong:
        raise OptionNotFor(wrong, path, kind)
    if kind == "ical":
        from .ical_in import Window, read

        return read(data, str(path), window=Window(options.start, options.end), zone=options.timezone)
    note = None
    if kind == "xlsx":
        tables = sheet_in.read_xlsx(data, str(path), options.sheet)
    else:
        tables, note = sheet_in.read_csv(data, str(path), options.delimiter)
    source = sheet_in.read(tables, str(path), columns=options.columns, year=options.year)
    if note is not None:
        source.notes.insert(0, note)
    return source


def import_file(
    path: Path, *, name: str, options: ImportOptions = ImportOptions(), lang: str = "da"
) -> ImportResult:
    """The calendar text of `path`, loaded and checked; comments and notes in `lang`."""
    from ..files import read_bytes
    from ..format.load import load_text
    from ..rules.engine import check_calendar
    from .write import render

    if options.timezone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(options.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(
                f"--timezone {options.timezone!r} is not an IANA time zone; write e.g. Europe/Copenhagen"
            ) from None
    data = read_bytes(path, "file")
    source = read_source(path, data, options)
    draft = build(
        source,
        Options(
            title=options.title,
            municipality=options.municipality,
            budget_years=options.budget_years,
            timezone=options.timezone,
        ),
    )
    text = render(draft, lang)
    try:
        cal = load_text(text, name)
    except CalendarInvalid as exc:
        return ImportResult(text, name, draft, None, list(exc.diagnostics))
    return ImportResult(text, name, draft, cal, check_calendar(cal))
