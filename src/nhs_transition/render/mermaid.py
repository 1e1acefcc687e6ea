"""Mermaid `gantt` blocks, for Markdown that GitHub and GitLab draw: one writer, two charts.

`mermaid_gantt` draws the plan as evaluated (`transition gantt --format mermaid`): `done` for
achieved milestones, `crit` for the critical path and for late (red) ones, `active` for amber; a
milestone (no duration) gets `milestone`; a task that slipped says so in its name ("due 30 Nov
2010, 50 days late"), since Mermaid has no second marker for a deadline. `mermaid_horizon` draws
the weekly report's next twelve weeks (`weekly.HorizonItem`: achieved this week, expected, due,
overdue). Both go through `mermaid_block`, and every name through `mermaid_text`. Mermaid's own
"today" line is switched off: it would show the reader's clock, not the as-of date.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..dates import format_day
from ..slippage import Evaluation
from ..weekly import HorizonItem
from .gantt_layout import GanttRow, gantt_layout
from .terminal import literal

# Mermaid's gantt grammar ends a task name at ':' and a statement at ';' or '#' (which also opens
# an entity, "#lt;"); '%%' starts a comment; '<' '>' could become HTML in a label; a backtick run
# could close the code fence; braces and quotes open directives and strings. Each becomes a plain
# or look-alike stand-in, so the label still reads the same. '&' can stay: with ';' and '#' gone
# it can no longer form an entity.
_MERMAID = str.maketrans(
    {
        ":": " -",
        ";": ",",
        "#": "No.",
        "%": " pct",
        "<": "\u2039",
        ">": "\u203a",
        "`": "'",
        "{": "(",
        "}": ")",
        '"': "\u201d",
        "\\": "\u29f5",
    }
)
# Mermaid's lexer matches these at the start of a line by prefix, case-insensitively (mermaid
# packages/mermaid/src/diagrams/gantt/parser/gantt.jison), so "Title of the Bill" or "Call-off
# contract" would be read as a statement; so would a leading ISO date.
_KEYWORDS = (
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "accdescr",
    "acctitle",
    "section",
    "click",
    "call",
    "href",
    "vert",
    "displaymode",
)
_LEADING_DATE = re.compile(r"\d{4}-\d\d-\d\d")
LABEL_MAX = 60  # characters of a task or section name in the weekly chart
GANTT_LABEL_MAX = 120  # in the whole plan's chart, where the name is what the reader reads
TITLE_MAX = 100


def mermaid_text(value: object, limit: int = LABEL_MAX) -> str:
    """Plan text made safe as a Mermaid gantt task, section or title (one line, at most `limit`)."""
    text = literal(" ".join(str(value).split())) if value is not None else ""
    text = " ".join(text.translate(_MERMAID).split()) or "(untitled)"
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    if text.lower().startswith(_KEYWORDS) or _LEADING_DATE.match(text):
        text = "\u200b" + text  # a zero-width space: no longer a keyword at the start of a line
    return text


@dataclass(frozen=True, slots=True)
class MermaidTask:
    """One task line: a name (plan text) and a suffix of our own words, tags, and its days."""

    name: str
    tags: tuple[str, ...]
    start: date
    finish: date  # the same day as `start`: a milestone, drawn as `0d`
    suffix: str = ""
    ident: str | None = None  # a Mermaid task id, after the tags

    def line(self, limit: int = LABEL_MAX) -> str:
        """The task statement, indented under its section; the name cut to `limit` characters."""
        name = mermaid_text(self.name, limit - len(self.suffix)) + self.suffix.translate(_MERMAID)
        data = [*self.tags, *([self.ident] if self.ident else []), self.start.isoformat()]
        data.append("0d" if self.finish == self.start else self.finish.isoformat())
        return f"    {name} :{', '.join(data)}"


def mermaid_block(
    title: str,
    sections: Iterable[tuple[str, Sequence[MermaidTask]]],
    *,
    axis_format: str = "%b %Y",
    label_max: int = LABEL_MAX,
    fenced: bool = False,
) -> str:
    """A Mermaid `gantt` block: the title, then each section's tasks (``` fences when `fenced`)."""
    lines = [
        "gantt",
        f"    title {mermaid_text(title, TITLE_MAX)}",
        "    dateFormat YYYY-MM-DD",
        f"    axisFormat {axis_format}",
        "    todayMarker off",
    ]
    for name, tasks in sections:
        lines.append(f"    section {mermaid_text(name, label_max)}")
        lines += [task.line(label_max) for task in tasks]
    text = "\n".join(lines) + "\n"
    return f"```mermaid\n{text}```\n" if fenced else text


# --- The plan as evaluated --------------------------------------------------------------------


def _task_id(milestone_id: str) -> str:
    return "m_" + re.sub(r"[^A-Za-z0-9_]", "_", milestone_id)


def _tags(row: GanttRow) -> tuple[str, ...]:
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
    return tuple(tags)


def _late(row: GanttRow) -> str:
    s = row.status
    if row.due is None or not s.slip_days or s.slip_days <= 0:
        return ""
    late = "1 day" if s.slip_days == 1 else f"{s.slip_days} days"
    return f" (due {row.due.day} {row.due:%b %Y}, {late} late)"


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
    sections = [
        (
            group.name,
            [
                MermaidTask(
                    row.status.title,
                    _tags(row),
                    row.finish if row.is_milestone else row.start,
                    row.finish,
                    suffix=_late(row),
                    ident=_task_id(row.status.id),
                )
                for row in group.rows
            ],
        )
        for group in layout.groups
    ]
    return mermaid_block(heading, sections, label_max=GANTT_LABEL_MAX, fenced=fenced)


# --- The weekly report's next twelve weeks ------------------------------------------------------

_KIND_SUFFIX = {"achieved": " (achieved)", "expected": "", "due": " (due)", "overdue": " (overdue)"}


def _horizon_task(item: HorizonItem) -> MermaidTask:
    m = item.milestone
    tags = ["milestone"]
    if item.kind == "achieved":
        tags.append("done")
    elif item.kind in ("due", "overdue"):
        tags.append("active")  # open, with nothing scheduled that fixes a date
    if item.kind == "overdue" or (item.kind != "achieved" and m.critical):
        tags.append("crit")
    return MermaidTask(m.title, tuple(tags), item.day, item.day, suffix=_KIND_SUFFIX[item.kind])


def mermaid_horizon(items: Sequence[HorizonItem], end: date, *, fenced: bool = False) -> str:
    """The weekly chart of the next twelve weeks, to `end`: one milestone task per item.

    The items say where each milestone stands (`weekly.HorizonItem`): achieved this week at its
    actual, scheduled ones when expected, open ones with nothing scheduled at their deadline,
    overdue ones when expected (on the week-ending day when nothing in the window is).
    """
    groups: dict[str, list[MermaidTask]] = {}
    for item in items:
        workstream = item.milestone.workstream or "(no workstream)"
        groups.setdefault(workstream, []).append(_horizon_task(item))
    title = f"The next twelve weeks, to {format_day(end)}"
    return mermaid_block(title, groups.items(), axis_format="%d %b %Y", fenced=fenced)
