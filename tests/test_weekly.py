"""The weekly comparison (core): slipped, recovered, achieved, overdue, due soon, path and finish."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nhs_transition.model import Plan
from nhs_transition.slippage import evaluate
from nhs_transition.weekly import (
    WeeklySummary,
    compare,
    plan_state,
    weekly_summary,
)

from .factories import make_plan, milestone

FRIDAY = date(2010, 3, 5)  # the week ending; the week is 27 February to 5 March 2010


def week(*milestones: dict[str, Any], **programme: Any) -> WeeklySummary:
    """The summary of the week ending FRIDAY for a plan of these milestones."""
    return weekly_summary(make_plan(list(milestones), programme=programme or None), FRIDAY)


def ids(items: Any) -> list[str]:
    """The ids of milestone states or moves, in order."""
    return [getattr(i, "milestone", i).id for i in items]


def entry(day: str, forecast: str, reason: str | None = None) -> dict[str, Any]:
    """A history entry."""
    return {"date": day, "forecast": forecast, **({"reason": reason} if reason else {})}


# --- Slipped and recovered --------------------------------------------------------------------


def test_a_reforecast_in_the_week_slips_with_dates_owner_and_the_reason() -> None:
    s = week(
        milestone(
            "procure",
            due="31 May 2010",
            history=[
                entry("1 February 2010", "30 April 2010", "tender issued"),
                entry("2 March 2010", "28 May 2010", "two suppliers withdrew"),
            ],
        )
    )
    [move] = s.slipped
    assert (move.milestone.id, move.before, move.after, move.days) == (
        "procure",
        date(2010, 4, 30),
        date(2010, 5, 28),
        28,
    )
    assert (move.cause, move.reason, move.reforecast_on) == (
        "re-forecast",
        "two suppliers withdrew",
        date(2010, 3, 2),
    )
    assert move.milestone.owner_label == "PMO"
    assert (move.slip_before, move.milestone.slip_days, move.slip_change) == (-31, -3, 28)
    assert s.recovered == ()


def test_a_reforecast_dated_after_the_week_or_before_it_is_not_this_weeks_news() -> None:
    s = week(
        milestone("early", due="31 May 2010", history=[entry("1 February 2010", "30 April 2010")]),
        milestone("later", due="31 May 2010", history=[entry("6 March 2010", "30 May 2010")]),
        milestone("edge", due="31 May 2010", history=[entry("26 February 2010", "20 May 2010")]),
    )
    assert s.slipped == ()
    assert s.recovered == ()


def test_an_entry_on_the_week_ending_day_counts() -> None:
    s = week(
        milestone(
            "x",
            due="31 May 2010",
            history=[entry("4 January 2010", "1 May 2010"), entry("5 March 2010", "2 May 2010")],
        )
    )
    assert ids(s.slipped) == ["x"]
    assert s.slipped[0].days == 1


def test_moving_earlier_is_a_recovery() -> None:
    s = week(
        milestone(
            "train",
            due="19 March 2010",
            history=[
                entry("4 January 2010", "26 March 2010"),
                entry("1 March 2010", "12 March 2010", "trainers booked early"),
            ],
        )
    )
    assert s.slipped == ()
    [move] = s.recovered
    assert (move.days, move.reason, move.milestone.slip_days) == (-14, "trainers booked early", -7)


def test_what_waits_on_a_reforecast_slips_as_its_knock_on() -> None:
    s = week(
        milestone(
            "a",
            due="31 May 2010",
            history=[
                entry("4 January 2010", "30 April 2010"),
                entry("1 March 2010", "14 May 2010", "late"),
            ],
        ),
        milestone("b", due="30 June 2010", depends_on=["a"], duration="2w"),
        milestone("c", due="30 June 2010", depends_on=["b"]),
    )
    assert ids(s.slipped) == ["a", "b", "c"]  # all moved 14 days; ties by id
    assert [(m.cause, m.upstream, m.upstream_cause) for m in s.slipped] == [
        ("re-forecast", None, None),
        ("knock-on", "a", "re-forecast"),
        ("knock-on", "a", "re-forecast"),
    ]


def test_slipped_is_largest_move_first() -> None:
    s = week(
        milestone(
            "small",
            history=[entry("4 January 2010", "30 April 2010"), entry("1 March 2010", "2 May 2010")],
        ),
        milestone(
            "big",
            history=[
                entry("4 January 2010", "30 April 2010"),
                entry("1 March 2010", "30 June 2010"),
            ],
        ),
    )
    assert ids(s.slipped) == ["big", "small"]


def test_an_expected_date_missed_this_week_with_a_report_slips_to_the_week_ending() -> None:
    report = {"date": "4 March 2010", "reason": "not done yet"}
    s = week(milestone("m", due="31 March 2010", forecast="3 March 2010", history=[report]))
    [move] = s.slipped
    assert (move.cause, move.before, move.after, move.days) == (
        "missed",
        date(2010, 3, 3),
        FRIDAY,
        2,
    )
    assert s.awaiting == ()


def test_an_expected_date_passed_in_silence_awaits_a_return_and_is_no_slip() -> None:
    s = week(milestone("m", due="31 March 2010", forecast="3 March 2010"))
    assert (s.slipped, s.drifted) == ((), ())
    assert ids(s.awaiting) == ["m"]
    assert s.awaiting[0].silent_since == date(2010, 3, 3)
    assert s.counts["unknown"] == 1


def test_open_work_held_only_by_the_calendar_reports_no_move() -> None:
    # No forecast, no dependencies: held at the as-of date both weeks, which is no evidence of
    # a date, so nothing moved (SPEC 5: no move the as-of rule alone made up).
    s = week(
        milestone("open", due="30 April 2010"),
        milestone("next", depends_on=["open"], duration="1w"),
    )
    assert (s.slipped, s.recovered, s.drifted) == ((), (), ())


def test_work_behind_a_late_milestone_drifts_with_the_calendar() -> None:
    late = {"date": "21 February 2010", "reason": "still open"}
    s = week(
        milestone("late", due="20 February 2010", history=[late]),
        milestone("next", depends_on=["late"], duration="1w"),
    )
    assert s.slipped == ()
    assert ids(s.drifted) == ["late", "next"]
    assert [m.cause for m in s.drifted] == ["drift", "drift"]


# --- Achieved, overdue, due soon --------------------------------------------------------------


def test_achieved_is_an_actual_within_the_week() -> None:
    s = week(
        milestone("before", due="1 February 2010", actual="26 February 2010"),
        milestone("first-day", due="1 March 2010", actual="27 February 2010"),
        milestone("late", due="1 March 2010", actual="3 March 2010"),
        milestone("last-day", actual="5 March 2010"),
        milestone("after", due="1 March 2010", actual="6 March 2010"),
    )
    assert ids(s.achieved) == ["first-day", "late", "last-day"]
    assert [m.slip_days for m in s.achieved] == [-2, 2, None]


def test_what_waits_on_an_achievement_moves_with_it() -> None:
    s = week(
        milestone("design", due="1 March 2010", forecast="1 March 2010", actual="3 March 2010"),
        milestone("build", due="30 April 2010", depends_on=["design"], duration="6w"),
    )
    assert ids(s.achieved) == ["design"]
    [move] = s.slipped
    assert (move.milestone.id, move.days, move.cause, move.upstream, move.upstream_cause) == (
        "build",
        2,
        "knock-on",
        "design",
        "achieved",
    )


def test_became_overdue_is_a_deadline_passed_this_week_and_still_open() -> None:
    def reported(day: str) -> list[dict[str, str]]:
        return [{"date": day, "reason": "not done yet"}]

    s = week(
        milestone("old", due="20 February 2010", history=reported("21 February 2010")),
        milestone("last-friday", due="26 February 2010", history=reported("1 March 2010")),
        milestone("wednesday", due="3 March 2010", history=reported("4 March 2010")),
        milestone("silent", due="3 March 2010"),
        milestone("done", due="3 March 2010", actual="4 March 2010"),
        milestone("today", due="5 March 2010"),
    )
    assert ids(s.became_overdue) == ["last-friday", "wednesday"]
    assert ids(s.still_overdue) == ["old"]
    assert ids(s.awaiting) == ["silent"]  # nothing recorded since its deadline: not overdue


def test_due_soon_is_the_next_four_weeks_open_in_due_order() -> None:
    s = week(
        milestone("d28", due="2 April 2010"),
        milestone("d29", due="3 April 2010"),
        milestone("today", due="5 March 2010"),
        milestone("done", due="10 March 2010", actual="1 March 2010"),
        milestone("d7", due="12 March 2010"),
    )
    assert ids(s.due_soon) == ["today", "d7", "d28"]
    assert s.due_soon_end == date(2010, 4, 2)


# --- Critical path and finish -----------------------------------------------------------------


def test_critical_path_and_finish_moves_are_reported() -> None:
    s = week(
        milestone("a", forecast="1 June 2010"),
        milestone(
            "b",
            history=[entry("4 January 2010", "1 May 2010"), entry("3 March 2010", "1 July 2010")],
        ),
        milestone("c", depends_on=["b"], duration="1w"),
    )
    assert s.critical_path.before == ("a",)
    assert s.critical_path.after == ("b", "c")
    assert (s.critical_path.joined, s.critical_path.left) == (("b", "c"), ("a",))
    assert (s.finish_before, s.finish_after, s.finish_moved) == (
        date(2010, 6, 1),
        date(2010, 7, 8),
        37,
    )


def test_a_quiet_week_reports_nothing() -> None:
    s = week(
        milestone("a", due="30 June 2010", forecast="1 June 2010"),
        milestone("b", due="30 June 2010", depends_on=["a"], duration="1w"),
    )
    assert s.quiet
    assert (s.slipped, s.recovered, s.achieved, s.became_overdue, s.due_soon, s.drifted) == (
        (),
        (),
        (),
        (),
        (),
        (),
    )
    assert not s.critical_path.moved
    assert s.finish_moved == 0
    assert s.since == date(2010, 2, 26)


# --- Against another version of the plan ------------------------------------------------------


def test_against_an_older_plan_edits_added_and_removed_milestones_show() -> None:
    old = make_plan(
        [
            milestone("kept", due="30 April 2010", forecast="1 April 2010"),
            milestone("edited", due="30 April 2010", forecast="1 April 2010"),
            milestone("dropped", due="30 April 2010"),
        ]
    )
    new = make_plan(
        [
            milestone("kept", due="30 April 2010", forecast="1 April 2010"),
            milestone("edited", due="30 April 2010", forecast="15 April 2010"),
            milestone("wait", due="30 April 2010", forecast="1 April 2010"),
            milestone(
                "pushed",
                due="30 April 2010",
                forecast="1 April 2010",
                depends_on=["edited"],
                duration="1w",
            ),
        ]
    )
    before = plan_state(evaluate(old, date(2010, 2, 26)), old)
    s = compare(new, before, evaluate(new, FRIDAY), "the plan at git revision HEAD~1")
    assert ids(s.added) == ["wait", "pushed"]
    assert ids(s.removed) == ["dropped"]
    [move] = s.slipped
    assert (move.milestone.id, move.cause, move.reason, move.forecast_before, move.days) == (
        "edited",
        "re-forecast",
        None,
        "1 April 2010",
        14,
    )
    assert s.baseline == "the plan at git revision HEAD~1"


# --- Properties -------------------------------------------------------------------------------


def _chain_plan(forecasts: list[int], reforecast: list[int]) -> Plan:
    ms = []
    for i, (f, r) in enumerate(zip(forecasts, reforecast, strict=True)):
        history = [entry("4 January 2010", f"2010-{4 + f // 28:02d}-{1 + f % 28:02d}")]
        if r:
            history.append(
                entry("2 March 2010", f"2010-{4 + (f + r) // 28 % 6:02d}-{1 + (f + r) % 28:02d}")
            )
        ms.append(
            milestone(
                f"m{i}", due="30 June 2010", history=history, depends_on=[f"m{i - 1}"] if i else []
            )
        )
    return make_plan(ms)


@settings(max_examples=40)
@given(
    st.lists(st.integers(0, 60), min_size=1, max_size=6).flatmap(
        lambda fs: st.tuples(
            st.just(fs), st.lists(st.integers(-40, 40), min_size=len(fs), max_size=len(fs))
        )
    )
)
def test_every_move_is_in_exactly_one_list_with_the_right_sign(
    args: tuple[list[int], list[int]],
) -> None:
    plan = _chain_plan(*args)
    s = weekly_summary(plan, FRIDAY)
    before = plan_state(evaluate(plan, date(2010, 2, 26)), plan).by_id()
    after = plan_state(evaluate(plan, FRIDAY), plan).by_id()
    moved = {i for i in after if after[i].expected != before[i].expected}
    listed = ids(s.slipped) + ids(s.recovered) + ids(s.drifted)
    assert sorted(listed) == sorted(moved)
    assert all(m.days > 0 for m in s.slipped)
    assert all(m.days < 0 for m in s.recovered)
    assert all(m.cause != "drift" for m in (*s.slipped, *s.recovered))


def test_a_cancellation_this_week_is_reported_with_its_reason() -> None:
    from nhs_transition.render.weekly_markdown import render_markdown as weekly_markdown

    cancel = {"date": "3 March 2010", "status": "cancelled", "reason": "pilot dropped"}
    earlier = {"date": "1 February 2010", "status": "cancelled", "reason": "merged"}
    s = week(
        milestone("pilot", due="30 April 2010", history=[cancel]),
        milestone("old", due="30 April 2010", history=[earlier]),
        milestone("open", due="30 April 2010"),
    )
    assert ids(s.cancelled) == ["pilot"]  # not "old": cancelled before the week
    page = weekly_markdown(s)
    assert "## Cancelled" in page
    assert "cancelled on 3 March 2010: pilot dropped" in page
    assert "## Cancelled" not in weekly_markdown(week(milestone("open", due="30 April 2010")))


def test_the_twelve_week_chart_shows_an_overdue_milestone_when_it_is_expected() -> None:
    s = week(
        # overdue, re-forecast into the window: shown on its forecast, not on Friday
        milestone(
            "late", due="1 March 2010", history=[entry("2 March 2010", "16 April 2010", "late")]
        ),
        # overdue, forecast beyond the twelve weeks: overdue now, shown on the week-ending day
        milestone(
            "later", due="1 March 2010", history=[entry("2 March 2010", "1 October 2010", "x")]
        ),
        # overdue with the record held at the as-of date: nothing puts it later
        milestone("held", due="1 March 2010", history=[{"date": "2 March 2010", "reason": "no"}]),
    )
    days = {item.milestone.id: (item.day, item.kind) for item in s.horizon}
    assert days == {
        "late": (date(2010, 4, 16), "overdue"),
        "later": (FRIDAY, "overdue"),
        "held": (FRIDAY, "overdue"),
    }


def test_a_return_that_gives_a_silent_milestone_a_date_is_reported_with_its_reason() -> None:
    # Awaiting a return a week ago (due 20 February, nothing since); re-forecast this week past
    # its deadline: no move is measured from silence, but the return is news with its reason.
    s = week(
        milestone(
            "silent-then-late",
            due="20 February 2010",
            history=[entry("3 March 2010", "19 March 2010", "scripts need rework")],
        ),
        milestone("still-silent", due="20 February 2010"),
    )
    assert ids(s.returned) == ["silent-then-late"]
    assert (s.slipped, s.recovered) == ((), ())
    assert ids(s.awaiting) == ["still-silent"]
    from nhs_transition.render.weekly_text import render_text

    text = " ".join(render_text(s).split())
    assert "RETURNED WITH A DATE" in text
    assert "re-forecast on 3 March 2010: scripts need rework" in text
