"""The process note as PDF: the same content laid out in HTML and CSS, printed by WeasyPrint.

WeasyPrint is a registry package (it uses the system's Pango for text) that reads CSS paged
media: A4, page numbers from CSS counters, the table's header row repeated on each page and
no row split across pages come from the stylesheet, not from code. It writes a tagged
PDF/UA-1 file with the document's language, title and the wheel's alt text, which a screen
reader needs.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from ..errors import MissingPackage
from . import picture
from .content import Note

INSTALL = picture.INSTALL


def html(note: Note, png: bytes) -> str:
    """The note as one HTML page, its picture inline."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("budgettid.documents", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    page = re.split(r"(\{page\}|\{pages\})", note.words["page"])
    counter = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    css_page = " ".join(counter.get(p) or _css_string(p) for p in page if p)
    return env.get_template("note.html").render(
        note=note,
        w=note.words,
        css_page=css_page,
        wheel_src="data:image/png;base64," + base64.b64encode(png).decode("ascii"),
    )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(note: Note) -> bytes:
    """The PDF file's bytes."""
    weasy = _weasyprint()
    page = html(note, picture.png(note.wheel_svg))
    document = weasy.HTML(string=page, base_url=None)
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)  # type: ignore[no-any-return]


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError:
        raise MissingPackage(f"budgettid doc writes PDF with WeasyPrint, not installed: {INSTALL}") from None
    except OSError as exc:  # the package is there, the Pango library under it is not
        raise MissingPackage(
            f"WeasyPrint cannot load Pango ({exc}); install it, e.g. on Debian or Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None
    return weasyprint
