"""The status report as a rich table for the terminal: summary lines, then rows by workstream.

Layouts by width (the console's, which follows COLUMNS when not a terminal):
- 100 columns or more: Milestone (id over title) | Owner | Due | Expected | Slip | Float |
  Rating (the rating, its reason, the declared status).
- under 100: the owner joins the milestone cell (under the title), the expected date joins
  the due cell (under the deadline), and Float goes (the reason names the float when it
  matters).
Within a workstream, red rows come first, then amber, green and done (see `status.groups`).
A row per milestone, a blank line between rows, a heading row per workstream.
Titles, owners and reasons wrap; long words fold.
Every piece of plan text goes through `terminal.safe_text`: shown literally, never as markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..slippage import MilestoneStatus
from .columns import share
from .status import (
    NO_WORKSTREAM,
    RATED,
    StatusReport,
    attention_texts,
    awaiting_texts,
    counts_parts,
    done_text,
    due_parts,
    due_soon_text,
    expected_line,
    expected_text,
    filter_text,
    finish_text,
    groups,
    heading_text,
    path_text,
    rating_note,
    signed,
)
from .terminal import RATING_STYLES, fit_words, safe_text, whole_id

WIDE = 100
AWAITING_SHOWN = 5  # on the first screen; --rating unknown lists them all  # from this width on, Owner and Float get columns of their own
DATE_WIDTH = len("30 Sep 2010")
OWNER_MIN = 10  # the owner column keeps this much beside a long id
GAP = 2  # columns between two columns (collapsed padding and the divider)


def _summary(report: StatusReport) -> Text:
    summary = report.summary
    text = Text()
    text.append_text(safe_text(heading_text(report), "bold"))
    text.append("\n")
    if report.filtered:
        text.append_text(safe_text(filter_text(report), "italic"))
        text.append("\n")
    text.append(f"{summary.total} {'milestone' if summary.total == 1 else 'milestones'}: ")
    for i, (rating, words) in enumerate(counts_parts(summary)):
        if i:
            text.append("; " if i == len(RATED) else ", ")
        text.append(words, RATING_STYLES[rating])
    text.append(f" ({summary.percent_done}% done)")
    text.append("\n")
    for line in attention_texts(report):
        which, _, ids = line.partition(": ")
        text.append(f"{which}: ", RATING_STYLES[which])
        text.append_text(safe_text(ids))
        text.append("\n")
    awaiting = awaiting_texts(report)
    if awaiting:
        text.append("awaiting a return", RATING_STYLES["unknown"])
        text.append(" (nothing recorded since the date shown; silent longest first):\n")
        for line in awaiting[:AWAITING_SHOWN]:
            text.append_text(safe_text(f"  {line}"))
            text.append("\n")
        if len(awaiting) > AWAITING_SHOWN:
            more = len(awaiting) - AWAITING_SHOWN
            text.append(f"  and {more} more (all of them: --rating unknown)\n")
    late = (summary.finish_slip_days or 0) > 0
    text.append_text(safe_text(finish_text(summary), "bold red" if late else ""))
    text.append("\n")
    if report.critical_path is not None:
        text.append_text(safe_text(path_text(report.critical_path)))
        text.append("\n")
    text.append_text(safe_text(due_soon_text(summary)))
    return text


def _rating_cell(s: MilestoneStatus) -> Text:
    cell = Text()
    cell.append(s.rating.upper(), RATING_STYLES[s.rating])
    # A done row's date is in its own column: say only how it went against the deadline.
    reason = done_text(s) if s.done and s.original_slip_days == s.slip_days else s.reason
    if reason:
        quiet = s.rating in ("done", "green", "undated", "cancelled")
        cell.append_text(safe_text(f" {reason}", "dim" if quiet else ""))
    note = rating_note(s)
    if note:
        cell.append("\n")
        cell.append_text(safe_text(note, "yellow" if s.disagreement else "dim"))
    return cell


def _milestone_cell(s: MilestoneStatus, *, narrow: bool, width: int) -> Text:
    """The id whole on its first line, the title, (the owner,) then the rating and its reason:
    the reason has the widest column to itself instead of a narrow one of its own."""
    cell = whole_id(s.id, width, "bold")
    cell.append("\n")
    cell.append_text(safe_text(s.title))
    if narrow:
        cell.append("\n")
        cell.append_text(safe_text(f"owner: {s.owner_label}", "italic"))
    cell.append("\n")
    cell.append_text(fit_words(_rating_cell(s), width))
    return cell


def _due_cell(s: MilestoneStatus, *, narrow: bool) -> Text:
    # The text as written on one line, the day it resolves to on the next; under 100
    # columns the expected date (or the actual) follows on a third line.
    written, day = due_parts(s.due)
    cell = safe_text(written)
    if day is not None:
        cell.append("\n")
        cell.append_text(safe_text(f"({day})"))
    if narrow:
        cell.append("\n")
        cell.append_text(safe_text(expected_line(s), "italic"))
    return cell


def _slip_cell(s: MilestoneStatus) -> Text:
    style = ""
    if s.slip_days is not None and s.slip_days > 0 and not s.done:
        style = RATING_STYLES[s.rating]
    return safe_text(signed(s.slip_days), style)


def status_table(report: StatusReport, width: int) -> RenderableType:
    """The summary lines and the milestones table, laid out for `width` columns."""
    summary = _summary(report)
    if not report.milestones:
        return Group(summary, Text(""), Text("No milestones match."))
    narrow = width < WIDE
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold",
    )
    longest_id = max(len(s.id) for s in report.milestones)
    slip_width = max(4, *(len(signed(s.slip_days)) for s in report.milestones))
    if narrow:
        # Milestone / owner / rating, Due / expected, Slip: 2 columns between each.
        milestone = max(12, width - (DATE_WIDTH + 5) - slip_width - 2 * GAP)
        table.add_column("Milestone / owner / rating", overflow="fold", width=milestone)
        table.add_column("Due / expected", width=DATE_WIDTH + 5)
    else:
        # Floats count the programme's unit: working days say so in the heading.
        working = report.critical_path is not None and report.critical_path.working_days
        float_heading = "Float wd" if working else "Float"
        float_width = max(
            len(float_heading), *(len(signed(s.total_float)) for s in report.milestones)
        )
        fixed = (DATE_WIDTH + 2) + DATE_WIDTH + slip_width + float_width
        # Two thirds for the milestone, its title and the reason; never less than the longest id.
        milestone, owner = share(width - fixed - 5 * GAP, [(longest_id, 2), (OWNER_MIN, 1)])
        table.add_column("Milestone / rating", overflow="fold", width=milestone)
        table.add_column("Owner", overflow="fold", width=owner)
        table.add_column("Due", width=DATE_WIDTH + 2)
        table.add_column("Expected", width=DATE_WIDTH)
    table.add_column("Slip", justify="right", no_wrap=True, width=slip_width)
    if not narrow:
        table.add_column(float_heading, justify="right", no_wrap=True, width=float_width)
    for workstream, members in groups(report.milestones):
        heading = safe_text(workstream or NO_WORKSTREAM, "bold underline")
        table.add_row(heading, *[""] * (len(table.columns) - 1))
        for s in members:
            cells: list[RenderableType] = [_milestone_cell(s, narrow=narrow, width=milestone)]
            if not narrow:
                cells.append(safe_text(s.owner_label))
            cells.append(_due_cell(s, narrow=narrow))
            if not narrow:  # the date, then where it comes from, a line each
                shown = (
                    expected_text(s).replace(" (", "\n(").replace("; forecast ", ";\nforecast\n")
                )
                cells.append(Text(shown))  # dates and words of ours: no plan text
            cells.append(_slip_cell(s))
            if not narrow:
                # float is the schedule's; for a silent milestone it only reflects the as-of hold
                silent = not s.is_open or s.rating == "unknown"
                cells.append(safe_text("" if silent else signed(s.total_float)))
            table.add_row(*cells, end_section=True)  # SIMPLE_HEAD: a blank line
    return Group(summary, Text(""), table)
