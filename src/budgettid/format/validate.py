"""Plain data → Calendar: pydantic's errors and broken references as located Diagnostics.

BT002 (a value or key the format does not allow), BT004 (a duplicate id) and BT005 (an
unknown reference), all in one round: the references are read off the plain data, so an
unknown body is reported together with a wrong date elsewhere. Messages are i18n
Messages; nothing here prints.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import diagnostics as dg
from ..errors import CalendarInvalid
from ..i18n import Join, Message, msg
from . import model
from .closest import closest, listing
from .keypath import KeyPath, SourceMap
from .model import Calendar
from .values import FuzzyDate, Invalid, cut, shown

if TYPE_CHECKING:
    from pydantic import ValidationError


def calendar(data: Any, source: SourceMap, name: str) -> Calendar:
    """Validate the data read from file `name`; raise CalendarInvalid with every located problem."""
    if not isinstance(data, dict):
        text = msg("load.not_mapping", type=_type_name(data), format=model.FORMAT_ID)
        raise CalendarInvalid([dg.make(name, (1, 1), "BT002", text)])
    fmt = data.get("format")
    if fmt is not None and fmt != model.FORMAT_ID:
        text = msg("load.format", value=shown(fmt), format=model.FORMAT_ID)
        raise CalendarInvalid([dg.make(name, source.at(("format",)), "BT002", text)])
    from pydantic import ValidationError

    problems: list[dg.Diagnostic] = []
    cal: Calendar | None = None
    try:
        cal = model.validate(data)
    except ValidationError as exc:
        problems = list(_validation_diagnostics(exc, data, source, name))
    problems = _merge(problems, list(_references(data, source, name)))
    problems += _bounds(data, source, name, cal)
    if problems or cal is None:
        raise CalendarInvalid(sorted(problems, key=dg.Diagnostic.sort_key))
    cal.locate(name, source)
    return cal


def _merge(values: list[dg.Diagnostic], references: list[dg.Diagnostic]) -> list[dg.Diagnostic]:
    """A value reported twice (`bodies: [ØU]`: not an id, and no such body) is reported once:
    as the reference when that suggests the id it meant, else as the value."""
    suggested = {
        (d.line, d.column) for d in references if d.code == "BT005" and d.message.key.endswith(".close")
    }
    placed = {(d.line, d.column) for d in values if (d.line, d.column) not in suggested}
    kept = [d for d in values if (d.line, d.column) not in suggested or d.code != "BT002"]
    return kept + [d for d in references if (d.line, d.column) not in placed]


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


def _describe(loc: tuple[Any, ...], data: Any) -> str | Message:
    """events[3] (frist-oensker).date — a path a person can find."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            if isinstance(node, list) and part < len(node):
                node = node[part]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    out += f" ({cut(node['id'], 60)})"
            else:
                node = None
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or msg("load.the_file")


def _type_name(value: Any) -> Message:
    kind = {dict: "mapping", list: "list", str: "text", int: "number", float: "number",
            bool: "bool", type(None): "nothing"}.get(type(value), "other")  # fmt: skip
    return msg(f"load.type.{kind}")


# pydantic's error types → what the value should be, in the catalogue's words
_WANTED = {
    "int_type": "int", "int_parsing": "int", "int_from_float": "int",
    "float_type": "number", "float_parsing": "number",
    "string_type": "text", "list_type": "list", "bool_type": "bool", "bool_parsing": "bool",
    "dict_type": "mapping", "dataclass_type": "mapping", "dataclass_exact_type": "mapping",
}  # fmt: skip
_ID_FIELDS = ("id", "phase", "opened_by")


def _validation_diagnostics(
    exc: ValidationError, data: Any, source: SourceMap, name: str
) -> Iterator[dg.Diagnostic]:
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind == "event_shape":
            text = msg(f"load.shape.{ctx.get('key')}", **ctx.get("args", {}))
            where = source.key_or_value((*loc, ctx.get("field", "")))
            yield dg.make(name, where, "BT002", msg("load.at", where=_describe(loc, data), text=text))
        elif kind == "unexpected_keyword_argument":  # a key the format does not have
            key = loc[-1]
            fields = _fields_at(Calendar, loc[:-1])
            close = closest(str(key), _words_for(fields, ("export.col.",)))
            path = _describe(loc[:-1], data)
            key = cut(str(key))
            text = (
                msg("load.unknown_key_close", key=key, where=path, close=close)
                if close
                else msg("load.unknown_key", key=key, where=path, known=", ".join(fields))
            )
            yield dg.make(name, source.at(loc, key=True), "BT002", text)
        elif kind == "missing":
            text = msg("load.missing", where=_describe(loc[:-1], data), key=loc[-1])
            yield dg.make(name, source.key_or_value(loc[:-1]), "BT002", text)
        else:
            text = _value_problem(err, loc, kind, ctx)
            yield dg.make(
                name, source.at(loc), "BT002", msg("load.at", where=_describe(loc, data), text=text)
            )


def _value_problem(err: Any, loc: tuple[Any, ...], kind: str, ctx: dict[str, Any]) -> Message:
    """What is wrong with a value, and how to write it."""
    value = err.get("input")
    error = ctx.get("error")
    if isinstance(error, Invalid):
        return msg(error.key, **error.kw)
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        choices = Join(tuple(f"'{o}'" for o in options), "or")
        close = closest(str(value), _words_for(options, ("kind.", "export.role.", "step.")), cutoff=0.5)
        if close:
            return msg("load.not_allowed_close", value=shown(value), choices=choices, close=close)
        return msg("load.not_allowed", value=shown(value), choices=choices)
    if kind == "string_pattern_mismatch":
        return _pattern_problem(loc, value, ctx.get("pattern", ""))
    if kind == "greater_than_equal":
        return msg("load.at_least", value=cut(str(value)), ge=ctx.get("ge"))
    if kind == "less_than_equal":
        return msg("load.at_most", value=cut(str(value)), le=ctx.get("le"))
    if kind in _WANTED:
        return msg("load.want", wanted=msg(f"load.want.{_WANTED[kind]}"), type=_type_name(value))
    return msg("load.other", text=err["msg"].removeprefix("Value error, "))


def _words_for(names: list[str], prefixes: tuple[str, ...]) -> dict[str, list[str]]:
    """Each name with the words the catalogue has for it in either language (`møde` for
    meeting, `Tidspunkt` for time), so that a Danish word suggests the name it stands for."""
    from ..i18n import LANGS, catalogue

    extra = {"bodies": "who"}  # the field is written `bodies`, its column `Hvem`
    out: dict[str, list[str]] = {}
    for name in names:
        words = out.setdefault(name, [])
        for lang in LANGS:
            for prefix in prefixes:
                value = catalogue(lang).get(prefix + extra.get(name, name))
                if isinstance(value, str):
                    words.append(value)
    return out


def _pattern_problem(loc: tuple[Any, ...], value: Any, pattern: str) -> Message:
    field = loc[-1] if loc else ""
    parent = loc[-2] if len(loc) >= 2 else ""
    if field in _ID_FIELDS or parent in ("bodies", "feeds"):
        return msg("load.not_an_id", value=shown(value))
    if field == "budget_years":
        m = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{1,2})\s*", str(value))
        if m:  # 2026-29: the century of the first year, unless that puts the last before it
            first, tail = int(m.group(1)), int(m.group(2))
            last = first - first % 10 ** len(m.group(2)) + tail
            last += 10 ** len(m.group(2)) if last < first else 0
            return msg("load.budget_years_short", value=shown(value), years=f"{first}-{last}")
        return msg("load.budget_years", value=shown(value))
    if field == "holidays":
        return msg("load.holidays", value=shown(value))
    if field == "color":
        return msg("load.color", value=shown(value))
    return msg("load.pattern", value=shown(value), pattern=pattern)


# --- references, read off the plain data --------------------------------------------------


def _id(value: Any) -> str | None:
    """An id as the model reads it (a number written where an id goes is its text)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


def _dicts(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        yield from ((i, x) for i, x in enumerate(value) if isinstance(x, dict))


def _references(data: dict[str, Any], source: SourceMap, name: str) -> Iterator[dg.Diagnostic]:
    """BT004 duplicate ids, BT005 unknown references, and steps that may occur once (BT002).

    Read off the plain data, so they are found whatever else is wrong; values of the
    wrong shape are left to pydantic's errors."""
    raw_bodies = data.get("bodies")
    bodies: dict[str, list[str]] = {}
    if isinstance(raw_bodies, dict):
        for k, b in raw_bodies.items():
            if (key := _id(k)) is not None:
                bodies[key] = [str(b.get(w)) for w in ("name", "short") if isinstance(b, dict) and b.get(w)]
    phases = yield from _ids(data.get("phases"), "phases", source, name)
    events = yield from _ids(data.get("events"), "events", source, name)

    def unknown(
        path: KeyPath, what: str, ref: str, known: dict[str, list[str]], event_id: str
    ) -> dg.Diagnostic:
        close = closest(ref, known)
        plural = {"body": "bodies", "phase": "phases", "event": "events"}[what]
        ref = cut(ref)
        if not known:
            text = msg(f"load.unknown.{what}.none", ref=ref, where=plural)
        elif close:
            text = msg(f"load.unknown.{what}.close", ref=ref, close=close, known=listing(known))
        else:
            text = msg(f"load.unknown.{what}", ref=ref, known=listing(known))
        return dg.make(name, source.at(path), "BT005", text, (event_id,))

    steps: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, e in _dicts(data.get("events")):
        base, eid = ("events", i), _id(e.get("id")) or ""
        for j, b in _refs(e.get("bodies")):
            if b not in bodies:
                yield unknown((*base, "bodies", j), "body", b, bodies, eid)
        if (p := _id(e.get("phase"))) is not None and p not in phases:
            yield unknown((*base, "phase"), "phase", p, phases, eid)
        for rel in ("after", "before"):
            items = e.get(rel)
            for j, c in enumerate(items if isinstance(items, list) else []):
                ref = _id(c.get("event") if isinstance(c, dict) else c)
                path = (*base, rel, j, "event") if isinstance(c, dict) else (*base, rel, j)
                if ref is not None and ref not in events:
                    yield unknown(path, "event", ref, events, eid)
        if (o := _id(e.get("opened_by"))) is not None and o not in events:
            yield unknown((*base, "opened_by"), "event", o, events, eid)
        for j, f in _refs(e.get("feeds")):
            if f not in events:
                yield unknown((*base, "feeds", j), "event", f, events, eid)
        step = e.get("step")
        if step in ("budget_proposal", "first_reading", "second_reading"):
            if step in steps:
                other = steps[step][1]
                oid, title = _id(other.get("id")) or "", other.get("title", "")
                text = msg("load.step_twice", step=step, other=cut(oid), title=cut(str(title)))
                yield dg.make(name, source.at((*base, "step")), "BT002", text, (eid, oid))
            else:
                steps[step] = (i, e)


def _budget_years(data: dict[str, Any]) -> tuple[int, int] | None:
    process = data.get("process")
    years = process.get("budget_years") if isinstance(process, dict) else None
    m = re.fullmatch(r"(\d{4})-(\d{4})", years) if isinstance(years, str) else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def _bounds(data: dict[str, Any], source: SourceMap, name: str, cal: Calendar | None) -> list[dg.Diagnostic]:
    """Dates near the budget years and windows of a bounded length (BT002).

    A meeting from year 2 to 9998 would make every rule walk three million days (110 s and
    1 GB in `check`), and a date in year 9999 breaks the exports' arithmetic (the day after).
    Read off the validated calendar, else off the plain data, like the references (dates
    pydantic refuses are left to it).
    """
    years = _budget_years(data)
    # Years the format refuses (0000-0001) are reported on budget_years; dates are then
    # bounded by the widest window any calendar may have.
    lawful = years and model.MIN_YEAR <= years[0] <= years[1] <= model.MAX_YEAR
    first, last = years if years and lawful else (model.MIN_YEAR, model.MAX_YEAR)
    low, high = first - model.DATE_MARGIN_YEARS, last + model.DATE_MARGIN_YEARS
    budget = f"{first}-{last}"
    out: list[dg.Diagnostic] = []

    def located(path: tuple[str, int, str], text: Message) -> dg.Diagnostic:
        return dg.make(name, source.at(path), "BT002", msg("load.at", where=_describe(path, data), text=text))

    for key in ("phases", "events"):
        validated = getattr(cal, key) if cal is not None else None
        for i, item in _dicts(data.get(key)):
            dates = _dates(item, validated[i] if validated is not None else None)
            for field, day in dates.items():
                if not (low <= day.first.year and day.last.year <= high):
                    text = msg("load.date_far", value=day.text, low=low, high=high, years=budget)
                    path = (key, i, field)
                    out.append(located(path, text))
            if "start" in dates and "end" in dates:
                days = (dates["end"].last - dates["start"].first).days + 1
                # A meeting on one day not yet known (start: 2023-05, end: 2023-06) is not long.
                exact = dates["start"].exact and dates["end"].exact
                meeting = key == "events" and item.get("kind") == "meeting" and exact
                limit = model.MAX_MEETING_DAYS if meeting else model.MAX_WINDOW_DAYS
                if days > limit:
                    path = (key, i, "end")
                    what = "load.meeting_too_many_days" if meeting else "load.window_too_long"
                    text = msg(what, days=days, limit=limit)
                    out.append(located(path, text))
    return out


def _dates(item: dict[str, Any], validated: Any) -> dict[str, FuzzyDate]:
    """An event's or phase's dates: as validated, else each that reads as a date."""
    fields = ("date", "start", "end")
    if validated is not None:
        return {f: d for f in fields if isinstance(d := getattr(validated, f, None), FuzzyDate)}
    out = {}
    for field in fields:
        if field in item:
            try:
                out[field] = FuzzyDate.parse(item[field])
            except (ValueError, OverflowError):
                continue
    return out


def _refs(value: Any) -> Iterator[tuple[int, str]]:
    for j, x in enumerate(value if isinstance(value, list) else []):
        if (ref := _id(x)) is not None:
            yield j, ref


def _ids(
    items: Any, key: str, source: SourceMap, name: str
) -> typing.Generator[dg.Diagnostic, None, dict[str, list[str]]]:
    """The ids of `phases` or `events` (each with its title, for "did you mean"); BT004 for a repeat."""
    seen: dict[str, int] = {}
    titles: dict[str, list[str]] = {}
    for i, item in _dicts(items):
        iid = _id(item.get("id"))
        if iid is None:
            continue
        if iid in seen:
            first = source.at((key, seen[iid], "id"))
            text = msg(f"load.duplicate_id.{key}", id=cut(iid), line=first[0])
            yield dg.make(name, source.at((key, i, "id")), "BT004", text, (iid,))
        else:
            seen[iid] = i
            titles[iid] = [str(item["title"])] if isinstance(item.get("title"), str) else []
    return titles


__all__ = ["calendar"]
