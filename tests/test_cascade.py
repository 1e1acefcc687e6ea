"""Cascades: a milestone fanned out to one child per organisation (load.cascade)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from nhs_transition.checks import run_checks
from nhs_transition.cli import app
from nhs_transition.load import load_texts
from nhs_transition.model import Plan
from nhs_transition.rollup import group_rating, roll_up
from nhs_transition.slippage import RATINGS, evaluate
from tests.test_cli_status import ENV

runner = CliRunner()
N_PCTS = 151
AS_OF = date(2011, 6, 30)


def _organisations(n: int = N_PCTS) -> str:
    lines = [
        "organisations:",
        "  - id: dh",
        "    name: Department of Health",
        "  - id: shas",
        "    name: Strategic health authorities",
        "    parent: dh",
    ]
    for i in range(n):
        lines += [
            f"  - id: pct-{i:03d}",
            f"    name: PCT {i}",
            "    type: primary-care-trust",
            "    parent: shas",
        ]
    lines += [
        "  - id: old-pct",
        "    name: A PCT merged away before the deadline",
        "    type: primary-care-trust",
        "    abolished: 31 March 2010",
        "roles:",
        "  - id: ceo",
        "    title: Chief Executive",
        "    organisation: dh",
    ]
    return "\n".join(lines) + "\n"


def _load(timeline: str, organisations: str | None = None) -> tuple[Plan, list[str]]:
    result = load_texts(
        {"organisations.yaml": organisations or _organisations(), "timeline.yaml": timeline}
    )
    assert result.plan is not None
    found = [f"{d.file}:{d.line}:{d.column}: {d.code}" for d in result.diagnostics]
    found += [f"{d.file}:{d.line}:{d.column}: {d.code}" for d in run_checks(result.plan)]
    return result.plan, found


HEAD = """\
programme:
  id: t
  name: Test
  start: 1 July 2010
  status_date: 30 June 2011
milestones:
  - id: staff-interviews-pcts
    title: PCT staff interviewed
    owner: ceo
    due: 31 March 2011
    cascade: {type: primary-care-trust}
"""


def _mixed(done: int, red: int, silent: int) -> str:
    """`done` children achieved on dates spread over Jan-May 2011, `red` re-forecast beyond the
    deadline (the last of them to 31 July 2011), the rest silent."""
    lines = [HEAD.rstrip("\n"), "    children:"]
    for i in range(done):
        day = date(2011, 1, 3) + timedelta(days=(i * 137) % 140)
        lines.append(f"      pct-{i:03d}: {{actual: {day.isoformat()}}}")
    for i in range(done, done + red):
        day = date(2011, 7, 31) - timedelta(days=done + red - 1 - i)
        lines += [
            f"      pct-{i:03d}:",
            f"        forecast: {day.isoformat()}",
            "        history:",
            f"          - {{date: 1 June 2011, forecast: {day.isoformat()}, reason: late}}",
        ]
    assert done + red + silent == N_PCTS
    return "\n".join(lines) + "\n"


def test_151_children_with_mixed_actuals_rate_the_parent_by_the_roll_up_rule() -> None:
    plan, found = _load(_mixed(done=149, red=2, silent=0))
    assert found == []
    kids = plan.cascades["staff-interviews-pcts"]
    # active on the deadline only: the PCT abolished in 2010 has no child
    assert len(kids) == N_PCTS and "staff-interviews-pcts/old-pct" not in kids
    assert kids[0] == "staff-interviews-pcts/pct-000"
    statuses = evaluate(plan, AS_OF).by_id()
    ratings = [statuses[k].rating for k in kids]
    assert (ratings.count("done"), ratings.count("red")) == (149, 2)
    parent = statuses["staff-interviews-pcts"]
    counts = {r: ratings.count(r) for r in RATINGS}
    assert parent.rating == group_rating(counts) == "red"
    assert parent.reasons == ("149/151 done; 2 red",)
    # expected: the latest child's (31 July 2011), against the deadline of 31 March 2011
    assert (parent.expected, parent.slip_days, parent.actual) == (date(2011, 7, 31), 122, None)
    # the child owns its line: owner, title, deadline and duration inherited
    red = statuses["staff-interviews-pcts/pct-150"]
    assert (red.owner, red.title, red.due.day if red.due else None, red.expected) == (
        "pct-150",
        "PCT staff interviewed: PCT 150",
        date(2011, 3, 31),
        date(2011, 7, 31),
    )


def test_a_silent_child_leaves_the_parent_without_a_date_and_red_stays_worst() -> None:
    plan, found = _load(_mixed(done=148, red=1, silent=2))
    assert found == []
    parent = evaluate(plan, AS_OF).by_id()["staff-interviews-pcts"]
    assert parent.rating == "red"  # red > unknown > done
    assert parent.reasons == ("148/151 done; 1 red, 2 unknown",)
    assert (parent.expected, parent.slip_days) == (None, None)
    assert parent.awaiting == "staff-interviews-pcts/pct-149"  # the first silent child
    plan, _ = _load(_mixed(done=150, red=0, silent=1))
    parent = evaluate(plan, AS_OF).by_id()["staff-interviews-pcts"]
    assert (parent.rating, parent.reasons) == ("unknown", ("150/151 done; 1 unknown",))


def test_the_parent_is_done_on_the_latest_childs_day_when_every_child_is() -> None:
    plan, found = _load(_mixed(done=N_PCTS, red=False, silent=0))
    assert found == []
    latest = max(date(2011, 1, 3) + timedelta(days=(i * 137) % 140) for i in range(N_PCTS))
    parent = evaluate(plan, AS_OF).by_id()["staff-interviews-pcts"]
    assert (parent.rating, parent.actual, parent.reasons[0]) == (
        "done",
        latest,
        f"achieved {latest.day} May 2011, 52 days late",
    )
    assert parent.reasons[1] == "151/151 done"
    # before the last child's actual, the parent is not done yet
    before = evaluate(plan, latest - timedelta(days=1)).by_id()["staff-interviews-pcts"]
    assert before.rating != "done" and before.reasons[0].startswith("150/151 done")


PAIRED = """\
programme:
  id: t
  name: Test
  start: 1 July 2010
  status_date: 1 July 2010
milestones:
  - id: interviews
    title: Staff interviewed
    owner: ceo
    due: 30 September 2010
    cascade: {organisations: [pct-000, pct-001, pct-002]}
    children:
      pct-000: {forecast: 15 August 2010}
      pct-001: {forecast: 20 September 2010}
  - id: appointments
    title: Staff appointed
    owner: ceo
    due: 31 December 2010
    duration: 2w
    depends_on: [interviews]
    cascade: {organisations: [pct-000, pct-001, pct-003]}
  - id: report
    title: National report
    owner: ceo
    due: 31 January 2011
    depends_on: [appointments]
"""


def test_a_dependency_between_two_cascades_pairs_children_by_organisation() -> None:
    plan, found = _load(PAIRED, _organisations(4))
    assert found == []
    deps = {m.id: [d.id for d in m.depends_on] for m in plan.milestones}
    assert deps["appointments/pct-000"] == ["interviews/pct-000"]
    assert deps["appointments/pct-001"] == ["interviews/pct-001"]
    # no child of 'interviews' for pct-003: it waits for all of them (the parent)
    assert deps["appointments/pct-003"] == ["interviews"]
    assert deps["appointments"] == [
        "interviews",
        "appointments/pct-000",
        "appointments/pct-001",
        "appointments/pct-003",
    ]
    rows = evaluate(plan, date(2010, 7, 1)).schedule.rows
    assert rows["appointments/pct-000"].early_finish == date(2010, 8, 29)  # 15 Aug + 2w
    assert rows["appointments/pct-001"].early_finish == date(2010, 10, 4)  # 20 Sep + 2w
    # the parent 'interviews' waits for its latest child, and pct-003 for the parent
    assert rows["interviews"].early_finish == date(2010, 9, 20)
    assert rows["appointments/pct-003"].early_finish == date(2010, 10, 4)
    assert rows["report"].early_finish == date(2010, 10, 4)  # waits for every child


ERRORS = """\
programme:
  id: t
  name: Test
  start: 1 July 2010
milestones:
  - id: a
    title: A
    owner: ceo
    due: 30 September 2010
    actual: 1 September 2010
    cascade: {organisations: [pct-000, pct-0001]}
    children:
      pct-001: {actual: 1 September 2010}
  - id: b
    title: B
    owner: ceo
    due: 30 September 2010
    cascade: {type: primary-care-trusts}
    history:
      - {date: 1 August 2010, due: 31 October 2010, reason: moved}
  - id: c
    title: C
    owner: ceo
    children:
      pct-000: {actual: 1 September 2010}
  - id: d
    title: D
    owner: ceo
    due: 30 September 2010
    cascade: {type: primary-care-trust, organisations: [pct-000]}
  - id: e
    title: E
    owner: ceo
    due: 30 September 2010
    cascade: {organisations: [pct-000, pct-001]}
    children:
      pct-001:
        history:
          - {date: 1 September 2010, forecast: 20 September 2010}
          - {date: 1 August 2010, forecast: 10 September 2010}
"""


def test_cascade_errors_point_at_the_lines_that_cause_them() -> None:
    _plan, found = _load(ERRORS, _organisations(2))
    assert found == [
        "timeline.yaml:10:13: cascade-parent-report",  # actual: on the parent
        "timeline.yaml:11:40: unknown-cascade-organisation",  # pct-0001
        "timeline.yaml:13:7: unknown-cascade-child",  # pct-001 is not in a's list
        "timeline.yaml:18:21: empty-cascade",  # no type primary-care-trusts
        "timeline.yaml:20:9: cascade-parent-report",  # a re-baseline of the whole cascade
        "timeline.yaml:25:7: children-without-cascade",
        "timeline.yaml:30:14: invalid-value",  # both type and organisations
        # the child's own history, at its own lines
        "timeline.yaml:39:48: history-disagrees-with-forecast",
        "timeline.yaml:40:20: history-out-of-order",
    ]


def test_status_shows_the_parent_and_expands_on_request_show_lists_the_children(
    tmp_path: Path,
) -> None:
    (tmp_path / "organisations.yaml").write_text(_organisations(4), encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text(
        PAIRED.replace("status_date: 1 July 2010", "status_date: 1 December 2010").replace(
            "pct-000: {forecast: 15 August 2010}", "pct-000: {actual: 15 August 2010}"
        ),
        encoding="utf-8",
    )
    plan = str(tmp_path)
    result = runner.invoke(app, ["status", "--plan", plan, "-f", "json"], env=ENV)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [m["id"] for m in data["milestones"]] == ["interviews", "appointments", "report"]
    assert data["summary"]["total"] == 3
    interviews = data["milestones"][0]
    assert interviews["reason"].startswith("1/3 done")
    result = runner.invoke(app, ["status", "--plan", plan, "--expand", "-f", "json"], env=ENV)
    assert len(json.loads(result.stdout)["milestones"]) == 9
    result = runner.invoke(
        app, ["status", "--plan", plan, "--organisation", "pct-001", "-f", "json"], env=ENV
    )
    assert [m["id"] for m in json.loads(result.stdout)["milestones"]] == [
        "interviews/pct-001",
        "appointments/pct-001",
    ]
    result = runner.invoke(app, ["show", "interviews", "--plan", plan], env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "Children (1/3 done, one per organisation)" in result.stdout
    for org in ("pct-000", "pct-001", "pct-002"):
        assert f"interviews/{org}" in result.stdout
    result = runner.invoke(app, ["show", "interviews/pct-000", "--plan", plan], env=ENV)
    assert result.exit_code == 0 and "PCT 0" in result.stdout
    # the roll-up counts the children under their organisations, not the parents again
    loaded, _ = _load(PAIRED, _organisations(4))
    rollup = roll_up(loaded, evaluate(loaded, date(2010, 7, 1)).milestones, "owner", AS_OF)
    assert sum(g.total for g in rollup.groups) == 7  # 6 children and 'report'


def test_an_empty_cascade_says_whether_the_type_or_the_dates_are_wrong() -> None:
    def messages(kind: str, due: str) -> list[str]:
        timeline = HEAD.replace("{type: primary-care-trust}", f"{{type: {kind}}}").replace(
            "due: 31 March 2011", f"due: {due}"
        )
        result = load_texts({"organisations.yaml": _organisations(0), "timeline.yaml": timeline})
        return [d.message for d in result.diagnostics if d.code == "empty-cascade"]

    # the type is right, but its one organisation was abolished before the deadline
    assert messages("primary-care-trust", "31 March 2011") == [
        "'staff-interviews-pcts' cascades to every organisation of type 'primary-care-trust', "
        "but none of the 1 is active on its deadline 31 March 2011: fix the deadline, or the "
        "organisations' dates"
    ]
    # a misspelt type: did you mean
    assert messages("primary-care-trusts", "31 March 2011") == [
        "'staff-interviews-pcts' cascades to every organisation of type 'primary-care-trusts', "
        "but there is none of that type (did you mean 'primary-care-trust'?): fix the type"
    ]
