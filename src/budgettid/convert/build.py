"""Records → a draft calendar: ids, kinds, bodies, steps and phases resolved or guessed.

What the source states is taken as it is; what it leaves open is guessed (`guess`), and
every guess carries a Message saying what it was guessed from. The draft is plain data in
the format's field order, for `write` to render with those messages as comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args

from ..format.model import Kind, Role, Step
from ..format.values import FuzzyDate
from ..i18n import Message, catalogue
from . import guess
from .records import Lost, Record, Source

KINDS = frozenset(get_args(Kind))
ROLES = frozenset(get_args(Role))
STEPS = frozenset(get_args(Step))
ONCE = frozenset({"budget_proposal", "first_reading", "second_reading"})  # BT002 if repeated
WINDOW_KINDS = frozenset({"hearing", "period"})


@dataclass
class Entry:
    """One mapping of the YAML, its comments by field, and comment lines above it."""

    fields: dict[str, Any]
    why: dict[str, Message] = field(default_factory=dict)
    head: list[Message] = field(default_factory=list)


@dataclass
class Draft:
    process: Entry
    bodies: dict[str, Entry]
    phases: list[Entry]
    events: list[Entry]
    lost: list[Lost]
    notes: list[Message]
    source: str
    guesses: int = 0


@dataclass(frozen=True)
class Options:
    title: str | None = None
    municipality: str | None = None
    budget_years: str | None = None
    timezone: str | None = None
    process_id: str | None = None


def one_line(text: str) -> str:
    """Titles, names and places are one line in the format: breaks and tabs become spaces."""
    return " ".join(text.split())


def _words(prefix: str, codes: frozenset[str]) -> dict[str, str]:
    """Every language's word for each code ('møde' → meeting), and the codes themselves."""
    out = {c: c for c in codes}
    for lang in ("da", "en"):
        words = catalogue(lang)
        for code in codes:
            out[str(words[f"{prefix}.{code}"]).casefold()] = code
    return out


def _code(value: str, prefix: str, codes: frozenset[str]) -> str | None:
    """A code, or a word for it in either language; None when it is neither."""
    text = value.strip()
    return text if text in codes else _words(prefix, codes).get(text.casefold())


class _Builder:
    def __init__(self, source: Source, options: Options) -> None:
        self.source, self.options = source, options
        self.bodies: dict[str, Entry] = {}
        self.body_names: dict[str, str] = {}  # a name, short label or id, casefolded → body id
        self.phases: dict[str, Entry] = {}
        self.phase_names: dict[str, str] = {}
        self.phase_members: dict[str, list[Entry]] = {}
        self.ids: set[str] = set()
        self.steps: dict[str, str] = {}  # step → event id (the once-only steps)
        self.guesses = 0
        for body_id, body in source.bodies.items():
            self._add_body(body_id, dict(body), {})
        for phase in source.phases:
            self._add_phase(dict(phase), {})

    # --- bodies ---------------------------------------------------------------------------

    def _add_body(self, body_id: str, fields: dict[str, Any], why: dict[str, Message]) -> str:
        fields = {
            k: one_line(v) if isinstance(v, str) else v for k, v in fields.items() if v not in (None, "")
        }
        self.bodies[body_id] = Entry(fields, why)
        for key in (body_id, fields.get("name"), fields.get("short")):
            if key:
                self.body_names.setdefault(str(key).casefold(), body_id)
        return body_id

    def _body(self, text: str, seen: str) -> str:
        """The id of the body `text` names, adding it when new."""
        text = text.strip()
        if found := self.body_names.get(text.casefold()):
            return found
        known = guess.known_body(text)
        if known is not None:
            if known.id in self.bodies:
                return known.id
            name = (
                text if known.words.fullmatch(text) and text[:1].isupper() and len(text) > 3 else known.name
            )
            said = Message("import.why.known_role", {"name": name})
            if seen.casefold() != name.casefold():
                said = Message("import.why.known_body", {"words": seen, "name": name})
            why = {"role": said}
            self.guesses += 1
            return self._add_body(known.id, {"name": name, "role": known.role, "short": known.short}, why)
        role, why_role = guess.role_of(text)
        body_id = guess.unique(guess.slug(text, words=4, limit=32), set(self.bodies))
        self.guesses += 1
        return self._add_body(body_id, {"name": text, "role": role}, {"role": why_role})

    def _bodies(self, rec: Record, why: dict[str, Message]) -> list[str]:
        if rec.who:
            out = [self._body(w, w) for w in rec.who if w.strip()]
            return list(dict.fromkeys(out))
        found = guess.bodies_in_title(rec.title)
        if not found or self.source.own:
            return []
        out = []
        for body, words in found:
            out.append(self._body(body.name if isinstance(body, guess.KnownBody) else body, words))
        why["bodies"] = Message(
            "import.why.bodies_title", {"words": ", ".join(dict.fromkeys(w for _, w in found))}
        )
        self.guesses += 1
        return list(dict.fromkeys(out))

    # --- phases ---------------------------------------------------------------------------

    def _add_phase(self, fields: dict[str, Any], why: dict[str, Message]) -> str:
        entry = Entry({k: v for k, v in fields.items() if v not in (None, "")}, why)
        self.phases[fields["id"]] = entry
        self.phase_members[fields["id"]] = []
        for key in (fields["id"], fields.get("title")):
            if key:
                self.phase_names.setdefault(str(key).casefold(), fields["id"])
        return str(fields["id"])

    def _phase(self, text: str) -> str:
        if found := self.phase_names.get(text.strip().casefold()):
            return found
        phase_id = guess.unique(guess.phase_id(text), set(self.phases))
        why = {"start": Message("import.why.phase_span", {})}
        return self._add_phase({"id": phase_id, "title": text.strip()}, why)

    # --- events ---------------------------------------------------------------------------

    def event(self, rec: Record) -> Entry:
        why = dict(rec.why)
        fields: dict[str, Any] = {}
        when = rec.when
        window = when.end is not None
        # kind
        kind = _code(rec.kind, "kind", KINDS) if rec.kind else None
        if rec.kind and kind is None:
            why["kind"] = Message("import.why.kind_unknown", {"value": rec.kind})
        if kind is None:
            kind, why["kind"] = guess.kind(rec.title, window)
            self.guesses += 1
        # id
        base = rec.id.strip() if rec.id else ""
        if base and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", base):
            why["id"] = Message("import.why.id_slugged", {"value": base})
            base = guess.slug(base, words=12, limit=64)
        event_id = guess.unique(base or guess.slug(rec.title), self.ids)
        if base and event_id != base:
            why["id"] = Message("import.why.id_taken", {"value": base})
        fields["id"], fields["title"], fields["kind"] = event_id, one_line(rec.title), kind
        # dates
        start, end = when.start, when.end
        if kind in WINDOW_KINDS and end is None:
            end = start
            why["end"] = Message("import.why.window_one_day", {"kind": Message(f"kind.{kind}")})
        if "when" in why:
            why["date" if end is None else "start"] = why.pop("when")
        if end is None:
            fields["date"] = start.text
        else:
            fields["start"], fields["end"] = start.text, end.text
        if when.time is not None:
            fields["time"] = when.time.strftime("%H:%M")
        if when.end_time is not None:
            fields["end_time"] = when.end_time.strftime("%H:%M")
        bodies = self._bodies(rec, why)
        if bodies:
            fields["bodies"] = bodies
        # phase
        if rec.phase:
            fields["phase"] = self._phase(rec.phase)
        # step
        roles: dict[str, str] = {}
        for b in bodies:
            roles.setdefault(self.bodies[b].fields.get("role", ""), self.bodies[b].fields["name"])
        if rec.step:
            step = _code(rec.step, "step", STEPS)
            if step is None:
                why["notes"] = Message("import.why.step_unknown", {"value": rec.step})
        else:
            found = None if self.source.own else guess.step(rec.title, kind, roles)
            step = found[0] if found else None
            if found:
                why["step"] = found[1]
                self.guesses += 1
        if step == "public_hearing" and not bodies and not self.source.own:
            # the public hearing is the public's: without a who, that is who it is
            fields["bodies"] = bodies = [self._body("Offentligheden", "Offentligheden")]
            why["bodies"] = Message("import.why.public", {})
        if step in ONCE and step in self.steps:
            why["title"] = Message("import.why.step_again", {"step": step, "other": self.steps[step]})
            step = None
        if step:
            fields["step"] = step
            if step in ONCE:
                self.steps[step] = event_id
        for key in ("location", "notes", "url"):
            if value := getattr(rec, key):
                fields[key] = value if key == "notes" else one_line(value)
        if why.get("notes") and "notes" not in fields:
            why["title"] = why.pop("notes")
        for key in ("tags", "reminders", "after", "before"):
            if values := getattr(rec, key):
                fields[key] = values
        if rec.opened_by and kind == "hearing":
            fields["opened_by"] = rec.opened_by
        if rec.feeds and kind == "hearing":
            fields["feeds"] = rec.feeds
        if rec.accept:
            fields["accept"] = rec.accept
        entry = Entry(fields, {k: v for k, v in why.items()}, [rec.where, *rec.head])
        if "phase" in fields:
            self.phase_members[fields["phase"]].append(entry)
        return entry

    def finish_phases(self) -> list[Entry]:
        """Phases the source named without dates span their events, first to last."""
        out = []
        for phase_id, entry in self.phases.items():
            members = self.phase_members[phase_id]
            if "start" not in entry.fields:
                if not members:
                    continue  # a heading with no events under it: nothing to date it by
                starts = [FuzzyDate.parse(e.fields.get("date") or e.fields["start"]) for e in members]
                ends = [FuzzyDate.parse(e.fields.get("date") or e.fields["end"]) for e in members]
                # Days, not the members' months: a phase "2023-12" could not be shown to hold
                # an event "2023-12" (BT106); the first and last possible days can.
                entry.fields["start"] = min(d.first for d in starts).isoformat()
                entry.fields["end"] = max(d.last for d in ends).isoformat()
                self.guesses += 1
            out.append(entry)
        return out


def _process(b: _Builder, events: list[Entry]) -> Entry:
    src, opts = b.source, b.options
    given = dict(src.process)
    why: dict[str, Message] = {}
    fields: dict[str, Any] = {}
    title = opts.title or given.get("title")
    texts = [*src.context, *(e.fields["title"] for e in events)]
    years = opts.budget_years or given.get("budget_years")
    if not years:
        for text in [*([title] if title else []), *texts]:
            if found := guess.budget_years(text):
                years = found[0]
                why["budget_years"] = Message("import.why.years_text", {"words": found[1]})
                break
        else:
            years = _years_from_dates(events, why)
        b.guesses += 1
    if not title:
        # The text above a sheet's table or a calendar's name, when it names the budget years;
        # else a title made of the years; the file's name only when nothing else is known.
        with_years = next((t for t in src.context if guess.budget_years(t)), None)
        first, last = years.split("-")
        if with_years:
            title, why["title"] = with_years, Message("import.why.title_context", {})
        elif "budget_years" not in why or why["budget_years"].key == "import.why.years_text":
            title, why["title"] = f"Budget {first}-{last[-2:]}", Message("import.why.title_years", {})
        elif src.context:
            title, why["title"] = src.context[0], Message("import.why.title_context", {})
        else:
            title, why["title"] = src.name, Message("import.why.title_file", {})
        b.guesses += 1
    municipality = opts.municipality or given.get("municipality")
    if not municipality:
        municipality = next((m for t in src.context if (m := guess.municipality(t))), None)
        if municipality:
            why["municipality"] = Message("import.why.municipality", {})
            b.guesses += 1
    process_id = opts.process_id or given.get("id")
    if not process_id:
        first, last = years.split("-")
        process_id = guess.slug(f"{municipality or ''} budget {first}-{last[-2:]}", words=8, limit=60)
        why["id"] = Message("import.why.process_id", {})
    fields["id"] = process_id
    fields["title"] = title
    if municipality:
        fields["municipality"] = municipality
    fields["budget_years"] = years
    fields["timezone"] = opts.timezone or given.get("timezone") or "Europe/Copenhagen"
    if opts.timezone is None and "timezone_why" in src.process and not src.own:
        why["timezone"] = src.process["timezone_why"]
    fields["language"] = given.get("language", "da")
    for key in ("contact", "source", "description", "accessibility_statement"):
        if given.get(key):
            fields[key] = given[key]
    rules = {k[len("rules.") :]: v for k, v in given.items() if k.startswith("rules.")}
    if rules:
        fields["rules"] = rules
    return Entry(fields, why)


def _years_from_dates(events: list[Entry], why: dict[str, Message]) -> str:
    """No text names the budget years: the year after the 2nd reading, else after most events."""
    second = next((e for e in events if e.fields.get("step") == "second_reading"), None)
    if second is not None:
        year = FuzzyDate.parse(
            second.fields["date"] if "date" in second.fields else second.fields["end"]
        ).first.year
        why["budget_years"] = Message("import.why.years_reading", {"year": year + 1})
    else:
        years = [FuzzyDate.parse(e.fields.get("date") or e.fields["start"]).first.year for e in events]
        year = max(set(years), key=years.count) if years else date.today().year
        why["budget_years"] = Message("import.why.years_dates", {"year": year + 1})
    return f"{year + 1}-{year + 4}"


def build(source: Source, options: Options = Options()) -> Draft:
    """The draft calendar of a source."""
    b = _Builder(source, options)
    events = [b.event(r) for r in source.records]
    phases = b.finish_phases()
    process = _process(b, events)
    bodies = {k: b.bodies[k] for k in b.bodies}
    return Draft(
        process, bodies, phases, events, list(source.lost), list(source.notes), source.name, b.guesses
    )
