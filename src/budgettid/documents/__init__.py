"""The council's process note ("Budgetprocessen 2024-31") as Word and PDF, from the calendar.

`content.build` says what the note says, once; `docx.render` and `pdf.render` lay it out, so
the two documents cannot say different things. python-docx, WeasyPrint and resvg-py are the
optional extra `budgettid[doc]`, imported only when a document is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import NotADocument, TemplateNotForPdf
from ..format.model import Calendar

FORMATS = (".docx", ".pdf")


def default_name(cal: Calendar, suffix: str = ".docx") -> str:
    """'Budgetprocessen 2024-31' -> 'budgetprocessen_2024-31.docx'."""
    stem = re.sub(r"[^\w-]+", "_", cal.process.title.casefold()).strip("_") or cal.process.id
    return stem + suffix


def render(cal: Calendar, suffix: str, lang: str, template: Path | None = None) -> bytes:
    """The note as the bytes of a .docx or a .pdf file."""
    from . import content

    suffix = suffix.lower()
    if suffix not in FORMATS:
        raise NotADocument(suffix)
    if template is not None and suffix != ".docx":
        raise TemplateNotForPdf(template)
    note = content.build(cal, lang, file_name=Path(cal.file).name)
    if suffix == ".docx":
        from . import docx

        return docx.render(note, template)
    from . import pdf

    return pdf.render(note)


def write(cal: Calendar, path: Path, lang: str, template: Path | None = None) -> Path:
    """Write the note to `path` (its suffix picks Word or PDF) in one step; return the path."""
    from ..files import write_atomic

    data = render(cal, path.suffix, lang, template)
    inputs = [Path(cal.file)] + ([template] if template else [])
    return write_atomic(path, data, inputs=inputs)


__all__ = ["FORMATS", "default_name", "render", "write"]
