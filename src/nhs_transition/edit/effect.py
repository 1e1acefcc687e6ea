"""What an edit changes, as of a date: each reported milestone's expected date and rating before
and after, and every other milestone whose expected date moved (downstream knock-on)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..slippage import evaluate
from .plan_edit import PlanEdit
from .reports import Report


@dataclass(frozen=True, slots=True)
class Move:
    """A milestone whose expected date moved."""

    id: str
    title: str
    before: date
    after: date | None  # None: no date on evidence now (held at the as-of date)

    @property
    def days(self) -> int:
        """Positive: later (0 when no date is known now)."""
        return (self.after - self.before).days if self.after is not None else 0


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
    old_evaluation = evaluate(edit.before, as_of)
    before = old_evaluation.by_id()
    evaluation = evaluate(edit.after, as_of)
    after = evaluation.by_id()
    reported = {r.milestone for r in reports}
    effects = []
    for report in reports:
        old, new = before[report.milestone], after[report.milestone]
        effects.append(
            Effect(
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
        )
    # Moves from a date on evidence: to another, or to none (held at the as-of date, which is
    # no expectation; said so rather than shown as a date).
    moved = []
    for mid, status in after.items():
        old_day = before[mid].expected if mid in before else None
        new_day = status.expected
        if mid not in reported and old_day is not None and new_day != old_day:
            moved.append(Move(mid, status.title, old_day, new_day))
    moved.sort(key=lambda m: (m.after is not None, -abs(m.days), m.id))
    finish_before = old_evaluation.schedule.finish
    finish_after = evaluation.schedule.finish
    return EditEffect(as_of, tuple(effects), tuple(moved), finish_before, finish_after)
