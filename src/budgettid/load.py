"""File → YAML parser events → plain data (positions only when a message needs them) → Calendar.

Every problem becomes a located Diagnostic (BT001-BT005); nothing here prints.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import os
import re
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

import yaml

from . import diagnostics as dg
from . import model
from .errors import CalendarInvalid, FileProblem
from .model import Calendar, Event, Phase
from .source import Path, SourceMap

if TYPE_CHECKING:
    from pydantic import ValidationError

MAX_BYTES = 32 * 1024 * 1024
MAX_ALIAS_NODES = 5_000
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONTENT_RE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)

# YAML 1.2 core schema for plain scalars. YAML 1.1 (PyYAML's default) would read
# `17:00` as 1020, `NO` as False and `2023-06-13` as a date object; we want text.
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}


class _Problem(Exception):
    def __init__(self, where: tuple[int, int], code: str, message: str) -> None:
        self.where, self.code, self.message = where, code, message


def _resolve_plain(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT_RE.fullmatch(text):
        try:
            return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
        except ValueError:  # more digits than Python converts: keep the text
            return text
    if _FLOAT_RE.fullmatch(text) and any(c.isdigit() for c in text):
        return float(text)
    return _SPECIAL_FLOAT.get(text.lower(), text)


def _mark(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _tag_problem(event: yaml.Event, tag: str) -> _Problem:
    return _Problem(
        _mark(event),
        "BT001",
        f"the tag {tag.replace(_STD, '!!')} is not allowed; remove it "
        "(calendar files hold plain text, numbers, lists and mappings only)",
    )


_NO_KEY = object()
_MERGE = object()


class _Frame:
    """An open mapping or sequence while the event stream is read."""

    __slots__ = ("anchor", "container", "event", "key", "key_event", "merges", "path", "size")

    def __init__(self, container: Any, path: Path, event: yaml.Event) -> None:
        self.container = container
        self.path = path
        self.event = event
        self.anchor = event.anchor
        self.key: Any = _NO_KEY
        self.key_event: yaml.Event | None = None
        self.merges: list[Any] = []
        self.size = 1


class _NeedMarks(Exception):
    """A problem whose message needs an earlier position: read again, recording marks."""


def _build(text: str, source: SourceMap | None) -> Any:
    """YAML text → plain data, streaming parser events (no node graph is held in memory).

    With a SourceMap, every key's and value's position is recorded into it by path.
    Aliases share the anchored value; their expanded size counts against MAX_ALIAS_NODES.
    """
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    alias_nodes = 0
    root: Any = None
    documents = 0
    record = source is not None

    def add(value: Any, event: yaml.Event, size: int) -> None:
        nonlocal root
        if not stack:
            root = value
            if record:
                source.values[()] = _mark(event)  # type: ignore[union-attr]
            return
        top = stack[-1]
        top.size += size
        container = top.container
        if type(container) is list:
            if record:
                source.values[(*top.path, len(container))] = _mark(event)  # type: ignore[union-attr]
            container.append(value)
            return
        key = top.key
        if key is _NO_KEY:
            if isinstance(value, dict | list):
                raise _Problem(_mark(event), "BT002", "a key must be plain text, not a list or mapping")
            if value == "<<" and type(event) is yaml.ScalarEvent and not event.style:
                top.key = _MERGE
                return
            if value is None or isinstance(value, float | bool):
                raise _Problem(_mark(event), "BT002", f"{event.value!r} cannot be a key; write a name")
            if value in container:
                if not record:
                    raise _NeedMarks
                first = source.keys[(*top.path, value)]  # type: ignore[union-attr]
                raise _Problem(
                    _mark(event),
                    "BT003",
                    f"the key '{value}' appears twice in this mapping (first on line {first[0]}); "
                    "YAML would silently keep only the last one: remove or rename one",
                )
            top.key = value
            top.key_event = event
            if record:
                source.keys[(*top.path, value)] = _mark(event)  # type: ignore[union-attr]
            return
        if key is _MERGE:
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merged):
                raise _Problem(_mark(event), "BT002", "<< merges a mapping (an anchored &name) only")
            top.merges.extend(merged)
        else:
            if record:
                source.values[(*top.path, key)] = _mark(event)  # type: ignore[union-attr]
            container[key] = value
        top.key = _NO_KEY

    def child_path() -> Path:
        if not stack:
            return ()
        top = stack[-1]
        if type(top.container) is list:
            return (*top.path, len(top.container))
        return (*top.path, top.key if top.key is not _MERGE else "<<")

    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                value = _resolve_plain(event.value) if not event.style and tag is None else event.value
            elif tag in _SCALAR_TAGS or (tag.startswith("!!") and _STD + tag[2:] in _SCALAR_TAGS):
                value = event.value if tag.endswith("str") else _resolve_plain(event.value)
            else:
                raise _tag_problem(event, tag)
            if event.anchor:
                anchors[event.anchor] = (value, 1)
            add(value, event, 1)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            is_map = kind is yaml.MappingStartEvent
            tag = event.tag
            if tag not in (None, "!", _STD + ("map" if is_map else "seq")):
                raise _tag_problem(event, tag)
            if len(stack) >= MAX_DEPTH:
                raise _Problem(_mark(event), "BT001", f"nesting deeper than {MAX_DEPTH} levels")
            if stack and stack[-1].key is _NO_KEY and type(stack[-1].container) is dict:
                raise _Problem(_mark(event), "BT002", "a key must be plain text, not a list or mapping")
            path = child_path()
            if record:
                source.values[path] = _mark(event)  # type: ignore[union-attr]
            stack.append(_Frame({} if is_map else [], path, event))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = stack.pop()
            container = frame.container
            for merged in frame.merges:
                for k, v in merged.items():
                    container.setdefault(k, v)
            if frame.anchor:
                anchors[frame.anchor] = (container, frame.size)
            # Located at its start event: where a reader looks for a mapping or list.
            add(container, frame.event, frame.size)
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise _Problem(
                    _mark(event),
                    "BT001",
                    f"the alias *{event.anchor} has no anchor &{event.anchor} before it",
                )
            value, size = anchors[event.anchor]
            alias_nodes += size
            if alias_nodes > MAX_ALIAS_NODES:
                raise _Problem(
                    _mark(event),
                    "BT001",
                    f"aliases expand to more than {MAX_ALIAS_NODES} nodes; "
                    "write the values out instead of nesting anchors",
                )
            add(value, event, size)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Problem(
                    _mark(event),
                    "BT001",
                    "a calendar file holds one document: remove the extra '---'",
                )
    return root


class LazySourceMap(SourceMap):
    """A SourceMap filled on first use by reading the text again with marks.

    Most runs of a clean calendar never need a position, so the fast path records none.
    """

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _fill(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            _build(text, self)

    def at(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        self._fill()
        return super().at(path, key=key)

    def key_or_value(self, path: Path) -> tuple[int, int]:
        self._fill()
        return super().key_or_value(path)


def read_text(path: FsPath) -> str:
    """Read a calendar file as text, or raise FileProblem / CalendarInvalid (BT001)."""
    name = str(path)
    try:
        if path.is_dir():
            raise FileProblem(f"{name} is a directory; pass a calendar .yaml file inside it")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FileProblem(
                f"{name} is {size / 2**20:.0f} MiB; calendars are limited to "
                f"{MAX_BYTES // 2**20} MiB: split it into one file per process"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(
            f"{name}: no such file; check the path, or leave it out to use the bundled calendar"
        ) from None
    except PermissionError:
        raise FileProblem(f"{name}: permission denied; make the file readable") from None
    except OSError as exc:
        raise FileProblem(f"{name}: cannot read ({exc.strerror or exc})") from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is accepted) with CRLF normalised; other bytes are BT001 at their place."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CalendarInvalid(
            [
                dg.make(
                    name,
                    (line, column),
                    "BT001",
                    f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8 "
                    "(in Word or Notepad: 'Save as', encoding UTF-8)",
                )
            ]
        ) from None
    return text.replace("\r\n", "\n")


def parse(text: str, name: str) -> tuple[Any, SourceMap]:
    """YAML text → plain data and its SourceMap, or CalendarInvalid with BT001/BT002/BT003."""
    if not _CONTENT_RE.search(text):
        raise CalendarInvalid(
            [
                dg.make(
                    name,
                    (1, 1),
                    "BT001",
                    "the file is empty; start from a copy of the bundled calendar "
                    "(budgettid schema shows the format)",
                )
            ]
        )
    try:
        try:
            data = _build(text, None)
            source: SourceMap = LazySourceMap(text)
        except _NeedMarks:
            source = SourceMap()
            data = _build(text, source)
    except _Problem as p:
        raise CalendarInvalid([dg.make(name, p.where, p.code, p.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        at = text[mark.index] if mark and mark.index < len(text) else ""
        if at == "\t" or "\\t" in problem or "tab" in problem:
            hint = "indent with spaces, not tabs"
        elif "expected a single document" in problem:
            hint = "a calendar file holds one document: remove the extra '---'"
        else:
            hint = _yaml_hint(exc)
        raise CalendarInvalid([dg.make(name, where, "BT001", f"{problem}; {hint}")]) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters.
        raw = text.encode("utf-8") if _Loader is not yaml.SafeLoader else None
        before = raw[: exc.position].decode("utf-8", "replace") if raw else text[: exc.position]
        where = (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        message = f"the character U+{ord(char):04X} is not allowed in YAML; remove it"
        raise CalendarInvalid([dg.make(name, where, "BT001", message)]) from None
    except yaml.YAMLError as exc:
        message = f"not valid YAML: {str(exc).splitlines()[0]}"
        raise CalendarInvalid([dg.make(name, (1, 1), "BT001", message)]) from None
    return data, source


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    context = f" ({exc.context})" if exc.context else ""
    return f"check the indentation and quoting here{context}"


# --- validation -------------------------------------------------------------------------


def _fields_at(cls: type, loc: tuple[Any, ...]) -> list[str]:
    """The field names of the class that `loc` (a path into the data) points into."""
    current: Any = cls
    for part in loc:
        if dataclasses.is_dataclass(current):
            current = typing.get_type_hints(current).get(str(part))
            if current is None:
                return []
        else:
            origin, args = typing.get_origin(current), typing.get_args(current)
            if origin in (list, dict):
                current = args[-1]
            else:
                return []
        current = _unwrap(current)
    return [f.name for f in dataclasses.fields(current)] if dataclasses.is_dataclass(current) else []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            non_none = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = non_none[0] if len(non_none) == 1 else tp
            if len(non_none) != 1:
                return tp
        else:
            return tp


def _describe(loc: tuple[Any, ...], data: Any) -> str:
    """events[3] (frist-oensker).date — a path a person can find."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            if isinstance(node, list) and part < len(node):
                node = node[part]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    out += f" ({node['id']})"
            else:
                node = None
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "the file"


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false", type(None): "nothing"}.get(type(value), type(value).__name__)  # fmt: skip


def _validation_diagnostics(
    exc: ValidationError, data: Any, source: SourceMap, name: str
) -> Iterator[dg.Diagnostic]:
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        where_path = loc
        if kind == "event_shape":
            field = ctx.get("field", "")
            where_path = (*loc, field)
            msg = f"{_describe(loc, data)}: {err['msg']}"
            yield dg.make(name, source.key_or_value(where_path), "BT002", msg)
            continue
        if kind == "unexpected_keyword_argument":  # a key the format does not have
            key = loc[-1]
            fields = _fields_at(Calendar, loc[:-1])
            close = difflib.get_close_matches(str(key), fields, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys here: {', '.join(fields)}"
            where = _describe(loc[:-1], data)
            msg = f"unknown key '{key}' in {where}; {hint}"
            yield dg.make(name, source.at(loc, key=True), "BT002", msg)
            continue
        if kind == "missing":
            parent = loc[:-1]
            msg = f"{_describe(parent, data)} is missing the required key '{loc[-1]}'"
            yield dg.make(name, source.key_or_value(parent), "BT002", msg)
            continue
        text = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        if kind == "literal_error":
            expected = ctx.get("expected", "")
            options = re.findall(r"'([^']*)'", expected)
            close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
            text = f"{value!r} is not allowed; use one of {expected}" + (
                f" (did you mean '{close[0]}'?)" if close else ""
            )
        elif (kind == "string_pattern_mismatch" and loc[-1] in ("id", "phase", "opened_by")) or (
            kind == "string_pattern_mismatch" and len(loc) >= 2 and loc[-2] in ("bodies", "feeds")
        ):
            text = f"{value!r} is not an id; use lowercase a-z, 0-9 and '-' (write æ as ae, ø as oe, å as aa)"
        elif kind.endswith("_type"):
            text = f"{text.lower().replace('input should be', 'should be')}, not {_type_name(value)}"
        yield dg.make(name, source.at(where_path), "BT002", f"{_describe(loc, data)}: {text}")


def _references(cal: Calendar, source: SourceMap, name: str) -> Iterator[dg.Diagnostic]:
    """BT004 duplicate ids, BT005 unknown references, and steps that may occur once (BT002)."""
    groups: tuple[tuple[str, Sequence[Phase | Event]], ...] = (
        ("phase", cal.phases),
        ("event", cal.events),
    )
    for kind, items in groups:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                first = source.at((f"{kind}s", seen[item.id], "id"))
                yield dg.make(
                    name,
                    source.at((f"{kind}s", i, "id")),
                    "BT004",
                    f"the {kind} id '{item.id}' is already used on line {first[0]}; "
                    "ids must be unique: rename one",
                    (item.id,),
                )
            else:
                seen[item.id] = i
    events = cal.event_index
    phases = cal.phase_by_id

    def unknown(path: Path, what: str, ref: str, known: typing.Iterable[str], event_id: str) -> dg.Diagnostic:
        close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
        plural = {"body": "bodies", "phase": "phases", "event": "events"}[what]
        hint = f"did you mean '{close[0]}'?" if close else f"define it under {plural} first"
        return dg.make(name, source.at(path), "BT005", f"unknown {what} '{ref}'; {hint}", (event_id,))

    steps: dict[str, int] = {}
    for i, e in enumerate(cal.events):
        base = ("events", i)
        for j, b in enumerate(e.bodies):
            if b not in cal.bodies:
                yield unknown((*base, "bodies", j), "body", b, cal.bodies, e.id)
        if e.phase is not None and e.phase not in phases:
            yield unknown((*base, "phase"), "phase", e.phase, phases, e.id)
        for rel in ("after", "before"):
            for j, c in enumerate(getattr(e, rel)):
                if c.event not in events:
                    yield unknown((*base, rel, j, "event"), "event", c.event, events, e.id)
        if e.opened_by is not None and e.opened_by not in events:
            yield unknown((*base, "opened_by"), "event", e.opened_by, events, e.id)
        for j, f in enumerate(e.feeds):
            if f not in events:
                yield unknown((*base, "feeds", j), "event", f, events, e.id)
        if e.step in ("budget_proposal", "first_reading", "second_reading"):
            if e.step in steps:
                other = cal.events[steps[e.step]]
                yield dg.make(
                    name,
                    source.at((*base, "step")),
                    "BT002",
                    f"step {e.step} is already on '{other.id}' ({other.title}); it may occur once",
                    (e.id, other.id),
                )
            else:
                steps[e.step] = i


def load_text(text: str, name: str = "<string>") -> Calendar:
    """Validate calendar text; raise CalendarInvalid with every located problem."""
    # Loading allocates hundreds of thousands of containers and frees none: the cyclic
    # garbage collector would rescan them again and again (3x slower at 100,000 events).
    enabled = gc.isenabled()
    gc.disable()
    try:
        cal = _load_text(text, name)
    finally:
        if enabled:
            gc.enable()
    return cal


def _load_text(text: str, name: str) -> Calendar:
    data, source = parse(text, name)
    if not isinstance(data, dict):
        raise CalendarInvalid(
            [
                dg.make(
                    name,
                    (1, 1),
                    "BT002",
                    f"the file holds {_type_name(data)}; a calendar is a mapping "
                    "that starts with 'format: budgettid/1'",
                )
            ]
        )
    fmt = data.get("format")
    if fmt is not None and fmt != "budgettid/1":
        raise CalendarInvalid(
            [
                dg.make(
                    name,
                    source.at(("format",)),
                    "BT002",
                    f"format {fmt!r} is not supported; write 'format: budgettid/1'",
                )
            ]
        )
    from pydantic import ValidationError

    try:
        cal: Calendar = model.validate(data)
    except ValidationError as exc:
        diags = sorted(_validation_diagnostics(exc, data, source, name), key=dg.Diagnostic.sort_key)
        raise CalendarInvalid(diags) from None
    problems = sorted(_references(cal, source, name), key=dg.Diagnostic.sort_key)
    if problems:
        raise CalendarInvalid(problems)
    cal.locate(name, source)
    return cal


def load(path: FsPath) -> Calendar:
    """Read and validate a calendar file."""
    return load_text(read_text(path), str(path))


BUNDLED_NAME = "budget_2024_31.yaml"


def bundled_path() -> FsPath:
    """The calendar shipped inside the package (package data, present after `pip install .`)."""
    from importlib.resources import files

    return FsPath(str(files("budgettid") / "data" / BUNDLED_NAME))


def resolve(path: FsPath | str | None) -> FsPath:
    """FILE argument, else $BUDGETTID_CALENDAR, else the bundled calendar."""
    if path:
        return FsPath(path)
    env = os.environ.get("BUDGETTID_CALENDAR")
    if not env:
        return bundled_path()
    if not FsPath(env).is_file():
        raise FileProblem(
            f"$BUDGETTID_CALENDAR is {env!r}, which is not a file; fix or unset the variable, "
            "or pass the calendar as an argument"
        )
    return FsPath(env)
