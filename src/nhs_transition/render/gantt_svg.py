"""The Gantt chart as a standalone SVG document.

Milestones (no duration) are diamonds at the date expected; work with a duration is a bar from
its early start to its early finish. The deadline (`due`) is a hollow diamond on the same row,
joined to the expected date by a line, so a slip shows as a gap. Colour gives the rating; the
critical path has a dark outline and bold label. The SVG is standalone (no fonts or files outside
it) and meant to print: light background, text of 11-13px in a generic font stack. Every piece
of plan text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta

from ..dates import format_day
from ..slippage import Evaluation
from .gantt_layout import (
    ASOF,
    COLOURS,
    FONT,
    GRID,
    HOLLOW_RATINGS,
    INK,
    MUTED,
    RATING_WORDS,
    GanttLayout,
    GanttRow,
    bands,
    choose_unit,
    gantt_layout,
    xml_text,
    years,
)

_Scale = Callable[[date], float]

LABEL_X, LABEL_W = 20, 340
PLOT_X, PLOT_W, RIGHT = 372, 860, 150
ROW_H, GROUP_H, TOP = 22, 26, 132
EDGE = 10  # how far past the plot a mark may reach (a diamond is 7.5 wide each side of its date)
WIDTH = PLOT_X + PLOT_W + RIGHT
_CHAR_PX = 6.9  # average advance of 13px sans-serif text, for cutting long titles


def _short(text: str, px: float) -> str:
    limit = max(4, int(px / _CHAR_PX))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def gantt_svg(
    evaluation: Evaluation,
    start: date | None = None,
    end: date | None = None,
    *,
    workstreams: Collection[str] | None = None,
    ids: Collection[str] | None = None,
    title: str = "",
    dependencies: bool = True,
) -> str:
    """The Gantt chart as a standalone SVG document (no XML declaration, so it can be inlined)."""
    layout = gantt_layout(evaluation, start, end, workstreams=workstreams, ids=ids, title=title)
    return svg_from_layout(layout, dependencies=dependencies)


def svg_from_layout(layout: GanttLayout, *, dependencies: bool = True) -> str:
    """Draw a laid-out chart as SVG."""

    def x(d: date) -> float:
        return round(PLOT_X + layout.fraction(d) * PLOT_W, 1)

    y = TOP
    centre: dict[str, float] = {}
    body: list[str] = []
    marks: list[str] = []
    notes: list[str] = []
    for gi, group in enumerate(layout.groups):
        height = GROUP_H + ROW_H * len(group.rows)
        if gi % 2 == 0:
            body.append(
                f'<rect class="band" x="{LABEL_X - 8}" y="{y}" width="{WIDTH - LABEL_X}" height="{height}" fill="#f5f7fa"/>'
            )
        body.append(
            f'<text class="workstream" x="{LABEL_X}" y="{y + 17}" font-weight="700" font-size="13">{xml_text(group.name)}</text>'
        )
        y += GROUP_H
        for row in group.rows:
            cy = y + ROW_H / 2
            centre[row.status.id] = cy
            body.append(_label(row, cy))
            marks.extend(_marks(row, cy, x))
            note = _note(row, cy, x, layout)
            if note:
                notes.append(note)
            y += ROW_H
    bottom = y + 8
    axis = _axis(layout, x, bottom)
    links = _links(layout, centre, x) if dependencies else []
    head = _head(layout, bottom)
    height = bottom + 28
    # Marks at the window's edges are drawn whole: the clip reaches a mark's width past the plot.
    clip = (
        f'<clipPath id="plot"><rect x="{PLOT_X - EDGE}" y="{TOP - 30}" width="{PLOT_W + 2 * EDGE}" '
        f'height="{bottom - TOP + 30}"/></clipPath>'
    )
    arrow = (
        '<marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#8795a1"/></marker>'
        '<marker id="arrow-critical" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto">'
        f'<path d="M0,0 L8,4 L0,8 z" fill="{INK}"/></marker>'
    )
    return (
        "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" width="{WIDTH}" height="{height}" '
                f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" font-size="12" fill="{INK}">',
                f"<title>{xml_text(layout.title or 'Gantt chart')}</title>",
                f"<defs>{clip}{arrow}</defs>",
                f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
                *body,
                *axis,
                '<g class="links" clip-path="url(#plot)">',
                *links,
                "</g>",
                '<g class="marks" clip-path="url(#plot)">',
                *marks,
                "</g>",
                *notes,
                *head,
                "</svg>",
            ]
        )
        + "\n"
    )


def _tooltip(row: GanttRow) -> str:
    s = row.status
    parts = [f"{s.id}: {s.title}", f"{RATING_WORDS[s.rating]} ({s.rating})"]
    if row.due and s.rating != "unknown":  # an unknown one's reason names the date it was due
        parts.append(f"due {format_day(row.due)}")
    if s.actual:
        parts.append(f"achieved {format_day(row.finish)}")
    elif s.rating == "unknown":
        parts.append(s.reason)
    elif s.rating == "cancelled":
        parts.append(f"cancelled {format_day(row.finish)}")
    elif s.expected is not None:
        parts.append(f"expected {format_day(row.finish)}")
    if s.slip_days:
        parts.append(f"slip {s.slip_days:+d} days")
    if row.critical:
        parts.append("critical path")
    return f"<title>{xml_text('; '.join(parts))}</title>"


def _label(row: GanttRow, cy: float) -> str:
    weight = ' font-weight="700"' if row.critical else ""
    text = xml_text(_short(row.status.title, LABEL_W - 14))
    return (
        f'<text class="label" x="{LABEL_X + 12}" y="{cy + 4}" font-size="12"{weight}>'
        f"{_tooltip(row)}{text}</text>"
    )


def _diamond(cx: float, cy: float, r: float) -> str:
    return f"{cx:g},{cy - r:g} {cx + r:g},{cy:g} {cx:g},{cy + r:g} {cx - r:g},{cy:g}"


def _marks(row: GanttRow, cy: float, x: _Scale) -> list[str]:
    s = row.status
    colour = COLOURS[s.rating]
    hollow = s.rating in HOLLOW_RATINGS
    stroke = (
        f'stroke="{INK}" stroke-width="2"' if row.critical else 'stroke="#ffffff" stroke-width="1"'
    )
    if hollow:
        stroke = f'stroke="{colour}" stroke-width="{2 if row.critical else 1.6}"'
        colour = "#ffffff"
    out: list[str] = []
    xf = x(row.finish)
    deadline = ""
    if row.due is not None and row.due != row.finish:
        late = (s.slip_days or 0) > 0 and not hollow  # silence is drawn grey, never as a slip
        xd = x(row.due)
        if s.rating == "cancelled":  # nothing is late or to spare on cancelled work
            pass
        elif row.finish > row.due:  # late: the slip, red and dashed
            line = COLOURS["red"] if late else MUTED
            out.append(
                f'<line class="slip" x1="{xd}" y1="{cy}" x2="{xf}" y2="{cy}" stroke="{line}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
        else:  # early: the time to spare before the deadline, a thin dotted line of its own
            out.append(
                f'<line class="spare" x1="{xf}" y1="{cy}" x2="{xd}" y2="{cy}" stroke="{MUTED}" stroke-width="1" stroke-dasharray="1 3" stroke-linecap="round"/>'
            )
        deadline = f'<polygon class="deadline" points="{_diamond(xd, cy, 6)}" fill="#ffffff" stroke="{INK}" stroke-width="1.3">{_tooltip(row)}</polygon>'
    if row.is_milestone:
        out.append(deadline)
        out.append(
            f'<polygon class="milestone rating-{s.rating}" points="{_diamond(xf, cy, 7.5)}" fill="{colour}" {stroke}>{_tooltip(row)}</polygon>'
        )
    else:
        xs = x(row.start)
        out.append(
            f'<rect class="bar rating-{s.rating}" x="{xs}" y="{cy - 6}" width="{max(2.0, xf - xs):.1f}" height="12" rx="2" '
            f'fill="{colour}" {stroke}>{_tooltip(row)}</rect>'
        )
        out.append(deadline)  # over the bar, so a deadline inside the work stays visible
    return [o for o in out if o]


def _note(row: GanttRow, cy: float, x: _Scale, layout: GanttLayout) -> str | None:
    """The date and slip, right of the latest mark (left of the earliest near the right edge).

    When the row runs on past the window, the note sits in the right margin, towards its date.
    """
    last = max(row.finish, row.due or row.finish)
    first = min(row.start, row.due or row.start)
    inside = layout.start <= row.finish <= layout.end
    runs_past = row.start <= layout.end < row.finish  # the date named lies off to the right
    due_inside = row.due is not None and layout.start <= row.due <= layout.end
    if not (inside or runs_past or due_inside):
        return None
    s = row.status
    late = f"  \u00b7  {_days(s.slip_days)} late" if s.slip_days and s.slip_days > 0 else ""
    text = _day(row.finish) + late
    if s.rating == "unknown" and s.silent_since is None:  # silent upstream: no date of its own
        text = "no date: waits on a return upstream"
    elif s.rating == "unknown":
        text = f"{_day(row.finish)}  \u00b7  no return since"
    elif s.rating in ("undated", "cancelled"):
        text = f"{_day(row.finish)}  \u00b7  {s.rating}"
    colour = COLOURS["red"] if late else MUTED
    # Beside the mark of the date it names: right of the finish when the deadline is not after
    # it, else left of the work (right of the deadline's hollow diamond would name the wrong one).
    early = row.due is not None and row.due > row.finish and not runs_past
    if early and first >= layout.start and x(first) - 11 - len(text) * 6.2 >= PLOT_X - EDGE:
        at, anchor = x(first) - 11, "end"
    elif last <= layout.end and x(last) + 11 + len(text) * 6.2 <= WIDTH - 8:
        at, anchor = x(last) + 11, "start"
        if early:
            text = f"{'achieved' if s.actual else 'expected'} {text}"
    elif first >= layout.start and not runs_past:
        at, anchor = x(first) - 11, "end"
    else:  # in the right margin (work that runs on past the window), shortened to fit
        at, anchor = x(min(row.finish, layout.end)) + 11, "start"
        for shorter in (f"{_day(row.finish)} +{s.slip_days}d" if late else text, _day(row.finish)):
            if at + len(text) * 6.2 <= WIDTH - 8:
                break
            text = shorter
    # A white outline under the text keeps it legible over grid, as-of and dependency lines.
    halo = (
        f'<text class="halo" x="{at:.1f}" y="{cy + 4}" font-size="11" text-anchor="{anchor}" '
        f'fill="#ffffff" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" aria-hidden="true">'
        f"{xml_text(text)}</text>"
    )
    return halo + (
        f'<text class="note" x="{at:.1f}" y="{cy + 4}" font-size="11" fill="{colour}" text-anchor="{anchor}">'
        f"{xml_text(text)}</text>"
    )


def _axis(layout: GanttLayout, x: _Scale, bottom: float) -> list[str]:
    unit = choose_unit(layout.start, layout.end, PLOT_W / 34)
    out = [f'<g class="axis" font-size="11" fill="{MUTED}">']
    for first, following, label in bands(layout.start, layout.end, unit):
        a, b = x(max(first, layout.start)), x(min(following, layout.end))
        if first >= layout.start:
            out.append(
                f'<line class="tick" x1="{a}" y1="{TOP - 18}" x2="{a}" y2="{bottom}" stroke="{GRID}"/>'
            )
        if b - a >= 18:
            out.append(
                f'<text class="tick-label" x="{(a + b) / 2:.1f}" y="{TOP - 6}" text-anchor="middle">{label}</text>'
            )
    if unit != "financial-year":
        for first, following, label in years(layout.start, layout.end):
            a, b = x(max(first, layout.start)), x(min(following, layout.end))
            if first >= layout.start:
                out.append(
                    f'<line class="year" x1="{a}" y1="{TOP - 40}" x2="{a}" y2="{bottom}" stroke="#9aa5b1"/>'
                )
            if b - a >= 30:
                out.append(
                    f'<text class="year-label" x="{(a + b) / 2:.1f}" y="{TOP - 24}" text-anchor="middle" font-weight="700" fill="{INK}">{label}</text>'
                )
    out.append(
        f'<line x1="{PLOT_X}" y1="{TOP}" x2="{PLOT_X + PLOT_W}" y2="{TOP}" stroke="#9aa5b1"/>'
    )
    out.append(
        f'<rect x="{PLOT_X}" y="{TOP - 40}" width="{PLOT_W}" height="{bottom - TOP + 40}" fill="none" stroke="#9aa5b1"/>'
    )
    if layout.deadline is not None and layout.start <= layout.deadline <= layout.end:
        xd = x(layout.deadline)
        out.append(
            f'<line class="programme-deadline" x1="{xd}" y1="{TOP}" x2="{xd}" y2="{bottom}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="2 3"/>'
        )
    if layout.start <= layout.as_of <= layout.end:
        xa = x(layout.as_of)
        out.append(
            f'<line class="asof" x1="{xa}" y1="{TOP - 40}" x2="{xa}" y2="{bottom + 6}" stroke="{ASOF}" stroke-width="2"/>'
        )
        out.append(
            f'<text class="asof-label" x="{xa}" y="{bottom + 20}" text-anchor="middle" font-weight="700" fill="{ASOF}">as of {xml_text(_day(layout.as_of))}</text>'
        )
    out.append("</g>")
    return out


def _links(layout: GanttLayout, centre: dict[str, float], x: _Scale) -> list[str]:
    """Elbow connectors: right from the predecessor's finish, down a trunk, right into the successor.

    Links from one predecessor share its trunk, so a fan-out reads as one line with branches.
    The link that sets the successor's date is drawn stronger; on the critical path, dark.
    """
    rows = {r.status.id: r for r in layout.rows}
    out: list[str] = []
    for link in sorted(layout.links, key=lambda k: (k.critical, k.driving)):
        p, s = rows[link.predecessor], rows[link.successor]
        x0 = x(p.finish) + (8 if p.is_milestone else 1)
        # Into the start of the successor's work (or its diamond), never into its deadline.
        x1 = x(s.start) - (9 if s.is_milestone else 1)
        y0, y1 = centre[p.status.id], centre[s.status.id]
        trunk = x0 + 6
        if x1 - 6 >= trunk:
            d = f"M{x0},{y0} H{trunk:.1f} V{y1} H{x1}"
        else:  # the successor starts left of the trunk: come in between the rows
            between = y1 - ROW_H / 2 if y1 > y0 else y1 + ROW_H / 2
            d = f"M{x0},{y0} H{trunk:.1f} V{between} H{x1 - 8:.1f} V{y1} H{x1}"
        if link.critical:
            colour, width, opacity, marker = INK, 1.5, 0.85, "arrow-critical"
        elif link.driving:
            colour, width, opacity, marker = "#7b8794", 1.0, 0.8, "arrow"
        else:
            colour, width, opacity, marker = "#9aa5b1", 0.8, 0.45, "arrow"
        kind = " critical" if link.critical else " driving" if link.driving else ""
        out.append(
            f'<path class="dependency{kind}" d="{d}" fill="none" stroke="{colour}" '
            f'stroke-width="{width}" stroke-opacity="{opacity}" marker-end="url(#{marker})"/>'
        )
    return out


def _head(layout: GanttLayout, bottom: float) -> list[str]:
    title = layout.title or "Gantt chart"
    out = [
        f'<text class="title" x="{LABEL_X}" y="30" font-size="18" font-weight="700">{xml_text(title)}</text>',
        f'<text class="subtitle" x="{LABEL_X}" y="50" font-size="12" fill="{MUTED}">as of {xml_text(format_day(layout.as_of))}'
        f"  \u00b7  {xml_text(format_day(layout.start))} to {xml_text(format_day(layout.end - timedelta(days=1)))}</text>",
        '<g class="legend" font-size="11">',
    ]
    lx: float = LABEL_X
    ly = 76
    for rating in ("done", "green", "amber", "red", "unknown"):
        if rating in HOLLOW_RATINGS:
            out.append(
                f'<polygon points="{_diamond(lx + 6, ly, 6)}" fill="#ffffff" stroke="{COLOURS[rating]}" stroke-width="1.6"/>'
            )
        else:
            out.append(f'<polygon points="{_diamond(lx + 6, ly, 6)}" fill="{COLOURS[rating]}"/>')
        out.append(f'<text x="{lx + 16:.1f}" y="{ly + 4}">{RATING_WORDS[rating]}</text>')
        lx += 16 + 6.2 * len(RATING_WORDS[rating]) + 14
    shapes: dict[str, Callable[[float], str]] = {
        "deadline (due)": lambda v: (
            f'<polygon points="{_diamond(v + 6, ly, 6)}" fill="#ffffff" stroke="{INK}" stroke-width="1.3"/>'
        ),
        "slip": lambda v: (
            f'<line x1="{v}" y1="{ly}" x2="{v + 14}" y2="{ly}" stroke="{COLOURS["red"]}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        ),
        "time to spare": lambda v: (
            f'<line x1="{v}" y1="{ly}" x2="{v + 14}" y2="{ly}" stroke="{MUTED}" stroke-width="1" stroke-dasharray="1 3" stroke-linecap="round"/>'
        ),
        "work (start to finish)": lambda v: (
            f'<rect x="{v}" y="{ly - 5}" width="14" height="10" rx="2" fill="{COLOURS["green"]}"/>'
        ),
        "critical path": lambda v: (
            f'<polygon points="{_diamond(v + 6, ly, 6)}" fill="#ffffff" stroke="{INK}" stroke-width="2.2"/>'
        ),
        "as-of date": lambda v: (
            f'<line x1="{v + 6}" y1="{ly - 7}" x2="{v + 6}" y2="{ly + 7}" stroke="{ASOF}" stroke-width="2"/>'
        ),
    }
    if layout.deadline is not None and layout.start <= layout.deadline <= layout.end:
        shapes["programme deadline"] = lambda v: (
            f'<line x1="{v + 6}" y1="{ly - 7}" x2="{v + 6}" y2="{ly + 7}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="2 3"/>'
        )
    for word, shape in shapes.items():
        if lx + 18 + 6.2 * len(word) > WIDTH - LABEL_X:  # the legend wraps inside the canvas
            lx, ly = LABEL_X, ly + 16
        out.append(
            f'<g class="legend-entry">{shape(lx)}<text x="{lx + 18:.1f}" y="{ly + 4}">{word}</text></g>'
        )
        lx += 18 + 6.2 * len(word) + 16
    out.append("</g>")
    return out
