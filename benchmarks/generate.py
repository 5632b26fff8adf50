"""Generate a valid budgettid/1 calendar of N events, for benchmarks and scale tests.

    python benchmarks/generate.py 10000 > /tmp/big.yaml

The calendar looks like many years of a real process: phases per year, meetings on
weekdays, deadlines, hearings with opened_by/feeds, after/before chains, some month
and quarter dates. It is deterministic for a given (n, seed).
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta

BODIES = {
    "byraadet": ("Byrådet", "council"),
    "oeu": ("Økonomiudvalget", "finance_committee"),
    "fagudvalg": ("Fagudvalgene", "committee"),
    "partierne": ("Partierne", "parties"),
    "borgmesteren": ("Borgmesteren", "mayor"),
    "forvaltningen": ("Forvaltningen", "administration"),
    "hovedudvalget": ("Hovedudvalget", "staff"),
    "offentligheden": ("Offentligheden", "public"),
}
EVENTS_PER_YEAR = 200
# The statutory steps occur once per file: the first year's budget, in the autumn.
STATUTORY = [
    ("oeu-1-behandling", "Økonomiudvalgets 1. behandling", "budget_proposal", (9, 12), "oeu"),
    ("byraadet-1-behandling", "Byrådets 1. behandling", "first_reading", (9, 19), "byraadet"),
    ("frist-aendringsforslag", "Frist for ændringsforslag", "amendment_deadline", (9, 21), "partierne"),
    ("byraadet-2-behandling", "Byrådets 2. behandling", "second_reading", (10, 10), "byraadet"),
]


def _statutory(year: int) -> list[str]:
    lines = []
    for eid, title, step, (month, day), body in STATUTORY:
        kind = "deadline" if step == "amendment_deadline" else "meeting"
        d = _weekday(date(year, month, day))
        lines += [
            f"  - id: {eid}",
            f"    title: {title}",
            f"    kind: {kind}",
            f"    date: {d}",
            f"    bodies: [{body}]",
            f"    step: {step}",
        ]
    return lines


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def generate(n: int, seed: int = 0, start_year: int = 2023) -> str:
    """YAML text of a calendar with exactly n events."""
    rnd = random.Random(seed)
    years = max(1, -(-n // EVENTS_PER_YEAR))
    out = [
        "format: budgettid/1",
        "process:",
        f"  id: generated-{n}",
        f"  title: Genereret budgetproces med {n} aktiviteter",
        f"  budget_years: {start_year + 1}-{start_year + years + 4}",
        "  rules: {holidays: none, closed_days: [], disable: [BT301]}",
        "bodies:",
    ]
    out += [f"  {k}: {{name: {name}, role: {role}}}" for k, (name, role) in BODIES.items()]
    out.append("phases:")
    for y in range(years):
        year = start_year + y
        out += [
            f"  - id: aar-{year}",
            f'    title: "Året {year}"',
            f"    start: {year}-01-01",
            f"    end: {year}-12-31",
        ]
    out.append("events:")
    out += _statutory(start_year)
    made = len(STATUTORY)
    for y in range(years):
        year = start_year + y
        count = min(EVENTS_PER_YEAR, n - made)
        prev: str | None = None
        prev_last = date(year, 1, 1)
        for i in range(count):
            eid = f"e{year}-{i}"
            # Spread over January-October so that windows and chains stay inside the year.
            d = _weekday(date(year, 1, 2) + timedelta(days=i * 290 // max(count, 1)))
            chained = prev is not None and prev_last <= d
            roll = rnd.random()
            lines = [f"  - id: {eid}", f"    title: Aktivitet {i} i {year} – behandling og høring"]
            bodies = rnd.sample(list(BODIES), k=rnd.randint(1, 2))
            last = d
            if roll < 0.08 and chained:
                last = _weekday(d + timedelta(days=rnd.randint(3, 8)))
                lines += [
                    "    kind: hearing",
                    f"    start: {d}",
                    f"    end: {last}",
                    f"    opened_by: {prev}",
                ]
            elif roll < 0.12:
                lines += ["    kind: meeting", f"    date: {d:%Y-%m}"]
            elif roll < 0.13:
                lines += ["    kind: event", f"    date: {d.year}-Q{(d.month - 1) // 3 + 1}"]
            elif roll < 0.30:
                lines += ["    kind: deadline", f"    date: {d}", "    reminders: [P7D]"]
            else:
                lines += ["    kind: meeting", f"    date: {d}", '    time: "16:00"', '    end_time: "18:00"']
            lines += [f"    bodies: [{', '.join(bodies)}]", f"    phase: aar-{year}"]
            if chained and roll >= 0.13 and rnd.random() < 0.3:
                lines.append(f"    after: [{prev}]")
            out += lines
            if roll >= 0.13:  # exact days only: a chain through a month date would be undecidable
                prev, prev_last = eid, last
        made += count
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    sys.stdout.write(generate(size, seed=int(sys.argv[2]) if len(sys.argv) > 2 else 0))
