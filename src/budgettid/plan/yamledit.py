"""A calendar file edited as text: new scalar values spliced in, every other byte kept.

ruamel.yaml's composer says where each scalar is written; the editor replaces just that
text, so comments, alignment, quoting and flow mappings stay as they were (ruamel's own
dumper would re-space aligned flow mappings). `roll` and `move` write their drafts with it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .. import diagnostics as dg
from ..errors import CalendarInvalid
from ..format.keypath import KeyPath


def _scalars(node: Any, path: KeyPath, out: dict[KeyPath, Any]) -> None:
    """Every scalar node by its path (merge keys resolved as the loader does)."""
    kind = type(node).__name__
    if kind == "ScalarNode":
        out[path] = node
    elif kind == "SequenceNode":
        for i, child in enumerate(node.value):
            _scalars(child, (*path, i), out)
    elif kind == "MappingNode":
        for key, value in _pairs(node, 0).items():
            _scalars(value, (*path, key), out)


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _pairs(node: Any, depth: int) -> dict[Any, Any]:
    """A mapping's keys and value nodes as the loader reads them: its own keys first, then
    those of the mappings it merges (`<<: *a`), whose own merges count too (nested anchors)."""
    own: dict[Any, Any] = {}
    merged: list[Any] = []
    for key, value in node.value:
        if key.tag == _MERGE_TAG:
            merged.extend(value.value if type(value).__name__ == "SequenceNode" else [value])
        else:
            own.setdefault(key.value, value)
    if depth < _MAX_MERGE_DEPTH:
        for source in merged:
            if type(source).__name__ == "MappingNode":
                for key, value in _pairs(source, depth + 1).items():
                    own.setdefault(key, value)
    return own


_MAX_MERGE_DEPTH = 64  # as deep as the loader nests (parse.MAX_DEPTH)


def _compose(text: str, name: str) -> dict[KeyPath, Any]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        root = YAML(typ="rt").compose(text)
    except YAMLError as exc:  # the loader accepted it; ruamel did not
        from ..i18n import msg

        problem = msg("load.ruamel", error=str(exc))
        raise CalendarInvalid([dg.make(name, (1, 1), "BT001", problem)]) from None
    out: dict[KeyPath, Any] = {}
    _scalars(root, (), out)
    return out


class Editor:
    """Replacements of scalar source text, collected and then applied in one pass."""

    def __init__(self, text: str, name: str = "<string>") -> None:
        self.text, self.nodes = text, _compose(text, name)
        self.edits: dict[tuple[int, int], tuple[str, KeyPath]] = {}
        self.conflicts: list[KeyPath] = []

    def span(self, path: KeyPath) -> tuple[int, int]:
        """Where the scalar's text is: after its anchor (&name) or tag, if any."""
        node = self.nodes[path]
        start, end = node.start_mark.index, node.end_mark.index
        props = re.match(r"(?:[&!]\S*\s+)*", self.text[start:end])
        return start + (props.end() if props else 0), end

    def __contains__(self, path: KeyPath) -> bool:
        return path in self.nodes

    def raw(self, path: KeyPath) -> str:
        start, end = self.span(path)
        return self.text[start:end]

    def set(self, path: KeyPath, new_raw: str) -> None:
        span = self.span(path)
        if span in self.edits and self.edits[span][0] != new_raw:
            self.conflicts.append(path)  # an alias shared by values that roll differently
            return
        if new_raw != self.raw(path):
            self.edits[span] = (new_raw, path)

    def set_scalar(self, path: KeyPath, value: str) -> None:
        """Replace a scalar's value, keeping its quotes."""
        raw = self.raw(path)
        quote = raw[0] if raw[:1] in ("'", '"') else ""
        self.set(path, f"{quote}{value}{quote}")

    def apply(self) -> str:
        out, at = [], 0
        for (start, end), (new, _) in sorted(self.edits.items()):
            out += [self.text[at:start], new]
            at = end
        return "".join(out) + self.text[at:]

    def comment_after(self, path: KeyPath) -> str | None:
        """The end-of-line comment after a scalar, if any (it may describe the old date)."""
        node = self.nodes[path]
        rest = self.text[node.end_mark.index :].split("\n", 1)[0]
        m = re.match(r"\s+#\s?(.*)$", rest)
        return m.group(1).strip() if m else None


_MODELINE = re.compile(r"^(#\s*yaml-language-server:\s*\$schema=)(\S+)", re.MULTILINE)


def retarget_schema_line(text: str, source_dir: Path, draft_dir: Path) -> str:
    """Keep a relative `# yaml-language-server: $schema=` path pointing at the same file."""

    def sub(m: re.Match[str]) -> str:
        target = m.group(2)
        if "://" in target or os.path.isabs(target) or not (source_dir / target).is_file():
            return m.group(0)
        moved = os.path.relpath(os.path.abspath(source_dir / target), os.path.abspath(draft_dir))
        return m.group(1) + Path(moved).as_posix()

    return _MODELINE.sub(sub, text, count=1)
