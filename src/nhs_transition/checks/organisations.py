"""Owners that must exist on the day of their work, the organisation tree, and posts over time.

Parents that exist and do not go round in a circle, roles that belong to an organisation,
established before abolished; a post's holders one after another, and a critical milestone
whose post is vacant on its deadline.
"""

from __future__ import annotations

from ..errors import TransitionError, did_you_mean
from ..model import Organisation
from .checker import Checker, shown


def owners_active(c: Checker) -> None:
    # Owners whose organisation has neither date can never be inactive: their milestones are
    # skipped without looking at their dates (most milestones of a large plan).
    always = {
        owner
        for owner in {m.owner for m in c.plan.milestones}
        if (org := _organisation_of(c, owner)) is None
        or (org.abolished is None and org.established is None)
    }
    for m in c.plan.milestones:
        if m.owner in always or c.plan.unsure(m):
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
                f"'{m.id}' ({which} {shown(when)}) is owned by '{m.owner}', but '{org.id}'{via} "
                f"is abolished on {shown(org.abolished)}: hand it to a successor organisation",
                m.id,
            )
        elif org.established is not None and day < org.established.day:
            c.report(
                "owner-inactive",
                m,
                ("owner",),
                f"'{m.id}' ({which} {shown(when)}) is owned by '{m.owner}', but '{org.id}'{via} "
                f"is not established until {shown(org.established)}: give it to an organisation "
                "that exists by then",
                m.id,
            )


def _organisation_of(c: Checker, owner: str) -> Organisation | None:
    """The organisation an owner is, or belongs to as a role; None when unknown."""
    org = c.organisations.get(owner)
    if org is None and (role := c.roles.get(owner)) is not None:
        org = c.organisations.get(role.organisation)
    return org


def organisations(c: Checker) -> None:
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
                f"organisation '{o.id}' is abolished on {shown(o.abolished)}, before it is "
                f"established on {shown(o.established)}: correct one of the dates",
            )
        if o.parent is not None and o.parent not in c.organisations:
            c.report(
                "unknown-parent",
                o,
                ("parent",),
                f"organisation '{o.id}' has parent '{o.parent}', which is not an organisation"
                f"{did_you_mean(o.parent, names, exclude=o.id)}: fix the parent or "
                "add that organisation",
            )
    for o, loop in _parent_cycles(c):
        path = ", whose parent is ".join(f"'{i}'" for i in [*loop[1:], loop[0]])
        c.report(
            "organisation-cycle",
            o,
            ("parent",),
            f"organisation '{o.id}' is its own ancestor: its parent is {path}: "
            "correct one of the parents",
        )
    for r in c.plan.roles:
        if r.organisation not in c.organisations and not c.plan.unsure(r, "organisation"):
            c.report(
                "unknown-role-organisation",
                r,
                ("organisation",),
                f"role '{r.id}' belongs to '{r.organisation}', which is not an organisation"
                f"{did_you_mean(r.organisation, names)}: fix it or add that organisation",
            )


def _parent_cycles(c: Checker) -> list[tuple[Organisation, list[str]]]:
    """Each cycle of parents once, as (its organisation first in plan order, the ids from it).

    Linear: every organisation is walked up from once (each has one parent at most), so a
    chain of thousands costs no more than its length.
    """
    first = {
        o.id: index
        for index, o in enumerate(c.plan.organisations)
        if c.organisations.get(o.id) is o
    }
    done: set[str] = set()
    cycles: list[tuple[int, list[str]]] = []
    for o in c.plan.organisations:
        if o.id in done or o.id not in first:
            continue
        walk: dict[str, int] = {}  # id -> position in this walk
        current: Organisation | None = o
        while current is not None and current.id not in done and current.id not in walk:
            walk[current.id] = len(walk)
            parent = current.parent
            current = c.organisations.get(parent) if parent is not None else None
        if current is not None and current.id in walk:  # this walk closed a loop
            ids = list(walk)
            loop = ids[walk[current.id] :]
            start = min(range(len(loop)), key=lambda i: first.get(loop[i], len(first)))
            loop = loop[start:] + loop[:start]
            cycles.append((first[loop[0]], loop))
        done.update(walk)
    cycles.sort(key=lambda item: item[0])
    return [(c.plan.organisations[index], loop) for index, loop in cycles]


def posts(c: Checker) -> None:
    """`holder` or `holders`, not both; holders one after another, oldest first."""
    for r in c.plan.roles:
        if r.holders is None:
            continue
        if r.holder is not None:
            c.report(
                "holder-and-holders",
                r,
                ("holders",),
                f"role '{r.id}' gives both holder ('{r.holder}') and holders: keep one; "
                "'holders' with dates says who held the post when",
            )
        previous = None
        for i, h in enumerate(r.holders):
            if h.from_ is not None and h.to is not None and h.to.day < h.from_.day:
                c.report(
                    "holders-out-of-order",
                    r,
                    ("holders", i, "to"),
                    f"holder {i + 1} of role '{r.id}' ({h.name}) leaves on {shown(h.to)}, before "
                    f"arriving on {shown(h.from_)}: correct one of the dates",
                )
            elif previous is not None:
                if previous.to is None or h.from_ is None:
                    open_end = (
                        f"{previous.name} has no 'to'"
                        if previous.to is None
                        else f"{h.name} has no 'from'"
                    )
                    c.report(
                        "holders-out-of-order",
                        r,
                        ("holders", i),
                        f"holders {i} and {i + 1} of role '{r.id}' overlap ({open_end}): give "
                        "each holder's dates, oldest first, one after another",
                    )
                elif h.from_.day <= previous.to.day:
                    c.report(
                        "holders-out-of-order",
                        r,
                        ("holders", i, "from"),
                        f"holder {i + 1} of role '{r.id}' ({h.name}) arrives on {shown(h.from_)}, "
                        f"before {previous.name} leaves on {shown(previous.to)}: holders are "
                        "listed oldest first, one after another; correct the dates or the order",
                    )
            previous = h


def vacant_posts(c: Checker) -> None:
    """A critical milestone (as the plan stands on its status date) whose post is vacant on its
    deadline: no one to answer for it on the day it matters."""
    vacant = []
    for m in c.plan.milestones:
        role = c.roles.get(m.owner)
        if role is None or role.holders is None or m.due is None or m.actual is not None:
            continue
        if role.vacant_on(m.due.day):
            vacant.append((m, role))
    if not vacant or c.has_cycle:
        return
    from ..schedule import CycleError, compute_schedule

    plan = c.plan
    status = plan.programme.status_date
    try:
        rows = compute_schedule(
            plan, status.day if status is not None else plan.programme.start.day
        ).rows
    except (CycleError, TransitionError):
        return  # reported by the rules of what stopped the schedule
    for m, role in vacant:
        row = rows.get(m.id)
        if row is None or not row.critical:
            continue
        assert m.due is not None
        c.report(
            "post-vacant",
            m,
            ("owner",),
            f"'{m.id}' is critical and due {shown(m.due)}, but its owner '{role.id}' "
            f"({role.title}) has no holder that day: name who answers for it (an interim "
            "holder counts), or give it to another owner",
            m.id,
        )
