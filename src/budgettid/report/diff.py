"""What changed between two calendars, for scripts (JSON) and for people (words and a hint)."""

from __future__ import annotations

from typing import Any

from .. import i18n
from ..format.model import Calendar
from ..plan.diff import CalendarDiff, Moved
from .safe import json_text, printable


def as_json(d: CalendarDiff) -> str:
    """`{"old", "new", "rolled", "years", "moved": [...], "added", "removed", "retitled"}`."""

    def moved(m: Moved) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": m.id,
            "title": m.title,
            "old": m.old.json(),
            "new": m.new.json(),
            "days": m.days,
            "end_days": m.end_days,
            "decided": m.decided,
        }
        if d.rolled:
            item["expected"] = m.expected.json()
        return item

    doc = {
        "old": d.old_file,
        "new": d.new_file,
        "rolled": d.rolled,
        "years": d.years,
        "moved": [moved(m) for m in d.moved],
        "added": [{"id": a.id, "title": a.title, **a.dates.json()} for a in d.added],
        "removed": [{"id": r.id, "title": r.title, **r.dates.json()} for r in d.removed],
        "retitled": [{"id": r.id, "old": r.old, "new": r.new} for r in d.retitled],
    }
    return json_text(doc)


def words(lang: str, key: str, **kw: object) -> str:
    """The words under `diff.key`, escaped: they name the calendars' files."""
    return printable(i18n.t(lang, f"diff.{key}", **kw))


def count_line(d: CalendarDiff, lang: str) -> str:
    return words(
        lang,
        "count",
        moved=len(d.moved),
        added=len(d.added),
        removed=len(d.removed),
        retitled=len(d.retitled),
    )


def rolled_hint(old: Calendar, new: Calendar, lang: str) -> str | None:
    """Without --rolled, two different years' processes differ everywhere: suggest --rolled."""
    a, b = old.process, new.process
    if a.first_budget_year == b.first_budget_year:
        return None
    last, this = (old, new) if a.first_budget_year < b.first_budget_year else (new, old)
    return words(
        lang,
        "hint_rolled",
        old=old.file,
        new=new.file,
        old_years=a.budget_years,
        new_years=b.budget_years,
        last=last.file,
        this=this.file,
    )
