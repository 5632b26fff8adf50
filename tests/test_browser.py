"""The site in a real browser: Debian's chromium, driven by Playwright (tests/browser.py).

Sizes come from the layout engine (bounding boxes), the pixels from screenshots, kept under
artifacts/ for people to look at. Playwright drives the system browser through its
`executable_path`, so nothing is downloaded. Without chromium or Playwright the tests skip
locally and fail under CI (CI installs both).
"""

from __future__ import annotations

import io
from datetime import date

import pytest

from budgettid.pictures import site, wheel
from budgettid.plan.query import upcoming

from . import browser

AS_OF = date(2023, 8, 25)


@pytest.fixture(scope="module")
def chromium():
    with browser.launch() as b:
        yield b


def box(tab, selector: str) -> tuple[float, float, float, float] | None:
    """x, y, width, height of the first element matching, in page pixels; None when not shown."""
    found = tab.locator(selector).first.bounding_box()
    if found is None:
        return None
    scroll = tab.evaluate("() => [scrollX, scrollY]")
    return found["x"] + scroll[0], found["y"] + scroll[1], found["width"], found["height"]


def colour_pixels(png: bytes, area: tuple[float, float, float, float], colour: str) -> int:
    """How many pixels inside area are close to colour (#rrggbb)."""
    from PIL import Image

    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    img = Image.open(io.BytesIO(png)).convert("RGB")
    x, y, w, h = (int(v) for v in area)
    region = img.crop((x, y, x + w, y + h))
    return sum(
        n
        for n, rgb in region.getcolors(maxcolors=1 << 24)
        if all(abs(a - b) <= 12 for a, b in zip(rgb, target, strict=True))
    )


def ink_pixels(png: bytes, area: tuple[float, float, float, float]) -> int:
    """Pixels inside area that are clearly darker than the page (text, lines, fills)."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    x, y, w, h = (int(v) for v in area)
    return sum(img.crop((x, y, x + w, y + h)).histogram()[:160])


@pytest.fixture
def built(bundled, tmp_path):
    out = tmp_path / "site"
    site.write_site(bundled, out, "da", AS_OF)
    return out


def test_the_page_on_a_desktop(chromium, bundled, built):
    with browser.page(chromium, (built / "index.html").as_uri(), 1100, 1400) as tab:
        png = browser.shot(tab, "site-desktop.png")
        wheel_box = box(tab, "#wheel svg")
        assert wheel_box is not None and wheel_box[2] > 700 and wheel_box[3] > 700, wheel_box
        assert box(tab, "#wheel .phone-only") is None  # no swipe hint on a wide screen
        colours = wheel.phase_colors(bundled)
        for phase in bundled.phases:  # every phase ring is painted
            assert colour_pixels(png, wheel_box, colours[phase.id]) > 300, phase.id
        assert ink_pixels(png, wheel_box) > 5000  # months, labels, leader lines

        expected = [it.event for it in upcoming(bundled, AS_OF, limit=site.NEXT_LIMIT)]
        first = box(tab, f"#next-{expected[0].id}")
        assert first is not None and first[1] < 1400 and first[3] > 30  # on the first screen
        for e in expected:
            area = box(tab, f"#next-{e.id}")
            assert area is not None and area[2] > 500 and area[3] > 30, e.id
            assert ink_pixels(png, area) > 400, e.id  # its text is painted
        shown = tab.inner_text("#next")
        assert "Borgmesterens budgetoplæg 2024-31 sendes i høring" in shown and "om 4 dage" in shown


def test_the_page_on_a_phone(chromium, built):
    # The wheel keeps labels of about 10 px and scrolls sideways in its own box; the page does not.
    with browser.page(chromium, (built / "index.html").as_uri(), 390, 844, scale=2, is_mobile=True) as tab:
        browser.shot(tab, "site-phone.png")
        _, _, w, h = box(tab, "#wheel svg")
        assert w * wheel.LABEL_FONT / wheel.WIDTH >= 10 and h > 800
        assert box(tab, "#wheel .scroll")[2] <= 390
        assert box(tab, "#wheel .phone-only")[3] > 0  # the hint to swipe is shown
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_the_page_printed(chromium, built):
    # A4, the Outlook help and the skip link left out, the wheel kept.
    with browser.page(chromium, (built / "index.html").as_uri(), 1100, 1400) as tab:
        tab.emulate_media(media="print")
        assert box(tab, "#subscribe .outlook") is None
        assert box(tab, ".skip") is None
        assert box(tab, "#wheel svg")[2] > 500
        pdf = tab.pdf(prefer_css_page_size=True, print_background=True)
        assert pdf.startswith(b"%PDF")
        browser.ARTIFACTS.mkdir(exist_ok=True)
        (browser.ARTIFACTS / "site-print.pdf").write_bytes(pdf)


def test_the_standalone_wheel(chromium, bundled, built):
    # aarshjul.svg as someone opening it sees it.
    with browser.page(chromium, (built / "aarshjul.svg").as_uri(), 1300, 2200) as tab:
        png = browser.shot(tab, "aarshjul.png", full=False)
        forhandling = wheel.phase_colors(bundled)["forhandling"]
        assert colour_pixels(png, (0, 0, 1300, 2200), forhandling) > 300
