"""The plain-block fast path (`_parse_simple`): a line reader of the YAML most plan files use.

Most plan files use a small part of YAML: block mappings and sequences, `key: value` lines,
plain or simply quoted one-line scalars, flow lists of ids, comments. `_parse_simple` reads
exactly that part with string operations (about three times faster than the libyaml events
it replaces) and gives up, returning None, at the first line outside it; `parse` then walks
the events as before, so anything unusual (and every error) takes the same path as ever.
"""

from __future__ import annotations

import re
from typing import Any

from .. import yamlsrc as _package
from .scalars import _NO_KEY, _NUMBER_START, _PLAIN_CONSTANTS, resolve_plain

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
    chunk = _package._SIMPLE_CHUNK  # looked up at each call: tests change it on the package
    while pos <= size:
        end = text.find("\n", pos + chunk)
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
