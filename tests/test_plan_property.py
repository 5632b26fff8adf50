"""Properties of roll and move on generated calendars: neither creates an error the source did
not have, unless it reports the conflict (and the command exits 1)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import load_text
from budgettid.format.values import FuzzyDate
from budgettid.plan.move import move
from budgettid.plan.relations import derive, kept, values_of
from budgettid.plan.roll import roll
from budgettid.rules.engine import check_calendar

KINDS = ("meeting", "meeting", "deadline", "event", "hearing", "period")


def _errors(cal) -> set[tuple[str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return {(d.code, d.events) for d in check_calendar(cal) if d.severity == "error" and d.accepted is None}


@st.composite
def calendars(draw: st.DrawFn) -> str:
    """A small process: phases, days and months, windows, orders and the statutory steps,
    mostly lawful (the dates drawn where the rules want them), sometimes not."""
    budget = draw(st.integers(2021, 2031))
    year = budget - 1
    day = st.integers(0, 300).map(lambda n: date(year, 1, 10) + timedelta(days=n))
    lines = [
        "format: budgettid/1",
        "process:",
        f"  id: gen-budget-{budget}",
        f"  title: Budget {budget}",
        f"  budget_years: {budget}-{budget + 3}",
        "bodies:",
        "  byraadet: {name: Byrådet, role: council}",
        "phases:",
    ]
    phases: list[tuple[str, date, date]] = []
    cut = draw(st.one_of(st.none(), st.integers(120, 260)))
    if cut is not None:
        mid = date(year, 1, 1) + timedelta(days=cut)
        phases = [
            ("f1", date(year, 1, 1), mid),
            ("f2", mid + timedelta(days=draw(st.integers(-3, 1))), date(year, 12, 31)),
        ]
    for pid, start, end in phases:
        lines += [f"  - id: {pid}", f"    title: {pid}", f"    start: {start}", f"    end: {end}"]
    if not phases:
        lines[-1] = "phases: []"
    lines.append("events:")
    events: list[tuple[str, date, date]] = []

    def add(eid: str, kind: str, start: date, end: date, extra: list[str], vague: bool = False) -> None:
        lines.extend([f"  - id: {eid}", f"    title: {eid}", f"    kind: {kind}", "    bodies: [byraadet]"])
        if vague:
            lines.append(f"    date: {start:%Y-%m}")
        elif start == end and kind not in ("hearing", "period"):
            lines.append(f"    date: {start}")
        else:
            lines.extend([f"    start: {start}", f"    end: {end}"])
        inside = [p for p, a, b in phases if a <= start and end <= b]
        if inside and draw(st.booleans()):
            lines.append(f"    phase: {inside[0]}")
        lines.extend(extra)
        if not vague:
            events.append((eid, start, end))

    for i in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(KINDS))
        start = draw(day)
        length = (
            draw(st.integers(1, 20)) if kind in ("hearing", "period") else draw(st.sampled_from([0, 0, 0, 1]))
        )
        if kind == "deadline":
            length = 0
        extra = []
        before = [e for e in events if e[2] <= start]
        if before and draw(st.booleans()):
            other = draw(st.sampled_from(before))
            gap = (start - other[2]).days
            extra.append(
                f"    after: [{{event: {other[0]}, min_days: {draw(st.integers(0, min(gap, 10)))}}}]"
            )
        vague = kind not in ("hearing", "period") and draw(st.integers(0, 9)) == 0
        add(f"e{i}", kind, start, start + timedelta(days=length), [] if vague else extra, vague)
    if draw(st.booleans()):  # the statutory steps, drawn where the law wants them (mostly)
        first = date(year, 9, 1) + timedelta(days=draw(st.integers(0, 22)))
        second = first + timedelta(days=draw(st.integers(20, 30)))
        proposal = first - timedelta(days=draw(st.integers(0, 10)))
        amendment = first + timedelta(days=draw(st.integers(1, 12)))
        add("oeu-1", "meeting", proposal, proposal, ["    step: budget_proposal"])
        add("br-1", "meeting", first, first, ["    step: first_reading"])
        add("frist", "deadline", amendment, amendment, ["    step: amendment_deadline"])
        add("br-2", "meeting", second, second, ["    step: second_reading", "    after: [oeu-1]"])
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None)
@given(calendars(), st.integers(1, 3))
def test_roll_creates_no_error_unless_it_reports_the_conflict(text: str, years: int):
    cal = load_text(text, "gen.yaml")
    r = roll(text, "gen.yaml", cal.process.first_budget_year + years, "draft.yaml", cal=cal)
    new = _errors(r.draft) - _errors(cal)
    rules_broken = [b for b in r.broken if b.relation.code is not None]
    if new:
        assert rules_broken and r.errors, new  # reported, and `roll` exits 1
    if not rules_broken:
        value = values_of(r.draft)
        assert [x for x in derive(cal) if x.code is not None and not kept(x, value)] == []


@settings(max_examples=40, deadline=None)
@given(calendars(), st.data())
def test_move_creates_no_error_unless_it_refuses_and_names_the_rules(text: str, data: st.DataObject):
    cal = load_text(text, "gen.yaml")
    exact = [e for e in cal.events if e.span_start.exact]
    if not exact:
        return
    e = data.draw(st.sampled_from(exact))
    when = e.span_start.first + timedelta(days=data.draw(st.integers(-40, 40)))
    r = move(text, "gen.yaml", e.id, FuzzyDate.day(when), cal=cal)
    if r.conflict is not None:
        assert r.text is None and r.conflict.codes  # nothing to write; the rules are named
        return
    if r.same:
        return
    assert r.result is not None
    assert _errors(r.result) - _errors(cal) == set()
    # What did not have to move did not move: every change is the asked one or has a reason.
    assert all(c.asked or c.reasons for c in r.changes)


def test_the_command_exits_1_on_a_conflict_and_0_otherwise(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "gen.yaml"
    path.write_text(_lawful(), encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(app, ["move", str(path), "br-1", "2023-09-20", "-n", "--lang", "en"])
    bad = runner.invoke(app, ["move", str(path), "br-1", "2023-09-30", "-n", "--lang", "en"])
    assert (ok.exit_code, bad.exit_code) == (0, 1), (ok.output, bad.output)
    assert "BT201 and BT202 cannot hold together" in bad.stdout


def _lawful() -> str:
    return """\
format: budgettid/1
process: {id: gen-budget-2024, title: Budget 2024, budget_years: 2024-2027}
bodies: {byraadet: {name: Byrådet, role: council}}
phases: []
events:
  - {id: br-1, title: 1. behandling, kind: meeting, date: 2023-09-19, step: first_reading}
  - {id: br-2, title: 2. behandling, kind: meeting, date: 2023-10-10, step: second_reading}
"""
