"""Milestone trend analysis: each milestone's forecast as it stood at each report date (pure).

The classic milestone trend chart (MTA) plots, for every report date, the date the milestone was
then forecast for. The report dates are the dates of the milestone's `history` entries; the series
opens at the programme start (or at the first entry, if earlier) with the baseline commitment
(`due`, else the first forecast known) and ends at the `actual`, a point on the diagonal where the
forecast meets the report date. Entries and actuals after the as-of date are ignored (SPEC section
5). Forecasts are the days the date expressions name (`DateExpr.day`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from .model import HistoryEntry, Milestone, Plan
from .record import actual_as_of, cancellation, deadline_in_force, entry_kind, forecast_in_force

PointKind = Literal["baseline", "forecast", "rebaseline", "cancelled", "actual"]
PointSource = Literal["history", "git"]


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The forecast in force from `report` on: `change_days` later than the point before it."""

    report: date
    forecast: date
    kind: PointKind
    change_days: int  # forecast minus the previous point's forecast; 0 for the first point
    reason: str | None = None
    source: PointSource = "history"  # a history entry, or a commit of the plan (`trend --git`)
    commit: str | None = None  # the commit id, for a point from git


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
        """How far the forecast slipped from the first point to the last (positive = later).

        A re-baseline moves the line (the deadline in force is drawn where no forecast is) but is
        an approved change, not slippage (SPEC 5): its step is left out of the sum.
        """
        total = (self.latest - self.baseline).days
        return total - sum(p.change_days for p in self.points if p.kind == "rebaseline")

    def slip_steps(self) -> list[int]:
        """Each point's forecast in days after the baseline, less the re-baselines up to it: the
        slippage the line shows, so an approved re-baseline alone draws no rise (SPEC 5)."""
        shift = 0
        out = []
        for p in self.points:
            if p.kind == "rebaseline":
                shift += p.change_days
            out.append((p.forecast - self.baseline).days - shift)
        return out

    def forecast_on(self, day: date) -> date | None:
        """The forecast in force on `day` (None before the series opens)."""
        found: date | None = None
        for point in self.points:
            if point.report <= day:
                found = point.forecast
        return found


def milestone_trend(m: Milestone, *, start: date, as_of: date) -> TrendSeries | None:
    """The trend of one milestone as of `as_of`; None when it has no date to plot at all.

    Only what was recorded is drawn: the deadline as first written (the baseline), each history
    entry that re-forecast or re-baselined it (the line then shows the forecast in force, else
    the deadline in force), a cancellation (the series ends there) and the actual.
    """
    entries = [e for e in m.history if e.date.day <= as_of]
    actual = actual_as_of(m, as_of)
    first_forecast = next((e.forecast for e in entries if e.forecast is not None), None)
    if m.due is not None:
        baseline: date | None = m.due.day
    elif first_forecast is not None:
        baseline = first_forecast.day
    elif m.forecast is not None:
        baseline = m.forecast.day
    else:
        baseline = actual
    if baseline is None:
        return None
    opened = min([start, *(e.date.day for e in entries)] + ([actual] if actual else []))
    raw: list[tuple[date, date, PointKind, str | None]] = [(opened, baseline, "baseline", None)]
    carries_forecasts = any(e.forecast is not None for e in m.history)
    if not carries_forecasts and m.forecast is not None and m.forecast.day != baseline:
        # Without forecasts in its history the forecast is in force on every date (SPEC 5).
        raw = [(opened, m.forecast.day, "forecast", None)]
    forecast: date | None = raw[0][1] if raw[0][2] == "forecast" else None
    deadline = baseline
    until = actual if actual is not None else as_of
    for e in entries:
        if e.status == "cancelled" and actual is None:
            raw.append((e.date.day, forecast or deadline, "cancelled", e.reason))
            until = e.date.day
            break
        if e.forecast is not None:
            forecast = e.forecast.day
        if e.due is not None:
            deadline = e.due.day
        if e.forecast is not None:
            raw.append((e.date.day, forecast or deadline, "forecast", e.reason))
        elif e.due is not None:
            raw.append((e.date.day, forecast or deadline, "rebaseline", e.reason))
    if actual is not None:
        raw.append((actual, actual, "actual", None))
    # One point per report date: the later entry in the log wins, as for the forecast in force.
    by_report: dict[date, tuple[date, date, PointKind, str | None]] = {}
    for item in sorted(raw, key=lambda r: (r[0], r[2] == "actual")):
        by_report[item[0]] = item
    points: list[TrendPoint] = []
    previous: date | None = None
    for report, value, kind, reason in by_report.values():
        change = 0 if previous is None else (value - previous).days
        points.append(TrendPoint(report, value, kind, change, reason))
        previous = value
    return TrendSeries(
        id=m.id,
        title=m.title,
        workstream=m.workstream,
        due=m.due.day if m.due is not None else None,
        points=tuple(points),
        until=until,
    )


def trend_series(
    plan: Plan,
    as_of: date,
    ids: Iterable[str] | None = None,
    expected: Mapping[str, date] | None = None,
) -> tuple[TrendSeries, ...]:
    """The trend of each milestone named in `ids` (default: those whose history by `as_of` moved
    the line: re-forecasts, re-baselines, cancellations; confirmations alone draw nothing).

    Unknown ids are left out; the caller checks them (the CLI suggests the closest id).
    `expected` (id -> the date the schedule expects as of `as_of`) marks each open milestone
    whose expected date is not its forecast, so a chart never says otherwise than the tables.
    """
    start = plan.programme.start.day
    by_id: dict[str, Milestone] = {}
    for m in plan.milestones:
        by_id.setdefault(m.id, m)
    if ids is None:
        chosen = [
            m for m in by_id.values() if any(_moves(e) and e.date.day <= as_of for e in m.history)
        ]
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


def _moves(entry: HistoryEntry) -> bool:
    """An entry that puts a point on the line: a re-forecast, re-baseline, cancellation or actual."""
    return entry_kind(entry) != "confirmation"


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


@dataclass(frozen=True, slots=True)
class PlanReport:
    """The plan as committed: one report of the trend rebuilt from git (`trend --git`)."""

    day: date  # the commit date
    commit: str
    subject: str  # the commit message's first line
    plan: Plan


def git_trend(
    reports: Sequence[PlanReport], as_of: date, ids: Iterable[str] | None = None
) -> tuple[TrendSeries, ...]:
    """The trend rebuilt from the plan's commits, oldest first: each commit is a report on its date.

    At each commit, a milestone's line stands at the forecast then in force (as that commit's
    plan records it on the commit date), else the deadline in force; a point is drawn where that
    changed (a re-forecast, or a re-baseline when only the deadline moved), where the milestone
    was first seen, cancelled or achieved (at its actual, on the diagonal). Commits after `as_of`
    are ignored. Milestones are those of the latest commit; `ids` None: those whose line moved.
    """
    kept = [r for r in reports if r.day <= as_of]
    if not kept:
        return ()
    latest: dict[str, Milestone] = {}
    for m in kept[-1].plan.milestones:
        latest.setdefault(m.id, m)
    chosen = list(dict.fromkeys(ids)) if ids is not None else list(latest)
    indexes = [_first_by_id(r.plan) for r in kept]
    out: list[TrendSeries] = []
    for mid in chosen:
        if mid not in latest:
            continue
        series = _git_series(latest[mid], kept, indexes, as_of)
        if series is None:
            continue
        if ids is None and len(series.points) < 2:
            continue  # never moved while the plan was under git
        out.append(series)
    return tuple(out)


def _first_by_id(plan: Plan) -> dict[str, Milestone]:
    found: dict[str, Milestone] = {}
    for m in plan.milestones:
        found.setdefault(m.id, m)
    return found


def _git_series(
    last: Milestone,
    reports: Sequence[PlanReport],
    indexes: Sequence[dict[str, Milestone]],
    as_of: date,
) -> TrendSeries | None:
    points: list[TrendPoint] = []
    previous: date | None = None
    previous_forecast: date | None = None
    until = as_of
    for report, index in zip(reports, indexes, strict=True):
        m = index.get(last.id)
        if m is None:
            continue
        day = report.day
        actual = actual_as_of(m, day)
        if actual is not None:
            # Reported achieved in this commit: at the commit date (a plan may record an
            # achievement long after it happened; the line must not run back in time).
            points.append(
                TrendPoint(
                    day,
                    actual,
                    "actual",
                    0 if previous is None else (actual - previous).days,
                    report.subject,
                    "git",
                    report.commit,
                )
            )
            until = actual
            break
        forecast = forecast_in_force(m, day)
        deadline = deadline_in_force(m, day)
        f = forecast.day if forecast is not None else None
        value = f if f is not None else deadline.day if deadline is not None else None
        if value is None:
            continue
        if cancellation(m, day) is not None:
            change = 0 if previous is None else (value - previous).days
            points.append(
                TrendPoint(day, value, "cancelled", change, report.subject, "git", report.commit)
            )
            until = day
            break
        if previous is None:
            held = f is None or (deadline is not None and value == deadline.day)
            kind: PointKind = "baseline" if held else "forecast"
            points.append(TrendPoint(day, value, kind, 0, report.subject, "git", report.commit))
        elif value != previous:
            kind = "forecast" if f != previous_forecast else "rebaseline"
            points.append(
                TrendPoint(
                    day, value, kind, (value - previous).days, report.subject, "git", report.commit
                )
            )
        previous, previous_forecast = value, f
    if not points:
        return None
    return TrendSeries(
        id=last.id,
        title=last.title,
        workstream=last.workstream,
        due=last.due.day if last.due is not None else None,
        points=tuple(points),
        until=until,
    )
