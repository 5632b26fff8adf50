"""`budgettid ics`: iCalendar feeds, and `--lint` for any .ics file."""

import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .app import (
    BodyOpt,
    FileArg,
    KindOpt,
    PhaseOpt,
    app,
    check_ids,
    err,
    load_to_publish,
    user_errors,
)


def _duration(value: str | None):  # type: ignore[no-untyped-def]
    if value is None:
        return None
    from ..format.values import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _lint_file(path: Path) -> None:
    from ..files import read_bytes
    from ..ical.lint import lint

    data = read_bytes(path, "feed")
    problems = lint(data)
    for p in problems:
        typer.echo(f"{path}:{p.line}: {p.message} [{p.symbol}]")
    if problems:
        err(f"{path}: {len(problems)} problem(s)")
        raise typer.Exit(1)
    err(f"{path}: clean")


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
) -> None:
    """iCalendar feed of the calendar, for Outlook and other calendar programs.

    Days are all-day items, timed meetings carry their zone, and month/quarter dates are
    free all-day spans marked "dato fastlægges" (--exact-only drops them). Set
    SOURCE_DATE_EPOCH for byte-identical output.

    Example:

        budgettid ics -o budget.ics --previous budget.ics
        budgettid ics --body byraadet --kind meeting -o byraadet-moeder.ics
        budgettid ics --split site/feeds
        budgettid ics --lint budget.ics
    """
    from ..files import read_bytes
    from ..ical import feed as core

    with user_errors():
        if lint is not None:
            if any(x is not None for x in (file, output, split, previous, refresh, body, kind, phase)):
                raise UsageError("--lint checks an .ics file on its own; give it no other options")
            _lint_file(lint)
            return
        interval = core.DEFAULT_REFRESH if refresh is None else _duration(refresh)
        if split is not None:
            clash = [n for n, v in (("-o", output), ("--previous", previous), ("--body", body),
                                    ("--kind", kind), ("--phase", phase)) if v]  # fmt: skip
            if clash:
                raise UsageError(
                    f"--split writes every body's feed; it cannot be combined with {', '.join(clash)} "
                    "(the feeds already in DIR serve as the previous ones)"
                )
        from ..report.feed import CalendarOrigin, feed_changes

        cal = load_to_publish(file)
        origin: CalendarOrigin = (
            "argument" if file else "environment" if os.environ.get("BUDGETTID_CALENDAR") else "bundled"
        )
        lang = cal.process.language
        bodies = check_ids("body", body, list(cal.bodies))
        phases = check_ids("phase", phase, list(cal.phase_by_id))
        if split is not None:
            feeds = core.write_split(
                cal, split, exact_only=exact_only, alarms=not no_alarms, refresh=interval
            )
            for note in dict.fromkeys(n for feed in feeds.values() for n in feed.notes):
                err(f"note: {note}")
            for path, feed in feeds.items():
                lines = feed_changes(
                    cal, feed.changes, previous=str(path), origin=origin, lang=lang, label=str(path)
                )
                for line in lines:
                    err(line)
            err(f"wrote {len(feeds)} feeds to {split}")
            return
        old = read_bytes(previous, "feed") if previous is not None else None
        to_stdout = output is None or str(output) == "-"
        feed = core.build_feed(
            cal,
            bodies=bodies,
            kinds=[str(k) for k in kind or ()],
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
            err(f"note: {note}")
        if previous is not None:
            for line in feed_changes(cal, feed.changes, previous=str(previous), origin=origin, lang=lang):
                err(line)
