"""Hostile input: mutated calendars through every command, never a traceback or a hang.

Each command either succeeds or reports located findings, and exits 0, 1 or 2. Inputs that
once crashed a command are kept in tests/fixtures/fuzz/ and run on every test run.
The CI profile runs a bounded number of examples; `--hypothesis-profile=long` runs many.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import bundled_path

from .conftest import FIXTURES, MINIMAL

runner = CliRunner()
BUNDLED = bundled_path().read_text(encoding="utf-8")
LOCATED = re.compile(r"^\S+:\d+:\d+: (error|warning|info) BT\d{3} ", re.MULTILINE)


def _commands(path: Path, out: Path) -> list[list[str]]:
    """Every command that reads a calendar, with options that make it do real work."""
    p = str(path)
    wanted = {
        "next": ["next", p, "--as-of", "2023-08-25", "--format", "json"],
        "timeline": ["timeline", p, "--format", "json"],
        "check": ["check", p, "--format", "text"],
        "ics": ["ics", p, "-o", str(out / "out.ics")],
        "wheel": ["wheel", p, "-o", str(out / "wheel.svg"), "--as-of", "2023-08-25"],
        "roll": ["roll", p, "--year", "2030", "--dry-run"],
        "diff": ["diff", p, p, "--format", "json"],
        # The terminal tables too: Rich once read a '[/x]' in a title as markup.
        "next-table": ["next", p, "--as-of", "2023-08-25"],
        "timeline-table": ["timeline", p],
        "gantt": ["timeline", p, "--gantt", "--as-of", "2023-08-25"],
    }
    registered = get_command(app).commands  # type: ignore[attr-defined]
    return [args for args in wanted.values() if args[0] in registered]


def run_all(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cal.yaml"
        path.write_bytes(data)
        for args in _commands(path, Path(tmp)):
            started = time.perf_counter()
            res = runner.invoke(app, args, env={"COLUMNS": "100"})
            elapsed = time.perf_counter() - started
            output = res.stdout + res.stderr
            assert res.exception is None or isinstance(res.exception, SystemExit), (
                args[0],
                repr(res.exception),
            )
            assert res.exit_code in (0, 1, 2), (args[0], res.exit_code, output[-2000:])
            assert "Traceback" not in output, (args[0], output[-2000:])
            assert elapsed < 10, (args[0], elapsed)
            if res.exit_code == 1 and args[0] in ("next", "timeline", "check"):
                assert LOCATED.search(res.stderr + res.stdout), (args[0], output[-2000:])


PAYLOADS = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(max_codepoint=31), min_size=1, max_size=3),
    st.sampled_from(
        [
            "9" * 5000,
            "x" * 100_000,
            "[" * 300 + "]" * 300,
            "{a: " * 80,
            "&a [*a, *a]",
            "*nowhere",
            "!!python/object:os.system",
            "\t",
            "\ufeff",
            "\u2028",
            "æøå ÆØÅ",
            "---",
            ": :",
            "- - -",
            "'unterminated",
            "<<: *x",
            "-1e999",
            ".nan",
            "2023-02-30",
            "2023-Q9",
            '"25:61"',
            "null",
            "~",
            "NO",
            "[/red]",
            "[bold]x[/]",
            "[/]",
            ":thumbs_up:",
        ]
    ),
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = draw(st.sampled_from([MINIMAL, BUNDLED])).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace", "retype"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + draw(PAYLOADS) + lines[i][col:]
        elif op == "replace" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(PAYLOADS)}"
        elif op == "retype" and ":" in lines[i]:
            key, value = lines[i].split(":", 1)
            lines[i] = f"{key}: " + draw(st.sampled_from([f"[{value}]", f"{{x: {value}}}", "42", "true", ""]))
        if not lines:
            lines = [""]
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    return data.replace(b"\n", b"\r\n") if draw(st.booleans()) else data


@given(mutated())
def test_mutated_calendars_never_crash(data: bytes) -> None:
    run_all(data)


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "fuzz").glob("*.yaml")), ids=lambda p: p.stem)
def test_regressions_from_fuzzing(fixture: Path) -> None:
    run_all(fixture.read_bytes())
