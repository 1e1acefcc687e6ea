"""`transition show ID`: one milestone, its dates, what it waits on and what waits on it."""

from __future__ import annotations

from typing import Annotated

import typer

from . import (
    AsOfOption,
    OutputOption,
    PlanOption,
    TableFormat,
    app,
    complete_milestones,
    emit,
    examples,
    fail,
    load_checked,
    resolve_as_of,
    show_report,
)


@app.command(
    "show",
    short_help="One milestone: dates, floats, what it waits on, history.",
    epilog=examples(
        "transition show royal-assent",
        "transition show royal-assent --as-of 2011-06-30",
        "transition show royal-assent --format json | jq '.schedule'",
    ),
)
def show(
    milestone: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The milestone's id.", autocompletion=complete_milestones
        ),
    ],
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat,
        typer.Option("--format", "-f", help="table or json.", case_sensitive=False),
    ] = TableFormat.table,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """One milestone: its fields as written and resolved, its schedule and floats, its rating
    and why, what it waits on and what waits on it (recursively, as trees), and its history.
    """
    from ..errors import EXIT_PLAN_ERRORS
    from ..schedule import CycleError
    from ..slippage import evaluate
    from .critical_path import check_milestone

    loaded = load_checked(plan)
    day = resolve_as_of(as_of, loaded)
    check_milestone(loaded, milestone, "")
    try:
        evaluation = evaluate(loaded, day)
    except CycleError as exc:  # the checks report cycles first; this is a safety net
        fail(str(exc), EXIT_PLAN_ERRORS)
    if output_format is TableFormat.json:
        from ..render.show import show_json

        emit(show_json(loaded, evaluation, milestone), output)
        return
    from ..render.show import show_view

    show_report(lambda _width: show_view(loaded, evaluation, milestone), output)
