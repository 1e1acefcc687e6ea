"""`transition owners` and `transition workstreams`: what a plan is made of, with how many open
milestones each owner or workstream holds, by rating.

Owners are the organisation tree (posts under their organisation, before its child
organisations), each with the open milestones it owns directly and, for an organisation, the
total of everything below it. Workstreams come in the order the plan first names them. Plan
text goes through `terminal.safe_text` (shown literally); JSON carries it as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..model import Plan, Role
from ..slippage import RATINGS, Evaluation, MilestoneStatus
from .status import NO_WORKSTREAM, short_day

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


@dataclass
class Counts:
    """Open milestones by rating, and how many are done (and cancelled: neither open nor done)."""

    open: dict[str, int] = field(default_factory=dict)
    done: int = 0
    cancelled: int = 0

    def add(self, s: MilestoneStatus) -> None:
        if s.done:
            self.done += 1
        elif s.rating == "cancelled":
            self.cancelled += 1
        else:
            self.open[s.rating] = self.open.get(s.rating, 0) + 1

    def merge(self, other: Counts) -> None:
        for rating, n in other.open.items():
            self.open[rating] = self.open.get(rating, 0) + n
        self.done += other.done
        self.cancelled += other.cancelled

    @property
    def open_total(self) -> int:
        return sum(self.open.values())

    def text(self) -> str:
        """'3 open: 2 red, 1 green; 4 done', or 'none open'."""
        parts = [f"{self.open[r]} {r}" for r in RATINGS if self.open.get(r)]
        head = f"{self.open_total} open: {', '.join(parts)}" if parts else "none open"
        head += f"; {self.done} done" if self.done else ""
        return head + (f"; {self.cancelled} cancelled" if self.cancelled else "")

    def json(self) -> dict[str, Any]:
        return {
            "open": {r: self.open.get(r, 0) for r in RATINGS if r not in ("done", "cancelled")},
            "open_total": self.open_total,
            "done": self.done,
            "cancelled": self.cancelled,
        }


def _by_owner(milestones: Iterable[MilestoneStatus]) -> dict[str, Counts]:
    counts: dict[str, Counts] = {}
    for s in milestones:
        counts.setdefault(s.owner, Counts()).add(s)
    return counts


VACANT = "vacant"  # a post's detail when its `holders` name no one on the as-of date


@dataclass(frozen=True, slots=True)
class _Node:
    kind: str  # "organisation" or "post"
    id: str
    label: str
    detail: str  # a post's holder, an organisation's dates
    own: Counts
    total: Counts
    children: tuple[_Node, ...]


def _tree(plan: Plan, evaluation: Evaluation) -> list[_Node]:
    """The organisation tree: roots first in plan order (an unknown parent makes a root)."""
    own = _by_owner(evaluation.milestones)
    ids = {o.id for o in plan.organisations}
    kids: dict[str | None, list[str]] = {}
    for o in plan.organisations:
        parent = o.parent if o.parent in ids and o.parent != o.id else None
        kids.setdefault(parent, []).append(o.id)
    posts: dict[str, list[Any]] = {}
    for r in plan.roles:
        posts.setdefault(r.organisation, []).append(r)
    orgs = {o.id: o for o in plan.organisations}
    seen: set[str] = set()

    def holder(role: Role) -> str:
        """Who holds the post on the as-of date; VACANT when its `holders` name no one then."""
        if role.vacant_on(evaluation.as_of):
            return VACANT
        return role.holder_on(evaluation.as_of) or ""

    def build(oid: str) -> _Node:
        seen.add(oid)
        o = orgs[oid]
        children: list[_Node] = []
        for r in posts.get(oid, []):
            counts = own.get(r.id, Counts())
            children.append(_Node("post", r.id, r.title, holder(r), counts, counts, ()))
        children += [build(k) for k in kids.get(oid, []) if k not in seen]
        total = Counts()
        total.merge(own.get(oid, Counts()))
        for child in children:
            total.merge(child.total)
        dates = []
        if o.established is not None:
            dates.append(f"established {short_day(o.established.day)}")
        if o.abolished is not None:
            dates.append(f"abolished {short_day(o.abolished.day)}")
        return _Node(
            "organisation", oid, o.name, ", ".join(dates), own.get(oid, Counts()), total,
            tuple(children),
        )  # fmt: skip

    roots = [build(oid) for oid in kids.get(None, [])]
    roots += [build(o.id) for o in plan.organisations if o.id not in seen]  # in a cycle
    orphans = [r for r in plan.roles if r.organisation not in ids]
    for r in orphans:
        counts = own.get(r.id, Counts())
        roots.append(_Node("post", r.id, r.title, holder(r), counts, counts, ()))
    return roots


def owners_table(plan: Plan, evaluation: Evaluation, width: int) -> RenderableType:
    """The organisation tree, each line an id, its name (a post's holder), and its counts."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import safe_text

    heading = Text()
    heading.append(f"Owners as of {short_day(evaluation.as_of)}", "bold")
    heading.append(
        ": the organisation tree with its posts; open milestones each owns directly "
        "(an organisation's total counts everything below it)"
    )
    lines: list[Text] = [heading, Text()]

    def walk(node: _Node, prefix: str, last: bool, depth: int) -> None:
        # One line for the id (first, so it stays whole) and the name, one for the counts;
        # a line too long for the terminal is cut with an ellipsis, never wrapped into the tree.
        line = Text(prefix + ("" if depth == 0 else "└── " if last else "├── "))
        line.append_text(safe_text(node.id, "bold"))
        line.append("  ")
        line.append_text(safe_text(node.label))
        if node.detail:
            line.append_text(safe_text(f" ({node.detail})", "dim"))
        lines.append(line)
        inner = prefix + ("" if depth == 0 else "    " if last else "│   ")
        under = inner + ("│   " if node.children else "    ")
        counts = Text(
            under + "owns " + node.own.text(), "italic", no_wrap=True, overflow="ellipsis"
        )
        lines.append(counts)
        if node.kind == "organisation" and node.children:
            below = Text(under + "with all below it: " + node.total.text(), "dim")
            below.no_wrap, below.overflow = True, "ellipsis"
            lines.append(below)
        for k, child in enumerate(node.children):
            walk(child, inner, k == len(node.children) - 1, depth + 1)

    for root in _tree(plan, evaluation):
        walk(root, "", True, 0)
    for line in lines[2:]:
        line.truncate(width, overflow="ellipsis")
    return Group(*lines)


def owners_json(plan: Plan, evaluation: Evaluation) -> str:
    """Every organisation and post: id, kind, name or title, parent, and its counts."""
    out: list[dict[str, Any]] = []

    def walk(node: _Node, parent: str | None) -> None:
        item: dict[str, Any] = {
            "id": node.id,
            "kind": node.kind,
            "name": node.label,
            "parent": parent,
            "owns": node.own.json(),
        }
        if node.kind == "post":
            item["holder"] = node.detail if node.detail not in ("", VACANT) else None
            item["vacant"] = node.detail == VACANT
        else:
            item["below"] = node.total.json()
        out.append(item)
        for child in node.children:
            walk(child, node.id)

    for root in _tree(plan, evaluation):
        walk(root, None)
    data = {"as_of": evaluation.as_of.isoformat(), "owners": out}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True, slots=True)
class WorkstreamRow:
    """One workstream: its milestones' counts and the next open deadline."""

    name: str | None
    total: int
    counts: Counts
    next_due: tuple[date, str] | None  # (day, milestone id) of the next open deadline


def workstream_rows(milestones: Sequence[MilestoneStatus], as_of: date) -> list[WorkstreamRow]:
    """Workstreams in the order the plan first names them, none last.

    The next deadline is the soonest of its open milestones' deadlines on or after `as_of` (the
    first in plan order on a tie), as `status --by` counts it: a passed one is not "next".
    """
    order: dict[str | None, list[MilestoneStatus]] = {}
    for s in milestones:
        order.setdefault(s.workstream, []).append(s)
    names = [w for w in order if w is not None] + ([None] if None in order else [])
    rows = []
    for name in names:
        members = order[name]
        counts = Counts()
        for s in members:
            counts.add(s)
        upcoming = [s for s in members if s.is_open and s.due is not None and s.due.day >= as_of]
        first = min(upcoming, key=lambda s: s.due.day if s.due is not None else as_of, default=None)
        next_due = (
            (first.due.day, first.id) if first is not None and first.due is not None else None
        )
        rows.append(WorkstreamRow(name, len(members), counts, next_due))
    return rows


def workstreams_table(evaluation: Evaluation, width: int) -> RenderableType:
    """Workstream, milestones, done, open by rating, the next open deadline."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .terminal import safe_text, whole_id

    rows = workstream_rows(evaluation.milestones, evaluation.as_of)
    heading = Text(f"Workstreams as of {short_day(evaluation.as_of)}", "bold")
    if not rows:
        return Group(heading, Text(), Text("No milestones."))
    table = Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
        header_style="bold",
    )  # fmt: skip
    longest = max(len("Workstream"), *(len(r.name or NO_WORKSTREAM) for r in rows))
    table.add_column("Workstream", no_wrap=True, width=longest)
    table.add_column("Milestones", justify="right", no_wrap=True, width=10)
    table.add_column("Done", justify="right", no_wrap=True, width=4)
    rest = max(20, width - longest - 10 - 4 - 3 * 2)
    table.add_column("Open by rating / next deadline", width=rest, overflow="fold")
    for r in rows:
        cell = Text(r.counts.text().split("; ")[0])
        if r.next_due is not None:
            cell.append(f"\nnext due {short_day(r.next_due[0])}: ", "dim")
            cell.append_text(whole_id(r.next_due[1], rest))
        name = safe_text(r.name) if r.name is not None else Text(NO_WORKSTREAM, "italic")
        table.add_row(name, str(r.total), str(r.counts.done), cell)
    return Group(heading, Text(), table)


def workstreams_json(evaluation: Evaluation) -> str:
    """Every workstream: its name (null for none), counts and next open deadline."""
    out = []
    for r in workstream_rows(evaluation.milestones, evaluation.as_of):
        out.append(
            {
                "workstream": r.name,
                "milestones": r.total,
                **r.counts.json(),
                "next_due": None
                if r.next_due is None
                else {"date": r.next_due[0].isoformat(), "id": r.next_due[1]},
            }
        )
    data = {"as_of": evaluation.as_of.isoformat(), "workstreams": out}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
