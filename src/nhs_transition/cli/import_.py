"""`transition import mspdi FILE -o DIR`: an MS Project XML file to a new plan directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import app, examples, fail

if TYPE_CHECKING:
    from ..interop.mspdi_read import ImportedPlan

import_app = typer.Typer(
    name="import",
    help="Other tools' formats in: `transition import mspdi FILE.xml -o DIR` (MS Project XML).",
    short_help="An MS Project XML file (mspdi) as a new plan.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)
app.add_typer(import_app, name="import")


@import_app.command(
    "mspdi",
    epilog=examples(
        "transition import mspdi programme.xml -o plan/",
        "transition check --plan plan/ && transition status --plan plan/",
    ),
)
def import_mspdi(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE.xml", help="An MS Project XML file (File > Save As > XML)."),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The new plan directory (created; an existing plan is never overwritten).",
        ),
    ],
) -> None:
    """An MS Project XML (MSPDI) file as a new plan: tasks become milestones, summary tasks
    workstreams, resources owners; links keep their type and lag.

    What a plan cannot hold (task calendars, manual scheduling, Must Start/Finish On, percent
    complete, hours-based lags, ...) is listed at the end, task by task, and kept in each
    milestone's notes. The plan is checked before anything is written.
    """
    from ..interop.mspdi_read import import_project
    from ..interop.mspdi_xml import MAX_BYTES

    _refuse_existing_plan(output)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            fail(f"{file}: {size:,} bytes, over the {MAX_BYTES:,} an import reads")
        data = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror}")
    imported = import_project(data, file.name)
    _check(output, imported)
    _write(output, imported)
    typer.echo(_report(file, output, imported))


def _refuse_existing_plan(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        fail(f"-o {directory}: exists and is not a directory")
    if directory.is_dir():
        held = [p.name for p in sorted(directory.iterdir()) if p.name in _PLAN_NAMES]
        if held:
            fail(
                f"-o {directory}: already holds a plan ({', '.join(held)}); "
                "import into a new directory"
            )


_PLAN_NAMES = {"timeline.yaml", "organisations.yaml", "milestones"}


def _check(directory: Path, imported: ImportedPlan) -> None:
    """The imported plan must pass `check` (errors end the command with nothing written)."""
    from ..checks import run_checks
    from ..errors import EXIT_PLAN_ERRORS, Severity, TransitionError
    from ..load import load_texts

    result = load_texts(
        {
            str(directory / "organisations.yaml"): imported.organisations_yaml,
            str(directory / "timeline.yaml"): imported.timeline_yaml,
        }
    )
    diagnostics = list(result.diagnostics)
    if result.plan is not None and not result.fatal:
        diagnostics += run_checks(result.plan)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors or result.plan is None:
        raise TransitionError(
            f"the imported plan would not pass `check` ({len(errors)} errors); nothing written",
            EXIT_PLAN_ERRORS,
            errors,
        )


def _write(directory: Path, imported: ImportedPlan) -> None:
    """Both files into a new directory renamed into place, or atomically into an empty one."""
    import shutil
    import tempfile

    from . import write_atomic

    if directory.is_dir():
        write_atomic(directory / "organisations.yaml", imported.organisations_yaml)
        write_atomic(directory / "timeline.yaml", imported.timeline_yaml)
        return
    parent = directory.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=parent))
    except OSError as exc:
        fail(f"cannot create {directory}: {exc.strerror}")
    try:
        staging.chmod(0o777 & ~_umask())
        write_atomic(staging / "organisations.yaml", imported.organisations_yaml)
        write_atomic(staging / "timeline.yaml", imported.timeline_yaml)
        staging.rename(directory)  # fails if the directory appeared meanwhile
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        fail(f"cannot create {directory}: {exc.strerror}")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _report(file: Path, directory: Path, imported: ImportedPlan) -> str:
    """The summary line, then everything not kept: the project's, then task by task."""
    from ..errors import visible

    lines = [
        f"Imported {file.name} into {directory}: {imported.milestones} milestones, "
        f"{imported.workstreams} workstreams, {imported.owners} owners ({imported.calendar})."
    ]
    if not imported.unsupported:
        lines.append("Everything in the file was kept.")
        return "\n".join(lines)
    lines.append(f"Not kept, or kept approximately ({len(imported.unsupported)}):")
    for item in sorted(imported.unsupported, key=lambda u: u.task_uid is not None):
        if item.task_uid is None:
            lines.append(f"  project: {visible(item.what)}")
        else:
            lines.append(
                f"  task UID {item.task_uid} '{visible(item.task_name)}' ({item.milestone}): "
                f"{visible(item.what)}"
            )
    lines.append(f"(Each milestone's notes in {directory / 'timeline.yaml'} say the same.)")
    return "\n".join(lines)
