"""`transition returns template` / `returns apply FILE`: the weekly return, out and back in."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import (
    AsOfOption,
    PlanOption,
    TableFormat,
    app,
    emit,
    examples,
    fail,
    load_checked,
    load_unchecked,
    option_date,
)
from .update import DryRunOption, EffectAsOfOption, EffectFormatOption, apply_reports, report_day

returns_app = typer.Typer(
    name="returns",
    help="The weekly return: a sheet of an owner's open milestones to fill in, and applying it.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
app.add_typer(returns_app, name="returns")


class ReturnFormat(StrEnum):
    """Formats of a return."""

    csv = "csv"
    xlsx = "xlsx"


@returns_app.command(
    "template",
    short_help="Write a return to fill in: one owner's open milestones (CSV or XLSX).",
    epilog=examples(
        "transition returns template --owner head-of-it -o it-return.csv",
        "transition returns template --organisation sha-london --due-within 8w -o london.xlsx",
    ),
)
def template(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The file to write.", show_default=False
        ),
    ],
    owner: Annotated[
        str | None,
        typer.Option(
            metavar="OWNER",
            help="A post or organisation (and everything under it).",
            show_default=False,
        ),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(
            metavar="ORG", help="An organisation and everything under it.", show_default=False
        ),
    ] = None,
    due_within: Annotated[
        str | None,
        typer.Option(
            "--due-within",
            metavar="DURATION",
            help="Only milestones due by the as-of date plus this (overdue ones included), e.g. 8w.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReturnFormat | None,
        typer.Option(
            "--format", "-f", help="csv or xlsx (default: from the file name).", show_default=False
        ),
    ] = None,
    as_of: AsOfOption = None,
    plan: PlanOption = None,
) -> None:
    """Write a return: the open milestones of an owner (with everything under it in the
    organisation tree), due soonest first, with the forecast in force. Columns: id, title, owner,
    due, forecast, new_forecast, actual, reason; the owner fills the last three (blank: no
    change; only a reason: a confirmation). Cells that a spreadsheet would run as formulas are
    written with a leading quote.
    """
    from ..edit import write_atomic
    from ..edit.returns import template_csv, template_rows, template_xlsx
    from ..slippage import evaluate, owners_under
    from . import resolve_as_of
    from .status import _due_by, _find_organisation, _find_owner

    loaded = load_checked(plan)
    day = resolve_as_of(as_of, loaded)
    owners: set[str] | None = None
    if owner is not None:
        owners = owners_under(loaded, _find_owner(loaded, owner))
    if organisation is not None:
        under = owners_under(loaded, _find_organisation(loaded, organisation))
        owners = under if owners is None else owners & under
    due_by = _due_by(day, due_within, loaded) if due_within is not None else None
    rows = template_rows(loaded, evaluate(loaded, day), owners, due_by)
    chosen = output_format or (
        ReturnFormat.xlsx if output.suffix.lower() == ".xlsx" else ReturnFormat.csv
    )
    if chosen is ReturnFormat.xlsx:
        data = template_xlsx(rows, f"{loaded.programme.name}: return")
    else:
        data = template_csv(rows)
    write_atomic(output, data)
    noun = "milestone" if len(rows) == 1 else "milestones"
    emit(f"wrote {output}: {len(rows)} open {noun} to report on")


@returns_app.command(
    "apply",
    short_help="Apply a filled return: each row as an `update`; one bad row applies none.",
    epilog=examples(
        "transition returns apply it-return.csv --dry-run",
        "transition returns apply it-return.csv --on 2027-01-15",
    ),
)
def apply(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The filled return (CSV or XLSX).")],
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The date of the reports. Default: today.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    as_of: EffectAsOfOption = None,
    output_format: EffectFormatOption = TableFormat.table,
    plan: PlanOption = None,
) -> None:
    """Apply a filled return: a new forecast, an actual or a reason on a row becomes a history
    entry (as `transition update` writes it). Every row is checked first: an unknown id, a row
    for another owner's milestone, a bad date, a moved forecast without a reason, an actual in the
    future, a row already recorded (a return applied twice); each problem is reported at
    FILE:row:column and no row is applied. A cascade's rows are its children's
    (PARENT/ORGANISATION ids).
    """
    from ..edit.returns import at_rows, describe_return, read_return, return_reports
    from ..errors import TransitionError, visible

    loaded = load_unchecked(plan, to_edit=True)
    day = report_day(on)
    sheet = read_return(file, str(file))
    reports = return_reports(loaded, sheet, day)
    if not reports:
        fail(
            f"{visible(file)}: nothing to apply (every row is blank in new_forecast, actual and reason)"
        )
    as_json = output_format is TableFormat.json
    try:
        apply_reports(
            loaded,
            reports,
            option_date("--as-of", as_of) if as_of else day,
            dry_run,
            as_json,
            heading=describe_return(reports),
        )
    except TransitionError as exc:
        # The edited plan would not pass `check`: its problems shown at the return's rows.
        found = at_rows(sheet, reports, exc.diagnostics)
        if found != exc.diagnostics:
            placed = {d.file == sheet.name for d in found}
            where = (
                "at the rows of the return that cause them"
                if placed == {True}
                else "at the rows of the return that cause them, or in the edited text"
            )
            exc.message = exc.message.replace("at their place in the edited text", where)
        exc.diagnostics = found
        raise
