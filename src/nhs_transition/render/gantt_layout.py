"""The Gantt chart's layout, shared by every renderer: rows by workstream, links, the time axis.

Milestones (no duration) are drawn at the date expected (the actual, else the scheduled early
finish); work with a duration spans its early start to its early finish. Where the evidence
supports no date, the mark stands hollow where the record falls silent: an unknown milestone at
the date it was due by, a cancelled one on the day it was cancelled, an undated one where the
schedule puts it. The deadline (`due`)
sits on the same row, so a slip shows as a gap. `xml_text` escapes plan text for SVG and HTML.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape as _escape
from typing import Literal

from ..dates import add_months
from ..errors import json_safe
from ..slippage import Evaluation, MilestoneStatus

Unit = Literal["month", "quarter", "financial-year"]
NO_WORKSTREAM = "(no workstream)"

COLOURS = {
    "done": "#4f7cac",
    "green": "#2e9b57",
    "amber": "#e59a00",
    "red": "#cf2e2e",
    "unknown": "#7b8794",  # drawn hollow: silence, not lateness
    "undated": "#9aa5b1",
    "cancelled": "#9aa5b1",
}
RATING_WORDS = {
    "done": "done",
    "green": "on track",
    "amber": "at risk",
    "red": "late",
    "unknown": "no return",
    "undated": "undated",
    "cancelled": "cancelled",
}
# Ratings drawn as an outline: the record gives no date to stand on.
HOLLOW_RATINGS = frozenset({"unknown", "undated", "cancelled"})
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
    ids: Collection[str] | None = None,
    title: str = "",
) -> GanttLayout:
    """Lay out the chart: rows by workstream, within [start, end] (default: the whole plan, by month).

    `workstreams` and `ids`, when given, keep only the milestones of those workstreams / ids.
    """
    schedule = evaluation.schedule
    critical = set(schedule.critical_path)
    rows: list[GanttRow] = []
    for s in evaluation.milestones:
        if workstreams is not None and (s.workstream or NO_WORKSTREAM) not in workstreams:
            continue
        if ids is not None and s.id not in ids:
            continue
        row = schedule.rows[s.id]
        duration = row.early_finish - row.early_start
        finish = s.expected or s.silent_since or s.cancelled_on or row.early_finish
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
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
