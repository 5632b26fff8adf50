"""`budgettid roll`: next year's draft keeps weekdays, deadlines, comments and layout."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import bundled_path, load
from budgettid.plan.roll import roll_same_date, roll_weekday, roll_years_in_text
from budgettid.rules.engine import check_calendar

from .conftest import FIXTURES

runner = CliRunner()
YEAR = FIXTURES / "year"


def run(*args: str):
    """In an English locale: messages without a calendar are English; a report is in its calendar's."""
    return runner.invoke(app, list(args), env={"COLUMNS": "200", "LC_ALL": "en_GB.UTF-8"})


@pytest.fixture
def source(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    return Path(shutil.copy(bundled_path(), data / "budget_2024_31.yaml"))


def _comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def test_done_means_the_bundled_calendar_rolls_to_a_lawful_draft(source: Path):
    res = run("roll", str(source), "--year", "2025")
    assert res.exit_code == 0, res.output
    out = source.parent / "budget_2025_32.yaml"
    draft, old = load(out), load(source)

    # The check has no errors.
    assert [d for d in check_calendar(draft) if d.severity == "error"] == []
    # The readings are still 21 or more days apart, and adoption is by 15 October 2024.
    first, second = draft.step("first_reading"), draft.step("second_reading")
    assert first and second
    assert (first.first, second.first) == (date(2024, 9, 17), date(2024, 10, 8))
    assert (second.first - first.first).days >= 21
    assert second.last <= date(2024, 10, 15)
    # Every meeting on a day keeps the weekday it had in 2023.
    meetings = [e for e in old.events if e.kind == "meeting" and e.exact]
    assert len(meetings) == 14
    for e in meetings:
        n = draft.event(e.id)
        assert (n.first.weekday(), n.last.weekday()) == (e.first.weekday(), e.last.weekday()), e.id
        assert n.first.isocalendar().week == e.first.isocalendar().week, e.id
    # The source's comments survive, all of them, in order.
    assert _comments(out.read_text(encoding="utf-8")) == _comments(source.read_text(encoding="utf-8"))
    # The report names the dates that need a person.
    # (the wording of findings is budgettid check's; the code, the event and the day are ours)
    assert re.search(
        r"budget_2025_32\.yaml:139:11: warning BT302 public-holiday .*frist-oensker.*1\. april 2024",
        res.stdout,
    )
    # Last year's accept of the Saturday no longer matches: a person removes it.
    assert re.search(
        r":140:14: warning BT006 unused-accept accept: BT301 på frist-oensker .*\[ny\]", res.stdout
    )
    # The amendment deadline stays on the day the negotiations end, as in 2023, not on the
    # Saturday its date would roll to; the report says so where the draft writes it.
    assert draft.event("frist-aendringsforslag").date == draft.event("budgetforhandlinger").end
    assert (
        "budget_2025_32.yaml:296:11: frist-aendringsforslag: flyttet fra lørdag den 21. september 2024 "
        "til torsdag den 19. september 2024, 2 dage tidligere: skal ligge samme dag som slutningen af "
        "budgetforhandlinger, som i forlægget; weekend\n"
    ) in res.stdout
    assert "Flyttet for at holde planen (1):" in res.stdout and "warning BT301" not in res.stdout
    # The roll's own notes follow the report's language (Danish here, as the calendar).
    assert "process.source nævner stadig sidste års dokument" in res.stdout
    assert "Kræver en person (" in res.stdout and f"Skrev {out}." in res.stdout


def test_the_draft_changes_only_what_rolls(source: Path):
    assert run("roll", str(source), "--year", "2025").exit_code == 0
    old = source.read_text(encoding="utf-8").splitlines()
    new = (source.parent / "budget_2025_32.yaml").read_text(encoding="utf-8").splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    for a, b in changed:
        key = a.split(":", 1)[0].strip()
        assert key in {"id", "title", "budget_years", "date", "start", "end", "notes"}, a
        assert b.split(":", 1)[0] == a.split(":", 1)[0]  # indentation and key as they were
    # Flow-style bodies, aligned by hand, are byte for byte the source's.
    assert "  byraadet:       {name: Byrådet, role: council, short: BR}" in new
    head = dict((a, b) for a, b in changed if a.startswith("  ") and not a.startswith("   "))
    assert head == {
        "  id: alleroed-budget-2024-31": "  id: alleroed-budget-2025-32",
        "  title: Budgetprocessen 2024-31": "  title: Budgetprocessen 2025-32",
        "  budget_years: 2024-2031": "  budget_years: 2025-2032",
    }
    draft = load(source.parent / "budget_2025_32.yaml")
    e = draft.event("forventet-regnskab-maj")
    assert (e.title, e.span_start.text) == (
        "Forventet regnskab 2024 fremlægges for Økonomiudvalget og byrådet",
        "2024-05",
    )
    assert draft.event("frist-oensker").span_start.text == "2024-04-01"  # a deadline keeps its date
    assert draft.event("byraadet-temamoede-innovation").span_start.text == "2024-Q1"
    hearing = draft.event("hoering-effektiviseringskatalog")
    assert (hearing.first, hearing.last) == (date(2024, 6, 12), date(2024, 8, 7))  # Wed-Wed, as 2023
    assert draft.event("borgermoede").notes == "Temaet for borgermødet er borgmesterens budgetoplæg 2025-32."


def test_dry_run_writes_nothing_and_prints_json(source: Path):
    res = run("roll", str(source), "--year", "2025", "--dry-run", "--format", "json")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in source.parent.iterdir()) == ["budget_2024_31.yaml"]
    doc = json.loads(res.stdout)
    assert doc["written"] is False and doc["output"].endswith("budget_2025_32.yaml")
    assert (doc["reading_gap_days"], doc["adopt_by"], doc["second_reading"]) == (
        21,
        "2024-10-15",
        "2024-10-08",
    )
    codes = [(n["code"], n["events"]) for n in doc["needs_a_person"] if n["severity"] == "warning"]
    assert codes == [("BT302", ["frist-oensker"]), ("BT006", ["frist-oensker"])]
    assert doc["broken"] == []
    [adjusted] = doc["adjusted"]
    assert {k: adjusted[k] for k in ("id", "item", "field", "rolled", "new", "days", "line")} == {
        "id": "frist-aendringsforslag",
        "item": "event",
        "field": "date",
        "rolled": "2024-09-21",
        "new": "2024-09-19",
        "days": -2,
        "line": 296,
    }
    assert [r["kind"] for r in adjusted["reasons"]] == ["relation", "off"]
    assert adjusted["reasons"][0]["relation"] == "same_day" and adjusted["reasons"][0]["code"] is None
    assert adjusted["reasons"][1] == {"kind": "off", "day": "2024-09-21", "off": "weekend", "why": "weekend"}
    assert (
        adjusted["message"]
        == "must stay on the same day as the end of budgetforhandlinger, as in the source; weekend"
    )
    assert {m["id"]: m["new"] for m in doc["moved"]}["frist-aendringsforslag"] == "2024-09-19"
    moved = {m["id"]: m for m in doc["moved"] if m["field"] == "date"}
    assert moved["byraadet-2-behandling"] == {
        "id": "byraadet-2-behandling",
        "item": "event",
        "field": "date",
        "old": "2023-10-10",
        "new": "2024-10-08",
        "rule": "weekday",
    }


def test_output_is_refused_when_it_exists_unless_forced_and_never_the_input(source: Path, tmp_path: Path):
    out = tmp_path / "draft.yaml"
    out.write_text("keep me", encoding="utf-8")
    res = run("roll", str(source), "--year", "2025", "-o", str(out))
    assert res.exit_code == 2 and "exists; pass --force" in res.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("roll", str(source), "--year", "2025", "-o", str(out), "--force").exit_code == 0
    assert "alleroed-budget-2025-32" in out.read_text(encoding="utf-8")
    before = source.read_bytes()
    res = run("roll", str(source), "--year", "2025", "-o", str(source), "--force")
    assert res.exit_code == 2 and "is an input of this command" in res.stderr
    assert source.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_an_invalid_source_is_reported_where_it_is(source: Path):
    source.write_text(
        source.read_text(encoding="utf-8").replace("kind: deadline", "kind: dealine", 1), "utf-8"
    )
    res = run("roll", str(source), "--year", "2025")
    assert res.exit_code == 1
    assert f"{source}:138:11: error BT002 schema" in res.stderr and "Traceback" not in res.output
    assert [p.name for p in source.parent.iterdir()] == ["budget_2024_31.yaml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2024"], "--year must be a later first budget year, e.g. --year 2025"),
        (["--year", "2025", "-o", "/no/such/dir/x.yaml"], "/no/such/dir does not exist; create it first"),
        ([], "the option --year is missing"),
    ],
)
def test_usage_errors(source: Path, args: list[str], message: str):
    res = run("roll", str(source), *args)
    assert res.exit_code == 2, res.output
    assert message in res.stderr and "Traceback" not in res.output


def test_bundled_calendar_drafts_into_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETTID_CALENDAR", raising=False)
    res = run("roll", "--year", "2025")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "budget_2025_32.yaml").is_file()


def test_week_53_leap_day_and_old_overrides_are_named(tmp_path: Path):
    src = Path(shutil.copy(YEAR / "week53_overrides.yaml", tmp_path / "budget.yaml"))
    res = run("roll", str(src), "--year", "2022", "--lang", "en")
    assert res.exit_code == 0, res.output
    out = tmp_path / "budget_2022.yaml"
    draft = load(out)
    assert draft.process.id == "test-budget-2022" and draft.process.title == "Testprocessen for budget 2022"
    assert draft.event("nytaarsmoede").span_start.text == "2021-12-30"  # week 53 -> 52, Thursday
    assert draft.event("frist-skuddag").span_start.text == "2021-02-28"
    lines = res.stdout.splitlines()

    def line_of(code: str) -> str:
        return next(x for x in lines if f" {code} " in x)

    assert re.search(r"budget_2022\.yaml:8:15: warning rules rules\.adopt_by is 11-05", line_of("rules"))
    assert "rules.disable is BT301" in res.stdout
    assert "nytaarsmoede: 2020-12-31 is in ISO week 53, which 2021 does not have" in line_of("week53")
    assert "frist-skuddag: 2020-02-29 has no 2021 counterpart; moved to 2021-02-28" in line_of("feb29")
    assert "'# Thursday of ISO week 53' was written about 2020-12-31" in res.stdout
    assert "1 deadline kept their date" in res.stdout


def test_a_statutory_deadline_the_plain_roll_would_break_is_kept(tmp_path: Path):
    # 2026 has 53 ISO weeks: the readings' weekdays roll six days later, the 2nd reading to
    # 19 October, past the adoption deadline. Both readings move back just enough.
    src = Path(shutil.copy(YEAR / "late_adoption.yaml", tmp_path / "budget_2027_30.yaml"))
    res = run("roll", str(src), "--year", "2028", "--lang", "en")
    assert res.exit_code == 0, res.output
    draft = load(tmp_path / "budget_2028_31.yaml")
    first, second = draft.event("byraadet-1-behandling").first, draft.event("byraadet-2-behandling").first
    assert (first, second) == (date(2027, 9, 24), date(2027, 10, 15))
    assert [d for d in check_calendar(draft) if d.severity == "error"] == []
    assert (
        "budget_2028_31.yaml:28:11: byraadet-2-behandling: moved from Tuesday 19 October 2027 to Friday "
        "15 October 2027, 4 days earlier: may not come after the adoption deadline, Friday 15 "
        "October 2027 (BT202 adoption-deadline)"
    ) in res.stdout
    assert "must come at least 21 days before byraadet-2-behandling (BT201 reading-gap)" in res.stdout
    assert "Nothing needs a person: the draft has no findings." in res.stdout


@pytest.mark.parametrize(
    ("day", "years", "expected", "clamped"),
    [
        (date(2023, 9, 19), 1, date(2024, 9, 17), False),  # Tuesday of week 38
        (date(2022, 12, 15), 1, date(2023, 12, 14), False),
        (date(2020, 12, 31), 1, date(2021, 12, 30), True),  # 2021 has no week 53
        (date(2015, 12, 31), 5, date(2020, 12, 31), False),  # 2020 has one
        (date(2021, 1, 1), 1, date(2021, 12, 31), True),  # ISO 2020-W53-5: its ISO year rolls
    ],
)
def test_roll_weekday(day: date, years: int, expected: date, clamped: bool):
    assert roll_weekday(day, years) == (expected, clamped)
    assert expected.weekday() == day.weekday()


def test_roll_same_date():
    assert roll_same_date(date(2023, 9, 21), 1) == (date(2024, 9, 21), False)
    assert roll_same_date(date(2024, 2, 29), 1) == (date(2025, 2, 28), True)
    assert roll_same_date(date(2024, 2, 29), 4) == (date(2028, 2, 29), False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. behandling af budget 2024-31 i byrådet", "1. behandling af budget 2025-32 i byrådet"),
        ("Budgetprocessen 2024-2031", "Budgetprocessen 2025-2032"),
        ("Forventet regnskab 2023 fremlægges", "Forventet regnskab 2024 fremlægges"),
        ("budget 2024", "budget 2025"),
        ("byrådet 15/12-2022 og 2023-09-19", "byrådet 15/12-2022 og 2023-09-19"),  # dates stay
        ("budget 2023-30 og 1999", "budget 2023-30 og 1999"),  # another period, a far year
        # A range inside the window moves at both ends; one reaching outside it stays.
        ("overslagsår 2025-2027 og regnskab 2023", "overslagsår 2026-2028 og regnskab 2024"),
        ("regnskab 2019-2023", "regnskab 2020-2024"),
        ("plan 2026-2035 og 2010-2012", "plan 2026-2035 og 2010-2012"),
        ("fra 2023-09 til 2023-09-19", "fra 2023-09 til 2023-09-19"),  # a month and a day stay
    ],
)
def test_roll_years_in_text(text: str, expected: str):
    assert roll_years_in_text(text, 2024, 2031, 1) == expected


def test_roll_years_in_a_slug():
    assert (
        roll_years_in_text("alleroed-budget-2024-31", 2024, 2031, 1, slug=True) == "alleroed-budget-2025-32"
    )
    assert roll_years_in_text("test-budget-2024", 2024, 2027, 2, slug=True) == "test-budget-2026"


def test_anchors_stay_and_a_shared_date_that_rolls_two_ways_is_named(tmp_path: Path):
    src = Path(shutil.copy(YEAR / "alias.yaml", tmp_path / "alias.yaml"))
    res = run("roll", str(src), "--year", "2025", "--lang", "en")
    assert res.exit_code == 0, res.output
    out = tmp_path / "alias_2025.yaml"
    text = out.read_text(encoding="utf-8")
    assert "    date: &d 2024-09-17\n" in text and "    date: *d\n" in text and "  - <<: *base\n" in text
    draft = load(out)
    assert [draft.event(i).span_start.text for i in ("moede", "frist", "moede2", "moede3")] == [
        "2024-09-17", "2024-09-17", "2024-10-01", "2024-10-01",
    ]  # fmt: skip
    # The deadline's date would roll to another day than the meeting's; it stays on the
    # meeting's day, as in the source, so the alias still holds and says what is meant.
    assert (
        "alias_2025.yaml:18:11: frist: moved from Thursday 19 September 2024 to Tuesday 17 September"
        in res.stdout
    )
    assert "warning alias" not in res.stdout
    # An id without a year gets one, so the two years' feeds do not share UIDs.
    assert draft.process.id == "alias-budget-2025"
    assert "alias_2025.yaml:4:7: info id process.id had no year to roll" in res.stdout


def test_the_schema_line_still_points_at_the_schema_from_the_drafts_folder(tmp_path: Path, source: Path):
    prefix = "# yaml-language-server: $schema="
    schema = Path(__file__).resolve().parent.parent / "schema" / "budgettid-1.schema.json"
    for src, out in (
        (bundled_path(), tmp_path / "drafts" / "budget_2025_32.yaml"),
        (tmp_path / "drafts" / "budget_2025_32.yaml", tmp_path / "budget_2026_33.yaml"),
    ):
        out.parent.mkdir(exist_ok=True)
        assert (
            run(
                "roll", str(src), "--year", str(load(src).process.first_budget_year + 1), "-o", str(out)
            ).exit_code
            == 0
        )
        first = out.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(prefix)
        assert (out.parent / first.removeprefix(prefix)).resolve() == schema.resolve()
    # Where the line points at nothing (a copy far from the schema), it is kept as it was.
    other = tmp_path / "other" / "x.yaml"
    other.parent.mkdir()
    assert run("roll", str(source), "--year", "2025", "-o", str(other)).exit_code == 0
    assert (
        other.read_text(encoding="utf-8").splitlines()[0]
        == source.read_text(encoding="utf-8").splitlines()[0]
    )


def test_the_draft_keeps_crlf_line_endings_and_the_file_mode(source: Path):
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    source.chmod(0o640)
    assert run("roll", str(source), "--year", "2025").exit_code == 0
    out = source.parent / "budget_2025_32.yaml"
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 300
    assert out.stat().st_mode & 0o777 == 0o640


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 5))
def test_roll_weekday_keeps_weekday_and_week_and_moves_about_a_year_a_year(day: date, years: int):
    new, clamped = roll_weekday(day, years)
    assert new.weekday() == day.weekday()
    iso, new_iso = day.isocalendar(), new.isocalendar()
    assert new_iso.year == iso.year + years
    assert new_iso.week == (52 if clamped else iso.week)
    assert clamped == (iso.week == 53 and new_iso.week == 52)
    # A year of weeks is 364 days; leap years and week 53 add at most a week per year.
    assert abs((new - day).days - 364 * years) <= 7 * years


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 5))
def test_roll_same_date_keeps_month_and_day(day: date, years: int):
    new, clamped = roll_same_date(day, years)
    assert (new.year, new.month) == (day.year + years, day.month)
    assert new.day == (28 if clamped else day.day)
    assert clamped == (day.month == 2 and day.day == 29 and new.day == 28)


def test_an_existing_calendar_is_replaced_only_with_force(source: Path, tmp_path: Path):
    # An existing calendar (last year's draft, say) is replaced only with --force.
    out = tmp_path / "budget_2025_32.yaml"
    shutil.copy(source, out)
    res = run("roll", str(source), "--year", "2025", "-o", str(out))
    assert res.exit_code == 2 and "exists; pass --force" in res.stderr
    assert out.read_bytes() == source.read_bytes()
    assert run("roll", str(source), "--year", "2025", "-o", str(out), "--force").exit_code == 0
    assert load(out).process.id == "alleroed-budget-2025-32"
    # A folder the OS refuses is a message, not a traceback, and leaves no temporary file.
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        res = run("roll", str(source), "--year", "2025", "-o", str(locked / "x.yaml"))
    finally:
        locked.chmod(0o700)
    if res.exit_code != 0:  # root writes anywhere
        assert res.exit_code == 2 and "cannot write in" in res.stderr and "Traceback" not in res.output
    assert [p.name for p in locked.iterdir() if p.name.endswith(".tmp")] == []


def test_the_report_frame_follows_the_language(tmp_path: Path):
    src = Path(shutil.copy(YEAR / "week53_overrides.yaml", tmp_path / "budget.yaml"))
    en = run("roll", str(src), "--year", "2022", "--lang", "en", "--dry-run").stdout
    da = run("roll", str(src), "--year", "2022", "--lang", "da", "--dry-run").stdout
    assert "Needs a person (6):" in en and "Kræver en person" not in en
    assert "Kræver en person (6):" in da and "Needs a person" not in da
    # The roll's own notes are in the report's language too.
    assert "rules.adopt_by is 11-05: the statutory deadline is 10-15" in en
    assert "rules.adopt_by er 11-05: lovens frist er 10-15 (15. oktober)" in da
    assert "nytaarsmoede: 2020-12-31 ligger i ISO-uge 53, som 2021 ikke har" in da
    assert "kommentaren '# leap day' blev skrevet om 2020-02-29" in da
    for english in ("is in ISO week 53", "has no 2021 counterpart", "was written about", "probably belonged"):
        assert english not in da
    # JSON, for scripts, keeps the English message.
    doc = json.loads(run("roll", str(src), "--year", "2022", "--dry-run", "--format", "json").stdout)
    assert any(n["message"].startswith("rules.adopt_by is 11-05") for n in doc["needs_a_person"])


def test_a_new_finding_is_tagged_in_the_reports_language(tmp_path: Path):
    src = Path(shutil.copy(YEAR / "saturday_deadline.yaml", tmp_path / "budget_2024_27.yaml"))
    res = run("roll", str(src), "--year", "2025", "--lang", "da", "--dry-run")
    assert res.exit_code == 0, res.output
    assert re.search(
        r":16:11: warning BT302 public-holiday .*Anden påskedag.*\[ny\]$", res.stdout, re.MULTILINE
    )
    assert "[new]" not in res.stdout and "Flyttet for at holde planen" not in res.stdout
    en = run("roll", str(src), "--year", "2025", "--lang", "en", "--dry-run").stdout
    assert re.search(r"BT302 public-holiday .*\[new\]$", en, re.MULTILINE)


def test_without_language_in_the_file_the_locale_decides(tmp_path: Path):
    src = tmp_path / "budget_2024_27.yaml"
    src.write_text((YEAR / "saturday_deadline.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert "language:" not in src.read_text(encoding="utf-8")
    res = runner.invoke(
        app,
        ["roll", str(src), "--year", "2025", "--dry-run"],
        env={"COLUMNS": "200", "LC_ALL": "", "LANG": "en_GB.UTF-8"},
    )
    assert res.stdout.startswith("Rolled ") and "Needs a person" in res.stdout
    res = runner.invoke(
        app,
        ["roll", str(src), "--year", "2025", "--dry-run"],
        env={"COLUMNS": "200", "LC_ALL": "", "LANG": "da_DK.UTF-8"},
    )
    assert res.stdout.startswith("Rullet ") and "Kræver en person" in res.stdout


def test_the_source_is_loaded_once(source: Path, monkeypatch: pytest.MonkeyPatch):
    import budgettid.format.load as loading

    calls: list[str] = []
    real = loading.load_text
    monkeypatch.setattr(loading, "load_text", lambda text, name="<s>": calls.append(name) or real(text, name))
    assert run("roll", str(source), "--year", "2025", "--dry-run").exit_code == 0
    assert calls == [str(source), str(source.parent / "budget_2025_32.yaml")]  # the source, then the draft


# --- the chain: thirty years, each draft rolled from the one before ---------------------------

REAL = [
    bundled_path(),
    FIXTURES / "lyngby-taarbaek_2025-28.yaml",
    FIXTURES / "real" / "fredericia_2025-28.yaml",
    FIXTURES / "real" / "syddjurs_2020.yaml",
    FIXTURES / "real" / "toender_2019.yaml",
    FIXTURES / "real" / "ringsted_2020.yaml",
]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_thirty_years_of_drafts_keep_every_relation_of_the_source(path: Path):
    from budgettid.format.load import load_text
    from budgettid.plan.relations import derive, kept, values_of
    from budgettid.plan.roll import roll

    text = path.read_text(encoding="utf-8")
    cal = load_text(text, str(path))
    assert [d for d in check_calendar(cal) if d.severity == "error"] == []
    relations = derive(cal)
    assert len(relations) >= 5
    adjusted = 0
    for _ in range(30):
        year = cal.process.first_budget_year + 1
        r = roll(text, f"draft_{year}.yaml", year, f"draft_{year}.yaml", cal=cal)
        assert r.errors == [] and r.broken == [], (year, r.errors, r.broken)
        assert [d for d in check_calendar(r.draft) if d.severity == "error"] == [], year
        value = values_of(r.draft)
        failing = [x for x in relations if not kept(x, value)]
        assert failing == [], (year, failing)
        adjusted += len(r.adjusted)
        text, cal = r.text, r.draft
    assert cal.process.first_budget_year == load(path).process.first_budget_year + 30
    if path == bundled_path():
        assert adjusted >= 30  # the amendment deadline follows the negotiations every year


def test_relations_that_cannot_all_hold_are_named_where_they_are_and_roll_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Rolling alone never makes the relations contradict each other (every date could move
    # by the same whole years), so the dates are held to their targets here: no date may
    # move, and the 2nd reading the 53-week year pushes past 15 October cannot come back.
    from budgettid.plan import schedule

    monkeypatch.setattr(schedule, "REACH", 0)
    src = Path(shutil.copy(YEAR / "late_adoption.yaml", tmp_path / "budget_2027_30.yaml"))
    res = run("roll", str(src), "--year", "2028", "--lang", "en")
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    at = lines.index("Could not be kept (1):")
    assert lines[at + 1].endswith(
        "budget_2028_31.yaml:28:11: byraadet-2-behandling may not come after the adoption deadline, "
        "Friday 15 October 2027 (BT202 adoption-deadline): "
        "no day within 0 days of where the dates were meant to go keeps it"
    )
    assert "error BT202 adoption-deadline" in res.stdout and "The draft has 1 error" in res.stdout
    doc = json.loads(run("roll", str(src), "--year", "2028", "-n", "-f", "json", "--force").stdout)
    [broken] = doc["broken"]
    assert (broken["code"], broken["relation"], broken["line"]) == ("BT202", "adopt_by", 28)
