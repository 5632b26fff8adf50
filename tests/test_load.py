"""The loader turns every problem into a located diagnostic (file, line, column, code)."""

from __future__ import annotations

import time

import pytest

from budgettid.errors import CalendarInvalid, FileProblem
from budgettid.format.load import load, load_text, read_text

from .conftest import MINIMAL, calendar_text


def problems(text: str | bytes, lang: str = "en") -> list[tuple[int, int, str, str]]:
    """The loading problems of `text`, each message in `lang`."""
    if isinstance(text, bytes):
        from budgettid.format.load import decode

        try:
            text = decode(text, "cal.yaml")
        except CalendarInvalid as exc:
            return [(d.line, d.column, d.code, d.text(lang)) for d in exc.diagnostics]
    with pytest.raises(CalendarInvalid) as info:
        load_text(text, "cal.yaml")
    assert all(d.file == "cal.yaml" for d in info.value.diagnostics)
    return [(d.line, d.column, d.code, d.text(lang)) for d in info.value.diagnostics]


def test_minimal_calendar_loads():
    cal = load_text(MINIMAL, "cal.yaml")
    assert [e.id for e in cal.events] == ["oeu-1", "br-1"]
    assert cal.process.rules.adopt_by == "10-15"
    assert cal.source.at(("events", 1, "date")) == (24, 11)


def test_unknown_key_with_did_you_mean():
    text = calendar_text(
        """\
        - id: frist
          title: Frist
          kind: deadline
          dato: 2023-09-21
        """
    )
    [(line, col, code, msg)] = [p for p in problems(text) if "unknown key" in p[3]]
    assert (line, col, code) == (29, 5, "BT002")
    assert "did you mean 'date'?" in msg


def test_missing_date_points_at_the_event():
    text = calendar_text(
        """\
        - id: frist
          title: Frist
          kind: deadline
        """
    )
    [(line, _, code, msg)] = problems(text)
    assert (line, code) == (26, "BT002")
    assert "needs date, or start and end" in msg


def test_duplicate_mapping_key():
    text = MINIMAL.replace("    date: 2023-09-19\n", "    date: 2023-09-19\n    date: 2023-09-20\n")
    [(line, col, code, msg)] = problems(text)
    assert (line, col, code) == (25, 5, "BT003")
    assert "appears twice" in msg and "line 24" in msg


def test_impossible_date_is_located_at_the_value():
    [(line, col, code, msg)] = problems(MINIMAL.replace("2023-09-19", "2023-02-30"))
    assert (line, col, code) == (24, 11, "BT002")
    assert "February 2023 has 28 days" in msg and "events[1] (br-1).date" in msg


def test_unquoted_time_is_read_as_a_time_not_a_number():
    cal = load_text(
        calendar_text("", **{"    date: 2023-09-19\n": "    date: 2023-09-19\n    time: 17:00\n"})
    )
    assert cal.events[1].time.strftime("%H:%M") == "17:00"


def test_time_as_number_is_rejected_with_quote_hint():
    text = MINIMAL.replace("    date: 2023-09-19\n", "    date: 2023-09-19\n    time: 1020\n")
    [(line, _, code, msg)] = problems(text)
    assert (line, code) == (25, "BT002")
    assert 'quoted as "HH:MM"' in msg


def test_wrong_format_string():
    [(line, col, code, msg)] = problems(MINIMAL.replace("budgettid/1", "budgettid/2"))
    assert (line, col, code) == (1, 9, "BT002")
    assert "write 'format: budgettid/1'" in msg


def test_unknown_references_are_bt005_at_the_id():
    text = MINIMAL.replace("bodies: [oeu]", "bodies: [oekonomi]").replace("phase: fase1", "phase: fase9")
    text += "    after: [oeu-2]\n"
    found = problems(text)
    assert [(p[0], p[2]) for p in found] == [(19, "BT005"), (20, "BT005"), (26, "BT005")]
    assert "unknown body 'oekonomi'" in found[0][3]
    assert "did you mean 'fase1'?" in found[1][3]
    assert "did you mean 'oeu-1'?" in found[2][3]


def test_duplicate_event_ids():
    text = MINIMAL.replace("id: br-1", "id: oeu-1")
    [(line, col, code, msg)] = problems(text)
    assert (line, col, code) == (21, 9, "BT004")
    assert "line 15" in msg


def test_step_occurs_once():
    text = (
        MINIMAL.replace("phase: fase1\n", "phase: fase1\n    step: first_reading\n")
        + "    step: first_reading\n"
    )
    [(line, _, code, msg)] = problems(text)
    assert (line, code) == (27, "BT002") and "may occur once" in msg


def test_alias_bomb_is_rejected_quickly():
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(
            f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
        )
    started = time.perf_counter()
    [(_, _, code, msg)] = problems("\n".join(bomb) + "\n")
    assert code == "BT001" and "aliases expand" in msg
    assert time.perf_counter() - started < 2


def test_small_aliases_are_fine():
    text = MINIMAL.replace("bodies: [oeu]", "bodies: &b [oeu]").replace("bodies: [byraadet]", "bodies: *b")
    assert load_text(text).events[1].bodies == ["oeu"]


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system", "!custom"])
def test_tags_are_refused(tag):
    [(line, _, code, msg)] = problems(MINIMAL.replace("title: Byrådets", f"title: {tag} Byrådets"))
    assert (line, code) == (22, "BT001") and "not allowed" in msg


def test_tabs_say_use_spaces():
    [(line, _, code, msg)] = problems(MINIMAL.replace("  id: test", "\tid: test"))
    assert code == "BT001" and "spaces, not tabs" in msg and line == 3


def test_non_utf8_bytes_are_located():
    data = MINIMAL.replace("Testprocessen", "Test\xf8").encode("latin-1")
    [(line, col, code, msg)] = problems(data)
    assert (line, col, code) == (4, 14, "BT001") and "UTF-8" in msg


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text):
    [(line, _, code, msg)] = problems(text)
    assert (line, code) == (1, "BT001") and "empty" in msg


def test_not_a_mapping():
    [(_, _, code, msg)] = problems("- a\n- b\n")
    assert code == "BT002" and "a list" in msg


def test_bom_and_crlf_are_accepted(tmp_path):
    f = tmp_path / "cal.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    assert len(load(f).events) == 2


def test_yaml_12_keeps_no_as_text():
    text = MINIMAL.replace("budget_years: 2024-2027", "budget_years: 2024-2027\n  rules: {holidays: NO}")
    assert load_text(text).process.rules.holidays == "NO"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(FileProblem, match="no such file"):
        read_text(tmp_path / "nope.yaml")
    with pytest.raises(FileProblem, match="is a directory"):
        read_text(tmp_path)


def test_unknown_enum_value_suggests():
    [(line, _, code, msg)] = problems(
        MINIMAL.replace("kind: meeting\n    date: 2023-09-19", "kind: meting\n    date: 2023-09-19")
    )
    assert (line, code) == (23, "BT002") and "did you mean 'meeting'?" in msg


def test_bad_slug_explains_letters():
    [(line, _, code, msg)] = problems(MINIMAL.replace("id: br-1", "id: Byrådet-1"))
    assert (line, code) == (21, "BT002") and "write æ as ae" in msg


def test_plain_scalars_resolve_as_yaml_12():
    text = MINIMAL.replace(
        "budget_years: 2024-2027",
        "budget_years: 2024-2027\n  contact: null\n  rules: {min_reading_gap_days: 28, holidays: NO}",
    )
    process = load_text(text).process
    assert process.contact is None
    assert process.rules.min_reading_gap_days == 28
    assert process.rules.holidays == "NO"


def test_merge_keys_fill_in_what_is_not_written():
    text = MINIMAL.replace(
        "  - id: br-1\n    title: Byrådets 1. behandling\n    kind: meeting\n",
        "  - id: br-1\n    <<: {title: Byrådets 1. behandling, kind: deadline}\n    kind: meeting\n",
    )
    event = load_text(text).events[1]
    assert (event.title, event.kind) == ("Byrådets 1. behandling", "meeting")


def test_control_characters_are_located():
    [(line, col, code, msg)] = problems(MINIMAL.replace("Byrådets 1.", "Byrådets\x01 1."))
    assert (line, col, code) == (22, 20, "BT001")
    assert "U+0001 is not allowed" in msg


def test_titles_are_one_line():
    text = MINIMAL.replace("title: Byrådets 1. behandling", 'title: "Byrådets\\n1. behandling"')
    [(line, col, code, msg)] = problems(text)
    assert (line, col, code) == (22, 12, "BT002")
    assert "a line break is not allowed here" in msg


def test_a_value_where_a_mapping_belongs_says_mapping():
    text = "format: budgettid/1\nprocess: hello\nbodies: []\nphases: []\nevents:\n  - just text\n"
    assert problems(text) == [
        (2, 10, "BT002", "process: should be a mapping (key: value lines), not text"),
        (3, 9, "BT002", "bodies: should be a mapping (key: value lines), not a list"),
        (6, 5, "BT002", "events[0]: should be a mapping (key: value lines), not text"),
    ]


def test_many_unknown_keys_read_each_class_once():
    # get_type_hints for every unknown key made 5,000 of them take 2.5x as long to report.
    from budgettid.format import validate

    events = "".join(f"  - id: e{i}\n    title: E\n    kind: deadline\n    date: 2023-09-21\n    dato{i}: x\n"
                     for i in range(3000))  # fmt: skip
    validate._hints.cache_clear()
    found = problems(MINIMAL.split("events:")[0] + "events:\n" + events)
    assert len(found) == 3000 and found[0] == (
        19,
        5,
        "BT002",
        "unknown key 'dato0' in events[0] (e0); did you mean 'date'?",
    )
    assert validate._hints.cache_info().misses <= 2  # Calendar, then Event


# --- one round, in both languages ---------------------------------------------------------


ADM = "  adm: {name: Administrationen, role: administration}"


def test_an_unknown_body_is_reported_with_the_other_loading_errors():
    text = calendar_text(
        """\
        - id: frist
          title: Frist
          kind: deadline
          date: 2023-02-30
          bodies: [administration]
        """,
        **{"  oeu: {name: Økonomiudvalget, role: finance_committee}": ADM},
    ).replace("bodies: [oeu]", "bodies: [adm]")
    found = problems(text)
    assert [(line, code) for line, _, code, _ in found] == [(29, "BT002"), (30, "BT005")]
    assert found[1][3] == "unknown body 'administration'; did you mean 'adm'? The bodies are: byraadet, adm"
    assert problems(text, "da")[1][3] == (
        "ukendt aktør 'administration'; mente du 'adm'? Aktørerne er: byraadet, adm"
    )


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("ØU", "unknown body 'ØU'; did you mean 'oeu'?"),  # the short label written for the id
        ("Byrådet", "unknown body 'Byrådet'; did you mean 'byraadet'?"),  # the name
        ("byraadt", "unknown body 'byraadt'; did you mean 'byraadet'?"),  # a slip
        ("kultur", "unknown body 'kultur'; the bodies are: byraadet, oeu"),
    ],
)
def test_an_unknown_body_suggests_the_id_and_lists_the_known_ones(ref, message):
    text = MINIMAL.replace(
        "oeu: {name: Økonomiudvalget, role: finance_committee}",
        "oeu: {name: Økonomiudvalget, role: finance_committee, short: ØU}",
    )
    found = problems(text.replace("bodies: [byraadet]", f"bodies: [{ref}]"))
    assert [code for _, _, code, _ in found] == ["BT005"] and found[0][3].startswith(message)


def test_a_long_event_list_is_cut_in_the_message():
    events = "".join(
        f"  - {{id: e{i}, title: E, kind: deadline, date: 2023-09-{i + 1:02d}}}\n" for i in range(20)
    )
    text = MINIMAL + events + "  - {id: x, title: X, kind: deadline, date: 2023-09-30, after: [zzz]}\n"
    [(_, _, code, message)] = problems(text)
    assert code == "BT005" and message.endswith("e9, …") and message.count(",") == 12


@pytest.mark.parametrize(
    ("years", "en", "da"),
    [
        ("2026-29", "'2026-29' is not two years; write both years in full: 2026-2029",
         "'2026-29' er ikke to årstal; skriv begge år helt ud: 2026-2029"),
        ("2098-01", "'2098-01' is not two years; write both years in full: 2098-2101",
         "'2098-01' er ikke to årstal; skriv begge år helt ud: 2098-2101"),
        ("26-29",
         "'26-29' is not two years; write the first and the last budget year in full, e.g. 2026-2029",
         "'26-29' er ikke to årstal; skriv første og sidste budgetår helt ud, fx 2026-2029"),
    ],
)  # fmt: skip
def test_budget_years_says_to_write_both_years_in_full(years, en, da):
    text = MINIMAL.replace("budget_years: 2024-2027", f"budget_years: {years}")
    assert problems(text) == [(5, 17, "BT002", f"process.budget_years: {en}")]
    assert problems(text, "da") == [(5, 17, "BT002", f"process.budget_years: {da}")]


def test_loading_errors_in_danish():
    text = MINIMAL.replace("kind: meeting", "kind: moede", 1).replace("2023-09-19", "2023-02-30")
    assert [m for *_, m in problems(text, "da")] == [
        "events[0] (oeu-1).kind: 'moede' er ikke tilladt; brug 'deadline', 'meeting', 'hearing', "
        "'period' eller 'event' (mente du 'meeting'?)",
        "events[1] (br-1).date: 2023-02-30 er ikke en dato: februar 2023 har 28 dage",
    ]
    assert problems("title: Frist: ønsker\n", "da") == [
        (1, 13, "BT001", "et kolon med mellemrum efter er ikke tilladt her (YAML læser det som en ny nøgle); "
         "sæt værdien i anførselstegn"),
    ]  # fmt: skip


def test_an_accept_names_a_known_code_with_a_reason():
    text = MINIMAL.replace(
        "    bodies: [byraadet]", '    bodies: [byraadet]\n    accept: {BT999: "x", BT002: "y", weekend: " "}'
    )
    assert [(code, m) for _, _, code, m in problems(text)] == [
        (
            "BT002",
            "events[1] (br-1).accept: 'BT999' is not a rule code or symbol; `budgettid rules` lists them",
        ),
    ]
    text = text.replace("BT999", "BT301")
    assert [m for *_, m in problems(text)] == [
        "events[1] (br-1).accept: BT002 cannot be accepted: fix the file (a loading error), "
        "or remove the accept (BT006)"
    ]
    text = text.replace('BT002: "y", ', "")
    assert [m for *_, m in problems(text)] == [
        "events[1] (br-1).accept: accept: weekend needs a reason: say why the finding is accepted"
    ]


def test_danish_words_for_keys_and_kinds_suggest_the_format_s_names():
    text = MINIMAL.replace("kind: meeting", "kind: møde", 1).replace(
        "    bodies: [byraadet]", '    bodies: [byraadet]\n    tid: "17:00"'
    )
    assert [m for *_, m in problems(text)] == [
        "events[0] (oeu-1).kind: 'møde' is not allowed; use one of 'deadline', 'meeting', 'hearing', "
        "'period' or 'event' (did you mean 'meeting'?)",
        "unknown key 'tid' in events[1] (br-1); did you mean 'time'?",
    ]
