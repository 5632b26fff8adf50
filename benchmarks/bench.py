"""budgettid's benchmarks: cold start and scale. Writes the table into docs/performance.md.

    python benchmarks/bench.py            # the full run (about a minute)
    python benchmarks/bench.py --quick    # fewer repeats, no 100,000-event calendar

Times are medians of repeated runs; the cold start is a ratio against
`python -c "import typer, pydantic, yaml"` measured in the same run, the runs
interleaved so that a noisy machine affects all alike.

The package is byte-compiled first, as pip does when it installs it (an editable
checkout under PYTHONDONTWRITEBYTECODE would compile every module on every start).
The runs use a cache directory of their own: the cold start is measured with the
cache warm (every run after the first on an unchanged file) and switched off (the
first run after an edit); the scale runs each start from an empty cache, the worst case,
and `next --limit 10` is measured again with the cache warm: at 100,000 events it must take
at most TARGET_WARM of its first run.
"""

from __future__ import annotations

import argparse
import compileall
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
# `next` as a person runs it (what is coming up, a screenful) on 100,000 events, read back
# from the cache, against its first run (parse, validate and write the entry).
NEXT_SOON = ["next", "--as-of", "2023-01-01", "--limit", "10"]
TARGET_WARM = 0.25


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    returncode: int


def run(cmd: list[str], **env: str) -> Run:
    """One run of a command: wall time and the child's own peak memory (wait4)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env}
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode)


def prepare() -> None:
    """Byte-compile budgettid where it is imported from, as `pip install` does."""
    import budgettid

    compileall.compile_dir(os.path.dirname(budgettid.__file__), quiet=1)


@dataclass
class Cold:
    baseline: float
    warm: float  # the cache holds the bundled calendar
    off: float  # BUDGETTID_NO_CACHE=1: parse and validate

    @property
    def ratio(self) -> float:
        return self.warm / self.baseline


def cold_start(repeats: int) -> Cold:
    """Median seconds of the baseline and of `budgettid next`, cache warm and off, interleaved."""
    run(BASELINE), run(COLD), run(COLD, BUDGETTID_NO_CACHE="1")  # warm the disk and our cache
    base, warm, off = [], [], []
    for _ in range(repeats):
        base.append(run(BASELINE).seconds)
        warm.append(run(COLD).seconds)
        off.append(run(COLD, BUDGETTID_NO_CACHE="1").seconds)
    return Cold(*(statistics.median(x) for x in (base, warm, off)))


ROLL_UP_TO = 10_000  # roll composes the whole file with ruamel.yaml to keep its comments: minutes at 100,000


def commands(path: Path, out: Path, n: int = 0) -> dict[str, list[str]]:
    cmds = {
        "check": [*CLI, "check", str(path), "--format", "json"],
        "next": [*CLI, "next", str(path), "--as-of", "2023-01-01", "--format", "json"],
        "timeline --format json": [*CLI, "timeline", str(path), "--format", "json"],
        "ics": [*CLI, "ics", str(path), "-o", str(out)],
    }
    if n <= ROLL_UP_TO:  # next year's draft, planned (generate() starts with budget 2024)
        cmds["roll"] = [*CLI, "roll", str(path), "--year", "2025", "-n", "-o", str(out.with_suffix(".yaml"))]
    return cmds


def roll_bundled(repeats: int) -> Row:
    """`roll` of the bundled calendar: the everyday size."""
    from budgettid.format.load import bundled_path

    with tempfile.TemporaryDirectory() as tmp:
        cmd = [*CLI, "roll", str(bundled_path()), "--year", "2025", "-n", "-o", str(Path(tmp) / "d.yaml")]
        return _row("roll (bundled calendar)", 41, [run(cmd) for _ in range(repeats)])


Row = tuple[str, int, float, float, int]  # command, events, median s, peak MiB, worst exit code


def _row(name: str, n: int, runs: list[Run]) -> Row:
    row = (
        name,
        n,
        statistics.median(r.seconds for r in runs),
        max(r.max_rss_mib for r in runs),
        max(r.returncode for r in runs),
    )
    print(f"{name:24} {n:>7} {row[2]:7.2f} s {row[3]:7.0f} MiB", file=sys.stderr)
    return row


def scale(repeats: int, sizes: tuple[int, ...]) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"generated-{n}.yaml"
            path.write_text(generate(n), encoding="utf-8")
            times = repeats if n < 100_000 else max(1, repeats // 2)
            cmds = commands(path, Path(tmp) / "out.ics", n)
            for name, cmd in cmds.items():
                # Each run from an empty cache: the first run after an edit, the worst case.
                empty = [str(Path(tmp) / f"cache-{n}-{name}-{i}") for i in range(times)]
                rows.append(_row(name, n, [run(cmd, BUDGETTID_CACHE_DIR=d) for d in empty]))
            # `next` again on the unchanged file, read back from the cache.
            warm = str(Path(tmp) / f"cache-{n}-warm")
            run(cmds["next"], BUDGETTID_CACHE_DIR=warm)
            runs = [run(cmds["next"], BUDGETTID_CACHE_DIR=warm) for _ in range(times)]
            rows.append(_row("next (cache warm)", n, runs))
            # The next ten: the first run (from an empty cache) and the runs after it, interleaved.
            soon = [*CLI, *NEXT_SOON, str(path)]
            first, again = [], []
            for i in range(times):
                fresh = str(Path(tmp) / f"cache-{n}-soon-{i}")
                first.append(run(soon, BUDGETTID_CACHE_DIR=fresh))
                again.append(run(soon, BUDGETTID_CACHE_DIR=fresh))
            rows.append(_row("next --limit 10", n, first))
            rows.append(_row("next --limit 10 (cache warm)", n, again))
    return rows


def table(cold: Cold, rows: list[Row]) -> str:
    verdict = "met" if cold.ratio <= TARGET_COLD else "MISSED"
    ms = f"{cold.baseline * 1000:.0f} ms"
    lines = [
        "| measure | value | target | |",
        "| --- | --- | --- | --- |",
        f"| cold start `budgettid next` / `import typer, pydantic, yaml` (cache warm) | "
        f"{cold.ratio:.2f} ({cold.warm * 1000:.0f} ms / {ms}) | ≤ {TARGET_COLD} | {verdict} |",
        f"| the same, cache off (the first run after an edit) | "
        f"{cold.off / cold.baseline:.2f} ({cold.off * 1000:.0f} ms / {ms}) | | |",
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
    for n in (100_000, 10_000):  # the largest calendar measured
        if ("next --limit 10", n) in by:
            warm, first = by[("next --limit 10 (cache warm)", n)][0], by[("next --limit 10", n)][0]
            verdict = "met" if warm / first <= TARGET_WARM else "MISSED"
            lines.append(
                f"| `next --limit 10` of {n:,} events, cache warm / first run | {warm / first:.2f} "
                f"({warm:.2f} s / {first:.2f} s) | ≤ {TARGET_WARM} | {verdict} |"
            )
            break
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
    prepare()
    with tempfile.TemporaryDirectory() as cache_dir:
        os.environ["BUDGETTID_CACHE_DIR"] = cache_dir  # never the user's own cache
        os.environ.pop("BUDGETTID_NO_CACHE", None)
        cold = cold_start(repeats * 2)
        print(f"cold start ratio {cold.ratio:.2f}", file=sys.stderr)
        rows = [roll_bundled(repeats)]
        rows += scale(3 if not args.quick else 1, SIZES[:2] if args.quick else SIZES)
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
