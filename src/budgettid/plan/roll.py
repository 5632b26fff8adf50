"""Roll a calendar forward: next year's draft, with the source's comments and layout kept.

The draft is written by `yamledit.Editor`, so every byte that is not a rolled date, title,
note or process field stays as it was. The report's words are in report/roll.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from .. import i18n
from ..diagnostics import Severity
from ..errors import OutputExists, YearNotLater
from ..format.keypath import KeyPath
from ..format.model import Calendar, Event
from ..format.values import FuzzyDate
from .relations import EVENT, PHASE, Field, field_path
from .schedule import Broken, Problem, Reason
from .yamledit import Editor, retarget_schema_line

# --- rolling one date ----------------------------------------------------------------------

WEEKDAY, SAME_DATE, WHOLE_YEARS = "weekday", "date", "years"
_ONE_DAY = timedelta(days=1)


def roll_weekday(d: date, years: int) -> tuple[date, bool]:
    """The same weekday of the same ISO week `years` later; week 53 becomes 52 where missing.

    Returns the day and whether week 53 had to become week 52.
    """
    iso = d.isocalendar()
    target, week = iso.year + years, iso.week
    # 28 December always lies in the last ISO week of its year.
    if week == 53 and date(target, 12, 28).isocalendar().week != 53:
        return date.fromisocalendar(target, 52, iso.weekday), True
    return date.fromisocalendar(target, week, iso.weekday), False


def roll_same_date(d: date, years: int) -> tuple[date, bool]:
    """The same month and day `years` later; 29 February becomes 28 February where missing."""
    try:
        return d.replace(year=d.year + years), False
    except ValueError:
        return date(d.year + years, 2, 28), True


def _roll_fuzzy(fd: FuzzyDate, years: int) -> FuzzyDate:
    """A month or quarter moves by whole years."""
    y, rest = fd.text.split("-", 1)
    return FuzzyDate.parse(f"{int(y) + years:04d}-{rest}")


@dataclass(frozen=True)
class DateRoll:
    """How one written date was rolled; `clamped` says why a person should look."""

    old: FuzzyDate
    new: FuzzyDate
    how: str  # WEEKDAY, SAME_DATE or WHOLE_YEARS
    clamped: str | None = None  # "week53" or "feb29"


def roll_day(fd: FuzzyDate, years: int, how: str) -> DateRoll:
    if not fd.exact:
        return DateRoll(fd, _roll_fuzzy(fd, years), WHOLE_YEARS)
    if how == SAME_DATE:
        d, clamped = roll_same_date(fd.first, years)
        return DateRoll(fd, FuzzyDate.day(d), how, "feb29" if clamped else None)
    d, clamped = roll_weekday(fd.first, years)
    return DateRoll(fd, FuzzyDate.day(d), how, "week53" if clamped else None)


def roll_event_dates(e: Event, years: int) -> dict[str, DateRoll]:
    """The rolled date, or start and end, of an event (keyed by field name).

    Deadlines keep their calendar date; everything else keeps its weekday. A window whose
    both ends are days keeps its length, so its end keeps its weekday too.
    """
    how = SAME_DATE if e.kind == "deadline" else WEEKDAY
    if e.date is not None:
        return {"date": roll_day(e.date, years, how)}
    assert e.start is not None and e.end is not None
    start = roll_day(e.start, years, how)
    if how == WEEKDAY and e.start.exact and e.end.exact:
        length = e.end.first - e.start.first
        end = DateRoll(e.end, FuzzyDate.day(start.new.first + length), WEEKDAY)
    else:
        end = roll_day(e.end, years, how)
    return {"start": start, "end": end}


def roll_phase_date(fd: FuzzyDate, years: int, *, end: bool) -> DateRoll:
    """Phases that begin on the 1st or end on a month's last day stay on month bounds.

    Other phase bounds follow the meetings they are drawn around and keep their weekday.
    """
    d = fd.first
    on_bound = fd.exact and (d.day == 1 if not end else (d + _ONE_DAY).month != d.month)
    return roll_day(fd, years, SAME_DATE if on_bound else WEEKDAY)


# --- rolling years written in text ---------------------------------------------------------


def roll_years_in_text(text: str, first: int, last: int, years: int, *, slug: bool = False) -> str:
    """Move the process period ("2024-31", "2024-2031"), year ranges and lone years near it by `years`.

    Years from five years before the first budget year up to the last one move, alone
    ("regnskab 2023" -> "regnskab 2024") or as both ends of a range ("overslagsår 2025-2027"
    -> "overslagsår 2026-2028"); years inside dates ("15/12-2022", "2023-09-19") stay. In a
    slug ("alleroed-budget-2024") a year may follow a hyphen.
    """
    short = f"{last % 100:02d}"
    before, after = (r"(?<!\d)", r"(?!\d)") if slug else (r"(?<![\d/.-])", r"(?![\d/.]|-\d)")
    pattern = re.compile(
        rf"(?<!\d)(?P<p>{first}-(?:{last}|{short}))(?!\d)"
        rf"|{before}(?P<a>\d{{4}})-(?P<b>\d{{4}}){after}"
        rf"|{before}(?P<y>\d{{4}}){after}"
    )
    new_last = last + years

    def near(y: str) -> bool:
        return first - 5 <= int(y) <= last

    def sub(m: re.Match[str]) -> str:
        if m.group("p"):
            tail = str(new_last) if m.group("p").endswith(f"-{last}") else f"{new_last % 100:02d}"
            return f"{first + years}-{tail}"
        if m.group("a"):
            a, b = m.group("a"), m.group("b")
            return f"{int(a) + years}-{int(b) + years}" if near(a) and near(b) else m.group(0)
        y = m.group("y")
        return str(int(y) + years) if near(y) else m.group(0)

    return pattern.sub(sub, text)


# A double-quoted scalar's escapes: \u2019, \x32, \U0001F4C5, \n, an escaped line break.
_ESCAPE_RE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|\r?\n|.)", re.DOTALL)
_NEUTRAL = "\ue000"  # stands for an escape in the text the years are read from: no digit


def roll_years_in_scalar(raw: str, first: int, last: int, years: int) -> str:
    """`roll_years_in_text` over a scalar as written in the file: years are read in the
    decoded text, and an escape is never rewritten (`\u2019` is a quote, not the year 2019).

    Each escape stands as the one character it means when that is a digit or a separator
    (`\x32` is 2), else as a character that is neither; a rewritten year is written plainly.
    """
    if not raw.startswith('"'):  # plain, single-quoted and block scalars have no escapes
        return roll_years_in_text(raw, first, last, years)
    units: list[str] = []
    masked: list[str] = []
    at = 0
    for m in _ESCAPE_RE.finditer(raw):
        units += raw[at : m.start()]
        masked += raw[at : m.start()]
        units.append(m.group())
        masked.append(_decoded(m.group()))
        at = m.end()
    units += raw[at:]
    masked += raw[at:]
    rolled = roll_years_in_text("".join(masked), first, last, years)
    if len(rolled) != len(masked):  # a year of another length: cannot happen within 1900-2999
        return raw
    return "".join(u if new == old else new for u, old, new in zip(units, masked, rolled, strict=True))


def _decoded(escape: str) -> str:
    code = escape[1:]
    if code[:1] in ("x", "u", "U") and len(code) > 1:
        char = chr(int(code[1:], 16))
        return char if char.isascii() and (char.isdigit() or char in "/.-") else _NEUTRAL
    return code if code in ("/",) else _NEUTRAL


# --- the roll ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """Something in the draft a person should look at, located in the draft."""

    line: int
    column: int
    code: str  # a rule code from the check, or a roll topic: rules, source, id, week53, ...
    message: str
    severity: Severity = Severity.WARNING
    new: bool = True  # False: the source had the same finding
    events: tuple[str, ...] = ()
    # The note in every language ({"da": ..., "en": ...}): the roll's own, or the check's finding.
    text: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Adjustment:
    """A date the scheduler moved away from its plain rolled target, and why."""

    field: Field
    rolled: date  # the plain roll's date
    new: date  # the draft's date
    reasons: tuple[Reason, ...]
    line: int = 0  # where the draft writes it
    column: int = 0

    @property
    def days(self) -> int:
        return (self.new - self.rolled).days


@dataclass
class RollResult:
    """The draft text, the draft calendar, what moved and what needs a person."""

    source: Calendar
    draft: Calendar
    text: str
    years: int
    moved: list[tuple[str, str, DateRoll]] = field(default_factory=list)  # (event/phase id, field, roll)
    notes: list[Note] = field(default_factory=list)
    adjusted: list[Adjustment] = field(default_factory=list)
    broken: list[Broken] = field(default_factory=list)
    fixed: dict[Field, FuzzyDate] = field(default_factory=dict)  # the draft's dates that do not move
    output: Path = Path("draft.yaml")  # where the draft goes
    newline: str = "\n"  # the source's line ending, which the draft keeps
    bom: bool = False  # whether the source starts with a UTF-8 byte order mark, as the draft will
    mode: int | None = None  # the source's permissions, which the draft gets

    @property
    def errors(self) -> list[Note]:
        return [n for n in self.notes if n.severity is Severity.ERROR]

    def where(self, f: Field) -> tuple[int, int]:
        """Where the draft writes a date (line and column; 0, 0 for a statutory deadline)."""
        if f.owner not in (EVENT, PHASE):
            return 0, 0
        at: tuple[int, int] = self.draft.source.at(field_path(self.source, f))
        return at


def roll_file(source: Path, year: int, output: Path | None = None) -> RollResult:
    """Read and load a calendar file once and roll it; the draft is meant for `output`
    (default: `default_output`). Nothing is written: see `write_draft`.
    """
    from ..files import read_bytes
    from ..format.load import load_text, read_text

    text = read_text(source)
    cal = load_text(text, str(source))
    out = output if output is not None else default_output(source, cal, year)
    result = roll(text, str(source), year, str(out), cal=cal)
    result.output = out
    raw = read_bytes(source, "calendar")
    result.newline = "\r\n" if b"\r\n" in raw else "\n"  # decoded as LF
    result.bom = raw.startswith(b"\xef\xbb\xbf")  # decoded without it
    try:
        result.mode = source.stat().st_mode & 0o777
    except OSError:
        result.mode = None
    return result


def roll(text: str, name: str, year: int, draft_name: str, *, cal: Calendar | None = None) -> RollResult:
    """Roll calendar text so that its first budget year is `year`; check the draft.

    `cal` is the text already loaded, if it is. Raises CalendarInvalid when the source does
    not load, UsageError for a useless year.
    """
    from ..format.load import load_text

    if cal is None:
        cal = load_text(text, name)
    p = cal.process
    years = year - p.first_budget_year
    if years <= 0:
        raise YearNotLater(name, p.budget_years, p.first_budget_year)
    sp = Editor(text, name)
    result_moves: list[tuple[str, str, DateRoll]] = []

    new_id = roll_years_in_text(p.id, p.first_budget_year, p.last_budget_year, years, slug=True)
    id_appended = new_id == p.id
    if id_appended:  # the same id would give next year's feed the same iCalendar UIDs
        new_id = f"{p.id}-{year}"
    sp.set_scalar(("process", "id"), new_id)
    sp.set_scalar(("process", "budget_years"), f"{year}-{p.last_budget_year + years}")

    def text_field(path: KeyPath) -> None:
        if path in sp:
            sp.set(path, roll_years_in_scalar(sp.raw(path), p.first_budget_year, p.last_budget_year, years))

    text_field(("process", "title"))
    rolled: dict[Field, DateRoll] = {}
    for i, ph in enumerate(cal.phases):
        text_field(("phases", i, "title"))
        for key, end in (("start", False), ("end", True)):
            rolled[Field(PHASE, ph.id, key)] = roll_phase_date(getattr(ph, key), years, end=end)
    for i, e in enumerate(cal.events):
        text_field(("events", i, "title"))
        text_field(("events", i, "notes"))
        for key, r in roll_event_dates(e, years).items():
            rolled[Field(EVENT, e.id, key)] = r

    from .schedule import solve

    problem = _problem(cal, rolled, years)
    plan = solve(problem)
    assert plan is not None  # a plan that may break relations always exists
    for f, r in rolled.items():
        final = FuzzyDate.day(plan.dates[f]) if f in plan.dates else r.new
        sp.set_scalar(field_path(cal, f), final.text)
        result_moves.append((f.id, f.key, replace(r, new=final)))

    new_text = retarget_schema_line(sp.apply(), Path(name).parent, Path(draft_name).parent)
    draft = load_text(new_text, draft_name)
    result = RollResult(cal, draft, new_text, years, result_moves, output=Path(draft_name))
    result.fixed = dict(problem.fixed)
    result.broken = plan.broken
    for f, reasons in sorted(
        plan.reasons.items(), key=lambda item: draft.source.at(field_path(cal, item[0]))
    ):
        line, column = draft.source.at(field_path(cal, f))
        result.adjusted.append(
            Adjustment(f, rolled[f].new.first, plan.dates[f], tuple(reasons), line, column)
        )
    result.notes = sorted(_needs_a_person(result, sp, id_appended), key=lambda n: (n.line, n.column, n.code))
    return result


def _problem(cal: Calendar, rolled: Mapping[Field, DateRoll], years: int) -> Problem:
    """Next year's dates as a scheduling problem: the plain roll is each date's target."""
    from .relations import derive
    from .schedule import Problem, days_off, deadlines, point

    off = days_off(cal.process.rules)
    points, fixed = {}, {}
    for f, r in rolled.items():
        if r.old.exact:
            points[f] = point(cal, f, r.old.first, r.new.first, off)
        else:
            fixed[f] = r.new
    fixed.update(deadlines(cal, cal.process.first_budget_year - 1 + years))
    return Problem(points, fixed, derive(cal), off)


def _needs_a_person(r: RollResult, sp: Editor, id_appended: bool) -> Iterator[Note]:
    from ..rules.engine import check_calendar

    draft, src = r.draft, r.source
    old = {(d.code, d.events) for d in check_calendar(src)}

    def note(
        path: KeyPath,
        code: str,
        args: Mapping[str, object],
        *,
        severity: Severity = Severity.WARNING,
        events: tuple[str, ...] = (),
    ) -> Note:
        line, column = draft.source.at(path)
        text = {str(lang): i18n.t(lang, f"roll.note.{code}", **args) for lang in i18n.LANGS}
        return Note(line, column, code, text["en"], severity, True, events, text)

    for d in check_calendar(draft):
        if d.accepted is None:  # an accepted finding needs no person
            text = {str(lang): d.text(lang) for lang in i18n.LANGS}
            new = (d.code, d.events) not in old
            yield Note(d.line, d.column, d.code, text["en"], d.severity, new, d.events, text)

    rules = src.process.rules
    overrides = (
        ("adopt_by", rules.adopt_by != "10-15"),
        ("proposal_by", rules.proposal_by != "09-15"),
        ("min_reading_gap_days", rules.min_reading_gap_days < 21),
        ("disable", bool(rules.disable)),
    )
    for key, suspicious in overrides:
        if suspicious:
            value = getattr(rules, key)
            shown = ", ".join(value) if isinstance(value, list) else value
            args = {"key": key, "shown": shown, "old": src.process.first_budget_year,
                    "new": draft.process.first_budget_year}  # fmt: skip
            line, column = draft.source.at(("process", "rules", key))
            text = {str(lang): i18n.t(lang, "roll.note.rules", why=i18n.t(lang, f"roll.why.{key}"), **args)
                    for lang in i18n.LANGS}  # fmt: skip
            yield Note(line, column, "rules", text["en"], Severity.WARNING, True, (), text)
    if src.process.source:
        yield note(("process", "source"), "source", {"source": src.process.source}, severity=Severity.INFO)
    if id_appended:
        yield note(("process", "id"), "id", {"id": draft.process.id}, severity=Severity.INFO)
    for item_id, key, dr in r.moved:
        path = field_path(src, Field(EVENT if item_id in src.event_index else PHASE, item_id, key))
        dates: dict[str, object] = {"item": item_id, "old": dr.old.text, "new": dr.new.text}
        if dr.clamped == "week53":
            year = dr.new.first.isocalendar().year
            yield note(path, "week53", dates | {"year": year}, events=(item_id,))
        elif dr.clamped == "feb29":
            yield note(path, "feb29", dates | {"year": dr.new.first.year}, events=(item_id,))
        comment = sp.comment_after(path)
        # A comment about a day may now be wrong ("a Saturday"); one about a month is not,
        # unless it names a year.
        if comment and dr.old != dr.new and (dr.old.exact or re.search(r"(?<!\d)(19|20)\d\d(?!\d)", comment)):
            yield note(
                path, "comment", dates | {"comment": comment}, severity=Severity.INFO, events=(item_id,)
            )
    for path in sp.conflicts:
        owner = src.events[int(path[1])].id if path[0] == "events" else ".".join(map(str, path))
        args = {"owner": owner, "field": path[-1], "value": sp.edits[sp.span(path)][0]}
        yield note(path, "alias", args, events=(owner,))


# --- where the draft goes ------------------------------------------------------------------


def default_output(source: Path, cal: Calendar, year: int) -> Path:
    """budget_2024_31.yaml -> budget_2025_32.yaml next to the source; the bundled
    calendar's draft goes to the current folder (the package's folder is not the user's).
    """
    from ..format.load import bundled_path

    p = cal.process
    years = year - p.first_budget_year
    last = p.last_budget_year + years

    def period(m: re.Match[str]) -> str:
        return f"{year}{m.group(1)}" + (str(last) if len(m.group(2)) == 4 else f"{last % 100:02d}")

    stem = re.sub(rf"(?<!\d){p.first_budget_year}([_-])(\d{{2}}|\d{{4}})(?!\d)", period, source.stem)
    if stem == source.stem:
        stem = roll_years_in_text(source.stem, p.first_budget_year, p.last_budget_year, years, slug=True)
    if stem == source.stem:
        stem = f"{source.stem}_{year}"
    name = f"{stem}{source.suffix or '.yaml'}"
    try:
        bundled = source.resolve() == bundled_path().resolve()
    except OSError:
        bundled = False
    return Path(name) if bundled else source.parent / name


def write_draft(r: RollResult, *, force: bool = False) -> Path:
    """Write the draft atomically to `r.output`, never over the source, an existing file only
    when `force`. The draft gets the source's line endings (CRLF stays CRLF) and permissions.
    """
    from ..files import replaces, write_atomic

    out = r.output
    if replaces(out) and not out.is_dir() and not force:  # not -o - nor /dev/null
        raise OutputExists(out)
    data = (b"\xef\xbb\xbf" if r.bom else b"") + r.text.replace("\n", r.newline).encode("utf-8")
    return write_atomic(out, data, inputs=[Path(r.source.file)], mode=r.mode, replace_calendar=force)


@dataclass(frozen=True)
class Summary:
    """The facts a reader checks first: the readings, the deadlines, how the dates rolled."""

    source: str
    draft: str
    process: tuple[str, str]  # old and new process id
    budget_years: tuple[str, str]
    years: int
    kept_weekday: int  # the dates on their plain rolled target, by how they rolled
    kept_date: int
    moved_whole_years: int
    first_reading: str | None
    second_reading: str | None
    reading_gap_days: int | None
    adopt_by: date
    proposal_by: date


def summary(r: RollResult) -> Summary:
    """The facts a reader checks first: the readings, the deadlines, the counts."""
    d = r.draft
    year = d.process.first_budget_year - 1
    first, second = d.step("first_reading"), d.step("second_reading")
    counts = {WEEKDAY: 0, SAME_DATE: 0, WHOLE_YEARS: 0}
    adjusted = {(a.field.id, a.field.key) for a in r.adjusted}
    for item, key, dr in r.moved:
        if (item, key) not in adjusted:  # those are counted as moved to keep the plan
            counts[dr.how] += 1
    both_days = first is not None and second is not None and first.exact and second.exact
    return Summary(
        source=r.source.file,
        draft=d.file,
        process=(r.source.process.id, d.process.id),
        budget_years=(r.source.process.budget_years, d.process.budget_years),
        years=r.years,
        kept_weekday=counts[WEEKDAY],
        kept_date=counts[SAME_DATE],
        moved_whole_years=counts[WHOLE_YEARS],
        first_reading=first.span_start.text if first else None,
        second_reading=second.span_start.text if second else None,
        reading_gap_days=(second.first - first.last).days if both_days else None,  # type: ignore[union-attr]
        adopt_by=d.process.rules.adopt_by_date(year),
        proposal_by=d.process.rules.proposal_by_date(year),
    )
