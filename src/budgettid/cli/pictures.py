"""`budgettid wheel` (the årshjul as SVG) and `budgettid site` (a static page to publish)."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from . import localize
from .app import AsOfOpt, FileArg, Lang, LangOpt, app, document, language, load_to_publish, say, user_errors


def _parse_month(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(f"{value.strip()}-01")
    except ValueError:
        raise typer.BadParameter(localize.t("cli.not_a_month", value=repr(value))) from None


StartOpt = Annotated[
    date | None,
    typer.Option(
        "--start",
        parser=_parse_month,
        metavar="YYYY-MM",
        help="First month at 12 o'clock. Default: January of the year the budget is adopted.",
    ),
]


@app.command()
def wheel(
    file: FileArg = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to write the SVG; '-' for standard output."),
    ] = Path("-"),
    as_of: AsOfOpt = None,
    start: StartOpt = None,
    no_key: Annotated[
        bool, typer.Option("--no-key", help="Leave out the numbered list of full titles.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Draw the process as an årshjul (year wheel): a standalone SVG for print and screens."""
    from ..pictures import wheel as wheel_mod

    with user_errors(lang):
        cal = load_to_publish(file, lang)
    words = language(lang, cal.process.written_language)
    with user_errors(words):
        svg = wheel_mod.render(cal, words, as_of=as_of, start=start, key=not no_key)
        if str(output) != "-":
            from ..files import write_atomic

            write_atomic(output, svg.encode("utf-8"), inputs=[Path(cal.file)])
    if str(output) == "-":
        document(svg)
    else:
        say(output)


SiteLangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the page: da or en. Default: the calendar's language, else Danish "
        "(the page is for the municipality's citizens, whatever the builder's locale).",
    ),
]


@app.command()
def site(
    file: FileArg = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Folder to write the site into; made if its parent folder exists."
        ),
    ] = Path("site"),
    as_of: AsOfOpt = None,
    lang: SiteLangOpt = None,
    prune_cancelled: Annotated[
        bool,
        typer.Option(
            "--prune-cancelled",
            help="Leave out of the feeds the events they already published as cancelled.",
        ),
    ] = False,
) -> None:
    """Build a static web page to publish: the wheel, what is next, the timetable, the feeds."""
    from ..pictures import site as site_mod

    with user_errors(lang):
        cal = load_to_publish(file, lang)
    # The page speaks to the municipality's citizens, not to whoever builds it: no locale.
    page = lang.value if lang else cal.process.written_language or "da"
    with user_errors(language(lang, cal.process.written_language)):
        written = site_mod.write_site(
            cal, output, page, as_of or date.today(), prune_cancelled=prune_cancelled
        )
    for path in written:
        say(path)
