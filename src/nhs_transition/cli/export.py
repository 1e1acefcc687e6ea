"""`transition export ics|mspdi`: the plan's dates for calendars and MS Project."""

from __future__ import annotations

from typing import Annotated

import typer

from . import AsOfOption, OutputOption, PlanOption, app, emit, load_checked, resolve_as_of
from .status import RatingChoice

export_app = typer.Typer(
    name="export",
    help="Other tools' formats out: `transition export ics` (calendars), `export mspdi` (MS Project).",
    short_help="Deadlines for calendars (ics), the schedule for MS Project (mspdi).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
app.add_typer(export_app, name="export")


@export_app.command(
    "ics",
    short_help="Deadlines and expected dates as an iCalendar feed.",
    epilog="Examples:\n\n"
    "  transition export ics -o programme.ics\n\n"
    "  transition export ics --organisation sha-london --due-within 3m -o sha-london.ics\n\n"
    "  transition export ics --rating red --rating amber --as-of 2011-06-30",
)
def export_ics(
    owner: Annotated[
        str | None,
        typer.Option(
            metavar="OWNER",
            help="Only milestones owned by this post or organisation (id, or a post's holder or "
            "title), including everything below it.",
            show_default=False,
        ),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(
            metavar="ORGANISATION",
            help="Only milestones owned by this organisation (id or name), its children, or posts in them.",
            show_default=False,
        ),
    ] = None,
    workstream: Annotated[
        list[str] | None,
        typer.Option(
            metavar="WORKSTREAM", help="Only this workstream (repeatable).", show_default=False
        ),
    ] = None,
    rating: Annotated[
        list[RatingChoice] | None,
        typer.Option("--rating", "-r", help="Only this rating (repeatable).", case_sensitive=False),
    ] = None,
    due_within: Annotated[
        str | None,
        typer.Option(
            metavar="DURATION",
            help="Only open milestones due between the as-of date and this far after it (4w, 3m).",
            show_default=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="The calendar's name in clients. Default: the programme's name.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """Deadlines and expected dates as all-day events of one iCalendar feed (RFC 5545).

    Each milestone gives a deadline event and an expected-date event (the actual once
    achieved), with its rating, owner and slip in the description. UIDs are stable and
    SEQUENCE counts the reports that moved a date, so a calendar that imports the file again
    updates its events instead of duplicating them. The same plan as of the same day gives the
    same file.
    """
    from ..interop.ics import calendar_text
    from ..slippage import evaluate
    from .status import filtered_report

    loaded = load_checked(plan)
    evaluation = evaluate(loaded, resolve_as_of(as_of, loaded))
    report = filtered_report(
        loaded,
        evaluation,
        owner=owner,
        organisation=organisation,
        workstreams=workstream,
        ratings=rating,
        due_within=due_within,
    )
    emit(calendar_text(loaded, report.milestones, evaluation.as_of, name=name), output)


@export_app.command(
    "mspdi",
    short_help="The schedule as MS Project XML.",
    epilog="Examples:\n\n"
    "  transition export mspdi -o programme.xml      # open in MS Project or ProjectLibre\n\n"
    "  transition export mspdi --as-of 2011-06-30 -o june.xml",
)
def export_mspdi(
    as_of: AsOfOption = None,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """The schedule as MS Project XML (MSPDI): a task per milestone under a summary task per
    workstream, with our early and late dates, floats, critical flags, deadlines, actuals, links
    (type and lag) and owners as resources.

    The file holds the plan as of the as-of date (StatusDate): the forecasts and deadlines in
    force then, and only the actuals recorded by then.
    """
    import sys

    from ..errors import visible
    from ..interop.mspdi_write import not_written, project_xml
    from ..slippage import evaluate

    loaded = load_checked(plan)
    evaluation = evaluate(loaded, resolve_as_of(as_of, loaded))
    emit(project_xml(loaded, evaluation), output)
    lost = not_written(loaded)
    if lost:
        sys.stderr.write(
            "transition export mspdi: note: MS Project XML has no place for (the plan files "
            "keep them):\n" + "".join(f"  - {visible(line)}\n" for line in lost)
        )
