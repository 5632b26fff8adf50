"""Below the årshjul: the legend (phases, kinds of mark) and the numbered key of full titles."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .. import i18n
from ..format.model import Calendar, Event, Phase
from ..plan.query import timeline
from .metrics import text_width
from .svg import el, glyph
from .wheel_layout import RING, TODAY, WIDTH, Clock, fmt, wrap


@dataclass
class _KeyRow:
    phase: Phase | None  # a heading when event is None
    event: Event | None
    lines: list[str]
    height: float


def draw_legend(
    svg: ET.Element, cal: Calendar, colors: dict[str | None, str], y: float,
    words: dict[str, str], lang: str, outside: bool, clock: Clock, today: bool,
) -> float:  # fmt: skip
    """Phases, kinds of mark, pale arcs; today's line and the outer ring where they are drawn."""
    g = el(svg, "g", class_="legend", font_size=15, fill="#222")
    for p in cal.phases:
        el(g, "rect", x=24, y=fmt(y - 12), width=22, height=14, rx=2, fill=colors[p.id])
        el(g, "text", f"{p.title} ({i18n.span(p.start, p.end, lang)})", x=54, y=fmt(y))
        y += 22
    y += 6
    x = 24.0
    for kind in ("deadline", "meeting", "event"):
        glyph(g, kind, 0, 0, "#555", 13)
        g[-1].set("transform", f"translate({fmt(x + 7)} {fmt(y - 5)})")
        label = i18n.t(lang, f"kind.{kind}")
        el(g, "text", label, x=fmt(x + 20), y=fmt(y))
        x += 34 + text_width(label, 15)
    for kind, attrs in (
        ("hearing", {"fill_opacity": 0.9, "stroke": "#222", "stroke_dasharray": "3 2"}),
        ("period", {"fill_opacity": 0.6, "stroke": "#555"}),
    ):
        el(g, "rect", x=fmt(x), y=fmt(y - 12), width=30, height=13, fill="#555", **attrs)
        label = i18n.t(lang, f"kind.{kind}")
        el(g, "text", label, x=fmt(x + 36), y=fmt(y))
        x += 50 + text_width(label, 15)
    y += 24
    el(g, "rect", x=24, y=fmt(y - 12), width=30, height=13, fill="#555", fill_opacity=0.28,
        stroke="#555")  # fmt: skip
    el(g, "text", words["dim"], x=62, y=fmt(y))
    if today:
        y += 24
        el(g, "path", d=f"M 24 {fmt(y - 5)} L 54 {fmt(y - 5)}", stroke=TODAY, stroke_width=2.5)
        el(g, "text", words["today"].capitalize(), x=62, y=fmt(y))
    if outside:
        y += 24
        years = sorted({e.first.year for e in cal.events if clock.outside(e)})
        el(g, "path", d=f"M 24 {fmt(y - 5)} L 54 {fmt(y - 5)}", stroke=RING,
            stroke_dasharray="4 4")  # fmt: skip
        el(g, "text", words["outside"].format(years=", ".join(map(str, years))), x=62, y=fmt(y))
    return y + 16


def draw_key(
    svg: ET.Element, cal: Calendar, numbers: dict[str, int], colors: dict[str | None, str],
    y: float, words: dict[str, str], lang: str, clock: Clock,
) -> float:  # fmt: skip
    """The numbered list of every event with its full title, by phase, in two columns."""
    size, line = 13, 17
    col_w = (WIDTH - 48 - 30) / 2
    groups = timeline(cal)
    whens = {
        e.id: i18n.short_span(e.span_start, e.span_end, lang, year=clock.outside(e))
        for g in groups
        for e in g.events
    }
    # The titles start after the longest date ('14 Jun–9 Aug' is wider than '14/6–9/8').
    title_x = 30 + max([80.0] + [text_width(w, size) + 12 for w in whens.values()])
    rows: list[_KeyRow] = []
    for grp in groups:
        rows.append(_KeyRow(grp.phase, None, [], line * 1.5))
        for e in grp.events:
            wrapped = wrap(e.title, col_w - title_x, size)
            rows.append(_KeyRow(None, e, wrapped, line * len(wrapped) + 3))
    half, acc, split = sum(r.height for r in rows) / 2, 0.0, len(rows)
    for i, r in enumerate(rows):
        if acc + r.height / 2 > half:
            split = i
            break
        acc += r.height
    g = el(svg, "g", class_="key", font_size=size, fill="#222")
    el(g, "text", words["key"], x=24, y=fmt(y + 16), font_size=17, font_weight="bold")
    top = y + 28
    bottom = top
    second = rows[split:]
    if second and second[0].event is not None:  # a phase continues: repeat its heading
        phase = cal.phase_by_id.get(second[0].event.phase or "")
        second.insert(0, _KeyRow(phase, None, [], line * 1.5))
    for col, part in enumerate((rows[:split], second)):
        x, yy = 24 + col * (col_w + 30), top
        for r in part:
            if r.event is None:  # a phase heading
                yy += line
                title = r.phase.title if r.phase else words["no_phase"]
                color = colors[r.phase.id if r.phase else None]
                el(g, "rect", x=fmt(x), y=fmt(yy - 11), width=14, height=12, rx=2, fill=color)
                el(g, "text", title, x=fmt(x + 20), y=fmt(yy), font_weight="bold")
                yy += line / 2
                continue
            e = r.event
            yy += line
            el(g, "text", str(numbers[e.id]), x=fmt(x + 22), y=fmt(yy), text_anchor="end",
                font_weight="bold", fill=colors[e.phase])  # fmt: skip
            el(g, "text", whens[e.id], x=fmt(x + 30), y=fmt(yy), fill="#555", id=f"when-{e.id}")
            item = el(g, "text", None, x=fmt(x + title_x), y=fmt(yy), id=f"key-{e.id}")
            for j, part_line in enumerate(r.lines):
                el(item, "tspan", part_line, x=fmt(x + title_x), dy="0" if j == 0 else fmt(line))
            yy += line * (len(r.lines) - 1) + 3
        bottom = max(bottom, yy)
    return bottom + 10
