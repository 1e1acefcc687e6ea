"""`status --by KIND`: the roll-up as a table (rich, imported only for it), JSON, CSV, Markdown.

JSON is `{"by", "as_of", "groups": [{"key", "name", "counts": {rating: n}, "total", "rating",
"worst_slip_days", "next_deadline", "children": [groups]}]}` (children only in the organisation
tree; elsewhere an empty list). CSV flattens the tree: one row per group, with its parent's key
and its depth. The table and Markdown draw the organisation tree with guides (├─ └─ │).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..rollup import Rollup, RollupGroup
from ..slippage import RATINGS, Rating
from .status import StatusReport, filter_text, md, short_day, signed

if TYPE_CHECKING:
    from rich.console import JustifyMethod, RenderableType

HEADINGS = {
    "organisation": "Organisation",
    "type": "Organisation type",
    "region": "Region",
    "workstream": "Workstream",
    "owner": "Owner",
}
# The table's count columns (a legend under the heading spells them out).
SHORT = {
    "red": "red",
    "amber": "amb",
    "unknown": "unk",
    "green": "grn",
    "undated": "und",
    "done": "done",
    "cancelled": "canc",
}
LEGEND = "counts: amb = amber, unk = unknown (awaiting a return), grn = green, und = undated"
GAP = 2  # columns between two columns of the table
RULE = (
    "a group's rating is the worst among its milestones (red > amber > unknown > green > "
    "undated > done > cancelled), with how many have it; the worst slip (days) and the next "
    "deadline are those of its open milestones"
)


def tree_rows(rollup: Rollup) -> list[tuple[str, str, int, RollupGroup]]:
    """(guides, parent key, depth, group) for every group, depth first: guides like '│  ├─ '."""
    out: list[tuple[str, str, int, RollupGroup]] = []
    stack: list[tuple[RollupGroup, str, str, int, bool]] = [
        (g, "", "", 0, True) for g in reversed(rollup.groups)
    ]
    while stack:
        group, above, parent, depth, last = stack.pop()
        guide = "" if depth == 0 else above + ("└─ " if last else "├─ ")
        out.append((guide, parent, depth, group))
        below = "" if depth == 0 else above + ("   " if last else "│  ")
        n = len(group.children)
        for i in range(n - 1, -1, -1):
            stack.append((group.children[i], below, group.key, depth + 1, i == n - 1))
    return out


def heading(report: StatusReport, rollup: Rollup) -> str:
    """'Programme name: status as of 1 July 2011, by organisation'."""
    from ..dates import format_day

    return f"{report.programme_name}: status as of {format_day(rollup.as_of)}, by {rollup.by}"


def rating_text(group: RollupGroup) -> str:
    """'red 3' (the group's rating and the count behind it), or a dash when empty."""
    return f"{group.rating} {group.rating_count}" if group.rating is not None else "—"


def deadline_text(group: RollupGroup) -> str:
    """'10 Sep 2010', or a dash."""
    return short_day(group.next_deadline) if group.next_deadline is not None else "—"


def shown_ratings(rollup: Rollup) -> list[Rating]:
    """The ratings some group has: the table's count columns (JSON and CSV keep all of them)."""
    return [r for r in RATINGS if any(g.counts[r] for g in rollup.groups)]


# --- JSON ----------------------------------------------------------------------------------


def group_json(group: RollupGroup) -> dict[str, Any]:
    """One group and its children, with exactly the fields scripts rely on."""
    return {
        "key": group.key,
        "name": group.name,
        "counts": {rating: group.counts[rating] for rating in RATINGS},
        "total": group.total,
        "rating": group.rating,
        "worst_slip_days": group.worst_slip_days,
        "next_deadline": group.next_deadline.isoformat() if group.next_deadline else None,
        "children": [group_json(child) for child in group.children],
    }


def rollup_json(rollup: Rollup) -> str:
    """`status --by KIND --format json`."""
    import json
    import sys

    # group_json and json's indenting encoder recurse a few frames per level of the tree: room
    # for a deep one (a chain of parents), then the limit as it was.
    depth = max((d for _, _, d, _ in tree_rows(rollup)), default=0)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * depth + 1000))
    try:
        data = {
            "by": rollup.by,
            "as_of": rollup.as_of.isoformat(),
            "groups": [group_json(g) for g in rollup.groups],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    finally:
        sys.setrecursionlimit(limit)


# --- CSV -----------------------------------------------------------------------------------

CSV_FIELDS = (
    "key",
    "name",
    "parent",
    "depth",
    "rating",
    "rating_count",
    *RATINGS,
    "total",
    "worst_slip_days",
    "next_deadline",
)
_FORMULA = re.compile(r"^[=+\-@\t\r]")  # a spreadsheet would run it (CSV injection)


def rollup_csv(rollup: Rollup) -> str:
    """One row per group (the tree flattened: parent key and depth), under a header row."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for _, parent, depth, g in tree_rows(rollup):
        name = f"'{g.name}" if _FORMULA.match(g.name) else g.name
        writer.writerow(
            [
                g.key,
                name,
                parent,
                depth,
                g.rating or "",
                g.rating_count,
                *(g.counts[r] for r in RATINGS),
                g.total,
                "" if g.worst_slip_days is None else g.worst_slip_days,
                g.next_deadline.isoformat() if g.next_deadline else "",
            ]
        )
    return buffer.getvalue()


# --- Markdown ------------------------------------------------------------------------------


def rollup_markdown(rollup: Rollup, report: StatusReport) -> str:
    """A GitHub table, the organisation tree drawn with guides in its first column."""
    lines = [f"# {md(heading(report, rollup))}", ""]
    if report.filtered:
        lines += [f"_{md(filter_text(report))}_", ""]
    lines += [f"_{md(RULE[0].upper() + RULE[1:])}._", ""]
    if not rollup.groups:
        return "\n".join([*lines, "No milestones match."]) + "\n"
    ratings = list(RATINGS)
    head = [HEADINGS[rollup.by], "Rating", *ratings, "Total", "Worst slip", "Next deadline"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|---|---|" + "--:|" * (len(ratings) + 2) + "---|")
    for guide, _, _, g in tree_rows(rollup):
        cells = [
            guide.replace(" ", "\u00a0") + md(g.name),
            f"**{g.rating}** {g.rating_count}" if g.rating else "—",
            *(str(g.counts[r]) for r in ratings),
            str(g.total),
            signed(g.worst_slip_days),
            deadline_text(g),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# --- The terminal --------------------------------------------------------------------------


def rollup_table(rollup: Rollup, report: StatusReport, width: int) -> RenderableType:
    """The heading, the rule, and the table (count columns for the ratings some group has)."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .terminal import RATING_STYLES, safe_text

    top = safe_text(heading(report, rollup), "bold")
    if report.filtered:
        top.append("\n")
        top.append_text(safe_text(filter_text(report), "italic"))
    top.append("\n")
    top.append_text(safe_text(RULE[0].upper() + RULE[1:] + "; " + LEGEND, "dim"))
    if not rollup.groups:
        return Group(top, Text(""), Text("No milestones match."))
    ratings = shown_ratings(rollup)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold",
    )
    rows = tree_rows(rollup)
    columns: list[tuple[str, list[str], JustifyMethod]] = [
        ("Rating", [rating_text(g) for _, _, _, g in rows], "left"),
        *((SHORT[r], [str(g.counts[r]) for _, _, _, g in rows], "right") for r in ratings),
        ("Total", [str(g.total) for _, _, _, g in rows], "right"),
        ("Slip", [signed(g.worst_slip_days) for _, _, _, g in rows], "right"),
        ("Next due", [deadline_text(g) for _, _, _, g in rows], "left"),
    ]
    # Every column as wide as its header and cells; the first takes the rest, cut with an
    # ellipsis when it runs out (the JSON and CSV have the names whole).
    widths = [max(len(header), *(len(c) for c in cells)) for header, cells, _ in columns]
    longest = max(len(guide) + len(g.name) for guide, _, _, g in rows)
    first = max(12, min(longest, width - sum(widths) - GAP * len(widths)))
    table.add_column(HEADINGS[rollup.by], no_wrap=True, overflow="ellipsis", width=first)
    for (header, _, justify), w in zip(columns, widths, strict=True):
        table.add_column(header, justify=justify, no_wrap=True, width=w)
    for guide, _, depth, g in rows:
        name = Text(guide, style="dim")
        name.append_text(safe_text(g.name, "bold" if depth == 0 else ""))
        rating = Text(rating_text(g), style=RATING_STYLES.get(g.rating or "", ""))
        counts = [
            Text(str(g.counts[r]), style=RATING_STYLES[r] if g.counts[r] else "dim")
            for r in ratings
        ]
        table.add_row(
            name,
            rating,
            *counts,
            Text(str(g.total)),
            Text(signed(g.worst_slip_days)),
            Text(deadline_text(g)),
        )
    return Group(top, Text(""), table)
