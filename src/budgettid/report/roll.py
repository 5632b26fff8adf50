"""The roll report: the draft's facts, then what needs a person; for people and for scripts."""

from __future__ import annotations

import json
from datetime import date

from .. import diagnostics as dg
from .. import i18n
from ..diagnostics import Severity
from ..plan.roll import Note, RollResult, summary

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _order(notes: list[Note]) -> list[Note]:
    return sorted(notes, key=lambda n: (_SEVERITY_ORDER[n.severity], n.line, n.column, n.code))


def _note_code(n: Note) -> str:
    code = dg.CODES.get(n.code)
    return f"{n.code} {code.symbol}" if code else n.code


def text(r: RollResult, lang: str, *, written: bool) -> str:
    """The roll report for people: the facts, then what needs a person (errors first)."""
    s = summary(r)

    def t(key: str, **kw: object) -> str:
        return i18n.t(lang, f"roll.{key}", **kw)

    counts = {
        key: i18n.plural(lang, f"roll.forms.{key}", n)
        for key, n in (
            ("weekday", s.kept_weekday),
            ("date", s.kept_date),
            ("years", s.moved_whole_years),
            ("n", r.years),
        )
    }
    lines = [
        t(
            "head",
            old=s.process[0],
            new=s.process[1],
            old_years=s.budget_years[0],
            new_years=s.budget_years[1],
        ),
        "  " + t("counts", **counts),
    ]
    if s.reading_gap_days is not None and s.first_reading and s.second_reading:
        first, second = (i18n.day(date.fromisoformat(x), lang) for x in (s.first_reading, s.second_reading))
        minimum = r.draft.process.rules.min_reading_gap_days
        lines.append("  " + t("readings", first=first, second=second, gap=s.reading_gap_days, min=minimum))
    adopt, proposal = i18n.day(s.adopt_by, lang), i18n.day(s.proposal_by, lang)
    lines.append("  " + t("deadlines", adopt=adopt, proposal=proposal))
    notes = _order(r.notes)
    if notes:
        lines.append(t("person", n=len(notes)))
        for n in notes:
            tag = f" [{t('new')}]" if n.new and n.code in dg.CODES else ""
            where = f"{r.draft.file}:{n.line}:{n.column}"
            lines.append(f"  {where}: {n.severity} {_note_code(n)} {n.text.get(lang, n.message)}{tag}")
    else:
        lines.append(t("nothing"))
    if r.errors:
        lines.append(i18n.plural(lang, "roll.errors", len(r.errors)))
    lines.append(t("wrote" if written else "dry", path=r.output))
    return "\n".join(lines) + "\n"


def as_json(r: RollResult, *, written: bool) -> str:
    """The roll report for scripts."""
    s = summary(r)
    doc = {
        "source": s.source,
        "draft": s.draft,
        "process": {"old": s.process[0], "new": s.process[1]},
        "budget_years": {"old": s.budget_years[0], "new": s.budget_years[1]},
        "years": s.years,
        "rolled": {
            "kept_weekday": s.kept_weekday,
            "kept_date": s.kept_date,
            "moved_whole_years": s.moved_whole_years,
        },
        "first_reading": s.first_reading,
        "second_reading": s.second_reading,
        "reading_gap_days": s.reading_gap_days,
        "adopt_by": s.adopt_by.isoformat(),
        "proposal_by": s.proposal_by.isoformat(),
        "output": str(r.output),
        "written": written,
        "needs_a_person": [
            {
                "line": n.line,
                "column": n.column,
                "code": n.code,
                "symbol": dg.CODES[n.code].symbol if n.code in dg.CODES else None,
                "severity": str(n.severity),
                "message": n.message,
                "new": n.new,
                "events": list(n.events),
            }
            for n in _order(r.notes)
        ],
        "moved": [
            {
                "id": item,
                "item": "event" if item in r.source.event_index else "phase",
                "field": key,
                "old": dr.old.text,
                "new": dr.new.text,
                "rule": dr.how,
            }
            for item, key, dr in r.moved
            if dr.old != dr.new
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


__all__ = ["as_json", "text"]
