"""The `transition` command line: thin commands that parse options, load, compute, render, emit.

This module holds the typer app, the options and helpers the commands share, and the one
boundary (`main`) that turns errors into messages and exit codes. Each command lives in a module
of this package (`cli/check.py`, `cli/status.py`, ...) that registers itself on `app` when
imported; `_register_commands` imports every such module.

Heavy modules (rich, pydantic, the plan models) are imported inside the commands that need
them, so `transition --version` and `--help` start fast.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperArgument, TyperGroup

from .. import __version__
from ..errors import EXIT_PLAN_ERRORS, EXIT_USAGE, TransitionError, visible_lines

if TYPE_CHECKING:
    from ..dates import Anchor
    from ..load import LoadResult
    from ..model import Plan


class _Boundary(TyperGroup):
    """The one boundary: a TransitionError from any command becomes a message and an exit code.

    It sits in the command group (not only in `main`) so that every way of invoking the app,
    the console script and `typer.testing.CliRunner` alike, behaves the same.
    """

    def invoke(self, ctx: Any) -> Any:  # typer.Context narrows the bundled click Context
        # A command is one short pass over a plan that builds no garbage cycles worth collecting;
        # the cyclic collector would walk every object of a large plan again and again (a quarter
        # of a second at 100,000 milestones), so it is paused for the command.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            return super().invoke(ctx)
        except TransitionError as exc:
            for diagnostic in exc.diagnostics:
                sys.stderr.write(f"{diagnostic.format_text()}\n")
            sys.stderr.write(f"transition: error: {visible_lines(exc.message)}\n")
            raise typer.Exit(exc.exit_code) from None
        finally:
            if gc_was_enabled:
                gc.enable()


app = typer.Typer(
    cls=_Boundary,
    name="transition",
    help="Plan-as-code milestone tracker: validate, schedule and report on a change programme.\n\n"
    "The plan is read from --plan, else $TRANSITION_PLAN, else ./data, else the plan shipped "
    "with the tool.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion: ids, owners and workstreams (cli/complete.py)
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    pretty_exceptions_enable=False,
    # Plain help: typer.rich_utils pulls in rich.markdown and pygments (~60 ms) on every --help.
    rich_markup_mode=None,
)


def _argument_type(self: TyperArgument, ctx: Any) -> str | None:
    """An argument with a METAVAR is shown by it and its help, never by a Python type
    ('ID <list[str]>'), which typer adds to every argument's help line."""
    return None if self.metavar else _typer_argument_type(self, ctx)


_typer_argument_type = TyperArgument.display_type_rich
TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign, assignment]


class TableFormat(StrEnum):
    """Output formats of data commands."""

    table = "table"
    json = "json"


PlanOption = Annotated[
    str | None,
    typer.Option(
        "--plan",
        "-p",
        metavar="DIR",
        help="Plan directory (organisations.yaml + timeline.yaml). Default: $TRANSITION_PLAN, ./data, the shipped plan.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (atomically). Default: stdout.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Evaluate the plan as it stood on this date (any date expression). Default: the programme's status_date, else today.",
        show_default=False,
    ),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"transition {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            callback=_version_callback,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Plan-as-code milestone tracker."""


# --- Helpers shared by the commands -------------------------------------------------------------


def examples(*commands: str) -> str:
    """A command's `--help` epilog: example command lines, kept as written (click's \\b)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {command}" for command in commands)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print an error to stderr and exit with `code`."""
    raise TransitionError(message, code)


def load_checked(plan_option: str | None, *, schedules: bool = True) -> Plan:
    """Find and load the plan, run the checks; errors go to stderr and end the command.

    Exit 2 when the plan cannot be loaded at all, 1 when it has errors (run `transition check`).
    Warnings do not stop a command. A command that `schedules` the plan learns from the
    schedule itself whether the plan leaves the calendar (`schedule.OutsideCalendar`), so that
    rule is left to it.
    """
    from ..checks import run_checks
    from ..errors import Severity, plan_errors_message
    from ..load import load_plan, resolve_plan_path

    path = resolve_plan_path(plan_option)
    result = load_plan(path)
    diagnostics = list(result.diagnostics)
    if result.plan is not None and not result.fatal:
        diagnostics += run_checks(result.plan, calendar=not schedules)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if result.fatal or result.plan is None:
        raise TransitionError("the plan cannot be loaded", EXIT_USAGE, errors)
    if errors:
        raise TransitionError(plan_errors_message(len(errors)), EXIT_PLAN_ERRORS, errors)
    return result.plan


def load_result(plan_option: str | None) -> LoadResult:
    """Find and load the plan without failing on errors (for `check`)."""
    from ..load import load_plan, resolve_plan_path

    return load_plan(resolve_plan_path(plan_option))


def option_date(option: str, text: str, anchor: Anchor = "end") -> date:
    """The day a date option names (`anchor`: which end of a period), else exit 2 saying why."""
    from ..dates import DateError, parse_date

    try:
        return parse_date(text, anchor).day
    except DateError as exc:
        fail(f"{option}: {exc}")


def resolve_as_of(text: str | None, plan: Plan) -> date:
    """The evaluation date: --as-of, else the programme status_date, else today (the only clock read)."""
    if text:
        return option_date("--as-of", text)
    if plan.programme.status_date is not None:
        return plan.programme.status_date.day
    return date.today()


def emit(text: str, output: Path | None = None) -> None:
    """Write a report to stdout, or atomically to `output`."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    write_atomic(output, text)


def complete_workstreams(ctx: typer.Context, incomplete: str) -> list[str]:
    """Workstreams of the plan, for shell completion."""
    from .complete import workstreams

    return workstreams(ctx, incomplete)


def complete_milestones(ctx: typer.Context, incomplete: str) -> list[str]:
    """Milestone ids of the plan, for shell completion."""
    from .complete import milestone_ids

    return milestone_ids(ctx, incomplete)


def complete_owners(ctx: typer.Context, incomplete: str) -> list[str]:
    """Posts and organisations of the plan, for shell completion."""
    from .complete import owners

    return owners(ctx, incomplete)


def complete_organisations(ctx: typer.Context, incomplete: str) -> list[str]:
    """Organisations of the plan, for shell completion."""
    from .complete import organisations

    return organisations(ctx, incomplete)


def show_report(build: Callable[[int], object], output: Path | None = None) -> None:
    """Print what `build(width)` renders, fitted to the terminal; with `output`, write it to
    that file (atomically) at $COLUMNS, without colour."""
    from ..render.terminal import make_console, print_report, render_to_string

    console = make_console()
    if output is None:
        print_report(console, build(console.width))
    else:
        text = render_to_string(build(console.width), width=console.width)
        emit("\n".join(line.rstrip(" ") for line in text.split("\n")), output)


WorkstreamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--workstream",
        "-w",
        metavar="WORKSTREAM",
        help="Only this workstream (repeatable).",
        show_default=False,
        autocompletion=complete_workstreams,
    ),
]


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same directory and a rename.

    A symbolic link is followed (the file it points to is replaced, the link kept); a FIFO or a
    device (`-o /dev/stdout`, a named pipe) is written into, since it cannot be replaced.
    """
    import stat
    import tempfile

    try:
        target = path.stat()
    except OSError:
        target = None
    if target is not None and not stat.S_ISREG(target.st_mode):
        if stat.S_ISDIR(target.st_mode):
            fail(f"cannot write {path}: it is a directory")
        try:
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror}")
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}")
    try:
        # mkstemp creates the file 0600; give it the mode a plain open() would (or keep the mode
        # of the file being replaced).
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        Path(tmp).chmod(mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        fail(f"cannot write {path}: {exc.strerror}")


def _register_commands() -> None:
    """Import every command module of this package; each registers its commands on `app`."""
    import importlib
    import pkgutil

    for module in sorted(
        m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")
    ):
        importlib.import_module(f"{__name__}.{module}")


_register_commands()


def main() -> None:
    """Console-script entry point (errors raised outside a command invocation end here too)."""
    try:
        app(standalone_mode=True)
    except TransitionError as exc:
        sys.stderr.write(f"transition: error: {exc.message}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("transition: interrupted\n")
        sys.exit(130)
