"""The Gantt chart: one layout (`gantt_layout`), drawn as SVG, HTML, JSON (and terminal, Mermaid).

The pieces live in `gantt_layout` (rows, links, time axis, JSON), `gantt_svg` and `gantt_html`;
this module is where the rest of the program imports them from.
"""

from __future__ import annotations

from .gantt_html import gantt_html
from .gantt_layout import (
    ASOF,
    COLOURS,
    FONT,
    GRID,
    INK,
    MUTED,
    NO_WORKSTREAM,
    RATING_WORDS,
    GanttGroup,
    GanttLayout,
    GanttRow,
    Link,
    Unit,
    bands,
    choose_unit,
    gantt_json,
    gantt_layout,
    unit_start,
    workstreams_of,
    xml_text,
    years,
)
from .gantt_svg import (
    GROUP_H,
    LABEL_W,
    LABEL_X,
    PLOT_W,
    PLOT_X,
    RIGHT,
    ROW_H,
    TOP,
    WIDTH,
    gantt_svg,
    svg_from_layout,
)

__all__ = [
    "ASOF",
    "COLOURS",
    "FONT",
    "GRID",
    "GROUP_H",
    "INK",
    "LABEL_W",
    "LABEL_X",
    "MUTED",
    "NO_WORKSTREAM",
    "PLOT_W",
    "PLOT_X",
    "RATING_WORDS",
    "RIGHT",
    "ROW_H",
    "TOP",
    "WIDTH",
    "GanttGroup",
    "GanttLayout",
    "GanttRow",
    "Link",
    "Unit",
    "bands",
    "choose_unit",
    "gantt_html",
    "gantt_json",
    "gantt_layout",
    "gantt_svg",
    "svg_from_layout",
    "unit_start",
    "workstreams_of",
    "xml_text",
    "years",
]
