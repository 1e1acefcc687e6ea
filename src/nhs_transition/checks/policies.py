"""Single-state policies a programme declares (`policies:`): what the plan itself must be.

The two-state policies (what a change may do: finish-later, new-red, unexplained, rebaselined)
belong to `transition diff` (`diff.violations`); `check` ignores them.

- critical-owner-held: every critical milestone (not done) is owned by a post that has a holder:
  someone, by name, answers for the dates the whole programme hangs on. Critical as scheduled on
  the programme's status date (else its start), as every command sees the plan by default.
"""

from __future__ import annotations

from ..errors import TransitionError
from .checker import Checker


def critical_owners(c: Checker) -> None:
    """critical-owner-held: each critical milestone is owned by a post with a holder."""
    plan = c.plan
    if "critical-owner-held" not in plan.programme.policies or c.has_cycle:
        return
    from ..schedule import CycleError, OutsideCalendar, compute_schedule

    status = plan.programme.status_date
    try:
        schedule = compute_schedule(plan, status.day if status else plan.programme.start.day)
    except (CycleError, OutsideCalendar, TransitionError):
        return  # reported by the rules of what stopped the schedule
    for mid in schedule.order:
        row = schedule.rows[mid]
        if not row.critical or row.done:
            continue
        m = c.milestones[mid]
        role = c.roles.get(m.owner)
        if role is not None and role.holder:
            continue
        if role is not None:
            why = f"the post '{m.owner}' ({role.title}) has no holder: record who holds it"
        elif m.owner in c.organisations:
            why = f"'{m.owner}' is an organisation, not a post: name the post that answers for it"
        else:
            continue  # unknown-owner says so
        c.report(
            "critical-owner-unheld",
            m,
            ("owner",),
            f"'{mid}' is critical, and the programme's policies require critical-owner-held, "
            f"but {why}",
            mid,
        )
