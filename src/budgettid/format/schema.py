"""The JSON Schema (draft 2020-12) of format budgettid/1, generated from the models.

Editors with a YAML language server use it to complete and check calendar files. The
committed copy is package data, src/budgettid/schema/budgettid-1.schema.json (the
repository's schema/ links to it; regenerate it with `budgettid schema -o
schema/budgettid-1.schema.json`), so every `$schema` line budgettid writes can point at a
file that exists after `pip install .`: `installed_path()`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# A URN: the schema has no web home, and editors find it through the modeline's path.
SCHEMA_ID = "urn:budgettid:schema:budgettid-1"
COMMITTED_PATH = "schema/budgettid-1.schema.json"
REGENERATE = f"budgettid schema -o {COMMITTED_PATH}"
MODELINE = "# yaml-language-server: $schema="


def installed_path() -> Path:
    """The schema shipped inside the package (package data, beside `data/`)."""
    return Path(__file__).resolve().parent.parent / "schema" / "budgettid-1.schema.json"


def modeline(calendar: Path) -> str:
    """The first line that points an editor at the installed schema from `calendar`'s folder:
    a relative path where there is one (a project's .venv moves with the project), else
    the absolute one (another drive on Windows)."""
    import os

    target = installed_path()
    try:
        where = Path(os.path.relpath(target, Path(os.path.abspath(calendar)).parent)).as_posix()
    except ValueError:
        where = target.as_posix()
    return MODELINE + where


def json_schema() -> dict[str, Any]:
    """The schema as a dict, with `$schema`, `$id`, a title and a description first."""
    from . import model

    generated = copy.deepcopy(model.json_schema())
    defs = generated.get("$defs", {})
    # `after: [oeu-1-behandling]` is short for `after: [{event: oeu-1-behandling}]`: the
    # model accepts both (a before-validator), which pydantic's schema cannot see.
    constraint = defs.get("Constraint")
    if constraint is not None:
        event = constraint["properties"]["event"]
        defs["Constraint"] = {
            "description": constraint.get("description", ""),
            "anyOf": [
                {
                    "type": "string",
                    "pattern": event["pattern"],
                    "description": "An event id: the same as {event: <id>}.",
                    "examples": event.get("examples", []),
                },
                {k: v for k, v in constraint.items() if k != "description"},
            ],
        }
    head = {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "budgettid calendar, format budgettid/1",
        "description": "A municipal budget process as one YAML file (see docs/format.md). "
        "Check a file with `budgettid check FILE`.",
    }
    body = {k: v for k, v in generated.items() if k not in ("title", "description")}
    return head | body


def dumps(schema: dict[str, Any] | None = None) -> str:
    """The schema as committed: two-space JSON, UTF-8 text, a final newline."""
    return json.dumps(json_schema() if schema is None else schema, ensure_ascii=False, indent=2) + "\n"


def write(path: Path) -> Path:
    """Write the schema atomically; never over a calendar (a slip of -o would lose it)."""
    from ..files import write_atomic

    return write_atomic(path, dumps().encode("utf-8"))
