"""Cross-object rules on a loaded plan -> diagnostics, each with a stable rule code (pure).

The loader (`load.py`) has already checked the shape of every object and every single field;
the rules here look across objects: ids that must exist or be unique, the dependency network,
dates that contradict each other, and owners that do not exist on the day of their work.
`RULES` lists every code with its severity and what it catches (README's table comes from it).
No I/O and no clock: the only "now" a rule knows is the programme's `status_date`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import get_close_matches

from .dates import (
    CALENDAR_FIRST,
    CALENDAR_LAST,
    DateExpr,
    Duration,
    format_day,
    shift,
    working_calendar,
)
from .errors import Diagnostic, Severity, TransitionError, did_you_mean, sort_diagnostics
from .model import Milestone, Organisation, Plan, PlanModel, Role

ERROR, WARNING = Severity.ERROR, Severity.WARNING
DID_YOU_MEAN_CUTOFF = 0.6  # as errors.did_you_mean


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
        Rule("not-before-after-deadline", ERROR, "`not_before` is later than `due`: it can never be met"),
        Rule("negative-duration", ERROR, "a `duration` below zero (a lead belongs in a dependency's `lag`)"),
        Rule("invalid-ignore", ERROR,
             "`ignore_warnings` names a code that is not a warning rule (errors cannot be ignored)"),
        Rule("schedule-outside-calendar", ERROR,
             "durations and lags carry a milestone's schedule outside the calendar (years 1000-8999)"),
        Rule("due-before-start", WARNING, "a milestone is due before the programme starts"),
        Rule("status-date-before-start", ERROR, "the programme `status_date` is before its `start`"),
        Rule("unknown-parent", ERROR, "an organisation's `parent` is not an organisation"),
        Rule("organisation-cycle", ERROR, "an organisation is its own ancestor through `parent`"),
        Rule("unknown-role-organisation", ERROR, "a role's `organisation` is not an organisation"),
        Rule("abolished-before-established", ERROR, "an organisation is abolished before it is established"),
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What the rules found, and the warnings the plan's `ignore_warnings` suppressed."""

    diagnostics: list[Diagnostic]
    ignored: dict[str, int]  # code -> how many warnings of that rule were suppressed

    @property
    def ignored_count(self) -> int:
        """How many warnings were suppressed in all."""
        return sum(self.ignored.values())


def check_plan(plan: Plan, *, calendar: bool = True) -> CheckResult:
    """Run every rule on `plan`; warnings whose code the programme ignores are counted, not kept.

    `calendar=False` leaves out `schedule-outside-calendar`, for callers that schedule the plan
    next: `compute_schedule` reports the same diagnostic itself (OutsideCalendar.diagnostic).
    """
    # As in load.py and schedule.py: the rules build no reference cycles, but their allocations
    # would set off full collections that walk every object of a large plan.
    enabled = gc.isenabled()
    gc.disable()
    try:
        checker = _Checker(plan)
        for rule in _RULE_FUNCTIONS:
            if calendar or rule is not _schedule_in_calendar:
                rule(checker)
    finally:
        if enabled:
            gc.enable()
    ignore = set(plan.programme.ignore_warnings)
    kept: list[Diagnostic] = []
    ignored: dict[str, int] = {}
    for d in checker.found:
        if d.severity is WARNING and d.code in ignore:
            ignored[d.code] = ignored.get(d.code, 0) + 1
        else:
            kept.append(d)
    return CheckResult(sort_diagnostics(kept), dict(sorted(ignored.items())))


def run_checks(plan: Plan, *, calendar: bool = True) -> list[Diagnostic]:
    """Every cross-object problem of `plan` (less ignored warnings), sorted by file, line and column."""
    return check_plan(plan, calendar=calendar).diagnostics


class _Checker:
    """The plan, its indexes and the diagnostics found so far."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.found: list[Diagnostic] = []
        self.milestones: dict[str, Milestone] = {}
        for m in plan.milestones:
            self.milestones.setdefault(m.id, m)
        self.organisations: dict[str, Organisation] = {}
        for o in plan.organisations:
            self.organisations.setdefault(o.id, o)
        self.roles: dict[str, Role] = {}
        for r in plan.roles:
            self.roles.setdefault(r.id, r)
        self.has_cycle = False
        self._closest: dict[str, list[str]] = {}

    def report(
        self,
        code: str,
        obj: PlanModel,
        path: tuple[str | int, ...],
        message: str,
        milestone: str | None = None,
    ) -> None:
        """Add a diagnostic of rule `code` at `path` inside `obj`."""
        file, line, column = self.plan.where(obj, *path)
        self.found.append(
            Diagnostic(code, RULES[code].severity, message, file, line, column, milestone)
        )

    def at(self, obj: PlanModel, beside: PlanModel) -> str:
        """Where `obj` is, for a message about `beside`: 'line 12', or 'file:12' in another file."""
        file, line, _ = self.plan.where(obj)
        return f"line {line}" if file == self.plan.origin(beside)[0] else f"{file}:{line}"

    def closest_milestone(self, name: str, besides: str) -> str:
        """`did_you_mean(name, every milestone id but besides)`, searched once per name.

        A renamed milestone leaves the same unknown id in every successor; each search reads
        every id of the plan (70 ms at 20,000 milestones).
        """
        best = self._closest.get(name)
        if best is None:
            # The two best of all ids: the best of those but `besides` is among them.
            best = get_close_matches(name, list(self.milestones), n=2, cutoff=DID_YOU_MEAN_CUTOFF)
            self._closest[name] = best
        return did_you_mean(name, [i for i in best if i != besides][:1])

    def known_links(self, m: Milestone) -> Iterator[tuple[int, Milestone, str, Duration]]:
        """(index in depends_on, predecessor, type, lag) of each link to a known other milestone."""
        for j, dep in enumerate(m.depends_on):
            p = self.milestones.get(dep.id)
            if p is not None and p is not m and dep.id != m.id:
                yield j, p, dep.type, dep.lag


def _work(m: Milestone) -> str:
    return f", then {m.duration.text} of work" if m.duration.amount else ""


def _shown(expr: DateExpr) -> str:
    """A date as written, with the day it resolves to when the text names a period."""
    return f"{expr.text} ({format_day(expr.day)})" if expr.is_window else expr.text


# --- Ids ------------------------------------------------------------------------------------


def _duplicate_ids(c: _Checker) -> None:
    groups: tuple[tuple[str, list[Milestone] | list[Organisation] | list[Role], int], ...] = (
        ("milestone", c.plan.milestones, len(c.milestones)),
        ("organisation", c.plan.organisations, len(c.organisations)),
        ("role", c.plan.roles, len(c.roles)),
    )
    for noun, objects, distinct in groups:
        if distinct == len(objects):
            continue  # as many distinct ids as objects: none repeated
        first: dict[str, PlanModel] = {}
        for obj in objects:
            if obj.id in first:
                c.report(
                    "duplicate-id",
                    obj,
                    ("id",),
                    f"duplicate {noun} id '{obj.id}' (first defined at {c.at(first[obj.id], obj)}): "
                    f"ids must be unique, rename one",
                    obj.id if noun == "milestone" else None,
                )
            else:
                first[obj.id] = obj
    for role in c.plan.roles:
        if c.roles.get(role.id) is role and role.id in c.organisations:
            c.report(
                "duplicate-id",
                role,
                ("id",),
                f"role id '{role.id}' is also an organisation id "
                f"({c.at(c.organisations[role.id], role)}): an owner names either, so rename one",
            )


def _unknown_owners(c: _Checker) -> None:
    names = [*c.organisations, *c.roles]
    for m in c.plan.milestones:
        if m.owner not in c.organisations and m.owner not in c.roles:
            c.report(
                "unknown-owner",
                m,
                ("owner",),
                f"'{m.id}' is owned by '{m.owner}', which is neither a role nor an organisation"
                f"{did_you_mean(m.owner, names)}: fix the owner or add it to organisations.yaml",
                m.id,
            )


# --- Dependencies -----------------------------------------------------------------------------


def _dependencies(c: _Checker) -> None:
    """Unknown, self and repeated dependencies, then cycles, from one pass over the links."""
    ids = list(c.milestones)
    position = {mid: k for k, mid in enumerate(ids)}
    preds: dict[str, list[str]] = {}  # the known other milestones each one depends on
    backwards = False  # a link to a milestone written later: a cycle is possible
    for m in c.plan.milestones:
        deps = m.depends_on
        if not deps:
            continue
        mid = m.id
        k = position[mid]
        known: list[str] = []
        later = False
        for dep in deps:
            did = dep.id
            p = position.get(did)
            if p is not None and did != mid:
                known.append(did)
                if p > k:
                    later = True
        if len(known) != len(deps) or (len(known) > 1 and len(set(known)) != len(known)):
            _dependency_problems(c, m)  # unknown, self or repeated: rare, so looked at again
        if c.milestones[mid] is m:  # the first of a repeated id stands for it in the network
            preds[mid] = known
            backwards = backwards or later
    if backwards:  # otherwise every link points to an earlier milestone: no cycle
        _dependency_cycles(c, ids, preds)


def _dependency_problems(c: _Checker, m: Milestone) -> None:
    seen: set[tuple[str, str]] = set()
    for j, dep in enumerate(m.depends_on):
        where = ("depends_on", j, "id")
        if dep.id == m.id:
            c.report(
                "self-dependency",
                m,
                where,
                f"'{m.id}' depends on itself: remove '{dep.id}' from its depends_on",
                m.id,
            )
        elif dep.id not in c.milestones:
            c.report(
                "unknown-dependency",
                m,
                where,
                f"'{m.id}' depends on '{dep.id}', which is not a milestone"
                f"{c.closest_milestone(dep.id, m.id)}: fix the id or remove the dependency",
                m.id,
            )
        if (dep.id, dep.type) in seen:
            c.report(
                "duplicate-dependency",
                m,
                where,
                f"'{m.id}' lists the dependency on '{dep.id}' ({dep.type}) more than once: "
                "remove the repeat",
                m.id,
            )
        seen.add((dep.id, dep.type))


def _dependency_cycles(c: _Checker, ids: list[str], preds: dict[str, list[str]]) -> None:
    from .schedule import find_cycles

    for cycle in find_cycles(ids, preds):
        c.has_cycle = True
        head = c.milestones[cycle[0]]
        following = cycle[1] if len(cycle) > 1 else cycle[0]
        index = next((j for j, d in enumerate(head.depends_on) if d.id == following), 0)
        chain = " -> ".join([*cycle, cycle[0]])
        c.report(
            "dependency-cycle",
            head,
            ("depends_on", index, "id"),
            f"dependency cycle: {chain} (each depends on the next): "
            "remove one of these dependencies",
            head.id,
        )


def _schedule_in_calendar(c: _Checker) -> None:
    """Every other command schedules the plan: find where that would leave the calendar.

    Every plan date is inside the calendar, and a schedule moves a milestone from a plan date by
    at most the durations and lags of one path through the network; when the longest such path
    is shorter than the room between the plan's dates and either end of the calendar, nothing
    can leave it. Otherwise the plan is scheduled, as of its status date, to find the milestone.
    """
    if c.has_cycle or not c.plan.milestones:
        return
    plan = c.plan
    longest = _longest_path_days(plan.milestones, plan.programme.calendar == "working-days")
    if longest is not None:
        if not longest:
            return
        lo, hi = _date_range(plan)
        room = timedelta(days=longest)
        if CALENDAR_FIRST + room <= lo and hi <= CALENDAR_LAST - room:
            return
    from .schedule import CycleError, OutsideCalendar, compute_schedule

    status = plan.programme.status_date
    try:
        compute_schedule(plan, status.day if status is not None else plan.programme.start.day)
    except OutsideCalendar as exc:
        if exc.diagnostic is not None:
            c.found.append(exc.diagnostic)
    except (CycleError, TransitionError):
        return  # reported by the rules of what stopped the schedule


def _longest_path_days(milestones: list[Milestone], working: bool) -> int | None:
    """The most calendar days durations and lags add up to along any path (None: not in order).

    One pass in file order; a link to a milestone written later (or unknown) gives up.
    """
    spans: dict[str, int] = {}  # by text: hashing a Duration costs more than the arithmetic

    def span(d: Duration) -> int:
        found = spans.get(d.text)
        if found is None:
            found = spans[d.text] = _most_days(d, working)
        return found

    reach: dict[str, int] = {}
    longest = 0
    for m in milestones:
        r = 0
        for dep in m.depends_on:
            before = reach.get(dep.id)
            if before is None:
                return None
            if dep.lag.amount:
                before += span(dep.lag)
            if before > r:
                r = before
        if m.duration.amount:
            r += span(m.duration)
        reach[m.id] = r
        if r > longest:
            longest = r
    return longest


def _date_range(plan: Plan) -> tuple[date, date]:
    """The first and last day any date of the plan names (the loader shares equal dates)."""
    exprs: dict[int, DateExpr] = {}
    programme = plan.programme
    for e in (programme.start, programme.status_date, programme.deadline):
        if e is not None:
            exprs[id(e)] = e
    for m in plan.milestones:
        for e in (m.due, m.forecast, m.actual, m.not_before):
            if e is not None:
                exprs[id(e)] = e
        for entry in m.history:
            exprs[id(entry.forecast)] = entry.forecast
    days = [e.day for e in exprs.values()]
    return min(days), max(days)


def _most_days(d: Duration, working: bool) -> int:
    """The most calendar days `d` can span either way (working days: under 2n + 30)."""
    n = abs(d.amount)
    if d.unit == "m":
        return 31 * n + 31
    if d.unit == "wd" or working:
        return 2 * (5 * n if d.unit == "w" else n) + 30
    return 7 * n if d.unit == "w" else n


def _forecasts_against_network(c: _Checker) -> None:
    """Forecasts earlier than the CPM forward pass allows, using schedule.py's own link rules."""
    if c.has_cycle or not any(
        m.forecast is not None and m.actual is None for m in c.milestones.values()
    ):
        return  # only unfinished milestones' forecasts are tested
    from .schedule import CycleError, compute_schedule

    # Schedule a copy in which every recorded date counts as a forecast and nothing is "now":
    # an actual becomes a forecast, history is dropped (the current forecast is the one to test)
    # and the evaluation date precedes the programme, so no as-of floor applies.
    copies: list[Milestone] = []
    for m in c.plan.milestones:
        if m.actual is not None:
            copies.append(
                m.model_copy(update={"forecast": m.actual, "actual": None, "history": []})
            )
        elif m.history:
            copies.append(m.model_copy(update={"history": []}))
        else:
            copies.append(m)
    shadow = type(c.plan)(programme=c.plan.programme, milestones=copies)
    try:
        before = c.plan.programme.start.day - timedelta(days=1)
        schedule = compute_schedule(shadow, before)
    except (CycleError, TransitionError, OverflowError, ValueError):
        return  # reported by other rules (cycles) or by the schedule itself (dates out of range)
    for m in c.milestones.values():
        if m.actual is not None or m.forecast is None:
            continue
        row = schedule.rows.get(m.id)
        if row is None or m.forecast.day >= row.early_finish:
            continue
        if row.constraint == "dependency" and row.driver is not None:
            c.report(
                "forecast-before-dependencies",
                m,
                ("forecast",),
                f"'{m.id}' is forecast for {_shown(m.forecast)}, but its dependencies allow "
                f"{format_day(row.early_finish)} at the earliest (driven by '{row.driver}', "
                f"{row.driver_type}{_work(m)}): move the forecast or revise the dependency",
                m.id,
            )
        elif row.constraint == "not_before" and m.not_before is not None:
            c.report(
                "forecast-before-not-before",
                m,
                ("forecast",),
                f"'{m.id}' is forecast for {_shown(m.forecast)}, but it cannot happen before "
                f"not_before {_shown(m.not_before)} (finishing {format_day(row.early_finish)} at the "
                "earliest): move the forecast or not_before",
                m.id,
            )


def _actuals_against_dependencies(c: _Checker) -> None:
    calendar = working_calendar() if c.plan.programme.calendar == "working-days" else None
    for m in c.plan.milestones:
        if m.actual is None:
            continue
        for _, p, kind, lag in c.known_links(m):
            # A plan records when things finished, not when they started, so only the links
            # between finishes (FS, FF) can be contradicted by actuals. A lead (negative lag)
            # lets the successor finish that much earlier; a positive lag is a plan, not a fact.
            if p.actual is None or kind not in ("FS", "FF"):
                continue
            required = p.actual.day
            if lag.amount < 0:
                try:
                    required = shift(required, lag, calendar)
                except (OverflowError, ValueError):
                    continue
            if m.actual.day < required:
                c.report(
                    "actual-before-dependency",
                    m,
                    ("actual",),
                    f"'{m.id}' was achieved on {_shown(m.actual)}, before '{p.id}' "
                    f"({_shown(p.actual)}) which it depends on ({kind}"
                    f"{', lag ' + lag.text if lag.amount else ''}): fix one of the actual dates "
                    "or the dependency",
                    m.id,
                )


# --- Dates ------------------------------------------------------------------------------------


def _actuals_after_status_date(c: _Checker) -> None:
    status = c.plan.programme.status_date
    if status is None:
        return
    for m in c.plan.milestones:
        if m.actual is not None and m.actual.day > status.day:
            c.report(
                "actual-after-status-date",
                m,
                ("actual",),
                f"'{m.id}' has actual {_shown(m.actual)}, after the programme's status date "
                f"{_shown(status)}: an actual records what has happened; use 'forecast' for a "
                "future date, or move status_date on",
                m.id,
            )


def _history(c: _Checker) -> None:
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
                    f"history entry {k + 1} of '{m.id}' is dated {_shown(entry.date)}, before the "
                    f"entry above it ({_shown(before.date)}): keep history oldest first, "
                    "and check the date",
                    m.id,
                )
        latest_index = max(range(len(m.history)), key=lambda k: (m.history[k].date.day, k))
        latest = m.history[latest_index].forecast
        if m.forecast is None and m.actual is None:
            c.report(
                "history-disagrees-with-forecast",
                m,
                ("history", latest_index, "forecast"),
                f"'{m.id}' has a history but no forecast; its latest history entry forecasts "
                f"{_shown(latest)}: add 'forecast: {latest.text}'",
                m.id,
            )
        elif m.forecast is not None and m.forecast.day != latest.day:
            c.report(
                "history-disagrees-with-forecast",
                m,
                ("forecast",),
                f"'{m.id}' is forecast for {_shown(m.forecast)}, but its latest history entry "
                f"says {_shown(latest)}: add a history entry for the new forecast, or correct one",
                m.id,
            )


def _milestone_dates(c: _Checker) -> None:
    programme = c.plan.programme
    start = programme.start.day
    if programme.status_date is not None and programme.status_date.day < start:
        c.report(
            "status-date-before-start",
            programme,
            ("status_date",),
            f"the status date {_shown(programme.status_date)} is before the programme start "
            f"{_shown(programme.start)}: correct one of them",
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
    for m in c.plan.milestones:
        if m.not_before is not None and m.due is not None and m.not_before.day > m.due.day:
            c.report(
                "not-before-after-deadline",
                m,
                ("not_before",),
                f"'{m.id}' cannot happen before {_shown(m.not_before)} but is due by "
                f"{_shown(m.due)}: the deadline can never be met; correct not_before or due",
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
                f"'{m.id}' is due {_shown(m.due)}, before the programme starts "
                f"({_shown(programme.start)}): check the date, or move the programme start",
                m.id,
            )


def _owners_active(c: _Checker) -> None:
    # Owners whose organisation has neither date can never be inactive: their milestones are
    # skipped without looking at their dates (most milestones of a large plan).
    always = {
        owner
        for owner in {m.owner for m in c.plan.milestones}
        if (org := _organisation_of(c, owner)) is None
        or (org.abolished is None and org.established is None)
    }
    for m in c.plan.milestones:
        if m.owner in always:
            continue
        which, when = (
            ("actual", m.actual)
            if m.actual is not None
            else ("forecast", m.forecast)
            if m.forecast is not None
            else ("due", m.due)
        )
        if when is None:
            continue
        org = c.organisations.get(m.owner)
        via = ""
        if org is None:
            role = c.roles.get(m.owner)
            if role is None:
                continue
            org = c.organisations.get(role.organisation)
            if org is None:
                continue
            via = f" (the organisation of role '{role.id}')"
        day = when.day
        if org.abolished is not None and day > org.abolished.day:
            c.report(
                "owner-inactive",
                m,
                ("owner",),
                f"'{m.id}' ({which} {_shown(when)}) is owned by '{m.owner}', but '{org.id}'{via} "
                f"is abolished on {_shown(org.abolished)}: hand it to a successor organisation",
                m.id,
            )
        elif org.established is not None and day < org.established.day:
            c.report(
                "owner-inactive",
                m,
                ("owner",),
                f"'{m.id}' ({which} {_shown(when)}) is owned by '{m.owner}', but '{org.id}'{via} "
                f"is not established until {_shown(org.established)}: give it to an organisation "
                "that exists by then",
                m.id,
            )


def _organisation_of(c: _Checker, owner: str) -> Organisation | None:
    """The organisation an owner is, or belongs to as a role; None when unknown."""
    org = c.organisations.get(owner)
    if org is None and (role := c.roles.get(owner)) is not None:
        org = c.organisations.get(role.organisation)
    return org


# --- Organisations and roles ------------------------------------------------------------------


def _organisations(c: _Checker) -> None:
    names = list(c.organisations)
    for o in c.plan.organisations:
        if (
            o.abolished is not None
            and o.established is not None
            and o.abolished.day < o.established.day
        ):
            c.report(
                "abolished-before-established",
                o,
                ("abolished",),
                f"organisation '{o.id}' is abolished on {_shown(o.abolished)}, before it is "
                f"established on {_shown(o.established)}: correct one of the dates",
            )
        if o.parent is not None and o.parent not in c.organisations:
            c.report(
                "unknown-parent",
                o,
                ("parent",),
                f"organisation '{o.id}' has parent '{o.parent}', which is not an organisation"
                f"{did_you_mean(o.parent, [n for n in names if n != o.id])}: fix the parent or "
                "add that organisation",
            )
    reported: set[frozenset[str]] = set()
    for o in c.plan.organisations:
        if c.organisations.get(o.id) is not o:
            continue
        chain = [o.id]
        current = o
        while current.parent is not None and current.parent in c.organisations:
            if current.parent in chain:
                loop = chain[chain.index(current.parent) :]
                if loop[0] == o.id and frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    path = " -> ".join([*loop, loop[0]])
                    c.report(
                        "organisation-cycle",
                        o,
                        ("parent",),
                        f"organisation '{o.id}' is its own ancestor: {path} (each the parent of "
                        "the one before): correct one of the parents",
                    )
                break
            chain.append(current.parent)
            current = c.organisations[current.parent]
    for r in c.plan.roles:
        if r.organisation not in c.organisations:
            c.report(
                "unknown-role-organisation",
                r,
                ("organisation",),
                f"role '{r.id}' belongs to '{r.organisation}', which is not an organisation"
                f"{did_you_mean(r.organisation, names)}: fix it or add that organisation",
            )


_RULE_FUNCTIONS: tuple[Callable[[_Checker], None], ...] = (
    _duplicate_ids,
    _unknown_owners,
    _dependencies,  # before the schedule-based rules, which need to know of cycles
    _schedule_in_calendar,
    _forecasts_against_network,
    _actuals_against_dependencies,
    _actuals_after_status_date,
    _history,
    _milestone_dates,
    _owners_active,
    _organisations,
)
