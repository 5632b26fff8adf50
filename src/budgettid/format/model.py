"""The calendar format, version 1, as plain frozen dataclasses (see docs/format.md).

pydantic validates files into these classes (`validate`), reading the field
documentation and checks off `Meta` annotations. Importing this module imports nothing
outside the standard library: a calendar read back from the cache (cache.py) needs
only this module and values.py, which is what makes `budgettid next` start quickly.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar

from ..daysoff import DEFAULT_CLOSED_DAYS, NAMED_DAYS, parse_closed_day
from .values import (
    MAX_TEXT,
    MAX_URL,
    Duration,
    FuzzyDate,
    Invalid,
    Line,
    LocalTime,
    Meta,
    Precision,
    Slug,
    coarsest,
    shown,
)

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

FORMAT_ID = "budgettid/1"

Kind = Literal["deadline", "meeting", "hearing", "period", "event"]
Role = Literal[
    "council", "finance_committee", "committee", "mayor", "administration",
    "parties", "staff", "public", "other",
]  # fmt: skip
Step = Literal["budget_proposal", "first_reading", "amendment_deadline", "second_reading", "public_hearing"]
WINDOW_KINDS = frozenset({"hearing", "period"})

# Every class of the format refuses unknown keys and reads a number written where text
# is expected (an id of 2024) as that text.
_CONFIG: dict[str, Any] = {"extra": "forbid", "coerce_numbers_to_str": True}


def _parse_month_day(value: object) -> tuple[int, int]:
    if (
        isinstance(value, str)
        and len(value) <= 40
        and (m := re.fullmatch(r"(\d{1,2})-(\d{1,2})", value.strip()))
    ):
        mo, d = int(m.group(1)), int(m.group(2))
        if (mo, d) == (2, 29):
            raise Invalid("load.feb29")
        if 1 <= mo <= 12 and 1 <= d <= _calendar.monthrange(2023, mo)[1]:
            return mo, d
    raise Invalid("load.not_month_day", value=shown(value))


def _month_day(value: str) -> str:
    mo, d = _parse_month_day(value)
    return f"{mo:02d}-{d:02d}"


def _closed_days(value: list[str]) -> list[str]:
    out = []
    for v in value:
        try:
            if len(v) > 40:
                raise ValueError(v)
            out.append(parse_closed_day(v))
        except ValueError:
            raise Invalid("load.not_closed_day", value=shown(v), named=", ".join(NAMED_DAYS)) from None
    return out


def _known_codes(value: list[str]) -> list[str]:
    from ..diagnostics import CODES, LOAD_CODES, lookup

    out = []
    for item in value:
        code = lookup(item) if len(item) <= 40 else None
        if code is None:
            raise Invalid("load.not_a_code", value=shown(item))
        if code.code in LOAD_CODES:
            raise Invalid("load.not_disableable", code=code.code)
        out.append(CODES[code.code].code)
    return out


def _accepts(value: dict[str, str]) -> dict[str, str]:
    """Keys are rule codes or symbols that can be accepted; reasons say why (not empty)."""
    from ..diagnostics import NOT_ACCEPTABLE, lookup

    for key, reason in value.items():
        code = lookup(key) if len(key) <= 40 else None
        if code is None:
            raise Invalid("load.not_a_code", value=shown(key))
        if code.code in NOT_ACCEPTABLE:
            raise Invalid("load.not_acceptable", code=code.code)
        if not reason.strip():
            raise Invalid("load.no_reason", code=key)
    return value


@dataclass(frozen=True, kw_only=True)
class Rules:
    """Overrides of the rule pack for this file."""

    __pydantic_config__ = _CONFIG

    adopt_by: Annotated[
        str,
        Meta(
            "MM-DD in the year before the first budget year: latest adoption.",
            ["10-15", "11-05"],
            check=_month_day,
        ),
    ] = "10-15"
    proposal_by: Annotated[
        str, Meta("MM-DD, same year: the finance committee's proposal is due.", ["09-15"], check=_month_day)
    ] = "09-15"
    min_reading_gap_days: Annotated[
        int, Meta("Days between the council's two readings (0-366).", [21], ge=0, le=MAX_GAP_DAYS)
    ] = 21
    holidays: Annotated[
        str,
        Meta(
            'Country (ISO 3166) for weekend/holiday checks; "none" skips BT302.',
            ["DK", "none"],
            pattern=r"^([A-Z]{2}(-[A-Z0-9]{1,3})?|none)$",
        ),
    ] = "DK"
    closed_days: Annotated[
        list[str],
        Meta(
            "Days the municipality is closed although not public holidays (BT303): MM-DD, or "
            "friday-after-ascension. Default: 06-05, 12-24, 12-31, friday-after-ascension.",
            [["06-05", "12-24", "12-31", "friday-after-ascension"], []],
            check=_closed_days,
        ),
    ] = field(default_factory=lambda: list(DEFAULT_CLOSED_DAYS))
    disable: Annotated[
        list[str],
        Meta("Rule codes switched off for this file (not BT001-BT005).", [["BT301"]], check=_known_codes),
    ] = field(default_factory=list)

    def adopt_by_date(self, year: int) -> date:
        return date(year, *_parse_month_day(self.adopt_by))

    def proposal_by_date(self, year: int) -> date:
        return date(year, *_parse_month_day(self.proposal_by))


def _years_ordered(value: str) -> str:
    first, last = (int(x) for x in value.split("-"))
    if last < first:
        raise Invalid("load.years_reversed", value=value)
    if not (first >= MIN_YEAR and last <= MAX_YEAR):
        raise Invalid("load.years_range", value=value, min=MIN_YEAR, max=MAX_YEAR)
    if last - first + 1 > MAX_BUDGET_YEARS:
        raise Invalid("load.years_too_many", value=value, n=MAX_BUDGET_YEARS)
    return value


_ZONE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*")


def _known_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if len(value) > 64 or not _ZONE_RE.fullmatch(value):
        raise Invalid("load.not_a_zone", value=shown(value))
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: `Europe` is the folder of the European zones (IsADirectoryError).
        raise Invalid("load.not_a_zone", value=shown(value)) from None
    return value


def _web_address(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"https?://[^\s<>\"'`]+\.[^\s<>\"'`]+", value.strip()):
        raise Invalid("load.not_a_web_address", value=shown(value))
    return value.strip()


LINK_SCHEMES = ("http", "https", "mailto")
# _link as the JSON Schema says it (ECMA-262 has no (?i)); editors check links as they are typed.
LINK_PATTERN = r'^([Hh][Tt][Tt][Pp][Ss]?://[^/?#\s]|[Mm][Aa][Ii][Ll][Tt][Oo]:\S)[^\s<>"\\`]*$'
_LINK_RE = re.compile(r"(?i:https?://[^/?#\s]|mailto:\S)")
# Characters a link never holds unencoded: they end an attribute or a header line in the
# page and the feeds, or hide what the link says.
_LINK_BAD = frozenset('<>"\\`')
_LINK_BAD_ASCII = re.compile(r'[\x00-\x20\x7f<>"\\`]')


def _link(value: str | None) -> str | None:
    """A link on the public page and in every feed: http, https or mailto only (never
    javascript: or data:), and no character that could end the line or attribute it is in."""
    if value is None:
        return None
    if not _LINK_RE.match(value):
        raise Invalid("load.link_scheme", value=shown(value))
    if value.isascii():  # nearly every link: one pattern, no loop
        if m := _LINK_BAD_ASCII.search(value):
            raise Invalid("load.link_char", char=f"U+{ord(m.group()):04X}")
        return value
    import unicodedata

    for char in value:
        if char in _LINK_BAD or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            raise Invalid("load.link_char", char=f"U+{ord(char):04X}")
    return value


MIN_YEAR, MAX_YEAR = 1900, 2999  # budget years
MAX_BUDGET_YEARS = 100
MAX_GAP_DAYS = 366  # between the two readings
MAX_MIN_DAYS = 3660  # an `after`/`before` gap: ten years
DATE_MARGIN_YEARS = 50  # dates lie within this many years of the budget years
MAX_WINDOW_DAYS = 731  # a hearing, a period, a phase: two years
MAX_MEETING_DAYS = 31  # a meeting over several days


def _text(value: str | None) -> str | None:
    """Prose without the line break a YAML block (`|`) ends on, or the blank lines around it."""
    return value.strip() or None if value is not None else None


def _meeting_minutes(value: int) -> int:
    if value > 24 * 60:
        raise Invalid("load.meeting_too_long", value=value)
    return value


@dataclass(frozen=True, kw_only=True)
class Process:
    """Who runs the process, for which budget years, and in which zone and language."""

    __pydantic_config__ = _CONFIG

    id: Annotated[Slug, Meta("Goes into every iCalendar UID.", ["alleroed-budget-2024-31"])]
    title: Annotated[
        Line, Meta("The process's name, as in the council's decision.", ["Budgetprocessen 2024-31"])
    ]
    municipality: Annotated[Line | None, Meta("Whose process this is.", ["Allerød Kommune"])] = None
    budget_years: Annotated[
        str,
        Meta(
            "first-last; the first is the year being adopted.",
            ["2024-2031"],
            pattern=r"^\d{4}-\d{4}$",
            check=_years_ordered,
            json={"pattern": r"^(19|2\d)\d\d-(19|2\d)\d\d$"},
        ),
    ]
    timezone: Annotated[str, Meta("IANA zone name.", ["Europe/Copenhagen"], check=_known_zone)] = (
        "Europe/Copenhagen"
    )
    language: Annotated[Literal["da", "en"], Meta("Language of the titles.", ["da", "en"])] = "da"
    contact: Annotated[Line | None, Meta("Where hearing replies go.", ["sekretariat@alleroed.dk"])] = None
    source: Annotated[
        Line | None,
        Meta("The document this calendar transcribes.", ["Budgetprocessen 2024-31, byrådet 15/12-2022"]),
    ] = None
    description: Annotated[
        str | None,
        Meta(
            "The process note's introduction (`budgettid doc`); paragraphs apart by a blank line.",
            ["Budgetprocessen er den årlige tids- og handleplan, der fører frem til budgettet."],
            max_length=MAX_TEXT,
            check=_text,
        ),
    ] = None
    accessibility_statement: Annotated[
        str | None,
        Meta(
            "The web address of the municipality's accessibility statement (tilgængelighedserklæring), "
            "linked from the page that `budgettid site` builds.",
            ["https://www.was.digst.dk/alleroed-dk"],
            max_length=MAX_URL,
            check=_web_address,
        ),
    ] = None
    meeting_minutes: Annotated[
        int,
        Meta(
            "How long a meeting with a time and no end_time lasts in the feeds, in minutes "
            "(1-1440); deadlines stay moments.",
            [120, 90],
            ge=1,
            check=_meeting_minutes,
        ),
    ] = 120
    rules: Annotated[
        Rules,
        Meta(
            "Overrides of the statutory deadlines, reading gap, holidays and rules for this file.",
            [{"adopt_by": "10-15", "min_reading_gap_days": 21, "holidays": "DK"}],
        ),
    ] = field(default_factory=Rules)

    # Set by validation: whether the file wrote `language` (True for a Process built in code).
    _language_written: ClassVar[bool] = True

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        def note_language(data: Any, validate: Callable[[Any], Process]) -> Process:
            process = validate(data)
            written = isinstance(data, dict) and "language" in data
            object.__setattr__(process, "_language_written", written)
            return process

        return core_schema.no_info_wrap_validator_function(note_language, handler(source))

    @property
    def first_budget_year(self) -> int:
        return int(self.budget_years.split("-")[0])

    @property
    def last_budget_year(self) -> int:
        return int(self.budget_years.split("-")[1])

    @property
    def written_language(self) -> str | None:
        """`language` when the file sets it; None lets the reader's locale decide."""
        return self.language if self._language_written else None


@dataclass(frozen=True, kw_only=True)
class Body:
    """Someone who acts in the process: the council, a committee, the parties."""

    __pydantic_config__ = _CONFIG

    name: Annotated[Line, Meta("The body's name, as in titles.", ["Økonomiudvalget"])]
    role: Annotated[Role, Meta("What the body is in the process.", ["finance_committee"])]
    short: Annotated[Line | None, Meta("A short label for tight places.", ["ØU"])] = None


@dataclass(frozen=True, kw_only=True)
class Phase:
    """A stretch of the process; phases may overlap."""

    __pydantic_config__ = _CONFIG

    id: Annotated[Slug, Meta("Unique among the phases; events name it in phase.", ["afklaring"])]
    title: Annotated[Line, Meta("The phase's name.", ["Fase 1: Afklaring og kvalificering"])]
    start: Annotated[FuzzyDate, Meta("The phase's first day.", ["2022-12-15"])]
    end: Annotated[FuzzyDate, Meta("Inclusive.", ["2023-08-31"])]
    color: Annotated[
        str | None, Meta("Colour in pictures, #rrggbb.", ["#2e7d9a"], pattern=r"^#[0-9a-fA-F]{6}$")
    ] = None
    description: Annotated[
        str | None,
        Meta(
            "What happens in the phase, for the process note; paragraphs apart by a blank line.",
            ["Partierne afleverer større politiske spørgsmål og ønsker."],
            max_length=MAX_TEXT,
            check=_text,
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class Constraint:
    """An ordering constraint on another event, optionally with a minimum gap in days."""

    __pydantic_config__ = _CONFIG

    event: Annotated[Slug, Meta("The other event's id.", ["oeu-1-behandling"])]
    min_days: Annotated[
        int, Meta("At least this many days between the two (0-3660).", [7], ge=0, le=MAX_MIN_DAYS)
    ] = 0


# `after: [oeu-1-behandling]` is short for `after: [{event: oeu-1-behandling}]`. (A hook on
# the class itself would be lost: pydantic reuses a dataclass's plain schema where it is
# referenced a second time.)
Ref = Annotated[Constraint, Meta(before=lambda data: {"event": data} if isinstance(data, str) else data)]


_Date = date  # Event has a field named `date`; its properties return this type.


@dataclass(frozen=True, kw_only=True)
class Event:
    """One dated activity of the process."""

    __pydantic_config__ = _CONFIG

    id: Annotated[Slug, Meta("Unique in the file, stable across edits.", ["frist-oensker"])]
    title: Annotated[
        Line, Meta("What happens, in the calendar's language.", ["1. behandling af budget 2024-31 i byrådet"])
    ]
    kind: Annotated[
        Kind,
        Meta(
            "deadline, meeting, hearing, period or event; hearing and period need start and end.",
            ["meeting"],
        ),
    ]
    date: Annotated[
        FuzzyDate | None, Meta("The day (or month or quarter); else start and end.", ["2023-09-19"])
    ] = None
    start: Annotated[FuzzyDate | None, Meta("A window's first day.", ["2023-08-29"])] = None
    end: Annotated[FuzzyDate | None, Meta("Inclusive.", ["2023-09-06"])] = None
    bodies: Annotated[list[Slug], Meta("Who acts: ids from bodies.", [["oeu", "byraadet"]])] = field(
        default_factory=list
    )
    phase: Annotated[Slug | None, Meta("The phase must contain the event.", ["forhandling"])] = None
    step: Annotated[Step | None, Meta("Statutory step, see docs/format.md.", ["first_reading"])] = None
    time: Annotated[LocalTime | None, Meta('Start time, quoted "HH:MM".', ["17:00"])] = None
    end_time: Annotated[LocalTime | None, Meta("Needs time.", ["19:00"])] = None
    location: Annotated[Line | None, Meta("Where it takes place.", ["Rådhuset"])] = None
    notes: Annotated[
        str | None, Meta("Free text for readers.", ["Svar sendes til sekretariatet"], max_length=MAX_TEXT)
    ] = None
    url: Annotated[
        str | None,
        Meta(
            "A link to the material: http, https or mailto.",
            ["https://alleroed.dk/budget", "mailto:sekretariat@alleroed.dk"],
            max_length=MAX_URL,
            check=_link,
            json={"pattern": LINK_PATTERN},
        ),
    ] = None
    tags: Annotated[list[Line], Meta("Free labels.", [["budgetopfølgning"]])] = field(default_factory=list)
    reminders: Annotated[
        list[Duration], Meta("ISO 8601 durations before the start (at most P366D).", [["P7D", "P1D"]])
    ] = field(default_factory=list)
    after: Annotated[
        list[Ref],
        Meta(
            "May not start before these events end.",
            [["oeu-1-behandling", {"event": "frist-aendringsforslag", "min_days": 7}]],
        ),
    ] = field(default_factory=list)
    before: Annotated[
        list[Ref], Meta("May not end after these events start.", [["byraadet-2-behandling"]])
    ] = field(default_factory=list)
    opened_by: Annotated[
        Slug | None, Meta("Hearing only: the treatment that sends it out.", ["oeu-effektiviseringskatalog"])
    ] = None
    feeds: Annotated[list[Slug], Meta("Hearing only: what uses the replies.", [["budgetforhandlinger"]])] = (
        field(default_factory=list)
    )
    accept: Annotated[
        dict[str, Line],
        Meta(
            "Findings accepted on this event: a rule code or symbol, and why (see docs/format.md). "
            "The finding is still listed, but is no error or warning; an accept that matches "
            "nothing is BT006.",
            [{"BT301": "byrådet valgte lørdagen"}],
            check=_accepts,
        ),
    ] = field(default_factory=dict)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(cls._shape, handler(source))

    def _shape(self) -> Event:
        """The rules between fields; a failure names the field to fix (error type event_shape)."""
        from pydantic_core import PydanticCustomError

        def fail(at: str, key: str, **args: Any) -> PydanticCustomError:
            # validate.py writes the message from `key` in the reader's language, at the field `at`
            english = str(Invalid(f"load.shape.{key}", **args)).replace("{", "{{").replace("}", "}}")
            return PydanticCustomError("event_shape", english, {"field": at, "key": key, "args": args})

        window = self.start is not None or self.end is not None
        if self.date is not None and window:
            raise fail("date", "both")
        if self.date is None:
            if self.start is None:
                raise fail("end" if self.end else "", "needs_date", kind=self.kind)
            if self.end is None:
                raise fail("start", "needs_end")
        if self.kind in WINDOW_KINDS and self.date is not None:
            raise fail("date", "window_date", kind=self.kind)
        if self.end_time is not None and self.time is None:
            raise fail("end_time", "end_time_needs_time")
        one_day = self.date is not None or self.start == self.end
        if self.time is not None and self.end_time is not None and self.end_time <= self.time and one_day:
            raise fail("end_time", "end_time_after")
        if self.kind != "hearing":
            if self.opened_by is not None:
                raise fail("opened_by", "hearing_only", field="opened_by")
            if self.feeds:
                raise fail("feeds", "hearing_only", field="feeds")
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


@dataclass(frozen=True, kw_only=True)
class Calendar:
    """A whole budget process: one YAML file."""

    __pydantic_config__ = _CONFIG

    format: Annotated[Literal["budgettid/1"], Meta("Exactly budgettid/1.", ["budgettid/1"])]
    process: Annotated[
        Process,
        Meta(
            "Who runs the process, for which budget years.",
            [
                {
                    "id": "alleroed-budget-2024-31",
                    "title": "Budgetprocessen 2024-31",
                    "budget_years": "2024-2031",
                }
            ],
        ),
    ]
    bodies: Annotated[
        dict[Slug, Body], Meta("Who acts, by id.", [{"byraadet": {"name": "Byrådet", "role": "council"}}])
    ]
    phases: Annotated[
        list[Phase],
        Meta(
            "Stretches of the process; may be empty.",
            [[{"id": "afklaring", "title": "Fase 1", "start": "2022-12-15", "end": "2023-08-31"}]],
        ),
    ]
    events: Annotated[
        list[Event],
        Meta(
            "Every dated activity.",
            [
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
        ),
    ]

    # Where the calendar came from; set by load.py after validation (see `locate`).
    _UNLOCATED: ClassVar[tuple[str, Any, str | None]] = ("<calendar>", None, None)

    def locate(self, file: str, source: Any, text: str | None = None) -> None:
        """Record the file name, its SourceMap (positions for findings) and its text."""
        object.__setattr__(self, "_where", (file, source, text))

    @property
    def file(self) -> str:
        where: str = self.__dict__.get("_where", self._UNLOCATED)[0]
        return where

    @property
    def source(self) -> Any:
        """The SourceMap of the file this came from (None when built in code)."""
        return self.__dict__.get("_where", self._UNLOCATED)[1]

    @property
    def text(self) -> str | None:
        """The YAML text this was loaded from (None when built in code): roll keeps its comments."""
        where: str | None = self.__dict__.get("_where", self._UNLOCATED)[2]
        return where

    def __getstate__(self) -> dict[str, Any]:
        # What the cache keeps: the fields, not where they were read nor derived indexes.
        return {f: v for f, v in self.__dict__.items() if f in self.__dataclass_fields__}

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


T = TypeVar("T")


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    # Built on first use: importing pydantic and building the validator take ~60 ms.
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


def validate(data: Any, kind: type[T] = Calendar) -> T:  # type: ignore[assignment]
    """Plain data (as read from YAML) → `kind`; raises pydantic's ValidationError."""
    return _adapter(kind).validate_python(data)  # type: ignore[arg-type, no-any-return]


def json_schema() -> dict[str, Any]:
    """pydantic's JSON Schema of a calendar file (schema.py adds the head)."""
    return _adapter(Calendar).json_schema()
