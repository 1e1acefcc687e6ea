"""The Gantt chart in the terminal: one line per milestone, fitted to the terminal width.

◆ is the expected date (the actual, else the scheduled finish), █ work from early start to
finish, ◇ the deadline, ╌ the slip between them (· where it is expected before its deadline: time
to spare), │ the as-of date; ◂ and ▸ mark a date beyond
the window. Each row starts with the milestone's id (and its title where there is room); a `*`
before it marks the critical path (bold in colour). Plan text is shown literally.
"""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.text import Text

from .gantt import GanttLayout, GanttRow, bands, choose_unit, years
from .gantt_layout import HOLLOW_RATINGS
from .terminal import RATING_STYLES, literal, whole_id

DIAMOND, HOLLOW, BLOCK, SLIP, SPARE, NOW, BEFORE, AFTER = "◆", "◇", "█", "╌", "·", "│", "◂", "▸"
ASOF_STYLE = "bold blue"
Cell = tuple[str, str]


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _day(d: date) -> str:
    return f"{d.day:>2} {d:%b} {d:%y}"


class _Canvas:
    """Columns of the chart area and the mapping from dates to columns."""

    def __init__(self, layout: GanttLayout, columns: int) -> None:
        self.layout = layout
        self.columns = columns

    def col(self, day: date) -> int | None:
        """The column of `day`, or None outside the window."""
        if not self.layout.start <= day < self.layout.end:
            return None
        return min(self.columns - 1, int(self.layout.fraction(day) * self.columns))

    def clamp(self, day: date) -> int:
        """The column of `day`, pinned to the edges of the window."""
        found = self.col(day)
        if found is not None:
            return found
        return 0 if day < self.layout.start else self.columns - 1

    def blank(self) -> list[Cell]:
        """An empty row with the as-of line drawn in."""
        cells: list[Cell] = [(" ", "")] * self.columns
        now = self.col(self.layout.as_of)
        if now is not None:
            cells[now] = (NOW, ASOF_STYLE)
        return cells

    def row(self, row: GanttRow) -> list[Cell]:
        """The marks of one milestone."""
        cells = self.blank()
        style = RATING_STYLES[row.status.rating]
        finish = self.col(row.finish)
        if row.due is not None and row.due != row.finish:
            a, b = sorted((self.clamp(row.due), self.clamp(row.finish)))
            late = (row.status.slip_days or 0) > 0 and row.status.is_open
            slip_style = "red" if late and row.status.rating != "unknown" else "dim"
            mark = SLIP if row.finish > row.due else SPARE  # before its deadline: time to spare
            if row.status.rating != "cancelled":  # nothing is late or to spare on cancelled work
                for i in range(a + 1, b):
                    cells[i] = (mark, slip_style)
            due = self.col(row.due)
            if due is not None:
                cells[due] = (HOLLOW, "")
        if not row.is_milestone:
            first, last = self.clamp(row.start), self.clamp(row.finish)
            if row.start < self.layout.end and row.finish >= self.layout.start:
                for i in range(first, last + 1):
                    cells[i] = (BLOCK, style)
        elif finish is not None:
            silent = row.status.rating in HOLLOW_RATINGS  # no date on evidence: an outline
            cells[finish] = (HOLLOW if silent else DIAMOND, style)
        if finish is None:
            edge = 0 if row.finish < self.layout.start else self.columns - 1
            cells[edge] = (BEFORE if edge == 0 else AFTER, style)
        return cells


def _text(cells: list[Cell]) -> Text:
    """Cells as one Text, a span per run of one style (a span per cell is slow on big plans)."""
    text = Text(no_wrap=True, overflow="crop")
    run: list[str] = []
    current = cells[0][1] if cells else ""
    for char, style in cells:
        if style != current:
            text.append("".join(run), current)
            run, current = [], style
        run.append(char)
    if run:
        text.append("".join(run), current)
    return text


def _axis(canvas: _Canvas, label_width: int) -> list[Text]:
    layout = canvas.layout
    unit = choose_unit(layout.start, layout.end, canvas.columns / 4)
    lines = []
    tiers = [years(layout.start, layout.end)] if unit != "financial-year" else []
    tiers.append(bands(layout.start, layout.end, unit))
    for tier in tiers:
        cells: list[Cell] = [(" ", "")] * canvas.columns
        starts = [(canvas.clamp(max(first, layout.start)), label) for first, _, label in tier]
        for i, (col, label) in enumerate(starts):
            room = (starts[i + 1][0] if i + 1 < len(starts) else canvas.columns) - col - 1
            if room < len(label) and "/" in label:
                label = label[2:]  # 2010/11 -> 10/11
            if len(label) > room:
                continue
            for j, char in enumerate(label):
                cells[col + j] = (char, "bold" if tier is tiers[0] else "dim")
        lines.append(Text(" " * label_width) + _text(cells))
    return lines


def gantt_terminal(layout: GanttLayout, width: int) -> Group:
    """The chart as rich lines, none longer than `width` columns."""
    width = max(40, width)
    # Each row carries its id (what users copy into the next command), whole while the chart
    # keeps 20 columns, then as much of the title as fits.
    longest_id = max((len(r.status.id) for g in layout.groups for r in g.rows), default=0)
    label_width = max(12, min(44, int(width * 0.3)), min(longest_id + 3, width - 20))
    note_width = 16 if width - label_width >= 60 else 0
    canvas = _Canvas(layout, width - label_width - note_width - 1)
    title = f"{layout.title} · " if layout.title else ""
    lines: list[Text] = [
        Text(
            _short(f"{literal(title)}as of {layout.as_of.day} {layout.as_of:%b %Y}", width),
            style="bold",
        )
    ]
    lines += _axis(canvas, label_width)
    for group in layout.groups:
        lines.append(Text(_short(literal(group.name), width), style="bold underline"))
        for row in group.rows:
            s = row.status
            mark = "* " if row.critical else "  "
            label = Text(mark, no_wrap=True)
            label.append_text(whole_id(s.id, label_width - 3))
            label.pad_right(2 + min(longest_id, label_width - 3) - len(label.plain))
            room = label_width - len(label) - 3
            if room >= 8:
                label.append("  " + _short(literal(s.title), room), "dim")
            if row.critical:
                label.stylize("bold")
            label.pad_right(label_width - len(label))
            line = label + _text(canvas.row(row))
            if note_width:
                late = f" {s.slip_days:+d}d" if s.slip_days and s.slip_days > 0 else ""
                if s.rating == "unknown":
                    late = " no return"
                elif s.rating in ("undated", "cancelled"):
                    late = f" {s.rating}"
                shown = f" {_day(row.finish)}{late}"
                if s.rating == "unknown" and s.silent_since is None:
                    shown = " waits upstream"  # on a silent milestone: no date of its own
                note = _short(shown, note_width + 1)
                line.append(note, "red" if late and s.rating in ("red", "amber") else "dim")
            lines.append(line)
    legend = (
        f"{DIAMOND} expected  {HOLLOW} due  {SLIP} slip  {SPARE} to spare  {BLOCK} work  "
        f"{NOW} as of {layout.as_of.day} {layout.as_of:%b %Y}  * critical path"
    )
    lines.append(Text(_short(legend, width), style="dim"))
    if any(r.status.rating in HOLLOW_RATINGS for r in layout.rows):
        hollow = f"{HOLLOW} in colour: no date on record (no return, undated or cancelled)"
        lines.append(Text(_short(hollow, width), style="dim"))
    if not layout.groups:
        lines.insert(1, Text("no milestones in this window", style="dim"))
    for line in lines:
        line.rstrip()
    return Group(*lines)
