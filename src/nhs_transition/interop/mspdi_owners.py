"""Resources as owners: a resource with a Group is a post in the organisation the group names,
one without is an organisation; a task's owner is its first resource (`unassigned` without one).

Owner ids come from a resource's Code when it is a valid id (files we exported write the owner
id there), else from its name; a post whose id an organisation also has gets `-post` added.
"""

from __future__ import annotations

import re

from .mspdi_xml import Project, Task
from .plan_text import organisations_text, slug

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def owners_of(
    project: Project, leaves: list[Task]
) -> tuple[dict[int, str], str, list[tuple[Task, str]]]:
    """Task UID -> owner id; organisations.yaml (resources as posts and organisations); and,
    for tasks with more than one resource, what was not kept."""
    shared: list[tuple[Task, str]] = []
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for uid, resource in project.resources.items():
        code = resource.code
        wanted = code if _SLUG.match(code) else slug(resource.name, f"resource-{uid}")
        candidate, n = wanted, 2
        while candidate in taken:
            candidate, n = f"{wanted}-{n}", n + 1
        taken.add(candidate)
        ids[uid] = candidate
    assigned: dict[int, list[int]] = {}
    for task_uid, resource_uid in project.assignments:
        if resource_uid in ids:
            assigned.setdefault(task_uid, []).append(resource_uid)
    owners: dict[int, str] = {}
    used: dict[int, str] = {}
    for task in leaves:
        resource_uids = assigned.get(task.uid, [])
        if not resource_uids:
            continue
        owners[task.uid] = ids[resource_uids[0]]
        used[resource_uids[0]] = ids[resource_uids[0]]
        if len(resource_uids) > 1:
            others = ", ".join(project.resources[r].name for r in resource_uids[1:])
            shared.append((task, f"resources besides the owner not kept: {others}"))
    organisations: dict[str, str] = {}
    roles: dict[str, tuple[str, str]] = {}  # id -> (title, organisation)
    for uid, owner in used.items():
        resource = project.resources[uid]
        if resource.group:
            roles[owner] = (resource.name or owner, slug(resource.group, "group"))
        else:
            organisations[owner] = resource.name or owner
    for _, organisation in roles.values():
        organisations.setdefault(organisation, organisation)
    if len(owners) < len(leaves):
        organisations.setdefault("unassigned", "Unassigned (no resource in the imported file)")
    # An owner id names either a post or an organisation: a post that shares one is renamed.
    renamed: dict[str, str] = {}
    for rid in [r for r in roles if r in organisations]:
        new, n = f"{rid}-post", 2
        while new in organisations or new in roles or new in taken:
            new, n = f"{rid}-post-{n}", n + 1
        roles[new] = roles.pop(rid)
        renamed[rid] = new
    owners = {uid: renamed.get(owner, owner) for uid, owner in owners.items()}
    heading = "Imported by `transition import mspdi`: the resources that own tasks."
    return owners, organisations_text(organisations, roles, heading), shared
