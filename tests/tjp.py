"""A test helper that writes a plan of finish-to-start links as a TaskJuggler project (.tjp).

TaskJuggler (`tj3`) is a second, independent scheduler: its early dates must equal ours. Each
date of our schedule is midnight of that day in TaskJuggler (a task of `duration 5d` from
1 January midnight ends 6 January midnight, as our milestone 5 days after 1 January finishes on
the 6th); durations and lags are calendar time (`duration`, `gapduration`). Only what both
tools mean the same way is written: FS links with lags of zero or more, durations in days and
weeks, no forecasts, actuals or not_before (a test evaluates as of the programme start, so the
as-of rule moves nothing).
"""

from __future__ import annotations

from nhs_transition.model import Plan

REPORT = "early"


def tjp_text(plan: Plan, years: int = 40) -> str:
    """The .tjp text of `plan`; its task report writes `early.csv` (id, start, end)."""
    start = plan.programme.start.day.isoformat()
    names = {m.id: f"m{i}" for i, m in enumerate(plan.milestones)}
    lines = [
        f'project p "{plan.programme.id}" {start} +{years}y {{',
        '  timezone "UTC"',
        "  timingresolution 60min",
        "}",
    ]
    for m in plan.milestones:
        assert m.duration.unit in ("d", "w") and m.duration.amount >= 0, m.duration
        assert m.forecast is None and m.actual is None and m.not_before is None, m.id
        days = m.duration.amount * (7 if m.duration.unit == "w" else 1)
        lines.append(f'task {names[m.id]} "{m.id}" {{')
        if not m.depends_on:
            lines.append(f"  start {start}")
        for dep in m.depends_on:
            assert dep.type == "FS" and dep.lag.unit in ("d", "w") and dep.lag.amount >= 0
            gap = dep.lag.amount * (7 if dep.lag.unit == "w" else 1)
            lines.append(
                f"  depends {names[dep.id]}" + (f" {{ gapduration {gap}d }}" if gap else "")
            )
        lines.append("  milestone" if days == 0 else f"  duration {days}d")
        lines.append("}")
    lines += [
        f'taskreport "{REPORT}" {{',
        "  formats csv",
        "  columns name, start, end",
        '  timeformat "%Y-%m-%d %H:%M"',
        "}",
    ]
    return "\n".join(lines) + "\n"
