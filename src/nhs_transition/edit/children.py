"""Reports on a cascade's child: edits inside the parent's `children:` entry for one organisation.

A child of a cascaded milestone (`parent/org`, see `load.cascade`) keeps its own forecast, actual
and history under the parent, one entry per organisation:

```yaml
    children:
      sha-london: {actual: 15 September 2010}
      sha-north-west:
        forecast: November 2010
        history:
          - {date: 1 October 2010, forecast: November 2010, reason: "interviews restarted"}
```

A report on one child edits only its entry: its keys set in place (a new key before its
`history:`), its history appended in the file's style; an organisation without an entry gets
one at the end of `children:`, and a parent without `children:` gets the mapping after its last
line. Every other organisation's lines, and every other byte, stay as they were.
"""

from __future__ import annotations

import re

from ..errors import EXIT_USAGE, TransitionError
from ..yamlsrc.spans import NodeSpan
from .text import (
    EntryStyle,
    Splice,
    after_line,
    append_history,
    at_line_start,
    block_entry,
    flow_entry,
    key_column,
    scalar,
    set_key,
)

# `children:` followed by its first entry: how far the file indents a nested mapping.
_NESTED = re.compile(
    r"^(?P<key>[ ]*)children:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*(?P<inner>[ ]*)\S",
    re.MULTILINE,
)
_VALUE_KEYS = ("forecast", "actual")  # scalar keys a report sets, in the order they are written


def nested_indent(text: str) -> int:
    """How many columns the file indents a `children:` entry under its key (2 by default)."""
    found = _NESTED.search(text)
    if found is not None:
        step = len(found.group("inner")) - len(found.group("key"))
        if step > 0:
            return step
    return 2


def child_splices(
    text: str,
    parent: NodeSpan,
    org: str,
    entry: dict[str, str],
    nl: str,
    style: EntryStyle,
) -> list[Splice]:
    """The splices that record `entry` (a history entry) for `org` under the parent's `children:`.

    A forecast or actual in the entry is also set as the child's `forecast:` / `actual:`.
    """
    values = {k: entry[k] for k in _VALUE_KEYS if k in entry}
    step = nested_indent(text)
    children = parent.keys.get("children")
    if children is None or _empty(children):
        return [_new_children(text, parent, children, org, values, entry, nl, style, step)]
    if children.kind != "mapping":
        raise TransitionError(
            "its 'children' is not a mapping of organisations: correct it by hand, then run the "
            "command again",
            EXIT_USAGE,
        )
    node = children.keys.get(org)
    if node is None:
        return [_new_entry(text, children, org, values, entry, nl, style, step)]
    if _empty(node):
        return [_fill_entry(text, node, org, values, entry, nl, style, step)]
    if node.kind != "mapping":
        raise TransitionError(
            f"its entry for '{org}' under 'children' is not a mapping: correct it by hand, then "
            "run the command again",
            EXIT_USAGE,
        )
    splices = [_set_child_key(text, node, key, value, nl) for key, value in values.items()]
    splices.append(append_history(text, node, entry, nl, style))
    return splices


def _empty(node: NodeSpan) -> bool:
    """A null value (`key:` with nothing, `~`, `null`) or an empty flow mapping `{}`."""
    if node.kind == "scalar":
        return not node.style and node.value in ("", "~", "null", "Null", "NULL")
    return node.kind == "mapping" and node.flow and not node.keys


def _flow_value(values: dict[str, str], entry: dict[str, str], style: EntryStyle) -> str:
    """`{forecast: X, history: [{date: ..., ...}]}`: an organisation's entry in flow style."""
    parts = [f"{k}: {scalar(v)}" for k, v in values.items()]
    parts.append(f"history: [{flow_entry(entry, style.quote)}]")
    return "{" + ", ".join(parts) + "}"


def _block_lines(
    column: int,
    org: str,
    values: dict[str, str],
    entry: dict[str, str],
    nl: str,
    style: EntryStyle,
    step: int,
) -> str:
    """An organisation's entry in block style, its key at `column`."""
    inner = column + step
    lines = [f"{' ' * column}{org}:{nl}"]
    lines += [f"{' ' * inner}{k}: {scalar(v)}{nl}" for k, v in values.items()]
    lines.append(f"{' ' * inner}history:{nl}")
    dash = inner + style.dash_offset
    if style.flow:
        lines.append(f"{' ' * dash}- {flow_entry(entry, style.quote)}{nl}")
    else:
        lines.append(block_entry(entry, dash, dash + style.key_offset, style.quote, nl))
    return "".join(lines)


def _new_children(
    text: str,
    parent: NodeSpan,
    children: NodeSpan | None,
    org: str,
    values: dict[str, str],
    entry: dict[str, str],
    nl: str,
    style: EntryStyle,
    step: int,
) -> Splice:
    """A `children:` mapping with one entry (the parent has none, or an empty one)."""
    if parent.flow or (children is not None and children.kind == "mapping"):
        value = f"{{{org}: {_flow_value(values, entry, style)}}}"
        if children is None:
            last = max(parent.keys.values(), key=lambda n: n.start)
            end = last.content_end()
            return Splice(end, end, f", children: {value}")
        return Splice(children.start, children.end, value)  # `children: {}`
    column = key_column(parent)
    body = _block_lines(column + step, org, values, entry, nl, style, step)
    if children is not None:
        # `children:` (or `children: ~`) with nothing under it: its line is written again.
        start = text.rfind("\n", 0, children.key_start) + 1
        end = after_line(text, children.key_start)
        return Splice(start, end, f"{' ' * column}children:{nl}{body}")
    pos = after_line(text, parent.content_end())
    return at_line_start(text, pos, nl, f"{' ' * column}children:{nl}{body}")


def _new_entry(
    text: str,
    children: NodeSpan,
    org: str,
    values: dict[str, str],
    entry: dict[str, str],
    nl: str,
    style: EntryStyle,
    step: int,
) -> Splice:
    """An entry for `org` at the end of an existing `children:` mapping."""
    if children.flow:
        last = max(children.keys.values(), key=lambda n: n.start)
        end = last.content_end()
        return Splice(end, end, f", {org}: {_flow_value(values, entry, style)}")
    pos = after_line(text, children.content_end())
    body = _block_lines(key_column(children), org, values, entry, nl, style, step)
    return at_line_start(text, pos, nl, body)


def _fill_entry(
    text: str,
    node: NodeSpan,
    org: str,
    values: dict[str, str],
    entry: dict[str, str],
    nl: str,
    style: EntryStyle,
    step: int,
) -> Splice:
    """`org:` with nothing (or `{}`) after it: the entry written in its place."""
    if node.kind == "mapping":  # `org: {}`
        return Splice(node.start, node.end, _flow_value(values, entry, style))
    # `org:` (or `org: ~`) with nothing under it: its line is written again.
    start = text.rfind("\n", 0, node.key_start) + 1
    end = after_line(text, node.key_start)
    return Splice(start, end, _block_lines(node.key_column, org, values, entry, nl, style, step))


def _set_child_key(text: str, node: NodeSpan, key: str, value: str, nl: str) -> Splice:
    """Set `key` in an organisation's entry; a new key in a block entry goes before `history:`."""
    history = node.keys.get("history")
    if key in node.keys or node.flow or history is None:
        return set_key(text, node, key, value, nl)
    pos = text.rfind("\n", 0, history.key_start) + 1
    return Splice(pos, pos, f"{' ' * key_column(node)}{key}: {scalar(value)}{nl}")
