"""Surgical edits of one milestone in a plan file's text: every other byte stays as it was.

Why not a YAML round trip (ruamel.yaml): it re-emits the whole file, and re-emitting changes
what people wrote (indentation of sequences, line breaks in long strings, spacing in flow
collections, quoting). Editing the text at known offsets changes only what is meant to change.

The milestone is found as the `index`-th item of the file's top-level `milestones:` block
sequence by reading lines (fast, even for 20,000 milestones); only that item is composed with
libyaml (`yamlsrc.spans`) to learn where each key and value starts and ends. A file whose
milestones are not a block sequence is composed whole instead.

An edit is a list of `Splice`s (offsets into the text); `apply_splices` makes the new text.
New lines follow the file: its line ending, the indentation of the milestone's keys, the style
(flow `{date: ..., reason: ...}` or block) and quoting of the history entries already written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..dates import format_day
from ..errors import EXIT_USAGE, TransitionError
from ..yamlsrc import YamlProblem, resolve_plain
from ..yamlsrc.spans import NodeSpan, spans

# Order of keys in a new history entry.
ENTRY_KEYS = ("date", "forecast", "due", "status", "actual", "reason")
# Where a new milestone key goes: after the last of these that is present.
_AFTER = {
    "forecast": ("id", "title", "owner", "workstream", "due"),
    "actual": ("id", "title", "owner", "workstream", "due", "forecast"),
}
_TOP_MILESTONES = re.compile(r"^milestones:[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
_CONTENT_LINE = re.compile(r"^([ ]*)(\S)", re.MULTILINE)
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./()'+-]*[A-Za-z0-9.)]|[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class Splice:
    """Replace text[start:end] with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Item:
    """A milestone item in a file's text: its node tree and the region [start, end) it owns."""

    node: NodeSpan
    start: int
    end: int
    local: bool  # True when found by its region (only the region needs reading again)


def newline_of(text: str) -> str:
    """The file's line ending: CRLF when it uses one, else LF."""
    return "\r\n" if "\r\n" in text else "\n"


def apply_splices(text: str, splices: list[Splice]) -> str:
    """The text with every splice made (splices must not overlap)."""
    out = text
    for s in sorted(splices, key=lambda s: (s.start, s.end), reverse=True):
        out = out[: s.start] + s.text + out[s.end :]
    return out


def find_item(text: str, index: int, milestone_id: str, file: str) -> Item:
    """The `index`-th item of the top-level `milestones:` sequence, which must be `milestone_id`."""
    region = _item_region(text, index)
    if region is not None:
        start, end = region
        try:
            root = spans(text[start:end], offset=start)
        except YamlProblem:
            root = None
        if root is not None and root.kind == "sequence" and len(root.items) == 1:
            node = root.items[0]
            if _id_of(node) == milestone_id and "&" not in text[start:end]:
                return Item(node, start, end, local=True)
    # Not a plain block sequence (flow style, anchors, ...): read the whole file.
    try:
        root = spans(text)
    except YamlProblem as problem:
        raise TransitionError(
            f"{file}:{problem.line}:{problem.column}: {problem.message}"
        ) from None
    milestones = root.keys.get("milestones") if root is not None else None
    if milestones is None or milestones.kind != "sequence" or index >= len(milestones.items):
        raise TransitionError(f"{file}: cannot find milestone '{milestone_id}' to edit", EXIT_USAGE)
    node = milestones.items[index]
    if _id_of(node) != milestone_id:
        raise TransitionError(f"{file}: cannot find milestone '{milestone_id}' to edit", EXIT_USAGE)
    line_start = text.rfind("\n", 0, node.start) + 1
    if _SHARED.search(text, line_start, node.content_end()):
        # An anchor is read wherever it is aliased, and a merge key takes keys from elsewhere:
        # an edit here would change other milestones too, or not mean what it says.
        raise TransitionError(
            f"{file}: milestone '{milestone_id}' is written with a YAML anchor or merge key "
            "(shared with other parts of the file): nothing was written; record this report "
            "by hand",
            EXIT_USAGE,
        )
    return Item(node, node.start, node.content_end(), local=False)


# An anchor (`&name`) or a merge key (`<<:`) in a milestone's text.
_SHARED = re.compile(r"(?:^|[\s\[{,-])&[^\s,\[\]{}]+|(?:^|\s)<<\s*:", re.M)


def _id_of(node: NodeSpan) -> str | None:
    if node.kind != "mapping":
        return None
    found = node.keys.get("id")
    return found.value if found is not None and found.kind == "scalar" else None


def _item_region(text: str, index: int) -> tuple[int, int] | None:
    """[start, end) of the index-th item of a top-level block sequence `milestones:`; else None."""
    top = _TOP_MILESTONES.search(text)
    if top is None:
        return None
    first = _first_content(text, top.end())
    if first is None or text[first[1]] != "-":
        return None  # an empty or flow-style list
    width = first[1] - first[0]
    # Items start with `-` at that column; the list ends at any other line whose content
    # starts at or left of it (a comment aside). Both are searched from a newline, which the
    # regular expression engine finds fast (a `^` in MULTILINE mode is tried at every position).
    items = re.compile(rf"\n[ ]{{{width}}}-(?=[ \t\r\n])")
    stops = re.compile(rf"\n(?![ ]{{{width}}}-[ \t\r\n])[ ]{{0,{width}}}[^ \t\r\n#]")
    stop_match = stops.search(text, first[0])
    stop = stop_match.start() + 1 if stop_match is not None else len(text)
    starts = [first[0]]
    for match in items.finditer(text, first[0], stop):
        starts.append(match.start() + 1)
        if len(starts) > index + 1:
            break
    if index >= len(starts):
        return None
    end = starts[index + 1] if index + 1 < len(starts) else stop
    return starts[index], end


def _first_content(text: str, pos: int) -> tuple[int, int] | None:
    """(line start, first character) of the first line after `pos` that is not blank or a comment."""
    for match in _CONTENT_LINE.finditer(text, pos):
        if match.start(1) <= pos:
            continue
        if match.group(2) == "#":
            continue
        return match.start(), match.start(2)
    return None


_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_WORDS_DAY = re.compile(
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}\b",
    re.IGNORECASE,
)
_SAMPLE = 1 << 16  # characters read to learn how a file writes its dates


def date_writer(text: str) -> Callable[[date], str]:
    """How the file writes a day: ISO (`2010-09-10`) when most of its days are, else words."""
    sample = text[:_SAMPLE]
    if len(_ISO_DAY.findall(sample)) > len(_WORDS_DAY.findall(sample)):
        return date.isoformat
    return format_day


# --- Writing values -----------------------------------------------------------------------------


def scalar(value: str, quote: str | None = None) -> str:
    """`value` as a YAML scalar that reads back as exactly this text, in block or flow context.

    Plain when that is safe and no `quote` is preferred; else quoted (`quote` or double quotes).
    """
    if quote is None and _PLAIN_SAFE.fullmatch(value) and resolve_plain(value) == value:
        return value
    if quote == "'" and "\n" not in value and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def after_line(text: str, end: int) -> int:
    """The start of the line after the one holding text[end - 1]."""
    if end > 0 and text[end - 1] == "\n":
        return end
    found = text.find("\n", end)
    return found + 1 if found >= 0 else len(text)


def at_line_start(text: str, pos: int, nl: str, line: str) -> Splice:
    """Insert `line` (ending in `nl`) at `pos`, a line start (or the end of a file without one)."""
    if pos == len(text) and text and not text.endswith("\n"):
        line = nl + line
    return Splice(pos, pos, line)


def key_column(node: NodeSpan) -> int:
    return min(child.key_column for child in node.keys.values())


def set_key(text: str, node: NodeSpan, key: str, value: str, nl: str) -> Splice:
    """Set the scalar `key` of the milestone mapping `node` to the text `value`."""
    current = node.keys.get(key)
    if current is not None:
        if current.kind != "scalar" or current.style in ("|", ">"):
            raise TransitionError(f"'{key}' is not a single value: edit it by hand", EXIT_USAGE)
        if current.value == value:
            return Splice(current.start, current.start, "")
        quote = current.style if current.style in ("'", '"') else None
        written = scalar(value, quote)
        if current.start == current.end and text[current.start - 1 : current.start] == ":":
            written = " " + written  # `key:` with nothing after it
        return Splice(current.start, current.end, written)
    written = scalar(value)
    if node.flow:
        last = max(node.keys.values(), key=lambda n: n.start)
        end = last.content_end()
        return Splice(end, end, f", {key}: {written}")
    before = [node.keys[k] for k in _AFTER.get(key, ()) if k in node.keys]
    anchor = (
        max(before, key=lambda n: n.start)
        if before
        else max(node.keys.values(), key=lambda n: n.start)
    )
    pos = after_line(text, anchor.content_end())
    return at_line_start(text, pos, nl, f"{' ' * key_column(node)}{key}: {written}{nl}")


@dataclass(frozen=True, slots=True)
class EntryStyle:
    """How history entries are written in a file: flow or block, indentation, quoting."""

    flow: bool = False
    dash_offset: int = 2  # columns from the `history:` key to the `-` of its items
    key_offset: int = 2  # columns from the `-` to the entry's keys
    quote: str | None = None  # how reasons are quoted: None (plain when safe), '"' or "'"


_HISTORY_BLOCK = re.compile(
    r"^(?P<key>[ ]*)history:[ \t]*\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*"
    r"(?P<dash>[ ]*)-(?P<gap>[ ]+)(?P<brace>\{)?",
    re.MULTILINE,
)
_REASON_QUOTE = re.compile(r"reason:[ \t]*(?P<q>[\"'])?")


def file_entry_style(text: str) -> EntryStyle:
    """The style of the first history entries written in the file (block, 2 and 2, by default)."""
    at = text.find("history:")
    if at < 0:
        return EntryStyle()
    found = _HISTORY_BLOCK.search(text, text.rfind("\n", 0, at) + 1)
    if found is None:
        return EntryStyle()
    reason = _REASON_QUOTE.search(text, found.end())
    quote = reason.group("q") if reason is not None else None
    return EntryStyle(
        flow=found.group("brace") is not None,
        dash_offset=max(0, len(found.group("dash")) - len(found.group("key"))),
        key_offset=1 + len(found.group("gap")),
        quote=quote,
    )


def _entry_quote(entry: NodeSpan, default: str | None) -> str | None:
    reason = entry.keys.get("reason")
    if reason is not None and reason.kind == "scalar":
        return reason.style if reason.style in ("'", '"') else None
    return default


def flow_entry(entry: dict[str, str], quote: str | None) -> str:
    parts = [f"{k}: {scalar(v, quote if k == 'reason' else None)}" for k, v in entry.items()]
    return "{" + ", ".join(parts) + "}"


def block_entry(entry: dict[str, str], dash: int, keys: int, quote: str | None, nl: str) -> str:
    lines = []
    for n, (k, v) in enumerate(entry.items()):
        lead = " " * dash + "-" + " " * (keys - dash - 1) if n == 0 else " " * keys
        lines.append(f"{lead}{k}: {scalar(v, quote if k == 'reason' else None)}{nl}")
    return "".join(lines)


def append_history(
    text: str, node: NodeSpan, entry: dict[str, str], nl: str, style: EntryStyle
) -> Splice:
    """Append `entry` to the milestone's `history:` (created when absent), in the file's style."""
    history = node.keys.get("history")
    if history is None:
        if node.flow:
            last = max(node.keys.values(), key=lambda n: n.start)
            end = last.content_end()
            return Splice(end, end, f", history: [{flow_entry(entry, style.quote)}]")
        column = key_column(node)
        dash = column + style.dash_offset
        if style.flow:
            body = f"{' ' * dash}- {flow_entry(entry, style.quote)}{nl}"
        else:
            body = block_entry(entry, dash, dash + style.key_offset, style.quote, nl)
        pos = after_line(text, node.content_end())
        return at_line_start(text, pos, nl, f"{' ' * column}history:{nl}{body}")
    if history.kind != "sequence":
        raise TransitionError(
            "its 'history' is not a list: correct it by hand, then run the command again",
            EXIT_USAGE,
        )
    if history.flow:
        close = history.end - 1
        if text[close] != "]":
            raise TransitionError("its 'history' list is not closed by ']'", EXIT_USAGE)
        if history.items:
            end = history.items[-1].content_end()
            return Splice(end, end, f", {flow_entry(entry, style.quote)}")
        return Splice(close, close, flow_entry(entry, style.quote))
    last = history.items[-1]
    quote = _entry_quote(last, style.quote) if last.kind == "mapping" else style.quote
    pos = after_line(text, last.content_end())
    dash = history.column
    if last.kind == "mapping" and last.flow:
        return at_line_start(text, pos, nl, f"{' ' * dash}- {flow_entry(entry, quote)}{nl}")
    keys = key_column(last) if last.kind == "mapping" and last.keys else dash + 2
    return at_line_start(text, pos, nl, block_entry(entry, dash, keys, quote, nl))
