"""The weekly summary as Markdown (GitHub), one self-contained HTML file, or plain text (email).

All three lay out the same content (`weekly_content.report_sections`): what slipped, recovered,
was achieved, became overdue, falls due in the next four weeks, and whether the critical path or
the finish moved. The HTML page also draws the gantt of the weeks around the week ending and the
trend of the milestones that moved (`weekly_html.weekly_figures`). Plan text is escaped for each
target; control characters are made visible first (`render.terminal.literal`).
"""

from __future__ import annotations

from ..weekly import WeeklySummary
from .mermaid import mermaid_horizon, mermaid_text
from .weekly_content import FORMATS, Cell, Ref, Section, report_sections
from .weekly_html import WeeklyFigures, html_text, render_html, weekly_figures
from .weekly_markdown import markdown_text, render_markdown
from .weekly_text import render_text

__all__ = [
    "FORMATS",
    "Cell",
    "Ref",
    "Section",
    "WeeklyFigures",
    "html_text",
    "markdown_text",
    "mermaid_horizon",
    "mermaid_text",
    "render",
    "render_html",
    "render_markdown",
    "render_text",
    "report_sections",
    "weekly_figures",
]


def render(s: WeeklySummary, fmt: str, figures: WeeklyFigures | None = None) -> str:
    """The report in `fmt`: markdown, html (with `figures`, when given) or text."""
    if fmt == "html":
        return render_html(s, figures)
    if fmt == "text":
        return render_text(s)
    return render_markdown(s)
