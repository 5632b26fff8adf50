"""The one iCalendar reader: octets → physical lines → content lines → a component tree.

RFC 5545 3.1: a line ends with CRLF (a bare LF is read too) and a line that starts with a
space or a tab continues the one before. Lines are split there and nowhere else: U+2028, a
form feed, U+001E and the other characters `str.splitlines()` also breaks on are text, so
whatever a title holds, a feed reads back. Both readers of feeds use this module: the
previous publication (`previous.py`) and the lint (`lint.py`). What is wrong on the way
is collected as a `Problem` on the line where it is, never raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 16 * 1024 * 1024  # a feed of 10,000 events is about 6 MiB
MAX_DEPTH = 16  # VCALENDAR > VEVENT > VALARM is 3 deep; real files stay far below this
_NAME = re.compile(r"[A-Za-z0-9-]+")
_SIMPLE = re.compile(r"([A-Za-z0-9-]+):(.*)", re.S)
# NAME;A=x;B="y;z",w:VALUE with well-formed parameters; anything else takes the slow path,
# which says what is wrong
_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_PARAM = re.compile(rf";([A-Za-z0-9-]+)=({_VALUE}(?:,{_VALUE})*)")
_PARAMS = re.compile(rf"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+={_VALUE}(?:,{_VALUE})*)+):(.*)", re.S)
# The lines a reading cannot go on from: the caller decides what to do with the others.
FATAL = frozenset({"not-icalendar", "not-utf8", "syntax", "nesting"})


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a feed: its (physical, 1-based) line, a symbol, the words for it.

    `key` and `args` name a catalogue entry (`lint.*`); `text(lang)` renders it with every
    value from the feed cut and escaped, so a message can always be printed as it is.
    """

    line: int
    symbol: str
    key: str
    args: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        text: str = self.words().text(lang)
        return text

    def words(self) -> Any:
        """The problem as an i18n Message, each value from the feed cut and escaped."""
        from ..i18n import Message
        from ..report.safe import value

        return Message(self.key, {k: value(v) if isinstance(v, str) else v for k, v in self.args})

    @property
    def message(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return f"{self.line}: {self.message} [{self.symbol}]"


class Problems(list[Problem]):
    """The problems found so far, added by keyword: `problems.add(7, "bare-cr", "lint.bare_cr")`."""

    def add(self, line: int, symbol: str, key: str, **args: Any) -> None:
        self.append(Problem(line, symbol, key, tuple(args.items())))


@dataclass
class Property:
    """A content line: NAME;PARAM=value:VALUE, the value still escaped as written."""

    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    def param(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None

    @property
    def text(self) -> str:
        """The value as TEXT: escapes undone."""
        return unescape(self.value)


@dataclass
class Component:
    """BEGIN:NAME … END:NAME: its properties and the components inside, in file order."""

    name: str
    line: int
    props: list[Property] = field(default_factory=list)
    subs: list[Component] = field(default_factory=list)

    def get(self, name: str) -> Property | None:
        return next((p for p in self.props if p.name == name), None)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.props if p.name == name]

    def walk(self, name: str | None = None) -> Iterator[Component]:
        """Every component inside (depth first, file order), of `name` if given; no recursion."""
        stack = list(reversed(self.subs))
        while stack:
            comp = stack.pop()
            if name is None or comp.name == name:
                yield comp
            stack.extend(reversed(comp.subs))


# --- octets to content lines ------------------------------------------------------------------


def physical(data: bytes, problems: Problems) -> list[tuple[int, bytes, bool]]:
    """(number, octets without the line end, ended with CRLF) for each physical line."""
    raw = data.split(b"\n")
    last_open = raw[-1] != b""
    if not last_open:
        raw.pop()
    out = []
    for n, chunk in enumerate(raw, start=1):
        crlf = chunk.endswith(b"\r")
        out.append((n, chunk[:-1] if crlf else chunk, crlf))
    if last_open and data:
        problems.add(len(raw), "no-final-crlf", "lint.no_final_crlf")
    return out


def unfold(
    lines: list[tuple[int, bytes, bool]], problems: Problems, data: bytes = b""
) -> list[tuple[int, str]]:
    """Content lines (the number of the physical line each starts on, the text), UTF-8 decoded.

    Folding is by octets, so a content line must be UTF-8 once unfolded, and each physical
    line on its own as well: a fold inside a character breaks many readers. When the whole
    file is UTF-8, no fold splits a character (the fold's octets would sit inside it), and
    the lines are unfolded as text, which is much faster.
    """
    try:
        text = data.decode("utf-8") if data else None
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return _unfold_text(text, problems)
    groups: list[tuple[int, list[tuple[int, bytes]]]] = []
    for n, line, _ in lines:
        if line[:1] in (b" ", b"\t"):
            if not groups:
                problems.add(n, "syntax", "lint.continuation_first")
                continue
            groups[-1][1].append((n, line[1:]))
        elif line == b"":
            problems.add(n, "syntax", "lint.empty_line")
        else:
            groups.append((n, [(n, line)]))
    out = []
    for n, parts in groups:
        whole = b"".join(part for _, part in parts)
        try:
            text = whole.decode("utf-8")
        except UnicodeDecodeError:
            problems.add(n, "not-utf8", "lint.not_utf8")
            text = whole.decode("utf-8", "replace")
        else:
            for m, part in parts if len(parts) > 1 else ():
                if not _whole(part):
                    problems.add(m, "split-utf8", "lint.split_utf8")
                    break
        out.append((n, text))
    return out


def _unfold_text(text: str, problems: Problems) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    parts: list[str] = []
    physical = text.split("\n")
    if physical and physical[-1] == "":
        physical.pop()
    for n, line in enumerate(physical, start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if line[:1] in (" ", "\t"):
            if not out:
                problems.add(n, "syntax", "lint.continuation_first")
                continue
            parts.append(line[1:])
            continue
        if parts:
            out[-1] = (out[-1][0], out[-1][1] + "".join(parts))
            parts = []
        if line == "":
            problems.add(n, "syntax", "lint.empty_line")
        else:
            out.append((n, line))
    if parts:
        out[-1] = (out[-1][0], out[-1][1] + "".join(parts))
    return out


def _whole(octets: bytes) -> bool:
    try:
        octets.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def parse_line(n: int, text: str, problems: Problems) -> Property | None:
    """NAME;PARAM=a,"b;c":VALUE → Property; a ':' or ';' in quotes is no separator."""
    if simple := _SIMPLE.match(text):  # most lines: NAME:VALUE
        return Property(simple.group(1).upper(), {}, simple.group(2), n)
    if (full := _PARAMS.fullmatch(text)) and '"' not in full.group(2):
        found: dict[str, list[str]] = {}
        for each in _PARAM.finditer(full.group(2)):
            found.setdefault(each.group(1).upper(), []).extend(each.group(2).split(","))
        return Property(full.group(1).upper(), found, full.group(3), n)
    m = _NAME.match(text)
    if not m:
        problems.add(n, "syntax", "lint.not_content_line", text=text[:40])
        return None
    name, i = m.group().upper(), m.end()
    params: dict[str, list[str]] = {}
    while i < len(text) and text[i] == ";":
        pm = _NAME.match(text, i + 1)
        if not pm or pm.end() >= len(text) or text[pm.end()] != "=":
            problems.add(n, "syntax", "lint.bad_parameter", name=name)
            return None
        key, i = pm.group().upper(), pm.end() + 1
        values = []
        while True:
            if i < len(text) and text[i] == '"':
                close = text.find('"', i + 1)
                if close < 0:
                    problems.add(n, "syntax", "lint.open_quote", name=name)
                    return None
                values.append(text[i + 1 : close])
                i = close + 1
            else:
                j = i
                while j < len(text) and text[j] not in ";:,":
                    j += 1
                values.append(text[i:j])
                i = j
            if i < len(text) and text[i] == ",":
                i += 1
                continue
            break
        params.setdefault(key, []).extend(values)
    if i >= len(text) or text[i] != ":":
        problems.add(n, "syntax", "lint.no_colon", name=name)
        return None
    return Property(name, params, text[i + 1 :], n)


def tree(lines: list[tuple[int, str]], problems: Problems) -> Component:
    """The components of the file under a nameless root; nesting problems are collected."""
    root = Component("", 0)
    stack = [root]
    for n, text in lines:
        prop = parse_line(n, text, problems)
        if prop is None:
            continue
        if prop.name == "BEGIN":
            if len(stack) > MAX_DEPTH:
                problems.add(n, "nesting", "lint.too_deep", depth=MAX_DEPTH)
                return root
            comp = Component(prop.value.upper(), n)
            stack[-1].subs.append(comp)
            stack.append(comp)
        elif prop.name == "END":
            if len(stack) == 1 or stack[-1].name != prop.value.upper():
                open_name = stack[-1].name if len(stack) > 1 else "-"
                problems.add(n, "nesting", "lint.end_mismatch", end=prop.value, open=open_name)
                continue
            stack.pop()
        elif len(stack) == 1:
            problems.add(n, "nesting", "lint.outside", name=prop.name)
        else:
            stack[-1].props.append(prop)
    for comp in stack[1:]:
        problems.add(comp.line, "nesting", "lint.never_closed", name=comp.name)
    return root


@dataclass
class Document:
    """A file read: its VCALENDAR (None if it has none) and what was wrong on the way."""

    calendar: Component | None
    problems: Problems
    physical: list[tuple[int, bytes, bool]] = field(default_factory=list)

    @property
    def fatal(self) -> Problem | None:
        return next((p for p in sorted(self.problems) if p.symbol in FATAL), None)


def read(data: bytes) -> Document:
    """Read `data` as far as it goes: a VCALENDAR and the problems of lines and nesting."""
    problems = Problems()
    raw = physical(data, problems)
    lines = unfold(raw, problems, data)
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        first = lines[0][1][:40] if lines else ""
        only = Problems()
        only.add(lines[0][0] if lines else 1, "not-icalendar", "lint.not_icalendar", start=first)
        return Document(None, only, raw)
    root = tree(lines, problems)
    cals = [c for c in root.subs if c.name == "VCALENDAR"]
    for c in root.subs:
        if c.name != "VCALENDAR":
            problems.add(c.line, "nesting", "lint.top_level", name=c.name)
    if len(cals) > 1:
        problems.add(cals[1].line, "nesting", "lint.second_calendar")
    return Document(cals[0] if cals else None, problems, raw)


# --- values -----------------------------------------------------------------------------------

_ESCAPES = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}


def unescape(value: str) -> str:
    """TEXT as written → the text: \\\\ \\; \\, \\n \\N undone in one pass (\\\\N stays backslash N)."""
    if "\\" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append(_ESCAPES.get(nxt, nxt))  # an unknown escape keeps the character
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def split_list(value: str) -> list[str]:
    """A list of TEXT (CATEGORIES) split on its unescaped commas, each unescaped."""
    items, start, i = [], 0, 0
    while i < len(value):
        if value[i] == "\\":
            i += 2
            continue
        if value[i] == ",":
            items.append(unescape(value[start:i]))
            start = i + 1
        i += 1
    items.append(unescape(value[start:]))
    return items


__all__ = [
    "FATAL",
    "MAX_BYTES",
    "Component",
    "Document",
    "Problem",
    "Problems",
    "Property",
    "read",
    "split_list",
    "unescape",
]
