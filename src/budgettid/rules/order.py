"""Order rules (BT101-BT106): windows, phases, after/before, hearings, cycles."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..format.model import Event, Phase
from ..format.values import FuzzyDate
from ..i18n import Join, Message, Span, msg
from ._base import (
    Context,
    Finding,
    Verdict,
    at_least,
    compare,
    days,
    document,
    give_a_day,
    rule,
    shift,
    when,
)
from .suggest import END, START


def _start_of(e: Event) -> str | Message:
    return e.id if e.date is not None else msg("order.start_of", id=e.id)


def _end_of(e: Event) -> str | Message:
    return e.id if e.date is not None else msg("order.end_of", id=e.id)


def _gap(earlier: FuzzyDate, later: FuzzyDate, n: int) -> tuple[str, Message | None]:
    """How a broken gap reads: the same day, only 2 days, the wrong side, or less than 3 days."""
    if earlier.exact and later.exact and (gap := (later.first - earlier.first).days) >= 0:
        return ("same", None) if gap == 0 else ("only", days(gap))
    if not n:
        return "wrong", None
    return "less", days(n)


# --- BT101 ------------------------------------------------------------------------------


@rule("BT101")
def window_reversed(ctx: Context) -> Iterator[Finding]:
    """A window (an event with start and end, or a phase) must not end before it starts. Both
    days are inclusive, so a window may start and end on the same day. A window written with
    the same month twice (start: 2023-05, end: 2023-05) is read as "within May" and passes;
    other month or quarter bounds that overlap cannot be decided and give BT106.
    """
    windows = [
        (p.id, p.start, p.end, ("phases", k, "end"), "phase") for k, p in enumerate(ctx.cal.phases)
    ] + [
        (e.id, e.start, e.end, ("events", i, "end"), e.kind)
        for i, e in enumerate(ctx.cal.events)
        if e.date is None and e.start is not None and e.end is not None
    ]
    for wid, start, end, path, kind in windows:
        if start != end:
            yield from _window(ctx, wid, start, end, path, kind)


def _window(
    ctx: Context, wid: str, start: FuzzyDate, end: FuzzyDate, path: tuple[str | int, ...], kind: str
) -> Iterator[Finding]:
    yield from compare(
        "BT101",
        at_least(start, end, 0),
        (wid,),
        where=lambda: ctx.at(*path),
        fails=lambda: msg(
            "order.window_reversed", what=msg(f"kind.the.{kind}"), id=wid, end=when(end), start=when(start)
        ),
        undecided=lambda: msg(
            "order.window_undecided",
            what=msg(f"kind.the.{kind}"),
            id=wid,
            start=when(start),
            end=when(end),
            give=give_a_day((wid, start), (wid, end)),
        ),
    )


# --- BT102 ------------------------------------------------------------------------------


@rule("BT102")
def outside_phase(ctx: Context) -> Iterator[Finding]:
    """An event that names a phase must lie inside it: its first day on or after the phase's
    first day, and its last day on or before the phase's last day. Phases may overlap, so an
    event that belongs to two phases can name either. A month or quarter date that is partly
    inside and partly outside the phase gives BT106.
    """
    phases = ctx.cal.phase_by_id
    for i, e in enumerate(ctx.cal.events):
        if e.phase is not None and e.phase in phases:
            yield from _in_phase(ctx, i, e, phases[e.phase])


def _in_phase(ctx: Context, i: int, e: Event, p: Phase) -> Iterator[Finding]:
    early = at_least(p.start, e.span_start, 0)
    late = at_least(e.span_end, p.end, 0)
    # Both failures are reported; when one fails, nothing is undecided; one BT106 is enough.
    if Verdict.FAILS in (early, late):
        early, late = (v if v is Verdict.FAILS else Verdict.HOLDS for v in (early, late))
    elif early is Verdict.UNDECIDED:
        late = Verdict.HOLDS
    fix = msg("order.phase_fix", id=e.id, span=Span(p.start, p.end))
    involved = (e.id, p.id)
    yield from compare(
        "BT102",
        early,
        involved,
        where=lambda: ctx.start_at(i),
        fails=lambda: msg(
            "order.phase_early",
            id=e.id,
            start=when(e.span_start),
            phase=ctx.name(p),
            pstart=when(p.start),
            fix=fix,
        ),
        undecided=lambda: msg(
            "order.phase_early_undecided",
            id=e.id,
            start=when(e.span_start),
            phase=ctx.name(p),
            pstart=when(p.start),
            give=give_a_day((e.id, e.span_start), (p.id, p.start)),
        ),
    )
    yield from compare(
        "BT102",
        late,
        involved,
        where=lambda: ctx.end_at(i),
        fails=lambda: msg(
            "order.phase_late", id=e.id, end=when(e.span_end), phase=ctx.name(p), pend=when(p.end), fix=fix
        ),
        undecided=lambda: msg(
            "order.phase_late_undecided",
            id=e.id,
            end=when(e.span_end),
            phase=ctx.name(p),
            pend=when(p.end),
            give=give_a_day((e.id, e.span_end), (p.id, p.end)),
        ),
    )


# --- BT103 ------------------------------------------------------------------------------


@rule("BT103")
def order_violated(ctx: Context) -> Iterator[Finding]:
    """`after: [x]` means the event may not start before x ends; `before: [x]` means it may not end
    after x starts. The same day is fine. `{event: x, min_days: N}` asks for at least N days:
    the later event's first day minus the earlier event's last day is at least N. Each
    constraint is checked on its own, and the finding points at the date that breaks it.
    """
    for i, e in enumerate(ctx.cal.events):
        for relation in ("after", "before"):
            for c in getattr(e, relation):
                o = ctx.cal.event(c.event)
                if o is not e:  # a self-reference is a cycle: BT105 says so
                    yield from _constraint(ctx, i, e, relation, o, c.min_days)


def _constraint(ctx: Context, i: int, e: Event, relation: str, o: Event, n: int) -> Iterator[Finding]:
    """`e` has `relation: o` (min_days n). `after`: o's end, then e's start; `before`: e's end,
    then o's start. Messages speak from e's side: its date, then o's."""
    after = relation == "after"
    earlier, later = (o.span_end, e.span_start) if after else (e.span_end, o.span_start)
    mine, theirs = (later, earlier) if after else (earlier, later)
    spec = f"{relation}: {o.id}" if not n else f"{relation}: {{event: {o.id}, min_days: {n}}}"

    def fails() -> Message:
        how, gap = _gap(earlier, later, n)
        broken = msg(
            f"order.{relation}.{how}",
            id=e.id,
            mine=when(mine),
            other=ctx.name(o),
            theirs=when(theirs),
            days=gap,
        )
        if after:
            day = ctx.moves.at_or_after(e, shift(earlier.last, n), START)
            fix = msg("order.fix_later", what=_start_of(e), date=day)
        else:
            day = ctx.moves.at_or_before(e, shift(later.first, -n), END)
            fix = msg("order.fix_earlier", what=_end_of(e), date=day)
        return msg("order.violated", what=broken, spec=spec, fix=fix, other=o.id)

    yield from compare(
        "BT103",
        at_least(earlier, later, n),
        (e.id, o.id),
        where=lambda: ctx.start_at(i) if after else ctx.end_at(i),
        fails=fails,
        undecided=lambda: msg(
            f"order.{relation}.undecided",
            id=e.id,
            mine=when(mine),
            other=ctx.name(o),
            theirs=when(theirs),
            spec=spec,
            give=give_a_day((e.id, mine), (o.id, theirs)),
        ),
    )


# --- BT104 ------------------------------------------------------------------------------


@rule("BT104")
def hearing_not_bracketed(ctx: Context) -> Iterator[Finding]:
    """A hearing sits between the treatment that sends it out (`opened_by`) and the events that
    use the replies (`feeds`): its first day is on or after the opener's last day, and its
    last day is on or before each fed event's first day. A hearing that ends on 6 September
    may feed negotiations that start on 6 September. A hearing that ends while the fed
    negotiations are under way is an error: feed a later event instead (the finance
    committee's 2nd treatment, say).
    """
    for i, h in enumerate(ctx.cal.events):
        if h.kind != "hearing":
            continue
        if h.opened_by is not None and h.opened_by in ctx.index:
            yield from _opened(ctx, i, h, ctx.cal.event(h.opened_by))
        for f_id in h.feeds:
            if f_id in ctx.index:
                yield from _feeds(ctx, i, h, ctx.cal.event(f_id))


def _opened(ctx: Context, i: int, h: Event, o: Event) -> Iterator[Finding]:
    yield from compare(
        "BT104",
        at_least(o.span_end, h.span_start, 0),
        (h.id, o.id),
        where=lambda: ctx.start_at(i),
        fails=lambda: msg(
            "order.opened_early",
            id=h.id,
            start=when(h.span_start),
            other=ctx.name(o),
            end=when(o.span_end),
            date=ctx.moves.at_or_after(h, o.span_end.last, START),
            other_id=o.id,
        ),
        undecided=lambda: msg(
            "order.opened_undecided",
            id=h.id,
            start=when(h.span_start),
            other=ctx.name(o),
            end=when(o.span_end),
            give=give_a_day((h.id, h.span_start), (o.id, o.span_end)),
        ),
    )


def _feeds(ctx: Context, i: int, h: Event, f: Event) -> Iterator[Finding]:
    def later() -> Message | str:
        return msg("order.feed_later") if h.span_end.last <= f.span_end.last else ""

    yield from compare(
        "BT104",
        at_least(h.span_end, f.span_start, 0),
        (h.id, f.id),
        where=lambda: ctx.end_at(i),
        fails=lambda: msg(
            "order.feeds_late",
            id=h.id,
            end=when(h.span_end),
            other=ctx.name(f),
            start=when(f.span_start),
            date=ctx.moves.at_or_before(h, f.span_start.first, END),
            other_id=f.id,
            later=later(),
        ),
        undecided=lambda: msg(
            "order.feeds_undecided",
            id=h.id,
            end=when(h.span_end),
            other=ctx.name(f),
            start=when(f.span_start),
            give=give_a_day((h.id, h.span_end), (f.id, f.span_start)),
        ),
    )


# --- BT105 ------------------------------------------------------------------------------


@rule("BT105")
def order_cycle(ctx: Context) -> Iterator[Finding]:
    """`after` and `before` constraints must not form a cycle: if a must end before b starts and
    b must end before a starts, no calendar can satisfy both (or only one where everything
    happens on one day, which is not what was meant). Each cycle is reported once, at the
    first of its constraints in the file, with the ids in it in order. Remove or reverse one
    of the constraints.
    """
    events = ctx.cal.events
    n = len(events)
    # Edge u -> v: u must end before v starts. The label says where it is written.
    succ: list[list[tuple[int, tuple[int, str, int]]]] = [[] for _ in range(n)]
    indegree = [0] * n
    for i, e in enumerate(events):
        for rel in ("after", "before"):
            for j, c in enumerate(getattr(e, rel)):
                k = ctx.index.get(c.event)
                if k is None:
                    continue
                u, v = (k, i) if rel == "after" else (i, k)
                succ[u].append((v, (i, rel, j)))
                indegree[v] += 1
    # Kahn's algorithm: whatever is never freed lies on a cycle or downstream of one.
    queue = deque(i for i in range(n) if indegree[i] == 0)
    while queue:
        u = queue.popleft()
        for v, _ in succ[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                queue.append(v)
    stuck = [i for i in range(n) if indegree[i] > 0]
    if not stuck:
        return
    for component in _strongly_connected(stuck, succ):
        members = set(component)
        start = min(component)
        if len(component) == 1 and not any(v == start for v, _ in succ[start]):
            continue  # downstream of a cycle, not on one
        path = _shortest_cycle(start, members, succ)
        # Start the story at the constraint written first in the file; report it there.
        first = min(range(len(path)), key=lambda k: ctx.constraint_at(*path[k][1]))
        path = path[first:] + path[:first]
        ids = [events[u].id for u, _ in path]
        chain = " → ".join([*(ctx.name(events[u]) for u, _ in path), ids[0]])
        i, rel, j = path[0][1]
        others = sorted(events[u].id for u in members - {u for u, _ in path})
        also = msg("order.cycle_also", others=Join(tuple(others))) if others else ""
        yield Finding(
            "BT105", ctx.constraint_at(i, rel, j), msg("order.cycle", chain=chain, also=also), tuple(ids)
        )


def _strongly_connected(
    nodes: list[int], succ: list[list[tuple[int, tuple[int, str, int]]]]
) -> list[list[int]]:
    """Tarjan's algorithm, iterative, restricted to `nodes`."""
    allowed = set(nodes)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            u, pos = work.pop()
            if pos == 0:
                index[u] = low[u] = counter
                counter += 1
                stack.append(u)
                on_stack.add(u)
            edges = succ[u]
            while pos < len(edges):
                v = edges[pos][0]
                pos += 1
                if v not in allowed:
                    continue
                if v not in index:
                    work.append((u, pos))
                    work.append((v, 0))
                    break
                if v in on_stack:
                    low[u] = min(low[u], index[v])
            else:
                if low[u] == index[u]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == u:
                            break
                    out.append(comp)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[u])
    return out


def _shortest_cycle(
    start: int, members: set[int], succ: list[list[tuple[int, tuple[int, str, int]]]]
) -> list[tuple[int, tuple[int, str, int]]]:
    """A shortest cycle through `start` inside its component: (node, label of edge out)."""
    came: dict[int, tuple[int, tuple[int, str, int]]] = {}
    queue = deque([start])
    while queue:
        u = queue.popleft()
        for v, label in succ[u]:
            if v not in members:
                continue
            if v == start:
                path = [(u, label)]
                while u != start:
                    prev, lab = came[u]
                    path.append((prev, lab))
                    u = prev
                return path[::-1]
            if v not in came:
                came[v] = (u, label)
                queue.append(v)
    raise AssertionError("a strongly connected component has a cycle through each member")


# --- BT106 ------------------------------------------------------------------------------

document(
    "BT106",
    """A month or quarter date stands for one unknown day within it. A rule is decided only when
it holds for every possible day (it passes) or fails for every possible day (an error).
When it holds for some days and not others, the rule reports BT106 instead, naming the
rule it could not decide (BT103 order-violated, BT201 reading-gap, ...), and never passes
silently. Give the date a day once it is known. `--ignore BT106` hides these warnings;
`--select BT201` shows BT201's errors and its undecided cases.
""",
)
