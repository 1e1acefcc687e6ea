"""What every rule works with: the plan, its indexes, and where to put what it finds."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches

from ..dates import DateExpr, Duration, format_day
from ..errors import Diagnostic, did_you_mean
from ..model import Milestone, Organisation, Plan, PlanModel, Role
from .rules import RULES

DID_YOU_MEAN_CUTOFF = 0.6  # as errors.did_you_mean
DID_YOU_MEAN_LIMIT = 50  # distinct unknown milestone ids that get a "did you mean"


class Checker:
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
        self._tainted: set[str] | None = None

    @property
    def tainted(self) -> set[str]:
        """Ids of stand-ins (items written with a mistake, see `Plan.stand_ins`) and of every
        milestone that waits on one, directly or not: their schedule is not known, so the rules
        that schedule the plan say nothing about them (or anything, for a programme stand-in)."""
        if self._tainted is None:
            plan = self.plan
            found: set[str] = set()
            if plan.stand_ins:
                if plan.unsure(plan.programme):
                    found = set(self.milestones)
                else:
                    waiting: dict[str, list[str]] = {}
                    for m in plan.milestones:
                        for dep in m.depends_on:
                            waiting.setdefault(dep.id, []).append(m.id)
                    stack = [m.id for m in plan.milestones if plan.unsure(m)]
                    while stack:
                        mid = stack.pop()
                        if mid not in found:
                            found.add(mid)
                            stack.extend(waiting.get(mid, ()))
            self._tainted = found
        return self._tainted

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
        every id of the plan (70 ms at 20,000 milestones), so only the first
        `DID_YOU_MEAN_LIMIT` distinct unknown ids get a suggestion (500 of them took 34 s).
        """
        best = self._closest.get(name)
        if best is None:
            if len(self._closest) >= DID_YOU_MEAN_LIMIT:
                return ""
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


def work(m: Milestone) -> str:
    return f", then {m.duration.text} of work" if m.duration.amount else ""


def shown(expr: DateExpr) -> str:
    """A date as written, with the day it resolves to when the text names a period."""
    return f"{expr.text} ({format_day(expr.day)})" if expr.is_window else expr.text
