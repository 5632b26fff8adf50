"""The benchmark generator makes valid, clean calendars of the size asked for."""

from benchmarks.generate import generate

from budgettid.format.load import load_text
from budgettid.rules.engine import check_calendar


def test_generated_calendar_has_n_events_and_checks_clean():
    cal = load_text(generate(1000), "generated.yaml")
    assert len(cal.events) == 1000
    assert check_calendar(cal) == []
    kinds = {e.kind for e in cal.events}
    assert kinds == {"deadline", "meeting", "hearing", "event"}
    assert any(e.after for e in cal.events) and any(e.opened_by for e in cal.events)
