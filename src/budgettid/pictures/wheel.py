"""The årshjul (year wheel): the process as a standalone SVG, built with xml.etree.

Layout, from the centre out: the year and today's date in the hub; the phases as coloured
arcs; the twelve months; the events in tracks (a day is a glyph, a window an arc, a month or
quarter a dimmer arc); a dashed outer ring for events outside the wheel's twelve months;
numbered short labels in two columns, pushed apart so they never overlap, with leader lines.
Below the wheel: the legend and (optionally) the numbered key with every full title.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from .. import i18n
from ..format.model import Calendar
from ..format.values import FuzzyDate
from .metrics import text_width
from .svg import SVG_NS, el, glyph, to_string
from .wheel_key import draw_key, draw_legend
from .wheel_layout import (
    LABEL_FONT,
    LABEL_GAP,
    NO_PHASE,
    PALETTE,
    R_HUB,
    R_MONTH,
    R_PHASE,
    R_TRACK0,
    RING,
    TODAY,
    TRACK_W,
    WIDTH,
    Clock,
    Label,
    Mark,
    add_months,
    arc,
    assign_tracks,
    default_start,
    drawable,
    fmt,
    numbering,
    phase_colors,
    phase_head,
    place,
    place_labels,
    pt,
    sector,
    spread,
    xy,
)

FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"


def draw(
    cal: Calendar,
    lang: str,
    *,
    as_of: date | None = None,
    start: date | None = None,
    key: bool = True,
) -> ET.Element:
    """The wheel as an <svg> element (no fixed pixel size: it scales to its box)."""
    drawable(cal, start)
    words = i18n.section(lang, "wheel")
    clock = Clock(start or default_start(cal))
    colors = phase_colors(cal)
    numbers = numbering(cal)
    months_text = months_of(clock, lang)

    # Place every event: an angle span, then a track.
    marks: list[Mark] = []
    for e in cal.events:
        outside = clock.outside(e)
        first = e.first if outside else max(e.first, clock.start)
        last = e.last if outside else min(e.last, clock.end - timedelta(days=1))
        a0 = clock.angle(first)
        a1 = a0 + 360 * ((last - first).days + 1) / clock.days
        point = e.exact and first == last
        marks.append(Mark(e, numbers[e.id], a0, a1, point, not e.exact, outside, colors[e.phase]))
    inner = [m for m in marks if not m.outside]
    outer = [m for m in marks if m.outside]
    n_inner = place(inner, R_TRACK0)
    r_outer_ring = R_TRACK0 + n_inner * TRACK_W + 10
    n_outer = place(outer, r_outer_ring + 4) if outer else 0
    r_edge = r_outer_ring + (n_outer * TRACK_W + 8 if outer else 0)
    r_label = r_edge + 28

    labels = place_labels(cal, marks, lang, r_label, clock)
    top = min([-r_label] + [lb.y - LABEL_FONT for lb in labels]) - 10
    bottom = max([r_label] + [lb.y + 6 for lb in labels]) + 10
    header = 78
    cx, cy = WIDTH / 2, header - top

    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": "",  # set below, when the height is known
            "role": "img",
            "aria-labelledby": "bt-wheel-title bt-wheel-desc",
            "class": "aarshjul",
            "font-family": FONT,
        },
    )
    title = f"{cal.process.title}: " + words["wheel_of"].format(months=months_text)
    el(svg, "title", title, id="bt-wheel-title")
    where = i18n.t(lang, "wheel.desc_key" if key else "wheel.desc_page")
    el(svg, "desc", describe(cal, lang, clock, as_of, where), id="bt-wheel-desc")
    el(svg, "rect", x=0, y=0, width=WIDTH, height="100%", fill="#fff")

    head = el(svg, "g", class_="header")
    heading = cal.process.title + (f" · {cal.process.municipality}" if cal.process.municipality else "")
    el(head, "text", heading, x=24, y=36, font_size=26, font_weight="bold", fill="#222")
    el(head, "text", words["wheel_of"].format(months=months_text), x=24, y=62, font_size=16,
        fill="#555")  # fmt: skip

    wheel = el(svg, "g", class_="wheel", transform=f"translate({fmt(cx)} {fmt(cy)})")
    defs = el(wheel, "defs")
    _draw_months(wheel, defs, clock, lang)
    phased = _draw_phases(wheel, defs, cal, clock, colors, lang)
    _draw_rings(wheel, n_inner, r_outer_ring, n_outer, cal, clock)
    # Without a phase in these months the hub fills the phase ring: no empty ring to puzzle over.
    _draw_hub(wheel, clock, as_of, lang, R_HUB if phased else R_PHASE[1])
    _draw_marks(wheel, marks, cal, lang)
    _draw_labels(wheel, labels, r_edge)
    today = as_of is not None and clock.inside(as_of)
    if as_of is not None and today:
        a = clock.angle(as_of) + 180 / clock.days
        el(wheel, "path", id="bt-today", d=f"M {pt(R_HUB - 4, a)} L {pt(r_edge + 6, a)}",
            stroke=TODAY, stroke_width=2.5, stroke_linecap="round")  # fmt: skip

    y = cy + bottom + 20
    y = draw_legend(svg, cal, colors, y, words, lang, bool(outer), clock, today)
    if key:
        y = draw_key(svg, cal, numbers, colors, y + 10, words, lang, clock)
    svg.set("viewBox", f"0 0 {WIDTH} {math.ceil(y + 20)}")
    return svg


def months_of(clock: Clock, lang: str) -> str:
    """The wheel's twelve months in words: 'januar – december 2023'."""
    last = add_months(clock.start, 11)
    return i18n.span(
        FuzzyDate.month(clock.start.year, clock.start.month), FuzzyDate.month(last.year, last.month), lang
    )


def describe(cal: Calendar, lang: str, clock: Clock, as_of: date | None, where: str) -> str:
    """The wheel in words (its <desc>, a document's alt text): what it shows, and `where` its
    full text is."""
    shown = [p for p in cal.phases if p.start.first < clock.end and p.end.last >= clock.start]
    parts = [i18n.t(lang, "wheel.desc", title=cal.process.title, months=months_of(clock, lang))]
    if shown:
        phases = "; ".join(f"{p.title} ({i18n.span(p.start, p.end, lang)})" for p in shown)
        parts.append(i18n.t(lang, "wheel.desc_phases", phases=phases))
    parts.append(i18n.plural(lang, "wheel.desc_events", len(cal.events)))
    if as_of is not None and clock.inside(as_of):
        parts.append(i18n.t(lang, "wheel.desc_today", day=i18n.day(as_of, lang)))
    parts.append(where)
    return " ".join(parts)


def _draw_months(wheel: ET.Element, defs: ET.Element, clock: Clock, lang: str) -> None:
    g = el(wheel, "g", class_="months")
    r0, r1 = R_MONTH
    for i in range(12):
        first = add_months(clock.start, i)
        a0, a1 = (
            clock.angle(first),
            clock.angle(first) + 360 * ((add_months(first, 1) - first).days) / clock.days,
        )
        fill = "#eef1f4" if i % 2 else "#e2e7ec"
        el(g, "path", d=sector(r0, r1, a0, a1), fill=fill, stroke="#fff", stroke_width=1.5)
        pid = f"bt-month-{i}"
        el(defs, "path", id=pid, d=arc((r0 + r1) / 2, a0, a1))
        name = i18n.month_name(first.month, lang)
        if first.month == 1 and i:
            name += f" {first.year}"  # the year turns inside the wheel
        text = el(g, "text", font_size=15, fill="#333", dominant_baseline="central")
        el(text, "textPath", name, href=f"#{pid}", startOffset="50%", text_anchor="middle")


def _draw_phases(
    wheel: ET.Element, defs: ET.Element, cal: Calendar, clock: Clock, colors: dict[str | None, str],
    lang: str,
) -> bool:  # fmt: skip
    """The phase ring; False when no phase falls within the twelve months."""
    g = el(wheel, "g", class_="phases")
    shown = []
    for p in sorted(cal.phases, key=lambda p: (p.start.first, p.end.last)):
        first, last = max(p.start.first, clock.start), min(p.end.last, clock.end - timedelta(days=1))
        if first > last:
            continue
        a0 = clock.angle(first)
        shown.append((p, a0, a0 + 360 * ((last - first).days + 1) / clock.days))
    tracks = assign_tracks([(a0, a1) for _, a0, a1 in shown], pad=0)
    n = max(tracks, default=0) + 1
    r0, r1 = R_PHASE
    width = (r1 - r0) / n
    for (p, a0, a1), t in zip(shown, tracks, strict=True):
        pr0, pr1 = r0 + t * width + 1, r0 + (t + 1) * width - 1
        pg = el(g, "g", id=f"bt-phase-{p.id}", class_="phase")
        el(pg, "title", f"{p.title}: {i18n.span(p.start, p.end, lang)}")
        el(pg, "path", d=sector(pr0, pr1, a0, a1), fill=colors[p.id])
        length = math.radians(a1 - a0) * (pr0 + pr1) / 2 - 12
        size = min(14.0, (pr1 - pr0) * 0.6)
        label = next((s for s in (p.title, phase_head(p)) if text_width(s, size, bold=True) <= length), None)
        if label:
            pid = f"bt-phase-path-{p.id}"
            el(defs, "path", id=pid, d=arc((pr0 + pr1) / 2, a0, a1))
            text = el(pg, "text", font_size=fmt(size), fill="#fff", font_weight="bold",
                       dominant_baseline="central")  # fmt: skip
            el(text, "textPath", label, href=f"#{pid}", startOffset="50%", text_anchor="middle")
    return bool(shown)


def _draw_rings(
    wheel: ET.Element, n_inner: int, r_outer_ring: float, n_outer: int, cal: Calendar, clock: Clock
) -> None:
    g = el(wheel, "g", class_="rings", fill="none")
    for i in range(12):  # month spokes through the event tracks
        a = clock.angle(add_months(clock.start, i))
        el(g, "path", d=f"M {pt(R_MONTH[1], a)} L {pt(R_TRACK0 + n_inner * TRACK_W, a)}",
            stroke="#d5dbe1", stroke_width=1)  # fmt: skip
    if n_outer:
        r = r_outer_ring + (n_outer * TRACK_W + 4) / 2
        el(g, "circle", r=fmt(r), stroke=RING, stroke_width=n_outer * TRACK_W + 6,
            stroke_opacity=0.12)  # fmt: skip
        el(g, "circle", r=fmt(r_outer_ring), stroke=RING, stroke_dasharray="4 4")


def _draw_hub(wheel: ET.Element, clock: Clock, as_of: date | None, lang: str, r: float) -> None:
    g = el(wheel, "g", class_="hub", text_anchor="middle")
    el(g, "circle", r=fmt(r), fill="#f7f8fa")
    years = (
        str(clock.start.year) if clock.start.month == 1 else f"{clock.start.year}/{str(clock.end.year)[2:]}"
    )
    el(g, "text", years, y=10 if as_of else 14, font_size=40, font_weight="bold", fill="#333")
    if as_of is not None:
        el(g, "text", f"{i18n.t(lang, 'wheel.today')}: {i18n.day(as_of, lang)}", y=40, font_size=14,
            fill=TODAY, font_weight="bold")  # fmt: skip


def _draw_marks(wheel: ET.Element, marks: list[Mark], cal: Calendar, lang: str) -> None:
    g = el(wheel, "g", class_="events")
    for m in sorted(marks, key=lambda m: (not m.dim, m.number)):  # pale spans underneath
        e = m.event
        when = i18n.span(e.span_start, e.span_end, lang)
        who = ", ".join(cal.bodies[b].name for b in e.bodies)
        eg = el(g, "g", id=f"ev-{e.id}", class_=f"event kind-{e.kind}")
        el(eg, "title", f"{m.number}. {e.title} ({when}; {i18n.t(lang, 'kind.' + e.kind)}"
            + (f"; {who})" if who else ")"))  # fmt: skip
        if m.point:
            glyph(eg, e.kind, (m.r0 + m.r1) / 2, m.mid, m.color, TRACK_W - 1)
            continue
        attrs: dict[str, object] = {"fill": m.color}
        if m.dim:
            # A pale fill says "not decided"; the outline in full colour keeps the mark 3:1
            # against the paper (WCAG 1.4.11), as does the period's.
            attrs |= {"fill_opacity": 0.28, "stroke": m.color, "stroke_width": 0.8}
        elif e.kind == "hearing":
            attrs |= {"fill_opacity": 0.9, "stroke": "#222", "stroke_width": 1,
                      "stroke_dasharray": "3 2"}  # fmt: skip
        elif e.kind == "period":
            attrs |= {"fill_opacity": 0.6, "stroke": m.color, "stroke_width": 1}
        el(eg, "path", d=sector(m.r0, m.r1, m.a0, max(m.a1, m.a0 + 1.5)), **attrs)
        if m.outside:
            el(eg, "path", d=sector(m.r0, m.r1, m.a0, max(m.a1, m.a0 + 1.5)), fill="none",
                stroke="#555", stroke_dasharray="2 2", stroke_width=0.8)  # fmt: skip


def _draw_labels(wheel: ET.Element, labels: list[Label], r_edge: float) -> None:
    g = el(wheel, "g", class_="labels", font_size=LABEL_FONT)
    lines = el(g, "g", class_="leaders", fill="none", stroke="#8a949c", stroke_width=0.8)
    for lb in labels:
        m = lb.mark
        ex, ey = xy(r_edge + 10, m.mid)
        end_x = lb.x - 3 if lb.right else lb.x + 3
        el(lines, "path", d=f"M {pt(m.r1, m.mid)} L {fmt(ex)} {fmt(ey)} L {fmt(end_x)} {fmt(lb.y - 5)}")
    for lb in labels:
        e = lb.mark.event
        text = el(g, "text", None, x=fmt(lb.x), y=fmt(lb.y), id=f"lbl-{e.id}",
                   text_anchor="start" if lb.right else "end",
                   fill="#555" if lb.mark.dim else "#111")  # fmt: skip
        num = el(text, "tspan", str(lb.mark.number), font_weight="bold", fill=lb.mark.color)
        num.tail = " " + lb.text


__all__ = [
    "LABEL_FONT", "LABEL_GAP", "NO_PHASE", "PALETTE", "R_HUB", "R_MONTH", "R_PHASE",
    "SVG_NS", "TODAY", "WIDTH", "Clock", "add_months", "assign_tracks", "default_start", "describe",
    "draw", "drawable", "months_of", "numbering",
    "phase_colors", "render", "spread", "text_width", "to_string",
]  # fmt: skip


def render(
    cal: Calendar, lang: str, *, as_of: date | None = None, start: date | None = None, key: bool = True
) -> str:
    """The standalone SVG document."""
    return to_string(draw(cal, lang, as_of=as_of, start=start, key=key))
