"""The rule pack: one module per family, and the registry of every rule by code.

Each rule has its code, symbol and default severity (from `diagnostics.CODES`), a summary
and an explanation in both languages, and a passing and a failing example (complete
calendar files). The loading checks (BT001-BT005) and BT006 (an unused accept, reported by
the engine) are documented here too, so `budgettid rules` explains every code `check`
prints; they have no check of their own.
"""

from __future__ import annotations

from ..diagnostics import lookup
from . import accept, calendar, loading, order, statutory  # noqa: F401  (each registers its rules)
from ._base import REGISTRY, Context, Finding, Rule

RULES: dict[str, Rule] = dict(sorted(REGISTRY.items()))


def find(code_or_symbol: str) -> Rule | None:
    """A rule by its code (BT104, any case) or its symbol (hearing-not-bracketed)."""
    code = lookup(code_or_symbol)
    return RULES.get(code.code) if code else None


__all__ = ["RULES", "Context", "Finding", "Rule", "find"]
