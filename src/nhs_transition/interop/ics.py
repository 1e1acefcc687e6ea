"""An evaluated plan as an iCalendar feed (RFC 5545): all-day events for deadlines and expected dates.

Each milestone gives one event on its deadline in force (when it has one) and one on its
expected date (the actual once achieved), so a programme office can subscribe to either.
What makes the feed safe to import again and again:

- UIDs are stable: `<milestone>.deadline@<programme>.transition` and `...expected@...`; they
  do not depend on the dates, the order of the file or the as-of date.
- SEQUENCE counts the reports that changed the event, dated on or before the as-of date: for
  the deadline, history entries that re-baseline it (`due:`) to a different day; for the
  expected date, history entries whose forecast or actual differs from the date before them
  (the original deadline first), and the actual once recorded when it differs too; for both,
  a cancellation (the events then carry STATUS:CANCELLED). It is deterministic from the plan
  and never falls as the as-of date advances.
- A milestone whose record is silent (rating `unknown`: no expected date on the evidence) has
  its expected-date event on the day the schedule holds it at, titled "Awaiting a return".
- DTSTAMP is midnight UTC of the as-of date, so the same plan as of the same day gives the same
  bytes; a date moved by the knock-on of something upstream (no report of its own) keeps its
  SEQUENCE but carries a later DTSTAMP, which RFC 5546 (3.2.1) makes the newer version.

The rating string is shown as the evaluation gives it (whatever ratings slippage defines).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from ..model import HistoryEntry, Milestone, Plan
from ..record import actual_as_of
from ..slippage import MilestoneStatus, owner_labels

PRODID = "-//transition//plan-as-code milestone tracker//EN"


def deadline_uid(programme: str, milestone: str) -> str:
    """The UID of a milestone's deadline event."""
    return f"{milestone}.deadline@{programme}.transition"


def expected_uid(programme: str, milestone: str) -> str:
    """The UID of a milestone's expected-date event."""
    return f"{milestone}.expected@{programme}.transition"


def deadline_sequence(m: Milestone, as_of: date) -> int:
    """How many reports on or before `as_of` changed the deadline event: re-baselines to another
    day, and a cancellation."""
    current = m.due.day if m.due is not None else None
    moves = 0
    for entry in _entries(m, as_of):
        if entry.due is not None and entry.due.day != current:
            moves += current is not None
            current = entry.due.day
        moves += entry.status == "cancelled"
    return moves


def expected_sequence(m: Milestone, as_of: date) -> int:
    """How many reports on or before `as_of` changed the expected-date event: forecasts and
    actuals that moved it (from the original deadline on), and a cancellation."""
    current = m.due.day if m.due is not None else None
    moves = 0
    for entry in _entries(m, as_of):
        for value in (entry.forecast, entry.actual):
            if value is not None and value.day != current:
                moves += current is not None
                current = value.day
        moves += entry.status == "cancelled"
    actual = actual_as_of(m, as_of)
    if actual is not None and actual != current:
        moves += current is not None
    return moves


def _entries(m: Milestone, as_of: date) -> list[HistoryEntry]:
    """History entries dated on or before `as_of`, in date order (the log's order on a tie)."""
    dated = [(e.date.day, i, e) for i, e in enumerate(m.history) if e.date.day <= as_of]
    return [e for _, _, e in sorted(dated, key=lambda t: (t[0], t[1]))]


def _expected_event(status: MilestoneStatus, as_of: date) -> tuple[date, str]:
    """The day of the expected-date event and the word before its title.

    The actual once achieved; else the expected date the evidence supports; where the record
    is silent (no expected date), the date the schedule holds it at, as awaiting a return.
    """
    rating: str = status.rating
    if status.actual is not None:
        return status.actual, "Achieved"
    day = status.expected or status.scheduled
    if day is None:
        day = status.due.day if status.due is not None else as_of
    if rating == "cancelled":
        return day, "Cancelled"
    if status.expected is None:
        return day, "Awaiting a return"
    return day, "Expected"


def calendar_text(
    plan: Plan, milestones: Iterable[MilestoneStatus], as_of: date, *, name: str | None = None
) -> str:
    """The iCalendar text (CRLF lines, folded at 75 octets) of `milestones` as of `as_of`."""
    from icalendar import Calendar, Event

    programme = plan.programme
    by_id = {m.id: m for m in reversed(plan.milestones)}  # the first of duplicate ids
    labels = owner_labels(plan)
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name or programme.name)
    cal.add("x-wr-caldesc", f"{programme.name}: deadlines and expected dates as of {as_of}")
    for status in milestones:
        source = by_id[status.id]
        description = _description(status, labels, as_of)
        events: list[tuple[str, date, str, int]] = []
        if status.due is not None:
            events.append(
                (
                    deadline_uid(programme.id, status.id),
                    status.due.day,
                    f"Deadline: {status.title}",
                    deadline_sequence(source, as_of),
                )
            )
        day, verb = _expected_event(status, as_of)
        events.append(
            (
                expected_uid(programme.id, status.id),
                day,
                f"{verb}: {status.title}",
                expected_sequence(source, as_of),
            )
        )
        for uid, day, summary, sequence in events:
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("sequence", sequence)
            event.add("summary", summary)
            event.add("description", description)
            categories = [c for c in (status.workstream, status.rating) if c]
            event.add("categories", categories)
            event.add("transp", "TRANSPARENT")
            rating: str = status.rating  # whatever ratings slippage defines
            if rating == "cancelled":
                event.add("status", "CANCELLED")
            cal.add_component(event)
    text: str = cal.to_ical().decode("utf-8")
    return text


def _description(status: MilestoneStatus, labels: dict[str, str], as_of: date) -> str:
    """The event's description: rating and why, owner, dates, slip, as plain lines."""
    lines = [
        f"{status.id}: {status.title}",
        f"Rating: {status.rating}" + (f" ({status.reason})" if status.reasons else ""),
        f"Owner: {labels.get(status.owner, status.owner)} [{status.owner}]",
    ]
    if status.workstream:
        lines.append(f"Workstream: {status.workstream}")
    if status.due is not None:
        lines.append(f"Deadline: {status.due.day.isoformat()} ({status.due.text})")
    if status.actual is not None:
        lines.append(f"Achieved: {status.actual.isoformat()}")
    elif status.expected is not None:
        lines.append(f"Expected: {status.expected.isoformat()}")
    if status.last_report is not None:
        lines.append(f"Last report: {status.last_report.isoformat()}")
    if status.slip_days is not None:
        lines.append(f"Slip: {status.slip_days:+d} days")
    if status.declared_status:
        lines.append(f"Declared status: {status.declared_status}")
    lines.append(f"As of: {as_of.isoformat()}")
    return "\n".join(lines)
