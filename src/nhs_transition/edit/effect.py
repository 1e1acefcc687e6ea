"""What an edit changes, as of a date: each reported milestone's expected date and rating before
and after, and every other milestone whose expected date moved (downstream knock-on).

`effect_of` computes it where the edit can change it: a forecast or a confirmation moves only the
reported milestones and what waits on them, and a rating reads only what its milestone waits on.
Any other edit (an actual, a re-baseline, a cancellation, a cascade) is evaluated whole, before
and after (`full_effect_of`, which tests/test_edit_effect.py holds the quick way to).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..schedule import compute_schedule
from ..schedule.incremental import downstream, reschedule_cone, upstream_through
from ..slippage import (
    EvaluationState,
    MilestoneStatus,
    evaluate,
    evaluate_into,
    milestones_by_id,
)
from .plan_edit import PlanEdit
from .reports import Report


@dataclass(frozen=True, slots=True)
class Move:
    """A milestone whose expected date moved."""

    id: str
    title: str
    before: date | None  # None: no date on evidence before (it gains one)
    after: date | None  # None: no date on evidence now (held at the as-of date)

    @property
    def days(self) -> int:
        """Positive: later (0 when either side has no date on evidence)."""
        if self.after is None or self.before is None:
            return 0
        return (self.after - self.before).days


@dataclass(frozen=True, slots=True)
class Effect:
    """One report's milestone before and after the edit."""

    id: str
    title: str
    kind: str  # "re-forecast", "confirmation", ...
    reason: str | None
    expected_before: date | None  # None where no evidence supports a date (see slippage)
    expected_after: date | None
    rating_before: str
    rating_after: str
    slip_before: int | None
    slip_after: int | None


@dataclass(frozen=True, slots=True)
class EditEffect:
    """The effect of an edit: per report, what moved elsewhere, the programme finish."""

    as_of: date
    effects: tuple[Effect, ...]
    moved: tuple[Move, ...]  # other milestones whose expected date changed, largest move first
    finish_before: date
    finish_after: date


def effect_of(edit: PlanEdit, reports: list[Report], as_of: date) -> EditEffect:
    """Evaluate the plan before and after `edit` as of `as_of` and compare."""
    fast = _effect_downstream(edit, reports, as_of)
    return fast if fast is not None else full_effect_of(edit, reports, as_of)


def full_effect_of(edit: PlanEdit, reports: list[Report], as_of: date) -> EditEffect:
    """`effect_of` by evaluating the whole plan before the edit and after it."""
    old_evaluation = evaluate(edit.before, as_of)
    before = old_evaluation.by_id()
    evaluation = evaluate(edit.after, as_of)
    after = evaluation.by_id()
    reported = {r.milestone for r in reports}
    effects = [
        _effect(report, before[report.milestone], after[report.milestone]) for report in reports
    ]
    # Moves of the date on evidence: to another, to none (held at the as-of date, which is no
    # expectation; said so rather than shown as a date), or from none (it gains one).
    moved = []
    for mid, status in after.items():
        if mid not in before:
            continue
        old_day = before[mid].expected
        new_day = status.expected
        if mid not in reported and new_day != old_day:
            moved.append(Move(mid, status.title, old_day, new_day))
    moved.sort(key=_largest_first)
    finish_before = old_evaluation.schedule.finish
    finish_after = evaluation.schedule.finish
    return EditEffect(as_of, tuple(effects), tuple(moved), finish_before, finish_after)


def _effect(report: Report, old: MilestoneStatus, new: MilestoneStatus) -> Effect:
    return Effect(
        new.id,
        new.title,
        report.kind(),
        report.reason,
        old.expected,
        new.expected,
        old.rating,
        new.rating,
        old.slip_days,
        new.slip_days,
    )


def _largest_first(m: Move) -> tuple[bool, int, str]:
    return (m.after is not None, -abs(m.days), m.id)


def _effect_downstream(edit: PlanEdit, reports: list[Report], as_of: date) -> EditEffect | None:
    """`effect_of`, evaluating only what the edit can change; None where that does not apply.

    A forecast or a confirmation moves only the reported milestones and what waits on them (the
    cone: `schedule.incremental`). Before the edit, the plan is scheduled whole and every
    milestone evaluated as far as its expected date; then the reported milestones are rated,
    with what their ratings read (`upstream_through`). After it, only the cone is scheduled and
    evaluated again, from a copy of that state, and the ratings the effect shows: outside the
    cone nothing the effect shows can differ.
    """
    before_plan, after_plan = edit.before, edit.after
    if before_plan.cascades or after_plan.cascades:
        return None  # a cascade's parent is evaluated from its children, wherever they are
    if any(r.actual is not None or r.due is not None or r.cancel for r in reports):
        return None  # the late dates move too: schedule and evaluate the whole plan
    schedule = compute_schedule(before_plan, as_of)
    reported = {r.milestone for r in reports}
    if not all(schedule.row(mid) is not None for mid in reported):
        return None
    cone = reschedule_cone(schedule, before_plan, after_plan, as_of, reported)
    if cone is None:
        return None
    order = schedule.order
    state = EvaluationState(as_of)
    before_by = milestones_by_id(before_plan)  # no duplicate ids: the cone was scheduled
    after_by = dict(before_by)
    after_by.update((m.id, m) for m in after_plan.milestones if m.id in reported)
    before_rows = schedule.lazy_rows()
    evaluate_into(state, before_plan, before_rows, order, order, (), before_by)  # expected dates
    # The reported milestones and what their ratings read: the dependencies of each that is
    # rated on its dependencies' ratings (open), and theirs in turn.
    rated = upstream_through(schedule, reported, state.closed)
    rating = [m for m in order if m in rated]
    evaluate_into(state, before_plan, before_rows, rating, order, rated, before_by)
    before = state.statuses
    before_expected = state.expected
    state = state.copy()
    rows = schedule.lazy_rows(cone.columns)
    # What waits on a reported milestone: its row may have moved, or its expected date, which
    # rests on evidence as far as the chain of what drives it does.
    downstream_ids = downstream(schedule, reported)
    moving = [m for m in order if m in downstream_ids]
    evaluate_into(state, after_plan, rows, moving, order, (), after_by)
    again = upstream_through(schedule, reported, state.closed)
    # Rated again: what moved, and what the ratings after the edit read that was not rated.
    todo = [m for m in order if m in again and (m in downstream_ids or m not in rated)]
    evaluate_into(state, after_plan, rows, todo, order, again, after_by)
    after = state.statuses
    effects = [
        _effect(report, before[report.milestone], after[report.milestone]) for report in reports
    ]
    # As full_effect_of sorts them (largest first), by a key built once: ids are unique.
    found = []
    expected = state.expected
    for mid in moving:
        old_day = before_expected[mid]
        new_day = expected[mid]
        if mid not in reported and new_day != old_day:
            days = abs((new_day - old_day).days) if new_day and old_day else 0
            found.append((new_day is not None, -days, mid, old_day, new_day))
    found.sort()
    moved = tuple(Move(mid, after_by[mid].title, old, new) for _, _, mid, old, new in found)
    return EditEffect(as_of, tuple(effects), moved, schedule.finish, cone.finish)
