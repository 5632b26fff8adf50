"""`budgettid check` and `budgettid rules`."""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .app import TableFormat, app, err, fail, no_such_file, user_errors


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
) -> None:
    """Check calendars against the rule pack: order, statutory deadlines, weekends and holidays.

    Each finding is printed as `file:line:column: severity BTnnn symbol message`. A file with
    loading errors (BT001-BT005) is not checked by the rules until they are fixed; the summary
    says so. A file that cannot be read is reported after the others' findings. Exit code:
    0 no errors (warnings allowed unless --strict), 1 findings that fail, 2 a usage error or
    a file that cannot be read. `budgettid rules` lists the rules.

    Example:

        budgettid check budget_2025_28.yaml --strict --ignore BT301
    """
    from ..diagnostics import Severity
    from ..errors import UnknownRule
    from ..format.load import resolve
    from ..report.check import DIAGNOSTIC_REPORTERS, text
    from ..rules.engine import check_paths

    with user_errors():
        paths = list(files) if files else [resolve(None)]
        try:
            result = check_paths(paths, select=select or (), ignore=ignore or ())
        except UnknownRule as exc:
            place = f" in --{exc.where}" if exc.where else ""
            fail(
                f"{exc.rule} was removed{place}; leave it out"
                if exc.removed
                else f"unknown rule {exc.rule!r}{place}; run `budgettid rules` to list the codes and symbols"
            )
    chosen, color = _format(format)
    if result.files:
        if chosen is CheckFormat.TEXT:
            report = text(result.files, result.findings, color=color, not_run=result.not_run)
        else:
            report = DIAGNOSTIC_REPORTERS[chosen](result.files, result.findings, not_run=result.not_run)
        sys.stdout.write(report)
    for u in result.unreadable:
        # The advice to leave a missing file out for the bundled calendar fits one file only.
        err(f"budgettid: {no_such_file(u.file) if u.missing and len(paths) == 1 else u.message}")
    if result.unreadable:
        raise typer.Exit(2)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(d.severity in failing for d in result.findings):
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
) -> None:
    """List the rules `check` applies, or explain one with a passing and a failing example.

    The loading checks (BT001-BT005) are listed too: they run first and cannot be disabled.

    Example:

        budgettid rules hearing-not-bracketed
    """
    from .. import rules as pack
    from ..errors import UsageError
    from ..report.rules import RULES_NOTE, explain, rule_row, rules_json

    with user_errors():
        chosen = list(pack.RULES.values())
        if rule is not None:
            found = pack.find(rule)
            if found is None:
                raise UsageError(
                    f"unknown rule {rule!r}; run `budgettid rules` to list the codes and symbols"
                )
            chosen = [found]
    if format is TableFormat.JSON:
        sys.stdout.write(rules_json(chosen if rule is None else chosen[0]))
        return
    if rule is not None:
        typer.echo(explain(chosen[0]))
        return
    from rich.table import Table

    from .app import console

    table = Table(
        title="budgettid rules (budgettid rules CODE explains one)",
        title_justify="left",
        caption=RULES_NOTE,
        caption_justify="left",
    )
    for column in ("code", "symbol", "severity", "checked", "summary"):
        table.add_column(column, overflow="fold", no_wrap=column != "summary")
    for r in chosen:
        table.add_row(*rule_row(r))
    console().print(table)
