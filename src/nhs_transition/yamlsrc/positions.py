"""Positions, computed only when something is reported: `SourceMap` and duplicate keys.

The fast readers record no positions; `SourceMap.build` walks the text again with the
reference walker and returns the 1-based line and column of every key and value by path.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from ..errors import Diagnostic, Severity, excerpt
from .problems import YamlProblem
from .walker import Path, _Walker


def duplicate_keys(text: str, file: str) -> list[Diagnostic]:
    """Every key written twice in one mapping, at the second occurrence, naming the first."""
    source = SourceMap.build(text)
    return [
        Diagnostic(
            "duplicate-key",
            Severity.ERROR,
            f"the key '{excerpt(path[-1])}' is written twice in the same mapping (first at line {first[0]}, "
            f"column {first[1]}); YAML would silently keep only the last: remove or rename one",
            file,
            second[0],
            second[1],
        )
        for path, first, second in source.duplicates
    ]


@dataclass
class SourceMap:
    """1-based positions of every value and key of one file, by path."""

    values: dict[Path, tuple[int, int]]
    keys: dict[Path, tuple[int, int]]
    duplicates: list[tuple[Path, tuple[int, int], tuple[int, int]]]

    @classmethod
    def build(cls, text: str) -> SourceMap:
        """Walk `text` again, recording positions (only done when something is reported)."""
        walker = _Walker(record=True)
        with contextlib.suppress(YamlProblem):  # positions up to the problem are still useful
            walker.walk(text)
        return cls(walker.values, walker.keys, walker.duplicates)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of the value (or key) at `path`, or of its nearest recorded ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            path = path[:-1]
        return self.values.get((), (1, 1))
