"""`budgettid next` and `budgettid timeline`."""

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
    console,
    document,
    language,
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
    limit: Annotated[int | None, typer.Option("--limit", min=1, metavar="N", help="At most N items.")] = None,
    body: BodyOpt = None,
    kind: KindOpt = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table or json.")] = TableFormat.TABLE,
    lang: LangOpt = None,
) -> None:
    """What is coming up: hearings under way first, then upcoming items by date."""
    from .. import i18n
    from ..plan import query

    with user_errors(lang):
        cal = load_calendar(file)
    language_ = language(lang, cal.process.written_language)
    with user_errors(language_):
        bodies = query.resolve_bodies(cal, body)
        kinds = query.resolve_kinds(kind)
        when = as_of or date.today()
        items = query.upcoming(cal, when, days=days, limit=limit, bodies=bodies, kinds=kinds)
    if format is TableFormat.JSON:
        from ..report.queries import next_json

        document(next_json(cal, when, items))
        return
    if not items:
        last = query.last_day(cal)
        key = "next.nothing_matches" if (body or kind or days is not None) else "next.nothing_ahead"
        last_text = i18n.day(last, language_) if last else "-"
        typer.echo(i18n.t(language_, key, as_of=i18n.day(when, language_), last=last_text))
        return
    from ..report.tables import next_table

    out = console()
    out.print(next_table(cal, when, items, language_, width=out.width))


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
    """The whole process, grouped by phase (as tables, or as a Gantt chart with --gantt)."""
    from .. import i18n
    from ..i18n import msg
    from ..plan import query
    from ..report import queries as report

    with user_errors(lang):
        if gantt and format is TableFormat.JSON:
            raise UsageError(msg("cli.gantt_json"))
        cal = load_calendar(file)
    language_ = language(lang, cal.process.written_language)
    with user_errors(language_):
        phases = query.resolve_phases(cal, phase)
        bodies = query.resolve_bodies(cal, body)
        kinds = query.resolve_kinds(kind)
        groups = query.timeline(cal, phases=phases, bodies=bodies, kinds=kinds)
    if format is TableFormat.JSON:
        document(report.timeline_json(cal, groups))
        return
    if not groups:
        typer.echo(i18n.t(language_, "timeline.nothing"))
        return
    if gantt:
        from ..pictures.gantt import Gantt

        with user_errors(language_):
            chart = Gantt(cal, groups, language_, as_of=as_of or date.today())
        console().print(chart)
        return
    from ..report.tables import timeline_tables

    out = console()
    out.print(timeline_tables(cal, groups, language_, width=out.width))
