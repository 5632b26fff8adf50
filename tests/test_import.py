"""budgettid import: iCalendar (budgettid's own feed, Outlook, Google), .xlsx and CSV → a calendar.

The fixtures in tests/fixtures/import/ are written in the programs' own formats: the .ics files
by hand, the sheets by make_fixtures.py beside them (committed, so that a test reads bytes
that do not change).
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid import i18n
from budgettid.cli import app
from budgettid.convert import guess
from budgettid.convert.dates_in import Unreadable, read_time, read_when
from budgettid.convert.run import ImportOptions, import_file
from budgettid.convert.write import scalar
from budgettid.format.load import bundled_path, load, load_text
from budgettid.format.model import Calendar, Event

from .conftest import FIXTURES

IMPORT = FIXTURES / "import"
runner = CliRunner()


def _import(path: Path, tmp_path: Path, *args: str) -> tuple[Calendar, str, str]:
    """Run `budgettid import`, and return the calendar it wrote, the file's text and stderr."""
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["import", str(path), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    return load(out), text, result.stderr


def _by_date(cal: Calendar) -> list[tuple[str, str | None, str | None]]:
    return [(str(e.span_start), e.time and f"{e.time:%H:%M}", e.title) for e in cal.events]


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "start", "end", "year_given"),
    [
        ("2023-09-19", "2023-09-19", None, True),
        ("19.9.2023", "2023-09-19", None, True),
        ("19/9-2023", "2023-09-19", None, True),
        ("19-09-2023", "2023-09-19", None, True),
        ("19. september 2023", "2023-09-19", None, True),
        ("den 19. sep. 2023", "2023-09-19", None, True),
        ("19 September 2023", "2023-09-19", None, True),
        ("September 19, 2023", "2023-09-19", None, True),
        ("september", "2023-09", None, False),
        ("Dec 2022", "2022-12", None, True),
        ("1. kvartal", "2023-Q1", None, False),
        ("1. kvartal 2024", "2024-Q1", None, True),
        ("Q3 2023", "2023-Q3", None, True),
        ("2023-Q1", "2023-Q1", None, True),
        ("uge 38", "2023-09-18", "2023-09-22", False),
        ("week 1 2024", "2024-01-01", "2024-01-05", True),
        ("7/2", "2023-02-07", None, False),
        ("Jan/Feb", "2023-01", "2023-02", False),
        ("maj-juni", "2023-05", "2023-06", False),
        ("14/6-9/8", "2023-06-14", "2023-08-09", False),
        ("30-31/5", "2023-05-30", "2023-05-31", False),
        ("6.-21. september 2023", "2023-09-06", "2023-09-21", True),
        ("29. august til 6. september 2023", "2023-08-29", "2023-09-06", True),
        ("29. dec - 5. jan 2024", "2023-12-29", "2024-01-05", True),
        ("45188", "2023-09-19", None, True),
        (45188, "2023-09-19", None, True),
    ],
)
def test_dates_as_timetables_write_them(written, start, end, year_given):
    when = read_when(written, 2023)
    assert (when.start.text, when.end.text if when.end else None, when.year_given) == (start, end, year_given)


def test_a_date_may_carry_a_time():
    when = read_when("19.9.2023 kl. 17", 2023)
    assert (when.start.text, when.time, when.end_time) == ("2023-09-19", time(17), None)
    when = read_when("2023-09-19 17:00-19:30", 2023)
    assert (when.time, when.end_time) == (time(17), time(19, 30))
    assert read_when(45188.75, 2023).time == time(18)  # an Excel serial's fraction is the time of day


@pytest.mark.parametrize(
    ("written", "at", "until"),
    [
        ("17:00", time(17), None),
        ("17.30", time(17, 30), None),
        ("kl. 17", time(17), None),
        ("17-19", time(17), time(19)),
        ("kl. 17.00–19.00", time(17), time(19)),
        (0.75, time(18), None),
    ],
)
def test_times(written, at, until):
    assert read_time(written) == (at, until)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("efterår", "import.date.unreadable"),
        ("31.2.2023", "import.date.impossible"),
        ("31/2", "import.date.impossible"),
        ("uge 53 2023", "import.date.no_week"),
    ],
)
def test_unreadable_dates_say_why(written, key):
    with pytest.raises(Unreadable) as caught:
        read_when(written, 2023)
    assert caught.value.message.key == key


# --- guesses ------------------------------------------------------------------------------------


def test_ids_are_readable_slugs():
    assert (
        guess.slug("Frist for ændringsforslag til budget 2024-31") == "frist-aendringsforslag-budget-2024-31"
    )
    assert guess.slug("Høring på Rådhuset") == "hoering-raadhuset"
    assert guess.slug("Økonomiudvalget (3/10) og byrådet (10/10): 2. behandling") == (
        "oekonomiudvalget-byraadet-2-behandling"
    )
    taken: set[str] = set()
    assert [guess.unique("moede", taken) for _ in range(3)] == ["moede", "moede-2", "moede-3"]


@pytest.mark.parametrize(
    ("title", "window", "kind"),
    [
        ("Frist for ændringsforslag", False, "deadline"),
        ("Høringsfrist for MED", False, "deadline"),
        ("Borgmesterens budgetoplæg sendes i høring", True, "hearing"),
        ("Fagudvalgene behandler kataloget med henblik på udsendelse i høring", True, "meeting"),
        ("2. behandling af budgettet i byrådet", False, "meeting"),
        ("Budgetseminar for byrådet", False, "event"),
        ("Budgetforhandlinger og budgetforlig", True, "period"),
        ("Budgetforhandlinger og budgetforlig", False, "event"),
        ("Sommerferie", True, "period"),
    ],
)
def test_kind_from_danish_titles(title, window, kind):
    assert guess.kind(title, window)[0] == kind


def test_steps_depend_on_who_treats_the_budget():
    council, finance = {"council": "Byrådet"}, {"finance_committee": "Økonomiudvalget"}
    assert guess.step("1. behandling af budget 2025-28", "meeting", council)[0] == "first_reading"  # type: ignore[index]
    assert guess.step("1. behandling af budget 2025-28", "meeting", finance)[0] == "budget_proposal"  # type: ignore[index]
    assert guess.step("2. behandling og vedtagelse", "meeting", council)[0] == "second_reading"  # type: ignore[index]
    assert guess.step("2. behandling", "meeting", finance) is None  # ØU's 2nd treatment is no step
    assert guess.step("Frist for ændringsforslag", "deadline", {})[0] == "amendment_deadline"  # type: ignore[index]
    assert guess.step("Høring af budgetforslaget", "hearing", {})[0] == "public_hearing"  # type: ignore[index]
    assert guess.step("Katalog i høring før budgetforhandlingerne", "hearing", {}) is None


@pytest.mark.parametrize(
    ("name", "body_id", "role"),
    [
        ("ØU", "oeu", "finance_committee"),
        ("Byrådets", "byraadet", "council"),
        ("KB", "kommunalbestyrelsen", "council"),
        ("MED", "med", "staff"),
        ("Borgmesteren", "borgmesteren", "mayor"),
        ("Borgerne", "offentligheden", "public"),
    ],
)
def test_known_bodies(name, body_id, role):
    body = guess.known_body(name)
    assert body is not None and (body.id, body.role) == (body_id, role)
    assert guess.known_body("med") is None  # the Danish word "with", not MED


# --- the YAML written ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Møde: budget",
        "A # b",
        "yes",
        "17:00",
        "- punkt",
        "»citat«",
        '"quoted"',
        "1.5",
        "null",
        "ends with:",
        "[liste]",
        "2023-09-19 kl. 17",
        "Trin 1 af 2",
    ],
)
def test_scalars_read_back_as_written(title):
    text = f"""format: budgettid/1
process: {{id: p, title: {scalar(title)}, budget_years: 2024-2027}}
bodies: {{}}
phases: []
events: [{{id: e, title: {scalar(title, flow=True)}, kind: event, date: 2023-09-19}}]
"""
    cal = load_text(text)
    assert cal.process.title == title and cal.events[0].title == title


def test_every_message_key_the_importer_uses_is_in_both_catalogues():
    src = Path(__file__).parent.parent / "src" / "budgettid"
    used = set()
    for path in [*(src / "convert").glob("*.py"), src / "report" / "convert.py", src / "cli" / "convert.py"]:
        used |= set(re.findall(r"\"((?:import|export)\.[a-z_.]*[a-z_])\"", path.read_text(encoding="utf-8")))
    assert len(used) > 50
    for lang in ("da", "en"):
        assert used <= set(i18n.catalogue(lang)), sorted(used - set(i18n.catalogue(lang)))


# --- budgettid's own feed comes back ---------------------------------------------------------------


def test_the_bundled_feed_imports_back_to_the_same_events(tmp_path):
    from budgettid.ical.feed import feed_bytes

    original = load(bundled_path())
    feed = tmp_path / "budget.ics"
    feed.write_bytes(feed_bytes(original))
    back, _, err = _import(feed, tmp_path)
    assert len(back.events) == len(original.events) == 41
    by_id = {e.id: e for e in back.events}
    assert set(by_id) == {e.id for e in original.events}
    for e in original.events:
        f = by_id[e.id]
        for field in ("title", "kind", "date", "start", "end", "time", "end_time", "bodies", "step", "notes"):
            assert getattr(f, field) == getattr(e, field), (e.id, field)
        assert (back.phase_by_id[f.phase].title if f.phase else None) == (
            original.phase_by_id[e.phase].title if e.phase else None
        ), e.id
        assert [back.bodies[b].name for b in f.bodies] == [original.bodies[b].name for b in e.bodies]
        assert [back.bodies[b].role for b in f.bodies] == [original.bodies[b].role for b in e.bodies]
    p = back.process
    assert (p.id, p.title, p.municipality, p.budget_years, p.contact) == (
        "alleroed-budget-2024-31",
        "Budgetprocessen 2024-31",
        "Allerød Kommune",
        "2024-2031",
        "sekretariat@alleroed.dk",
    )
    assert "Skrev" in err and "41 aktiviteter" in err


def test_an_english_feed_comes_back_too(tmp_path):
    from budgettid.ical.feed import feed_bytes

    original = load_text(bundled_path().read_text(encoding="utf-8").replace("language: da", "language: en"))
    feed = tmp_path / "budget.ics"
    feed.write_bytes(feed_bytes(original))
    back, _, _ = _import(feed, tmp_path, "--lang", "en")
    assert back.process.language == "en"
    assert [(e.id, e.kind, e.span_start, e.span_end, e.step) for e in back.events] == sorted(
        [(e.id, e.kind, e.span_start, e.span_end, e.step) for e in original.events],
        key=lambda x: [e.id for e in back.events].index(x[0]),
    )


# --- Outlook and Google ------------------------------------------------------------------------


def test_an_outlook_export(tmp_path):
    cal, text, err = _import(IMPORT / "outlook.ics", tmp_path)
    assert _by_date(cal) == [
        ("2024-08-13", "17:00", "Økonomiudvalgets møde"),
        ("2024-08-27", "17:00", "Økonomiudvalgets møde"),
        (
            "2024-09-11",
            "16:00",
            "Økonomiudvalgets møde (flyttet til onsdag)",
        ),  # RECURRENCE-ID: moved from the 10th
        ("2024-09-24", "17:00", "Økonomiudvalgets møde"),
        ("2024-10-08", "17:00", "Økonomiudvalgets møde"),
        ("2024-10-22", "17:00", "Økonomiudvalgets møde"),
        ("2024-08-29", None, "Høring af budgetforslag 2025-28"),
        (
            "2024-08-30",
            None,
            "Borgmesterens budgetoplæg offentliggøres",
        ),  # all-day as Outlook writes it: midnights
        ("2024-09-12", "15:00", "ØU: 1. behandling af budget 2025-28"),
        ("2024-09-19", "17:00", "Byrådet: 1. behandling af budget 2025-28"),
        ("2024-09-26", None, "Frist for ændringsforslag til budget 2025-28"),
        ("2024-10-10", "17:00", "Byrådet: 2. behandling og vedtagelse af budget 2025-28"),
    ]
    steps = {e.step: e.id for e in cal.events if e.step}
    assert set(steps) == {
        "budget_proposal",
        "first_reading",
        "second_reading",
        "amendment_deadline",
        "public_hearing",
    }
    hearing = cal.event(steps["public_hearing"])
    assert (hearing.kind, str(hearing.start), str(hearing.end)) == ("hearing", "2024-08-29", "2024-09-06")
    assert cal.bodies["oeu"].role == "finance_committee" and cal.bodies["byraadet"].role == "council"
    assert cal.process.budget_years == "2025-2028" and cal.process.timezone == "Europe/Copenhagen"
    # the cancelled seminar is left out, and said so, with its line
    assert "Budgetseminar" not in "".join(e.title for e in cal.events)
    assert "linje 173: »Aflyst: Budgetseminar for byrådet« er aflyst" in err
    assert "6 forekomster fra 2024-08-13 til 2024-10-22" in err
    assert "X-MS" not in text and "Reminder" not in text and "<html>" not in text
    assert "kind: meeting  # gæt: titlen nævner »møde«" in text
    assert "# flyttet: undtagelsen i linje 60 flytter forekomsten fra 2024-09-10" in text
    assert "budgettid check finder intet at rette" in err


def test_outlook_within_from_and_to_and_in_another_zone(tmp_path):
    cal, _, err = _import(
        IMPORT / "outlook.ics",
        tmp_path,
        "--from",
        "2024-09-01",
        "--to",
        "2024-09-30",
        "--timezone",
        "Europe/London",
    )
    assert [(d, t) for d, t, _ in _by_date(cal)] == [
        ("2024-09-11", "15:00"),
        ("2024-09-24", "16:00"),
        ("2024-08-29", None),
        ("2024-09-12", "14:00"),
        ("2024-09-19", "16:00"),
        ("2024-09-26", None),
    ]
    assert cal.process.timezone == "Europe/London"
    assert "»Byrådet: 2. behandling og vedtagelse af budget 2025-28« ligger uden for --from/--to" in err


def test_a_google_export(tmp_path):
    cal, _, _ = _import(IMPORT / "google.ics", tmp_path)
    assert _by_date(cal) == [
        ("2024-08-29", "17:00", "Byrådsmøde"),
        ("2024-09-26", "17:00", "Byrådsmøde"),
        ("2024-10-31", "17:00", "Byrådsmøde"),
        ("2024-08-23", None, "Budgetseminar for byrådet"),
        ("2024-09-12", "15:00", "Økonomiudvalget: 1. behandling af budgetforslaget"),  # 13:00Z in summer time
        ("2024-09-24", None, "Frist for ændringsforslag"),
    ]
    assert [f"{e.end_time:%H:%M}" for e in cal.events[:3]] == ["20:00"] * 3
    assert cal.events[0].location == "Rådhuset, byrådssalen"
    assert cal.process.municipality == "Fjordby Kommune"
    assert cal.process.title == "Budget 2025-28 – Fjordby Kommune"


def test_unreadable_items_are_kept_with_their_line(tmp_path):
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["import", str(IMPORT / "broken.ics"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "linje 10: punktet har ingen starttid (DTSTART)" in result.stderr
    assert "linje 16: punktet kan ikke læses" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "  #   SUMMARY:Møde uden tidspunkt" in text
    assert "  #   DTSTART:20241345T250000" in text
    assert [e.title for e in load(out).events] == ["Frist for ændringsforslag"]


# --- sheets ----------------------------------------------------------------------------------


def test_the_seed_timetable_as_xlsx(tmp_path):
    cal, text, err = _import(IMPORT / "tidsplan_2024-31.xlsx", tmp_path)
    assert [p.title for p in cal.phases] == [
        "Fase 1: Afklaring og kvalificering",
        "Fase 2: Forhandlinger og vedtagelse",
        "Fase 3: Implementering",
    ]
    assert [(str(e.span_start), str(e.span_end), e.phase) for e in cal.events[:3]] == [
        ("2022-12", "2022-12", "afklaring-kvalificering"),
        ("2023-01", "2023-02", "afklaring-kvalificering"),  # Jan/Feb after Dec 2022: the next year
        ("2023-02-07", "2023-02-07", "afklaring-kvalificering"),
    ]
    # "7/2" with three bullets: three meetings of ØU on 7 February
    assert [e.title for e in cal.events if str(e.span_start) == "2023-02-07"] == [
        "Økonomiudvalgets møde 7/2: Dialogmøde med Hovedudvalget",
        "Økonomiudvalgets møde 7/2: Status på de analyser, der blev igangsat sidste år",
        "Økonomiudvalgets møde 7/2: Drøftelse af arbejdet med innovationsscreeninger",
    ]
    last = cal.events[-1]
    assert (str(last.date), last.phase) == ("2023-12", "implementering")
    assert cal.process.budget_years == "2024-2031"
    hearing = next(e for e in cal.events if e.title.startswith("Borgmesterens budgetoplæg"))
    assert (hearing.kind, hearing.step, str(hearing.start), str(hearing.end)) == (
        "hearing",
        "public_hearing",
        "2023-08-29",
        "2023-09-06",
    )
    assert "# titlen nævner dagene 12/9, 19/9" in text
    assert "date: 2023-02-07  # gæt: »7/2« har intet år; 2023 følger af rækkerne ovenfor" in text
    assert "kunne ikke læses" not in err


def test_the_seed_timetable_as_windows_1252_csv_is_the_same_calendar(tmp_path):
    assert b"\xf8" in (IMPORT / "tidsplan_2024-31.csv").read_bytes()  # ø in Windows-1252
    from_csv, _, err = _import(IMPORT / "tidsplan_2024-31.csv", tmp_path)
    from_xlsx, _, _ = _import(IMPORT / "tidsplan_2024-31.xlsx", tmp_path, "--force")
    assert from_csv == from_xlsx
    assert "er ikke UTF-8 og er læst som Windows-1252" in err


def test_a_messy_sheet(tmp_path):
    cal, text, err = _import(IMPORT / "rodet.xlsx", tmp_path)
    got = [(str(e.span_start), str(e.span_end), e.time and f"{e.time:%H:%M}", e.title) for e in cal.events]
    assert got == [
        ("2023-Q1", "2023-Q1", None, "Temamøde om anlæg for kommunalbestyrelsen"),
        ("2023-04-14", "2023-04-14", None, "Frist for partiernes budgetønsker"),
        ("2023-09", "2023-09", None, "Fagudvalgene behandler budgetforslag for egne områder"),
        ("2023-09-11", "2023-09-15", None, "Høring i MED-udvalgene"),  # "uge 37", merged over two rows
        ("2023-09-11", "2023-09-15", None, "Budgetseminar for kommunalbestyrelsen"),
        ("2023-09-11", "2023-09-11", "16:00", "ØU: 1. behandling af budget 2024-27"),  # Excel serial 45180
        ("2023-09-19", "2023-09-19", "17:00", "1. behandling af budget 2024-27 i kommunalbestyrelsen"),
        ("2023-09-19", "2023-09-19", "19:00", "Borgermøde om budgettet"),
        ("2023-09-19", "2023-09-19", None, "Budgetforslaget offentliggøres"),
        ("2023-10-02", "2023-10-02", None, "Frist for ændringsforslag"),  # "45201" as text
        ("2023-10-10", "2023-10-10", "17:00", "2. behandling af budget 2024-27 i kommunalbestyrelsen"),
    ]
    assert (
        cal.process.municipality == "Fjordby Kommune" and cal.process.id == "fjordby-kommune-budget-2024-27"
    )
    assert cal.bodies["kommunalbestyrelsen"].role == "council"
    assert "start: 2023-09-11  # gæt: uge 37 2023 er skrevet som mandag til fredag" in text
    assert "# gæt: »45201« er læst som et Excel-datonummer" in text
    for line in (
        "række 18: rækken har tekst, men ingen dato",
        "række 19: datoen »efterår« kan ikke læses",
        "række 20: »31.2.2023« er ikke en dato, der findes",
    ):
        assert line in err and f"# {line}" in text
    assert "#   efterår; Evaluering af budgetprocessen; Direktionen" in text
    check = runner.invoke(app, ["check", str(tmp_path / "out.yaml")])
    assert check.exit_code == 0 and "ingen problemer" in check.stdout  # a Danish calendar: Danish words


def test_columns_for_a_sheet_without_a_header(tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text(
        "12.9.2024,ØU,1. behandling af budget 2025-28\n10.10.2024,BR,2. behandling af budgettet\n",
        encoding="utf-8",
    )
    cal, _, _ = _import(source, tmp_path, "--columns", "dato,hvem,aktivitet")
    assert [(str(e.date), e.bodies, e.step) for e in cal.events] == [
        ("2024-09-12", ["oeu"], "budget_proposal"),
        ("2024-10-10", ["byraadet"], "second_reading"),
    ]
    cal, _, _ = _import(source, tmp_path, "--columns", "A=date,C=title", "--force")
    # column B is not read now, and the titles name no body: no bodies, and so no steps
    assert [(e.bodies, e.step) for e in cal.events] == [([], None), ([], None)]


def test_comments_and_messages_in_english(tmp_path):
    _, text, err = _import(IMPORT / "rodet.xlsx", tmp_path, "--lang", "en")
    assert "# guess: the title says 'Frist'" in text
    assert "row 19: the date 'efterår' cannot be read" in err and "# row 19:" in text
    assert "Wrote " in err and "11 events" in err


# --- what a user can get wrong ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "args", "says"),
    [
        ("plan.xls", b"\xd0\xcf\x11\xe0", [], "old Excel 97-2003 workbook"),
        ("plan.ics", b"not a calendar", [], "not an iCalendar (.ics) file"),
        ("plan.csv", b"a;b\n1;2\n", [], "no header row with a date and a title column"),
        (
            "plan.csv",
            b"Dato;Aktivitet\n19.9.2024;x\n",
            ["--from", "2024-01-01"],
            "--from: not for",
        ),
        (
            "plan.ics",
            (IMPORT / "google.ics").read_bytes(),
            ["--columns", "dato,aktivitet"],
            "which is an iCalendar file",
        ),
        (
            "plan.csv",
            b"Dato;Aktivitet\n19.9.2024;x\n",
            ["--columns", "dato,farve"],
            "'farve' is not a column name",
        ),
        (
            "plan.csv",
            b"Dato;Aktivitet\n19.9.2024;x\n",
            ["--timezone", "Europe/Aarhus"],
            "not an IANA time zone",
        ),
        ("plan.xlsx", b"PK\x03\x04broken", [], "cannot be read as an Excel workbook"),
        ("plan.csv", b"Dato;Aktivitet\n7/2;x\n", [], "'7/2' has no year"),
    ],
)
def test_usage_errors_name_the_fix(tmp_path, name, content, args, says):
    source = tmp_path / name
    source.write_bytes(content)
    result = runner.invoke(
        app, ["import", str(source), "-o", str(tmp_path / "out.yaml"), "--lang", "en", *args]
    )
    if says == "'7/2' has no year":  # not a usage error: the row is kept as a comment
        assert result.exit_code == 0 and says in result.stderr
        return
    assert result.exit_code == 2, result.output
    assert says in result.stderr and "Traceback" not in result.output


def test_the_output_is_not_replaced_unasked(tmp_path):
    out = tmp_path / "out.yaml"
    out.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["import", str(IMPORT / "google.ics"), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.stderr and "findes allerede" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert (
        runner.invoke(app, ["import", str(IMPORT / "google.ics"), "-o", str(out), "--force"]).exit_code == 0
    )


def test_without_o_the_calendar_goes_to_stdout(tmp_path):
    result = runner.invoke(app, ["import", str(IMPORT / "google.ics")])
    assert result.exit_code == 0
    assert load_text(result.stdout).events[0].title == "Byrådsmøde"


def test_the_library_call(tmp_path):
    result = import_file(IMPORT / "google.ics", name="g.yaml", options=ImportOptions(title="Budget 2025-28"))
    assert result.calendar is not None and result.calendar.process.title == "Budget 2025-28"
    assert result.errors == 0 and isinstance(result.calendar.events[0], Event)


def test_windows_zone_names_without_a_vtimezone_and_unknown_zones(tmp_path):
    # Outlook sometimes leaves the VTIMEZONE out; icalendar maps Windows names through CLDR's
    # windowsZones ("Romance Standard Time" is Paris, Copenhagen's offsets since 1980).
    source = tmp_path / "zones.ics"
    source.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20240101T000000Z\r\n"
        b'DTSTART;TZID="GMT Standard Time":20240919T160000\r\nSUMMARY:London-m\xc3\xb8de\r\nEND:VEVENT\r\n'
        b"BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20240101T000000Z\r\n"
        b'DTSTART;TZID="Romance Standard Time":20241010T170000\r\n'
        b"SUMMARY:Byr\xc3\xa5dsm\xc3\xb8de\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:c\r\nDTSTAMP:20240101T000000Z\r\n"
        b"DTSTART;TZID=Fjordby Time:20241010T090000\r\nSUMMARY:Ukendt zone\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    cal, text, _ = _import(source, tmp_path)
    assert [(str(e.date), f"{e.time:%H:%M}") for e in cal.events] == [
        ("2024-09-19", "17:00"),  # 16:00 in London is 17:00 in Copenhagen
        ("2024-10-10", "17:00"),
        ("2024-10-10", "09:00"),  # read as the process's own zone, and said so
    ]
    assert "# gæt: tidszonen »Fjordby Time« kendes ikke; tiden er læst som Europe/Copenhagen" in text
