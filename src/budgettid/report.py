"""Reporters: pure functions from diagnostics or query results to text. Nothing prints here."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .diagnostics import Diagnostic, Severity
from .model import Calendar, Event
from .query import Group, Item, State

if TYPE_CHECKING:
    from .ics import Changes
    from .rules import Rule


def summary(diags: Iterable[Diagnostic]) -> dict[str, int]:
    out = {"errors": 0, "warnings": 0, "infos": 0}
    for d in diags:
        out[{"error": "errors", "warning": "warnings", "info": "infos"}[d.severity]] += 1
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _not_run(files: Sequence[str]) -> str:
    """'rules not run on a.yaml until its loading errors are fixed' (empty for no files)."""
    if not files:
        return ""
    names = files[0] if len(files) == 1 else f"{', '.join(files[:-1])} and {files[-1]}"
    return f"rules not run on {names} until {'its' if len(files) == 1 else 'their'} loading errors are fixed"


def text(
    files: Sequence[str], diags: Sequence[Diagnostic], color: bool = False, *, not_run: Sequence[str] = ()
) -> str:
    """Grouped by file: `F:L:C: severity BTnnn symbol message`, then a summary line that also
    names the files the rules did not run on (`not_run`: their loading errors came first)."""
    styles = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
    lines: list[str] = []
    by_file: dict[str, list[Diagnostic]] = {f: [] for f in files}
    for d in diags:
        by_file.setdefault(d.file, []).append(d)
    for items in by_file.values():
        for d in sorted(items, key=Diagnostic.sort_key):
            sev = f"{styles[d.severity]}{d.severity}\x1b[0m" if color else str(d.severity)
            lines.append(f"{d.file}:{d.line}:{d.column}: {sev} {d.code} {d.symbol} {d.message}")
    s = summary(diags)
    checked = _plural(len(files), "file")
    if not diags:
        lines.append(f"{checked} checked: no problems.")
    else:
        stages = f"; {_not_run(not_run)}" if not_run else ""
        lines.append(
            f"{checked} checked: {_plural(s['errors'], 'error')}, "
            f"{_plural(s['warnings'], 'warning')}, {_plural(s['infos'], 'info')}{stages}."
        )
    return "\n".join(lines) + "\n"


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "code": d.code,
        "symbol": d.symbol,
        "severity": str(d.severity),
        "message": d.message,
        "events": list(d.events),
    }


def as_json(files: Sequence[str], diags: Sequence[Diagnostic], *, not_run: Sequence[str] = ()) -> str:
    """`summary.rules_not_run` lists the files whose loading errors kept the rules from running."""
    doc = {
        "files": list(files),
        "findings": [diagnostic_json(d) for d in sorted(diags, key=Diagnostic.sort_key)],
        "summary": {**summary(diags), "rules_not_run": list(not_run)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(s: str) -> str:
    # As @actions/core escapeData: % first, then CR and LF.
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    # As @actions/core escapeProperty: also ':' and ','.
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(files: Sequence[str], diags: Sequence[Diagnostic], *, not_run: Sequence[str] = ()) -> str:
    """GitHub Actions workflow commands: one `::error file=..::message` per finding, and a
    notice for each file the rules did not run on."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []
    for d in sorted(diags, key=Diagnostic.sort_key):
        props = ",".join(
            f"{k}={_escape_property(v)}"
            for k, v in (
                ("file", d.file),
                ("line", str(d.line)),
                ("col", str(d.column)),
                ("title", f"{d.code} {d.symbol}"),
            )
        )
        out.append(f"::{level[d.severity]} {props}::{_escape_data(d.message)}")
    for f in not_run:
        out.append(f"::notice file={_escape_property(f)}::{_escape_data(_not_run([f]))}")
    return "".join(line + "\n" for line in out)


class DiagnosticReporter(Protocol):
    def __call__(
        self, files: Sequence[str], diags: Sequence[Diagnostic], *, not_run: Sequence[str] = ()
    ) -> str: ...


# By `check --format` (cli/check.py's CheckFormat; `auto` is resolved there).
DIAGNOSTIC_REPORTERS: dict[str, DiagnosticReporter] = {"text": text, "json": as_json, "github": github}


# --- the rule pack -----------------------------------------------------------------------


def rule_json(r: Rule) -> dict[str, Any]:
    """`budgettid rules --format json`, one rule; `loading`: checked while loading, always on."""
    return {
        "code": r.code,
        "symbol": r.symbol,
        "severity": str(r.severity),
        "summary": r.summary,
        "loading": r.loading,
        "explanation": r.explanation,
        "passing": r.passing,
        "failing": r.failing,
    }


def rules_json(rules: Sequence[Rule] | Rule) -> str:
    """A list of rules, or one rule (`budgettid rules CODE`), as a JSON document."""
    doc = rule_json(rules) if not isinstance(rules, Sequence) else [rule_json(r) for r in rules]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


RULES_NOTE = (
    "BT001-BT005 are checked while loading: they cannot be disabled, and the rules do not run "
    "on a file until its loading errors are fixed."
)


def rule_row(r: Rule) -> tuple[str, str, str, str, str]:
    """A row of `budgettid rules`: code, symbol, severity, when it is checked, summary."""
    return r.code, r.symbol, str(r.severity), "loading" if r.loading else "rules", r.summary


def explain(r: Rule) -> str:
    """`budgettid rules CODE`: the rule, why, and a passing and a failing calendar."""

    def block(yaml_text: str) -> str:
        return "\n".join("    " + line for line in yaml_text.rstrip("\n").splitlines())

    stage = ", checked while loading; cannot be disabled" if r.loading else ""
    return (
        f"{r.code} {r.symbol} ({r.severity}{stage}): {r.summary}\n\n{r.explanation}\n\n"
        f"Passes:\n\n{block(r.passing)}\n\nFails ({r.code}):\n\n{block(r.failing)}\n"
    )


# --- query results ------------------------------------------------------------------------


def event_json(e: Event, cal: Calendar) -> dict[str, Any]:
    """The item contract shared by `next`, `timeline` and later exporters."""
    start, end = e.span_start, e.span_end
    phase = cal.phase_by_id.get(e.phase) if e.phase else None
    return {
        "id": e.id,
        "title": e.title,
        "kind": e.kind,
        "start": start.text,
        "end": end.text,
        "precision": str(e.precision),
        "time": e.time.strftime("%H:%M") if e.time else None,
        "end_time": e.end_time.strftime("%H:%M") if e.end_time else None,
        "bodies": list(e.bodies),
        "body_names": [cal.bodies[b].name for b in e.bodies],
        "phase": e.phase,
        "phase_title": phase.title if phase else None,
        "step": e.step,
    }


def _items_document(head: dict[str, Any], items: Iterable[dict[str, Any]]) -> str:
    """`{...head, "items": [` then one item per line: readable, diffable, and fast.

    json.dumps with indent falls back to the pure-Python encoder (4 s for 100,000 items);
    compact items use the C encoder.
    """
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    sep = ", " if head else ""
    if not lines:
        return f'{opening}{sep}"items": []}}\n'
    return f'{opening}{sep}"items": [\n  ' + ",\n  ".join(lines) + "\n]}\n"


def next_json(cal: Calendar, as_of: date, items: Sequence[Item]) -> str:
    return _items_document(
        {"as_of": as_of.isoformat()},
        (
            event_json(it.event, cal)
            | {"days_until": it.days_until, "due": it.key.isoformat(), "state": str(it.state)}
            for it in items
        ),
    )


def timeline_json(cal: Calendar, groups: Sequence[Group]) -> str:
    return _items_document({}, (event_json(e, cal) for g in groups for e in g.events))


# --- what changed in a feed -------------------------------------------------------------------

CalendarOrigin = Literal["argument", "environment", "bundled"]

_FEED_WORDS = {
    "da": {
        "time": "tidspunkt",
        "title": "titel",
        "description": "beskrivelse",
        "location": "sted",
        "changed": "ændret ({fields}): {title} [{id}]",
        "disappeared": "forsvundet: {title} [{id}]",
        "summary": "{changed} ændret, {added} nye, {disappeared} forsvundet siden det forrige feed",
        "argument": "{file}",
        "environment": "{file} fra $BUDGETTID_CALENDAR",
        "bundled": "den medfølgende kalender {file}, da hverken FILE eller $BUDGETTID_CALENDAR er angivet",
        "other": "advarsel: {previous} har aktiviteter fra proces {theirs}, men den brugte kalender er "
        "proces {ours} ({source}); derfor tæller alle aktiviteter som nye og de gamle som forsvundne. "
        "Angiv den kalenderfil, som {previous} blev lavet af.",
    },
    "en": {
        "time": "time",
        "title": "title",
        "description": "description",
        "location": "location",
        "changed": "changed ({fields}): {title} [{id}]",
        "disappeared": "disappeared: {title} [{id}]",
        "summary": "{changed} changed, {added} new, {disappeared} disappeared since the previous feed",
        "argument": "{file}",
        "environment": "{file} from $BUDGETTID_CALENDAR",
        "bundled": "the bundled calendar {file}, as neither FILE nor $BUDGETTID_CALENDAR was given",
        "other": "warning: {previous} holds events of process {theirs}, but the calendar used is "
        "process {ours} ({source}); so every event counts as new and the old ones as disappeared. "
        "Give the calendar file {previous} was made from.",
    },
}


def feed_changes(
    cal: Calendar,
    changes: Changes,
    *,
    previous: str,
    origin: CalendarOrigin,
    lang: str,
    label: str = "",
) -> list[str]:
    """What changed since the `previous` feed, as lines for the user, in `lang`.

    Events are named by title and id. A previous feed made from another process (the
    calendar argument forgotten, say) comes first, naming both processes and `cal`'s file.
    """
    w = _FEED_WORDS[lang]
    where = f"{label}: " if label else ""
    suffix = f"@{cal.process.id}"
    lines = []
    if changes.other_processes:
        source = w[origin].format(file=cal.file)
        theirs = ", ".join(changes.other_processes)
        lines.append(w["other"].format(previous=previous, theirs=theirs, ours=cal.process.id, source=source))
    for c in changes.changed:
        fields = ", ".join(w[f] for f in c.fields)
        lines.append(where + w["changed"].format(fields=fields, title=c.title, id=c.uid.removesuffix(suffix)))
    for c in changes.disappeared:
        lines.append(where + w["disappeared"].format(title=c.title, id=c.uid.removesuffix(suffix)))
    if changes.changed or changes.disappeared or changes.added:
        counts = {k: len(getattr(changes, k)) for k in ("changed", "added", "disappeared")}
        lines.append(where + w["summary"].format(**counts))
    return lines


__all__ = ["CalendarOrigin", "State", "feed_changes"]
