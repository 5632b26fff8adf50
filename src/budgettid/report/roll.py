"""The roll report: the draft's facts, then what needs a person; for people and for scripts."""

from __future__ import annotations

from datetime import date

from .. import diagnostics as dg
from .. import i18n
from ..diagnostics import Severity
from ..plan.relations import Relation
from ..plan.roll import Note, RollResult, summary
from ..plan.schedule import Reason
from . import explain
from .safe import json_text, printable
from .safe import line as one_line

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
    lines += _planned(r, lang)
    notes = _order(r.notes)
    if notes:
        lines.append(t("person", n=len(notes)))
        for n in notes:
            tag = f" [{t('new')}]" if n.new and n.code in dg.CODES else ""
            where = f"{printable(str(r.draft.file))}:{n.line}:{n.column}"
            said = one_line(n.text.get(lang, n.message))
            lines.append(f"  {where}: {n.severity} {_note_code(n)} {said}{tag}")
    else:
        lines.append(t("nothing"))
    if r.errors:
        lines.append(i18n.plural(lang, "roll.errors", len(r.errors)))
    lines.append(t("wrote" if written else "dry", path=printable(str(r.output))))
    # Titles and ids from the calendar are in the lines: nothing of them is printed raw.
    return printable("\n".join(lines), lines=True) + "\n"


def _planned(r: RollResult, lang: str) -> list[str]:
    """The dates moved off their plain rolled target, and the relations that could not be
    kept, each where the draft writes it, with why."""
    lines = []
    if r.adjusted:
        lines.append(i18n.t(lang, "roll.adjusted", n=len(r.adjusted)))
        for a in r.adjusted:
            words = i18n.t(
                lang,
                "roll.adjusted_line",
                item=explain.term(a.field, r.fixed, lang),
                old=i18n.long_day(a.rolled, lang),
                new=i18n.long_day(a.new, lang),
                days=explain.shift(a.days, lang),
                why=explain.reasons(a.reasons, a.field, r.fixed, lang),
            )
            lines.append(f"  {printable(str(r.draft.file))}:{a.line}:{a.column}: {one_line(words)}")
    if r.broken:
        lines.append(i18n.t(lang, "roll.broken", n=len(r.broken)))
        for b in r.broken:
            line, column = r.where(explain.subject_of(b.relation))
            words = explain.broken(b, r.fixed, lang, {})
            lines.append(f"  {printable(str(r.draft.file))}:{line}:{column}: {printable(words)}")
    return lines


def _adjusted_json(r: RollResult) -> list[dict[str, object]]:
    return [
        {
            "id": a.field.id,
            "item": a.field.owner,
            "field": a.field.key,
            "rolled": a.rolled.isoformat(),
            "new": a.new.isoformat(),
            "days": a.days,
            "line": a.line,
            "column": a.column,
            "reasons": [_reason_json(x) for x in a.reasons],
            "message": explain.reasons(a.reasons, a.field, r.fixed, "en"),
        }
        for a in r.adjusted
    ]


def _reason_json(x: Reason) -> dict[str, object]:
    if x.kind == "off":
        return {"kind": "off", "day": x.day.isoformat() if x.day else None, "off": x.off_kind, "why": x.why}
    if x.kind == "relation" and x.relation is not None:
        return {"kind": "relation", **relation_json(x.relation)}
    return {"kind": x.kind}


def relation_json(rel: Relation) -> dict[str, object]:
    """A relation for scripts: its rule (None for an order of the source), its two sides, its gap."""
    return {
        "relation": rel.kind,
        "code": rel.code,
        "earlier": str(rel.earlier),
        "later": str(rel.later),
        "gap": rel.gap,
        "exact": rel.exact,
    }


def _broken_json(r: RollResult) -> list[dict[str, object]]:
    out = []
    for b in r.broken:
        line, column = r.where(explain.subject_of(b.relation))
        out.append(
            {
                **relation_json(b.relation),
                "line": line,
                "column": column,
                "because": [relation_json(x) for x in b.because],
                "message": explain.broken(b, r.fixed, "en", {}),
            }
        )
    return out


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
        "adjusted": _adjusted_json(r),
        "broken": _broken_json(r),
    }
    return json_text(doc)


__all__ = ["as_json", "relation_json", "text"]
