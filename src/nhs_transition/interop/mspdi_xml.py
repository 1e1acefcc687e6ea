"""Reading MS Project XML (MSPDI) safely: the elements the import maps, as plain Python data.

`parse_xml` refuses DTDs, entities and external references and files over
MAX_BYTES; a malformed file is an MspdiError naming its line and column. `read_project` turns
the root element into a `Project`: its properties, custom field aliases, tasks (with their
outline tree and links), resources, assignments and calendar, with nothing interpreted yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..errors import EXIT_USAGE, TransitionError

if TYPE_CHECKING:
    from ..dates import WorkingCalendar

MAX_BYTES = 256 * 1024 * 1024  # an MSPDI file of 100,000 tasks is about 200 MB
# MSPDI duration and lag formats (the 35-53 forms are the "estimated" ones).
ELAPSED_FORMATS = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
PERCENT_FORMATS = {19, 20, 51, 52}
HOUR_FORMATS = {3, 4, 5, 6, 35, 36, 37, 38}  # minutes and hours, elapsed or not
LINK_TYPES = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
# The task fields the import reads (a task has dozens more: costs, work, baselines, ...).
TASK_FIELDS = frozenset(
    {
        "UID", "Name", "OutlineLevel", "IsNull", "Summary", "Active", "Manual", "Start",
        "Finish", "Duration", "DurationFormat", "ConstraintType", "ConstraintDate", "Deadline",
        "ActualFinish", "PercentComplete", "CalendarUID", "Milestone",
    }
)  # fmt: skip


class MspdiError(TransitionError):
    """The file is not an MSPDI file we can read: malformed, hostile, or not MS Project XML."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


@dataclass(slots=True)
class Link:
    """A PredecessorLink as written."""

    uid: int
    type: str  # FS, SS, FF or SF (FS for a code MSPDI does not define)
    type_code: int
    lag_tenths: int  # tenths of a minute (or a percentage, by the format)
    lag_format: int
    cross_project: bool


@dataclass(slots=True, eq=False)  # compared and hashed by identity: a node of the outline tree
class Task:
    """A task as written, in the outline tree (the project summary task left out)."""

    uid: int
    name: str
    level: int
    fields: dict[str, str]  # the TASK_FIELDS the task has
    links: list[Link]
    texts: dict[int, str]  # custom field id -> value
    summary: bool = False
    parent: Task | None = None
    children: list[Task] = field(default_factory=list)
    id: str = ""  # the milestone id, once chosen

    def leaves(self) -> list[Task]:
        """This task, or the tasks under this summary that are not summaries themselves."""
        if not self.summary:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]

    def ancestors(self) -> Iterator[Task]:
        """The summary tasks above this one, nearest first."""
        current = self.parent
        while current is not None:
            yield current
            current = current.parent


@dataclass(slots=True)
class Resource:
    """A resource as written."""

    uid: int
    name: str
    code: str
    group: str


@dataclass(slots=True)
class Exception_:
    """A calendar exception: a span of days, working or not."""

    name: str
    first: date
    last: date
    working: bool


@dataclass(slots=True)
class Project:
    """The parts of an MSPDI file the import reads."""

    fields: dict[str, str]
    aliases: dict[str, int]  # custom field alias (lower case) -> field id
    tasks: list[Task]
    resources: dict[int, Resource]
    assignments: list[tuple[int, int]]  # (task UID, resource UID), in file order
    week: dict[int, bool]  # MSPDI day type (1 Sunday ... 7 Saturday) -> working
    exceptions: list[Exception_]
    summary: dict[str, str]  # the fields of the project summary task (task 0), if any


class _Refused(Exception):
    pass


def _refuse(*_: Any) -> Any:
    raise _Refused


def parse_xml(data: bytes, name: str) -> Any:
    """The root element of `data`, refused when it declares a DTD, an entity or an external
    reference, or is over MAX_BYTES; malformed XML is an error at its line and column.

    A first pass of expat with handlers that refuse any document type declaration (so no entity
    can be declared, expanded or fetched: what defusedxml's `forbid_dtd` guards), then the C
    ElementTree parser builds the tree. defusedxml itself parses with ElementTree's pure-Python
    parser, 2.3x slower than the C one (0.49 s against 0.21 s on 5,000 tasks), which alone took
    the import past its target of 3x `check`.
    """
    import pyexpat
    import xml.etree.ElementTree as ET

    if len(data) > MAX_BYTES:
        raise MspdiError(f"{name}: {len(data):,} bytes, over the {MAX_BYTES:,} an import reads")
    scanner = pyexpat.ParserCreate()
    scanner.StartDoctypeDeclHandler = _refuse
    scanner.EntityDeclHandler = _refuse
    scanner.UnparsedEntityDeclHandler = _refuse
    scanner.ExternalEntityRefHandler = _refuse
    try:
        if _may_declare_a_doctype(data):
            scanner.Parse(data, True)
        return ET.fromstring(data)
    except _Refused:
        raise MspdiError(
            f"{name}:{scanner.CurrentLineNumber}:{scanner.CurrentColumnNumber + 1}: refused: "
            "the file declares a document type (DTD), where entities could be expanded or "
            "fetched; MS Project XML never needs one"
        ) from None
    except (pyexpat.ExpatError, ET.ParseError) as exc:
        line, column = (
            (exc.lineno, exc.offset) if isinstance(exc, pyexpat.ExpatError) else exc.position
        )
        reason = pyexpat.ErrorString(exc.code) if exc.code else str(exc)
        raise MspdiError(
            f"{name}:{line}:{column + 1}: malformed XML ({reason}); is it an MS Project XML file?"
        ) from None


def _may_declare_a_doctype(data: bytes) -> bool:
    """False only when `data` is in an ASCII-compatible encoding (no UTF-16/32 byte order mark,
    no NUL byte up front) and holds no '<!DOCTYPE', which such a declaration must spell out;
    then the scan for one can be skipped."""
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return True
    return b"<!DOCTYPE" in data


def read_project(data: bytes, name: str) -> Project:
    """The project in the MSPDI bytes `data` (`name`: the file's name, for messages)."""
    root = parse_xml(data, name)
    if _local(root.tag) != "Project":
        raise MspdiError(
            f"{name}: the root element is <{_local(root.tag)}>, not <Project>: "
            "not an MS Project XML file"
        )
    fields = _fields(root)
    week, exceptions = _calendar(root, to_int(fields.get("CalendarUID"), 1))
    summary: dict[str, str] = {}
    return Project(
        fields=fields,
        aliases=_aliases(root),
        tasks=_tasks(root, summary),
        resources=_resources(root),
        assignments=_assignments(root),
        week=week,
        exceptions=exceptions,
        summary=summary,
    )


def to_int(text: str | None, default: int = 0) -> int:
    """An integer field; `default` when absent or unreadable."""
    if text is None or text == "":
        return default
    if text.isdigit():
        return int(text)
    try:
        return int(float(text))
    except (ValueError, OverflowError):
        return default


def to_day(text: str | None) -> date | None:
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


def to_point(text: str | None, working: WorkingCalendar | None) -> date | None:
    """The day of our schedule an MSPDI date-time stands for.

    `working`: the plan's working calendar when it counts working days, else None.
    Our dates are ends of days. In working time, the start of a working day (08:00 Monday) is
    the end of the working day before it (17:00 Friday): one working day from either ends at
    17:00 Monday, which our schedule counts as one working day after Friday. So under working
    days a time before noon is the working day before; otherwise, and for elapsed time (where
    24 hours from any time lands on the next day), the date itself.
    """
    day = to_day(text)
    if day is None or not working or text is None or "T" not in text:
        return day
    try:
        before_noon = datetime.fromisoformat(text).hour < 12
    except ValueError:
        return day
    if not before_noon:
        return day
    from ..dates import DateError

    try:
        return working.add(day, -1)
    except DateError:  # at the calendar's edge: the caller reports the date as outside it
        return day


_DURATION = re.compile(
    r"(-)?P(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)


def hours(text: str | None) -> float:
    """Hours in an MSPDI duration 'PT16H30M0S' (a leading '-' or days 'P1DT2H' allowed)."""
    if not text:
        return 0.0
    m = _DURATION.fullmatch(text)
    if m is None:
        return 0.0
    sign = -1.0 if m.group(1) else 1.0
    days, h, minutes, seconds = (float(g) if g else 0.0 for g in m.groups()[1:])
    return sign * (days * 24 + h + minutes / 60 + seconds / 3600)


def one_line(text: str) -> str:
    """Runs of white space (line breaks included) as one space."""
    return " ".join(text.split())


# --- Elements ----------------------------------------------------------------------------------


def _local(tag: str) -> str:
    """The tag without its namespace (remembered: a file repeats a few dozen tags)."""
    name = tag.rsplit("}", 1)[-1]
    if len(_LOCAL) < 10_000:
        _LOCAL[tag] = name
    return name


_LOCAL: dict[str, str] = {}


def _children(element: Any, tag: str) -> Iterator[Any]:
    if element is None:
        return
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
        tag = _LOCAL.get(child.tag) or _local(child.tag)
        if tag not in found and child.text is not None and len(child) == 0:
            found[tag] = child.text.strip()
    return found


def _aliases(root: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    for attribute in _children(_child(root, "ExtendedAttributes"), "ExtendedAttribute"):
        alias = _text(attribute, "Alias")
        field_id = to_int(_text(attribute, "FieldID"), -1)
        if alias and field_id >= 0:
            found[alias.casefold()] = field_id
    return found


def _tasks(root: Any, summary: dict[str, str]) -> list[Task]:
    """The tasks in file order with their outline tree; blank rows left out, the project summary
    task's fields put in `summary`."""
    tasks: list[Task] = []
    # One pass over each task's children (a task has dozens; looking each field up would walk
    # them again and again), matching tags with the file's namespace as they are written.
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    wanted = {ns + name: name for name in TASK_FIELDS}
    link_tag, attribute_tag = ns + "PredecessorLink", ns + "ExtendedAttribute"
    for element in _children(_child(root, "Tasks"), "Task"):
        values: dict[str, str] = {}
        links: list[Link] = []
        texts: dict[int, str] = {}
        for child in element:
            tag = child.tag
            name = wanted.get(tag)
            if name is not None:
                if name not in values and child.text is not None:
                    values[name] = child.text.strip()
            elif tag == link_tag:
                link = _fields(child)
                code = to_int(link.get("Type"), 1)
                links.append(
                    Link(
                        uid=to_int(link.get("PredecessorUID"), -1),
                        type=LINK_TYPES.get(code, "FS"),
                        type_code=code,
                        lag_tenths=to_int(link.get("LinkLag"), 0),
                        lag_format=to_int(link.get("LagFormat"), 7),
                        cross_project=link.get("CrossProject") == "1",
                    )
                )
            elif tag == attribute_tag:
                attribute = _fields(child)
                texts[to_int(attribute.get("FieldID"), -1)] = attribute.get("Value", "")
        level = to_int(values.get("OutlineLevel"), 1)
        if level <= 0 and not summary:
            summary.update(values)
        if values.get("IsNull") == "1" or level <= 0:
            continue
        uid = to_int(values.get("UID"), len(tasks) + 1)
        name = one_line(values.get("Name") or "") or f"Task {uid}"
        tasks.append(Task(uid, name, level, values, links, texts))
    stack: list[Task] = []
    for task in tasks:
        while stack and stack[-1].level >= task.level:
            stack.pop()
        if stack:
            task.parent = stack[-1]
            stack[-1].children.append(task)
            stack[-1].summary = True
        stack.append(task)
    return tasks


def _resources(root: Any) -> dict[int, Resource]:
    found: dict[int, Resource] = {}
    for element in _children(_child(root, "Resources"), "Resource"):
        values = _fields(element)
        uid = to_int(values.get("UID"), -1)
        name = one_line(values.get("Name") or "")
        if values.get("IsNull") == "1" or (uid <= 0 and not name):
            continue
        found[uid] = Resource(
            uid, name, values.get("Code") or "", one_line(values.get("Group") or "")
        )
    return found


def _assignments(root: Any) -> list[tuple[int, int]]:
    return [
        (to_int(_text(e, "TaskUID"), -1), to_int(_text(e, "ResourceUID"), -1))
        for e in _children(_child(root, "Assignments"), "Assignment")
    ]


def _calendar(root: Any, uid: int) -> tuple[dict[int, bool], list[Exception_]]:
    """The project calendar's working week and exceptions (empty when it is missing)."""
    calendar = next(
        (
            c
            for c in _children(_child(root, "Calendars"), "Calendar")
            if to_int(_text(c, "UID"), -1) == uid
        ),
        None,
    )
    week: dict[int, bool] = {}
    exceptions: list[Exception_] = []
    if calendar is None:
        return week, exceptions
    for day in _children(_child(calendar, "WeekDays"), "WeekDay"):
        day_type = to_int(_text(day, "DayType"), -1)
        if 1 <= day_type <= 7:
            week[day_type] = _text(day, "DayWorking") == "1"
    for exception in _children(_child(calendar, "Exceptions"), "Exception"):
        period = _child(exception, "TimePeriod")
        first = to_day(_text(period, "FromDate")) if period is not None else None
        last = to_day(_text(period, "ToDate")) if period is not None else None
        if first is not None and last is not None:
            exceptions.append(
                Exception_(
                    _text(exception, "Name") or "exception",
                    first,
                    last,
                    _text(exception, "DayWorking") == "1",
                )
            )
    return week, exceptions
