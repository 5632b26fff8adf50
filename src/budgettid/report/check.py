"""`check`'s findings as text, JSON or GitHub workflow commands: pure functions, nothing prints.

Messages are written in `lang`; codes, symbols and severities stay as they are, so that
filters in CI keep working. A file name or value from the data is escaped in every format
(`safe`: no control or bidi character is written raw, so a calendar cannot colour a terminal
or start a workflow command in a CI log), and each value in a message is cut (`…`).
Accepted findings (an event's `accept:`) count as neither errors nor warnings: text lists
them only when `verbose`, and says how many there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from .. import i18n
from ..diagnostics import Diagnostic, Severity
from .safe import json_text, message, printable, value


def summary(diags: Iterable[Diagnostic]) -> dict[str, int]:
    """Errors, warnings and infos that count, and the accepted findings (which do not)."""
    out = {"errors": 0, "warnings": 0, "infos": 0, "accepted": 0}
    for d in diags:
        key = (
            "accepted"
            if d.accepted is not None
            else {"error": "errors", "warning": "warnings", "info": "infos"}[d.severity]
        )
        out[key] += 1
    return out


def counted(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings that count: those no `accept:` covers."""
    return [d for d in diags if d.accepted is None]


def _not_run(files: Sequence[str], lang: str) -> str:
    """'rules not run on a.yaml until its loading errors are fixed' (empty for no files)."""
    if not files:
        return ""
    return message(i18n.msg("report.not_run", n=len(files), names=i18n.Join(tuple(files))), lang)


def _line(d: Diagnostic, lang: str, color: bool) -> str:
    styles = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
    sev = f"{styles[d.severity]}{d.severity}\x1b[0m" if color else str(d.severity)
    line = f"{printable(d.file)}:{d.line}:{d.column}: {sev} {d.code} {d.symbol} {message(d.message, lang)}"
    if d.accepted is not None:
        line += " " + i18n.t(lang, "report.accepted_because", reason=value(d.accepted))
    return line


def text(
    files: Sequence[str],
    diags: Sequence[Diagnostic],
    color: bool = False,
    *,
    not_run: Sequence[str] = (),
    lang: str = "en",
    verbose: bool = False,
) -> str:
    """Grouped by file: `F:L:C: severity BTnnn symbol message`, then a summary line that also
    names the files the rules did not run on (`not_run`: their loading errors came first),
    and how many findings were accepted (listed with `verbose`)."""
    lines: list[str] = []
    by_file: dict[str, list[Diagnostic]] = {f: [] for f in files}
    for d in diags:
        if d.accepted is None or verbose:
            by_file.setdefault(d.file, []).append(d)
    for items in by_file.values():
        lines.extend(_line(d, lang, color) for d in sorted(items, key=Diagnostic.sort_key))
    s = summary(diags)
    checked = i18n.plural(lang, "report.files", len(files))
    if not (s["errors"] or s["warnings"] or s["infos"]):
        lines.append(i18n.t(lang, "report.clean", files=checked))
    else:
        stages = f"; {_not_run(not_run, lang)}" if not_run else ""
        lines.append(
            i18n.t(
                lang,
                "report.counts",
                files=checked,
                errors=i18n.plural(lang, "report.errors", s["errors"]),
                warnings=i18n.plural(lang, "report.warnings", s["warnings"]),
                infos=i18n.plural(lang, "report.infos", s["infos"]),
                stages=stages,
            )
        )
    if s["accepted"]:
        key = "report.accepted_listed" if verbose else "report.accepted"
        lines.append(i18n.plural(lang, key, s["accepted"]))
    return "\n".join(lines) + "\n"


def diagnostic_json(d: Diagnostic, lang: str = "en") -> dict[str, Any]:
    """One finding for `--format json`: the file and ids exact, the message as text shows it."""
    return {
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "code": d.code,
        "symbol": d.symbol,
        "severity": str(d.severity),
        "message": message(d.message, lang),
        "events": list(d.events),
        "accepted": d.accepted is not None,
        "reason": d.accepted,
    }


def as_json(
    files: Sequence[str],
    diags: Sequence[Diagnostic],
    *,
    not_run: Sequence[str] = (),
    lang: str = "en",
    verbose: bool = False,
) -> str:
    """Every finding, accepted ones too (`accepted`, `reason`); `summary` counts those that
    count, the accepted ones apart, and lists in `rules_not_run` the files whose loading
    errors kept the rules from running."""
    doc = {
        "files": list(files),
        "findings": [diagnostic_json(d, lang) for d in sorted(diags, key=Diagnostic.sort_key)],
        "summary": {**summary(diags), "rules_not_run": list(not_run)},
    }
    return json_text(doc)


def _escape_data(s: str) -> str:
    # As @actions/core escapeData: % first, then CR and LF (printable already wrote every
    # control character from the data as its escape; this is the runner's own rule on top).
    return printable(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    # As @actions/core escapeProperty: also ':' and ','.
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(
    files: Sequence[str],
    diags: Sequence[Diagnostic],
    *,
    not_run: Sequence[str] = (),
    lang: str = "en",
    verbose: bool = False,
) -> str:
    """GitHub Actions workflow commands: one `::error file=..::message` per finding that counts
    (an accepted one is no annotation), and a notice for each file the rules did not run on."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []
    for d in sorted(counted(diags), key=Diagnostic.sort_key):
        props = ",".join(
            f"{k}={_escape_property(v)}"
            for k, v in (
                ("file", d.file),
                ("line", str(d.line)),
                ("col", str(d.column)),
                ("title", f"{d.code} {d.symbol}"),
            )
        )
        out.append(f"::{level[d.severity]} {props}::{_escape_data(message(d.message, lang))}")
    for f in not_run:
        out.append(f"::notice file={_escape_property(f)}::{_escape_data(_not_run([f], lang))}")
    return "".join(line + "\n" for line in out)


class DiagnosticReporter(Protocol):
    def __call__(
        self,
        files: Sequence[str],
        diags: Sequence[Diagnostic],
        *,
        not_run: Sequence[str] = (),
        lang: str = "en",
        verbose: bool = False,
    ) -> str: ...


# By `check --format` (cli/check.py's CheckFormat; `auto` is resolved there).
DIAGNOSTIC_REPORTERS: dict[str, DiagnosticReporter] = {"text": text, "json": as_json, "github": github}
