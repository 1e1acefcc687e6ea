"""YAML text -> plain data (dicts, lists, strings, numbers) built straight from libyaml events.

Why events rather than `yaml.load`: building the data ourselves is several times faster than
PyYAML's constructors, lets us reject what PyYAML accepts silently (duplicate keys,
yaml/pyyaml#165), refuse tags that construct objects, bound alias expansion and nesting, and
keep every date as the text the user wrote (no implicit timestamps).

Positions are only needed when something is reported, so the fast path records none;
`SourceMap.build` walks the text again and returns the 1-based line and column of every key and
value by path.

`parse` first tries `_parse_simple`, a line reader of the plain block subset most plan files are
written in (no libyaml events at all: about 2.5x faster than walking them); at the first line
outside that subset it gives up and the events are walked (`_walk_fast`). Both build exactly what
`_Walker` builds (tests/test_load.py compares them), and every problem is found by the walk.

This package holds the entry points (`decode`, `parse`, `Parsed`); the modules hold the parts:

    scalars.py    plain scalars -> null, true/false, numbers, else text (shared by every reader)
    problems.py   YamlProblem, the nesting and alias limits, libyaml's syntax errors reworded
    simple.py     `_parse_simple`, the line reader of the plain block subset
    fastwalk.py   `_walk_fast`, the libyaml event walk of the hot path (no positions)
    walker.py     `_Walker`, the reference event walk, which can record every position
    positions.py  `SourceMap` (positions by path) and `duplicate_keys`

Only the modules of this package import `yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Diagnostic, Severity
from .fastwalk import _walk_fast
from .positions import SourceMap, duplicate_keys
from .problems import MAX_ALIAS_EXPANSION, MAX_DEPTH, YamlProblem
from .scalars import resolve_plain
from .simple import _parse_simple
from .walker import Path
from .walker import _Walker as _Walker  # for tests/test_load.py

__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_DEPTH",
    "Parsed",
    "Path",
    "SourceMap",
    "YamlProblem",
    "decode",
    "duplicate_keys",
    "parse",
    "resolve_plain",
]

# Characters of text per findall in `_parse_simple`, which reads it here at each call (so it
# can be changed on the package, as tests/test_load.py does).
_SIMPLE_CHUNK = 1 << 20


@dataclass
class Parsed:
    """The data of one YAML file and the problems found while reading it."""

    data: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fatal: bool = False  # the file could not be read as YAML at all


_UTF16_32_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    """Bytes -> text; invalid UTF-8 becomes a diagnostic at the first bad byte; a BOM is dropped.

    UTF-16 and UTF-32 (with or without a byte-order mark) and binary data (NUL bytes) are named
    as such, at the real line and column, rather than as a YAML syntax error.
    """
    for bom, encoding in _UTF16_32_BOMS:
        if raw.startswith(bom):
            return None, Diagnostic(
                "invalid-utf8",
                Severity.ERROR,
                f"the file is {encoding} text (it starts with a {encoding} byte-order mark): "
                "save it as UTF-8",
                file,
                1,
                1,
            )
    nul = raw.find(b"\x00")
    if nul >= 0:
        sample = raw[:4096]
        if sample.count(b"\x00") * 4 >= len(sample):  # every other byte (or more) is NUL
            return None, Diagnostic(
                "invalid-utf8",
                Severity.ERROR,
                "the file looks like UTF-16 or UTF-32 text (NUL bytes between its characters): "
                "save it as UTF-8",
                file,
                1,
                1,
            )
        before = raw[:nul]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, Diagnostic(
            "not-text",
            Severity.ERROR,
            "a NUL byte (0x00): the file holds binary data, not YAML text",
            file,
            line,
            column,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        bad = raw[exc.start : exc.start + 1].hex()
        return None, Diagnostic(
            "invalid-utf8",
            Severity.ERROR,
            f"the file is not valid UTF-8 (byte 0x{bad}): save it as UTF-8",
            file,
            line,
            column,
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def parse(text: str, file: str) -> Parsed:
    """Parse YAML text to data; problems become diagnostics (a syntax problem is fatal)."""
    try:
        simple = _parse_simple(text)
        data, duplicate = simple if simple is not None else _walk_fast(text)
    except YamlProblem as problem:
        return Parsed(
            None,
            [
                Diagnostic(
                    problem.code,
                    Severity.ERROR,
                    problem.message,
                    file,
                    problem.line,
                    problem.column,
                )
            ],
            fatal=True,
        )
    diagnostics: list[Diagnostic] = []
    if duplicate:
        diagnostics = duplicate_keys(text, file)
    return Parsed(data, diagnostics)
