"""The words of a timetable's columns and sections, in Danish and English, and lists in a cell.

Shared by the reader (`sheet_in`) and the writer (`sheet_out`): a header the exporter writes is
one the importer recognises, and a list it joins is one it splits back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from ..errors import UsageError
from ..i18n import catalogue

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
    "accept",
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
    "accept": ("accepteret", "accepterede fund", "accepted", "accept"),
}
SECTIONS = ("events", "bodies", "phases", "process")
SPLIT_LIST = re.compile(r"\s*[,;\n]\s*")
_ITEM = re.compile(r'\s*"((?:[^"]|"")*)"\s*(?:[,;\n]|$)')


def split_list(value: str, pattern: re.Pattern[str] = SPLIT_LIST) -> list[str]:
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


def norm(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().strip(":.").casefold()


def header_words() -> dict[str, str]:
    """Header word (casefolded) → field, in both languages."""
    out: dict[str, str] = {}
    for lang in ("da", "en"):
        for key, word in catalogue(lang).items():
            if key.startswith("export.col."):
                out[norm(word)] = key[len("export.col.") :]
    for name, words in _HEADERS.items():
        for word in words:
            out.setdefault(word, name)
    return out


def section_words() -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in ("da", "en"):
        for name in SECTIONS:
            out[norm(catalogue(lang)[f"export.section.{name}"])] = name
    return out


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
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


def raw_text(row: Sequence[Any]) -> str:
    return "; ".join(cell_text(v) for v in row if not blank(v))


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
                raise UsageError(f"columns: {where!r} is not a column; write a letter (A) or a number (1)")
        else:
            index = n
        field = what.strip() if what.strip() in FIELDS else words.get(norm(what))
        if field not in FIELDS:
            known = ", ".join(FIELDS)
            raise UsageError(
                f"columns: {what.strip()!r} is not a column name; use one of {known} "
                "(or Danish: dato, aktivitet, hvem, ...)"
            )
        out[field] = index
    if "date" not in out or "title" not in out:
        raise UsageError(
            "columns must name at least the date and the title columns, e.g. dato,aktivitet,hvem"
        )
    return out


def find_header(row: Sequence[Any]) -> dict[str, int] | None:
    words = header_words()
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        field = words.get(norm(cell)) if isinstance(cell, str) else None
        if field in FIELDS and field not in found:
            found[field] = i
    if "title" in found and ("date" in found or "end" in found):
        if "date" not in found:  # "Start"/"Slut" both read as dates: the first is the date
            found["date"] = found.pop("end")
        return found
    return None


def role_words() -> dict[str, str]:
    """A role's word in either language (casefolded) → the role."""
    out: dict[str, str] = {}
    for lang in ("da", "en"):
        for key, value in catalogue(lang).items():
            if key.startswith("export.role."):
                out[str(value).casefold()] = key[len("export.role.") :]
                out[key[len("export.role.") :]] = key[len("export.role.") :]
    return out
