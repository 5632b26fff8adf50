"""What a reader hands on: one record per item of the source, as the source says it.

A record keeps the source's own words (a body's name, a kind in Danish, a phase's title);
`build` resolves them to the format's ids and codes. `where` says where the item was
("række 12", "linje 40"), for the comment above the event and for every report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import Message
from .dates_in import When


@dataclass
class Record:
    where: Message
    title: str
    when: When
    kind: str | None = None
    who: list[str] = field(default_factory=list)
    phase: str | None = None
    step: str | None = None
    id: str | None = None
    notes: str | None = None
    location: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    opened_by: str | None = None
    feeds: list[str] = field(default_factory=list)
    accept: dict[str, str] = field(default_factory=dict)  # code or symbol → why (an export's)
    # What the reader already had to guess or decide (the year of '7/2', a recurrence), by field.
    why: dict[str, Message] = field(default_factory=dict)
    # Notes for the comment above the event (the item it came from, a split cell).
    head: list[Message] = field(default_factory=list)


@dataclass
class Lost:
    """An item that could not be read: kept as a comment and reported."""

    where: Message
    text: str
    reason: Message


@dataclass
class Source:
    """Everything a reader found."""

    name: str
    records: list[Record] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)  # for the reader and the head of the file
    # Process fields the source states (a budgettid feed's or export's), by key; rules as "rules.x".
    process: dict[str, Any] = field(default_factory=dict)
    # Tables an export carries: bodies by id ({name, role, short}),
    # phases ({id, title, start, end, color, description}).
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    phases: list[dict[str, Any]] = field(default_factory=list)
    # Text around the items (a sheet's title rows, a feed's name): where a title or years may be read.
    context: list[str] = field(default_factory=list)
    # True when the source is budgettid's own (a feed or an export): its words are exact, not guesses.
    own: bool = False
