"""MS Project XML (MSPDI) to plan files: YAML text for organisations.yaml and timeline.yaml, and a
report of everything the plan cannot hold, per task (text in, text out).

How the file maps (the README's "Other tools" lists the same):

- Tasks become milestones, in file order; a task's id is its `transition id` custom field (files
  we exported), else a slug of its name made unique; `source` names the file and the task's UID.
- Summary tasks become workstreams (the nearest summary above a task). Their links are pushed
  down: a link into a summary reaches each task under it, a link from a summary comes from each
  task under it; their Start-No-Earlier-Than and deadlines are pushed down too.
- Links keep their type and lag: working-day lags (`d`, `w`, `h` of the project's day) become
  `wd` in a calendar-days plan and `d` under `calendar: working-days`; elapsed lags become
  calendar days (`d`) in a calendar-days plan.
- The plan's calendar: `calendar-days` when every task with a duration counts elapsed time
  (`ed`), else `working-days`.
- Start No Earlier Than -> `not_before`; Finish No Earlier Than -> `forecast`; Finish No Later
  Than and Deadline -> `due` (the earlier); ActualFinish (or 100% complete) -> `actual`.
- Resources -> owners: a resource with a Group becomes a post in the organisation the group
  names; one without becomes an organisation. A task without a resource is owned by
  `unassigned`.

Reported, per task, never dropped silently: task calendars, manual scheduling, As Late As
Possible, Must Start/Finish On (kept as `not_before` / `due`), Start No Later Than, percent
complete short of 100, hours or percentage lags, elapsed time where the plan counts working days,
durations that are not whole days, cross-project links, more than one resource; and, for the
project, calendar exceptions that differ from England's bank holidays and non-standard working
weeks. The report is also written into each milestone's `notes`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..dates import england_bank_holidays, working_calendar
from ..errors import EXIT_USAGE, TransitionError

MAX_BYTES = 256 * 1024 * 1024  # an MSPDI file of 100,000 tasks is about 200 MB
WORKING_FORMATS = {3, 5, 7, 9, 11, 35, 37, 39, 41, 43, 53}  # m, h, d, w, mo (and estimated)
ELAPSED_FORMATS = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
PERCENT_FORMATS = {19, 20, 51, 52}
HOUR_FORMATS = {3, 4, 5, 6, 35, 36, 37, 38}
LINK_TYPES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
CONSTRAINTS = {
    1: "As Late As Possible",
    2: "Must Start On",
    3: "Must Finish On",
    5: "Start No Later Than",
}
ID_ALIASES = {"transition id"}
FORECAST_ALIAS, NOT_BEFORE_ALIAS = "transition forecast", "transition not_before"
DURATION_ALIAS, LAGS_ALIAS = "transition duration", "transition lags"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class MspdiError(TransitionError):
    """The file is not an MSPDI file we can read: malformed, hostile, or not MS Project XML."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


@dataclass(frozen=True, slots=True)
class Unsupported:
    """Something of a task (or of the project, task None) the plan cannot hold, in words."""

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
class _Link:
    uid: int
    type: str
    lag_tenths: int
    lag_format: int
    cross_project: bool


@dataclass(slots=True)
class _Task:
    uid: int
    name: str
    level: int
    fields: dict[str, str]
    links: list[_Link]
    texts: dict[int, str]  # custom field id -> value
    summary: bool = False
    parent: _Task | None = None
    children: list[_Task] = field(default_factory=list)
    id: str = ""


# --- Reading the XML ---------------------------------------------------------------------------


def parse_xml(data: bytes, name: str) -> Any:
    """The root element of `data`, parsed without DTDs, entities or external references."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if len(data) > MAX_BYTES:
        raise MspdiError(f"{name}: {len(data):,} bytes, over the {MAX_BYTES:,} an import reads")
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise MspdiError(
            f"{name}:{line}:{column + 1}: malformed XML ({reason}); is it an MS Project XML file?"
        ) from None
    except DefusedXmlException as exc:
        raise MspdiError(
            f"{name}: refused: the file declares a DTD, an entity or an external reference "
            f"({type(exc).__name__}); MS Project XML never needs one"
        ) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Any, tag: str) -> Iterator[Any]:
    for child in element:
        if _local(child.tag) == tag:
            yield child


def _child(element: Any, tag: str) -> Any:
    return next(_children(element, tag), None)


def _text(element: Any, tag: str) -> str | None:
    found = _child(element, tag)
    if found is None or found.text is None:
        return None
    return str(found.text).strip()


def _fields(element: Any) -> dict[str, str]:
    """The element's simple children: tag -> text (the first of repeated tags)."""
    found: dict[str, str] = {}
    for child in element:
        tag = _local(child.tag)
        if tag not in found and child.text is not None and len(child) == 0:
            found[tag] = str(child.text).strip()
    return found


def _int(text: str | None, default: int = 0) -> int:
    if text is None or text == "":
        return default
    try:
        return int(float(text))
    except ValueError:
        return default


def _day(text: str | None) -> date | None:
    """The date of an MSPDI date-time ('2010-09-10T17:00:00'); None when absent or unreadable."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def _hours(text: str | None) -> float:
    """Hours in an MSPDI duration 'PT16H30M0S' (a leading '-' or days 'P1DT2H' allowed)."""
    if not text:
        return 0.0
    m = re.fullmatch(
        r"(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?",
        text,
    )
    if m is None:
        return 0.0
    sign = -1.0 if m.group(1) else 1.0
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in m.groups()[1:])
    return sign * (days * 24 + hours + minutes / 60 + seconds / 3600)


def slug(text: str, fallback: str) -> str:
    """A milestone or owner id from a name: lower case, runs of other characters to '-'."""
    made = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60].strip("-")
    return made or fallback


# --- The mapping -------------------------------------------------------------------------------


def import_project(data: bytes, name: str) -> ImportedPlan:
    """Plan files from the MSPDI bytes `data` (`name` is the file's name for messages and sources)."""
    root = parse_xml(data, name)
    if _local(root.tag) != "Project":
        raise MspdiError(
            f"{name}: the root element is <{_local(root.tag)}>, not <Project>: not an MS Project XML file"
        )
    project = _fields(root)
    minutes_per_day = _int(project.get("MinutesPerDay"), 480) or 480
    aliases = _aliases(root)
    tasks = _tasks(root)
    report: list[Unsupported] = []
    leaves = [t for t in tasks if not t.summary]
    elapsed_only = all(
        _int(t.fields.get("DurationFormat"), 7) in ELAPSED_FORMATS
        for t in leaves
        if _hours(t.fields.get("Duration")) != 0
    )
    working = not elapsed_only
    calendar = "working-days" if working else "calendar-days"
    _assign_ids(leaves, aliases)
    _calendar_report(root, project, report)
    owners, organisations_yaml = _owners(root, tasks, report)
    by_uid = {t.uid: t for t in tasks}

    milestone_texts: list[str] = []
    for task in leaves:
        notes: list[str] = []

        def note(what: str, task: _Task = task, notes: list[str] = notes) -> None:
            notes.append(what)
            report.append(Unsupported(task.uid, task.name, task.id, what))

        milestone_texts.append(
            _milestone(task, by_uid, owners, aliases, working, minutes_per_day, name, note, notes)
        )
    start = _day(project.get("StartDate")) or min(
        (d for t in leaves if (d := _day(t.fields.get("Start"))) is not None),
        default=date.today(),
    )
    programme_name = _one_line(project.get("Title") or project.get("Name") or name)
    lines = [
        f"# Imported from {name} by `transition import mspdi`.",
        "programme:",
        f"  id: {slug(programme_name, 'imported')}",
        f"  name: {_quote(programme_name)}",
        f"  start: {start.isoformat()}",
    ]
    status = _day(project.get("StatusDate"))
    if status is not None:
        lines.append(f"  status_date: {status.isoformat()}")
    lines.append(f"  calendar: {calendar}")
    lines.append(f"  source: {_quote(name)}")
    lines.append("milestones:" if milestone_texts else "milestones: []")
    timeline = "\n".join(lines) + "\n" + "".join(milestone_texts)
    return ImportedPlan(
        organisations_yaml=organisations_yaml,
        timeline_yaml=timeline,
        unsupported=tuple(report),
        milestones=len(leaves),
        workstreams=len({t.parent.uid for t in leaves if t.parent is not None}),
        owners=len(set(owners.values())),
        calendar=calendar,
    )


def _aliases(root: Any) -> dict[str, int]:
    """Custom field alias (lower case) -> field id, from the project's ExtendedAttributes."""
    found: dict[str, int] = {}
    attributes = _child(root, "ExtendedAttributes")
    if attributes is None:
        return found
    for attribute in _children(attributes, "ExtendedAttribute"):
        alias = _text(attribute, "Alias")
        field_id = _int(_text(attribute, "FieldID"), -1)
        if alias and field_id >= 0:
            found[alias.casefold()] = field_id
    return found


def _tasks(root: Any) -> list[_Task]:
    """The tasks in file order with their outline tree; the project summary (level 0) left out."""
    container = _child(root, "Tasks")
    tasks: list[_Task] = []
    if container is None:
        return tasks
    for element in _children(container, "Task"):
        values = _fields(element)
        if values.get("IsNull") == "1":
            continue
        level = _int(values.get("OutlineLevel"), 1)
        if level <= 0 or (_int(values.get("UID"), 0) == 0 and level <= 0):
            continue
        links = [
            _Link(
                uid=_int(_text(link, "PredecessorUID"), -1),
                type=LINK_TYPES.get(_int(_text(link, "Type"), 1), "FS"),
                lag_tenths=_int(_text(link, "LinkLag"), 0),
                lag_format=_int(_text(link, "LagFormat"), 7),
                cross_project=_text(link, "CrossProject") == "1",
            )
            for link in _children(element, "PredecessorLink")
        ]
        texts = {
            _int(_text(a, "FieldID"), -1): _text(a, "Value") or ""
            for a in _children(element, "ExtendedAttribute")
        }
        uid = _int(values.get("UID"), len(tasks) + 1)
        if uid == 0 and level == 0:
            continue
        tasks.append(
            _Task(
                uid=uid,
                name=_one_line(values.get("Name") or f"Task {uid}"),
                level=level,
                fields=values,
                links=links,
                texts=texts,
            )
        )
    stack: list[_Task] = []
    for task in tasks:
        while stack and stack[-1].level >= task.level:
            stack.pop()
        if stack:
            task.parent = stack[-1]
            stack[-1].children.append(task)
            stack[-1].summary = True
        stack.append(task)
    for task in tasks:
        if task.fields.get("Summary") == "1" and not task.children:
            task.summary = False  # an empty summary is a task like any other
    return tasks


def _assign_ids(leaves: list[_Task], aliases: dict[str, int]) -> None:
    """Milestone ids: the `transition id` custom field when valid and unique, else name slugs."""
    field_id = next((aliases[a] for a in ID_ALIASES if a in aliases), None)
    taken: set[str] = set()
    pending: list[_Task] = []
    for task in leaves:
        wanted = task.texts.get(field_id, "") if field_id is not None else ""
        if wanted and _SLUG.match(wanted) and wanted not in taken and len(wanted) <= 200:
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


def _leaves_under(task: _Task) -> list[_Task]:
    if not task.summary:
        return [task]
    return [leaf for child in task.children for leaf in _leaves_under(child)]


def _ancestors(task: _Task) -> Iterator[_Task]:
    current = task.parent
    while current is not None:
        yield current
        current = current.parent


def _milestone(
    task: _Task,
    by_uid: dict[int, _Task],
    owners: dict[int, str],
    aliases: dict[str, int],
    working: bool,
    minutes_per_day: int,
    file_name: str,
    note: Any,
    notes: list[str],
) -> str:
    """One milestone's YAML (a list item), noting what cannot be kept."""
    f = task.fields
    hours_per_day = minutes_per_day / 60
    lines = [f"  - id: {task.id}", f"    title: {_quote(task.name)}"]
    owner = owners.get(task.uid, "unassigned")
    lines.append(f"    owner: {owner}")
    if task.parent is not None:
        lines.append(f"    workstream: {slug(task.parent.name, f'summary-{task.parent.uid}')}")
        if task.parent.parent is not None:
            note(
                f"nested under summary tasks {' > '.join(a.name for a in reversed(list(_ancestors(task))))}: "
                f"the workstream is the nearest, '{task.parent.name}'"
            )

    # Duration.
    duration_format = _int(f.get("DurationFormat"), 7)
    hours = _hours(f.get("Duration"))
    if hours:
        if duration_format in ELAPSED_FORMATS and working:
            start, finish = _day(f.get("Start")), _day(f.get("Finish"))
            if start is not None and finish is not None:
                days = working_calendar().between(start, finish)
                note(
                    f"elapsed duration of {hours / 24:g} days kept as {days} working days (its Start "
                    "to Finish): the plan counts working days"
                )
            else:
                days = round(hours / 24 * 5 / 7)
                note(f"elapsed duration of {hours / 24:g} days kept as {days} working days")
            unit = "d"
        elif duration_format in ELAPSED_FORMATS:
            days, unit = round(hours / 24), "d"
            if days * 24 != hours:
                note(f"duration {hours:g} elapsed hours rounded to {days} days")
        else:
            days, unit = round(hours / hours_per_day), "d" if working else "wd"
            if days * hours_per_day != hours:
                note(f"duration {hours:g} hours rounded to {days} days of {hours_per_day:g} hours")
        written = _written(task, aliases, DURATION_ALIAS)
        if written is not None:
            lines.append(f"    duration: {written}")
        elif days:
            lines.append(f"    duration: {days}{unit}")

    # Constraints, deadlines, actuals and forecasts (a summary's pushed down).
    dues: list[date] = []
    not_before: date | None = None
    forecast: date | None = None
    for source in (task, *_ancestors(task)):
        sf = source.fields
        whose = "" if source is task else f" (from summary task '{source.name}')"
        kind = _int(sf.get("ConstraintType"), 0)
        when = _day(sf.get("ConstraintDate"))
        if kind == 4 and when is not None:
            not_before = max(not_before, when) if not_before is not None else when
        elif kind == 7 and when is not None:
            dues.append(when)
        elif kind == 6 and when is not None and source is task:
            forecast = when
        elif kind == 6 and when is not None:
            note(f"Finish No Earlier Than {when.isoformat()}{whose} not kept")
        elif kind == 2 and when is not None:
            not_before = max(not_before, when) if not_before is not None else when
            note(f"Must Start On {when.isoformat()}{whose} kept as not_before (it may start later)")
        elif kind == 3 and when is not None:
            dues.append(when)
            note(f"Must Finish On {when.isoformat()}{whose} kept as due (it may finish earlier)")
        elif kind in CONSTRAINTS:
            note(f"{CONSTRAINTS[kind]}{' ' + when.isoformat() if when else ''}{whose} not kept")
        deadline = _day(sf.get("Deadline"))
        if deadline is not None:
            dues.append(deadline)
    forecast_field = aliases.get(FORECAST_ALIAS)
    if forecast_field is not None and task.texts.get(forecast_field):
        forecast = _day(task.texts[forecast_field]) or forecast
    not_before_field = aliases.get(NOT_BEFORE_ALIAS)
    if not_before_field is not None and task.texts.get(not_before_field):
        not_before = _day(task.texts[not_before_field]) or not_before
    if dues:
        lines.append(f"    due: {min(dues).isoformat()}")
    actual = _day(f.get("ActualFinish"))
    percent = _int(f.get("PercentComplete"), 0)
    if actual is None and percent >= 100:
        actual = _day(f.get("Finish"))
    if actual is not None:
        lines.append(f"    actual: {actual.isoformat()}")
    elif forecast is not None:
        lines.append(f"    forecast: {forecast.isoformat()}")
    if 0 < percent < 100:
        note(f"{percent}% complete not kept (a milestone is done or not)")
    if not_before is not None:
        lines.append(f"    not_before: {not_before.isoformat()}")

    # Links, a summary's pushed down to the tasks under it; lags in months as we wrote them.
    months: dict[tuple[str, str], str] = {}
    for item in (_written(task, aliases, LAGS_ALIAS) or "").split(";"):
        parts = item.split()
        if len(parts) == 3 and _DURATION.match(parts[2]):
            months[(parts[0], parts[1])] = parts[2]
    deps: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for source in (task, *_ancestors(task)):
        whose = "" if source is task else f" (from summary task '{source.name}')"
        for link in source.links:
            if link.cross_project:
                note(f"cross-project link to task UID {link.uid}{whose} not kept")
                continue
            pred = by_uid.get(link.uid)
            if pred is None:
                note(f"link from unknown task UID {link.uid}{whose} not kept")
                continue
            lag = _lag(link, working, minutes_per_day, note, whose)
            for leaf in _leaves_under(pred):
                if leaf is task or task in _leaves_under(leaf):
                    continue
                lag = months.get((leaf.id, link.type), lag) if source is task else lag
                key = (leaf.id, link.type, lag)
                if key in seen:
                    continue
                seen.add(key)
                if link.type == "FS" and lag == "0d":
                    deps.append(f"      - {leaf.id}")
                else:
                    deps.append(f"      - {{id: {leaf.id}, type: {link.type}, lag: {lag}}}")
    if deps:
        lines.append("    depends_on:")
        lines += deps

    # What MS Project does that a plan does not.
    if f.get("Manual") == "1":
        note("manually scheduled: scheduled automatically here")
    calendar_uid = _int(f.get("CalendarUID"), -1)
    if calendar_uid not in (-1, 0):
        note(f"task calendar (UID {calendar_uid}) not kept: the project's calendar applies")
    lines.append(f"    source: {_quote(f'{file_name}, task UID {task.uid}')}")
    if notes:
        lines.append(f"    notes: {_quote('Not kept on import: ' + '; '.join(notes))}")
    return "\n".join(lines) + "\n"


def _written(task: _Task, aliases: dict[str, int], alias: str) -> str | None:
    """A duration we wrote into a custom field (files exported by transition), when valid."""
    field_id = aliases.get(alias)
    value = task.texts.get(field_id, "") if field_id is not None else ""
    if alias == DURATION_ALIAS:
        return value if _DURATION.match(value) else None
    return value or None


_DURATION = re.compile(r"^[+-]?[0-9]{1,6}(d|w|m|wd)$")


def _lag(link: _Link, working: bool, minutes_per_day: int, note: Any, whose: str) -> str:
    """The lag as a plan duration; hours, percentages and elapsed time under working days noted."""
    tenths = link.lag_tenths
    fmt = link.lag_format
    if tenths == 0:
        return "0d"
    if fmt in PERCENT_FORMATS:
        note(f"lag of {tenths}% of the predecessor's duration{whose} not kept (lag 0)")
        return "0d"
    if fmt in ELAPSED_FORMATS:
        exact = tenths / 14400
        days = round(exact)
        if working:
            days = round(exact * 5 / 7)
            note(f"elapsed lag of {exact:g} days{whose} kept as {days} working days")
            return f"{days}d"
        if days != exact or fmt in HOUR_FORMATS:
            note(f"lag of {tenths / 600:g} elapsed hours{whose} rounded to {days} days")
        return f"{days}d"
    per_day = minutes_per_day * 10
    exact = tenths / per_day
    days = round(exact)
    if days != exact or fmt in HOUR_FORMATS:
        note(f"lag of {tenths / 600:g} working hours{whose} rounded to {days} days")
    return f"{days}{'d' if working else 'wd'}"


def _owners(root: Any, tasks: list[_Task], report: list[Unsupported]) -> tuple[dict[int, str], str]:
    """Task UID -> owner id, and organisations.yaml: resources as posts and organisations."""
    resources: dict[int, tuple[str, str, str | None]] = {}  # uid -> (id, name, group)
    container = _child(root, "Resources")
    taken: set[str] = set()
    for element in _children(container, "Resource") if container is not None else ():
        values = _fields(element)
        uid = _int(values.get("UID"), -1)
        name = _one_line(values.get("Name") or "")
        if (uid <= 0 and not name) or values.get("IsNull") == "1":
            continue
        code = values.get("Code") or ""
        wanted = code if _SLUG.match(code) else slug(name, f"resource-{uid}")
        candidate, n = wanted, 2
        while candidate in taken:
            candidate, n = f"{wanted}-{n}", n + 1
        taken.add(candidate)
        group = _one_line(values.get("Group") or "") or None
        resources[uid] = (candidate, name or candidate, group)
    assigned: dict[int, list[int]] = {}
    container = _child(root, "Assignments")
    for element in _children(container, "Assignment") if container is not None else ():
        task_uid = _int(_text(element, "TaskUID"), -1)
        resource_uid = _int(_text(element, "ResourceUID"), -1)
        if resource_uid in resources:
            assigned.setdefault(task_uid, []).append(resource_uid)
    owners: dict[int, str] = {}
    used: dict[str, tuple[str, str, str | None]] = {}
    names = {t.uid: t for t in tasks}
    for task_uid, resource_uids in assigned.items():
        task = names.get(task_uid)
        if task is None or task.summary:
            continue
        first = resources[resource_uids[0]]
        owners[task_uid] = first[0]
        used[first[0]] = first
        if len(resource_uids) > 1:
            others = ", ".join(resources[r][1] for r in resource_uids[1:])
            report.append(
                Unsupported(
                    task_uid, task.name, task.id, f"resources besides the owner not kept: {others}"
                )
            )
    organisations: dict[str, str] = {}
    roles: list[tuple[str, str, str]] = []
    for owner_id, name, group in used.values():
        if group:
            roles.append((owner_id, name, slug(group, "group")))
        else:
            organisations[owner_id] = name
    for _, _, org in roles:
        organisations.setdefault(org, org)
    # An id names one owner: a post whose id is also an organisation's gets a suffix.
    renamed: dict[str, str] = {}
    for i, (rid, rname, org) in enumerate(roles):
        if rid in organisations:
            new, n = f"{rid}-post", 2
            while new in organisations or new in taken:
                new, n = f"{rid}-post-{n}", n + 1
            taken.add(new)
            renamed[rid] = new
            roles[i] = (new, rname, org)
    owners = {uid: renamed.get(owner, owner) for uid, owner in owners.items()}
    if any(t.uid not in owners for t in tasks if not t.summary):
        organisations.setdefault("unassigned", "Unassigned (no resource in the imported file)")
    # A post's id cannot also be an organisation's.
    lines = [
        "# Imported by `transition import mspdi`: one entry per resource that owns a task.",
        "organisations:",
    ]
    lines += [f"  - id: {oid}\n    name: {_quote(oname)}" for oid, oname in organisations.items()]
    if not organisations:
        lines[-1] = "organisations: []"
    lines.append("roles:" if roles else "roles: []")
    for rid, rname, org in roles:
        lines.append(f"  - id: {rid}\n    title: {_quote(rname)}\n    organisation: {org}")
    return owners, "\n".join(lines) + "\n"


def _calendar_report(root: Any, project: dict[str, str], report: list[Unsupported]) -> None:
    """Note the project calendar's working week and exceptions that differ from England's."""
    calendars = _child(root, "Calendars")
    wanted = _int(project.get("CalendarUID"), 1)
    if calendars is None:
        return
    calendar = next(
        (c for c in _children(calendars, "Calendar") if _int(_text(c, "UID"), -1) == wanted), None
    )
    if calendar is None:
        return
    week = _child(calendar, "WeekDays")
    for day in _children(week, "WeekDay") if week is not None else ():
        day_type = _int(_text(day, "DayType"), -1)
        working = _text(day, "DayWorking") == "1"
        if 1 <= day_type <= 7 and working != (day_type not in (1, 7)):
            weekday = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
            state = "working" if working else "not working"
            report.append(
                Unsupported(
                    None,
                    "",
                    None,
                    f"project calendar: {weekday[day_type - 1]} {state} not kept (Monday-Friday)",
                )
            )
    exceptions = _child(calendar, "Exceptions")
    for exception in _children(exceptions, "Exception") if exceptions is not None else ():
        period = _child(exception, "TimePeriod")
        first = _day(_text(period, "FromDate")) if period is not None else None
        last = _day(_text(period, "ToDate")) if period is not None else None
        if first is None or last is None:
            continue
        working = _text(exception, "DayWorking") == "1"
        label = _text(exception, "Name") or "exception"
        if (last - first).days > 366:
            report.append(
                Unsupported(
                    None, "", None, f"project calendar: '{label}' from {first} to {last} not kept"
                )
            )
            continue
        day, differs = first, []
        while day <= last:
            holiday = day in england_bank_holidays(day.year)
            if (not working and day.weekday() < 5 and not holiday) or (
                working and (day.weekday() >= 5 or holiday)
            ):
                differs.append(day)
            day = date.fromordinal(day.toordinal() + 1)
        if differs:
            state = "working" if working else "non-working"
            span = f"{differs[0]}" if len(differs) == 1 else f"{differs[0]} to {differs[-1]}"
            report.append(
                Unsupported(
                    None,
                    "",
                    None,
                    f"project calendar: {state} '{label}' ({span}) not kept (England's bank holidays apply)",
                )
            )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quote(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are a subset of YAML's; what YAML does not
    allow in a stream or reads as a line break (C1 controls, U+2028/9, surrogates, U+FFFE/F)
    escaped as well."""
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
