"""The årshjul's layout: where each month, phase, event and label goes, as numbers.

Angles are degrees clockwise from 12 o'clock over the wheel's twelve months; radii are
viewBox units from the centre. Events are placed in tracks (the lowest one where they overlap
nothing); labels in two columns, pushed apart so they never overlap. wheel.py draws the result.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from .. import i18n
from ..errors import UsageError
from ..format.model import Calendar, Event, Phase
from ..plan.query import timeline
from .contrast import TEXT, WHITE, darken_to
from .metrics import text_width

# Radii, in viewBox units from the centre.
R_HUB = 118
R_PHASE = (124, 172)
R_MONTH = (176, 214)
R_TRACK0, TRACK_W = 220, 13
LABEL_FONT, LABEL_GAP = 15, 18
WIDTH = 1300

# Each gives white text 4.5:1 on it, and 4.5:1 as text on white (WCAG 2.1 AA).
PALETTE = ["#2e7d9a", "#c0562f", "#548136", "#7a4e9c", "#917219", "#3f5f8f"]
NO_PHASE = "#6b6b6b"
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")  # a phase's own colour, as the format writes it
TODAY = "#d0021b"
RING = "#8b96a0"  # the outer ring's dashes: 3:1 on white (WCAG 1.4.11)


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


def xy(r: float, deg: float) -> tuple[float, float]:
    rad = math.radians(deg)
    return r * math.sin(rad), -r * math.cos(rad)


def fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def pt(r: float, deg: float) -> str:
    x, y = xy(r, deg)
    return f"{fmt(x)} {fmt(y)}"


def sector(r0: float, r1: float, a0: float, a1: float) -> str:
    """An annular sector from angle a0 to a1 (clockwise) between radii r0 and r1."""
    a1 = min(a1, a0 + 359.9)
    large = 1 if a1 - a0 > 180 else 0
    return (
        f"M {pt(r1, a0)} A {fmt(r1)} {fmt(r1)} 0 {large} 1 {pt(r1, a1)} "
        f"L {pt(r0, a1)} A {fmt(r0)} {fmt(r0)} 0 {large} 0 {pt(r0, a0)} Z"
    )


def arc(r: float, a0: float, a1: float) -> str:
    """A path along the circle for text: clockwise on top, anticlockwise at the bottom, so
    the text always reads left to right and upright."""
    large = 1 if a1 - a0 > 180 else 0
    mid = ((a0 + a1) / 2) % 360
    if 90 < mid < 270:
        return f"M {pt(r, a1)} A {fmt(r)} {fmt(r)} 0 {large} 0 {pt(r, a0)}"
    return f"M {pt(r, a0)} A {fmt(r)} {fmt(r)} 0 {large} 1 {pt(r, a1)}"


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


def drawable(cal: Calendar, start: date | None = None) -> None:
    """Raise a UsageError for a date no picture can place: the wheel and the chart need the
    month after every date they draw, and the wheel a year either side of its start."""
    if start is not None and not 1 < start.year < 9999:
        raise UsageError(i18n.msg("pictures.start_too_far", start=f"{start.year:04d}-{start.month:02d}"))
    dated = [(e.id, (e.span_start, e.span_end)) for e in cal.events]
    dated += [(p.id, (p.start, p.end)) for p in cal.phases]
    for what, dates in dated:
        for when in dates:
            if when.last.year >= 9999:
                raise UsageError(i18n.msg("pictures.too_far", id=what, when=str(when)))


class Clock:
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
            if base.year == 1:  # twelve months earlier cannot be written: a year of 365 days back
                return 360 * ((d - base).days % 365) / 365
            base = add_months(base, -12)
        while d >= add_months(base, 12):
            base = add_months(base, 12)
        return 360 * (d - base).days / (add_months(base, 12) - base).days


# --- labels and words --------------------------------------------------------------------


def label_texts(e: Event, cal: Calendar, lang: str, year: bool) -> list[str]:
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


def fit(text: str, room: float, size: float) -> str:
    """`text`, or as much of it as fits in `room` with an ellipsis."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, room: float, size: float) -> list[str]:
    """`text` in lines no wider than `room` (a word wider than that gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def phase_colors(cal: Calendar) -> dict[str | None, str]:
    """Each phase's colour as drawn: the calendar's (else the palette's), darkened where needed
    so that it and white contrast 4.5:1 (its numbers on white, white phase names on it)."""
    colors: dict[str | None, str] = {None: NO_PHASE}
    for i, p in enumerate(cal.phases):
        # #rrggbb only (the loader says so too): the colour goes into a style attribute on the page
        own = p.color if p.color and _COLOR.fullmatch(p.color) else None
        colors[p.id] = darken_to(own or PALETTE[i % len(PALETTE)], WHITE, TEXT)
    return colors


def numbering(cal: Calendar) -> dict[str, int]:
    """Events numbered in timeline order (by phase, then date): the same numbers on the wheel,
    in its key and on the web page."""
    return {e.id: n for n, e in enumerate((e for g in timeline(cal) for e in g.events), 1)}


def phase_head(p: Phase) -> str:
    head, sep, _ = p.title.partition(":")
    return head if sep and len(head) <= 12 else p.title


# --- placing ---------------------------------------------------------------------------


def place(marks: list[Mark], r_base: float) -> int:
    """Tracks: exact days and short windows nearest the months, long pale spans outside."""
    marks.sort(key=lambda m: (m.dim, not m.point, m.a1 - m.a0, m.a0, m.number))
    spans = [(m.a0 - 1.2, m.a0 + 1.2) if m.point else (m.a0, m.a1) for m in marks]
    tracks = assign_tracks(spans, pad=0.8)
    for m, t in zip(marks, tracks, strict=True):
        m.r0 = r_base + t * TRACK_W
        m.r1 = m.r0 + TRACK_W - 2
    marks.sort(key=lambda m: m.number)
    return max(tracks, default=-1) + 1


def place_labels(cal: Calendar, marks: list[Mark], lang: str, r_label: float, clock: Clock) -> list[Label]:
    max_w = WIDTH / 2 - 16
    out = []
    for m in marks:
        mid = m.mid % 360
        right = mid < 180
        texts = label_texts(m.event, cal, lang, m.outside)
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
            room = max_w - abs(lb.x) - text_width(f"{lb.mark.number} ", LABEL_FONT, bold=True)
            room = max(room, 6 * LABEL_FONT * 0.6)
            fits = [t for t in lb.texts if text_width(t, LABEL_FONT) <= room]
            lb.text = fits[0] if fits else fit(lb.texts[-1], room, LABEL_FONT)
    return out
