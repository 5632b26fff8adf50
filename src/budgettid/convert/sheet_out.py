"""A calendar → a spreadsheet (.xlsx) or CSV that `import` reads back to the same calendar.

The timetable comes first, one row per event in the file's order (id, title, kind, date or
start, end, times, bodies, phase, step, and the rest), then the tables that make it a whole
calendar again: the bodies, the phases and the process. In an .xlsx each table is a sheet;
a CSV holds them one under the other, each under a row with its name. Days are real Excel
dates in an .xlsx and ISO dates (2023-09-19) in a CSV; a month or quarter is written as the
format writes it (2023-04, 2023-Q1). Headers and kinds are in Danish or English.
"""

from __future__ import annotations

import csv
import io
from dataclasses import fields as dc_fields
from typing import Any

from ..format.model import Calendar, Event, Rules
from ..format.values import FuzzyDate, format_duration
from ..i18n import t
from .columns import FIELDS, join_list


def _day(value: FuzzyDate | None, excel: bool) -> Any:
    if value is None:
        return None
    return value.first if excel and value.exact else value.text


def _relations(items: list[Any], lang: str) -> str:
    out = []
    for c in items:
        out.append(f"{c.event} ({t(lang, 'export.min_days', n=c.min_days)})" if c.min_days else c.event)
    return ", ".join(out)


def _names(cal: Calendar) -> tuple[dict[str, str], dict[str, str]]:
    """How bodies and phases are written in the timetable: by name or title when those are unique."""
    names = [b.name for b in cal.bodies.values()]
    bodies = {
        k: b.name if names.count(b.name) == 1 and "," not in b.name and b.name not in cal.bodies else k
        for k, b in cal.bodies.items()
    }
    titles = [p.title for p in cal.phases]
    phase_ids = {p.id for p in cal.phases}
    phases = {
        p.id: p.title if titles.count(p.title) == 1 and p.title not in phase_ids else p.id for p in cal.phases
    }
    return bodies, phases


def event_row(
    e: Event, cal: Calendar, lang: str, excel: bool, names: tuple[dict[str, str], dict[str, str]]
) -> list[Any]:
    bodies, phases = names
    values: dict[str, Any] = {
        "id": e.id,
        "title": e.title,
        "kind": t(lang, f"kind.{e.kind}"),
        "date": _day(e.date or e.start, excel),
        "end": _day(e.end, excel),
        "time": (e.time if excel else e.time.strftime("%H:%M")) if e.time else None,
        "end_time": (e.end_time if excel else e.end_time.strftime("%H:%M")) if e.end_time else None,
        "who": ", ".join(bodies[b] for b in e.bodies),
        "phase": phases.get(e.phase, e.phase) if e.phase else None,
        "step": t(lang, f"step.{e.step}") if e.step else None,
        "location": e.location,
        "notes": e.notes,
        "url": e.url,
        "tags": join_list(e.tags),
        "reminders": ", ".join(format_duration(r) for r in e.reminders),
        "after": _relations(e.after, lang),
        "before": _relations(e.before, lang),
        "opened_by": e.opened_by,
        "feeds": ", ".join(e.feeds),
        "accept": join_list(f"{code}: {why}" for code, why in e.accept.items()),
    }
    return [values[f] if values[f] != "" else None for f in FIELDS]


def tables(cal: Calendar, lang: str, excel: bool) -> list[tuple[str, list[list[Any]]]]:
    """(section name, rows with the header first) for each table."""
    names = _names(cal)

    def col(name: str) -> str:
        return t(lang, f"export.col.{name}")

    events = [[col(f) for f in FIELDS]] + [event_row(e, cal, lang, excel, names) for e in cal.events]
    bodies = [[col("id"), col("name"), col("role"), col("short")]] + [
        [k, b.name, t(lang, f"export.role.{b.role}"), b.short] for k, b in cal.bodies.items()
    ]
    # A phase's description goes under the notes' header: "Beskrivelse" already means an
    # event's notes to the importer.
    phases = [[col("id"), col("title"), col("date"), col("end"), col("color"), col("notes")]] + [
        [p.id, p.title, _day(p.start, excel), _day(p.end, excel), p.color, p.description] for p in cal.phases
    ]
    process = [[col("field"), col("value")], *_process_rows(cal)]
    return [
        (t(lang, "export.section.events"), events),
        (t(lang, "export.section.bodies"), bodies),
        (t(lang, "export.section.phases"), phases),
        (t(lang, "export.section.process"), process),
    ]


def _process_rows(cal: Calendar) -> list[list[Any]]:
    p = cal.process
    rows: list[list[Any]] = []
    keys = ("id", "title", "municipality", "budget_years", "timezone", "language", "contact", "source")
    for key in (*keys, "description", "accessibility_statement"):
        value = getattr(p, key)
        if value is not None:
            rows.append([key, value])
    default = Rules()
    for f in dc_fields(Rules):
        value = getattr(p.rules, f.name)
        if value != getattr(default, f.name):
            rows.append([f"rules.{f.name}", ", ".join(value) if isinstance(value, list) else value])
    return rows


def xlsx_bytes(cal: Calendar, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for name, rows in tables(cal, lang, excel=True):
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for column in ws.iter_cols(min_row=2):
            for cell in column:
                if hasattr(cell.value, "year"):
                    cell.number_format = "yyyy-mm-dd"
                elif hasattr(cell.value, "minute"):
                    cell.number_format = "hh:mm"
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column in ws.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return _stable_zip(out.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The workbook with fixed times inside: the same calendar gives the same bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                body = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def csv_bytes(cal: Calendar, lang: str, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    """Every table one under the other, each under its name; `;` and a BOM, as Danish Excel opens."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for n, (name, rows) in enumerate(tables(cal, lang, excel=False)):
        if n:
            writer.writerow([])
        writer.writerow([name])
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode(encoding)
