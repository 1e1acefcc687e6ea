"""Reports on milestones: what an owner says (`Report`) and whether it can be right.

`report_problems` finds what makes a report wrong on a plan before anything is edited: an unknown
id, a bad date, an actual in the future, a moved forecast, re-baseline or cancellation without a
reason, a report dated before the milestone's latest history entry, a cancelled or achieved
milestone reported on as if it were open, a forecast and an actual at once, and a report that a
history entry already records (a return applied twice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..dates import format_day
from ..errors import did_you_mean, visible
from ..model import EndDate, Milestone, Plan
from ..record import forecast_in_force
from .text import ENTRY_KEYS


@dataclass(frozen=True, slots=True)
class Report:
    """One report on a milestone, dated `on`: what the owner says, and why.

    A date field holds the text to write (a date expression, kept as the user wrote it) or a
    day (written the way the file writes its dates). None of forecast, actual, due and cancel
    makes a confirmation ("still on track").
    """

    milestone: str
    on: date
    forecast: str | date | None = None
    actual: str | date | None = None
    due: str | date | None = None
    cancel: bool = False
    reason: str | None = None

    def entry(self, write: Callable[[date], str]) -> dict[str, str]:
        """The history entry this report appends, keys in the house order."""
        values = {
            "date": write(self.on),
            "forecast": _text(self.forecast, write),
            "due": _text(self.due, write),
            "status": "cancelled" if self.cancel else None,
            "actual": _text(self.actual, write),
            "reason": self.reason,
        }
        return {k: v for k in ENTRY_KEYS if (v := values[k]) is not None}

    def kind(self) -> str:
        """What the report does, in words."""
        parts = [
            label
            for label, present in (
                ("re-forecast", self.forecast),
                ("re-baseline", self.due),
                ("cancellation", self.cancel),
                ("actual", self.actual),
            )
            if present
        ]
        return " and ".join(parts) or "confirmation"


def unmoved(plan: Plan, report: Report) -> Report:
    """`report`, read as a confirmation when its forecast is the one already in force on its
    date (nothing moved: the file keeps the date as it was written, and no reason is owed)."""
    if report.forecast is None:
        return report
    m = next((x for x in plan.milestones if x.id == report.milestone), None)
    return unmoved_on(m, report) if m is not None else report


def unmoved_on(m: Milestone, report: Report) -> Report:
    """`unmoved` for the milestone `m` the report is on."""
    from dataclasses import replace

    from ..dates import DateError, parse_date

    current = forecast_in_force(m, report.on) if report.forecast is not None else None
    if current is None:
        return report
    try:
        day = (
            report.forecast
            if isinstance(report.forecast, date)
            else parse_date(report.forecast).day
        )
    except DateError:
        return report  # reported as it is
    return replace(report, forecast=None) if day == current.day else report


def _same_entry(m: Milestone, report: Report, days: dict[str, date], reason: str) -> int | None:
    """The 1-based number of a history entry of `m`, on the report's date with its reason, that
    already says everything `report` says (a return applied twice: its re-forecast then reads as
    a confirmation of the forecast it set)."""

    def says(given: date | None, entry: EndDate | None) -> bool:
        return given is None or (entry is not None and entry.day == given)

    for k, h in enumerate(m.history, start=1):
        if (
            h.date.day == report.on
            and (h.reason or "").strip() == reason
            and says(days.get("forecast"), h.forecast)
            and says(days.get("actual"), h.actual)
            and says(days.get("due"), h.due)
            and (not report.cancel or h.status == "cancelled")
        ):
            return k
    return None


def _text(value: str | date | None, write: Callable[[date], str]) -> str | None:
    return write(value) if isinstance(value, date) else value


def report_problems(
    plan: Plan, report: Report, by_id: dict[str, Milestone] | None = None
) -> list[tuple[str, str]]:
    """What is wrong with `report` on `plan`: (field, message) pairs; [] when it can be applied.

    Fields: id, forecast, actual, due, cancel, reason, on. `by_id`: the plan's milestones by id,
    when the caller checks many reports.
    """
    from ..dates import DateError, parse_date

    if by_id is None:
        by_id = {m.id: m for m in plan.milestones}
    m = by_id.get(report.milestone)
    if m is None:
        hint = did_you_mean(report.milestone, list(by_id))
        return [("id", f"no milestone '{report.milestone}' in the plan{hint}")]
    problems: list[tuple[str, str]] = []
    kids = plan.cascades.get(m.id)
    if kids is not None:
        # A cascade's dates are its children's, rolled up: a report belongs to one of them.
        shown = ", ".join(kids[:3]) + (f" and {len(kids) - 3} more" if len(kids) > 3 else "")
        return [
            (
                "id",
                f"'{m.id}' is a cascade (one milestone per organisation): its forecast, actual "
                "and rating are rolled up from its children, so report on a child instead: "
                f"{shown or 'it has none'} (`transition show {m.id}` lists them)"
                + (
                    "; to re-baseline or cancel the whole cascade, edit its due (or remove it) "
                    "by hand"
                    if report.due is not None or report.cancel
                    else ""
                ),
            )
        ]
    days: dict[str, date] = {}
    for name in ("forecast", "actual", "due"):
        text = getattr(report, name)
        if text is None:
            continue
        if isinstance(text, date):
            days[name] = text
            continue
        try:
            days[name] = parse_date(text).day
        except DateError as exc:
            problems.append((name, f"{name}: {exc}"))
    reason = (report.reason or "").strip()
    if visible(reason) != reason:  # a line break, a control character, a bidi override
        problems.append(
            ("reason", "the reason must be one line of text, without control characters")
        )
    if report.cancel and report.actual is not None:
        problems.append(("cancel", f"'{m.id}' cannot be both achieved and cancelled"))
    elif report.cancel and report.forecast is not None:
        problems.append(("cancel", "a report cancels the milestone or gives a forecast, not both"))
    elif report.cancel and m.actual is not None and m.actual.day <= report.on:
        problems.append(
            (
                "cancel",
                f"'{m.id}' was achieved on {format_day(m.actual.day)}: it cannot be cancelled",
            )
        )
    cancelled = [h.date.day for h in m.history if h.status == "cancelled"]
    if cancelled and report.due is None:  # a confirmation of a cancelled milestone says nothing
        problems.append(
            (
                "id",
                f"'{m.id}' was cancelled on {format_day(cancelled[-1])}: record nothing more on it "
                "(or correct the cancellation by hand)",
            )
        )
    if "actual" in days and days["actual"] > report.on:
        problems.append(
            (
                "actual",
                f"actual {format_day(days['actual'])} is after the report date "
                f"{format_day(report.on)}: an actual records what has happened; "
                "use a forecast for a future date",
            )
        )
    if "forecast" in days and days["forecast"] < report.on:
        problems.append(
            (
                "forecast",
                f"forecast {format_day(days['forecast'])} is before the report date "
                f"{format_day(report.on)}: a forecast says when it will be done (a relative date "
                "such as +2w counts from today); if it is done, give the actual",
            )
        )
    if report.forecast is not None and report.actual is not None:
        problems.append(
            (
                "actual",
                "a report gives a forecast or an actual, not both: an actual says it is done, "
                "a forecast when it will be",
            )
        )
    done_on = m.actual.day if m.actual is not None and m.actual.day <= report.on else None
    if done_on is not None and report.actual is not None:
        again = "actual" in days and days["actual"] == done_on
        problems.append(
            (
                "actual",
                f"'{m.id}' was achieved on {format_day(done_on)}"
                + (
                    ": nothing to add (was this return applied before?)"
                    if again
                    else ": correct its actual by hand if it was wrong"
                ),
            )
        )
    elif done_on is not None and not (report.cancel or report.actual or report.due):
        what = "a forecast" if report.forecast is not None else "a confirmation that it is open"
        problems.append(
            (
                "forecast" if report.forecast is not None else "id",
                f"'{m.id}' was achieved on {format_day(done_on)}: {what} no longer applies "
                "(correct its actual by hand if it was wrong)",
            )
        )
    dates_read = not any(name in ("forecast", "actual", "due") for name, _ in problems)
    repeated = _same_entry(m, report, days, reason) if dates_read else None
    if repeated is not None:
        problems.append(
            (
                "id",
                f"'{m.id}' already has this report on {format_day(report.on)} (history entry "
                f"{repeated}): nothing to add (was this return applied before?)",
            )
        )
    if report.due is not None and not reason:
        problems.append(("reason", "a re-baseline (--due) needs a reason: the approved change"))
    if report.cancel and not reason:
        problems.append(("reason", "a cancellation needs a reason"))
    if "forecast" in days and not reason:
        current = forecast_in_force(m, report.on)
        if current is None or current.day != days["forecast"]:
            problems.append(("reason", "a moved forecast needs a reason: say why it moved"))
    if m.history:
        latest = max(h.date.day for h in m.history)
        if report.on < latest:
            problems.append(
                (
                    "on",
                    f"the report date {format_day(report.on)} is before the latest history entry "
                    f"of '{m.id}' ({format_day(latest)}): history is kept oldest first",
                )
            )
    return problems
