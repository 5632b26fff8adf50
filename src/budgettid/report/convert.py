"""What `import` says when it is done: what was written, what to review, what was not read."""

from __future__ import annotations

from .. import i18n
from ..convert.build import Draft
from ..convert.run import ImportResult
from ..format.model import Calendar
from .safe import printable


def counts(draft: Draft | Calendar, lang: str) -> dict[str, str]:
    """'41 aktiviteter', '9 organer', '3 faser' for a draft or a calendar."""
    return {
        "events": i18n.plural(lang, "import.n.events", len(draft.events)),
        "bodies": i18n.plural(lang, "import.n.bodies", len(draft.bodies)),
        "phases": i18n.plural(lang, "import.n.phases", len(draft.phases)),
    }


def import_lines(result: ImportResult, path: str, lang: str) -> list[str]:
    """Lines for stderr: written, notes, guesses, lost items, and how to go on."""
    draft = result.draft
    t = i18n.t
    lines = [t(lang, "import.done.wrote", path=path, source=draft.source, **counts(draft, lang))]
    lines += [f"  {printable(n.text(lang))}" for n in draft.notes]
    if draft.guesses:
        lines.append(i18n.plural(lang, "import.done.guesses", draft.guesses))
    if draft.lost:
        lines.append(i18n.plural(lang, "import.done.lost", len(draft.lost)))
        for lost in draft.lost:
            lines.append(f"  {lost.where.text(lang)}: {printable(lost.reason.text(lang))}")
    if result.findings:
        lines.append(t(lang, "import.done.findings", path=path))
    else:
        lines.append(t(lang, "import.done.no_findings", path=path))
    return lines


def closing_lines(result: ImportResult, path: str, lang: str) -> list[str]:
    """After the findings: what to fix first, and the commands to go on with."""
    out = []
    if result.errors:
        out.append(i18n.plural(lang, "import.done.errors", result.errors))
    if path != "-":
        out.append(i18n.t(lang, "import.done.next", path=path))
    return out
