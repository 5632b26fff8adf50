"""Plain data → Calendar: pydantic's errors and broken references as located Diagnostics.

BT002 (a value or key the format does not allow), BT004 (a duplicate id) and BT005 (an
unknown reference); nothing here prints.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import typing
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .. import diagnostics as dg
from ..errors import CalendarInvalid
from . import model
from .keypath import KeyPath, SourceMap
from .model import Calendar, Event, Phase

if TYPE_CHECKING:
    from pydantic import ValidationError


def calendar(data: Any, source: SourceMap, name: str) -> Calendar:
    """Validate the data read from file `name`; raise CalendarInvalid with every located problem."""
    if not isinstance(data, dict):
        raise CalendarInvalid(
            [
                dg.make(
                    name,
                    (1, 1),
                    "BT002",
                    f"the file holds {_type_name(data)}; a calendar is a mapping "
                    f"that starts with 'format: {model.FORMAT_ID}'",
                )
            ]
        )
    fmt = data.get("format")
    if fmt is not None and fmt != model.FORMAT_ID:
        raise CalendarInvalid(
            [
                dg.make(
                    name,
                    source.at(("format",)),
                    "BT002",
                    f"format {fmt!r} is not supported; write 'format: {model.FORMAT_ID}'",
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


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    # Once per class: a file with thousands of unknown keys asks thousands of times.
    return typing.get_type_hints(cls)


def _fields_at(cls: type, loc: tuple[Any, ...]) -> list[str]:
    """The field names of the class that `loc` (a path into the data) points into."""
    current: Any = cls
    for part in loc:
        if isinstance(current, type) and dataclasses.is_dataclass(current):
            current = _hints(current).get(str(part))
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
        elif kind in ("dataclass_type", "dict_type"):  # pydantic: 'a dictionary or an instance of …'
            text = f"should be a mapping (key: value lines), not {_type_name(value)}"
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

    def unknown(
        path: KeyPath, what: str, ref: str, known: typing.Iterable[str], event_id: str
    ) -> dg.Diagnostic:
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
