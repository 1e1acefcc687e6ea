"""Date expressions and durations: the text a user wrote, resolved to a day or a window (pure).

Forms (SPEC section 3), case-insensitive:
    2010-09-10 | 10 September 2010 | 10 Sep 2010 | 10/09/2010 (day first)   one day
    September 2010 | Sep 2010                                                a month
    Q3 2010                                                                  calendar quarter
    2010/11 | FY2010/11                                                      financial year (Apr-Mar)
    Q1 2010/11 .. Q4 2010/11                                                 financial quarter
    spring | summer | autumn | winter 2011                                   season (winter runs Dec-Feb)
    2012                                                                     calendar year
    end of P | by P   ->  last day;   start of P | from P  ->  first day
"""

from __future__ import annotations

import calendar as _calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from .errors import excerpt

Anchor = Literal["start", "end"]
PeriodKind = Literal[
    "day", "month", "quarter", "financial-year", "financial-quarter", "season", "year"
]
DurationUnit = Literal["d", "w", "m", "wd"]

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(_calendar.month_name):
    if _i:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9

SEASONS: dict[str, tuple[int, int]] = {
    # name -> (first month, number of months); winter YYYY is Dec YYYY - Feb YYYY+1.
    "spring": (3, 3),
    "summer": (6, 3),
    "autumn": (9, 3),
    "fall": (9, 3),
    "winter": (12, 3),
}

EXPECTED = (
    "expected a date such as '2010-09-10', '10 September 2010' or '10/09/2010', "
    "or a period such as 'September 2010', 'Q3 2010', '2010/11', 'Q1 2010/11', "
    "'autumn 2010' or '2012', optionally after 'end of', 'by', 'start of' or 'from'"
)


class DateError(ValueError):
    """A date expression or duration that is malformed or impossible; the message says what was expected."""


# The calendar plans live in. Python's dates run from year 1 to 9999; keeping plans a thousand
# years inside that leaves room for everything computed from a plan date (a chart's axis, the
# week before a report, a horizon after the status date) without leaving Python's calendar.
FIRST_YEAR = 1000
LAST_YEAR = 8999
CALENDAR_FIRST = date(FIRST_YEAR, 1, 1)
CALENDAR_LAST = date(LAST_YEAR, 12, 31)
CALENDAR_TEXT = f"dates run from the year {FIRST_YEAR} to {LAST_YEAR}"

# The longest duration or lag: a century, in each unit (longer spans are typing slips, and
# would each cost the working-day table a century of days).
LONGEST: dict[str, int] = {"d": 36525, "w": 5218, "m": 1200, "wd": 26089}


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date as written (`text`) and what it resolves to: a window [start, end] and the named day."""

    text: str
    start: date
    end: date
    kind: PeriodKind
    anchor: Anchor

    @property
    def day(self) -> date:
        """The day the expression names: the window's first day for 'start of'/'from', else its last."""
        return self.start if self.anchor == "start" else self.end

    @property
    def is_window(self) -> bool:
        """True when the text names a period rather than a single day."""
        return self.kind != "day"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of work or a lag as written: `amount` of `unit` (d, w, m calendar months, wd working days)."""

    text: str
    amount: int
    unit: DurationUnit

    @property
    def is_zero(self) -> bool:
        """True for any zero duration (`0d`, `0w`, ...)."""
        return self.amount == 0

    def __str__(self) -> str:
        return self.text


ZERO = Duration("0d", 0, "d")

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_SLASH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.ASCII)
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.ASCII)
_MONTH_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{4})", re.ASCII)
_QUARTER = re.compile(r"q([0-9])\s+(\d{4})", re.ASCII)
_FIN_YEAR = re.compile(r"(?:fy\s*)?(\d{4})\s*/\s*(\d{2}|\d{4})", re.ASCII)
_FIN_QUARTER = re.compile(r"q([0-9])\s+(?:fy\s*)?(\d{4})\s*/\s*(\d{2}|\d{4})", re.ASCII)
_SEASON = re.compile(r"([a-z]+)\s+(\d{4})", re.ASCII)
_YEAR = re.compile(r"(\d{4})", re.ASCII)
_AMBIGUOUS_HYPHEN = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_WEEKDAY_PREFIX = re.compile(
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+"
)
_PREFIXES: tuple[tuple[str, Anchor], ...] = (
    ("end of ", "end"),
    ("by ", "end"),
    ("start of ", "start"),
    ("from ", "start"),
    ("beginning of ", "start"),
)
_DURATION = re.compile(r"([+-]?\d+)\s*(wd|d|w|m)", re.ASCII)


def _make_day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            last = _calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
            raise DateError(
                f"'{excerpt(text)}' is not a real date: {_calendar.month_name[month]} {year} has {last} days"
            ) from None
        raise DateError(
            f"'{excerpt(text)}' is not a real date: month {month} does not exist"
        ) from None


def _month_window(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1])


def _months_window(year: int, first_month: int, count: int) -> tuple[date, date]:
    start = date(year, first_month, 1)
    last = add_months(start, count - 1)
    return start, date(last.year, last.month, _calendar.monthrange(last.year, last.month)[1])


def _financial_start_year(first: str, second: str, text: str) -> int:
    start_year = int(first)
    expected = (start_year + 1) % (100 if len(second) == 2 else 10000)
    if int(second) != expected:
        follow = f"{(start_year + 1) % 100:02d}" if len(second) == 2 else str(start_year + 1)
        raise DateError(
            f"'{excerpt(text)}' is not a financial year: the second year must follow the first "
            f"(did you mean '{first}/{follow}'?)"
        )
    return start_year


def _parse_period(body: str, text: str) -> tuple[date, date, PeriodKind]:
    """Resolve the body of an expression (prefix removed, lower case) to a window."""
    if m := _ISO.fullmatch(body):
        d = _make_day(int(m[1]), int(m[2]), int(m[3]), text)
        return d, d, "day"
    if m := _SLASH_DAY.fullmatch(body):
        d = _make_day(int(m[3]), int(m[2]), int(m[1]), text)
        return d, d, "day"
    for pattern, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        if (m := pattern.fullmatch(body)) and m[month_group] in MONTHS:
            d = _make_day(int(m[3]), MONTHS[m[month_group]], int(m[day_group]), text)
            return d, d, "day"
    if m := _FIN_QUARTER.fullmatch(body):
        quarter = int(m[1])
        if not 1 <= quarter <= 4:
            raise DateError(
                f"'{excerpt(text)}' names quarter Q{quarter}: quarters run from Q1 to Q4"
            )
        start_year = _financial_start_year(m[2], m[3], text)
        first_month = 4 + 3 * (quarter - 1)
        year = start_year if first_month <= 12 else start_year + 1
        first_month = first_month if first_month <= 12 else first_month - 12
        start, end = _months_window(year, first_month, 3)
        return start, end, "financial-quarter"
    if m := _FIN_YEAR.fullmatch(body):
        start_year = _financial_start_year(m[1], m[2], text)
        return date(start_year, 4, 1), date(start_year + 1, 3, 31), "financial-year"
    if m := _QUARTER.fullmatch(body):
        quarter = int(m[1])
        if not 1 <= quarter <= 4:
            raise DateError(
                f"'{excerpt(text)}' names quarter Q{quarter}: quarters run from Q1 to Q4"
            )
        start, end = _months_window(int(m[2]), 1 + 3 * (quarter - 1), 3)
        return start, end, "quarter"
    if m := _MONTH_YEAR.fullmatch(body):
        if m[1] in MONTHS:
            start, end = _month_window(int(m[2]), MONTHS[m[1]])
            return start, end, "month"
        if m[1] in SEASONS:
            first_month, count = SEASONS[m[1]]
            start, end = _months_window(int(m[2]), first_month, count)
            return start, end, "season"
    if m := _YEAR.fullmatch(body):
        year = int(m[1])
        return date(year, 1, 1), date(year, 12, 31), "year"
    if m := _AMBIGUOUS_HYPHEN.fullmatch(body):
        month_name = _calendar.month_name[int(m[2])] if 1 <= int(m[2]) <= 12 else None
        hint = f" or '{month_name} {m[1]}' for the month" if month_name else ""
        raise DateError(
            f"'{excerpt(text)}' is ambiguous: write '{m[1]}/{m[2]}' for the financial year{hint}"
        )
    raise DateError(f"'{excerpt(text)}' is not a date I understand: {EXPECTED}")


@lru_cache(maxsize=65536)
def parse_date(text: str, default_anchor: Anchor = "end") -> DateExpr:
    """Parse a date expression; a bare period names its last day unless `default_anchor` is 'start'.

    Raises DateError with a message that says what was expected.
    """
    written = " ".join(str(text).split())
    if not written:
        raise DateError(f"empty date: {EXPECTED}")
    body = written.lower()
    anchor: Anchor = default_anchor
    for prefix, prefix_anchor in _PREFIXES:
        if body.startswith(prefix):
            body = body[len(prefix) :].strip()
            anchor = prefix_anchor
            break
    if body.startswith("the "):
        body = body[4:]
    weekday = _WEEKDAY_PREFIX.match(body)
    if weekday:
        body = body[weekday.end() :]
    try:
        start, end, kind = _parse_period(body, written)
    except DateError:
        raise
    except (ValueError, OverflowError):  # a year Python's calendar does not have (0, 10000)
        raise DateError(f"'{excerpt(written)}' is outside the calendar: {CALENDAR_TEXT}") from None
    if start.year < FIRST_YEAR or end.year > LAST_YEAR:
        raise DateError(f"'{excerpt(written)}' is outside the calendar: {CALENDAR_TEXT}")
    if weekday and kind == "day":
        named = weekday.group(0).strip(" .,")[:3]
        actual = _calendar.day_name[start.weekday()]
        if actual[:3].lower() != named:
            raise DateError(
                f"'{excerpt(written)}' does not add up: {start.isoformat()} is a {actual}"
            )
    return DateExpr(written, start, end, kind, anchor)


_MONTH_NAMES = tuple(_calendar.month_name)


def days_named(e: DateExpr) -> list[date]:
    """Every day `e` names, as a list of days off or on: a day; a period, each day of it; a
    period after 'end of', 'start of' (and the like), the one day."""
    if e.kind == "day" or e.text.lower().startswith(tuple(p for p, _ in _PREFIXES)):
        return [e.day]
    return [date.fromordinal(o) for o in range(e.start.toordinal(), e.end.toordinal() + 1)]


def format_day(d: date) -> str:
    """A day the way people write it in letters: '10 September 2010'."""
    # A tuple, not calendar.month_name, which formats a date through strftime on every lookup.
    return f"{d.day} {_MONTH_NAMES[d.month]} {d.year}"


def exact(d: date) -> DateExpr:
    """A DateExpr for one day, written in ISO form (for dates the tool itself produces)."""
    return DateExpr(d.isoformat(), d, d, "day", "end")


@lru_cache(maxsize=4096)
def parse_duration(text: str) -> Duration:
    """Parse `0d`, `10d`, `6w`, `3m` (calendar months) or `10wd` (working days); leads are negative."""
    written = str(text).strip()
    m = _DURATION.fullmatch(written.lower())
    if not m:
        raise DateError(
            f"'{excerpt(written)}' is not a duration: expected a whole number and a unit, "
            "e.g. '0d', '10d', '6w', '3m' (calendar months) or '10wd' (working days)"
        )
    unit: DurationUnit = m[2]  # type: ignore[assignment]
    amount = int(m[1])
    if abs(amount) > LONGEST[unit]:
        raise DateError(
            f"'{excerpt(written)}' is longer than a century: a duration or lag is at most "
            f"{LONGEST[unit]}{unit}"
        )
    return Duration(written, amount, unit)


def add_months(d: date, months: int) -> date:
    """`d` moved by whole calendar months, clamped to the end of a shorter month (31 Jan + 1m = 28 Feb)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, _calendar.monthrange(year, month)[1]))


# --- Working days: a working week less a set of bank holidays, with days added or taken away ---

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HolidaySet = Literal["england-and-wales", "scotland", "northern-ireland", "none"]
HOLIDAY_SETS: tuple[HolidaySet, ...] = ("england-and-wales", "scotland", "northern-ireland", "none")
_SUBDIVISION = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
HOLIDAY_SET_NAMES = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
    "none": "no bank holidays",
}


@dataclass(frozen=True, slots=True)
class Workdays:
    """Which days are working days: the `week` (Monday first) less the bank holidays of
    `holidays`, less the days in `off`, plus the days in `on` (which win over both)."""

    week: tuple[bool, ...] = (True, True, True, True, True, False, False)
    holidays: HolidaySet = "england-and-wales"
    off: frozenset[date] = frozenset()
    on: frozenset[date] = frozenset()

    def is_working(self, d: date) -> bool:
        """`d` is a working day."""
        if d in self.on:
            return True
        if not self.week[d.weekday()] or d in self.off:
            return False
        return self.holidays == "none" or d not in bank_holidays(d.year, self.holidays)

    def describe(self) -> str:
        """'Monday-Friday less bank holidays in England and Wales' and the like, for messages."""
        days = [n for n, on in zip(WEEKDAY_NAMES, self.week, strict=True) if on]
        week = ", ".join(days) if days else "no day"
        if self.week == DEFAULT_WORKDAYS.week:
            week = "Monday-Friday"
        where = HOLIDAY_SET_NAMES[self.holidays]
        less = (
            "with no bank holidays" if self.holidays == "none" else f"less bank holidays in {where}"
        )
        return f"{week} {less}"


DEFAULT_WORKDAYS = Workdays()


@lru_cache(maxsize=1024)
def bank_holidays(year: int, holidays: HolidaySet = "england-and-wales") -> dict[date, str]:
    """The bank holidays of `year` in a UK nation (as gov.uk lists them: weekdays, with the
    substitute day for one that falls at a weekend, and the one-off ones), by date.

    England and Wales: our own rules below. Scotland and Northern Ireland: the `holidays`
    package's, imported when first needed. The package agrees with our rules for England and
    Wales and with gov.uk's lists for all three nations (tests/test_bank_holidays.py), but
    importing it takes 0.3-0.9 s, and the shipped plan counts working days: a command on the
    default calendar must not pay that.
    """
    if holidays == "none" or not 1 <= year <= 9999:
        return {}
    if holidays == "england-and-wales":
        return _england_and_wales(year)
    table = _uk_holidays()(subdiv=_SUBDIVISION[holidays], years=year)
    found = {d: name for d, name in table.items() if d.year == year and d.weekday() < 5}
    return dict(sorted(found.items()))


@lru_cache(maxsize=1)
def _uk_holidays() -> Any:
    """The `holidays` package's United Kingdom, over the whole calendar."""
    from holidays.countries.united_kingdom import UnitedKingdom

    class WholeCalendar(UnitedKingdom):
        # The package's range ends in 2100; its rules hold for any year of ours.
        start_year = FIRST_YEAR
        end_year = LAST_YEAR

    return WholeCalendar


# One-off holidays and moved holidays, from the proclamations listed on gov.uk/bank-holidays.
_ONE_OFF: dict[date, str] = {
    date(1977, 6, 7): "Silver Jubilee",
    date(1981, 7, 29): "Royal wedding",
    date(1999, 12, 31): "Millennium",
    date(2002, 6, 3): "Golden Jubilee",
    date(2011, 4, 29): "Royal wedding",
    date(2012, 6, 5): "Diamond Jubilee",
    date(2022, 6, 3): "Platinum Jubilee",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of King Charles III",
}
# Years whose spring bank holiday was moved from the last Monday of May.
_SPRING_MOVED: dict[int, date] = {
    1977: date(1977, 5, 30),
    2002: date(2002, 6, 4),
    2012: date(2012, 6, 4),
    2022: date(2022, 6, 2),
}
# Years whose early May bank holiday was moved from the first Monday of May.
_EARLY_MAY_MOVED: dict[int, date] = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    d = date(year, month, _calendar.monthrange(year, month)[1])
    return d - timedelta(days=d.weekday())


def _substitute(d: date, taken: set[date]) -> date:
    """A holiday on a weekend (or already taken) moves to the next free weekday."""
    while d.weekday() >= 5 or d in taken:
        d += timedelta(days=1)
    return d


def _england_and_wales(year: int) -> dict[date, str]:
    """Bank holidays in England and Wales for `year` (from 1978, when early May was added)."""
    from dateutil.easter import easter

    holidays: dict[date, str] = {}
    holidays[_substitute(date(year, 1, 1), set())] = "New Year's Day"
    easter_sunday = easter(year)
    holidays[easter_sunday - timedelta(days=2)] = "Good Friday"
    holidays[easter_sunday + timedelta(days=1)] = "Easter Monday"
    if year >= 1978:
        holidays[_EARLY_MAY_MOVED.get(year, _first_monday(year, 5))] = "Early May bank holiday"
    holidays[_SPRING_MOVED.get(year, _last_monday(year, 5))] = "Spring bank holiday"
    holidays[_last_monday(year, 8)] = "Summer bank holiday"
    christmas = _substitute(date(year, 12, 25), set())
    holidays[christmas] = "Christmas Day"
    holidays[_substitute(date(year, 12, 26), {christmas})] = "Boxing Day"
    for day, name in _ONE_OFF.items():
        if day.year == year:
            holidays[day] = name
    return dict(sorted(holidays.items()))


def england_bank_holidays(year: int) -> dict[date, str]:
    """Bank holidays in England and Wales for `year`."""
    return bank_holidays(year, "england-and-wales")


def is_working_day(d: date, workdays: Workdays = DEFAULT_WORKDAYS) -> bool:
    """`d` is a working day of `workdays` (by default Monday to Friday less English bank holidays)."""
    return workdays.is_working(d)


class WorkingCalendar:
    """Working-day arithmetic on the days of `workdays` by bisecting a sorted table.

    The table covers the years a plan touches and grows on demand.
    """

    def __init__(self, workdays: Workdays = DEFAULT_WORKDAYS) -> None:
        self.workdays = workdays
        self._first_year = 0
        self._last_year = -1
        self._days: list[int] = []  # ordinals of working days, ascending

    def _cover(self, year: int) -> None:
        if self._first_year <= year <= self._last_year:
            return
        if not 1 < year < 9999:
            raise DateError(f"working-day arithmetic reached the year {year}, outside the calendar")
        lo = year - 1 if self._last_year < 0 else min(year - 1, self._first_year)
        hi = year + 1 if self._last_year < 0 else max(year + 1, self._last_year)
        working = self.workdays.is_working
        days: list[int] = []
        for y in range(lo, hi + 1):
            first, last = date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
            days += (o for o in range(first, last + 1) if working(date.fromordinal(o)))
        if not days:
            raise DateError("the calendar has no working days: name at least one in working_week")
        self._first_year, self._last_year, self._days = lo, hi, days

    def add(self, d: date, n: int) -> date:
        """`d` plus `n` working days (n may be negative); from a non-working day counts from it."""
        if n == 0:
            return d
        self._cover(d.year)
        ordinal = d.toordinal()
        while True:
            if n > 0:
                position = bisect_right(self._days, ordinal) - 1 + n
            else:
                position = bisect_left(self._days, ordinal) + n
            if 0 <= position < len(self._days):
                return date.fromordinal(self._days[position])
            self._cover(self._last_year + 1 if position >= 0 else self._first_year - 1)

    def between(self, a: date, b: date) -> int:
        """Working days in (a, b]: how many working days `b` is after `a` (negative if before)."""
        if b < a:
            return -self.between(b, a)
        self._cover(a.year)
        self._cover(b.year)
        return bisect_right(self._days, b.toordinal()) - bisect_right(self._days, a.toordinal())


def shift(
    d: date,
    duration: Duration,
    calendar: WorkingCalendar | None = None,
    sign: int = 1,
    *,
    workdays: Workdays = DEFAULT_WORKDAYS,
) -> date:
    """`d` moved by `duration` (backwards when sign is -1).

    `d` and `w` count calendar days unless a working calendar is given (then `d` counts working
    days and `w` five of them); `wd` always counts working days, of `calendar` when given, else
    of `workdays`; `m` counts calendar months.
    """
    amount = duration.amount * sign
    unit = duration.unit
    if unit == "m":
        return add_months(d, amount)
    if unit == "wd" or calendar is not None:
        cal = calendar or working_calendar(workdays)
        return cal.add(d, amount * 5 if unit == "w" else amount)
    return d + timedelta(days=amount * 7 if unit == "w" else amount)


@lru_cache(maxsize=16)
def working_calendar(workdays: Workdays = DEFAULT_WORKDAYS) -> WorkingCalendar:
    """The shared working calendar of `workdays` (by default England's)."""
    return WorkingCalendar(workdays)
