"""The terminal Gantt chart: rows by phase, bars scaled to the width, today marked."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from rich.console import Console
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.pictures.gantt import Gantt
from budgettid.plan.query import timeline

runner = CliRunner()


def draw(cal, width: int, as_of: date | None = date(2023, 8, 25), lang: str = "da", **kw) -> list[str]:
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    console.print(Gantt(cal, timeline(cal, **kw), lang, as_of=as_of))
    return console.export_text().splitlines()


def row(lines: list[str], needle: str) -> str:
    return next(line for line in lines if needle in line)


def test_one_row_per_event_grouped_by_phase(bundled):
    lines = draw(bundled, 140)
    assert len(lines) == 3 + len(bundled.phases) + 1 + len(bundled.events)  # header, groups, rows
    heads = [i for i, line in enumerate(lines) if line.startswith(("Fase ", "Uden for faserne"))]
    assert [lines[i].split("  ")[0] for i in heads] == [
        "Fase 1: Afklaring og kvalificering",
        "Fase 2: Forhandlinger og vedtagelse",
        "Fase 3: Implementering",
        "Uden for faserne",
    ]
    assert heads[1] - heads[0] - 1 == sum(e.phase == "afklaring" for e in bundled.events)
    assert all(len(line) <= 140 for line in lines)


# The bundled calendar's chart runs from December 2022 to April 2024: 17 months, 517 days.
START, END = date(2022, 12, 1), date(2024, 5, 1)
MONTHS = [date(2022 + (11 + i) // 12, (11 + i) % 12 + 1, 1) for i in range(17)]  # Dec 2022 - Apr 2024


class Axis:
    """The chart's time axis as drawn: read off its month ticks, never off gantt.py's formula."""

    def __init__(self, lines: list[str]) -> None:
        self.ticks = sorted({i for line in lines for i, ch in enumerate(line) if ch == "┊"})
        self.left = self.ticks[0]  # 1 December 2022
        self.per_day = (self.ticks[-1] - self.left) / (MONTHS[-1] - START).days

    def at(self, d: date) -> float:
        return self.left + (d - START).days * self.per_day


def test_the_bars_fill_the_width_and_sit_at_their_dates(bundled):
    scales = []
    for width in (80, 120, 200):
        lines = draw(bundled, width, as_of=None)
        axis = Axis(lines)
        assert len(axis.ticks) == len(MONTHS) == 17, width
        # Each month starts where its days put it (cells are whole: within one).
        for col, month in zip(axis.ticks, MONTHS, strict=True):
            assert abs(col - axis.at(month)) <= 1, (width, month)
        gaps = [b - a for a, b in zip(axis.ticks, axis.ticks[1:], strict=False)]
        assert min(gaps) >= 2  # month ticks stay apart
        # The axis ends at the terminal's edge, and April 2024's bar reaches it.
        assert abs(axis.at(END) - width) <= 1, width
        assert row(lines, "apr 2024").rstrip().endswith("░") and len(row(lines, "apr 2024")) == width
        # Labels end before the bars begin.
        assert all(line[axis.left - 1] == " " for line in lines[2:]), width
        # Bars from their first to their last day: a phase, a hearing, a month.
        for needle, glyph, first, last in (
            ("Fase 2", "━", date(2023, 8, 29), date(2023, 10, 10)),
            ("14/6–9/8", "█", date(2023, 6, 14), date(2023, 8, 9)),
            ("jul–aug", "░", date(2023, 7, 1), date(2023, 8, 31)),
        ):
            bar = row(lines, needle)
            assert abs(bar.index(glyph) - axis.at(first)) <= 1, (width, needle)
            assert abs(bar.rindex(glyph) + 1 - axis.at(last + timedelta(days=1))) <= 1, (width, needle)
        # A day is one glyph at its date: the 1 April deadline.
        assert abs(row(lines, "Frist for alle").index("◆") - axis.at(date(2023, 4, 1))) <= 1
        # Today's marker, drawn on the same axis.
        today = row(draw(bundled, width), "▼").index("▼")
        assert abs(today - axis.at(date(2023, 8, 25))) <= 1, width
        scales.append(axis.per_day)
    assert scales == sorted(scales) and scales[0] < scales[-1] / 2  # wider terminal, longer bars


def test_today_is_one_straight_column(bundled):
    lines = draw(bundled, 120)
    col = row(lines, "▼").index("▼")
    # Every row shows the line, or a bar that covers that day (coloured red there instead).
    assert all(line[col] != " " for line in lines[3:])
    assert sum(line[col] == "│" for line in lines[3:]) == 35
    assert "i dag fre. 25. aug. 2023" in row(lines, "▼")
    assert not any("▼" in line for line in draw(bundled, 120, as_of=date(2030, 1, 1)))


def test_month_ticks_and_english(bundled):
    lines = draw(bundled, 160, lang="en")
    assert "2023" in lines[0] and "2024" in lines[0]
    names = lines[1].split()
    assert names[:4] == ["Dec", "Jan", "Feb", "Mar"]
    assert "Outside the phases" in "\n".join(lines)
    assert "today Fri 25 Aug 2023" in row(lines, "▼")


def test_narrow_terminal_still_draws(bundled):
    lines = draw(bundled, 40, phases=["forhandling"])
    assert all(len(line) <= 40 for line in lines)
    assert "▼" in "\n".join(lines)


def test_cli_gantt():
    res = runner.invoke(
        app, ["timeline", "--gantt", "--as-of", "2023-08-25", "--phase", "forhandling"],
        env={"COLUMNS": "100"},
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "▼ i dag fre. 25. aug. 2023" in res.stdout and "Budgetseminar for byråd" in res.stdout
    assert "Fase 1" not in res.stdout
    res = runner.invoke(app, ["timeline", "--gantt", "--format", "json"])
    assert res.exit_code == 2 and "--gantt" in res.output
    res = runner.invoke(app, ["timeline", "--gantt", "--as-of", "25-08-2023"])
    assert res.exit_code == 2 and "ÅÅÅÅ-MM-DD" in res.output  # the help's language: the locale's, else Danish


def test_english_dates_get_a_wider_column(bundled):
    lines = draw(bundled, 160, lang="en")
    # '30 May–31 May' is 13 characters: every title starts in the same column after it.
    assert row(lines, "30 May–31 May").startswith("30 May–31 May Fagudvalgene behandler")
    assert row(lines, "Budgetseminar").startswith("        1 Sep Budgetseminar")
    danish = draw(bundled, 160)
    assert row(danish, "Budgetseminar").startswith("       1/9 Budgetseminar")  # as wide as "15/12 2022"


def test_a_title_with_line_breaks_stays_one_row(bundled):
    # The model rejects control characters in titles; the chart does not rely on it.
    groups = timeline(bundled)
    e = groups[0].events[0]
    broken = dataclasses.replace(e, title="Første linje\nanden\tlinje\x1b[31m")
    groups[0].events[0] = broken
    console = Console(width=120, record=True, color_system=None, force_terminal=False)
    console.print(Gantt(bundled, groups, "da", as_of=date(2023, 8, 25)))
    lines = console.export_text().splitlines()
    assert len(lines) == len(draw(bundled, 120))
    assert "Første linje anden linje [31m" in row(lines, "Første linje")
    assert "\x1b" not in console.export_text()
