"""The plan as of a date: the forecast in force, slip, ratings and the reason for each (pure).

SPEC section 5. Slip = (actual, else the scheduled early finish) - deadline, in calendar days;
positive is late. Ratings: done / red / amber / green with the programme's tolerances.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .dates import DateExpr, format_day
from .model import Milestone, Plan
from .schedule import Schedule, actual_as_of, compute_schedule, forecast_in_force

Rating = Literal["done", "green", "amber", "red"]
RATINGS: tuple[Rating, ...] = ("red", "amber", "green", "done")


@dataclass(frozen=True, slots=True)
class MilestoneStatus:
    """One milestone evaluated as of a date."""

    id: str
    title: str
    owner: str
    owner_label: str  # the post's holder (or the organisation's name) where known
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
    driver: str | None  # the driving predecessor, if a dependency sets the date

    @property
    def reason(self) -> str:
        """All reasons in one phrase."""
        return "; ".join(self.reasons)

    @property
    def done(self) -> bool:
        """Achieved on or before the as-of date."""
        return self.rating == "done"


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
    due_soon: tuple[str, ...]  # ids due in the next four weeks, not done

    @property
    def percent_done(self) -> int:
        """Share of milestones done, rounded down."""
        return (100 * self.done) // self.total if self.total else 0


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
    """Owner id -> what to show: a post's holder (or title), an organisation's name."""
    labels = {o.id: o.name for o in plan.organisations}
    for role in plan.roles:
        labels[role.id] = role.holder or role.title
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


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def _rate(
    m: Milestone,
    done_on: date | None,
    slip: int | None,
    total_float: int,
    as_of: date,
    tolerance: int,
    float_warning: int,
    driver: str | None,
    red_dependencies: list[str],
) -> tuple[Rating, tuple[str, ...]]:
    """The rating of one milestone and the reasons for it, in words."""
    if done_on is not None:
        if slip is None:
            return "done", (f"achieved {format_day(done_on)}",)
        if slip > 0:
            return "done", (f"achieved {format_day(done_on)}, {_days(slip)} late",)
        return "done", (f"achieved {format_day(done_on)}, on time",)
    reasons: list[str] = []
    rating: Rating = "green"
    if m.due is not None and m.due.day < as_of:
        reasons.append(f"deadline passed {_days((as_of - m.due.day).days)} ago")
        rating = "red"
    if slip is not None and slip > tolerance:
        if rating != "red":
            reasons.append(f"forecast {_days(slip)} late (tolerance {tolerance})")
        rating = "red"
    elif slip is not None and slip > 0:
        reasons.append(f"forecast {_days(slip)} late (within tolerance {tolerance})")
        rating = "amber"
    if total_float < float_warning and rating != "red":
        waits = f": waits on {driver}" if driver else ""
        if total_float < 0 or slip is None or slip <= 0:
            reasons.append(f"float {_days(total_float)}{waits}")
        rating = "amber"
    if red_dependencies and rating == "green":
        rating = "amber"
    if red_dependencies and rating != "red":
        which = ", ".join(red_dependencies[:3]) + (
            " and others" if len(red_dependencies) > 3 else ""
        )
        reasons.append(
            f"dependency {which} is red"
            if len(red_dependencies) == 1
            else f"dependencies {which} are red"
        )
    if not reasons:
        reasons.append(
            "on track" if total_float >= float_warning else f"float {_days(total_float)}"
        )
    return rating, tuple(reasons)


def _disagreement(declared: str | None, rating: Rating) -> str | None:
    if declared is None:
        return None
    if declared in ("at-risk", "blocked") and rating in ("green", "done"):
        return f"declared {declared}, but computes {rating}"
    if declared == "cancelled" and rating == "done":
        return "declared cancelled, but has an actual"
    return None


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
        slip = (expected - m.due.day).days if m.due is not None else None
        red_dependencies = [d.id for d in m.depends_on if ratings.get(d.id) == "red"]
        rating, reasons = _rate(
            m,
            done_on,
            slip,
            row.total_float,
            as_of,
            tolerance,
            float_warning,
            row.driver,
            red_dependencies,
        )
        ratings[mid] = rating
        statuses[mid] = MilestoneStatus(
            id=m.id,
            title=m.title,
            owner=m.owner,
            owner_label=labels.get(m.owner, m.owner),
            workstream=m.workstream,
            due=m.due,
            forecast=forecast_in_force(m, as_of),
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
        )
    ordered = tuple(statuses[m.id] for m in milestones.values() if m.id in statuses)
    return Evaluation(as_of, schedule, ordered, _summarise(ordered, schedule, plan, as_of))


def _summarise(
    statuses: Iterable[MilestoneStatus], schedule: Schedule, plan: Plan, as_of: date
) -> Summary:
    counts = dict.fromkeys(RATINGS, 0)
    due_soon = []
    total = 0
    for s in statuses:
        total += 1
        counts[s.rating] += 1
        if s.rating != "done" and s.due is not None and 0 <= (s.due.day - as_of).days <= 28:
            due_soon.append(s.id)
    deadline = plan.programme.deadline.day if plan.programme.deadline is not None else None
    return Summary(
        done=counts["done"],
        green=counts["green"],
        amber=counts["amber"],
        red=counts["red"],
        total=total,
        finish=schedule.finish,
        deadline=deadline,
        due_soon=tuple(due_soon),
    )


def worst_first(statuses: Iterable[MilestoneStatus]) -> list[MilestoneStatus]:
    """Milestones by slip, largest first; those without a deadline last (SPEC: slippage order)."""
    return sorted(statuses, key=lambda s: (s.slip_days is None, -(s.slip_days or 0), s.id))
