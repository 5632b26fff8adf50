"""Roll a calendar forward: next year's draft, with the source's comments and layout kept.

The draft is made by splicing new scalar text into the source text at the positions
ruamel.yaml's composer reports, so every byte that is not a rolled date, title, note or
process field stays as it was (ruamel's own dumper would re-space aligned flow mappings).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path as FsPath
from typing import Any

from . import diagnostics as dg
from .diagnostics import Diagnostic, Severity
from .errors import CalendarInvalid, UsageError
from .model import Calendar, Event, FuzzyDate
from .source import Path

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
    # The roll's own notes in every report language ({"da": ..., "en": ...}); a finding of
    # the check has none and is shown as the check words it.
    text: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass
class RollResult:
    """The draft text, the draft calendar, what moved and what needs a person."""

    source: Calendar
    draft: Calendar
    text: str
    years: int
    moved: list[tuple[str, str, DateRoll]] = field(default_factory=list)  # (event/phase id, field, roll)
    notes: list[Note] = field(default_factory=list)
    output: FsPath = FsPath("draft.yaml")  # where the draft goes
    newline: str = "\n"  # the source's line ending, which the draft keeps
    mode: int | None = None  # the source's permissions, which the draft gets

    @property
    def errors(self) -> list[Note]:
        return [n for n in self.notes if n.severity is Severity.ERROR]


def _scalars(node: Any, path: Path, out: dict[Path, Any]) -> None:
    """Every scalar node by its path (merge keys resolved as the loader does)."""
    kind = type(node).__name__
    if kind == "ScalarNode":
        out[path] = node
    elif kind == "SequenceNode":
        for i, child in enumerate(node.value):
            _scalars(child, (*path, i), out)
    elif kind == "MappingNode":
        merged: list[Any] = []
        explicit = set()
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                merged.extend(value.value if type(value).__name__ == "SequenceNode" else [value])
                continue
            explicit.add(key.value)
            _scalars(value, (*path, key.value), out)
        for source in merged:
            for key, value in source.value:
                if key.value not in explicit:
                    explicit.add(key.value)
                    _scalars(value, (*path, key.value), out)


def _compose(text: str, name: str) -> dict[Path, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        root = YAML(typ="rt").compose(text)
    except YAMLError as exc:  # the loader accepted it; ruamel did not
        raise CalendarInvalid(
            [dg.make(name, (1, 1), "BT001", f"cannot roll this file: ruamel.yaml reads it as {exc}")]
        ) from None
    out: dict[Path, Any] = {}
    _scalars(root, (), out)
    return out


class _Splicer:
    """Collects replacements of scalar source text and applies them in one pass."""

    def __init__(self, text: str, nodes: dict[Path, Any]) -> None:
        self.text, self.nodes = text, nodes
        self.edits: dict[tuple[int, int], tuple[str, Path]] = {}
        self.conflicts: list[Path] = []

    def span(self, path: Path) -> tuple[int, int]:
        """Where the scalar's text is: after its anchor (&name) or tag, if any."""
        node = self.nodes[path]
        start, end = node.start_mark.index, node.end_mark.index
        props = re.match(r"(?:[&!]\S*\s+)*", self.text[start:end])
        return start + (props.end() if props else 0), end

    def raw(self, path: Path) -> str:
        start, end = self.span(path)
        return self.text[start:end]

    def set(self, path: Path, new_raw: str) -> None:
        span = self.span(path)
        if span in self.edits and self.edits[span][0] != new_raw:
            self.conflicts.append(path)  # an alias shared by values that roll differently
            return
        if new_raw != self.raw(path):
            self.edits[span] = (new_raw, path)

    def set_scalar(self, path: Path, value: str) -> None:
        """Replace a scalar's value, keeping its quotes."""
        raw = self.raw(path)
        quote = raw[0] if raw[:1] in ("'", '"') else ""
        self.set(path, f"{quote}{value}{quote}")

    def apply(self) -> str:
        out, at = [], 0
        for (start, end), (new, _) in sorted(self.edits.items()):
            out += [self.text[at:start], new]
            at = end
        return "".join(out) + self.text[at:]

    def comment_after(self, path: Path) -> str | None:
        """The end-of-line comment after a scalar, if any (it may describe the old date)."""
        node = self.nodes[path]
        rest = self.text[node.end_mark.index :].split("\n", 1)[0]
        m = re.match(r"\s+#\s?(.*)$", rest)
        return m.group(1).strip() if m else None


def roll_file(source: FsPath, year: int, output: FsPath | None = None) -> RollResult:
    """Read and load a calendar file once and roll it; the draft is meant for `output`
    (default: `default_output`). Nothing is written: see `write_draft`.
    """
    from .load import load_text, read_text
    from .output import read_bytes

    text = read_text(source)
    cal = load_text(text, str(source))
    out = output if output is not None else default_output(source, cal, year)
    result = roll(text, str(source), year, str(out), cal=cal)
    result.output = out
    result.newline = "\r\n" if b"\r\n" in read_bytes(source, "calendar") else "\n"  # decoded as LF
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
    from .load import load_text

    if cal is None:
        cal = load_text(text, name)
    p = cal.process
    years = year - p.first_budget_year
    if years <= 0:
        raise UsageError(
            f"{name} is the process for budget {p.budget_years}; --year must be a later first "
            f"budget year, e.g. --year {p.first_budget_year + 1}"
        )
    sp = _Splicer(text, _compose(text, name))
    result_moves: list[tuple[str, str, DateRoll]] = []

    new_id = roll_years_in_text(p.id, p.first_budget_year, p.last_budget_year, years, slug=True)
    id_appended = new_id == p.id
    if id_appended:  # the same id would give next year's feed the same iCalendar UIDs
        new_id = f"{p.id}-{year}"
    sp.set_scalar(("process", "id"), new_id)
    sp.set_scalar(("process", "budget_years"), f"{year}-{p.last_budget_year + years}")

    def text_field(path: Path) -> None:
        if path in sp.nodes:
            sp.set(path, roll_years_in_text(sp.raw(path), p.first_budget_year, p.last_budget_year, years))

    text_field(("process", "title"))
    for i, ph in enumerate(cal.phases):
        text_field(("phases", i, "title"))
        for key, end in (("start", False), ("end", True)):
            r = roll_phase_date(getattr(ph, key), years, end=end)
            sp.set_scalar(("phases", i, key), r.new.text)
            result_moves.append((ph.id, key, r))
    for i, e in enumerate(cal.events):
        text_field(("events", i, "title"))
        text_field(("events", i, "notes"))
        for key, r in roll_event_dates(e, years).items():
            sp.set_scalar(("events", i, key), r.new.text)
            result_moves.append((e.id, key, r))

    new_text = _retarget_schema_line(sp.apply(), FsPath(name).parent, FsPath(draft_name).parent)
    draft = load_text(new_text, draft_name)
    result = RollResult(cal, draft, new_text, years, result_moves, output=FsPath(draft_name))
    result.notes = sorted(_needs_a_person(result, sp, id_appended), key=lambda n: (n.line, n.column, n.code))
    return result


_MODELINE = re.compile(r"^(#\s*yaml-language-server:\s*\$schema=)(\S+)", re.MULTILINE)


def _retarget_schema_line(text: str, source_dir: FsPath, draft_dir: FsPath) -> str:
    """Keep a relative `# yaml-language-server: $schema=` path pointing at the same file."""

    def sub(m: re.Match[str]) -> str:
        target = m.group(2)
        if "://" in target or os.path.isabs(target) or not (source_dir / target).is_file():
            return m.group(0)
        moved = os.path.relpath(os.path.abspath(source_dir / target), os.path.abspath(draft_dir))
        return m.group(1) + FsPath(moved).as_posix()

    return _MODELINE.sub(sub, text, count=1)


def _path_of(cal: Calendar, item_id: str, key: str) -> Path:
    if item_id in cal.event_index:
        return ("events", cal.event_index[item_id], key)
    return ("phases", next(i for i, ph in enumerate(cal.phases) if ph.id == item_id), key)


def _needs_a_person(r: RollResult, sp: _Splicer, id_appended: bool) -> Iterator[Note]:
    draft, src = r.draft, r.source
    old = {(d.code, d.events) for d in check(src)}

    def note(
        path: Path,
        code: str,
        args: Mapping[str, object],
        *,
        severity: Severity = Severity.WARNING,
        events: tuple[str, ...] = (),
    ) -> Note:
        line, column = draft.source.at(path)
        text = {lang: words[code].format(**args) for lang, words in _NOTE_WORDS.items()}
        return Note(line, column, code, text["en"], severity, True, events, text)

    for d in check(draft):
        yield Note(d.line, d.column, d.code, d.message, d.severity, (d.code, d.events) not in old, d.events)

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
            yield note(
                ("process", "rules", key),
                "rules",
                {
                    "key": key,
                    "shown": ", ".join(value) if isinstance(value, list) else value,
                    "why": _WHY[key],
                    "old": src.process.first_budget_year,
                    "new": draft.process.first_budget_year,
                },
            )
    if src.process.source:
        yield note(("process", "source"), "source", {"source": src.process.source}, severity=Severity.INFO)
    if id_appended:
        yield note(("process", "id"), "id", {"id": draft.process.id}, severity=Severity.INFO)
    for item_id, key, dr in r.moved:
        path = _path_of(src, item_id, key)
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


# The roll's own notes, in both report languages (the check's findings are its own words).
_NOTE_WORDS = {
    "en": {
        "rules": "rules.{key} is {shown}: {why[en]}; it probably belonged to budget {old} only: "
        "remove it unless it holds for {new} too",
        "source": "process.source still names last year's document ({source!r}): "
        "update it when the new process is approved",
        "id": "process.id had no year to roll; it became {id!r} so that feeds of the two years do "
        "not share iCalendar UIDs: rename it if you like",
        "week53": "{item}: {old} is in ISO week 53, which {year} does not have; moved to week 52 ({new})",
        "feb29": "{item}: {old} has no {year} counterpart; moved to {new}",
        "comment": "{item}: the comment '# {comment}' was written about {old}; the date is now {new}: "
        "is it still true?",
        "alias": "{owner}: {field} is an alias of a value that rolls differently, and got {value} with "
        "it; write this date out instead of the alias",
    },
    "da": {
        "rules": "rules.{key} er {shown}: {why[da]}; den hørte nok kun til budget {old}: "
        "fjern den, medmindre den også gælder for {new}",
        "source": "process.source nævner stadig sidste års dokument ({source!r}): "
        "opdatér den, når den nye proces er godkendt",
        "id": "process.id havde intet år at rulle; den blev {id!r}, så de to års feeds ikke deler "
        "iCalendar-UID'er: omdøb den, hvis du vil",
        "week53": "{item}: {old} ligger i ISO-uge 53, som {year} ikke har; flyttet til uge 52 ({new})",
        "feb29": "{item}: {old} findes ikke i {year}; flyttet til {new}",
        "comment": "{item}: kommentaren '# {comment}' blev skrevet om {old}; datoen er nu {new}: "
        "passer den stadig?",
        "alias": "{owner}: {field} er et alias for en værdi, der rulles anderledes, og fik {value} med; "
        "skriv datoen ud i stedet for aliasset",
    },
}
_WHY = {
    "adopt_by": {
        "en": "the statutory deadline is 10-15 (15 October)",
        "da": "lovens frist er 10-15 (15. oktober)",
    },
    "proposal_by": {
        "en": "the statutory deadline is 09-15 (15 September)",
        "da": "lovens frist er 09-15 (15. september)",
    },
    "min_reading_gap_days": {
        "en": "§ 38 asks for at least three weeks (21 days)",
        "da": "§ 38 kræver mindst tre uger (21 dage)",
    },
    "disable": {
        "en": "it switches rules off for the whole new year",
        "da": "den slår regler fra for hele det nye år",
    },
}


# --- the check of the draft ----------------------------------------------------------------


def check(cal: Calendar) -> list[Diagnostic]:
    """The full rule pack (budgettid check), as `budgettid check FILE` runs it."""
    from .check import check_calendar

    return check_calendar(cal)


# --- where the draft goes ------------------------------------------------------------------


def default_output(source: FsPath, cal: Calendar, year: int) -> FsPath:
    """budget_2024_31.yaml -> budget_2025_32.yaml next to the source; the bundled
    calendar's draft goes to the current folder (the package's folder is not the user's).
    """
    from .load import bundled_path

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
    return FsPath(name) if bundled else source.parent / name


def write_draft(r: RollResult, *, force: bool = False) -> FsPath:
    """Write the draft atomically to `r.output`, never over the source, an existing file only
    when `force`. The draft gets the source's line endings (CRLF stays CRLF) and permissions.
    """
    from .output import write_atomic

    out = r.output
    if out.exists() and not out.is_dir() and not force:
        raise UsageError(f"{out} exists; pass --force to replace it, or another -o OUT")
    data = r.text.replace("\n", r.newline).encode("utf-8")
    return write_atomic(out, data, inputs=[FsPath(r.source.file)], mode=r.mode, replace_calendar=force)


def summary(r: RollResult) -> dict[str, Any]:
    """The facts a reader checks first: the readings, the deadlines, the counts."""
    d = r.draft
    year = d.process.first_budget_year - 1
    first, second = d.step("first_reading"), d.step("second_reading")
    counts = {WEEKDAY: 0, SAME_DATE: 0, WHOLE_YEARS: 0}
    for _, _, dr in r.moved:
        counts[dr.how] += 1
    return {
        "source": r.source.file,
        "draft": d.file,
        "process": {"old": r.source.process.id, "new": d.process.id},
        "budget_years": {"old": r.source.process.budget_years, "new": d.process.budget_years},
        "years": r.years,
        "rolled": {
            "kept_weekday": counts[WEEKDAY],
            "kept_date": counts[SAME_DATE],
            "moved_whole_years": counts[WHOLE_YEARS],
        },
        "first_reading": first.span_start.text if first else None,
        "second_reading": second.span_start.text if second else None,
        "reading_gap_days": (second.first - first.last).days
        if first and second and first.exact and second.exact
        else None,
        "adopt_by": d.process.rules.adopt_by_date(year).isoformat(),
        "proposal_by": d.process.rules.proposal_by_date(year).isoformat(),
    }


# --- the report ----------------------------------------------------------------------------

_WORDS: dict[str, dict[str, Any]] = {
    "da": {
        "head": "Rullet {old} (budget {old_years}) til {new} (budget {new_years}).",
        "counts": "{weekday} beholdt ugedagen, {date} beholdt datoen, {years} flyttede {n} år.",
        "forms": {
            "weekday": ("dato", "datoer"),
            "date": ("frist", "frister"),
            "years": ("måneds- eller kvartalsdato", "måneds- og kvartalsdatoer"),
            "n": ("", ""),
        },
        "readings": "Byrådets behandlinger: {first} og {second}, {gap} dage imellem (mindst {min}).",
        "deadlines": "Vedtagelse senest {adopt}; Økonomiudvalgets forslag senest {proposal}.",
        "person": "Kræver en person ({n}):",
        "nothing": "Intet kræver en person: kladden har ingen fund.",
        "new": "ny",
        "errors": "Kladden har {n} fejl: ret dem, før den bruges.",
        "wrote": "Skrev {path}.",
        "dry": "Prøvekørsel: intet skrevet (ville skrive {path}).",
    },
    "en": {
        "head": "Rolled {old} (budget {old_years}) to {new} (budget {new_years}).",
        "counts": "{weekday} kept their weekday, {date} kept their date, {years} moved {n}.",
        "forms": {
            "weekday": ("date", "dates"),
            "date": ("deadline", "deadlines"),
            "years": ("month or quarter date", "month and quarter dates"),
            "n": ("year", "years"),
        },
        "readings": "The council's readings: {first} and {second}, {gap} days apart (at least {min}).",
        "deadlines": "Adoption by {adopt}; the finance committee's proposal by {proposal}.",
        "person": "Needs a person ({n}):",
        "nothing": "Nothing needs a person: the draft has no findings.",
        "new": "new",
        "errors": "The draft has {n} error(s): fix them before it is used.",
        "wrote": "Wrote {path}.",
        "dry": "Dry run: nothing written (would write {path}).",
    },
}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _note_code(n: Note) -> str:
    code = dg.CODES.get(n.code)
    return f"{n.code} {code.symbol}" if code else n.code


def report_text(r: RollResult, lang: str, *, written: bool) -> str:
    """The roll report for people: the facts, then what needs a person (errors first)."""
    from . import i18n

    w = _WORDS[lang]
    s = summary(r)
    day = lambda text: i18n.day(date.fromisoformat(text), lang)  # noqa: E731
    counts = {
        "weekday": s["rolled"]["kept_weekday"],
        "date": s["rolled"]["kept_date"],
        "years": s["rolled"]["moved_whole_years"],
        "n": r.years,
    }

    def plural(key: str, n: int) -> str:
        return f"{n} {w['forms'][key][n != 1]}".rstrip()

    lines = [
        w["head"].format(
            old=s["process"]["old"],
            new=s["process"]["new"],
            old_years=s["budget_years"]["old"],
            new_years=s["budget_years"]["new"],
        ),
        "  " + w["counts"].format(**{key: plural(key, n) for key, n in counts.items()}),
    ]
    if s["reading_gap_days"] is not None:
        lines.append(
            "  "
            + w["readings"].format(
                first=day(s["first_reading"]),
                second=day(s["second_reading"]),
                gap=s["reading_gap_days"],
                min=r.draft.process.rules.min_reading_gap_days,
            )
        )
    lines.append("  " + w["deadlines"].format(adopt=day(s["adopt_by"]), proposal=day(s["proposal_by"])))
    notes = sorted(r.notes, key=lambda n: (_SEVERITY_ORDER[n.severity], n.line, n.column, n.code))
    if notes:
        lines.append(w["person"].format(n=len(notes)))
        for n in notes:
            tag = f" [{w['new']}]" if n.new and n.code in dg.CODES else ""
            where = f"{r.draft.file}:{n.line}:{n.column}"
            lines.append(f"  {where}: {n.severity} {_note_code(n)} {n.text.get(lang, n.message)}{tag}")
    else:
        lines.append(w["nothing"])
    if r.errors:
        lines.append(w["errors"].format(n=len(r.errors)))
    lines.append(w["wrote" if written else "dry"].format(path=r.output))
    return "\n".join(lines) + "\n"


def report_json(r: RollResult, *, written: bool) -> str:
    """The roll report for scripts."""
    import json

    doc = summary(r) | {
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
            for n in sorted(r.notes, key=lambda n: (_SEVERITY_ORDER[n.severity], n.line, n.column, n.code))
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
