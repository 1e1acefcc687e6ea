"""Rules that need the schedule.

A schedule that leaves the calendar, forecasts earlier than the network allows, actuals
earlier than their dependencies' actuals.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import (
    CALENDAR_FIRST,
    CALENDAR_LAST,
    DateExpr,
    Duration,
    format_day,
    shift,
    working_calendar,
)
from ..errors import TransitionError
from ..model import Milestone, Plan
from .checker import Checker, shown, work


def schedule_in_calendar(c: Checker) -> None:
    """Every other command schedules the plan: find where that would leave the calendar.

    Every plan date is inside the calendar, and a schedule moves a milestone from a plan date by
    at most the durations and lags of one path through the network; when the longest such path
    is shorter than the room between the plan's dates and either end of the calendar, nothing
    can leave it. Otherwise the plan is scheduled, as of its status date, to find the milestone.
    """
    if c.has_cycle or not c.plan.milestones:
        return
    plan = c.plan
    calendar = plan.programme.calendar
    workdays = calendar.workdays
    # n working days span at most `stretch` * n + `slack` calendar days: 2n + 30 for five
    # working days a week and bank holidays, more for fewer working days or extra days off.
    stretch = max(2, -(-7 // max(sum(workdays.week), 1)))
    slack = 30 + stretch * len(workdays.off)
    longest = _longest_path_days(plan.milestones, calendar.counts_working_days, stretch, slack)
    if longest is not None:
        if not longest:
            return
        lo, hi = _date_range(plan)
        room = timedelta(days=longest)
        if CALENDAR_FIRST + room <= lo and hi <= CALENDAR_LAST - room:
            return
    from ..schedule import CycleError, OutsideCalendar, compute_schedule

    status = plan.programme.status_date
    try:
        compute_schedule(plan, status.day if status is not None else plan.programme.start.day)
    except OutsideCalendar as exc:
        found = exc.diagnostic
        if found is not None and not (c.tainted and (found.milestone or "") in c.tainted):
            c.found.append(found)
    except (CycleError, TransitionError):
        return  # reported by the rules of what stopped the schedule


def _longest_path_days(
    milestones: list[Milestone], working: bool, stretch: int, slack: int
) -> int | None:
    """The most calendar days durations and lags add up to along any path (None: not in order).

    One pass in file order; a link to a milestone written later (or unknown) gives up.
    """
    spans: dict[str, int] = {}  # by text: hashing a Duration costs more than the arithmetic

    def span(d: Duration) -> int:
        found = spans.get(d.text)
        if found is None:
            found = spans[d.text] = _most_days(d, working, stretch, slack)
        return found

    reach: dict[str, int] = {}
    longest = 0
    for m in milestones:
        r = 0
        for dep in m.depends_on:
            before = reach.get(dep.id)
            if before is None:
                return None
            if dep.lag.amount:
                before += span(dep.lag)
            if before > r:
                r = before
        if m.duration.amount:
            r += span(m.duration)
        reach[m.id] = r
        if r > longest:
            longest = r
    return longest


def _date_range(plan: Plan) -> tuple[date, date]:
    """The first and last day any date of the plan names (the loader shares equal dates)."""
    exprs: dict[int, DateExpr] = {}
    programme = plan.programme
    for e in (programme.start, programme.status_date, programme.deadline):
        if e is not None:
            exprs[id(e)] = e
    for m in plan.milestones:
        for e in (m.due, m.forecast, m.actual, m.not_before):
            if e is not None:
                exprs[id(e)] = e
        for entry in m.history:
            for e in (entry.date, entry.forecast, entry.due, entry.actual):
                if e is not None:
                    exprs[id(e)] = e
    days = [e.day for e in exprs.values()]
    return min(days), max(days)


def _most_days(d: Duration, working: bool, stretch: int = 2, slack: int = 30) -> int:
    """The most calendar days `d` can span either way (n working days: under stretch * n + slack)."""
    n = abs(d.amount)
    if d.unit == "m":
        return 31 * n + 31
    if d.unit == "wd" or working:
        return stretch * (5 * n if d.unit == "w" else n) + slack
    return 7 * n if d.unit == "w" else n


def forecasts_against_network(c: Checker) -> None:
    """Forecasts earlier than the CPM forward pass allows, using the schedule's own link rules."""
    if c.has_cycle or not any(
        m.forecast is not None and m.actual is None for m in c.milestones.values()
    ):
        return  # only unfinished milestones' forecasts are tested
    from ..schedule import CycleError, compute_schedule

    # Schedule a copy in which every recorded date counts as a forecast and nothing is "now":
    # an actual becomes a forecast, history is dropped (the current forecast is the one to test)
    # and the evaluation date precedes the programme, so no as-of floor applies.
    copies: list[Milestone] = []
    for m in c.plan.milestones:
        if m.actual is not None:
            copies.append(
                m.model_copy(update={"forecast": m.actual, "actual": None, "history": []})
            )
        elif m.history:
            copies.append(m.model_copy(update={"history": []}))
        else:
            copies.append(m)
    shadow = type(c.plan)(programme=c.plan.programme, milestones=copies)
    try:
        before = c.plan.programme.start.day - timedelta(days=1)
        schedule = compute_schedule(shadow, before)
    except (CycleError, TransitionError, OverflowError, ValueError):
        return  # reported by other rules (cycles) or by the schedule itself (dates out of range)
    tainted = c.tainted
    for m in c.milestones.values():
        if m.actual is not None or m.forecast is None or m.id in tainted:
            continue
        row = schedule.row(m.id)
        if row is None or m.forecast.day >= row.early_finish:
            continue
        if row.constraint == "dependency" and row.driver is not None:
            c.report(
                "forecast-before-dependencies",
                m,
                ("forecast",),
                f"'{m.id}' is forecast for {shown(m.forecast)}, but its dependencies allow "
                f"{format_day(row.early_finish)} at the earliest (driven by '{row.driver}', "
                f"{row.driver_type}{work(m)}): move the forecast or revise the dependency",
                m.id,
            )
        elif row.constraint == "not_before" and m.not_before is not None:
            c.report(
                "forecast-before-not-before",
                m,
                ("forecast",),
                f"'{m.id}' is forecast for {shown(m.forecast)}, but it cannot happen before "
                f"not_before {shown(m.not_before)} (finishing {format_day(row.early_finish)} at the "
                "earliest): move the forecast or not_before",
                m.id,
            )


def actuals_against_dependencies(c: Checker) -> None:
    workdays = c.plan.programme.calendar.workdays
    calendar = working_calendar(workdays) if c.plan.programme.calendar.counts_working_days else None
    tainted = c.tainted
    for m in c.plan.milestones:
        if m.actual is None or m.id in tainted:
            continue
        for _, p, kind, lag in c.known_links(m):
            # A plan records when things finished, not when they started, so only the links
            # between finishes (FS, FF) can be contradicted by actuals. A lead (negative lag)
            # lets the successor finish that much earlier; a positive lag is a plan, not a fact.
            if p.actual is None or kind not in ("FS", "FF"):
                continue
            required = p.actual.day
            if lag.amount < 0:
                try:
                    required = shift(required, lag, calendar, workdays=workdays)
                except (OverflowError, ValueError):
                    continue
            if m.actual.day < required:
                c.report(
                    "actual-before-dependency",
                    m,
                    ("actual",),
                    f"'{m.id}' was achieved on {shown(m.actual)}, before '{p.id}' "
                    f"({shown(p.actual)}) which it depends on ({kind}"
                    f"{', lag ' + lag.text if lag.amount else ''}): fix one of the actual dates "
                    "or the dependency",
                    m.id,
                )
