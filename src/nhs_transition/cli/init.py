"""`transition init [DIR]`: write a small commented starter plan that passes `check --strict`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from . import app, emit, examples, fail


@app.command(
    "init",
    short_help="Write a starter plan (both files, commented) to edit into your own.",
    epilog=examples(
        "transition init                # in the current directory",
        "transition init plans/move     # in a new directory",
    ),
)
def init(
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Where to write the plan (created if missing)."),
    ] = Path(),
) -> None:
    """Write organisations.yaml and timeline.yaml: a small commented plan, dated around today,
    that passes `transition check --strict` and shows on `transition status`. Never
    overwrites: if either file exists, nothing is written.
    """
    from ..edit import write_atomic
    from ..edit.starter import starter_plan
    from ..errors import visible

    files = starter_plan(date.today())
    if directory.exists() and not directory.is_dir():
        fail(f"{visible(directory)} is not a directory")
    existing = [name for name in files if (directory / name).exists()]
    if existing:
        fail(
            f"{visible(directory)} already holds {' and '.join(existing)}: nothing was written "
            "(init never overwrites a plan; choose another directory)"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create {visible(directory)}: {exc.strerror}")
    for name, text in files.items():
        write_atomic(directory / name, text.encode("utf-8"))
    where = "" if directory == Path() else f" --plan {visible(directory)}"
    emit(
        f"wrote {visible(directory / 'organisations.yaml')} and "
        f"{visible(directory / 'timeline.yaml')}\n"
        "next:\n"
        f"  transition check{where} --strict\n"
        f"  transition status{where}\n"
        f"  transition update booking-system-live{where} --forecast +7w "
        '--reason "Single sign-on needs a further month"'
    )
