"""Where each node of a YAML text starts and ends, for editing the text in place (`edit/`).

`spans(text)` composes the text with libyaml (nodes only: nothing is constructed, no alias is
expanded) and returns a tree of `NodeSpan`s: character offsets of every key and value, the
scalar style and whether a collection is written in flow style. A block collection's end mark
in PyYAML runs on over the blank lines and comments after it; `content_end` gives where its
last value really ends, which is where an edit appends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import yaml

from .problems import YamlProblem

Kind = Literal["scalar", "mapping", "sequence"]


@dataclass(slots=True)
class NodeSpan:
    """One node: its kind, offsets [start, end), style, column, and its children."""

    kind: Kind
    start: int
    end: int
    column: int  # 0-based column of the node's first character
    flow: bool = False  # a collection written as {...} or [...]
    style: str | None = None  # a scalar's style: None (plain), "'", '"', "|" or ">"
    value: str = ""  # a scalar's text as read
    key_start: int = -1  # for a value in a mapping: where its key starts
    key_column: int = -1
    items: list[NodeSpan] = field(default_factory=list)  # sequence items
    keys: dict[str, NodeSpan] = field(default_factory=dict)  # mapping values by key text

    def content_end(self) -> int:
        """Where the node's last character is followed: past the last value of a block collection."""
        if self.kind == "scalar" or self.flow:
            return self.end
        last = self.items[-1] if self.items else None
        if self.keys:
            last = max(self.keys.values(), key=lambda n: n.start)
        return last.content_end() if last is not None else self.end


def spans(text: str, offset: int = 0) -> NodeSpan | None:
    """The node tree of `text` (its first document), offsets shifted by `offset`; None if empty.

    Raises YamlProblem when the text is not YAML.
    """
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise YamlProblem("invalid-yaml", str(exc.problem or exc), line, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("invalid-yaml", str(exc), 1, 1) from None
    return None if node is None else _convert(node, offset)


def _convert(node: yaml.Node, offset: int) -> NodeSpan:
    start, end = node.start_mark.index + offset, node.end_mark.index + offset
    column = node.start_mark.column
    if isinstance(node, yaml.ScalarNode):
        return NodeSpan("scalar", start, end, column, style=node.style, value=node.value)
    assert isinstance(node, yaml.CollectionNode)
    flow = bool(node.flow_style)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, offset) for item in node.value]
        return NodeSpan("sequence", start, end, column, flow=flow, items=items)
    out = NodeSpan("mapping", start, end, column, flow=flow)
    for key, value in node.value:
        child = _convert(value, offset)
        child.key_start = key.start_mark.index + offset
        child.key_column = key.start_mark.column
        out.keys[str(key.value)] = child
    return out
