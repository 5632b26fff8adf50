from datetime import date

from budgettid.plan import query
from budgettid.plan.query import State

from .conftest import calendar_text, load_inline


def test_next_on_7_september_starts_with_the_four_that_matter(bundled):
    items = query.upcoming(bundled, date(2023, 9, 7), limit=4)
    assert [(it.event.id, it.key, it.state) for it in items] == [
        ("oeu-1-behandling", date(2023, 9, 12), State.UPCOMING),
        ("byraadet-1-behandling", date(2023, 9, 19), State.UPCOMING),
        ("frist-aendringsforslag", date(2023, 9, 21), State.UPCOMING),
        ("budgetforhandlinger", date(2023, 9, 21), State.ONGOING),
    ]
    assert [it.days_until for it in items] == [5, 12, 14, 14]


def test_a_window_that_has_started_is_listed_by_its_end(bundled):
    items = query.upcoming(bundled, date(2023, 9, 1), kinds=["hearing"])
    assert [(it.event.id, it.key, it.days_until) for it in items] == [
        ("hoering-budgetoplaeg", date(2023, 9, 6), 5)
    ]


def test_month_dates_in_their_month_are_undecided(bundled):
    items = query.upcoming(bundled, date(2023, 11, 15), bodies=["forvaltningen"])
    assert [(it.event.id, it.state, it.key) for it in items] == [
        ("anlaegsoversigt-november", State.UNDECIDED, date(2023, 11, 30))
    ]


def test_days_horizon_keeps_ongoing_windows(bundled):
    items = query.upcoming(bundled, date(2023, 9, 7), days=5)
    assert [it.event.id for it in items] == ["oeu-1-behandling", "budgetforhandlinger"]


def test_body_and_kind_filters(bundled):
    items = query.upcoming(bundled, date(2023, 1, 1), bodies=["partierne"], kinds=["deadline"])
    assert [it.event.id for it in items] == ["frist-oensker", "frist-aendringsforslag"]


def test_nothing_ahead_after_the_last_day(bundled):
    assert query.upcoming(bundled, date(2024, 5, 1)) == []
    assert query.last_day(bundled) == date(2024, 4, 30)


def test_timeline_groups_by_phase_in_order(bundled):
    groups = query.timeline(bundled)
    assert [g.phase.id if g.phase else None for g in groups] == [
        "afklaring",
        "forhandling",
        "implementering",
        None,
    ]
    assert sum(len(g.events) for g in groups) == len(bundled.events)
    first = [e.first for e in groups[1].events]
    assert first == sorted(first)


def test_timeline_filters():
    cal = load_inline(calendar_text())
    groups = query.timeline(cal, phases=["fase1"])
    assert [[e.id for e in g.events] for g in groups] == [["oeu-1"]]
    assert query.timeline(cal, bodies=["byraadet"])[0].phase is None


def test_an_exact_day_on_as_of_is_today_not_undecided(bundled):
    [item] = query.upcoming(bundled, date(2023, 9, 19), kinds=["meeting"], limit=1)
    assert (item.event.id, item.state, item.days_until) == ("byraadet-1-behandling", State.UPCOMING, 0)
