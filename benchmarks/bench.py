"""budgettid's benchmarks: cold start and scale. Writes the table into docs/performance.md.

    python benchmarks/bench.py            # the full run (a few minutes)
    python benchmarks/bench.py --quick    # fewer repeats, no 100,000-event calendar

Times are medians of repeated runs; the cold start is a ratio against
`python -c "import typer, pydantic, yaml"` measured in the same run, the two
interleaved so that a noisy machine affects both alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import generate  # noqa: E402

BASELINE = [sys.executable, "-c", "import typer, pydantic, yaml"]
CLI = [sys.executable, "-m", "budgettid"]
COLD = [*CLI, "next", "--as-of", "2023-08-25"]
SIZES = (1_000, 10_000, 100_000)
TARGET_COLD = 1.3


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    returncode: int


def run(cmd: list[str]) -> Run:
    """One run of a command: wall time and the child's own peak memory (wait4)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode)


def cold_start(repeats: int) -> tuple[float, float, float]:
    """Median seconds of the baseline and of `budgettid next`, pairs interleaved."""
    run(BASELINE), run(COLD)  # warm the disk cache
    base, ours = [], []
    for _ in range(repeats):
        base.append(run(BASELINE).seconds)
        ours.append(run(COLD).seconds)
    b, o = statistics.median(base), statistics.median(ours)
    return b, o, o / b


def commands(path: Path, out: Path) -> dict[str, list[str]]:
    return {
        "check": [*CLI, "check", str(path), "--format", "json"],
        "next": [*CLI, "next", str(path), "--as-of", "2023-01-01", "--format", "json"],
        "timeline --format json": [*CLI, "timeline", str(path), "--format", "json"],
        "ics": [*CLI, "ics", str(path), "-o", str(out)],
    }


def scale(repeats: int, sizes: tuple[int, ...]) -> list[tuple[str, int, float, float, int]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"generated-{n}.yaml"
            path.write_text(generate(n), encoding="utf-8")
            for name, cmd in commands(path, Path(tmp) / "out.ics").items():
                runs = [run(cmd) for _ in range(repeats if n < 100_000 else max(1, repeats // 2))]
                rows.append(
                    (
                        name,
                        n,
                        statistics.median(r.seconds for r in runs),
                        max(r.max_rss_mib for r in runs),
                        max(r.returncode for r in runs),
                    )
                )
                print(f"{name:24} {n:>7} {rows[-1][2]:7.2f} s {rows[-1][3]:7.0f} MiB", file=sys.stderr)
    return rows


def table(cold: tuple[float, float, float], rows: list[tuple[str, int, float, float, int]]) -> str:
    b, o, ratio = cold
    verdict = "met" if ratio <= TARGET_COLD else "MISSED"
    lines = [
        "| measure | value | target | |",
        "| --- | --- | --- | --- |",
        f"| cold start `budgettid next` / `import typer, pydantic, yaml` | "
        f"{ratio:.2f} ({o * 1000:.0f} ms / {b * 1000:.0f} ms) | ≤ {TARGET_COLD} | {verdict} |",
    ]
    by = {(name, n): (s, m, rc) for name, n, s, m, rc in rows}
    for name, n, s, m, rc in rows:
        note = ""
        if rc not in (0, 1):
            note = f"exit {rc}"
        lines.append(f"| `{name}`, {n:,} events: time, peak memory | {s:.2f} s, {m:.0f} MiB | | {note} |")
    for name, limit in (("check", 2.0), ("ics", 3.0)):
        if (name, 10_000) in by:
            s = by[(name, 10_000)][0]
            verdict = "met" if s < limit else "MISSED"
            lines.append(f"| `{name}` of 10,000 events | {s:.2f} s | < {limit:.0f} s | {verdict} |")
    for name in ("check", "next", "timeline --format json", "ics"):
        if (name, 10_000) in by and (name, 100_000) in by:
            growth = by[(name, 100_000)][0] / by[(name, 10_000)][0]
            verdict = "met" if growth <= 12 else "MISSED"
            lines.append(f"| `{name}` growth 10,000 → 100,000 | {growth:.1f}× | ≤ 12× | {verdict} |")
            mem = by[(name, 100_000)][1]
            lines.append(
                f"| `{name}` peak memory, 100,000 events | {mem:.0f} MiB | < 1024 MiB | "
                f"{'met' if mem < 1024 else 'MISSED'} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 100,000 events")
    parser.add_argument("--output", type=Path, default=HERE.parent / "docs" / "performance.md")
    args = parser.parse_args()
    repeats = 5 if args.quick else 15
    cold = cold_start(repeats * 2)
    print(f"cold start ratio {cold[2]:.2f}", file=sys.stderr)
    rows = scale(3 if not args.quick else 1, SIZES[:2] if args.quick else SIZES)
    doc = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    block = (
        f"{start}\nMeasured {time.strftime('%Y-%m-%d')} on {machine} with "
        f"`python benchmarks/bench.py{' --quick' if args.quick else ''}`.\n\n{table(cold, rows)}{end}"
    )
    if start in doc and end in doc:
        doc = doc[: doc.index(start)] + block + doc[doc.index(end) + len(end) :]
    else:
        doc = (doc or "# Performance\n\n") + block + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(doc, encoding="utf-8")
    print(table(cold, rows))


if __name__ == "__main__":
    main()
