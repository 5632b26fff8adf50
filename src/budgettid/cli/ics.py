"""`budgettid ics`: iCalendar feeds, and `--lint` for any .ics file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import FileProblem, UsageError
from .app import BodyOpt, FileArg, KindOpt, PhaseOpt, app, check_ids, err, load_calendar, user_errors


def _duration(value: str | None):  # type: ignore[no-untyped-def]
    if value is None:
        return None
    from ..model import parse_duration

    try:
        return parse_duration(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _read_ics(path: Path, option: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(f"{path}: no such file; give {option} an existing .ics file") from None
    except IsADirectoryError:
        raise FileProblem(f"{path} is a directory; give {option} an .ics file") from None
    except OSError as exc:
        raise FileProblem(f"{path}: cannot read it ({exc.strerror})") from None


def _lint_file(path: Path) -> None:
    from ..icslint import lint

    data = _read_ics(path, "--lint")
    problems = lint(data)
    for p in problems:
        typer.echo(f"{path}:{p.line}: {p.message} [{p.symbol}]")
    if problems:
        err(f"{path}: {len(problems)} problem(s)")
        raise typer.Exit(1)
    err(f"{path}: clean")


def _report(changes, label: str = "") -> None:  # type: ignore[no-untyped-def]
    where = f"{label}: " if label else ""
    for c in changes.changed:
        err(f"{where}changed ({', '.join(c.fields)}): {c.uid} {c.title}")
    for c in changes.disappeared:
        err(f"{where}disappeared: {c.uid} {c.title}")
    if changes.changed or changes.disappeared or changes.added:
        err(
            f"{where}{len(changes.changed)} changed, {len(changes.added)} new, "
            f"{len(changes.disappeared)} disappeared since the previous feed"
        )


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
    from .. import ics as core

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
        from ..load import resolve

        source = resolve(file)
        cal = load_calendar(file)
        bodies = check_ids("body", body, list(cal.bodies))
        phases = check_ids("phase", phase, list(cal.phase_by_id))
        if split is not None:
            feeds = core.publish_split(
                cal, split, exact_only=exact_only, alarms=not no_alarms, refresh=interval
            )
            for note in dict.fromkeys(n for feed in feeds.values() for n in feed.notes):
                err(f"note: {note}")
            for path, feed in feeds.items():
                _report(feed.changes, str(path))
            err(f"wrote {len(feeds)} feeds to {split}")
            return
        old = _read_ics(previous, "--previous") if previous is not None else None
        to_stdout = output is None or str(output) == "-"
        feed = core.build(
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
            from ..output import write_atomic

            write_atomic(output, feed.data, inputs=[source])  # type: ignore[arg-type]
        for note in feed.notes:
            err(f"note: {note}")
        if previous is not None:
            _report(feed.changes)
