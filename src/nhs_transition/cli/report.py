"""`transition report weekly`: the Friday page of what changed this week."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import PlanOption, app, emit, load_checked, option_date

if TYPE_CHECKING:
    from ..model import Plan

report_app = typer.Typer(
    name="report",
    help="Reports to send round: `transition report weekly`.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
app.add_typer(report_app, name="report")


class ReportFormat(StrEnum):
    """Output formats of the weekly report."""

    markdown = "markdown"
    html = "html"
    text = "text"


def resolve_week_ending(text: str | None, plan: Plan, today: date | None = None) -> date:
    """--week-ending, else the programme status_date, else the Friday on or before today.

    `date.today()` here is the report's only clock read (tests pass --week-ending instead).
    """
    if text:
        return option_date("--week-ending", text)
    if plan.programme.status_date is not None:
        return plan.programme.status_date.day
    now = today or date.today()
    return now - timedelta(days=(now.weekday() - 4) % 7)


@report_app.command(
    "weekly",
    epilog="Examples:\n\n"
    "  transition report weekly --week-ending 2011-06-24            # against the plan's own history\n\n"
    "  transition report weekly --against HEAD~1 --format html --output week.html\n\n"
    "  transition snapshot --output last-week.json   # on Friday; next Friday:\n\n"
    "  transition report weekly --against last-week.json --format text",
)
def weekly(
    week_ending: Annotated[
        str | None,
        typer.Option(
            "--week-ending",
            metavar="DATE",
            help="The last day of the week reported (any date expression). Default: the "
            "programme's status_date, else the Friday on or before today.",
            show_default=False,
        ),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="Compare with a saved snapshot (an existing FILE written by `transition "
            "snapshot`) or with the plan files at a git revision (REV). Default: the same plan "
            "as it stood seven days earlier (its history entries and actuals).",
            metavar="REV|FILE",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="markdown (GitHub), html (one file) or text (email)."),
    ] = ReportFormat.markdown,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (atomically). Default: stdout.",
            show_default=False,
        ),
    ] = None,
    plan: PlanOption = None,
) -> None:
    """The weekly slippage summary: what slipped, recovered, was achieved and became overdue this
    week, what falls due in the next four weeks, and whether the critical path or finish moved.
    The HTML page also draws the gantt of the next twelve weeks and the trend of what moved.
    """
    from ..history import earlier_state
    from ..load import resolve_plan_path
    from ..render.weekly import render, weekly_figures
    from ..slippage import evaluate
    from ..weekly import compare

    the_plan = load_checked(plan)
    day = resolve_week_ending(week_ending, the_plan)
    before, baseline = earlier_state(
        the_plan, resolve_plan_path(plan), against, day - timedelta(days=7)
    )
    now = evaluate(the_plan, day)
    summary = compare(the_plan, before, now, baseline)
    figures = weekly_figures(the_plan, now, summary) if output_format is ReportFormat.html else None
    emit(render(summary, output_format.value, figures), output)
