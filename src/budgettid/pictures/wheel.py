"""The årshjul (year wheel): the process as a standalone SVG, built with xml.etree.

Layout, from the centre out: the year and today's date in the hub; the phases as coloured
arcs; the twelve months; the events in tracks (a day is a glyph, a window an arc, a month or
quarter a dimmer arc); a dashed outer ring for events outside the wheel's twelve months;
numbered short labels in two columns, pushed apart so they never overlap, with leader lines.
Below the wheel: the legend and (optionally) the numbered key with every full title.
"""

from __future__ import annotations

import math
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta

from .. import i18n
from ..format.model import Calendar, Event, Phase
from ..format.values import FuzzyDate
from ..plan.query import timeline

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
CHAR_W = 0.53  # average glyph width in em (Arial/Liberation Sans), for layout estimates

# Radii, in viewBox units from the centre.
R_HUB = 118
R_PHASE = (124, 172)
R_MONTH = (176, 214)
R_TRACK0, TRACK_W = 220, 13
LABEL_FONT, LABEL_GAP = 15, 18
WIDTH = 1300

PALETTE = ["#2e7d9a", "#c0562f", "#5b8c3a", "#7a4e9c", "#b08a1e", "#3f5f8f"]
NO_PHASE = "#6b6b6b"
TODAY = "#d0021b"


@dataclass
class Mark:
    """One event placed on the wheel."""

    event: Event
    number: int
    a0: float  # degrees clockwise from 12 o'clock
    a1: float
    point: bool  # a single exact day: a glyph, not an arc
    dim: bool  # month or quarter precision
    outside: bool  # not within the wheel's twelve months
    color: str
    r0: float = 0.0
    r1: float = 0.0

    @property
    def mid(self) -> float:
        return (self.a0 + self.a1) / 2


@dataclass
class Label:
    mark: Mark
    texts: list[str]  # candidates, longest first
    want_y: float
    right: bool
    y: float = 0.0
    x: float = 0.0
    text: str = ""


# --- geometry -----------------------------------------------------------------------------


def _xy(r: float, deg: float) -> tuple[float, float]:
    rad = math.radians(deg)
    return r * math.sin(rad), -r * math.cos(rad)


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def _pt(r: float, deg: float) -> str:
    x, y = _xy(r, deg)
    return f"{_f(x)} {_f(y)}"


def _sector(r0: float, r1: float, a0: float, a1: float) -> str:
    """An annular sector from angle a0 to a1 (clockwise) between radii r0 and r1."""
    a1 = min(a1, a0 + 359.9)
    large = 1 if a1 - a0 > 180 else 0
    return (
        f"M {_pt(r1, a0)} A {_f(r1)} {_f(r1)} 0 {large} 1 {_pt(r1, a1)} "
        f"L {_pt(r0, a1)} A {_f(r0)} {_f(r0)} 0 {large} 0 {_pt(r0, a0)} Z"
    )


def _arc(r: float, a0: float, a1: float) -> str:
    """A path along the circle for text: clockwise on top, anticlockwise at the bottom, so
    the text always reads left to right and upright."""
    large = 1 if a1 - a0 > 180 else 0
    mid = ((a0 + a1) / 2) % 360
    if 90 < mid < 270:
        return f"M {_pt(r, a1)} A {_f(r)} {_f(r)} 0 {large} 0 {_pt(r, a0)}"
    return f"M {_pt(r, a0)} A {_f(r)} {_f(r)} 0 {large} 1 {_pt(r, a1)}"


def spread(ys: list[float], gap: float) -> list[float]:
    """Positions in the same order, at least `gap` apart, as close as possible (least squares)
    to the wanted ones `ys` (ascending). Pool-adjacent-violators on ys[i] - i*gap."""
    blocks: list[list[float]] = []  # [sum, count] of pooled values
    for i, y in enumerate(ys):
        blocks.append([y - i * gap, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out: list[float] = []
    for s, c in blocks:
        out += [s / c] * int(c)
    return [q + i * gap for i, q in enumerate(out)]


def assign_tracks(spans: list[tuple[float, float]], pad: float) -> list[int]:
    """The lowest track per span (in the given order) where it overlaps nothing placed."""
    tracks: list[list[tuple[float, float]]] = []
    out = []
    for a0, a1 in spans:
        for i, used in enumerate(tracks):
            if all(a1 + pad <= b0 or a0 >= b1 + pad for b0, b1 in used):
                used.append((a0, a1))
                out.append(i)
                break
        else:
            tracks.append([(a0, a1)])
            out.append(len(tracks) - 1)
    return out


# --- time -> angle ---------------------------------------------------------------------------


def add_months(d: date, n: int) -> date:
    """The first of the month n months after d's (n may be negative)."""
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def default_start(cal: Calendar) -> date:
    """January of the year the budget is adopted (the 2nd reading's year), else the calendar
    year holding most events: that is the year the municipality's årshjul shows."""
    adoption = cal.step("second_reading")
    if adoption is not None:
        return date(adoption.first.year, 1, 1)
    years: dict[int, int] = {}
    for e in cal.events:
        years[e.first.year] = years.get(e.first.year, 0) + 1
    if not years:
        return date(cal.process.first_budget_year - 1, 1, 1)
    return date(max(sorted(years), key=lambda y: years[y]), 1, 1)


class _Clock:
    def __init__(self, start: date) -> None:
        self.start = start.replace(day=1)
        self.end = add_months(self.start, 12)
        self.days = (self.end - self.start).days

    def inside(self, d: date) -> bool:
        return self.start <= d < self.end

    def outside(self, e: Event) -> bool:
        """Wholly outside the twelve months: on the outer ring, with its year."""
        return e.last < self.start or e.first >= self.end

    def angle(self, d: date) -> float:
        """Degrees for a day; a day outside the twelve months goes where it falls in its own
        year (the outer ring)."""
        base = self.start
        while d < base:
            base = add_months(base, -12)
        while d >= add_months(base, 12):
            base = add_months(base, 12)
        return 360 * (d - base).days / (add_months(base, 12) - base).days


# --- labels and words --------------------------------------------------------------------


def _label_texts(e: Event, cal: Calendar, lang: str, year: bool) -> list[str]:
    """Short labels, longest first: when, who and the statutory step; then fewer bodies;
    then the step alone (it says more than the bodies)."""
    when = i18n.short_span(e.span_start, e.span_end, lang, year=year)
    names = [cal.bodies[b].short or cal.bodies[b].name for b in e.bodies]
    step = i18n.step(e.step, lang) if e.step else ""
    whos = ["+".join(names[:2]) + ("+…" if len(names) > 2 else "")]
    if len(names) > 1:
        whos.append(names[0] + "+…")
    if step:
        whos.append("")
    texts = [" ".join(p for p in (when, who, step) if p) for who in whos]
    return texts if names or step else [f"{when} {i18n.t(lang, 'kind.' + e.kind)}"]


def _fit(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_W


def phase_colors(cal: Calendar) -> dict[str | None, str]:
    colors: dict[str | None, str] = {None: NO_PHASE}
    for i, p in enumerate(cal.phases):
        colors[p.id] = p.color or PALETTE[i % len(PALETTE)]
    return colors


def numbering(cal: Calendar) -> dict[str, int]:
    """Events numbered in timeline order (by phase, then date): the same numbers on the wheel,
    in its key and on the web page."""
    return {e.id: n for n, e in enumerate((e for g in timeline(cal) for e in g.events), 1)}


def _phase_head(p: Phase) -> str:
    head, sep, _ = p.title.partition(":")
    return head if sep and len(head) <= 12 else p.title


@dataclass
class _KeyRow:
    phase: Phase | None  # a heading when event is None
    event: Event | None
    lines: list[str]
    height: float


# --- the drawing ---------------------------------------------------------------------------


def _el(parent: ET.Element, tag: str, text: str | None = None, /, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _glyph(parent: ET.Element, kind: str, r: float, deg: float, color: str, size: float) -> None:
    x, y = _xy(r, deg)
    h = size / 2
    common = {"fill": color, "stroke": "#fff", "stroke_width": 1}
    if kind == "deadline":
        d = h + 1
        pts = " ".join(f"{_f(x + dx)},{_f(y + dy)}" for dx, dy in ((0, -d), (d, 0), (0, d), (-d, 0)))
        _el(parent, "polygon", points=pts, **common)
    elif kind == "meeting":
        _el(parent, "circle", cx=_f(x), cy=_f(y), r=_f(h), **common)
    else:
        _el(parent, "rect", x=_f(x - h + 0.5), y=_f(y - h + 0.5), width=_f(size - 1),
            height=_f(size - 1), **common)  # fmt: skip


def draw(
    cal: Calendar,
    lang: str,
    *,
    as_of: date | None = None,
    start: date | None = None,
    key: bool = True,
) -> ET.Element:
    """The wheel as an <svg> element (no fixed pixel size: it scales to its box)."""
    words = i18n.section(lang, "wheel")
    clock = _Clock(start or default_start(cal))
    colors = phase_colors(cal)
    numbers = numbering(cal)
    last_month = add_months(clock.start, 11)
    months_text = i18n.span(
        FuzzyDate.month(clock.start.year, clock.start.month),
        FuzzyDate.month(last_month.year, last_month.month),
        lang,
    )

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
    n_inner = _place(inner, R_TRACK0)
    r_outer_ring = R_TRACK0 + n_inner * TRACK_W + 10
    n_outer = _place(outer, r_outer_ring + 4) if outer else 0
    r_edge = r_outer_ring + (n_outer * TRACK_W + 8 if outer else 0)
    r_label = r_edge + 28

    labels = _labels(cal, marks, lang, r_label, clock)
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
    _el(svg, "title", title, id="bt-wheel-title")
    desc = words["desc"].format(
        title=cal.process.title, months=months_text,
        n_phases=len(cal.phases), n_events=len(cal.events),
    )  # fmt: skip
    _el(svg, "desc", desc, id="bt-wheel-desc")
    _el(svg, "rect", x=0, y=0, width=WIDTH, height="100%", fill="#fff")

    head = _el(svg, "g", class_="header")
    heading = cal.process.title + (f" · {cal.process.municipality}" if cal.process.municipality else "")
    _el(head, "text", heading, x=24, y=36, font_size=26, font_weight="bold", fill="#222")
    _el(head, "text", words["wheel_of"].format(months=months_text), x=24, y=62, font_size=16,
        fill="#555")  # fmt: skip

    wheel = _el(svg, "g", class_="wheel", transform=f"translate({_f(cx)} {_f(cy)})")
    defs = _el(wheel, "defs")
    _draw_months(wheel, defs, clock, lang)
    phased = _draw_phases(wheel, defs, cal, clock, colors, lang)
    _draw_rings(wheel, n_inner, r_outer_ring, n_outer, cal, clock)
    # Without a phase in these months the hub fills the phase ring: no empty ring to puzzle over.
    _draw_hub(wheel, clock, as_of, lang, R_HUB if phased else R_PHASE[1])
    _draw_marks(wheel, marks, cal, lang)
    _draw_labels(wheel, labels, r_edge)
    if as_of is not None and clock.inside(as_of):
        a = clock.angle(as_of) + 180 / clock.days
        _el(wheel, "path", id="bt-today", d=f"M {_pt(R_HUB - 4, a)} L {_pt(r_edge + 6, a)}",
            stroke=TODAY, stroke_width=2.5, stroke_linecap="round")  # fmt: skip

    y = cy + bottom + 20
    y = _draw_legend(svg, cal, colors, y, words, lang, bool(outer), clock)
    if key:
        y = _draw_key(svg, cal, numbers, colors, y + 10, words, lang, clock)
    svg.set("viewBox", f"0 0 {WIDTH} {math.ceil(y + 20)}")
    return svg


def _place(marks: list[Mark], r_base: float) -> int:
    """Tracks: exact days and short windows nearest the months, long pale spans outside."""
    marks.sort(key=lambda m: (m.dim, not m.point, m.a1 - m.a0, m.a0, m.number))
    spans = [(m.a0 - 1.2, m.a0 + 1.2) if m.point else (m.a0, m.a1) for m in marks]
    tracks = assign_tracks(spans, pad=0.8)
    for m, t in zip(marks, tracks, strict=True):
        m.r0 = r_base + t * TRACK_W
        m.r1 = m.r0 + TRACK_W - 2
    marks.sort(key=lambda m: m.number)
    return max(tracks, default=-1) + 1


def _labels(cal: Calendar, marks: list[Mark], lang: str, r_label: float, clock: _Clock) -> list[Label]:
    max_w = WIDTH / 2 - 16
    out = []
    for m in marks:
        mid = m.mid % 360
        right = mid < 180
        texts = _label_texts(m.event, cal, lang, m.outside)
        out.append(Label(m, texts, -r_label * math.cos(math.radians(mid)), right))
    for side in (True, False):
        group = sorted(
            (lb for lb in out if lb.right is side),
            key=lambda lb: (lb.want_y, lb.mark.mid if side else -lb.mark.mid, lb.mark.r0),
        )
        ys = spread([lb.want_y for lb in group], LABEL_GAP)
        for lb, y in zip(group, ys, strict=True):
            lb.y = y
            hug = math.sqrt(max(r_label**2 - y**2, 0.0))
            lb.x = hug + 6 if side else -hug - 6
            room = max_w - abs(lb.x) - _text_width(str(lb.mark.number) + " ", LABEL_FONT)
            chars = max(int(room / (LABEL_FONT * CHAR_W)), 6)
            fits = [t for t in lb.texts if len(t) <= chars]
            lb.text = fits[0] if fits else _fit(lb.texts[-1], chars)
    return out


def _draw_months(wheel: ET.Element, defs: ET.Element, clock: _Clock, lang: str) -> None:
    g = _el(wheel, "g", class_="months")
    r0, r1 = R_MONTH
    for i in range(12):
        first = add_months(clock.start, i)
        a0, a1 = (
            clock.angle(first),
            clock.angle(first) + 360 * ((add_months(first, 1) - first).days) / clock.days,
        )
        fill = "#eef1f4" if i % 2 else "#e2e7ec"
        _el(g, "path", d=_sector(r0, r1, a0, a1), fill=fill, stroke="#fff", stroke_width=1.5)
        pid = f"bt-month-{i}"
        _el(defs, "path", id=pid, d=_arc((r0 + r1) / 2, a0, a1))
        name = i18n.month_name(first.month, lang)
        if first.month == 1 and i:
            name += f" {first.year}"  # the year turns inside the wheel
        text = _el(g, "text", font_size=15, fill="#333", dominant_baseline="central")
        _el(text, "textPath", name, href=f"#{pid}", startOffset="50%", text_anchor="middle")


def _draw_phases(
    wheel: ET.Element, defs: ET.Element, cal: Calendar, clock: _Clock, colors: dict[str | None, str],
    lang: str,
) -> bool:  # fmt: skip
    """The phase ring; False when no phase falls within the twelve months."""
    g = _el(wheel, "g", class_="phases")
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
        pg = _el(g, "g", id=f"bt-phase-{p.id}", class_="phase")
        _el(pg, "title", f"{p.title}: {i18n.span(p.start, p.end, lang)}")
        _el(pg, "path", d=_sector(pr0, pr1, a0, a1), fill=colors[p.id])
        length = math.radians(a1 - a0) * (pr0 + pr1) / 2 - 12
        size = min(14.0, (pr1 - pr0) * 0.6)
        label = next((s for s in (p.title, _phase_head(p)) if _text_width(s, size) <= length), None)
        if label:
            pid = f"bt-phase-path-{p.id}"
            _el(defs, "path", id=pid, d=_arc((pr0 + pr1) / 2, a0, a1))
            text = _el(pg, "text", font_size=_f(size), fill="#fff", font_weight="bold",
                       dominant_baseline="central")  # fmt: skip
            _el(text, "textPath", label, href=f"#{pid}", startOffset="50%", text_anchor="middle")
    return bool(shown)


def _draw_rings(
    wheel: ET.Element, n_inner: int, r_outer_ring: float, n_outer: int, cal: Calendar, clock: _Clock
) -> None:
    g = _el(wheel, "g", class_="rings", fill="none")
    for i in range(12):  # month spokes through the event tracks
        a = clock.angle(add_months(clock.start, i))
        _el(g, "path", d=f"M {_pt(R_MONTH[1], a)} L {_pt(R_TRACK0 + n_inner * TRACK_W, a)}",
            stroke="#d5dbe1", stroke_width=1)  # fmt: skip
    if n_outer:
        r = r_outer_ring + (n_outer * TRACK_W + 4) / 2
        _el(g, "circle", r=_f(r), stroke="#9aa4ad", stroke_width=n_outer * TRACK_W + 6,
            stroke_opacity=0.12)  # fmt: skip
        _el(g, "circle", r=_f(r_outer_ring), stroke="#9aa4ad", stroke_dasharray="4 4")


def _draw_hub(wheel: ET.Element, clock: _Clock, as_of: date | None, lang: str, r: float) -> None:
    g = _el(wheel, "g", class_="hub", text_anchor="middle")
    _el(g, "circle", r=_f(r), fill="#f7f8fa")
    years = (
        str(clock.start.year) if clock.start.month == 1 else f"{clock.start.year}/{str(clock.end.year)[2:]}"
    )
    _el(g, "text", years, y=10 if as_of else 14, font_size=40, font_weight="bold", fill="#333")
    if as_of is not None:
        _el(g, "text", f"{i18n.t(lang, 'wheel.today')}: {i18n.day(as_of, lang)}", y=40, font_size=14,
            fill=TODAY, font_weight="bold")  # fmt: skip


def _draw_marks(wheel: ET.Element, marks: list[Mark], cal: Calendar, lang: str) -> None:
    g = _el(wheel, "g", class_="events")
    for m in sorted(marks, key=lambda m: (not m.dim, m.number)):  # pale spans underneath
        e = m.event
        when = i18n.span(e.span_start, e.span_end, lang)
        who = ", ".join(cal.bodies[b].name for b in e.bodies)
        eg = _el(g, "g", id=f"ev-{e.id}", class_=f"event kind-{e.kind}")
        _el(eg, "title", f"{m.number}. {e.title} ({when}; {i18n.t(lang, 'kind.' + e.kind)}"
            + (f"; {who})" if who else ")"))  # fmt: skip
        if m.point:
            _glyph(eg, e.kind, (m.r0 + m.r1) / 2, m.mid, m.color, TRACK_W - 1)
            continue
        attrs: dict[str, object] = {"fill": m.color}
        if m.dim:
            attrs |= {"fill_opacity": 0.28, "stroke": m.color, "stroke_opacity": 0.5,
                      "stroke_width": 0.8}  # fmt: skip
        elif e.kind == "hearing":
            attrs |= {"fill_opacity": 0.9, "stroke": "#222", "stroke_width": 1,
                      "stroke_dasharray": "3 2"}  # fmt: skip
        elif e.kind == "period":
            attrs |= {"fill_opacity": 0.6}
        _el(eg, "path", d=_sector(m.r0, m.r1, m.a0, max(m.a1, m.a0 + 1.5)), **attrs)
        if m.outside:
            _el(eg, "path", d=_sector(m.r0, m.r1, m.a0, max(m.a1, m.a0 + 1.5)), fill="none",
                stroke="#555", stroke_dasharray="2 2", stroke_width=0.8)  # fmt: skip


def _draw_labels(wheel: ET.Element, labels: list[Label], r_edge: float) -> None:
    g = _el(wheel, "g", class_="labels", font_size=LABEL_FONT)
    lines = _el(g, "g", class_="leaders", fill="none", stroke="#8a949c", stroke_width=0.8)
    for lb in labels:
        m = lb.mark
        ex, ey = _xy(r_edge + 10, m.mid)
        end_x = lb.x - 3 if lb.right else lb.x + 3
        _el(lines, "path", d=f"M {_pt(m.r1, m.mid)} L {_f(ex)} {_f(ey)} L {_f(end_x)} {_f(lb.y - 5)}")
    for lb in labels:
        e = lb.mark.event
        text = _el(g, "text", None, x=_f(lb.x), y=_f(lb.y), id=f"lbl-{e.id}",
                   text_anchor="start" if lb.right else "end",
                   fill="#555" if lb.mark.dim else "#111")  # fmt: skip
        num = _el(text, "tspan", str(lb.mark.number), font_weight="bold", fill=lb.mark.color)
        num.tail = " " + lb.text


def _draw_legend(
    svg: ET.Element, cal: Calendar, colors: dict[str | None, str], y: float,
    words: dict[str, str], lang: str, outside: bool, clock: _Clock,
) -> float:  # fmt: skip
    g = _el(svg, "g", class_="legend", font_size=15, fill="#222")
    for p in cal.phases:
        _el(g, "rect", x=24, y=_f(y - 12), width=22, height=14, rx=2, fill=colors[p.id])
        _el(g, "text", f"{p.title} ({i18n.span(p.start, p.end, lang)})", x=54, y=_f(y))
        y += 22
    y += 6
    x = 24.0
    for kind in ("deadline", "meeting", "event"):
        _glyph(g, kind, 0, 0, "#555", 13)
        g[-1].set("transform", f"translate({_f(x + 7)} {_f(y - 5)})")
        label = i18n.t(lang, f"kind.{kind}")
        _el(g, "text", label, x=_f(x + 20), y=_f(y))
        x += 34 + _text_width(label, 15)
    for kind, attrs in (
        ("hearing", {"fill_opacity": 0.9, "stroke": "#222", "stroke_dasharray": "3 2"}),
        ("period", {"fill_opacity": 0.6}),
    ):
        _el(g, "rect", x=_f(x), y=_f(y - 12), width=30, height=13, fill="#555", **attrs)
        label = i18n.t(lang, f"kind.{kind}")
        _el(g, "text", label, x=_f(x + 36), y=_f(y))
        x += 50 + _text_width(label, 15)
    y += 24
    _el(g, "rect", x=24, y=_f(y - 12), width=30, height=13, fill="#555", fill_opacity=0.28,
        stroke="#555", stroke_opacity=0.5)  # fmt: skip
    _el(g, "text", words["dim"], x=62, y=_f(y))
    y += 24
    _el(g, "path", d=f"M 24 {_f(y - 5)} L 54 {_f(y - 5)}", stroke=TODAY, stroke_width=2.5)
    _el(g, "text", words["today"].capitalize(), x=62, y=_f(y))
    if outside:
        y += 24
        years = sorted({e.first.year for e in cal.events if clock.outside(e)})
        _el(g, "path", d=f"M 24 {_f(y - 5)} L 54 {_f(y - 5)}", stroke="#9aa4ad",
            stroke_dasharray="4 4")  # fmt: skip
        _el(g, "text", words["outside"].format(years=", ".join(map(str, years))), x=62, y=_f(y))
    return y + 16


def _draw_key(
    svg: ET.Element, cal: Calendar, numbers: dict[str, int], colors: dict[str | None, str],
    y: float, words: dict[str, str], lang: str, clock: _Clock,
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
    title_x = 30 + max([80.0] + [_text_width(w, size) + 12 for w in whens.values()])
    chars = int((col_w - title_x) / (size * CHAR_W))
    rows: list[_KeyRow] = []
    for grp in groups:
        rows.append(_KeyRow(grp.phase, None, [], line * 1.5))
        for e in grp.events:
            wrapped = textwrap.wrap(e.title, chars) or [""]
            rows.append(_KeyRow(None, e, wrapped, line * len(wrapped) + 3))
    half, acc, split = sum(r.height for r in rows) / 2, 0.0, len(rows)
    for i, r in enumerate(rows):
        if acc + r.height / 2 > half:
            split = i
            break
        acc += r.height
    g = _el(svg, "g", class_="key", font_size=size, fill="#222")
    _el(g, "text", words["key"], x=24, y=_f(y + 16), font_size=17, font_weight="bold")
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
                _el(g, "rect", x=_f(x), y=_f(yy - 11), width=14, height=12, rx=2, fill=color)
                _el(g, "text", title, x=_f(x + 20), y=_f(yy), font_weight="bold")
                yy += line / 2
                continue
            e = r.event
            yy += line
            _el(g, "text", str(numbers[e.id]), x=_f(x + 22), y=_f(yy), text_anchor="end",
                font_weight="bold", fill=colors[e.phase])  # fmt: skip
            _el(g, "text", whens[e.id], x=_f(x + 30), y=_f(yy), fill="#555", id=f"when-{e.id}")
            item = _el(g, "text", None, x=_f(x + title_x), y=_f(yy), id=f"key-{e.id}")
            for j, part_line in enumerate(r.lines):
                _el(item, "tspan", part_line, x=_f(x + title_x), dy="0" if j == 0 else _f(line))
            yy += line * (len(r.lines) - 1) + 3
        bottom = max(bottom, yy)
    return bottom + 10


def to_string(svg: ET.Element, *, declaration: bool = True) -> str:
    ET.indent(svg, space=" ")
    for text in svg.iter("text"):  # indenting inside text would add visible spaces
        if text.text is not None and not text.text.strip():
            text.text = None
        for child in text:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
    markup = ET.tostring(svg, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + markup + "\n") if declaration else markup


def render(
    cal: Calendar, lang: str, *, as_of: date | None = None, start: date | None = None, key: bool = True
) -> str:
    """The standalone SVG document."""
    return to_string(draw(cal, lang, as_of=as_of, start=start, key=key))
