"""Finding the plan: `--plan`, $TRANSITION_PLAN, the current directory, ./data or the packaged
plan; its files in order.

A directory that holds half a plan (a timeline.yaml without organisations.yaml, or the other
way round) is an error that says so: falling back to another plan would answer questions about
a plan the user did not mean.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import EXIT_USAGE, TransitionError, excerpt
from .result import LoadResult, unloadable

ORGANISATIONS_FILE = "organisations.yaml"
TIMELINE_FILE = "timeline.yaml"
MILESTONES_DIR = "milestones"
PLAN_ENV = "TRANSITION_PLAN"


def packaged_plan() -> Path:
    """The plan shipped inside the package (or, in a source checkout, the repository's data/)."""
    package = Path(__file__).resolve().parent.parent  # nhs_transition/ (this module is in load/)
    packaged = package / "plan"
    if (packaged / TIMELINE_FILE).is_file():
        return packaged
    return package.parent.parent / "data"


def is_plan_dir(path: Path) -> bool:
    """True when `path` is a directory holding a timeline file."""
    return (path / TIMELINE_FILE).is_file()


def resolve_plan_path(
    option: str | None, environ: dict[str, str] | None = None, cwd: Path | None = None
) -> Path:
    """`--plan`, else $TRANSITION_PLAN, else the current directory when it holds a timeline.yaml,
    else ./data when it holds a plan, else the packaged plan.

    Raises TransitionError (exit 2) when the current directory or ./data holds half a plan.
    """
    env = os.environ if environ is None else environ
    if option:
        return Path(option)
    if env.get(PLAN_ENV):
        return Path(env[PLAN_ENV])
    here = cwd or Path.cwd()
    for candidate, name in ((here, "the current directory"), (here / "data", "./data")):
        if _holds_plan_file(candidate):
            _require_whole_plan(candidate, name)
            return candidate
    return packaged_plan()


def _holds_plan_file(path: Path) -> bool:
    return (path / TIMELINE_FILE).is_file() or (path / ORGANISATIONS_FILE).is_file()


def _require_whole_plan(path: Path, name: str) -> None:
    """Raise when `path` holds one of the two plan files without the other."""
    pairs = ((TIMELINE_FILE, ORGANISATIONS_FILE), (ORGANISATIONS_FILE, TIMELINE_FILE))
    for present, missing in pairs:
        if (path / present).is_file() and not (path / missing).is_file():
            raise TransitionError(
                f"{name} holds {present} but no {missing}: "
                f"a plan needs both files. Add {missing} (`transition init` writes a starter "
                "plan), or name another plan with --plan DIR or $TRANSITION_PLAN",
                EXIT_USAGE,
            )


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside it, a link loop, a name too long
        return str(path)


def plan_files(path: Path) -> list[Path]:
    """The files of the plan directory `path`, in reading order."""
    files = [path / ORGANISATIONS_FILE, path / TIMELINE_FILE]
    extra = path / MILESTONES_DIR
    if extra.is_dir():
        files += sorted(p for p in extra.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return files


def locate_plan_files(path: Path) -> tuple[list[Path], Path] | LoadResult:
    """The files of the plan at `path` and the path that stands for the plan, or why it cannot
    be used (a LoadResult with the one fatal diagnostic)."""
    shown = display_path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as exc:  # a link loop, a name too long, a NUL in the name
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        return unloadable(
            "plan-not-found", f"cannot use '{excerpt(path)}' as a plan: {reason}", shown
        )
    if info is not None and stat.S_ISREG(info.st_mode) and path.name == ORGANISATIONS_FILE:
        path = path.parent  # the organisations file stands for its plan
        info = path.stat()
    if info is not None and stat.S_ISDIR(info.st_mode):
        try:
            files = plan_files(path)
        except OSError as exc:
            return unloadable(
                "unreadable-directory", f"cannot read the plan directory: {exc.strerror}", shown
            )
    elif info is not None:
        files = [path.parent / ORGANISATIONS_FILE, path]
    else:
        return unloadable(
            "plan-not-found",
            f"no plan at '{excerpt(path)}': expected a directory holding "
            f"{ORGANISATIONS_FILE} and {TIMELINE_FILE}",
            shown,
        )
    return files, path
