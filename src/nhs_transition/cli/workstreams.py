"""`transition workstreams`: the plan's workstreams, their milestones by rating and what falls
due next in each."""

from __future__ import annotations

from typing import Annotated

import typer

from . import (
    AsOfOption,
    OutputOption,
    PlanOption,
    TableFormat,
    app,
    emit,
    examples,
    load_checked,
    resolve_as_of,
    show_report,
)


@app.command(
    "workstreams",
    short_help="The workstreams: milestones, done, open by rating, next deadline.",
    epilog=examples(
        "transition workstreams",
        "transition workstreams --format json | jq -r '.workstreams[].workstream'",
    ),
)
def workstreams(
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat,
        typer.Option("--format", "-f", help="table or json.", case_sensitive=False),
    ] = TableFormat.table,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """Each workstream in the order the plan first names it: how many milestones, how many
    done, the open ones by rating, and the next open deadline. The names are what
    `--workstream` (`-w`) takes.
    """
    from ..slippage import evaluate

    loaded = load_checked(plan)
    evaluation = evaluate(loaded, resolve_as_of(as_of, loaded))
    if loaded.cascades:
        # a cascade counts through its children (each owned by its organisation), not its
        # parent again: as `status --by` counts it
        from dataclasses import replace

        kept = tuple(s for s in evaluation.milestones if s.id not in loaded.cascades)
        evaluation = replace(evaluation, milestones=kept)
    if output_format is TableFormat.json:
        from ..render.listing import workstreams_json

        emit(workstreams_json(evaluation), output)
        return
    from ..render.listing import workstreams_table

    show_report(lambda width: workstreams_table(evaluation, width), output)
