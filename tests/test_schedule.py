"""The CPM engine (SPEC section 4): networks worked by hand, properties, and networkx as a referee.

Unless a test says otherwise the programme starts on Friday 1 January 2010 ("day 0") and the
plan is evaluated as of 31 December 2009, so the as-of rule moves nothing. `at(n)` is day n.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nhs_transition.dates import parse_date, parse_duration
from nhs_transition.model import Dependency, Milestone, Plan
from nhs_transition.schedule import (
    CycleError,
    OutsideCalendar,
    Schedule,
    ScheduleRow,
    compute_schedule,
    cpm,
    find_cycles,
    topological_order,
)
from tests.factories import make_plan, milestone

START = date(2010, 1, 1)
BEFORE = START - timedelta(days=1)


def at(n: int) -> date:
    """Day n of the programme (day 0 is the start)."""
    return START + timedelta(days=n)


def off(d: date) -> int:
    """The day number of `d`."""
    return (d - START).days


def schedule(*milestones: dict[str, Any], as_of: date = BEFORE, **programme: Any) -> Schedule:
    """Schedule a plan built from milestone mappings."""
    return compute_schedule(make_plan(list(milestones), programme=programme or None), as_of)


def figures(row: ScheduleRow) -> tuple[int, int, int, int, int, int]:
    """(ES, EF, LS, LF, total float, free float) with dates as day numbers."""
    return (
        off(row.early_start),
        off(row.early_finish),
        off(row.late_start),
        off(row.late_finish),
        row.total_float,
        row.free_float,
    )


# --- Textbook networks, worked by hand --------------------------------------------------------


def test_finish_to_start_chain() -> None:
    # a: ES 0, EF 0+10=10; b: ES=EF(a)=10, EF 15; c: ES 15, EF 18. Finish 18, no deadlines:
    # LF(c)=18, LS 15; LF(b)=LS(c)=15, LS 10; LF(a)=LS(b)=10, LS 0. Every float 0.
    s = schedule(
        milestone("a", duration="10d"),
        milestone("b", duration="5d", depends_on=["a"]),
        milestone("c", duration="3d", depends_on=["b"]),
    )
    assert figures(s.rows["a"]) == (0, 10, 0, 10, 0, 0)
    assert figures(s.rows["b"]) == (10, 15, 10, 15, 0, 0)
    assert figures(s.rows["c"]) == (15, 18, 15, 18, 0, 0)
    assert s.finish == at(18)
    assert s.critical_path == ["a", "b", "c"]
    assert (s.rows["b"].driver, s.rows["b"].driver_type, s.rows["b"].driver_lag) == (
        "a",
        "FS",
        "0d",
    )
    assert s.rows["a"].driver is None and s.rows["a"].constraint == "start"


def test_lag_and_lead() -> None:
    # b: FS a +3d: ES = 10+3 = 13, EF 18. c: FS a -4d (a lead): ES = 10-4 = 6, EF 8. Finish 18.
    # LF(b)=18; LF(c)=18 (no deadline downstream: the finish), LS 16, float 18-8 = 10.
    # LF(a) = min(LS(b)-3 = 10, LS(c)+4 = 20) = 10. Free float of a: min(ES(b)-3-EF(a) = 0,
    # ES(c)+4-EF(a) = 0) = 0. c has no successors: free float = total float = 10.
    s = schedule(
        milestone("a", duration="10d"),
        milestone("b", duration="5d", depends_on=[{"id": "a", "lag": "3d"}]),
        milestone("c", duration="2d", depends_on=[{"id": "a", "lag": "-4d"}]),
    )
    assert figures(s.rows["a"]) == (0, 10, 0, 10, 0, 0)
    assert figures(s.rows["b"]) == (13, 18, 13, 18, 0, 0)
    assert figures(s.rows["c"]) == (6, 8, 16, 18, 10, 10)
    assert s.critical_path == ["a", "b"]
    assert s.rows["c"].driver_lag == "-4d"


def test_start_to_start() -> None:
    # b: SS a +3d: ES = ES(a)+3 = 3, EF 7. Finish = EF(a) = 10.
    # LF(b) = 10 (the finish), LS 6, float 3. a: the SS link asks LS(a) <= LS(b)-3 = 3, so
    # LF(a) <= 3+10 = 13, but with no deadline downstream a must finish by the finish: LF 10,
    # LS = min(10-10, 3) = 0, float 0. Free float of a: ES(b)-3-ES(a) = 0.
    s = schedule(
        milestone("a", duration="10d"),
        milestone("b", duration="4d", depends_on=[{"id": "a", "type": "SS", "lag": "3d"}]),
    )
    assert figures(s.rows["a"]) == (0, 10, 0, 10, 0, 0)
    assert figures(s.rows["b"]) == (3, 7, 6, 10, 3, 3)
    assert s.rows["b"].driver_type == "SS"
    assert s.critical_path == ["a"]


def test_finish_to_finish() -> None:
    # b: FF a +2d, 5d: ES = EF(a)+2-5 = 7, EF 12. Finish 12.
    # LF(b) = 12, LS 7. a: LF <= LF(b)-2 = 10, float 0; free float EF(b)-2-EF(a) = 0.
    s = schedule(
        milestone("a", duration="10d"),
        milestone("b", duration="5d", depends_on=[{"id": "a", "type": "FF", "lag": "2d"}]),
    )
    assert figures(s.rows["a"]) == (0, 10, 0, 10, 0, 0)
    assert figures(s.rows["b"]) == (7, 12, 7, 12, 0, 0)
    assert s.critical_path == ["a", "b"]


def test_start_to_finish_with_a_deadline_missed() -> None:
    # a cannot start before day 20: ES 20, EF 30. b: SF a +5d, 3d: ES = ES(a)+5-3 = 22, EF 25,
    # due day 24: LF(b) = 24, LS 21, float 24-25 = -1.
    # a: the SF link asks LS(a) <= LF(b)-5 = 19, so LF(a) = 19+10 = 29 and LS(a) = 19;
    # float 29-30 = -1. Free float of a: EF(b)-5-ES(a) = 0, capped at total float -1.
    # The deadline that binds is b's, so the critical path ends at b: [a, b].
    s = schedule(
        milestone("a", duration="10d", not_before=at(20).isoformat()),
        milestone(
            "b",
            duration="3d",
            due=at(24).isoformat(),
            depends_on=[{"id": "a", "type": "SF", "lag": "5d"}],
        ),
    )
    assert figures(s.rows["a"]) == (20, 30, 19, 29, -1, -1)
    assert figures(s.rows["b"]) == (22, 25, 21, 24, -1, -1)
    assert s.rows["a"].constraint == "not_before"
    assert s.critical_path == ["a", "b"]


def test_deadline_that_cannot_be_met() -> None:
    # b: ES 10, EF 15, due day 12: LF 12, LS 7, float -3. a: LF = LS(b) = 7, float 7-10 = -3.
    s = schedule(
        milestone("a", duration="10d"),
        milestone("b", duration="5d", due=at(12).isoformat(), depends_on=["a"]),
    )
    assert figures(s.rows["a"]) == (0, 10, -3, 7, -3, -3)
    assert figures(s.rows["b"]) == (10, 15, 7, 12, -3, -3)
    assert s.rows["a"].critical and s.rows["b"].critical
    assert s.critical_path == ["a", "b"]


def test_done_milestone_late() -> None:
    # As of day 13. a was due day 8 and achieved day 12: EF fixed at 12, ES = 12-10 = 2.
    # b: ES 12, EF 17 (after the as-of date, so not pushed). LF(b) = finish 17, float 0.
    # a is done: it can no longer move, so LS = ES 2, LF = EF 12, floats 0 (not the -4 its
    # missed deadline of day 8 would give an open milestone), and it is never critical.
    s = schedule(
        milestone("a", duration="10d", due=at(8).isoformat(), actual=at(12).isoformat()),
        milestone("b", duration="5d", depends_on=["a"]),
        as_of=at(13),
    )
    a, b = s.rows["a"], s.rows["b"]
    assert figures(a) == (2, 12, 2, 12, 0, 0)
    assert a.done and not a.critical and a.constraint == "actual"
    assert figures(b) == (12, 17, 12, 17, 0, 0)
    assert b.critical and s.critical_path == ["b"]


def test_done_milestone_early_has_no_float_either() -> None:
    # As of day 20. a (5d) was due day 30 and achieved day 4: ES 4-5 = -1, EF 4, and it stays
    # there (LS -1, LF 4, floats 0), not the 26 days its deadline would leave an open one.
    # b (3d) after a: network EF 7, not done by day 20 so EF 20, ES 17; LF = finish 20, float 0.
    s = schedule(
        milestone("a", duration="5d", due=at(30).isoformat(), actual=at(4).isoformat()),
        milestone("b", duration="3d", depends_on=["a"]),
        as_of=at(20),
    )
    assert figures(s.rows["a"]) == (-1, 4, -1, 4, 0, 0)
    assert figures(s.rows["b"]) == (17, 20, 17, 20, 0, 0)
    assert s.critical_path == ["b"]


def test_smallest_float_is_over_open_milestones() -> None:
    # a done (day 2, as of day 3) with floats 0; b (10d, due day 40) open: ES 2, EF 12, LF 40,
    # float 28. The smallest open float is 28, so b is critical; a (0) is not.
    s = schedule(
        milestone("a", duration="2d", actual=at(2).isoformat()),
        milestone("b", duration="10d", due=at(40).isoformat(), depends_on=["a"]),
        as_of=at(3),
    )
    assert s.rows["a"].total_float == 0 and not s.rows["a"].critical
    assert s.rows["b"].total_float == 28 and s.rows["b"].critical
    assert s.critical_path == ["b"]


def test_named_path_is_the_chain_that_sets_the_finish_on_a_tie() -> None:
    # requirements 10d -> design 10d (due day 20): EF 20, LF 20, float 0 (a deadline met with
    # nothing to spare). build 30d -> uat 10d -> go-live 0d, no deadline: EF 30, 40, 40;
    # the programme finish is 40, go-live's LF 40, float 0. Both chains are critical (5
    # milestones); the one named is the chain that drives the finish.
    s = schedule(
        milestone("requirements", duration="10d"),
        milestone("design", duration="10d", due=at(20).isoformat(), depends_on=["requirements"]),
        milestone("build", duration="30d"),
        milestone("uat", duration="10d", depends_on=["build"]),
        milestone("go-live", depends_on=["uat"]),
    )
    assert s.finish == at(40)
    assert [r.id for r in s.rows.values() if r.critical] == [
        "requirements",
        "design",
        "build",
        "uat",
        "go-live",
    ]
    assert s.critical_path == ["build", "uat", "go-live"]


def test_named_path_is_the_deadline_that_binds_hardest() -> None:
    # As above, but design is due day 15: float -5 along requirements -> design, the smallest;
    # the finish chain (float 0) is not critical any more, and the missed deadline is named.
    s = schedule(
        milestone("requirements", duration="10d"),
        milestone("design", duration="10d", due=at(15).isoformat(), depends_on=["requirements"]),
        milestone("build", duration="30d"),
        milestone("uat", duration="10d", depends_on=["build"]),
        milestone("go-live", depends_on=["uat"]),
    )
    assert (s.rows["design"].total_float, s.rows["go-live"].total_float) == (-5, 0)
    assert s.critical_path == ["requirements", "design"]


def test_named_path_ends_at_a_deadline_not_at_an_ss_predecessor_that_sets_the_finish() -> None:
    # a 20d; b 5d due day 10 starts with a (SS): ES 0, EF 5, LF 10, LS 5, float 5. a is bounded
    # by b: LS(a) <= LS(b) = 5, so LF(a) = 25, float 5, free float ES(b)-ES(a) = 0. Both floats 5
    # (all positive: the smallest is critical). a sets the finish (20) but its late finish comes from b's deadline: the end
    # named is b, the deadline, driven by a through the SS link.
    s = schedule(
        milestone("a", duration="20d"),
        milestone(
            "b", duration="5d", due=at(10).isoformat(), depends_on=[{"id": "a", "type": "SS"}]
        ),
    )
    assert figures(s.rows["a"]) == (0, 20, 5, 25, 5, 0)
    assert figures(s.rows["b"]) == (0, 5, 5, 10, 5, 5)
    assert s.critical_path == ["a", "b"]


def test_actual_after_the_as_of_date_is_ignored() -> None:
    s = schedule(
        milestone("a", duration="10d", actual=at(12).isoformat()),
        as_of=at(11),
    )
    # Not done on day 11: EF = max(network 10, as-of 11) = 11.
    assert not s.rows["a"].done
    assert off(s.rows["a"].early_finish) == 11 and s.rows["a"].constraint == "as_of"


def test_forecast_beyond_the_network_date() -> None:
    # b: network ES 10, EF 15; its forecast (day 20) is later: EF 20, ES 20-5 = 15.
    # c: ES 20, EF 22 = finish. d forecasts day 12, earlier than its EF 15: ignored.
    # Backward: c: LF 22 (finish), float 0. b: LF = min(due 18, LS(c) 20) = 18, float -2.
    # a: LF = min(LS(b) 13, LS(d) 17) = 13 (a deadline lies downstream: not capped), float 3;
    # free float min(ES(b)-EF(a) = 5, ES(d)-EF(a) = 0) = 0.
    s = schedule(
        milestone("a", duration="10d"),
        milestone(
            "b",
            duration="5d",
            due=at(18).isoformat(),
            forecast=at(20).isoformat(),
            depends_on=["a"],
        ),
        milestone("c", duration="2d", depends_on=["b"]),
        milestone("d", duration="5d", forecast=at(12).isoformat(), depends_on=["a"]),
    )
    assert figures(s.rows["b"]) == (15, 20, 13, 18, -2, -2)
    assert s.rows["b"].constraint == "forecast"
    assert (s.rows["b"].driver, s.rows["b"].driving_slack) == ("a", 5)
    assert figures(s.rows["c"]) == (20, 22, 20, 22, 0, 0)
    assert figures(s.rows["d"]) == (10, 15, 17, 22, 7, 7)
    assert figures(s.rows["a"]) == (0, 10, 3, 13, 3, 0)
    # b binds (float -2); its date is its own forecast, so the chain starts there.
    assert s.critical_path == ["b"]
    assert s.rows["c"].critical and not s.rows["a"].critical


def test_overdue_unfinished_milestone_pushes_successors() -> None:
    # As of day 25, a (network EF 10, due day 8) is not done: EF = 25, ES = 15. b follows:
    # ES 25, EF 30. a: LF = min(due 8, LS(b)) = 8, float -17; b: no deadline, float 0.
    s = schedule(
        milestone("a", duration="10d", due=at(8).isoformat()),
        milestone("b", duration="5d", depends_on=["a"]),
        as_of=at(25),
    )
    assert figures(s.rows["a"])[:2] == (15, 25)
    assert s.rows["a"].constraint == "as_of" and s.rows["a"].total_float == -17
    assert figures(s.rows["b"]) == (25, 30, 25, 30, 0, 0)
    assert s.finish == at(30)
    assert s.critical_path == ["a"]


def test_not_before_with_a_period() -> None:
    # not_before "February 2010" names the period's first day, 1 Feb = day 31; it is later than
    # the link from a (EF 5), so it sets b's start: ES 31, EF 34; a still drives with slack 26.
    s = schedule(
        milestone("a", duration="5d"),
        milestone("b", duration="3d", not_before="February 2010", depends_on=["a"]),
    )
    b = s.rows["b"]
    assert (off(b.early_start), off(b.early_finish)) == (31, 34)
    assert b.constraint == "not_before" and (b.driver, b.driving_slack) == ("a", 26)
    assert s.critical_path == ["b"]


def test_working_days_calendar_across_easter() -> None:
    # calendar: working-days; start Thursday 1 April 2010. Good Friday 2 April and Easter
    # Monday 5 April are bank holidays. a, 2d: Thu 1 Apr + 2 working days = Tue 6, Wed 7 -> EF
    # Wed 7 Apr. b: FS a +1d: ES Thu 8 Apr, 0d. Floats count working days: b due Tue 13 Apr
    # -> (Thu 8, Tue 13] holds Fri 9, Mon 12, Tue 13 = 3 working days (5 calendar days).
    s = schedule(
        milestone("a", duration="2d"),
        milestone("b", due="2010-04-13", depends_on=[{"id": "a", "lag": "1d"}]),
        start="2010-04-01",
        calendar="working-days",
    )
    assert s.rows["a"].early_finish == date(2010, 4, 7)
    assert s.rows["b"].early_start == date(2010, 4, 8)
    assert s.rows["b"].total_float == 3
    assert s.working_days


def test_working_days_in_a_calendar_days_programme() -> None:
    # 2wd from Thu 1 Apr 2010 lands on Wed 7 Apr; b then runs 3 calendar days: 7 -> 10 Apr.
    # Floats in calendar days: b due 14 Apr -> 4.
    s = schedule(
        milestone("a", duration="2wd"),
        milestone("b", duration="3d", due="2010-04-14", depends_on=["a"]),
        start="2010-04-01",
    )
    assert s.rows["a"].early_finish == date(2010, 4, 7)
    assert s.rows["b"].early_finish == date(2010, 4, 10)
    assert s.rows["b"].total_float == 4


def test_months() -> None:
    # 31 Jan 2010 + 1m = 28 Feb (clamped to the shorter month); + a 1m lag = 28 Mar.
    s = schedule(
        milestone("a", duration="1m"),
        milestone("b", depends_on=[{"id": "a", "lag": "1m"}]),
        start="2010-01-31",
    )
    assert s.rows["a"].early_finish == date(2010, 2, 28)
    assert s.rows["b"].early_start == date(2010, 3, 28)


def test_free_float_against_total_float() -> None:
    # a 10d, b 4d, c 2d after b, d 0d after a and c. a 0-10, b 0-4, c 4-6, d 10-10.
    # c: LF = LS(d) = 10, float 4, free float ES(d)-EF(c) = 4.
    # b: LF = LS(c) = 8, float 4, but free float ES(c)-EF(b) = 0: any slip moves c.
    s = schedule(
        milestone("a", duration="10d"),
        milestone("b", duration="4d"),
        milestone("c", duration="2d", depends_on=["b"]),
        milestone("d", depends_on=["a", "c"]),
    )
    assert figures(s.rows["b"]) == (0, 4, 4, 8, 4, 0)
    assert figures(s.rows["c"]) == (4, 6, 8, 10, 4, 4)
    assert s.critical_path == ["a", "d"]


def test_critical_chain_and_driving_chain() -> None:
    # a 5d, b 10d, c 3d after a (EF 8), d 2d after b and c: ES = max(10, 8) = 10, driven by b.
    s = schedule(
        milestone("a", duration="5d"),
        milestone("b", duration="10d"),
        milestone("c", duration="3d", depends_on=["a"]),
        milestone("d", duration="2d", depends_on=["c", "b"]),
    )
    assert s.critical_path == ["b", "d"]
    assert s.rows["d"].driver == "b"
    assert s.driving_chain("d") == [("b", 0), ("d", 0)]
    assert s.driving_chain("c") == [("a", 0), ("c", 0)]
    assert s.rows["c"].total_float == 2 and not s.rows["c"].critical
    assert s.predecessors("d") == [("c", "FS"), ("b", "FS")]
    assert s.successors("a") == [("c", "FS")]
    assert s.links("d") == [("c", "FS", "0d"), ("b", "FS", "0d")]


def test_smallest_positive_float_is_critical() -> None:
    # a 5d due day 10: LF = min(10, LS(b) = 20-3 = 17) = 10, float 5. b 3d due day 20: EF 8,
    # float 12. All floats positive: the smallest (5) is critical.
    s = schedule(
        milestone("a", duration="5d", due=at(10).isoformat()),
        milestone("b", duration="3d", due=at(20).isoformat(), depends_on=["a"]),
    )
    assert (s.rows["a"].total_float, s.rows["b"].total_float) == (5, 12)
    assert s.rows["a"].critical and not s.rows["b"].critical
    assert s.critical_path == ["a"]


def test_programme_deadline_bounds_every_milestone() -> None:
    # Programme deadline day 12; a 10d -> b 5d: LF(b) = 12, float -3; LF(a) = 7, float -3.
    s = schedule(
        milestone("a", duration="10d"),
        milestone("b", duration="5d", depends_on=["a"]),
        deadline=at(12).isoformat(),
    )
    assert (s.rows["a"].total_float, s.rows["b"].total_float) == (-3, -3)
    assert s.critical_path == ["a", "b"]


def test_done_successor_does_not_constrain_its_predecessor() -> None:
    # b is done (day 3, as of day 20) although a, which it depends on, is not (EF pushed to 20).
    # b asks nothing of a any more (its deadline, day 5, would give a float 5-20 = -15): a has
    # no deadline downstream, so LF(a) = finish 20, float 0.
    s = schedule(
        milestone("a", duration="10d"),
        milestone("b", due=at(5).isoformat(), actual=at(3).isoformat(), depends_on=["a"]),
        as_of=at(20),
    )
    assert s.rows["a"].total_float == 0 and s.rows["a"].critical


def test_file_order_does_not_matter() -> None:
    s = schedule(
        milestone("c", duration="3d", depends_on=["b"]),
        milestone("b", duration="5d", depends_on=["a"]),
        milestone("a", duration="10d"),
    )
    assert s.order == ["a", "b", "c"]
    assert s.critical_path == ["a", "b", "c"] and s.finish == at(18)


def test_cycle_names_every_id_in_order() -> None:
    plan = make_plan(
        [
            milestone("a", depends_on=["c"]),
            milestone("b", depends_on=["a"]),
            milestone("c", depends_on=["b"]),
            milestone("d"),
        ]
    )
    with pytest.raises(CycleError) as caught:
        compute_schedule(plan, BEFORE)
    # a depends on c, c on b, b on a.
    assert caught.value.cycle == ["a", "c", "b"]
    assert "a → b → c → a (each waits on the one before it)" in str(caught.value)
    assert find_cycles(["a", "b", "c"], {"a": ["c"], "b": ["a"], "c": ["b"]}) == [["a", "c", "b"]]
    with pytest.raises(CycleError):
        topological_order(["a", "b"], {"a": ["b"], "b": ["a"]})
    assert topological_order(["b", "a"], {"b": ["a"], "a": ["zz"]}) == ["a", "b"]


def test_depending_on_itself_is_a_cycle() -> None:
    with pytest.raises(CycleError) as caught:
        schedule(milestone("a", duration="5d", depends_on=["a"]))
    assert caught.value.cycle == ["a"]


def test_working_days_past_the_end_of_the_first_table() -> None:
    # The working-day table first covers 2014-2017 (b's year); 31 Dec 2017 is a Sunday and
    # 1 Jan 2018 a bank holiday, so Fri 29 Dec 2017 + 1wd = Tue 2 Jan 2018, outside it.
    s = schedule(
        milestone("b", duration="1wd", not_before="2015-06-01"),
        milestone("a", duration="1wd", not_before="2017-12-29"),
        start="2015-06-01",
    )
    assert s.rows["a"].early_finish == date(2018, 1, 2)


def test_a_schedule_past_the_calendar_names_the_first_milestone_outside_it() -> None:
    # Plan dates stop at the end of 8999: from 8000, the tenth century of work leaves it.
    chain = [milestone("m0", duration="1200m")]
    chain += [milestone(f"m{k}", duration="1200m", depends_on=[f"m{k - 1}"]) for k in range(1, 12)]
    with pytest.raises(OutsideCalendar) as caught:
        schedule(*chain, start="8000-01-01")
    assert caught.value.milestone == "m9"
    diagnostic = caught.value.diagnostic
    assert diagnostic is not None and diagnostic.code == "schedule-outside-calendar"
    assert diagnostic.message.startswith("'m9' would be scheduled outside the calendar")
    assert caught.value.exit_code == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"not_before": "1 December 8999", "duration": "2m"},  # forward, months
        {"not_before": "24 December 8999", "duration": "10wd"},  # forward, working days
        {"due": "1 March 1000", "duration": "3m"},  # backward: late start before 1000
    ],
)
def test_a_schedule_at_the_calendar_edges_is_an_error(fields: dict[str, str]) -> None:
    with pytest.raises(OutsideCalendar) as caught:
        schedule(milestone("a", **fields), start="1000-01-01")
    assert caught.value.milestone == "a"
    assert caught.value.diagnostic is not None
    assert "(dates run from the year 1000 to 8999)" in caught.value.diagnostic.message


def test_empty_plan() -> None:
    s = schedule()
    assert s.rows == {} and s.critical_path == [] and s.finish == START


# --- Properties on random networks -------------------------------------------------------------

TYPES = ("FS", "SS", "FF", "SF")


@st.composite
def networks(
    draw: st.DrawFn,
    *,
    deadlines: bool = True,
    progress: bool = True,
    types: tuple[str, ...] = TYPES,
    not_before: bool = True,
    max_size: int = 12,
) -> tuple[list[dict[str, Any]], date]:
    """A random acyclic plan (as milestone mappings, shuffled) and an as-of date."""
    n = draw(st.integers(1, max_size))
    ms: list[dict[str, Any]] = []
    for i in range(n):
        m = milestone(f"m{i}", duration=f"{draw(st.integers(0, 15))}d")
        preds = draw(st.lists(st.integers(0, i - 1), max_size=3, unique=True)) if i else []
        deps: list[dict[str, Any]] = []
        for p in preds:
            deps.append(
                {
                    "id": f"m{p}",
                    "type": draw(st.sampled_from(types)),
                    "lag": f"{draw(st.integers(-6, 8))}d",
                }
            )
        if deps:
            m["depends_on"] = deps
        if not_before and draw(st.integers(0, 5)) == 0:
            m["not_before"] = at(draw(st.integers(-5, 40))).isoformat()
        if deadlines and draw(st.integers(0, 2)) == 0:
            m["due"] = at(draw(st.integers(0, 60))).isoformat()
        if progress and draw(st.integers(0, 4)) == 0:
            m["forecast"] = at(draw(st.integers(0, 60))).isoformat()
        if progress and draw(st.integers(0, 5)) == 0:
            m["actual"] = at(draw(st.integers(0, 30))).isoformat()
        ms.append(m)
    order = draw(st.permutations(range(n)))
    as_of = at(draw(st.integers(-1, 40))) if progress else BEFORE
    return [ms[k] for k in order], as_of


def _holds(s: Schedule, ms: list[dict[str, Any]]) -> None:
    """Every dependency and date constraint holds in the early schedule of open milestones."""
    rows = s.rows
    for m in ms:
        row = rows[m["id"]]
        dur = int(m["duration"][:-1])
        assert (row.early_finish - row.early_start).days == dur
        if row.done:
            assert row.early_finish.isoformat() == m["actual"]
            continue
        assert row.early_start >= START
        assert row.early_finish >= s.as_of
        if "not_before" in m:
            assert row.early_start.isoformat() >= m["not_before"]
        if "forecast" in m:
            assert row.early_finish.isoformat() >= m["forecast"]
        for dep in m.get("depends_on", []):
            p = rows[dep["id"]]
            lag = timedelta(days=int(dep["lag"][:-1]))
            mine = row.early_start if dep["type"][1] == "S" else row.early_finish
            theirs = p.early_finish if dep["type"][0] == "F" else p.early_start
            assert mine >= theirs + lag, (m["id"], dep)


def _floats_consistent(s: Schedule) -> None:
    for row in s.rows.values():
        if row.done:  # it can no longer move
            assert (row.late_start, row.late_finish) == (row.early_start, row.early_finish)
            assert (row.total_float, row.free_float, row.critical) == (0, 0, False)
        assert row.total_float == (row.late_finish - row.early_finish).days
        assert row.free_float <= row.total_float
        assert (row.late_finish - row.late_start) == (row.early_finish - row.early_start)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _deadline_downstream(s: Schedule, ms: list[dict[str, Any]]) -> set[str]:
    """Ids with a deadline of their own or on an open milestone that waits on them."""
    waits: dict[str, list[str]] = {m["id"]: [] for m in ms}
    for m in ms:
        if not s.rows[m["id"]].done:  # a done milestone constrains nothing upstream
            for dep in m.get("depends_on", []):
                waits[dep["id"]].append(m["id"])
    found: set[str] = set()
    stack = [m["id"] for m in ms if "due" in m]
    while stack:
        i = stack.pop()
        if i not in found:
            found.add(i)
            stack.extend(p for p, ss in waits.items() if i in ss)
    return found


@settings(max_examples=600)
@given(networks())
def test_property_constraints_hold_and_floats_are_consistent(
    case: tuple[list[dict[str, Any]], date],
) -> None:
    ms, as_of = case
    s = compute_schedule(make_plan(ms), as_of)
    _holds(s, ms)
    _floats_consistent(s)
    assert s.finish == max(r.early_finish for r in s.rows.values())
    open_floats = [r.total_float for r in s.rows.values() if not r.done]
    threshold = max(0, min(open_floats, default=0))
    for row in s.rows.values():
        assert row.critical == (not row.done and row.total_float <= threshold)
    for m in ms:
        if "due" in m and not s.rows[m["id"]].done:
            assert s.rows[m["id"]].late_finish.isoformat() <= m["due"]
    # The critical path: critical milestones, each driving the next with no slack.
    path = s.critical_path
    assert bool(path) == any(r.critical for r in s.rows.values())
    for before, after in itertools.pairwise(path):
        assert s.rows[after].driver == before and s.rows[after].driving_slack == 0
    assert all(s.rows[i].critical for i in path)
    if path:
        end = s.rows[path[-1]]
        assert end.total_float == min(open_floats)
        # It ends where its own deadline or the programme finish sets the late finish, and
        # the chain that sets the finish is named whenever it ties for the smallest float.
        due = {m["id"]: _day(m.get("due")) for m in ms}
        bounded = _deadline_downstream(s, ms)
        sets_finish = [
            r
            for r in s.rows.values()
            if r.critical
            and r.total_float == end.total_float
            and r.early_finish == s.finish
            and (r.late_finish == due[r.id] or (r.id not in bounded and r.late_finish == s.finish))
        ]
        if sets_finish:
            assert end.early_finish == s.finish


@settings(max_examples=600)
@given(networks(deadlines=False))
def test_property_without_deadlines_the_smallest_float_is_zero(
    case: tuple[list[dict[str, Any]], date],
) -> None:
    ms, as_of = case
    s = compute_schedule(make_plan(ms), as_of)
    _holds(s, ms)
    _floats_consistent(s)
    rows = s.rows
    for row in rows.values():
        assert row.early_start <= row.late_start
        assert 0 <= row.free_float <= row.total_float
    open_rows = [r for r in rows.values() if not r.done]
    if not open_rows:
        return
    assert min(r.total_float for r in open_rows) == 0
    path = s.critical_path
    assert rows[path[-1]].early_finish == s.finish
    first = rows[path[0]]
    # The chain starts where something other than a running dependency sets the date.
    assert (
        first.driver is None
        or first.driving_slack != 0
        or first.constraint != "dependency"
        or rows[first.driver].done
    )


@settings(max_examples=500)
@given(networks(deadlines=False, progress=False, not_before=False))
def test_property_pure_network_critical_chain_runs_start_to_finish(
    case: tuple[list[dict[str, Any]], date],
) -> None:
    ms, as_of = case
    s = compute_schedule(make_plan(ms), as_of)
    path = s.critical_path
    assert s.rows[path[0]].early_start == START
    assert s.rows[path[-1]].early_finish == s.finish
    assert all(s.rows[i].total_float == 0 for i in path)


@settings(max_examples=300)
@given(networks(max_size=10))
def test_property_working_days_constraints_hold(case: tuple[list[dict[str, Any]], date]) -> None:
    ms, as_of = case
    s = compute_schedule(make_plan(ms, programme={"calendar": "working-days"}), as_of)
    rows = s.rows
    for row in rows.values():
        assert row.free_float <= row.total_float
    for m in ms:
        row = rows[m["id"]]
        if row.done:
            continue
        assert row.early_finish >= as_of and row.early_finish >= row.early_start
        for dep in m.get("depends_on", []):
            p = rows[dep["id"]]
            mine = row.early_start if dep["type"][1] == "S" else row.early_finish
            theirs = p.early_finish if dep["type"][0] == "F" else p.early_start
            if int(dep["lag"][:-1]) >= 0:  # a working-day lag never shortens the wait
                assert mine >= theirs


# --- networkx as an independent referee ---------------------------------------------------------


def _random_fs_network(rng: random.Random, n: int) -> list[dict[str, Any]]:
    ms = []
    for i in range(n):
        m = milestone(f"m{i}", duration=f"{rng.randint(0, 20)}d")
        preds = rng.sample(range(i), k=min(i, rng.randint(0, 3)))
        if preds:
            m["depends_on"] = [{"id": f"m{p}", "lag": f"{rng.randint(-5, 10)}d"} for p in preds]
        ms.append(m)
    rng.shuffle(ms)
    return ms


@pytest.mark.parametrize("seed", range(40))
def test_networkx_longest_paths_agree(seed: int) -> None:
    rng = random.Random(seed)
    ms = _random_fs_network(rng, rng.randint(1, 60))
    s = compute_schedule(make_plan(ms), BEFORE)
    duration = {m["id"]: int(m["duration"][:-1]) for m in ms}
    # Early starts: longest path from a source, each link weighing the predecessor's duration
    # plus the lag (shortest paths on negated weights; a DAG has no negative cycles).
    forward = nx.DiGraph()
    forward.add_weighted_edges_from(("source", m["id"], 0) for m in ms)
    backward = nx.DiGraph()  # finish of each milestone -> sink, reversed for single-source
    backward.add_weighted_edges_from(("sink", m["id"], 0) for m in ms)
    for m in ms:
        for dep in m.get("depends_on", []):
            lag = int(dep["lag"][:-1])
            forward.add_edge(dep["id"], m["id"], weight=-(duration[dep["id"]] + lag))
            backward.add_edge(m["id"], dep["id"], weight=-(duration[m["id"]] + lag))
    early = nx.single_source_bellman_ford_path_length(forward, "source")
    finish = max(-early[i] + duration[i] for i in duration)
    rest = nx.single_source_bellman_ford_path_length(backward, "sink")
    for m in ms:
        row = s.rows[m["id"]]
        assert off(row.early_start) == -early[m["id"]]
        assert off(row.late_finish) == finish + rest[m["id"]]
    assert off(s.finish) == finish
    # The whole network's longest path, with the durations on a sink, is the programme length.
    whole = nx.DiGraph()
    for m in ms:
        whole.add_edge("source", m["id"], weight=0)
        whole.add_edge(m["id"], "sink", weight=duration[m["id"]])
        for dep in m.get("depends_on", []):
            lag = int(dep["lag"][:-1])
            whole.add_edge(dep["id"], m["id"], weight=duration[dep["id"]] + lag)
    if all(d["weight"] >= 0 for *_, d in whole.edges(data=True)):
        assert nx.dag_longest_path_length(whole) == finish


# --- The network built once for several schedules ----------------------------------------------


def _fresh(plan: Plan, as_of: date) -> Schedule:
    """`compute_schedule` with nothing remembered from an earlier plan."""
    cpm._LAST_NETWORK.clear()
    return compute_schedule(plan, as_of)


def test_the_network_of_one_plan_serves_another_only_where_it_is_the_same() -> None:
    plan = make_plan(
        [
            milestone("a", duration="10d"),
            milestone("b", duration="5d", depends_on=[{"id": "a", "lag": "3d"}]),
            milestone("c", duration="2d", depends_on=["a"], due=at(30).isoformat()),
        ]
    )
    first = _fresh(plan, BEFORE)
    # Copies sharing the network (as the checks schedule one): served, the same schedule.
    copies = [m.model_copy(update={"history": []}) for m in plan.milestones]
    assert compute_schedule(replace(plan, milestones=copies), BEFORE) == first
    # Copies that change the links, the duration or not_before, or a milestone read again with
    # other links: each is scheduled as it is, never with the network remembered.
    c = plan.milestones[2]
    for changed in (
        c.model_copy(update={"depends_on": [Dependency(id="b")]}),
        c.model_copy(update={"duration": parse_duration("20d")}),
        c.model_copy(update={"not_before": parse_date(at(40).isoformat())}),
        Milestone.model_validate({**c.model_dump(mode="json"), "depends_on": ["a", "b"]}),
    ):
        other = replace(plan, milestones=[*plan.milestones[:2], changed])
        compute_schedule(plan, BEFORE)  # remembered: the network of `plan`
        assert compute_schedule(other, BEFORE) == _fresh(other, BEFORE)
        assert compute_schedule(other, BEFORE).rows["c"] != first.rows["c"]


@given(st.data())
@settings(max_examples=50)
def test_schedules_in_turn_equal_schedules_from_nothing(data: st.DataObject) -> None:
    """Two plans scheduled one after the other (the second sharing some milestones of the first,
    some rewired) get the schedule each gets alone."""
    ids = [f"m{i}" for i in range(6)]

    def plan_of(draw: st.DataObject) -> list[dict[str, Any]]:
        return [
            milestone(
                mid,
                duration=draw.draw(st.sampled_from(["0d", "3d", "2w", "1m"])),
                depends_on=draw.draw(st.lists(st.sampled_from(ids[:i]), max_size=2, unique=True))
                if i
                else [],
            )
            for i, mid in enumerate(ids)
        ]

    one = make_plan(plan_of(data))
    two = make_plan(plan_of(data))
    mixed = [
        a if data.draw(st.booleans()) else b
        for a, b in zip(one.milestones, two.milestones, strict=True)
    ]
    other = replace(two, milestones=mixed)
    as_of = at(data.draw(st.integers(-5, 40)))
    _fresh(one, as_of)
    assert compute_schedule(other, as_of) == _fresh(other, as_of)
