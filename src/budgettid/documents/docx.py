"""The process note as a Word document (python-docx), in Word's own styles.

Headings are Heading 1 and 2, the title Title, the figure text Caption and the tables a
table style, so a municipality's template (`--template`) restyles everything. The
timetable's header row repeats on every page and no row breaks across pages; the wheel has
alt text; the document's language is set in the styles and the properties; the footer
numbers the pages ("Side 3 af 7") unless the template has a footer of its own.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import FileProblem, MissingPackage
from . import picture
from .content import Group, Note

INSTALL = picture.INSTALL
# A4 with 2.5 cm margins leaves 16 cm: Nr. | Dato | Aktivitet | Hvem.
COLUMNS_CM = (1.2, 3.6, 7.7, 3.5)
DEADLINE_COLUMNS_CM = (4.2, 3.3, 3.8, 4.7)
TABLE_STYLES = ("Light List Accent 1", "Table Grid")
GROUP_SHADE = "E7ECF1"


def render(note: Note, template: Path | None = None) -> bytes:
    """The .docx file's bytes."""
    try:
        from docx.shared import Cm, Pt
    except ImportError:
        raise MissingPackage(
            f"budgettid doc writes Word with python-docx, not installed: {INSTALL}"
        ) from None
    doc = _open(template)
    _language(doc, note.words["lang_tag"])
    if template is None:
        normal = doc.styles["Normal"].font  # python-docx's own template writes in Cambria
        normal.name, normal.size = "Calibri", Pt(11)
        for section in doc.sections:  # and on US Letter
            section.page_width, section.page_height = Cm(21.0), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2.5)
            section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    _footer(doc, note.words["page"])
    _properties(doc, note)
    w = note.words

    doc.add_paragraph(note.title, style=_style(doc, "Title"))
    sub = " · ".join(p for p in (note.municipality, note.subtitle) if p)
    doc.add_paragraph(sub, style=_style(doc, "Subtitle"))

    _heading(doc, w["intro"], 1)
    for text in note.intro:
        doc.add_paragraph(text)

    _heading(doc, w["phases"], 1)
    if not note.phases:
        doc.add_paragraph(w["phases_none"])
    for phase in note.phases:
        _heading(doc, phase.title, 2)
        span = doc.add_paragraph()
        span.add_run(w["phase_span"].format(span=phase.span)).italic = True
        span.paragraph_format.keep_with_next = True  # the heading, its dates and its text together
        for text in phase.paragraphs:
            doc.add_paragraph(text)

    _heading(doc, w["wheel"], 1)
    width = Cm(16)
    shape = doc.add_picture(io.BytesIO(picture.png(note.wheel_svg)), width=width)
    shape._inline.docPr.set("descr", note.wheel_alt)  # the alt text Word and screen readers show
    shape._inline.docPr.set("title", w["wheel"])
    doc.add_paragraph(note.wheel_caption, style=_style(doc, "Caption"))

    _heading(doc, w["hearings"], 1)
    doc.add_paragraph(w["replies_to"].format(contact=note.contact) if note.contact else w["replies_none"])
    if not note.hearings:
        doc.add_paragraph(w["hearings_none"])
    for h in note.hearings:
        par = doc.add_paragraph(style=_style(doc, "List Bullet"))
        par.add_run(f"{h.number}. {h.title}").bold = True
        par.add_run(f": {h.when} ({h.reply_by}).")
        if h.notes:
            par.add_run(f" {h.notes}")

    _heading(doc, w["deadlines"], 1)
    doc.add_paragraph(w["deadlines_intro"])
    rows: list[list[str | tuple[str, str]]] = [[d.what, d.by, d.law, d.planned] for d in note.deadlines]
    head = [w["deadline.what"], w["deadline.by"], w["deadline.law"], w["deadline.planned"]]
    _table(doc, head, [(None, rows)], DEADLINE_COLUMNS_CM)

    _heading(doc, w["timetable"], 1)
    head = [w["col.number"], w["col.date"], w["col.what"], w["col.who"]]
    _table(doc, head, [(g, _rows(g)) for g in note.timetable], COLUMNS_CM)

    doc.add_paragraph()
    doc.add_paragraph(note.colophon).runs[0].italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _rows(group: Group) -> list[list[str | tuple[str, str]]]:
    return [[str(r.number), r.when, (r.title, r.notes), r.who] for r in group.rows]


# --- the document and its settings -------------------------------------------------------


def _open(template: Path | None) -> Any:
    """python-docx's default document, or the template with its body emptied (its styles,
    headers, footers and page setup kept). A .dotx is opened as the .docx it would make."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    if template is None:
        return Document()
    from ..files import read_bytes

    data = read_bytes(template, "Word template")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
            if b"template.main+xml" in types:
                data = _as_document(z, types)
    except (zipfile.BadZipFile, KeyError):
        raise FileProblem(f"{template} is not a Word file (.docx or .dotx); give a Word template") from None
    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise FileProblem(f"{template} cannot be read as a Word document ({exc}); save it as .docx") from None
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):  # the page setup stays; the text goes
            body.remove(child)
    return doc


def _as_document(z: zipfile.ZipFile, types: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = types.replace(b"template.main+xml", b"document.main+xml")
            new.writestr(item, data)
    return out.getvalue()


def _language(doc: Any, tag: str) -> None:
    """The language of all text: the document defaults, the Normal style and the properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def child(parent: Any, name: str) -> Any:
        found = parent.find(qn(name))
        if found is None:
            found = OxmlElement(name)
            parent.append(found)
        return found

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr = child(child(defaults, "w:rPrDefault"), "w:rPr")
    for target in (rpr, doc.styles["Normal"].element.get_or_add_rPr()):
        lang = child(target, "w:lang")
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
    settings = doc.settings.element
    child(settings, "w:themeFontLang").set(qn("w:val"), tag)
    doc.core_properties.language = tag


def _properties(doc: Any, note: Note) -> None:
    props = doc.core_properties
    props.title = note.title
    props.subject = note.subtitle
    props.author = props.last_modified_by = note.municipality or "budgettid"
    props.keywords = ", ".join(note.keywords)
    props.comments = note.colophon
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # the same calendar gives the same document
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    props.created = props.modified = when.replace(tzinfo=None, microsecond=0)
    props.revision = 1


def _footer(doc: Any, words: str) -> None:
    """'Side {page} af {pages}' with Word's PAGE and NUMPAGES fields, where the footer is empty."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in doc.sections:
        footer = section.footer
        if any(p.text.strip() for p in footer.paragraphs) or footer.tables:
            continue
        par = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for piece in re.split(r"(\{page\}|\{pages\})", words):
            if piece == "{page}":
                _field(par, "PAGE")
            elif piece == "{pages}":
                _field(par, "NUMPAGES")
            elif piece:
                par.add_run(piece)


def _field(par: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"  # shown until Word (or LibreOffice) updates the field
    run.append(text)
    fld.append(run)
    par._p.append(fld)


# --- styles ---------------------------------------------------------------------------


def _style(doc: Any, name: str) -> Any:
    """A paragraph style by Word's built-in name, added (plainly) where the template lacks it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    try:
        return doc.styles[name]
    except KeyError:
        pass
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    level = re.fullmatch(r"Heading (\d)", name)
    sizes = {"Title": 24, "Subtitle": 13, "Caption": 9, "Heading 1": 15, "Heading 2": 12.5}
    if name in sizes:
        style.font.size = Pt(sizes[name])
    style.font.bold = bool(level) or name == "Title"
    style.font.italic = name in ("Subtitle", "Caption")
    if level:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        outline = OxmlElement("w:outlineLvl")  # what makes it a heading for navigation and PDF tags
        outline.set(qn("w:val"), str(int(level.group(1)) - 1))
        style.element.get_or_add_pPr().append(outline)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(14 if level.group(1) == "1" else 10)
    return style


def _heading(doc: Any, text: str, level: int) -> None:
    doc.add_paragraph(text, style=_style(doc, f"Heading {level}"))


# --- tables ---------------------------------------------------------------------------


def _table(
    doc: Any,
    head: list[str],
    groups: list[tuple[Group | None, list[list[str | tuple[str, str]]]]],
    widths_cm: tuple[float, ...],
) -> None:
    """A table in the template's table style: the header row repeats on each page, no row
    breaks across a page, a group (a phase) is a shaded row across all columns."""
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(head))
    for name in TABLE_STYLES:
        try:
            table.style = doc.styles[name]
            break
        except KeyError:
            continue
    table.autofit = False
    _row_flags(table.rows[0], "w:tblHeader", "w:cantSplit")
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for group, rows in groups:
        if group is not None:
            row = table.add_row()
            _row_flags(row, "w:cantSplit")
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = ""
            par = merged.paragraphs[0]
            par.paragraph_format.keep_with_next = True  # a phase's heading row stays with its first row
            par.add_run(group.title).bold = True
            if group.span:
                par.add_run(f"  {group.span}")
            _shade(merged, GROUP_SHADE)
        for values in rows:
            row = table.add_row()
            _row_flags(row, "w:cantSplit")
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = ""
                par = cell.paragraphs[0]
                if isinstance(value, tuple):  # a title and its notes, smaller
                    par.add_run(value[0])
                    if value[1]:
                        note = cell.add_paragraph().add_run(value[1])
                        note.font.size = Pt(8.5)
                        note.italic = True
                else:
                    par.add_run(value)
    widths = [Cm(w) for w in widths_cm]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # w:gridCol, which LibreOffice reads
    for row in table.rows:
        column = 0
        for tc in row._tr.tc_lst:  # a merged cell spans several columns' widths
            span = tc.grid_span
            tc.width = sum(widths[column : column + span])  # w:tcW, which Word reads
            column += span


def _row_flags(row: Any, *flags: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    for flag in flags:
        el = OxmlElement(flag)
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)
