"""budgettid export: a calendar as .xlsx or CSV, which `import` reads back to the same calendar."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import bundled_path, load, load_text
from budgettid.format.model import Calendar

runner = CliRunner()


def _differences(a: Calendar, b: Calendar) -> list[str]:
    """Field by field, what differs between two calendars (empty: the same model)."""
    out = []
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name == "events":
            out += [f"events: {len(x)} != {len(y)}"] if len(x) != len(y) else []
            for e1, e2 in zip(x, y, strict=False):
                out += [
                    f"{e1.id}.{g.name}: {getattr(e1, g.name)!r} != {getattr(e2, g.name)!r}"
                    for g in dataclasses.fields(e1)
                    if getattr(e1, g.name) != getattr(e2, g.name)
                ]
        elif x != y:
            out.append(f"{f.name}: {x!r} != {y!r}")
    return out


def _round_trip(source: Path, tmp_path: Path, fmt: str, *args: str) -> tuple[Calendar, bytes]:
    sheet = tmp_path / f"tidsplan.{fmt}"
    result = runner.invoke(app, ["export", str(source), "--format", fmt, "-o", str(sheet), *args])
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.yaml"
    result = runner.invoke(app, ["import", str(sheet), "-o", str(back)])
    assert result.exit_code == 0, result.output
    return load(back), sheet.read_bytes()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_bundled_calendar_comes_back_the_same(tmp_path, fmt, lang):
    original = load(bundled_path())
    back, _ = _round_trip(bundled_path(), tmp_path, fmt, "--lang", lang)
    assert _differences(original, back) == []
    assert back == original


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_generated_calendar_with_times_places_and_relations_comes_back_the_same(tmp_path, fmt):
    from benchmarks.generate import generate

    text = generate(120, seed=7)
    # what the generator leaves out: times over days, places, links, notes over lines, min_days
    text = text.replace(
        "events:\n",
        """events:
  - id: extra-window
    title: "Budgetkonference: dag 1-2"
    kind: meeting
    start: 2023-03-02
    end: 2023-03-03
    time: "09:30"
    end_time: "15:00"
    location: Rådhuset, salen
    url: https://example.dk/materiale
    notes: |-
      Første linje.
      Anden linje med "citat" og ; semikolon.
    tags: [økonomi, "med, komma"]
    reminders: [P2D, PT3H]
  - id: extra-after
    title: Frist
    kind: deadline
    date: 2023-03-10
    after: [{event: extra-window, min_days: 7}, extra-window]
""",
        1,
    )
    source = tmp_path / "generated.yaml"
    source.write_text(text, encoding="utf-8")
    original = load(source)
    back, _ = _round_trip(source, tmp_path, fmt)
    assert _differences(original, back) == []


def test_csv_opens_in_danish_excel(tmp_path):
    _, data = _round_trip(bundled_path(), tmp_path, "csv")
    text = data.decode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM makes Excel read UTF-8
    lines = text.lstrip("\ufeff").split("\r\n")
    assert lines[0] == "Aktiviteter"
    assert lines[1].startswith("Id;Aktivitet;Type;Dato;Slut;Tidspunkt;Sluttid;Hvem;Fase;Trin;")
    assert lines[2] == (
        "oeu-budgetprocessen;Økonomiudvalget indstiller Budgetprocessen 2024-31 til byrådets behandling;møde;"
        "2022-12-15;;;;Økonomiudvalget;Fase 1: Afklaring og kvalificering;;;;;;;;byraadet-budgetprocessen;;;"
    )
    assert ";BT301: Byrådet fastsatte fristen til lørdag den 1. april 2023\r\n" in text  # its accept
    assert "Organer" in lines and "Faser" in lines and "Proces" in lines
    assert (
        "byraadet-1-behandling;1. behandling af budget 2024-31 i byrådet;møde;2023-09-19;;;;Byrådet;" in text
    )
    assert ";1. behandling;" in text  # the step in words


def test_english_headers_and_words(tmp_path):
    _, data = _round_trip(bundled_path(), tmp_path, "csv", "--lang", "en")
    text = data.decode("utf-8-sig")
    assert text.startswith("Events\r\nId;Title;Kind;Date;End;Time;End time;Who;Phase;Step;")
    assert ";meeting;" in text and ";1st reading;" in text and "\r\nBodies\r\n" in text


def test_the_workbook_has_a_sheet_per_table_and_real_dates(tmp_path):
    from datetime import datetime

    from openpyxl import load_workbook

    _round_trip(bundled_path(), tmp_path, "xlsx")
    book = load_workbook(tmp_path / "tidsplan.xlsx")
    assert book.sheetnames == ["Aktiviteter", "Organer", "Faser", "Proces"]
    ws = book["Aktiviteter"]
    assert ws.max_row == 42  # a header and 41 events
    assert ws["D2"].value == datetime(2022, 12, 15) and ws["D2"].number_format == "yyyy-mm-dd"
    assert ws["D4"].value == "2023-01"  # a month stays as the format writes it


def test_the_same_calendar_gives_the_same_bytes(tmp_path):
    for fmt in ("xlsx", "csv"):
        a = tmp_path / f"a.{fmt}"
        b = tmp_path / f"b.{fmt}"
        assert runner.invoke(app, ["export", "-o", str(a)]).exit_code == 0
        assert runner.invoke(app, ["export", "-o", str(b)]).exit_code == 0
        assert a.read_bytes() == b.read_bytes()


def test_export_says_what_it_wrote_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["export", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Skrev {out}: 41 aktiviteter, 9 organer og 3 faser.")
    again = runner.invoke(app, ["export", "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr and "findes allerede" in again.stderr
    assert runner.invoke(app, ["export", "-o", str(out), "--force"]).exit_code == 0
    clash = runner.invoke(app, ["export", "--format", "csv", "-o", str(tmp_path / "t.xlsx"), "--force"])
    assert clash.exit_code == 2 and "gør dem ens" in clash.stderr


def test_export_refuses_a_calendar_that_does_not_load(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: budgettid/1\nprocess: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["export", str(bad), "-o", str(tmp_path / "t.csv")])
    assert result.exit_code == 1 and "BT002" in result.stderr
    assert not (tmp_path / "t.csv").exists()


def test_load_text_is_the_model_compared(tmp_path):
    # the comparison above is of models, not of text: the bundled file's comments do not come back
    assert load_text(bundled_path().read_text(encoding="utf-8")) == load(bundled_path())
