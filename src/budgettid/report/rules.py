"""`budgettid rules`: the rule pack as a table's rows, as JSON, and one rule explained."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import i18n
from .safe import json_text

if TYPE_CHECKING:
    from ..rules import Rule


def rule_json(r: Rule, lang: str = "en") -> dict[str, Any]:
    """`budgettid rules --format json`, one rule; `loading`: checked while loading, always on."""
    return {
        "code": r.code,
        "symbol": r.symbol,
        "severity": str(r.severity),
        "summary": r.summary(lang),
        "loading": r.loading,
        "explanation": r.explanation(lang),
        "passing": r.passing,
        "failing": r.failing,
    }


def rules_json(rules: Sequence[Rule] | Rule, lang: str = "en") -> str:
    """A list of rules, or one rule (`budgettid rules CODE`), as a JSON document."""
    doc = rule_json(rules, lang) if not isinstance(rules, Sequence) else [rule_json(r, lang) for r in rules]
    return json_text(doc)


def rule_row(r: Rule, lang: str = "en") -> tuple[str, str, str, str, str]:
    """A row of `budgettid rules`: code, symbol, severity, when it is checked, summary."""
    stage = i18n.t(lang, "rules.loading" if r.loading else "rules.rules")
    return r.code, r.symbol, str(r.severity), stage, r.summary(lang)


def explain(r: Rule, lang: str = "en") -> str:
    """`budgettid rules CODE`: the rule, why, and a passing and a failing calendar."""

    def block(yaml_text: str) -> str:
        return "\n".join("    " + line for line in yaml_text.rstrip("\n").splitlines())

    def t(key: str, **kw: object) -> str:
        return i18n.t(lang, f"rules.{key}", **kw)

    severity = t(f"severity.{r.severity}") + (t("loading_note") if r.loading else "")
    return (
        f"{r.code} {r.symbol} ({severity}): {r.summary(lang)}\n\n{r.explanation(lang)}\n\n"
        f"{t('passes')}\n\n{block(r.passing)}\n\n{t('fails', code=r.code)}\n\n{block(r.failing)}\n"
    )
