"""`budgettid rules`: the rule pack as a table's rows, as JSON, and one rule explained."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..rules import Rule


def rule_json(r: Rule) -> dict[str, Any]:
    """`budgettid rules --format json`, one rule; `loading`: checked while loading, always on."""
    return {
        "code": r.code,
        "symbol": r.symbol,
        "severity": str(r.severity),
        "summary": r.summary,
        "loading": r.loading,
        "explanation": r.explanation,
        "passing": r.passing,
        "failing": r.failing,
    }


def rules_json(rules: Sequence[Rule] | Rule) -> str:
    """A list of rules, or one rule (`budgettid rules CODE`), as a JSON document."""
    doc = rule_json(rules) if not isinstance(rules, Sequence) else [rule_json(r) for r in rules]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


RULES_NOTE = (
    "BT001-BT005 are checked while loading: they cannot be disabled, and the rules do not run "
    "on a file until its loading errors are fixed."
)


def rule_row(r: Rule) -> tuple[str, str, str, str, str]:
    """A row of `budgettid rules`: code, symbol, severity, when it is checked, summary."""
    return r.code, r.symbol, str(r.severity), "loading" if r.loading else "rules", r.summary


def explain(r: Rule) -> str:
    """`budgettid rules CODE`: the rule, why, and a passing and a failing calendar."""

    def block(yaml_text: str) -> str:
        return "\n".join("    " + line for line in yaml_text.rstrip("\n").splitlines())

    stage = ", checked while loading; cannot be disabled" if r.loading else ""
    return (
        f"{r.code} {r.symbol} ({r.severity}{stage}): {r.summary}\n\n{r.explanation}\n\n"
        f"Passes:\n\n{block(r.passing)}\n\nFails ({r.code}):\n\n{block(r.failing)}\n"
    )
