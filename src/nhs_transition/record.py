"""What a milestone's record says on a date: actual, forecast and deadline in force, reports (pure).

SPEC section 5. A milestone's record is its `actual`, `forecast` and `due` keys and its
`history`, a log of reports oldest first. Each entry is dated and may carry a new `forecast` (a
re-forecast), a new `due` (a re-baseline: an approved change, which is not slippage), `status:
cancelled`, an `actual`, or none of these (a confirmation: "still on track"). Evaluated as of D,
only what was recorded on or before D counts.

Choices the SPEC leaves open:
- A milestone whose history carries no forecast at all has its `forecast` key in force on every
  D (its history is of other kinds: confirmations, re-baselines); one whose history carries
  forecasts has the latest of them dated on or before D, and none before the first.
- Two entries on the same day: the later one in the log wins.
- An `actual` in a history entry counts like the `actual` key when that key is absent.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .dates import DateExpr

if TYPE_CHECKING:  # only annotations: a plan read back from the cache is made without pydantic
    from .model import HistoryEntry, Milestone


def forecast_in_force(m: Milestone, as_of: date) -> DateExpr | None:
    """The forecast in force on `as_of`: the latest history entry carrying one, else `forecast`."""
    history = m.history
    if not history:
        return m.forecast
    found: DateExpr | None = None
    latest = date.min
    carried = False
    for entry in history:
        fc = entry.forecast
        if fc is None:
            continue
        carried = True
        day = entry.date.day
        if day <= as_of and day >= latest:  # equal dates: the later entry in the log wins
            found, latest = fc, day
    return found if carried else m.forecast


def deadline_in_force(m: Milestone, as_of: date) -> DateExpr | None:
    """The deadline in force on `as_of`: the latest re-baseline (`due` in an entry), else `due`."""
    found = m.due
    latest = date.min
    for entry in m.history:
        if entry.due is not None and latest <= entry.date.day <= as_of:
            found, latest = entry.due, entry.date.day
    return found


def actual_as_of(m: Milestone, as_of: date) -> date | None:
    """The actual date if it is on or before `as_of`, else None (not done yet on that day)."""
    if m.actual is not None:
        return m.actual.day if m.actual.day <= as_of else None
    for entry in m.history:
        a = entry.actual
        if a is not None and entry.date.day <= as_of and a.day <= as_of:
            return a.day
    return None


def cancellation(m: Milestone, as_of: date) -> HistoryEntry | None:
    """The first history entry dated on or before `as_of` that cancels the milestone, if any."""
    for entry in m.history:
        if entry.status == "cancelled" and entry.date.day <= as_of:
            return entry
    return None


def reports(m: Milestone, as_of: date) -> list[HistoryEntry]:
    """The history entries dated on or before `as_of`, in log order."""
    return [e for e in m.history if e.date.day <= as_of]


def last_report(m: Milestone, as_of: date) -> date | None:
    """The date of the latest history entry on or before `as_of`; None when nothing is recorded."""
    days = [e.date.day for e in m.history if e.date.day <= as_of]
    return max(days) if days else None


def entry_kind(entry: HistoryEntry) -> str:
    """What an entry records: 'cancelled', 'actual', 're-baseline', 're-forecast' or 'confirmation'."""
    if entry.status == "cancelled":
        return "cancelled"
    if entry.actual is not None:
        return "actual"
    if entry.due is not None:
        return "re-baseline"
    if entry.forecast is not None:
        return "re-forecast"
    return "confirmation"
