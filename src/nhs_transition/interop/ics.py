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
  its expected-date event on the day the schedule holds it at, titled "Awaiting a return". One
  with no date on evidence that is not silent (undated; open with nothing yet saying when) has
  no expected-date event: the calendar shows only days the plan records.
- DTSTAMP is midnight UTC of the as-of date, so the same plan as of the same day gives the same
  bytes; a date moved by the knock-on of something upstream (no report of its own) keeps its
  SEQUENCE but carries a later DTSTAMP, which RFC 5546 (3.2.1) makes the newer version.

The rating string is shown as the evaluation gives it (whatever ratings slippage defines).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

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


def _expected_event(status: MilestoneStatus, as_of: date) -> tuple[date, str] | None:
    """The day of the expected-date event and the word before its title; None for none.

    The actual once achieved; else the expected date the evidence supports; where the record
    is silent (rated unknown), the date the schedule holds it at, as awaiting a return. A
    milestone with no date on evidence that is not silent (undated, or nothing yet says when)
    has no such event: no day on the calendar is one the plan records for it.
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
        return (day, "Awaiting a return") if rating == "unknown" else None
    return day, "Expected"


def calendar_text(
    plan: Plan, milestones: Iterable[MilestoneStatus], as_of: date, *, name: str | None = None
) -> str:
    """The iCalendar text (CRLF lines, folded at 75 octets) of `milestones` as of `as_of`.

    Written here, line by line, rather than through the `icalendar` library (which the tests
    parse it back with): its objects and line folding took 30-65 s for the 40,000 events of
    20,000 milestones (bench/bench_ics.py). The lines are the ones it wrote: properties in its
    order, TEXT escaped (RFC 5545 3.3.11), folded as it folds (RFC 5545 3.1).
    """
    programme = plan.programme
    by_id = {m.id: m for m in reversed(plan.milestones)}  # the first of duplicate ids
    labels = owner_labels(plan)
    stamp = f"DTSTAMP:{as_of.strftime('%Y%m%d')}T000000Z"
    out = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _line("PRODID:", PRODID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _line("X-WR-CALDESC:", f"{programme.name}: deadlines and expected dates as of {as_of}"),
        _line("X-WR-CALNAME:", name or programme.name),
    ]
    add = out.append
    spans: dict[date, str] = {}
    for status in milestones:
        source = by_id[status.id]
        description = _line("DESCRIPTION:", _description(status, labels, as_of))
        categories = ",".join(_escape(c) for c in (status.workstream, status.rating) if c)
        categories_line = _fold(f"CATEGORIES:{categories}") if categories else None
        rating: str = status.rating  # whatever ratings slippage defines
        cancelled = rating == "cancelled"
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
        expected = _expected_event(status, as_of)
        if expected is not None:
            day, verb = expected
            events.append(
                (
                    expected_uid(programme.id, status.id),
                    day,
                    f"{verb}: {status.title}",
                    expected_sequence(source, as_of),
                )
            )
        for uid, day, summary, sequence in events:
            span = spans.get(day)
            if span is None:  # a few thousand distinct days; strftime is slow
                end = day + timedelta(days=1)
                span = spans[day] = (
                    f"DTSTART;VALUE=DATE:{day.year:04d}{day.month:02d}{day.day:02d}\r\n"
                    f"DTEND;VALUE=DATE:{end.year:04d}{end.month:02d}{end.day:02d}"
                )
            add("BEGIN:VEVENT")
            add(_line("SUMMARY:", summary))
            add(span)
            add(stamp)
            add(_line("UID:", uid))
            add(f"SEQUENCE:{sequence}")
            if categories_line is not None:
                add(categories_line)
            add(description)
            if cancelled:
                add("STATUS:CANCELLED")
            add("TRANSP:TRANSPARENT")
            add("END:VEVENT")
    add("END:VCALENDAR")
    out.append("")
    return "\r\n".join(out)


def _escape(text: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma; line breaks as \\n."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if ";" in text:
        text = text.replace(";", "\\;")
    if "," in text:
        text = text.replace(",", "\\,")
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return text


def _line(name: str, text: str) -> str:
    """A content line `name` + the escaped TEXT value, folded."""
    return _fold(name + _escape(text))


_LIMIT = 75  # octets in a line, the line break left out (RFC 5545 3.1)


def _fold(line: str) -> str:
    """A content line folded as RFC 5545 3.1 says (and `icalendar` does): no part longer than
    74 octets, each after the first on a line of its own that starts with a space; never inside
    a character's UTF-8 bytes, nor just after a backslash (some clients would misread the
    escape it starts)."""
    if len(line) < _LIMIT and (line.isascii() or len(line.encode()) < _LIMIT):
        return line
    if line.isascii():
        parts = []
        start, n, room = 0, len(line), _LIMIT - 1
        while n - start > room:
            end = start + room
            if line[end - 1] in "\\^":
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return "\r\n ".join(parts)
    parts = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode())
        if current and octets + size >= _LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, octets = [carried], len(carried.encode())
            else:
                parts.append("".join(current))
                current, octets = [], 0
        current.append(char)
        octets += size
    parts.append("".join(current))
    return "\r\n ".join(parts)


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
