"""`slippage` and `critical-path` as CSV: one row per milestone under a header row.

The columns are the command's JSON fields, flattened (the driving link's parts as columns).
Empty cells stand for missing values. A text cell that a spreadsheet would read as a formula
(starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, as
`status --format csv` does.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence

from ..model import Plan
from ..schedule import Schedule
from ..slippage import MilestoneStatus, chain_origins
from .critical_path import driving_chain, plan_order
from .slippage import is_late_open

SLIPPAGE_FIELDS = (
    "id", "due", "expected", "slip_days", "rating", "title", "owner", "due_text", "done",
    "caused_by", "waits_on", "reason", "original_due", "original_slip_days",
)  # fmt: skip
CRITICAL_PATH_FIELDS = (
    "id", "title", "early_start", "early_finish", "late_start", "late_finish",
    "total_float_days", "free_float_days", "critical", "driver", "driver_type", "driver_lag",
    "driver_slack_days", "set_by", "done",
)  # fmt: skip
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_TEXT = frozenset({"title", "owner", "due_text", "reason", "caused_by", "waits_on"})


def _table(fields: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        cells = []
        for name in fields:
            value = row[name]
            if value is None:
                cells.append("")
            elif isinstance(value, bool):
                cells.append("true" if value else "false")
            elif name in _TEXT and _FORMULA.match(str(value)):
                cells.append(f"'{value}")
            else:
                cells.append(str(value))
        writer.writerow(cells)
    return buffer.getvalue()


def slippage_csv(rows: Sequence[MilestoneStatus], by_id: Mapping[str, MilestoneStatus]) -> str:
    """`slippage --format csv`: rows as given (worst first)."""
    origins = chain_origins(by_id)
    return _table(
        SLIPPAGE_FIELDS,
        (
            {
                "id": s.id,
                "due": s.due.day.isoformat() if s.due is not None else None,
                "expected": s.expected.isoformat() if s.expected is not None else None,
                "slip_days": s.slip_days,
                "rating": s.rating,
                "title": s.title,
                "owner": s.owner,
                "due_text": s.due.text if s.due is not None else None,
                "done": s.done,
                "caused_by": origins[s.id][0] if is_late_open(s) and s.id in origins else None,
                "waits_on": s.chain_parent if is_late_open(s) else None,
                "reason": s.reason,
                "original_due": s.original_due.day.isoformat() if s.original_due else None,
                "original_slip_days": s.original_slip_days,
            }
            for s in rows
        ),
    )


def critical_path_csv(plan: Plan, schedule: Schedule, to: str | None = None) -> str:
    """`critical-path --format csv`: every milestone in plan order; with `to`, the milestones of
    its driving chain, from where the chain starts."""
    titles = {m.id: m.title for m in plan.milestones}
    rows = (
        plan_order(plan, schedule)
        if to is None
        else [link.row for link in driving_chain(schedule, to)]
    )
    return _table(
        CRITICAL_PATH_FIELDS,
        (
            {
                "id": row.id,
                "title": titles.get(row.id),
                "early_start": row.early_start.isoformat(),
                "early_finish": row.early_finish.isoformat(),
                "late_start": row.late_start.isoformat(),
                "late_finish": row.late_finish.isoformat(),
                "total_float_days": row.total_float,
                "free_float_days": row.free_float,
                "critical": row.critical,
                "driver": row.driver,
                "driver_type": row.driver_type,
                "driver_lag": row.driver_lag,
                "driver_slack_days": row.driving_slack if row.driver is not None else None,
                "set_by": row.constraint,
                "done": row.done,
            }
            for row in rows
        ),
    )
