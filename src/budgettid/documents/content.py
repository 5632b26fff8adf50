"""What the process note says, once, in the reader's language: the Word and PDF writers only lay it out.

The note is the document the finance committee and the council approve ("Budgetprocessen
2024-31"): the introduction (`process.description`), each phase with its dates and
description, the årshjul, the hearings and where replies go, the statutory deadlines with the law's
paragraphs, and the whole timetable, numbered as on the wheel.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from .. import i18n
from ..format.model import Calendar, Event
from ..pictures import wheel
from ..pictures.svg import xml_text
from ..plan.query import timeline


@dataclass(frozen=True)
class Row:
    """One activity in the timetable."""

    number: int
    when: str
    title: str
    notes: str
    who: str
    kind: str


@dataclass(frozen=True)
class Group:
    """The timetable's rows under one phase (or outside the phases)."""

    title: str
    span: str
    rows: list[Row]


@dataclass(frozen=True)
class Phase:
    title: str
    span: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Hearing:
    number: int
    title: str
    when: str
    reply_by: str
    notes: str


@dataclass(frozen=True)
class Deadline:
    """A statutory deadline: what, by when, the law, and what the plan does about it."""

    what: str
    by: str
    law: str
    planned: str


@dataclass(frozen=True)
class Note:
    lang: str
    title: str
    subtitle: str
    municipality: str
    words: dict[str, str]
    intro: list[str]
    wheel_svg: str
    wheel_alt: str
    wheel_caption: str
    phases: list[Phase]
    hearings: list[Hearing]
    contact: str
    deadlines: list[Deadline]
    timetable: list[Group]
    colophon: str
    keywords: list[str] = field(default_factory=list)


def paragraphs(text: str | None) -> list[str]:
    """Blank-line separated paragraphs, each joined onto one line."""
    if not text:
        return []
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _row(e: Event, cal: Calendar, number: int, lang: str) -> Row:
    kind = i18n.t(lang, f"kind.{e.kind}")
    return Row(
        number=number,
        when=i18n.when(e, lang),
        title=e.title,
        notes=" ".join((e.notes or "").split()),
        who=", ".join(cal.bodies[b].name for b in e.bodies),
        kind=kind,
    )


def _body_name(cal: Calendar, role: str, lang: str) -> str:
    """The calendar's name for the council or the finance committee, else the law's word."""
    found = next((b.name for b in cal.bodies.values() if b.role == role), None)
    return found or i18n.t(lang, f"doc.law.{role}")


def _deadlines(cal: Calendar, lang: str) -> list[Deadline]:
    """§ 37 (the finance committee's proposal by the minister's date), § 38, stk. 1 (two
    readings at least three weeks apart) and § 38, stk. 2 (adoption by the minister's date)."""
    rules = cal.process.rules
    year = cal.process.first_budget_year - 1
    names = {
        "budget": cal.process.budget_years.replace("-", "–"),
        "council": _body_name(cal, "council", lang),
        "committee": _body_name(cal, "finance_committee", lang),
    }

    def t(key: str, **kw: object) -> str:
        return i18n.t(lang, f"doc.law.{key}", **kw)

    def planned(e: Event | None) -> str:
        return t("planned", title=e.title, when=i18n.when(e, lang)) if e else t("not_planned")

    first, second = cal.step("first_reading"), cal.step("second_reading")
    if first is not None and second is not None:
        apart = (second.first - first.last).days if first.exact and second.exact else None
        readings = t(
            "readings_planned",
            first=i18n.when(first, lang),
            second=i18n.when(second, lang),
            gap=i18n.plural(lang, "doc.days", apart) if apart is not None else "?",
        )
    else:
        readings = t("not_planned")
    return [
        Deadline(
            t("proposal", **names),
            i18n.long_day(rules.proposal_by_date(year), lang),
            t("proposal_law"),
            planned(cal.step("budget_proposal")),
        ),
        Deadline(
            t("readings", **names),
            i18n.plural(lang, "doc.law.gap", rules.min_reading_gap_days),
            t("readings_law"),
            readings,
        ),
        Deadline(
            t("adoption", **names),
            i18n.long_day(rules.adopt_by_date(year), lang),
            t("adoption_law"),
            planned(second),
        ),
    ]


def build(cal: Calendar, lang: str, *, file_name: str) -> Note:
    """The note's content for `cal` in `lang`."""
    words = i18n.section(lang, "doc")
    numbers = wheel.numbering(cal)
    process = cal.process
    svg = wheel.render(cal, lang, key=False)
    alt = wheel.describe(cal, lang, wheel.Clock(wheel.default_start(cal)), None, words["wheel_alt_table"])
    groups = [
        Group(
            g.phase.title if g.phase else i18n.t(lang, "table.no_phase"),
            i18n.span(g.phase.start, g.phase.end, lang) if g.phase else "",
            [_row(e, cal, numbers[e.id], lang) for e in g.events],
        )
        for g in timeline(cal)
    ]
    hearings = [
        Hearing(
            numbers[e.id],
            e.title,
            i18n.span(e.span_start, e.span_end, lang),
            i18n.t(lang, "site.reply_by", day=i18n.fuzzy(e.span_end, lang)),
            " ".join((e.notes or "").split()),
        )
        for e in sorted(cal.events, key=lambda e: e.first)
        if e.kind == "hearing"
    ]
    intro = paragraphs(process.description) or [words["intro_default"].format(title=process.title)]
    note = Note(
        lang=lang,
        title=process.title,
        subtitle=words["subtitle"].format(years=process.budget_years.replace("-", "–")),
        municipality=process.municipality or "",
        words=words,
        intro=intro,
        wheel_svg=svg,
        wheel_alt=alt,
        wheel_caption=words["wheel_caption"],
        phases=[
            Phase(p.title, i18n.span(p.start, p.end, lang), paragraphs(p.description)) for p in cal.phases
        ],
        hearings=hearings,
        contact=process.contact or "",
        deadlines=_deadlines(cal, lang),
        timetable=groups,
        colophon=words["colophon"].format(file=file_name)
        + (" " + i18n.t(lang, "site.source", source=process.source) if process.source else ""),
        keywords=[process.title, *(process.municipality or "").split(",")][:2],
    )
    safe: Note = _xml_safe(note)
    return safe


def _xml_safe(value: Any) -> Any:
    """Every text of the note as Word and the PDF can hold it: Word's XML refuses a control
    character, and a file name that is not UTF-8 holds lone surrogates (see `xml_text`)."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _xml_safe(getattr(value, f.name)) for f in fields(value)})
    return value
