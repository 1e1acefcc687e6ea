"""What the weekly summary says, in words: the sections every format lays out.

Markdown (`weekly_markdown`), HTML (`weekly_html`) and plain text (`weekly_text`) lay out the same
content (`report_sections`): what slipped, recovered, was achieved, became
overdue, falls due in the next four weeks, is awaiting a return (the record is silent), and
whether the critical path or the finish moved.
An empty section is a sentence ("Nothing slipped this week."), never an empty table. Plan text is
escaped for each target: Markdown punctuation and HTML, Mermaid's statement syntax, HTML
entities; control characters are made visible first (`render.terminal.literal`).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..dates import DateError, format_day, parse_date
from ..schedule import NamedPath
from ..weekly import MilestoneState, Move, WeeklySummary
from .status import CHAIN, UNRATED, path_text
from .terminal import literal

FORMATS = ("markdown", "html", "text")


@dataclass(frozen=True, slots=True)
class Ref:
    """A milestone named in a cell: its title, with its id beside it."""

    id: str
    title: str


Cell = str | Ref


@dataclass(frozen=True, slots=True)
class Section:
    """One heading of the report: a table (or the sentence saying it is empty) and notes."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str
    notes: tuple[str, ...] = field(default=())
    bullets: bool = False  # notes as a list (Markdown and HTML)


# --- words ------------------------------------------------------------------------------------


def clean(value: object) -> str:
    """One line: runs of whitespace (newlines included) become one space, controls made visible."""
    return literal(" ".join(str(value).split())) if value is not None else ""


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def _signed(n: int) -> str:
    return f"+{_days(n)}" if n > 0 else _days(n).replace("-", "\u2212")


def _weekday(d: date) -> str:
    return f"{calendar.day_name[d.weekday()]} {format_day(d)}"


def _span(first: date, last: date) -> str:
    """'18 to 24 June 2011', '28 June to 4 July 2011', '24 June 2011' (one day)."""
    if first == last:
        return format_day(last)
    if first.year == last.year and first.month == last.month:
        return f"{first.day} to {format_day(last)}"
    if first.year == last.year:
        return f"{first.day} {calendar.month_name[first.month]} to {format_day(last)}"
    return f"{format_day(first)} to {format_day(last)}"


def deadline_text(m: MilestoneState) -> str:
    """The deadline as written, with the day it resolves to when the text names a period."""
    if m.due is None:
        return "none"
    text = m.due_text or m.due.isoformat()
    try:
        if parse_date(text).is_window:
            return f"{clean(text)} ({format_day(m.due)})"
    except DateError:
        return f"{clean(text)} ({format_day(m.due)})"
    return format_day(m.due)


def _against_deadline(slip: int | None) -> str:
    if slip is None:
        return "no deadline"
    if slip > 0:
        return f"{_days(slip)} late"
    if slip < 0:
        return f"{_days(-slip)} early"
    return "on time"


def _slip(slip: int | None) -> str:
    if slip is None:
        return "no deadline"
    return (
        "on time" if slip == 0 else (f"{_days(slip)} late" if slip > 0 else f"{_days(-slip)} early")
    )


def _expected(m: MilestoneState) -> str:
    """The date expected, or words where the evidence supports none."""
    if m.expected is not None:
        return format_day(m.expected)
    if m.rating == "unknown":
        return "no return"
    return "no forecast"


def _report_words(report: tuple[date, str, str | None] | None) -> str:
    """'re-forecast on 3 November 2010: waiting for the annex', or '' when nothing came in."""
    if report is None:
        return ""
    day, kind, reason = report
    return f"{kind} on {format_day(day)}" + (f": {clean(reason)}" if reason else "")


def _owner(m: MilestoneState) -> str:
    return clean(m.owner_label or m.owner)


def _why(move: Move, titles: dict[str, str]) -> str:
    m = move.milestone
    if move.cause == "re-forecast":
        if move.reforecast_on is not None:
            said = f": {clean(move.reason)}" if move.reason else ""
            return f"re-forecast on {format_day(move.reforecast_on)}{said}"
        was = clean(move.forecast_before) if move.forecast_before else "none"
        now = clean(m.forecast_text) if m.forecast_text else "none"
        return f"forecast changed from {was} to {now}"
    if move.cause == "missed":
        return f"not achieved by {format_day(move.before)} as expected; still open"
    if move.cause in ("knock-on", "drift") and move.upstream is not None:
        how = _UPSTREAM.get(move.upstream_cause or "", "")
        return f"knock-on from {move.upstream}{how}"
    return "the plan changed (deadline, duration or dependencies)"


_UPSTREAM = {
    "achieved": " (achieved this week)",
    "re-forecast": " (re-forecast)",
    "missed": " (not achieved as expected)",
    "drift": " (still open)",
    "plan changed": " (its dates changed in the plan)",
}


def _ids(ids: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


# --- content ----------------------------------------------------------------------------------


def header_lines(s: WeeklySummary) -> list[str]:
    """The opening lines: the week, what it is compared with, this week's counts, the ratings."""
    c = s.counts
    counts = f"{c['done']} done, {c['green']} green, {c['amber']} amber, {c['red']} red"
    unrated = [f"{c[r]} {words}" for r, words in UNRATED if c.get(r)]
    if unrated:
        counts += "; " + ", ".join(unrated)
    counts += f" ({c['total']} milestones)"
    first = s.since + timedelta(days=1)
    # A plan of the same day (or later), e.g. a same-day snapshot, leaves no days between.
    days = "no days between the two plans" if first > s.week_ending else _span(first, s.week_ending)
    return [
        f"Week ending {_weekday(s.week_ending)} ({days}).",
        f"Compared with the plan as it stood on {format_day(s.since)}: {clean(s.baseline)}.",
        f"This week: {len(s.achieved)} achieved, {len(s.slipped)} slipped, "
        f"{len(s.recovered)} recovered, {len(s.became_overdue)} became overdue; "
        f"{len(s.due_soon)} due in the next four weeks.",
        f"Status on {format_day(s.week_ending)}: {counts}.",
    ]


def _move_rows(moves: Sequence[Move], s: WeeklySummary) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (
            Ref(mv.milestone.id, mv.milestone.title),
            _owner(mv.milestone),
            format_day(mv.before),
            format_day(mv.after),
            _signed(mv.days),
            _slip(mv.milestone.slip_days),
            _why(mv, s.titles),
        )
        for mv in moves
    )


_MOVE_COLUMNS = ("Milestone", "Owner", "Was expected", "Now expected", "Moved", "Slip now", "Why")


def report_sections(s: WeeklySummary) -> list[Section]:
    """The report's headings, in order; an empty one carries the sentence that says so."""
    drift_note: tuple[str, ...] = ()
    if s.drifted:
        ids = [mv.milestone.id for mv in s.drifted]
        drift_note = (
            f"Not counted as slipped: {len(ids)} open milestone{'s' if len(ids) != 1 else ''} "
            f"whose expected date only moved on with the calendar ({_ids(ids, 8)}).",
        )
    still_note: tuple[str, ...] = ()
    if s.still_overdue:
        ids = [m.id for m in s.still_overdue]
        still_note = (f"Still overdue from earlier weeks: {len(ids)} ({_ids(ids)}).",)
    sections = [
        Section(
            "Slipped",
            _MOVE_COLUMNS,
            _move_rows(s.slipped, s),
            "Nothing slipped this week.",
            drift_note,
        ),
        Section(
            "Recovered",
            _MOVE_COLUMNS,
            _move_rows(s.recovered, s),
            "Nothing recovered this week.",
        ),
        Section(
            "Achieved",
            ("Milestone", "Owner", "Due", "Achieved", "Against the deadline"),
            tuple(
                (
                    Ref(m.id, m.title),
                    _owner(m),
                    deadline_text(m),
                    format_day(m.actual) if m.actual else _expected(m),
                    _against_deadline(m.slip_days),
                )
                for m in s.achieved
            ),
            "Nothing was achieved this week.",
        ),
        *(
            [
                Section(
                    "Cancelled",
                    ("Milestone", "Owner", "Due", "Why"),
                    tuple(
                        (
                            Ref(m.id, m.title),
                            _owner(m),
                            deadline_text(m),
                            _report_words(s.reported.get(m.id)),
                        )
                        for m in s.cancelled
                    ),
                    "",
                )
            ]
            if s.cancelled
            else []
        ),
        *(
            [
                Section(
                    "Returned with a date",
                    ("Milestone", "Owner", "Due", "Now expected", "Slip now", "Reported"),
                    tuple(
                        (
                            Ref(m.id, m.title),
                            _owner(m),
                            deadline_text(m),
                            _expected(m),
                            _slip(m.slip_days),
                            _report_words(s.reported.get(m.id)),
                        )
                        for m in s.returned
                    ),
                    "",
                    (
                        "Awaiting a return a week ago; the record now gives a date (no move is "
                        "measured from silence).",
                    ),
                )
            ]
            if s.returned
            else []
        ),
        Section(
            "Became overdue",
            ("Milestone", "Owner", "Due", "Overdue by", "Now expected", "Reported this week"),
            tuple(
                (
                    Ref(m.id, m.title),
                    _owner(m),
                    deadline_text(m),
                    _days((s.week_ending - m.due).days) if m.due else "",
                    _expected(m),
                    _report_words(s.reported.get(m.id)),
                )
                for m in s.became_overdue
            ),
            "Nothing became overdue this week.",
            still_note,
        ),
        Section(
            f"Due in the next four weeks (to {format_day(s.due_soon_end)})",
            ("Milestone", "Owner", "Due", "Expected", "Rating"),
            tuple(
                (Ref(m.id, m.title), _owner(m), deadline_text(m), _expected(m), m.rating)
                for m in s.due_soon
            ),
            "Nothing falls due in the next four weeks.",
        ),
        Section(
            "Awaiting a return",
            ("Milestone", "Owner to chase", "Due", "Silent since"),
            tuple(
                (
                    Ref(m.id, m.title),
                    _owner(m),
                    deadline_text(m),
                    format_day(m.silent_since) if m.silent_since else "(waits on one upstream)",
                )
                for m in s.awaiting
            ),
            "Nothing is awaiting a return: every open milestone past its date has a report.",
            (
                "The record is silent on these since the date shown: no actual, forecast or "
                "report. They are not counted as late.",
            )
            if s.awaiting
            else (),
        ),
    ]
    sections.append(_by_organisation(s))
    sections.append(
        Section("Critical path and finish", (), (), "", tuple(_programme_lines(s)), True)
    )
    changes = []
    if s.added:
        changes.append(f"New milestones: {_ids([m.id for m in s.added])}.")
    if s.removed:
        changes.append(f"Removed milestones: {_ids([m.id for m in s.removed])}.")
    if changes:
        sections.append(Section("Changes to the plan", (), (), "", tuple(changes), True))
    return sections


BY_ORGANISATION_DEPTH = 2  # the top of the organisation tree and the level below it


def _by_organisation(s: WeeklySummary) -> Section:
    """The status now by organisation: the top two levels of the tree, each summing its subtree."""
    rows: list[tuple[Cell, ...]] = []
    deeper = False
    stack = [(g, 0) for g in reversed(s.by_organisation)]
    while stack:
        group, depth = stack.pop()
        if depth >= BY_ORGANISATION_DEPTH:
            deeper = True
            continue
        counts = ", ".join(
            f"{n} {'awaiting a return' if rating == 'unknown' else rating}"
            for rating, n in group.counts.items()
            if n
        )
        rows.append(
            (
                ("↳ " if depth else "") + clean(group.name),
                f"{group.rating} ({group.rating_count})" if group.rating else "",
                counts,
                _slip(group.worst_slip_days) if group.worst_slip_days is not None else "",
                format_day(group.next_deadline) if group.next_deadline else "",
            )
        )
        stack += [(child, depth + 1) for child in reversed(group.children)]
    notes = [
        "Each row counts the milestones of the organisation, its posts and every organisation "
        "below it. Its rating is the worst among them (red, amber, unknown, green, undated, "
        "done, cancelled); worst slip and next deadline are of the open ones."
    ]
    if deeper:
        notes.append("The whole tree: transition status --by organisation.")
    return Section(
        "By organisation",
        ("Organisation", "Rating", "Milestones", "Worst slip", "Next deadline"),
        tuple(rows),
        "No milestones.",
        tuple(notes),
    )


def _programme_lines(s: WeeklySummary) -> list[str]:
    lines = []
    moved = s.finish_moved
    if moved == 0:
        finish = f"Programme finish: {format_day(s.finish_after)}, unchanged."
    else:
        direction = "later" if moved > 0 else "earlier"
        finish = (
            f"Programme finish: moved {_days(abs(moved))} {direction}, from "
            f"{format_day(s.finish_before)} to {format_day(s.finish_after)}."
        )
    if s.deadline is not None:
        gap = (s.finish_after - s.deadline).days
        against = (
            f"{_days(gap)} after" if gap > 0 else ("on" if gap == 0 else f"{_days(-gap)} before")
        )
        finish += f" That is {against} the programme deadline of {format_day(s.deadline)}."
    lines.append(finish)
    path = s.critical_path
    arrow = CHAIN
    now = path.now or NamedPath(path.after, False, 0, 0)
    named = path_text(now)
    named = named[0].upper() + named[1:]
    if not path.moved:
        lines.append(f"{named}; unchanged.")
    else:
        lines.append(f"{named}; changed.")
        lines.append(f"Critical path a week earlier: {arrow.join(path.before) or 'none'}.")
        if path.joined:
            lines.append(f"Joined the critical path: {_ids(list(path.joined))}.")
        if path.left:
            lines.append(f"Left the critical path: {_ids(list(path.left))}.")
    return lines
