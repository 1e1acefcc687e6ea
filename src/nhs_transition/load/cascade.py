"""Cascades: a milestone fanned out to one child milestone per organisation (after validation).

```yaml
  - id: staff-interviews-shas
    owner: sha-ceos
    due: 30 September 2010
    cascade: {type: strategic-health-authority}     # or {organisations: [sha-london, ...]}
    children:                                        # what each organisation reports
      sha-london: {actual: 15 September 2010}
      sha-north-west:
        history:
          - {date: 1 October 2010, forecast: November 2010, reason: "..."}
```

The organisations are those of the type (or the list) active on the milestone's deadline (on
every day, without one). Each child is a milestone of its own, with the id `parent/organisation`
(the one place an id holds a `/`), owned by its organisation, titled after the parent with the
organisation's name, and inheriting the parent's deadline, duration, not_before, source and
dependencies; its forecast, actual, declared status and history come only from its entry under
`children:` (without one, it has none: its record is silent). A report from one organisation
therefore touches only the lines of its own entry. The parent's own `forecast`, `actual` and
history entries that report, re-baseline or cancel are errors (`cascade-parent-report`): they
would say something of every child at once (a confirmation in its history is kept).

Dependencies: a child depends on the same organisation's child of a cascaded predecessor when
there is one, else on the predecessor itself; the parent depends on its children (so its
expected date is the latest child's) besides its own dependencies as written. A milestone that
depends on the parent so waits for every child. The parent is done when every child is: its
`actual` is the latest child's, set only when every child has one. Its rating (slippage) is the
roll-up rule over its children.

Positions: a child's diagnostics point into its entry under `children:` where it has one, else
at the parent.
"""

from __future__ import annotations

from ..dates import format_day, parse_duration
from ..errors import Diagnostic, Severity, did_you_mean
from ..model import Dependency, Milestone, Organisation, Plan


def expand_cascades(plan: Plan) -> list[Diagnostic]:
    """Replace each cascaded milestone by itself and its children, in place; problems found."""
    if not any(m.cascade is not None for m in plan.milestones):
        return []
    found: list[Diagnostic] = []
    organisations: dict[str, Organisation] = {}
    for o in plan.organisations:
        organisations.setdefault(o.id, o)
    children_of: dict[str, dict[str, str]] = {}  # parent id -> organisation -> child id
    expanded: list[Milestone] = []
    pending: list[tuple[Milestone, list[Milestone]]] = []
    for m in plan.milestones:
        if m.cascade is None:
            if m.children is not None:
                found.append(_error(plan, m, ("children",), "children-without-cascade",
                    f"'{m.id}' has 'children' but no 'cascade': add the cascade, or move each "
                    "child's report into the milestone itself"))  # fmt: skip
            expanded.append(m)
            continue
        for field in ("forecast", "actual"):
            if getattr(m, field) is not None:
                found.append(_error(plan, m, (field,), "cascade-parent-report",
                    f"'{m.id}' is cascaded: its {field} comes from its children (the latest "
                    f"child's); write each organisation's {field} under 'children:'"))  # fmt: skip
                setattr(m, field, None)
        for i, entry in enumerate(m.history):
            if entry.forecast is not None or entry.actual is not None:
                found.append(_error(plan, m, ("history", i), "cascade-parent-report",
                    f"history entry {i + 1} of '{m.id}' reports a forecast or actual, but it is "
                    "cascaded: each organisation reports under 'children:'"))  # fmt: skip
            elif entry.due is not None or entry.status is not None:
                # Not carried to the children (yet): say so rather than rate them on a
                # deadline the parent no longer has.
                found.append(_error(plan, m, ("history", i), "cascade-parent-report",
                    f"history entry {i + 1} of '{m.id}' re-baselines or cancels a cascaded "
                    "milestone, which is not supported: write the entry under each child in "
                    "'children:', or change the cascade's due"))  # fmt: skip
        targets = _targets(plan, m, organisations, found)
        reports = m.children or {}
        for org in reports:
            if org not in targets:
                why = (
                    "which is not an organisation of the cascade active on its deadline"
                    if org in organisations
                    else f"which is not an organisation{did_you_mean(org, list(targets))}"
                )
                found.append(_error(plan, m, ("children", org), "unknown-cascade-child",
                    f"'{m.id}' has a report for '{org}', {why}: remove it or fix the id",
                    key=True))  # fmt: skip
        kids: list[Milestone] = []
        for org in targets:
            report = reports.get(org)
            child = m.model_copy(
                update={
                    "id": f"{m.id}/{org}",
                    "title": f"{m.title}: {organisations[org].name}",
                    "owner": org,
                    "forecast": report.forecast if report else None,
                    "actual": report.actual if report else None,
                    "actual_source": report.actual_source if report else None,
                    "status": report.status if report else None,
                    "notes": report.notes if report else None,
                    "history": list(report.history) if report else [],
                    "cascade": None,
                    "children": None,
                }
            )
            file, path = plan.origin(m)
            plan.origins[id(child)] = (file, (*path, "children", org) if report else path)
            kids.append(child)
        children_of[m.id] = {org: f"{m.id}/{org}" for org in targets}
        pending.append((m, kids))
        expanded.append(m)
        expanded += kids
    for m, kids in pending:
        for kid in kids:
            org = kid.owner
            kid.depends_on = [
                d.model_copy(update={"id": children_of[d.id].get(org, d.id)})
                if d.id in children_of
                else d
                for d in m.depends_on
            ]
        # The parent waits on its children and does no work of its own: its expected date is
        # the latest child's.
        m.depends_on = [*m.depends_on, *(Dependency(id=k.id) for k in kids)]
        m.duration = parse_duration("0d")
        dated = [k.actual for k in kids if k.actual is not None]
        if kids and len(dated) == len(kids):  # done when every child is: on the latest day
            m.actual = max(dated, key=lambda a: a.day)
        plan.cascades[m.id] = tuple(k.id for k in kids)
    plan.milestones[:] = expanded
    return found


def _targets(
    plan: Plan, m: Milestone, organisations: dict[str, Organisation], found: list[Diagnostic]
) -> list[str]:
    """The organisations `m` fans out to: of its type or list, active on its deadline."""
    cascade = m.cascade
    assert cascade is not None
    day = m.due.day if m.due is not None else None

    def active(o: Organisation) -> bool:
        if day is None:
            return True
        if o.established is not None and day < o.established.day:
            return False
        return not (o.abolished is not None and day > o.abolished.day)

    if cascade.organisations is not None:
        out = []
        for i, oid in enumerate(cascade.organisations):
            org = organisations.get(oid)
            if org is None:
                found.append(_error(plan, m, ("cascade", "organisations", i), "unknown-cascade-organisation",
                    f"'{m.id}' cascades to '{oid}', which is not an organisation"
                    f"{did_you_mean(oid, list(organisations))}: fix the id or add it"))  # fmt: skip
            elif active(org) and oid not in out:
                out.append(oid)
        return out
    out = [o.id for o in organisations.values() if o.type == cascade.type and active(o)]
    if not out:
        kinds = sorted({o.type for o in organisations.values() if o.type})
        of_type = sum(1 for o in organisations.values() if o.type == cascade.type)
        if of_type:  # the type is right: its organisations' dates and the deadline disagree
            found.append(_error(plan, m, ("cascade", "type"), "empty-cascade",
                f"'{m.id}' cascades to every organisation of type '{cascade.type}', but none of "
                f"the {of_type} is active on its deadline{' ' + format_day(day) if day else ''}: fix "
                "the deadline, or "
                "the organisations' dates"))  # fmt: skip
        else:
            found.append(_error(plan, m, ("cascade", "type"), "empty-cascade",
                f"'{m.id}' cascades to every organisation of type '{cascade.type}', but there is "
                f"none of that type{did_you_mean(cascade.type or '', kinds)}: fix the type"))  # fmt: skip
    return out


def _error(
    plan: Plan,
    m: Milestone,
    path: tuple[str | int, ...],
    code: str,
    message: str,
    *,
    key: bool = False,
) -> Diagnostic:
    file, line, column = plan.where(m, *path, key=key)
    return Diagnostic(code, Severity.ERROR, message, file, line, column, m.id)
