"""Finding the plan: `--plan`, $TRANSITION_PLAN, ./data or the packaged plan; its files in order."""

from __future__ import annotations

import os
from pathlib import Path

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
    """`--plan`, else $TRANSITION_PLAN, else ./data when it holds a plan, else the packaged plan."""
    env = os.environ if environ is None else environ
    if option:
        return Path(option)
    if env.get(PLAN_ENV):
        return Path(env[PLAN_ENV])
    local = (cwd or Path.cwd()) / "data"
    if is_plan_dir(local):
        return local
    return packaged_plan()


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
