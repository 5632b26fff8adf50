"""The value types of the format: fuzzy dates, clock times, durations, and the `Meta`
annotation that pydantic reads off a field (documentation, constraints, checks).

Standard library only, like model.py: a calendar read back from the cache needs no pydantic.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic_core import CoreSchema


class Invalid(ValueError):
    """A value the format does not allow: the catalogue's words for it (`key`, `kw`).

    pydantic keeps the exception, so validate.py turns it into a Message in the reader's
    language; str() is the English (i18n is imported only then, on an error).
    """

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key, self.kw = key, args

    def __str__(self) -> str:
        from ..i18n import Message

        return Message(self.key, self.kw).text("en")


def cut(text: str, limit: int = 80) -> str:
    """`text` for a message: at most `limit` characters, a cut one ending in `…`."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: object) -> str:
    """A value as a message quotes it (repr), cut: a 4 MB title is not printed 4,000 times."""
    if isinstance(value, str) and len(value) > 200:
        value = value[:200]  # repr of the head only: never the whole value
    return cut(repr(value))


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"


_SHORT = 40  # longer than any date or time, however spaced: not read at all
_PRECISION_RANK = {Precision.DAY: 0, Precision.MONTH: 1, Precision.QUARTER: 2}
_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-[Qq]([1-4])$")


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A day, or one unknown day within a month or a quarter.

    `first` and `last` bound the possible days (inclusive); for a day they are equal.
    """

    first: date
    last: date
    precision: Precision
    text: str

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        """Read a date of docs/format.md; raises ValueError with a message that names the fix."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, date):
            return cls.day(value)
        if not isinstance(value, str) or len(value) > _SHORT:
            raise Invalid("load.not_a_date", value=shown(value))
        text = value.strip()
        if m := _DAY_RE.match(text):
            y, mo, d = (int(g) for g in m.groups())
            if not 1 <= mo <= 12:
                raise Invalid("load.no_such_month", value=text, month=mo)
            days = _calendar.monthrange(y, mo)[1]
            if not 1 <= d <= days:
                raise Invalid("load.no_such_day", value=text, month=cls.month(y, mo), days=days)
            return cls.day(date(y, mo, d))
        if m := _MONTH_RE.match(text):
            y, mo = int(m.group(1)), int(m.group(2))
            if not 1 <= mo <= 12:
                raise Invalid("load.not_a_month", value=text)
            return cls.month(y, mo)
        if m := _QUARTER_RE.match(text):
            return cls.quarter(int(m.group(1)), int(m.group(2)))
        raise Invalid("load.not_a_date", value=shown(text))

    @classmethod
    def day(cls, d: date) -> FuzzyDate:
        return cls(d, d, Precision.DAY, d.isoformat())

    @classmethod
    def month(cls, year: int, month: int) -> FuzzyDate:
        last = date(year, month, _calendar.monthrange(year, month)[1])
        return cls(date(year, month, 1), last, Precision.MONTH, f"{year:04d}-{month:02d}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> FuzzyDate:
        first, end_month = date(year, 3 * quarter - 2, 1), 3 * quarter
        last = date(year, end_month, _calendar.monthrange(year, end_month)[1])
        return cls(first, last, Precision.QUARTER, f"{year:04d}-Q{quarter}")

    @property
    def exact(self) -> bool:
        return self.precision is Precision.DAY

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": r"^\d{4}-(\d{2}-\d{2}|\d{1,2}|[Qq][1-4])$",
            "description": "A day (2023-06-13), a month (2023-04) or a quarter (2023-Q1).",
            "examples": ["2023-09-19", "2023-04", "2023-Q1"],
        }


def coarsest(*precisions: Precision) -> Precision:
    return max(precisions, key=_PRECISION_RANK.__getitem__)


def _parse_time(value: object) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 17:00 as 1020 (base 60); our loader reads YAML 1.2,
        # so a number here was written as a number.
        raise Invalid("load.not_a_time", value=value)
    if (
        isinstance(value, str)
        and len(value) <= _SHORT
        and (m := re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip()))
    ):
        h, mi = int(m.group(1)), int(m.group(2))
        if h < 24 and mi < 60:
            return time(h, mi)
    raise Invalid("load.not_a_time", value=shown(value))


_DURATION_RE = re.compile(r"^P(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?)?$")
_NUMBER_RE = re.compile(r"\d{10,}")
MAX_DURATION_DAYS = 366


def parse_duration(value: object) -> timedelta:
    """An ISO 8601 duration before the start (P7D, P1W, PT2H, P1DT12H)."""
    if isinstance(value, timedelta):
        return value
    # Short values only: stripping and matching a 4 MB alias 4,999 times would take minutes.
    text = value.strip() if isinstance(value, str) and len(value) <= 200 else None
    m = _DURATION_RE.match(text) if text is not None and len(text) <= 40 else None
    if m is None and text is not None and _DURATION_RE.match(_NUMBER_RE.sub("1", text)):
        raise Invalid("load.duration_too_long", value=shown(text), days=MAX_DURATION_DAYS)
    if not m or not any(m.groups()) or text is None or text.endswith("T"):
        raise Invalid("load.not_a_duration", value=shown(value))
    w, d, h, mi = (int(g or 0) for g in m.groups())
    # Bounded before timedelta is built: P999999999999D would overflow it.
    if w * 7 * 1440 + d * 1440 + h * 60 + mi > MAX_DURATION_DAYS * 1440:
        raise Invalid("load.duration_too_long", value=shown(text), days=MAX_DURATION_DAYS)
    return timedelta(weeks=w, days=d, hours=h, minutes=mi)


def format_duration(td: timedelta) -> str:
    days, rest = td.days, td.seconds
    hours, minutes = rest // 3600, rest % 3600 // 60
    out = "P" + (f"{days}D" if days else "")
    if hours or minutes:
        out += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out if out != "P" else "PT0M"


class Meta:
    """What pydantic reads off an annotated field: its documentation, constraints and check.

    Plain data until a file is validated; only then are pydantic's hooks below called.
    `check` is a function that returns the value or raises ValueError with the fix;
    `before` rewrites the raw value before it is validated.
    """

    __slots__ = ("before", "check", "description", "examples", "ge", "json", "le", "max_length", "pattern")

    def __init__(
        self,
        description: str | None = None,
        examples: list[Any] | None = None,
        *,
        pattern: str | None = None,
        ge: int | None = None,
        le: int | None = None,
        max_length: int | None = None,
        check: Callable[[Any], Any] | None = None,
        before: Callable[[Any], Any] | None = None,
        json: dict[str, Any] | None = None,
    ) -> None:
        self.description, self.examples = description, examples
        self.pattern, self.ge, self.check, self.before = pattern, ge, check, before
        self.le, self.max_length = le, max_length
        self.json = json  # what the JSON Schema says of the text beyond pattern and length

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        schema = handler(source)
        # A constraint applies to the value, inside `X | None`.
        inner: Any = schema["schema"] if schema["type"] == "nullable" else schema
        if self.pattern is not None:
            inner["pattern"] = self.pattern
        if self.ge is not None:
            inner["ge"] = self.ge
        if self.le is not None:
            inner["le"] = self.le
        if self.check is not None:
            schema = core_schema.no_info_after_validator_function(self.check, schema)
        if self.before is not None:
            schema = core_schema.no_info_before_validator_function(self.before, schema)
        if self.max_length is not None:
            # Checked first, on the raw value: len() costs nothing, while a 4 MB title used
            # as 4,999 aliases would be read 4,999 times by a pattern and a check.
            schema = core_schema.no_info_before_validator_function(_at_most(self.max_length), schema)
        return schema

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        out = handler(schema)
        if self.max_length is not None or self.json is not None:
            target = out
            if "anyOf" in out:  # `str | None`: the limit is on the text
                target = next((s for s in out["anyOf"] if s.get("type") == "string"), out)
            if self.max_length is not None:
                target["maxLength"] = self.max_length
            target.update(self.json or {})
        if self.description is not None:
            out["description"] = self.description
        if self.examples is not None:
            out["examples"] = self.examples
        return out


def _at_most(limit: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, str) and len(value) > limit:
            raise Invalid("load.too_long", n=len(value), limit=limit)
        return value

    return check


class _Plain:
    """A type read by a function, written back as text (times, durations)."""

    def __init__(self, parse: Callable[[Any], Any], show: Callable[[Any], str], json: dict[str, Any]) -> None:
        self.parse, self.show, self.json = parse, show, json

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            self.parse, serialization=core_schema.plain_serializer_function_ser_schema(self.show)
        )

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        return dict(self.json)


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(value: str) -> str:
    # Titles become table rows, SVG labels and iCalendar SUMMARY lines: a line break or a
    # control character would break all three. Longer text belongs in notes.
    if m := _CONTROL_RE.search(value):
        if m.group() in "\r\n":
            raise Invalid("load.line_break")
        raise Invalid("load.control_char", char=f"U+{ord(m.group()):04X}")
    return value


MAX_LINE = 500  # a title, a name, a place: one line of a table
MAX_TEXT = 10_000  # notes and descriptions: a few paragraphs
MAX_URL = 2_000  # what browsers and mail clients reliably take
MAX_ID = 100  # an id goes into every iCalendar UID and file name

Line = Annotated[str, Meta(max_length=MAX_LINE, check=_one_line)]
LocalTime = Annotated[
    time,
    _Plain(
        _parse_time,
        lambda t: t.strftime("%H:%M"),
        {
            "type": "string",
            "pattern": r"^\d{1,2}:\d{2}$",
            "description": 'Local time HH:MM in process.timezone; quote it ("17:00").',
            "examples": ["17:00"],
        },
    ),
]
Duration = Annotated[
    timedelta,
    _Plain(
        parse_duration,
        format_duration,
        {
            "type": "string",
            "pattern": r"^P(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?)?$",
            "description": "ISO 8601 duration before the start.",
            "examples": ["P7D", "P1D", "PT2H"],
        },
    ),
]
Slug = Annotated[
    str,
    Meta(
        "Lowercase a-z, 0-9 and '-' (write æ as ae, ø as oe, å as aa).",
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=MAX_ID,
    ),
]
