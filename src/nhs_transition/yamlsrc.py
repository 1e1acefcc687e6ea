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
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

from .errors import Diagnostic, Severity

try:  # the C parser (libyaml) when PyYAML was built with it
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000

Path = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})

_SCALAR = ev.ScalarEvent
_MAP_START = ev.MappingStartEvent
_MAP_END = ev.MappingEndEvent
_SEQ_START = ev.SequenceStartEvent
_SEQ_END = ev.SequenceEndEvent
_ALIAS = ev.AliasEvent
_DOC_START = ev.DocumentStartEvent


class YamlProblem(Exception):
    """A problem that stops the walk: carries a diagnostic code, a message and a 1-based position."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Parsed:
    """The data of one YAML file and the problems found while reading it."""

    data: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fatal: bool = False  # the file could not be read as YAML at all


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar: null, true/false, integers and floats; else the text.

    Dates stay text on purpose (they go through `dates.py`), and so does 'yes'/'no' (YAML 1.1's
    Norway problem).
    """
    if value in _NULLS:
        return None
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(value):
            return int(value.replace("_", ""))
        if _FLOAT.fullmatch(value):
            return float(value.replace("_", ""))
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return value


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


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


def _tab_column(text: str, line: int, column: int) -> int | None:
    """The 1-based column of a tab in the indentation of `line` (or at `column`), if there is one."""
    lines = text.split("\n", line)
    if line > len(lines):
        return None
    content = lines[line - 1]
    indent = content[: len(content) - len(content.lstrip(" \t"))]
    if "\t" in indent:
        return indent.index("\t") + 1
    if content[column - 1 : column] == "\t":
        return column
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "invalid YAML"
    # libyaml reports a tab in the indentation as "found character that cannot start any token".
    tab = _tab_column(text, line, column)
    if tab is not None:
        column = tab
    if tab is not None or "'\\t'" in problem or "\t" in problem:
        message = "tab character: YAML indents with spaces, not tabs (replace the tab with spaces)"
    else:
        message = f"invalid YAML: {problem}"
        if exc.context:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not mark:
                message += (
                    f" at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
                )
            message += ")"
    return YamlProblem("yaml-syntax", message, line, column)


class _Walker:
    """Builds data from events; with `record`, also the position of every key and value."""

    __slots__ = (
        "anchors",
        "budget",
        "duplicate",
        "duplicates",
        "keys",
        "record",
        "sizes",
        "values",
    )

    def __init__(self, record: bool) -> None:
        self.record = record
        self.anchors: dict[str, Any] = {}
        self.sizes: dict[str, int] = {}
        self.budget = MAX_ALIAS_EXPANSION
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        self.duplicate = False
        # (path, first position, second position) of every key written twice (record mode)
        self.duplicates: list[tuple[Path, tuple[int, int], tuple[int, int]]] = []

    def walk(self, text: str) -> Any:
        parser: Any = _Parser(text)
        get_event = parser.get_event
        record = self.record
        values, keys = self.values, self.keys
        # Each frame: [container, is_mapping, pending key (or _NO_KEY), path, count at start, anchor, key mark]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        count = 0  # nodes built so far, aliases counted at their expanded size
        no_key = _NO_KEY
        try:
            while True:
                event: Any = get_event()
                cls = event.__class__
                if cls is _SCALAR:
                    value = _scalar_value(event)
                    count += 1
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
                    stack.append([container, is_map, no_key, path, count, event.anchor, None])
                    continue
                elif cls is _MAP_END or cls is _SEQ_END:
                    frame = stack.pop()
                    value = frame[0]
                    if frame[5] is not None:
                        self.anchors[frame[5]] = value
                        self.sizes[frame[5]] = count - frame[4] + 1
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
                    self.budget -= size
                    if self.budget < 0:
                        raise YamlProblem(
                            "alias-expansion",
                            f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes: "
                            "this looks like an alias bomb, not a plan",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    count += size
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
                    if key in mapping:
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
            raise _syntax_problem(exc, text) from None
        except yaml.YAMLError as exc:  # pragma: no cover - reader errors carry no mark
            raise YamlProblem("yaml-syntax", f"invalid YAML: {exc}", 1, 1) from None
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
            for key, item in source.items():
                mapping.setdefault(key, item)


_NO_KEY = object()
_MISSING = object()
# Plain scalars that are not text, looked up in one step (see `resolve_plain`).
_PLAIN_CONSTANTS: dict[str, Any] = {
    **dict.fromkeys(_NULLS),
    **dict.fromkeys(_TRUE, True),
    **dict.fromkeys(_FALSE, False),
}
_NUMBER_START = frozenset("0123456789+-.")
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _walk_fast(text: str) -> tuple[Any, bool]:
    """The data of `text` and whether some mapping repeats a key: `_Walker(record=False)` unrolled.

    The hot path of loading a large plan; it must build exactly what `_Walker.walk` builds and
    raise exactly the same problems (tests/test_load.py compares the two). Rare events (tags,
    aliases, merge keys, nesting limits) take the same code as the walker.
    """
    parser: Any = _Parser(text)
    get_event = parser.get_event
    walker = _Walker(record=False)  # anchors and the alias budget, for the rare alias paths
    anchors, sizes = walker.anchors, walker.sizes
    no_key, missing, constants, number_start = _NO_KEY, _MISSING, _PLAIN_CONSTANTS, _NUMBER_START
    scalar_cls, map_start, seq_start, map_end, seq_end = (
        _SCALAR,
        _MAP_START,
        _SEQ_START,
        _MAP_END,
        _SEQ_END,
    )
    # The innermost open container (None at the top) and its pending key, size count and
    # anchor are kept in locals; `stack` holds those of the containers around it.
    current: Any = None
    is_map = False
    key: Any = no_key
    started = 0
    anchor: str | None = None
    stack: list[tuple[Any, bool, Any, int, str | None]] = []
    root: Any = None
    documents = 0
    count = 0  # nodes built so far, aliases counted at their expanded size
    duplicate = False
    try:
        while True:
            event: Any = get_event()
            cls = event.__class__
            if cls is scalar_cls:
                tag = event.tag
                value = event.value
                if tag is None:
                    if not event.style:  # plain: null, true/false, a number, else text
                        found = constants.get(value, missing)
                        if found is not missing:
                            value = found
                        elif value[0] in number_start:
                            value = resolve_plain(value)
                elif tag not in _STR_TAGS:
                    _scalar_value(event)  # raises the tag problem
                count += 1
                if event.anchor is not None:
                    anchors[event.anchor] = value
                    sizes[event.anchor] = 1
                if current is None:
                    root = value
                    continue
                if is_map:
                    if key is no_key:
                        key = value if value.__class__ is str else _key_text(value)
                        continue
                    if key in current:
                        duplicate = True
                    current[key] = value
                    key = no_key
                else:
                    current.append(value)
                continue
            if cls is map_start or cls is seq_start:
                if event.tag is not None and event.tag not in _COLLECTION_TAGS:
                    mark = event.start_mark
                    raise YamlProblem(
                        "yaml-tag",
                        f"the tag '{_short_tag(event.tag)}' is not allowed: plan files are plain YAML (remove the tag)",
                        mark.line + 1,
                        mark.column + 1,
                    )
                if len(stack) >= MAX_DEPTH:  # one saved frame per open container
                    mark = event.start_mark
                    raise YamlProblem(
                        "nesting-too-deep",
                        f"nesting deeper than {MAX_DEPTH} levels: a plan file never needs this",
                        mark.line + 1,
                        mark.column + 1,
                    )
                count += 1
                stack.append((current, is_map, key, started, anchor))
                is_map = cls is map_start
                current = {} if is_map else []
                key, started, anchor = no_key, count, event.anchor
                continue
            if cls is map_end or cls is seq_end:
                value = current
                if anchor is not None:
                    anchors[anchor] = value
                    sizes[anchor] = count - started + 1
                current, is_map, key, started, anchor = stack.pop()
                is_container = True
            elif cls is _ALIAS:
                name = event.anchor
                mark = event.start_mark
                if name not in anchors:
                    raise YamlProblem(
                        "yaml-syntax",
                        f"alias '*{name}' refers to an anchor that is not defined before it (or to itself)",
                        mark.line + 1,
                        mark.column + 1,
                    )
                size = sizes.get(name, 1)
                walker.budget -= size
                if walker.budget < 0:
                    raise YamlProblem(
                        "alias-expansion",
                        f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} nodes: "
                        "this looks like an alias bomb, not a plan",
                        mark.line + 1,
                        mark.column + 1,
                    )
                count += size
                value = anchors[name]
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

            # A finished container or an alias takes its place in the container around it.
            if current is None:
                root = value
                continue
            if is_map:
                if key is no_key:
                    if is_container or isinstance(value, (dict, list)):
                        mark = event.start_mark
                        raise YamlProblem(
                            "yaml-syntax",
                            "a mapping key must be a plain value, not a list or mapping",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    key = value if isinstance(value, str) else _key_text(value)
                    continue
                pending, key = key, no_key
                if pending == "<<" and (cls is _ALIAS or isinstance(value, (dict, list))):
                    walker._merge(current, value, event)
                    continue
                if pending in current:
                    duplicate = True
                current[pending] = value
            else:
                current.append(value)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors carry no mark
        raise YamlProblem("yaml-syntax", f"invalid YAML: {exc}", 1, 1) from None
    return root, duplicate


# --- The plain-block fast path -----------------------------------------------------------------
#
# Most plan files use a small part of YAML: block mappings and sequences, `key: value` lines,
# plain or simply quoted one-line scalars, flow lists of ids, comments. `_parse_simple` reads
# exactly that part with string operations (about three times faster than the libyaml events
# it replaces) and gives up, returning None, at the first line outside it; `parse` then walks
# the events as before, so anything unusual (and every error) takes the same path as ever.

# Characters libyaml rejects, and tabs, carriage returns, NEL, line separators and byte-order
# marks (which it reads in ways the fast path does not): a file with any of them takes the walk.
_NOT_SIMPLE_CHARS = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
# indent, '-' and the spaces after it, a simple key, the rest of the line
_SIMPLE_LINES = re.compile(
    r"^( *)(?:(-)( +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.MULTILINE
)
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"(?: +#.*| *)')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)")
_FLOW_ITEM = r"[A-Za-z0-9_][A-Za-z0-9_./-]*"
_FLOW_LIST = re.compile(rf"\[ *({_FLOW_ITEM}(?: *, *{_FLOW_ITEM})*)? *\]")
_PLAIN_START_BAD = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SIMPLE_MAX_DEPTH = 32
_SIMPLE_CHUNK = 1 << 20  # characters of text per findall
_NOT_SIMPLE = object()  # a value the fast path does not read


def _simple_value(rest: str) -> Any:
    """The value written after `key: ` or `- ` (a comment may follow), or _NOT_SIMPLE."""
    first = rest[0]
    if first == '"':
        m = _DOUBLE_QUOTED.fullmatch(rest)
        return m.group(1) if m else _NOT_SIMPLE
    if first == "'":
        m = _SINGLE_QUOTED.fullmatch(rest)
        return m.group(1).replace("''", "'") if m else _NOT_SIMPLE
    cut = rest.find(" #")
    text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if first == "[":
        m = _FLOW_LIST.fullmatch(text)
        if m is None:
            return _NOT_SIMPLE
        items = m.group(1)
        return [_plain(i.strip(" ")) for i in items.split(",")] if items else []
    if first in _PLAIN_START_BAD and not (first == "-" and rest[1:2].isdigit()):
        return _NOT_SIMPLE
    if ": " in text or text.endswith(":"):
        return _NOT_SIMPLE
    return _plain(text)


def _plain(text: str) -> Any:
    """`resolve_plain` of a non-empty scalar; text with a space in it is never anything but text."""
    if " " in text:
        return text
    return resolve_plain(text) if text[0] in _NUMBER_START else _PLAIN_CONSTANTS.get(text, text)


def _parse_simple(text: str) -> tuple[Any, bool] | None:
    """(data, a key repeated) when `text` is a block mapping in the simple subset; else None."""
    if _NOT_SIMPLE_CHARS.search(text):
        return None
    value_of, not_simple, empty = _simple_value, _NOT_SIMPLE, _NO_KEY
    special, constants, number_start = _PLAIN_START_BAD, _PLAIN_CONSTANTS, _NUMBER_START
    root: dict[str, Any] = {}
    # Open containers, innermost last: (indent of their keys or dashes, container, is a mapping)
    stack: list[tuple[int, Any, bool]] = [(0, root, True)]
    top: Any = root  # the innermost open container
    top_indent, top_is_map = 0, True
    pending: Any = empty  # a mapping key with nothing after its ':' yet, awaiting a nested block
    pending_in: dict[str, Any] = root
    pending_indent = 0
    duplicate = False
    started = marker = False
    value: Any
    # Lines are read a chunk at a time: a list of every line's parts at once would hold the
    # whole file several times over.
    findall, size, pos = _SIMPLE_LINES.findall, len(text), 0
    while pos <= size:
        end = text.find("\n", pos + _SIMPLE_CHUNK)
        if end < 0:
            end = size
        lines = findall(text, pos, end)
        pos = end + 1
        for indent_text, dash, dash_space, key, rest in lines:
            if (
                key
                and rest
                and not dash
                and top_is_map
                and pending is empty
                and len(indent_text) == top_indent
                and rest[0] not in special
            ):  # `key: plain text` in the current mapping, most lines of a plan: the path below, short
                cut = rest.find(" #")
                if cut >= 0:
                    rest = rest[:cut]
                if rest[-1] == " ":
                    rest = rest.rstrip(" ")
                if ": " in rest or rest[-1] == ":" or len(key) > 128 or key in constants:
                    return None
                if " " in rest:
                    value = rest
                elif rest[0] in number_start:
                    value = resolve_plain(rest)
                else:
                    value = constants.get(rest, rest)
                if key in top:
                    duplicate = True
                top[key] = value
                started = True
                continue
            if not dash and not key:
                if not rest or rest[0] == "#":
                    continue  # blank or a comment
                if not started and not marker and not indent_text and rest == "---":
                    marker = True
                    continue
                return None  # a continuation line, a document marker, a complex key, ...
            started = True
            col = len(indent_text)
            if pending is not empty:
                if col > pending_indent or (dash and col == pending_indent):
                    if len(stack) >= _SIMPLE_MAX_DEPTH:
                        return None
                    top = {} if not dash else []
                    top_is_map, top_indent = not dash, col
                    if pending in pending_in:
                        duplicate = True
                    pending_in[pending] = top
                    stack.append((col, top, top_is_map))
                else:
                    if pending in pending_in:
                        duplicate = True
                    pending_in[pending] = None
                pending = empty
            while col < top_indent or (not top_is_map and not (dash and col == top_indent)):
                stack.pop()
                if not stack:
                    return None
                top_indent, top, top_is_map = stack[-1]
            if col != top_indent:
                return None
            if rest and rest[0] != "#":
                first = rest[0]
                if first in special:
                    value = value_of(rest)
                    if value is not_simple:
                        return None
                else:  # plain text (inlined `_simple_value`: most values take this path)
                    cut = rest.find(" #")
                    if cut >= 0:
                        rest = rest[:cut]
                    if rest[-1] == " ":
                        rest = rest.rstrip(" ")
                    if ": " in rest or rest[-1] == ":":
                        return None
                    if " " in rest:
                        value = rest
                    elif first in number_start:
                        value = resolve_plain(rest)
                    else:
                        value = constants.get(rest, rest)
            else:
                value = empty
            if top_is_map:
                if dash:
                    return None
                item_map = top
            else:
                if not key:  # `- value`
                    if value is empty:
                        return None
                    top.append(value)
                    continue
                # `- key: ...` starts a mapping whose keys line up with this one
                if len(stack) >= _SIMPLE_MAX_DEPTH:
                    return None
                item_map = {}
                top.append(item_map)
                top_indent = col + 1 + len(dash_space)
                top, top_is_map = item_map, True
                stack.append((top_indent, top, True))
                col = top_indent
            if len(key) > 128 or key in constants:
                return None  # too long for a simple key, or YAML reads it as null or true/false
            if value is empty:
                pending, pending_in, pending_indent = key, item_map, col
                continue
            if key in item_map:
                duplicate = True
            item_map[key] = value
    if not started:
        return None
    if pending is not empty:
        if pending in pending_in:
            duplicate = True
        pending_in[pending] = None
    return root, duplicate


def _key_text(value: Any) -> str:
    """A plain mapping key that YAML reads as null, true/false or a number, as text."""
    if isinstance(value, str):
        return value
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    """Bytes -> text; invalid UTF-8 becomes a diagnostic at the first bad byte; a BOM is dropped."""
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


def duplicate_keys(text: str, file: str) -> list[Diagnostic]:
    """Every key written twice in one mapping, at the second occurrence, naming the first."""
    source = SourceMap.build(text)
    return [
        Diagnostic(
            "duplicate-key",
            Severity.ERROR,
            f"the key '{path[-1]}' is written twice in the same mapping (first at line {first[0]}, "
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
