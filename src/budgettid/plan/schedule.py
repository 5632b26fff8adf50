"""A small scheduler: dates as close to their targets as the relations between them allow.

Each exact date that may move is a `Point` with a target (next year's date by its own rule,
for `roll`; where it is, for `move`). The relations (relations.py) are difference
constraints between points, or between a point and a fixed date (a month, a statutory
deadline). What a plan costs, most important first:

1. a relation of a rule broken (an error in the check): RULE each;
2. a date that avoided days off in the source put on one (a warning): OFF each;
3. an order of the source that was not written broken: UNWRITTEN each;
4. each day away from the target (an event's day weighs EVENT_DAY, a phase bound's
   PHASE_DAY: phases are drawn around meetings), and a meeting, event or window that leaves
   its weekday (WEEKDAY: one that must move six days goes a week, to keep its weekday).

The weights are far apart. A rule's relation (RULE) outweighs ten thousand dates put on
days off, so a plan breaks one only when the rules cannot all hold; a day off (OFF)
outweighs 25 unwritten orders, and an unwritten order (UNWRITTEN) a thousand days of moves
(a point moves at most REACH days, 480 at EVENT_DAY), so one is given up only where keeping
it would put a date on a day off or move dates very far. OR-Tools' CP-SAT finds the plan: integer day
variables, the relations as linear constraints (each with a literal that may break it, at
its cost), days off and weekdays as domains. Only the groups of points tied by relations
that their own best days would break go to the solver; a plan that needs no change never
imports it. One worker and a fixed seed: the same calendar always gives the same plan.

Why a date is where it is, and why a broken relation could not hold, is why.py's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..daysoff import DaysOff, UnknownCountry
from ..format.model import Calendar, Event
from ..format.values import FuzzyDate
from .relations import DEADLINE, EVENT, PHASE, Field, Relation

RULE = 10**9
OFF = 10**5
UNWRITTEN = 4 * 10**3
EVENT_DAY, PHASE_DAY, WEEKDAY = 4, 1, 6
REACH = 120  # days a point may move beyond its target (and beyond a pinned move)
MAX_TIME = 60.0  # CP-SAT's deterministic time limit for one group, in its seconds
FAST_LIMITS = (64, 1024)  # costs under which a narrow model's plan is the best (see _optimize)


@dataclass(frozen=True)
class Point:
    """A date that may move: where it should go, where it was, what to keep about it."""

    field: Field
    target: date
    source: date  # the date in the calendar the relations were read from
    avoid_off: bool = False  # the source date was a working day (all of a meeting's days)
    weight: int = EVENT_DAY
    weekday: bool = False  # keep the target's weekday where it can
    span: int = 0  # a meeting's days after this one that must be working days too
    pinned: bool = False  # asked for: `target` is the date it gets


@dataclass(frozen=True)
class Reason:
    """Why a point is not on its target: a day off, a relation, or its weekday."""

    kind: str  # "off", "relation", "weekday"
    day: date | None = None  # off: the day that is off
    why: str = ""  # off: "weekend", a holiday's name or a closed day as written
    off_kind: str = ""  # off: weekend, holiday or closed
    relation: Relation | None = None
    other: Field | None = None  # relation: the field on the other side


@dataclass(frozen=True)
class Broken:
    """A relation the plan could not keep, and the kept ones (or pins) it conflicts with."""

    relation: Relation
    because: tuple[Relation, ...] = ()


@dataclass
class Plan:
    """The dates of the points, what is broken and why each point is off its target."""

    dates: dict[Field, date]
    broken: list[Broken] = field(default_factory=list)
    reasons: dict[Field, list[Reason]] = field(default_factory=dict)
    solved: int = 0  # groups that went to the solver
    cost: int = 0  # what the plan costs (see the module's docstring)

    @property
    def rules_broken(self) -> list[Broken]:
        return [b for b in self.broken if b.relation.code is not None]


@dataclass
class Problem:
    """Points, fixed dates, relations and days off: what `solve` plans."""

    points: dict[Field, Point]
    fixed: Mapping[Field, FuzzyDate]
    relations: list[Relation]
    days_off: DaysOff
    hard: bool = False  # a rule's relation may not break: no plan (None) rather than one that does

    def __post_init__(self) -> None:
        self._off: dict[tuple[int, int], bool] = {}

    # --- one point's days ---------------------------------------------------------------

    def off(self, p: Point, day: int) -> bool:
        """Is `day` (an ordinal) a day off for p (any of a meeting's days)?"""
        key = (day, p.span)
        if key not in self._off:
            d = date.fromordinal(day)
            self._off[key] = any(not self.days_off.working(d + timedelta(days=k)) for k in range(p.span + 1))
        return self._off[key]

    def cost(self, p: Point, day: int) -> int:
        t = p.target.toordinal()
        c = p.weight * abs(day - t)
        if p.weekday and (day - t) % 7:
            c += WEEKDAY
        if p.avoid_off and self.off(p, day):
            c += OFF
        return c

    def best_alone(self, p: Point) -> int:
        """The point's best day were it alone (ties: the earlier day)."""
        t = p.target.toordinal()
        if p.pinned:
            return t
        best = t
        for k in range(1, REACH + 1):
            if self.cost(p, best) <= k * p.weight:
                break  # no day further out can be cheaper
            for day in (t - k, t + k):
                if self.cost(p, day) < self.cost(p, best):
                    best = day
        return best

    def bounds(self, p: Point) -> tuple[int, int]:
        t = p.target.toordinal()
        if p.pinned:
            return t, t
        reach = REACH + max(
            (abs(q.target.toordinal() - q.source.toordinal()) for q in self.pinned()), default=0
        )
        return t - reach, t + reach

    def pinned(self) -> list[Point]:
        return [p for p in self.points.values() if p.pinned]

    # --- the two sides of a relation ------------------------------------------------------

    def side(self, f: Field, r: Relation, later: bool, days: Mapping[Field, int]) -> int:
        """The day a side stands for: a point's day, or a fixed date's bound (see Relation)."""
        if f in self.points:
            return days[f]
        fd = self.fixed[f]
        # Strong: the earlier side's last day, the later side's first; weak: the other way.
        use_first = later != r.weak
        return (fd.first if use_first else fd.last).toordinal()

    def satisfied(self, r: Relation, days: Mapping[Field, int]) -> bool:
        diff = self.side(r.later, r, True, days) - self.side(r.earlier, r, False, days)
        return diff == r.gap if r.exact else diff >= r.gap


@dataclass
class PlanDaysOff(DaysOff):
    """DaysOff that may leave weekends out (a file that switches BT301 off)."""

    weekends: bool = True

    def weekend(self, d: date) -> bool:
        return self.weekends and super().weekend(d)


def days_off(rules: Any) -> DaysOff:
    """The days a plan keeps dates off: those of the rules the file checks (weekends unless
    BT301 is switched off, holidays unless BT302 is, closed days unless BT303 is);
    no holidays where the country is unknown (the check says so as BT302)."""
    off = DaysOff.of(rules)
    disabled = set(getattr(rules, "disable", ()))
    country = None if "BT302" in disabled else off.country
    closed = () if "BT303" in disabled else tuple(off.closed)
    plan = PlanDaysOff(country, closed, weekends="BT301" not in disabled)
    try:
        plan.holidays  # noqa: B018 - built now, so that an unknown country is found here
    except UnknownCountry:
        return PlanDaysOff(None, closed, weekends=plan.weekends)
    return plan


def point(
    cal: Calendar, f: Field, source: date, target: date, off: DaysOff, *, pinned: bool = False
) -> Point:
    """A point for an exact date of `cal`: what it keeps follows from what it is.

    A phase bound keeps only its place (and weighs little); an event's date keeps a working
    day if it was on one (a meeting over several days: all of them), and a meeting, event or
    window its weekday.
    """
    if f.owner == PHASE:
        return Point(f, target, source, weight=PHASE_DAY, pinned=pinned)
    e = cal.event(f.id)
    span = _span(e) if f.key == "start" else 0
    working = all(off.working(source + timedelta(days=k)) for k in range(span + 1))
    return Point(f, target, source, working, EVENT_DAY, e.kind != "deadline", span, pinned)


def _span(e: Event) -> int:
    """The days a meeting over several days lasts after its first."""
    if e.kind == "meeting" and e.start is not None and e.end is not None and e.start.exact and e.end.exact:
        return max(0, (e.end.first - e.start.first).days)
    return 0


def deadlines(cal: Calendar, year: int) -> dict[Field, FuzzyDate]:
    """The statutory deadlines of `year` (the year before the first budget year)."""
    rules = cal.process.rules
    return {
        Field(DEADLINE, "adopt_by", ""): FuzzyDate.day(rules.adopt_by_date(year)),
        Field(DEADLINE, "proposal_by", ""): FuzzyDate.day(rules.proposal_by_date(year)),
    }


def solve(problem: Problem) -> Plan | None:
    """The best plan (see the module's docstring); None when `hard` and a rule cannot hold."""
    points = problem.points
    relations = [r for r in problem.relations if r.earlier in points or r.later in points]
    days = {f: problem.best_alone(p) for f, p in points.items()}
    regions = _repair(problem, relations, days)
    if regions is None:
        return None
    from .why import because, reasons

    plan = Plan({f: date.fromordinal(d) for f, d in days.items()}, solved=regions)
    kept = [r for r in relations if problem.satisfied(r, days)]
    mine: dict[Field, list[Relation]] = {}
    for r in kept:
        for f in dict.fromkeys(r.fields):
            mine.setdefault(f, []).append(r)
    for r in relations:
        if not problem.satisfied(r, days):
            plan.broken.append(Broken(r, because(problem, r, kept, days)))
            plan.cost += RULE if r.code is not None else UNWRITTEN
    for f, p in points.items():
        plan.cost += problem.cost(p, days[f])
        if days[f] != p.target.toordinal():
            plan.reasons[f] = reasons(problem, p, days, mine.get(f, []))
    return plan


def _repair(problem: Problem, relations: list[Relation], days: dict[Field, int]) -> int | None:
    """Move the fewest points that can give the best plan; `days` is updated. Returns how many
    regions went to the solver; None when `hard` and a rule cannot hold.

    Every point starts on its own best day. A relation that those days break makes its
    points a region. A region is planned with the relations to the points around it left
    out: a bound no plan can beat (the points outside are at their best already). When that
    plan breaks no relation to the points around, it is the region's best; else the region
    is planned again with the points around it fixed where they are, and if that reaches
    the bound it is the best too. Otherwise the points whose relations the bound's plan
    breaks join the region (they lie outside it, so it grows by one at least), and the next
    round plans it again: after at most as many rounds as there are points, it ends.
    """
    points = problem.points
    touching: dict[Field, list[Relation]] = {f: [] for f in points}
    for r in relations:
        for f in {r.earlier, r.later}:
            if f in points:
                touching[f].append(r)
    region = {f for r in relations if not problem.satisfied(r, days) for f in r.fields if f in points}
    settled: dict[frozenset[Field], dict[Field, int]] = {}
    solved = 0
    while True:
        grown = False
        comps = _components(region, touching)
        for comp in comps:
            key = frozenset(comp)
            if key in settled:
                continue
            around = _relations_of(comp, touching)
            inner = [r for r in around if all(f in key or f not in points for f in r.fields)]
            edge = [r for r in around if not all(f in key or f not in points for f in r.fields)]
            bound = _optimize(problem, comp, inner, days)
            solved += 1
            if bound is None:
                return None
            trial = dict(days)
            trial.update(bound[0])
            runs_into = [r for r in edge if not problem.satisfied(r, trial)]
            if not runs_into:  # the bound's plan fits between the points around it
                settled[key] = bound[0]
                continue
            fixed = _fixed(problem, comp, around, days, bound[1])
            if fixed is not None and fixed[1] == bound[1]:
                settled[key] = fixed[0]
                continue
            region |= {f for r in runs_into for f in r.fields if f in points}
            grown = True
        if not grown:
            break
    for comp in comps:
        days.update(settled[frozenset(comp)])
    return solved


def _relations_of(comp: Iterable[Field], touching: Mapping[Field, list[Relation]]) -> list[Relation]:
    """Every relation of the points in `comp`, once each, in a stable order."""
    out: dict[int, Relation] = {}
    for f in comp:
        for r in touching[f]:
            out.setdefault(id(r), r)
    return list(out.values())


def _components(region: set[Field], touching: Mapping[Field, list[Relation]]) -> list[list[Field]]:
    """The region's points tied to each other by relations inside it, in a stable order."""
    seen: set[Field] = set()
    out = []
    for start in sorted(region):
        if start in seen:
            continue
        comp, stack = [], [start]
        seen.add(start)
        while stack:
            f = stack.pop()
            comp.append(f)
            for r in touching[f]:
                for g in r.fields:
                    if g in region and g not in seen:
                        seen.add(g)
                        stack.append(g)
        out.append(sorted(comp))
    return out


def _fixed(
    problem: Problem, group: list[Field], relations: list[Relation], days: Mapping[Field, int], bound: int
) -> tuple[dict[Field, int], int] | None:
    """The group's plan with the points around it fixed, when it may reach `bound`: only the
    narrow model that `bound` allows is tried (a plan that breaks a relation or leaves a
    working day costs more than `bound`, unless `bound` did too)."""
    limit = next((n for n in FAST_LIMITS if bound < min(n, UNWRITTEN, OFF)), None)
    return _cp_sat(problem, group, relations, days, limit=limit, soft=limit is None)


def _optimize(
    problem: Problem, group: list[Field], relations: list[Relation], days: Mapping[Field, int]
) -> tuple[dict[Field, int], int] | None:
    """The group's best days and their cost, the points outside it fixed on `days`: first on
    narrow days with every relation kept, which is the answer when it costs less than any
    wider or broken plan could; else the whole model."""
    for limit in FAST_LIMITS:
        fast = _cp_sat(problem, group, relations, days, limit=limit, soft=False)
        if fast is not None and fast[1] < min(limit, UNWRITTEN, OFF):
            return fast
    return _cp_sat(problem, group, relations, days, limit=None, soft=True)


def _cp_sat(
    problem: Problem,
    group: list[Field],
    relations: list[Relation],
    days: Mapping[Field, int],
    *,
    limit: int | None,
    soft: bool,
) -> tuple[dict[Field, int], int] | None:
    """CP-SAT on one group. With `limit`, each point keeps within the days that cost less than
    `limit` (so a plan costing less than `limit` is the best there is) and no relation breaks;
    `soft`: relations may break at their cost (a rule's never, when the problem is hard)."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    x: dict[Field, cp_model.IntVar] = {}
    cost: list[cp_model.LinearExprT] = []
    for f in group:
        p = problem.points[f]
        lo, hi = problem.bounds(p)
        t = p.target.toordinal()
        if limit is not None and not p.pinned:
            reach = -(-limit // p.weight) - 1
            lo, hi = max(lo, t - reach), min(hi, t + reach)
        if p.avoid_off and not soft and not p.pinned:  # a working day it was, a working day it stays
            working = [d for d in range(lo, hi + 1) if not problem.off(p, d)]
            if not working:
                return None
            v = x[f] = m.new_int_var_from_domain(cp_model.Domain.from_values(working), str(f))
        else:
            v = x[f] = m.new_int_var(lo, hi, str(f))
        if p.pinned:
            continue
        away = m.new_int_var(0, hi - lo, f"away {f}")
        m.add(away >= v - t)
        m.add(away >= t - v)
        cost.append(p.weight * away)
        if p.weekday:
            same = list(range(t - 7 * ((t - lo) // 7), hi + 1, 7))
            left = m.new_bool_var(f"weekday {f}")
            m.add_linear_expression_in_domain(v, cp_model.Domain.from_values(same)).only_enforce_if(~left)
            cost.append(WEEKDAY * left)
        if p.avoid_off and soft:
            working = [d for d in range(lo, hi + 1) if not problem.off(p, d)]
            off = m.new_bool_var(f"off {f}")
            m.add_linear_expression_in_domain(v, cp_model.Domain.from_values(working)).only_enforce_if(~off)
            cost.append(OFF * off)
    for k, r in enumerate(relations):
        later = x[r.later] if r.later in x else problem.side(r.later, r, True, days)
        earlier = x[r.earlier] if r.earlier in x else problem.side(r.earlier, r, False, days)
        ct = m.add(later - earlier == r.gap) if r.exact else m.add(later - earlier >= r.gap)
        if not soft or (problem.hard and r.code is not None):
            continue
        holds = m.new_bool_var(f"holds {k}")
        ct.only_enforce_if(holds)
        cost.append((RULE if r.code is not None else UNWRITTEN) * (1 - holds))
    m.minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = MAX_TIME
    status = solver.solve(m)
    if status != cp_model.OPTIMAL and not (soft and status == cp_model.FEASIBLE):
        return None
    return {f: solver.value(v) for f, v in x.items()}, round(solver.objective_value)


__all__ = ["EVENT", "Broken", "Plan", "Point", "Problem", "Reason", "days_off", "deadlines", "point", "solve"]
