"""Time on the calendar: working-day arithmetic on date ordinals, and the guard on the calendar's range.

`_WorkingDays` shifts ordinals by working days (those of the plan's `calendar`: by default
Monday-Friday less English bank holidays) by table lookup. Every computed ordinal must lie inside the calendar (`dates.CALENDAR_FIRST` to
`CALENDAR_LAST`); one outside raises OutsideCalendar, which `compute_schedule` then locates at
the first milestone in topological order that has such a date.
"""

from __future__ import annotations

from calendar import isleap
from datetime import date
from itertools import accumulate, compress
from typing import TYPE_CHECKING, NoReturn

from ..dates import (
    CALENDAR_FIRST,
    CALENDAR_LAST,
    CALENDAR_TEXT,
    DEFAULT_WORKDAYS,
    Workdays,
    bank_holidays,
)
from ..errors import (
    EXIT_PLAN_ERRORS,
    Diagnostic,
    Severity,
    TransitionError,
    plan_errors_message,
)

if TYPE_CHECKING:  # only annotations: a plan read back from the cache is made without pydantic
    from ..model import Plan

_FIRST, _LAST = CALENDAR_FIRST.toordinal(), CALENDAR_LAST.toordinal()


class _WorkingDays:
    """Working-day arithmetic on ordinals by table lookup; the table grows when a shift leaves it."""

    __slots__ = ("base", "count", "days", "workdays", "working")

    def __init__(self, workdays: Workdays = DEFAULT_WORKDAYS) -> None:
        self.workdays = workdays
        self.base = 0
        self.count: list[int] = []  # count[o - base]: working days from base up to and including o
        self.days: list[int] = []  # the working days' ordinals, ascending
        self.working = bytearray()

    def _cover(self, lo: int, hi: int) -> None:
        if self.count:
            lo, hi = min(lo, self.base), max(hi, self.base + len(self.count) - 1)
            span = len(self.count)
            lo, hi = lo - span // 2, hi + span // 2  # grow geometrically
        try:
            first_year = max(date.fromordinal(max(lo, 1)).year - 1, 1)
            last_year = min(date.fromordinal(min(hi, date.max.toordinal())).year + 2, 9999)
        except (ValueError, OverflowError):  # pragma: no cover - caught by _check_ordinal
            first_year, last_year = 1, 9999
        first = date(first_year, 1, 1).toordinal()
        last = date(last_year, 12, 31).toordinal()
        # Whole years at a time, in C where it can be (a table may span eight millennia):
        # the working week laid over the year, less its bank holidays; then the extra days
        # off, then the extra working days, which win over both (as `Workdays.is_working`).
        rules = self.workdays
        working = bytearray()
        for year in range(first_year, last_year + 1):
            start = date(year, 1, 1)
            length = 366 if isleap(year) else 365
            weekday = start.weekday()
            week = bytes(rules.week[(weekday + k) % 7] for k in range(7))
            chunk = bytearray((week * 53)[:length])
            if rules.holidays != "none":
                origin = start.toordinal()
                for day in bank_holidays(year, rules.holidays):
                    chunk[day.toordinal() - origin] = 0
            working += chunk
        for days, value in ((rules.off, 0), (rules.on, 1)):
            for day in days:
                if first <= day.toordinal() <= last:
                    working[day.toordinal() - first] = value
        self.base, self.working = first, working
        self.count = list(accumulate(working))
        self.days = list(compress(range(first, last + 1), working))

    def add(self, o: int, n: int) -> int:
        """`o` plus `n` working days; from a non-working day counts from it (as `dates.shift`)."""
        _check_ordinal(o + n)  # n working days span at least n calendar days
        while True:
            i = o - self.base
            if 0 <= i < len(self.count):
                j = self.count[i] - 1 + n if n > 0 else self.count[i] - self.working[i] + n
                if 0 <= j < len(self.days):
                    return self.days[j]
                if not self.days:
                    _no_working_days()
            # Not covered yet: grow towards the target (n working days span under 2n + 30
            # calendar days even across Christmas); a table that cannot grow is the calendar's end.
            _check_ordinal(o)
            reach = o + 2 * n + (30 if n >= 0 else -30)
            target = min(max(reach, 1), date.max.toordinal())
            before = (self.base, len(self.count))
            self._cover(min(o, target), max(o, target))
            if (self.base, len(self.count)) == before:
                _outside_calendar()

    def between(self, a: int, b: int) -> int:
        """Working days in (a, b]; negative when b is before a."""
        for o in (a, b):
            if not 0 <= o - self.base < len(self.count):
                _check_ordinal(o)
                self._cover(o, o)
        return self.count[b - self.base] - self.count[a - self.base]


class OutsideCalendar(TransitionError):
    """The schedule of a milestone falls outside the calendar.

    `milestone` names the first one; `diagnostic` says where it is written, once
    `compute_schedule` has located it in the plan.
    """

    def __init__(self, milestone: str | None = None, diagnostic: Diagnostic | None = None) -> None:
        if diagnostic is not None:  # as the CLI reports errors a plan's checks find
            message = plan_errors_message(1)
        else:
            where = f" at '{milestone}'" if milestone is not None else ""
            message = f"the schedule runs outside the calendar{where} ({CALENDAR_TEXT})"
        super().__init__(message, EXIT_PLAN_ERRORS, [diagnostic] if diagnostic else [])
        self.milestone = milestone
        self.diagnostic = diagnostic


def _located(plan: Plan, exc: OutsideCalendar) -> OutsideCalendar:
    """`exc` with the diagnostic of its milestone: at its duration, else its links, else its id."""
    found = next((m for m in plan.milestones if m.id == exc.milestone), None)
    if found is None:
        return exc
    path = "duration" if not found.duration.is_zero else "depends_on" if found.depends_on else "id"
    file, line, column = plan.where(found, path)
    message = (
        f"'{found.id}' would be scheduled outside the calendar ({CALENDAR_TEXT}): "
        "look for a duration or lag on the way to it that is far too long"
    )
    diagnostic = Diagnostic(
        "schedule-outside-calendar", Severity.ERROR, message, file, line, column, found.id
    )
    return OutsideCalendar(found.id, diagnostic)


def _first_outside(names: list[str], order: list[int], current: int, *times: list[int]) -> NoReturn:
    """Raise OutsideCalendar at the first milestone, up to `current` in `order`, with a time outside."""
    for i in order:
        if i == current or not all(_FIRST <= t[i] <= _LAST for t in times):
            raise OutsideCalendar(names[i])
    raise OutsideCalendar()


def _check_ordinal(o: int) -> None:
    if not _FIRST <= o <= _LAST:
        _outside_calendar()


def _outside_calendar() -> NoReturn:
    raise OutsideCalendar()


def _no_working_days() -> NoReturn:
    # The loader refuses an empty working week; extra non-working days could still take every
    # day of the years the schedule covers.
    raise TransitionError(
        "the plan's calendar has no working days in the years the schedule covers", 1
    )
