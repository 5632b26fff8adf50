"""`budgettid check` and `budgettid rules`."""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import LangOpt, TableFormat, app, document, err, fail, language, no_such_file, said, user_errors

if TYPE_CHECKING:
    from ..errors import UnknownRule


def unknown_rule(exc: "UnknownRule", lang: str) -> str:
    """A rule that --select, --ignore or `rules` names and the pack does not have, in `lang`."""
    from .. import i18n

    where = i18n.msg("engine.in_option", option=f"--{exc.where}") if exc.where else ""
    key = "engine.removed_rule" if exc.removed else "engine.unknown_rule"
    return said(i18n.msg(key, rule=exc.rule, where=where), lang)


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    AUTO = "auto"


FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="FILE...",
        help="Calendar YAML files. Default: $BUDGETTID_CALENDAR, else the bundled 2024-31 calendar.",
        show_default=False,
    ),
]
_CODES_HELP = "rule codes or symbols, comma-separated or repeated (BT301,public-holiday)"
SelectOpt = Annotated[
    list[str] | None,
    typer.Option("--select", "-s", metavar="CODES", help=f"Only these rules: {_CODES_HELP}."),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        "-i",
        metavar="CODES",
        help=f"Not these rules: {_CODES_HELP}. Loading problems (BT001-BT005) are always reported.",
    ),
]


def _format(chosen: CheckFormat) -> tuple[CheckFormat, bool]:
    """What `auto` means here: github under GitHub Actions, colour on a terminal, else plain."""
    if chosen is not CheckFormat.AUTO:
        return chosen, False
    if os.environ.get("GITHUB_ACTIONS"):
        return CheckFormat.GITHUB, False
    return CheckFormat.TEXT, sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command()
def check(
    files: FilesArg = None,
    format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github (annotations), or auto: github under GitHub Actions, "
            "coloured text on a terminal, plain text otherwise.",
        ),
    ] = CheckFormat.AUTO,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List accepted findings too, with their reasons.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Check calendars against the rule pack: order, statutory deadlines, days off."""
    from ..diagnostics import Severity
    from ..errors import UnknownRule
    from ..format.load import resolve
    from ..report.check import DIAGNOSTIC_REPORTERS, counted, text
    from ..rules.engine import check_paths

    with user_errors(lang):
        paths = list(files) if files else [resolve(None)]
        try:
            result = check_paths(paths, select=select or (), ignore=ignore or ())
        except UnknownRule as exc:
            fail(unknown_rule(exc, language(lang)))
    words = language(lang, result.language)
    chosen, color = _format(format)
    if result.files:
        if chosen is CheckFormat.TEXT:
            report = text(
                result.files,
                result.findings,
                color=color,
                not_run=result.not_run,
                lang=words,
                verbose=verbose,
            )
        else:
            report = DIAGNOSTIC_REPORTERS[chosen](
                result.files, result.findings, not_run=result.not_run, lang=words, verbose=verbose
            )
        if chosen is CheckFormat.JSON:
            document(report)
        else:
            sys.stdout.write(report)
    for u in result.unreadable:
        # The advice to leave a missing file out for the bundled calendar fits one file only.
        one = u.missing and len(paths) == 1
        err(f"budgettid: {no_such_file(u.file, words) if one else said(u.said or u.message, words)}")
    if result.unreadable:
        raise typer.Exit(2)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(d.severity in failing for d in counted(result.findings)):
        raise typer.Exit(1)


@app.command()
def rules(
    rule: Annotated[
        str | None,
        typer.Argument(
            help="A code (BT104) or symbol (hearing-not-bracketed) to explain.", show_default=False
        ),
    ] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table or json.")] = TableFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    """List the rules `check` applies, or explain one with a passing and a failing example."""
    from .. import i18n
    from .. import rules as pack
    from ..errors import UsageError
    from ..report.rules import explain, rule_row, rules_json

    words = language(lang)
    with user_errors(words):
        chosen = list(pack.RULES.values())
        if rule is not None:
            found = pack.find(rule)
            if found is None:
                raise UsageError(i18n.msg("engine.unknown_rule", rule=rule, where=""))
            chosen = [found]
    if format is TableFormat.JSON:
        document(rules_json(chosen if rule is None else chosen[0], words))
        return
    if rule is not None:
        typer.echo(explain(chosen[0], words))
        return
    from rich.table import Table
    from rich.text import Text

    from .app import console

    out = console()
    table = Table(
        title=Text(i18n.t(words, "rules.title")),
        title_justify="left",
        caption=Text(i18n.t(words, "rules.note")),
        caption_justify="left",
    )
    # Narrow terminals lose the stage column, then the severity, then the symbol; words
    # wrap, never break (the summary's longest word, min_reading_gap_days, still fits).
    columns = ["code", "symbol", "severity", "checked", "summary"]
    least = {"checked": 100, "severity": 80, "symbol": 60}
    shown = [c for c in columns if out.width >= least.get(c, 0)]
    for column in shown:
        table.add_column(
            i18n.t(words, f"rules.column.{column}"),
            no_wrap=column != "summary",
            ratio=1 if column == "summary" else None,
        )
    for r in chosen:
        row = dict(zip(columns, rule_row(r, words), strict=True))
        table.add_row(*(Text(row[c]) for c in shown))
    out.print(table)
