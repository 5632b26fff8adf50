"""A draft → the calendar file's text, each guess with a comment saying what it came from.

The text is written by hand rather than by a YAML library, so that every comment sits on
the line of the value it explains and the layout is the one docs/format.md shows. Scalars
are written plain when the format's loader reads them back as the same text, else quoted
as JSON strings (which YAML 1.2 reads as double-quoted scalars).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .. import i18n
from ..format.model import FORMAT_ID
from ..i18n import Message
from .build import Draft, Entry

_SPECIAL = frozenset(["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"])
_NUMBER = re.compile(
    r"[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|nan)", re.I
)
_INDICATOR = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]")
_ODD = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_DATE = re.compile(r"\d{4}-(\d{2}-\d{2}|\d{1,2}|Q[1-4])")


def scalar(value: Any, *, flow: bool = False) -> str:
    """A value as YAML: plain when that reads back as the same text, else a quoted string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _DATE.fullmatch(text):
        return text
    plain = (
        text
        and text == text.strip()
        and not _INDICATOR.match(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.lower() not in _SPECIAL
        and not _NUMBER.fullmatch(text)
        and not re.search(r"\d:\d", text)  # '17:00': YAML 1.1 readers take it as a number
        and not _ODD.search(text)
        and not (flow and re.search(r"[,\[\]{}]", text))
    )
    if plain:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _ODD.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _comment(text: str) -> str:
    return " ".join(i18n_safe(text).split())


def i18n_safe(text: str) -> str:
    """Text for a comment: no line breaks or control characters."""
    return _ODD.sub(lambda m: " " if m.group() in "\t\n\r" else f"\\u{ord(m.group()):04x}", text)


def _guess_note(message: Message, lang: str) -> str:
    return "# " + _comment(i18n.t(lang, "import.guess", why=message.text(lang)))


class _Lines:
    def __init__(self, lang: str) -> None:
        self.lang, self.out = lang, []  # type: ignore[var-annotated]

    def comment(self, indent: str, message: Message | str) -> None:
        text = message.text(self.lang) if isinstance(message, Message) else message
        self.out.append(f"{indent}# {_comment(text)}")

    def field(self, indent: str, key: str, value: Any, why: Message | None) -> None:
        note = f"  {_guess_note(why, self.lang)}" if why is not None else ""
        if isinstance(value, list):
            items = ", ".join(_flow(v) for v in value)
            self.out.append(f"{indent}{key}: [{items}]{note}")
        elif isinstance(value, dict):
            self.out.append(f"{indent}{key}:{note}")
            for k, v in value.items():
                self.field(indent + "  ", k, v, None)
        elif isinstance(value, str) and "\n" in value and _literal_ok(value):
            self.out.append(f"{indent}{key}: |-{note}")
            self.out.extend(f"{indent}  {line}" if line else "" for line in value.split("\n"))
        else:
            self.out.append(f"{indent}{key}: {scalar(value)}{note}")

    def entry(self, indent: str, entry: Entry, *, item: bool) -> None:
        for message in entry.head:
            self.comment(indent, message)
        for n, (key, value) in enumerate(entry.fields.items()):
            lead = indent + ("- " if item and n == 0 else "  " if item else "")
            self.field(lead, key, value, entry.why.get(key))


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in value.items()) + "}"
    return scalar(value, flow=True)


def _literal_ok(text: str) -> bool:
    """Whether a block literal (|-) holds `text` exactly."""
    return (
        not _ODD.search(text.replace("\n", ""))
        and text == text.strip()
        and all(line == line.rstrip() for line in text.split("\n"))
    )


def render(draft: Draft, lang: str) -> str:
    """The calendar file's text, comments in `lang`."""
    w = _Lines(lang)
    w.comment("", Message("import.head.source", {"source": draft.source}))
    w.comment("", Message("import.head.guesses", {}))
    for note in draft.notes:
        w.comment("", note)
    w.out.append(f"format: {FORMAT_ID}")
    w.out.append("")
    w.out.append("process:")
    for key, value in draft.process.fields.items():
        w.field("  ", key, value, draft.process.why.get(key))
    w.out.append("")
    w.out.append("bodies:" if draft.bodies else "bodies: {}")
    for body_id, body in draft.bodies.items():
        w.out.append(f"  {scalar(body_id)}:")
        for key, value in body.fields.items():
            w.field("    ", key, value, body.why.get(key))
    w.out.append("")
    w.out.append("phases:" if draft.phases else "phases: []")
    for phase in draft.phases:
        w.entry("  ", phase, item=True)
    w.out.append("")
    w.out.append("events:" if draft.events else "events: []")
    for event in draft.events:
        w.entry("  ", event, item=True)
    if draft.events and draft.lost:
        w.out.append("")
    if draft.lost:
        w.comment("  ", i18n.plural(lang, "import.head.lost", len(draft.lost)))
        for lost in draft.lost:
            reason = lost.reason.text(lang)
            w.comment("  ", f"{lost.where.text(lang)}: {reason}")
            for line in _lost_lines(lost.text):
                w.out.append(f"  #   {line}")
    return "\n".join(w.out) + "\n"


def _lost_lines(text: str) -> Iterable[str]:
    """The source's text of an unread item, line by line, safe inside a comment."""
    for line in text.splitlines() or [""]:
        yield i18n_safe(line.rstrip())
