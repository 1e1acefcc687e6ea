"""`transition status`: where the programme stands, and what needs attention, as of a date."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from . import (
    AsOfOption,
    OutputOption,
    PlanOption,
    WorkstreamOption,
    app,
    complete_organisations,
    complete_owners,
    emit,
    examples,
    fail,
    load_checked,
    resolve_as_of,
    show_report,
)

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from ..model import Plan
    from ..render.status import StatusReport
    from ..slippage import Evaluation, MilestoneStatus


class StatusFormat(StrEnum):
    """Output formats of `status`."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class GroupByChoice(StrEnum):
    """What `--by` rolls the milestones up by."""

    organisation = "organisation"
    type = "type"
    region = "region"
    workstream = "workstream"
    owner = "owner"


class RatingChoice(StrEnum):
    """The ratings `--rating` accepts."""

    red = "red"
    amber = "amber"
    unknown = "unknown"
    green = "green"
    undated = "undated"
    done = "done"
    cancelled = "cancelled"


@app.command(
    "status",
    short_help="Where the programme stands: ratings, owners, reasons.",
    epilog=examples(
        "transition status                                  # the whole plan as of its status date",
        "transition status --as-of 2011-06-30 --rating red --rating amber",
        "transition status --organisation dh --due-within 4w",
        "transition status --by organisation             # the organisation tree, rolled up",
        "transition status --format json | jq '.milestones[] | select(.rating == \"red\") | .id'",
    ),
)
def status(
    owner: Annotated[
        str | None,
        typer.Option(
            metavar="OWNER",
            autocompletion=complete_owners,
            help="Only milestones owned by this post or organisation (id, or a post's holder or "
            "title), including everything below it in the organisation tree.",
            show_default=False,
        ),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(
            metavar="ORGANISATION",
            autocompletion=complete_organisations,
            help="Only milestones owned by this organisation (id or name), its child "
            "organisations, or posts in them.",
            show_default=False,
        ),
    ] = None,
    workstream: WorkstreamOption = None,
    rating: Annotated[
        list[str] | None,
        typer.Option(
            "--rating",
            "-r",
            metavar="[" + "|".join(RatingChoice) + "]",
            help="Only this rating (repeatable).",
        ),
    ] = None,
    due_within: Annotated[
        str | None,
        typer.Option(
            metavar="DURATION",
            help="Only open milestones whose deadline falls between the as-of date and this "
            "far after it, e.g. 4w, 10d, 3m, 15wd (working days of the plan's calendar).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        GroupByChoice | None,
        typer.Option(
            "--by",
            help="One row per organisation (as a tree, each level summing its subtree), "
            "organisation type, region, workstream or owner: counts per rating, worst slip, "
            "next deadline and the group's rating (its worst milestone's).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    expand: Annotated[
        bool,
        typer.Option(
            "--expand",
            help="Show each child of a cascaded milestone (one per organisation) in a row of "
            "its own. Without it, the parent's row says how many are done (--owner and "
            "--organisation show the children they select).",
        ),
    ] = False,
    as_of: AsOfOption = None,
    output_format: Annotated[
        StatusFormat,
        typer.Option("--format", "-f", help="table, json, csv or markdown.", case_sensitive=False),
    ] = StatusFormat.table,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """The status table: counts per rating, the finish against the deadline, what is due soon,
    then every milestone by workstream with its owner, dates, slip, float and rating (and why).

    Filters combine (a milestone must pass every one given); the summary then counts what is
    shown and says so.
    """
    from ..slippage import evaluate

    loaded = load_checked(plan)
    day = resolve_as_of(as_of, loaded)
    evaluation = evaluate(loaded, day)
    ratings = [_rating_choice(text) for text in rating or []]
    report = _report(loaded, evaluation, owner, organisation, workstream, ratings, due_within)
    if loaded.cascades and not (expand or by or owner or organisation):
        report = _without_children(loaded, report, evaluation.milestones)
    if by is not None:
        _print_rollup(loaded, report, by.value, output_format, output)
    elif output_format is StatusFormat.table:
        from ..render.status_table import status_table

        show_report(lambda width: status_table(report, width), output)
    else:
        from ..render.status import status_csv, status_json, status_markdown

        renderers = {
            StatusFormat.json: status_json,
            StatusFormat.csv: status_csv,
            StatusFormat.markdown: status_markdown,
        }
        emit(renderers[output_format](report), output)


def _rating_choice(text: str) -> RatingChoice:
    """A --rating value (any case), else exit 2 naming the ratings plainly."""
    from ..errors import did_you_mean

    names = [choice.value for choice in RatingChoice]
    wanted = text.strip().lower()
    if wanted not in names:
        fail(
            f"--rating: '{text}' is not a rating{did_you_mean(wanted, names)}; "
            f"the ratings are {', '.join(names[:-1])} and {names[-1]}"
        )
    return RatingChoice(wanted)


def _without_children(
    plan: Plan, report: StatusReport, every: tuple[MilestoneStatus, ...]
) -> StatusReport:
    """The report without the children of cascaded milestones (their parents summarise them).

    Counted the same way throughout: the plan's total and its critical milestones count a
    cascade once, by its parent (critical when a child is), like the summary line.
    """
    from dataclasses import replace

    from ..slippage import summarise

    children = {kid for kids in plan.cascades.values() for kid in kids}
    shown = tuple(s for s in report.milestones if s.id not in children)
    whole = report.summary
    summary = summarise(shown, as_of=report.as_of, finish=whole.finish, deadline=whole.deadline)
    path = report.critical_path
    if path is not None:
        count = sum(1 for s in every if s.critical and s.id not in children)
        path = replace(path, critical_count=count)
    total = report.plan_total - len(children)
    return replace(report, milestones=shown, summary=summary, plan_total=total, critical_path=path)


def _print_rollup(
    plan: Plan, report: StatusReport, by: str, output_format: StatusFormat, output: Path | None
) -> None:
    from ..render import rollup as render
    from ..rollup import roll_up

    rolled = roll_up(plan, report.milestones, by, report.as_of)  # type: ignore[arg-type]
    if output_format is StatusFormat.table:
        show_report(lambda width: render.rollup_table(rolled, report, width), output)
    elif output_format is StatusFormat.markdown:
        emit(render.rollup_markdown(rolled, report), output)
    else:
        json_or_csv = (
            render.rollup_json if output_format is StatusFormat.json else render.rollup_csv
        )
        emit(json_or_csv(rolled), output)


def _report(
    plan: Plan,
    evaluation: Evaluation,
    owner: str | None,
    organisation: str | None,
    workstreams: list[str] | None,
    ratings: list[RatingChoice],
    due_within: str | None,
) -> StatusReport:
    """Apply the filters (each checked against the plan) and build what the renderers show."""
    from ..render.status import StatusReport
    from ..slippage import owners_under, select, summarise

    filters: list[str] = []
    owners: set[str] | None = None
    if owner is not None:
        found = _find_owner(plan, owner)
        owners = owners_under(plan, found)
        filters.append(f"owner {found}")
    if organisation is not None:
        found = _find_organisation(plan, organisation)
        under = owners_under(plan, found)
        owners = under if owners is None else owners & under
        filters.append(f"organisation {found}")
    wanted_workstreams: set[str] | None = None
    if workstreams:
        wanted_workstreams = {_find_workstream(plan, w) for w in workstreams}
        filters.append("workstream " + " or ".join(sorted(wanted_workstreams)))
    wanted_ratings = {r.value for r in ratings} or None
    if wanted_ratings:
        filters.append(
            "rating " + " or ".join(r.value for r in RatingChoice if r.value in wanted_ratings)
        )
    due_by: date | None = None
    if due_within is not None:
        due_by = _due_by(evaluation.as_of, due_within, plan)
        filters.append(f"due within {due_within.strip()}")
    shown = select(
        evaluation.milestones,
        owners=owners,
        workstreams=wanted_workstreams,
        ratings=wanted_ratings,
        due_from=evaluation.as_of if due_by is not None else None,
        due_by=due_by,
    )
    whole = evaluation.summary
    summary = (
        summarise(shown, as_of=evaluation.as_of, finish=whole.finish, deadline=whole.deadline)
        if filters
        else whole
    )
    return StatusReport(
        programme_id=plan.programme.id,
        programme_name=plan.programme.name,
        as_of=evaluation.as_of,
        milestones=shown,
        summary=summary,
        plan_total=len(evaluation.milestones),
        filters=tuple(filters),
        critical_path=evaluation.schedule.named_path(),
    )


def _find_owner(plan: Plan, text: str) -> str:
    """A post or organisation id from its id, a post's holder or title, or an organisation's name."""
    ids = [o.id for o in plan.organisations] + [r.id for r in plan.roles]
    if text in ids:
        return text
    wanted = text.strip().casefold()
    matches = {
        r.id
        for r in plan.roles
        if wanted in ((r.holder or "").casefold(), r.title.casefold())
        or any(h.name.casefold() == wanted for h in r.holders or ())
    }
    matches |= {o.id for o in plan.organisations if o.name.casefold() == wanted}
    if len(matches) == 1:
        return matches.pop()
    if matches:
        fail(f"--owner: '{text}' matches several owners: {', '.join(sorted(matches))}; give an id")
    from ..errors import did_you_mean, visible

    # Part of a name ('priya' for 'Priya Shah'): name the owners whose words contain it.
    partial = sorted(
        {
            r.id
            for r in plan.roles
            if wanted
            and any(
                wanted in name.casefold()
                for name in (r.holder or "", r.title, *(h.name for h in r.holders or ()))
            )
        }
        | {o.id for o in plan.organisations if wanted and wanted in o.name.casefold()}
    )
    if partial:
        shown = ", ".join(partial[:5]) + (
            f" and {len(partial) - 5} more" if len(partial) > 5 else ""
        )
        fail(
            f"--owner: no post or organisation '{visible(text)}' in the plan; it is part of the "
            f"holder, title or name of: {shown} (give one of these ids)"
        )
    fail(f"--owner: no post or organisation '{text}' in the plan{did_you_mean(text, ids)}")


def _find_organisation(plan: Plan, text: str) -> str:
    """An organisation id from its id or name."""
    from ..errors import did_you_mean

    ids = [o.id for o in plan.organisations]
    if text in ids:
        return text
    wanted = text.strip().casefold()
    matches = [o.id for o in plan.organisations if o.name.casefold() == wanted]
    if len(matches) == 1:
        return matches[0]
    if any(r.id == text for r in plan.roles):
        fail(f"--organisation: '{text}' is a post, not an organisation; use --owner {text}")
    fail(f"--organisation: no organisation '{text}' in the plan{did_you_mean(text, ids)}")


def _find_workstream(plan: Plan, text: str) -> str:
    from ..errors import did_you_mean

    known = sorted({m.workstream for m in plan.milestones if m.workstream})
    if text in known:
        return text
    listed = f"; the plan has {', '.join(known)}" if known and len(known) <= 12 else ""
    hint = did_you_mean(text, known)
    fail(f"--workstream: no workstream '{text}' in the plan{hint or listed}")


def _due_by(as_of: date, text: str, plan: Plan) -> date:
    """The last deadline `--due-within` keeps: the as-of date moved on by the duration (`wd`
    counts the working days of the plan's calendar; `d` and `w`, calendar days)."""
    from ..dates import DateError, parse_duration, shift

    try:
        duration = parse_duration(text)
    except DateError as exc:
        fail(f"--due-within: {exc}")
    if duration.amount < 0:
        fail(f"--due-within: '{text}' is negative; give a span ahead, such as 4w")
    return shift(as_of, duration, workdays=plan.programme.calendar.workdays)


def filtered_report(
    plan: Plan,
    evaluation: Evaluation,
    *,
    owner: str | None = None,
    organisation: str | None = None,
    workstreams: list[str] | None = None,
    ratings: list[RatingChoice] | None = None,
    due_within: str | None = None,
) -> StatusReport:
    """The milestones `status` would show under these filters (for commands that filter alike)."""
    return _report(plan, evaluation, owner, organisation, workstreams, ratings or [], due_within)
