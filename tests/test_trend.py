"""Milestone trend analysis: the series from history entries, the MTA chart and the terminal table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nhs_transition.render.terminal import render_to_string
from nhs_transition.render.trend import sparkline, trend_svg, trend_terminal
from nhs_transition.schedule import forecast_in_force
from nhs_transition.trend import moved_between, trend_series
from tests.factories import make_plan, milestone
from tests.test_gantt import HOSTILE, by_class, check_golden, small_plan, text_of

AS_OF = date(2011, 10, 1)


def points(series_id: str, as_of: date = AS_OF) -> list[tuple[date, date, str, int]]:
    (s,) = trend_series(small_plan(), as_of, [series_id])
    return [(p.report, p.forecast, p.kind, p.change_days) for p in s.points]


def test_series_opens_with_the_baseline_and_follows_each_reforecast() -> None:
    assert points("royal-assent") == [
        (date(2010, 7, 13), date(2011, 8, 31), "baseline", 0),
        (date(2011, 4, 6), date(2011, 12, 31), "forecast", 122),
        (date(2011, 9, 8), date(2012, 3, 31), "forecast", 91),
    ]


def test_series_ends_on_the_diagonal_at_the_actual() -> None:
    (s,) = trend_series(small_plan(), AS_OF, ["bill-introduced"])
    assert s.points[-1].report == s.points[-1].forecast == date(2011, 1, 19)
    assert s.achieved and s.until == date(2011, 1, 19)
    assert s.baseline == date(2010, 11, 30) and s.moved_days == 50


def test_entries_and_actuals_after_the_as_of_date_are_ignored() -> None:
    assert points("royal-assent", date(2011, 5, 1))[-1][:2] == (
        date(2011, 4, 6),
        date(2011, 12, 31),
    )
    (s,) = trend_series(small_plan(), date(2011, 1, 1), ["bill-introduced"])
    assert not s.achieved and s.until == date(2011, 1, 1)


def test_default_is_every_milestone_with_history_by_the_as_of_date() -> None:
    plan = small_plan()
    assert [s.id for s in trend_series(plan, AS_OF)] == [
        "bill-introduced",
        "royal-assent",
        "sha-abolished",
    ]
    assert [s.id for s in trend_series(plan, date(2011, 1, 1))] == ["bill-introduced"]


def test_unknown_ids_are_left_out_and_order_is_kept() -> None:
    found = trend_series(small_plan(), AS_OF, ["sha-abolished", "nope", "bill-introduced"])
    assert [s.id for s in found] == ["sha-abolished", "bill-introduced"]


def test_same_day_entries_keep_the_later_one() -> None:
    plan = make_plan(
        [
            milestone(
                "m",
                due="2010-06-30",
                history=[
                    {"date": "2010-03-01", "forecast": "2010-07-31"},
                    {"date": "2010-03-01", "forecast": "2010-08-31"},
                ],
            )
        ]
    )
    (s,) = trend_series(plan, date(2010, 4, 1))
    assert [(p.report, p.forecast) for p in s.points] == [
        (date(2010, 1, 1), date(2010, 6, 30)),
        (date(2010, 3, 1), date(2010, 8, 31)),
    ]


def test_without_a_deadline_the_first_forecast_is_the_baseline() -> None:
    plan = make_plan([milestone("m", history=[{"date": "2010-03-01", "forecast": "2010-07-31"}])])
    (s,) = trend_series(plan, date(2010, 4, 1))
    assert s.due is None and s.moved_days == 0


def test_moved_between_picks_the_milestones_that_moved_that_week() -> None:
    series = trend_series(small_plan(), AS_OF)
    assert [s.id for s in moved_between(series, date(2011, 9, 3), date(2011, 9, 10))] == [
        "royal-assent"
    ]
    assert [s.id for s in moved_between(series, date(2011, 1, 14), date(2011, 1, 21))] == [
        "bill-introduced"
    ]
    assert moved_between(series, date(2011, 7, 1), date(2011, 8, 1)) == ()


@given(
    offsets=st.lists(st.integers(0, 900), min_size=1, max_size=6),
    shifts=st.lists(st.integers(-60, 400), min_size=6, max_size=6),
    day=st.integers(0, 1000),
)
def test_the_series_agrees_with_the_forecast_in_force(
    offsets: list[int], shifts: list[int], day: int
) -> None:
    start = date(2010, 1, 1)
    history = [
        {
            "date": (start + timedelta(days=o)).isoformat(),
            "forecast": (start + timedelta(days=o + s)).isoformat(),
        }
        for o, s in zip(sorted(offsets), shifts, strict=False)
    ]
    plan = make_plan([milestone("m", due="2010-12-31", history=history)])
    m = plan.milestones[0]
    as_of = start + timedelta(days=day)
    found = trend_series(plan, as_of, ["m"])
    (s,) = found
    in_force = forecast_in_force(m, as_of)
    assert s.forecast_on(as_of) == (in_force.day if in_force else m.due.day if m.due else None)
    assert all(a.report < b.report for a, b in zip(s.points, s.points[1:], strict=False))
    assert sum(p.change_days for p in s.points) == (s.latest - s.baseline).days


# --- The chart ----------------------------------------------------------------------------------


def test_svg_draws_one_line_per_milestone_and_the_diagonal() -> None:
    plan = small_plan()
    series = trend_series(
        plan, AS_OF, ["bill-introduced", "royal-assent", "sha-abolished", "hostile"]
    )
    svg = trend_svg(series, as_of=AS_OF, title="Demo & <programme>: trend")
    root = ET.fromstring(svg)
    assert len(by_class(root, "series")) == 4
    assert len(by_class(root, "trend-line")) == 4
    assert len(by_class(root, "diagonal")) == 1 and len(by_class(root, "asof")) == 1
    assert len(by_class(root, "actual")) == 1  # only the Bill was achieved by then
    assert len(by_class(root, "report")) == 2 + 3 + 2 + 1  # baselines and re-forecasts
    labels = [text_of(e) for e in by_class(root, "series-label")]
    assert "Royal Assent" in labels and any(label.startswith("<script>") for label in labels)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    legend = [  # each row's text, its wrapped lines joined
        " ".join(t.text or "" for t in e.iter("{http://www.w3.org/2000/svg}tspan"))
        for e in by_class(root, "legend-row")
    ]
    assert "SHAs abolished: baseline 1 Apr 2012, forecast 31 Mar 2013 (364 days later)" in legend
    assert f"{HOSTILE}: baseline 31 Dec 2011, forecast 31 Dec 2011 (held)" in legend


def test_svg_rising_line_means_slippage() -> None:
    (s,) = trend_series(small_plan(), AS_OF, ["royal-assent"])
    root = ET.fromstring(trend_svg([s], as_of=AS_OF))
    ys = [float(c.get("cy", "0")) for c in by_class(root, "report")]
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == 3  # later forecasts sit higher


def test_svg_without_series_says_so() -> None:
    root = ET.fromstring(trend_svg([], as_of=AS_OF))
    assert [text_of(e) for e in by_class(root, "empty")] == ["No forecast history to chart."]


def test_svg_golden() -> None:
    series = trend_series(small_plan(), AS_OF)
    check_golden("trend/small.svg", trend_svg(series, as_of=AS_OF, title="Demo: trend"))


# --- Terminal -----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 80, 120])
def test_terminal_table_fits_the_width(width: int) -> None:
    series = trend_series(small_plan(), AS_OF, ["royal-assent", "hostile"])
    text = render_to_string(trend_terminal(series, width), width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "royal-assent · Royal Assent" in text
    if width >= 80:
        assert " 8 Sep 2011  forecast 31 Mar 2012   +91d  Lords" in text


def test_terminal_golden() -> None:
    series = trend_series(small_plan(), AS_OF)
    check_golden("trend/small-100.txt", render_to_string(trend_terminal(series, 100), width=100))


def test_sparkline_rises_with_the_slip() -> None:
    assert sparkline([0, 151, 365]) == "▁▄█"
    assert sparkline([0]) == "▁"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""


def test_a_re_baseline_alone_draws_no_rise() -> None:
    plan = make_plan(
        [
            milestone(
                "move",
                due="28 February 2027",
                history=[
                    {"date": "2026-11-25", "due": "31 March 2027", "reason": "Board approved"},
                    {"date": "2026-11-27", "forecast": "15 April 2027", "reason": "Fit-out late"},
                ],
            )
        ],
        programme={"start": "2026-10-20"},
    )
    [series] = trend_series(plan, date(2026, 12, 1))
    assert [p.kind for p in series.points] == ["baseline", "rebaseline", "forecast"]
    assert series.slip_steps() == [0, 0, 15]  # the re-baseline is no slip; the forecast is
    assert series.moved_days == 15
    text = render_to_string(trend_terminal([series], 100), width=100)
    assert text.splitlines()[0].endswith("▁▁█  +15d")


def test_a_rebaseline_moves_the_line_but_is_not_counted_as_slip() -> None:
    from nhs_transition.trend import milestone_trend
    from tests.factories import make_plan as plan_of
    from tests.factories import milestone as make_milestone

    plan = plan_of(
        [
            make_milestone(
                "build",
                due="2027-02-28",
                history=[
                    {"date": "2026-10-01", "due": "2027-03-31", "reason": "scope approved"},
                    {"date": "2026-11-01", "forecast": "2027-04-10", "reason": "supplier late"},
                ],
                forecast="2027-04-10",
            )
        ],
        programme={"start": "2026-09-01"},
    )
    series = milestone_trend(plan.milestones[0], start=date(2026, 9, 1), as_of=date(2026, 12, 1))
    assert series is not None
    assert [(p.kind, p.change_days) for p in series.points] == [
        ("baseline", 0),
        ("rebaseline", 31),
        ("forecast", 10),
    ]
    assert series.moved_days == 10  # the supplier's slip, not the approved month
