"""Every rule of `check`: its stable code, severity and what it catches (README's table comes from it)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of `check`: its stable code, severity and a one-line summary of what it catches."""

    code: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("duplicate-id", ERROR, "two milestones, organisations or roles share an id, "
             "or a role and an organisation do (an owner names either)"),
        Rule("unknown-owner", ERROR, "a milestone's owner is neither a role nor an organisation"),
        Rule("unknown-dependency", ERROR, "`depends_on` names a milestone that does not exist"),
        Rule("self-dependency", ERROR, "a milestone depends on itself"),
        Rule("duplicate-dependency", WARNING, "the same dependency is listed twice"),
        Rule("dependency-cycle", ERROR, "dependencies go round in a circle (every id named, in order)"),
        Rule("forecast-before-dependencies", WARNING,
             "a `forecast` earlier than its dependencies allow (the CPM link rules)"),
        Rule("forecast-before-not-before", WARNING, "a `forecast` earlier than its `not_before`"),
        Rule("actual-after-status-date", WARNING, "an `actual` later than the programme `status_date`"),
        Rule("actual-before-dependency", ERROR,
             "an `actual` earlier than the `actual` of a finish-to-start or finish-to-finish dependency"),
        Rule("owner-inactive", ERROR,
             "the owner (or a role's organisation) is abolished, or not yet established, "
             "on the milestone's date (actual, else forecast, else due)"),
        Rule("history-out-of-order", ERROR, "`history` entries are not oldest first"),
        Rule("history-disagrees-with-forecast", WARNING,
             "the latest `history` entry's forecast differs from `forecast`"),
        Rule("rebaseline-without-reason", ERROR,
             "a `history` entry re-baselines the deadline (`due`) without a `reason`"),
        Rule("cancellation-without-reason", ERROR,
             "a `history` entry cancels the milestone (`status: cancelled`) without a `reason`"),
        Rule("confirmation-after-actual", WARNING,
             "a `history` entry that only confirms (no forecast, due, status or actual) is dated after the `actual`"),
        Rule("not-before-after-deadline", ERROR, "`not_before` is later than `due`: it can never be met"),
        Rule("negative-duration", ERROR, "a `duration` below zero (a lead belongs in a dependency's `lag`)"),
        Rule("invalid-ignore", ERROR,
             "`ignore_warnings` names a code that is not a warning rule (errors cannot be ignored)"),
        Rule("schedule-outside-calendar", ERROR,
             "durations and lags carry a milestone's schedule outside the calendar (years 1000-8999)"),
        Rule("calendar-conflict", ERROR,
             "the programme's `calendar` lists a day as both working and non-working, "
             "or a weekday twice"),
        Rule("calendar-day-unchanged", WARNING,
             "the programme's `calendar` lists an extra working day that is a working day anyway, "
             "or a non-working day that is not one anyway"),
        Rule("due-before-start", WARNING, "a milestone is due before the programme starts"),
        Rule("record-before-start", WARNING,
             "an `actual`, or a `history` entry's date, is before the programme starts"),
        Rule("due-after-programme-deadline", WARNING,
             "a milestone is due after the programme `deadline`, which binds every milestone "
             "(so its own `due` never does)"),
        Rule("status-date-before-start", ERROR, "the programme `status_date` is before its `start`"),
        Rule("unknown-parent", ERROR, "an organisation's `parent` is not an organisation"),
        Rule("organisation-cycle", ERROR, "an organisation is its own ancestor through `parent`"),
        Rule("unknown-role-organisation", ERROR, "a role's `organisation` is not an organisation"),
        Rule("abolished-before-established", ERROR, "an organisation is abolished before it is established"),
        Rule("critical-owner-unheld", ERROR,
             "under `policies: [critical-owner-held]`, a critical milestone is not owned by a post with a holder"),
        Rule("holder-and-holders", ERROR, "a role gives both `holder` and `holders`"),
        Rule("holders-out-of-order", ERROR,
             "a role's `holders` overlap, are not oldest first, or one leaves (`to`) before arriving (`from`)"),
        Rule("post-vacant", WARNING,
             "a critical milestone (as the plan stands on its status date) is owned by a post that none of its `holders` holds on its deadline"),
    )
}  # fmt: skip
