"""An iCalendar file (Outlook, Google, Thunderbird, or a feed budgettid wrote) → records.

icalendar parses; recurring-ical-events expands RRULE/RDATE/EXDATE with their moved
occurrences (RECURRENCE-ID) within a window. Times are converted to the process's zone,
whatever zone the item was written in: IANA names, Windows names ("Romance Standard Time",
which icalendar maps through CLDR's windowsZones) or a VTIMEZONE of the file's own.
X-MS-OLK/X-MICROSOFT fields are ignored, except Outlook's all-day marker. A feed budgettid
wrote is read back from what it writes: the UID `<event-id>@<process-id>`, CATEGORIES (the
kind, the bodies, the tags) and the DESCRIPTION's "Fase:", "Hvem:", "Trin:" lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import i18n
from ..errors import UsageError
from ..format.values import FuzzyDate
from ..i18n import Message
from . import guess
from .dates_in import When
from .records import Lost, Record, Source

MAX_OCCURRENCES = 500  # of one recurring item: more is a mistake in --from/--to, not a plan
DEFAULT_SPAN = timedelta(days=366)  # how far an endless recurrence is expanded without --to


@dataclass(frozen=True)
class Window:
    start: date | None = None
    end: date | None = None  # inclusive


def _lines(text: str) -> list[int]:
    """The line number of each BEGIN:VEVENT, in order."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip().upper() == "BEGIN:VEVENT"]


def _block(text: str, line: int) -> str:
    """An item's source lines (unfolded, without X- and alarm lines) for a lost item's comment."""
    out: list[str] = []
    alarm = False
    for raw in text.splitlines()[line - 1 :]:
        if raw[:1] in (" ", "\t") and out:
            out[-1] += raw[1:]
            continue
        upper = raw.upper()
        alarm = alarm or upper.startswith("BEGIN:VALARM")
        if not alarm and not upper.startswith("X-"):
            out.append(raw)
        alarm = alarm and not upper.startswith("END:VALARM")
        if upper.startswith("END:VEVENT"):
            break
    return "\n".join(out)


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _categories(component: Any) -> list[str]:
    value = component.get("CATEGORIES")
    if value is None:
        return []
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        out += [str(c).strip() for c in getattr(item, "cats", [item]) if str(c).strip()]
    return out


class _Own:
    """The words budgettid's feeds write, in both languages."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}  # "Fase" → "phase"
        self.undecided: set[str] = set()
        self.kinds: dict[str, str] = {}
        self.prefixes: list[str] = []  # "Dato fastlægges (": the first line of an undecided item
        self.at: list[str] = []  # "Kl. ": the time of an all-day item
        for lang in ("da", "en"):
            words = i18n.catalogue(lang)
            for key in ("phase", "bodies", "step", "replies", "url"):
                self.labels[str(words[f"ics.{key}"])] = key
            self.undecided.add(str(words["date.undecided"]))
            for kind in ("deadline", "meeting", "hearing", "period", "event"):
                self.kinds[str(words[f"kind.{kind}"])] = kind
            self.prefixes.append(str(words["ics.when_undecided"]).split("{")[0])
            self.at.append(str(words["ics.at"]).split("{")[0])

    def time_line(self, line: str) -> re.Match[str] | None:
        for prefix in self.at:
            if line.startswith(prefix):
                return re.match(r"(\d{1,2}):(\d{2})", line[len(prefix) :])
        return None

    def description(self, text: str) -> tuple[dict[str, str], list[str], str | None]:
        """Labelled lines ('Fase: ...'), the free lines (the notes), and an undecided date's span text."""
        labelled: dict[str, str] = {}
        free: list[str] = []
        span = None
        for n, line in enumerate(text.split("\n")):
            head, sep, rest = line.partition(": ")
            prefix = next((p for p in self.prefixes if line.startswith(p)), None)
            if n == 0 and prefix and ")" in line:
                span = line[len(prefix) : line.rfind(")")]
            elif sep and head in self.labels and self.labels[head] not in labelled:
                labelled[self.labels[head]] = rest.strip()
            elif self.time_line(line) is None:
                free.append(line)
        return labelled, free, span


def _fuzzy(
    first: date, last: date, span: str | None, lang: str, one: bool
) -> tuple[FuzzyDate, FuzzyDate | None]:
    """The month or quarter dates a feed's undecided span was written from (its description names them)."""

    def forms(day: date, end: bool) -> list[FuzzyDate]:
        out = [
            FuzzyDate.day(day),
            FuzzyDate.month(day.year, day.month),
            FuzzyDate.quarter(day.year, (day.month - 1) // 3 + 1),
        ]
        return [f for f in out if (f.last if end else f.first) == day]

    candidates = [(a, b) for a in forms(first, False) for b in forms(last, True) if not (a.exact and b.exact)]
    for a, b in candidates:
        if span is not None and i18n.span(a, b, lang) == span:
            return (a, None) if a == b and one else (a, b)
    # no description to go by: the coarsest reading
    a, b = candidates[-1] if candidates else (FuzzyDate.day(first), FuzzyDate.day(last))
    return (a, None) if a == b and one else (a, b)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: `Europe` is a folder of zones
        return None


class _Reader:
    def __init__(self, text: str, name: str, window: Window, zone: str | None) -> None:
        import icalendar

        self.text, self.name, self.window = text, name, window
        try:
            self.cal = icalendar.Calendar.from_ical(text)
        except ValueError as exc:
            raise UsageError(
                f"{name} is not an iCalendar file ({exc}); export the calendar from Outlook or Google as .ics"
            ) from None
        except OSError as exc:
            # A TZID that names a folder of zones (TZID=Europe): zoneinfo tries to open it.
            zone = str(exc.filename or "?").rsplit("/", 1)[-1]
            raise UsageError(i18n.msg("import.tzid_folder", name=name, zone=zone)) from None
        self.source = Source(name)
        prodid = _text(self.cal, "PRODID")
        self.own_feed = "budgettid" in prodid.lower()
        self.source.own = self.own_feed
        self.lang = "en" if prodid.upper().endswith("//EN") and self.own_feed else "da"
        self.words = _Own()
        calname = _text(self.cal, "X-WR-CALNAME") or _text(self.cal, "NAME")
        if calname:
            self.source.context.append(calname)
        written_zone = _text(self.cal, "X-WR-TIMEZONE")
        chosen = zone or (written_zone if _zone(written_zone) else None) or "Europe/Copenhagen"
        self.zone = ZoneInfo(chosen)
        if zone is None:
            self.source.process["timezone"] = chosen
            if written_zone and _zone(written_zone):
                self.source.process["timezone_why"] = Message("import.why.zone_feed", {"zone": written_zone})
        if self.own_feed:
            self._own_process(calname)

    def _own_process(self, calname: str) -> None:
        p = self.source.process
        p["language"] = self.lang
        p["title"] = calname.split(" – ")[0]
        described = _text(self.cal, "DESCRIPTION").split("\n")[0]
        if m := re.match(r"^(.*?): " + re.escape(p["title"]) + r"(?: \((.*)\))?\.$", described):
            p["municipality"] = m.group(1)
            if m.group(2):
                p["source"] = m.group(2)

    # --- items -----------------------------------------------------------------------------

    def read(self) -> Source:
        events = [c for c in self.cal.subcomponents if c.name == "VEVENT"]
        lines = _lines(self.text)
        by_uid: dict[str, list[tuple[Any, int]]] = {}
        for n, ev in enumerate(events):
            line = lines[n] if n < len(lines) else 0
            by_uid.setdefault(_text(ev, "UID") or f"#{n}", []).append((ev, line))
        span = self._span(events)
        for uid, items in by_uid.items():
            master = next(((ev, line) for ev, line in items if ev.get("RECURRENCE-ID") is None), items[0])
            if master[0].get("RRULE") is not None or master[0].get("RDATE") is not None:
                self._series(uid, items, master, span)
                continue
            for ev, line in items:
                self._single(ev, line)
        return self.source

    def _where(self, line: int) -> Message:
        return Message("import.where.line", {"line": line})

    def _single(
        self,
        ev: Any,
        line: int,
        day: date | None = None,
        head: list[Message] | None = None,
        where: Message | None = None,
    ) -> None:
        where = where or self._where(line)
        title = _text(ev, "SUMMARY")
        if _text(ev, "STATUS").upper() == "CANCELLED":
            self.source.notes.append(Message("import.note.cancelled", {"where": where, "title": title}))
            return
        try:
            record = self._record(ev, where, title)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            reason = "import.lost.no_start" if isinstance(exc, KeyError) else "import.lost.bad_item"
            self.source.lost.append(Lost(where, _block(self.text, line), Message(reason, {})))
            return
        if record is None:
            return
        if not self._inside(record.when):
            self.source.notes.append(Message("import.note.outside", {"where": where, "title": title}))
            return
        record.head += head or []
        if day is not None:
            record.id = f"{guess.slug(title, words=5, limit=36)}-{day.isoformat()}"
            record.why["id"] = Message("import.why.occurrence_id", {})
        self.source.records.append(record)

    def _inside(self, when: When) -> bool:
        first, last = when.start.first, (when.end or when.start).last
        w = self.window
        return not ((w.start and last < w.start) or (w.end and first > w.end))

    def _span(self, events: list[Any]) -> tuple[date, date]:
        """The window recurring items are expanded in: --from/--to, else the file's own span."""
        starts = []
        for ev in events:
            try:
                value = ev.decoded("DTSTART")
            except (KeyError, ValueError, TypeError):
                continue
            if isinstance(value, date):
                starts.append(value.date() if isinstance(value, datetime) else value)
        first = self.window.start or (min(starts) if starts else date(2000, 1, 1))
        last = self.window.end or max([*starts, first + DEFAULT_SPAN])
        return first, last

    def _series(
        self, uid: str, items: list[tuple[Any, int]], master: tuple[Any, int], span: tuple[date, date]
    ) -> None:
        import icalendar
        import recurring_ical_events

        ev, line = master
        mini = icalendar.Calendar()
        for tz in self.cal.walk("VTIMEZONE"):
            mini.add_component(tz)
        for item, _ in items:
            mini.add_component(item)
        title = _text(ev, "SUMMARY")
        try:
            occurrences = list(recurring_ical_events.of(mini).between(span[0], span[1] + timedelta(days=1)))
        except Exception as exc:  # the library raises its own classes for every broken rule
            self.source.lost.append(
                Lost(
                    self._where(line),
                    _block(self.text, line),
                    Message("import.lost.bad_rule", {"error": str(exc)}),
                )
            )
            return
        kept = occurrences[:MAX_OCCURRENCES]
        rule = ev.get("RRULE")
        endless = rule is not None and not any(k in rule for k in ("COUNT", "UNTIL"))
        days = [_day(o.decoded("DTSTART")) for o in kept]
        if days:
            self.source.notes.append(
                Message(
                    "import.note.recurring",
                    {
                        "where": self._where(line),
                        "title": title,
                        "n": len(kept),
                        "first": min(days).isoformat(),
                        "last": max(days).isoformat(),
                    },
                )
            )
        if endless and self.window.end is None:
            self.source.notes.append(
                Message("import.note.endless", {"where": self._where(line), "last": span[1].isoformat()})
            )
        if len(occurrences) > len(kept):
            self.source.notes.append(
                Message("import.note.too_many", {"where": self._where(line), "n": MAX_OCCURRENCES})
            )
        # The file's exceptions (moved occurrences), by the start they replace.
        moved_at = {
            str(item.get("RECURRENCE-ID").dt): ln
            for item, ln in items
            if item.get("RECURRENCE-ID") is not None
        }
        for n, occ in enumerate(kept, 1):
            day = _day(occ.decoded("DTSTART"))
            where = Message("import.where.occurrence", {"line": line, "n": n, "of": len(kept)})
            original = occ.get("RECURRENCE-ID")
            head = []
            if original is not None and str(original.dt) in moved_at:
                head.append(
                    Message(
                        "import.note.moved",
                        {"line": moved_at[str(original.dt)], "day": _day(original.dt).isoformat()},
                    )
                )
            self._single(occ, line, day, head, where)

    def _when(self, ev: Any, where: Message, why: dict[str, Message]) -> When:
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND") if ev.get("DTEND") is not None else None
        if not isinstance(start, date) or not isinstance(end, (date, type(None))):
            raise ValueError("DTSTART or DTEND is not a date or a time")  # icalendar keeps bad values as text
        if end is None and ev.get("DURATION") is not None:
            end = start + ev.decoded("DURATION")
        all_day_flag = _text(ev, "X-MICROSOFT-CDO-ALLDAYEVENT").upper() == "TRUE"
        if isinstance(start, datetime):
            start = self._local(start, ev, "DTSTART", why)
            end = self._local(end, ev, "DTEND", why) if isinstance(end, datetime) else end
            midnight = start.time() == time(0) and (
                end is None or (isinstance(end, datetime) and end.time() == time(0))
            )
            if all_day_flag or (midnight and end is not None and end > start):
                start = start.date()
                end = end.date() if isinstance(end, datetime) else end
        if not isinstance(start, datetime):
            last = end - timedelta(days=1) if isinstance(end, date) and end > start else start
            if last == start:
                return When(FuzzyDate.day(start))
            return When(FuzzyDate.day(start), FuzzyDate.day(last))
        if end is not None and not isinstance(end, datetime):
            raise ValueError("DTSTART is a time and DTEND a day")
        at = start.time().replace(second=0, microsecond=0)
        if end is None or end <= start:
            return When(FuzzyDate.day(start.date()), time=at)
        until = end.time().replace(second=0, microsecond=0)
        if end.date() == start.date():
            return When(FuzzyDate.day(start.date()), time=at, end_time=until)
        if end.date() == start.date() + timedelta(days=1) and until == time(0):
            return When(FuzzyDate.day(start.date()), time=at)  # runs to midnight
        return When(FuzzyDate.day(start.date()), FuzzyDate.day(end.date()), time=at, end_time=until)

    def _local(self, value: datetime, ev: Any, prop: str, why: dict[str, Message]) -> datetime:
        if value.tzinfo is None:
            tzid = ev.get(prop).params.get("TZID") if ev.get(prop) is not None else None
            if tzid:
                why["time"] = Message("import.why.zone_unknown", {"zone": tzid, "ours": self.zone.key})
            return value
        return value.astimezone(self.zone).replace(tzinfo=None)

    def _record(self, ev: Any, where: Message, title: str) -> Record | None:
        why: dict[str, Message] = {}
        when = self._when(ev, where, why)
        description = _text(ev, "DESCRIPTION").replace("\r\n", "\n")
        categories = _categories(ev)
        record = Record(where=where, title=title or "?", when=when, location=_text(ev, "LOCATION") or None)
        record.url = _text(ev, "URL") or None
        if not title:
            why["title"] = Message("import.why.no_title", {})
        if self.own_feed:
            self._own(ev, record, description, categories)
        else:
            record.notes = description.strip() or None
            for category in categories:
                if category in self.words.kinds and record.kind is None:
                    record.kind = self.words.kinds[category]
                elif guess.known_body(category) is not None:
                    record.who.append(category)
                else:
                    record.tags.append(category)
        record.why.update(why)
        return record

    def _own(self, ev: Any, record: Record, description: str, categories: list[str]) -> None:
        uid = _text(ev, "UID")
        event_id, _, process_id = uid.partition("@")
        if process_id:
            record.id = event_id
            self.source.process.setdefault("id", process_id)
        labelled, free, span = self.words.description(description)
        undecided = any(c in self.words.undecided for c in categories)
        if undecided:
            for word in self.words.undecided:
                record.title = record.title.removesuffix(f" ({word})")
            first = record.when.start.first
            last = (record.when.end or record.when.start).last
            record.when = When(*_fuzzy(first, last, span, self.lang, one=True))
        for line in description.split("\n"):
            if m := self.words.time_line(line):
                record.when = When(record.when.start, record.when.end, time(int(m.group(1)), int(m.group(2))))
        if "phase" in labelled:
            record.phase = labelled["phase"]
        if "bodies" in labelled:
            record.who = [w.strip() for w in labelled["bodies"].split(", ") if w.strip()]
        if "step" in labelled:
            record.step = labelled["step"]
        if "replies" in labelled:
            self.source.process.setdefault("contact", labelled["replies"])
        if "url" in labelled and not record.url:
            record.url = labelled["url"]
        record.notes = "\n".join(free).strip() or None
        names = set(record.who) | self.words.undecided
        for category in categories:
            if category in self.words.kinds and record.kind is None:
                record.kind = self.words.kinds[category]
            elif category not in names:
                record.tags.append(category)


def read(data: bytes, name: str, *, window: Window = Window(), zone: str | None = None) -> Source:
    """The records of an iCalendar file; a file that is not iCalendar is a UsageError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "BEGIN:VCALENDAR" not in text.upper():
        raise UsageError(f"{name} has no BEGIN:VCALENDAR: it is not an iCalendar (.ics) file")
    return _Reader(text, name, window, zone).read()
