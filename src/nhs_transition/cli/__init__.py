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
from ..errors import EXIT_PLAN_ERRORS, EXIT_USAGE, TransitionError, excerpt, visible_lines
from .coercion import install as _convert_options_plainly

_convert_options_plainly()

if TYPE_CHECKING:
    from ..dates import Anchor
    from ..load import CheckedLoad, LoadResult
    from ..model import Plan


class _Boundary(TyperGroup):
    """The one boundary: a TransitionError from any command becomes a message and an exit code.

    It sits in the command group (not only in `main`) so that every way of invoking the app,
    the console script and `typer.testing.CliRunner` alike, behaves the same.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `--verbose` and `--no-cache` are taken anywhere before a `--` (`transition status
        # --verbose` as well as `transition --verbose status`): they belong to no one command.
        end = args.index("--") if "--" in args else len(args)
        for flag in _ANYWHERE:
            _STATE[flag] = flag in args[:end]
        args = [a for k, a in enumerate(args) if not (k < end and a in _ANYWHERE)]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:  # typer.Context narrows the bundled click Context
        # A command is one short pass over a plan that builds no garbage cycles worth collecting;
        # the cyclic collector would walk every object of a large plan again and again (a quarter
        # of a second at 100,000 milestones), so it is paused for the command.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        _PLANS_READ.clear()
        _FOLLOW_SYMLINKS[0] = False
        try:
            return super().invoke(ctx)
        except TransitionError as exc:
            _report(exc)
            raise typer.Exit(exc.exit_code) from None
        except (OSError, RecursionError, MemoryError) as exc:
            # What the commands do not foresee about the machine (a file system error, memory)
            # still ends with one line, never a traceback.
            sys.stderr.write(f"transition: error: {visible_lines(_machine_problem(exc))}\n")
            raise typer.Exit(EXIT_USAGE) from None
        finally:
            # The network cpm remembers holds the plan's milestones: freed here, as the plan is
            # when the command returns, not at exit, where the interpreter's last collections
            # would walk every object of a large plan (0.6 s at 20,000 milestones).
            cpm = sys.modules.get("nhs_transition.schedule.cpm")
            if cpm is not None:
                cpm.forget()
            if gc_was_enabled:
                gc.enable()


# Per invocation: whether --verbose and --no-cache were given (set by _Boundary.parse_args).
_ANYWHERE = ("--verbose", "--no-cache")
_STATE: dict[str, bool] = dict.fromkeys(_ANYWHERE, False)


def _report(exc: TransitionError) -> None:
    for diagnostic in exc.diagnostics:
        sys.stderr.write(f"{diagnostic.format_text()}\n")
    sys.stderr.write(f"transition: error: {visible_lines(exc.message)}\n")


def _machine_problem(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        where = f"{excerpt(exc.filename)}: " if exc.filename is not None else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    return "out of memory"


app = typer.Typer(
    cls=_Boundary,
    name="transition",
    help="Plan-as-code milestone tracker: validate, schedule and report on a change programme.\n\n"
    "The plan is read from --plan, else $TRANSITION_PLAN, else the current directory when it "
    "holds a timeline.yaml, else ./data, else the plan shipped with the tool. The plan read is "
    "named on stderr on a terminal, or with --verbose.",
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
        help="Plan directory (organisations.yaml + timeline.yaml). Default: $TRANSITION_PLAN, the current directory, ./data, the shipped plan.",
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
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            help="Name the plan read, on stderr (also taken after the command).",
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Load and check the plan afresh, without the cache of validated plans "
            "(also taken after the command; $TRANSITION_NO_CACHE=1 does the same).",
        ),
    ] = False,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks",
            help="Read plan files that are symbolic links to files outside the plan directory "
            "(refused by default: a plan under review must not read other files of the machine).",
        ),
    ] = False,
) -> None:
    """Plan-as-code milestone tracker."""
    _FOLLOW_SYMLINKS[0] = follow_symlinks


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
    from ..errors import Severity, plan_errors_message

    checked = load_and_check(plan_option, calendar=not schedules)
    result = checked.result
    diagnostics = [*result.diagnostics, *checked.diagnostics]
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if result.fatal or result.plan is None:
        raise TransitionError("the plan cannot be loaded", EXIT_USAGE, errors)
    if errors:
        raise TransitionError(plan_errors_message(len(errors)), EXIT_PLAN_ERRORS, errors)
    return result.plan


def load_unchecked(plan_option: str | None, *, to_edit: bool = False) -> Plan:
    """Find and load the plan; exit 2 when it cannot be loaded, 1 when it does not validate.

    For commands that run the checks themselves on what they make of the plan (`update`
    checks the edited plan, which is the one that counts). A command that edits the plan
    (`to_edit`) refuses the plan shipped with the tool, found only because no other was.
    """
    from ..errors import Severity, plan_errors_message

    if to_edit and plan_option is None and not os.environ.get("TRANSITION_PLAN"):
        from ..load import is_plan_dir

        if not (is_plan_dir(Path.cwd()) or is_plan_dir(Path.cwd() / "data")):
            fail(
                "no plan here to edit (no timeline.yaml in the current directory or ./data), and "
                "the plan shipped with transition is not yours to edit: run `transition init` to "
                "start one, or name yours with --plan DIR"
            )
    result = load_result(plan_option)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.fatal or result.plan is None:
        raise TransitionError("the plan cannot be loaded", EXIT_USAGE, errors)
    if errors:
        raise TransitionError(plan_errors_message(len(errors)), EXIT_PLAN_ERRORS, errors)
    return result.plan


def load_result(plan_option: str | None) -> LoadResult:
    """Find and load the plan without failing on errors, and without the cache (for commands
    that edit the plan)."""
    from ..load import load_plan, resolve_plan_path

    path = resolve_plan_path(plan_option)
    _PLANS_READ.append(path)
    result = load_plan(path, follow_symlinks=_FOLLOW_SYMLINKS[0])
    announce_plan(path, result.plan)
    return result


def load_and_check(
    plan_option: str | None,
    *,
    path: Path | None = None,
    calendar: bool = True,
    want_plan: bool = True,
) -> CheckedLoad:
    """Find (or take `path`), load and check the plan, through the cache of validated plans
    unless `--no-cache`; without failing on errors (`load.load_and_check`, which leaves out a
    cached plan not `want_plan`)."""
    from ..load import load_and_check as load
    from ..load import resolve_plan_path

    if path is None:
        path = resolve_plan_path(plan_option)
        _PLANS_READ.append(path)
        announce = True
    else:
        announce = False
    checked = load(
        path,
        follow_symlinks=_FOLLOW_SYMLINKS[0],
        calendar=calendar,
        use_cache=not _STATE["--no-cache"],
        want_plan=want_plan,
    )
    if announce:
        announce_plan(path, checked.programme)
    return checked


# Output formats meant for people; any other (json, csv, github, ...) is read by a program.
_PEOPLE_FORMATS = frozenset({"table", "text"})


def announce_plan(path: Path, plan: Plan | str | None) -> None:
    """Name the plan read (given as the plan or its programme's name), in a dim line on stderr: on a
    terminal, or always with --verbose.

    Never for output meant for a program (`--format json`, csv, ...) unless --verbose asks.
    """
    verbose = _STATE["--verbose"]
    if not verbose and not (sys.stderr.isatty() and _people_format()):
        return
    from ..errors import visible
    from ..load import display_path, packaged_plan

    where = display_path(path)
    try:
        if path.resolve() == packaged_plan().resolve():
            where = f"the plan shipped with transition ({where})"
    except OSError:
        pass
    programme = plan.programme.name if plan is not None and not isinstance(plan, str) else plan
    name = f": {programme}" if programme is not None else ""
    line = visible(f"plan {where}{name}")
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        line = f"\x1b[2m{line}\x1b[0m"
    sys.stderr.write(line + "\n")


def _people_format() -> bool:
    """True unless the running command was asked for a format meant for programs."""
    try:  # typer's own click (typer bundles it): the context of the command being run
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - a typer that moved it: name the plan anyway
        return True
    ctx = get_current_context(silent=True)
    chosen = ctx.params.get("output_format") if ctx is not None else None
    return chosen is None or str(chosen) in _PEOPLE_FORMATS


def follow_symlinks() -> bool:
    """Whether `--follow-symlinks` was given (plan files may point outside the plan)."""
    return _FOLLOW_SYMLINKS[0]


def option_date(option: str, text: str, anchor: Anchor = "end") -> date:
    """The day a date option names (`anchor`: which end of a period), else exit 2 saying why.

    Besides every date expression: `today`, `yesterday`, `tomorrow` and a duration from today
    (`+2w`, `-1w`, `+10d`, `+3m`, `+5wd`).
    """
    from ..dates import DateError, parse_date

    relative = relative_day(text)
    if relative is not None:
        return relative
    try:
        return parse_date(text, anchor).day
    except DateError as exc:
        fail(f"{option}: {_with_relative(str(exc))}")


def _with_relative(message: str) -> str:
    """A date error for an option, naming the relative forms options take besides dates."""
    if "is not a date I understand" not in message:
        return message  # e.g. "February 2011 has 28 days": the form was right
    return (
        f"{message}; or today, yesterday, tomorrow, or a span from today such as +2w, -1w, "
        "+10d, +3m, +5wd"
    )


def written_date(option: str, text: str) -> str | date:
    """A date to write into the plan: the expression as typed, or the day a relative one names."""
    from ..dates import DateError, parse_date

    relative = relative_day(text)
    if relative is not None:
        return relative
    try:
        parse_date(text)
    except DateError as exc:
        fail(f"{option}: {_with_relative(str(exc))}")
    return text.strip()


_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}


def relative_day(text: str) -> date | None:
    """The day `today`, `yesterday`, `tomorrow` or `+N`/`-N` d|w|m|wd from today names; else None."""
    import re

    from ..dates import parse_duration, shift

    written = text.strip().lower()
    if written in _WORDS:
        from datetime import timedelta

        return date.today() + timedelta(days=_WORDS[written])
    if not re.fullmatch(r"[+-]\s*[0-9]+\s*(?:d|w|m|wd)", written):
        return None
    duration = parse_duration(written.replace(" ", ""))
    return shift(date.today(), duration)  # d and w in calendar days, wd in working days


def resolve_as_of(text: str | None, plan: Plan) -> date:
    """The evaluation date: --as-of, else the programme status_date, else today (the only clock read)."""
    if text:
        return option_date("--as-of", text)
    if plan.programme.status_date is not None:
        return plan.programme.status_date.day
    return date.today()


def emit(text: str, output: Path | None = None) -> None:
    """Write a report to stdout, or atomically to `output` (never over a file of the plan read)."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    refuse_plan_target(output)
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
    """`edit.atomic.write_atomic`: temp file beside the target, fsync, rename, mode kept."""
    from ..edit.atomic import write_atomic as write

    write(path, text)


def refuse_plan_target(output: Path) -> None:
    """Exit 2 when `output` (however spelt) is a file of a plan this command read, or a YAML file
    already inside that plan's directory: a report must never replace what it was made from."""
    from ..load import output_problem
    from ..load.files import yaml_in_a_plan

    for problem in [output_problem(plan, output) for plan in _PLANS_READ] + [
        yaml_in_a_plan(output)
    ]:
        if problem is not None:
            fail(f"--output {problem}; nothing was written")


# Plan paths read by the running command (for `refuse_plan_target`), and the root option
# `--follow-symlinks`; both are reset at each invocation.
_PLANS_READ: list[Path] = []
_FOLLOW_SYMLINKS: list[bool] = [False]


def _register_commands() -> None:
    """Import every command module of this package; each registers its commands on `app`."""
    import importlib
    import pkgutil

    for module in sorted(
        m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")
    ):
        importlib.import_module(f"{__name__}.{module}")


_register_commands()


# Root options that may come before the command without changing which command runs.
_ROOT_FLAGS = frozenset({"--verbose", "--no-cache", "--follow-symlinks"})


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command `args` run, when that is clear from them; else the app.

    Typer builds every command's options from its signature before it runs any one of them (about
    60 ms for this app's twenty commands, more than the command `status` itself on a cached
    plan). With one command registered, the command runs, parses, fails and prints its own help
    exactly as in the whole app; what needs every command (`transition --help`, a misspelt
    command, shell completion) gets the whole app.
    """
    import copy

    if any(name.startswith("_TRANSITION_COMPLETE") for name in os.environ):
        return app
    name = next((a for a in args if a not in _ROOT_FLAGS), None)
    if name is None or name.startswith("-"):
        return app
    commands = [
        c
        for c in app.registered_commands
        if c.callback is not None
        and (c.name or c.callback.__name__.lower().replace("_", "-")) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    lean = copy.copy(app)
    lean.registered_commands = commands
    lean.registered_groups = groups
    return lean


def main() -> None:
    """Console-script entry point (errors raised outside a command invocation end here too)."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        # A reader that stops early (`transition status | head -1`) ends us as it ends `cat`:
        # quietly, by SIGPIPE (status 141 in the shell), not with an error and exit code 1.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        _app_for(sys.argv[1:])(standalone_mode=True)
    except TransitionError as exc:
        sys.stderr.write(f"transition: error: {exc.message}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("transition: interrupted\n")
        sys.exit(130)
