"""Loading checks (BT001-BT005): documented here, reported by `load` while it reads a file.

They run before any rule and cannot be disabled or ignored: a file with loading errors is
not checked by the rule pack until they are fixed, because the rules need a whole calendar.
"""

from __future__ import annotations

from ._base import document

document(
    "BT001",
    """The file must be UTF-8 text that YAML can read. The usual slip is a colon followed by a
space inside a plain value (`title: Frist: ønsker`), which YAML reads as a second key:
put the value in quotes. The message points at the place the reader gave up.
""",
)

document(
    "BT002",
    """Each field must be one the format knows (a close misspelling gets a "did you mean"), of
the right type, and required fields must be there. Dates must exist: 2023-02-30 does not.
""",
)

document(
    "BT003",
    """A key may appear only once in a mapping. Plain YAML readers silently keep the last one,
so a body or a field written twice would lose the first without a word; budgettid stops.
""",
)

document(
    "BT004",
    """Event ids are unique among events, and phase ids among phases: `after`, `before`, `feeds`
and the iCalendar feed's UIDs refer to them. Give a repeated meeting its own id.
""",
)

document(
    "BT005",
    """Every id an event refers to must be defined: bodies in `bodies`, its `phase` in `phases`,
and the events in `after`, `before`, `opened_by` and `feeds` among the events. The
message suggests the closest id when there is one.
""",
)
