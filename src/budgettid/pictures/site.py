"""A static web page for the municipality's site: one index.html (Jinja2), the wheel, the feeds."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import i18n
from ..format.model import Calendar, Event
from ..links import mailto, web_link
from ..plan.query import timeline, upcoming
from . import wheel
from .svg import xml_text

NEXT_LIMIT = 8
WHEEL_FILE = "aarshjul.svg"


@dataclass(frozen=True)
class Feed:
    href: str
    label: str
    count: int
    count_text: str = ""  # "1 aktivitet", "15 aktiviteter"


def _when(e: Event, lang: str) -> str:
    text = i18n.when(e, lang)
    if not e.exact:
        text += f" ({i18n.t(lang, 'date.undecided')})"
    return text


def _kind_line(e: Event, lang: str) -> str:
    """'møde · budgetforslag', without what the title or the step already says: a step named
    in the title ('1. behandling af budget …') is left out, and so is a kind the step names
    ('høring · offentlig høring' reads 'offentlig høring')."""
    kind = i18n.t(lang, f"kind.{e.kind}")
    step = i18n.step_label(e.step, e.title, lang)
    if step and kind.casefold() in step.casefold():
        return step
    return " · ".join(p for p in (kind, step) if p)


def _event(e: Event, cal: Calendar, number: int, lang: str) -> dict[str, Any]:
    return {
        "id": e.id,
        "number": number,
        "title": e.title,
        "kind": e.kind,
        "kind_text": _kind_line(e, lang),
        "when": _when(e, lang),
        "datetime": e.first.isoformat() if e.exact and e.first == e.last else None,
        "who": ", ".join(cal.bodies[b].name for b in e.bodies),
        "location": e.location,
        "notes": e.notes,
        "url": web_link(e.url),  # None for javascript:, data: and the like: the title is text only
        "exact": e.exact,
    }


def context(cal: Calendar, lang: str, as_of: date, feeds: list[Feed]) -> dict[str, Any]:
    """Everything the template shows, as plain data."""
    words = i18n.section(lang, "site")
    numbers = wheel.numbering(cal)
    colors = wheel.phase_colors(cal)
    svg = wheel.to_string(wheel.draw(cal, lang, as_of=as_of, key=False), declaration=False)
    items = []
    for it in upcoming(cal, as_of, limit=NEXT_LIMIT):
        relative = i18n.relative_item(it, lang)
        items.append(_event(it.event, cal, numbers[it.event.id], lang) | {"relative": relative})
    last = cal.span()
    groups = [
        {
            "id": g.phase.id if g.phase else "uden-fase",
            "title": g.phase.title if g.phase else i18n.t(lang, "table.no_phase"),
            "span": i18n.span(g.phase.start, g.phase.end, lang) if g.phase else None,
            "color": colors[g.phase.id if g.phase else None],
            "events": [_event(e, cal, numbers[e.id], lang) for e in g.events],
        }
        for g in timeline(cal)
    ]
    hearings = [
        _event(e, cal, numbers[e.id], lang)
        | {"reply_by": words["reply_by"].format(day=i18n.fuzzy(e.span_end, lang))}
        for e in sorted(cal.events, key=lambda e: e.first)
        if e.kind == "hearing"
    ]
    process = cal.process
    return {
        "w": words,
        "lang": lang,
        "process": process,
        "contact_href": mailto(process.contact) or web_link(process.contact),
        "accessibility_href": web_link(process.accessibility_statement),
        "as_of": i18n.day(as_of, lang),
        "as_of_iso": as_of.isoformat(),
        "wheel_svg": svg,
        "wheel_file": WHEEL_FILE,
        "next": items,
        "nothing_ahead": words["nothing_ahead"].format(last=i18n.day(last[1], lang) if last else "-"),
        "groups": groups,
        "hearings": hearings,
        "feeds": feeds,
        "file": Path(cal.file).name,  # not UTF-8: its undecodable bytes show as U+FFFD
        "n_events": len(cal.events),
        "events_text": i18n.plural(lang, "site.events_count", len(cal.events)),
    }


def render_html(ctx: dict[str, Any]) -> str:
    """The page: every value escaped (autoescape), and held to the characters HTML can carry."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("budgettid.pictures", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    return env.get_template("index.html").render(**ctx)


def _printable(value: Any) -> Any:
    """A value as the page writes it: no control character, no lone surrogate (see xml_text)."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return Markup(xml_text(str(value)))
    return xml_text(value) if isinstance(value, str) else value


def _feeds(cal: Calendar, paths: list[Path], lang: str) -> list[Feed]:
    """Label the written feed files: the whole process first, then one per body."""
    counts = {b: sum(b in e.bodies for e in cal.events) for b in cal.bodies}
    out: list[Feed] = []
    for p in paths:
        stem, href = p.stem, quote(p.name)  # relative, whatever the name: a ':' is no scheme
        if stem == cal.process.id:
            out.insert(0, Feed(href, i18n.t(lang, "site.all"), len(cal.events)))
        elif stem in cal.bodies:
            out.append(Feed(href, cal.bodies[stem].name, counts[stem]))
        else:
            out.append(Feed(href, stem, 0))
    return [replace(f, count_text=i18n.plural(lang, "site.events_count", f.count)) for f in out]


def write_site(
    cal: Calendar, out_dir: Path, lang: str, as_of: date, *, prune_cancelled: bool = False
) -> list[Path]:
    """Write index.html, the wheel as SVG and the feeds into out_dir; return what was written.

    The feeds already in out_dir are the previous publication (`ical.feed.write_split`):
    events gone since are published in them as cancelled, until `prune_cancelled`.
    """
    from ..files import write_atomic
    from ..ical.feed import split_names, write_split

    # The page and the wheel first: what cannot be drawn stops the build before a feed is written.
    names = [Path(out_dir) / name for name in split_names(cal)]
    svg = wheel.render(cal, lang, as_of=as_of)
    page = render_html(context(cal, lang, as_of, _feeds(cal, names, lang)))
    # the folder is made one level deep, as `ics --split` makes it: a mistyped parent is an error
    inputs = [Path(cal.file)]
    written = list(write_split(cal, out_dir, prune_cancelled=prune_cancelled))
    svg_path = write_atomic(out_dir / WHEEL_FILE, svg.encode("utf-8"), inputs=inputs, in_folder=True)
    index = write_atomic(out_dir / "index.html", page.encode("utf-8"), inputs=inputs, in_folder=True)
    return [index, svg_path, *written]
