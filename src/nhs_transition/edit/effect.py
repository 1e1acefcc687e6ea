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
    after: date

    @property
    def days(self) -> int:
        """Positive: later."""
        return (self.after - self.before).days


@dataclass(frozen=True, slots=True)
class Effect:
    """One report's milestone before and after the edit."""

    id: str
    title: str
    kind: str  # "re-forecast", "confirmation", ...
    reason: str | None
    expected_before: date
    expected_after: date
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
    before = evaluate(edit.before, as_of).by_id()
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
    moved = [
        Move(mid, status.title, before[mid].expected, status.expected)
        for mid, status in after.items()
        if mid not in reported and mid in before and before[mid].expected != status.expected
    ]
    moved.sort(key=lambda m: (-abs(m.days), m.id))
    finish_before = max(s.expected for s in before.values())
    finish_after = max(s.expected for s in after.values())
    return EditEffect(as_of, tuple(effects), tuple(moved), finish_before, finish_after)
