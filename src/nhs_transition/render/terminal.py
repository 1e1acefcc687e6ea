"""The terminal: a console that follows the terminal and NO_COLOR, and plan text shown literally.

Text from plan files is data. It goes into rich as `Text` objects (never as markup strings), and
control characters (escape codes, carriage returns, bells) are replaced by visible `\\xNN` / `\\uNNNN`
escapes first, so a title cannot recolour, move the cursor or rewrite earlier lines.
"""

from __future__ import annotations

import os
import sys
from typing import IO, cast

from rich.console import Console
from rich.text import Text

from ..errors import visible

RATING_STYLES = {
    "done": "blue",
    "green": "green",
    "amber": "yellow",
    "red": "bold red",
    "unknown": "magenta",  # silence: apart from late, never red
    "undated": "dim",
    "cancelled": "dim strike",
}


literal = visible  # `value` as one line, every control character made visible


def safe_text(value: object, style: str = "") -> Text:
    """A rich Text that shows `value` literally: no markup, no escape codes."""
    return Text(literal(value), style=style)


def whole_id(value: str, width: int, style: str = "") -> Text:
    """An id for a table cell `width` wide: whole (a cell folds only lines longer than its
    width, and the id is a line of its own), or, where no layout leaves room, cut with an
    ellipsis, never split across lines."""
    shown = literal(value)
    if len(shown) > width:
        shown = shown[: max(0, width - 1)] + "…"
    text = Text()
    text.append(shown, style)  # a span, not the base style: what follows is not styled by it
    return text


def fit_words(text: Text, width: int) -> Text:
    """`text` with every word longer than `width` cut with an ellipsis, styles kept: for prose
    that names ids (a reason, a cause), where a cell would otherwise fold a long id in two."""
    import re

    long_words = [m.span() for m in re.finditer(r"\S+", text.plain) if m.end() - m.start() > width]
    if not long_words or width < 1:
        return text
    out = Text()
    at = 0
    for start, end in long_words:
        if start > at:
            out.append_text(text[at:start])
        word = text[start:end]
        word.truncate(width, overflow="ellipsis")
        out.append_text(word)
        at = end
    if at < len(text.plain):
        out.append_text(text[at:])
    return out


def make_console(file: IO[str] | None = None, *, width: int | None = None) -> Console:
    """A console for reports: colour when the output is a terminal and NO_COLOR is unset.

    `COLUMNS` sets the width when the output is not a terminal (tests fix it); rich reads it too.
    """
    no_color = bool(os.environ.get("NO_COLOR"))
    if file is None and not sys.stdout.isatty():
        # Rich pads every line to the width; in a file or a pipe that is trailing whitespace.
        file = cast("IO[str]", _Trimmed(sys.stdout))
    console = Console(
        file=file,
        width=width,
        no_color=no_color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    if console.width > MAX_WIDTH:  # COLUMNS=99999999 would lay out (and pad) lines that wide
        console.width = MAX_WIDTH
    return console


def render_to_string(renderable: object, *, width: int | None = None, color: bool = False) -> str:
    """Render to a string (for goldens, files and pipes); ANSI styles only when `color`."""
    import io

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=min(width or columns(), MAX_WIDTH),
        no_color=not color,
        color_system="standard" if color else None,
        force_terminal=color,
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(renderable)
    return buffer.getvalue()


# The widest layout: tables and charts wider than this help nobody, and cost time and memory
# in proportion (a huge $COLUMNS must not make a two-line table take gigabytes).
MAX_WIDTH = 1000


def columns() -> int:
    """The width for output that is not a terminal: $COLUMNS (100 when unset), 40 to MAX_WIDTH."""
    try:
        return min(MAX_WIDTH, max(40, int(os.environ.get("COLUMNS", "100"))))
    except ValueError:
        return 100


class _Trimmed:
    """A text stream that drops the spaces at the end of each line it passes on."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._pending = ""  # the start of a line not yet ended

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        if lines:
            self._stream.write("\n".join(line.rstrip(" ") for line in lines) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending.rstrip(" "))
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"


def print_report(console: Console, renderable: object) -> None:
    """`console.print(renderable)`, with rich tables laid out fast, styled or not.

    A `Group` is printed item by item (as rich prints it); see `plain_table` for the tables.
    """
    from rich.console import Group
    from rich.table import Table

    from .plain_table import plain_lines, styled_lines

    items = list(renderable.renderables) if isinstance(renderable, Group) else [renderable]
    lay_out = plain_lines if console.color_system is None else styled_lines
    for item in items:
        lines = lay_out(item, console) if isinstance(item, Table) else None
        if lines is None:
            console.print(item)
        else:
            console.file.write("\n".join(lines) + "\n")
            console.file.flush()
