"""`transition trend`: milestone trend analysis, each forecast as it stood at each report date."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

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
)


class TrendFormat(StrEnum):
    """Output formats of the trend analysis."""

    terminal = "terminal"
    table = "table"  # the same as terminal: every data command takes --format table
    json = "json"
    svg = "svg"


@app.command(
    "trend",
    short_help="Milestone trend analysis: each forecast over time.",
    epilog=examples(
        "transition trend                       # every milestone with a history log",
        "transition trend royal-assent bill-introduced --format svg --output trend.svg",
    ),
)
def trend(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Milestone ids. Default: those with history entries.",
            autocompletion=complete_milestones,
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        TrendFormat,
        typer.Option(
            "--format",
            "-f",
            help="terminal (or table: a table per milestone), json, or svg (the MTA chart).",
        ),
    ] = TrendFormat.terminal,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """Milestone trend analysis: for each milestone, the forecast in force at each report date.
    On the chart a level line holds its date, a rising line is slippage, and a line ends on the
    diagonal when the milestone is achieved.
    """
    from ..errors import did_you_mean
    from ..slippage import evaluate
    from ..trend import trend_series

    the_plan = load_checked(plan)
    day = resolve_as_of(as_of, the_plan)
    known = [m.id for m in the_plan.milestones]
    for wanted in ids or ():
        if wanted not in known:
            fail(f"no milestone '{wanted}'{did_you_mean(wanted, known)}")
    expected = {
        m.id: m.expected for m in evaluate(the_plan, day).milestones if m.expected is not None
    }
    series = trend_series(the_plan, day, ids or None, expected)
    title = f"{the_plan.programme.name}: milestone trend"
    if output_format is TrendFormat.svg:
        from ..render.trend import trend_svg

        emit(trend_svg(series, as_of=day, title=title), output)
        return
    if output_format is TrendFormat.json:
        from ..render.trend import trend_json

        emit(trend_json(series, as_of=day), output)
        return
    from ..render.terminal import make_console, print_report, render_to_string
    from ..render.trend import trend_terminal

    console = make_console()
    table = trend_terminal(series, console.width)
    if output is not None:
        emit(render_to_string(table, width=console.width), output)
    else:
        print_report(console, table)
