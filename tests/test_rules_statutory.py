"""Statutory rules BT201-BT206: deadlines from budget_years and the file's rules overrides."""

from __future__ import annotations

import pytest

from budgettid.rules.engine import check_calendar

from .conftest import load_inline


def calendar(events: str, years: str = "2024-2027", rules: str = "") -> str:
    extra = f", rules: {{{rules}}}" if rules else ""
    return (
        "format: budgettid/1\n"
        f"process: {{id: t, title: T, budget_years: {years}{extra}}}\n"
        "bodies: {byraadet: {name: Byrådet, role: council}}\n"
        "phases: []\n"
        "events:\n" + events
    )


def step(eid: str, day: str, name: str, kind: str = "meeting") -> str:
    return f"  - {{id: {eid}, title: Titel {eid}, kind: {kind}, date: {day}, step: {name}}}\n"


def readings(first: str, second: str) -> str:
    return step("br1", first, "first_reading") + step("br2", second, "second_reading")


def found(text: str, **kw) -> list[tuple[int, str, str]]:
    return [(d.line, d.code, d.text("en")) for d in check_calendar(load_inline(text), **kw)]


def test_bt201_says_how_far_apart_and_both_fixes():
    [(line, code, msg)] = found(calendar(readings("2023-09-19", "2023-10-03")))
    assert (line, code) == (7, "BT201")
    assert msg == (
        "the second reading br2 is on Tuesday 3 October 2023, only 14 days after the first reading br1 "
        "(Titel br1) on Tuesday 19 September 2023; § 38 needs at least 21 days between them "
        "(min_reading_gap_days): move the second reading to Tuesday 10 October 2023 or later, or move the "
        "first reading to Tuesday 12 September 2023 or earlier"
    )
    [d] = check_calendar(load_inline(calendar(readings("2023-09-19", "2023-10-03"))))
    assert d.text("da") == (
        "2. behandling br2 er tirsdag den 3. oktober 2023, kun 14 dage efter 1. behandling br1 (Titel br1) "
        "tirsdag den 19. september 2023; § 38 kræver mindst 21 dage imellem (min_reading_gap_days): flyt "
        "2. behandling til tirsdag den 10. oktober 2023 eller senere, eller flyt 1. behandling til tirsdag "
        "den 12. september 2023 eller tidligere"
    )


def test_bt201_leaves_out_a_fix_that_breaks_the_adoption_deadline():
    # Three weeks after 2 October is 23 October, after 15 October: only the first reading can move.
    [(_, code, msg)] = found(calendar(readings("2023-10-02", "2023-10-13")))
    assert code == "BT201" and msg.endswith(
        "(min_reading_gap_days): move the first reading to Friday 22 September 2023 or earlier"
    )


@pytest.mark.parametrize(
    ("first", "second", "apart"),
    [
        (
            "2023-10-10",
            "2023-10-03",
            "is on Tuesday 3 October 2023, 7 days before the first reading br1 (Titel br1) on Tuesday 10 "
            "October 2023",
        ),
        ("2023-10-10", "2023-10-09", "is on Monday 9 October 2023, 1 day before the first reading"),
        ("2023-10-10", "2023-10-10", "is on Tuesday 10 October 2023, the same day as the first reading"),
        (
            "2023-10-10",
            "2023-09",
            "is in September 2023, before the first reading br1 (Titel br1) on Tuesday 10",
        ),
        ("2023-10-25", "2023-10", "is in October 2023, less than 21 days after the first reading"),
    ],
)
def test_bt201_says_before_when_the_readings_are_reversed(first, second, apart):
    [msg] = [m for _, c, m in found(calendar(readings(first, second))) if c == "BT201"]
    assert msg.startswith(f"the second reading br2 {apart}")
    assert "-" not in msg.split(" is ")[1].split(" ")[0]


@pytest.mark.parametrize(
    ("gap", "second", "ok"), [(21, "2023-10-10", True), (21, "2023-10-09", False), (28, "2023-10-10", False)]
)
def test_bt201_uses_min_reading_gap_days(gap, second, ok):
    codes = [
        c for _, c, _ in found(calendar(readings("2023-09-19", second), rules=f"min_reading_gap_days: {gap}"))
    ]
    assert codes == ([] if ok else ["BT201"])


def test_bt201_with_a_month_reading_is_bt106_naming_bt201():
    [(_, code, msg)] = found(calendar(readings("2023-09", "2023-10-03")))
    assert code == "BT106" and msg.startswith("cannot decide BT201 reading-gap:")


@pytest.mark.parametrize(
    ("years", "rules", "second", "ok"),
    [
        ("2024-2027", "", "2023-10-13", True),  # a Friday before 15 October 2023
        ("2024-2027", "", "2023-10-16", False),
        ("2020-2023", "", "2019-11-05", False),
        ("2020-2023", "adopt_by: 11-05", "2019-11-05", True),  # budget 2020's moved deadline
        ("2020-2023", "adopt_by: 11-05", "2019-11-06", False),
        ("2025-2028", "", "2024-10-15", True),  # the deadline follows budget_years
    ],
)
def test_bt202_adoption_deadline_follows_budget_years_and_adopt_by(years, rules, second, ok):
    first = {"2024": "2023-09-19", "2020": "2019-10-08", "2025": "2024-09-17"}[years[:4]]
    result = found(calendar(readings(first, second), years=years, rules=rules))
    assert [c for _, c, _ in result if c == "BT202"] == ([] if ok else ["BT202"])
    if not ok:
        assert "or, for an exceptional year, set process.rules.adopt_by" in result[0][2]


def test_bt203_both_conditions():
    text = calendar(step("oeu1", "2023-09-20", "budget_proposal") + readings("2023-09-19", "2023-10-10"))
    msgs = [m for _, c, m in found(text) if c == "BT203"]
    assert len(msgs) == 2
    assert any(
        "after the deadline Friday 15 September 2023 for budget 2024 (proposal_by: 09-15)" in m for m in msgs
    )
    assert any("after the first reading br1 (Titel br1) on Tuesday 19 September 2023" in m for m in msgs)
    # Both findings are about oeu1's one date, and suggest the same day: the earlier bound, a weekday.
    assert all("move it to Friday 15 September 2023 or earlier" in m or "move the proposal to Friday 15 "
               "September 2023 or earlier" in m for m in msgs)  # fmt: skip
    text = calendar(
        step("oeu1", "2023-09-20", "budget_proposal") + readings("2023-09-20", "2023-10-11"),
        rules="proposal_by: 09-22",
    )
    assert found(text) == []


def test_bt204_strictly_between_the_readings():
    def codes(day: str) -> list[str]:
        events = readings("2023-09-19", "2023-10-10") + step("frist", day, "amendment_deadline", "deadline")
        return [c for _, c, _ in found(calendar(events))]

    assert codes("2023-09-19") == ["BT204"]
    assert codes("2023-09-20") == []
    assert codes("2023-10-09") == []
    assert codes("2023-10-10") == ["BT204"]


def test_bt205_each_public_hearing():
    hearing = (
        "  - {{id: {0}, title: Høring, kind: hearing, start: 2023-08-29, end: {1}, step: public_hearing}}\n"
    )
    events = (
        readings("2023-09-19", "2023-10-10")
        + hearing.format("h1", "2023-10-09")
        + hearing.format("h2", "2023-10-10")
    )
    [(line, code, msg)] = found(calendar(events))
    assert (line, code) == (9, "BT205")
    assert msg.startswith(
        "the public hearing h2 ends Tuesday 10 October 2023, on or after the second reading br2"
    )
    assert "end the hearing by Monday 9 October 2023" in msg


def test_two_findings_on_one_hearing_suggest_the_same_day():
    # The hearing feeds the second reading (BT104: end by 9 October) and must end before it
    # (BT205: by 8 October); 7 and 8 October 2023 are a weekend, so both say Friday 6 October.
    events = readings("2023-09-18", "2023-10-09") + (
        "  - {id: h, title: Høring, kind: hearing, start: 2023-09-20, end: 2023-10-11,"
        " step: public_hearing, feeds: [br2]}\n"
    )
    result = found(calendar(events))
    assert [code for _, code, _ in result] == ["BT104", "BT205"]
    assert "move the hearing's end to Friday 6 October 2023 or earlier" in result[0][2]
    assert "end the hearing by Friday 6 October 2023" in result[1][2]


def test_bt206_points_at_events_for_each_missing_reading():
    result = found(calendar(step("x", "2023-09-12", "budget_proposal")))
    assert [(line, code) for line, code, _ in result] == [(5, "BT206"), (5, "BT206")]
    assert "step: first_reading" in result[0][2] + result[1][2]
    assert "step: second_reading" in result[0][2] + result[1][2]
