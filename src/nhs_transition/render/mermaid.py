"""The Gantt chart as a Mermaid `gantt` block, for Markdown that GitHub and GitLab draw.

Tags: `done` for achieved milestones, `crit` for the critical path and for late (red) ones,
`active` for amber; a milestone (no duration) gets `milestone`. A task that slipped says so in
its name ("due 30 Nov 2010, 50 days late"), since Mermaid has no second marker for a deadline.
Mermaid's own "today" line is switched off: it would show the reader's clock, not the as-of date.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from ..slippage import Evaluation
from .gantt import GanttRow, gantt_layout

# What Mermaid's gantt grammar cannot take in a name: ':' ends the name, '#' starts an entity,
# ';' ends a statement, '%%' a comment; angle brackets and control characters have no business
# in a label either.
_REPLACE = {":": " -", "#": "No.", ";": ",", "<": "\u2039", ">": "\u203a", "%": " pct", "`": "'"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def mermaid_text(value: str) -> str:
    """`value` made safe for a Mermaid task, section or title."""
    text = _CONTROL.sub(" ", value)
    for bad, good in _REPLACE.items():
        text = text.replace(bad, good)
    return re.sub(r"\s+", " ", text).strip() or "-"


def _task_id(milestone_id: str) -> str:
    return "m_" + re.sub(r"[^A-Za-z0-9_]", "_", milestone_id)


def _tags(row: GanttRow) -> list[str]:
    rating = row.status.rating
    tags = []
    if rating == "done":
        tags.append("done")
    elif row.critical or rating == "red":
        tags.append("crit")
    elif rating == "amber":
        tags.append("active")
    if row.is_milestone:
        tags.append("milestone")
    return tags


def _name(row: GanttRow) -> str:
    s = row.status
    name = s.title
    if row.due is not None and s.slip_days and s.slip_days > 0:
        late = "1 day" if s.slip_days == 1 else f"{s.slip_days} days"
        name += f" (due {row.due.day} {row.due:%b %Y}, {late} late)"
    return mermaid_text(name)


def mermaid_gantt(
    evaluation: Evaluation,
    start: date | None = None,
    end: date | None = None,
    *,
    workstreams: Collection[str] | None = None,
    title: str | None = None,
    fenced: bool = False,
) -> str:
    """A Mermaid `gantt` block of the plan as evaluated (``` fences around it when `fenced`)."""
    layout = gantt_layout(evaluation, start, end, workstreams=workstreams, title=title or "")
    as_of = evaluation.as_of
    heading = f"{title} - as of {as_of.day} {as_of:%b %Y}" if title else f"as of {as_of:%Y-%m-%d}"
    lines = [
        "gantt",
        f"    title {mermaid_text(heading)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    todayMarker off",
    ]
    for group in layout.groups:
        lines.append(f"    section {mermaid_text(group.name)}")
        for row in group.rows:
            tags = ", ".join([*_tags(row), _task_id(row.status.id)])
            if row.is_milestone:
                when = f"{row.finish.isoformat()}, 0d"
            else:
                when = f"{row.start.isoformat()}, {row.finish.isoformat()}"
            lines.append(f"    {_name(row)} :{tags}, {when}")
    text = "\n".join(lines) + "\n"
    return f"```mermaid\n{text}```\n" if fenced else text
