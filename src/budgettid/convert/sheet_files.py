"""Reading a workbook (.xlsx, with openpyxl) or a CSV file into tables of rows with their numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..i18n import Message


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
