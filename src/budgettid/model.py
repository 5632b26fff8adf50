"""The calendar format, version 1, as pydantic models (see FORMAT.md)."""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

FORMAT_ID = "budgettid/1"
_Date = date  # Event has a field named `date`; its properties return this type.


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"


_PRECISION_RANK = {Precision.DAY: 0, Precision.MONTH: 1, Precision.QUARTER: 2}
_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH_NAMES_EN = [
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
DATE_HINT = "write a day (2023-06-13), a month (2023-04) or a quarter (2023-Q1)"


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
        """Read a FORMAT.md date; raises ValueError with a message that names the fix."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, date):
            return cls.day(value)
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date; {DATE_HINT}")
        text = value.strip()
        if m := _DAY_RE.match(text):
            y, mo, d = (int(g) for g in m.groups())
            if not 1 <= mo <= 12:
                raise ValueError(f"{text} is not a date: there is no month {mo}")
            days = _calendar.monthrange(y, mo)[1]
            if not 1 <= d <= days:
                raise ValueError(f"{text} is not a date: {_MONTH_NAMES_EN[mo]} {y} has {days} days")
            return cls.day(date(y, mo, d))
        if m := _MONTH_RE.match(text):
            y, mo = int(m.group(1)), int(m.group(2))
            if not 1 <= mo <= 12:
                raise ValueError(f"{text} is not a month: months run from 01 to 12")
            return cls.month(y, mo)
        if m := _QUARTER_RE.match(text):
            return cls.quarter(int(m.group(1)), int(m.group(2)))
        raise ValueError(f"{text!r} is not a date; {DATE_HINT}")

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
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
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
        raise ValueError(f'{value} is not a time; write it quoted as "HH:MM", e.g. "17:00"')
    if isinstance(value, str) and (m := re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip())):
        h, mi = int(m.group(1)), int(m.group(2))
        if h < 24 and mi < 60:
            return time(h, mi)
    raise ValueError(f'{value!r} is not a time; write it quoted as "HH:MM", e.g. "17:00"')


_DURATION_RE = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


def parse_duration(value: object) -> timedelta:
    """An ISO 8601 duration before the start (P7D, P1W, PT2H, P1DT12H)."""
    if isinstance(value, timedelta):
        return value
    m = _DURATION_RE.match(value.strip()) if isinstance(value, str) else None
    if not m or not any(m.groups()) or (value.endswith("T") if isinstance(value, str) else False):
        raise ValueError(f"{value!r} is not an ISO 8601 duration; write e.g. P7D (a week), P1D or PT2H")
    w, d, h, mi = (int(g or 0) for g in m.groups())
    return timedelta(weeks=w, days=d, hours=h, minutes=mi)


def format_duration(td: timedelta) -> str:
    days, rest = td.days, td.seconds
    hours, minutes = rest // 3600, rest % 3600 // 60
    out = "P" + (f"{days}D" if days else "")
    if hours or minutes:
        out += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out if out != "P" else "PT0M"


class _TimeAnnotation:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            _parse_time,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda t: t.strftime("%H:%M")),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        return {
            "type": "string",
            "pattern": r"^\d{1,2}:\d{2}$",
            "description": 'Local time HH:MM in process.timezone; quote it ("17:00").',
            "examples": ["17:00"],
        }


class _DurationAnnotation:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            parse_duration,
            serialization=core_schema.plain_serializer_function_ser_schema(format_duration),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        return {
            "type": "string",
            "pattern": r"^P(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?)?$",
            "description": "ISO 8601 duration before the start.",
            "examples": ["P7D", "P1D", "PT2H"],
        }


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(value: str) -> str:
    # Titles become table rows, SVG labels and iCalendar SUMMARY lines: a line break or a
    # control character would break all three. Longer text belongs in notes.
    if m := _CONTROL_RE.search(value):
        what = "a line break" if m.group() in "\r\n" else f"the control character U+{ord(m.group()):04X}"
        raise ValueError(f"{what} is not allowed here; write it on one line (longer text goes in notes)")
    return value


Line = Annotated[str, AfterValidator(_one_line)]
LocalTime = Annotated[time, _TimeAnnotation]
Duration = Annotated[timedelta, _DurationAnnotation]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$"),
    Field(description="Lowercase a-z, 0-9 and '-' (write æ as ae, ø as oe, å as aa)."),
]

Kind = Literal["deadline", "meeting", "hearing", "period", "event"]
Role = Literal[
    "council", "finance_committee", "committee", "mayor", "administration",
    "parties", "staff", "public", "other",
]  # fmt: skip
Step = Literal["budget_proposal", "first_reading", "amendment_deadline", "second_reading", "public_hearing"]
WINDOW_KINDS = frozenset({"hearing", "period"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, defer_build=True)


def _parse_month_day(value: object) -> tuple[int, int]:
    if isinstance(value, str) and (m := re.fullmatch(r"(\d{1,2})-(\d{1,2})", value.strip())):
        mo, d = int(m.group(1)), int(m.group(2))
        if (mo, d) == (2, 29):
            raise ValueError("02-29 is not in every year; write 02-28 or 03-01")
        if 1 <= mo <= 12 and 1 <= d <= _calendar.monthrange(2023, mo)[1]:
            return mo, d
    raise ValueError(f"{value!r} is not a day of the year; write MM-DD, e.g. 10-15")


class Rules(_Strict):
    """Overrides of the rule pack for this file."""

    adopt_by: str = Field(
        "10-15",
        description="MM-DD in the year before the first budget year: latest adoption.",
        examples=["10-15", "11-05"],
    )
    proposal_by: str = Field(
        "09-15",
        description="MM-DD, same year: the finance committee's proposal is due.",
        examples=["09-15"],
    )
    min_reading_gap_days: int = Field(
        21, ge=0, description="Days between the council's two readings.", examples=[21]
    )
    holidays: str = Field(
        "DK",
        pattern=r"^([A-Z]{2}(-[A-Z0-9]{1,3})?|none)$",
        description='Country (ISO 3166) for weekend/holiday checks; "none" skips BT302.',
        examples=["DK", "none"],
    )
    disable: list[str] = Field(
        default_factory=list,
        description="Rule codes switched off for this file (not BT001-BT005).",
        examples=[["BT301"]],
    )

    @field_validator("adopt_by", "proposal_by")
    @classmethod
    def _month_day(cls, v: str) -> str:
        mo, d = _parse_month_day(v)
        return f"{mo:02d}-{d:02d}"

    @field_validator("disable")
    @classmethod
    def _known_codes(cls, v: list[str]) -> list[str]:
        from .diagnostics import CODES, LOAD_CODES, lookup

        out = []
        for item in v:
            code = lookup(item)
            if code is None:
                raise ValueError(f"{item!r} is not a rule code; run `budgettid rules` to list them")
            if code.code in LOAD_CODES:
                raise ValueError(f"{code.code} checks loading and cannot be disabled")
            out.append(CODES[code.code].code)
        return out

    def adopt_by_date(self, year: int) -> date:
        return date(year, *_parse_month_day(self.adopt_by))

    def proposal_by_date(self, year: int) -> date:
        return date(year, *_parse_month_day(self.proposal_by))


class Process(_Strict):
    """Who runs the process, for which budget years, and in which zone and language."""

    id: Slug = Field(description="Goes into every iCalendar UID.", examples=["alleroed-budget-2024-31"])
    title: Line = Field(
        description="The process's name, as in the council's decision.", examples=["Budgetprocessen 2024-31"]
    )
    municipality: str | None = Field(None, description="Whose process this is.", examples=["Allerød Kommune"])
    budget_years: str = Field(
        pattern=r"^\d{4}-\d{4}$",
        description="first-last; the first is the year being adopted.",
        examples=["2024-2031"],
    )
    timezone: str = Field("Europe/Copenhagen", description="IANA zone name.", examples=["Europe/Copenhagen"])
    language: Literal["da", "en"] = Field("da", description="Language of the titles.", examples=["da", "en"])
    contact: str | None = Field(
        None, description="Where hearing replies go.", examples=["sekretariat@alleroed.dk"]
    )
    source: str | None = Field(
        None,
        description="The document this calendar transcribes.",
        examples=["Budgetprocessen 2024-31, byrådet 15/12-2022"],
    )
    rules: Rules = Field(
        default_factory=Rules,  # type: ignore[arg-type]
        description="Overrides of the statutory deadlines, reading gap, holidays and rules for this file.",
        examples=[{"adopt_by": "10-15", "min_reading_gap_days": 21, "holidays": "DK"}],
    )

    @field_validator("budget_years")
    @classmethod
    def _years_ordered(cls, v: str) -> str:
        first, last = (int(x) for x in v.split("-"))
        if last < first:
            raise ValueError(f"{v}: the last budget year is before the first; write first-last")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{v!r} is not an IANA time zone; write e.g. Europe/Copenhagen") from None
        return v

    @property
    def first_budget_year(self) -> int:
        return int(self.budget_years.split("-")[0])

    @property
    def last_budget_year(self) -> int:
        return int(self.budget_years.split("-")[1])

    @property
    def written_language(self) -> str | None:
        """`language` when the file sets it; None lets the reader's locale decide."""
        return self.language if "language" in self.model_fields_set else None


class Body(_Strict):
    """Someone who acts in the process: the council, a committee, the parties."""

    name: Line = Field(description="The body's name, as in titles.", examples=["Økonomiudvalget"])
    role: Role = Field(description="What the body is in the process.", examples=["finance_committee"])
    short: Line | None = Field(None, description="A short label for tight places.", examples=["ØU"])


class Phase(_Strict):
    """A stretch of the process; phases may overlap."""

    id: Slug = Field(description="Unique among the phases; events name it in phase.", examples=["afklaring"])
    title: Line = Field(description="The phase's name.", examples=["Fase 1: Afklaring og kvalificering"])
    start: FuzzyDate = Field(description="The phase's first day.", examples=["2022-12-15"])
    end: FuzzyDate = Field(description="Inclusive.", examples=["2023-08-31"])
    color: str | None = Field(
        None, pattern=r"^#[0-9a-fA-F]{6}$", description="Colour in pictures, #rrggbb.", examples=["#2e7d9a"]
    )


class Constraint(_Strict):
    """An ordering constraint on another event, optionally with a minimum gap in days."""

    event: Slug = Field(description="The other event's id.", examples=["oeu-1-behandling"])
    min_days: int = Field(0, ge=0, description="At least this many days between the two.", examples=[7])

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, data: Any) -> Any:
        return {"event": data} if isinstance(data, str) else data


class Event(_Strict):
    """One dated activity of the process."""

    id: Slug = Field(description="Unique in the file, stable across edits.", examples=["frist-oensker"])
    title: Line = Field(
        description="What happens, in the calendar's language.",
        examples=["1. behandling af budget 2024-31 i byrådet"],
    )
    kind: Kind = Field(
        description="deadline, meeting, hearing, period or event; hearing and period need start and end.",
        examples=["meeting"],
    )
    date: FuzzyDate | None = Field(
        None, description="The day (or month or quarter); else start and end.", examples=["2023-09-19"]
    )
    start: FuzzyDate | None = Field(None, description="A window's first day.", examples=["2023-08-29"])
    end: FuzzyDate | None = Field(None, description="Inclusive.", examples=["2023-09-06"])
    bodies: list[Slug] = Field(
        default_factory=list, description="Who acts: ids from bodies.", examples=[["oeu", "byraadet"]]
    )
    phase: Slug | None = Field(
        None, description="The phase must contain the event.", examples=["forhandling"]
    )
    step: Step | None = Field(None, description="Statutory step, see FORMAT.md.", examples=["first_reading"])
    time: LocalTime | None = Field(None, description='Start time, quoted "HH:MM".', examples=["17:00"])
    end_time: LocalTime | None = Field(None, description="Needs time.", examples=["19:00"])
    location: Line | None = Field(None, description="Where it takes place.", examples=["Rådhuset"])
    notes: str | None = Field(
        None, description="Free text for readers.", examples=["Svar sendes til sekretariatet"]
    )
    url: str | None = Field(
        None, description="A link to the material.", examples=["https://alleroed.dk/budget"]
    )
    tags: list[str] = Field(default_factory=list, description="Free labels.", examples=[["budgetopfølgning"]])
    reminders: list[Duration] = Field(
        default_factory=list, description="ISO 8601 durations before the start.", examples=[["P7D", "P1D"]]
    )
    after: list[Constraint] = Field(
        default_factory=list,
        description="May not start before these events end.",
        examples=[["oeu-1-behandling", {"event": "frist-aendringsforslag", "min_days": 7}]],
    )
    before: list[Constraint] = Field(
        default_factory=list,
        description="May not end after these events start.",
        examples=[["byraadet-2-behandling"]],
    )
    opened_by: Slug | None = Field(
        None,
        description="Hearing only: the treatment that sends it out.",
        examples=["oeu-effektiviseringskatalog"],
    )
    feeds: list[Slug] = Field(
        default_factory=list,
        description="Hearing only: what uses the replies.",
        examples=[["budgetforhandlinger"]],
    )

    @model_validator(mode="after")
    def _shape(self) -> Event:
        def fail(field: str, message: str) -> PydanticCustomError:
            return PydanticCustomError("event_shape", message, {"field": field})

        window = self.start is not None or self.end is not None
        if self.date is not None and window:
            raise fail("date", "use either date, or start and end, not both")
        if self.date is None:
            if self.start is None:
                raise fail("end" if self.end else "", f"a {self.kind} needs date, or start and end")
            if self.end is None:
                raise fail("start", "a window needs an end as well as a start")
        if self.kind in WINDOW_KINDS and self.date is not None:
            raise fail("date", f"a {self.kind} is a window: write start and end instead of date")
        if self.end_time is not None and self.time is None:
            raise fail("end_time", "end_time needs time")
        one_day = self.date is not None or self.start == self.end
        if self.time is not None and self.end_time is not None and self.end_time <= self.time and one_day:
            raise fail("end_time", "end_time must be after time")
        if self.kind != "hearing":
            if self.opened_by is not None:
                raise fail("opened_by", "opened_by is for hearings only (kind: hearing)")
            if self.feeds:
                raise fail("feeds", "feeds is for hearings only (kind: hearing)")
        return self

    @property
    def span_start(self) -> FuzzyDate:
        return self.date or self.start  # type: ignore[return-value]

    @property
    def span_end(self) -> FuzzyDate:
        return self.date or self.end  # type: ignore[return-value]

    @property
    def first(self) -> _Date:
        """Earliest possible first day."""
        return self.span_start.first

    @property
    def last(self) -> _Date:
        """Latest possible last day."""
        return self.span_end.last

    @property
    def is_window(self) -> bool:
        return self.date is None

    @property
    def precision(self) -> Precision:
        return coarsest(self.span_start.precision, self.span_end.precision)

    @property
    def exact(self) -> bool:
        return self.precision is Precision.DAY


class Calendar(_Strict):
    """A whole budget process: one YAML file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        defer_build=True,
        json_schema_extra={"title": "budgettid calendar, format 1"},
    )

    format: Literal["budgettid/1"] = Field(description="Exactly budgettid/1.", examples=["budgettid/1"])
    process: Process = Field(
        description="Who runs the process, for which budget years.",
        examples=[
            {"id": "alleroed-budget-2024-31", "title": "Budgetprocessen 2024-31", "budget_years": "2024-2031"}
        ],
    )
    bodies: dict[Slug, Body] = Field(
        description="Who acts, by id.", examples=[{"byraadet": {"name": "Byrådet", "role": "council"}}]
    )
    phases: list[Phase] = Field(
        description="Stretches of the process; may be empty.",
        examples=[[{"id": "afklaring", "title": "Fase 1", "start": "2022-12-15", "end": "2023-08-31"}]],
    )
    events: list[Event] = Field(
        description="Every dated activity.",
        examples=[
            [
                {
                    "id": "byraadet-1-behandling",
                    "title": "1. behandling af budget 2024-31 i byrådet",
                    "kind": "meeting",
                    "date": "2023-09-19",
                    "bodies": ["byraadet"],
                    "step": "first_reading",
                }
            ]
        ],
    )

    _file: str = PrivateAttr("<calendar>")
    _source: Any = PrivateAttr(None)

    @property
    def file(self) -> str:
        return self._file

    @property
    def source(self) -> Any:
        """The SourceMap of the file this came from (None when built in code)."""
        return self._source

    @cached_property
    def event_index(self) -> dict[str, int]:
        return {e.id: i for i, e in enumerate(self.events)}

    @cached_property
    def phase_by_id(self) -> dict[str, Phase]:
        return {p.id: p for p in self.phases}

    def event(self, event_id: str) -> Event:
        return self.events[self.event_index[event_id]]

    def step(self, step: str) -> Event | None:
        return next((e for e in self.events if e.step == step), None)

    def span(self) -> tuple[date, date] | None:
        """First and last possible day of the whole process."""
        days = [e.first for e in self.events] + [p.start.first for p in self.phases]
        ends = [e.last for e in self.events] + [p.end.last for p in self.phases]
        return (min(days), max(ends)) if days else None
