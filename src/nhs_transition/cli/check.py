"""`transition check`: validate plan files like a compiler, for people, editors and CI."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import OutputOption, PlanOption, app, emit, examples, follow_symlinks, load_and_check

if TYPE_CHECKING:
    from ..errors import Diagnostic
    from ..load import CheckedLoad


class CheckFormat(StrEnum):
    """Output formats of `check`."""

    text = "text"
    json = "json"
    github = "github"


@app.command(
    "check",
    short_help="Validate the plan: every problem at file:line:col with a rule code.",
    epilog=examples(
        "transition check                      # the plan found as usual (--plan, $TRANSITION_PLAN, ./data)",
        "transition check plans/ltn --strict   # a plan directory; warnings fail too",
        "transition check --format json | jq '.diagnostics[].code'",
    ),
)
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Plan directories or plan files; a file inside a plan directory stands for its "
            "whole plan. Default: the plan found as usual.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings as well as errors.")
    ] = False,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json, or github (GitHub Actions annotations; the default when "
            "GITHUB_ACTIONS=true).",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    plan: PlanOption = None,
) -> None:
    """Validate a plan: every problem at file:line:col with a rule code.

    Exit 0 when there are no errors (and, with --strict, no warnings); 1 when there are;
    2 when a file cannot be read or parsed at all.
    """
    from ..errors import EXIT_OK, EXIT_PLAN_ERRORS, EXIT_USAGE, Severity
    from ..render.diagnostics import render_github, render_json, render_text

    chosen = output_format or (
        CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.text
    )
    diagnostics, ignored, files, fatal = _check(_load(paths, plan))
    failing = any(d.severity is Severity.ERROR or strict for d in diagnostics)
    code = EXIT_USAGE if fatal else EXIT_PLAN_ERRORS if failing else EXIT_OK
    if chosen is CheckFormat.json:
        emit(render_json(diagnostics, ok=code == EXIT_OK), output)
    elif chosen is CheckFormat.github:
        emit(render_github(diagnostics, files, ignored), output)
    else:
        emit(render_text(diagnostics, files, ignored), output)
    raise typer.Exit(code)


def _check(checked: list[CheckedLoad]) -> tuple[list[Diagnostic], dict[str, int], int, bool]:
    """What loading and the rules found in every plan: (sorted diagnostics, ignored warnings,
    files, fatal)."""
    from ..errors import sort_diagnostics

    diagnostics: list[Diagnostic] = []
    ignored: dict[str, int] = {}
    files: set[str] = set()
    fatal = False
    for one in checked:
        result = one.result
        diagnostics += result.diagnostics
        files.update(result.files)
        fatal = fatal or result.fatal
        diagnostics += one.diagnostics
        for rule, n in one.ignored.items():
            ignored[rule] = ignored.get(rule, 0) + n
    return sort_diagnostics(diagnostics), ignored, len(files), fatal


def _load(paths: list[Path] | None, plan_option: str | None) -> list[CheckedLoad]:
    """One load result per plan: each directory given, the plan of each file given, loose files.

    A file inside a plan directory stands for its whole plan, because the rules look across
    files (an owner in timeline.yaml is defined in organisations.yaml). Files outside any plan
    directory are loaded together as one plan.
    """
    from ..load import is_plan_dir

    if not paths:
        return [load_and_check(plan_option, want_plan=False)]
    follow = follow_symlinks()
    plans: list[Path] = []
    loose: list[Path] = []
    for path in paths:
        if path.is_dir() or not path.exists():
            home: Path | None = path
        elif is_plan_dir(path.parent):
            home = path.parent
        elif path.parent.name == "milestones" and is_plan_dir(path.parent.parent):
            home = path.parent.parent
        else:
            home = None
        if home is None:
            loose.append(path)
        elif home not in plans:
            plans.append(home)
    results = [load_and_check(None, path=p, want_plan=False) for p in plans]
    if loose:
        from ..load import check_loaded, load_files

        results.append(
            check_loaded(load_files(loose, root=loose[0].parent, follow_symlinks=follow))
        )
    return results
