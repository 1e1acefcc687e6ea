"""`transition export mspdi`, read back by MPXJ (the Java library behind most MS Project readers).

MPXJ's UniversalProjectReader opens every file we export; the tasks, dates, floats, links, lags,
deadlines, actuals and owners it reads equal our schedule. Needs Java and the `mpxj` package
(the `test` extra); skipped with the reason when either is missing (CI installs both).
"""

from __future__ import annotations

import importlib.util
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.dates import add_months, working_calendar
from nhs_transition.load import load_plan
from nhs_transition.model import Plan
from nhs_transition.slippage import Evaluation, evaluate
from tests.test_cli_status import ENV, ORGANISATIONS, write_plan

ROOT = Path(__file__).resolve().parent.parent
PLANS = [ROOT / "data", *sorted(p for p in (ROOT / "tests/cases/valid").iterdir() if p.is_dir())]

if shutil.which("java") is None:
    pytest.skip(
        "Java is not installed (apt-get install default-jre-headless): MPXJ cannot run",
        allow_module_level=True,
    )
if importlib.util.find_spec("mpxj") is None or importlib.util.find_spec("jpype") is None:
    pytest.skip(
        "the mpxj and JPype1 packages are not installed (pip install -e '.[test]')",
        allow_module_level=True,
    )

runner = CliRunner()

WORKING_DAYS = """\
programme:
  id: wd
  name: Working days
  start: 2012-12-20
  status_date: 2013-01-10
  calendar: working-days
  deadline: 2013-06-28
milestones:
  - id: a
    title: First
    owner: nhs-ceo
    workstream: one
    duration: 3d
    due: 2012-12-31
    actual: 2012-12-28
  - id: b
    title: Second over the new year
    owner: london-ceo
    workstream: two
    duration: 2w
    depends_on: [{id: a, lag: 2d}]
    due: 2013-01-18
  - id: c
    title: Third
    owner: cqc
    workstream: one
    depends_on: [{id: b, type: SS, lag: 1m}, {id: a, type: FF, lag: -1d}]
    forecast: 2013-03-01
  - id: d
    title: Fourth
    owner: nhs-ceo
    duration: 5wd
    depends_on: [{id: c, type: SF, lag: 3w}]
    not_before: 2013-02-01
"""


@pytest.fixture(scope="module")
def reader() -> Any:
    """MPXJ's UniversalProjectReader in this process's JVM (started once; a JVM cannot restart)."""
    import jpype
    import mpxj  # noqa: F401 - puts MPXJ's jars on the class path

    if not jpype.isJVMStarted():
        jpype.startJVM(convertStrings=False)
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    return UniversalProjectReader()


def _export(plan: Path, target: Path, *args: str) -> None:
    result = runner.invoke(
        app, ["export", "mspdi", "--plan", str(plan), "-o", str(target), *args], env=ENV
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def _at(day: date) -> str:
    return f"{day.isoformat()}T17:00"


def _days(duration: Any) -> float:
    """An MPXJ Duration in days of 8 hours (MinutesPerDay 480), elapsed days as days."""
    units = str(duration.getUnits())
    value = float(duration.getDuration())
    per_day = {"m": 480.0, "h": 8.0, "d": 1.0, "em": 1440.0, "eh": 24.0, "ed": 1.0}[units]
    return value / per_day


def _expected_lag(plan: Plan, evaluation: Evaluation, dep: Any) -> float:
    lag = dep.lag
    if lag.unit == "m":
        pred = evaluation.schedule.rows[dep.id]
        base = pred.early_finish if dep.type in ("FS", "FF") else pred.early_start
        return float((add_months(base, lag.amount) - base).days)
    if lag.unit == "w":
        return float(lag.amount * (5 if plan.programme.calendar.counts_working_days else 7))
    return float(lag.amount)


def _compare(reader: Any, plan_dir: Path, xml: Path) -> int:
    """Read `xml` with MPXJ and compare it with our schedule of `plan_dir`; the tasks compared."""
    loaded = load_plan(plan_dir)
    assert loaded.plan is not None
    plan = loaded.plan
    evaluation = evaluate(
        plan, plan.programme.status_date.day if plan.programme.status_date else date.today()
    )
    statuses = evaluation.by_id()
    working = plan.programme.calendar.counts_working_days
    project = reader.read(str(xml))
    assert project is not None, f"MPXJ could not read {xml}"
    assert str(project.getProjectProperties().getStatusDate()) == _at(evaluation.as_of)
    by_uid: dict[int, str] = {}
    tasks: dict[str, Any] = {}
    summaries: dict[str, list[str]] = {}
    for task in project.getTasks():
        if int(task.getUniqueID()) == 0:  # the project summary task: the programme deadline
            deadline = task.getDeadline()
            programme = plan.programme.deadline
            assert (str(deadline) if deadline else None) == (
                _at(programme.day) if programme else None
            )
            continue
        if task.getSummary() or task.hasChildTasks():
            children = [str(c.getText(1)) for c in task.getChildTasks()]
            summaries[str(task.getName())] = children
            assert int(task.getUniqueID()) > len(plan.milestones)  # after the milestones' UIDs
            continue
        id = str(task.getText(1))
        tasks[id] = task
        by_uid[int(task.getUniqueID())] = id
    milestones = {m.id: m for m in plan.milestones}
    assert set(tasks) == set(milestones)
    # UIDs number the milestones in plan order.
    assert [by_uid[u] for u in sorted(by_uid)] == [m.id for m in plan.milestones]
    owners = {o.id: o.name for o in plan.organisations}
    owners |= {r.id: f"{r.title} ({r.holder})" if r.holder else r.title for r in plan.roles}
    for id, task in tasks.items():
        m, row, status = milestones[id], evaluation.schedule.rows[id], statuses[id]
        assert str(task.getName()) == m.title
        assert str(task.getStart()) == _at(row.early_start), id
        assert str(task.getFinish()) == _at(row.early_finish), id
        assert str(task.getEarlyStart()) == _at(row.early_start), id
        assert str(task.getEarlyFinish()) == _at(row.early_finish), id
        assert str(task.getLateStart()) == _at(row.late_start), id
        assert str(task.getLateFinish()) == _at(row.late_finish), id
        assert _days(task.getTotalSlack()) == row.total_float, id
        assert _days(task.getFreeSlack()) == row.free_float, id
        assert bool(task.getCritical()) == row.critical, id
        span = (
            working_calendar(plan.programme.calendar.workdays).between(
                row.early_start, row.early_finish
            )
            if working
            else (row.early_finish - row.early_start).days
        )
        assert _days(task.getDuration()) == span, id
        deadline = task.getDeadline()
        assert (str(deadline) if deadline is not None else None) == (
            _at(status.due.day) if status.due is not None else None
        ), id
        actual = task.getActualFinish()
        assert (str(actual) if actual is not None else None) == (
            _at(status.actual) if status.actual is not None else None
        ), id
        if status.actual is not None:
            assert float(task.getPercentageComplete()) == 100.0
        links = sorted(
            (by_uid[int(r.getPredecessorTask().getUniqueID())], str(r.getType()), _days(r.getLag()))
            for r in task.getPredecessors()
        )
        expected = sorted((d.id, d.type, _expected_lag(plan, evaluation, d)) for d in m.depends_on)
        assert links == expected, id
        lag_units = {str(r.getLag().getUnits()) for r in task.getPredecessors()}
        for dep, relation in zip(m.depends_on, task.getPredecessors(), strict=True):
            unit = str(relation.getLag().getUnits())
            assert unit == (
                "d" if dep.lag.unit == "wd" or (working and dep.lag.unit != "m") else "ed"
            ), (id, lag_units)
        constraint = str(task.getConstraintType())
        if m.not_before is not None:
            assert constraint == "START_NO_EARLIER_THAN"
            assert str(task.getConstraintDate()) == _at(m.not_before.day)
        elif status.forecast is not None and status.actual is None:
            assert constraint == "FINISH_NO_EARLIER_THAN"
            assert str(task.getConstraintDate()) == _at(status.forecast.day)
        else:
            assert constraint == "AS_SOON_AS_POSSIBLE"
        assert [str(a.getResource().getName()) for a in task.getResourceAssignments()] == [
            owners[m.owner]
        ], id
    # MPXJ's calendar has the plan's working days, every day the schedule spans.
    from java.time import LocalDate  # type: ignore[import-not-found]

    calendar = project.getDefaultCalendar()
    rows = evaluation.schedule.rows.values()
    first = min([evaluation.schedule.start, *(r.early_start for r in rows)]).toordinal()
    last = max([evaluation.schedule.finish, *(r.late_finish for r in rows)]).toordinal()
    workdays = plan.programme.calendar.workdays
    differ = [
        d
        for d in map(date.fromordinal, range(first, last + 1))
        if bool(calendar.isWorkingDate(LocalDate.of(d.year, d.month, d.day)))
        != workdays.is_working(d)
    ]
    assert differ == []
    streams: dict[str, list[str]] = {}
    for m in plan.milestones:
        if m.workstream:
            streams.setdefault(m.workstream, []).append(m.id)
    assert summaries == streams
    return len(tasks)


@pytest.mark.parametrize("plan_dir", PLANS, ids=lambda p: p.name)
def test_mpxj_reads_back_our_schedule(reader: Any, plan_dir: Path, tmp_path: Path) -> None:
    xml = tmp_path / "plan.xml"
    _export(plan_dir, xml)
    assert _compare(reader, plan_dir, xml) > 0


def test_mpxj_reads_working_day_plans_with_every_link_type(reader: Any, tmp_path: Path) -> None:
    plan_dir = write_plan(tmp_path / "plan", WORKING_DAYS, ORGANISATIONS)
    xml = tmp_path / "plan.xml"
    _export(plan_dir, xml)
    assert _compare(reader, plan_dir, xml) == 4
    # The bank holidays of the years the schedule spans are exceptions of the Standard calendar.
    project = reader.read(str(xml))
    calendar = project.getDefaultCalendar()
    holidays = {str(e.getFromDate()) for e in calendar.getCalendarExceptions()}
    assert {"2012-12-25", "2012-12-26", "2013-01-01", "2013-03-29"} <= holidays
    from java.time import LocalDate  # type: ignore[import-not-found]

    assert not calendar.isWorkingDate(LocalDate.of(2012, 12, 25))
    assert calendar.isWorkingDate(LocalDate.of(2012, 12, 27))


@pytest.mark.parametrize("case", ["data", "working-days", "scottish-calendar"])
def test_import_reads_what_mpxj_writes(reader: Any, case: str, tmp_path: Path) -> None:
    """MPXJ rewrites our file as MS Project would save it (every field, its own layout); the
    import of that file schedules exactly as the plan did."""
    from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]

    from nhs_transition.schedule import compute_schedule

    plan_dir = {
        "data": ROOT / "data",
        "scottish-calendar": ROOT / "tests/cases/valid/scottish-calendar",
    }.get(case) or write_plan(tmp_path / "plan", WORKING_DAYS, ORGANISATIONS)
    ours, theirs, imported = tmp_path / "ours.xml", tmp_path / "mpxj.xml", tmp_path / "imported"
    _export(plan_dir, ours)
    MSPDIWriter().write(reader.read(str(ours)), str(theirs))
    assert theirs.read_bytes() != ours.read_bytes()
    result = runner.invoke(app, ["import", "mspdi", str(theirs), "-o", str(imported)], env=ENV)
    assert result.exit_code == 0, result.output
    original, back = load_plan(plan_dir).plan, load_plan(imported).plan
    assert original is not None and back is not None
    assert original.programme.status_date is not None
    day = original.programme.status_date.day
    before, after = compute_schedule(original, day), compute_schedule(back, day)

    def figures(rows: Any) -> dict[str, tuple[Any, ...]]:
        # a cascade's child `parent/org` is imported as the milestone `parent-org`
        return {
            id.replace("/", "-"): (r.early_start, r.early_finish, r.late_start, r.late_finish,
                                   r.total_float, r.free_float, r.critical)
            for id, r in rows.items()
        }  # fmt: skip

    assert figures(after.rows) == figures(before.rows)
    assert [m.id for m in back.milestones] == [m.id.replace("/", "-") for m in original.milestones]
