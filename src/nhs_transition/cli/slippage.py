"""`transition slippage`: slip per milestone, worst first, with the chain that caused it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from . import (
    AsOfOption,
    OutputOption,
    PlanOption,
    WorkstreamOption,
    app,
    emit,
    examples,
    load_checked,
    resolve_as_of,
    show_report,
)


class SlippageFormat(StrEnum):
    """Output formats of `slippage`."""

    table = "table"
    json = "json"
    csv = "csv"


@app.command(
    "slippage",
    short_help="Slip per milestone, worst first, with what caused it.",
    epilog=examples(
        "transition slippage                       # as of the plan's status date",
        "transition slippage --as-of 'end of March 2011'",
        "transition slippage --format json | jq '.milestones[:5][] | {id, slip_days, chain}'",
        "transition slippage --format csv -o slippage.csv",
    ),
)
def slippage(
    late: Annotated[
        bool, typer.Option("--late", help="Only milestones with a positive slip.")
    ] = False,
    workstream: WorkstreamOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        SlippageFormat,
        typer.Option("--format", "-f", help="table, json or csv.", case_sensitive=False),
    ] = SlippageFormat.table,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """Slip per milestone (expected or actual date minus deadline, in days), largest first.

    A late milestone still open shows the chain of driving dependencies that set its date,
    from the milestone where the delay starts. Milestones without a deadline come last.
    """
    from ..slippage import evaluate, worst_first

    loaded = load_checked(plan)
    evaluation = evaluate(loaded, resolve_as_of(as_of, loaded))
    rows = worst_first(evaluation.milestones)
    if workstream:
        from .gantt import check_workstreams

        wanted = set(check_workstreams(evaluation, workstream) or ())
        rows = [s for s in rows if s.workstream in wanted]
    if late:
        rows = [s for s in rows if (s.slip_days or 0) > 0]
    by_id = evaluation.by_id()
    if output_format is SlippageFormat.json:
        from ..render.slippage import slippage_json

        emit(slippage_json(evaluation.as_of, rows, by_id), output)
        return
    if output_format is SlippageFormat.csv:
        from ..render.tables_csv import slippage_csv

        emit(slippage_csv(rows, by_id), output)
        return
    from ..render.slippage import slippage_table

    show_report(lambda width: slippage_table(evaluation.as_of, rows, by_id, width), output)
