"""`budgettid ics`: iCalendar feeds, and `--lint` for any .ics file."""

import os
from datetime import timedelta
from enum import StrEnum
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


class Profile(StrEnum):
    INTEROP = "interop"
    BUDGETTID = "budgettid"


def _duration(value: str | None, lang: str):  # type: ignore[no-untyped-def]
    if value is None:
        return None
    from ..format.values import Invalid, parse_duration
    from ..ical.feed import MAX_REFRESH

    try:
        interval = parse_duration(value)
    except OverflowError:
        interval = None
    except Invalid as exc:
        if exc.key != "load.duration_too_long":  # too long: the range below says how long
            raise UsageError(msg("cli.refresh", problem=msg(exc.key, **exc.kw))) from None
        interval = None
    if interval is None or not timedelta(0) < interval <= MAX_REFRESH:
        raise UsageError(msg("ics.refresh_range", value=value))
    return interval


def _lint_file(path: Path, profile: Profile, lang: str) -> None:
    from ..files import read_bytes
    from ..ical.lines import MAX_BYTES
    from ..ical.lint import lint
    from ..report.feed import lint_lines

    data = read_bytes(path, "feed", limit=MAX_BYTES)
    problems = lint(data, profile.value)
    lines, summary = lint_lines(str(path), problems, lang, profile.value)
    for line in lines:
        typer.echo(line)
    err(summary)
    if problems:
        raise typer.Exit(1)


def _previous(path: Path | None, lang: str) -> bytes | None:
    """The previous feed's bytes; a missing file is a first publication (None, and a note)."""
    from ..files import read_bytes
    from ..ical.lines import MAX_BYTES
    from ..report.feed import notes

    if path is None:
        return None
    if not path.exists() and not path.is_symlink():
        for line in notes([msg("ics.first_publication", previous=str(path))], lang):
            err(line)
        return None
    return read_bytes(path, "feed", limit=MAX_BYTES)


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
    prune_cancelled: Annotated[
        bool,
        typer.Option(
            "--prune-cancelled",
            help="Leave out the events the previous feed already published as cancelled.",
        ),
    ] = False,
    lint: Annotated[
        Path | None,
        typer.Option("--lint", metavar="FILE.ics", help="Check any .ics file; see --profile."),
    ] = None,
    profile: Annotated[
        Profile | None,
        typer.Option("--profile", help="With --lint: interop (default) or budgettid (our own feeds)."),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """iCalendar feed of the calendar, for Outlook and other calendar programs."""
    from ..ical import feed as core
    from ..plan import query
    from ..report.feed import notes

    words = language(lang)
    with user_errors(words):
        if lint is not None:
            others = (file, output, split, previous, refresh, body, kind, phase)
            if any(x is not None for x in others) or prune_cancelled:
                raise UsageError(msg("cli.lint_alone"))
            _lint_file(lint, profile or Profile.INTEROP, words)
            return
        if profile is not None:
            raise UsageError(msg("ics.profile_needs_lint"))
        if prune_cancelled and previous is None and split is None:
            raise UsageError(msg("ics.prune_needs_previous"))
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
                cal,
                split,
                exact_only=exact_only,
                alarms=not no_alarms,
                refresh=interval,
                prune_cancelled=prune_cancelled,
            )
            for line in notes((n for feed in feeds.values() for n in feed.notes), words):
                err(line)
            for path, feed in feeds.items():
                for line in feed_changes(
                    cal, feed.changes, previous=str(path), origin=origin, lang=words, label=str(path)
                ):
                    err(line)
            err(i18n.plural(words, "cli.wrote_feeds", len(feeds), folder=split))
            return
        old = _previous(previous, words)
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
            prune_cancelled=prune_cancelled,
        )
        if to_stdout:
            # binary, so the CRLF line ends reach the reader untouched
            out = typer.get_binary_stream("stdout")
            out.write(feed.data)
            out.flush()
        else:
            from ..files import write_atomic

            write_atomic(output, feed.data, inputs=[Path(cal.file)])  # type: ignore[arg-type]
        for line in notes(feed.notes, words):
            err(line)
        if old is not None:
            for line in feed_changes(cal, feed.changes, previous=str(previous), origin=origin, lang=words):
                err(line)
