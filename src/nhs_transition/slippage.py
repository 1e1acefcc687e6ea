"""The plan as of a date: the forecast in force, slip, ratings and the reason for each (pure).

SPEC section 5. Slip = (actual, else the scheduled early finish) - deadline, in calendar days;
positive is late (MS Project's finish variance sign). Ratings, as of D:

- done: an actual on or before D;
- red: not done and the deadline has passed, or slip > the amber tolerance;
- amber: 0 < slip <= tolerance, or total float below the float warning, or a dependency is red;
- green: the rest.

Each rating comes with its reasons in words ("deadline passed 12 days ago", "float -9 days:
waits on bill-introduced", "dependency x is red"), and a declared `status` that contradicts
the computed rating is called out. Choices the SPEC leaves open:

- Slip counts calendar days even under `calendar: working-days` (a deadline is missed by
  calendar days); floats count the programme's unit, as the schedule does.
- A declared `at-risk` or `blocked` disagrees with green and done; `cancelled` disagrees with
  an actual. `at-risk`/`blocked` beside amber or red agree.
- "Due in the next four weeks": not done, deadline from D to D+28 days inclusive.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .dates import DateExpr, format_day
from .model import Milestone, Plan
from .schedule import Schedule, ScheduleRow, actual_as_of, compute_schedule, forecast_in_force

Rating = Literal["done", "green", "amber", "red"]
RATINGS: tuple[Rating, ...] = ("red", "amber", "green", "done")
DUE_SOON_DAYS = 28


@dataclass(frozen=True, slots=True)
class MilestoneStatus:
    """One milestone evaluated as of a date."""

    id: str
    title: str
    owner: str
    owner_label: str  # a post's "title (holder)", or an organisation's name
    workstream: str | None
    due: DateExpr | None
    forecast: DateExpr | None  # the forecast in force on the as-of date
    actual: date | None  # the actual, if achieved on or before the as-of date
    expected: date  # the actual, else the scheduled early finish
    slip_days: int | None  # expected - deadline; None without a deadline
    total_float: int
    free_float: int
    critical: bool
    rating: Rating
    reasons: tuple[str, ...]
    declared_status: str | None
    disagreement: str | None  # where the declared status and the computed rating disagree
    driver: str | None  # the driving predecessor, if any (see schedule)
    constraint: str = "start"  # what set the expected date: one of schedule.CONSTRAINTS
    # The previous id on the binding chain: the driver, when a dependency sets this date (walk
    # with `binding_chain`; a parent link per milestone keeps evaluation linear on long chains).
    chain_parent: str | None = None

    @property
    def reason(self) -> str:
        """All reasons in one phrase."""
        return "; ".join(self.reasons)

    @property
    def done(self) -> bool:
        """Achieved on or before the as-of date."""
        return self.rating == "done"

    @property
    def waits_on(self) -> str | None:
        """The predecessor whose date sets this milestone's expected date, if one does."""
        return self.driver if self.constraint == "dependency" else None


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts per rating and the programme's finish against its deadline."""

    done: int
    green: int
    amber: int
    red: int
    total: int
    finish: date
    deadline: date | None
    due_soon: tuple[str, ...]  # ids due in the next four weeks, not done, soonest first

    @property
    def percent_done(self) -> int:
        """Share of milestones done, rounded down."""
        return (100 * self.done) // self.total if self.total else 0

    @property
    def finish_slip_days(self) -> int | None:
        """Programme finish minus programme deadline (positive = late); None without a deadline."""
        return (self.finish - self.deadline).days if self.deadline is not None else None

    def count(self, rating: Rating) -> int:
        """How many milestones have `rating`."""
        return {"done": self.done, "green": self.green, "amber": self.amber, "red": self.red}[
            rating
        ]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The whole plan as of a date: schedule, one status per milestone (file order), summary."""

    as_of: date
    schedule: Schedule
    milestones: tuple[MilestoneStatus, ...]
    summary: Summary

    def by_id(self) -> dict[str, MilestoneStatus]:
        """Statuses keyed by milestone id."""
        return {m.id: m for m in self.milestones}


def owner_labels(plan: Plan) -> dict[str, str]:
    """Owner id -> what to show: a post's "title (holder)" (or title), an organisation's name."""
    labels = {o.id: o.name for o in plan.organisations}
    for role in plan.roles:
        labels[role.id] = f"{role.title} ({role.holder})" if role.holder else role.title
    return labels


def owners_under(plan: Plan, owner: str) -> set[str]:
    """`owner` and every organisation and post below it in the organisation tree."""
    children: dict[str, list[str]] = {}
    for org in plan.organisations:
        if org.parent:
            children.setdefault(org.parent, []).append(org.id)
    for role in plan.roles:
        children.setdefault(role.organisation, []).append(role.id)
    found: set[str] = set()
    stack = [owner]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


def days(n: int) -> str:
    """'1 day', '-9 days', '12 days'."""
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def _cause(row: ScheduleRow, forecast: DateExpr | None) -> str | None:
    """What sets an open milestone's expected date, in words; None for the plain network."""
    if row.constraint == "dependency" and row.driver is not None:
        return f"waits on {row.driver}"
    if row.constraint == "forecast" and forecast is not None:
        return f"forecast {format_day(forecast.day)}"
    if row.constraint == "not_before":
        return f"cannot finish before {format_day(row.early_finish)}"
    if row.constraint == "as_of":
        if forecast is not None:
            return f"forecast {format_day(forecast.day)} has passed"
        return "no forecast"
    return None


def _rate(
    done_on: date | None,
    due: date | None,
    slip: int | None,
    row: ScheduleRow,
    forecast: DateExpr | None,
    as_of: date,
    tolerance: int,
    float_warning: int,
    red_dependencies: list[str],
    reforecast: str | None = None,
) -> tuple[Rating, tuple[str, ...]]:
    """The rating of one milestone and the reasons for it, in words."""
    if done_on is not None:
        achieved = f"achieved {format_day(done_on)}"
        if slip is None:
            return "done", (achieved,)
        if slip > 0:
            return "done", (f"{achieved}, {days(slip)} late",)
        if slip < 0:
            return "done", (f"{achieved}, {days(-slip)} early",)
        return "done", (f"{achieved}, on time",)
    reasons: list[str] = []
    rating: Rating = "green"
    cause = _cause(row, forecast)
    driver_red = row.constraint == "dependency" and row.driver in red_dependencies
    if driver_red:
        cause = f"{cause} (red)"  # the dependency that sets the date is itself red
    if due is not None and due < as_of:
        rating = "red"
        reasons.append(f"deadline passed {days((as_of - due).days)} ago")
        if cause is not None:
            reasons.append(cause)
        if row.constraint == "forecast" and reforecast:
            reasons.append(reforecast)
    elif slip is not None and slip > 0:
        rating = "red" if slip > tolerance else "amber"
        bound = "" if slip > tolerance else " (within tolerance)"
        if row.constraint == "forecast":  # "forecast 20 days late" says whose date it is
            reasons.append(f"forecast {days(slip)} late{bound}")
            if reforecast:
                reasons.append(reforecast)
        else:
            reasons.append(f"{days(slip)} late{': ' + cause if cause else ''}{bound}")
    if rating == "green" and row.total_float < float_warning:
        rating = "amber"
        waits = cause if row.constraint == "dependency" else None
        reasons.append(f"float {days(row.total_float)}{': ' + waits if waits else ''}")
    if red_dependencies:
        if rating == "green":
            rating = "amber"
        named = driver_red and cause is not None and any(cause in r for r in reasons)
        others = [d for d in red_dependencies if not (named and d == row.driver)]
        if others:
            which = ", ".join(others[:3])
            if len(others) > 3:
                which += f" and {len(others) - 3} more"
            single = len(others) == 1
            reasons.append(
                f"dependenc{'y' if single else 'ies'} {which} {'is' if single else 'are'} red"
            )
    if not reasons:
        reasons.append("on track")
    return rating, tuple(reasons)


def _disagreement(declared: str | None, rating: Rating) -> str | None:
    if declared is None:
        return None
    if declared in ("at-risk", "blocked") and rating == "green":
        return f"declared {declared}, but computes green"
    if declared in ("at-risk", "blocked") and rating == "done":
        return f"declared {declared}, but achieved"
    if declared == "cancelled" and rating == "done":
        return "declared cancelled, but achieved"
    return None


def _reforecast(m: Milestone, as_of: date) -> str | None:
    """'re-forecast 20 June 2011: listening exercise' for the history entry in force, if it says why."""
    found = None
    for entry in m.history:
        if entry.forecast is None:
            continue
        if entry.date.day <= as_of and (found is None or entry.date.day >= found.date.day):
            found = entry
    if found is None or not found.reason:
        return None
    return f"re-forecast {format_day(found.date.day)}: {found.reason}"


def binding_chain(s: MilestoneStatus, by_id: Mapping[str, MilestoneStatus]) -> tuple[str, ...]:
    """The ids whose dates set `s`'s, origin first, ending with `s.id`; () when `s` is done.

    The driving chain, cut where a link stops binding: at a milestone whose date is set by its
    own forecast, actual, the programme start or the as-of date rather than by a dependency.
    """
    if s.done:
        return ()
    chain = [s.id]
    parent = s.chain_parent
    while parent is not None:
        chain.append(parent)
        upstream = by_id.get(parent)
        parent = upstream.chain_parent if upstream is not None else None
    chain.reverse()
    return tuple(chain)


def chain_origins(by_id: Mapping[str, MilestoneStatus]) -> dict[str, tuple[str, int]]:
    """For every milestone, the first id of its binding chain and the chain's length.

    Linear in the plan however long the chains are (each link is followed once), so reports
    can name the origin of every late milestone without walking each chain from its end.
    """
    found: dict[str, tuple[str, int]] = {}
    for s in by_id.values():
        path: list[str] = []
        current: MilestoneStatus | None = s
        while current is not None and current.id not in found:
            path.append(current.id)
            parent = current.chain_parent
            current = by_id.get(parent) if parent is not None else None
        if current is not None:
            origin, length = found[current.id]
        else:
            origin, length = path.pop(), 1
            found[origin] = (origin, 1)
        for mid in reversed(path):
            length += 1
            found[mid] = (origin, length)
    return found


def evaluate(plan: Plan, as_of: date) -> Evaluation:
    """Schedule and rate every milestone as the plan stood on `as_of` (SPEC section 5)."""
    schedule = compute_schedule(plan, as_of)
    programme = plan.programme
    tolerance = programme.amber_tolerance_days
    float_warning = programme.float_warning_days
    labels = owner_labels(plan)
    milestones: dict[str, Milestone] = {}
    for m in plan.milestones:
        milestones.setdefault(m.id, m)
    ratings: dict[str, Rating] = {}
    statuses: dict[str, MilestoneStatus] = {}
    for mid in schedule.order:  # topological: a dependency is rated before what waits on it
        m = milestones[mid]
        row = schedule.rows[mid]
        done_on = actual_as_of(m, as_of)
        expected = done_on if done_on is not None else row.early_finish
        due = m.due.day if m.due is not None else None
        slip = (expected - due).days if due is not None else None
        forecast = forecast_in_force(m, as_of)
        red_dependencies: list[str] = []
        for d in m.depends_on:
            if ratings.get(d.id) == "red" and d.id not in red_dependencies:
                red_dependencies.append(d.id)
        rating, reasons = _rate(
            done_on,
            due,
            slip,
            row,
            forecast,
            as_of,
            tolerance,
            float_warning,
            red_dependencies,
            _reforecast(m, as_of) if m.history else None,
        )
        ratings[mid] = rating
        statuses[mid] = MilestoneStatus(
            id=m.id,
            title=m.title,
            owner=m.owner,
            owner_label=labels.get(m.owner, m.owner),
            workstream=m.workstream,
            due=m.due,
            forecast=forecast,
            actual=done_on,
            expected=expected,
            slip_days=slip,
            total_float=row.total_float,
            free_float=row.free_float,
            critical=row.critical,
            rating=rating,
            reasons=reasons,
            declared_status=m.status,
            disagreement=_disagreement(m.status, rating),
            driver=row.driver,
            constraint=row.constraint,
            chain_parent=row.driver if row.constraint == "dependency" else None,
        )
    ordered = tuple(statuses[mid] for mid in milestones if mid in statuses)
    deadline = programme.deadline.day if programme.deadline is not None else None
    summary = summarise(ordered, as_of=as_of, finish=schedule.finish, deadline=deadline)
    return Evaluation(as_of, schedule, ordered, summary)


def summarise(
    statuses: Iterable[MilestoneStatus], *, as_of: date, finish: date, deadline: date | None
) -> Summary:
    """Counts per rating and what falls due in the next four weeks, over `statuses`."""
    counts = dict.fromkeys(RATINGS, 0)
    horizon = as_of + timedelta(days=DUE_SOON_DAYS)
    due_soon: list[tuple[date, int, str]] = []
    total = 0
    for s in statuses:
        counts[s.rating] += 1
        if s.rating != "done" and s.due is not None and as_of <= s.due.day <= horizon:
            due_soon.append((s.due.day, total, s.id))
        total += 1
    return Summary(
        done=counts["done"],
        green=counts["green"],
        amber=counts["amber"],
        red=counts["red"],
        total=total,
        finish=finish,
        deadline=deadline,
        due_soon=tuple(mid for _, _, mid in sorted(due_soon)),
    )


def worst_first(statuses: Iterable[MilestoneStatus]) -> list[MilestoneStatus]:
    """Milestones by slip, largest first; those without a deadline last (SPEC: slippage order)."""
    return sorted(statuses, key=lambda s: (s.slip_days is None, -(s.slip_days or 0), s.id))


def select(
    statuses: Iterable[MilestoneStatus],
    *,
    owners: set[str] | None = None,
    workstreams: set[str] | None = None,
    ratings: set[str] | None = None,
    due_from: date | None = None,
    due_by: date | None = None,
) -> tuple[MilestoneStatus, ...]:
    """The statuses that pass every filter given (None = no filter on that field).

    `due_from`/`due_by` keep open milestones whose deadline falls in that range, inclusive.
    """
    out: list[MilestoneStatus] = []
    for s in statuses:
        if owners is not None and s.owner not in owners:
            continue
        if workstreams is not None and s.workstream not in workstreams:
            continue
        if ratings is not None and s.rating not in ratings:
            continue
        if due_from is not None or due_by is not None:
            if s.done or s.due is None:
                continue
            if due_from is not None and s.due.day < due_from:
                continue
            if due_by is not None and s.due.day > due_by:
                continue
        out.append(s)
    return tuple(out)
