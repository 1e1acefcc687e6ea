"""The Gantt chart as one self-contained HTML page: the SVG, a legend and a table."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from ..dates import format_day
from ..slippage import Evaluation
from .gantt_layout import COLOURS, FONT, GRID, INK, RATING_WORDS, GanttRow, gantt_layout, xml_text
from .gantt_svg import svg_from_layout


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
