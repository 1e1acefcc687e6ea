"""`critical-path` output: the CPM table and critical chain (rich), the driving chain of one
milestone (`--to`), and the JSON of SPEC section 6.

Milestones appear in plan order. Floats count the programme's unit: calendar days, or working
days under `calendar: working-days` (the heading says which). Every piece of plan text goes
through `terminal.safe_text`: shown literally, never as markup.

The JSON path is the one scripts and large plans use, so it stays lean: rich is imported only
by the terminal renderers, and the milestones' lines are laid by `_lines` straight from the
schedule's columns (no ScheduleRow is built), each text encoded once with the C string
encoder, rather than by `json.dumps(indent=...)`, whose pure-Python encoder took half a second
on 20,000 milestones.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import json_safe
from ..model import Plan
from ..schedule import CONSTRAINTS, TYPES, Columns, Schedule, ScheduleRow
from .status import CHAIN, path_text, short_day

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

CRITICAL_MARK = "*"
CRITICAL_STYLE = "bold red"
WIDE = 110  # from this width on, each of the four dates has a column of its own
COMPACT = 70  # narrower than this, the dates go under the milestone's title
DAY_WIDTH = len("30 Sep 2010")
CELL_GAP = 2  # the divider and a space (padding collapsed)

# What set a milestone's early finish (ScheduleRow.constraint), in words.
SET_BY = {
    "start": "programme start",
    "not_before": "not_before",
    "dependency": "dependency",
    "forecast": "forecast",
    "actual": "actual",
    "as_of": "as-of date (not done)",
    "cancelled": "cancellation (holds nothing up after that day)",
}


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One step of a driving chain: the milestone, and the link into it from the step before."""

    row: ScheduleRow
    link: str | None  # "FS", "SS +3d", ... (None for the chain's origin)
    slack: int | None  # days the link leaves before it would move this milestone (None: origin)


def plan_order(plan: Plan, schedule: Schedule) -> list[ScheduleRow]:
    """The schedule rows in the order the plan lists its milestones (first of duplicate ids)."""
    rows = schedule.rows
    seen: set[str] = set()
    ordered = []
    for m in plan.milestones:
        if m.id not in seen and m.id in rows:
            seen.add(m.id)
            ordered.append(rows[m.id])
    return ordered


def link_text(link_type: str | None, lag: str | None) -> str:
    """'FS', 'SS +3d', 'FS -2d' (a lead): a dependency type and its lag as written."""
    if link_type is None:
        return ""
    if lag is None or lag.strip().lstrip("+-").rstrip("dwm").strip() in ("0", ""):
        return link_type
    lag = lag.strip()
    return f"{link_type} {lag if lag.startswith(('+', '-')) else '+' + lag}"


def driving_chain(schedule: Schedule, to: str) -> list[ChainLink]:
    """The chain of driving links that sets `to`'s date, from its origin to `to`."""
    chain = schedule.driving_chain(to)
    out = []
    for k, (mid, slack) in enumerate(chain):
        row = schedule.rows[mid]
        if k == 0:
            out.append(ChainLink(row, None, None))
        else:
            out.append(ChainLink(row, link_text(row.driver_type, row.driver_lag), slack))
    return out


def unit(schedule: Schedule) -> str:
    """'days' or 'working days': what floats count."""
    return "working days" if schedule.working_days else "days"


def amount(n: int, schedule: Schedule) -> str:
    """'1 day', '-3 days', '2 working days': a float in the programme's unit."""
    word = unit(schedule)
    return f"{n} {word[:-1] if abs(n) == 1 else word}"


# --- JSON ----------------------------------------------------------------------------------


def row_json(row: ScheduleRow) -> dict[str, Any]:
    """One milestone: the SPEC fields in SPEC order, then extra fields."""
    return {
        "id": row.id,
        "early_start": row.early_start.isoformat(),
        "early_finish": row.early_finish.isoformat(),
        "late_start": row.late_start.isoformat(),
        "late_finish": row.late_finish.isoformat(),
        "total_float_days": row.total_float,
        "free_float_days": row.free_float,
        "critical": row.critical,
        # Extra fields (the SPEC fields above are never renamed).
        "driver": None
        if row.driver is None
        else {
            "id": row.driver,
            "type": row.driver_type,
            "lag": row.driver_lag,
            "slack_days": row.driving_slack,
        },
        "set_by": row.constraint,
        "done": row.done,
    }


def critical_path_json(plan: Plan, schedule: Schedule, to: str | None = None) -> str:
    """`critical-path --format json` (SPEC section 6); with `to`, its driving chain as well.

    Milestones in plan order (`plan_order`: the schedule's positions are the plan's distinct
    ids in plan order). One milestone per line; the object is the same `json.dumps(row_json(row))`
    would give.
    """
    # Nothing here makes reference cycles; the collector would only walk the whole plan again
    # (0.2 s of 0.5 s at 100,000 milestones), as in compute_schedule.
    enabled = gc.isenabled()
    gc.disable()
    try:
        lines = _lines(schedule.columns)
    finally:
        if enabled:
            gc.enable()
    head = {
        "finish": schedule.finish.isoformat(),
        "critical_path": list(schedule.critical_path),
    }
    named = schedule.named_path()
    tail: dict[str, Any] = {
        "as_of": schedule.as_of.isoformat(),
        "float_unit": "working-days" if schedule.working_days else "days",
        # What the critical path ends at (SPEC 4), and how many milestones are critical.
        "critical_path_ends_at": None
        if not named.ids
        else "programme finish"
        if named.sets_finish
        else "deadline",
        "critical_count": named.critical_count,
    }
    if to is not None:
        tail["to"] = to
        tail["driving_chain"] = [
            {"id": c.row.id, "link": c.link, "slack_days": c.slack, "set_by": c.row.constraint}
            for c in driving_chain(schedule, to)
        ]
    parts = [_member(key, value) for key, value in head.items()]
    parts = [json_safe(part) for part in parts]
    parts.append(
        '  "milestones": [\n    ' + ",\n    ".join(lines) + "\n  ]"
        if lines
        else '  "milestones": []'
    )
    parts += [json_safe(_member(key, value)) for key, value in tail.items()]
    return "{\n" + ",\n".join(parts) + "\n}\n"


_encode = json.JSONEncoder(ensure_ascii=False).encode
_string = json.encoder.encode_basestring


def _member(key: str, value: Any) -> str:
    """`  "key": value`, a non-empty list with an item per line."""
    if isinstance(value, list) and value:
        items = ",\n    ".join(_encode(item) for item in value)
        return f"  {_string(key)}: [\n    {items}\n  ]"
    return f"  {_string(key)}: {_encode(value)}"


_BOOL = ("false", "true")
_SET_BY = tuple(f'"{c}"' for c in CONSTRAINTS)
_TYPE = tuple(f'"{t}"' for t in TYPES)


def _lines(columns: Columns) -> list[str]:
    """`json.dumps(row_json(row))` of every row in plan order, built column-wise from the
    schedule's lists (tests hold the two equal): each text (an id, a day, a lag) is encoded
    once, not once per row that shows it."""
    # Ids and lags as JSON strings (through json_safe, as all the output); "\n" cannot occur
    # inside an encoded string, so one pass over the joined texts serves them all.
    quoted = json_safe("\n".join(map(_string, columns.names))).split("\n")
    lags = {lag: json_safe(_string(lag)) for lag in set(columns.driver_lag) if lag is not None}
    lags[None] = "null"  # type: ignore[index]
    es, ef, ls, lf = (
        columns.early_start,
        columns.early_finish,
        columns.late_start,
        columns.late_finish,
    )
    iso = {o: date.fromordinal(o).isoformat() for o in {*es, *ef, *ls, *lf}}
    slack = columns.driving_slack
    drivers = [
        "null"
        if d < 0
        else f'{{"id": {quoted[d]}, "type": {_TYPE[t]}, "lag": {lags[lag]}, "slack_days": {k}}}'  # type: ignore[index]
        for d, t, lag, k in zip(
            columns.driver, columns.driver_type, columns.driver_lag, slack, strict=True
        )
    ]
    boolean, set_by = _BOOL, _SET_BY
    return [
        f'{{"id": {q}, "early_start": "{iso[a]}", "early_finish": "{iso[b]}", '
        f'"late_start": "{iso[c]}", "late_finish": "{iso[d]}", '
        f'"total_float_days": {tf}, "free_float_days": {ff}, '
        f'"critical": {boolean[crit]}, "driver": {drv}, '
        f'"set_by": {set_by[con]}, "done": {boolean[done]}}}'
        for q, a, b, c, d, tf, ff, crit, drv, con, done in zip(
            quoted,
            es,
            ef,
            ls,
            lf,
            columns.total_float,
            columns.free_float,
            columns.critical,
            drivers,
            columns.constraint,
            columns.done,
            strict=True,
        )
    ]


# --- Terminal ------------------------------------------------------------------------------


def _heading(plan: Plan, schedule: Schedule) -> Text:
    from rich.text import Text

    from .terminal import safe_text

    text = Text()
    text.append_text(safe_text(plan.programme.name, "bold"))
    text.append(f"  as of {short_day(schedule.as_of)}\n")
    text.append(
        f"Programme start {short_day(schedule.start)}, finish {short_day(schedule.finish)}; "
        f"floats in {unit(schedule)}."
    )
    return text


def _driven_by(row: ScheduleRow, width: int) -> Text:
    """What sets the row's date: 'driven by ID FS', or 'set by forecast' (and the nearest link)."""
    from rich.text import Text

    from .terminal import whole_id

    cell = Text()
    if row.constraint == "dependency" and row.driver is not None:
        cell.append("driven by ", "italic")
        cell.append_text(whole_id(row.driver, width))
        cell.append(f" {link_text(row.driver_type, row.driver_lag)}")
        return cell
    cell.append(f"set by {SET_BY[row.constraint]}", "italic")
    if row.driver is not None:
        cell.append("; nearest link ", "dim")
        cell.append_text(whole_id(row.driver, width, "dim"))
        cell.append(
            f" {link_text(row.driver_type, row.driver_lag)} (slack {row.driving_slack})", "dim"
        )
    return cell


def _name_cell(row: ScheduleRow, titles: dict[str, str], width: int) -> Text:
    """The milestone's id (red when critical, else bold), whole, over its title (dim)."""
    from .terminal import safe_text, whole_id

    name = whole_id(row.id, width, CRITICAL_STYLE if row.critical else "bold")
    title = titles.get(row.id)
    if title:
        name.append("\n")
        name.append_text(safe_text(title, "dim"))
    return name


def critical_path_table(plan: Plan, schedule: Schedule, width: int = 100) -> RenderableType:
    """The CPM table (critical rows marked) and the critical chain below it.

    The milestone's cell holds its id (whole), its title and what drives it, and has the
    room the dates and floats leave. From WIDE columns on, each date has a column and the
    critical mark one of its own; narrower, start and finish share a cell and the mark
    goes before the id.
    """
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .terminal import fit_words

    titles = {m.id: m.title for m in plan.milestones}
    wide = width >= WIDE
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        leading=1,
    )
    rows = plan_order(plan, schedule)
    compact = width < COMPACT  # the dates go into the milestone's cell, under its title
    headers: tuple[str, ...] = (
        ("Early start", "Early finish", "Late start", "Late finish")
        if wide
        else ()
        if compact
        else ("Early start\n  finish", "Late start\n  finish")
    )
    date_widths = [max(DAY_WIDTH, *map(len, h.split("\n"))) for h in headers]
    heading = "Milestone / dates / driven by" if compact else "Milestone / driven by"
    float_width = max(5, *(len(str(r.total_float)) for r in rows)) if rows else 5
    free_width = max(4, *(len(str(r.free_float)) for r in rows)) if rows else 4
    fixed = sum(date_widths) + float_width + free_width + (1 if wide else 0)
    gaps = (len(headers) + (3 if wide else 2)) * CELL_GAP
    mark = 0 if wide else len(CRITICAL_MARK) + 1  # narrow: '* ' before a critical id
    name_width = max(12, width - fixed - gaps)
    if wide:
        table.add_column(CRITICAL_MARK, width=1, no_wrap=True)
    table.add_column(heading, width=name_width, overflow="fold")
    for header, day_width in zip(headers, date_widths, strict=True):
        table.add_column(header, no_wrap=True, width=day_width)
    table.add_column("Float", justify="right", no_wrap=True, width=float_width)
    table.add_column("Free", justify="right", no_wrap=True, width=free_width)
    for row in rows:
        style = CRITICAL_STYLE if row.critical else ""
        name = Text()
        if not wide and row.critical:
            name.append(f"{CRITICAL_MARK} ", style)
        name.append_text(_name_cell(row, titles, name_width - (mark if row.critical else 0)))
        if compact:
            name.append(
                f"\nearly {short_day(row.early_start)} to {short_day(row.early_finish)}"
                f"\nlate {short_day(row.late_start)} to {short_day(row.late_finish)}"
            )
        name.append("\n")
        name.append_text(fit_words(_driven_by(row, name_width), name_width))
        dates = (
            [
                short_day(row.early_start),
                short_day(row.early_finish),
                short_day(row.late_start),
                short_day(row.late_finish),
            ]
            if wide
            else []
            if compact
            else [
                f"{short_day(row.early_start)}\n{short_day(row.early_finish)}",
                f"{short_day(row.late_start)}\n{short_day(row.late_finish)}",
            ]
        )
        cells: list[RenderableType] = [Text(CRITICAL_MARK, style)] if row.critical else [""]
        table.add_row(
            *(cells if wide else []),
            name,
            *dates,
            Text(str(row.total_float), style),
            str(row.free_float),
        )
    return Group(_heading(plan, schedule), Text(), table, Text(), _chain_list(plan, schedule))


def _chain_list(plan: Plan, schedule: Schedule) -> Text:
    """The named critical path (SPEC 4) with the count of critical milestones, then its steps."""
    from rich.text import Text

    from .terminal import safe_text

    named = schedule.named_path()
    path = named.ids
    text = Text()
    line = path_text(named)
    text.append_text(safe_text(line[0].upper() + line[1:], "bold"))
    text.append(f" (marked {CRITICAL_MARK})" if named.critical_count else "")
    if not path:
        return text
    text.append("\n")
    rows = schedule.rows
    width = max(len(mid) for mid in path)
    titles = {m.id: m.title for m in plan.milestones}
    for k, mid in enumerate(path):
        row = rows[mid]
        text.append("  ")
        text.append("  " if k == 0 else CHAIN.strip() + " ")
        text.append_text(safe_text(mid.ljust(width), CRITICAL_STYLE))
        text.append(f"  {_span(row)}")
        if k == 0:
            text.append(f"  ({SET_BY[row.constraint]})", "italic")
        elif row.driver_type is not None:
            text.append(f"  ({link_text(row.driver_type, row.driver_lag)})", "dim")
        if k == len(path) - 1 and row.late_finish != row.early_finish:
            text.append(f"  needed by {short_day(row.late_finish)}", "bold")
        title = titles.get(mid)
        if title:
            text.append("\n      ")
            text.append_text(safe_text(title, "dim"))
        if k < len(path) - 1:
            text.append("\n")
    return text


def _span(row: ScheduleRow) -> str:
    """'1 Apr 2013', or '1 Mar 2013 to 1 Apr 2013' when it takes time."""
    if row.early_start == row.early_finish:
        return short_day(row.early_finish)
    return f"{short_day(row.early_start)} to {short_day(row.early_finish)}"


def driving_chain_table(
    plan: Plan, schedule: Schedule, to: str, width: int = 100
) -> RenderableType:
    """`--to ID`: the chain of driving links that sets the milestone's date, slack on each link."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .terminal import safe_text

    chain = driving_chain(schedule, to)
    titles = {m.id: m.title for m in plan.milestones}
    heading = Text()
    heading.append("What sets the date of ")
    heading.append_text(safe_text(to, "bold"))
    target = schedule.rows[to]
    heading.append(
        f": early finish {short_day(target.early_finish)}, "
        f"float {amount(target.total_float, schedule)}"
    )
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=(0, 1),
        collapse_padding=True,
        leading=1,
    )
    # The milestone's cell holds its id (whole), title and what sets its date; narrower than
    # 100 columns the early start (the early finish less the duration) makes room for it.
    # Narrower than COMPACT, the link, its slack and the early finish go into that cell too.
    with_start = width >= 100
    compact = width < COMPACT
    link_width = max(4, *(len(c.link or "") for c in chain))
    slack_width = max(5, *(len(str(c.slack)) for c in chain))
    float_width = max(5, *(len(str(c.row.total_float)) for c in chain))
    fixed = float_width
    fixed += 0 if compact else link_width + slack_width + len("Early finish")
    fixed += DAY_WIDTH if with_start else 0
    gaps = 1 if compact else 5 if with_start else 4
    name_width = max(12, width - fixed - gaps * CELL_GAP)
    table.add_column("Milestone / date set by", width=name_width, overflow="fold")
    if not compact:
        table.add_column("Link", no_wrap=True, width=link_width)
        table.add_column("Slack", justify="right", no_wrap=True, width=slack_width)
    if with_start:
        table.add_column("Early start", no_wrap=True, width=DAY_WIDTH)
    if not compact:
        table.add_column("Early finish", no_wrap=True, width=len("Early finish"))
    table.add_column("Float", justify="right", no_wrap=True, width=float_width)
    for step in chain:
        row = step.row
        style = CRITICAL_STYLE if row.critical else ""
        name = _name_cell(row, titles, name_width)
        if compact:
            if step.link:
                name.append(f"\n{step.link}, slack {step.slack}")
            name.append(f"\nearly finish {short_day(row.early_finish)}")
        name.append("\n")
        name.append(
            f"set by {SET_BY[row.constraint]}", "" if row.constraint == "dependency" else "italic"
        )
        cells = [] if compact else [step.link or "", "" if step.slack is None else str(step.slack)]
        if with_start:
            cells.append(short_day(row.early_start))
        if not compact:
            cells.append(short_day(row.early_finish))
        table.add_row(name, *cells, Text(str(row.total_float), style))
    origin = date_origin(chain)
    footer = Text()
    footer.append(
        f"Slack: {unit(schedule)} a link leaves before it would move the next milestone; "
    )
    footer.append("0 means it drives.\n")
    footer.append_text(safe_text(to, "bold"))
    if origin.id == to:
        footer.append(f"'s date is set by {_origin_phrase(origin)}.")
    else:
        footer.append("'s date comes from ")
        footer.append_text(safe_text(origin.id, "bold"))
        footer.append(f", whose date is set by {_origin_phrase(origin)}.")
    return Group(heading, Text(), table, Text(), footer)


def date_origin(chain: list[ChainLink]) -> ScheduleRow:
    """The step whose own constraint sets the last step's date through driving links."""
    k = len(chain) - 1
    while k > 0 and chain[k].row.constraint == "dependency" and chain[k].slack == 0:
        k -= 1
    return chain[k].row


def _origin_phrase(row: ScheduleRow) -> str:
    if row.constraint == "dependency":  # a done predecessor ends the walk
        return "a dependency"
    if row.constraint == "start":
        return "the programme start"
    if row.constraint == "as_of":
        return "the as-of date (it is not done yet)"
    return f"its {SET_BY[row.constraint]}"
