"""Paths -> LoadResult(plan | None, diagnostics): find the plan, read, parse, validate, locate.

A plan is a directory holding `organisations.yaml` and `timeline.yaml`; larger programmes may
add any number of `milestones/*.yaml` files, each with a `milestones:` list (read in name
order, after timeline.yaml). Every problem is reported at `file:line:column`; the loader never
stops at the first one.

    discovery.py  where the plan is (`resolve_plan_path`, the packaged plan) and its files
    reader.py     files or texts -> LoadResult: read, parse, validate into the model
    files.py      which files are read (regular, inside the plan, bounded) and never written over
    locator.py    `FileLocator`, and pydantic errors -> diagnostics at file:line:column
"""

from __future__ import annotations

from .discovery import (
    MILESTONES_DIR,
    ORGANISATIONS_FILE,
    PLAN_ENV,
    TIMELINE_FILE,
    display_path,
    is_plan_dir,
    packaged_plan,
    plan_files,
    resolve_plan_path,
)
from .files import MAX_FILE_BYTES, output_problem
from .locator import FileLocator
from .reader import FREEZE_FROM, LoadResult, Source, load_files, load_plan, load_texts

__all__ = [
    "FREEZE_FROM",
    "MAX_FILE_BYTES",
    "MILESTONES_DIR",
    "ORGANISATIONS_FILE",
    "PLAN_ENV",
    "TIMELINE_FILE",
    "FileLocator",
    "LoadResult",
    "Source",
    "display_path",
    "is_plan_dir",
    "load_files",
    "load_plan",
    "load_texts",
    "output_problem",
    "packaged_plan",
    "plan_files",
    "resolve_plan_path",
]
