"""Date expressions, durations and the English working-day calendar."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nhs_transition.dates import (
    DateError,
    Workdays,
    add_months,
    england_bank_holidays,
    format_day,
    is_working_day,
    parse_date,
    parse_duration,
    shift,
    working_calendar,
)

D = date


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2010-09-10", D(2010, 9, 10), D(2010, 9, 10), "day"),
        ("10 September 2010", D(2010, 9, 10), D(2010, 9, 10), "day"),
        ("10 Sep 2010", D(2010, 9, 10), D(2010, 9, 10), "day"),
        ("10th September 2010", D(2010, 9, 10), D(2010, 9, 10), "day"),
        ("September 10, 2010", D(2010, 9, 10), D(2010, 9, 10), "day"),
        ("Tuesday 13 July 2010", D(2010, 7, 13), D(2010, 7, 13), "day"),
        ("10/09/2010", D(2010, 9, 10), D(2010, 9, 10), "day"),
        ("1/4/2013", D(2013, 4, 1), D(2013, 4, 1), "day"),
        ("September 2010", D(2010, 9, 1), D(2010, 9, 30), "month"),
        ("february 2012", D(2012, 2, 1), D(2012, 2, 29), "month"),
        ("Q1 2010", D(2010, 1, 1), D(2010, 3, 31), "quarter"),
        ("Q3 2010", D(2010, 7, 1), D(2010, 9, 30), "quarter"),
        ("q4 2010", D(2010, 10, 1), D(2010, 12, 31), "quarter"),
        ("2010/11", D(2010, 4, 1), D(2011, 3, 31), "financial-year"),
        ("FY2010/11", D(2010, 4, 1), D(2011, 3, 31), "financial-year"),
        ("fy 2012/2013", D(2012, 4, 1), D(2013, 3, 31), "financial-year"),
        ("1999/00", D(1999, 4, 1), D(2000, 3, 31), "financial-year"),
        ("Q1 2010/11", D(2010, 4, 1), D(2010, 6, 30), "financial-quarter"),
        ("Q2 2010/11", D(2010, 7, 1), D(2010, 9, 30), "financial-quarter"),
        ("Q3 2010/11", D(2010, 10, 1), D(2010, 12, 31), "financial-quarter"),
        ("Q4 2010/11", D(2011, 1, 1), D(2011, 3, 31), "financial-quarter"),
        ("spring 2011", D(2011, 3, 1), D(2011, 5, 31), "season"),
        ("Summer 2011", D(2011, 6, 1), D(2011, 8, 31), "season"),
        ("AUTUMN 2010", D(2010, 9, 1), D(2010, 11, 30), "season"),
        ("winter 2011", D(2011, 12, 1), D(2012, 2, 29), "season"),
        ("2012", D(2012, 1, 1), D(2012, 12, 31), "year"),
    ],
)
def test_every_form_resolves_to_its_window(text: str, start: date, end: date, kind: str) -> None:
    expr = parse_date(text)
    assert (expr.start, expr.end, expr.kind) == (start, end, kind)
    assert expr.text == text  # the text as written is kept for display


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Autumn 2010", D(2010, 11, 30)),  # a bare period as a deadline: its last day
        ("end of 2010/11", D(2011, 3, 31)),
        ("by summer 2011", D(2011, 8, 31)),
        ("By 10 September 2010", D(2010, 9, 10)),
        ("start of Q3 2010", D(2010, 7, 1)),
        ("from April 2013", D(2013, 4, 1)),
        ("from 2012/13", D(2012, 4, 1)),
        ("end of the 2012", D(2012, 12, 31)),
    ],
)
def test_prefixes_pick_the_end_or_start_of_the_window(text: str, day: date) -> None:
    assert parse_date(text).day == day


def test_default_anchor_start_applies_to_bare_periods_only() -> None:
    assert parse_date("April 2013", "start").day == D(2013, 4, 1)
    assert parse_date("end of April 2013", "start").day == D(2013, 4, 30)
    assert parse_date("2013-04-10", "start").day == D(2013, 4, 10)


def test_whitespace_and_case_are_forgiven_but_the_text_is_kept() -> None:
    expr = parse_date("  END  OF   2010/11 ")
    assert expr.day == D(2011, 3, 31)
    assert expr.text == "END OF 2010/11"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2010-02-30", "February 2010 has 28 days"),
        ("30/02/2012", "February 2012 has 29 days"),
        ("2010-13-01", "month 13 does not exist"),
        ("2010/12", "did you mean '2010/11'?"),
        ("Q5 2010", "quarters run from Q1 to Q4"),
        ("Q0 2010/11", "quarters run from Q1 to Q4"),
        ("2010-11", "write '2010/11' for the financial year or 'November 2010' for the month"),
        ("Monday 13 July 2010", "2010-07-13 is a Tuesday"),
        ("next tuesday", "expected a date such as"),
        ("Smarch 2010", "expected a date such as"),
        ("", "empty date"),
    ],
)
def test_malformed_or_impossible_dates_say_what_was_expected(text: str, expected: str) -> None:
    with pytest.raises(DateError, match=expected.replace("?", r"\?").replace("(", r"\(")):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("0d", 0, "d"),
        ("10d", 10, "d"),
        ("6w", 6, "w"),
        ("3m", 3, "m"),
        ("10wd", 10, "wd"),
        ("-5d", -5, "d"),
    ],
)
def test_durations(text: str, amount: int, unit: str) -> None:
    duration = parse_duration(text)
    assert (duration.amount, duration.unit, duration.text) == (amount, unit, text)


@pytest.mark.parametrize("text", ["10", "d", "10x", "1.5d", "ten days", "10 days"])
def test_malformed_durations(text: str) -> None:
    with pytest.raises(DateError, match="is not a duration: expected a whole number and a unit"):
        parse_duration(text)


@pytest.mark.parametrize(
    "text", ["0999-12-31", "9000-01-01", "winter 8999", "FY8999/00", "Q4 8999/00", "0000", "9999"]
)
def test_dates_outside_the_calendar_are_errors(text: str) -> None:
    with pytest.raises(
        DateError, match="outside the calendar: dates run from the year 1000 to 8999"
    ):
        parse_date(text)


@pytest.mark.parametrize("text", ["1000-01-01", "8999-12-31", "autumn 8999", "FY8998/99", "1000"])
def test_the_calendar_edges_are_dates(text: str) -> None:
    assert parse_date(text).day.year in (1000, 8999)


@pytest.mark.parametrize(
    ("longest", "longer"),
    [("36525d", "36526d"), ("-5218w", "-5219w"), ("1200m", "1201m"), ("26089wd", "26090wd")],
)
def test_durations_are_at_most_a_century(longest: str, longer: str) -> None:
    assert parse_duration(longest).text == longest
    with pytest.raises(DateError, match="longer than a century: a duration or lag is at most"):
        parse_duration(longer)


# Published by gov.uk/bank-holidays (England and Wales), including the moved and one-off ones.
PUBLISHED = {
    2010: [
        "2010-01-01",
        "2010-04-02",
        "2010-04-05",
        "2010-05-03",
        "2010-05-31",
        "2010-08-30",
        "2010-12-27",
        "2010-12-28",
    ],
    2011: [
        "2011-01-03",
        "2011-04-22",
        "2011-04-25",
        "2011-04-29",
        "2011-05-02",
        "2011-05-30",
        "2011-08-29",
        "2011-12-26",
        "2011-12-27",
    ],
    2012: [
        "2012-01-02",
        "2012-04-06",
        "2012-04-09",
        "2012-05-07",
        "2012-06-04",
        "2012-06-05",
        "2012-08-27",
        "2012-12-25",
        "2012-12-26",
    ],
    2013: [
        "2013-01-01",
        "2013-03-29",
        "2013-04-01",
        "2013-05-06",
        "2013-05-27",
        "2013-08-26",
        "2013-12-25",
        "2013-12-26",
    ],
    2020: [
        "2020-01-01",
        "2020-04-10",
        "2020-04-13",
        "2020-05-08",
        "2020-05-25",
        "2020-08-31",
        "2020-12-25",
        "2020-12-28",
    ],
    2022: [
        "2022-01-03",
        "2022-04-15",
        "2022-04-18",
        "2022-05-02",
        "2022-06-02",
        "2022-06-03",
        "2022-08-29",
        "2022-09-19",
        "2022-12-26",
        "2022-12-27",
    ],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_match_the_published_dates(year: int) -> None:
    assert [d.isoformat() for d in england_bank_holidays(year)] == PUBLISHED[year]


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    cal = working_calendar()
    # Thursday 21 April 2011: Good Friday, Easter Monday, then Tue-Thu, the royal wedding Friday,
    # the early May bank holiday Monday.
    assert cal.add(D(2011, 4, 21), 1) == D(2011, 4, 26)
    assert cal.add(D(2011, 4, 21), 4) == D(2011, 5, 3)
    assert cal.add(D(2011, 5, 3), -4) == D(2011, 4, 21)
    assert cal.between(D(2011, 4, 21), D(2011, 5, 3)) == 4
    assert not is_working_day(D(2012, 6, 5))
    assert shift(D(2010, 12, 24), parse_duration("1wd")) == D(2010, 12, 29)
    assert shift(D(2010, 12, 24), parse_duration("1d")) == D(2010, 12, 25)
    # 27, 28 Dec and 3 Jan are bank holidays: five working days are 29-31 Dec, 4 and 5 Jan.
    assert shift(D(2010, 12, 24), parse_duration("1w"), cal) == D(2011, 1, 5)


def test_calendar_months_clamp_to_the_end_of_short_months() -> None:
    assert add_months(D(2011, 1, 31), 1) == D(2011, 2, 28)
    assert add_months(D(2012, 1, 31), 1) == D(2012, 2, 29)
    assert shift(D(2010, 11, 30), parse_duration("3m")) == D(2011, 2, 28)
    assert shift(D(2011, 3, 31), parse_duration("-1m")) == D(2011, 2, 28)


days = st.dates(min_value=D(1980, 1, 1), max_value=D(2100, 12, 31))


@given(days)
def test_formatted_days_parse_back(d: date) -> None:
    for text in (d.isoformat(), format_day(d), d.strftime("%d/%m/%Y")):
        expr = parse_date(text)
        assert (expr.start, expr.end, expr.kind) == (d, d, "day")


@given(
    st.integers(1980, 2100), st.sampled_from(["Q1", "Q2", "Q3", "Q4"]), st.sampled_from(["", "FY"])
)
def test_financial_quarters_tile_the_financial_year(year: int, _q: str, prefix: str) -> None:
    fy = f"{prefix}{year}/{(year + 1) % 100:02d}"
    year_expr = parse_date(fy)
    quarters = [parse_date(f"Q{q} {fy}") for q in range(1, 5)]
    assert quarters[0].start == year_expr.start
    assert quarters[-1].end == year_expr.end
    for before, after in itertools.pairwise(quarters):
        assert after.start == before.end + timedelta(days=1)


@given(st.integers(1980, 2100))
def test_calendar_quarters_months_and_seasons_tile(year: int) -> None:
    months = [
        parse_date(f"{name} {year}")
        for name in (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        )
    ]
    assert months[0].start == parse_date(str(year)).start
    assert months[-1].end == parse_date(str(year)).end
    seasons = [parse_date(f"{s} {year}") for s in ("spring", "summer", "autumn", "winter")]
    for chain in (months, seasons, [parse_date(f"Q{q} {year}") for q in range(1, 5)]):
        for before, after in itertools.pairwise(chain):
            assert after.start == before.end + timedelta(days=1)


@given(
    st.sampled_from(
        ["September 2010", "Q3 2010", "2010/11", "Q2 2010/11", "autumn 2010", "2012", "winter 2015"]
    ),
    st.sampled_from(["", "end of ", "by ", "start of ", "from "]),
)
def test_windows_are_ordered_and_the_named_day_lies_in_them(period: str, prefix: str) -> None:
    expr = parse_date(prefix + period)
    assert expr.start <= expr.day <= expr.end
    assert expr.start < expr.end


@given(days, st.integers(-300, 300))
def test_working_day_arithmetic_round_trips(d: date, n: int) -> None:
    cal = working_calendar()
    moved = cal.add(d, n)
    if n:
        assert is_working_day(moved)
    if is_working_day(d):
        assert cal.between(d, moved) == n
        assert cal.add(moved, -n) == d


@pytest.mark.parametrize(
    "workdays",
    [
        Workdays(),
        Workdays(week=(True,) * 6 + (False,), holidays="none"),
        Workdays(
            week=(False, True, True, True, True, True, True),
            holidays="scotland",
            off=frozenset({date(2012, 1, 4), date(2013, 12, 27)}),
            on=frozenset({date(2012, 12, 25), date(2012, 1, 2)}),
        ),
        Workdays(holidays="northern-ireland", on=frozenset({date(2011, 4, 29)})),
    ],
)
def test_the_schedules_table_of_working_days_is_the_calendars_day_by_day(
    workdays: Workdays,
) -> None:
    from nhs_transition.schedule.working_days import _WorkingDays

    table = _WorkingDays(workdays)
    lo, hi = date(2010, 3, 1).toordinal(), date(2014, 2, 1).toordinal()
    table.between(lo, hi)  # builds the table over the span
    days = [date.fromordinal(o) for o in range(lo, hi + 1)]
    assert [table.working[o - table.base] for o in range(lo, hi + 1)] == [
        int(workdays.is_working(d)) for d in days
    ]
    working = [d.toordinal() for d in days if workdays.is_working(d)]
    assert table.between(lo, hi) == len(working) - (lo in working)
    assert table.add(working[0], 10) == working[10]
