"""`transition update ID`: record a report on a milestone in the plan file, in place."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from . import (
    PlanOption,
    TableFormat,
    app,
    emit,
    examples,
    fail,
    load_unchecked,
    option_date,
    written_date,
)

if TYPE_CHECKING:
    from ..edit import PlanEdit, Report
    from ..model import Plan

_DATE_HELP = "any date expression, or today, +2w, -1w"
EffectAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Show the effect as of this date. Default: the date of the report (--on).",
        show_default=False,
    ),
]
# The options `update` and `returns apply` share.
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the diff it would write; write nothing.")
]
EffectFormatOption = Annotated[
    TableFormat, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
]


@app.command(
    "update",
    short_help="Record a report on a milestone: a forecast, an actual, a re-baseline, ...",
    epilog=examples(
        'transition update go-live --forecast "+3w" --reason "Supplier delivered late"',
        "transition update go-live --actual today",
        'transition update go-live --reason "On track, checked with the supplier"',
        'transition update go-live --due "Q3 2027" --reason "Board approved the new scope"',
        'transition update old-system-retired --cancel --reason "Replaced by the new platform"',
        "transition update go-live --forecast 2027-03-01 --reason Late --dry-run",
    ),
)
def update(
    milestone: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The milestone's id; for one organisation's part of a cascade, the child's id "
            "(PARENT/ORGANISATION, e.g. staff-interviews-shas/sha-london).",
        ),
    ],
    forecast: Annotated[
        str | None,
        typer.Option(metavar="DATE", help=f"New forecast ({_DATE_HELP}).", show_default=False),
    ] = None,
    actual: Annotated[
        str | None,
        typer.Option(metavar="DATE", help=f"Achieved on ({_DATE_HELP}).", show_default=False),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help=f"Re-baseline: the new deadline ({_DATE_HELP}); needs --reason.",
            show_default=False,
        ),
    ] = None,
    cancel: Annotated[
        bool, typer.Option("--cancel", help="Cancel the milestone; needs --reason.")
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help="Why: needed for a moved forecast, a re-baseline and a cancellation.",
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The date of the report. Default: today.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    as_of: EffectAsOfOption = None,
    output_format: EffectFormatOption = TableFormat.table,
    plan: PlanOption = None,
) -> None:
    """Record a report on milestone ID: appends a history entry dated --on and, for a forecast
    or an actual, sets the milestone's `forecast:` or `actual:`. No option records a
    confirmation ("still on track"). Every other byte of the file stays as it was; the result is
    checked before it is written, and written atomically.

    Prints the effect as of the report date (or --as-of): the new expected date, the rating
    before and after, and what moved downstream.
    """
    from ..edit import Report, unmoved

    loaded = load_unchecked(plan, to_edit=True)
    day = report_day(on)
    report = Report(
        milestone,
        day,
        forecast=written_date("--forecast", forecast) if forecast else None,
        actual=written_date("--actual", actual) if actual else None,
        due=written_date("--due", due) if due else None,
        cancel=cancel,
        reason=reason.strip() if reason and reason.strip() else None,
    )
    as_of_day = option_date("--as-of", as_of) if as_of else day
    report = unmoved(loaded, report)  # the forecast in force again: a confirmation
    apply_reports(loaded, [report], as_of_day, dry_run, output_format is TableFormat.json)


def report_day(on: str | None) -> date:
    """The date of a report: --on (default today), never after today."""
    from ..dates import format_day

    day = option_date("--on", on) if on else date.today()
    if day > date.today():
        fail(
            f"--on {format_day(day)} is after today: a report records what an owner has said "
            "(a future date belongs in --forecast)"
        )
    return day


def apply_reports(
    loaded: Plan,
    reports: list[Report],
    as_of: date,
    dry_run: bool,
    as_json: bool = False,
    heading: str | None = None,
) -> None:
    """Check the reports, edit the plan, write it (or print the diff), print the effect (after
    `heading`, printed once the edit is known to pass the checks)."""
    import sys

    from ..edit import edit_plan, report_problems
    from ..edit.effect import effect_of
    from ..errors import visible
    from ..render.update import effect_json, effect_text

    by_id = {m.id: m for m in loaded.milestones}
    for report in reports:
        problems = report_problems(loaded, report, by_id)
        if problems:
            named = f"'{visible(report.milestone)}'"
            fail(
                "\n".join(
                    visible(p) if visible(p).startswith(named) else f"{named}: {visible(p)}"
                    for _, p in problems
                )
            )
    edit: PlanEdit = edit_plan(loaded, reports)
    if heading is not None and not as_json:
        emit(heading)
    effect = effect_of(edit, reports, as_of)
    files = [change.name for change in edit.changes]
    diff = edit.diff() if dry_run else None
    if diff and not as_json:
        emit(diff.rstrip("\n"))
    if not dry_run:
        edit.write()
    for warning in edit.warnings:
        sys.stderr.write(f"{warning.format_text()}\n")
    status = loaded.programme.status_date
    late = [r for r in reports if status is not None and r.on > status.day]
    if late:
        from ..dates import format_day

        sys.stderr.write(
            f"note: the programme's status_date is {format_day(status.day)} (status: "  # type: ignore[union-attr]
            "evaluates the plan as of that day unless --as-of says otherwise); this report is "
            f"dated {format_day(late[0].on)}. Move status_date on to see it in status\n"
        )
    if as_json:
        emit(effect_json(effect, written=not dry_run, files=files, diff=diff))
    else:
        emit(effect_text(effect, written=not dry_run, files=files))
