"""MS Project XML (MSPDI) to plan files: YAML text for organisations.yaml and timeline.yaml, and a
report of everything the plan cannot hold, per task (text in, text out).

How the file maps (the README's "Other tools" lists the same):

- Tasks become milestones, in file order; a task's id is its `transition id` custom field (files
  we exported), else a slug of its name made unique; `source` names the file and the task's UID.
- Summary tasks become workstreams (the nearest summary above a task). Their links are pushed
  down: a link into a summary reaches each task under it, a link from a summary comes from each
  task under it; their Start-No-Earlier-Than, Finish-No-Later-Than and deadlines too.
- Links keep their type and lag: working-time lags become `wd` in a calendar-days plan and `d`
  under `calendar: working-days`; elapsed lags become calendar days (`d`) in a calendar-days plan.
- The plan counts calendar days when every task with a duration counts elapsed time (`ed`),
  else working days (`calendar: working-days`).
- Dates: the day of a date-time, except under working days, where a time before noon (the start
  of a working day) is the end of the working day before, as our schedule counts
  (`mspdi_xml.to_point`). The status date is StatusDate, else CurrentDate.
- Start No Earlier Than -> `not_before`; Finish No Earlier Than -> `forecast`; Finish No Later
  Than and Deadline -> `due` (the earlier); ActualFinish (or 100% complete) -> `actual`. The
  project summary task's deadline is the programme's `deadline`.
- Resources -> owners: a resource with a Group becomes a post in the organisation the group
  names; one without becomes an organisation. A task without a resource is owned by
  `unassigned`.

An inactive task is a milestone cancelled (a history entry) on the day we exported, else the
status date, else the programme start. Reported, per task, and kept in the
milestone's `notes`: task calendars, manual scheduling, As
Late As Possible, Must Start/Finish On (kept as `not_before` / `due`), Start No Later Than,
percent complete short of 100, hours or percentage lags, elapsed time where the plan counts
working days, durations that are not whole days, cross-project links, more than one resource,
and what `check` would reject (a deadline before Start No Earlier Than; a link that the actual
dates contradict).

The project calendar becomes the programme's `calendar:`: its working week, the holiday set
(England and Wales, Scotland, Northern Ireland or none) that leaves the fewest days to list,
and the days its exceptions make differ from that, as extra working and non-working days
(`_project_calendar`). Reported: exceptions over a year long (a recurring exception is read as
the span it covers), a week without a working day; working hours are not kept (a working day
is a day).
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..dates import (
    CALENDAR_FIRST,
    CALENDAR_LAST,
    CALENDAR_TEXT,
    DEFAULT_WORKDAYS,
    HOLIDAY_SETS,
    LONGEST,
    WEEKDAY_NAMES,
    DateError,
    Workdays,
    WorkingCalendar,
    bank_holidays,
    parse_duration,
    shift,
    working_calendar,
)
from .mspdi_owners import owners_of
from .mspdi_xml import (
    ELAPSED_FORMATS,
    HOUR_FORMATS,
    LINK_TYPES,
    PERCENT_FORMATS,
    Link,
    Project,
    Task,
    hours,
    read_project,
    to_day,
    to_int,
    to_point,
)
from .plan_text import comment, milestone_text, plain_id, quote, slug

CONSTRAINTS = {1: "As Late As Possible", 2: "Must Start On", 3: "Must Finish On",
               5: "Start No Later Than"}  # fmt: skip
SNET, FNET, FNLT, MSO, MFO = 4, 6, 7, 2, 3
ID_ALIAS, FORECAST_ALIAS, NOT_BEFORE_ALIAS = "transition id", "transition forecast", "transition not_before"  # fmt: skip
DURATION_ALIAS, LAGS_ALIAS = "transition duration", "transition lags"
CANCELLED_ALIAS = "transition cancelled"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DURATION_TEXT = re.compile(r"^[+-]?[0-9]{1,6}(d|w|m|wd)$")


@dataclass(frozen=True, slots=True)
class Unsupported:
    """Something of a task (or of the project, task_uid None) the plan cannot hold, in words."""

    task_uid: int | None
    task_name: str
    milestone: str | None
    what: str


@dataclass(frozen=True, slots=True)
class ImportedPlan:
    """The plan files' text, what could not be kept, and counts for the summary line."""

    organisations_yaml: str
    timeline_yaml: str
    unsupported: tuple[Unsupported, ...]
    milestones: int
    workstreams: int
    owners: int
    calendar: str


@dataclass(slots=True)
class _Milestone:
    task: Task
    owner: str = "unassigned"
    workstream: str | None = None
    duration: str | None = None
    cancelled: tuple[date, str] | None = None  # the day and reason of a cancellation
    due: date | None = None
    forecast: date | None = None
    actual: date | None = None
    not_before: date | None = None
    depends_on: list[tuple[str, str, str]] = field(default_factory=list)  # (id, type, lag)
    notes: list[str] = field(default_factory=list)


def import_project(data: bytes, name: str) -> ImportedPlan:
    """Plan files from the MSPDI bytes `data` (`name` is the file's name for messages and sources)."""
    # As in load and schedule: the collector would walk the growing tree of a large file again
    # and again while ElementTree builds it (5,000 tasks: 0.65 s to parse instead of 2.3 s in a
    # process that holds a plan already). What cycles the import makes (the outline tree) are
    # collected once it is enabled again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _import_project(data, name)
    finally:
        if enabled:
            gc.enable()


def _import_project(data: bytes, name: str) -> ImportedPlan:
    project = read_project(data, name)
    report: list[Unsupported] = []
    leaves = [t for t in project.tasks if not t.summary]
    if ID_ALIAS in project.aliases:  # a file we exported: its UIDs number the plan's order
        leaves.sort(key=lambda t: t.uid)
    # Calendar days when every task with a duration counts elapsed time; with no durations at
    # all, as the project's default duration format says.
    timed = [t for t in leaves if hours(t.fields.get("Duration")) != 0]
    formats = [to_int(t.fields.get("DurationFormat"), 7) for t in timed]
    if not timed:
        formats = [to_int(project.fields.get("DurationFormat"), 7)]
    counts_working = any(f not in ELAPSED_FORMATS for f in formats)
    _assign_ids(leaves, project.aliases)
    calendar = _project_calendar(project, leaves, report)
    workdays = calendar.workdays
    working = working_calendar(workdays) if counts_working else None
    owners, organisations_yaml, shared = owners_of(project, leaves)
    report += [Unsupported(t.uid, t.name, t.id, what) for t, what in shared]
    by_uid = {t.uid: t for t in project.tasks}
    milestones = [_milestone(t, project, by_uid, working, owners) for t in leaves]
    _settle(milestones, working, workdays)
    for m in milestones:
        report += [Unsupported(m.task.uid, m.task.name, m.task.id, what) for what in m.notes]
    programme = project.fields
    programme_name = programme.get("Title") or programme.get("Name") or name

    def project_note(what: str) -> None:
        report.append(Unsupported(None, "", None, what))

    starts = (_date(t.fields.get("Start"), working, None, "") for t in leaves)
    start = _date(programme.get("StartDate"), working, project_note, "project start") or min(
        (d for d in starts if d is not None), default=None
    )
    if start is None:
        start = date(2000, 1, 1)
        project_note(f"no start date in the file: the programme starts {start}")
    # As of the status date, else the day the file was current.
    status_text = programme.get("StatusDate") or programme.get("CurrentDate")
    status = _date(status_text, working, project_note, "status date")
    if status is not None and status < start:
        report.append(
            Unsupported(None, "", None, f"status date {status} before the start {start} not kept")
        )
        status = None
    for m in milestones:  # a cancellation the file does not date falls on the start at earliest
        if m.cancelled is not None and m.cancelled[0] < start:
            m.cancelled = (start, m.cancelled[1])
    lines = [
        f"# Imported from {comment(name)} by `transition import mspdi`.",
        "programme:",
        f"  id: {plain_id(slug(programme_name, 'imported'))}",
        f"  name: {quote(' '.join(programme_name.split()) or 'Imported')}",
        f"  start: {start.isoformat()}",
    ]
    if status is not None:
        lines.append(f"  status_date: {status.isoformat()}")
    deadline = _date(project.summary.get("Deadline"), working, project_note, "project deadline")
    if deadline is not None:
        lines.append(f"  deadline: {deadline.isoformat()}")
    unit = "working-days" if working else "calendar-days"
    lines += calendar.lines(unit)
    lines.append(f"  source: {quote(name)}")
    lines.append("milestones:" if milestones else "milestones: []")
    timeline = "\n".join(lines) + "\n" + "".join(_yaml(m, name) for m in milestones)
    return ImportedPlan(
        organisations_yaml=organisations_yaml,
        timeline_yaml=timeline,
        unsupported=tuple(report),
        milestones=len(milestones),
        workstreams=len({m.workstream for m in milestones if m.workstream}),
        owners=len({m.owner for m in milestones}),
        calendar=unit if workdays == DEFAULT_WORKDAYS else f"{unit}; {workdays.describe()}",
    )


def _assign_ids(leaves: list[Task], aliases: dict[str, int]) -> None:
    """Milestone ids: the `transition id` custom field when valid and unique, else name slugs."""
    field_id = aliases.get(ID_ALIAS)
    taken: set[str] = set()
    pending: list[Task] = []
    for task in leaves:
        wanted = task.texts.get(field_id, "") if field_id is not None else ""
        # A cascade's child (`parent/org`) becomes a milestone of its own: `parent-org`.
        wanted = wanted.replace("/", "-") if wanted.count("/") == 1 else wanted
        if _SLUG.match(wanted) and len(wanted) <= 200 and wanted not in taken:
            task.id = wanted
            taken.add(wanted)
        else:
            pending.append(task)
    for task in pending:
        base = slug(task.name, f"task-{task.uid}")
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        task.id = candidate
        taken.add(candidate)


def _written(task: Task, aliases: dict[str, int], alias: str) -> str:
    """The value of a custom field we write on export ('' when absent)."""
    field_id = aliases.get(alias)
    return task.texts.get(field_id, "") if field_id is not None else ""


def _milestone(
    task: Task,
    project: Project,
    by_uid: dict[int, Task],
    working: WorkingCalendar | None,
    owners: dict[int, str],
) -> _Milestone:
    """One milestone from a task and the summary tasks above it."""
    m = _Milestone(task, owner=owners.get(task.uid, "unassigned"))
    note = m.notes.append
    f = task.fields
    if task.parent is not None:
        m.workstream = slug(task.parent.name, f"summary-{task.parent.uid}")
        if task.parent.parent is not None:
            path = " > ".join(a.name for a in reversed(list(task.ancestors())))
            note(f"nested under summary tasks {path}: the workstream is the nearest")
    m.duration = _within_a_century(_duration(task, project, working, note), "duration", note)
    dues: list[date] = []
    for source in (task, *task.ancestors()):
        whose = "" if source is task else f" (from summary task '{source.name}')"
        kind = to_int(source.fields.get("ConstraintType"), 0)
        when = _date(source.fields.get("ConstraintDate"), working, note, "constraint date")
        written = to_day(source.fields.get("ConstraintDate"))  # as MS Project shows it
        if when is not None and kind in (SNET, MSO):
            m.not_before = max(m.not_before or when, when)
            if kind == MSO:
                note(f"Must Start On {written}{whose} kept as not_before (it may start later)")
        elif when is not None and kind in (FNLT, MFO):
            dues.append(when)
            if kind == MFO:
                note(f"Must Finish On {written}{whose} kept as due (it may finish earlier)")
        elif when is not None and kind == FNET and source is task:
            m.forecast = when
        elif kind == FNET or kind in CONSTRAINTS:
            label = CONSTRAINTS.get(kind, "Finish No Earlier Than")
            note(f"{label}{' ' + str(written) if written else ''}{whose} not kept")
        deadline = _date(source.fields.get("Deadline"), working, note, "deadline")
        if deadline is not None:
            dues.append(deadline)
    m.due = min(dues, default=None)
    forecast = _written(task, project.aliases, FORECAST_ALIAS)
    m.forecast = _date(forecast, None, note, FORECAST_ALIAS) or m.forecast
    not_before = _written(task, project.aliases, NOT_BEFORE_ALIAS)
    m.not_before = _date(not_before, None, note, NOT_BEFORE_ALIAS) or m.not_before
    percent = to_int(f.get("PercentComplete"), 0)
    m.actual = _date(f.get("ActualFinish"), working, note, "actual finish")
    if m.actual is None and percent >= 100:
        m.actual = _date(f.get("Finish"), working, note, "finish")
    if m.actual is not None:
        m.forecast = None
    elif percent > 0:
        note(f"{percent}% complete not kept (a milestone is done or not)")
    m.depends_on = _links(task, project, by_uid, working, note)
    if f.get("Manual") == "1":
        note("manually scheduled: scheduled automatically here")
    if f.get("Active") == "0":
        written = _date(_written(task, project.aliases, CANCELLED_ALIAS), None, note, "cancelled")
        day = written or to_point(project.fields.get("StatusDate"), working)
        m.cancelled = (day or date.min, "inactive in MS Project")
        if written is None:
            note("inactive: cancelled on the status date (else the start)")
    calendar_uid = to_int(f.get("CalendarUID"), -1)
    if calendar_uid not in (-1, 0):
        note(f"task calendar (UID {calendar_uid}) not kept: the project's calendar applies")
    return m


def _date(text: str | None, working: WorkingCalendar | None, note: Any, label: str) -> date | None:
    """The day a date-time of the file stands for (`to_point`); one that is unreadable or
    outside the plan's calendar is noted (when `note` is given) and not kept."""
    if not text:
        return None
    day = to_point(text, working)
    if day is not None and CALENDAR_FIRST <= day <= CALENDAR_LAST:
        return day
    if note is not None:
        why = "is not a date" if day is None else f"is outside the calendar ({CALENDAR_TEXT})"
        note(f"{label} '{text}' {why}: not kept")
    return None


def _duration(
    task: Task, project: Project, working: WorkingCalendar | None, note: Any
) -> str | None:
    """The duration as a plan writes it (as we wrote it, for files we exported)."""
    written = _written(task, project.aliases, DURATION_ALIAS)
    if _DURATION_TEXT.match(written):
        return written
    span = hours(task.fields.get("Duration"))
    if not span:
        return None
    kind = to_int(task.fields.get("DurationFormat"), 7)
    per_day = to_int(project.fields.get("MinutesPerDay"), 480) / 60 or 8.0
    if kind in ELAPSED_FORMATS and working:
        start, finish = to_day(task.fields.get("Start")), to_day(task.fields.get("Finish"))
        if start is not None and finish is not None:
            days = working.between(start, finish)
        else:
            days = round(span / 24 * 5 / 7)
        note(f"elapsed duration of {span / 24:.12g} days kept as {days} working days")
        return f"{days}d" if days else None
    if kind in ELAPSED_FORMATS:
        days = round(span / 24)
        if days * 24 != span:
            note(f"duration of {span:.12g} elapsed hours rounded to {days} days")
        return f"{days}d" if days else None
    days = round(span / per_day)
    if days * per_day != span:
        note(f"duration {span:.12g} hours rounded to {days} days of {per_day:.12g} hours")
    return (f"{days}d" if working else f"{days}wd") if days else None


def _within_a_century(text: str | None, what: str, note: Any) -> str | None:
    """`text` (a duration) when the plan can hold it: at most a century."""
    if text is None:
        return None
    amount, unit = int(text.rstrip("dwm")), text.lstrip("+-0123456789")
    if abs(amount) <= LONGEST[unit]:
        return text
    note(f"{what} of {text} is longer than a century: not kept")
    return None


def _links(
    task: Task,
    project: Project,
    by_uid: dict[int, Task],
    working: WorkingCalendar | None,
    note: Any,
) -> list[tuple[str, str, str]]:
    """The task's links (a summary's pushed down), lags in months as we wrote them."""
    months: dict[tuple[str, str], str] = {}
    for item in _written(task, project.aliases, LAGS_ALIAS).split(";"):
        parts = item.split()
        if len(parts) == 3 and _DURATION_TEXT.match(parts[2]):
            months[(parts[0], parts[1])] = parts[2]
    found: list[tuple[str, str, str]] = []
    mine = set(task.leaves())
    for source in (task, *task.ancestors()):
        whose = "" if source is task else f" (from summary task '{source.name}')"
        for link in source.links:
            pred = by_uid.get(link.uid)
            if link.cross_project or pred is None:
                kind = "cross-project link" if link.cross_project else "link from unknown task"
                note(f"{kind} to task UID {link.uid}{whose} not kept")
                continue
            # A lag in months we exported is read back from the custom field, without the
            # notes that reading its days would give.
            held: list[str] = []
            lag = "0d"
            if link.lag_tenths:
                lag = (
                    _within_a_century(
                        _lag(link, working, project, held.append, whose), "lag", held.append
                    )
                    or "0d"
                )
            if held and any((leaf.id, link.type) not in months for leaf in pred.leaves()):
                for what in held:
                    note(what)
            if link.type_code not in LINK_TYPES:
                note(
                    f"link type {link.type_code} from task UID {link.uid}{whose} unknown: kept as FS"
                )
            if pred is task or pred in task.ancestors():
                note(
                    f"link from {'itself' if pred is task else 'its own summary task'}{whose} not kept"
                )
                continue
            for leaf in pred.leaves():
                if leaf in mine or task in leaf.leaves():
                    continue
                dependency = (leaf.id, link.type, months.get((leaf.id, link.type), lag))
                if dependency not in found:
                    found.append(dependency)
    return found


def _lag(
    link: Link, working: WorkingCalendar | None, project: Project, note: Any, whose: str
) -> str:
    """The lag as a plan duration; hours, percentages and elapsed time under working days noted."""
    tenths, kind = link.lag_tenths, link.lag_format
    if tenths == 0:
        return "0d"
    if kind in PERCENT_FORMATS:
        note(f"lag of {tenths}% of the predecessor's duration{whose} not kept (lag 0)")
        return "0d"
    if kind in ELAPSED_FORMATS:
        exact = tenths / 14400
        if working:
            days = round(exact * 5 / 7)
            note(f"elapsed lag of {exact:.12g} days{whose} kept as {days} working days")
            return f"{days}d"
        if round(exact) != exact or kind in HOUR_FORMATS:
            note(f"lag of {tenths / 600:.12g} elapsed hours{whose} rounded to {round(exact)} days")
        return f"{round(exact)}d"
    exact = tenths / ((to_int(project.fields.get("MinutesPerDay"), 480) or 480) * 10)
    if round(exact) != exact or kind in HOUR_FORMATS:
        note(f"lag of {tenths / 600:.12g} working hours{whose} rounded to {round(exact)} days")
    return f"{round(exact)}{'d' if working else 'wd'}"


def _settle(
    milestones: list[_Milestone], working: WorkingCalendar | None, workdays: Workdays
) -> None:
    """Drop, with a note, what `check` would reject: a deadline before not_before; a finish
    link the actual dates contradict (MS Project records out-of-sequence progress)."""
    by_id = {m.task.id: m for m in milestones}
    calendar = working
    for m in milestones:
        if m.not_before is not None and m.due is not None and m.not_before > m.due:
            m.notes.append(
                f"deadline {m.due} not kept: it falls before Start No Earlier Than {m.not_before}"
            )
            m.due = None
        if m.actual is None:
            continue
        kept = []
        for pid, kind, lag in m.depends_on:
            pred = by_id[pid]
            required = pred.actual
            if required is not None and kind in ("FS", "FF") and lag.startswith("-"):
                try:
                    required = shift(required, parse_duration(lag), calendar, workdays=workdays)
                except (DateError, OverflowError, ValueError):
                    required = None
            if required is not None and kind in ("FS", "FF") and m.actual < required:
                m.notes.append(
                    f"{kind} link from '{pid}' not kept: it finished on {pred.actual}, after "
                    f"this task's actual finish {m.actual}"
                )
                continue
            kept.append((pid, kind, lag))
        m.depends_on = kept


_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_LONGEST_EXCEPTION = 366  # days: longer exceptions (a recurring one read as a span) are reported


@dataclass(slots=True)
class _Calendar:
    """The project calendar as the plan holds it: a working week, a holiday set and extra days."""

    week: tuple[bool, ...]
    holidays: str
    off: dict[date, str]  # extra non-working days, with the exception's name
    on: dict[date, str]  # extra working days

    @property
    def workdays(self) -> Workdays:
        return Workdays(self.week, self.holidays, frozenset(self.off), frozenset(self.on))  # type: ignore[arg-type]

    def lines(self, unit: str) -> list[str]:
        """The programme's `calendar:` as YAML lines: the short form when nothing else differs."""
        if self.workdays == DEFAULT_WORKDAYS:
            return [f"  calendar: {unit}"]
        lines = ["  calendar:", f"    unit: {unit}"]
        if self.week != DEFAULT_WORKDAYS.week:
            days = [n for n, on in zip(WEEKDAY_NAMES, self.week, strict=True) if on]
            lines.append(f"    working_week: [{', '.join(days)}]")
        if self.holidays != DEFAULT_WORKDAYS.holidays:
            lines.append(f"    holidays: {self.holidays}")
        for key, days_named in (("non_working", self.off), ("working", self.on)):
            if days_named:
                lines.append(f"    {key}:")
                lines += [
                    f"      - {d.isoformat()}  # {comment(n)}"
                    for d, n in sorted(days_named.items())
                ]
        return lines


def _project_calendar(project: Project, leaves: list[Task], report: list[Unsupported]) -> _Calendar:
    """The project calendar's working week and exceptions as the plan's `calendar:`.

    The holiday set is the one of England and Wales, Scotland, Northern Ireland or none that
    leaves the fewest days to list over the years the file's tasks and exceptions span; the
    days where the calendar differs from it are listed as extra working or non-working days,
    with the name of the exception. An exception over a year long is reported, not kept.
    """
    week = tuple(project.week.get((i + 1) % 7 + 1, i < 5) for i in range(7))
    if not any(week):
        what = "project calendar: no working day in the week: Monday to Friday kept instead"
        report.append(Unsupported(None, "", None, what))
        week = DEFAULT_WORKDAYS.week
    off: dict[date, str] = {}
    on: dict[date, str] = {}
    for exception in project.exceptions:
        first, last = exception.first, exception.last
        if (last - first).days >= _LONGEST_EXCEPTION or not (
            first >= CALENDAR_FIRST and last <= CALENDAR_LAST
        ):
            what = f"project calendar: '{exception.name}' from {first} to {last} not kept"
            report.append(Unsupported(None, "", None, what))
            continue
        into = on if exception.working else off
        for ordinal in range(first.toordinal(), last.toordinal() + 1):
            into.setdefault(date.fromordinal(ordinal), exception.name)
    for day in on:
        off.pop(day, None)
    years: set[int] = {d.year for d in (*off, *on)}
    for task in leaves:
        for key in ("Start", "Finish"):
            when = to_day(task.fields.get(key))
            if when is not None and CALENDAR_FIRST <= when <= CALENDAR_LAST:
                years.add(when.year)
    span = range(min(years), max(years) + 1) if years else range(0)
    # Days off in the working week (a day off at a weekend changes nothing).
    closed = {d: n for d, n in off.items() if week[d.weekday()]}
    best: _Calendar | None = None
    # England and Wales and none first: when either leaves nothing to list, the other nations'
    # rules (the holidays package, a second to import) need not be asked.
    for holidays in sorted(HOLIDAY_SETS, key=lambda h: h in ("scotland", "northern-ireland")):
        if best is not None and not best.off and not best.on:
            break
        listed = {
            d: n for y in span for d, n in bank_holidays(y, holidays).items() if week[d.weekday()]
        }
        extra_off = {d: n for d, n in closed.items() if d not in listed}
        extra_on = {d: f"{n} (worked)" for d, n in listed.items() if d not in closed}
        extra_on.update((d, n) for d, n in on.items() if not week[d.weekday()] or d in listed)
        found = _Calendar(week, holidays, extra_off, extra_on)
        if best is None or len(extra_off) + len(extra_on) < len(best.off) + len(best.on):
            best = found
    assert best is not None
    return best


def _yaml(m: _Milestone, file_name: str) -> str:
    """One milestone as a YAML list item."""
    return milestone_text(
        m.task.id,
        m.task.name,
        m.owner,
        workstream=m.workstream,
        dates={
            "due": m.due,
            "forecast": m.forecast,
            "actual": m.actual,
            "not_before": m.not_before,
        },
        duration=m.duration,
        cancelled=m.cancelled,
        depends_on=m.depends_on,
        source=f"{file_name}, task UID {m.task.uid}",
        notes="Not kept on import: " + "; ".join(m.notes) if m.notes else None,
    )
