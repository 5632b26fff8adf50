"""Which known id a reader meant: by id, by a name or short label, by a prefix, or by spelling.

`administration` for the body `adm`, `ØU` for `oeu`, `byraadt` for `byraadet`: the loader's
"did you mean" (BT002, BT005) and the CLI's filters ask the same question.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

_MIN_PREFIX = 3
_MAX_WORD = 200


def closest(
    wanted: str, known: Mapping[str, Iterable[str]] | Iterable[str], *, cutoff: float = 0.6
) -> str | None:
    """The id in `known` that `wanted` most likely means, or None.

    `known` is a list of ids, or ids mapped to other words for them (a name, a short
    label). An exact word (case ignored) wins, then an id or word that starts the other
    (at least three letters), then the id or name spelt most alike, if only one is.
    """
    if len(wanted) > _MAX_WORD:
        return None
    table = known if isinstance(known, Mapping) else {k: () for k in known}
    # Only words a person would type: spelling a 4 MB title against each costs minutes.
    words = {i: [n for n in (i, *aliases) if n and len(n) <= _MAX_WORD] for i, aliases in table.items()}
    w = wanted.casefold()
    for i, names in words.items():
        if any(n.casefold() == w for n in names):
            return i
    if len(w) >= _MIN_PREFIX:
        for i, names in words.items():
            for n in (x.casefold() for x in names):
                if len(n) >= _MIN_PREFIX and (n.startswith(w) or w.startswith(n)):
                    return i
    # The closest spelling of an id or a name; none when two ids are as close ("Fase 1", "Fase 2").
    scores = {
        i: max((difflib.SequenceMatcher(None, w, n.casefold()).ratio() for n in names), default=0.0)
        for i, names in words.items()
    }
    best = max(scores.values(), default=0.0)
    winners = [i for i, score in scores.items() if score == best]
    return winners[0] if best >= cutoff and len(winners) == 1 else None


def listing(ids: Iterable[str], limit: int = 12) -> str:
    """'a, b, c', cut after `limit` ids with ', …' (a calendar may have hundreds of events)."""
    items = list(ids)
    shown = [i if len(i) <= 60 else i[:59] + "…" for i in items[:limit]]
    return ", ".join(shown) + (", …" if len(items) > limit else "")


__all__ = ["closest", "listing"]
