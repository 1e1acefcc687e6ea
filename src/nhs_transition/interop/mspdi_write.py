"""A scheduled plan as MS Project XML (MSPDI): the dates we computed, in the units MS Project reads.

One task per milestone, under a summary task per workstream (milestones without one sit at the
top level), in plan order. What each task carries:

- Start/Finish and EarlyStart/EarlyFinish: our early dates; LateStart/LateFinish: our late dates;
  TotalSlack/FreeSlack: our floats; Critical: ours. Every date is written at 17:00, the end of the
  working day: a date of our schedule is the end of that day (one working day after Monday is
  Tuesday, as MS Project counts 8 hours from Monday 17:00).
- Duration: the span between our early start and finish: elapsed days (`ed`) in a calendar-days
  plan, working days (`d`, 8 hours) under `calendar: working-days`. Calendar months are written
  as the days they spanned in this schedule (MS Project's `emo` is 30 days).
- Deadline: the deadline in force; the programme's deadline is that of the project summary task
  (task 0). ActualStart and
  ActualFinish with 100% complete for milestones done by the as-of date (StatusDate).
- A constraint: Start No Earlier Than `not_before`, else Finish No Earlier Than the forecast in
  force (what a forecast does to the forward pass). Both are also kept in the custom fields
  Text2 (forecast) and Text3 (not before), so a file we wrote reads back whole.
- PredecessorLink with Type (MSPDI: 0 FF, 1 FS, 2 SF, 3 SS) and LinkLag in tenths of a minute:
  14,400 an elapsed day (LagFormat 8), 4,800 a working day of 8 hours (LagFormat 7).
- One resource per owner (Code: the owner's id; Group: a post's organisation), assigned to its
  milestones; Text1 holds the milestone id. A cancelled milestone is an inactive task (the day
  of its cancellation in Text6).
- Slack figures are in days of 8 hours (MinutesPerDay 480) so readers show them as days.

The Standard calendar is the plan's `calendar:`: its working week, 08:00-17:00, less its bank
holidays over the years the schedule spans and its extra days off, plus its extra working days
(the working days a `wd` duration or lag counts).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from ..dates import Workdays, add_months, bank_holidays, working_calendar
from ..model import Dependency, Milestone, Plan
from ..schedule import Schedule, ScheduleRow
from ..slippage import Evaluation, MilestoneStatus

NAMESPACE = "http://schemas.microsoft.com/project"
TENTHS_PER_ELAPSED_DAY = 24 * 60 * 10
TENTHS_PER_WORKING_DAY = 8 * 60 * 10
LINK_TYPE = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}
FORMAT_DAYS, FORMAT_ELAPSED_DAYS = 7, 8
SNET, FNET = 4, 6
# Task custom fields (MS Project's field ids for Text1, Text2, Text3).
TEXT_FIELDS = {
    "Text1": 188743731,
    "Text2": 188743734,
    "Text3": 188743737,
    "Text4": 188743740,
    "Text5": 188743743,
    "Text6": 188743746,
}
ALIASES = {
    "Text1": "transition id",
    "Text2": "transition forecast",
    "Text3": "transition not_before",
    "Text4": "transition duration",
    "Text5": "transition lags",
    "Text6": "transition cancelled",
}


def project_xml(plan: Plan, evaluation: Evaluation) -> str:
    """The MSPDI text of `plan` scheduled as of the evaluation's date."""
    schedule = evaluation.schedule
    working = schedule.working_days
    statuses = evaluation.by_id()
    milestones = {m.id: m for m in reversed(plan.milestones)}  # the first of duplicate ids
    order = [m.id for m in plan.milestones if milestones[m.id] is m]
    first = min([schedule.start, *(r.early_start for r in schedule.rows.values())])
    last = max([schedule.finish, *(r.late_finish for r in schedule.rows.values())])

    project = ET.Element("Project", xmlns=NAMESPACE)
    _add(project, "SaveVersion", 14)
    _add(project, "Name", plan.programme.name)
    _add(project, "Title", plan.programme.name)
    _add(project, "ScheduleFromStart", 1)
    _add(project, "StartDate", _at(schedule.start))
    _add(project, "FinishDate", _at(schedule.finish))
    _add(project, "CriticalSlackLimit", 0)
    _add(project, "CalendarUID", 1)
    _add(project, "DefaultStartTime", "08:00:00")
    _add(project, "DefaultFinishTime", "17:00:00")
    _add(project, "MinutesPerDay", 480)
    _add(project, "MinutesPerWeek", 2400)
    _add(project, "DaysPerMonth", 20)
    _add(project, "DurationFormat", FORMAT_DAYS if working else FORMAT_ELAPSED_DAYS)
    _add(project, "HonorConstraints", 0)
    _add(project, "CurrentDate", _at(schedule.as_of))
    _add(project, "StatusDate", _at(schedule.as_of))
    _add(project, "NewTasksAreManual", 0)
    attributes = _add(project, "ExtendedAttributes")
    for name, field_id in TEXT_FIELDS.items():
        attribute = _add(attributes, "ExtendedAttribute")
        _add(attribute, "FieldID", field_id)
        _add(attribute, "FieldName", name)
        _add(attribute, "Alias", ALIASES[name])
    workdays = plan.programme.calendar.workdays
    _calendar(_add(project, "Calendars"), first.year, last.year, workdays)

    resources = _resources(plan, [statuses[i].owner for i in order])
    # Outline order: a summary task per workstream (in order of first appearance) followed by its
    # milestones; milestones without a workstream at the top level. UIDs number that order.
    groups: dict[str | None, list[str]] = {}
    for id in order:
        groups.setdefault(statuses[id].workstream, []).append(id)
    outline: list[tuple[str | None, str, str]] = []  # (milestone id or None, workstream, number)
    top = 0
    for workstream, ids in groups.items():
        if workstream is None:
            for id in ids:
                top += 1
                outline.append((id, "", str(top)))
            continue
        top += 1
        outline.append((None, workstream, str(top)))
        outline += [(id, workstream, f"{top}.{n}") for n, id in enumerate(ids, start=1)]
    # UIDs number the milestones in plan order (an import of this file restores that order),
    # then the summary tasks; IDs number the rows in outline order.
    uids = {m: uid for uid, m in enumerate(order, start=1)}
    summary_uids = iter(range(len(order) + 1, len(order) + len(outline) + 1))
    tasks = _add(project, "Tasks")
    _project_summary(tasks, plan, schedule)
    for row_id, (task_of, stream, number) in enumerate(outline, start=1):
        if task_of is None:
            rows = [schedule.rows[i] for i in groups[stream]]
            _summary(tasks, next(summary_uids), row_id, number, stream, rows)
            continue
        level = 2 if stream else 1
        m = milestones[task_of]
        _task(tasks, row_id, number, level, statuses[task_of], plan, schedule, uids, m)
    resources_element = _add(project, "Resources")
    for owner, (resource_uid, name, group) in resources.items():
        resource = _add(resources_element, "Resource")
        _add(resource, "UID", resource_uid)
        _add(resource, "ID", resource_uid)
        _add(resource, "Name", name)
        _add(resource, "Type", 1)
        _add(resource, "IsNull", 0)
        _add(resource, "Code", owner)
        if group:
            _add(resource, "Group", group)
    assignments = _add(project, "Assignments")
    for n, id in enumerate(order, start=1):
        assignment = _add(assignments, "Assignment")
        _add(assignment, "UID", n)
        _add(assignment, "TaskUID", uids[id])
        _add(assignment, "ResourceUID", resources[statuses[id].owner][0])
        _add(assignment, "Units", "1")
        _add(assignment, "Work", "PT0H0M0S")
    ET.indent(project, space="  ")
    body = ET.tostring(project, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{body}\n'


def _task(
    tasks: ET.Element,
    row_id: int,
    number: str,
    level: int,
    status: MilestoneStatus,
    plan: Plan,
    schedule: Schedule,
    uids: dict[str, int],
    milestone: Milestone,
) -> None:
    row = schedule.rows[status.id]
    working = schedule.working_days
    task = _add(tasks, "Task")
    _add(task, "UID", uids[status.id])
    _add(task, "ID", row_id)
    _add(task, "Name", status.title)
    rating: str = status.rating  # whatever ratings slippage defines
    _add(task, "Active", 0 if rating == "cancelled" else 1)  # MS Project's inactive task
    _add(task, "Manual", 0)
    _add(task, "Type", 1)  # fixed duration
    _add(task, "IsNull", 0)
    _add(task, "WBS", number)
    _add(task, "OutlineNumber", number)
    _add(task, "OutlineLevel", level)
    _add(task, "Start", _at(row.early_start))
    _add(task, "Finish", _at(row.early_finish))
    span = _span(row.early_start, row.early_finish, working, plan.programme.calendar.workdays)
    _add(task, "Duration", span)
    _add(task, "DurationFormat", FORMAT_DAYS if working else FORMAT_ELAPSED_DAYS)
    _add(task, "Milestone", int(row.early_start == row.early_finish))
    _add(task, "Summary", 0)
    _add(task, "Critical", int(row.critical))
    _add(task, "EarlyStart", _at(row.early_start))
    _add(task, "EarlyFinish", _at(row.early_finish))
    _add(task, "LateStart", _at(row.late_start))
    _add(task, "LateFinish", _at(row.late_finish))
    _add(task, "FreeSlack", row.free_float * TENTHS_PER_WORKING_DAY)
    _add(task, "TotalSlack", row.total_float * TENTHS_PER_WORKING_DAY)
    _add(task, "PercentComplete", 100 if status.actual is not None else 0)
    if status.actual is not None:
        _add(task, "ActualStart", _at(row.early_start))
        _add(task, "ActualFinish", _at(status.actual))
    forecast = status.forecast.day if status.forecast is not None else None
    nb = milestone.not_before.day if milestone.not_before is not None else None
    if nb is not None:
        _add(task, "ConstraintType", SNET)
        _add(task, "ConstraintDate", _at(nb))
    elif forecast is not None and status.actual is None:
        _add(task, "ConstraintType", FNET)
        _add(task, "ConstraintDate", _at(forecast))
    else:
        _add(task, "ConstraintType", 0)
    if status.due is not None:
        _add(task, "Deadline", _at(status.due.day))
    for dep in milestone.depends_on:
        _link(task, dep, schedule, uids)
    values = {"Text1": status.id}
    if forecast is not None and status.actual is None:
        values["Text2"] = forecast.isoformat()
    if nb is not None:
        values["Text3"] = nb.isoformat()
    if milestone.duration.amount:
        values["Text4"] = milestone.duration.text
    months = [f"{d.id} {d.type} {d.lag.text}" for d in milestone.depends_on if d.lag.unit == "m"]
    if months:
        values["Text5"] = "; ".join(months)
    if status.cancelled_on is not None:
        values["Text6"] = status.cancelled_on.isoformat()
    for name, value in values.items():
        attribute = _add(task, "ExtendedAttribute")
        _add(attribute, "FieldID", TEXT_FIELDS[name])
        _add(attribute, "Value", value)


def _link(task: ET.Element, dep: Dependency, schedule: Schedule, uids: dict[str, int]) -> None:
    """A PredecessorLink; a lag in months becomes the elapsed days it spans in this schedule."""
    pred_id, kind, lag = dep.id, dep.type, dep.lag
    if pred_id not in uids:
        return
    link = _add(task, "PredecessorLink")
    _add(link, "PredecessorUID", uids[pred_id])
    _add(link, "Type", LINK_TYPE[kind])
    _add(link, "CrossProject", 0)
    amount = lag.amount * 7 if lag.unit == "w" else lag.amount
    if lag.unit == "m":
        pred = schedule.rows[pred_id]
        base = pred.early_finish if kind in ("FS", "FF") else pred.early_start
        amount, in_working_days = (add_months(base, lag.amount) - base).days, False
    elif lag.unit == "wd":
        in_working_days = True
    else:
        in_working_days = schedule.working_days
        if in_working_days and lag.unit == "w":
            amount = lag.amount * 5
    if in_working_days:
        _add(link, "LinkLag", amount * TENTHS_PER_WORKING_DAY)
        _add(link, "LagFormat", FORMAT_DAYS)
    else:
        _add(link, "LinkLag", amount * TENTHS_PER_ELAPSED_DAY)
        _add(link, "LagFormat", FORMAT_ELAPSED_DAYS)


def _summary(
    tasks: ET.Element, uid: int, row_id: int, outline: str, name: str, rows: list[ScheduleRow]
) -> None:
    """A workstream's summary task, spanning its milestones' early dates."""
    starts = [r.early_start for r in rows]
    finishes = [r.early_finish for r in rows]
    task = _add(tasks, "Task")
    _add(task, "UID", uid)
    _add(task, "ID", row_id)
    _add(task, "Name", name)
    _add(task, "Active", 1)
    _add(task, "Manual", 0)
    _add(task, "IsNull", 0)
    _add(task, "WBS", outline)
    _add(task, "OutlineNumber", outline)
    _add(task, "OutlineLevel", 1)
    _add(task, "Start", _at(min(starts)))
    _add(task, "Finish", _at(max(finishes)))
    _add(task, "Summary", 1)
    _add(task, "ConstraintType", 0)


def _project_summary(tasks: ET.Element, plan: Plan, schedule: Schedule) -> None:
    """Task 0, the project summary task: the programme deadline is its deadline."""
    task = _add(tasks, "Task")
    _add(task, "UID", 0)
    _add(task, "ID", 0)
    _add(task, "Name", plan.programme.name)
    _add(task, "Active", 1)
    _add(task, "Manual", 0)
    _add(task, "IsNull", 0)
    _add(task, "WBS", 0)
    _add(task, "OutlineNumber", 0)
    _add(task, "OutlineLevel", 0)
    _add(task, "Start", _at(schedule.start))
    _add(task, "Finish", _at(schedule.finish))
    _add(task, "Summary", 1)
    _add(task, "ConstraintType", 0)
    if plan.programme.deadline is not None:
        _add(task, "Deadline", _at(plan.programme.deadline.day))


def not_written(plan: Plan) -> list[str]:
    """What of `plan` the file has no place for, a line each (what applies to this plan)."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n:,} {one if n == 1 else many}"

    lines: list[str] = []
    reported = [m for m in plan.milestones if m.history]
    if reported:
        entries = sum(len(m.history) for m in reported)
        lines.append(
            f"the history of {count(len(reported), 'milestone', 'milestones')} "
            f"({count(entries, 'report', 'reports')} and their reasons): only the forecast and "
            "deadline in force on the status date, and actuals by then"
        )
    sourced = sum(1 for m in plan.milestones if m.source)
    if sourced:
        lines.append(f"the sources of {count(sourced, 'milestone', 'milestones')}")
    declared = sum(1 for m in plan.milestones if m.status)
    if declared:
        lines.append(f"the declared status of {count(declared, 'milestone', 'milestones')}")
    dated = [
        m for m in plan.milestones if m.due is not None and m.due.text != m.due.day.isoformat()
    ]
    if dated:
        lines.append(
            f"dates as written ('{dated[0].due.text}' and the like): the days they name"  # type: ignore[union-attr]
        )
    if plan.organisations:
        lines.append(
            "the types, parents and dates of "
            f"{count(len(plan.organisations), 'organisation', 'organisations')} (owners are "
            "resources by name)"
        )
    held = sum(1 for r in plan.roles if r.holders)
    if held:
        lines.append(
            f"the holders over time (`holders`) of {count(held, 'post', 'posts')} (a resource's "
            "name carries a single `holder` only)"
        )
    if plan.cascades:
        kids = sum(len(k) for k in plan.cascades.values())
        lines.append(
            f"{count(len(plan.cascades), 'cascade', 'cascades')}: written as "
            f"{count(kids, 'task', 'tasks')} (one per organisation) and a parent task each"
        )
    return lines


def _resources(plan: Plan, owners: list[str]) -> dict[str, tuple[int, str, str | None]]:
    """Owner id -> (resource UID, name, group) for every owner that owns a milestone."""
    roles = {r.id: r for r in plan.roles}
    organisations = {o.id: o for o in plan.organisations}
    found: dict[str, tuple[int, str, str | None]] = {}
    for owner in owners:
        if owner in found:
            continue
        if owner in roles:
            role = roles[owner]
            name = f"{role.title} ({role.holder})" if role.holder else role.title
            found[owner] = (len(found) + 1, name, role.organisation)
        else:
            org = organisations.get(owner)
            found[owner] = (len(found) + 1, org.name if org else owner, None)
    return found


def _calendar(calendars: ET.Element, first_year: int, last_year: int, workdays: Workdays) -> None:
    """The Standard calendar: the plan's working week, 08:00-17:00, less its bank holidays over
    the years the schedule spans, and its extra non-working and working days, as exceptions."""
    calendar = _add(calendars, "Calendar")
    _add(calendar, "UID", 1)
    _add(calendar, "Name", "Standard")
    _add(calendar, "IsBaseCalendar", 1)
    _add(calendar, "BaseCalendarUID", -1)
    week = _add(calendar, "WeekDays")
    for day_type in range(1, 8):  # 1 Sunday ... 7 Saturday
        weekday = _add(week, "WeekDay")
        _add(weekday, "DayType", day_type)
        working = workdays.week[(day_type + 5) % 7]
        _add(weekday, "DayWorking", int(working))
        if working:
            _working_times(weekday)
    # Every day the week alone gets wrong: bank holidays and extra days off in the working
    # week, extra working days outside it or on a bank holiday.
    days: dict[date, tuple[str, bool]] = {}
    for year in range(max(first_year, 1), min(last_year, 9998) + 1):
        for day, name in bank_holidays(year, workdays.holidays).items():
            if workdays.week[day.weekday()]:
                days[day] = (name, False)
    for day in workdays.off:
        if workdays.week[day.weekday()]:
            days[day] = ("Non-working day", False)
    for day in workdays.on:
        if day in days:
            del days[day]
        elif not workdays.week[day.weekday()]:
            days[day] = ("Working day", True)
    exceptions = _add(calendar, "Exceptions")
    for day, (name, working) in sorted(days.items()):
        exception = _add(exceptions, "Exception")
        _add(exception, "EnteredByOccurrences", 0)
        period = _add(exception, "TimePeriod")
        _add(period, "FromDate", f"{day.isoformat()}T00:00:00")
        _add(period, "ToDate", f"{day.isoformat()}T23:59:00")
        _add(exception, "Occurrences", 1)
        _add(exception, "Name", name)
        _add(exception, "Type", 1)
        _add(exception, "DayWorking", int(working))
        if working:
            _working_times(exception)


def _working_times(parent: ET.Element) -> None:
    times = _add(parent, "WorkingTimes")
    for start, end in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")):
        time = _add(times, "WorkingTime")
        _add(time, "FromTime", start)
        _add(time, "ToTime", end)


def _span(start: date, finish: date, working: bool, workdays: Workdays) -> str:
    """An MSPDI duration: working days of 8 hours, or elapsed days of 24."""
    if working:
        return f"PT{working_calendar(workdays).between(start, finish) * 8}H0M0S"
    return f"PT{(finish - start).days * 24}H0M0S"


def _at(day: date) -> str:
    """A date of our schedule as an MSPDI date-time: the end of that working day."""
    return f"{day.isoformat()}T17:00:00"


def _add(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = _xml_safe(str(value))
    return element


def _xml_safe(text: str) -> str:
    """Characters XML 1.0 cannot hold (C0 controls but tab) as visible escapes, never dropped."""
    if text.isprintable():
        return text
    return "".join(
        c if c in "\t" or (ord(c) >= 0x20 and c not in "\ufffe\uffff") else f"\\x{ord(c):02x}"
        for c in text
    )
