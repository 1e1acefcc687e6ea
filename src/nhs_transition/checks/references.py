"""Ids that must be unique or must exist.

Duplicate ids, unknown owners, and the dependency links: unknown, self, repeated, cycles.
"""

from __future__ import annotations

from ..errors import did_you_mean
from ..model import Milestone, Organisation, PlanModel, Role
from .checker import Checker


def duplicate_ids(c: Checker) -> None:
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


def unknown_owners(c: Checker) -> None:
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


def dependencies(c: Checker) -> None:
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


def _dependency_problems(c: Checker, m: Milestone) -> None:
    # Each link is looked at once however often it is repeated: a repeat is one warning, at the
    # second occurrence, that counts them (a list of a million copies is not a million warnings).
    repeats: dict[tuple[str, str], list[int]] = {}  # (id, type) -> [index of the 2nd, count]
    for j, dep in enumerate(m.depends_on):
        key = (dep.id, dep.type)
        repeated = repeats.get(key)
        if repeated is not None:
            if repeated[1] == 1:
                repeated[0] = j
            repeated[1] += 1
            continue
        repeats[key] = [j, 1]
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
    for (dep_id, dep_type), (second, count) in repeats.items():
        if count > 1:
            times = "twice" if count == 2 else f"{count:,} times"
            c.report(
                "duplicate-dependency",
                m,
                ("depends_on", second, "id"),
                f"'{m.id}' lists the dependency on '{dep_id}' ({dep_type}) {times}: "
                "keep one and remove the repeats",
                m.id,
            )


def _dependency_cycles(c: Checker, ids: list[str], preds: dict[str, list[str]]) -> None:
    from ..schedule import find_cycles

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
