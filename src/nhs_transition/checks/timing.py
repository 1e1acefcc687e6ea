"""Dates that contradict each other or the programme.

Actuals after the status date, history out of order or at odds with the forecast, not_before
after due, due before the start, and `ignore_warnings` naming what is not a warning rule.
"""

from __future__ import annotations

from ..errors import did_you_mean
from ..record import entry_kind
from .checker import Checker, shown
from .rules import RULES, WARNING


def actuals_after_status_date(c: Checker) -> None:
    status = c.plan.programme.status_date
    if status is None:
        return
    for m in c.plan.milestones:
        if m.actual is not None and m.actual.day > status.day:
            c.report(
                "actual-after-status-date",
                m,
                ("actual",),
                f"'{m.id}' has actual {shown(m.actual)}, after the programme's status date "
                f"{shown(status)}: an actual records what has happened; use 'forecast' for a "
                "future date, or move status_date on",
                m.id,
            )


def history(c: Checker) -> None:
    for m in c.plan.milestones:
        if not m.history:
            continue
        for k in range(1, len(m.history)):
            before, entry = m.history[k - 1], m.history[k]
            if entry.date.day < before.date.day:
                c.report(
                    "history-out-of-order",
                    m,
                    ("history", k, "date"),
                    f"history entry {k + 1} of '{m.id}' is dated {shown(entry.date)}, before the "
                    f"entry above it ({shown(before.date)}): keep history oldest first, "
                    "and check the date",
                    m.id,
                )
        for k, entry in enumerate(m.history):
            if entry.due is not None and not entry.reason:
                c.report(
                    "rebaseline-without-reason",
                    m,
                    ("history", k, "due"),
                    f"history entry {k + 1} of '{m.id}' re-baselines its deadline to "
                    f"{shown(entry.due)} without a reason: a re-baseline is an approved change, "
                    "not slippage; say who approved it and why in 'reason'",
                    m.id,
                )
            if entry.status == "cancelled" and not entry.reason:
                c.report(
                    "cancellation-without-reason",
                    m,
                    ("history", k, "status"),
                    f"history entry {k + 1} of '{m.id}' cancels it without a reason: "
                    "say why in 'reason'",
                    m.id,
                )
            if (
                entry_kind(entry) == "confirmation"
                and m.actual is not None
                and entry.date.day > m.actual.day
            ):
                c.report(
                    "confirmation-after-actual",
                    m,
                    ("history", k, "date"),
                    f"history entry {k + 1} of '{m.id}' ({shown(entry.date)}) reports it still "
                    f"open, after its actual {shown(m.actual)}: correct the actual or the entry",
                    m.id,
                )
        forecasts = [k for k, e in enumerate(m.history) if e.forecast is not None]
        if not forecasts or any(e.status == "cancelled" for e in m.history):
            continue  # confirmations and re-baselines only, or cancelled: no forecast to keep
        latest_index = max(forecasts, key=lambda k: (m.history[k].date.day, k))
        latest = m.history[latest_index].forecast
        assert latest is not None
        if m.forecast is None and m.actual is None:
            c.report(
                "history-disagrees-with-forecast",
                m,
                ("history", latest_index, "forecast"),
                f"'{m.id}' has a history but no forecast; its latest history entry forecasts "
                f"{shown(latest)}: add 'forecast: {latest.text}'",
                m.id,
            )
        elif m.forecast is not None and m.forecast.day != latest.day:
            c.report(
                "history-disagrees-with-forecast",
                m,
                ("forecast",),
                f"'{m.id}' is forecast for {shown(m.forecast)}, but its latest history entry "
                f"says {shown(latest)}: add a history entry for the new forecast, or correct one",
                m.id,
            )


def milestone_dates(c: Checker) -> None:
    programme = c.plan.programme
    start = programme.start.day
    if programme.status_date is not None and programme.status_date.day < start:
        c.report(
            "status-date-before-start",
            programme,
            ("status_date",),
            f"the status date {shown(programme.status_date)} is before the programme start "
            f"{shown(programme.start)}: correct one of them",
        )
    for i, code in enumerate(programme.ignore_warnings):
        rule = RULES.get(code)
        if rule is None:
            warnings = [r.code for r in RULES.values() if r.severity is WARNING]
            c.report(
                "invalid-ignore",
                programme,
                ("ignore_warnings", i),
                f"ignore_warnings lists '{code}', which is not a rule of check"
                f"{did_you_mean(code, warnings)}: the warnings that can be ignored are "
                f"{', '.join(warnings)}",
            )
        elif rule.severity is not WARNING:
            c.report(
                "invalid-ignore",
                programme,
                ("ignore_warnings", i),
                f"ignore_warnings lists '{code}', which is an error: errors cannot be ignored, "
                "fix the plan instead",
            )
    deadline = programme.deadline
    for m in c.plan.milestones:
        if m.not_before is not None and m.due is not None and m.not_before.day > m.due.day:
            c.report(
                "not-before-after-deadline",
                m,
                ("not_before",),
                f"'{m.id}' cannot happen before {shown(m.not_before)} but is due by "
                f"{shown(m.due)}: the deadline can never be met; correct not_before or due",
                m.id,
            )
        if m.duration.amount < 0:
            c.report(
                "negative-duration",
                m,
                ("duration",),
                f"'{m.id}' has duration {m.duration.text}, less than nothing: write the work it "
                "needs (e.g. '2w'), or put a lead on the dependency as a negative lag",
                m.id,
            )
        if m.due is not None and m.due.day < start:
            c.report(
                "due-before-start",
                m,
                ("due",),
                f"'{m.id}' is due {shown(m.due)}, before the programme starts "
                f"({shown(programme.start)}): check the date, or move the programme start",
                m.id,
            )
        if m.actual is not None and m.actual.day < start:
            c.report(
                "record-before-start",
                m,
                ("actual",),
                f"'{m.id}' was achieved on {shown(m.actual)}, before the programme starts "
                f"({shown(programme.start)}): check the date (the year?), or move the "
                "programme start",
                m.id,
            )
        for k, entry in enumerate(m.history):
            if entry.date.day < start:
                c.report(
                    "record-before-start",
                    m,
                    ("history", k, "date"),
                    f"'{m.id}' has a report dated {shown(entry.date)}, before the programme "
                    f"starts ({shown(programme.start)}): check the date (the year?), or move "
                    "the programme start",
                    m.id,
                )
                break  # one is enough: the entries are oldest first
        if deadline is not None:
            # The deadline in force: the latest re-baseline's, else `due`.
            where: tuple[str | int, ...] = ("due",)
            due = m.due
            for k, entry in enumerate(m.history):
                if entry.due is not None:
                    where, due = ("history", k, "due"), entry.due
            if due is not None and due.day > deadline.day:
                c.report(
                    "due-after-programme-deadline",
                    m,
                    where,
                    f"'{m.id}' is due {shown(due)}, after the programme deadline, "
                    f"{shown(deadline)}, which binds every milestone: its own deadline never "
                    "does. Bring it forward, or move the programme deadline",
                    m.id,
                )
