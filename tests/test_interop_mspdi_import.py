"""`transition import mspdi`: MS Project XML to a plan that passes `check`, nothing dropped silently.

Round trip: import(export(plan)) schedules exactly as the plan did, for the shipped plan, every
valid case and generated plans with all four link types. Foreign files: what a plan cannot hold
is reported per task. Hostile or malformed files: a clear error with the line, exit 2.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nhs_transition.checks import run_checks
from nhs_transition.cli import app
from nhs_transition.errors import Severity
from nhs_transition.interop.mspdi_read import import_project
from nhs_transition.interop.mspdi_write import not_written, project_xml
from nhs_transition.load import load_plan, load_texts
from nhs_transition.model import Plan
from nhs_transition.schedule import Schedule, compute_schedule
from nhs_transition.slippage import evaluate
from tests.factories import make_plan, milestone
from tests.test_cli_status import ENV

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
PLANS = [ROOT / "data", *sorted(p for p in (ROOT / "tests/cases/valid").iterdir() if p.is_dir())]
AS_OF = "2011-07-01"


def _figures(schedule: Schedule) -> dict[str, tuple[Any, ...]]:
    return {
        id: (
            r.early_start,
            r.early_finish,
            r.late_start,
            r.late_finish,
            r.total_float,
            r.free_float,
            r.critical,
            r.done,
        )
        for id, r in schedule.rows.items()
    }


def _imported(xml: str) -> Plan:
    """The plan import_project makes of `xml`, loaded and checked (no errors allowed)."""
    imported = import_project(xml.encode("utf-8"), "plan.xml")
    result = load_texts(
        {"organisations.yaml": imported.organisations_yaml, "timeline.yaml": imported.timeline_yaml}
    )
    assert result.plan is not None, [d.format_text() for d in result.diagnostics]
    errors = [
        d.format_text()
        for d in [*result.diagnostics, *run_checks(result.plan)]
        if d.severity is Severity.ERROR
    ]
    assert errors == []
    return result.plan


def _round_trip(plan: Plan, as_of: date) -> None:
    xml = project_xml(plan, evaluate(plan, as_of))
    back = _imported(xml)
    assert back.programme.calendar.unit == plan.programme.calendar.unit
    assert back.programme.status_date is not None and back.programme.status_date.day == as_of
    before, after = compute_schedule(plan, as_of), compute_schedule(back, as_of)
    # The same working days over the years the schedule spans (the calendar may be written
    # differently: a day off that is a bank holiday anyway is not listed again).
    rows = before.rows.values()
    first = min(
        [before.start, as_of, *(r.early_start for r in rows), *(r.late_start for r in rows)]
    )
    last = max([before.finish, as_of, *(r.late_finish for r in rows)])
    ours, theirs = plan.programme.calendar.workdays, back.programme.calendar.workdays
    span = range(date(first.year, 1, 1).toordinal(), date(last.year, 12, 31).toordinal() + 1)
    days = map(date.fromordinal, span)
    assert [d for d in days if ours.is_working(d) != theirs.is_working(d)] == []
    assert _figures(after) == _figures(before)
    assert after.critical_path == before.critical_path
    assert after.finish == before.finish
    # The same milestones in the same order, with their owners, workstreams and titles.
    owners = [(m.id, m.owner, m.workstream, m.title) for m in plan.milestones]
    assert [(m.id, m.owner, m.workstream, m.title) for m in back.milestones] == owners


def test_what_the_file_has_no_place_for_is_named() -> None:
    plan = load_plan(ROOT / "data").plan
    assert plan is not None
    lost = not_written(plan)
    reported = [m for m in plan.milestones if m.history]
    assert lost[0] == (
        f"the history of {len(reported)} milestones ({sum(len(m.history) for m in reported)} "
        "reports and their reasons): only the forecast and deadline in force on the status "
        "date, and actuals by then"
    )
    assert f"the sources of {sum(1 for m in plan.milestones if m.source)} milestones" in lost
    assert lost[3] == (
        f"the types, parents and dates of {len(plan.organisations)} organisations (owners are "
        "resources by name)"
    )
    assert lost[-1].startswith(f"{len(plan.cascades)} cascades: written as ")


@pytest.mark.parametrize("plan_dir", PLANS, ids=lambda p: p.name)
def test_round_trip_through_the_cli(plan_dir: Path, tmp_path: Path) -> None:
    xml, target = tmp_path / "plan.xml", tmp_path / "imported"
    result = runner.invoke(
        app,
        ["export", "mspdi", "--plan", str(plan_dir), "--as-of", AS_OF, "-o", str(xml)],
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    # What the format has no place for is said, not lost in silence (the plan files keep it).
    original_plan = load_plan(plan_dir).plan
    assert original_plan is not None
    lost = not_written(original_plan)
    if lost:
        assert result.stderr == (
            "transition export mspdi: note: MS Project XML has no place for (the plan files "
            "keep them):\n" + "".join(f"  - {line}\n" for line in lost)
        )
    else:
        assert result.stderr == ""
    result = runner.invoke(app, ["import", "mspdi", str(xml), "-o", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Imported plan.xml into {target}: ")
    assert "Everything in the file was kept." in result.stdout
    assert sorted(p.name for p in target.iterdir()) == ["organisations.yaml", "timeline.yaml"]
    check = runner.invoke(app, ["check", "--plan", str(target)], env=ENV)
    assert check.exit_code == 0, check.output
    original, back = load_plan(plan_dir).plan, load_plan(target).plan
    assert original is not None and back is not None
    day = date.fromisoformat(AS_OF)
    # A cascade's child `parent/org` comes back as a milestone of its own, `parent-org`.
    flat = {k.replace("/", "-"): v for k, v in _figures(compute_schedule(original, day)).items()}
    assert _figures(compute_schedule(back, day)) == flat
    timeline = (target / "timeline.yaml").read_text(encoding="utf-8")
    assert 'source: "plan.xml, task UID ' in timeline


DURATIONS = st.sampled_from(["0d", "0d", "3d", "2w", "5wd", "1m", "10d"])
LAGS = st.sampled_from(["0d", "0d", "2d", "-3d", "1w", "4wd", "1m", "-1wd"])


@st.composite
def plans(draw: Any) -> tuple[Plan, date]:
    start = date(2011, 1, 3) + timedelta(days=draw(st.integers(0, 400)))
    calendar = draw(st.sampled_from(["calendar-days", "working-days"]))
    n = draw(st.integers(1, 9))
    milestones: list[dict[str, Any]] = []

    def day(low: int, high: int) -> str:
        return (start + timedelta(days=draw(st.integers(low, high)))).isoformat()

    for i in range(n):
        fields: dict[str, Any] = {"duration": draw(DURATIONS)}
        if i:
            preds = draw(st.lists(st.integers(0, i - 1), max_size=3, unique=True))
            fields["depends_on"] = [
                {
                    "id": f"m{p}",
                    "type": draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                    "lag": draw(LAGS),
                }
                for p in preds
            ]
        if draw(st.booleans()):
            fields["due"] = day(0, 300)
        if draw(st.integers(0, 3)) == 0:
            fields["forecast"] = day(0, 300)
        if draw(st.integers(0, 3)) == 0:
            fields["not_before"] = day(0, 200)
        if draw(st.integers(0, 4)) == 0:
            fields["actual"] = day(0, 150)
        if draw(st.booleans()):
            fields["workstream"] = draw(st.sampled_from(["alpha", "beta"]))
        if draw(st.integers(0, 3)) == 0:  # reports: re-forecasts, re-baselines, a cancellation
            history = []
            for k in sorted(draw(st.lists(st.integers(0, 250), min_size=1, max_size=3))):
                entry: dict[str, Any] = {"date": (start + timedelta(days=k)).isoformat()}
                kind = draw(st.sampled_from(["forecast", "due", "cancelled", "confirmation"]))
                if kind == "cancelled":
                    entry["status"] = "cancelled"
                elif kind != "confirmation":
                    entry[kind] = day(0, 300)
                history.append(entry)
            fields["history"] = history
        milestones.append(milestone(f"m{i}", **fields))
    settings: str | dict[str, Any] = calendar
    if draw(st.booleans()):  # a calendar of its own: week, holidays, extra days
        week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        settings = {
            "unit": calendar,
            "working_week": draw(
                st.lists(st.sampled_from(week), min_size=1, max_size=7, unique=True)
            ),
            "holidays": draw(
                st.sampled_from(["england-and-wales", "scotland", "northern-ireland", "none"])
            ),
            "non_working": sorted({day(0, 300) for _ in range(draw(st.integers(0, 3)))}),
        }
    programme: dict[str, Any] = {"start": start.isoformat(), "calendar": settings}
    if draw(st.integers(0, 3)) == 0:
        programme["deadline"] = day(100, 400)
    plan = make_plan(milestones, programme=programme)
    return plan, start + timedelta(days=draw(st.integers(0, 200)))


@settings(max_examples=60)
@given(plans())
def test_round_trip_of_generated_plans_with_every_link_type(case: tuple[Plan, date]) -> None:
    plan, as_of = case
    # Plans `check` rejects (not_before after due, actuals out of order) are not plans.
    assume(not any(d.severity is Severity.ERROR for d in run_checks(plan)))
    _round_trip(plan, as_of)


FOREIGN = """\
<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>Hospital move.xml</Name>
  <Title>Hospital move</Title>
  <StartDate>2012-01-02T08:00:00</StartDate>
  <StatusDate>2012-02-01T17:00:00</StatusDate>
  <MinutesPerDay>480</MinutesPerDay>
  <CalendarUID>1</CalendarUID>
  <Calendars>
    <Calendar>
      <UID>1</UID>
      <Name>Standard</Name>
      <WeekDays>
        <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
        <WeekDay><DayType>7</DayType><DayWorking>1</DayWorking></WeekDay>
      </WeekDays>
      <Exceptions>
        <Exception>
          <TimePeriod><FromDate>2012-01-02T00:00:00</FromDate><ToDate>2012-01-02T23:59:00</ToDate></TimePeriod>
          <Name>New Year</Name><DayWorking>0</DayWorking>
        </Exception>
        <Exception>
          <TimePeriod><FromDate>2012-03-14T00:00:00</FromDate><ToDate>2012-03-15T23:59:00</ToDate></TimePeriod>
          <Name>Office move</Name><DayWorking>0</DayWorking>
        </Exception>
      </Exceptions>
    </Calendar>
  </Calendars>
  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>Hospital move</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>
    <Task><UID>1</UID><ID>1</ID><Name>Preparation</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary>
      <ConstraintType>4</ConstraintType><ConstraintDate>2012-01-09T08:00:00</ConstraintDate>
      <Deadline>2012-06-29T17:00:00</Deadline></Task>
    <Task><UID>2</UID><ID>2</ID><Name>Survey wards</Name><OutlineLevel>2</OutlineLevel>
      <Start>2012-01-09T08:00:00</Start><Finish>2012-01-20T17:00:00</Finish>
      <Duration>PT80H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PercentComplete>100</PercentComplete><ActualFinish>2012-01-20T17:00:00</ActualFinish></Task>
    <Task><UID>3</UID><ID>3</ID><Name>Design: new layout</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT84H0M0S</Duration><DurationFormat>7</DurationFormat><Manual>1</Manual>
      <PercentComplete>40</PercentComplete><CalendarUID>7</CalendarUID>
      <ConstraintType>2</ConstraintType><ConstraintDate>2012-01-23T08:00:00</ConstraintDate>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type><LinkLag>2400</LinkLag><LagFormat>5</LagFormat></PredecessorLink>
    </Task>
    <Task><UID>4</UID><ID>4</ID><Name>Move</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink>
    </Task>
    <Task><UID>5</UID><ID>5</ID><Name>Ward A</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat>
      <ConstraintType>7</ConstraintType><ConstraintDate>2012-05-31T17:00:00</ConstraintDate>
      <Deadline>2012-05-15T17:00:00</Deadline>
      <PredecessorLink><PredecessorUID>3</PredecessorUID><Type>3</Type><LinkLag>9600</LinkLag><LagFormat>7</LagFormat></PredecessorLink>
      <PredecessorLink><PredecessorUID>99</PredecessorUID><Type>1</Type><CrossProject>1</CrossProject></PredecessorLink>
    </Task>
    <Task><UID>6</UID><ID>6</ID><Name>Ward A</Name><OutlineLevel>2</OutlineLevel>
      <ConstraintType>1</ConstraintType>
      <PredecessorLink><PredecessorUID>5</PredecessorUID><Type>0</Type><LinkLag>50</LinkLag><LagFormat>19</LagFormat></PredecessorLink>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>2</Type><LinkLag>28800</LinkLag><LagFormat>8</LagFormat></PredecessorLink>
    </Task>
    <Task><UID>8</UID><ID>8</ID><Name>Old plan</Name><OutlineLevel>1</OutlineLevel><Active>0</Active></Task>
    <Task><UID>7</UID><ID>7</ID><Name>Go live</Name><OutlineLevel>1</OutlineLevel>
      <ConstraintType>6</ConstraintType><ConstraintDate>2012-07-02T17:00:00</ConstraintDate>
      <PredecessorLink><PredecessorUID>4</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
  </Tasks>
  <Resources>
    <Resource><UID>0</UID><ID>0</ID><IsNull>0</IsNull></Resource>
    <Resource><UID>1</UID><ID>1</ID><Name>Estates Director</Name><Group>Trust Board</Group></Resource>
    <Resource><UID>2</UID><ID>2</ID><Name>Clinical Lead</Name><Group>Trust Board</Group></Resource>
    <Resource><UID>3</UID><ID>3</ID><Name>Trust Board</Name></Resource>
  </Resources>
  <Assignments>
    <Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID></Assignment>
    <Assignment><UID>2</UID><TaskUID>3</TaskUID><ResourceUID>2</ResourceUID></Assignment>
    <Assignment><UID>3</UID><TaskUID>3</TaskUID><ResourceUID>1</ResourceUID></Assignment>
    <Assignment><UID>4</UID><TaskUID>7</TaskUID><ResourceUID>3</ResourceUID></Assignment>
  </Assignments>
</Project>
"""


def _import(tmp_path: Path, text: str | bytes, *args: str) -> Any:
    xml = tmp_path / "in.xml"
    xml.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return runner.invoke(
        app, ["import", "mspdi", str(xml), "-o", str(tmp_path / "plan"), *args], env=ENV
    )


def test_foreign_file_maps_and_reports_what_a_plan_cannot_hold(tmp_path: Path) -> None:
    result = _import(tmp_path, FOREIGN)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == (
        f"Imported in.xml into {tmp_path / 'plan'}: 6 milestones, 2 workstreams, "
        "4 owners (working-days; mon, tue, wed, thu, fri, sat with no bank holidays)."
    )
    for expected in [
        "task UID 3 'Design: new layout' (design-new-layout): Must Start On 2012-01-23 kept as not_before",
        "task UID 3 'Design: new layout' (design-new-layout): lag of 4 working hours rounded to 0 days",
        "task UID 3 'Design: new layout' (design-new-layout): 40% complete not kept",
        "task UID 3 'Design: new layout' (design-new-layout): manually scheduled",
        "task UID 3 'Design: new layout' (design-new-layout): task calendar (UID 7) not kept",
        "task UID 3 'Design: new layout' (design-new-layout): duration 84 hours rounded to 10 days",
        "task UID 3 'Design: new layout' (design-new-layout): resources besides the owner not kept: Estates Director",
        "task UID 5 'Ward A' (ward-a): cross-project link to task UID 99 not kept",
        "task UID 6 'Ward A' (ward-a-2): As Late As Possible not kept",
        "task UID 6 'Ward A' (ward-a-2): lag of 50% of the predecessor's duration not kept",
        "task UID 6 'Ward A' (ward-a-2): elapsed lag of 2 days kept as 1 working days",
        "task UID 8 'Old plan' (old-plan): inactive: cancelled on the status date (else the start)",
    ]:
        assert expected in out, expected
    # The calendar is kept: Saturdays work, and no bank holidays but the two the file names
    # (fewer days to list than England's, less the ones the file does not name).
    assert "project calendar" not in out and "New Year" not in out
    timeline = (tmp_path / "plan" / "timeline.yaml").read_text(encoding="utf-8")
    assert (
        "  calendar:\n    unit: working-days\n    working_week: [mon, tue, wed, thu, fri, sat]\n"
        "    holidays: none\n    non_working:\n      - 2012-01-02  # New Year\n"
        "      - 2012-03-14  # Office move\n      - 2012-03-15  # Office move\n"
    ) in timeline
    assert (tmp_path / "plan" / "timeline.yaml").exists()
    check = runner.invoke(app, ["check", "--plan", str(tmp_path / "plan")], env=ENV)
    assert check.exit_code == 0, check.output
    plan = load_plan(tmp_path / "plan").plan
    assert plan is not None
    by_id = {m.id: m for m in plan.milestones}
    assert list(by_id) == [
        "survey-wards", "design-new-layout", "ward-a", "ward-a-2", "old-plan", "go-live"
    ]  # fmt: skip
    cancelled = by_id["old-plan"].history
    assert [(e.date.day, e.status, e.reason) for e in cancelled] == [
        (date(2012, 2, 1), "cancelled", "inactive in MS Project")
    ]
    survey = by_id["survey-wards"]
    assert (survey.workstream, survey.duration.text, survey.owner) == (
        "preparation",
        "10d",
        "estates-director",
    )
    assert survey.actual is not None and survey.actual.day == date(2012, 1, 20)
    # The summary's Start-No-Earlier-Than and deadline are pushed down to its tasks. Monday
    # 08:00 is the end of the working day before (Saturday: the file's week works Saturdays),
    # as our schedule counts working days.
    assert survey.not_before is not None and survey.not_before.day == date(2012, 1, 7)
    assert survey.due is not None and survey.due.day == date(2012, 6, 29)
    design = by_id["design-new-layout"]
    assert design.notes is not None and "40% complete not kept" in design.notes
    assert [(d.id, d.type, d.lag.text) for d in design.depends_on] == [("survey-wards", "FS", "0d")]
    ward = by_id["ward-a"]
    # FNLT and Deadline: the earlier is the due date; the Move summary's link from the
    # Preparation summary reaches each task under it from each task under that.
    assert ward.due is not None and ward.due.day == date(2012, 5, 15)
    assert [(d.id, d.type, d.lag.text) for d in ward.depends_on] == [
        ("design-new-layout", "SS", "2d"),
        ("survey-wards", "FS", "0d"),
        ("design-new-layout", "FS", "0d"),
    ]
    assert [(d.id, d.type, d.lag.text) for d in by_id["ward-a-2"].depends_on] == [
        ("ward-a", "FF", "0d"),
        ("survey-wards", "SF", "1d"),
        ("survey-wards", "FS", "0d"),
        ("design-new-layout", "FS", "0d"),
    ]
    live = by_id["go-live"]
    assert live.forecast is not None and live.forecast.day == date(2012, 7, 2)
    assert {d.id for d in live.depends_on} == {"ward-a", "ward-a-2"}
    assert live.owner == "trust-board" and live.workstream is None
    assert by_id["ward-a"].owner == "unassigned"
    organisations = (tmp_path / "plan" / "organisations.yaml").read_text(encoding="utf-8")
    assert "- id: trust-board" in organisations and "organisation: trust-board" in organisations


def test_malformed_file_gets_its_line_and_exit_2(tmp_path: Path) -> None:
    broken = FOREIGN.replace("<Name>Survey wards</Name>", "<Name>Survey wards</Nme>")
    result = _import(tmp_path, broken)
    assert result.exit_code == 2
    line = next(i for i, t in enumerate(broken.splitlines(), 1) if "</Nme>" in t)
    assert re.search(rf"in\.xml:{line}:\d+: malformed XML \(mismatched tag\)", result.stderr)
    assert "Traceback" not in result.output
    assert not (tmp_path / "plan").exists()


@pytest.mark.parametrize(
    "payload",
    [
        # Billion laughs: entity expansion.
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        "<Project><Name>&lol2;</Name></Project>",
        # External entity.
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<Project><Name>&xxe;</Name></Project>",
        # Parameter entity fetching an external DTD.
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY % ext SYSTEM "http://example.invalid/x.dtd"> %ext;]>'
        "<Project/>",
        # A document type alone: refused too (nothing in MSPDI needs one).
        '<?xml version="1.0"?><!DOCTYPE Project SYSTEM "project.dtd"><Project/>',
    ],
    ids=["entity-expansion", "external-entity", "parameter-entity", "doctype-only"],
)
def test_hostile_file_is_refused(tmp_path: Path, payload: str) -> None:
    result = _import(tmp_path, payload)
    assert result.exit_code == 2
    assert re.search(r"in\.xml:1:\d+: refused: the file declares a document type", result.stderr)
    assert "root:" not in result.output
    assert not (tmp_path / "plan").exists()


def test_not_a_project_file(tmp_path: Path) -> None:
    result = _import(tmp_path, "<html><body>hello</body></html>")
    assert result.exit_code == 2
    assert "the root element is <html>, not <Project>" in result.stderr


def test_never_overwrites_an_existing_plan(tmp_path: Path) -> None:
    target = tmp_path / "plan"
    target.mkdir()
    (target / "timeline.yaml").write_text("keep me\n", encoding="utf-8")
    result = _import(tmp_path, FOREIGN)
    assert result.exit_code == 2
    assert "already holds a plan (timeline.yaml); import into a new directory" in result.stderr
    assert (target / "timeline.yaml").read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in target.iterdir()) == ["timeline.yaml"]


def test_unreadable_file(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["import", "mspdi", str(tmp_path / "missing.xml"), "-o", str(tmp_path / "p")], env=ENV
    )
    assert result.exit_code == 2
    assert "cannot read" in result.stderr and "missing.xml" in result.stderr


def test_hostile_file_in_utf16_is_refused_too(tmp_path: Path) -> None:
    payload = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE p [<!ENTITY a "aaaa">]>'
        "<Project><Name>&a;</Name></Project>"
    )
    result = _import(tmp_path, payload.encode("utf-16"))
    assert result.exit_code == 2
    assert "refused: the file declares a document type" in result.stderr


def test_utf16_project_file_imports(tmp_path: Path) -> None:
    text = FOREIGN.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    result = _import(tmp_path, text.encode("utf-16"))
    assert result.exit_code == 0, result.output
    assert "6 milestones" in result.stdout


def test_names_yaml_would_read_as_numbers_or_booleans_stay_ids(tmp_path: Path) -> None:
    tasks = "".join(
        f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel></Task>"
        for uid, name, level in [(1, "No", 1), (2, "10", 2), (3, "0x1F", 2), (4, "null", 1)]
    )
    xml = (
        '<Project xmlns="http://schemas.microsoft.com/project"><Name>2012</Name>'
        f"<StartDate>2012-01-02T08:00:00</StartDate><Tasks>{tasks}</Tasks>"
        "<Resources><Resource><UID>1</UID><Name>On</Name></Resource></Resources>"
        "<Assignments><Assignment><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID></Assignment>"
        "</Assignments></Project>"
    )
    plan = _imported(xml)
    assert plan.programme.id == "2012"
    assert [(m.id, m.workstream, m.owner) for m in plan.milestones] == [
        ("10", "no", "on"),
        ("0x1f", "no", "unassigned"),
        ("null", None, "unassigned"),
    ]


MS_PROJECT_DATES = """\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>Stored dates</Name>
  <StartDate>2012-01-09T08:00:00</StartDate>
  <CurrentDate>2012-01-09T08:00:00</CurrentDate>
  <MinutesPerDay>480</MinutesPerDay>
  <Tasks>
    <Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel>
      <Start>2012-01-09T08:00:00</Start><Finish>2012-01-10T17:00:00</Finish>
      <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
    <Task><UID>2</UID><Name>B</Name><OutlineLevel>1</OutlineLevel>
      <Start>2012-01-11T08:00:00</Start><Finish>2012-01-13T17:00:00</Finish>
      <Duration>PT24H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
    <Task><UID>3</UID><Name>C</Name><OutlineLevel>1</OutlineLevel><Milestone>1</Milestone>
      <Start>2012-01-13T17:00:00</Start><Finish>2012-01-13T17:00:00</Finish>
      <Duration>PT0H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink></Task>
    <Task><UID>4</UID><Name>D</Name><OutlineLevel>1</OutlineLevel>
      <Start>2012-01-10T08:00:00</Start><Finish>2012-01-16T17:00:00</Finish>
      <Duration>PT40H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type><LinkLag>4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
    <Task><UID>5</UID><Name>E</Name><OutlineLevel>1</OutlineLevel>
      <Start>2012-01-16T08:00:00</Start><Finish>2012-01-16T17:00:00</Finish>
      <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PredecessorLink><PredecessorUID>4</PredecessorUID><Type>0</Type></PredecessorLink></Task>
  </Tasks>
</Project>
"""


def test_our_schedule_of_an_import_agrees_with_ms_project_stored_finishes() -> None:
    plan = _imported(MS_PROJECT_DATES)
    assert plan.programme.calendar.unit == "working-days"
    # Monday 08:00 is the end of the working Friday before (our dates are ends of days).
    assert plan.programme.start.day == date(2012, 1, 6)
    assert plan.programme.status_date is not None
    schedule = compute_schedule(plan, plan.programme.status_date.day)
    finishes = {id: row.early_finish.isoformat() for id, row in schedule.rows.items()}
    assert finishes == {
        "a": "2012-01-10",
        "b": "2012-01-13",
        "c": "2012-01-13",
        "d": "2012-01-16",
        "e": "2012-01-16",
    }


ODD = (
    '<Project xmlns="http://schemas.microsoft.com/project"><Name>Odd</Name>'
    "<StartDate>0001-01-01T08:00:00</StartDate><Tasks>"
    "<Task><UID>1</UID><Name>Long</Name><OutlineLevel>1</OutlineLevel>"
    "<Duration>PT99999999H0M0S</Duration><DurationFormat>7</DurationFormat>"
    "<ConstraintType>4</ConstraintType><ConstraintDate>9999-12-31T08:00:00</ConstraintDate>"
    "<Deadline>garbage</Deadline></Task>"
    "<Task><UID>2</UID><Name>Lag</Name><OutlineLevel>1</OutlineLevel>"
    "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>9</Type></PredecessorLink>"
    "<PredecessorLink><PredecessorUID>2</PredecessorUID></PredecessorLink></Task>"
    "</Tasks></Project>"
)


def test_what_a_plan_cannot_hold_is_reported_not_a_failure(tmp_path: Path) -> None:
    result = _import(tmp_path, ODD)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2:10] == [
        "  project: project start '0001-01-01T08:00:00' is outside the calendar (dates run from "
        "the year 1000 to 8999): not kept",
        "  project: no start date in the file: the programme starts 2000-01-01",
        "  task UID 1 'Long' (long): duration 99999999 hours rounded to 12500000 days of 8 hours",
        "  task UID 1 'Long' (long): duration of 12500000d is longer than a century: not kept",
        "  task UID 1 'Long' (long): constraint date '9999-12-31T08:00:00' is outside the "
        "calendar (dates run from the year 1000 to 8999): not kept",
        "  task UID 1 'Long' (long): deadline 'garbage' is not a date: not kept",
        "  task UID 2 'Lag' (lag): link type 9 from task UID 1 unknown: kept as FS",
        "  task UID 2 'Lag' (lag): link from itself not kept",
    ]
    check = runner.invoke(app, ["check", "--plan", str(tmp_path / "plan")], env=ENV)
    assert check.exit_code == 0, check.output


def test_an_empty_project_is_an_empty_plan(tmp_path: Path) -> None:
    result = _import(tmp_path, '<Project xmlns="http://schemas.microsoft.com/project"/>')
    assert result.exit_code == 0, result.output
    assert "0 milestones" in result.stdout
    check = runner.invoke(app, ["check", "--plan", str(tmp_path / "plan")], env=ENV)
    assert check.exit_code == 0, check.output


@st.composite
def foreign_files(draw: Any) -> str:
    """MSPDI files as other tools write them: outlines, every constraint, format and link type,
    odd values; the import of each must pass `check`."""
    n = draw(st.integers(1, 12))
    dates = st.builds(
        lambda d, h: f"{(date(2012, 1, 2) + timedelta(days=d)).isoformat()}T{h:02d}:00:00",
        st.integers(-30, 400),
        st.sampled_from([0, 8, 17]),
    )
    tasks = []
    level = 1
    for uid in range(1, n + 1):
        level = draw(st.integers(1, min(level + 1, 4)))
        parts = [
            f"<UID>{uid}</UID>",
            f"<Name>{draw(st.sampled_from(['A', 'A', 'B c', '', '10']))}</Name>",
        ]
        parts.append(f"<OutlineLevel>{level}</OutlineLevel>")
        if draw(st.booleans()):
            hours = draw(st.sampled_from([0, 4, 8, 16, 40, 84, 240]))
            fmt = draw(st.sampled_from([7, 8, 5, 53, 39, 40]))
            parts.append(
                f"<Duration>PT{hours}H0M0S</Duration><DurationFormat>{fmt}</DurationFormat>"
            )
        if draw(st.booleans()):
            parts.append(f"<ConstraintType>{draw(st.integers(0, 7))}</ConstraintType>")
            parts.append(f"<ConstraintDate>{draw(dates)}</ConstraintDate>")
        if draw(st.booleans()):
            parts.append(f"<Deadline>{draw(dates)}</Deadline>")
        if draw(st.integers(0, 3)) == 0:
            parts.append(
                f"<ActualFinish>{draw(dates)}</ActualFinish><PercentComplete>100</PercentComplete>"
            )
        elif draw(st.integers(0, 3)) == 0:
            parts.append(f"<PercentComplete>{draw(st.integers(0, 100))}</PercentComplete>")
        for _ in range(draw(st.integers(0, 2))):
            parts.append(
                f"<PredecessorLink><PredecessorUID>{draw(st.integers(1, n + 1))}</PredecessorUID>"
                f"<Type>{draw(st.integers(0, 3))}</Type>"
                f"<LinkLag>{draw(st.sampled_from([0, 4800, -4800, 14400, 2400, 50]))}</LinkLag>"
                f"<LagFormat>{draw(st.sampled_from([7, 8, 5, 19]))}</LagFormat></PredecessorLink>"
            )
        tasks.append("<Task>" + "".join(parts) + "</Task>")
    status = draw(st.one_of(st.none(), dates))
    return (
        '<Project xmlns="http://schemas.microsoft.com/project"><Name>Fuzz</Name>'
        f"<StartDate>{draw(dates)}</StartDate>"
        + (f"<StatusDate>{status}</StatusDate>" if status else "")
        + "<Tasks>"
        + "".join(tasks)
        + "</Tasks></Project>"
    )


@settings(max_examples=80)
@given(foreign_files())
def test_any_project_imports_to_a_plan_that_passes_check(xml: str) -> None:
    imported = import_project(xml.encode("utf-8"), "fuzz.xml")
    result = load_texts(
        {"organisations.yaml": imported.organisations_yaml, "timeline.yaml": imported.timeline_yaml}
    )
    assert result.plan is not None, [d.format_text() for d in result.diagnostics]
    diagnostics = [*result.diagnostics, *run_checks(result.plan)]
    errors = [d.format_text() for d in diagnostics if d.severity is Severity.ERROR]
    # A cycle through links the file itself holds is the file's (MS Project refuses them).
    assert all("dependency-cycle" in e for e in errors), (errors, imported.timeline_yaml)
