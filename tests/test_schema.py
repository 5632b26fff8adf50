"""`budgettid schema`: the committed JSON Schema is current, documents every field, and validates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from budgettid.cli import app
from budgettid.format.load import bundled_path
from budgettid.format.parse import parse
from budgettid.format.schema import COMMITTED_PATH, REGENERATE, dumps, json_schema

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / COMMITTED_PATH


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _plain(text: str) -> Any:
    return parse(text, "cal.yaml")[0]


def test_committed_schema_is_up_to_date():
    # Compared as JSON, so a formatting difference alone does not fail; any content does.
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json_schema(), (
        f"{COMMITTED_PATH} is out of date with the models; regenerate it: `{REGENERATE}`"
    )


def test_the_command_prints_the_schema_and_writes_it(tmp_path: Path):
    runner = CliRunner()
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0 and res.stdout == dumps()
    out = tmp_path / "s.json"
    assert runner.invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == dumps()
    res = runner.invoke(app, ["schema", "-o", str(tmp_path / "no" / "s.json"), "--lang", "en"])
    assert res.exit_code == 2 and "does not exist; create it first" in res.stderr


def test_the_schema_is_never_written_over_a_calendar(tmp_path: Path):
    # A new user ran `schema -o budget_2025_32.yaml` and lost their calendar.
    runner = CliRunner()
    cal = tmp_path / "budget_2025_32.yaml"
    cal.write_bytes(bundled_path().read_bytes())
    res = runner.invoke(app, ["schema", "-o", str(cal), "--lang", "en"])
    assert res.exit_code == 2 and "is a budgettid calendar; it is not replaced" in res.stderr
    assert cal.read_bytes() == bundled_path().read_bytes()
    res = runner.invoke(app, ["schema", "-o", str(tmp_path), "--lang", "en"])
    assert res.exit_code == 2 and "is a directory" in res.stderr and "Traceback" not in res.output
    # An older schema is replaced in one step (no temporary file left behind).
    old = tmp_path / "s.json"
    old.write_text("{}", encoding="utf-8")
    assert runner.invoke(app, ["schema", "-o", str(old)]).exit_code == 0
    assert old.read_text(encoding="utf-8") == dumps()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budget_2025_32.yaml", "s.json"]


def test_head_names_the_draft_and_the_format():
    s = json_schema()
    assert list(s)[:4] == ["$schema", "$id", "title", "description"]
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["properties"]["format"]["const"] == "budgettid/1"


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = [(f"calendar.{k}", v) for k, v in schema["properties"].items()]
    for name, d in schema["$defs"].items():
        for branch in d.get("anyOf", [d]):
            out += [(f"{name}.{k}", v) for k, v in branch.get("properties", {}).items()]
    return out


def test_every_field_has_a_description_and_examples():
    props = _properties(json_schema())
    assert len(props) > 40
    for name, p in props:
        assert p.get("description"), f"{name} has no description"
        assert p.get("examples"), f"{name} has no examples"


def test_the_bundled_calendar_is_valid(validator: Draft202012Validator):
    data = _plain(bundled_path().read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_the_bundled_calendar_points_at_the_committed_schema():
    first = bundled_path().read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    target = (Path(bundled_path()).parent / first.removeprefix(prefix)).resolve()
    assert target == COMMITTED.resolve()


def test_an_unknown_key_is_rejected(validator: Draft202012Validator):
    text = (
        bundled_path()
        .read_text(encoding="utf-8")
        .replace("    kind: deadline\n", "    kind: deadline\n    colour: red\n", 1)
    )
    errors = list(validator.iter_errors(_plain(text)))
    assert len(errors) == 1
    assert "'colour' was unexpected" in errors[0].message
    assert list(errors[0].absolute_path) == ["events", 7]


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({"after": ["oeu-1"]}, True),  # the short form of a constraint
        ({"after": [{"event": "oeu-1", "min_days": 7}]}, True),
        ({"date": "2023-Q3"}, True),
        ({"date": "13/9-2023"}, False),
        ({"kind": "party"}, False),
        ({"time": "17:00"}, True),
        ({"time": 1020}, False),  # YAML 1.1's reading of 17:00
        ({"reminders": ["P7D", "one week"]}, False),
        # issue 11: links are http, https or mailto; text and numbers are bounded
        ({"url": "https://alleroed.dk/budget"}, True),
        ({"url": "MAILTO:sekretariat@alleroed.dk"}, True),
        ({"url": "javascript:alert(1)"}, False),
        ({"url": "https://alleroed.dk/a b"}, False),
        ({"url": "https://alleroed.dk/" + "a" * 2000}, False),
        ({"title": "x" * 500}, True),
        ({"title": "x" * 501}, False),
        ({"after": [{"event": "oeu-1", "min_days": 3661}]}, False),
    ],
)
def test_event_fields(validator: Draft202012Validator, change: dict[str, Any], valid: bool):
    event = {
        "id": "br-1",
        "title": "Byrådets 1. behandling",
        "kind": "meeting",
        "date": "2023-09-19",
    } | change
    data = {
        "format": "budgettid/1",
        "process": {"id": "t", "title": "T", "budget_years": "2024-2027"},
        "bodies": {},
        "phases": [],
        "events": [event],
    }
    assert validator.is_valid(data) is valid


@pytest.mark.parametrize(
    ("years", "valid"), [("2024-2027", True), ("0000-0001", False), ("2024-3000", False)]
)
def test_budget_years_lie_in_1900_2999(validator: Draft202012Validator, years: str, valid: bool):
    data = {
        "format": "budgettid/1",
        "process": {"id": "t", "title": "T", "budget_years": years},
        "bodies": {},
        "phases": [],
        "events": [],
    }
    assert validator.is_valid(data) is valid
