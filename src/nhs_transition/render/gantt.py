"""The Gantt chart: a layout shared by every renderer, and the SVG and HTML renderers.

Milestones (no duration) are diamonds at the date expected (the actual, else the scheduled early
finish); work with a duration is a bar from its early start to its early finish. The deadline
(`due`) is a hollow diamond on the same row, joined to the expected date by a line, so a slip
shows as a gap. Colour gives the rating; the critical path has a dark outline and bold label. The
SVG is standalone (no fonts or files outside it) and meant to print: light background, text of
11-13px in a generic font stack. Every piece of plan text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape as _escape
from typing import Literal

from ..dates import add_months, format_day
from ..slippage import Evaluation, MilestoneStatus

Unit = Literal["month", "quarter", "financial-year"]
NO_WORKSTREAM = "(no workstream)"
_Scale = Callable[[date], float]

COLOURS = {"done": "#4f7cac", "green": "#2e9b57", "amber": "#e59a00", "red": "#cf2e2e"}
RATING_WORDS = {"done": "done", "green": "on track", "amber": "at risk", "red": "late"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK, MUTED, GRID, ASOF = "#1f2933", "#52606d", "#e4e7eb", "#3b5bdb"

# XML 1.0 cannot carry C0 controls even as references, parsers fold tabs and newlines in
# attributes, and bidi overrides would reorder what is read: all are shown as escapes instead.
_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def xml_text(value: object) -> str:
    """`value` escaped for XML/HTML text and attributes, control characters made visible."""
    text = "" if value is None else str(value)
    text = _UNSAFE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )
    return _escape(text, quote=True)


@dataclass(frozen=True, slots=True)
class GanttRow:
    """One milestone on the chart: its span, its deadline, and whether it is on the critical path."""

    status: MilestoneStatus
    start: date  # early start (the expected date less the work's duration)
    finish: date  # the expected date: the actual, else the early finish
    due: date | None
    critical: bool  # on the critical path

    @property
    def is_milestone(self) -> bool:
        """No duration: drawn as a diamond."""
        return self.start == self.finish


@dataclass(frozen=True, slots=True)
class GanttGroup:
    """The rows of one workstream, in plan order."""

    name: str
    rows: tuple[GanttRow, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A dependency between two rows shown: whether it drives the successor, and is critical."""

    predecessor: str
    successor: str
    driving: bool
    critical: bool


@dataclass(frozen=True, slots=True)
class GanttLayout:
    """What a Gantt renderer draws: a window of time, the as-of date, the rows by workstream."""

    start: date
    end: date
    as_of: date
    deadline: date | None
    groups: tuple[GanttGroup, ...]
    links: tuple[Link, ...]
    title: str

    @property
    def rows(self) -> tuple[GanttRow, ...]:
        """Every row, group after group."""
        return tuple(r for g in self.groups for r in g.rows)

    def fraction(self, day: date) -> float:
        """Where `day` falls on the time axis: 0 at the start, 1 at the end."""
        return (day - self.start).days / max(1, (self.end - self.start).days)


def workstreams_of(evaluation: Evaluation) -> list[str]:
    """The workstreams of the plan in order of first appearance."""
    return list(dict.fromkeys(m.workstream or NO_WORKSTREAM for m in evaluation.milestones))


def gantt_layout(
    evaluation: Evaluation,
    start: date | None = None,
    end: date | None = None,
    *,
    workstreams: Collection[str] | None = None,
    title: str = "",
) -> GanttLayout:
    """Lay out the chart: rows by workstream, within [start, end] (default: the whole plan, by month)."""
    schedule = evaluation.schedule
    critical = set(schedule.critical_path)
    rows: list[GanttRow] = []
    for s in evaluation.milestones:
        if workstreams is not None and (s.workstream or NO_WORKSTREAM) not in workstreams:
            continue
        row = schedule.rows[s.id]
        duration = row.early_finish - row.early_start
        finish = s.expected
        due = s.due.day if s.due is not None else None
        rows.append(GanttRow(s, finish - duration, finish, due, s.critical or s.id in critical))
    if start is not None or end is not None:
        lo, hi = start or date.min, end or date.max
        rows = [r for r in rows if _reach(r)[0] <= hi and _reach(r)[1] >= lo]
    days = [d for r in rows for d in _reach(r)] + [schedule.start, evaluation.as_of]
    if start is None:
        first = min(days)
        start = date(first.year, first.month, 1)
    if end is None:
        last = max(days)
        end = add_months(date(last.year, last.month, 1), 1)
    if end <= start:
        end = start + timedelta(days=1)
    groups: dict[str, list[GanttRow]] = {}
    for r in rows:
        groups.setdefault(r.status.workstream or NO_WORKSTREAM, []).append(r)
    shown = {r.status.id for r in rows}
    links = tuple(
        Link(p, r.status.id, driving, r.critical and driving)
        for r in rows
        if not r.status.done  # what waits on what matters while it still waits
        for p, _ in schedule.predecessors(r.status.id)
        if p in shown
        for driving in [schedule.rows[r.status.id].driver == p]
    )
    return GanttLayout(
        start=start,
        end=end,
        as_of=evaluation.as_of,
        deadline=evaluation.summary.deadline,
        groups=tuple(GanttGroup(name, tuple(g)) for name, g in groups.items()),
        links=links,
        title=title,
    )


def _reach(r: GanttRow) -> tuple[date, date]:
    days = [r.start, r.finish] + ([r.due] if r.due else [])
    return min(days), max(days)


# --- The time axis ----------------------------------------------------------------------------

_STEP = {"month": 1, "quarter": 3, "financial-year": 12}


def choose_unit(start: date, end: date, slots: float) -> Unit:
    """The finest unit (month, quarter, financial year) whose bands fit in `slots` labels."""
    months = (end - start).days / 30.44
    if months <= slots:
        return "month"
    if months / 3 <= slots:
        return "quarter"
    return "financial-year"


def unit_start(day: date, unit: Unit) -> date:
    """The first day of the month, calendar quarter or financial year (from 1 April) holding `day`."""
    if unit == "month":
        return date(day.year, day.month, 1)
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def bands(start: date, end: date, unit: Unit) -> list[tuple[date, date, str]]:
    """The bands of `unit` that overlap [start, end): (first day, first day of the next, label)."""
    found: list[tuple[date, date, str]] = []
    current = unit_start(start, unit)
    while current < end:
        following = add_months(current, _STEP[unit])
        found.append((current, following, _band_label(current, unit)))
        current = following
    return found


def _band_label(day: date, unit: Unit) -> str:
    if unit == "month":
        return day.strftime("%b")
    if unit == "quarter":
        return f"Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}/{(day.year + 1) % 100:02d}"


def years(start: date, end: date) -> list[tuple[date, date, str]]:
    """Calendar-year bands overlapping [start, end)."""
    return [
        (date(y, 1, 1), date(y + 1, 1, 1), str(y))
        for y in range(start.year, end.year + 1)
        if date(y, 1, 1) < end
    ]


# --- SVG ----------------------------------------------------------------------------------------

LABEL_X, LABEL_W = 20, 340
PLOT_X, PLOT_W, RIGHT = 372, 860, 150
ROW_H, GROUP_H, TOP = 22, 26, 132
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
    title: str = "",
    dependencies: bool = True,
) -> str:
    """The Gantt chart as a standalone SVG document (no XML declaration, so it can be inlined)."""
    layout = gantt_layout(evaluation, start, end, workstreams=workstreams, title=title)
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
    clip = f'<clipPath id="plot"><rect x="{PLOT_X}" y="{TOP - 30}" width="{PLOT_W}" height="{bottom - TOP + 30}"/></clipPath>'
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
    if row.due:
        parts.append(f"due {format_day(row.due)}")
    parts.append(("achieved " if s.actual else "expected ") + format_day(row.finish))
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
    stroke = (
        f'stroke="{INK}" stroke-width="2"' if row.critical else 'stroke="#ffffff" stroke-width="1"'
    )
    out: list[str] = []
    xf = x(row.finish)
    deadline = ""
    if row.due is not None and row.due != row.finish:
        late = row.finish > row.due
        line = COLOURS["red"] if late else MUTED
        xd = x(row.due)
        out.append(
            f'<line class="slip" x1="{xd}" y1="{cy}" x2="{xf}" y2="{cy}" stroke="{line}" stroke-width="1.5" stroke-dasharray="4 3"/>'
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
    """The date and slip, right of the latest mark (left of the earliest near the right edge)."""
    last = max(row.finish, row.due or row.finish)
    first = min(row.start, row.due or row.start)
    inside = layout.start <= row.finish <= layout.end
    if not inside and not (row.due is not None and layout.start <= row.due <= layout.end):
        return None
    s = row.status
    late = f"  \u00b7  {_days(s.slip_days)} late" if s.slip_days and s.slip_days > 0 else ""
    text = _day(row.finish) + late
    colour = COLOURS["red"] if late else MUTED
    if last <= layout.end and x(last) + 11 + len(text) * 6.2 <= WIDTH - 8:
        at, anchor = x(last) + 11, "start"
    elif first >= layout.start:
        at, anchor = x(first) - 11, "end"
    else:
        at, anchor = x(min(row.finish, layout.end)) + 11, "start"
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
        # Into the successor's first mark: its deadline when that comes before the work.
        if s.due is not None and s.due < s.start:
            x1 = x(s.due) - 7
        else:
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
    for rating in ("done", "green", "amber", "red"):
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
    for word, shape in shapes.items():
        out.append(shape(lx))
        out.append(f'<text x="{lx + 18:.1f}" y="{ly + 4}">{word}</text>')
        lx += 18 + 6.2 * len(word) + 16
    out.append("</g>")
    return out


# --- HTML -----------------------------------------------------------------------------------------


def gantt_html(
    evaluation: Evaluation,
    start: date | None = None,
    end: date | None = None,
    *,
    workstreams: Collection[str] | None = None,
    title: str = "",
) -> str:
    """One self-contained page: the chart, a legend and a table of the milestones shown."""
    layout = gantt_layout(evaluation, start, end, workstreams=workstreams, title=title)
    svg = svg_from_layout(layout)
    heading = xml_text(title or "Gantt chart")
    rows = "\n".join(_table_rows(layout.rows))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<style>
body {{ font-family: {FONT}; color: {INK}; background: #fff; margin: 1.5rem; }}
.chart {{ overflow-x: auto; }}
.chart svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; font-size: 0.85rem; margin-top: 1rem; }}
th, td {{ border-bottom: 1px solid {GRID}; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.rating {{ font-weight: 700; }}
{"".join(f".rating-{k} {{ color: {v}; }} " for k, v in COLOURS.items())}
.legend span {{ margin-right: 1.2rem; }}
.critical td:first-child {{ font-weight: 700; }}
</style>
</head>
<body>
<h1>{heading}</h1>
<p>As of {xml_text(format_day(layout.as_of))}. {_legend_html()}</p>
<div class="chart">
{svg}</div>
<table>
<thead><tr><th>Milestone</th><th>Workstream</th><th>Owner</th><th>Due</th><th>Expected</th><th>Slip (days)</th><th>Float (days)</th><th>Rating</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def _legend_html() -> str:
    parts = [f'<span class="rating-{k}">\u25c6 {v}</span>' for k, v in RATING_WORDS.items()]
    parts += [
        "<span>\u25c7 deadline (due), joined to the expected date by a dashed line</span>",
        "<span>bold: critical path</span>",
    ]
    return f'<span class="legend">{"".join(parts)}</span>'


def _table_rows(rows: Iterable[GanttRow]) -> Iterable[str]:
    for row in rows:
        s = row.status
        cls = ' class="critical"' if row.critical else ""
        yield (
            f"<tr{cls}><td>{xml_text(s.title)} <small>({xml_text(s.id)})</small></td>"
            f"<td>{xml_text(s.workstream or '')}</td><td>{xml_text(s.owner_label)}</td>"
            f"<td>{xml_text(s.due.text if s.due else '')}</td><td>{row.finish.isoformat()}</td>"
            f'<td class="num">{"" if s.slip_days is None else s.slip_days}</td>'
            f'<td class="num">{s.total_float}</td>'
            f'<td class="rating rating-{s.rating}">{s.rating}</td></tr>'
        )


# --- JSON -----------------------------------------------------------------------------------------


def gantt_json(layout: GanttLayout) -> str:
    """The chart's data for scripts: the window, each row's dates and rating, and the links shown."""
    import json

    def day(d: date | None) -> str | None:
        return d.isoformat() if d is not None else None

    data = {
        "as_of": day(layout.as_of),
        "start": day(layout.start),
        "end": day(layout.end - timedelta(days=1)),
        "milestones": [
            {
                "id": r.status.id,
                "title": r.status.title,
                "workstream": r.status.workstream,
                "start": day(r.start),
                "finish": day(r.finish),
                "due": day(r.due),
                "slip_days": r.status.slip_days,
                "rating": r.status.rating,
                "critical": r.critical,
                "milestone": r.is_milestone,
            }
            for r in layout.rows
        ],
        "dependencies": [
            {"from": k.predecessor, "to": k.successor, "driving": k.driving, "critical": k.critical}
            for k in layout.links
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
