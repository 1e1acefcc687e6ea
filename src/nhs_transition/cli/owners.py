"""`transition owners`: the organisation tree with its posts and holders, and how many open
milestones each owns, by rating."""

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
    "owners",
    short_help="Who owns what: organisations, posts and holders, with their open milestones.",
    epilog=examples(
        "transition owners",
        "transition owners --format json | jq '.owners[] | select(.owns.open.red > 0) | .id'",
    ),
)
def owners(
    as_of: AsOfOption = None,
    output_format: Annotated[
        TableFormat,
        typer.Option("--format", "-f", help="table or json.", case_sensitive=False),
    ] = TableFormat.table,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """The organisation tree with its posts (and their holders), each with the open milestones
    it owns directly by rating; an organisation also totals everything below it. The ids are
    what `status --owner` and `status --organisation` take.
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
        from ..render.listing import owners_json

        emit(owners_json(loaded, evaluation), output)
        return
    from ..render.listing import owners_table

    show_report(lambda width: owners_table(loaded, evaluation, width), output)
