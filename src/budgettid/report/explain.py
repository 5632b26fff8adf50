"""Relations, reasons and conflicts in words, in the reader's language.

The scheduler (plan/schedule.py) says which relation holds a date where it is and which kept
relations a broken one conflicts with; this module says it: "must stay at least 21 days
after byraadet-1-behandling (BT201 reading-gap)", "weekend", "keeps its weekday".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from .. import i18n
from ..diagnostics import CODES
from ..format.values import FuzzyDate
from ..plan.relations import DEADLINE, PHASE, Field, Relation
from ..plan.schedule import Broken, Reason


def term(f: Field, fixed: Mapping[Field, FuzzyDate], lang: str) -> str:
    """A date field in words: 'byraadet-1-behandling', 'the end of budgetforhandlinger', ..."""
    if f.owner == DEADLINE:
        when = i18n.long_day(fixed[f].first, lang) if f in fixed else ""
        return i18n.t(lang, f"relation.term.{f.id}", date=when)
    key = f"phase_{f.key}" if f.owner == PHASE else f.key
    words = i18n.t(lang, f"relation.term.{key}", id=f.id)
    if f in fixed and not fixed[f].exact:  # a month or quarter: say which
        return i18n.t(lang, "relation.term.fixed", what=words, when=i18n.fuzzy(fixed[f], lang))
    return words


def relation(r: Relation, subject: Field, fixed: Mapping[Field, FuzzyDate], lang: str) -> str:
    """What `r` asks of `subject`: 'must stay after X (BT103 order-violated)'."""
    later = subject == r.later
    other = term(r.earlier if later else r.later, fixed, lang)
    n = r.gap
    days = i18n.plural(lang, "relation.days", n)
    if r.kind == "pin":
        key = "pin"
    elif r.exact:
        key = "same_day" if n == 0 else "exactly_after" if later else "exactly_before"
    elif n == 0:
        key = "not_before" if later else "not_after"
    elif n == 1:
        key = "after" if later else "before"
    else:
        key = "after_days" if later else "before_days"
    words = i18n.t(lang, f"relation.{key}", other=other, days=days)
    if r.code is not None:
        return i18n.t(lang, "relation.rule", relation=words, code=r.code, symbol=CODES[r.code].symbol)
    if r.kind != "pin":
        return i18n.t(lang, "relation.kept", relation=words)
    return words


def pin(subject: Field, day: date, fixed: Mapping[Field, FuzzyDate], lang: str) -> str:
    """'byraadet-1-behandling is to be moved to Tuesday 26 September 2023'."""
    return i18n.t(lang, "relation.pin", subject=term(subject, fixed, lang), date=i18n.long_day(day, lang))


def subject_of(r: Relation) -> Field:
    """Whose date a relation is told about: the later side, unless that is a fixed deadline."""
    return r.earlier if r.later.owner == DEADLINE else r.later


def sentence(r: Relation, fixed: Mapping[Field, FuzzyDate], lang: str, subject: Field | None = None) -> str:
    """'byraadet-2-behandling must stay at least 21 days after byraadet-1-behandling (BT201 ...)'."""
    s = subject or subject_of(r)
    return i18n.t(
        lang, "relation.sentence", subject=term(s, fixed, lang), relation=relation(r, s, fixed, lang)
    )


def reason(x: Reason, subject: Field, fixed: Mapping[Field, FuzzyDate], lang: str) -> str:
    """Why a date is not on its target: 'weekend', 'public holiday (Juledag)', a relation."""
    if x.kind == "off":
        name = x.why
        if x.off_kind == "closed" and f"calendar.closed_name.{name}" in i18n.catalogue(lang):
            name = i18n.t(lang, f"calendar.closed_name.{name}")
        return i18n.t(lang, f"relation.off.{x.off_kind}", name=name)
    if x.kind == "weekday":
        return i18n.t(lang, "relation.weekday")
    assert x.relation is not None
    return relation(x.relation, subject, fixed, lang)


def conflict(b: Broken, fixed: Mapping[Field, FuzzyDate], lang: str, pins: Mapping[Field, date]) -> str:
    """The relations a broken one could not be kept together with, in words."""
    parts = []
    for r in b.because:
        if r.kind == "pin":
            parts.append(pin(r.earlier, pins[r.earlier], fixed, lang))
        else:
            parts.append(sentence(r, fixed, lang))
    if not parts and b.relation.code is not None:  # a rule gives way only to the dates' reach
        from ..plan import schedule

        return i18n.t(lang, "relation.out_of_reach", days=i18n.plural(lang, "relation.days", schedule.REACH))
    if not parts:  # an order of the source gives way to a day off
        return i18n.t(lang, "relation.no_cycle")
    return "; ".join(parts)


def reasons(xs: Sequence[Reason], subject: Field, fixed: Mapping[Field, FuzzyDate], lang: str) -> str:
    """Every reason a date is where it is, in one phrase: 'must come after X; weekend'."""
    return "; ".join(reason(x, subject, fixed, lang) for x in xs)


def shift(days: int, lang: str) -> str:
    """'2 days earlier', '1 day later'."""
    return i18n.t(
        lang,
        "relation.later" if days > 0 else "relation.earlier",
        days=i18n.plural(lang, "relation.days", abs(days)),
    )


def broken(b: Broken, fixed: Mapping[Field, FuzzyDate], lang: str, pins: Mapping[Field, date]) -> str:
    """A relation that could not be kept, and why: 'X must ... (BT201 ...): it cannot be kept
    together with: ...'."""
    because = conflict(b, fixed, lang, pins)
    words = sentence(b.relation, fixed, lang)
    if not b.because:
        return f"{words}: {because}"
    return f"{words}: {i18n.t(lang, 'relation.conflict', because=because)}"


__all__ = [
    "broken",
    "conflict",
    "pin",
    "reason",
    "reasons",
    "relation",
    "sentence",
    "shift",
    "subject_of",
    "term",
]
