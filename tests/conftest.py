"""Shared helpers: a minimal valid calendar as text, and a loader for inline YAML."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

import budgettid.format.load as loading
from budgettid.format.load import bundled_path, load_text

FIXTURES = Path(__file__).parent / "fixtures"

MINIMAL = """\
format: budgettid/1
process:
  id: test-budget-2024
  title: Testprocessen 2024-27
  budget_years: 2024-2027
bodies:
  byraadet: {name: Byrådet, role: council}
  oeu: {name: Økonomiudvalget, role: finance_committee}
phases:
  - id: fase1
    title: "Fase 1"
    start: 2023-01-01
    end: 2023-12-31
events:
  - id: oeu-1
    title: Økonomiudvalgets 1. behandling
    kind: meeting
    date: 2023-09-12
    bodies: [oeu]
    phase: fase1
  - id: br-1
    title: Byrådets 1. behandling
    kind: meeting
    date: 2023-09-19
    bodies: [byraadet]
"""


def calendar_text(extra_events: str = "", **replace: str) -> str:
    """MINIMAL with events appended (dedented YAML list items) and literal replacements."""
    text = MINIMAL
    for old, new in replace.items():
        text = text.replace(old, new)
    return text + textwrap.indent(textwrap.dedent(extra_events), "  ")


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The tests never touch the user's cache; they share one of their own, so hits are run too."""
    os.environ["BUDGETTID_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("BUDGETTID_NO_CACHE", None)


@pytest.fixture
def bundled():
    from budgettid.format.load import load

    return load(bundled_path())


def load_inline(text: str):
    return load_text(text, "cal.yaml")


# Hypothesis: a bounded run in CI (the default), a long one on demand:
#   python -m pytest tests/test_fuzz.py --hypothesis-profile=long
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _no_user_calendar(monkeypatch):
    """A developer's $BUDGETTID_CALENDAR must not change what the tests load."""
    monkeypatch.delenv("BUDGETTID_CALENDAR", raising=False)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of the test's own, switched on whatever the environment says."""
    where = tmp_path / "cache"
    monkeypatch.setenv("BUDGETTID_CACHE_DIR", str(where))
    monkeypatch.delenv("BUDGETTID_NO_CACHE", raising=False)
    return where


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files that were parsed and validated (cache misses)."""
    calls: list[str] = []
    real = loading.load_text
    monkeypatch.setattr(loading, "load_text", lambda text, name="<s>": calls.append(name) or real(text, name))
    return calls
