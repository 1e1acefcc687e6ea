"""`transition critical-path`: the CPM schedule, the critical chain, and what drives one date."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from . import (
    AsOfOption,
    OutputOption,
    PlanOption,
    app,
    complete_milestones,
    emit,
    examples,
    fail,
    load_checked,
    resolve_as_of,
    show_report,
)

if TYPE_CHECKING:
    from datetime import date

    from ..model import Plan
    from ..schedule import Schedule


class CriticalPathFormat(StrEnum):
    """Output formats of `critical-path`."""

    table = "table"
    json = "json"
    csv = "csv"


@app.command(
    "critical-path",
    short_help="Early and late dates, floats, and the critical chain.",
    epilog=examples(
        "transition critical-path                          # the whole plan as of its status date",
        "transition critical-path --to royal-assent        # why royal-assent falls when it does",
        "transition critical-path --format json | jq -r '.critical_path[]'",
        "transition critical-path --format csv -o schedule.csv",
    ),
)
def critical_path(
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="ID",
            autocompletion=complete_milestones,
            help="Show the chain of driving dependencies that sets this milestone's date, "
            "with the slack on each link.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        CriticalPathFormat,
        typer.Option("--format", "-f", help="table, json or csv.", case_sensitive=False),
    ] = CriticalPathFormat.table,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """The critical path method over the plan: early and late dates, total and free float and
    the driving dependency of every milestone, critical rows marked, the critical chain below.
    """
    loaded = load_checked(plan)
    day = resolve_as_of(as_of, loaded)
    if to is not None:
        check_milestone(loaded, to, "--to")
    schedule = scheduled(loaded, day)
    if output_format is CriticalPathFormat.json:
        from ..render.critical_path import critical_path_json

        emit(critical_path_json(loaded, schedule, to), output)
        return
    if output_format is CriticalPathFormat.csv:
        from ..render.tables_csv import critical_path_csv

        emit(critical_path_csv(loaded, schedule, to), output)
        return
    from ..render.critical_path import critical_path_table, driving_chain_table

    if to is None:
        show_report(lambda width: critical_path_table(loaded, schedule, width), output)
    else:
        target = to
        show_report(lambda width: driving_chain_table(loaded, schedule, target, width), output)


def scheduled(plan: Plan, day: date) -> Schedule:
    """The plan's schedule as of `day`; a cycle the checks missed is still a plan error."""
    from ..errors import EXIT_PLAN_ERRORS
    from ..schedule import CycleError, compute_schedule

    try:
        return compute_schedule(plan, day)
    except CycleError as exc:
        fail(str(exc), EXIT_PLAN_ERRORS)


def check_milestone(plan: Plan, mid: str, option: str) -> None:
    """Exit 2 with the closest id when `mid` is not a milestone of the plan."""
    ids = {m.id for m in plan.milestones}
    if mid in ids:
        return
    from ..errors import did_you_mean
    from ..render.terminal import literal

    hint = did_you_mean(mid, sorted(ids))
    prefix = f"{option}: " if option else ""
    fail(f"{prefix}no milestone '{literal(mid)}' in the plan{hint}")
