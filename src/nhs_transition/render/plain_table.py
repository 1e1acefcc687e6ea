"""Rich tables laid out line by line: without styles (a pipe, a file), and with them (a terminal).

Rich renders a table cell by cell through padding, segments and cropping: about a millisecond a
row, so 20,000 milestones took 20-36 s in `status`, `slippage` and `critical-path`. When the
console emits no styles (a pipe or a file, `color_system` None), the same lines can be built from
rich's own pieces: the column widths rich computes (measured on the rows that set them), the
steps of `Text.wrap` replayed on plain text (rich's `divide_line`, then its justification and
truncation), the table's padding rules and box characters. The tests compare the two renderings
on generated tables; anything outside the subset handled here (a title, a footer, row styles,
cells that are not text, vertical padding), and any rich whose internals have moved, goes to
rich itself.

`styled_lines` is the same layout for a console that writes styles (a terminal): 20,000 rows
took rich 10-20 s. Each cell becomes the segments rich would make of it, written as rich writes
them (`Style.render`, segment by segment, never merged): a cell of plain text (no spans; a
base style, as headings have) by the plain wrap above, styled as a whole line at a time as
rich styles it; a cell with spans (an id in bold within a title) by rich's own `Text.wrap` and
`Text.render`, then cut into lines, padded and styled as `Padding` and the table do. The tests
compare the two renderings byte for byte, styles included.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from itertools import pairwise

from rich.box import Box
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

try:
    from rich._wrap import divide_line
except ImportError:  # pragma: no cover - depends on the installed rich
    divide_line = None  # type: ignore[assignment]


def plain_lines(table: Table, console: Console) -> list[str] | None:
    """The lines `console.print(table)` writes when it writes no styles, or None if not handled."""
    if not _handled(table, console):
        return None
    options = console.options
    layout = _layout(table, console)
    if layout is None:  # pragma: no cover - depends on the installed rich
        return None
    widths, box, pads = layout
    columns = table.columns
    n = len(columns)

    def cell(renderable: object, i: int) -> list[str]:
        column = columns[i]
        pad_left, pad_right = pads[i]
        width = max(0, widths[i] - pad_left - pad_right)
        if width < 1:
            return []  # rich renders nothing into no room: the row's blank lines fill it
        text = Text(renderable) if isinstance(renderable, str) else renderable
        assert isinstance(text, Text)
        justify = text.justify or column.justify or "default"
        before, after = " " * pad_left, " " * pad_right
        overflow = text.overflow or column.overflow or "fold"
        no_wrap = text.no_wrap if text.no_wrap is not None else column.no_wrap
        wrapped = _wrap_plain(text.plain, width, justify, overflow, no_wrap)
        if wrapped is not None:
            return [before + set_cell_size(line, width) + after for line in wrapped]
        lines = text.wrap(
            console,
            width,
            justify=justify,
            overflow=overflow,
            tab_size=(console.tab_size if text.tab_size is None else text.tab_size) or 8,
            no_wrap=no_wrap,
        )
        return [before + set_cell_size(line.plain, width) + after for line in lines]

    out: list[str] = []
    rows = len(table.rows)
    header = [cell(c.header, i) for i, c in enumerate(columns)]
    out += _join(header, widths, box.head_vertical, bottom_align=True)
    out.append(box.get_row(widths, "head", edge=False))
    cells = [list(c.cells) for c in columns]
    for r in range(rows):
        last_row = r == rows - 1
        rendered = [cell(cells[i][r], i) for i in range(n)]
        out += _join(rendered, widths, box.foot_vertical if last_row else box.mid_vertical)
        if not last_row and (table.show_lines or table.leading or table.rows[r].end_section):
            if table.leading:
                out += [box.get_row(widths, "mid", edge=False)] * table.leading
            else:
                out.append(box.get_row(widths, "row", edge=False))
    # `console.print` crops what is wider than the console.
    return [
        line if cell_len(line) <= options.max_width else set_cell_size(line, options.max_width)
        for line in out
    ]


def _layout(table: Table, console: Console) -> tuple[list[int], Box, list[tuple[int, int]]] | None:
    """What rich lays `table` out with on `console`: the columns' widths, the box (as the
    console substitutes it) and each column's (left, right) padding; None when this rich's
    internals are not the ones replayed here."""
    options = console.options
    try:  # rich's internals: a rich without them renders the table itself
        room = options.max_width - table._extra_width  # the dividers, as rich counts them
        widths = _widths_table(table)._calculate_column_widths(console, options.update_width(room))
    except (AttributeError, TypeError):  # pragma: no cover - depends on the installed rich
        return None
    box = table.box
    assert box is not None  # _handled
    safe = table.safe_box if table.safe_box is not None else console.safe_box
    box = box.substitute(options, safe=safe)
    n = len(table.columns)
    _, right, _, left = table.padding
    pads: list[tuple[int, int]] = []
    for i in range(n):
        pad_left, pad_right = left, right
        if table.collapse_padding and i:
            pad_left = max(0, pad_left - right)
        if not table.pad_edge:
            if i == 0:
                pad_left = 0
            if i == n - 1:
                pad_right = 0
        pads.append((pad_left, pad_right))
    return widths, box, pads


def _widths_table(table: Table) -> Table:
    """A copy of `table` with only the rows that set its columns' widths.

    Rich sizes a column by the largest minimum (longest word) and the largest maximum (longest
    line) of its cells, measuring every cell through several layers; the rows holding those
    cells give the same widths, and are found here with the same arithmetic on plain text.
    """
    if all(column.width is not None for column in table.columns):
        return table  # fixed widths: rich measures no cells
    keep: set[int] = set()
    for column in table.columns:
        if column.width is not None:
            continue
        best_min = best_max = (-1, 0)
        for r, renderable in enumerate(column.cells):
            low, high = _measure(renderable)
            if low > best_min[0]:
                best_min = (low, r)
            if high > best_max[0]:
                best_max = (high, r)
        keep.update((best_min[1], best_max[1]))
    rows = sorted(keep)
    proxy = copy(table)
    proxy.columns = []
    for column in table.columns:
        narrow = copy(column)
        cells = list(column.cells)
        narrow._cells = [cells[r] for r in rows]
        proxy.columns.append(narrow)
    return proxy


def _measure(renderable: object) -> tuple[int, int]:
    """`Measurement.get` of a text cell, normalised, before padding: (longest word, longest line)."""
    plain = renderable if isinstance(renderable, str) else getattr(renderable, "plain", "")
    lines = plain.splitlines()
    high = max(cell_len(line) for line in lines) if lines else 0
    words = plain.split()
    low = max(cell_len(word) for word in words) if words else high
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _wrap_plain(
    plain: str, width: int, justify: str, overflow: str, no_wrap: bool
) -> list[str] | None:
    """`Text(plain).wrap(...)` as strings, step for step (None: tabs or full justification)."""
    if "\t" in plain or justify == "full" or overflow == "ignore":
        return None
    out: list[str] = []
    for line in plain.split("\n"):  # Text.split(allow_blank=True)
        if no_wrap:
            pieces = [line]
        elif cell_len(line) <= width:  # divide_line would find no break
            pieces = [_rstrip_end(line, width)]
        else:
            offsets = divide_line(line, width, fold=overflow == "fold")
            bounds = [0, *offsets, len(line)]
            pieces = [_rstrip_end(line[a:b], width) for a, b in pairwise(bounds)]
        for piece in pieces:
            if justify == "left":
                piece = _truncate(piece, width, overflow)
                piece += " " * (width - cell_len(piece))
            elif justify in ("center", "right"):
                piece = _truncate(piece.rstrip(), width, overflow)
                excess = width - cell_len(piece)
                lead = excess if justify == "right" else excess // 2
                piece = " " * lead + piece + " " * (excess - lead if justify == "center" else 0)
            out.append(_truncate(piece, width, overflow))
    return out


def _rstrip_end(text: str, size: int) -> str:
    """Text.rstrip_end: drop trailing whitespace that lies beyond `size` characters."""
    excess = len(text) - size
    if excess > 0:
        spaces = len(text) - len(text.rstrip())
        return text[: len(text) - min(spaces, excess)]
    return text


def _truncate(text: str, width: int, overflow: str) -> str:
    """Text.truncate: crop to `width` cells, with an ellipsis when the overflow asks for one."""
    if cell_len(text) <= width:
        return text
    if overflow == "ellipsis":
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def styled_lines(table: Table, console: Console) -> list[str] | None:
    """The lines `console.print(table)` writes on a console that writes styles (ANSI codes
    included), or None if not handled (then rich prints the table itself)."""
    if console.color_system is None or not _handled(table, console, styled=True):
        return None
    color_system = getattr(console, "_color_system", None)
    if color_system is None:  # pragma: no cover - depends on the installed rich
        return None
    options = console.options
    layout = _layout(table, console)
    if layout is None:  # pragma: no cover - depends on the installed rich
        return None
    widths, box, pads = layout
    columns = table.columns
    n = len(columns)
    if any(w - pl - pr < 1 for w, (pl, pr) in zip(widths, pads, strict=True)):
        return None  # a column with no room for text: rich's rules for it are not replayed here
    if sum(widths) + (n - 1) * max(1, cell_len(box.mid_vertical)) > options.max_width:
        return None  # rich would crop the lines: not replayed on styled text
    get_style = console.get_style
    null = Style.null()
    header_style = get_style(table.header_style or "")
    no_color = console.no_color
    legacy_windows = console.legacy_windows
    rendered: dict[Style, tuple[str, str]] = {}  # style -> (codes before, codes after) the text

    def codes(style: Style) -> tuple[str, str]:
        found = rendered.get(style)
        if found is None:
            shown = style.without_color if no_color else style
            ansi = (
                shown.render("\0", color_system=color_system, legacy_windows=legacy_windows)
                if shown
                else "\0"
            )
            before, _, after = ansi.partition("\0")
            found = rendered[style] = (before, after)
        return found

    def write(segments: list[tuple[str, Style | None]]) -> str:
        """Segments as `Console._render_buffer` writes them: each styled one on its own."""
        out = []
        for text, style in segments:
            if style:
                before, after = codes(style)
                out.append(before + text + after if before or after else text)
            else:
                out.append(text)
        return "".join(out)

    def cell(renderable: object, i: int, cell_style: Style) -> list[str]:
        """The cell's lines, each `widths[i]` cells wide, as rich writes them."""
        column = columns[i]
        pad_left, pad_right = pads[i]
        outer = widths[i]
        width = outer - pad_left - pad_right
        text = Text(renderable) if isinstance(renderable, str) else renderable
        assert isinstance(text, Text)
        justify = text.justify or column.justify or "default"
        overflow = text.overflow or column.overflow or "fold"
        no_wrap = text.no_wrap if text.no_wrap is not None else column.no_wrap
        lines: list[list[tuple[str, Style | None]]] = []
        wrapped = None if text.spans else _wrap_plain(text.plain, width, justify, overflow, no_wrap)
        if wrapped is not None:
            # Text.render of the joined lines: a line is one segment in the text's base style
            # (none when the text has none); Padding pads it, unstyled, to the width.
            base = get_style(text.style) if text.style else None
            for line in wrapped:
                size = cell_len(line)
                if size > width:
                    line, size = set_cell_size(line, width), width
                segments: list[tuple[str, Style | None]] = [(line, base)] if line else []
                if size < width:
                    segments.append((" " * (width - size), null))
                lines.append(segments)
        else:
            wrapped_text = text.wrap(
                console,
                width,
                justify=justify,
                overflow=overflow,
                tab_size=(console.tab_size if text.tab_size is None else text.tab_size) or 8,
                no_wrap=no_wrap,
            )
            joined = Text("\n").join(wrapped_text)
            lines = [
                [(seg.text, seg.style) for seg in line]
                for line in Segment.split_and_crop_lines(
                    joined.render(console), width, style=null, pad=True, include_new_lines=False
                )
            ]
        out = []
        for segments in lines:
            if pad_left:
                segments.insert(0, (" " * pad_left, null))
            if pad_right:
                segments.append((" " * pad_right, null))
            if cell_style:
                segments = [(t, cell_style + s) for t, s in segments]
            out.append(write(segments))
        return out

    def row_lines(
        cells: list[list[str]], styles: list[Style], divider: str, *, bottom_align: bool = False
    ) -> Iterator[str]:
        height = max(1, *(len(c) for c in cells))
        shaped: list[list[str]] = []
        for lines, width, style in zip(cells, widths, styles, strict=True):
            blank = [write([(" " * width, style)])] * (height - len(lines))
            shaped.append(blank + lines if bottom_align else lines + blank)
        for k in range(height):
            yield divider.join(column[k] for column in shaped)

    out: list[str] = []
    rows = len(table.rows)
    heads = [header_style + get_style(c.header_style) for c in columns]
    header = [cell(c.header, i, heads[i]) for i, c in enumerate(columns)]
    out += row_lines(header, heads, box.head_vertical, bottom_align=True)
    out.append(box.get_row(widths, "head", edge=False))
    styles = [get_style(c.style or "") for c in columns]
    cells = [list(c.cells) for c in columns]
    for r in range(rows):
        last_row = r == rows - 1
        rendered_row = [cell(cells[i][r], i, styles[i]) for i in range(n)]
        out += row_lines(rendered_row, styles, box.foot_vertical if last_row else box.mid_vertical)
        if not last_row and (table.show_lines or table.leading or table.rows[r].end_section):
            if table.leading:
                out += [box.get_row(widths, "mid", edge=False)] * table.leading
            else:
                out.append(box.get_row(widths, "row", edge=False))
    return out


def _handled(table: Table, console: Console, *, styled: bool = False) -> bool:
    """True for the tables (and consoles) whose plain rendering this module reproduces."""
    if divide_line is None:  # pragma: no cover - depends on the installed rich
        return False
    if (console.color_system is not None) != styled or console.options.legacy_windows:
        return False
    if styled and (
        table.border_style not in (None, "", "none")
        or table.highlight
        or console.is_dumb_terminal
        or any(column.highlight for column in table.columns)
    ):
        return False
    if table.box is None or table.show_edge or not table.show_header or table.show_footer:
        return False
    if table.title or table.caption or table.row_styles or table.width:
        return False
    if table.style not in (None, "", "none"):
        return False
    if table.min_width is not None or not table.columns or not table.rows:
        return False
    top, _, bottom, _ = table.padding
    if top or bottom:
        return False
    for column in table.columns:
        if column.vertical != "top" or not isinstance(column.header, (str, Text)):
            return False
        if any(not isinstance(c, (str, Text)) for c in column.cells):
            return False
    return not any(row.style for row in table.rows)


def _join(
    cells: list[list[str]], widths: list[int], divider: str, *, bottom_align: bool = False
) -> Iterator[str]:
    """The lines of one row: each cell padded to the row's height, then side by side."""
    height = max(1, *(len(c) for c in cells))  # an empty row is still a line
    shaped: list[list[str]] = []
    for lines, width in zip(cells, widths, strict=True):
        blank = [" " * width] * (height - len(lines))
        shaped.append(blank + lines if bottom_align else lines + blank)
    for k in range(height):
        yield divider.join(column[k] for column in shaped)
