"""The move report: each moved date (old, new, why), then the check of the result; or the
rules in conflict and the nearest date that would work. For people and for scripts."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import i18n
from ..format.values import FuzzyDate
from ..plan.move import Change, MoveResult
from . import explain
from .check import diagnostic_json
from .check import text as check_text
from .roll import relation_json
from .safe import json_text, printable


def _day(fd: FuzzyDate, lang: str) -> str:
    return i18n.long_day(fd.first, lang) if fd.exact else i18n.fuzzy(fd, lang)


def _asked(r: MoveResult) -> FuzzyDate:
    return next(iter(r.asked.values()))


def _why(c: Change, r: MoveResult, lang: str) -> str:
    if c.asked:
        return i18n.t(lang, "move.asked")
    return explain.reasons(c.reasons, c.field, r.fixed, lang)


def text(r: MoveResult, lang: str, *, written: bool) -> str:
    """The move report for people."""
    event, asked = printable(r.event), _day(_asked(r), lang)
    if r.conflict is not None:
        return _conflict(r, lang)
    if r.same:
        return printable(i18n.t(lang, "move.same", event=event, date=asked)) + "\n"
    n = i18n.plural(lang, "move.forms.dates", len(r.changes))
    lines = [i18n.t(lang, "move.head", event=event, date=asked, n=n)]
    for c in r.changes:
        item, old, new, why = (
            explain.term(c.field, r.fixed, lang),
            _day(c.old, lang),
            _day(c.new, lang),
            _why(c, r, lang),
        )
        if c.days is None:  # a month or quarter on either side: no count of days
            words = i18n.t(lang, "move.line_vague", item=item, old=old, new=new, why=why)
        else:
            words = i18n.t(
                lang, "move.line", item=item, old=old, new=new, days=explain.shift(c.days, lang), why=why
            )
        lines.append(f"  {r.output}:{c.line}:{c.column}: {printable(words)}")
    lines.append(i18n.t(lang, "move.check"))
    lines.append(check_text([str(r.output)], r.findings, lang=lang).rstrip("\n"))
    lines.append(i18n.t(lang, "move.wrote" if written else "move.dry", path=r.output))
    return printable("\n".join(lines), lines=True) + "\n"  # the file names too


def _conflict(r: MoveResult, lang: str) -> str:
    c = r.conflict
    assert c is not None
    codes = i18n.Join(c.codes).text(lang)
    lines = [i18n.t(lang, "move.conflict", event=printable(r.event), date=_day(_asked(r), lang), codes=codes)]
    for b in c.broken:
        subject = explain.subject_of(b.relation)
        line, column = (
            r.source.source.at(_path(r, subject)) if subject.owner in ("event", "phase") else (0, 0)
        )
        words = explain.broken(b, r.fixed, lang, r.pins)
        lines.append(f"  {r.source.file}:{line}:{column}: {printable(words)}")
    if c.contradictory:
        lines.append(i18n.t(lang, "move.no_window", event=printable(r.event)))
    elif c.latest is not None and c.earliest is None:
        lines.append(i18n.t(lang, "move.latest", date=i18n.long_day(c.latest, lang)))
    elif c.earliest is not None and c.latest is None:
        lines.append(i18n.t(lang, "move.earliest", date=i18n.long_day(c.earliest, lang)))
    elif c.earliest is not None and c.latest is not None:
        lines.append(i18n.t(lang, "move.earliest", date=i18n.long_day(c.earliest, lang)))
        lines.append(i18n.t(lang, "move.latest", date=i18n.long_day(c.latest, lang)))
    lines.append(i18n.t(lang, "move.nothing_written"))
    return printable("\n".join(lines), lines=True) + "\n"  # the file names too


def _path(r: MoveResult, f: Any) -> Any:
    from ..plan.relations import field_path

    return field_path(r.source, f)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def as_json(r: MoveResult, *, written: bool) -> str:
    """The move report for scripts."""
    doc: dict[str, Any] = {
        "file": r.source.file,
        "event": r.event,
        "asked": {f.key: v.text for f, v in r.asked.items()},
        "output": str(r.output),
        "written": written,
        "moved": [
            {
                "id": c.field.id,
                "item": c.field.owner,
                "field": c.field.key,
                "old": c.old.text,
                "new": c.new.text,
                "days": c.days,
                "asked": c.asked,
                "line": c.line,
                "column": c.column,
                "reasons": [explain.reason(x, c.field, r.fixed, "en") for x in c.reasons],
            }
            for c in r.changes
        ],
        "conflict": None,
        "check": [dict(diagnostic_json(d), new=(d.code, d.events) in r.new) for d in r.findings],
    }
    if r.conflict is not None:
        c = r.conflict
        doc["conflict"] = {
            "codes": list(c.codes),
            "earliest": _iso(c.earliest),
            "latest": _iso(c.latest),
            "contradictory": c.contradictory,
            "broken": [
                {
                    **relation_json(b.relation),
                    "because": [relation_json(x) for x in b.because],
                    "message": explain.broken(b, r.fixed, "en", r.pins),
                }
                for b in c.broken
            ],
        }
    return json_text(doc)


__all__ = ["as_json", "text"]
