"""The timeline as a terminal Gantt chart: a Rich renderable that fits the console's width."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text

from .. import i18n
from ..format.model import Calendar, Event
from ..plan.query import Group
from .wheel import add_months, default_start, drawable, phase_colors

_GLYPH = {"deadline": "◆", "meeting": "●", "event": "■", "hearing": "█", "period": "█"}
_TODAY = Style(color="red", bold=True)
_GRID = Style(color="grey35")


class Gantt:
    """One row per event, grouped by phase; bars scaled to the width; month ticks; today."""

    def __init__(self, cal: Calendar, groups: Sequence[Group], lang: str, as_of: date | None = None) -> None:
        drawable(cal)
        self.cal, self.groups, self.lang, self.as_of = cal, groups, lang, as_of
        events = [e for g in groups for e in g.events]
        first = min(e.first for e in events)
        last = max(e.last for e in events)
        self.start = first.replace(day=1)
        self.end = add_months(last.replace(day=1), 1)  # exclusive
        self.colors = phase_colors(cal)
        main_year = default_start(cal).year  # dates in other years show their year
        self.whens = {
            e.id: i18n.short_span(e.span_start, e.span_end, lang, year=e.first.year != main_year)
            for e in events
        }
        self.when_w = max(len(w) for w in self.whens.values())  # '14 Jun–9 Aug' is wider than '14/6–9/8'

    def _col(self, d: date, width: int) -> int:
        days = (self.end - self.start).days
        return min(max(int((d - self.start).days * width / days), 0), width - 1)

    def _months(self) -> Iterator[date]:
        m = self.start
        while m < self.end:
            yield m
            m = add_months(m, 1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        label_w = max(min(int(width * 0.38), 56), 16)
        bar_w = max(width - label_w - 1, 12)
        ticks = {self._col(m, bar_w) for m in self._months()}
        today = (
            self._col(self.as_of, bar_w)
            if self.as_of is not None and self.start <= self.as_of < self.end
            else None
        )

        # Header: the years, then month names where they fit, then the today label.
        per_month = bar_w / len(list(self._months()))
        years = [" "] * bar_w
        names = [" "] * bar_w
        for m in [m for m in self._months() if m.month == 1] + [self.start]:
            _put(years, self._col(m, bar_w), str(m.year))  # Januaries first, then the start
        for m in self._months():
            c = self._col(m, bar_w)
            name = i18n.month_short(m.month, self.lang)
            if per_month >= 4:
                _put(names, c, name[:3])
            elif per_month >= 1.5:
                _put(names, c, name[:1].upper())
        yield Text(" " * (label_w + 1)) + Text("".join(years), style="bold")
        head = Text(" " * (label_w + 1)) + Text("".join(names), style="dim")
        yield self._overlay(head, label_w + 1, ticks=set(), today=today)
        if today is not None:
            assert self.as_of is not None
            said = f"{i18n.t(self.lang, 'relative.today')} {i18n.day(self.as_of, self.lang)}"
            line = [" "] * bar_w
            if today + len(said) + 2 <= bar_w:
                _put(line, today, f"▼ {said}")
            elif today >= len(said) + 1:
                _put(line, today - len(said) - 1, f"{said} ▼")
            else:
                line[today] = "▼"
            yield Text(" " * (label_w + 1)) + Text("".join(line), style=_TODAY)

        for g in self.groups:
            color = self.colors[g.phase.id if g.phase else None]
            title = _one_line(g.phase.title) if g.phase else i18n.t(self.lang, "table.no_phase")
            row = Text(_fit(title, label_w).ljust(label_w + 1), style=Style(color=color, bold=True))
            cells = [" "] * bar_w
            if g.phase:
                a = self._col(g.phase.start.first, bar_w)
                b = self._col(g.phase.end.last, bar_w)
                for c in range(a, b + 1):
                    cells[c] = "━"
            row.append("".join(cells), style=Style(color=color))
            yield self._overlay(row, label_w + 1, ticks, today)
            for e in g.events:
                yield self._event_row(e, color, label_w, bar_w, ticks, today)

    def _event_row(
        self, e: Event, color: str, label_w: int, bar_w: int, ticks: set[int], today: int | None
    ) -> Text:
        label = _fit(f"{self.whens[e.id]:>{self.when_w}} {_one_line(e.title)}", label_w).ljust(label_w + 1)
        row = Text(label)
        row.stylize("dim", 0, self.when_w + 1)
        a, b = self._col(e.first, bar_w), self._col(e.last + timedelta(days=1), bar_w)
        b = max(b - 1, a) if e.last + timedelta(days=1) < self.end else bar_w - 1
        cells = [" "] * bar_w
        style = Style(color=color)
        if e.exact and e.first == e.last:
            cells[a] = _GLYPH[e.kind]
        else:
            fill = "█" if e.exact else "░"
            for c in range(a, b + 1):
                cells[c] = fill
            if e.kind == "hearing" and e.exact:
                fill_style = Style(color=color, underline=True)
                style = fill_style
        row.append("".join(cells), style=style if e.exact else Style(color=color, dim=True))
        return self._overlay(row, label_w + 1, ticks, today)

    @staticmethod
    def _overlay(row: Text, offset: int, ticks: set[int], today: int | None) -> Text:
        """Month ticks in empty cells; the today line over everything that is empty."""
        plain = row.plain
        out = row.copy()
        for c in ticks:
            if plain[offset + c] == " ":
                out = _replace(out, offset + c, "┊", _GRID)
        if today is not None:
            ch = plain[offset + today]
            if ch == " " or ch == "┊":
                out = _replace(out, offset + today, "│", _TODAY)
            else:
                out.stylize(Style(bgcolor="red"), offset + today, offset + today + 1)
        return out


def _put(cells: list[str], pos: int, text: str) -> None:
    """Write text into cells from pos if it fits and overwrites nothing."""
    if pos + len(text) > len(cells) or any(c != " " for c in cells[max(pos - 1, 0) : pos + len(text) + 1]):
        return
    cells[pos : pos + len(text)] = list(text)


def _replace(text: Text, pos: int, char: str, style: Style) -> Text:
    out = text[:pos]
    out.append(char, style=style)
    out.append_text(text[pos + 1 :])
    return out


def _one_line(text: str) -> str:
    """Line breaks, tabs and other control characters as single spaces: one row stays one line."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
