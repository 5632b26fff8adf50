"""Why the plan is as it is: what holds a date off its target, what a broken relation
conflicts with, and how far a date may go before a rule must break.

All three read the relations as difference constraints: `later - earlier >= gap` is an edge
earlier <- later of weight `-gap`, i.e. day(earlier) <= day(later) - gap, and a fixed date
(a month, a statutory deadline, a pinned move) is an edge to and from ZERO, the origin of
the day numbers.

- A broken relation could not hold because, with the relations the plan keeps, it would
  close a cycle whose gaps add up to more than the days it spans: `because` finds the
  shortest path that closes it with Dijkstra's algorithm, on the plan's own days as
  potentials (they satisfy every kept constraint, so no reduced edge is negative).
- `window` is how early and how late one date may go with every rule kept: shortest paths
  from and to ZERO by Bellman-Ford, which ends after as many rounds as there are dates
  (a round that still shortens a path after that has found a negative cycle: no window).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from datetime import date, timedelta

from .relations import Field, Relation
from .schedule import Point, Problem, Reason

ZERO = Field("", "", "")  # the day numbers' origin, for the fixed dates in a cycle


def _edges(problem: Problem, r: Relation) -> list[tuple[Field, Field, int]]:
    """later - earlier >= gap as edges u -> v of weight w, meaning day(v) <= day(u) + w."""
    a = r.earlier if r.earlier in problem.points else ZERO
    b = r.later if r.later in problem.points else ZERO
    ca = 0 if a is not ZERO else problem.side(r.earlier, r, False, {})
    cb = 0 if b is not ZERO else problem.side(r.later, r, True, {})
    # (b + cb) - (a + ca) >= gap  <=>  a <= b + (cb - ca - gap)
    out = [(b, a, cb - ca - r.gap)]
    if r.exact:
        out.append((a, b, r.gap + ca - cb))
    return out


def because(
    problem: Problem, broken: Relation, kept: list[Relation], days: Mapping[Field, int]
) -> tuple[Relation, ...]:
    """The kept relations that close a cycle with `broken` (Dijkstra on reduced costs)."""
    graph: dict[Field, list[tuple[Field, int, Relation]]] = {}
    pins = {p.field: p for p in problem.points.values() if p.pinned}
    for r in kept:
        for u, v, w in _edges(problem, r):
            graph.setdefault(u, []).append((v, w, r))
    for f, p in pins.items():  # a pinned day: day(f) = its ordinal, both ways from ZERO
        pin = Relation("pin", None, f, f, 0, exact=True)
        t = p.target.toordinal()
        graph.setdefault(ZERO, []).append((f, t, pin))
        graph.setdefault(f, []).append((ZERO, -t, pin))

    def potential(f: Field) -> int:
        return 0 if f is ZERO or f not in days else days[f]

    found: list[Relation] = []
    for u, v, w in _edges(problem, broken):
        # The broken edge u -> v needs a path v ~> u of reduced length < -(w + pot(u) - pot(v)).
        dist = {v: 0}
        prev: dict[Field, tuple[Field, Relation]] = {}
        heap = [(0, str(v), v)]
        while heap:
            d, _, node = heapq.heappop(heap)
            if d > dist.get(node, d) or node == u:
                continue
            for nxt, weight, r in graph.get(node, ()):
                nd = d + weight + potential(node) - potential(nxt)
                if nd < dist.get(nxt, nd + 1):
                    dist[nxt], prev[nxt] = nd, (node, r)
                    heapq.heappush(heap, (nd, str(nxt), nxt))
        if u not in dist:
            continue
        length = dist[u] - potential(v) + potential(u)
        if length + w >= 0:
            continue  # no conflict through this edge
        node, path = u, []
        while node != v:
            node, r = prev[node]
            path.append(r)
        for r in reversed(path):
            if r not in found:
                found.append(r)
    return tuple(found)


def reasons(problem: Problem, p: Point, days: Mapping[Field, int], mine: list[Relation]) -> list[Reason]:
    """Why p is not one day nearer its target, and the next, up to the target (`mine`: the
    kept relations of p): on each day
    the relations it would break, else the day off it would be (on the target itself, both:
    that the target is a weekend is worth saying too), else its weekday."""
    here, t = days[p.field], p.target.toordinal()
    step = 1 if t > here else -1
    out: list[Reason] = []
    trial = dict(days)
    for day in range(here + step, t + step, step):
        trial[p.field] = day
        found: list[Reason] = []
        for r in mine:
            if not problem.satisfied(r, trial):
                other = r.later if r.earlier == p.field else r.earlier
                found.append(Reason("relation", relation=r, other=other))
        if p.avoid_off and problem.off(p, day) and (not found or day == t):
            found.append(_off_reason(problem, p, day))
        if not found and p.weekday and (here - t) % 7 == 0 and (day - t) % 7:
            found.append(Reason("weekday"))
        for reason in found:
            if reason not in out and not (reason.kind == "off" and any(o.why == reason.why for o in out)):
                out.append(reason)
    return out


def _off_reason(problem: Problem, p: Point, day: int) -> Reason:
    first = date.fromordinal(day)
    for k in range(p.span + 1):
        d = first + timedelta(days=k)
        why = problem.days_off.why(d)
        if why is not None:
            kind = (
                "weekend"
                if problem.days_off.weekend(d)
                else "holiday"
                if problem.days_off.holiday(d)
                else "closed"
            )
            return Reason("off", day=d, why=why, off_kind=kind)
    raise AssertionError("a day off without a reason")


def window(problem: Problem, subject: Field) -> tuple[date | None, date | None]:
    """The earliest and latest day for `subject` with every rule's relation kept, the other
    dates free and the pinned ones where they are (None: no bound that way). Both None too
    when the rules cannot hold together whatever `subject` is (a negative cycle)."""
    edges: list[tuple[Field, Field, int]] = []
    for r in problem.relations:
        if r.code is None or not (r.earlier in problem.points or r.later in problem.points):
            continue
        edges.extend(_edges(problem, r))
    for f, p in problem.points.items():
        if p.pinned and f != subject:
            t = p.target.toordinal()
            edges += [(ZERO, f, t), (f, ZERO, -t)]
    nodes = {ZERO, subject, *(u for u, _, _ in edges), *(v for _, v, _ in edges)}

    def shortest(origin: Field, reverse: bool) -> dict[Field, int] | None:
        dist = {origin: 0}
        for _ in range(len(nodes)):
            changed = False
            for u, v, w in edges:
                a, b = (v, u) if reverse else (u, v)
                if a in dist and dist[a] + w < dist.get(b, dist[a] + w + 1):
                    dist[b] = dist[a] + w
                    changed = True
            if not changed:
                return dist
        return None  # still shortening after |V| rounds: a negative cycle

    up, down = shortest(ZERO, False), shortest(ZERO, True)
    if up is None or down is None:
        return None, None
    latest = date.fromordinal(up[subject]) if subject in up else None
    earliest = date.fromordinal(-down[subject]) if subject in down else None
    return earliest, latest


__all__ = ["ZERO", "because", "reasons", "window"]
