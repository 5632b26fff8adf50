"""The årshjul: every event is in the SVG, labels never overlap, the year is chosen sensibly."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import bundled_path, load
from budgettid.pictures import metrics, wheel

from . import browser
from .conftest import calendar_text, load_inline

NS = {"s": wheel.SVG_NS}
runner = CliRunner()


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()).strip() for t in root.iter(f"{{{wheel.SVG_NS}}}text")]


def test_every_event_is_a_mark_with_its_title_and_a_label(bundled):
    root = parse(wheel.render(bundled, "da", as_of=date(2023, 8, 25)))
    ids = {g.get("id") for g in root.iter(f"{{{wheel.SVG_NS}}}g")}
    labels = {t.get("id") for t in root.iter(f"{{{wheel.SVG_NS}}}text")}
    numbers = wheel.numbering(bundled)
    for e in bundled.events:
        assert f"ev-{e.id}" in ids, e.id
        mark = root.find(f".//s:g[@id='ev-{e.id}']", NS)
        title = mark.find("s:title", NS).text
        assert title.startswith(f"{numbers[e.id]}. {e.title} (")
        assert f"lbl-{e.id}" in labels and f"key-{e.id}" in labels
    assert len(bundled.events) == 41 and sorted(numbers.values()) == list(range(1, 42))


def test_accessible_scalable_and_text_as_text(bundled):
    root = parse(wheel.render(bundled, "da"))
    assert root.get("viewBox").startswith("0 0 1300 ")
    assert root.get("width") is None and root.get("height") is None  # scales to its box
    assert root[0].tag == f"{{{wheel.SVG_NS}}}title" and "Budgetprocessen 2024-31" in root[0].text
    assert root[1].tag == f"{{{wheel.SVG_NS}}}desc" and "41 aktiviteter" in root[1].text
    assert root.get("aria-labelledby") == "bt-wheel-title bt-wheel-desc"
    words = texts(root)
    for month in ("januar", "februar", "juni", "december"):
        assert month in words
    assert "Fase 1: Afklaring og kvalificering" in words  # along its arc
    assert "Fase 2" in words  # too short an arc for the full title


def test_english_month_names(bundled):
    words = texts(parse(wheel.render(bundled, "en")))
    assert "January" in words and "September" in words and "januar" not in words
    assert any(w.startswith("27 12 Sep ØU budget proposal") for w in words)


def test_two_calendar_years_outer_ring_and_start_option(bundled):
    svg = wheel.render(bundled, "da")
    root = parse(svg)
    label = "".join(root.find(".//s:text[@id='lbl-oeu-budgetprocessen']", NS).itertext())
    assert label == "1 15/12 2022 ØU"  # before the wheel's year: outer ring, with its year
    assert "".join(root.find(".//s:text[@id='lbl-regnskab-2023']", NS).itertext()).endswith("apr 2024 ØU+BR")
    assert any("uden for hjulets tolv måneder (2022, 2024)" in w for w in texts(root))
    # Rotated to start in December 2022, the council's December meeting is inside the year.
    rotated = parse(wheel.render(bundled, "da", start=date(2022, 12, 1)))
    label = "".join(rotated.find(".//s:text[@id='lbl-oeu-budgetprocessen']", NS).itertext())
    assert label == "1 15/12 ØU"
    assert "januar 2023" in texts(rotated)  # the year turns inside the wheel


def test_default_year_is_the_adoption_year(bundled):
    assert wheel.default_start(bundled) == date(2023, 1, 1)
    cal = load_inline(calendar_text())  # no second_reading: the year with most events
    assert wheel.default_start(cal) == date(2023, 1, 1)


def test_today_marker_only_within_the_wheel(bundled):
    def today(svg: str) -> ET.Element | None:
        return parse(svg).find(".//s:path[@id='bt-today']", NS)

    assert today(wheel.render(bundled, "da")) is None
    line = today(wheel.render(bundled, "da", as_of=date(2023, 7, 2)))
    assert line is not None
    # 2 July is half-way round a year that starts in January: the line points straight down.
    x0, y0, x1, y1 = (float(v) for v in line.get("d").replace("M", "").replace("L", "").split())
    assert abs(x0) < 3 and abs(x1) < 3 and 0 < y0 < y1 and y1 > 300
    assert today(wheel.render(bundled, "da", as_of=date(2025, 1, 1))) is None


def test_month_and_quarter_dates_are_pale_spans(bundled):
    root = parse(wheel.render(bundled, "da"))
    quarter = root.find(".//s:g[@id='ev-byraadet-temamoede-innovation']/s:path", NS)
    assert quarter.get("fill-opacity") == "0.28"
    day = root.find(".//s:g[@id='ev-frist-oensker']", NS)
    assert day.find("s:polygon", NS) is not None  # a deadline on a day: a diamond glyph


def test_spread_keeps_order_and_gap():
    assert wheel.spread([0, 0, 0], 10) == [-10, 0, 10]
    assert wheel.spread([0, 50, 100], 10) == [0, 50, 100]
    assert wheel.spread([0, 5, 100], 10) == [-2.5, 7.5, 100]


@given(st.lists(st.floats(-1000, 1000), min_size=1, max_size=40), st.floats(1, 30))
def test_spread_properties(ys, gap):
    ys = sorted(ys)
    out = wheel.spread(ys, gap)
    assert all(b - a >= gap - 1e-6 for a, b in itertools.pairwise(out))
    assert abs(sum(out) - sum(ys)) < 1e-6 * max(1.0, abs(sum(ys))) + 1e-6 * len(ys)


def test_assign_tracks():
    assert wheel.assign_tracks([(0, 10), (5, 15), (20, 30), (0, 1)], pad=0) == [0, 1, 0, 1]
    assert wheel.assign_tracks([(0, 10), (11, 12)], pad=2) == [0, 1]


def test_cli_writes_the_file(tmp_path):
    out = tmp_path / "aarshjul.svg"
    res = runner.invoke(app, ["wheel", "-o", str(out), "--as-of", "2023-08-25", "--lang", "en"])
    assert res.exit_code == 0, res.output
    root = parse(out.read_text(encoding="utf-8"))
    assert root.find(".//s:path[@id='bt-today']", NS) is not None
    assert "January" in texts(root)
    res = runner.invoke(app, ["wheel", "--no-key"])
    assert res.exit_code == 0 and res.stdout.startswith("<?xml")
    assert 'id="key-' not in res.stdout and 'id="lbl-budgetseminar"' in res.stdout


def test_cli_errors(tmp_path):
    res = runner.invoke(app, ["wheel", "-o", str(tmp_path), "--lang", "en"])
    assert res.exit_code == 2 and "is a directory" in res.output
    res = runner.invoke(app, ["wheel", "--start", "2023-13"])
    assert res.exit_code == 2 and "ÅÅÅÅ-MM" in res.output  # the locale (none here): Danish
    res = runner.invoke(app, ["wheel", "-o", str(tmp_path / "missing" / "x.svg"), "--lang", "en"])
    assert res.exit_code == 2 and "does not exist; create it first" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(calendar_text().replace("date: 2023-09-12", "date: 2023-02-30"), encoding="utf-8")
    res = runner.invoke(app, ["wheel", str(bad)])
    assert res.exit_code == 1 and "BT002" in res.output


def test_english_key_dates_are_english(bundled):
    en = parse(wheel.render(bundled, "en"))
    assert en.find(".//s:text[@id='when-fagudvalg-effektiviseringskatalog']", NS).text == "30 May–31 May"


def test_phase_tooltips_in_the_wheels_language(bundled):
    root = parse(wheel.render(bundled, "en"))
    tip = root.find(".//s:g[@id='bt-phase-afklaring']/s:title", NS).text
    assert tip.startswith("Fase 1: Afklaring og kvalificering: 15 Dec 2022") and "dec." not in tip


def test_no_phases_no_empty_ring():
    def hub_radius(svg: str) -> float:
        return float(parse(svg).find(".//s:g[@class='hub']/s:circle", NS).get("r"))

    cal = load_inline(calendar_text())
    assert hub_radius(wheel.render(cal, "da")) == wheel.R_HUB
    phases = 'phases:\n  - id: fase1\n    title: "Fase 1"\n    start: 2023-01-01\n    end: 2023-12-31\n'
    bare = load_inline(calendar_text(**{phases: "phases: []\n", "    phase: fase1\n": ""}))
    assert not bare.phases
    root = parse(wheel.render(bare, "da"))
    assert len(root.find(".//s:g[@class='phases']", NS)) == 0
    # The hub reaches the months: nothing between them.
    assert hub_radius(wheel.render(bare, "da")) == wheel.R_PHASE[1] >= wheel.R_MONTH[0] - 4


def test_cli_language_follows_the_option_then_the_calendar_then_the_locale(tmp_path):
    unset = tmp_path / "cal.yaml"
    unset.write_text(calendar_text(), encoding="utf-8")
    english = tmp_path / "en.yaml"
    english.write_text(
        calendar_text(**{"  budget_years:": "  language: en\n  budget_years:"}), encoding="utf-8"
    )

    def months(*args: str, locale: str) -> set[str]:
        res = runner.invoke(app, ["wheel", *args], env={"LC_ALL": "", "LANG": locale})
        assert res.exit_code == 0, res.output
        return set(texts(parse(res.stdout))) & {"January", "januar"}

    assert months(str(unset), locale="en_GB.UTF-8") == {"January"}  # no language set: the locale
    assert months(str(unset), locale="da_DK.UTF-8") == {"januar"}
    assert months(str(english), locale="da_DK.UTF-8") == {"January"}  # the calendar's
    assert months(str(english), "--lang", "da", locale="en_GB.UTF-8") == {"januar"}  # --lang


# --- The text as Chromium draws it -----------------------------------------------------------
# The layout measures text with Helvetica's widths (pictures/metrics.py); these tests measure
# the text Chromium draws, so a wrong width in the table shows as an overlap or a cut label.

MEASURE = """() => {
  const svg = document.documentElement;
  const m = svg.getScreenCTM();  // viewBox units -> CSS pixels: scale a (= d), offsets e, f
  const box = (el) => { const r = el.getBoundingClientRect();
    return [el.id, el.textContent, (r.left - m.e) / m.a, (r.top - m.f) / m.d,
            (r.right - m.e) / m.a, (r.bottom - m.f) / m.d]; };
  const all = (sel) => [...document.querySelectorAll(sel)].map(box);
  return {
    width: svg.viewBox.baseVal.width,
    labels: all('text[id^="lbl-"]'), whens: all('text[id^="when-"]'), keys: all('text[id^="key-"]'),
    texts: all('text'),
    along: [...document.querySelectorAll('textPath')].map((tp) => [tp.textContent,
      tp.getComputedTextLength(), document.querySelector(tp.getAttribute('href')).getTotalLength()]),
  };
}"""


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[str, dict]:
    """Every text's box in viewBox units, as Chromium lays the wheel out, per language."""
    bundled = load(bundled_path())
    out = {}
    folder = tmp_path_factory.mktemp("wheel")
    with browser.launch() as chromium:
        for lang in ("da", "en"):
            path = Path(folder) / f"aarshjul-{lang}.svg"
            path.write_text(wheel.render(bundled, lang, as_of=date(2023, 8, 25)), encoding="utf-8")
            with browser.page(chromium, path.as_uri(), wheel.WIDTH, 1000) as tab:
                out[lang] = tab.evaluate(MEASURE)
    return out


def apart(a, b) -> bool:
    return a[4] <= b[2] or b[4] <= a[2] or a[5] <= b[3] or b[5] <= a[3]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_labels_do_not_overlap_as_drawn(drawn, lang):
    labels = drawn[lang]["labels"]
    assert len(labels) == 41
    for a, b in itertools.combinations(labels, 2):
        assert apart(a, b), (a[1], b[1])
    for label in labels:  # nothing cut off at the picture's edges
        assert label[2] >= 0 and label[4] <= drawn[lang]["width"], label[:2]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_key_titles_start_after_the_widest_date_as_drawn(drawn, lang):
    # English dates are wider than Danish ones ('14 Jun–9 Aug' against '14/6–9/8').
    keys = {k[0].removeprefix("key-"): k for k in drawn[lang]["keys"]}
    for when in drawn[lang]["whens"]:
        key = keys[when[0].removeprefix("when-")]
        assert when[4] + 4 <= key[2], (when[1], key[1])
    columns = sorted({round(k[2]) for k in keys.values()})
    assert len(columns) == 2  # two columns, and the first never runs into the second
    for key in keys.values():
        if round(key[2]) == columns[0]:
            assert key[4] <= columns[1] - 60, key[:2]
        assert key[4] <= drawn[lang]["width"], key[:2]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_text_along_arcs_fits_its_arc(drawn, lang):
    # A textPath longer than its path loses its last letters without a word of warning.
    along = drawn[lang]["along"]
    assert len(along) >= 12 + 2  # the months, and phase names where they fit
    for text, length, room in along:
        assert length <= room, (text, length, room)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_width_table_matches_the_drawn_text(drawn, lang):
    # Labels are one size and weight: their measured widths hold the table to account.
    for ident, text, x0, _, x1, _ in drawn[lang]["labels"]:
        number, _, rest = text.partition(" ")
        estimate = metrics.text_width(number + " ", wheel.LABEL_FONT, bold=True) + metrics.text_width(
            rest, wheel.LABEL_FONT
        )
        assert abs((x1 - x0) - estimate) <= 1.5, (ident, text, x1 - x0, estimate)
