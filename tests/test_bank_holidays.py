"""Bank holidays: our rules (England and Wales) and the `holidays` package's (every nation)
against the published lists, 2010-2030.

tests/data/bank-holidays.json holds GOV.UK's published lists (2012-2028, all three nations) and
what this project's own rules for England and Wales gave (2010-2030) when the package was
compared with them: the record for the years GOV.UK's list does not reach. The one-off
holidays are named below.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from nhs_transition.dates import (
    Workdays,
    bank_holidays,
    is_working_day,
    parse_duration,
    shift,
    working_calendar,
)

PUBLISHED = json.loads((Path(__file__).parent / "data" / "bank-holidays.json").read_text("utf-8"))
GOV_UK = PUBLISHED["gov.uk"]
BEFORE = PUBLISHED["rules-before-holidays-package"]["england-and-wales"]


# Scotland's one-off holiday of 15 June 2026 (proclaimed in 2025) came in holidays 0.87, which
# also caps python-dateutil below 3; the lock holds python-dateutil 4, so it holds holidays 0.86.
_LATER = {
    ("scotland", 2026): "15 June 2026 is in holidays 0.87 and later, which need python-dateutil<3"
}


@pytest.mark.parametrize(
    ("nation", "year"),
    [
        pytest.param(
            nation,
            int(year),
            marks=[pytest.mark.xfail(reason=_LATER[(nation, int(year))], strict=False)]
            if (nation, int(year)) in _LATER
            else [],
        )
        for nation, years in GOV_UK.items()
        for year in years
    ],
)
def test_each_nation_matches_gov_uk(nation: str, year: int) -> None:
    assert [d.isoformat() for d in bank_holidays(year, nation)] == GOV_UK[nation][str(year)]  # type: ignore[arg-type]


def test_england_and_wales_match_the_record_from_2010_to_2030() -> None:
    found = {str(y): [d.isoformat() for d in bank_holidays(y)] for y in range(2010, 2031)}
    assert found == BEFORE


def test_the_holidays_package_agrees_with_our_rules_for_england_and_wales() -> None:
    # Why we could use it for every nation; we keep ours for England and Wales only because
    # importing the package costs 0.3-0.9 s, and the shipped plan counts working days.
    from holidays.countries.united_kingdom import UnitedKingdom

    theirs = UnitedKingdom(subdiv="ENG", years=range(1978, 2101))
    weekdays = sorted(d for d in theirs if d.weekday() < 5)
    assert weekdays == sorted(d for y in range(1978, 2101) for d in bank_holidays(y))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2011, 4, 29), "wedding"),
        (date(2012, 6, 5), "Jubilee"),
        (date(2012, 6, 4), "Spring"),  # moved for the jubilee
        (date(2020, 5, 8), "May"),  # moved for VE day
        (date(2022, 6, 2), "Spring"),
        (date(2022, 6, 3), "Jubilee"),
        (date(2022, 9, 19), "Funeral"),
        (date(2023, 5, 8), "Coronation"),
    ],
)
def test_one_off_and_moved_holidays_are_kept_in_every_nation(day: date, name: str) -> None:
    for nation in ("england-and-wales", "scotland", "northern-ireland"):
        assert name.lower() in bank_holidays(day.year, nation)[day].lower()  # type: ignore[arg-type]
        assert not is_working_day(day, Workdays(holidays=nation))  # type: ignore[arg-type]


def test_nations_differ_where_the_law_does() -> None:
    scotland, ni = Workdays(holidays="scotland"), Workdays(holidays="northern-ireland")
    assert not is_working_day(date(2011, 1, 4), scotland)  # 2 January, moved
    assert is_working_day(date(2011, 4, 25), scotland)  # no Easter Monday in Scotland
    assert not is_working_day(date(2011, 8, 1), scotland)  # summer: first Monday of August
    assert is_working_day(date(2011, 8, 29), scotland)
    assert not is_working_day(date(2011, 3, 17), ni)  # St Patrick's Day
    assert not is_working_day(date(2011, 7, 12), ni)  # Battle of the Boyne
    none = Workdays(holidays="none")
    assert is_working_day(date(2010, 12, 27), none)
    assert not is_working_day(date(2010, 12, 25), none)  # a Saturday


def test_the_rules_reach_the_whole_calendar() -> None:
    # The package stops at 2100; the plan's calendar runs to 8999.
    assert date(5000, 12, 25) in bank_holidays(5000)
    assert date(8999, 12, 25) in bank_holidays(8999) or date(8999, 12, 25).weekday() >= 5


def test_extra_days_and_the_working_week_move_working_day_arithmetic() -> None:
    six_days = Workdays(week=(True,) * 6 + (False,))
    assert shift(date(2011, 3, 4), parse_duration("1wd"), workdays=six_days) == date(2011, 3, 5)
    shutdown = Workdays(off=frozenset({date(2011, 12, 28), date(2011, 12, 29)}))
    # 27 Dec is a bank holiday (Christmas moved), 28-29 shut: Friday 30th is the next working day.
    assert working_calendar(shutdown).add(date(2011, 12, 23), 1) == date(2011, 12, 30)
    worked = Workdays(on=frozenset({date(2011, 12, 27)}))
    assert working_calendar(worked).add(date(2011, 12, 23), 1) == date(2011, 12, 27)
    assert working_calendar(worked).between(date(2011, 12, 23), date(2011, 12, 30)) == 4
