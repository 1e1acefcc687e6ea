"""Milestones rolled up by organisation, type, region, workstream or owner (pure).

`transition status --by KIND`: one group per organisation (as a tree), organisation type,
region, workstream or owner, each with its count of milestones per rating, its total, its worst
slip, its next deadline and a rating of its own.

Rules:
- Where a milestone counts. Its owner is a post or an organisation; a post counts under the
  organisation it belongs to. `organisation`: that organisation, and every organisation above
  it in the tree (each level sums its subtree). `type`: that organisation's type. `region`:
  that organisation's region, else the nearest region up the tree. `workstream`: its
  workstream. `owner`: its owner as written (the post, or the organisation). An owner that is
  not in the plan (`check` rejects such plans) makes a group of its own. A cascaded milestone
  counts through its children (one per organisation, each owned by it), not again itself.
- The group's rating is the worst rating among its milestones in the order red > amber >
  unknown > green > undated > done > cancelled (`slippage.RATINGS`): the worst of the open
  milestones when there is one, else done when any is done, else cancelled. The count behind
  it is that rating's count ("red 3": three red milestones). An empty group has no rating.
- Worst slip: the largest `slip_days` among its open milestones (an achieved milestone is
  history, and a milestone without a deadline or an expected date on evidence has no slip);
  None when none has one.
- Next deadline: the earliest deadline in force on or after the as-of date among its open
  milestones; None when there is none.
- Order: the organisation tree in the order organisations are written, children after their
  parent, organisations without milestones in their subtree left out; the other groupings
  worst first (group rating, then the count behind it, largest first, then the key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .model import Organisation, Plan
from .slippage import OPEN_RATINGS, RATINGS, MilestoneStatus, Rating, owner_labels

GroupBy = Literal["organisation", "type", "region", "workstream", "owner"]
GROUP_BY: tuple[GroupBy, ...] = ("organisation", "type", "region", "workstream", "owner")
NO_VALUE = {
    "type": "(no type)",
    "region": "(no region)",
    "workstream": "(no workstream)",
}
_SEVERITY = {rating: i for i, rating in enumerate(RATINGS)}
_KeyOf = Callable[[MilestoneStatus], str]


@dataclass(frozen=True, slots=True)
class RollupGroup:
    """One group of milestones and what they add up to (with its subtree, for organisations)."""

    key: str  # the organisation, type, region, workstream or owner id ("" for none)
    name: str
    counts: dict[Rating, int]  # every rating, in RATINGS order
    total: int
    rating: Rating | None  # the group's rating (module docstring); None when empty
    worst_slip_days: int | None
    next_deadline: date | None
    children: tuple[RollupGroup, ...] = ()
    next_deadline_id: str | None = None  # the milestone due then (the first, in plan order)

    @property
    def rating_count(self) -> int:
        """How many milestones have the group's rating: the count behind it."""
        return self.counts[self.rating] if self.rating is not None else 0

    def walk(self, depth: int = 0) -> Iterable[tuple[int, RollupGroup]]:
        """This group and its subtree, depth first, with each group's depth."""
        stack = [(depth, self)]  # without recursion: a tree may be deep
        while stack:
            level, group = stack.pop()
            yield level, group
            stack += [(level + 1, child) for child in reversed(group.children)]


@dataclass(frozen=True, slots=True)
class Rollup:
    """The groups of one `--by`, as of a date."""

    by: GroupBy
    as_of: date
    groups: tuple[RollupGroup, ...]

    def walk(self) -> Iterable[tuple[int, RollupGroup]]:
        """Every group, depth first, with its depth (0 for the top level)."""
        for group in self.groups:
            yield from group.walk()


@dataclass(slots=True)
class _Tally:
    """Counts and extremes being added up for one group."""

    counts: dict[Rating, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    total: int = 0
    worst_slip: int | None = None
    next_deadline: date | None = None
    next_id: str | None = None

    def add(self, s: MilestoneStatus, as_of: date) -> None:
        self.counts[s.rating] += 1
        self.total += 1
        if s.rating not in OPEN_RATINGS:
            return
        if s.slip_days is not None and (self.worst_slip is None or s.slip_days > self.worst_slip):
            self.worst_slip = s.slip_days
        if s.due is not None:
            day = s.due.day
            if day >= as_of and (self.next_deadline is None or day < self.next_deadline):
                self.next_deadline, self.next_id = day, s.id

    def merge(self, other: _Tally) -> None:
        for rating, n in other.counts.items():
            self.counts[rating] += n
        self.total += other.total
        if other.worst_slip is not None and (
            self.worst_slip is None or other.worst_slip > self.worst_slip
        ):
            self.worst_slip = other.worst_slip
        if other.next_deadline is not None and (
            self.next_deadline is None or other.next_deadline < self.next_deadline
        ):
            self.next_deadline, self.next_id = other.next_deadline, other.next_id

    def group(self, key: str, name: str, children: tuple[RollupGroup, ...] = ()) -> RollupGroup:
        return RollupGroup(
            key=key,
            name=name,
            counts=dict(self.counts),
            total=self.total,
            rating=group_rating(self.counts),
            worst_slip_days=self.worst_slip,
            next_deadline=self.next_deadline,
            children=children,
            next_deadline_id=self.next_id,
        )


def group_rating(counts: dict[Rating, int]) -> Rating | None:
    """The worst rating with a count, in the order of `slippage.RATINGS`; None when all are 0."""
    for rating in RATINGS:
        if counts.get(rating):
            return rating
    return None


def organisation_of(plan: Plan) -> dict[str, str]:
    """Owner id -> the organisation it counts under: itself, or a post's organisation."""
    found = {o.id: o.id for o in plan.organisations}
    for role in plan.roles:
        found.setdefault(role.id, role.organisation)
    return found


def roll_up(plan: Plan, statuses: Iterable[MilestoneStatus], by: GroupBy, as_of: date) -> Rollup:
    """The milestones `statuses` grouped `by` one of GROUP_BY (module docstring for the rules)."""
    if plan.cascades:  # a cascaded milestone counts through its children, not again itself
        statuses = [s for s in statuses if s.id not in plan.cascades]
    if by == "organisation":
        return Rollup(by, as_of, _tree(plan, statuses, as_of))
    tallies: dict[str, _Tally] = {}
    names: dict[str, str] = {}
    key_of = _flat_key(plan, by)
    labels = owner_labels(plan, as_of) if by == "owner" else {}
    for s in statuses:
        key = key_of(s)
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = _Tally()
            if by == "owner":
                names[key] = labels.get(key, key)
            else:
                names[key] = key or NO_VALUE[by]
        tally.add(s, as_of)
    groups = [t.group(key, names[key]) for key, t in tallies.items()]
    groups.sort(key=_worst_first)
    return Rollup(by, as_of, tuple(groups))


def _worst_first(g: RollupGroup) -> tuple[int, int, str]:
    severity = _SEVERITY[g.rating] if g.rating is not None else len(RATINGS)
    return (severity, -g.rating_count, g.key)


def _flat_key(plan: Plan, by: GroupBy) -> _KeyOf:
    if by == "workstream":
        return lambda s: s.workstream or ""
    if by == "owner":
        return lambda s: s.owner
    organisation = organisation_of(plan)
    orgs = {o.id: o for o in plan.organisations}
    if by == "type":
        kinds = {o.id: o.type or "" for o in plan.organisations}
        return lambda s: kinds.get(organisation.get(s.owner, ""), "")
    regions: dict[str, str] = {}
    for org in plan.organisations:
        # the nearest region up the tree (guarded against a cycle, which `check` rejects)
        current: Organisation | None = org
        seen: set[str] = set()
        while current is not None and not current.region and current.id not in seen:
            seen.add(current.id)
            current = orgs.get(current.parent) if current.parent else None
        regions[org.id] = current.region if current is not None and current.region else ""
    return lambda s: regions.get(organisation.get(s.owner, ""), "")


def _tree(plan: Plan, statuses: Iterable[MilestoneStatus], as_of: date) -> tuple[RollupGroup, ...]:
    organisation = organisation_of(plan)
    own: dict[str, _Tally] = {}
    for s in statuses:
        key = organisation.get(s.owner, s.owner)
        tally = own.get(key)
        if tally is None:
            tally = own[key] = _Tally()
        tally.add(s, as_of)
    names: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    for org in plan.organisations:
        if org.id not in names:  # a duplicate id (`check` rejects it): the first one counts
            names[org.id] = org.name
            parents[org.id] = org.parent
    children: dict[str, list[str]] = {oid: [] for oid in names}
    roots: list[str] = []
    for oid, parent in parents.items():
        if parent is not None and parent in children and parent != oid:
            children[parent].append(oid)
        else:
            roots.append(oid)
    # A cycle in `parent` (`check` rejects it) leaves its members out of every root's subtree:
    # they are then taken as roots themselves, so every milestone still counts once.
    placed: set[str] = set()
    out: list[RollupGroup] = []
    for top in [*roots, *names]:
        if top in placed:
            continue
        group = _subtree(top, children, own, names, placed)
        if group is not None:
            out.append(group)
    for key, tally in own.items():  # owners that are not in the plan
        if key not in names:
            out.append(tally.group(key, key))
    return tuple(out)


def _subtree(
    top: str,
    children: dict[str, list[str]],
    own: dict[str, _Tally],
    names: dict[str, str],
    placed: set[str],
) -> RollupGroup | None:
    """The group of `top` summing its subtree, built without recursion (trees may be deep)."""
    tallies: dict[str, _Tally] = {}
    built: dict[str, RollupGroup | None] = {}
    placed.add(top)
    stack: list[tuple[str, bool]] = [(top, False)]
    while stack:
        oid, expanded = stack.pop()
        if not expanded:
            stack.append((oid, True))
            for child in reversed(children.get(oid, ())):
                if child not in placed:
                    placed.add(child)
                    stack.append((child, False))
            continue
        tally = _Tally()
        mine = own.get(oid)
        if mine is not None:
            tally.merge(mine)
        kids: list[RollupGroup] = []
        for child in children.get(oid, ()):
            group = built.pop(child, None)
            if group is not None:
                tally.merge(tallies.pop(child))
                kids.append(group)
        tallies[oid] = tally
        built[oid] = tally.group(oid, names[oid], tuple(kids)) if tally.total else None
    return built[top]
