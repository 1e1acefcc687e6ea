"""Milestone trend analysis (MTA): the SVG chart and a compact terminal table.

The chart plots report date (x) against the forecast then in force (y) on the same scale, so
the diagonal is where the forecast meets the report date. A forecast that holds is a level line;
a rising line is slippage; a line ends on the diagonal when the milestone is achieved. The forecast
stays in force until the next report, so the lines are drawn as steps.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from datetime import date

from rich.console import Group
from rich.text import Text

from ..dates import add_months, format_day
from ..errors import json_safe
from ..trend import TrendSeries
from .gantt import ASOF, FONT, GRID, INK, MUTED, bands, choose_unit, unit_start, xml_text
from .terminal import literal

PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)
# Past ten lines the colours come round again, each time with a dash pattern of its own, so
# no two lines (and no two legend rows) look alike.
DASHES = ("", "8 4", "2 3", "8 3 2 3")
OFFSET = 3.5  # px between lines whose histories are the same, so none hides another
LEGEND_CHAR_PX = 6.7  # average advance of 12px sans-serif text, for wrapping legend rows
PLOT_X, PLOT_Y, SIZE, RIGHT = 96, 92, 620, 300
WIDTH = PLOT_X + SIZE + RIGHT
LINE_H = 20
SPARK = "▁▂▃▄▅▆▇█"
# What each point of a series records, in the chart's tooltips and the text table.
_WORDS = {
    "baseline": "baseline",
    "forecast": "forecast",
    "rebaseline": "re-baselined",
    "cancelled": "cancelled",
    "actual": "achieved",
}
_Scale = Callable[[date], float]


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _domain(series: Sequence[TrendSeries], as_of: date) -> tuple[date, date]:
    days = [as_of]
    for s in series:
        days += [s.until] + [d for p in s.points for d in (p.report, p.forecast)]
    lo, hi = min(days), max(days)
    unit = choose_unit(lo, hi, SIZE / 40)
    return unit_start(lo, unit), add_months(
        unit_start(hi, unit), {"month": 1, "quarter": 3}.get(unit, 12)
    )


def trend_svg(series: Sequence[TrendSeries], *, as_of: date, title: str | None = None) -> str:
    """The milestone trend chart of `series` as a standalone SVG document (no XML declaration)."""
    heading = title or "Milestone trend analysis"
    if not series:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="600" height="80" '
            f'viewBox="0 0 600 80" font-family="{FONT}" font-size="13" fill="{INK}">'
            f'<rect width="600" height="80" fill="#ffffff"/><text x="20" y="30" font-weight="700">{xml_text(heading)}</text>'
            f'<text class="empty" x="20" y="56" fill="{MUTED}">No forecast history to chart.</text></svg>\n'
        )
    lo, hi = _domain(series, as_of)
    span = max(1, (hi - lo).days)

    def x(d: date) -> float:
        return round(PLOT_X + (d - lo).days / span * SIZE, 1)

    def y(d: date) -> float:
        return round(PLOT_Y + SIZE - (d - lo).days / span * SIZE, 1)

    bottom = PLOT_Y + SIZE
    out = [
        '<rect width="{W}" height="{H}" fill="#ffffff"/>',
        f'<text class="title" x="20" y="30" font-size="18" font-weight="700">{xml_text(heading)}</text>',
        f'<text class="subtitle" x="20" y="50" font-size="12" fill="{MUTED}">as of {xml_text(format_day(as_of))}'
        " \u00b7 each line is one milestone's forecast at each report; a rising line is slippage, "
        "the line ends on the diagonal when achieved</text>",
        # Below the diagonal a forecast would lie before its report date: shade it out.
        f'<polygon class="past" points="{PLOT_X},{bottom} {PLOT_X + SIZE},{bottom} {PLOT_X + SIZE},{PLOT_Y}" fill="#f1f3f5"/>',
    ]
    out += _grid(lo, hi, x, y)
    out.append(
        f'<line class="diagonal" x1="{PLOT_X}" y1="{bottom}" x2="{PLOT_X + SIZE}" y2="{PLOT_Y}" stroke="{MUTED}" stroke-width="1.5"/>'
    )
    if lo <= as_of <= hi:
        out.append(
            f'<line class="asof" x1="{x(as_of)}" y1="{PLOT_Y}" x2="{x(as_of)}" y2="{bottom}" stroke="{ASOF}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        out.append(
            f'<text class="asof-label" x="{x(as_of) + 4}" y="{bottom - 8}" text-anchor="start" font-size="11" font-weight="700" fill="{ASOF}">as of {xml_text(_day(as_of))}</text>'
        )
    labels: list[tuple[float, float, str, str]] = []
    drawn: list[tuple[set[tuple[date, date, date]], float]] = []  # segments, shift
    for i, s in enumerate(series):
        colour, dash = line_style(i)
        # A line that would run along one drawn already (the same forecast over the same
        # reports) is drawn OFFSET px down and right of it, so neither hides the other.
        mine = _segments(s)
        shift = 0.0
        while any(by == shift and _overlap(mine, theirs) for theirs, by in drawn):
            shift += OFFSET
        drawn.append((mine, shift))

        def shifted_x(d: date, by: float = shift) -> float:
            return round(x(d) + by, 1)

        def shifted_y(d: date, by: float = shift) -> float:
            return round(y(d) + by, 1)

        out += _series(s, colour, shifted_x, shifted_y, dash)
        last = s.points[-1]
        end_x = shifted_x(s.until)
        end_y = shifted_y(last.forecast)
        labels.append((end_x + 10, end_y + 4, colour, s.title))
    out += _place_labels(labels)
    out.append(
        f'<rect x="{PLOT_X}" y="{PLOT_Y}" width="{SIZE}" height="{SIZE}" fill="none" stroke="#9aa5b1"/>'
    )
    out.append(
        f'<text class="axis-title" x="{PLOT_X + SIZE / 2}" y="{bottom + 46}" text-anchor="middle" font-size="12" fill="{MUTED}">report date</text>'
    )
    out.append(
        f'<text class="axis-title" transform="translate(22 {PLOT_Y + SIZE / 2}) rotate(-90)" text-anchor="middle" font-size="12" fill="{MUTED}">forecast date</text>'
    )
    table_y: float = bottom + 76
    for i, s in enumerate(series):
        row, lines = _legend_row(s, *line_style(i), table_y)
        out.append(row)
        table_y += LINE_H + (lines - 1) * (LINE_H - 4)
    height = round(table_y + 10)
    svg = "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" font-size="12" fill="{INK}">',
            f"<title>{xml_text(heading)}</title>",
            *out,
            "</svg>",
        ]
    )
    return svg.replace("{W}", str(WIDTH)).replace("{H}", str(height)) + "\n"


def _grid(lo: date, hi: date, x: _Scale, y: _Scale) -> list[str]:
    unit = choose_unit(lo, hi, SIZE / 40)
    out = [f'<g class="grid" font-size="11" fill="{MUTED}">']
    for first, _, label in bands(lo, hi, unit):
        if first < lo:
            continue
        major = unit == "financial-year" or first.month == 1
        text = str(first.year) if major and unit != "financial-year" else label
        if unit == "quarter" and not major:
            text = first.strftime("%b")
        stroke = "#c3cad2" if major else GRID
        out.append(
            f'<line x1="{x(first)}" y1="{PLOT_Y}" x2="{x(first)}" y2="{PLOT_Y + SIZE}" stroke="{stroke}"/>'
        )
        out.append(
            f'<line x1="{PLOT_X}" y1="{y(first)}" x2="{PLOT_X + SIZE}" y2="{y(first)}" stroke="{stroke}"/>'
        )
        weight = ' font-weight="700"' if major else ""
        out.append(
            f'<text class="tick-label" x="{x(first)}" y="{PLOT_Y + SIZE + 18}" text-anchor="middle"{weight}>{text}</text>'
        )
        out.append(
            f'<text class="tick-label" x="{PLOT_X - 8}" y="{y(first) + 4}" text-anchor="end"{weight}>{text}</text>'
        )
    out.append("</g>")
    return out


def _segments(s: TrendSeries) -> set[tuple[date, date, date]]:
    """The level stretches of a series' line: (forecast, from report, to report)."""
    ends = [p.report for p in s.points[1:]] + [s.until]
    return {(p.forecast, p.report, end) for p, end in zip(s.points, ends, strict=True)}


def _overlap(a: set[tuple[date, date, date]], b: set[tuple[date, date, date]]) -> bool:
    """True when two lines share a stretch: the same forecast over overlapping reports."""
    return any(fa == fb and sa < eb and sb < ea for fa, sa, ea in a for fb, sb, eb in b)


def line_style(i: int) -> tuple[str, str]:
    """The colour and dash pattern of the i-th line: no two alike for the first 40."""
    return PALETTE[i % len(PALETTE)], DASHES[(i // len(PALETTE)) % len(DASHES)]


def _series(s: TrendSeries, colour: str, x: _Scale, y: _Scale, dash: str = "") -> list[str]:
    first = s.points[0]
    path = [f"M{x(first.report)},{y(first.forecast)}"]
    for p in s.points[1:]:
        path.append(f"H{x(p.report)} V{y(p.forecast)}")
    if not s.achieved and s.until > s.points[-1].report:
        path.append(f"H{x(s.until)}")
    out = [f'<g class="series" data-milestone="{xml_text(s.id)}">']
    out.append(f"<title>{xml_text(f'{s.id}: {s.title}')}</title>")
    out.append(
        f'<path class="trend-line" d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + "/>"
    )
    for p in s.points:
        tip = f"{_day(p.report)}: {_WORDS[p.kind]} {_day(p.forecast)}"
        if p.change_days:
            tip += f" ({p.change_days:+d} days)"
        if p.source == "git" and p.commit:
            tip += f" (git {p.commit[:7]})"
        if p.reason:
            tip += f" - {p.reason}"
        cx, cy = x(p.report), y(p.forecast)
        if p.kind == "actual":
            shape = f'<polygon class="actual" points="{cx},{cy - 8} {cx + 8},{cy} {cx},{cy + 8} {cx - 8},{cy}" fill="{colour}" stroke="#ffffff" stroke-width="1.5">'
            out.append(f"{shape}<title>{xml_text(tip)}</title></polygon>")
        elif p.source == "git":  # a commit of the plan, not a report of its own: a square
            fill = "#ffffff" if p.kind == "baseline" else colour
            out.append(
                f'<rect class="report git" x="{cx - 4.5}" y="{cy - 4.5}" width="9" height="9" fill="{fill}" stroke="{colour}" stroke-width="2"><title>{xml_text(tip)}</title></rect>'
            )
        else:
            fill = "#ffffff" if p.kind == "baseline" else colour
            out.append(
                f'<circle class="report" cx="{cx}" cy="{cy}" r="4.5" fill="{fill}" stroke="{colour}" stroke-width="2"><title>{xml_text(tip)}</title></circle>'
            )
    if s.expected is not None:  # what the schedule expects, where the tables say it
        cx, top, low = x(s.until), y(s.latest), y(s.expected)
        tip = f"{_day(s.until)}: expected {_day(s.expected)} (the schedule; forecast {_day(s.latest)})"
        out.append(
            f'<line class="expected-gap" x1="{cx}" y1="{top}" x2="{cx}" y2="{low}" stroke="{colour}" '
            'stroke-width="1.5" stroke-dasharray="1 3" stroke-linecap="round"/>'
        )
        out.append(
            f'<circle class="expected" cx="{cx}" cy="{low}" r="4.5" fill="#ffffff" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="2 2"><title>{xml_text(tip)}</title></circle>'
        )
    out.append("</g>")
    return out


def _place_labels(labels: list[tuple[float, float, str, str]]) -> list[str]:
    """End-of-line labels, nudged apart where they would overprint each other."""
    placed: list[tuple[float, float]] = []
    out = []
    for lx, ly, colour, title in sorted(labels, key=lambda item: item[1]):
        room = max(12, int((WIDTH - lx - 8) / 7.6))  # bold 12px: about 7.6 px a character
        text = title if len(title) <= room else title[: room - 1].rstrip() + "\u2026"
        width = 7.6 * len(text)
        for px, py in placed:
            if abs(py - ly) < 15 and lx < px + 7.2 * 40 and px < lx + width:
                ly = py + 15
        placed.append((lx, ly))
        out.append(
            f'<text class="series-label" x="{lx}" y="{ly}" font-size="12" font-weight="700" fill="{colour}">{xml_text(text)}</text>'
        )
    return out


def _legend_row(s: TrendSeries, colour: str, dash: str, top: float) -> tuple[str, int]:
    """A legend row, its text wrapped to the canvas; (the SVG, how many lines it takes)."""
    status = f"achieved {_day(s.latest)}" if s.achieved else f"forecast {_day(s.latest)}"
    moved = s.moved_days
    change = (
        "held"
        if moved == 0
        else (f"{_days(moved)} later" if moved > 0 else f"{_days(-moved)} earlier")
    )
    text = f"{s.title}: baseline {_day(s.baseline)}, {status} ({change})"
    if s.expected is not None:
        text += f"; expected {_day(s.expected)} by the schedule"
    room = int((WIDTH - PLOT_X - 22 - 12) / LEGEND_CHAR_PX)
    lines = textwrap.wrap(text, room, break_long_words=True) or [""]
    spans = "".join(
        f'<tspan x="{PLOT_X + 22}" dy="{0 if k == 0 else LINE_H - 4}">{xml_text(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    swatch = (
        f'<line x1="{PLOT_X}" y1="{top - 8}" x2="{PLOT_X + 16}" y2="{top - 8}" stroke="{colour}" '
        f'stroke-width="3"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
    )
    return (
        f'<g class="legend-row">{swatch}<text x="{PLOT_X + 22}" y="{top - 4}" font-size="12">'
        f"{spans}</text></g>",
        len(lines),
    )


# --- Terminal -----------------------------------------------------------------------------------


def sparkline(values: Sequence[int]) -> str:
    """One block character per point, higher for more slip (days; see TrendSeries.slip_steps);
    a flat line at the bottom when nothing slipped."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = max(1, hi - lo)
    return "".join(SPARK[round((v - lo) / span * (len(SPARK) - 1))] for v in values)


def trend_terminal(series: Sequence[TrendSeries], width: int) -> Group:
    """Per milestone: a sparkline of its forecasts, then each report date and the forecast then."""
    width = max(40, width)
    lines: list[Text] = []
    if not series:
        lines.append(Text("No forecast history to show.", style="dim"))
    for s in series:
        moved = s.moved_days
        summary = f" {sparkline(s.slip_steps())}  {moved:+d}d"
        head = Text(no_wrap=True, overflow="crop")
        head.append(_fit(f"{literal(s.id)} · {literal(s.title)}", width - len(summary)), "bold")
        head.append(summary, "red" if moved > 0 else "green" if moved < 0 else "dim")
        lines.append(head)
        for p in s.points:
            word = _WORDS[p.kind]
            change = f"{p.change_days:+5d}d" if p.change_days else "      "
            row = Text(no_wrap=True, overflow="crop")
            row.append(f"  {_day(p.report):>11}  {word:<8} {_day(p.forecast):>11} ")
            row.append(change, "red" if p.change_days > 0 else "green" if p.change_days < 0 else "")
            note = literal(p.reason) if p.reason else ""
            if p.source == "git" and p.commit:
                note = f"git {p.commit[:7]}" + (f": {note}" if note else "")
            if note:
                room = width - len(row) - 2
                if room > 3:
                    row.append("  " + _fit(note, room), "dim")
            lines.append(row)
        if s.expected is not None:
            row = Text(no_wrap=True, overflow="crop")
            row.append(
                f"  {_day(s.until):>11}  expected {_day(s.expected):>11}  by the schedule", "dim"
            )
            lines.append(row)
        lines.append(Text(""))
    for line in lines:
        line.rstrip()
    return Group(*lines)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "\u2026"


def trend_json(series: Sequence[TrendSeries], *, as_of: date) -> str:
    """The series for scripts: per milestone, each report date and the forecast then in force."""
    import json

    data = {
        "as_of": as_of.isoformat(),
        "milestones": [
            {
                "id": s.id,
                "title": s.title,
                "due": s.due.isoformat() if s.due else None,
                "achieved": s.achieved,
                "moved_days": s.moved_days,
                "expected": s.expected.isoformat() if s.expected else None,
                "points": [
                    {
                        "report": p.report.isoformat(),
                        "forecast": p.forecast.isoformat(),
                        "kind": p.kind,
                        "change_days": p.change_days,
                        "reason": p.reason,
                        "source": p.source,
                        "commit": p.commit,
                    }
                    for p in s.points
                ],
            }
            for s in series
        ],
    }
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
