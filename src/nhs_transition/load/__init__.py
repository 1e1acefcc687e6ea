"""Paths -> LoadResult(plan | None, diagnostics): find the plan, read, parse, validate, locate.

A plan is a directory holding `organisations.yaml` and `timeline.yaml`; larger programmes may
add any number of `milestones/*.yaml` files, each with a `milestones:` list (read in name
order, after timeline.yaml). Every problem is reported at `file:line:column`; the loader never
stops at the first one.

    discovery.py  where the plan is (`resolve_plan_path`, the packaged plan) and its files
    reader.py     files or texts -> LoadResult: read, parse, validate into the model
    result.py     `LoadResult`
    cache.py      the validated-plan cache: a plan (and what the rules found) read back on a
                  second run without parsing or validating anything
    files.py      which files are read (regular, inside the plan, bounded) and never written over
    locator.py    `FileLocator`, and pydantic errors -> diagnostics at file:line:column

The names below are imported when first used (PEP 562), so that a command whose plan comes from
the cache never imports the YAML reader or builds a validator.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cache import CheckedLoad, cache_directory, check_loaded, load_and_check
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
    from .reader import Source, load_files, load_plan, load_texts
    from .result import FREEZE_FROM, LoadResult

_WHERE = {
    "CheckedLoad": "cache",
    "cache_directory": "cache",
    "check_loaded": "cache",
    "load_and_check": "cache",
    "MILESTONES_DIR": "discovery",
    "ORGANISATIONS_FILE": "discovery",
    "PLAN_ENV": "discovery",
    "TIMELINE_FILE": "discovery",
    "display_path": "discovery",
    "is_plan_dir": "discovery",
    "packaged_plan": "discovery",
    "plan_files": "discovery",
    "resolve_plan_path": "discovery",
    "MAX_FILE_BYTES": "files",
    "output_problem": "files",
    "FileLocator": "locator",
    "FREEZE_FROM": "result",
    "Source": "reader",
    "load_files": "reader",
    "load_plan": "reader",
    "load_texts": "reader",
    "LoadResult": "result",
}

__all__ = [
    "FREEZE_FROM",
    "MAX_FILE_BYTES",
    "MILESTONES_DIR",
    "ORGANISATIONS_FILE",
    "PLAN_ENV",
    "TIMELINE_FILE",
    "CheckedLoad",
    "FileLocator",
    "LoadResult",
    "Source",
    "cache_directory",
    "check_loaded",
    "display_path",
    "is_plan_dir",
    "load_and_check",
    "load_files",
    "load_plan",
    "load_texts",
    "output_problem",
    "packaged_plan",
    "plan_files",
    "resolve_plan_path",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
