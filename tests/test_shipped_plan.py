"""The shipped NHS plan (the repository's data/) loads cleanly and replays the historical record."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from nhs_transition.checks import run_checks
from nhs_transition.errors import Severity
from nhs_transition.load import LoadResult, load_plan
from nhs_transition.model import Plan
from nhs_transition.slippage import Evaluation, MilestoneStatus, evaluate

DATA = Path(__file__).resolve().parent.parent / "data"
AFTER_THE_EVENT = date(2013, 6, 30)

TEN_SHAS = {
    "NHS North East",
    "NHS North West",
    "NHS Yorkshire and the Humber",
    "NHS East Midlands",
    "NHS West Midlands",
    "NHS East of England",
    "NHS London",
    "NHS South East Coast",
    "NHS South Central",
    "NHS South West",
}


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load_plan(DATA)


@pytest.fixture(scope="module")
def plan(loaded: LoadResult) -> Plan:
    assert loaded.plan is not None, [str(d) for d in loaded.diagnostics]
    return loaded.plan


@pytest.fixture(scope="module")
def replay(plan: Plan) -> dict[str, MilestoneStatus]:
    return evaluate(plan, AFTER_THE_EVENT).by_id()


@pytest.fixture(scope="module")
def at_status_date(plan: Plan) -> Evaluation:
    assert plan.programme.status_date is not None
    return evaluate(plan, plan.programme.status_date.day)


def test_loads_without_errors(loaded: LoadResult) -> None:
    errors = [str(d) for d in loaded.diagnostics if d.severity == Severity.ERROR]
    assert errors == []
    assert loaded.plan is not None


def test_checks_find_nothing_but_later_actuals(plan: Plan) -> None:
    # The status date (1 July 2011) tells the story; the actuals after it are the historical
    # record, which an as-of replay ignores (SPEC section 5). Any other diagnostic, error or
    # warning, is a real problem in the plan.
    others = [str(d) for d in run_checks(plan) if d.code != "actual-after-status-date"]
    assert others == []


def test_checks_are_clean_under_strict(plan: Plan) -> None:
    assert [str(d) for d in run_checks(plan)] == []


def test_at_least_forty_milestones_each_with_a_source(plan: Plan) -> None:
    assert len(plan.milestones) >= 40
    assert [m.id for m in plan.milestones if not (m.source or "").strip()] == []


def test_every_actual_and_reforecast_is_sourced(plan: Plan) -> None:
    # (a cascade's parent takes its actual from its children, each sourced)
    assert [
        m.id
        for m in plan.milestones
        if m.actual and not (m.actual_source or "").strip() and m.id not in plan.cascades
    ] == []
    unsourced = [
        (m.id, h.date.text) for m in plan.milestones for h in m.history if not (h.source or "")
    ]
    assert unsourced == []


def test_every_owner_resolves(plan: Plan) -> None:
    owners = {o.id for o in plan.organisations} | {r.id for r in plan.roles}
    assert [(m.id, m.owner) for m in plan.milestones if m.owner not in owners] == []
    organisations = {o.id for o in plan.organisations}
    assert [r.id for r in plan.roles if r.organisation not in organisations] == []


def test_the_ten_shas_are_abolished_on_31_march_2013(plan: Plan) -> None:
    shas = {o.name: o for o in plan.organisations if o.type == "strategic-health-authority"}
    assert set(shas) == TEN_SHAS
    for name, org in shas.items():
        assert org.abolished is not None, name
        assert org.abolished.day == date(2013, 3, 31), name


def test_bill_introduced_about_fifty_days_late(replay: dict[str, MilestoneStatus]) -> None:
    # Due "Autumn 2010" = 30 November 2010; introduced 19 January 2011:
    # 31 days of December + 19 of January = 50.
    m = replay["bill-introduced"]
    assert m.due is not None and m.due.text == "Autumn 2010"
    assert (m.rating, m.actual, m.slip_days) == ("done", date(2011, 1, 19), 50)


def test_royal_assent_about_209_days_late(replay: dict[str, MilestoneStatus]) -> None:
    # Due "by summer 2011" = 31 August 2011; Royal Assent 27 March 2012:
    # Sep 30 + Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 29 (2012 is a leap year) + Mar 27 = 209.
    m = replay["royal-assent"]
    assert (m.rating, m.actual, m.slip_days) == ("done", date(2012, 3, 27), 209)


def test_sha_abolition_a_year_late(replay: dict[str, MilestoneStatus]) -> None:
    # Due "from 2012/13" = 1 April 2012; abolished (first day without SHAs) 1 April 2013:
    # a year with no 29 February in it = 365 days.
    m = replay["sha-abolished"]
    assert m.due is not None and m.due.text == "from 2012/13"
    assert (m.rating, m.actual, m.slip_days) == ("done", date(2013, 4, 1), 365)


def test_pct_abolition_on_time(replay: dict[str, MilestoneStatus]) -> None:
    # Due "from April 2013" = 1 April 2013; abolished 1 April 2013: 0 days.
    m = replay["pct-abolished"]
    assert (m.rating, m.actual, m.slip_days) == ("done", date(2013, 4, 1), 0)


def test_every_sha_in_its_cluster_on_3_october_2011(
    plan: Plan, replay: dict[str, MilestoneStatus]
) -> None:
    # The cluster chief executives took up their posts on Monday 3 October 2011 (DH statement
    # of August 2011), inside the deadline 'by October 2011': every child done, 28 days early.
    kids = plan.cascades["sha-clusters"]
    names = {o.id: o.name for o in plan.organisations}
    assert {names[replay[k].owner] for k in kids} == TEN_SHAS
    assert {(replay[k].rating, replay[k].actual, replay[k].slip_days) for k in kids} == {
        ("done", date(2011, 10, 3), -28)
    }
    parent = replay["sha-clusters"]
    assert (parent.rating, parent.actual, parent.reasons[-1]) == (
        "done",
        date(2011, 10, 3),
        "10/10 done",
    )
    # the three cascades of 2010 stay silent for every SHA, after the event too
    for mid in ("regional-bridges", "regional-directors", "staff-interviews-shas"):
        assert {replay[k].rating for k in plan.cascades[mid]} == {"unknown"}


def test_commissioning_board_shadow_then_statutory(replay: dict[str, MilestoneStatus]) -> None:
    # Shadow form due "2011/12" (31 March 2012), in force 31 October 2011: 152 days early.
    # Statutory body due "by April 2012" (30 April 2012), established 1 October 2012:
    # May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 30 + 1 = 154 days late.
    shadow, statutory = replay["nhscb-shadow"], replay["nhscb-established"]
    assert (shadow.actual, shadow.slip_days) == (date(2011, 10, 31), -152)
    assert (statutory.actual, statutory.slip_days) == (date(2012, 10, 1), 154)


def test_sha_abolition_reforecast_on_20_june_2011(plan: Plan) -> None:
    sha = next(m for m in plan.milestones if m.id == "sha-abolished")
    entry = next(h for h in sha.history if h.date.day == date(2011, 6, 20))
    assert entry.forecast.day == date(2013, 4, 1)
    assert "Future Forum" in (entry.reason or "")


def test_status_date_tells_the_story(at_status_date: Evaluation) -> None:
    # 1 July 2011: the Bill was introduced late, the pause has passed, SHA abolition has just
    # moved back a year, and Royal Assent can no longer come by the summer.
    by_id = at_status_date.by_id()
    assert at_status_date.as_of == date(2011, 7, 1)
    assert (by_id["bill-introduced"].rating, by_id["bill-introduced"].slip_days) == ("done", 50)
    assert (by_id["sha-abolished"].rating, by_id["sha-abolished"].slip_days) == ("red", 365)
    assert by_id["royal-assent"].rating == "red"
    assert by_id["royal-assent"].actual is None  # 27 March 2012 is after the status date
    assert by_id["pct-abolished"].slip_days == 0


def test_sources_file_names_the_letter(plan: Plan) -> None:
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "Gateway ref. 14795" in text
    assert re.search(r"13 July 2010", text)


def test_ratings_on_1_july_2011_rest_on_evidence(at_status_date: Evaluation, plan: Plan) -> None:
    # What the record supports on the status date (SPEC section 5), counted by hand from
    # data/SOURCES.md: 15 achieved; 7 re-forecast late by the Government's response of 20 June
    # 2011 or the pause of April 2011; 8 whose deadline passed with nothing recorded since (three
    # of them cascades over the ten SHAs, every child silent); the SHA clusters due in October
    # 2011 among the green. A cascade counts once, by its parent.
    s = at_status_date.summary
    assert (s.done, s.red, s.amber, s.green, s.unknown, s.undated, s.cancelled, s.total) == (
        15,
        7,
        1,
        6,
        8,
        17,
        0,
        54,
    )
    children = {kid for kids in plan.cascades.values() for kid in kids}
    assert sorted(plan.cascades) == [
        "regional-bridges",
        "regional-directors",
        "sha-clusters",
        "staff-interviews-shas",
    ]
    assert all(len(kids) == 10 for kids in plan.cascades.values())
    by_id = at_status_date.by_id()
    for parent in ("regional-bridges", "regional-directors", "staff-interviews-shas"):
        assert by_id[parent].reasons == ("0/10 done; 10 unknown",)
        assert {by_id[k].rating for k in plan.cascades[parent]} == {"unknown"}
    # the clusters: every SHA's actual is 3 October 2011, after the status date
    assert {by_id[k].rating for k in plan.cascades["sha-clusters"]} == {"green"}
    assert by_id["sha-clusters"].reasons == ("0/10 done; 10 green",)
    milestones = {m.id: m for m in plan.milestones}
    as_of = at_status_date.as_of
    for status in at_status_date.milestones:
        m = milestones[status.id]
        if status.rating == "red":  # a recorded forecast or report says it is late
            assert status.forecast is not None or any(h.date.day <= as_of for h in m.history)
        if status.rating == "undated":
            assert status.due is None and status.forecast is None
        if status.rating == "green":  # never green with nothing to measure it against
            assert status.due is not None or status.forecast is not None
        if status.expected is None:
            assert status.slip_days is None
    awaiting = [
        x.id for x in at_status_date.milestones if x.rating == "unknown" and x.id not in children
    ]
    assert sorted(awaiting) == [
        "commissioner-provider-split",
        "first-consortia-responsibility",
        "regional-bridges",
        "regional-directors",
        "regional-meetings",
        "staff-interviews-pcts",
        "staff-interviews-shas",
        "tcs-complete",
    ]


def test_design_principles_achieved_on_10_september_2010(at_status_date: Evaluation) -> None:
    # Nicholson, 15 December 2010: "I wrote to you on 10 September to set out the design rules".
    s = at_status_date.by_id()["design-principles"]
    assert (s.rating, s.actual, s.slip_days) == ("done", date(2010, 9, 10), 0)


def test_rebaselines_are_changes_of_plan_not_slip(replay: dict[str, MilestoneStatus]) -> None:
    # Efficiency savings: the Spending Review of October 2010 moved the target to 2014/15.
    savings = replay["efficiency-savings"]
    assert savings.rebaselined
    assert (savings.due and savings.due.day, savings.original_due and savings.original_due.day) == (
        date(2015, 3, 31),
        date(2014, 3, 31),
    )
    # The foundation trust pipeline: April 2014 in the Bill of January 2011, then a forecast of
    # 2016 (PAC, October 2011); its slip is measured against the deadline in force.
    ft = replay["ft-pipeline-complete"]
    assert ft.rebaselined and ft.rating == "red"
    assert ft.slip_days is not None and ft.original_slip_days is not None
    assert ft.original_slip_days - ft.slip_days == 365  # one year re-baselined, not slipped


def test_the_readme_first_screen_is_what_status_prints() -> None:
    from typer.testing import CliRunner

    from nhs_transition.cli import app

    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("The first screen (at 100 columns", 1)[1]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    assert shown.endswith("\n...\n")
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": None}
    result = CliRunner().invoke(app, ["status", "--plan", str(DATA)], env=env)
    assert result.exit_code == 0
    expected = "\n".join(result.stdout.splitlines()[: shown.count("\n") - 1]) + "\n...\n"
    assert shown == expected, "regenerate README's first screen: COLUMNS=100 transition status"
