"""Cross-object rules on a loaded plan -> diagnostics, each with a stable rule code (pure).

The loader (`load`) has already checked the shape of every object and every single field;
the rules here look across objects: ids that must exist or be unique, the dependency network,
dates that contradict each other, and owners that do not exist on the day of their work.
`RULES` lists every code with its severity and what it catches (README's table comes from it).
No I/O and no clock: the only "now" a rule knows is the programme's `status_date`.

`rules` lists the codes, `checker` is what every rule works with, and the rules themselves are in
`references` (ids and links), `network` (what needs the schedule), `timing` (dates) and
`organisations` (owners and the organisation tree).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Diagnostic, sort_diagnostics
from ..model import Plan
from .calendar import calendar_days
from .checker import Checker
from .network import actuals_against_dependencies, forecasts_against_network, schedule_in_calendar
from .organisations import organisations, owners_active, posts, vacant_posts
from .policies import critical_owners
from .references import dependencies, duplicate_ids, unknown_owners
from .rules import ERROR, RULES, WARNING, Rule
from .timing import actuals_after_status_date, history, milestone_dates

__all__ = ["ERROR", "RULES", "WARNING", "CheckResult", "Rule", "check_plan", "run_checks"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What the rules found, and the warnings the plan's `ignore_warnings` suppressed."""

    diagnostics: list[Diagnostic]
    ignored: dict[str, int]  # code -> how many warnings of that rule were suppressed

    @property
    def ignored_count(self) -> int:
        """How many warnings were suppressed in all."""
        return sum(self.ignored.values())


def check_plan(plan: Plan, *, calendar: bool = True) -> CheckResult:
    """Run every rule on `plan`; warnings whose code the programme ignores are counted, not kept.

    `calendar=False` leaves out `schedule-outside-calendar`, for callers that schedule the plan
    next: `compute_schedule` reports the same diagnostic itself (OutsideCalendar.diagnostic).
    """
    # As in load and schedule: the rules build no reference cycles, but their allocations
    # would set off full collections that walk every object of a large plan.
    enabled = gc.isenabled()
    gc.disable()
    try:
        checker = Checker(plan)
        for rule in _RULE_FUNCTIONS:
            if calendar or rule is not schedule_in_calendar:
                rule(checker)
    finally:
        if enabled:
            gc.enable()
    ignore = set(plan.programme.ignore_warnings)
    kept: list[Diagnostic] = []
    ignored: dict[str, int] = {}
    found = checker.found
    if plan.cascades:
        # The children of a cascade inherit what the parent wrote, and point at its lines when
        # they have no entry of their own: one diagnostic per rule and place is enough.
        found = list({(d.code, d.file, d.line, d.column): d for d in reversed(found)}.values())
        found.reverse()
    for d in found:
        if d.severity is WARNING and d.code in ignore:
            ignored[d.code] = ignored.get(d.code, 0) + 1
        else:
            kept.append(d)
    return CheckResult(sort_diagnostics(kept), dict(sorted(ignored.items())))


def run_checks(plan: Plan, *, calendar: bool = True) -> list[Diagnostic]:
    """Every cross-object problem of `plan` (less ignored warnings), sorted by file, line and column."""
    return check_plan(plan, calendar=calendar).diagnostics


_RULE_FUNCTIONS: tuple[Callable[[Checker], None], ...] = (
    duplicate_ids,
    unknown_owners,
    dependencies,  # before the schedule-based rules, which need to know of cycles
    calendar_days,
    schedule_in_calendar,
    forecasts_against_network,
    actuals_against_dependencies,
    actuals_after_status_date,
    history,
    milestone_dates,
    owners_active,
    organisations,
    critical_owners,
    posts,
    vacant_posts,
)
