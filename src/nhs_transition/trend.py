"""Milestone trend analysis: each milestone's forecast as it stood at each report date (pure).

The classic milestone trend chart (MTA) plots, for every report date, the date the milestone was
then forecast for. The report dates are the dates of the milestone's `history` entries; the series
opens at the programme start (or at the first entry, if earlier) with the baseline commitment
(`due`, else the first forecast known) and ends at the `actual`, a point on the diagonal where the
forecast meets the report date. Entries and actuals after the as-of date are ignored (SPEC section
5). Forecasts are the days the date expressions name (`DateExpr.day`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from .model import Milestone, Plan

PointKind = Literal["baseline", "forecast", "actual"]


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The forecast in force from `report` on: `change_days` later than the point before it."""

    report: date
    forecast: date
    kind: PointKind
    change_days: int  # forecast minus the previous point's forecast; 0 for the first point
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class TrendSeries:
    """One milestone's trend: its points in report-date order, up to `until`."""

    id: str
    title: str
    workstream: str | None
    due: date | None
    points: tuple[TrendPoint, ...]
    until: date  # the as-of date, or the actual when achieved by then
    # The date the schedule expects on the as-of date, when it differs from the forecast in
    # force (its dependencies, or the as-of date, hold it up): what `status` and the weekly
    # report show as expected. None when not known or the same.
    expected: date | None = None

    @property
    def baseline(self) -> date:
        """The first forecast of the series (the baseline commitment)."""
        return self.points[0].forecast

    @property
    def latest(self) -> date:
        """The forecast in force at the end of the series (the actual when achieved)."""
        return self.points[-1].forecast

    @property
    def achieved(self) -> bool:
        """True when the series ends at an actual."""
        return self.points[-1].kind == "actual"

    @property
    def moved_days(self) -> int:
        """How far the forecast moved from the first point to the last (positive = later)."""
        return (self.latest - self.baseline).days

    def forecast_on(self, day: date) -> date | None:
        """The forecast in force on `day` (None before the series opens)."""
        found: date | None = None
        for point in self.points:
            if point.report <= day:
                found = point.forecast
        return found


def milestone_trend(m: Milestone, *, start: date, as_of: date) -> TrendSeries | None:
    """The trend of one milestone as of `as_of`; None when it has no date to plot at all."""
    entries = [e for e in m.history if e.date.day <= as_of]
    actual = m.actual.day if m.actual is not None and m.actual.day <= as_of else None
    if m.due is not None:
        baseline: date | None = m.due.day
    elif entries:
        baseline = entries[0].forecast.day
    elif m.forecast is not None:
        baseline = m.forecast.day
    else:
        baseline = actual
    if baseline is None:
        return None
    opened = min([start, *(e.date.day for e in entries)] + ([actual] if actual else []))
    raw: list[tuple[date, date, PointKind, str | None]] = [(opened, baseline, "baseline", None)]
    if not m.history and m.forecast is not None and m.forecast.day != baseline:
        # Without a history log the forecast is in force on every date (SPEC section 5).
        raw = [(opened, m.forecast.day, "forecast", None)]
    raw += [(e.date.day, e.forecast.day, "forecast", e.reason) for e in entries]
    if actual is not None:
        raw.append((actual, actual, "actual", None))
    # One point per report date: the later entry in the log wins, as for the forecast in force.
    by_report: dict[date, tuple[date, date, PointKind, str | None]] = {}
    for item in sorted(raw, key=lambda r: (r[0], r[2] == "actual")):
        by_report[item[0]] = item
    points: list[TrendPoint] = []
    previous: date | None = None
    for report, forecast, kind, reason in by_report.values():
        change = 0 if previous is None else (forecast - previous).days
        points.append(TrendPoint(report, forecast, kind, change, reason))
        previous = forecast
    return TrendSeries(
        id=m.id,
        title=m.title,
        workstream=m.workstream,
        due=m.due.day if m.due is not None else None,
        points=tuple(points),
        until=actual if actual is not None else as_of,
    )


def trend_series(
    plan: Plan,
    as_of: date,
    ids: Iterable[str] | None = None,
    expected: Mapping[str, date] | None = None,
) -> tuple[TrendSeries, ...]:
    """The trend of each milestone named in `ids` (default: those with history entries by `as_of`).

    Unknown ids are left out; the caller checks them (the CLI suggests the closest id).
    `expected` (id -> the date the schedule expects as of `as_of`) marks each open milestone
    whose expected date is not its forecast, so a chart never says otherwise than the tables.
    """
    start = plan.programme.start.day
    by_id: dict[str, Milestone] = {}
    for m in plan.milestones:
        by_id.setdefault(m.id, m)
    if ids is None:
        chosen = [m for m in by_id.values() if any(e.date.day <= as_of for e in m.history)]
    else:
        chosen = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
    found = (milestone_trend(m, start=start, as_of=as_of) for m in chosen)
    out = tuple(s for s in found if s is not None)
    if expected:
        out = tuple(
            replace(s, expected=day)
            if not s.achieved and (day := expected.get(s.id)) is not None and day != s.latest
            else s
            for s in out
        )
    return out


def moved_between(
    series: Iterable[TrendSeries], since: date, until: date
) -> tuple[TrendSeries, ...]:
    """The series whose forecast changed, or which were achieved, after `since` and by `until`."""
    return tuple(
        s
        for s in series
        if any(
            since < p.report <= until and (p.change_days != 0 or p.kind == "actual")
            for p in s.points[1:]
        )
    )
