"""Accepting a finding where it is meant: an event's `accept:`, and BT006 for stale accepts.

`accept: {BT301: "byrådet valgte lørdagen"}` on an event accepts the findings of that code
(or symbol) about that event: the finding is kept, marked accepted with the reason, and
no longer counts as an error or a warning. An accept that matches no finding of a rule
that ran is itself a warning (BT006), so that accepts do not outlive what they accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from ..diagnostics import Diagnostic, lookup
from ..format.model import Calendar
from ..i18n import msg
from ._base import Context, Finding, document

document(
    "BT006",
    """An event's `accept:` maps codes or symbols to a reason, and accepts the findings of that
code about that event (those that point into its entry): `accept: {BT301: "the council
chose the Saturday"}`. An accept that matches no finding is reported, so that an accept
does not outlive what it accepted (the date was moved, say): remove it. Accepts of rules
that did not run (switched off, or left out by --select) are not reported.
""",
)


def accept(cal: Calendar, found: Iterable[Diagnostic]) -> tuple[list[Diagnostic], list[tuple[int, str]]]:
    """The findings, those an `accept:` covers marked with its reason; and the accepts used,
    as (event index, key as written)."""
    index = cal.event_index
    used: list[tuple[int, str]] = []
    out = []
    for d in found:
        i = index.get(d.events[0]) if d.events else None
        key = _key(cal, i, d.code) if i is not None else None
        if key is not None and i is not None:
            used.append((i, key))
            d = replace(d, accepted=cal.events[i].accept[key])
        out.append(d)
    return out, used


def _key(cal: Calendar, i: int, code: str) -> str | None:
    """The key of event i's accept that names `code` (as code or symbol), if any."""
    for key in cal.events[i].accept:
        found = lookup(key)
        if found is not None and found.code == code:
            return key
    return None


def unused(ctx: Context, used: Iterable[tuple[int, str]], ran: set[str]) -> Iterator[Finding]:
    """BT006 for each accept that matched nothing, at its key. Only accepts of codes in `ran`
    count: a rule that did not run found nothing to accept."""
    taken = set(used)
    for i, e in enumerate(ctx.cal.events):
        for key in e.accept:
            code = lookup(key)
            if code is None or code.code not in ran or (i, key) in taken:
                continue
            text = msg("accept.unused", id=e.id, key=key, code=code.code, symbol=code.symbol)
            yield Finding("BT006", ctx.key_at("events", i, "accept", key), text, (e.id,))
