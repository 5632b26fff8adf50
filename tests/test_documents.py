"""`budgettid doc`: the process note as Word and PDF, read back, converted and rendered to look at.

python-docx reads the .docx back; Debian's poppler-utils (pdftotext, pdfinfo, pdftoppm) read
the PDF; LibreOffice (Debian's libreoffice-writer, headless) converts the .docx to PDF as a
council member's Word would print it. The pages of both are rendered to PNG under artifacts/
for people to look at. Without those tools the tests that need them skip locally and fail
under CI (.ci/run installs them).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid import documents, i18n
from budgettid.cli import app
from budgettid.documents import content
from budgettid.errors import FileProblem, MissingPackage, NotADocument, TemplateNotForPdf

from .browser import ARTIFACTS, missing
from .conftest import calendar_text, load_inline

docx = pytest.importorskip("docx", reason="pip install -e '.[test]' brings python-docx (budgettid[doc])")
runner = CliRunner()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing(name, f"apt-get install {package}")
    return found  # type: ignore[return-value]


def words(text: str) -> list[str]:
    return text.split()


def in_order(needle: list[str], hay: list[str]) -> bool:
    """needle's words appear in hay in order (a table's other columns may come between)."""
    it = iter(hay)
    return all(any(w == h for h in it) for w in needle)


@pytest.fixture(scope="module")
def cal():
    from budgettid.format.load import bundled_path, load

    return load(bundled_path())


@pytest.fixture(scope="module")
def note_docx(cal):
    return docx.Document(io.BytesIO(documents.render(cal, ".docx", "da")))


@pytest.fixture(scope="module")
def note_pdf(cal, tmp_path_factory) -> Path:
    pytest.importorskip("weasyprint", reason="pip install -e '.[test]' brings WeasyPrint (budgettid[doc])")
    path = tmp_path_factory.mktemp("pdf") / "budgetprocessen_2024-31.pdf"
    documents.write(cal, path, "da")
    return path


def docx_text(doc) -> list[str]:
    """Every paragraph's text, the tables' cells included, in document order."""
    body = doc.element.body
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


# --- Word ---------------------------------------------------------------------------------


def test_word_has_every_event_with_its_date_and_who(cal, note_docx):
    table = note_docx.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Nr.", "Dato", "Aktivitet", "Hvem"]
    by_number = {r[0]: r for r in rows[1:] if r[0].isdigit()}
    from budgettid.pictures import wheel

    numbers = wheel.numbering(cal)
    for e in cal.events:
        row = by_number[str(numbers[e.id])]
        assert row[1] == i18n.when(e, "da"), e.id
        assert row[2].startswith(e.title), e.id
        assert row[3] == ", ".join(cal.bodies[b].name for b in e.bodies)
    # Month and quarter dates are written as such, not as a made-up day.
    assert by_number[str(numbers["byraadet-temamoede-innovation"])][1] == "1. kvt. 2023"
    assert by_number[str(numbers["analyser-status"])][1] == "maj 2023"
    assert by_number[str(numbers["fagudvalg-orientering"])][1] == "januar – februar 2023"
    # The phases head their rows, merged across the table.
    heads = [r[0] for r in rows[1:] if not r[0].isdigit()]
    assert heads[0].startswith("Fase 1: Afklaring og kvalificering") and heads[-1] == "Uden for faserne"


def test_word_tables_repeat_their_header_and_never_split_a_row(note_docx):
    for table in note_docx.tables:
        first = table.rows[0]._tr.trPr
        assert first.find(f"{W}tblHeader").get(f"{W}val") == "true"
        for row in table.rows:
            assert row._tr.trPr.find(f"{W}cantSplit") is not None
        grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.iter(f"{W}gridCol")]
        assert len(grid) == 4 and abs(sum(grid) - 9072) < 60  # 16 cm in twentieths of a point
        assert table.style.name == "Light List Accent 1"


def test_word_picture_with_alt_text_and_real_styles(note_docx):
    shapes = note_docx.inline_shapes
    assert len(shapes) == 1 and round(shapes[0].width.cm) == 16
    pr = shapes[0]._inline.docPr
    assert pr.get("descr").startswith("Årshjul for Budgetprocessen 2024-31: januar – december 2023.")
    assert "Inderst faserne: Fase 1: Afklaring og kvalificering (15. dec. 2022 – 31. aug. 2023)" in pr.get(
        "descr"
    )
    assert pr.get("descr").endswith("Hele tidsplanen står som tabel sidst i notatet, med de samme numre.")
    blob = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = note_docx.part.related_parts[blob].blob
    assert image.startswith(b"\x89PNG")
    from PIL import Image

    assert Image.open(io.BytesIO(image)).width == 2600
    styles = [(p.style.name, p.text) for p in note_docx.paragraphs if p.text]
    assert styles[0] == ("Title", "Budgetprocessen 2024-31")
    heads = [text for style, text in styles if style == "Heading 1"]
    assert heads == ["Indledning", "Faserne", "Årshjulet", "Høringer og høringssvar", "Lovbestemte frister",
                     "Den samlede tidsplan"]  # fmt: skip
    assert [text for style, text in styles if style == "Heading 2"][:2] == [
        "Fase 1: Afklaring og kvalificering",
        "Fase 2: Forhandlinger og vedtagelse",
    ]
    assert (
        "Caption",
        "Årshjulet. Numrene svarer til numrene i den samlede tidsplan sidst i notatet.",
    ) in styles


def test_word_language_page_numbers_and_properties(note_docx):
    defaults = note_docx.styles.element.find(f"{W}docDefaults")
    assert defaults.find(f"{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "da-DK"
    assert note_docx.core_properties.language == "da-DK"
    assert note_docx.core_properties.title == "Budgetprocessen 2024-31"
    assert note_docx.core_properties.author == "Allerød Kommune"
    section = note_docx.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer = section.footer.paragraphs[0]
    fields = [f.get(f"{W}instr") for f in footer._p.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"] and footer.text.startswith("Side ")


def test_word_says_where_replies_go_and_the_statutory_deadlines(note_docx):
    text = docx_text(note_docx)
    assert "Høringssvar sendes til sekretariat@alleroed.dk." in text
    hearing = next(t for t in text if t.startswith("23. Borgmesterens budgetoplæg 2024-31 sendes i høring"))
    assert "29. aug. – 6. sep. 2023 (svar senest ons. 6. sep. 2023)" in hearing
    law = note_docx.tables[0]
    rows = [[c.text for c in r.cells] for r in law.rows]
    assert rows[0] == ["Krav", "Frist", "Hjemmel", "I tidsplanen"]
    assert rows[1][1] == "fredag den 15. september 2023" and "§ 37, stk. 1" in rows[1][2]
    assert rows[1][3] == "1. behandling af budget 2024-31 i Økonomiudvalget, tirs. 12. sep. 2023"
    assert rows[2][1] == "mindst 21 dage imellem" and "§ 38, stk. 1" in rows[2][2]
    assert (
        rows[2][3] == "1. behandling tirs. 19. sep. 2023, 2. behandling tirs. 10. okt. 2023: 21 dage imellem"
    )
    assert rows[3][1] == "søndag den 15. oktober 2023" and "§ 38, stk. 2" in rows[3][2]
    assert rows[0] and rows[3][0] == "Byrådet vedtager budget 2024–2031 ved 2. behandling"
    # The introduction and each phase's text come from the calendar.
    assert any(t.startswith("Budgetprocessen er den årlige tids- og handleplan") for t in text)
    assert "Periode: 11. okt. – 31. dec. 2023" in text


def test_word_in_english(cal):
    doc = docx.Document(io.BytesIO(documents.render(cal, ".docx", "en")))
    assert doc.core_properties.language == "en-GB"
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads[0] == "Introduction" and heads[-1] == "The whole timetable"
    assert [c.text for c in doc.tables[-1].rows[0].cells] == ["No.", "Date", "Activity", "Who"]
    assert doc.inline_shapes[0]._inline.docPr.get("descr").startswith("Year wheel of Budgetprocessen 2024-31")
    assert doc.sections[0].footer.paragraphs[0].text.startswith("Page ")
    text = docx_text(doc)
    assert "Hearing replies go to sekretariat@alleroed.dk." in text
    assert any("Local Government Act § 38(1)" in t for t in text)


def _template(tmp_path: Path) -> Path:
    from docx.shared import Pt

    t = docx.Document()
    t.styles["Normal"].font.name = "Verdana"
    t.styles["Heading 1"].font.size = Pt(20)
    t.sections[0].footer.paragraphs[0].text = "Allerød Kommune · Bjarkesvej 2 · 3450 Allerød"
    t.add_paragraph("SKABELONENS EKSEMPELTEKST")
    path = tmp_path / "skabelon.docx"
    t.save(path)
    return path


def test_the_municipalitys_template_styles_the_note(cal, tmp_path):
    template = _template(tmp_path)
    doc = docx.Document(io.BytesIO(documents.render(cal, ".docx", "da", template)))
    assert doc.styles["Normal"].font.name == "Verdana"  # their styles, not ours
    assert doc.styles["Heading 1"].font.size.pt == 20
    assert "SKABELONENS EKSEMPELTEKST" not in docx_text(doc)  # their sample text is not kept
    assert doc.sections[0].footer.paragraphs[0].text == "Allerød Kommune · Bjarkesvej 2 · 3450 Allerød"
    assert doc.core_properties.language == "da-DK" and len(doc.inline_shapes) == 1
    # A .dotx (a Word template proper) is read as the document it makes.
    dotx = tmp_path / "skabelon.dotx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, data)
    doc = docx.Document(io.BytesIO(documents.render(cal, ".docx", "da", dotx)))
    assert doc.styles["Normal"].font.name == "Verdana"


def test_a_template_without_the_styles_gets_plain_ones(cal, tmp_path):
    bare = docx.Document()
    for name in ("Title", "Subtitle", "Caption", "Heading 1", "Heading 2", "List Bullet"):
        bare.styles[name].element.getparent().remove(bare.styles[name].element)
    path = tmp_path / "bare.docx"
    bare.save(path)
    doc = docx.Document(io.BytesIO(documents.render(cal, ".docx", "da", path)))
    heading = doc.styles["Heading 1"]
    assert heading.element.get(f"{W}styleId") == "Heading1"
    assert heading.element.pPr.find(f"{W}outlineLvl").get(f"{W}val") == "0"
    assert next(p.text for p in doc.paragraphs if p.style.name == "Heading 1") == "Indledning"


def test_bad_templates_and_formats_are_told(cal, tmp_path):
    with pytest.raises(FileProblem, match="no such Word template"):
        documents.render(cal, ".docx", "da", tmp_path / "nope.docx")
    text = tmp_path / "notes.docx"
    text.write_text("not a zip")
    with pytest.raises(FileProblem, match="is not a Word file"):
        documents.render(cal, ".docx", "da", text)
    with pytest.raises(NotADocument, match=r"\.docx \(Word\) or \.pdf, not \.odt") as caught:
        documents.render(cal, ".odt", "da")
    assert caught.value.suffix == ".odt"
    with pytest.raises(TemplateNotForPdf, match=r"applies to a \.docx note, not a PDF"):
        documents.render(cal, ".pdf", "da", text)


def test_missing_extra_is_said_with_the_fix(cal, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "docx.shared", None)
    with pytest.raises(MissingPackage, match=r"pip install 'budgettid\[doc\]'"):
        documents.render(cal, ".docx", "da")
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(MissingPackage, match="WeasyPrint, not installed"):
        documents.render(cal, ".pdf", "da")


# --- what the note says --------------------------------------------------------------------


def test_content_of_a_bare_calendar():
    cal = load_inline(calendar_text())  # no description, contact, hearings or steps
    note = content.build(cal, "da", file_name="cal.yaml")
    assert note.intro == [
        "Dette notat beskriver Testprocessen 2024-27: faserne, årshjulet, høringerne, de lovbestemte "
        "frister og den samlede tidsplan."
    ]
    assert note.phases[0].paragraphs == [] and note.hearings == [] and note.contact == ""
    assert [d.planned for d in note.deadlines] == [
        "Ikke i tidsplanen: markér aktiviteten med step i kalenderen"
    ] * 3
    assert note.deadlines[0].what == "Økonomiudvalget afleverer forslaget til budget 2024–2027 til Byrådet"
    assert note.colophon == "Notatet er lavet med budgettid ud fra kalenderfilen cal.yaml."


def test_paragraphs_and_moved_deadlines():
    assert content.paragraphs("a\nb\n\n\nc  d\n") == ["a b", "c d"]
    assert content.paragraphs(None) == []
    text = calendar_text(
        **{"  budget_years: 2024-2027": "  budget_years: 2020-2023\n  rules: {adopt_by: 11-05}"}
    )
    note = content.build(load_inline(text), "en", file_name="c.yaml")
    assert note.deadlines[2].by == "Tuesday 5 November 2019"


# --- PDF ---------------------------------------------------------------------------------


def pdf_pages(path: Path, *flags: str) -> list[str]:
    tool("pdftotext", "poppler-utils")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [
        subprocess.run(
            ["pdftotext", *flags, "-f", str(i), "-l", str(i), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for i in range(1, n + 1)
    ]


def render_pages(pdf: Path, prefix: str) -> list[Path]:
    """The PDF's pages as PNG under artifacts/, for people to look at."""
    tool("pdftoppm", "poppler-utils")
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(ARTIFACTS / prefix)], check=True)
    return sorted(ARTIFACTS.glob(f"{prefix}-*.png"))


def test_pdf_pages_text_and_rows_never_split(cal, note_pdf):
    pages = pdf_pages(note_pdf)
    assert 4 <= len(pages) <= 6
    for i, page in enumerate(pages, 1):
        assert f"Side {i} af {len(pages)}" in page
    assert pages[0].lstrip().startswith("Budgetprocessen 2024-31\nAllerød Kommune · Budget 2024–2031")
    flat = [words(p) for p in pages]
    starts = next(i for i, p in enumerate(pages) if "Den samlede tidsplan" in p)
    laid_out = pdf_pages(note_pdf, "-layout")
    for page in laid_out[starts + 1 :]:  # the header row repeats on every page of the table
        assert words(page)[:4] == ["Nr.", "Dato", "Aktivitet", "Hvem"], page[:80]
    for e in cal.events:  # every title, whole on one page: no row is split
        on = [i for i, page in enumerate(flat) if in_order(words(e.title), page)]
        assert on, e.title
    text = [" ".join(p) for p in flat]
    assert "Høringssvar sendes til sekretariat@alleroed.dk." in " ".join(text[: starts + 1])
    assert "Lov om kommunernes styrelse § 38, stk. 1" in " ".join(text)
    assert render_pages(note_pdf, "note-pdf-da")[0].stat().st_size > 10_000


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (its object streams hold the structure)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_pdf_is_tagged_a4_with_language_title_and_alt_text(note_pdf):
    info = subprocess.run(["pdfinfo", str(note_pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info and "Title:           Budgetprocessen 2024-31" in info
    assert "595.276 x 841.89 pts (A4)" in info
    meta = subprocess.run(["pdfinfo", "-meta", str(note_pdf)], capture_output=True, text=True).stdout
    assert 'pdfuaid:part="1"' in meta  # PDF/UA-1
    body = _inflated(note_pdf.read_bytes())
    assert b"/Lang (da-DK)" in body and b"/StructTreeRoot" in body
    assert "Årshjul for Budgetprocessen 2024-31".encode("utf-16-be") in body or b"/Alt" in body


def test_pdf_in_english(cal, tmp_path):
    pytest.importorskip("weasyprint")
    path = documents.write(cal, tmp_path / "note.pdf", "en")
    pages = pdf_pages(path)
    assert "Page 1 of" in pages[0] and "The whole timetable" in " ".join(pages)
    render_pages(path, "note-pdf-en")


# --- LibreOffice ---------------------------------------------------------------------------


def test_libreoffice_converts_the_word_document(cal, tmp_path):
    soffice = tool("soffice", "libreoffice-writer")
    source = tmp_path / "budgetprocessen_2024-31.docx"
    documents.write(cal, source, "da")
    res = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    converted = tmp_path / "lo" / "budgetprocessen_2024-31.pdf"
    assert res.returncode == 0 and converted.is_file(), res.stdout + res.stderr
    assert "Error" not in res.stderr
    pages = pdf_pages(converted)
    assert 4 <= len(pages) <= 7
    assert f"Side 1 af {len(pages)}" in pages[0]  # Word's PAGE and NUMPAGES fields, updated
    flat = " ".join(" ".join(words(p)) for p in pages)
    for e in cal.events:
        assert in_order(words(e.title), flat.split()), e.title
    for page in pdf_pages(converted, "-layout")[-2:]:  # the timetable's header row repeats
        assert words(page)[:4] == ["Nr.", "Dato", "Aktivitet", "Hvem"]
    render_pages(converted, "note-docx-da")


# --- the command ---------------------------------------------------------------------------


def test_cli_writes_word_and_pdf(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["doc"])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == "budgetprocessen_2024-31.docx"
    assert (tmp_path / "budgetprocessen_2024-31.docx").read_bytes().startswith(b"PK")
    res = runner.invoke(app, ["doc", "-o", str(tmp_path / "n.docx"), "--lang", "en"])
    assert res.exit_code == 0 and docx.Document(tmp_path / "n.docx").core_properties.language == "en-GB"


def test_cli_errors(tmp_path):
    res = runner.invoke(app, ["doc", "-o", str(tmp_path / "n.odt")])
    assert res.exit_code == 2 and "et procesnotat er .docx (Word) eller .pdf, ikke .odt" in res.output
    res = runner.invoke(app, ["doc", "-o", str(tmp_path / "n.odt"), "--lang", "en"])
    assert res.exit_code == 2 and "a process note is .docx (Word) or .pdf, not .odt" in res.output
    assert "e.g. -o budgetprocessen_2024-31.docx" in res.output
    res = runner.invoke(app, ["doc", "-o", str(tmp_path / "n.pdf"), "--template", str(tmp_path / "t.docx")])
    assert res.exit_code == 2 and "--template er en Word-skabelon; brug den med -o " in res.output
    res = runner.invoke(
        app, ["doc", "-o", str(tmp_path / "n.docx"), "--template", str(tmp_path / "t.docx"), "--lang", "en"]
    )
    assert res.exit_code == 2 and "no such Word template; check the path" in res.output
    res = runner.invoke(app, ["doc", "-o", str(tmp_path / "missing" / "n.docx"), "--lang", "en"])
    assert res.exit_code == 2 and "does not exist; create it first" in res.output
    template = _template(tmp_path)  # written over by a slip: refused, the template kept
    res = runner.invoke(app, ["doc", "-o", str(template), "--template", str(template), "--lang", "en"])
    assert res.exit_code == 2 and "is an input of this command" in res.output
    assert "Traceback" not in res.output


def test_as_of_is_not_needed_and_dates_are_the_calendars(cal):
    # The note is the plan, not a view from a date: no "today" in it.
    note = content.build(cal, "da", file_name="x.yaml")
    assert "i dag" not in note.wheel_alt and "I dag" not in note.wheel_svg
    assert date(2023, 9, 15).year == 2023
