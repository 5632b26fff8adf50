"""Every fixture in fixtures/check states its findings inline (`# expect: BT104` on the line the
finding must point at, `# accepted: BT301` where an event's accept takes one); `budgettid
check` must report exactly those, no more and no fewer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgettid.rules import RULES
from budgettid.rules.engine import check_paths

from .conftest import FIXTURES

CHECK = FIXTURES / "check"
FILES = sorted(CHECK.glob("*.yaml"))
_MARK = re.compile(r"#\s*expect:\s*(BT\d{3}(?:\s*,\s*BT\d{3})*)")
_ACCEPTED = re.compile(r"#\s*accepted:\s*(BT\d{3}(?:\s*,\s*BT\d{3})*)")


def expected(path: Path, mark: re.Pattern[str] = _MARK) -> list[tuple[int, str]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if m := mark.search(line):
            out += [(n, code.strip()) for code in m.group(1).split(",")]
    return sorted(out)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_fixture_findings_are_exactly_the_marked_ones(path: Path) -> None:
    result = check_paths([path])
    found = result.findings
    assert result.files == [str(path)]
    # a file with loading errors is not checked by the rules: its marks are loading codes only
    assert (result.not_run == [str(path)]) is any(RULES[c].loading for _, c in expected(path))
    assert sorted((d.line, d.code) for d in found if d.accepted is None) == expected(path)
    assert sorted((d.line, d.code) for d in found if d.accepted is not None) == expected(path, _ACCEPTED)
    for d in found:
        assert d.file == str(path) and d.column >= 1 and d.text("da") and d.text("en")


def test_each_rule_has_a_failing_and_a_passing_fixture() -> None:
    """A fixture is about the rule in its name; it fails for it when it marks that code.
    Every other fixture passes the loading checks (BT001-BT005), so they need failing ones only."""
    for code, rule in RULES.items():
        mine = [p for p in FILES if p.name.startswith(code.lower() + "-")]
        failing = [p for p in FILES if any(c == code for _, c in expected(p))]
        passing = [p for p in mine if all(c != code for _, c in expected(p))]
        assert failing, f"no fixture fails {code}"
        assert passing or rule.loading, f"no fixture named {code.lower()}-... passes {code}"


@pytest.mark.parametrize("code", list(RULES))
def test_rule_examples_fail_where_marked_and_pass(code: str) -> None:
    """`budgettid rules CODE` shows rules/examples/: the failing one has the rule's finding on
    exactly its marked lines, the passing one has none of it."""
    rule = RULES[code]
    fails, passes = rule.example_path("fails"), rule.example_path("passes")
    found = check_paths([fails]).findings
    assert sorted((d.line, d.code) for d in found if d.code == code) == expected(fails)
    assert expected(fails) and {c for _, c in expected(fails)} == {code}
    assert not [d for d in check_paths([passes]).findings if d.code == code]
    assert "# expect" not in rule.failing and "# expect" not in rule.passing
