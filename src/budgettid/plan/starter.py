"""A new municipality's first calendar: a complete, commented budget process that `check` passes.

`starter(municipality, year, lang)` writes the process for the budget whose first year is
`year` (adopted the year before): two phases, the finance committee's and the council's
readings on working days at the statutory distances (the proposal by 15 September, the
readings at least 21 days apart, adoption by 15 October), a public hearing between the
readings, the parties' amendment deadline, negotiations and a budget seminar. Titles are
Danish, as a Danish municipality's calendar is; the comments are in `lang`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..daysoff import DaysOff
from ..i18n import t

_DAY = timedelta(days=1)
_TUESDAY = 1


@dataclass(frozen=True)
class Dates:
    """The days of the starter process, all of them working days."""

    seminar: date
    administration: date
    proposal: date  # ØU's 1st treatment: the budget proposal (step budget_proposal)
    first: date  # the council's 1st reading
    hearing_end: date
    amendments: date
    committee_second: date  # ØU's 2nd treatment
    second: date  # the council's 2nd reading and adoption


def _working(off: DaysOff, d: date) -> date:
    """`d`, or the working day before it."""
    while not off.working(d):
        d -= _DAY
    return d


def dates(year: int, off: DaysOff | None = None) -> Dates:
    """The process for budget `year`: adopted in `year - 1`, every day a working day."""
    off = off or DaysOff()
    adopt = year - 1
    # The 2nd reading: the last Tuesday on or before 12 October, a few days before the
    # statutory 15 October; the 1st reading three weeks (21 days, § 38) or more before it.
    second = date(adopt, 10, 12)
    second = _working(off, second - timedelta(days=(second.weekday() - _TUESDAY) % 7))
    first = _working(off, second - timedelta(days=21))
    proposal = _working(off, min(first - timedelta(days=7), date(adopt, 9, 15)))
    committee_second = _working(off, second - timedelta(days=7))
    amendments = _working(off, committee_second - timedelta(days=5))
    hearing_end = _working(off, committee_second - timedelta(days=1))
    return Dates(
        seminar=_working(off, proposal - timedelta(days=14)),
        administration=_working(off, proposal - timedelta(days=7)),
        proposal=proposal,
        first=first,
        hearing_end=hearing_end,
        amendments=amendments,
        committee_second=committee_second,
        second=second,
    )


def slug(text: str) -> str:
    """'Fjordby Kommune' → 'fjordby' (æ, ø, å written ae, oe, aa, as ids are)."""
    s = text.casefold()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u")):
        s = s.replace(a, b)
    s = re.sub(r"\bkommune\b", "", s)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "kommune"


def default_name(year: int) -> str:
    """budget_2027_30.yaml, as the bundled calendar is named."""
    return f"budget_{year}_{(year + 3) % 100:02d}.yaml"


def starter(municipality: str, year: int, lang: str, schema_line: str = "") -> str:
    """The starter calendar's text (YAML, with comments in `lang`)."""
    d = dates(year)
    adopt, last = year - 1, year + 3
    period = f"{year}-{last % 100:02d}"

    def c(key: str, **kw: object) -> str:
        return "\n".join(f"# {line}" if line else "#" for line in t(lang, f"init.{key}", **kw).split("\n"))

    def note(key: str, **kw: object) -> str:
        return _NOTE + t(lang, f"init.{key}", **kw)

    head = f"{schema_line}\n" if schema_line else ""
    return _align(f"""{head}{c("head", municipality=municipality, period=period)}
format: budgettid/1

process:
  id: {slug(municipality)}-budget-{period}
  title: Budgetprocessen {period}
  municipality: {_quote(municipality)}
  budget_years: {year}-{last}
  timezone: Europe/Copenhagen
  language: da
  # contact: budget@{slug(municipality)}.dk {note("contact")}
  # rules: {note("rules")}
  #   holidays: DK
  #   closed_days: [06-05, 12-24, 12-31, friday-after-ascension]

{c("bodies")}
bodies:
  byraadet:       {{name: Byrådet, role: council, short: BR}}
  oeu:            {{name: Økonomiudvalget, role: finance_committee, short: ØU}}
  fagudvalg:      {{name: Fagudvalgene, role: committee, short: FU}}
  partierne:      {{name: Partierne, role: parties}}
  forvaltningen:  {{name: Forvaltningen, role: administration}}
  offentligheden: {{name: Offentligheden, role: public}}

{c("phases")}
phases:
  - id: forberedelse
    title: "Fase 1: Forberedelse"
    start: {adopt}-01-01
    end: {adopt}-08-31
  - id: vedtagelse
    title: "Fase 2: Forhandling og vedtagelse"
    start: {adopt}-09-01
    end: {adopt}-10-31

{c("events")}
events:
  - id: oekonomiaftale
    title: Økonomiaftale mellem regeringen og KL
    kind: event
    date: {adopt}-06                     {note("month")}
    phase: forberedelse
  - id: budgetseminar
    title: Budgetseminar for byrådet
    kind: meeting
    date: {d.seminar}
    time: "09:00"
    end_time: "15:00"
    bodies: [byraadet, forvaltningen]
    phase: {_phase(d.seminar)}
  - id: administrativt-budgetforslag
    title: Forvaltningens budgetforslag {period} sendes til Økonomiudvalget
    kind: deadline
    date: {d.administration}
    bodies: [forvaltningen]
    phase: {_phase(d.administration)}
  - id: oeu-1-behandling
    title: Økonomiudvalgets 1. behandling af budget {period}
    kind: meeting
    date: {d.proposal}                 {note("proposal")}
    bodies: [oeu]
    phase: {_phase(d.proposal)}
    step: budget_proposal
    after: [administrativt-budgetforslag]
  - id: byraadet-1-behandling
    title: Byrådets 1. behandling af budget {period}
    kind: meeting
    date: {d.first}
    time: "17:00"
    bodies: [byraadet]
    phase: vedtagelse
    step: first_reading
    after: [oeu-1-behandling]
  - id: offentlig-hoering
    title: Offentlig høring af budgetforslaget
    kind: hearing
    start: {d.first + _DAY}                {note("hearing")}
    end: {d.hearing_end}
    bodies: [offentligheden]
    phase: vedtagelse
    step: public_hearing
    opened_by: byraadet-1-behandling
    feeds: [oeu-2-behandling]
  - id: budgetforhandlinger
    title: Budgetforhandlinger mellem partierne
    kind: period
    start: {d.first + _DAY}
    end: {d.amendments}
    bodies: [partierne]
    phase: vedtagelse
  - id: frist-aendringsforslag
    title: Frist for ændringsforslag til 2. behandling
    kind: deadline
    date: {d.amendments}                 {note("amendments")}
    time: "12:00"
    bodies: [partierne]
    phase: vedtagelse
    step: amendment_deadline
  - id: oeu-2-behandling
    title: Økonomiudvalgets 2. behandling af budget {period}
    kind: meeting
    date: {d.committee_second}
    bodies: [oeu]
    phase: vedtagelse
    after: [frist-aendringsforslag]
  - id: byraadet-2-behandling
    title: Byrådets 2. behandling og vedtagelse af budget {period}
    kind: meeting
    date: {d.second}                 {note("second")}
    time: "17:00"
    bodies: [byraadet]
    phase: vedtagelse
    step: second_reading
    after: [oeu-2-behandling]
""")


_NOTE = "\x00# "  # where a line's note starts; _align puts the notes in one column
_NOTE_COLUMN = 40


def _align(text: str) -> str:
    out = []
    for line in text.split("\n"):
        code, sep, note = line.partition(_NOTE)
        out.append(f"{code.rstrip():<{_NOTE_COLUMN - 1}} # {note}" if sep else line)
    return "\n".join(out)


def _phase(d: date) -> str:
    return "forberedelse" if d.month <= 8 else "vedtagelse"


def _quote(text: str) -> str:
    """A name as a YAML value: plain when it can be, else double-quoted."""
    if re.fullmatch(r"[A-Za-zÆØÅæøåÉéÜü][\w .'-]*", text) and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


__all__ = ["Dates", "dates", "default_name", "slug", "starter"]
