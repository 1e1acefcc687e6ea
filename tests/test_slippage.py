"""Slip and ratings as of a date (SPEC section 5), rule by rule and at each boundary."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nhs_transition.slippage import (
    Evaluation,
    MilestoneStatus,
    binding_chain,
    evaluate,
    owner_labels,
    owners_under,
    summarise,
    worst_first,
)
from tests.factories import make_plan, milestone

AS_OF = date(2010, 5, 1)


def iso(d: date) -> str:
    return d.isoformat()


def on_day(n: int) -> date:
    """The day `n` days after AS_OF."""
    return AS_OF + timedelta(days=n)


def on(n: int) -> str:
    """The day `n` days after AS_OF, in ISO form."""
    return iso(AS_OF + timedelta(days=n))


def evaluate_one(as_of: date = AS_OF, **fields: Any) -> MilestoneStatus:
    """Evaluate a plan of one milestone `m` and return its status."""
    return evaluate(make_plan([milestone("m", **fields)]), as_of).milestones[0]


def evaluate_many(ms: list[dict[str, Any]], as_of: date = AS_OF, **kw: Any) -> Evaluation:
    return evaluate(make_plan(ms, **kw), as_of)


# A report dated on the as-of date that says only "not done yet": after a passed deadline it
# is the evidence that makes the milestone late rather than unknown (SPEC section 5).
REPORTED = [{"date": "2010-05-01", "reason": "not done yet"}]


# --- green and the float warning -----------------------------------------------------------


def test_far_deadline_no_forecast_is_green_but_claims_no_date() -> None:
    s = evaluate_one(due=on(60))
    assert (s.rating, s.reasons) == ("green", ("not yet due (30 June 2010)",))
    # Held at D for scheduling (it cannot finish before D), but that is not an expectation:
    # no expected date and no slip rest on it.
    assert (s.expected, s.slip_days, s.scheduled) == (None, None, AS_OF)
    assert s.total_float == 60


def test_float_exactly_the_warning_is_green() -> None:
    s = evaluate_one(due=on(14))
    assert (s.total_float, s.rating) == (14, "green")


def test_float_one_below_the_warning_is_amber() -> None:
    s = evaluate_one(due=on(13))
    assert (s.total_float, s.rating, s.reasons) == (13, "amber", ("float 13 days",))


def test_a_float_in_working_days_says_so() -> None:
    """Under `calendar: working-days` floats count working days: the reason says which."""
    s = evaluate(
        make_plan([milestone("m", due=on(13))], programme={"calendar": "working-days"}), AS_OF
    ).milestones[0]
    assert s.rating == "amber"
    assert s.reasons == (f"float {s.total_float} working days",)
    assert s.total_float < 13  # fewer working days than calendar days


def test_float_warning_follows_the_programme() -> None:
    s = evaluate(
        make_plan([milestone("m", due=on(13))], programme={"float_warning_days": 10}), AS_OF
    ).milestones[0]
    assert s.rating == "green"


def test_deadline_today_is_amber_not_red() -> None:
    s = evaluate_one(due=iso(AS_OF))
    assert (s.slip_days, s.total_float, s.rating) == (None, 0, "amber")
    assert s.reasons == ("float 0 days",)


def test_negative_float_names_what_it_waits_on() -> None:
    ev = evaluate_many(
        [
            milestone("bill-introduced", forecast="2010-06-10"),
            milestone("second-reading", duration="10d", depends_on=["bill-introduced"]),
            milestone(
                "royal-assent", duration="20d", depends_on=["second-reading"], due="2010-07-01"
            ),
        ]
    )
    by = ev.by_id()
    second = by["second-reading"]
    assert (second.slip_days, second.total_float, second.rating) == (None, -9, "amber")
    assert second.reasons == ("float -9 days: waits on bill-introduced",)
    assert by["bill-introduced"].reasons == ("float -9 days",)
    assert by["royal-assent"].reasons == (
        "9 days late: waits on second-reading (within tolerance)",
    )
    assert binding_chain(by["royal-assent"], by) == (
        "bill-introduced",
        "second-reading",
        "royal-assent",
    )
    assert by["royal-assent"].waits_on == "second-reading"
    assert binding_chain(by["bill-introduced"], by) == ("bill-introduced",)


# --- amber and red by slip -----------------------------------------------------------------


def test_slip_exactly_the_tolerance_is_amber() -> None:
    s = evaluate_one(due="2010-06-01", forecast="2010-06-15")
    assert (s.slip_days, s.rating) == (14, "amber")
    assert s.reasons == ("forecast 14 days late (within tolerance)",)


def test_slip_one_over_the_tolerance_is_red() -> None:
    s = evaluate_one(due="2010-06-01", forecast="2010-06-16")
    assert (s.slip_days, s.rating) == (15, "red")
    assert s.reasons == ("forecast 15 days late",)


def test_tolerance_follows_the_programme() -> None:
    plan = make_plan(
        [milestone("m", due="2010-06-01", forecast="2010-06-16")],
        programme={"amber_tolerance_days": 20},
    )
    assert evaluate(plan, AS_OF).milestones[0].rating == "amber"


def test_one_day_late_is_amber() -> None:
    s = evaluate_one(due="2010-06-01", forecast="2010-06-02")
    assert (s.slip_days, s.rating) == (1, "amber")
    assert s.reasons == ("forecast 1 day late (within tolerance)",)


def test_forecast_earlier_than_the_deadline_with_room_is_green() -> None:
    s = evaluate_one(due="2010-07-01", forecast="2010-06-01")
    assert (s.slip_days, s.total_float, s.rating) == (-30, 30, "green")


def test_red_by_slip_from_a_dependency_says_what_it_waits_on() -> None:
    ev = evaluate_many(
        [
            milestone("a", forecast="2010-08-01"),
            milestone("b", depends_on=["a"], due="2010-07-01"),
        ]
    )
    b = ev.by_id()["b"]
    assert (b.slip_days, b.rating) == (31, "red")
    assert b.reasons == ("31 days late: waits on a",)


# --- red: the deadline has passed ----------------------------------------------------------


def test_deadline_yesterday_with_a_report_since_is_red() -> None:
    s = evaluate_one(due=on(-1), history=REPORTED)
    assert (s.slip_days, s.rating, s.expected) == (1, "red", AS_OF)
    assert s.reasons == ("deadline passed 1 day ago", "reported 1 May 2010: not done yet")


def test_deadline_yesterday_and_nothing_recorded_is_unknown_not_late() -> None:
    s = evaluate_one(due=on(-1))
    assert (s.rating, s.slip_days, s.expected, s.silent_since) == (
        "unknown",
        None,
        None,
        on_day(-1),
    )
    assert s.reasons == ("due 30 April 2010; nothing recorded since",)
    assert s.scheduled == AS_OF  # still held at D for scheduling: knock-on flows


def test_a_report_before_the_deadline_does_not_break_the_silence_after_it() -> None:
    s = evaluate_one(due=on(-12), history=[{"date": on(-20), "reason": "on track"}])
    assert s.rating == "unknown"
    assert s.reasons == ("due 19 April 2010; nothing recorded since (last report 11 April 2010)",)
    assert s.last_report == on_day(-20)


def test_a_confirmation_on_the_deadline_itself_is_not_after_it() -> None:
    assert evaluate_one(due=on(-3), history=[{"date": on(-3)}]).rating == "unknown"
    assert evaluate_one(due=on(-3), history=[{"date": on(-2)}]).rating == "red"


def test_deadline_passed_twelve_days_ago() -> None:
    s = evaluate_one(due=on(-12), history=REPORTED)
    assert s.rating == "red"
    assert s.reasons[0] == "deadline passed 12 days ago"
    assert s.reason == "deadline passed 12 days ago; reported 1 May 2010: not done yet"


def test_deadline_passed_with_a_forecast() -> None:
    s = evaluate_one(due=on(-12), forecast=on(3))
    assert (s.slip_days, s.rating) == (15, "red")
    assert s.reasons == ("deadline passed 12 days ago", "forecast 4 May 2010")


def test_deadline_passed_and_the_forecast_too_with_nothing_since_is_unknown() -> None:
    s = evaluate_one(due=on(-12), forecast=on(-2))
    assert (s.rating, s.expected, s.slip_days) == ("unknown", None, None)
    assert s.reasons == ("forecast 29 April 2010 passed; nothing recorded since",)


def test_forecast_passed_with_no_actual_but_a_report_after_it_is_red() -> None:
    history = [
        {"date": on(-20), "forecast": on(-2), "reason": "late"},
        {"date": on(-1), "reason": "still open"},
    ]
    s = evaluate_one(due=on(-12), forecast=on(-2), history=history)
    assert (s.rating, s.expected, s.slip_days) == ("red", AS_OF, 12)
    assert s.reasons == (
        "deadline passed 12 days ago",
        "forecast 29 April 2010 has passed",
        "reported 30 April 2010: still open",
    )


def test_a_forecast_earlier_than_the_deadline_that_passed_is_the_date_it_was_due_by() -> None:
    s = evaluate_one(due=on(30), forecast=on(-5))
    assert (s.rating, s.silent_since) == ("unknown", on_day(-5))


def test_deadline_passed_is_red_even_within_tolerance() -> None:
    s = evaluate_one(due=on(-1), forecast=on(0), history=[{"date": on(0), "forecast": on(0)}])
    assert (s.slip_days, s.rating) == (1, "red")


# --- done --------------------------------------------------------------------------------


def test_done_on_time() -> None:
    s = evaluate_one(due="2010-03-01", actual="2010-03-01")
    assert (s.rating, s.slip_days, s.actual) == ("done", 0, date(2010, 3, 1))
    assert s.reasons == ("achieved 1 March 2010, on time",)
    assert s.done and binding_chain(s, {s.id: s}) == ()


def test_done_late() -> None:
    s = evaluate_one(due="2010-03-01", actual="2010-03-13")
    assert (s.rating, s.slip_days) == ("done", 12)
    assert s.reasons == ("achieved 13 March 2010, 12 days late",)


def test_done_early() -> None:
    s = evaluate_one(due="2010-03-01", actual="2010-02-26")
    assert (s.rating, s.slip_days) == ("done", -3)
    assert s.reasons == ("achieved 26 February 2010, 3 days early",)


def test_done_on_the_as_of_date() -> None:
    s = evaluate_one(due=on(10), actual=iso(AS_OF))
    assert s.rating == "done"


def test_done_without_deadline_has_no_slip() -> None:
    s = evaluate_one(actual="2010-03-01")
    assert (s.rating, s.slip_days, s.reasons) == ("done", None, ("achieved 1 March 2010",))


def test_actual_after_the_as_of_date_is_ignored() -> None:
    s = evaluate_one(due=on(-5), actual=on(3))
    assert s.actual is None
    assert (s.rating, s.slip_days, s.expected) == ("unknown", None, None)
    later = evaluate_one(as_of=AS_OF + timedelta(days=3), due=on(-5), actual=on(3))
    assert (later.rating, later.slip_days) == ("done", 8)


# --- no deadline, history ------------------------------------------------------------------


def test_no_deadline_means_no_slip() -> None:
    s = evaluate_one(forecast="2011-01-01")
    assert s.slip_days is None
    assert s.due is None


def test_history_entry_after_the_as_of_date_is_ignored() -> None:
    history = [
        {"date": "2010-03-01", "forecast": "2010-06-10"},
        {"date": "2010-05-15", "forecast": "2010-07-30"},
    ]
    s = evaluate_one(due="2010-06-30", forecast="2010-07-30", history=history)
    assert s.forecast is not None and s.forecast.day == date(2010, 6, 10)
    assert (s.expected, s.slip_days, s.rating) == (date(2010, 6, 10), -20, "green")
    later = evaluate_one(
        as_of=date(2010, 5, 20), due="2010-06-30", forecast="2010-07-30", history=history
    )
    assert later.forecast is not None and later.forecast.day == date(2010, 7, 30)
    assert (later.slip_days, later.rating) == (30, "red")


def test_the_reason_for_a_late_reforecast_is_given() -> None:
    history = [
        {"date": "2010-03-01", "forecast": "2010-06-10", "reason": "consultation"},
        {"date": "2010-04-15", "forecast": "2010-07-30", "reason": "listening exercise"},
    ]
    s = evaluate_one(due="2010-06-30", forecast="2010-07-30", history=history)
    assert s.reasons == ("forecast 30 days late", "re-forecast 15 April 2010: listening exercise")
    earlier = evaluate_one(
        as_of=date(2010, 3, 2), due="2010-06-30", forecast="2010-07-30", history=history
    )
    assert earlier.reasons == ("forecast 20 days early",)
    overdue = evaluate_one(
        as_of=date(2010, 7, 2), due="2010-06-30", forecast="2010-07-30", history=history
    )
    assert overdue.reasons == (
        "deadline passed 2 days ago",
        "forecast 30 July 2010",
        "re-forecast 15 April 2010: listening exercise",
    )


def test_history_entry_on_the_as_of_date_is_in_force() -> None:
    history = [{"date": iso(AS_OF), "forecast": "2010-06-10"}]
    s = evaluate_one(due="2010-06-30", history=history)
    assert s.forecast is not None and s.forecast.day == date(2010, 6, 10)


def test_history_all_after_the_as_of_date_leaves_no_forecast() -> None:
    history = [{"date": on(5), "forecast": "2010-09-10"}]
    s = evaluate_one(due="2010-06-30", forecast="2010-09-10", history=history)
    assert s.forecast is None
    assert (s.slip_days, s.expected, s.rating) == (None, None, "green")


def test_forecast_window_counts_its_last_day() -> None:
    s = evaluate_one(due="2010-09-30", forecast="autumn 2010")
    assert s.expected == date(2010, 11, 30)
    assert s.slip_days == 61


# --- dependencies ------------------------------------------------------------------------


def test_red_dependency_makes_amber() -> None:
    ev = evaluate_many(
        [
            milestone("x", due=on(-3), history=REPORTED),
            milestone("y", depends_on=["x"], due=on(90)),
        ],
    )
    y = ev.by_id()["y"]
    assert ev.by_id()["x"].rating == "red"
    assert (y.rating, y.reasons) == ("amber", ("dependency x is red",))


def test_a_red_driver_is_named_once() -> None:
    ev = evaluate_many(
        [
            milestone("a", due=on(-3), history=REPORTED),
            milestone("b", due=on(-2), history=REPORTED),
            milestone("c", depends_on=["a", "b"], due=on(-1), history=REPORTED),
        ]
    )
    c = ev.by_id()["c"]
    assert c.reasons == (
        "deadline passed 1 day ago",
        "waits on a (red)",
        "reported 1 May 2010: not done yet",
        "dependency b is red",
    )


def test_a_red_driver_with_room_to_spare_is_still_named() -> None:
    ev = evaluate_many(
        [milestone("a", due=on(-3), history=REPORTED), milestone("c", depends_on=["a"], due=on(90))]
    )
    c = ev.by_id()["c"]
    assert c.waits_on == "a"
    assert (c.rating, c.reasons) == ("amber", ("dependency a is red",))


def test_negative_float_behind_a_red_driver() -> None:
    ev = evaluate_many(
        [
            milestone("a", due=on(-3), history=REPORTED),
            milestone("b", depends_on=["a"], duration="10d", due=on(30)),
            milestone("c", depends_on=["b"], duration="30d", due=on(31)),
        ]
    )
    b = ev.by_id()["b"]
    assert (b.slip_days, b.total_float, b.rating) == (-20, -9, "amber")
    assert b.reasons == ("float -9 days: waits on a (red)",)


def test_several_red_dependencies_are_named() -> None:
    ev = evaluate_many(
        [
            milestone("a", due=on(-3), history=REPORTED),
            milestone("b", due=on(-2), history=REPORTED),
            milestone("c", depends_on=["a", "b"], due=on(90)),
        ]
    )
    assert ev.by_id()["c"].reasons == ("dependencies a, b are red",)


def test_many_red_dependencies_are_counted() -> None:
    reds = [milestone(f"r{i}", due=on(-1), history=REPORTED) for i in range(5)]
    ev = evaluate_many([*reds, milestone("c", depends_on=[f"r{i}" for i in range(5)], due=on(90))])
    assert ev.by_id()["c"].reasons == ("dependencies r0, r1, r2 and 2 more are red",)


def test_amber_dependency_does_not_spread() -> None:
    ev = evaluate_many(
        [milestone("x", due=on(5)), milestone("y", depends_on=["x"], due=on(90))],
    )
    assert ev.by_id()["x"].rating == "amber"
    assert ev.by_id()["y"].rating == "green"


def test_done_dependency_that_was_late_does_not_count() -> None:
    ev = evaluate_many(
        [
            milestone("x", due="2010-03-01", actual="2010-04-01"),
            milestone("y", depends_on=["x"], due=on(90)),
        ]
    )
    assert ev.by_id()["y"].rating == "green"


# --- declared status ---------------------------------------------------------------------


def test_declared_at_risk_but_green_is_a_disagreement() -> None:
    s = evaluate_one(due=on(90), status="at-risk")
    assert (s.rating, s.declared_status) == ("green", "at-risk")
    assert s.disagreement == "declared at-risk, but computes green"


def test_declared_blocked_and_red_agree() -> None:
    s = evaluate_one(due=on(-1), status="blocked", history=REPORTED)
    assert (s.rating, s.declared_status, s.disagreement) == ("red", "blocked", None)


def test_declared_at_risk_and_amber_agree() -> None:
    assert evaluate_one(due=on(3), status="at-risk").disagreement is None


def test_declared_blocked_but_done() -> None:
    s = evaluate_one(due=on(10), actual=on(-1), status="blocked")
    assert s.disagreement == "declared blocked, but achieved"


def test_declared_cancelled_but_done() -> None:
    s = evaluate_one(actual=on(-1), status="cancelled")
    assert s.disagreement == "declared cancelled, but achieved"


def test_no_declared_status_no_disagreement() -> None:
    s = evaluate_one(due=on(90))
    assert (s.declared_status, s.disagreement) == (None, None)


# --- owners --------------------------------------------------------------------------------

ORGS = [
    {"id": "dh", "name": "Department of Health"},
    {"id": "shas", "name": "Strategic health authorities", "parent": "dh"},
    {"id": "sha-london", "name": "NHS London", "parent": "shas"},
    {"id": "cqc", "name": "Care Quality Commission"},
]
ROLES = [
    {"id": "nhs-ceo", "title": "NHS Chief Executive", "organisation": "dh", "holder": "Sir D N"},
    {"id": "london-ceo", "title": "Chief Executive, NHS London", "organisation": "sha-london"},
    {"id": "cqc-chair", "title": "Chair", "organisation": "cqc"},
]


def org_plan() -> Any:
    return make_plan([milestone("m")], organisations=ORGS, roles=ROLES)


def test_owners_under_an_organisation_includes_children_and_their_posts() -> None:
    plan = org_plan()
    assert owners_under(plan, "dh") == {"dh", "shas", "sha-london", "nhs-ceo", "london-ceo"}
    assert owners_under(plan, "shas") == {"shas", "sha-london", "london-ceo"}
    assert owners_under(plan, "sha-london") == {"sha-london", "london-ceo"}


def test_owners_under_a_post_is_the_post() -> None:
    assert owners_under(org_plan(), "nhs-ceo") == {"nhs-ceo"}


def test_owners_under_survives_a_parent_cycle() -> None:
    plan = make_plan(
        [milestone("m")],
        organisations=[
            {"id": "a", "name": "A", "parent": "b"},
            {"id": "b", "name": "B", "parent": "a"},
        ],
    )
    assert owners_under(plan, "a") == {"a", "b"}


def test_owner_labels_show_the_post_and_its_holder() -> None:
    labels = owner_labels(org_plan())
    assert labels["nhs-ceo"] == "NHS Chief Executive (Sir D N)"
    assert labels["london-ceo"] == "Chief Executive, NHS London"
    assert labels["sha-london"] == "NHS London"


def test_status_carries_the_owner_label() -> None:
    plan = make_plan(
        [milestone("m", owner="nhs-ceo", workstream="structures")], organisations=ORGS, roles=ROLES
    )
    s = evaluate(plan, AS_OF).milestones[0]
    assert (s.owner, s.owner_label, s.workstream) == (
        "nhs-ceo",
        "NHS Chief Executive (Sir D N)",
        "structures",
    )


# --- summary and order ---------------------------------------------------------------------


def test_summary_counts_and_due_soon() -> None:
    ev = evaluate_many(
        [
            milestone("done", actual=on(-10), due=on(-5)),
            milestone("overdue", due=on(-1)),
            milestone("today", due=on(0)),
            milestone("edge", due=on(28)),
            milestone("beyond", due=on(29)),
            milestone("soon", due=on(7)),
            milestone("undated"),
        ],
        programme={"deadline": on(100)},
    )
    s = ev.summary
    # "overdue" has passed its deadline with nothing recorded since: awaiting a return, not red;
    # "undated" is measured against the programme deadline, a deadline on every milestone.
    assert (s.done, s.green, s.amber, s.red, s.total) == (1, 3, 2, 0, 7)
    assert (s.unknown, s.undated, s.cancelled) == (1, 0, 0)
    assert s.percent_done == 14
    assert s.due_soon == ("today", "soon", "edge")
    assert (s.deadline, s.finish) == (AS_OF + timedelta(days=100), AS_OF)
    assert s.finish_slip_days == -100
    assert s.count("amber") == 2


def test_summary_without_a_programme_deadline() -> None:
    s = evaluate_many([milestone("a", forecast="2010-09-01")]).summary
    assert (s.deadline, s.finish, s.finish_slip_days) == (None, date(2010, 9, 1), None)


def test_summarise_a_subset() -> None:
    ev = evaluate_many([milestone("a", due=on(-1)), milestone("b", due=on(90))])
    sub = summarise(
        [ev.by_id()["b"]], as_of=AS_OF, finish=ev.summary.finish, deadline=ev.summary.deadline
    )
    assert (sub.total, sub.green, sub.red) == (1, 1, 0)


def test_empty_plan_summary() -> None:
    s = evaluate_many([]).summary
    assert (s.total, s.percent_done, s.due_soon) == (0, 0, ())


def test_milestones_keep_file_order_even_when_dependencies_point_forward() -> None:
    ev = evaluate_many([milestone("b", depends_on=["a"]), milestone("a")])
    assert [m.id for m in ev.milestones] == ["b", "a"]


def test_worst_first_largest_slip_first_nulls_last() -> None:
    ev = evaluate_many(
        [
            milestone("none"),
            milestone("early", due=on(30)),
            milestone("late", due=on(-20), history=REPORTED),
            milestone("later", due=on(-40), history=REPORTED),
            milestone("silent", due=on(-30)),
            milestone("done", due=on(-60), actual=on(-50)),
        ]
    )
    # Only slips on evidence are ranked: "early" (no forecast) and "silent" (unknown) have none.
    assert [s.id for s in worst_first(ev.milestones)] == [
        "later",
        "late",
        "done",
        "early",
        "none",
        "silent",
    ]


# --- properties: the ratings are the SPEC's definitions ------------------------------------


@st.composite
def small_plans(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 8))
    out: list[dict[str, Any]] = []
    for i in range(n):
        m = milestone(f"m{i}", duration=f"{draw(st.integers(0, 30))}d")
        if i and draw(st.booleans()):
            m["depends_on"] = sorted(
                {f"m{j}" for j in draw(st.lists(st.integers(0, i - 1), min_size=1, max_size=3))}
            )
        for key, chance in (("due", 0.7), ("forecast", 0.3), ("actual", 0.25)):
            if draw(st.floats(0, 1)) < chance:
                m[key] = on(draw(st.integers(-90, 120)))
        history = []
        for day in sorted(draw(st.lists(st.integers(-120, 30), max_size=3))):
            entry: dict[str, Any] = {"date": on(day), "reason": "r"}
            kind = draw(st.sampled_from(["confirm", "forecast", "due", "cancel"]))
            if kind == "forecast":
                entry["forecast"] = on(draw(st.integers(-90, 120)))
            elif kind == "due":
                entry["due"] = on(draw(st.integers(-90, 120)))
            elif kind == "cancel":
                entry["status"] = "cancelled"
            history.append(entry)
        if history:
            m["history"] = history
        out.append(m)
    return out


def _in_force(m: Any, key: str, as_of: date) -> date | None:
    """The value of `key` in force on `as_of`, read straight from the SPEC's words."""
    dated = [e for e in m.history if getattr(e, key) is not None]
    if key == "forecast" and not dated:
        return m.forecast.day if m.forecast is not None else None
    found = m.due.day if key == "due" and m.due is not None else None
    for e in dated:
        if e.date.day <= as_of:
            found = getattr(e, key).day
    return found


@settings(max_examples=120, deadline=None)
@given(small_plans(), st.integers(0, 20), st.integers(0, 20))
def test_ratings_follow_the_spec_definitions(
    ms: list[dict[str, Any]], tolerance: int, warning: int
) -> None:
    plan = make_plan(
        ms, programme={"amber_tolerance_days": tolerance, "float_warning_days": warning}
    )
    ev = evaluate(plan, AS_OF)
    by = ev.by_id()
    waiting: dict[str, list[str]] = {}
    for m in plan.milestones:
        for d in m.depends_on:
            waiting.setdefault(d.id, []).append(m.id)
    deadlines = {m.id: _in_force(m, "due", AS_OF) is not None for m in plan.milestones}

    def deadline_downstream(mid: str) -> bool:
        stack, seen = [mid], set()
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.add(x)
            if deadlines[x]:
                return True
            stack.extend(waiting.get(x, ()))
        return False

    for s, m in zip(ev.milestones, plan.milestones, strict=True):
        done = m.actual is not None and m.actual.day <= AS_OF
        cancelled = not done and any(
            e.status == "cancelled" and e.date.day <= AS_OF for e in m.history
        )
        due = _in_force(m, "due", AS_OF)
        forecast = None if done or cancelled else _in_force(m, "forecast", AS_OF)
        key = forecast if forecast is not None else due
        reports = [e.date.day for e in m.history if e.date.day <= AS_OF]
        silent = key is not None and key < AS_OF and not any(r > key for r in reports)
        assert (s.due.day if s.due else None) == due
        if done:
            assert s.rating == "done"
        elif cancelled:
            assert (s.rating, s.slip_days, s.expected) == ("cancelled", None, None)
        elif silent:  # the record is silent: awaiting a return, never late, no date claimed
            assert (s.rating, s.slip_days, s.expected) == ("unknown", None, None), s.reasons
        elif forecast is None and not deadline_downstream(m.id):  # nothing to measure against
            assert s.rating == "undated", s.reasons
        else:
            assert s.rating in ("red", "amber", "green", "unknown"), s.reasons
        # A slip is shown only on evidence, and is then the SPEC's difference.
        if s.slip_days is not None:
            assert s.expected is not None and due is not None
            assert s.slip_days == (s.expected - due).days
        if s.rating == "red":  # the evidence says it is late
            assert not silent
            assert (
                (s.slip_days or 0) > tolerance
                or (due is not None and due < AS_OF)
                or (
                    s.total_float < -tolerance
                    and any(by[d.id].rating == "red" for d in m.depends_on)
                )
            ), s.reasons
        elif s.rating == "amber":
            assert (
                0 < (s.slip_days or 0) <= tolerance
                or s.total_float < warning
                or any(by[d.id].rating == "red" for d in m.depends_on)
            ), s.reasons
        elif s.rating == "unknown" and not silent:  # only from an unknown milestone upstream
            assert s.awaiting is not None and by[s.awaiting].rating == "unknown"
            assert by[s.awaiting].silent_since is not None
        elif s.rating == "undated":
            assert due is None and forecast is None and not deadline_downstream(m.id)
        elif s.rating == "green":
            assert (s.slip_days or 0) <= 0
            assert not any(by[d.id].rating == "red" for d in m.depends_on)
        assert s.reasons
        if s.is_open:
            assert s.scheduled is not None and s.scheduled >= AS_OF
            assert s.expected is None or s.expected == s.scheduled
    ordered = worst_first(ev.milestones)
    slips = [s.slip_days for s in ordered]
    known = [x for x in slips if x is not None]
    assert known == sorted(known, reverse=True)
    assert slips[len(known) :] == [None] * (len(slips) - len(known))


# --- re-baselines, cancellations, staleness (SPEC section 5) ------------------------------


def test_a_rebaseline_moves_the_deadline_in_force_from_its_date_and_is_not_slip() -> None:
    history = [{"date": on(-10), "due": on(60), "reason": "scope approved by the board"}]
    s = evaluate_one(due=on(20), forecast=on(40), history=history)
    assert (s.due and s.due.day, s.original_due and s.original_due.day) == (on_day(60), on_day(20))
    assert (s.slip_days, s.original_slip_days, s.rating) == (-20, 20, "green")
    assert s.rebaselined
    assert "deadline re-baselined from 21 May 2010" in s.reasons
    before = evaluate_one(as_of=on_day(-11), due=on(20), forecast=on(40), history=history)
    assert (before.due and before.due.day, before.slip_days, before.rating) == (
        on_day(20),
        20,
        "red",
    )


def test_a_cancelled_milestone_leaves_the_counts_of_slip_and_holds_nothing_up() -> None:
    ev = evaluate_many(
        [
            milestone(
                "pilot",
                due=on(-30),
                history=[{"date": on(-20), "status": "cancelled", "reason": "dropped"}],
            ),
            milestone("rollout", depends_on=["pilot"], duration="5d", due=on(10)),
        ]
    )
    pilot, rollout = ev.by_id()["pilot"], ev.by_id()["rollout"]
    assert (pilot.rating, pilot.slip_days, pilot.expected, pilot.cancelled_on) == (
        "cancelled",
        None,
        None,
        on_day(-20),
    )
    assert pilot.reasons == ("cancelled 11 April 2010: dropped",)
    assert (ev.summary.cancelled, ev.summary.red, ev.summary.unknown) == (1, 0, 0)
    assert ev.schedule.rows["pilot"].early_finish == on_day(-20)
    assert rollout.rating != "unknown"  # not held by the cancelled one's silence
    assert "pilot" not in [x.id for x in worst_first(ev.milestones) if x.slip_days is not None]
    # Before the day it was cancelled, it was simply open (and silent since its deadline).
    assert (
        evaluate_many(
            [
                milestone(
                    "pilot",
                    due=on(-30),
                    history=[{"date": on(-20), "status": "cancelled", "reason": "x"}],
                )
            ],
            as_of=on_day(-25),
        )
        .milestones[0]
        .rating
        == "unknown"
    )


def test_lateness_that_comes_only_from_a_silent_milestone_upstream_is_unknown() -> None:
    ev = evaluate_many(
        [
            milestone("silent", due=on(-10)),
            milestone("next", depends_on=["silent"], duration="2w", due=on(5)),
            milestone("far", depends_on=["silent"], duration="2w", due=on(200)),
        ]
    )
    by = ev.by_id()
    assert by["silent"].rating == "unknown"
    assert (by["next"].rating, by["next"].awaiting, by["next"].slip_days) == (
        "unknown",
        "silent",
        None,
    )
    assert by["next"].reasons == ("waits on silent, awaiting a return since 21 April 2010",)
    assert by["far"].rating == "green"  # on track whatever the silence: not made unknown
    assert ev.summary.unknown == 2


def test_stale_after_flags_an_old_last_report_without_changing_the_rating() -> None:
    history = [{"date": on(-40), "forecast": on(30), "reason": "on plan"}]
    kw = {"due": on(60), "forecast": on(30), "history": history}
    fresh = evaluate_many([milestone("m", **kw)], programme={"stale_after": "6w"}).milestones[0]
    stale = evaluate_many([milestone("m", **kw)], programme={"stale_after": "4w"}).milestones[0]
    assert (fresh.stale, stale.stale) == (False, True)
    assert fresh.rating == stale.rating == "green"
    assert stale.reasons[-1] == "last report 22 March 2010"
    assert stale.last_report == on_day(-40)
    never = evaluate_many([milestone("m", due=on(60))], programme={"stale_after": "2w"})
    assert never.milestones[0].stale  # nothing ever reported since the programme started


def test_a_confirmation_after_the_deadline_makes_it_late_and_counts_slip_to_the_as_of_date() -> (
    None
):
    s = evaluate_one(due=on(-10), history=[{"date": on(-3), "reason": "still drafting"}])
    assert (s.rating, s.slip_days, s.expected) == ("red", 10, AS_OF)
