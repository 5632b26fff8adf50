"""YAML text → plain data and its SourceMap, streaming PyYAML's C parser events.

The text is read as YAML 1.2 (an unquoted 17:00 stays text, NO stays text) and every
problem becomes a located BT001/BT003 Diagnostic; nothing here prints.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .. import diagnostics as dg
from ..errors import CalendarInvalid
from ..i18n import Message, msg
from .keypath import KeyPath, LazySourceMap, SourceMap
from .values import cut, shown

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
    def __init__(self, where: tuple[int, int], code: str, message: Message) -> None:
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
    return _Problem(_mark(event), "BT001", msg("load.tag", tag=tag.replace(_STD, "!!")))


_NO_KEY = object()
_MERGE = object()


class _Frame:
    """An open mapping or sequence while the event stream is read."""

    __slots__ = ("anchor", "container", "event", "key", "merges", "path", "size")

    def __init__(self, container: Any, path: KeyPath, event: yaml.Event) -> None:
        self.container = container
        self.path = path
        self.event = event
        self.anchor = event.anchor
        self.key: Any = _NO_KEY
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
                raise _Problem(_mark(event), "BT002", msg("load.key_not_text"))
            if value == "<<" and type(event) is yaml.ScalarEvent and not event.style:
                top.key = _MERGE
                return
            if value is None or isinstance(value, float | bool):
                raise _Problem(_mark(event), "BT002", msg("load.bad_key", value=shown(event.value)))
            if value in container:
                if not record:
                    raise _NeedMarks
                first = source.keys[(*top.path, value)]  # type: ignore[union-attr]
                key = cut(str(value))
                raise _Problem(_mark(event), "BT003", msg("load.duplicate_key", key=key, line=first[0]))
            top.key = value
            if record:
                source.keys[(*top.path, value)] = _mark(event)  # type: ignore[union-attr]
            return
        if key is _MERGE:
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merged):
                raise _Problem(_mark(event), "BT002", msg("load.merge"))
            top.merges.extend(merged)
        else:
            if record:
                source.values[(*top.path, key)] = _mark(event)  # type: ignore[union-attr]
            container[key] = value
        top.key = _NO_KEY

    def child_path() -> KeyPath:
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
                raise _Problem(_mark(event), "BT001", msg("load.too_deep", n=MAX_DEPTH))
            if stack and stack[-1].key is _NO_KEY and type(stack[-1].container) is dict:
                raise _Problem(_mark(event), "BT002", msg("load.key_not_text"))
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
                raise _Problem(_mark(event), "BT001", msg("load.alias_unknown", name=event.anchor))
            value, size = anchors[event.anchor]
            alias_nodes += size
            if alias_nodes > MAX_ALIAS_NODES:
                raise _Problem(_mark(event), "BT001", msg("load.alias_limit", n=MAX_ALIAS_NODES))
            add(value, event, size)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Problem(_mark(event), "BT001", msg("load.one_document"))
    return root


def parse(text: str, name: str) -> tuple[Any, SourceMap]:
    """YAML text → plain data and its SourceMap, or CalendarInvalid with BT001/BT002/BT003."""
    if not _CONTENT_RE.search(text):
        raise CalendarInvalid([dg.make(name, (1, 1), "BT001", msg("load.empty"))])
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
            message = msg("load.yaml", problem=_problem(problem), hint=msg("load.hint.tabs"))
        elif "expected a single document" in problem:
            message = msg("load.one_document")
        elif problem.startswith("mapping values are not allowed"):
            message = msg("load.colon")
        else:
            message = msg("load.yaml", problem=_problem(problem), hint=msg("load.hint.check"))
        raise CalendarInvalid([dg.make(name, where, "BT001", message)]) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters.
        raw = text.encode("utf-8") if _Loader is not yaml.SafeLoader else None
        before = raw[: exc.position].decode("utf-8", "replace") if raw else text[: exc.position]
        where = (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        message = msg("load.bad_char", char=f"U+{ord(char):04X}")
        raise CalendarInvalid([dg.make(name, where, "BT001", message)]) from None
    except yaml.YAMLError as exc:
        message = msg("load.not_yaml", detail=str(exc).splitlines()[0])
        raise CalendarInvalid([dg.make(name, (1, 1), "BT001", message)]) from None
    return data, source


# The YAML reader's usual complaints in the catalogue's words; others are quoted as it says them.
_PROBLEMS = {
    "could not find expected ':'": "colon_expected",
    "did not find expected key": "key_expected",
    "did not find expected '-' indicator": "dash_expected",
    "found unexpected end of stream": "end_of_file",
    "found character that cannot start any token": "bad_start",
    "found unexpected ':'": "colon_unexpected",
    "found undefined alias": "alias",
    "did not find expected node content": "node_expected",
    "expected ',' or ']', but got": "flow_list",
    "expected ',' or '}', but got": "flow_mapping",
}


def _problem(problem: str) -> Message:
    for start, key in _PROBLEMS.items():
        if problem.startswith(start):
            return msg(f"load.yaml_problem.{key}")
    return msg("load.yaml_problem.other", text=problem)


def fill(text: str, source: SourceMap) -> None:
    """Record every position of `text` into `source` (LazySourceMap's first use)."""
    _build(text, source)
