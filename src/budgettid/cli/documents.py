"""`budgettid doc`: the process note for the finance committee and the council, as Word or PDF."""

from pathlib import Path
from typing import Annotated

import typer

from .app import FileArg, Lang, app, language, load_to_publish, say, user_errors

DocLangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the note: da or en. Default: the calendar's language, else Danish.",
    ),
]


@app.command()
def doc(
    file: FileArg = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The note to write: NAME.docx (Word) or NAME.pdf. Default: the process title "
            "as a file name, e.g. budgetprocessen_2024-31.docx.",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FILE.docx",
            help="The municipality's Word template (.docx or .dotx): its styles, headers, "
            "footers and page setup; its text is left out.",
        ),
    ] = None,
    lang: DocLangOpt = None,
) -> None:
    r"""Write the process note the council approves: introduction, årshjul, phases, hearings,
    statutory deadlines and the whole timetable, as Word (.docx) or PDF.

    The text comes from the calendar (`process.description`, each phase's `description`),
    so the note and the YAML cannot drift. Needs the extra: pip install 'budgettid\[doc]'.

    Example:

        budgettid doc -o budgetprocessen_2024-31.docx --template kommunens_skabelon.docx
    """
    from .. import documents
    from ..errors import NotADocument, TemplateNotForPdf, UsageError
    from ..i18n import msg

    with user_errors(lang):
        cal = load_to_publish(file, lang)
    with user_errors(language(lang, cal.process.written_language)):
        # A note for the council is in the calendar's language, not the builder's locale.
        note_lang = lang.value if lang else cal.process.written_language or "da"
        target = output or Path(documents.default_name(cal))
        try:
            written = documents.write(cal, target, note_lang, template)
        except NotADocument as exc:
            suffix = exc.suffix or msg("doc.no_suffix")
            example = documents.default_name(cal)
            words = msg("doc.not_a_document", target=target, suffix=suffix, example=example)
            raise UsageError(words) from None
        except TemplateNotForPdf:
            raise UsageError(msg("doc.template_not_for_pdf", docx=target.with_suffix(".docx"))) from None
    say(written)
