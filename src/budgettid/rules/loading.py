"""Loading checks (BT001-BT005): documented here, reported by `load` while it reads a file.

They run before any rule and cannot be disabled or ignored: a file with loading errors is
not checked by the rule pack until they are fixed, because the rules need a whole calendar.
"""

from __future__ import annotations

from ._base import document

_HEAD = """\
format: budgettid/1
process: {id: eksempel, title: Eksempel, budget_years: 2024-2027}
"""
_BODIES = """\
bodies:
  oeu: {name: Økonomiudvalget, role: finance_committee}
phases: []
"""
_STAGE = """
Loading checks run while the file is read, before the rules; they cannot be disabled or
ignored, and the rules (BT101-BT302) do not run on a file until its loading errors are fixed.
"""


def _event(extra: str = "", id: str = "oeu-moede", date: str = "2023-09-12") -> str:
    return f"""\
  - id: {id}
    title: Økonomiudvalgets møde
    kind: meeting
    date: {date}
{extra}"""


document(
    "BT001",
    explanation="""
The file must be UTF-8 text that YAML can read. The usual slip is a colon followed by a
space inside a plain value (`title: Frist: ønsker`), which YAML reads as a second key:
put the value in quotes. The message points at the place the reader gave up.
"""
    + _STAGE,
    passing=_HEAD
    + _BODIES
    + """\
events:
  - id: frist-oensker
    title: "Frist: ønsker til budgettet"
    kind: deadline
    date: 2023-03-31
""",
    failing=_HEAD
    + _BODIES
    + """\
events:
  - id: frist-oensker
    title: Frist: ønsker til budgettet
    kind: deadline
    date: 2023-03-31
""",
)

document(
    "BT002",
    explanation="""
Each field must be one the format knows (a close misspelling gets a "did you mean"), of
the right type, and required fields must be there. Dates must exist: 2023-02-30 does not.
"""
    + _STAGE,
    passing=_HEAD + _BODIES + "events:\n" + _event(date="2023-02-28"),
    failing=_HEAD + _BODIES + "events:\n" + _event(date="2023-02-30"),
)

document(
    "BT003",
    explanation="""
A key may appear only once in a mapping. Plain YAML readers silently keep the last one,
so a body or a field written twice would lose the first without a word; budgettid stops.
"""
    + _STAGE,
    passing=_HEAD
    + """\
bodies:
  oeu: {name: Økonomiudvalget, role: finance_committee}
  byraadet: {name: Byrådet, role: council}
phases: []
events: []
""",
    failing=_HEAD
    + """\
bodies:
  oeu: {name: Økonomiudvalget, role: finance_committee}
  oeu: {name: Byrådet, role: council}
phases: []
events: []
""",
)

document(
    "BT004",
    explanation="""
Event ids are unique among events, and phase ids among phases: `after`, `before`, `feeds`
and the iCalendar feed's UIDs refer to them. Give a repeated meeting its own id.
"""
    + _STAGE,
    passing=_HEAD
    + _BODIES
    + "events:\n"
    + _event(id="oeu-moede-1")
    + _event(id="oeu-moede-2", date="2023-09-26"),
    failing=_HEAD + _BODIES + "events:\n" + _event() + _event(date="2023-09-26"),
)

document(
    "BT005",
    explanation="""
Every id an event refers to must be defined: bodies in `bodies`, its `phase` in `phases`,
and the events in `after`, `before`, `opened_by` and `feeds` among the events. The
message suggests the closest id when there is one.
"""
    + _STAGE,
    passing=_HEAD + _BODIES + "events:\n" + _event("    bodies: [oeu]\n"),
    failing=_HEAD + _BODIES + "events:\n" + _event("    bodies: [oekonomiudvalget]\n"),
)
