"""Hostile input: mutated calendars through every command, never a traceback or a hang.

Each command either succeeds or reports located findings, and exits 0, 1 or 2. What it
prints never carries a raw control or bidi character (a terminal or a CI log would obey
it). A calendar that passes `check` breaks nothing else: `ics` (and `ics --previous` on
its own feed), `site` built twice into one folder, `wheel`, `roll` and a check of the
draft all work, and the page links only to http, https, mailto or relative addresses.

Inputs that once crashed a command are kept in tests/fixtures/fuzz/, and the attacks of
issue 11 in tests/fixtures/hostile/ (see its README.md); both run on every test run, and
the hostile ones also seed the mutations. The CI profile runs a bounded number of
examples; `--hypothesis-profile=long` runs many.
"""

from __future__ import annotations

import html
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner, Result

from budgettid.cli import app
from budgettid.format.load import bundled_path, load

from .conftest import FIXTURES, MINIMAL

runner = CliRunner()
BUNDLED = bundled_path().read_text(encoding="utf-8")
LOCATED = re.compile(r"^\S+:\d+:\d+: (error|warning|info) BT\d{3} ", re.MULTILINE)
AS_OF = "2023-08-25"

# What a terminal or a CI log obeys or reorders: C0 controls but tab and newline, DEL, C1
# (U+009B is a one-byte CSI), the bidi marks, embeddings, overrides and isolates, and the
# line and paragraph separators. Escaped forms (`\x1b`, `\u202e`) are what must appear.
UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
# Attributes that a browser follows; a scheme is what comes before the first ':' once the
# browser has dropped surrounding blanks and controls and every tab and newline inside.
LINK_ATTRIBUTE = re.compile(
    r"""\s(?:href|src|xlink:href|action|formaction|poster|data|srcset)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
    re.IGNORECASE,
)
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE_SCHEMES = {"http", "https", "mailto"}
LOADING_ERROR = re.compile(r": error BT00[1-5] ")

HOSTILE_DIR = FIXTURES / "hostile"
CALENDAR_SUFFIXES = {".yaml", ".yml", ".json"}


def _hostile_seeds() -> list[Path]:
    """Every fixture of issue 11, whoever added it; symlinks and devices are their owners' tests."""
    if not HOSTILE_DIR.is_dir():
        return []
    return sorted(
        p for p in HOSTILE_DIR.iterdir() if p.name != "README.md" and p.is_file() and not p.is_symlink()
    )


HOSTILE_SEEDS = _hostile_seeds()


def _hostile_texts() -> list[str]:
    """The hostile calendars small enough to mutate, as text."""
    texts = []
    for p in HOSTILE_SEEDS:
        if p.suffix in CALENDAR_SUFFIXES and p.stat().st_size <= 64 * 1024:
            try:
                texts.append(p.read_text(encoding="utf-8-sig"))
            except UnicodeDecodeError:
                continue
    return texts


def _commands(path: Path, out: Path) -> list[list[str]]:
    """Every command that reads a calendar, with options that make it do real work."""
    p = str(path)
    wanted = {
        "next": ["next", p, "--as-of", AS_OF, "--format", "json"],
        "timeline": ["timeline", p, "--format", "json"],
        "ics": ["ics", p, "-o", str(out / "out.ics")],
        "wheel": ["wheel", p, "-o", str(out / "wheel.svg"), "--as-of", AS_OF],
        "roll": ["roll", p, "--year", "2030", "--dry-run"],
        "diff": ["diff", p, p, "--format", "json"],
        # The terminal tables too: Rich once read a '[/x]' in a title as markup.
        "next-table": ["next", p, "--as-of", AS_OF],
        "timeline-table": ["timeline", p],
        "gantt": ["timeline", p, "--gantt", "--as-of", AS_OF],
    }
    registered = get_command(app).commands  # type: ignore[attr-defined]
    return [args for args in wanted.values() if args[0] in registered]


def _unprintable(text: str) -> list[str]:
    return sorted({repr(c) for c in UNPRINTABLE.findall(text)})


def run(args: list[str], codes: tuple[int, ...] = (0, 1, 2), lang: str = "da") -> Result:
    """One command in-process; no traceback, an allowed exit code, printable output, quick."""
    # CPU time, not wall time: a busy CI machine must not fail a quick command.
    started = time.process_time()
    res = runner.invoke(app, args, env={"COLUMNS": "100", "LC_ALL": f"{lang}_DK.UTF-8"})
    elapsed = time.process_time() - started
    output = res.stdout + res.stderr
    what = " ".join(a if len(a) < 60 else a[:57] + "..." for a in args[:3])
    assert res.exception is None or isinstance(res.exception, SystemExit), (what, repr(res.exception))
    assert "Traceback" not in output, (what, output[-2000:])
    assert res.exit_code in codes, (what, res.exit_code, output[-2000:])
    assert not _unprintable(output), (what, "raw", _unprintable(output), output[-1000:])
    assert elapsed < 10, (what, elapsed)
    return res


def unsafe_links(page: str) -> list[str]:
    """The link targets in an HTML or SVG text whose scheme is not http, https or mailto."""
    bad = []
    for raw in LINK_ATTRIBUTE.findall(page):
        value = html.unescape(raw.strip("\"'"))
        value = re.sub(r"[\t\n\r]", "", value).strip("\x00- ")
        scheme = SCHEME.match(value)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            bad.append(value[:80])
    return bad


def run_all(data: bytes, lang: str = "da") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        path = out / "cal.yaml"
        path.write_bytes(data)
        checked = run(["check", str(path), "--format", "text"], lang=lang)
        if checked.exit_code == 1:
            assert LOCATED.search(checked.stderr + checked.stdout), checked.output[-2000:]
        passed = checked.exit_code == 0
        for args in _commands(path, out):
            if passed and args[0] == "roll":
                continue  # after_check rolls it for real
            res = run(args, lang=lang)
            if passed:
                assert res.exit_code == 0, (args[0], "after check passed", res.output[-2000:])
            if res.exit_code == 1 and args[0] in ("next", "timeline"):
                assert LOCATED.search(res.stderr + res.stdout), (args[0], res.output[-2000:])
        if passed:
            after_check(path, out, lang)


def after_check(path: Path, out: Path, lang: str) -> None:
    """What a calendar that passed `check` must survive: the commands run on it later."""
    p = str(path)
    # The feed it wrote reads back: as the previous feed, and through the linter.
    run(["ics", p, "-o", str(out / "next.ics"), "--previous", str(out / "out.ics")], (0,), lang)
    run(["ics", "--lint", str(out / "out.ics")], (0, 1), lang)
    # The page and its feeds, twice into one folder: the second build reads the first's.
    site = out / "site"
    for _ in range(2):
        run(["site", p, "-o", str(site), "--as-of", AS_OF], (0,), lang)
    pages = [f for f in site.rglob("*") if f.suffix in (".html", ".svg")]
    assert pages, sorted(str(f) for f in site.rglob("*"))
    for page in pages:
        bad = unsafe_links(page.read_text(encoding="utf-8"))
        assert not bad, (page.name, bad)
    # The feed of the whole process holds every event the others hold.
    feeds = sorted(site.rglob("*.ics"), key=lambda f: f.stat().st_size)
    if feeds:
        run(["ics", "--lint", str(feeds[-1])], (0, 1), lang)
    # Next year's draft: written (with errors it exits 1), loadable (a draft may break
    # rules, not the format), and changed only in its numbers.
    year = load(path).process.first_budget_year + 1
    draft = out / "draft.yaml"
    rolled = run(
        ["roll", p, "--year", str(min(year, 2999)), "-o", str(draft)],
        (0, 1) if year <= 2999 else (0, 1, 2),
        lang,
    )
    if rolled.exit_code != 2 and draft.exists():
        res = run(["check", str(draft), "--format", "text"], (0, 1), lang)
        assert not LOADING_ERROR.search(res.output), ("draft", res.output[-2000:])
        assert _words(draft) == _words(path), ("draft", "roll changed more than numbers")


def _words(path: Path) -> list[str]:
    """The texts of a calendar without their digits: all that `roll` may change is numbers."""
    cal = load(path)
    texts = [cal.process.title, *(p.title for p in cal.phases)]
    texts += [f"{e.id} {e.title} {e.location} {e.notes}" for e in cal.events]
    return [re.sub(r"[0-9]", "", t or "") for t in texts]


# --- strategies ------------------------------------------------------------------------

CONTROL = st.characters(
    codec=None,
    categories=["Cc", "Cf", "Zl", "Zp"],
)
TRICKS = st.sampled_from(
    [
        "\x1b[31mred\x1b[0m",
        "\x1b]0;owned\x07",
        "\x1b[2J\x1b[H",
        "\u009b31m",
        "\x7f",
        "\x00",
        "\x08\x08\x08",
        "\r\n::error file=README.md,line=1::pwned",
        "\n::add-mask::secret",
        "%0A::warning::x",
        "\r",
        "\x0c",
        "\x1e",
        "\\N",
        "\\P",
        "\\n;,",
        "\u202eevil\u202c",
        "\u2066x\u2069",
        "\u2067\u2068\u2069",
        "\u200e\u200f\u061c",
        "\u2028",
        "\u2029",
        "\u0085",
        "Byrådet\u2019s budget 2024-27 \u2026 2019\u2020",
        "\ufeff",
        "\ud7ff\ue000\uffff",
        "[/red]",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ 7*7 }}",
        "]]>",
        "&amp;&lt;",
    ]
)
HOSTILE_TEXT = st.one_of(
    TRICKS,
    st.text(alphabet=CONTROL, min_size=1, max_size=4),
    st.lists(st.one_of(TRICKS, st.text(max_size=6)), min_size=1, max_size=4).map("".join),
    st.builds(
        lambda n, c: c * n,
        st.sampled_from([501, 2_001, 10_001, 100_000]),
        st.sampled_from(["x", "æ", "\u202e", "\x1b"]),
    ),
)
URLS = st.sampled_from(
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "webcal://evil.example/x.ics",
        "https://ok.example/\r\nX-Injected: 1",
        "https://ok.example/\nURL:javascript:alert(1)",
        "mailto:a@b.example\r\nBcc: all@b.example",
        "http://x.example/\u2028",
        'https://evil.example/"><script>alert(1)</script>',
        "//evil.example/",
        "https://" + "a" * 2_100 + ".example/",
        "https://ok.example/",
        "mailto:budget@kommune.example",
    ]
)
BIG = st.sampled_from([0, -1, 366, 367, 3660, 3661, 10**6, 2**31, 2**63, 10**20, 10**400])
DURATIONS = st.sampled_from(
    ["P1D", "P367D", "P99999999D", "P9999999999W", "PT999999999999H", "P0D", "-P1D", "P1Y"]
)
YEARS = st.sampled_from(
    [
        "2024-2027",
        "0000-0001",
        "0001-0004",
        "1899-1902",
        "1900-1903",
        "2996-2999",
        "2999-3000",
        "9996-9999",
        "2024-2124",
        "2024-2023",
    ]
)
DAYS = st.sampled_from(
    [
        "2023-09-12",
        "0001-01-01",
        "0001-01",
        "0001-Q1",
        "1899-12-31",
        "2999-12-31",
        "9999-12-31",
        "9999-12",
        "9999-Q4",
        "0002-01-01",
        "2023-02-29",
        "2024-02-29",
    ]
)
ZONES = st.sampled_from(
    [
        "Europe/Copenhagen",
        "Europe",
        "UTC",
        "Etc/GMT+14",
        "America/St_Johns",
        "../../../etc/passwd",
        "Europe/Copenhagen\x00",
        "",
    ]
)


def yaml_quoted(value: str, raw: bool) -> str:
    """A YAML double-quoted scalar of any text: escapes, or raw where YAML allows a raw character."""
    out = []
    for c in value:
        o = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif 0x20 <= o < 0x7F or (
            raw and o >= 0xA0 and not 0xD800 <= o <= 0xDFFF and o not in (0xFFFE, 0xFFFF)
        ):
            out.append(c)
        elif o <= 0xFF:
            out.append(f"\\x{o:02x}")
        elif o <= 0xFFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    return '"' + "".join(out) + '"'


@st.composite
def hostile_calendar(draw: st.DrawFn) -> bytes:
    """A well-formed calendar with a few hostile values: most pass `check` on a weak loader."""
    raw = draw(st.booleans())

    def q(value: str) -> str:
        return yaml_quoted(value, raw)

    text = draw(HOSTILE_TEXT)
    fields = {
        "title": q("Testprocessen 2024-27"),
        "municipality": q("Fjordby Kommune"),
        "budget_years": "2024-2027",
        "timezone": "Europe/Copenhagen",
        "gap": "21",
        "body_name": q("Byrådet"),
        "phase_title": q("Fase 1"),
        "event_title": q("Byrådets 1. behandling"),
        "notes": q("Noter"),
        "location": q("Rådhuset"),
        "url": q("https://kommune.example/dagsorden"),
        "reminders": "[P1D]",
        "min_days": "7",
        "date": "2023-09-19",
        "time": '"17:00"',
        "phase_start": "2023-01-01",
        "phase_end": "2023-12-31",
        "tag": q("økonomi"),
    }
    hits = draw(
        st.lists(
            st.sampled_from(
                [
                    "title",
                    "municipality",
                    "body_name",
                    "phase_title",
                    "event_title",
                    "notes",
                    "location",
                    "tag",
                    "url",
                    "budget_years",
                    "timezone",
                    "gap",
                    "reminders",
                    "min_days",
                    "date",
                    "dates",
                ]
            ),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    for hit in hits:
        if hit == "url":
            fields["url"] = q(draw(URLS) + draw(st.sampled_from(["", text])))
        elif hit == "budget_years":
            fields["budget_years"] = draw(YEARS)
        elif hit == "timezone":
            fields["timezone"] = q(draw(ZONES))
        elif hit == "gap":
            fields["gap"] = str(draw(BIG))
        elif hit == "min_days":
            fields["min_days"] = str(draw(BIG))
        elif hit == "reminders":
            fields["reminders"] = "[" + ", ".join(draw(st.lists(DURATIONS, min_size=1, max_size=3))) + "]"
        elif hit == "date":
            fields["date"] = draw(DAYS)
        elif hit == "dates":
            day = draw(DAYS)
            fields["date"] = day
            fields["phase_start"] = draw(st.sampled_from([day, "0001-01-01", "2023-01-01"]))
            fields["phase_end"] = draw(st.sampled_from([day, "9999-12-31", "2023-12-31"]))
        else:
            fields[hit] = q(text)
    count = draw(st.sampled_from([0, 0, 0, 1, 5, 120]))
    many = "".join(
        f"""  - id: ekstra-{i}
    title: {fields["event_title"]}
    kind: {"meeting" if i % 2 else "deadline"}
    date: {fields["date"]}
    bodies: [byraadet]
"""
        for i in range(count)
    )
    cal = f"""\
format: budgettid/1
process:
  id: test-budget-2024
  title: {fields["title"]}
  municipality: {fields["municipality"]}
  budget_years: {fields["budget_years"]}
  timezone: {fields["timezone"]}
  contact: budget@kommune.example
  rules: {{min_reading_gap_days: {fields["gap"]}}}
bodies:
  byraadet: {{name: {fields["body_name"]}, role: council}}
  oeu: {{name: Økonomiudvalget, role: finance_committee}}
phases:
  - id: fase1
    title: {fields["phase_title"]}
    start: {fields["phase_start"]}
    end: {fields["phase_end"]}
events:
  - id: oeu-1
    title: Økonomiudvalgets 1. behandling
    kind: meeting
    date: 2023-09-12
    bodies: [oeu]
    phase: fase1
  - id: br-1
    title: {fields["event_title"]}
    kind: meeting
    date: {fields["date"]}
    time: {fields["time"]}
    bodies: [byraadet]
    location: {fields["location"]}
    notes: {fields["notes"]}
    url: {fields["url"]}
    tags: [{fields["tag"]}]
    reminders: {fields["reminders"]}
    after: [{{event: oeu-1, min_days: {fields["min_days"]}}}]
{many}"""
    return cal.encode("utf-8")


PAYLOADS = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(max_codepoint=31), min_size=1, max_size=3),
    st.text(alphabet=CONTROL, min_size=1, max_size=3),
    TRICKS,
    URLS,
    DAYS,
    YEARS,
    BIG.map(str),
    st.sampled_from(
        [
            "9" * 5000,
            "x" * 100_000,
            "[" * 300 + "]" * 300,
            "{a: " * 80,
            "&a [*a, *a]",
            "*nowhere",
            "!!python/object:os.system",
            "\t",
            "\ufeff",
            "\u2028",
            "æøå ÆØÅ",
            "---",
            ": :",
            "- - -",
            "'unterminated",
            "<<: *x",
            "-1e999",
            ".nan",
            "2023-02-30",
            "2023-Q9",
            '"25:61"',
            "null",
            "~",
            "NO",
            "[/red]",
            "[bold]x[/]",
            "[/]",
            ":thumbs_up:",
            '"\\x1b[31m\\u202e\\u2028\\x9b"',
        ]
    ),
)
BASES = [MINIMAL, BUNDLED, *_hostile_texts()]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = draw(st.sampled_from(BASES)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace", "retype"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + draw(PAYLOADS) + lines[i][col:]
        elif op == "replace" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(PAYLOADS)}"
        elif op == "retype" and ":" in lines[i]:
            key, value = lines[i].split(":", 1)
            lines[i] = f"{key}: " + draw(st.sampled_from([f"[{value}]", f"{{x: {value}}}", "42", "true", ""]))
        if not lines:
            lines = [""]
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    return data.replace(b"\n", b"\r\n") if draw(st.booleans()) else data


LANGS = st.sampled_from(["da", "en"])


@given(mutated(), LANGS)
def test_mutated_calendars_never_crash(data: bytes, lang: str) -> None:
    run_all(data, lang)


@given(hostile_calendar(), LANGS)
def test_hostile_values_never_crash(data: bytes, lang: str) -> None:
    run_all(data, lang)


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "fuzz").glob("*.yaml")), ids=lambda p: p.stem)
def test_regressions_from_fuzzing(fixture: Path) -> None:
    run_all(fixture.read_bytes())


@pytest.mark.parametrize("fixture", HOSTILE_SEEDS, ids=lambda p: p.name)
def test_hostile_fixtures(fixture: Path) -> None:
    """Every attack of issue 11 kept as a file: through every command that reads its kind."""
    if fixture.suffix in CALENDAR_SUFFIXES:
        for lang in ("da", "en"):
            run_all(fixture.read_bytes(), lang)
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        copy = out / ("feed" + fixture.suffix)
        copy.write_bytes(fixture.read_bytes())
        if fixture.suffix == ".ics":
            run(["ics", "--lint", str(copy)])
            run(["ics", "--lint", str(copy), "--profile", "budgettid"])
            cal = out / "cal.yaml"
            cal.write_text(MINIMAL, encoding="utf-8")
            run(["ics", str(cal), "-o", str(out / "new.ics"), "--previous", str(copy)])
        if fixture.suffix in (".ics", ".csv", ".xlsx"):
            run(["import", str(copy), "-o", str(out / "imported.yaml")])


def test_the_checks_can_fail() -> None:
    """The printable and link checks catch what they are for (a check that cannot fail is a defect)."""
    assert _unprintable("ok\tline\n") == []
    assert set(_unprintable("a\x1b[31m\u009b\u202e\u2028\r")) == {repr(c) for c in "\r\x1b\x9b\u2028\u202e"}
    page = """<a href="https://ok.example/">a</a> <a href='#main'>b</a> <a href=feeds/x.ics>c</a>
    <a href="mailto:x@y.example">d</a> <a href=" java&#x09;script:alert(1)">e</a>
    <a xlink:href="data:text/html,x">f</a> <img src="JavaScript:x">"""
    assert unsafe_links(page) == ["javascript:alert(1)", "data:text/html,x", "JavaScript:x"]
    import yaml

    tricky = '\x1b\x9b\u202e"\\\U0001f600'
    assert yaml.safe_load(yaml_quoted(tricky, raw=False)) == tricky
    assert yaml.safe_load(yaml_quoted(tricky, raw=True)) == tricky
