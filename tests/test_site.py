"""The static site: one self-contained index.html with every event, the wheel and the feeds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.pictures import site
from budgettid.plan.query import upcoming

from .conftest import calendar_text, load_inline

AS_OF = date(2023, 8, 25)
runner = CliRunner()


class Page(HTMLParser):
    """What a test needs from the HTML: ids, tags, links, text per id'd element, the CSS."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, str] = {}  # id -> tag
        self.tags: list[str] = []
        self.links: list[str] = []
        self.srcs: list[str] = []
        self.style = ""
        self.text: dict[str, list[str]] = {}  # id -> text inside it
        self.lang = ""
        self._open: list[tuple[str, str | None]] = []
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang", "")
        if a.get("id"):
            self.ids[a["id"]] = tag
            self.text.setdefault(a["id"], [])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for key in ("src", "srcset", "data"):
            if key in a:
                self.srcs.append(a[key])
        if tag == "link":
            self.srcs.append(a.get("href", ""))
        self._in_style = tag == "style"
        if tag not in ("br", "meta", "link", "img", "input", "path", "rect", "circle", "polygon"):
            self._open.append((tag, a.get("id")))

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids[a["id"]] = tag

    def handle_endtag(self, tag):
        self._in_style = False
        while self._open:
            t, _ = self._open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        for _, ident in self._open:
            if ident:
                self.text[ident].append(data)

    def text_of(self, ident: str) -> str:
        return " ".join(" ".join(self.text[ident]).split())


@pytest.fixture
def built(bundled, tmp_path):
    written = site.write_site(bundled, tmp_path / "site", "da", AS_OF)
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    return tmp_path / "site", written, html, Page(html)


def test_every_event_is_on_the_page_twice(bundled, built):
    _, _, html, page = built
    for e in bundled.events:
        assert page.ids.get(f"t-{e.id}") == "li", e.id  # the timetable
        assert page.ids.get(f"ev-{e.id}") == "g", e.id  # the inline wheel
        assert " ".join(e.title.split()) in page.text_of(f"t-{e.id}")
    # The inline SVG is well-formed XML on its own.
    svg = html[html.index("<svg") : html.index("</svg>") + len("</svg>")]
    root = ET.fromstring(svg)
    assert root.get("viewBox") and root.find("{http://www.w3.org/2000/svg}title") is not None


def test_next_deadlines_as_of_the_build_date(bundled, built):
    _, _, _, page = built
    expected = [it.event.id for it in upcoming(bundled, AS_OF, limit=site.NEXT_LIMIT)]
    shown = [i.removeprefix("next-") for i in page.ids if i.startswith("next-")]
    assert shown == expected
    assert shown[:3] == ["hoering-budgetoplaeg", "borgmesterens-budgetoplaeg", "borgermoede"]
    first = page.text_of("next-hoering-budgetoplaeg")
    assert "om 4 dage" in first and "29. aug. – 6. sep. 2023" in first
    assert "Pr. fre. 25. aug. 2023" in page.text_of("h-next")


def test_timeline_by_phase_with_numbers(bundled, built):
    _, _, _, page = built
    phases = [i for i in page.ids if i.startswith("phase-") and page.ids[i] == "section"]
    assert phases == ["phase-afklaring", "phase-forhandling", "phase-implementering", "phase-uden-fase"]
    assert page.text_of("t-byraadet-2-behandling").startswith(
        "31 tirs. 10. okt. 2023 møde Byrådet: 2. behandling"
    )
    assert "maj 2023 (dato fastlægges)" in page.text_of("t-analyser-status")


def test_step_labels_say_only_what_the_title_does_not(built):
    _, _, _, page = built
    # The title names the step: "møde · 1. behandling" would say it twice.
    assert "møde 1. behandling af budget 2024-31 i byrådet" in page.text_of("t-byraadet-1-behandling")
    assert "frist Frist for aflevering af ændringsforslag" in page.text_of("t-frist-aendringsforslag")
    # The step names the kind: "høring · offentlig høring" reads "offentlig høring".
    hearing = page.text_of("t-hoering-budgetoplaeg")
    assert "offentlig høring Borgmesterens" in hearing and "høring · " not in hearing
    assert "høring · " not in page.text_of("next-hoering-budgetoplaeg")
    # A step the title does not name is still shown.
    assert "møde · budgetforslag 1. behandling" in page.text_of("t-oeu-1-behandling")


def test_self_contained_no_script_no_external_resources(built):
    _, _, html, page = built
    assert "script" not in page.tags
    assert page.srcs == []  # no images, stylesheets or frames from anywhere
    assert "@import" not in page.style and "url(" not in page.style
    assert "@media print" in page.style
    assert "@font-face" not in page.style
    external = [h for h in page.links if re.match(r"^[a-z]+:", h) and not h.startswith("mailto:")]
    assert external == []
    assert "webcal:" not in html


def test_hearing_replies_and_subscribe_links(bundled, built):
    out, written, _, page = built
    assert "mailto:sekretariat@alleroed.dk" in page.links
    assert "Høringssvar sendes til: sekretariat@alleroed.dk" in page.text_of("hearing")
    assert "(svar senest ons. 6. sep. 2023)" in page.text_of("hearing")
    feeds = [h for h in page.links if h.endswith(".ics")]
    assert feeds[0] == "alleroed-budget-2024-31.ics"  # the whole process first
    assert sorted(feeds) == sorted(f"{b}.ics" for b in [*bundled.bodies, bundled.process.id])
    for href in feeds:
        assert "/" not in href and (out / href).read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "Abonner fra internettet" in page.text_of("subscribe")
    assert "(med.ics, 1 aktivitet)" in page.text_of("subscribe")  # one, not "1 aktiviteter"
    assert "(byraadet.ics, 15 aktiviteter)" in page.text_of("subscribe")
    assert "aarshjul.svg" in page.links and (out / "aarshjul.svg").exists()
    assert {p.name for p in written} == {"index.html", "aarshjul.svg", *feeds}


def test_english_page(bundled, tmp_path):
    site.write_site(bundled, tmp_path, "en", AS_OF)
    page = Page((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert page.lang == "en"
    assert "Coming up As of Fri 25 Aug 2023" in page.text_of("h-next")
    assert "Subscribe from web" in page.text_of("subscribe")


def test_text_is_escaped_and_no_contact_is_said(tmp_path):
    text = calendar_text().replace(
        "title: Byrådets 1. behandling",
        'title: "Byrådets 1. behandling <script>alert(1)</script> & mere"',
    )
    cal = load_inline(text)
    site.write_site(cal, tmp_path, "da", date(2023, 9, 1))
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mere" in html
    assert "angiver ikke, hvor høringssvar skal sendes hen" in Page(html).text_of("hearing")


def test_nothing_ahead(bundled, tmp_path):
    site.write_site(bundled, tmp_path, "da", date(2025, 1, 1))
    page = Page((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert "Intet forude: processens sidste dato var tirs. 30. apr. 2024." in page.text_of("next")


def test_cli(tmp_path):
    out = tmp_path / "public"
    res = runner.invoke(app, ["site", "-o", str(out), "--as-of", "2023-08-25"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[:2] == [str(out / "index.html"), str(out / "aarshjul.svg")]
    assert Page((out / "index.html").read_text(encoding="utf-8")).lang == "da"
    res = runner.invoke(app, ["site", "-o", str(out), "--lang", "en", "--as-of", "2023-08-25"])
    assert res.exit_code == 0 and 'lang="en"' in (out / "index.html").read_text(encoding="utf-8")
    afile = tmp_path / "afile"
    afile.write_text("x")
    res = runner.invoke(app, ["site", "-o", str(afile), "--lang", "en"])
    assert res.exit_code == 2 and "is a file, not a folder" in res.output
    # One level is made, as for `ics --split`: a mistyped parent is an error, not a new tree.
    res = runner.invoke(
        app, ["site", "-o", str(tmp_path / "typo" / "site"), "--as-of", "2023-08-25", "--lang", "en"]
    )
    assert res.exit_code == 2 and "no such folder; create it first" in res.output
    assert not (tmp_path / "typo").exists()
    res = runner.invoke(app, ["site", str(tmp_path / "nope.yaml"), "-o", str(out)])
    assert res.exit_code == 2


def test_template_is_packaged():
    assert (Path(site.__file__).parent / "templates" / "index.html").is_file()


def test_cli_language_is_the_option_then_the_calendars_then_danish(tmp_path):
    unset = tmp_path / "cal.yaml"
    unset.write_text(calendar_text(), encoding="utf-8")
    english = tmp_path / "en.yaml"
    english.write_text(
        calendar_text(**{"  budget_years:": "  language: en\n  budget_years:"}), encoding="utf-8"
    )

    def page_lang(*args: str) -> str:
        out = tmp_path / f"site-{len(list(tmp_path.iterdir()))}"
        env = {"LC_ALL": "", "LANG": "en_GB.UTF-8"}  # the builder's locale does not count
        res = runner.invoke(app, ["site", *args, "-o", str(out), "--as-of", "2023-08-25"], env=env)
        assert res.exit_code == 0, res.output
        return Page((out / "index.html").read_text(encoding="utf-8")).lang

    assert page_lang(str(unset)) == "da"
    assert page_lang(str(english)) == "en"
    assert page_lang(str(english), "--lang", "da") == "da"
    res = runner.invoke(app, ["site", "--help", "--lang", "en"], env={"COLUMNS": "200"})
    assert "the calendar's language, else Danish" in " ".join(res.stdout.split())


def test_accessibility_statement_skip_link_and_the_wheels_text_equivalent(tmp_path):
    url = "https://www.was.digst.dk/test-dk"
    given = {"  budget_years:": f"  accessibility_statement: {url}\n  budget_years:"}
    cal = load_inline(calendar_text(**given))
    site.write_site(cal, tmp_path / "with", "da", AS_OF)
    html = (tmp_path / "with" / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert url in page.links and "Tilgængelighedserklæring" in page.text_of("main") + html
    footer = html[html.index("<footer>") : html.index("</footer>")]
    assert f'<a href="{url}">Tilgængelighedserklæring</a>' in footer
    # The skip link comes first and leads to the main content; the wheel's text is the timetable.
    assert page.links[0] == "#main" and page.ids["main"] == "main"
    assert "#timeline" in page.links and page.ids["timeline"] == "section"
    region = '<div class="scroll" role="region" tabindex="0" aria-label="Årshjulet, kan rulles sidelæns">'
    assert region in html
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    desc = svg.find("{http://www.w3.org/2000/svg}desc")
    assert desc.text.endswith("Hele tidsplanen står som tekst på siden, med de samme numre.")
    # Without the field, no link to a statement that does not exist.
    site.write_site(load_inline(calendar_text()), tmp_path / "without", "en", AS_OF)
    html = (tmp_path / "without" / "index.html").read_text(encoding="utf-8")
    assert "Accessibility statement" not in html and "Skip to content" in html


def test_phase_colours_on_the_page_are_the_darkened_ones(bundled, built):
    _, _, html, _ = built
    assert "#5b8c3a" not in html  # the calendar's phase 3 (3.99:1 on white) is drawn #548136
    assert 'style="color: #548136"' in html and 'style="background: #548136"' in html


def test_a_link_that_is_not_a_web_address_is_refused(tmp_path):
    from budgettid.errors import CalendarInvalid

    link = "  accessibility_statement: javascript:alert(1)\n"
    bad = calendar_text(**{"  budget_years:": link + "  budget_years:"})
    with pytest.raises(CalendarInvalid) as caught:
        load_inline(bad)
    assert "is not a web address; write it in full" in str(caught.value.diagnostics[0].message)
    res = runner.invoke(app, ["site", "--help"], env={"COLUMNS": "200"})
    assert "kalenderens sprog, ellers dansk" in " ".join(res.stdout.split())


def test_the_feeds_of_an_earlier_build_are_the_previous_ones(tmp_path):
    """An event removed since the last build is published in the site's feeds as cancelled,
    until --prune-cancelled; the page itself lists only the calendar's events."""
    from budgettid.format.load import bundled_path

    cal = tmp_path / "cal.yaml"
    text = bundled_path().read_text(encoding="utf-8")
    cal.write_text(text, encoding="utf-8")
    out = tmp_path / "public"
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert (
        runner.invoke(app, ["site", str(cal), "-o", str(out), "--as-of", "2023-08-25"], env=env).exit_code
        == 0
    )
    block = text[text.index("  - id: byraadet-2-behandling") : text.index("  # --- Fase 3")]
    cal.write_text(text.replace(block, ""), encoding="utf-8")
    res = runner.invoke(app, ["site", str(cal), "-o", str(out), "--as-of", "2023-08-25"], env=env)
    assert res.exit_code == 0, res.output
    feed = (out / "alleroed-budget-2024-31.ics").read_bytes().decode().replace("\r\n ", "")
    tombstone = feed.split("UID:byraadet-2-behandling@")[1].split("END:VEVENT")[0]
    assert "STATUS:CANCELLED" in tombstone and "SUMMARY:AFLYST: " in tombstone
    assert "byraadet-2-behandling" in (out / "byraadet.ics").read_text(encoding="utf-8")
    assert "AFLYST" not in (out / "index.html").read_text(encoding="utf-8")
    args = ["site", str(cal), "-o", str(out), "--as-of", "2023-08-25", "--prune-cancelled"]
    assert runner.invoke(app, args, env=env).exit_code == 0
    assert "byraadet-2-behandling" not in (out / "alleroed-budget-2024-31.ics").read_text(encoding="utf-8")
