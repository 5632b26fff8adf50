"""Debian's chromium driven by Playwright, for the tests that look at pages as a browser shows them.

Playwright (pip) drives the system browser through `executable_path`: nothing is downloaded
(never run `playwright install`). axe-core comes from npm, pinned in tests/a11y/package.json
and installed with `npm ci --prefix tests/a11y` (.ci/run does both). Without them a test
skips locally with the command to run, and fails under CI (`CI` set).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
AXE_JS = Path(os.environ.get("AXE_JS", ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",  # no network here: Chromium must not call home
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--font-render-hinting=none",  # the same glyph widths at every zoom
]


def missing(what: str, fix: str) -> None:
    """Skip locally, fail under CI: CI installs everything the browser tests need."""
    message = f"{what} is missing: {fix}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (.ci/run installs it)")
    pytest.skip(message)


def find_chromium() -> str | None:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.access("/usr/bin/chromium", os.X_OK):
        found = "/usr/bin/chromium"
    return found


@contextlib.contextmanager
def launch() -> Iterator[Any]:
    """A headless Debian chromium under Playwright, or a skip (a failure under CI)."""
    exe = find_chromium()
    if exe is None:
        missing("chromium", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright", "pip install -e '.[test]'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def page(browser: Any, url: str, width: int, height: int = 900, scale: float = 1, **kw: Any) -> Iterator[Any]:
    """A page at `url` in a fresh context `width` CSS pixels wide (`scale` device pixels each)."""
    ctx = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, reduced_motion="reduce", **kw
    )
    try:
        tab = ctx.new_page()
        tab.goto(url, wait_until="load")
        yield tab
    finally:
        ctx.close()


def axe_source() -> str:
    if not AXE_JS.is_file():
        missing("axe-core", "npm ci --prefix tests/a11y")
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(tab: Any, tags: list[str]) -> dict[str, Any]:
    """axe-core's results for the page: violations and incomplete results, with their nodes."""
    tab.add_script_tag(content=axe_source())
    return tab.evaluate(  # type: ignore[no-any-return]
        """async (tags) => await axe.run(document, {
             runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete'],
           })""",
        tags,
    )


def shot(tab: Any, name: str, full: bool = True) -> bytes:
    """A screenshot kept under artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return tab.screenshot(path=str(ARTIFACTS / name), full_page=full)  # type: ignore[no-any-return]
