"""`budgettid check` and `budgettid rules`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..report import CheckFormat
from .app import TableFormat, app, user_errors

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

    Each finding is printed as `file:line:column: severity BTnnn symbol message`. Exit code:
    0 no errors (warnings allowed unless --strict), 1 findings that fail, 2 a usage error or
    a file that cannot be read. `budgettid rules` lists the rules.

    Example:

        budgettid check budget_2025_28.yaml --strict --ignore BT301
    """
    from ..check import check_paths
    from ..diagnostics import Severity
    from ..load import resolve
    from ..report import DIAGNOSTIC_REPORTERS, text

    with user_errors():
        paths = list(files) if files else [resolve(None)]
        names, found = check_paths(paths, select=select or (), ignore=ignore or ())
    chosen, color = _format(format)
    if chosen is CheckFormat.TEXT:
        sys.stdout.write(text(names, found, color=color))
    else:
        sys.stdout.write(DIAGNOSTIC_REPORTERS[chosen](names, found))
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(d.severity in failing for d in found):
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

    Example:

        budgettid rules hearing-not-bracketed
    """
    import json

    from .. import rules as pack
    from ..errors import UsageError

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
        doc = [
            {
                "code": r.code,
                "symbol": r.symbol,
                "severity": str(r.severity),
                "summary": r.summary,
                "explanation": r.explanation,
                "passing": r.passing,
                "failing": r.failing,
            }
            for r in chosen
        ]
        sys.stdout.write(json.dumps(doc if rule is None else doc[0], ensure_ascii=False, indent=2) + "\n")
        return
    if rule is not None:
        typer.echo(_explain(chosen[0]))
        return
    from rich.table import Table

    from .app import console

    table = Table(title="budgettid rules (budgettid rules CODE explains one)", title_justify="left")
    for column in ("code", "symbol", "severity", "summary"):
        table.add_column(column, overflow="fold", no_wrap=column != "summary")
    for r in chosen:
        table.add_row(r.code, r.symbol, str(r.severity), r.summary)
    console().print(table)


def _explain(r) -> str:  # type: ignore[no-untyped-def]
    def block(yaml_text: str) -> str:
        return "\n".join("    " + line for line in yaml_text.rstrip("\n").splitlines())

    return (
        f"{r.code} {r.symbol} ({r.severity}): {r.summary}\n\n{r.explanation}\n\n"
        f"Passes:\n\n{block(r.passing)}\n\nFails ({r.code}):\n\n{block(r.failing)}\n"
    )
