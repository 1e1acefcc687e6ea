"""Pydantic v2 models of what users write in plan files (shape and single-field rules only).

Cross-object rules (unknown owner, cycles, ...) live in `checks.py`. Every date field keeps the
text as written beside its resolved day (`dates.DateExpr`).
"""

from __future__ import annotations

from datetime import date
from functools import cached_property, partial
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .dates import (
    WEEKDAY_NAMES,
    Anchor,
    DateError,
    DateExpr,
    Duration,
    HolidaySet,
    Workdays,
    days_named,
    parse_date,
    parse_duration,
)
from .errors import excerpt

# The plan as a whole, and what its objects answer, need no pydantic: they live in `plan` (a plan
# read back from the cache is built of plain objects, `load.twins`) and are re-exported here.
from .plan import Locator as Locator
from .plan import Origin as Origin
from .plan import Path as Path
from .plan import Plan as Plan
from .plan import (
    calendar_is_default,
    calendar_text,
    calendar_workdays,
    counts_working_days,
    holder_on,
    holds_on,
    vacant_on,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# A dependency may name one child of a cascaded milestone: `parent-id/organisation-id` (ids are
# slugs, and exactly one `/` joins a cascade's id to its organisation's in its children's ids).
DEPENDENCY_PATTERN = r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$"


def _date_validator(anchor: Anchor) -> Any:
    # Dates already read, by text: a dict lookup costs less than the lru_cache of parse_date,
    # and large plans repeat the same few hundred dates.
    known: dict[str, DateExpr] = {}

    def validate(value: object) -> DateExpr:
        if value.__class__ is str:
            found = known.get(value)
            if found is not None:
                return found
        if isinstance(value, DateExpr):
            return value
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise PydanticCustomError(
                "invalid_date",
                "expected a date as text, such as '10 September 2010', not {kind}",
                {"kind": _kind(value)},
            )
        try:
            parsed = parse_date(str(value), anchor)
        except DateError as exc:
            raise PydanticCustomError(
                "invalid_date", str(exc).replace("{", "{{").replace("}", "}}")
            ) from None
        if value.__class__ is str and len(known) < _KNOWN_LIMIT:
            known[value] = parsed
        return parsed

    return validate


_KNOWN_LIMIT = 65536
_known_durations: dict[str, Duration] = {}


def _duration_validator(value: object) -> Duration:
    if value.__class__ is str:
        found = _known_durations.get(value)
        if found is not None:
            return found
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PydanticCustomError(
            "invalid_duration",
            "expected a duration such as '10d' or '6w', not {kind}",
            {"kind": _kind(value)},
        )
    if isinstance(value, int):
        if value != 0:
            raise PydanticCustomError(
                "invalid_duration",
                "'{n}' has no unit: write '{n}d' (days), '{n}w' (weeks), '{n}m' (months) or '{n}wd' (working days)",
                {"n": excerpt(value, 24)},
            )
        value = "0d"
    try:
        parsed = parse_duration(value)
    except DateError as exc:
        raise PydanticCustomError(
            "invalid_duration", str(exc).replace("{", "{{").replace("}", "}}")
        ) from None
    if isinstance(value, str) and len(_known_durations) < _KNOWN_LIMIT:
        _known_durations[value] = parsed
    return parsed


# `default_factory` of zero durations: partial and lru_cache are C calls, a lambda is a frame.
_no_time = partial(parse_duration, "0d")


def _kind(value: object) -> str:
    """How a YAML value reads to a person: 'a list', 'a mapping', 'a number', ..."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "an empty value"
    return type(value).__name__


_DATE_SCHEMA = {
    "type": "string",
    "description": "A date or period: '2010-09-10', '10 September 2010', 'September 2010', "
    "'Q3 2010', '2010/11', 'Q1 2010/11', 'autumn 2010', '2012', with 'end of', 'by', "
    "'start of' or 'from' before a period.",
}
_DURATION_SCHEMA = {
    "type": "string",
    "pattern": r"^[+-]?[0-9]+\s*(d|w|m|wd)$",
    "description": "Days (10d), weeks (6w), calendar months (3m) or working days (10wd).",
}
_serialize_text = PlainSerializer(lambda v: v.text, return_type=str)

# A date whose bare period means the period's last day (deadlines, forecasts, actuals).
EndDate = Annotated[
    DateExpr, BeforeValidator(_date_validator("end")), _serialize_text, WithJsonSchema(_DATE_SCHEMA)
]
# A date whose bare period means the period's first day (start, not_before, established).
StartDate = Annotated[
    DateExpr,
    BeforeValidator(_date_validator("start")),
    _serialize_text,
    WithJsonSchema(_DATE_SCHEMA),
]
DurationField = Annotated[
    Duration,
    BeforeValidator(_duration_validator),
    _serialize_text,
    WithJsonSchema(_DURATION_SCHEMA),
]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=200)]
# Text limits: a title or name is one line of at most TITLE_LIMIT characters; any other text
# (source, notes, reasons) at most TEXT_LIMIT. Reports lay text out in time that grows faster
# than its length, and no plan needs more.
TITLE_LIMIT = 1000
TEXT_LIMIT = 10_000
OneLine = Annotated[str, Field(min_length=1, max_length=TITLE_LIMIT, pattern=r"^[^\n\r]*$")]

DependencyType = Literal["FS", "SS", "FF", "SF"]
DeclaredStatus = Literal["blocked", "cancelled", "at-risk"]
CalendarKind = Literal["calendar-days", "working-days"]
# Policies a programme declares so CI needs no flags: `diff` enforces the two-state ones (what a
# change may do), `check` the single-state ones (what the plan must be).
PolicyName = Literal["finish-later", "new-red", "unexplained", "rebaselined", "critical-owner-held"]


class PlanModel(BaseModel):
    """Base for plan objects: unknown keys are errors."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=False,
        str_strip_whitespace=True,
        str_max_length=TEXT_LIMIT,
        defer_build=True,
    )


class Organisation(PlanModel):
    """A body in the programme: department, authority, regulator, ..."""

    id: Slug
    name: OneLine
    type: Slug | None = None
    parent: Slug | None = None
    region: str | None = None
    established: StartDate | None = None
    abolished: EndDate | None = Field(
        default=None, description="The last day the organisation exists."
    )
    source: str | None = None


class Holder(PlanModel):
    """A person in a post from one day to another (both inclusive; either may be left open)."""

    name: OneLine
    from_: StartDate | None = Field(
        default=None, alias="from", description="The first day in post (a period: its first day)."
    )
    to: EndDate | None = Field(
        default=None, description="The last day in post (a period: its last day)."
    )
    note: str | None = None
    source: str | None = None

    def holds_on(self, day: date) -> bool:
        """In post on `day`."""
        return holds_on(self, day)


class Role(PlanModel):
    """A post that owns work, held by a person (`holder`), or by people in turn (`holders`)."""

    id: Slug
    title: OneLine
    organisation: Slug
    holder: str | None = None
    holders: list[Holder] | None = Field(
        default=None,
        description="Who held the post when, oldest first: [{name, from, to}]; instead of "
        "`holder`. A day no one holds it, the post is vacant.",
    )
    source: str | None = None

    def holder_on(self, day: date | None) -> str | None:
        """Who holds the post on `day`: `holder`, else the one of `holders` in post that day.

        None when no one does (vacant), or when `holders` is given and `day` is None.
        """
        return holder_on(self, day)

    def vacant_on(self, day: date) -> bool:
        """`holders` is given and no one of them is in post on `day`."""
        return vacant_on(self, day)


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _five_days() -> list[Weekday]:
    return ["mon", "tue", "wed", "thu", "fri"]


class CalendarSettings(PlanModel):
    """The programme's `calendar:`: what `d` and `w` count, and which days are working days.

    `calendar: working-days` is short for `calendar: {unit: working-days}`.
    """

    unit: CalendarKind = Field(
        default="calendar-days",
        description="What durations, lags and floats in d and w count: calendar days, or "
        "working days (wd always counts working days).",
    )
    working_week: list[Weekday] = Field(
        default_factory=_five_days,
        min_length=1,
        description="The days of the week that are working days: mon, tue, wed, thu, fri, sat, sun.",
    )
    holidays: HolidaySet = Field(
        default="england-and-wales",
        description="Whose bank holidays are not working days: england-and-wales, scotland, "
        "northern-ireland or none.",
    )
    non_working: list[EndDate] = Field(
        default_factory=list,
        description="Extra days that are not working days (a period: each of its days).",
    )
    working: list[EndDate] = Field(
        default_factory=list,
        description="Extra working days, e.g. a bank holiday worked (a period: each of its days); "
        "they win over the working week and the bank holidays.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_unit(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"unit": value}
        if isinstance(value, dict):
            found = {**value}
            for key in ("unit", "holidays"):
                if isinstance(found.get(key), str):
                    found[key] = found[key].lower()
            week = found.get("working_week")
            if isinstance(week, list):
                found["working_week"] = [
                    d.lower()[:3] if isinstance(d, str) and d.lower() in _DAY_NAMES else d
                    for d in week
                ]
            return found
        return value

    @cached_property
    def workdays(self) -> Workdays:
        """The working days this calendar names."""
        return calendar_workdays(self)

    @property
    def counts_working_days(self) -> bool:
        """`d` and `w` (and floats) count working days."""
        return counts_working_days(self)

    def __str__(self) -> str:
        """The calendar as `diff` shows it: 'working-days', then whatever else it sets."""
        return calendar_text(self)

    @property
    def is_default(self) -> bool:
        """Monday-Friday less England and Wales's bank holidays, nothing added or taken away."""
        return calendar_is_default(self)


# Full day names, accepted for the three-letter ones ('Monday' is 'mon').
_DAY_NAMES = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", *WEEKDAY_NAMES}
)


def _days_of(expressions: list[DateExpr]) -> list[date]:
    return [d for e in expressions for d in days_named(e)]


class Programme(PlanModel):
    """The programme block of timeline.yaml: identity, dates, calendar and rating thresholds."""

    id: Slug
    name: OneLine
    start: StartDate
    status_date: EndDate | None = None
    deadline: EndDate | None = None
    calendar: CalendarSettings = Field(
        default_factory=CalendarSettings,
        description="calendar-days (the default) or working-days, or a mapping: unit, "
        "working_week, holidays, non_working, working (see README, Calendars).",
    )
    # strict: `true` is not 1 day, nor the text "14" a number
    amber_tolerance_days: int = Field(default=14, ge=0, strict=True)
    float_warning_days: int = Field(default=14, ge=0, strict=True)
    # An open milestone whose latest report is older than this on the as-of date is stale.
    stale_after: DurationField | None = None
    # Warning codes this plan accepts on purpose (e.g. a replayed plan whose record runs past its
    # status date). Errors cannot be ignored; `check` counts what it suppressed.
    ignore_warnings: list[Slug] = Field(default_factory=list)
    policies: list[PolicyName] = Field(default_factory=list)
    source: str | None = None
    description: str | None = None


class Dependency(PlanModel):
    """A link to a predecessor: finish-to-start unless `type` says otherwise; `lag` may be negative."""

    id: Annotated[str, Field(pattern=DEPENDENCY_PATTERN, max_length=401)]
    type: DependencyType = "FS"
    lag: DurationField = Field(default_factory=_no_time)

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        # `depends_on: [a, b]` is shorthand for `[{id: a}, {id: b}]`.
        if isinstance(value, str):
            return {"id": value}
        if isinstance(value, dict) and isinstance(value.get("type"), str):
            return {**value, "type": value["type"].upper()}
        return value


class HistoryEntry(PlanModel):
    """A report on `date`: a re-forecast (`forecast`), a re-baseline (`due`), a cancellation
    (`status: cancelled`), an achievement (`actual`), or none of these: a confirmation."""

    date: EndDate
    forecast: EndDate | None = None
    due: EndDate | None = None
    status: Literal["cancelled"] | None = None
    actual: EndDate | None = None
    reason: str | None = None
    source: str | None = None


class Cascade(PlanModel):
    """Fan a milestone out to organisations: every one of a `type`, or those listed."""

    type: Slug | None = Field(
        default=None,
        description="Every organisation of this type active on the milestone's deadline.",
    )
    organisations: list[Slug] | None = Field(
        default=None,
        description="These organisations (those active on the milestone's deadline).",
    )

    @model_validator(mode="after")
    def _one_way(self) -> Cascade:
        if (self.type is None) == (self.organisations is None):
            raise PydanticCustomError(
                "cascade_one_way",
                "give a cascade either 'type' (every organisation of that type) or "
                "'organisations' (a list of ids), not {which}",
                {"which": "both" if self.type is not None else "neither"},
            )
        return self


class ChildReport(PlanModel):
    """What one organisation reports on its child of a cascaded milestone."""

    forecast: EndDate | None = None
    actual: EndDate | None = None
    actual_source: str | None = None
    status: DeclaredStatus | None = None
    notes: str | None = None
    history: list[HistoryEntry] = Field(default_factory=list)


class Milestone(PlanModel):
    """A dated commitment of the programme."""

    id: Slug
    title: OneLine
    owner: Slug
    workstream: Slug | None = None
    due: EndDate | None = None
    forecast: EndDate | None = None
    actual: EndDate | None = None
    actual_source: str | None = None
    depends_on: list[Dependency] = Field(default_factory=list)
    duration: DurationField = Field(default_factory=_no_time)
    not_before: StartDate | None = None
    status: DeclaredStatus | None = None
    source: str | None = None
    notes: str | None = None
    history: list[HistoryEntry] = Field(default_factory=list)
    cascade: Cascade | None = Field(
        default=None,
        description="Fan out to one child milestone per organisation (see README, Cascades).",
    )
    children: dict[Slug, ChildReport] | None = Field(
        default=None,
        description="Per organisation of a cascade: its own forecast, actual and history.",
    )


class OrganisationsFile(PlanModel):
    """organisations.yaml."""

    organisations: list[Organisation] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)


class TimelineFile(PlanModel):
    """timeline.yaml: the programme block and milestones."""

    programme: Programme
    milestones: list[Milestone] = Field(default_factory=list)


class MilestonesFile(PlanModel):
    """An extra milestones file (`milestones/*.yaml` in a plan directory)."""

    milestones: list[Milestone] = Field(default_factory=list)
