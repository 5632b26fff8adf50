"""Where each key and value of a calendar file is: key paths to 1-based (line, column)."""

from __future__ import annotations

KeyPath = tuple[str | int, ...]
Mark = tuple[int, int]


class SourceMap:
    """Positions of values and keys, addressed by their path in the document."""

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        self.values: dict[KeyPath, Mark] = {}
        self.keys: dict[KeyPath, Mark] = {}

    def at(self, path: KeyPath, *, key: bool = False) -> Mark:
        """The position of the value (or key) at `path`, else of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def key_or_value(self, path: KeyPath) -> Mark:
        return self.keys.get(tuple(path)) or self.at(path)


class LazySourceMap(SourceMap):
    """A SourceMap filled on first use by reading the text again with marks.

    Most runs of a clean calendar never need a position, so the fast path records none
    (and a calendar read from the cache imports no YAML parser until one is asked for).
    """

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _fill(self) -> None:
        if self._text is not None:
            from .parse import fill

            text, self._text = self._text, None
            fill(text, self)

    def at(self, path: KeyPath, *, key: bool = False) -> Mark:
        self._fill()
        return super().at(path, key=key)

    def key_or_value(self, path: KeyPath) -> Mark:
        self._fill()
        return super().key_or_value(path)
