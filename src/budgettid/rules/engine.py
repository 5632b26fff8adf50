"""The engine: runs the selected rules over a calendar and stamps each finding's severity.

Which findings are kept: those of rules not switched off by `process.rules.disable` or
`ignore`, and, when `select` is given, only those of the selected rules. BT106 (a rule
could not decide) is kept when its rule is kept and BT106 itself is not switched off;
`select=["BT106"]` keeps every BT106. Loading problems (BT001-BT005) are always reported.
A finding an event's `accept:` covers is kept, marked accepted (accept.py); an accept
that covers nothing is BT006.

Checking happens in two stages: loading (BT001-BT005), then the rules. A file with loading
errors is not a calendar yet, so the rules do not run on it; `Checked.not_run` says so.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import CODES, LOAD_CODES, Diagnostic, lookup
from ..errors import CalendarInvalid, FileProblem, UnknownRule, UsageError
from ..format.model import Calendar
from ..i18n import Message, msg
from . import RULES, Context
from ._base import UNDECIDABLE, Finding
from .accept import accept, unused


def rule_codes(values: Iterable[str], where: str = "") -> frozenset[str]:
    """Codes or symbols (each may be a comma-separated list) → codes; unknown ones are UnknownRule.

    `where` names the argument the values came in (`select`, `ignore`), for the message.
    """
    out: set[str] = set()
    for value in [values] if isinstance(values, str) else values:
        for item in value.replace(",", " ").split():
            code = lookup(item)
            if code is None:
                raise UnknownRule(item, where)
            if code.removed:
                raise UnknownRule(f"{code.code} {code.symbol}", where, removed=True)
            out.add(code.code)
    return frozenset(out)


def _selection(select: Collection[str], ignore: Collection[str]) -> tuple[frozenset[str], frozenset[str]]:
    chosen = rule_codes(select, "select")
    dropped = rule_codes(ignore, "ignore")
    if blocked := sorted(dropped & LOAD_CODES):
        raise UsageError(msg("engine.not_ignorable", codes=", ".join(blocked)))
    return chosen, dropped


def check_calendar(
    cal: Calendar, *, select: Collection[str] = (), ignore: Collection[str] = ()
) -> list[Diagnostic]:
    """Run every rule over a loaded calendar; findings sorted by (file, line, column, code)."""
    chosen, dropped = _selection(select, ignore)
    off = dropped | set(cal.process.rules.disable)

    def wanted(code: str, origin: str) -> bool:
        if code in off or origin in off:
            return False
        return not chosen or origin in chosen or code in chosen

    ctx = Context(cal)
    found: list[Diagnostic] = []
    ran: set[str] = set()  # the codes whose findings could be kept: what an accept may match
    for rule in RULES.values():
        if rule.check is None or not (wanted(rule.code, rule.code) or wanted(UNDECIDABLE, rule.code)):
            continue
        ran |= {c for c in (rule.code, UNDECIDABLE) if wanted(c, rule.code)}
        found.extend(_diagnostic(cal, f) for f in rule.check(ctx) if wanted(f.code, f.origin))
    out, used = accept(cal, found)
    if wanted("BT006", "BT006"):
        out.extend(_diagnostic(cal, f) for f in unused(ctx, used, ran))
    out.sort(key=Diagnostic.sort_key)
    return out


def _diagnostic(cal: Calendar, f: Finding) -> Diagnostic:
    line, column = f.where
    return Diagnostic(cal.file, line, column, f.code, f.message, CODES[f.code].severity, f.events)


@dataclass(frozen=True)
class Unreadable:
    """A file `check` could not read: the FileProblem's message in English (it names the fix),
    and in the catalogue's words (`said`) for a reader of another language."""

    file: str
    message: str
    missing: bool  # no such file (rather than a directory, too big, not permitted)
    said: Message | str = ""  # no such file (rather than a directory, too big, not permitted)


@dataclass(frozen=True)
class Checked:
    """What `check_paths` found, file by file, in the order given."""

    files: list[str] = field(default_factory=list)  # the files read
    findings: list[Diagnostic] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)  # read, but loading errors kept the rules off
    unreadable: list[Unreadable] = field(default_factory=list)
    languages: set[str] = field(default_factory=set)  # the `process.language`s the files write

    @property
    def language(self) -> str | None:
        """The language the checked calendars agree on (None: none written, or several)."""
        return next(iter(self.languages)) if len(self.languages) == 1 else None


def check_paths(
    paths: Sequence[Path], *, select: Collection[str] = (), ignore: Collection[str] = ()
) -> Checked:
    """Load and check each file. Loading problems become findings (and the rules do not run on
    that file); a file that cannot be read is listed in `unreadable` and the others are checked."""
    from ..format.load import load

    _selection(select, ignore)  # a bad option is reported before any file is read
    out = Checked()
    for path in paths:
        try:
            cal = load(path)
        except FileProblem as exc:
            out.unreadable.append(Unreadable(str(path), str(exc), not path.exists(), exc.message))
            continue
        except CalendarInvalid as exc:
            out.files.append(str(path))
            out.findings.extend(exc.diagnostics)
            out.not_run.append(str(path))
            continue
        out.files.append(str(path))
        if cal.process.written_language:
            out.languages.add(cal.process.written_language)
        out.findings.extend(check_calendar(cal, select=select, ignore=ignore))
    return out
