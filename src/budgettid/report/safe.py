"""Text from a calendar or a feed made safe to print: no control or bidi character reaches a
terminal, a CI log or a workflow command raw, and no value runs on for pages.

A title with ESC sequences could recolour or clear a terminal, a CR or LF could start a
line that GitHub Actions reads as a workflow command (`::add-mask::`), and U+202E could
make a line read backwards. Every such character is written as its escape, the way repr()
and ruff write it (`\\x1b`, `\\u202e`), so the reader sees exactly what the file holds.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import Join, Message

# C0 and C1 controls, DEL, the bidi marks, embeddings, overrides and isolates, the line and
# paragraph separators, the BOM / zero-width no-break space, and lone surrogates (a file name
# that is not UTF-8 holds them, and no encoder writes one).
_FORMAT = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_FORMAT}]")
_UNSAFE_KEEP_LINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_FORMAT}]")
# What json.dumps(ensure_ascii=False) leaves raw in a string: everything above but C0.
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_FORMAT}]")
ELLIPSIS = "…"
MAX_VALUE = 200  # characters of one value in a message
MAX_LINE = 2000  # characters of one line of a message that is not a catalogue Message


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code == 0x09:
        return "\\t"
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """`text` with every control and bidi character escaped; `lines` keeps LF as a line break."""
    return (_UNSAFE_KEEP_LINES if lines else _UNSAFE).sub(_escape, text)


def clip(text: str, limit: int = MAX_VALUE) -> str:
    """At most `limit` characters: a longer value is cut and ends in '…'."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def value(text: str, limit: int = MAX_VALUE) -> str:
    """A value from the data as a message shows it: cut to `limit`, then escaped."""
    return printable(clip(text, limit))


def line(text: str, limit: int = MAX_LINE) -> str:
    """One line of a message whose values were not cut one by one: cut to `limit`, escaped."""
    return printable(clip(text, limit))


def message(m: Message | str, lang: str) -> str:
    """A Message in `lang` as one line to print: each text argument cut (`clip`), so that a
    100 KB title makes a message of a few hundred characters, and the whole escaped; text
    that is already words, as `line`."""
    from ..i18n import Message

    if not isinstance(m, Message):
        return line(m)
    return printable(_clipped(m).text(lang))


def _clipped(arg: Any) -> Any:
    """`arg` with each text in it cut; the very object when nothing needed a cut."""
    if isinstance(arg, str):
        return arg if len(arg) <= MAX_VALUE else clip(arg)
    if isinstance(arg, Message):
        args = {k: _clipped(v) for k, v in arg.args.items()}
        same = all(args[k] is v for k, v in arg.args.items())
        return arg if same else Message(arg.key, args)
    if isinstance(arg, Join):
        items = tuple(_clipped(x) for x in arg.items)
        return arg if all(a is b for a, b in zip(items, arg.items, strict=True)) else Join(items, arg.word)
    return arg


def json_text(doc: Any) -> str:
    """`doc` as indented JSON that keeps every value exact and shows no control or bidi
    character raw (`json_escaped`)."""
    import json

    return json_escaped(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def json_escaped(text: str) -> str:
    """JSON from json.dumps(ensure_ascii=False) with C1, DEL, bidi and separators written as
    `\\uXXXX` too (json.dumps escapes only C0): they can only stand inside strings, where
    the escape reads back as the same value."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


__all__ = [
    "ELLIPSIS",
    "MAX_LINE",
    "MAX_VALUE",
    "clip",
    "json_escaped",
    "json_text",
    "line",
    "message",
    "printable",
    "value",
]
