"""The reference walk of libyaml events (`_Walker`): data, and with `record` every position.

It is what `SourceMap.build` runs when something must be reported, and what the two fast readers
(`fastwalk`, `simple`) must build exactly (tests/test_load.py compares them).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml import events as ev
from yaml.parser import Parser as _PyParser
from yaml.reader import Reader
from yaml.scanner import Scanner

from .problems import (
    MAX_ALIAS_CHARACTERS,
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    YamlProblem,
    _alias_problem,
    _reader_problem,
    _short_tag,
    _syntax_problem,
)
from .scalars import _NO_KEY, resolve_plain


class _PurePythonParser(Reader, Scanner, _PyParser):
    """PyYAML's own parser: slower than libyaml, but with no limits of its own."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        _PyParser.__init__(self)


try:  # the C parser (libyaml) when PyYAML was built with it
    from yaml._yaml import CParser

    _Parser: Any = CParser  # a name of this module, so that fastwalk.py may import it
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _Parser = _PurePythonParser

# Up to this many characters before a libyaml error are re-read by the pure-Python parser to
# see whether one of our own limits comes first (beyond it, libyaml re-reads them, faster).
_RECHECK_PURE_LIMIT = 1 << 18


def _libyaml_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """The problem to report for a parser error: our own limit when it comes first, else the error.

    libyaml has limits of its own that can fire before ours: from PyYAML 6.0.4 its scanner stops
    at 1,000 levels of flow nesting, and it looks up to 1,024 characters ahead, so a line of
    `[[[[...` fails inside libyaml before the walk has seen 64 levels. Our limits (nesting, alias
    expansion, tags) must not depend on the parser's version: the text before the error is read
    again, and a problem of ours found there wins.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is not None:
        start = 0
        for _ in range(mark.line):
            start = text.find("\n", start) + 1
            if start == 0:
                break
        prefix = text[: start + mark.column] if start or mark.line == 0 else text
        parser = _PurePythonParser if len(prefix) <= _RECHECK_PURE_LIMIT else _Parser
        try:
            _Walker(record=False).walk(prefix, parser, recheck=False)
        except YamlProblem as own:
            if own.code != "yaml-syntax":
                return own
    return _syntax_problem(exc, text)


Path = tuple[str | int, ...]

_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})

_SCALAR = ev.ScalarEvent
_MAP_START = ev.MappingStartEvent
_MAP_END = ev.MappingEndEvent
_SEQ_START = ev.SequenceStartEvent
_SEQ_END = ev.SequenceEndEvent
_ALIAS = ev.AliasEvent
_DOC_START = ev.DocumentStartEvent


def _scalar_value(event: Any) -> Any:
    tag = event.tag
    if tag is not None and tag not in _STR_TAGS:
        mark = event.start_mark
        raise YamlProblem(
            "yaml-tag",
            f"the tag '{_short_tag(tag)}' is not allowed: plan files are plain YAML (remove the tag)",
            mark.line + 1,
            mark.column + 1,
        )
    if not event.style and tag is None:  # libyaml gives plain scalars style "", PyYAML None
        return resolve_plain(event.value)
    return event.value


class _Walker:
    """Builds data from events; with `record`, also the position of every key and value."""

    __slots__ = (
        "anchors",
        "budget",
        "character_budget",
        "characters",
        "duplicate",
        "duplicates",
        "keys",
        "merged",
        "record",
        "sizes",
        "values",
    )

    def __init__(self, record: bool) -> None:
        self.record = record
        self.anchors: dict[str, Any] = {}
        self.sizes: dict[str, int] = {}
        self.budget = MAX_ALIAS_EXPANSION
        self.character_budget = MAX_ALIAS_CHARACTERS
        self.characters: dict[str, int] = {}  # characters of text under each anchor
        # Keys a merge ('<<') put into a mapping (by the mapping's id): a key written after the
        # merge overrides them, which is no duplicate.
        self.merged: dict[int, set[str]] = {}
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        self.duplicate = False
        # (path, first position, second position) of every key written twice (record mode)
        self.duplicates: list[tuple[Path, tuple[int, int], tuple[int, int]]] = []

    def walk(self, text: str, parser_class: Any = None, *, recheck: bool = True) -> Any:
        parser: Any = (parser_class or _Parser)(text)
        get_event = parser.get_event
        record = self.record
        values, keys = self.values, self.keys
        # Each frame: [container, is_mapping, pending key (or _NO_KEY), path, count at start, anchor,
        # key mark, characters at start]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        count = 0  # nodes built so far, aliases counted at their expanded size
        characters = 0  # characters of scalar text so far, likewise
        no_key = _NO_KEY
        try:
            while True:
                event: Any = get_event()
                cls = event.__class__
                if cls is _SCALAR:
                    value = _scalar_value(event)
                    count += 1
                    characters += len(event.value)
                    is_container = False
                elif cls is _MAP_START or cls is _SEQ_START:
                    if event.tag is not None and event.tag not in (
                        "tag:yaml.org,2002:map",
                        "tag:yaml.org,2002:seq",
                    ):
                        mark = event.start_mark
                        raise YamlProblem(
                            "yaml-tag",
                            f"the tag '{_short_tag(event.tag)}' is not allowed: plan files are plain YAML (remove the tag)",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    if len(stack) >= MAX_DEPTH:
                        mark = event.start_mark
                        raise YamlProblem(
                            "nesting-too-deep",
                            f"nesting deeper than {MAX_DEPTH} levels: a plan file never needs this",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    count += 1
                    is_map = cls is _MAP_START
                    container: Any = {} if is_map else []
                    if stack:
                        parent = stack[-1]
                        path = (
                            (*parent[3], parent[2] if parent[1] else len(parent[0]))
                            if record
                            else ()
                        )
                    else:
                        path = ()
                    if record:
                        mark = event.start_mark
                        values[path] = (mark.line + 1, mark.column + 1)
                    stack.append(
                        [container, is_map, no_key, path, count, event.anchor, None, characters]
                    )
                    continue
                elif cls is _MAP_END or cls is _SEQ_END:
                    frame = stack.pop()
                    value = frame[0]
                    if frame[5] is not None:
                        self.anchors[frame[5]] = value
                        self.sizes[frame[5]] = count - frame[4] + 1
                        self.characters[frame[5]] = characters - frame[7]
                    is_container = True
                elif cls is _ALIAS:
                    name = event.anchor
                    mark = event.start_mark
                    if name not in self.anchors:
                        raise YamlProblem(
                            "yaml-syntax",
                            f"alias '*{name}' refers to an anchor that is not defined before it (or to itself)",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    size = self.sizes.get(name, 1)
                    weight = self.characters.get(name, 0)
                    self.budget -= size
                    self.character_budget -= weight
                    if self.budget < 0 or self.character_budget < 0:
                        raise _alias_problem(self.budget < 0, mark)
                    count += size
                    characters += weight
                    value = self.anchors[name]
                    is_container = False
                elif cls is _DOC_START:
                    documents += 1
                    if documents > 1:
                        mark = event.start_mark
                        raise YamlProblem(
                            "yaml-syntax",
                            "more than one YAML document ('---') in a plan file: keep one per file",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    continue
                elif cls is ev.StreamEndEvent:
                    break
                else:
                    continue

                if cls is _SCALAR and event.anchor is not None:
                    self.anchors[event.anchor] = value
                    self.sizes[event.anchor] = 1
                    self.characters[event.anchor] = len(event.value)
                if not stack:
                    root = value
                    continue
                frame = stack[-1]
                if frame[1]:  # mapping
                    if frame[2] is no_key:
                        if is_container or isinstance(value, (dict, list)):
                            mark = event.start_mark
                            raise YamlProblem(
                                "yaml-syntax",
                                "a mapping key must be a plain value, not a list or mapping",
                                mark.line + 1,
                                mark.column + 1,
                            )
                        if not isinstance(value, str):
                            value = (
                                ""
                                if value is None
                                else str(value).lower()
                                if isinstance(value, bool)
                                else str(value)
                            )
                        frame[2] = value
                        if record:
                            mark = event.start_mark
                            frame[6] = (mark.line + 1, mark.column + 1)
                        continue
                    key = frame[2]
                    frame[2] = no_key
                    mapping = frame[0]
                    if (key == "<<" and cls is _ALIAS) or (
                        key == "<<" and isinstance(value, (dict, list))
                    ):
                        self._merge(mapping, value, event)
                        continue
                    if key in mapping and not self.overrides_merge(mapping, key):
                        self.duplicate = True
                        if record:
                            kpath = (*frame[3], key)
                            self.duplicates.append((kpath, keys[kpath], frame[6]))
                            continue  # positions keep pointing at the first occurrence
                    mapping[key] = value
                    if record:
                        kpath = (*frame[3], key)
                        keys[kpath] = frame[6]
                        if not is_container:
                            mark = event.start_mark
                            values[kpath] = (mark.line + 1, mark.column + 1)
                else:
                    seq = frame[0]
                    if record and not is_container:
                        mark = event.start_mark
                        values[(*frame[3], len(seq))] = (mark.line + 1, mark.column + 1)
                    seq.append(value)
        except yaml.MarkedYAMLError as exc:
            if not recheck:
                raise _syntax_problem(exc, text) from None
            raise _libyaml_problem(exc, text) from None
        except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
            raise _reader_problem(exc, text) from None
        return root

    def _merge(self, mapping: dict[str, Any], value: Any, event: Any) -> None:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                mark = event.start_mark
                raise YamlProblem(
                    "yaml-syntax",
                    "a merge key '<<' takes a mapping or a list of mappings",
                    mark.line + 1,
                    mark.column + 1,
                )
            added = self.merged.setdefault(id(mapping), set())
            for key, item in source.items():
                if key not in mapping:
                    mapping[key] = item
                    added.add(key)

    def overrides_merge(self, mapping: dict[str, Any], key: str) -> bool:
        """True when `key`, already in `mapping`, came from a merge: writing it again overrides."""
        added = self.merged.get(id(mapping))
        if added is None or key not in added:
            return False
        added.discard(key)
        return True
