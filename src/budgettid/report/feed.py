"""What a feed run has to say, as lines for the user in their language: what changed since
the last published feed, the notes on how times were written, and the lint's problems.

Everything from a feed or a calendar is cut and escaped (`safe`), so a title or a value
cannot reach a terminal or a CI log raw.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from .. import i18n
from .safe import line, printable, value

if TYPE_CHECKING:
    from ..format.model import Calendar
    from ..ical.feed import Changes
    from ..ical.lines import Problem

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
    where = f"{printable(label)}: " if label else ""
    suffix = f"@{cal.process.id}"
    lines = []
    if changes.other_processes:
        source = w[origin].format(file=printable(str(cal.file)))
        theirs = ", ".join(value(p) for p in changes.other_processes)
        lines.append(
            w["other"].format(previous=printable(previous), theirs=theirs, ours=cal.process.id, source=source)
        )

    def named(key: str, c: object, **more: str) -> str:
        uid = value(c.uid.removesuffix(suffix))  # type: ignore[attr-defined]
        return where + w[key].format(title=value(c.title), id=uid, **more)  # type: ignore[attr-defined,no-any-return]

    for c in changes.changed:
        lines.append(named("changed", c, fields=", ".join(w[f] for f in c.fields)))
    for key in ("cancelled", "left", "pruned", "disappeared"):
        lines += [named(key, c) for c in getattr(changes, key)]
    removed = len(changes.cancelled) + len(changes.left) + len(changes.pruned) + len(changes.disappeared)
    if changes.changed or changes.added or removed:
        added = w["added_n"].format(n=len(changes.added))  # "1 ny", "2 nye"
        lines.append(where + w["summary"].format(changed=len(changes.changed), added=added, removed=removed))
    if changes.kept:
        lines.append(where + i18n.plural(lang, "feed.kept", len(changes.kept)))
    return lines


def notes(messages: Iterable[i18n.Message], lang: str) -> list[str]:
    """Each note once, as 'note: …' in `lang`, escaped."""
    texts = dict.fromkeys(m.text(lang) for m in messages)
    return [printable(i18n.t(lang, "cli.note", note=t)) for t in texts]


def lint_lines(path: str, problems: list[Problem], lang: str, profile: str) -> tuple[list[str], str]:
    """The lint's findings as `file:line: message [symbol]` lines, and the closing summary."""
    shown = printable(path)
    lines = [f"{shown}:{p.line}: {line(p.text(lang))} [{p.symbol}]" for p in problems]
    kind = i18n.t(lang, f"lint.profile.{profile}")
    if problems:
        return lines, i18n.plural(lang, "lint.problems", len(problems), path=shown, profile=kind)
    return lines, i18n.t(lang, "lint.clean", path=shown, profile=kind)


__all__ = ["CalendarOrigin", "feed_changes", "lint_lines", "notes"]
