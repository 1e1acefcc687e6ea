"""Rules on the programme's `calendar:`: days it lists that contradict each other or change nothing."""

from __future__ import annotations

from ..dates import HOLIDAY_SET_NAMES, DateExpr, Workdays, days_named
from ..errors import excerpt
from .checker import Checker


def calendar_days(c: Checker) -> None:
    """calendar-conflict and calendar-day-unchanged, at the item of the calendar that says so."""
    programme = c.plan.programme
    if c.plan.unsure(programme):
        return
    calendar = programme.calendar
    seen: set[str] = set()
    for i, day_name in enumerate(calendar.working_week):
        if day_name in seen:
            c.report(
                "calendar-conflict",
                programme,
                ("calendar", "working_week", i),
                f"'{day_name}' is listed twice in working_week: list each working day once",
            )
        seen.add(day_name)
    rules = calendar.workdays
    base = Workdays(week=rules.week, holidays=rules.holidays)  # before the extra days
    working = set(rules.on)
    where = HOLIDAY_SET_NAMES[rules.holidays]
    for i, e in enumerate(calendar.non_working):
        days = days_named(e)
        both = [d for d in days if d in working]
        if both:
            c.report(
                "calendar-conflict",
                programme,
                ("calendar", "non_working", i),
                f"non_working {_written(e)} is also listed under working ({both[0].isoformat()}"
                f"{' and more' if len(both) > 1 else ''}): keep it in one list",
            )
        elif not any(base.is_working(d) for d in days):
            c.report(
                "calendar-day-unchanged",
                programme,
                ("calendar", "non_working", i),
                f"non_working {_written(e)} is not a working day anyway (the working week and the "
                f"bank holidays of {where} leave it out): remove it, or check the date",
            )
    for i, e in enumerate(calendar.working):
        days = days_named(e)
        if all(base.is_working(d) for d in days) and not any(d in rules.off for d in days):
            c.report(
                "calendar-day-unchanged",
                programme,
                ("calendar", "working", i),
                f"working {_written(e)} is a working day anyway (in the working week, and not a "
                f"bank holiday of {where}): remove it, or check the date",
            )


def _written(e: DateExpr) -> str:
    return f"'{excerpt(e.text)}'"
