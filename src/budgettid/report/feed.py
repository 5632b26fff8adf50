"""What changed since the last published feed, as lines for the user, in their language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .. import i18n

if TYPE_CHECKING:
    from ..format.model import Calendar
    from ..ical.feed import Changes

CalendarOrigin = Literal["argument", "environment", "bundled"]


def feed_changes(
    cal: Calendar,
    changes: Changes,
    *,
    previous: str,
    origin: CalendarOrigin,
    lang: str,
    label: str = "",
) -> list[str]:
    """What changed since the `previous` feed, as lines for the user, in `lang`.

    Events are named by title and id. A previous feed made from another process (the
    calendar argument forgotten, say) comes first, naming both processes and `cal`'s file.
    """
    w = i18n.section(lang, "feed")
    where = f"{label}: " if label else ""
    suffix = f"@{cal.process.id}"
    lines = []
    if changes.other_processes:
        source = w[origin].format(file=cal.file)
        theirs = ", ".join(changes.other_processes)
        lines.append(w["other"].format(previous=previous, theirs=theirs, ours=cal.process.id, source=source))
    for c in changes.changed:
        fields = ", ".join(w[f] for f in c.fields)
        lines.append(where + w["changed"].format(fields=fields, title=c.title, id=c.uid.removesuffix(suffix)))
    for c in changes.disappeared:
        lines.append(where + w["disappeared"].format(title=c.title, id=c.uid.removesuffix(suffix)))
    if changes.changed or changes.disappeared or changes.added:
        counts: dict[str, object] = {k: len(getattr(changes, k)) for k in ("changed", "added", "disappeared")}
        counts["added"] = w["added_n"].format(n=counts["added"])  # "1 ny", "2 nye"
        lines.append(where + w["summary"].format(**counts))
    return lines


__all__ = ["CalendarOrigin", "feed_changes"]
