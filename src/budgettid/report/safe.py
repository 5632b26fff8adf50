"""Text from a calendar or a feed made safe to print: no control or bidi character reaches a
terminal, a CI log or a workflow command raw, and no value runs on for pages.

A title with ESC sequences could recolour or clear a terminal, a CR or LF could start a
line that GitHub Actions reads as a workflow command (`::add-mask::`), and U+202E could
make a line read backwards. Every such character is written as its escape, the way repr()
and ruff write it (`\\x1b`, `\\u202e`), so the reader sees exactly what the file holds.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the bidi embeddings, overrides and isolates, the line and
# paragraph separators, and the BOM / zero-width no-break space.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_UNSAFE_KEEP_LINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
ELLIPSIS = "…"
MAX_VALUE = 200  # characters of one value in a message


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


__all__ = ["ELLIPSIS", "MAX_VALUE", "clip", "printable", "value"]
