"""`transition trend`: milestone trend analysis, each forecast as it stood at each report date."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import visible
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
    option_date,
    resolve_as_of,
)

if TYPE_CHECKING:
    from ..trend import TrendSeries


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
        "transition trend --git                 # rebuilt from every commit of the plan",
        "transition trend --git v1.0..HEAD royal-assent",
    ),
)
def trend(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Milestone ids. Default: those whose history moved a date by the as-of date "
            "(a re-forecast, re-baseline, cancellation or actual; confirmations draw nothing).",
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
    git: Annotated[
        bool,
        typer.Option(
            "--git",
            help="Rebuild the trend from the plan's git history: each commit that touched the "
            "plan is a report on its commit date. A first argument that is not a milestone id "
            "is the revision range (default HEAD: every commit). As of the last commit unless --as-of.",
        ),
    ] = False,
) -> None:
    """Milestone trend analysis: for each milestone, the forecast in force at each report date.
    On the chart a level line holds its date, a rising line is slippage, and a line ends on the
    diagonal when the milestone is achieved.
    """
    from ..errors import TransitionError, did_you_mean, visible
    from ..slippage import evaluate
    from ..trend import trend_series

    the_plan = load_checked(plan)
    known = [m.id for m in the_plan.milestones]
    ids = list(ids or ())
    rev_range = "HEAD"
    if git and ids and ids[0] not in known:
        rev_range = ids.pop(0)
    for wanted in ids:
        if wanted not in known:
            fail(f"no milestone '{wanted}'{did_you_mean(wanted, known)}")
    if git:
        try:
            series, day = _from_git(plan, rev_range, as_of, ids or None)
        except TransitionError:
            hint = did_you_mean(rev_range, known) if rev_range != "HEAD" else ""
            if not hint:
                raise
            fail(f"'{visible(rev_range)}' is neither a milestone{hint} nor a git revision range")
    else:
        day = resolve_as_of(as_of, the_plan)
        expected = {
            m.id: m.expected for m in evaluate(the_plan, day).milestones if m.expected is not None
        }
        series = trend_series(the_plan, day, ids or None, expected)
    title = f"{the_plan.programme.name}: milestone trend"
    if git:
        title += f" (from git, {rev_range})"
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


def _from_git(
    plan: str | None, rev_range: str, as_of: str | None, ids: list[str] | None
) -> tuple[tuple[TrendSeries, ...], date]:
    """The series rebuilt from the commits of the plan; as of --as-of, else the last commit."""
    import sys

    from ..history import plan_reports
    from ..load import resolve_plan_path
    from ..trend import git_trend

    reports, skipped = plan_reports(resolve_plan_path(plan), rev_range)
    for note in skipped:
        sys.stderr.write(f"transition: trend --git: skipped commit {visible(note)}\n")
    if not reports:
        fail(f"--git {visible(rev_range)}: no commit in that range holds a plan that loads")
    day = option_date("--as-of", as_of) if as_of else max(r.day for r in reports)
    return git_trend(reports, day, ids), day
