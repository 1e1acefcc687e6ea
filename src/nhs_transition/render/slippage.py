"""`transition slippage`: slip per milestone, worst first, with the chain that caused it.

The chain of a late, unfinished milestone is its binding driving chain (`slippage.binding_chain`,
built from `schedule.driving_chain`'s links): from the milestone whose own date started the
delay (its forecast, no forecast while overdue, a late actual, ...) to the milestone itself.
JSON follows SPEC section 6 (`slippage --format json`), extra fields after the SPEC ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ..slippage import MilestoneStatus, awaiting_return, chain_origins
from .status import due_parts, expected_line, iso, short_day, signed

if TYPE_CHECKING:
    from rich.console import RenderableType

WIDE = 120  # from this width on, the owner and the cause get columns


def origin_text(origin: MilestoneStatus) -> str:
    """Why the first milestone of a chain has the date it has, in words."""
    if origin.actual is not None:
        return f"done {short_day(origin.actual)}"
    if origin.constraint == "forecast" and origin.forecast is not None:
        return f"forecast {short_day(origin.forecast.day)}"
    if origin.constraint == "as_of":
        if origin.forecast is not None:
            return f"forecast {short_day(origin.forecast.day)} passed"
        return "overdue, no forecast" if (origin.slip_days or 0) > 0 else "no forecast"
    if origin.constraint == "not_before" and origin.expected is not None:
        return f"not before {short_day(origin.expected)}"
    return "its duration"


def is_late_open(s: MilestoneStatus) -> bool:
    """A late, unfinished milestone: the ones whose slip has a cause to name."""
    return s.is_open and s.slip_days is not None and s.slip_days > 0


def cause_text(
    s: MilestoneStatus,
    by_id: Mapping[str, MilestoneStatus],
    origins: Mapping[str, tuple[str, int]],
) -> str:
    """What made a late open milestone late: 'its own date: forecast 1 Apr 2013', or the chain
    upstream of it, origin first: 'design-principles (overdue, no forecast) → split-complete';
    '' otherwise. A long chain shows its origin and its last links, with the count between.
    """
    if not is_late_open(s):
        return ""
    origin_id, length = origins.get(s.id, (s.id, 1))
    origin = by_id.get(origin_id, s)
    if length == 1:
        return f"its own date: {origin_text(origin)}"
    # The links just before `s`, walking back at most three (the chain is `origin ... s`).
    tail: list[str] = []
    parent = s.chain_parent
    while parent is not None and parent != origin_id and len(tail) < 3:
        tail.append(parent)
        upstream = by_id.get(parent)
        parent = upstream.chain_parent if upstream is not None else None
    tail.reverse()
    hidden = length - 2 - len(tail)  # neither the origin, nor `s`, nor shown
    middle = [f"… {hidden} more …"] if hidden > 0 else []
    return " → ".join([f"{origin_id} ({origin_text(origin)})", *middle, *tail])


def slippage_json(
    as_of: date, rows: Sequence[MilestoneStatus], by_id: Mapping[str, MilestoneStatus]
) -> str:
    """`slippage --format json` (SPEC section 6): rows as given (worst first)."""
    import json

    origins = chain_origins(by_id)
    milestones: list[dict[str, Any]] = [
        {
            "id": s.id,
            "due": iso(s.due.day if s.due is not None else None),
            "expected": iso(s.expected),
            "slip_days": s.slip_days,
            "rating": s.rating,
            # Extra fields (SPEC fields above are never renamed).
            "title": s.title,
            "owner": s.owner,
            "due_text": s.due.text if s.due is not None else None,
            "done": s.done,
            # The milestone whose own date started the chain that makes this one late, and the
            # dependency it waits on directly (null unless late and open).
            "caused_by": origins[s.id][0] if is_late_open(s) and s.id in origins else None,
            "waits_on": s.chain_parent if is_late_open(s) else None,
            "reason": s.reason,
            "original_due": iso(s.original_due.day if s.original_due is not None else None),
            "original_slip_days": s.original_slip_days,
        }
        for s in rows
    ]
    return json.dumps({"as_of": as_of.isoformat(), "milestones": milestones}, indent=2) + "\n"


def slippage_table(
    as_of: date,
    rows: Sequence[MilestoneStatus],
    by_id: Mapping[str, MilestoneStatus],
    width: int,
) -> RenderableType:
    """Slip, milestone, due/expected, rating and the chain that caused the slip; then the
    milestones awaiting a return, apart (their record is silent: no slip to rank)."""
    from rich.console import Group
    from rich.text import Text

    from ..dates import format_day
    from .terminal import RATING_STYLES

    late = sum(1 for s in rows if is_late_open(s))
    origins = chain_origins(by_id)
    heading = Text()
    heading.append(f"Slippage as of {format_day(as_of)}", "bold")
    heading.append(f": {late} open {'milestone' if late == 1 else 'milestones'} late")
    silent = [s for s in rows if s.rating == "unknown"]
    if silent:
        heading.append(f"; {len(silent)} awaiting a return (listed after the slips)")
    if not rows:
        return Group(heading, Text(""), Text("No milestones."))
    ranked = [s for s in rows if s.rating != "unknown"]
    parts: list[RenderableType] = [heading, Text("")]
    if ranked:
        parts.append(_slip_table(ranked, by_id, origins, width))
    if silent:
        if ranked:
            parts.append(Text(""))
        title = Text()
        title.append("Awaiting a return", RATING_STYLES["unknown"] + " bold")
        title.append(": no slip is shown where the record is silent (silent longest first)")
        parts += [title, Text(""), _slip_table(awaiting_return(silent), by_id, origins, width)]
    return Group(*parts)


def _slip_table(
    rows: Sequence[MilestoneStatus],
    by_id: Mapping[str, MilestoneStatus],
    origins: Mapping[str, tuple[str, int]],
    width: int,
) -> RenderableType:
    from rich import box
    from rich.table import Table

    from .columns import share
    from .terminal import RATING_STYLES, fit_words, safe_text, whole_id

    wide = width >= WIDE
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold",
    )
    # What made it late; for one awaiting a return, why it has no slip.
    causes = {
        s.id: cause_text(s, by_id, origins) or (s.reason if s.rating == "unknown" else "")
        for s in rows
    }
    # Ids are never split: the milestone column holds the longest id, and the cause column the
    # longest id a cause names (a cause wraps at its spaces).
    longest_id = max(len(s.id) for s in rows)
    longest_cause = max((len(w) for c in causes.values() for w in c.split()), default=0)
    slip_width = max(4, *(len(signed(s.slip_days)) for s in rows))
    rating_width = max(6, *(len(s.rating) for s in rows))
    # Narrower than WIDE, the cause goes under the title, in the milestone's column.
    room = width - slip_width - 16 - rating_width - 3 * 2  # the gaps of the narrow layout
    # The wide layout needs room for the longest id twice (the milestone and the cause).
    wide = wide and longest_id + 10 + max(10, longest_cause) <= room - 2 * 2
    room -= 2 * 2 if wide else 0
    wants = (
        [(longest_id, 3), (10, 2), (max(10, longest_cause), 4)]
        if wide
        else [(max(longest_id, longest_cause), 1)]
    )
    widths = share(room, wants)
    milestone_width = widths[0]
    table.add_column("Slip", justify="right", no_wrap=True, width=slip_width)
    table.add_column("Milestone" if wide else "Milestone / cause", overflow="fold", width=widths[0])
    if wide:
        table.add_column("Owner", overflow="fold", width=widths[1])
    table.add_column("Due / expected", width=16)
    table.add_column("Rating", no_wrap=True, width=rating_width)
    if wide:
        table.add_column("Caused by", overflow="fold", width=widths[-1])
    for s in rows:
        style = RATING_STYLES[s.rating]
        milestone = whole_id(s.id, milestone_width, "bold")
        milestone.append("\n")
        milestone.append_text(safe_text(s.title))
        if not wide and causes[s.id]:
            milestone.append("\n")
            # a late one's cause; an unknown one's reason (silence causes nothing)
            said = causes[s.id] if s.rating == "unknown" else f"caused by {causes[s.id]}"
            cause = safe_text(said, "italic")
            milestone.append_text(fit_words(cause, milestone_width))
        written, day = due_parts(s.due)
        dates = safe_text(written)
        if day is not None:
            dates.append("\n")
            dates.append_text(safe_text(f"({day})"))
        dates.append("\n")
        dates.append_text(safe_text(expected_line(s), "italic"))
        cells: list[RenderableType] = [
            safe_text(signed(s.slip_days), style if not s.done else ""),
            milestone,
        ]
        if wide:
            cells.append(safe_text(s.owner_label))
        cells += [dates, safe_text(s.rating, style)]
        if wide:
            cells.append(safe_text(causes[s.id]))
        table.add_row(*cells, end_section=True)
    return table
