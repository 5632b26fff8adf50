"""A static web page for the municipality's site: one index.html (Jinja2), the wheel, the feeds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import i18n, wheel
from .model import Calendar, Event
from .query import timeline, upcoming

NEXT_LIMIT = 8
WHEEL_FILE = "aarshjul.svg"

WORDS: dict[str, dict[str, Any]] = {
    "da": {
        "html_lang": "da",
        "wheel": "Årshjulet",
        "wheel_note": "Tallene i hjulet svarer til numrene i tidsplanen nedenfor. "
        "Hent årshjulet med nøgle som SVG til print:",
        "swipe": "Stryg sidelæns for at se hele hjulet, eller åbn årshjulet alene og zoom ind.",
        "next": "Det næste",
        "next_as_of": "Pr. {as_of}",
        "nothing_ahead": "Intet forude: processens sidste dato var {last}.",
        "timeline": "Hele tidsplanen",
        "hearing": "Høringer og høringssvar",
        "replies_to": "Høringssvar sendes til",
        "no_contact": "Kalenderen angiver ikke, hvor høringssvar skal sendes hen.",
        "reply_by": "svar senest {day}",
        "subscribe": "Abonnér på kalenderen",
        "subscribe_intro": "Hver fil er en kalender (iCalendar, .ics). Vælg hele processen "
        "eller kun det, et bestemt organ er med i.",
        "all": "Hele processen",
        "outlook_title": "Sådan abonnerer du i Outlook",
        "outlook": [
            "Højreklik på linket til den kalender, du vil følge, og vælg »Kopiér linkadresse«.",
            "Outlook på nettet: Kalender → Tilføj kalender → Abonner fra internettet → "
            "indsæt adressen → Importér.",
            "Outlook til Windows: Kalender → Tilføj kalender → Fra internettet → indsæt adressen → OK.",
            "Et abonnement opdateres af sig selv, når kommunen opdaterer kalenderen. "
            "Klikker du blot på linket, hentes en kopi, som ikke opdateres.",
        ],
        "download": "Hent",
        "built": "Opdateret {as_of} fra {file} med budgettid.",
        "source": "Kilde: {source}.",
        "where": "Sted",
        "who": "Hvem",
        "material": "Materiale",
        "events_count": "{n} aktiviteter",
    },
    "en": {
        "html_lang": "en",
        "wheel": "The year wheel",
        "wheel_note": "The numbers on the wheel are those of the timetable below. "
        "Download the wheel with its key as SVG for print:",
        "swipe": "Swipe sideways to see the whole wheel, or open the wheel on its own and zoom in.",
        "next": "Coming up",
        "next_as_of": "As of {as_of}",
        "nothing_ahead": "Nothing ahead: the process's last date was {last}.",
        "timeline": "The whole timetable",
        "hearing": "Hearings and replies",
        "replies_to": "Send hearing replies to",
        "no_contact": "The calendar does not say where hearing replies go.",
        "reply_by": "reply by {day}",
        "subscribe": "Subscribe to the calendar",
        "subscribe_intro": "Each file is a calendar (iCalendar, .ics). Choose the whole process "
        "or only what one body takes part in.",
        "all": "The whole process",
        "outlook_title": "How to subscribe in Outlook",
        "outlook": [
            "Right-click the link of the calendar you want to follow and choose "
            "\u201cCopy link address\u201d.",
            "Outlook on the web: Calendar → Add calendar → Subscribe from web → paste the address → Import.",
            "Outlook for Windows: Calendar → Add calendar → From Internet → paste the address → OK.",
            "A subscription updates itself when the municipality updates the calendar. "
            "Just clicking the link downloads a copy that does not update.",
        ],
        "download": "Download",
        "built": "Updated {as_of} from {file} with budgettid.",
        "source": "Source: {source}.",
        "where": "Where",
        "who": "Who",
        "material": "Material",
        "events_count": "{n} activities",
    },
}


@dataclass(frozen=True)
class Feed:
    href: str
    label: str
    count: int


def _when(e: Event, lang: str) -> str:
    text = i18n.when(e, lang)
    if not e.exact:
        text += f" ({i18n.t(lang, 'undecided')})"
    return text


def _kind_line(e: Event, lang: str) -> str:
    """'møde · budgetforslag', without what the title or the step already says: a step named
    in the title ('1. behandling af budget …') is left out, and so is a kind the step names
    ('høring · offentlig høring' reads 'offentlig høring')."""
    kind = i18n.t(lang, e.kind)
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
        "url": e.url,
        "exact": e.exact,
    }


def context(cal: Calendar, lang: str, as_of: date, feeds: list[Feed]) -> dict[str, Any]:
    """Everything the template shows, as plain data."""
    words = WORDS[lang]
    numbers = wheel.numbering(cal)
    colors = wheel.phase_colors(cal)
    svg = wheel.to_string(wheel.build(cal, lang, as_of=as_of, key=False), declaration=False)
    items = []
    for it in upcoming(cal, as_of, limit=NEXT_LIMIT):
        relative = i18n.relative_item(it, lang)
        items.append(_event(it.event, cal, numbers[it.event.id], lang) | {"relative": relative})
    last = cal.span()
    groups = [
        {
            "id": g.phase.id if g.phase else "uden-fase",
            "title": g.phase.title if g.phase else i18n.t(lang, "no_phase"),
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
    return {
        "w": words,
        "lang": lang,
        "process": cal.process,
        "as_of": i18n.day(as_of, lang),
        "as_of_iso": as_of.isoformat(),
        "wheel_svg": svg,
        "wheel_file": WHEEL_FILE,
        "next": items,
        "nothing_ahead": words["nothing_ahead"].format(last=i18n.day(last[1], lang) if last else "-"),
        "groups": groups,
        "hearings": hearings,
        "feeds": feeds,
        "file": Path(cal.file).name,
        "n_events": len(cal.events),
    }


def render_html(ctx: dict[str, Any]) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("budgettid", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("index.html").render(**ctx)


def _feeds(cal: Calendar, paths: list[Path], lang: str) -> list[Feed]:
    """Label the written feed files: the whole process first, then one per body."""
    counts = {b: sum(b in e.bodies for e in cal.events) for b in cal.bodies}
    out: list[Feed] = []
    for p in paths:
        stem = p.stem
        if stem == cal.process.id:
            out.insert(0, Feed(p.name, WORDS[lang]["all"], len(cal.events)))
        elif stem in cal.bodies:
            out.append(Feed(p.name, cal.bodies[stem].name, counts[stem]))
        else:
            out.append(Feed(p.name, stem, 0))
    return out


def write_feeds(cal: Calendar, out_dir: Path) -> list[Path]:
    """The `ics --split` feeds (issue 4's exporter) into out_dir."""
    from . import ics

    return list(ics.write_split(cal, out_dir))


def build(cal: Calendar, out_dir: Path, lang: str, as_of: date) -> list[Path]:
    """Write index.html, the wheel as SVG and the feeds into out_dir; return what was written."""
    from .output import ensure_dir, write_atomic

    ensure_dir(out_dir)  # one level, as `ics --split`: a mistyped parent is an error, not a tree
    inputs = [Path(cal.file)]
    written = write_feeds(cal, out_dir)
    svg = wheel.render(cal, lang, as_of=as_of)
    svg_path = write_atomic(out_dir / WHEEL_FILE, svg.encode("utf-8"), inputs=inputs)
    page = render_html(context(cal, lang, as_of, _feeds(cal, written, lang)))
    index = write_atomic(out_dir / "index.html", page.encode("utf-8"), inputs=inputs)
    return [index, svg_path, *written]
