"""`check`'s findings as text, JSON or GitHub workflow commands: pure functions, nothing prints."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from ..diagnostics import Diagnostic, Severity


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
