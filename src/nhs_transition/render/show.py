"""`show ID`: one milestone's fields (as written and resolved), schedule, rating, what it waits
on and what waits on it (recursively, as trees), and its history; for the terminal and as JSON.

A network can share ancestors many times over, so each tree shows a milestone once: later
appearances say "(shown above)" and are not expanded; a tree stops after MAX_NODES nodes or
MAX_DEPTH levels and says how many milestones it left out. JSON carries the same trees, with
the same rules. Plan text goes through `terminal.safe_text`: shown literally, never as markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..dates import DateExpr
from ..errors import json_safe
from ..model import HistoryEntry, Milestone, Plan
from ..record import entry_kind
from ..slippage import Evaluation, MilestoneStatus
from .critical_path import SET_BY, amount, link_text
from .status import NO_VALUE, short_day
from .terminal import RATING_STYLES, safe_text

MAX_NODES = 200
MAX_DEPTH = 12


@dataclass(slots=True)
class Node:
    """A milestone in an upstream or downstream tree, with the link that reached it."""

    id: str
    link: str  # "FS", "SS +3d", ...; "" for the root
    drives: bool  # the link sets the date of the milestone that waits
    repeated: bool = False  # shown earlier in the tree: not expanded again
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Trees:
    """What a milestone waits on and what waits on it, and how many milestones were left out."""

    upstream: Node
    downstream: Node
    upstream_cut: int
    downstream_cut: int


def build_trees(evaluation: Evaluation, mid: str) -> Trees:
    """Both trees of `mid`, each milestone expanded once, within MAX_NODES and MAX_DEPTH."""
    up, up_cut = _tree(evaluation, mid, successors=False)
    down, down_cut = _tree(evaluation, mid, successors=True)
    return Trees(up, down, up_cut, down_cut)


def _tree(evaluation: Evaluation, mid: str, *, successors: bool) -> tuple[Node, int]:
    """The tree from `mid`, and how many milestones it reaches that are not shown."""
    schedule = evaluation.schedule
    rows = schedule.rows
    root = Node(mid, "", False)
    seen = {mid}
    count = 1

    def links(node: Node, depth: int) -> list[tuple[Node, int, str, str]]:
        found = schedule.links(node.id, successors=successors)
        return [(node, depth, other, link_text(t, lag)) for other, t, lag in reversed(found)]

    # Depth first in display order, without recursion (chains can be thousands long), so the
    # first appearance of a milestone is the one expanded.
    stack = links(root, 1)
    while stack:
        parent, depth, other, link = stack.pop()
        if count >= MAX_NODES or depth > MAX_DEPTH:
            continue
        waiting = rows[other if successors else parent.id]
        drives = (
            waiting.driver == (parent.id if successors else other)
            and waiting.constraint == "dependency"
            and waiting.driving_slack == 0
        )
        child = Node(other, link, drives, repeated=other in seen)
        parent.children.append(child)
        count += 1
        if not child.repeated:
            seen.add(other)
            stack.extend(links(child, depth + 1))
    return root, _reach(evaluation, mid, successors=successors) - (len(seen) - 1)


def _reach(evaluation: Evaluation, mid: str, *, successors: bool) -> int:
    """How many milestones `mid` reaches upstream (or downstream), itself excluded."""
    found = {mid}
    stack = [mid]
    schedule = evaluation.schedule
    while stack:
        for other, _, _ in schedule.links(stack.pop(), successors=successors):
            if other not in found:
                found.add(other)
                stack.append(other)
    return len(found) - 1


# --- JSON ----------------------------------------------------------------------------------


def _date_json(expr: DateExpr | None) -> dict[str, str] | None:
    return None if expr is None else {"text": expr.text, "date": expr.day.isoformat()}


def _node_json(node: Node, evaluation: Evaluation, key: str) -> dict[str, Any]:
    row = evaluation.schedule.rows[node.id]
    out: dict[str, Any] = {
        "id": node.id,
        "link": node.link,
        "drives": node.drives,
        "early_start": row.early_start.isoformat(),
        "early_finish": row.early_finish.isoformat(),
    }
    if node.repeated:
        out["repeated"] = True
    else:
        out[key] = [_node_json(child, evaluation, key) for child in node.children]
    return out


def show_json(plan: Plan, evaluation: Evaluation, mid: str) -> str:
    """`show ID --format json`."""
    m = _milestone(plan, mid)
    status = evaluation.by_id()[mid]
    row = evaluation.schedule.rows[mid]
    trees = build_trees(evaluation, mid)
    in_force = _in_force(m, evaluation.as_of)
    data: dict[str, Any] = {
        "id": m.id,
        "title": m.title,
        "owner": m.owner,
        "owner_label": status.owner_label,
        "workstream": m.workstream,
        "due": _date_json(m.due),
        "forecast": _date_json(m.forecast),
        "forecast_in_force": _date_json(status.forecast),
        "actual": _date_json(m.actual),
        "duration": m.duration.text,
        "not_before": _date_json(m.not_before),
        "declared_status": m.status,
        "source": m.source,
        "as_of": evaluation.as_of.isoformat(),
        "rating": status.rating,
        "reasons": list(status.reasons),
        "disagreement": status.disagreement,
        "slip_days": status.slip_days,
        "expected": status.expected.isoformat() if status.expected is not None else None,
        "due_in_force": _date_json(status.due),
        "original_slip_days": status.original_slip_days,
        "stale": status.stale,
        "last_report": status.last_report.isoformat() if status.last_report else None,
        "silent_since": status.silent_since.isoformat() if status.silent_since else None,
        "notes": m.notes,
        "schedule": {
            "early_start": row.early_start.isoformat(),
            "early_finish": row.early_finish.isoformat(),
            "late_start": row.late_start.isoformat(),
            "late_finish": row.late_finish.isoformat(),
            "total_float_days": row.total_float,
            "free_float_days": row.free_float,
            "critical": row.critical,
            "driver": row.driver,
            "driver_link": link_text(row.driver_type, row.driver_lag) or None,
            "set_by": row.constraint,
        },
        "depends_on": [_node_json(c, evaluation, "depends_on") for c in trees.upstream.children],
        "depends_on_not_shown": trees.upstream_cut,
        "needed_by": [_node_json(c, evaluation, "needed_by") for c in trees.downstream.children],
        "needed_by_not_shown": trees.downstream_cut,
        "children": _children_json(plan, evaluation, mid),
        "history": [
            {
                "date": _date_json(h.date),
                "kind": entry_kind(h),
                "forecast": _date_json(h.forecast),
                "due": _date_json(h.due),
                "status": h.status,
                "actual": _date_json(h.actual),
                "reason": h.reason,
                "in_force": k == in_force,
            }
            for k, h in enumerate(m.history)
        ],
    }
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _milestone(plan: Plan, mid: str) -> Milestone:
    return next(m for m in plan.milestones if m.id == mid)


def _in_force(m: Milestone, as_of: date) -> int | None:
    """Index of the re-forecast in force on `as_of` (the later of equal dates), if any."""
    found = None
    latest = date.min
    for k, h in enumerate(m.history):
        if h.forecast is not None and latest <= h.date.day <= as_of:
            found, latest = k, h.date.day
    return found


# --- Terminal ------------------------------------------------------------------------------


def _written(expr: DateExpr | None) -> Text:
    """'autumn 2010 (30 Nov 2010)', '10 Sep 2010', or the dash for none."""
    if expr is None:
        return Text(NO_VALUE, "dim")
    resolved = short_day(expr.day)
    if expr.kind == "day":
        return Text(resolved)
    text = safe_text(expr.text)
    text.append(f" ({resolved})")
    return text


def _grid() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    return table


def _fields(m: Milestone, status: MilestoneStatus, as_of: date) -> Table:
    table = _grid()
    owner = safe_text(m.owner)
    if status.owner_label and status.owner_label != m.owner:
        owner.append_text(safe_text(f" ({status.owner_label})", "dim"))
    table.add_row("Owner", owner)
    table.add_row("Workstream", safe_text(m.workstream or NO_VALUE))
    due = _written(status.due)
    if status.rebaselined:
        due.append("  (re-baselined; originally ", "dim")
        due.append_text(_written(m.due))
        due.append(")", "dim")
    table.add_row("Due", due)
    forecast = _written(m.forecast)
    if status.forecast != m.forecast:
        forecast = _written(status.forecast)
        forecast.append(f"  (in force on {short_day(as_of)}; latest: ", "dim")
        forecast.append_text(_written(m.forecast))
        forecast.append(")", "dim")
    table.add_row("Forecast", forecast)
    actual = _written(m.actual)
    if m.actual is not None and status.actual is None:
        actual.append(f"  (after {short_day(as_of)}: not done then)", "dim")
    table.add_row("Actual", actual)
    table.add_row("Duration", safe_text(m.duration.text))
    if m.not_before is not None:
        table.add_row("Not before", _written(m.not_before))
    if m.status is not None:
        table.add_row("Declared", safe_text(m.status))
    if m.source:
        table.add_row("Source", safe_text(m.source))
    if status.last_report is not None or status.stale:
        last = Text(short_day(status.last_report) if status.last_report else "none")
        if status.stale:
            last.append("  (stale)", "yellow")
        table.add_row("Last report", last)
    if m.notes:
        table.add_row("Notes", safe_text(m.notes))
    return table


def _schedule(evaluation: Evaluation, mid: str) -> Table:
    schedule = evaluation.schedule
    row = schedule.rows[mid]
    table = _grid()
    table.add_row(
        "Early", f"start {short_day(row.early_start)}, finish {short_day(row.early_finish)}"
    )
    table.add_row("Late", f"start {short_day(row.late_start)}, finish {short_day(row.late_finish)}")
    floats = Text(
        f"total {amount(row.total_float, schedule)}, free {amount(row.free_float, schedule)}"
    )
    if row.critical:
        floats.append("  critical", "bold red")
    table.add_row("Float", floats)
    set_by = Text()
    if row.driver is not None and row.constraint == "dependency":
        set_by.append("dependency on ")
        set_by.append_text(safe_text(row.driver, "bold"))
        set_by.append(f" {link_text(row.driver_type, row.driver_lag)}")
    else:
        set_by.append(SET_BY[row.constraint])
        if row.driver is not None:
            set_by.append("; nearest dependency ")
            set_by.append_text(safe_text(row.driver, "bold"))
            set_by.append(
                f" {link_text(row.driver_type, row.driver_lag)}, slack {row.driving_slack}"
            )
    table.add_row("Date set by", set_by)
    return table


def _label(node: Node, evaluation: Evaluation, titles: dict[str, str]) -> Text:
    row = evaluation.schedule.rows[node.id]
    label = Text()
    if node.link:
        label.append(f"[{node.link}] ", "bold" if node.drives else "dim")
    label.append_text(safe_text(node.id, "bold red" if row.critical else "bold"))
    title = titles.get(node.id)
    if title:
        label.append("  ")
        label.append_text(safe_text(title))
    span = short_day(row.early_finish)
    if row.early_start != row.early_finish:
        span = f"{short_day(row.early_start)} to {span}"
    label.append(f"  {span}", "dim")
    if node.drives:
        label.append("  drives", "italic")
    if node.repeated:
        label.append("  (shown above)", "dim")
    return label


def _rich_tree(
    root: Node, heading: str, evaluation: Evaluation, titles: dict[str, str], cut: int
) -> RenderableType:
    tree = Tree(Text(heading, "bold"), guide_style="dim")
    if not root.children:
        tree.add(Text("nothing", "dim"))
        return tree
    stack = [(tree, child) for child in reversed(root.children)]
    while stack:
        parent, node = stack.pop()
        branch = parent.add(_label(node, evaluation, titles))
        stack.extend((branch, child) for child in reversed(node.children))
    if cut:
        noun = "milestone" if cut == 1 else "milestones"
        tree.add(Text(f"... and {cut} more {noun} further on, not shown", "dim"))
    return tree


def _report(h: HistoryEntry) -> Text:
    """What one history entry records: 're-forecast 31 Aug 2011', 'confirmed', ..."""
    kind = entry_kind(h)
    if kind == "re-forecast" and h.forecast is not None:
        return Text("re-forecast ").append_text(_written(h.forecast))
    if kind == "re-baseline" and h.due is not None:
        text = Text("re-baselined to ").append_text(_written(h.due))
        if h.forecast is not None:
            text.append("; forecast ").append_text(_written(h.forecast))
        return text
    if kind == "actual" and h.actual is not None:
        return Text("achieved ").append_text(_written(h.actual))
    return Text("cancelled" if kind == "cancelled" else "confirmed (no new date)")


def _history(m: Milestone, as_of: date) -> RenderableType:
    if not m.history:
        return Text("History: nothing reported.", "dim")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Report", no_wrap=True)
    table.add_column("Reason", overflow="fold")
    table.add_column("", no_wrap=True)
    in_force = _in_force(m, as_of)
    for k, h in enumerate(m.history):
        note = ""
        if k == in_force:
            note = "in force"
        elif h.date.day > as_of:
            note = "after the as-of date"
        table.add_row(_written(h.date), _report(h), safe_text(h.reason or ""), Text(note, "dim"))
    return Group(Text("History", "bold"), table)


def _children_json(plan: Plan, evaluation: Evaluation, mid: str) -> list[dict[str, Any]] | None:
    """A cascaded milestone's children (None for any other milestone)."""
    kids = plan.cascades.get(mid)
    if kids is None:
        return None
    by_id = evaluation.by_id()
    out = []
    for k in kids:
        s = by_id[k]
        out.append(
            {
                "id": k,
                "owner": s.owner,
                "owner_label": s.owner_label,
                "rating": s.rating,
                "actual": s.actual.isoformat() if s.actual is not None else None,
                "expected": s.expected.isoformat() if s.expected is not None else None,
                "reason": s.reason,
            }
        )
    return out


def _children(plan: Plan, evaluation: Evaluation, mid: str) -> RenderableType | None:
    """'Children (7/10 done)': one row per organisation of a cascaded milestone."""
    kids = plan.cascades.get(mid)
    if kids is None:
        return None
    by_id = evaluation.by_id()
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    # A child's id whole on its line (never folded in two): the other columns give way.
    longest = min(max((len(k) for k in kids), default=5), 60)
    table.add_column("Child", no_wrap=True, min_width=longest, overflow="ellipsis")
    table.add_column("Organisation", overflow="fold")
    table.add_column("Rating", overflow="fold")
    done = 0
    for k in kids:
        s = by_id[k]
        done += s.rating == "done"
        rating = Text(s.rating.upper(), RATING_STYLES[s.rating])
        rating.append_text(safe_text(f" {s.reason}", "dim"))
        table.add_row(safe_text(k), safe_text(s.owner_label), rating)
    heading = Text(f"Children ({done}/{len(kids)} done, one per organisation)", "bold")
    return Group(heading, table)


def show_view(plan: Plan, evaluation: Evaluation, mid: str) -> RenderableType:
    """The whole view of one milestone for the terminal."""
    m = _milestone(plan, mid)
    status = evaluation.by_id()[mid]
    titles = {x.id: x.title for x in plan.milestones}
    heading = Text()
    heading.append_text(safe_text(m.id, "bold"))
    heading.append("  ")
    heading.append_text(safe_text(m.title))
    rating = Text()
    rating.append(status.rating.upper(), RATING_STYLES[status.rating])
    rating.append(f" as of {short_day(evaluation.as_of)}: ")
    rating.append_text(safe_text(status.reason))
    if status.rating == "unknown":
        # The schedule still holds it at the as-of date, so knock-on flows; that is not a date.
        rating.append("; held at the as-of date for scheduling", "dim")
    elif status.expected is not None and status.slip_days is not None and status.is_open:
        if status.constraint == "as_of":  # held at the as-of date: not done, no date expected
            rating.append(
                f" (not done on {short_day(status.expected)}: slip {status.slip_days:+d} so far)"
            )
        else:
            rating.append(f" (expected {short_day(status.expected)}, slip {status.slip_days:+d})")
    if status.original_slip_days is not None and status.rebaselined:
        rating.append(f" (against the original deadline: {status.original_slip_days:+d})")
    if status.disagreement:
        rating.append("\n! ")
        rating.append_text(safe_text(status.disagreement))
    trees = build_trees(evaluation, mid)
    children = _children(plan, evaluation, mid)
    return Group(
        heading,
        rating,
        Text(),
        *((children, Text()) if children is not None else ()),
        _fields(m, status, evaluation.as_of),
        Text(),
        Text("Schedule", "bold"),
        _schedule(evaluation, mid),
        Text(),
        _rich_tree(trees.upstream, "Waits on", evaluation, titles, trees.upstream_cut),
        Text(),
        _rich_tree(trees.downstream, "Needed by", evaluation, titles, trees.downstream_cut),
        Text(),
        _history(m, evaluation.as_of),
    )
