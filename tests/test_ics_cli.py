"""`budgettid ics` at the command line: outputs, options, and every user mistake as exit 2."""

from __future__ import annotations

import os

import icalendar
import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.ical.lint import lint

from .conftest import FIXTURES, MINIMAL

TIMED = FIXTURES / "ics" / "timed.yaml"
runner = CliRunner()


def run(*args: str, epoch: str | None = "1700000000", calendar: str | None = None, lang: str | None = None):
    """The CLI in-process; `lang` (LC_ALL, English unless given) is the language of what is said
    before a calendar is read."""
    env = {"COLUMNS": "120", "BUDGETTID_CALENDAR": calendar, "LC_ALL": lang or "en_GB.UTF-8"}
    return runner.invoke(app, list(args), env=env | ({"SOURCE_DATE_EPOCH": epoch} if epoch else {}))


def uids(data: bytes) -> set[str]:
    return {str(e["UID"]).split("@")[0] for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_stdout_without_o_and_with_dash():
    res = run("ics", str(TIMED))
    assert res.exit_code == 0, res.output
    assert res.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n") and lint(res.stdout_bytes) == []
    assert run("ics", str(TIMED), "-o", "-").stdout_bytes == res.stdout_bytes


def test_bundled_by_default_and_file_output(tmp_path):
    out = tmp_path / "budget.ics"
    res = run("ics", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    data = out.read_bytes()
    assert lint(data) == [] and "hoering-budgetoplaeg" in uids(data)
    assert oct(out.stat().st_mode & 0o777) == "0o644"  # a feed to publish stays readable
    assert [p.name for p in tmp_path.iterdir()] == ["budget.ics"]


def test_filters_and_options(tmp_path):
    res = run("ics", str(TIMED), "--body", "partierne", "--kind", "deadline")
    assert uids(res.stdout_bytes) == {"frist", "frist-heldag"}
    assert b"NAME:Feedtest 2025-28 \xe2\x80\x93 Partierne\\, frist\r\n" in res.stdout_bytes
    res = run("ics", str(TIMED), "--phase", "forhandling", "--exact-only", "--no-alarms", "--refresh", "PT6H")
    assert res.exit_code == 0
    assert "temamoede" not in uids(res.stdout_bytes) and b"VALARM" not in res.stdout_bytes
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in res.stdout_bytes


def test_previous_reports_changed_and_disappeared(tmp_path):
    cal = tmp_path / "cal.yaml"
    cal.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "feed.ics"
    assert run("ics", str(cal), "-o", str(out)).exit_code == 0
    head, oeu_1 = MINIMAL.split("  - id: oeu-1")
    br_1 = oeu_1.split("    phase: fase1\n")[1]
    cal.write_text(head + br_1.replace("date: 2023-09-19", "date: 2023-09-20"), encoding="utf-8")
    res = run("ics", str(cal), "-o", str(out), "--previous", str(out), "--lang", "da")
    assert res.exit_code == 0, res.output
    # in --lang's language, else the calendar's, else the locale's; each event by title and id
    assert res.stderr.splitlines() == [
        "ændret (tidspunkt): Byrådets 1. behandling [br-1]",
        "aflyst (udgivet som AFLYST): Økonomiudvalgets 1. behandling [oeu-1]",
        "1 ændret, 0 nye, 1 fjernet siden det forrige feed",
    ]
    br_1, oeu_1 = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert int(br_1["SEQUENCE"]) == 1
    assert (str(oeu_1["SUMMARY"]), str(oeu_1["STATUS"]), int(oeu_1["SEQUENCE"])) == (
        "AFLYST: Økonomiudvalgets 1. behandling",
        "CANCELLED",
        1,
    )
    english = tmp_path / "english.yaml"
    english.write_text(
        cal.read_text(encoding="utf-8").replace("  budget_years:", "  language: en\n  budget_years:"),
        encoding="utf-8",
    )
    old = tmp_path / "old.ics"
    old.write_bytes(run("ics", str(english)).stdout_bytes.replace(b"SUMMARY:Byr", b"SUMMARY:Det nye byr"))
    res = run("ics", str(english), "--previous", str(old))
    assert res.stderr.splitlines() == [
        "changed (title): Byrådets 1. behandling [br-1]",
        "1 changed, 0 new, 0 removed since the previous feed",
    ]


def test_previous_of_another_process_warns_naming_both_and_the_calendar(tmp_path):
    """The FILE forgotten: the bundled calendar against last year's feed of another process."""
    cal = tmp_path / "cal.yaml"
    cal.write_text(MINIMAL.replace("  budget_years:", "  language: en\n  budget_years:"), encoding="utf-8")
    old = tmp_path / "old.ics"
    old.write_bytes(run("ics", str(cal)).stdout_bytes)
    from budgettid.format.load import bundled_path

    res = run("ics", "--previous", str(old), "-o", str(tmp_path / "new.ics"))
    assert res.exit_code == 0, res.output
    warning = next(line for line in res.stderr.splitlines() if line.startswith("advarsel"))
    assert warning.startswith(f"advarsel: {old} har aktiviteter fra proces test-budget-2024, ")
    assert "proces alleroed-budget-2024-31" in warning
    assert f"den medfølgende kalender {bundled_path()}" in warning
    assert "hverken FILE eller $BUDGETTID_CALENDAR" in warning
    res = run("ics", "--previous", str(old), calendar=str(bundled_path()))
    assert f"{bundled_path()} fra $BUDGETTID_CALENDAR" in res.stderr.splitlines()[0]
    english = tmp_path / "other.yaml"
    english.write_text(
        cal.read_text(encoding="utf-8").replace("id: test-budget-2024", "id: test-budget-2025"),
        encoding="utf-8",
    )
    res = run("ics", str(english), "--previous", str(old))
    assert res.stderr.splitlines()[0] == (
        f"warning: {old} holds events of process test-budget-2024, but the calendar used is process "
        f"test-budget-2025 ({english}); so every event counts as new, and the old ones are not published "
        f"as cancelled. Give the calendar file {old} was made from."
    )
    res = run("ics", str(cal), "--previous", str(old))
    assert "warning" not in res.stderr and res.stderr == ""


def test_split_warns_about_a_feed_of_another_process_in_dir(tmp_path):
    target = tmp_path / "feeds"
    target.mkdir()
    (target / "byraadet.ics").write_bytes(run("ics", str(TIMED)).stdout_bytes)
    cal = tmp_path / "cal.yaml"
    cal.write_text(MINIMAL, encoding="utf-8")
    res = run("ics", str(cal), "--split", str(target), "--lang", "da")
    assert res.exit_code == 0, res.output
    assert f"advarsel: {target / 'byraadet.ics'} har aktiviteter fra proces feed-test-2025" in res.stderr


def test_split_writes_every_body_and_everything(tmp_path):
    target = tmp_path / "feeds"
    res = run("ics", str(TIMED), "--split", str(target))
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in target.iterdir())
    assert names == ["byraadet.ics", "feed-test-2025.ics", "oeu.ics", "partierne.ics", "tom.ics"]
    assert all(lint((target / n).read_bytes()) == [] for n in names)
    assert res.stderr.splitlines()[-1] == f"skrev 5 feeds til {target}"


def test_lint_option(tmp_path):
    good = tmp_path / "good.ics"
    good.write_bytes(run("ics", str(TIMED)).stdout_bytes)
    res = run("ics", "--lint", str(good), lang="en_GB.UTF-8")
    assert res.exit_code == 0 and res.stderr == f"{good}: no problems (interoperability)\n"
    res = run("ics", "--lint", str(good), "--profile", "budgettid", lang="da_DK.UTF-8")
    assert res.exit_code == 0 and res.stderr == f"{good}: ingen problemer (budgettids udgivelsesprofil)\n"
    bad = tmp_path / "bad.ics"
    bad.write_bytes(good.read_bytes().replace(b"METHOD:PUBLISH", b"METHOD:REQUEST"))
    res = run("ics", "--lint", str(bad), lang="en_GB.UTF-8")
    assert res.exit_code == 1
    assert res.stdout == (
        f"{bad}:5: METHOD:REQUEST makes Outlook treat the feed as invitations; "
        "use METHOD:PUBLISH or none [method]\n"
    )
    assert res.stderr == f"{bad}: 1 problem (interoperability)\n"
    res = run("ics", "--lint", str(bad), lang="da_DK.UTF-8")
    assert "METHOD:REQUEST får Outlook til at behandle feedet som invitationer" in res.stdout
    assert res.stderr == f"{bad}: 1 problem (interoperabilitet)\n"


def test_lint_profile_only_on_budgettid_requirements(tmp_path):
    """A foreign feed without NAME or TRANSP reads right everywhere: only the profile minds."""
    good = run("ics", str(TIMED)).stdout_bytes
    foreign = tmp_path / "foreign.ics"
    foreign.write_bytes(good.replace(b"TRANSP:OPAQUE\r\n", b"").replace(b"\r\nNAME:", b"\r\nX-NAME:"))
    assert run("ics", "--lint", str(foreign)).exit_code == 0
    res = run("ics", "--lint", str(foreign), "--profile", "budgettid", lang="en_GB.UTF-8")
    assert res.exit_code == 1
    assert {line.rsplit("[", 1)[1] for line in res.stdout.splitlines()} == {"transp]", "calendar-name]"}


def test_lint_reads_with_a_bound(tmp_path):
    from budgettid.ical.lines import MAX_BYTES

    big = tmp_path / "big.ics"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    res = run("ics", "--lint", str(big))
    assert res.exit_code == 2 and "is larger than 16 MiB; a feed is limited to 16 MiB" in res.stderr
    res = run("ics", "--lint", "/dev/zero")  # refused before a byte is read
    assert res.exit_code == 2 and "/dev/zero is a character device, not a regular file" in res.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["ics", str(TIMED), "-o", "/nonexistent-dir/x.ics", "--lang", "en"],
            "does not exist; create it first",
        ),
        (["ics", str(TIMED), "-o", "/proc/budget.ics", "--lang", "en"], "cannot write in /proc"),
        (["ics", str(TIMED), "-o", str(TIMED), "--lang", "en"], "is an input of this command"),
        (["ics", str(TIMED), "-o", str(FIXTURES), "--lang", "en"], "is a directory"),
        (["ics", str(TIMED), "--body", "oekonomi"], "ukendt aktør 'oekonomi'"),
        (["ics", str(TIMED), "--phase", "fase9", "--lang", "en"], "unknown phase 'fase9'"),
        (["ics", str(TIMED), "--kind", "party"], "party"),
        (["ics", str(TIMED), "--refresh", "12h"], "not an ISO 8601 duration"),
        (["ics", str(TIMED), "--refresh", "P0D"], "give a duration above zero and at most P366D"),
        (["ics", str(TIMED), "--refresh", "P367D"], "give a duration above zero and at most P366D"),
        (["ics", str(TIMED), "--refresh", "P999999999999D"], "P999999999999D: give a duration above zero"),
        (["ics", str(TIMED), "--profile", "budgettid"], "--profile chooses the checks of --lint"),
        (["ics", str(TIMED), "--prune-cancelled"], "--prune-cancelled leaves out"),
        (["ics", "--lint", str(TIMED), "--prune-cancelled"], "give it no other option than --profile"),
        (["ics", "--lint", str(TIMED), "--profile", "outlook"], "outlook"),
        (
            ["ics", str(TIMED), "--previous", str(FIXTURES), "--lang", "en"],
            "is a directory; pass the feed itself",
        ),
        (["ics", str(TIMED), "--previous", str(TIMED)], "er ikke en iCalendar-fil"),  # Danish: the calendar
        (
            ["ics", str(TIMED), "--split", "/nonexistent-dir/feeds", "--lang", "en"],
            "/nonexistent-dir: no such folder",
        ),
        (["ics", str(TIMED), "--split", str(TIMED), "--lang", "en"], "is a file, not a folder"),
        (["ics", str(TIMED), "--split", "x", "--body", "oeu"], "cannot be combined with --body"),
        (["ics", "--lint", "missing.ics"], "no such feed"),
        (["ics", "--lint", str(TIMED), "-o", "x.ics"], "on its own"),
        (["ics", "--lint", str(FIXTURES)], "is a directory"),
        (["ics", "missing.yaml"], "no such file"),
    ],
)
def test_user_mistakes_exit_2_with_a_clear_message(args, message):
    res = run(*args, lang="en_GB.UTF-8")
    assert res.exit_code == 2, res.output
    assert message in res.stderr
    assert "Traceback" not in res.output


def test_refuses_to_write_onto_the_input_through_a_symlink(tmp_path):
    cal = tmp_path / "cal.yaml"
    cal.write_text(MINIMAL, encoding="utf-8")
    link = tmp_path / "feed.ics"
    os.symlink(cal, link)
    res = run("ics", str(cal), "-o", str(link))
    assert res.exit_code == 2 and "is an input of this command" in res.stderr
    assert cal.read_text(encoding="utf-8") == MINIMAL
    split = tmp_path / "split"
    split.mkdir()
    inside = split / "test-budget-2024.ics"
    os.symlink(cal, inside)
    res = run("ics", str(cal), "--split", str(split))  # a link in the folder: replaced, never followed
    assert res.exit_code == 0, res.output
    assert not inside.is_symlink() and inside.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert cal.read_text(encoding="utf-8") == MINIMAL


def test_invalid_source_date_epoch_is_a_usage_error():
    res = run("ics", str(TIMED), epoch="last tuesday")
    assert res.exit_code == 2 and "SOURCE_DATE_EPOCH" in res.stderr


def test_skipped_hour_note_on_stderr(tmp_path):
    cal = tmp_path / "cal.yaml"
    cal.write_text(
        MINIMAL.replace("date: 2023-09-19", 'date: 2023-03-26\n    time: "02:30"'), encoding="utf-8"
    )
    res = run("ics", str(cal), "--lang", "da")
    assert res.exit_code == 0
    assert "bemærk: br-1: kl. 02:30 findes ikke den 2023-03-26" in res.stderr
    res = run("ics", str(cal))  # the locale's language when neither --lang nor the calendar says
    assert "note: br-1: 02:30 does not exist on 2023-03-26 in Europe/Copenhagen" in res.stderr


def test_a_start_skipped_onto_its_end_is_one_clear_note(tmp_path):
    cal = tmp_path / "cal.yaml"
    spring = 'date: 2023-03-26\n    time: "02:30"\n    end_time: "03:30"'
    cal.write_text(
        MINIMAL.replace("date: 2023-09-19", spring).replace(
            "  budget_years:", "  language: en\n  budget_years:"
        ),
        encoding="utf-8",
    )
    res = run("ics", str(cal))
    assert res.exit_code == 0
    assert res.stderr.splitlines() == [
        "note: br-1: 02:30 does not exist on 2023-03-26 in Europe/Copenhagen (the clocks skip it) and "
        "becomes 03:30, which is not before the end time 03:30; the meeting is written without an end: "
        "fix time or end_time in the calendar"
    ]
