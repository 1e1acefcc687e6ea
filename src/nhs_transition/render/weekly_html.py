"""The weekly summary as one self-contained HTML page (inline CSS and SVG, no external assets).

With `WeeklyFigures` it also draws the gantt of the week and the twelve after it, and the trend of
the milestones that moved; the figures scale to the page width and are not split across pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape as html_escape

from ..dates import format_day
from ..model import Plan
from ..slippage import Evaluation
from ..trend import moved_between, trend_series
from ..weekly import WeeklySummary
from .gantt_svg import gantt_svg
from .trend import trend_svg
from .weekly_content import Cell, Ref, clean, deadline_text, header_lines, report_sections

_CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: #1f2933; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #d9dee3;
  padding-bottom: .2rem; }
p { margin: .3rem 0; }
p.lead { color: #3e4c59; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid #e4e7eb; }
th { background: #f5f7fa; font-weight: 600; }
td.num { white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #52606d; }
.empty { color: #52606d; font-style: italic; }
.rating { display: inline-block; padding: 0 .45rem; border-radius: .6rem; color: #fff;
  font-size: 12px; }
.rating.red { background: #cf2e2e; } .rating.amber { background: #b7791f; }
.rating.green { background: #2e9b57; } .rating.done { background: #4f7cac; }
figure.chart { margin: .6rem 0 1rem; overflow-x: auto; break-inside: avoid;
  page-break-inside: avoid; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #52606d; font-size: 12px; margin-top: .3rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; color: #000; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  table { font-size: 9pt; }
  th, td { padding: .2rem .35rem; }
  td.num { white-space: normal; }
  code { font-size: 8pt; }
  figure.chart { overflow: visible; }
  figure.chart svg { width: 100%; height: auto; }
  th { background: none; border-bottom: 1.5px solid #000; }
  .rating { color: #000; background: none !important; border: 1px solid #000; }
  /* Landscape: the tables have seven columns and the charts are wide. */
  @page { size: landscape; margin: 12mm; }
}
""".strip()


def html_text(value: object) -> str:
    """Plan text escaped for HTML text and attributes, control characters made visible."""
    return html_escape(clean(value), quote=True)


def _html_cell(cell: Cell, column: str) -> str:
    if isinstance(cell, Ref):
        return f"<td>{html_text(cell.title)} <code>{html_text(cell.id)}</code></td>"
    if column == "Rating":
        return f'<td><span class="rating {html_text(cell)}">{html_text(cell)}</span></td>'
    cls = ' class="num"' if column in ("Moved", "Overdue by", "Slip now") else ""
    return f"<td{cls}>{html_text(cell)}</td>"


@dataclass(frozen=True, slots=True)
class WeeklyFigures:
    """The HTML page's pictures, drawn: the gantt around the week and the trend of what moved."""

    gantt: str | None  # SVG of the week reported and the next twelve weeks; None: nothing to draw
    trend: str | None  # SVG of the milestones that moved (`moved`); None: nothing moved
    moved: tuple[str, ...]  # ids whose forecast changed, or which were achieved, that week


def weekly_figures(plan: Plan, evaluation: Evaluation, s: WeeklySummary) -> WeeklyFigures:
    """Draw the figures for the week `s` of `plan` (`evaluation`: the plan as of the week ending).

    The gantt runs from the first day of the week reported to the end of the next twelve weeks;
    the trend shows the milestones whose forecast changed, or which were achieved, that week
    (`trend.moved_between`, from the plan's history).
    """
    first, end = s.week_ending - timedelta(days=6), s.horizon_end + timedelta(days=1)
    shown = _gantt_ids(evaluation, s, end)
    title = f"The week ending {format_day(s.week_ending)} and the next twelve weeks"
    gantt = gantt_svg(evaluation, first, end, ids=shown, title=title) if shown else None
    moved = moved_between(trend_series(plan, s.week_ending), s.since, s.week_ending)
    trend = None
    if moved:
        heading = f"Milestone trend of what moved in the week ending {format_day(s.week_ending)}"
        trend = trend_svg(moved, as_of=s.week_ending, title=heading)
    return WeeklyFigures(gantt, trend, tuple(series.id for series in moved))


def _gantt_ids(evaluation: Evaluation, s: WeeklySummary, end: date) -> set[str]:
    """What the gantt shows: what the Markdown's chart shows, and the work under way past `end`.

    Like the Markdown (`s.horizon`), it leaves out open milestones expected any day (nothing
    scheduled fixes their date) whose deadline is not in the window: they would all crowd the
    week-ending line.
    """
    shown = {item.milestone.id for item in s.horizon}
    rows = evaluation.schedule.rows
    for m in evaluation.milestones:
        row = rows[m.id]
        expected = m.expected
        if (
            m.is_open
            and row.constraint != "as_of"
            and expected is not None
            and row.early_start < end <= expected
        ):
            shown.add(m.id)  # work that starts or runs in the window and finishes after it
    return shown


def _figure(svg: str, caption: str, kind: str) -> list[str]:
    # Inline SVG in HTML needs no namespace declaration (the HTML parser supplies it).
    svg = svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1).rstrip("\n")
    out = [f'<figure class="chart {kind}">', svg]
    if caption:
        out.append(f"<figcaption>{caption}</figcaption>")
    return [*out, "</figure>"]


_GANTT_CAPTION = (
    "Diamonds: milestones at the date expected (filled, coloured by rating) and their deadline "
    "(hollow), joined by a dashed line when they differ; bars: work from start to finish; bold: "
    "the critical path; the blue line: the week ending."
)


def _trend_section(figures: WeeklyFigures) -> list[str]:
    out = ["<h2>Trend of the milestones that moved</h2>"]
    if figures.trend is None:
        out.append(
            '<p class="empty">No trend to draw: no forecast changed this week, and nothing '
            "with a forecast history was achieved.</p>"
        )
        return out
    return out + _figure(figures.trend, "", "trend")


def render_html(s: WeeklySummary, figures: WeeklyFigures | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS, no external assets, prints well)."""
    title = f"Weekly summary: {s.programme_name} \u2014 week ending {format_day(s.week_ending)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>Weekly summary: {html_text(s.programme_name)}</h1>",
    ]
    out += [f'<p class="lead">{html_text(line)}</p>' for line in header_lines(s)]
    for section in report_sections(s):
        out.append(f"<h2>{html_text(section.title)}</h2>")
        if section.columns:
            if section.rows:
                out.append("<table>")
                out.append(
                    "<thead><tr>"
                    + "".join(f"<th>{html_text(c)}</th>" for c in section.columns)
                    + "</tr></thead>"
                )
                out.append("<tbody>")
                for row in section.rows:
                    cells = "".join(
                        _html_cell(c, col) for c, col in zip(row, section.columns, strict=True)
                    )
                    out.append(f"<tr>{cells}</tr>")
                out.append("</tbody>")
                out.append("</table>")
            else:
                out.append(f'<p class="empty">{html_text(section.empty)}</p>')
        if section.bullets:
            out.append("<ul>")
            out += [f"<li>{html_text(note)}</li>" for note in section.notes]
            out.append("</ul>")
        else:
            out += [f"<p>{html_text(note)}</p>" for note in section.notes]
        if figures is not None and section.title == "Recovered":
            out += _trend_section(figures)
    out.append(f"<h2>Next twelve weeks (to {html_text(format_day(s.horizon_end))})</h2>")
    if figures is not None and figures.gantt is not None:
        out += _figure(figures.gantt, html_text(_GANTT_CAPTION), "gantt")
    if s.horizon:
        out.append("<table>")
        out.append(
            "<thead><tr><th>Date</th><th>What</th><th>Milestone</th><th>Workstream</th>"
            "<th>Due</th><th>Rating</th></tr></thead>"
        )
        out.append("<tbody>")
        for item in s.horizon:
            m = item.milestone
            crit = " (critical)" if m.critical and item.kind != "achieved" else ""
            out.append(
                f'<tr><td class="num">{html_text(format_day(item.day))}</td>'
                f"<td>{html_text(item.kind)}</td>"
                f"<td>{html_text(m.title)} <code>{html_text(m.id)}</code>{crit}</td>"
                f"<td>{html_text(m.workstream or '')}</td>"
                f"<td>{html_text(deadline_text(m))}</td>"
                f'<td><span class="rating {html_text(m.rating)}">{html_text(m.rating)}</span></td></tr>'
            )
        out.append("</tbody>")
        out.append("</table>")
    else:
        out.append('<p class="empty">Nothing falls in the next twelve weeks.</p>')
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
