"""`transition gantt`: the plan on a time axis, in the terminal, as SVG, HTML or Mermaid."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import (
    AsOfOption,
    OutputOption,
    PlanOption,
    app,
    emit,
    examples,
    fail,
    load_checked,
    option_date,
    resolve_as_of,
)

if TYPE_CHECKING:
    from ..slippage import Evaluation


class GanttFormat(StrEnum):
    """Output formats of the Gantt chart."""

    terminal = "terminal"
    table = "table"  # the same as terminal: every data command takes --format table
    json = "json"
    svg = "svg"
    html = "html"
    mermaid = "mermaid"


def parse_window(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """--from and --to as a half-open window [start, end); a period counts whole."""
    first = option_date("--from", start, "start") if start else None
    last = option_date("--to", end) + timedelta(days=1) if end else None
    if first is not None and last is not None and last <= first:
        fail("--to must be on or after --from")
    return first, last


def _some(names: list[str], shown: int = 8) -> str:
    """'a, b, c' or, for many, the first few and how many more."""
    from ..errors import excerpt

    listed = ", ".join(excerpt(name) for name in names[:shown])
    more = len(names) - shown
    return listed if more <= 0 else f"{listed} and {more:,} more"


def check_workstreams(evaluation: Evaluation, wanted: list[str] | None) -> list[str] | None:
    """The --workstream values, each one the plan has (else exit 2 with the closest name)."""
    from ..errors import did_you_mean
    from ..render.gantt import workstreams_of

    if not wanted:
        return None
    known = workstreams_of(evaluation)
    for name in wanted:
        if name not in known:
            hint = did_you_mean(name, known) or f" (the plan has: {_some(known)})"
            fail(f"--workstream: no workstream '{name}'{hint}")
    return wanted


@app.command(
    "gantt",
    short_help="Gantt chart of the plan: terminal, SVG, HTML or Mermaid.",
    epilog=examples(
        "transition gantt --as-of 2011-06-30",
        "transition gantt --from 'Q1 2011' --to 2012 --workstream legislation",
        "transition gantt --format html --output gantt.html",
        "transition gantt --format mermaid >> README.md",
    ),
)
def gantt(
    as_of: AsOfOption = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="Show from this date (any date expression).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="DATE",
            help="Show up to this date (a period counts whole).",
            show_default=False,
        ),
    ] = None,
    workstream: Annotated[
        list[str] | None,
        typer.Option(
            "--workstream", "-w", help="Only this workstream (repeat for more).", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        GanttFormat,
        typer.Option(
            "--format",
            "-f",
            help="terminal (or table), json, svg (standalone), html (one page) or mermaid (Markdown).",
        ),
    ] = GanttFormat.terminal,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """Milestones as diamonds and work as bars on a time axis: deadlines beside forecasts,
    colour by rating, the critical path in bold, the as-of date as a line.
    """
    from ..slippage import evaluate

    the_plan = load_checked(plan)
    window = parse_window(start, end)
    evaluation = evaluate(the_plan, resolve_as_of(as_of, the_plan))
    streams = check_workstreams(evaluation, workstream)
    title = the_plan.programme.name
    if output_format in (GanttFormat.terminal, GanttFormat.table):
        emit_terminal(evaluation, window, streams, title, output)
        return
    if output_format is GanttFormat.json:
        from ..render.gantt import gantt_json, gantt_layout

        text = gantt_json(gantt_layout(evaluation, *window, workstreams=streams, title=title))
    elif output_format is GanttFormat.svg:
        from ..render.gantt import gantt_svg

        text = gantt_svg(evaluation, *window, workstreams=streams, title=title)
    elif output_format is GanttFormat.html:
        from ..render.gantt import gantt_html

        text = gantt_html(evaluation, *window, workstreams=streams, title=title)
    else:
        from ..render.mermaid import mermaid_gantt

        text = mermaid_gantt(evaluation, *window, workstreams=streams, title=title)
    emit(text, output)


def emit_terminal(
    evaluation: Evaluation,
    window: tuple[date | None, date | None],
    streams: list[str] | None,
    title: str,
    output: Path | None,
) -> None:
    """Print the chart fitted to the terminal (or, with --output, to $COLUMNS, without colour)."""
    from ..render.gantt import gantt_layout
    from ..render.gantt_terminal import gantt_terminal
    from ..render.terminal import make_console, render_to_string

    layout = gantt_layout(evaluation, *window, workstreams=streams, title=title)
    console = make_console()
    chart = gantt_terminal(layout, console.width)
    if output is not None:
        emit(render_to_string(chart, width=console.width), output)
    else:
        console.print(chart)
