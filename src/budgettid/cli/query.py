"""`budgettid next` and `budgettid timeline`."""

import sys
from datetime import date
from typing import Annotated

import typer

from ..errors import UsageError
from .app import (
    AsOfOpt,
    BodyOpt,
    FileArg,
    KindOpt,
    LangOpt,
    PhaseOpt,
    TableFormat,
    app,
    check_ids,
    console,
    load_calendar,
    user_errors,
)


@app.command("next")
def next_(
    file: FileArg = None,
    as_of: AsOfOpt = None,
    days: Annotated[
        int | None,
        typer.Option(
            "--days",
            "-d",
            min=0,
            metavar="N",
            help="Only what starts within N days (ongoing windows always show).",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, metavar="N", help="At most N items.")
    ] = None,
    body: BodyOpt = None,
    kind: KindOpt = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table or json.")] = TableFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    """What is coming up: ongoing windows by their end, then upcoming items by date.

    Example:

        budgettid next --as-of 2023-09-07 --limit 5
    """
    from .. import i18n
    from ..plan import query

    with user_errors():
        cal = load_calendar(file)
        bodies = check_ids("body", body, list(cal.bodies))
        when = as_of or date.today()
        items = query.upcoming(cal, when, days=days, limit=limit, bodies=bodies, kinds=kind or ())
    if format is TableFormat.JSON:
        from ..report.queries import next_json

        sys.stdout.write(next_json(cal, when, items))
        return
    language = i18n.pick_lang(lang, cal.process.written_language)
    if not items:
        last = query.last_day(cal)
        key = "next.nothing_matches" if (body or kind or days is not None) else "next.nothing_ahead"
        last_text = i18n.day(last, language) if last else "-"
        typer.echo(i18n.t(language, key, as_of=i18n.day(when, language), last=last_text))
        return
    from ..report.tables import next_table

    out = console()
    out.print(next_table(cal, when, items, language, width=out.width))


@app.command()
def timeline(
    file: FileArg = None,
    phase: PhaseOpt = None,
    body: BodyOpt = None,
    kind: KindOpt = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table or json.")] = TableFormat.TABLE,
    lang: LangOpt = None,
    gantt: Annotated[bool, typer.Option("--gantt", help="A Gantt chart as wide as the terminal.")] = False,
    as_of: AsOfOpt = None,
) -> None:
    """The whole process, grouped by phase (as tables, or as a Gantt chart with --gantt).

    Example:

        budgettid timeline --phase forhandling --kind meeting
        budgettid timeline --gantt --as-of 2023-08-25
    """
    from .. import i18n
    from ..plan import query
    from ..report import queries as report

    with user_errors():
        if gantt and format is TableFormat.JSON:
            raise UsageError("--gantt draws a chart; leave out --format json, or leave out --gantt")
        cal = load_calendar(file)
        phases = check_ids("phase", phase, list(cal.phase_by_id))
        bodies = check_ids("body", body, list(cal.bodies))
        groups = query.timeline(cal, phases=phases, bodies=bodies, kinds=kind or ())
    if format is TableFormat.JSON:
        sys.stdout.write(report.timeline_json(cal, groups))
        return
    language = i18n.pick_lang(lang, cal.process.written_language)
    if not groups:
        typer.echo(i18n.t(language, "timeline.nothing"))
        return
    if gantt:
        from ..pictures.gantt import Gantt

        console().print(Gantt(cal, groups, language, as_of=as_of or date.today()))
        return
    from ..report.tables import timeline_tables

    console().print(timeline_tables(cal, groups, language))
