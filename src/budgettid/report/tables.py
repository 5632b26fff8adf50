"""Rich renderables for people at a terminal: the `next` list, the timeline and `diff`.

Narrow terminals get fewer columns, never cut words: a column's content wraps at spaces,
and below a width the bodies (and the kind) move into the title's cell, so that the
longest word of a title still fits (tests/test_help.py renders every table at 50 columns).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text as RichText

from .. import i18n
from ..format.model import Calendar, Event
from ..i18n import t
from ..plan.query import Group, Item, State
from .safe import printable

if TYPE_CHECKING:
    from ..plan.diff import CalendarDiff, Dates, Moved

_KIND_STYLE = {
    "deadline": "bold red",
    "meeting": "cyan",
    "hearing": "magenta",
    "period": "green",
    "event": "yellow",
}


class Text(RichText):
    """Rich's Text with every control and bidi character from a title or a name escaped
    (`\\x1b`, `\\u202e`): a table cell is as safe to print as a message. The tables' own
    line breaks stay."""

    def __init__(self, text: str = "", *args: Any, **kw: Any) -> None:
        super().__init__(printable(text, lines=True), *args, **kw)

    def append(self, text: str | RichText, style: Any = None) -> Text:
        super().append(printable(text, lines=True) if isinstance(text, str) else text, style)
        return self


def _bodies(e: Event, cal: Calendar, short: bool = False) -> str:
    return ", ".join((short and cal.bodies[b].short) or cal.bodies[b].name for b in e.bodies)


def _phase_label(cal: Calendar, phase_id: str | None) -> str:
    """'Fase 2' from 'Fase 2: Forhandlinger og vedtagelse'; the id when there is no short head."""
    if not phase_id:
        return ""
    head, sep, _ = cal.phase_by_id[phase_id].title.partition(":")
    return head if sep and len(head) <= 12 else phase_id


NARROW = 70  # below this, bodies (and a timeline's kind) share the title's cell


def _longest_word(texts: Iterable[str]) -> int:
    return max((len(w) for t in texts for w in t.split()), default=0)


def _room(width: int, columns: int, needs: int) -> int:
    """How wide the other columns may be so that one column keeps `needs` characters: Rich
    collapses the widest columns first, so a narrow table caps the rest explicitly."""
    return max(10, width - (3 * columns + 1) - needs)


def next_table(cal: Calendar, as_of: date, items: Sequence[Item], lang: str, width: int = 100) -> Table:
    """One row per item; below 90 columns the phase column gives way to the title, below 70
    the bodies move under the title."""
    table = Table(
        # Text, not str: Rich would read a '[' in a title as markup (and fail on '[/x]').
        title=Text(t(lang, "next.title", title=cal.process.title, as_of=i18n.day(as_of, lang))),
        title_justify="left",
        expand=False,
    )
    # The relative time and the date share one column, on two lines: it keeps the title
    # readable in an 80-column terminal.
    narrow = width < NARROW
    when_width = _room(width, 2, _longest_word(it.event.title for it in items)) if narrow else None
    table.add_column(t(lang, "table.when"), no_wrap=not narrow, max_width=when_width)
    table.add_column(t(lang, "table.what"), ratio=None if narrow else 1)
    if not narrow:
        table.add_column(t(lang, "table.bodies"), max_width=18)
    show_phase = width >= 90
    if show_phase:
        table.add_column(t(lang, "table.phase"), no_wrap=True)
    for it in items:
        e = it.event
        due = i18n.fuzzy(e.span_end if it.state is not State.UPCOMING else e.span_start, lang)
        if e.time and e.exact:
            due += f" {e.time:%H:%M}"
        when = Text(i18n.relative_item(it, lang), style="bold")
        when.append(f"\n{due}", style="")
        title = Text(e.title)
        title.append(f" [{t(lang, 'kind.' + e.kind)}]", style=_KIND_STYLE[e.kind])
        if e.is_window:
            title.append(f" {i18n.span(e.span_start, e.span_end, lang)}", style="dim")
        if not e.exact:
            title.append(f" ({t(lang, 'date.undecided')})", style="dim")
        who = _bodies(e, cal, short=True)
        if narrow and who:
            title.append(f"\n{who}", style="dim")
        phase = [_phase_label(cal, e.phase)] if show_phase else []
        table.add_row(when, title, *([] if narrow else [Text(who)]), *map(Text, phase))
    return table


def timeline_tables(cal: Calendar, groups: Sequence[Group], lang: str, width: int = 100) -> RenderableType:
    """A table per phase; below 70 columns the kind and the bodies go into the title's cell."""
    narrow = width < NARROW
    tables = []
    for g in groups:
        title = g.phase.title if g.phase else t(lang, "table.no_phase")
        if g.phase:
            title += f"  ({i18n.span(g.phase.start, g.phase.end, lang)})"
        table = Table(title=Text(title), title_justify="left", title_style="bold", expand=False)
        longest = _longest_word([e.title for e in g.events] + [t(lang, "kind.event") + "]"])
        table.add_column(t(lang, "table.date"), max_width=min(24, _room(width, 2, longest)) if narrow else 24)
        if not narrow:
            table.add_column(t(lang, "table.kind"), no_wrap=True)
        table.add_column(t(lang, "table.what"), ratio=None if narrow else 1)
        if not narrow:
            table.add_column(t(lang, "table.bodies"), max_width=18)
        for e in g.events:
            kind = Text(t(lang, f"kind.{e.kind}"), style=_KIND_STYLE[e.kind])
            label = i18n.step_label(e.step, e.title, lang)
            step = f" ({label})" if label else ""
            who = _bodies(e, cal, short=True)
            what = Text(e.title) + Text(step, "dim")
            if narrow:
                what.append(" [")
                what.append_text(kind)
                what.append("]")
                if who:
                    what.append(f"\n{who}", style="dim")
                table.add_row(Text(i18n.when(e, lang)), what)
            else:
                table.add_row(Text(i18n.when(e, lang)), kind, what, Text(who))
        tables.append(table)
    return RichGroup(*tables)


def _diff_when(x: Dates, lang: str) -> str:
    """A changed event's dates and times as one line."""
    text = i18n.span(x.start, x.end, lang)
    return text + (f" {x.time}" if x.time else "") + (f"–{x.end_time}" if x.end_time else "")


def _diff_frame(d: CalendarDiff, lang: str) -> Table:
    """The diff's table without columns: which files (and years) above, the counts below."""
    from .diff import count_line, words

    if d.rolled:
        years = i18n.plural(lang, "diff.years_n", d.years)
        title = words(lang, "title_rolled", old=d.old_file, new=d.new_file, years=years)
    else:
        title = words(lang, "title", old=d.old_file, new=d.new_file)
    return Table(
        title=Text(title), title_justify="left", caption=Text(count_line(d, lang)), caption_justify="left"
    )


def diff_table(d: CalendarDiff, lang: str, width: int = 100) -> Table:
    """`budgettid diff`: one row per change, moved events first, by date; ids from 100 columns;
    below 80 columns the change and the title share a cell, and so do the dates."""
    if width < 80:
        return _diff_narrow(d, lang, width)
    from .diff import words

    def when(x: Dates) -> str:
        return _diff_when(x, lang)

    def days(m: Moved) -> str:
        if m.decided or m.days is None:
            return "–"
        text = f"{m.days:+d}"
        return text if m.end_days in (None, m.days) else f"{text} / {m.end_days:+d}"

    table = _diff_frame(d, lang)
    # Dates wrap, and in narrow terminals the id gives way: the title is what a reader needs.
    # (No min_width or max_width: Rich applies them after fitting, and the table would
    # run past the terminal's edge.)
    show_id = width >= (120 if d.rolled else 100)
    table.add_column(words(lang, "change"))
    if show_id:
        table.add_column(words(lang, "id"), no_wrap=True)
    table.add_column(words(lang, "what"), ratio=2)
    table.add_column(words(lang, "before"), ratio=1)
    if d.rolled:
        table.add_column(words(lang, "expected"), ratio=1)
    table.add_column(words(lang, "now"), ratio=1)
    table.add_column(words(lang, "days"), justify="right")

    def row(change: str, id_: str, *cells: str, expected: str = "", style: str = "") -> None:
        before, rest = cells[:2], cells[2:]
        ids = [id_] if show_id else []
        texts = [change, *ids, *before, *([expected] if d.rolled else []), *rest]
        table.add_row(*map(Text, texts), style=style)  # Text: a '[' in a title is not markup

    for m in d.moved:
        change = words(lang, "decided" if m.decided else "moved")
        row(change, m.id, m.title, when(m.old), when(m.new), days(m), expected=when(m.expected))
    for a in d.added:
        row(words(lang, "added"), a.id, a.title, "", when(a.dates), "", style="green")
    for r in d.removed:
        row(words(lang, "removed"), r.id, r.title, when(r.dates), "", "", style="red")
    for rt in d.retitled:
        row(words(lang, "retitled"), rt.id, f"{rt.old} → {rt.new}", "", "", "", style="yellow")
    return table


def _diff_narrow(d: CalendarDiff, lang: str, width: int) -> Table:
    """The diff in three columns: what (the change, then the title), when (before → now), days."""
    from .diff import words

    def when(x: Dates) -> str:
        return _diff_when(x, lang)

    table = _diff_frame(d, lang)
    titles = [m.title for m in d.moved] + [a.title for a in d.added] + [r.title for r in d.removed]
    titles += [f"{rt.old} {rt.new}" for rt in d.retitled]
    table.add_column(words(lang, "what"))
    table.add_column(
        f"{words(lang, 'before')} → {words(lang, 'now')}",
        max_width=_room(width, 3, _longest_word(titles) + 8),
    )
    table.add_column(words(lang, "days"), justify="right", no_wrap=True)

    def row(change: str, title: str, dates: str, days: str = "", style: str = "") -> None:
        what = Text(change, style="bold")
        what.append(f"\n{title}")
        table.add_row(what, Text(dates), Text(days), style=style)

    for m in d.moved:
        change = words(lang, "decided" if m.decided else "moved")
        dates = f"{when(m.old)} →\n{when(m.new)}"
        if d.rolled:
            dates += f"\n({words(lang, 'expected')}: {when(m.expected)})"
        days = "–" if m.decided or m.days is None else f"{m.days:+d}"
        if m.end_days not in (None, m.days) and not m.decided:
            days += f" / {m.end_days:+d}"
        row(change, m.title, dates, days)
    for a in d.added:
        row(words(lang, "added"), a.title, f"→ {when(a.dates)}", style="green")
    for r in d.removed:
        row(words(lang, "removed"), r.title, f"{when(r.dates)} →", style="red")
    for rt in d.retitled:
        row(words(lang, "retitled"), f"{rt.old} → {rt.new}", "", style="yellow")
    return table
