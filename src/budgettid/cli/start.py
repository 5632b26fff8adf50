"""`budgettid init` (a new municipality's first calendar) and `budgettid example` (the bundled one)."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .app import LangOpt, app, language, say, user_errors

ForceOpt = Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")]


def _is_stdout(path: Path) -> bool:
    from ..files import is_stdout

    return is_stdout(path)


def _write(path: Path, text: str, force: bool) -> None:
    from ..errors import OutputExists
    from ..files import replaces, write_atomic

    if replaces(path) and not force:  # not -o - nor /dev/null
        raise OutputExists(path)
    write_atomic(path, text.encode("utf-8"), replace_calendar=force)


@app.command()
def init(
    municipality: Annotated[
        str,
        typer.Option(
            "--municipality", "-m", metavar="NAME", help='The municipality, e.g. "Fjordby Kommune".'
        ),
    ] = "Eksempel Kommune",
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            min=1900,
            max=2999,
            metavar="YYYY",
            help="The first budget year (2027 for budget 2027-30, adopted in 2026). Default: next year.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="OUT", help="Where to write it. Default: budget_YYYY_YY.yaml here."
        ),
    ] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write a starter calendar for a new budget process, commented, that `check` passes."""
    from .. import i18n
    from ..format.schema import modeline
    from ..plan.starter import default_name, starter

    words = language(lang)
    first = year or date.today().year + 1
    out = output or Path(default_name(first))
    with user_errors(words):
        _write(out, starter(municipality, first, words, modeline(out)), force)
    years = f"{first}-{(first + 3) % 100:02d}"
    say(i18n.t(words, "init.wrote", path=out, years=years, municipality=municipality), stderr=_is_stdout(out))


@app.command()
def example(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="OUT", help="Where to write it. Default: budget_2024_31.yaml here."
        ),
    ] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write the bundled calendar (Allerød Kommune's budget process 2024-31) to a file."""
    from .. import i18n
    from ..files import read_bytes
    from ..format.load import BUNDLED_NAME, bundled_path
    from ..format.schema import MODELINE, modeline

    words = language(lang)
    out = output or Path(BUNDLED_NAME)
    with user_errors(words):
        text = read_bytes(bundled_path(), "calendar").decode("utf-8")
        first, _, rest = text.partition("\n")
        if first.startswith(MODELINE):  # point at the installed schema from where the copy goes
            text = modeline(out) + "\n" + rest
        _write(out, text, force)
    say(i18n.t(words, "example.wrote", path=out), stderr=_is_stdout(out))  # -o -: the calendar is the output
