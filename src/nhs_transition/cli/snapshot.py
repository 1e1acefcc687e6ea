"""`transition snapshot`: save the evaluated plan as JSON, to compare weeks without git."""

from __future__ import annotations

from . import AsOfOption, OutputOption, PlanOption, app, emit, examples, load_checked, resolve_as_of


@app.command(
    "snapshot",
    short_help="Save the evaluated plan as JSON, to compare weeks later.",
    epilog=examples(
        "transition snapshot --as-of 2011-01-14 --output week-02.json",
        "transition report weekly --week-ending 2011-01-21 --against week-02.json",
    ),
)
def snapshot(
    as_of: AsOfOption = None,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """Save the plan as evaluated on a date (dates, slip, ratings, critical path) as JSON.

    `transition report weekly --against FILE` reads it back next week.
    """
    from ..history import snapshot_text, state_on

    the_plan = load_checked(plan)
    emit(snapshot_text(state_on(the_plan, resolve_as_of(as_of, the_plan))), output)
