"""The site in a real browser: headless Debian chromium, driven over the DevTools pipe.

No JavaScript is run in the page: sizes come from the DevTools DOM domain (the layout engine's
box model), and the pixels from screenshots, kept under artifacts/ for people to look at.
Without chromium the test is skipped locally, but fails under CI (CI installs it).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import io
import json
import os
import select
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from budgettid.pictures import site, wheel
from budgettid.plan.query import upcoming

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
AS_OF = date(2023, 8, 25)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]


def find_chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.access("/usr/bin/chromium", os.X_OK):
        found = "/usr/bin/chromium"
    return found


class Browser:
    """A minimal DevTools-protocol client over chromium's --remote-debugging-pipe (fds 3, 4)."""

    def __init__(self, exe: str, profile: Path, log: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds() -> None:  # in the child: chromium reads commands on fd 3, answers on fd 4
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            preexec_fn=fds,  # no threads here; the fds must be exactly 3 and 4
            close_fds=False,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, _, self._buf = self._buf.partition(b"\0")
        return json.loads(raw)

    def call(self, method: str, timeout: float = 30, browser: bool = False, **params: Any) -> Any:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self.session and not browser:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise LookupError(f"{method}: {reply['error'].get('message')}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, event: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._read_message(deadline))
        self.events.clear()

    def open(self, url: str, width: int, height: int, mobile: bool = False) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width, height=height, deviceScaleFactor=1, mobile=mobile,
        )  # fmt: skip
        self.events.clear()
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 30
        while True:  # a late load event of the previous page must not count
            self.wait_for("Page.loadEventFired", timeout=max(deadline - time.monotonic(), 0.1))
            if self.call("DOM.getDocument", depth=0)["root"].get("documentURL") == url:
                return

    def box(self, selector: str) -> tuple[float, float, float, float]:
        """x, y, width, height of the element's border box, from the layout engine."""
        root = self.call("DOM.getDocument", depth=0)["root"]["nodeId"]
        node = self.call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise LookupError(f"no element matches {selector}")
        model = self.call("DOM.getBoxModel", nodeId=node)["model"]
        xs, ys = model["border"][0::2], model["border"][1::2]
        # From the quad: for an element inside an SVG, model's width and height are not its size.
        return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)

    def screenshot(self, path: Path, full: bool = True) -> bytes:
        data = base64.b64decode(
            self.call("Page.captureScreenshot", format="png", captureBeyondViewport=full)["data"]
        )
        path.write_bytes(data)
        return data

    def close(self) -> None:
        # The browser may already be gone; it is stopped below either way.
        with contextlib.suppress(LookupError, TimeoutError, RuntimeError, OSError):
            self.call("Browser.close", browser=True, timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        self._log.close()


@pytest.fixture
def browser(tmp_path):
    exe = find_chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: CI must install it (.ci/run: apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    b = Browser(exe, tmp_path / "profile", tmp_path / "chromium.log")
    try:
        target = b.call("Target.createTarget", url="about:blank", browser=True)["targetId"]
        b.session = b.call("Target.attachToTarget", targetId=target, flatten=True, browser=True)["sessionId"]
        b.call("Page.enable")
        b.call("DOM.enable")
        yield b
    finally:
        b.close()


def colour_pixels(png: bytes, box: tuple[float, float, float, float], colour: str) -> int:
    """How many pixels inside box are close to colour (#rrggbb)."""
    from PIL import Image

    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    img = Image.open(io.BytesIO(png)).convert("RGB")
    x, y, w, h = (int(v) for v in box)
    region = img.crop((x, y, x + w, y + h))
    return sum(
        n
        for n, rgb in region.getcolors(maxcolors=1 << 24)
        if all(abs(a - b) <= 12 for a, b in zip(rgb, target, strict=True))
    )


def ink_pixels(png: bytes, box: tuple[float, float, float, float]) -> int:
    """Pixels inside box that are clearly darker than the page (text, lines, fills)."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    x, y, w, h = (int(v) for v in box)
    return sum(img.crop((x, y, x + w, y + h)).histogram()[:160])


def test_the_page_as_a_browser_shows_it(browser, bundled, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    out = tmp_path / "site"
    site.write_site(bundled, out, "da", AS_OF)
    url = (out / "index.html").as_uri()

    # Desktop.
    browser.open(url, 1100, 1400)
    png = browser.screenshot(ARTIFACTS / "site-desktop.png")
    wheel_box = browser.box("#wheel svg")
    assert wheel_box[2] > 700 and wheel_box[3] > 700, wheel_box  # drawn, and large
    with pytest.raises(LookupError):
        browser.box("#wheel .phone-only")  # no swipe hint on a wide screen
    colours = wheel.phase_colors(bundled)
    for phase in bundled.phases:  # every phase ring is painted
        assert colour_pixels(png, wheel_box, colours[phase.id]) > 300, phase.id
    assert ink_pixels(png, wheel_box) > 5000  # months, labels, leader lines

    expected = [it.event for it in upcoming(bundled, AS_OF, limit=site.NEXT_LIMIT)]
    first = browser.box(f"#next-{expected[0].id}")
    assert first[1] < 1400 and first[3] > 30  # the next deadline is on the first screen
    for e in expected:
        x, y, w, h = browser.box(f"#next-{e.id}")
        assert w > 500 and h > 30, e.id
        assert ink_pixels(png, (x, y, w, h)) > 400, e.id  # its text is painted
    root = browser.call("DOM.getDocument", depth=0)["root"]["nodeId"]
    node = browser.call("DOM.querySelector", nodeId=root, selector="#next")["nodeId"]
    shown = browser.call("DOM.getOuterHTML", nodeId=node)["outerHTML"]
    assert "Borgmesterens budgetoplæg 2024-31 sendes i høring" in shown and "om 4 dage" in shown

    # A phone: the wheel keeps labels of about 10 px and scrolls sideways in its own box;
    # the page itself does not.
    browser.open(url, 390, 844, mobile=True)
    browser.screenshot(ARTIFACTS / "site-phone.png")
    x, _, w, h = browser.box("#wheel svg")
    assert w * wheel.LABEL_FONT / wheel.WIDTH >= 10 and h > 800
    _, _, box_w, _ = browser.box("#wheel .scroll")
    assert box_w <= 390
    assert browser.box("#wheel .phone-only")[3] > 0  # the hint to swipe is shown
    content = browser.call("Page.getLayoutMetrics")["cssContentSize"]
    assert content["width"] <= 391

    # Print: A4, the Outlook help left out, the wheel kept.
    browser.open(url, 1100, 1400)
    browser.call("Emulation.setEmulatedMedia", media="print")
    with pytest.raises(LookupError):
        browser.box("#subscribe .outlook")  # display: none has no box
    assert browser.box("#wheel svg")[2] > 500
    pdf = base64.b64decode(
        browser.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True)["data"]
    )
    assert pdf.startswith(b"%PDF")
    (ARTIFACTS / "site-print.pdf").write_bytes(pdf)
    browser.call("Emulation.setEmulatedMedia", media="")

    # The standalone SVG, as someone opening aarshjul.svg sees it.
    browser.open((out / "aarshjul.svg").as_uri(), 1300, 2200)
    png = browser.screenshot(ARTIFACTS / "aarshjul.png", full=False)
    assert colour_pixels(png, (0, 0, 1300, 2200), colours["forhandling"]) > 300


def test_the_english_key_keeps_dates_and_titles_apart(browser, bundled, tmp_path):
    # English dates are wider than Danish ones ('14 Jun–9 Aug' against '14/6–9/8'): the
    # titles must start after the widest, as the browser lays the text out.
    ARTIFACTS.mkdir(exist_ok=True)
    path = tmp_path / "aarshjul-en.svg"
    path.write_text(wheel.render(bundled, "en", as_of=AS_OF), encoding="utf-8")
    browser.open(path.as_uri(), 1300, 2400)
    browser.screenshot(ARTIFACTS / "aarshjul-en.png")
    for e in bundled.events:
        x, _, w, _ = browser.box(f"#when-{e.id}")
        title_x = browser.box(f"#key-{e.id}")[0]
        assert x + w + 4 <= title_x, (e.id, x + w, title_x)
