"""`transition diff [BASE [HEAD]]`: the schedule impact of a change between two states of the plan."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from . import AsOfOption, OutputOption, PlanOption, app, emit, examples, fail, option_date

if TYPE_CHECKING:
    from ..diff import Side
    from ..model import Plan
    from ..weekly import PlanState


class DiffFormat(StrEnum):
    """Output formats of the diff."""

    text = "text"
    table = "table"  # the same as text: every data command takes --format table
    markdown = "markdown"
    json = "json"
    csv = "csv"


@app.command(
    "diff",
    short_help="The schedule impact of a change: what moved, by how much, because of what.",
    epilog=examples(
        "transition diff                          # HEAD against the working tree",
        "transition diff origin/main HEAD --format markdown --output comment.md",
        "transition diff last-week.json           # a snapshot against the working tree",
        "transition diff --staged                 # what `git commit` would change",
        "transition diff main HEAD --fail-on finish-later,unexplained",
    ),
)
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE",
            help="A git revision of the repository holding the plan, a plan directory, or a "
            "snapshot file. Default: HEAD.",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD",
            help="The same kinds as BASE. Default: the plan as it is on disk (the working tree).",
            show_default=False,
        ),
    ] = None,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            "--cached",
            help="Compare with the plan staged in git's index (what a commit would record).",
        ),
    ] = False,
    as_of: AsOfOption = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (or table), markdown (a pull-request comment), json or csv.",
        ),
    ] = DiffFormat.text,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            metavar="RULES",
            help="Exit 1 when the change breaks one of these policies (comma-separated): "
            "finish-later, new-red, unexplained, rebaselined; 'none' ignores the programme's "
            "`policies:`. Default: the two-state policies the head plan declares.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """What a change does to the schedule: milestones added and removed, each changed milestone
    with its edited fields, how far its expected date moved and its rating change, whether it
    was edited or moved by a knock-on (and from which milestone), the programme finish and
    critical path before and after, and the owners affected. Exits 0 whatever it finds, unless
    a policy is broken (--fail-on, or the programme's `policies:`).
    """
    from ..diff import POLICIES, compare_sides, violations
    from ..history import read_side
    from ..load import resolve_plan_path
    from ..render.diff import diff_csv, diff_json, diff_markdown, diff_text

    if staged and head is not None:
        fail("--staged compares with the index: give BASE only (or drop --staged)")
    plan_dir = resolve_plan_path(plan)
    if base is None:
        from ..history import missing_at_head

        why = missing_at_head(plan_dir)
        if why is not None:  # a first commit of the plan: nothing to compare, nothing wrong
            sys.stderr.write(f"transition diff: {why}: nothing to compare with\n")
            return
    base_label, base_source = read_side(base or "HEAD", plan_dir, option="BASE")
    head_label, head_source = read_side(":" if staged else head, plan_dir, option="HEAD")
    day = _as_of(as_of, head_source)
    base_side = _side(base_source, base_label, day)
    head_side = _side(head_source, head_label, day)
    _note_errors(head_source, head_label)
    rules = _rules(fail_on, head_source, POLICIES)
    result = compare_sides(base_side, head_side, day)
    broken = violations(result, rules)
    if output_format is DiffFormat.json:
        emit(diff_json(result, broken), output)
    elif output_format is DiffFormat.markdown:
        emit(diff_markdown(result, broken), output)
    elif output_format is DiffFormat.csv:
        emit(diff_csv(result), output)
    elif output is None and _colour():
        from ..render.diff import diff_terminal
        from ..render.terminal import make_console

        console = make_console()
        console.print(diff_terminal(diff_text(result, broken, width=console.width)), soft_wrap=True)
    else:  # text to a pipe or a file: wrapped at $COLUMNS, as other commands lay out
        from ..render.terminal import columns

        emit(diff_text(result, broken, width=columns()), output)
    if broken:
        from ..errors import visible

        for v in broken:
            sys.stderr.write(f"transition: policy {v.rule} broken: {visible(v.message)}\n")
        raise typer.Exit(1)


def _note_errors(source: Plan | PlanState, label: str) -> None:
    """Say on stderr when the plan compared would not pass `transition check`: the diff reads
    it as it is (and still passes: `check` is the gate), but a reviewer must not take it for a
    plan that holds."""
    from ..checks import run_checks
    from ..errors import Severity
    from ..weekly import PlanState

    if isinstance(source, PlanState):
        return
    from dataclasses import replace

    from ..plan import Locator

    # Positions are not shown here: without them no diagnostic walks the files again to find
    # its line (a plan read from git has none recorded; 2 s at 20,000 milestones).
    unplaced = replace(source, locator=Locator())
    errors = [d for d in run_checks(unplaced) if d.severity is Severity.ERROR]
    if errors:
        from ..errors import visible

        noun = "error" if len(errors) == 1 else "errors"
        first = visible(errors[0].message)
        sys.stderr.write(
            f"transition diff: note: the plan at {label} has {len(errors)} {noun} "
            f"(`transition check` fails; the first: {first}); it is compared as it is\n"
        )


def _as_of(text: str | None, head: Plan | PlanState) -> date:
    """--as-of, else HEAD's status date (a snapshot's own date), else today."""
    from ..weekly import PlanState

    if text:
        return option_date("--as-of", text)
    if isinstance(head, PlanState):
        return head.as_of
    if head.programme.status_date is not None:
        return head.programme.status_date.day
    return date.today()


def _side(source: Plan | PlanState, label: str, day: date) -> Side:
    from ..diff import side_from_plan, side_from_state
    from ..errors import EXIT_PLAN_ERRORS, TransitionError
    from ..schedule import CycleError
    from ..weekly import PlanState

    if isinstance(source, PlanState):
        return side_from_state(source, label)
    try:
        return side_from_plan(source, day, label)
    except CycleError as exc:
        raise TransitionError(
            f"the plan at {label}: {exc}; run `transition check`", EXIT_PLAN_ERRORS
        ) from None


def _rules(fail_on: list[str] | None, head: Plan | PlanState, known: tuple[str, ...]) -> list[str]:
    """The policies to enforce: --fail-on (comma-separated, repeatable), else the plan's own."""
    from ..weekly import PlanState

    if fail_on:
        wanted = [r.strip() for item in fail_on for r in item.split(",") if r.strip()]
        if wanted == ["none"]:
            return []
        unknown = [r for r in wanted if r not in known]
        if unknown:
            from ..errors import did_you_mean, excerpt

            fail(
                f"--fail-on: '{excerpt(unknown[0])}' is not a policy of diff"
                f"{did_you_mean(unknown[0], list(known))}; the policies are {', '.join(known)}"
                " (or 'none')"
            )
        return wanted
    if isinstance(head, PlanState):
        return []
    return [p for p in head.programme.policies if p in known]


def _colour() -> bool:
    """Colour only on a terminal, and never under NO_COLOR (pipes and files get plain text)."""
    import os

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
