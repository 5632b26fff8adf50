"""A spreadsheet (.xlsx) or CSV → records: the timetable's rows, and the tables an export adds.

The header row is found by its words in Danish or English ("Dato", "Aktivitet", "Hvem",
"Date", "Title", ...) or given with `--columns`. Merged cells count for every row they
cover; blank rows are skipped; a row that names a phase ("Fase 1: ...") puts the rows
below it in that phase; a cell with a bullet list becomes one event per bullet. A row
that cannot be read is kept (its row number, its text and why) for the YAML's comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from ..errors import NoHeaderRow
from ..i18n import Message
from . import guess
from .columns import (
    FIELDS,
    SPLIT_LIST,
    blank,
    cell_text,
    find_header,
    header_words,
    norm,
    parse_columns,
    raw_text,
    role_words,
    section_words,
    split_list,
)
from .dates_in import Unreadable, When, read_time, read_when, years_in
from .records import Lost, Record, Source
from .sheet_files import Table, read_csv, read_xlsx

__all__ = ["FIELDS", "read", "read_csv", "read_xlsx"]

_BULLET = re.compile(r"^\s*[•\-*\u2022\u25aa\u25cf\uf0b7·–]\s+")
_SPLIT_WHO = re.compile(r"\s*(?:[,;/+&\n]|\bog\b|\band\b)\s*")
_DAYS = re.compile(r"(?<![\d/])\d{1,2}(?:-\d{1,2})?/\d{1,2}(?![\d/])")
_MIN_DAYS = re.compile(r"^(\S+)\s*\((?:mindst|min\.?|at least)?\s*(\d+)\s*\w*\)$")  # "oeu-1 (mindst 7 dage)"


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
        self.source.lost.append(Lost(where, raw_text(row), reason))

    def when(self, value: Any, where: Message) -> tuple[When, Message | None]:
        """A date cell, with the year decided for dates written without one."""
        hint = self.hint if self.hint is not None else date.today().year
        when = read_when(value, hint)
        why = None
        if not when.year_given:
            if self.hint is None:
                raise Unreadable(Message("import.date.no_year", {"value": cell_text(value)}))
            if self.prev is not None and (self.prev - when.first).days > 60:
                when = read_when(value, hint + 1)  # a timetable runs forward: January after December
            why = Message("import.why.year", {"value": cell_text(value), "year": when.first.year})
        if when.week is not None:
            why = Message("import.why.week", {"week": when.week[1], "year": when.week[0]})
        if when.serial and isinstance(value, str):
            why = Message("import.why.serial", {"value": value})
        self.hint, self.prev = when.first.year, when.first
        return when, why

    def events(self, table: Table, start: int, columns: dict[str, int], many: bool) -> None:
        phase: str | None = None
        for number, row in table.rows[start:]:
            if all(blank(v) for v in row):
                continue
            cell = {f: (row[i] if i < len(row) else None) for f, i in columns.items()}
            where = self.where(table, number, many)
            texts = [cell_text(v) for v in row if not blank(v)]
            if len(texts) == 1 and guess.is_phase_heading(texts[0]):
                phase = texts[0]  # "Fase 2: ...", in whichever column (often merged across)
                continue
            if len(texts) == 1 and norm(texts[0]) in self.sections:
                return  # the next table of a CSV export
            if blank(cell.get("date")):
                cell["date"], cell["end"] = cell.get("end"), None
            if blank(cell.get("date")):
                self.lose(where, row, Message("import.lost.no_date", {}))
                continue
            title = cell_text(cell.get("title"))
            if not title:
                self.lose(where, row, Message("import.lost.no_title", {}))
                continue
            try:
                when, why_when = self.when(cell["date"], where)
                if not blank(cell.get("end")):
                    end, _ = read_when(cell["end"], when.start.first.year), None
                    when = When(when.start, end.end or end.start, when.time, when.end_time, when.year_given)
                if not blank(cell.get("time")):
                    at, until = read_time(cell["time"])
                    when = When(when.start, when.end, at, until or when.end_time, when.year_given)
                if not blank(cell.get("end_time")):
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
            value = cell_text(cell.get(field))
            return value or None

        def items(field: str, pattern: re.Pattern[str] = SPLIT_LIST) -> list[str]:
            value = cell_text(cell.get(field))
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
            notes=cell_text(cell.get("notes")).replace("\r\n", "\n") or None,
            location=text("location"),
            url=text("url"),
            tags=items("tags"),
            reminders=items("reminders"),
            after=relations("after"),
            before=relations("before"),
            opened_by=text("opened_by"),
            feeds=items("feeds"),
            accept=_accepts(items("accept")),
        )


def _accepts(items: list[str]) -> dict[str, str]:
    """'BT301: byrådet valgte lørdagen' → {'BT301': 'byrådet valgte lørdagen'} (export's words)."""
    pairs = (item.split(":", 1) for item in items if ":" in item)
    return {code.strip(): why.strip() for code, why in pairs}


def _table_rows(table: Table, start: int) -> list[list[Any]]:
    out: list[list[Any]] = []
    for _, row in table.rows[start:]:
        if all(blank(v) for v in row):
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
        kind = sections.get(norm(table.name))
        if kind is None or kind == "events":
            # A sheet of its own, or a CSV export that holds every table, each under a row with
            # its section's name. export holds every table, each under a row with its section's name.
            marks = [
                (i, sections[norm(r[0])])
                for i, (_, r) in enumerate(table.rows)
                if r and not blank(r[0]) and all(blank(v) for v in r[1:]) and norm(r[0]) in sections
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
    head = [words.get(norm(c), norm(c)) for c in rows[0]]
    src = reader.source
    src.own = True
    for row in rows[1:]:
        values = {h: cell_text(v) for h, v in zip(head, row, strict=False) if not blank(v)}
        if kind == "bodies" and values.get("id"):
            role = values.get("role", "other")
            src.bodies[values["id"]] = {
                "name": values.get("name") or values.get("title") or values["id"],
                "role": role_words().get(role.casefold(), role),
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
                    "description": values.get("notes"),
                }
            )
        elif kind == "process" and len(row) >= 2 and not blank(row[0]):
            key, value = cell_text(row[0]), row[1]
            if key in ("rules.disable", "rules.closed_days"):
                src.process[key] = split_list(cell_text(value))
            elif key == "rules.min_reading_gap_days" and not blank(value):
                src.process[key] = int(float(cell_text(value)))
            elif not blank(value):
                src.process[key] = cell_text(value)


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
                if (mapping := find_header(row)) is not None:
                    head_at = i
                    break
        if mapping is None:
            continue
        found += 1
        first = start + (head_at + 1 if head_at is not None else 0)
        if fixed is not None and rows and find_header(rows[0][1]) is not None:
            first += 1  # --columns, and the sheet has a header row all the same
        for _, row in table.rows[start : first - (1 if head_at is not None else 0)]:
            if not all(blank(v) for v in row):
                reader.source.context.append(raw_text(row))
        reader.events(table, first, mapping, many)
    if not found:
        raise NoHeaderRow(name)
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
