"""A spreadsheet (.xlsx) or CSV → records: the timetable's rows, and the tables an export adds.

The header row is found by its words in Danish or English ("Dato", "Aktivitet", "Hvem",
"Date", "Title", ...) or given with `--columns`. Merged cells count for every row they
cover; blank rows are skipped; a row that names a phase ("Fase 1: ...") puts the rows
below it in that phase; a cell with a bullet list becomes one event per bullet. A row
that cannot be read is kept (its row number, its text and why) for the YAML's comments.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ..errors import UsageError
from ..i18n import Message, catalogue
from . import guess
from .dates_in import Unreadable, When, read_time, read_when, years_in
from .records import Lost, Record, Source

FIELDS = (
    "id",
    "title",
    "kind",
    "date",
    "end",
    "time",
    "end_time",
    "who",
    "phase",
    "step",
    "location",
    "notes",
    "url",
    "tags",
    "reminders",
    "after",
    "before",
    "opened_by",
    "feeds",
)
# Header words people write, beyond the words `export` writes (the catalogue's export.col.*).
_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "nøgle", "key"),
    "title": (
        "aktivitet",
        "aktiviteter",
        "titel",
        "emne",
        "hvad",
        "punkt",
        "overskrift",
        "begivenhed",
        "activity",
        "title",
        "subject",
        "summary",
        "what",
        "item",
        "event",
    ),
    "kind": ("type", "art", "slags", "kind"),
    "date": (
        "dato",
        "datoer",
        "date",
        "dag",
        "day",
        "hvornår",
        "when",
        "start",
        "startdato",
        "start date",
        "fra",
        "from",
        "begin",
        "frist",
    ),
    "end": ("slut", "slutdato", "til", "end", "end date", "to", "until", "sidste dag"),
    "time": ("tidspunkt", "tid", "kl", "klokken", "time", "start time", "starttid", "mødetid"),
    "end_time": ("sluttid", "sluttidspunkt", "end time", "til kl"),
    "who": (
        "hvem",
        "udvalg",
        "organ",
        "organer",
        "ansvarlig",
        "deltagere",
        "who",
        "body",
        "bodies",
        "committee",
        "responsible",
        "forum",
    ),
    "phase": ("fase", "phase"),
    "step": ("trin", "step"),
    "location": ("sted", "lokale", "lokation", "location", "place", "venue"),
    "notes": (
        "noter",
        "note",
        "bemærkninger",
        "bemærkning",
        "kommentar",
        "kommentarer",
        "beskrivelse",
        "notes",
        "comments",
        "comment",
        "description",
    ),
    "url": ("link", "url", "materiale", "material"),
    "tags": ("mærker", "tags", "emneord"),
    "reminders": ("påmindelser", "påmindelse", "reminders"),
    "after": ("efter", "after"),
    "before": ("før", "before"),
    "opened_by": ("åbnet af", "opened by"),
    "feeds": ("indgår i", "feeds"),
}
SECTIONS = ("events", "bodies", "phases", "process")
_BULLET = re.compile(r"^\s*[•\-*\u2022\u25aa\u25cf\uf0b7·–]\s+")
_SPLIT_WHO = re.compile(r"\s*(?:[,;/+&\n]|\bog\b|\band\b)\s*")
_SPLIT_LIST = re.compile(r"\s*[,;\n]\s*")
_DAYS = re.compile(r"(?<![\d/])\d{1,2}(?:-\d{1,2})?/\d{1,2}(?![\d/])")
_MIN_DAYS = re.compile(r"^(\S+)\s*\((?:mindst|min\.?|at least)?\s*(\d+)\s*\w*\)$")  # "oeu-1 (mindst 7 dage)"


_ITEM = re.compile(r'\s*"((?:[^"]|"")*)"\s*(?:[,;\n]|$)')


def split_list(value: str, pattern: re.Pattern[str] = _SPLIT_LIST) -> list[str]:
    """'a, b; "c, d"' → ['a', 'b', 'c, d']: an item in double quotes may hold the separators."""
    out: list[str] = []
    rest = value.strip()
    while rest:
        if m := _ITEM.match(rest):
            out.append(m.group(1).replace('""', '"'))
            rest = rest[m.end() :].strip()
            continue
        head, *tail = pattern.split(rest, maxsplit=1)
        if head.strip():
            out.append(head.strip())
        rest = tail[0].strip() if tail else ""
    return out


def join_list(items: Iterable[str]) -> str:
    """The way back: items joined by ', ', quoted when they hold a separator or a quote."""
    return ", ".join(f'"{i.replace(chr(34), chr(34) * 2)}"' if re.search(r'[,;\n"]', i) else i for i in items)


def _norm(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().strip(":.").casefold()


def header_words() -> dict[str, str]:
    """Header word (casefolded) → field, in both languages."""
    out: dict[str, str] = {}
    for lang in ("da", "en"):
        for key, word in catalogue(lang).items():
            if key.startswith("export.col."):
                out[_norm(word)] = key[len("export.col.") :]
    for name, words in _HEADERS.items():
        for word in words:
            out.setdefault(word, name)
    return out


def section_words() -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in ("da", "en"):
        for name in SECTIONS:
            out[_norm(catalogue(lang)[f"export.section.{name}"])] = name
    return out


@dataclass
class Table:
    """Rows of one sheet (or one CSV), each with its row number as the program shows it."""

    name: str
    rows: list[tuple[int, list[Any]]]


# --- reading files ----------------------------------------------------------------------------


def read_xlsx(data: bytes, name: str, sheet: str | None) -> list[Table]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UsageError(
            f"{name} cannot be read as an Excel workbook (.xlsx): {exc}; save it as .xlsx or .csv"
        ) from None
    sheets = book.worksheets
    if sheet is not None:
        sheets = [s for s in sheets if s.title == sheet]
        if not sheets:
            names = ", ".join(s.title for s in book.worksheets)
            raise UsageError(f"{name} has no sheet {sheet!r}; its sheets: {names}")
    tables = []
    for ws in sheets:
        grid = [list(row) for row in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            # The top-left cell holds the value; it counts for every row of the merge (a date
            # written once for three rows), in the merge's first column only.
            value = ws.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, merged.max_row + 1):
                if r - 1 < len(grid) and merged.min_col - 1 < len(grid[r - 1]):
                    grid[r - 1][merged.min_col - 1] = value
        tables.append(Table(ws.title, [(i + 1, row) for i, row in enumerate(grid)]))
    return tables


def decode_csv(data: bytes, name: str) -> tuple[str, Message | None]:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes CSV in Denmark."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), Message("import.note.cp1252", {"file": name})


def read_csv(data: bytes, name: str, delimiter: str | None) -> tuple[list[Table], Message | None]:
    text, note = decode_csv(data, name)
    if delimiter is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = max(";,\t", key=first.count)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for n, row in enumerate(reader, 1):
        rows.append((n, list(row)))
    return [Table(name, rows)], note


# --- tables → records ------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def _raw(row: Sequence[Any]) -> str:
    return "; ".join(_text(v) for v in row if not _blank(v))


def parse_columns(spec: str) -> dict[str, int]:
    """--columns: 'dato,aktivitet,hvem' (in order, '-' skips one) or 'A=date,C=title,4=who'."""
    words = header_words()
    out: dict[str, int] = {}
    for n, item in enumerate(spec.split(",")):
        item = item.strip()
        if not item or item == "-":
            continue
        where, _, what = item.rpartition("=")
        if where:
            where = where.strip()
            if where.isdigit():
                index = int(where) - 1
            elif re.fullmatch(r"[A-Za-z]{1,2}", where):
                index = 0
                for ch in where.upper():
                    index = index * 26 + ord(ch) - 64
                index -= 1
            else:
                raise UsageError(f"--columns: {where!r} is not a column; write a letter (A) or a number (1)")
        else:
            index = n
        field = what.strip() if what.strip() in FIELDS else words.get(_norm(what))
        if field not in FIELDS:
            known = ", ".join(FIELDS)
            raise UsageError(
                f"--columns: {what.strip()!r} is not a column name; use one of {known} "
                "(or Danish: dato, aktivitet, hvem, ...)"
            )
        out[field] = index
    if "date" not in out or "title" not in out:
        raise UsageError(
            "--columns must name at least the date and the title columns, e.g. --columns dato,aktivitet,hvem"
        )
    return out


def _header(row: Sequence[Any]) -> dict[str, int] | None:
    words = header_words()
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        field = words.get(_norm(cell)) if isinstance(cell, str) else None
        if field in FIELDS and field not in found:
            found[field] = i
    if "title" in found and ("date" in found or "end" in found):
        if "date" not in found:  # "Start"/"Slut" both read as dates: the first is the date
            found["date"] = found.pop("end")
        return found
    return None


class _Reader:
    def __init__(self, name: str, year: int | None, lang_words: dict[str, str]) -> None:
        self.name = name
        self.year = year
        self.hint: int | None = year
        self.prev: date | None = None
        self.sections = lang_words
        self.source = Source(name)

    def where(self, table: Table, row: int, many: bool) -> Message:
        if many:
            return Message("import.where.sheet_row", {"sheet": table.name, "row": row})
        return Message("import.where.row", {"row": row})

    def lose(self, where: Message, row: Sequence[Any], reason: Message) -> None:
        self.source.lost.append(Lost(where, _raw(row), reason))

    def when(self, value: Any, where: Message) -> tuple[When, Message | None]:
        """A date cell, with the year decided for dates written without one."""
        hint = self.hint if self.hint is not None else date.today().year
        when = read_when(value, hint)
        why = None
        if not when.year_given:
            if self.hint is None:
                raise Unreadable(Message("import.date.no_year", {"value": _text(value)}))
            if self.prev is not None and (self.prev - when.first).days > 60:
                when = read_when(value, hint + 1)  # a timetable runs forward: January after December
            why = Message("import.why.year", {"value": _text(value), "year": when.first.year})
        if when.week is not None:
            why = Message("import.why.week", {"week": when.week[1], "year": when.week[0]})
        if when.serial and isinstance(value, str):
            why = Message("import.why.serial", {"value": value})
        self.hint, self.prev = when.first.year, when.first
        return when, why

    def events(self, table: Table, start: int, columns: dict[str, int], many: bool) -> None:
        phase: str | None = None
        for number, row in table.rows[start:]:
            if all(_blank(v) for v in row):
                continue
            cell = {f: (row[i] if i < len(row) else None) for f, i in columns.items()}
            where = self.where(table, number, many)
            texts = [_text(v) for v in row if not _blank(v)]
            if len(texts) == 1 and guess.is_phase_heading(texts[0]):
                phase = texts[0]  # "Fase 2: ...", in whichever column (often merged across)
                continue
            if len(texts) == 1 and _norm(texts[0]) in self.sections:
                return  # the next table of a CSV export
            if _blank(cell.get("date")):
                cell["date"], cell["end"] = cell.get("end"), None
            if _blank(cell.get("date")):
                self.lose(where, row, Message("import.lost.no_date", {}))
                continue
            title = _text(cell.get("title"))
            if not title:
                self.lose(where, row, Message("import.lost.no_title", {}))
                continue
            try:
                when, why_when = self.when(cell["date"], where)
                if not _blank(cell.get("end")):
                    end, _ = read_when(cell["end"], when.start.first.year), None
                    when = When(when.start, end.end or end.start, when.time, when.end_time, when.year_given)
                if not _blank(cell.get("time")):
                    at, until = read_time(cell["time"])
                    when = When(when.start, when.end, at, until or when.end_time, when.year_given)
                if not _blank(cell.get("end_time")):
                    when = When(
                        when.start, when.end, when.time, read_time(cell["end_time"])[0], when.year_given
                    )
            except Unreadable as exc:
                self.lose(where, row, exc.message)
                continue
            for rec in self.records(title, when, cell, where, phase):
                if why_when is not None:
                    rec.why["when"] = why_when
                self.source.records.append(rec)

    def records(
        self, title: str, when: When, cell: dict[str, Any], where: Message, phase: str | None
    ) -> Iterable[Record]:
        lines = [line.strip() for line in title.splitlines() if line.strip()]
        bullets = [_BULLET.sub("", line) for line in lines if _BULLET.match(line)]
        if len(bullets) < 2:
            yield self.record(" ".join(lines), when, cell, where, phase)
            return
        lead = " ".join(line for line in lines if not _BULLET.match(line)).rstrip(": ")
        for n, bullet in enumerate(bullets, 1):
            rec = self.record(f"{lead}: {bullet}" if lead else bullet, when, cell, where, phase)
            rec.head.append(Message("import.note.bullet", {"n": n, "of": len(bullets)}))
            yield rec

    def record(
        self, title: str, when: When, cell: dict[str, Any], where: Message, phase: str | None
    ) -> Record:
        def text(field: str) -> str | None:
            value = _text(cell.get(field))
            return value or None

        def items(field: str, pattern: re.Pattern[str] = _SPLIT_LIST) -> list[str]:
            value = _text(cell.get(field))
            return split_list(value, pattern) if value else []

        def relations(field: str) -> list[Any]:
            out: list[Any] = []
            for item in items(field):
                m = _MIN_DAYS.match(item)
                out.append({"event": m.group(1), "min_days": int(m.group(2))} if m else item)
            return out

        who = items("who", _SPLIT_WHO) if not self.source.bodies else items("who")
        head = []
        if not when.start.exact and (days := _DAYS.findall(title)):
            head.append(Message("import.note.days_in_title", {"days": ", ".join(dict.fromkeys(days))}))
        return Record(
            head=head,
            where=where,
            title=title,
            when=when,
            kind=text("kind"),
            who=who,
            phase=text("phase") or phase,
            step=text("step"),
            id=text("id"),
            notes=_text(cell.get("notes")).replace("\r\n", "\n") or None,
            location=text("location"),
            url=text("url"),
            tags=items("tags"),
            reminders=items("reminders"),
            after=relations("after"),
            before=relations("before"),
            opened_by=text("opened_by"),
            feeds=items("feeds"),
        )


def _table_rows(table: Table, start: int) -> list[list[Any]]:
    out: list[list[Any]] = []
    for _, row in table.rows[start:]:
        if all(_blank(v) for v in row):
            if out:
                break
            continue
        out.append(row)
    return out


def _own_tables(reader: _Reader, tables: list[Table]) -> list[tuple[Table, int]]:
    """Read an export's bodies, phases and process tables; the rest are timetables (table, start row)."""
    sections = section_words()
    timetables: list[tuple[Table, int]] = []
    for table in tables:
        kind = sections.get(_norm(table.name))
        if kind is None or kind == "events":
            # A sheet of its own, or a CSV export that holds every table, each under a row with
            # its section's name. export holds every table, each under a row with its section's name.
            marks = [
                (i, sections[_norm(r[0])])
                for i, (_, r) in enumerate(table.rows)
                if r and not _blank(r[0]) and all(_blank(v) for v in r[1:]) and _norm(r[0]) in sections
            ]
            if not marks:
                timetables.append((table, 0))
                continue
            if marks[0][0] > 0:
                timetables.append((table, 0))
            for i, name in marks:
                if name == "events":
                    timetables.append((table, i + 1))
                else:
                    _section(reader, name, _table_rows(table, i + 1))
            continue
        _section(reader, kind, _table_rows(table, 0))
    return timetables


def _section(reader: _Reader, kind: str, rows: list[list[Any]]) -> None:
    if not rows:
        return
    words = header_words()
    head = [words.get(_norm(c), _norm(c)) for c in rows[0]]
    src = reader.source
    src.own = True
    for row in rows[1:]:
        values = {h: _text(v) for h, v in zip(head, row, strict=False) if not _blank(v)}
        if kind == "bodies" and values.get("id"):
            role = values.get("role", "other")
            src.bodies[values["id"]] = {
                "name": values.get("name") or values.get("title") or values["id"],
                "role": _role_words().get(role.casefold(), role),
                "short": values.get("short"),
            }
        elif kind == "phases" and values.get("id"):
            src.phases.append(
                {
                    "id": values["id"],
                    "title": values.get("title"),
                    "start": values.get("date"),
                    "end": values.get("end"),
                    "color": values.get("color"),
                }
            )
        elif kind == "process" and len(row) >= 2 and not _blank(row[0]):
            key, value = _text(row[0]), row[1]
            if key in ("rules.disable", "rules.closed_days"):
                src.process[key] = split_list(_text(value))
            elif key == "rules.min_reading_gap_days" and not _blank(value):
                src.process[key] = int(float(_text(value)))
            elif not _blank(value):
                src.process[key] = _text(value)


def _role_words() -> dict[str, str]:
    """A role's word in either language (casefolded) → the role."""
    out: dict[str, str] = {}
    for lang in ("da", "en"):
        for key, value in catalogue(lang).items():
            if key.startswith("export.role."):
                out[str(value).casefold()] = key[len("export.role.") :]
                out[key[len("export.role.") :]] = key[len("export.role.") :]
    return out


def read(
    tables: list[Table],
    name: str,
    *,
    columns: str | None = None,
    year: int | None = None,
) -> Source:
    """Every table's records; raises UsageError when no table has a header row it can read."""
    reader = _Reader(name, year, section_words())
    timetables = _own_tables(reader, tables)
    reader.source.records, found = [], 0
    many = len(tables) > 1
    if year is None:
        reader.hint = _first_year(timetables)
    fixed = parse_columns(columns) if columns else None
    for table, start in timetables:
        rows = table.rows[start:]
        head_at = None
        mapping = fixed
        if fixed is None:
            for i, (_, row) in enumerate(rows[:20]):
                if (mapping := _header(row)) is not None:
                    head_at = i
                    break
        if mapping is None:
            continue
        found += 1
        first = start + (head_at + 1 if head_at is not None else 0)
        if fixed is not None and rows and _header(rows[0][1]) is not None:
            first += 1  # --columns, and the sheet has a header row all the same
        for _, row in table.rows[start : first - (1 if head_at is not None else 0)]:
            if not all(_blank(v) for v in row):
                reader.source.context.append(_raw(row))
        reader.events(table, first, mapping, many)
    if not found:
        raise UsageError(
            f"{name}: no header row with a date and a title column was found; name the columns "
            "with --columns, e.g. --columns dato,aktivitet,hvem (or A=date,C=title)"
        )
    return reader.source


def _first_year(timetables: list[tuple[Table, int]]) -> int | None:
    """The first year written in any cell: where dates without a year start."""
    for table, start in timetables:
        for _, row in table.rows[start:]:
            for value in row:
                if isinstance(value, (date, datetime)):
                    return value.year
                if isinstance(value, str) and (years := years_in(value)):
                    found = guess.budget_years(value)
                    return int(found[0][:4]) - 1 if found else years[0]
    return None
