"""`budgettid ics`: iCalendar feeds, and `--lint` for any .ics file."""

import os
from pathlib import Path
from typing import Annotated

import typer

from .. import i18n
from ..errors import UsageError
from ..i18n import msg
from .app import (
    BodyOpt,
    FileArg,
    KindOpt,
    LangOpt,
    PhaseOpt,
    app,
    err,
    language,
    load_to_publish,
    user_errors,
)


def _duration(value: str | None, lang: str):  # type: ignore[no-untyped-def]
    if value is None:
        return None
    from ..format.values import Invalid, parse_duration

    try:
        return parse_duration(value)
    except Invalid as exc:
        raise UsageError(msg("cli.refresh", problem=msg(exc.key, **exc.kw))) from None


def _lint_file(path: Path, lang: str) -> None:
    from ..files import read_bytes
    from ..ical.lint import lint

    data = read_bytes(path, "feed")
    problems = lint(data)
    for p in problems:
        typer.echo(f"{path}:{p.line}: {p.message} [{p.symbol}]")
    if problems:
        err(i18n.plural(lang, "cli.lint_problems", len(problems), path=path))
        raise typer.Exit(1)
    err(i18n.t(lang, "cli.lint_clean", path=path))


@app.command()
def ics(
    file: FileArg = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the feed here ('-' or none: standard output)."),
    ] = None,
    body: BodyOpt = None,
    kind: KindOpt = None,
    phase: PhaseOpt = None,
    split: Annotated[
        Path | None,
        typer.Option(
            "--split",
            metavar="DIR",
            help="Write one feed per body (<body-id>.ics) and one with everything "
            "(<process-id>.ics) into DIR; feeds already there count as the previous ones.",
        ),
    ] = None,
    exact_only: Annotated[
        bool, typer.Option("--exact-only", help="Leave out items dated only to a month or quarter.")
    ] = False,
    no_alarms: Annotated[bool, typer.Option("--no-alarms", help="No reminders (VALARM).")] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="OLD.ics",
            help="The feed published last: raise SEQUENCE on changed events, report changes.",
        ),
    ] = None,
    refresh: Annotated[
        str | None,
        typer.Option(
            "--refresh",
            metavar="DURATION",
            help="How often subscribers should reload (REFRESH-INTERVAL, X-PUBLISHED-TTL). Default PT12H.",
        ),
    ] = None,
    lint: Annotated[
        Path | None,
        typer.Option("--lint", metavar="FILE.ics", help="Check an .ics file against the feed profile."),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """iCalendar feed of the calendar, for Outlook and other calendar programs."""
    from ..files import read_bytes
    from ..ical import feed as core
    from ..plan import query

    words = language(lang)
    with user_errors(words):
        if lint is not None:
            if any(x is not None for x in (file, output, split, previous, refresh, body, kind, phase)):
                raise UsageError(msg("cli.lint_alone"))
            _lint_file(lint, words)
            return
        interval = core.DEFAULT_REFRESH if refresh is None else _duration(refresh, words)
        if split is not None:
            clash = [n for n, v in (("-o", output), ("--previous", previous), ("--body", body),
                                    ("--kind", kind), ("--phase", phase)) if v]  # fmt: skip
            if clash:
                raise UsageError(msg("cli.split_clash", options=", ".join(clash)))
        from ..report.feed import CalendarOrigin, feed_changes

        cal = load_to_publish(file, lang)
    # The feed speaks the calendar's language (its titles' language); the messages --lang's.
    words = language(lang, cal.process.written_language)
    with user_errors(words):
        origin: CalendarOrigin = (
            "argument" if file else "environment" if os.environ.get("BUDGETTID_CALENDAR") else "bundled"
        )
        bodies = query.resolve_bodies(cal, body)
        phases = query.resolve_phases(cal, phase)
        kinds = query.resolve_kinds(kind)
        if split is not None:
            feeds = core.write_split(
                cal, split, exact_only=exact_only, alarms=not no_alarms, refresh=interval
            )
            for note in dict.fromkeys(n for feed in feeds.values() for n in feed.notes):
                err(i18n.t(words, "cli.note", note=note))
            for path, feed in feeds.items():
                lines = feed_changes(
                    cal, feed.changes, previous=str(path), origin=origin, lang=words, label=str(path)
                )
                for line in lines:
                    err(line)
            err(i18n.plural(words, "cli.wrote_feeds", len(feeds), folder=split))
            return
        old = read_bytes(previous, "feed") if previous is not None else None
        to_stdout = output is None or str(output) == "-"
        feed = core.build_feed(
            cal,
            bodies=bodies,
            kinds=kinds,
            phases=phases,
            exact_only=exact_only,
            alarms=not no_alarms,
            previous=old,
            refresh=interval,
            previous_name=str(previous),
        )
        if to_stdout:
            # binary, so the CRLF line ends reach the reader untouched
            out = typer.get_binary_stream("stdout")
            out.write(feed.data)
            out.flush()
        else:
            from ..files import write_atomic

            write_atomic(output, feed.data, inputs=[Path(cal.file)])  # type: ignore[arg-type]
        for note in feed.notes:
            err(i18n.t(words, "cli.note", note=note))
        if previous is not None:
            for line in feed_changes(cal, feed.changes, previous=str(previous), origin=origin, lang=words):
                err(line)
