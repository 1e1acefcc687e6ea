"""Which files a plan may be read from, and which files a command may not write over.

- A plan file is read only when it is a regular file (not a device, a pipe or a directory) of
  at most `MAX_FILE_BYTES`, and, unless the user opts in (`--follow-symlinks`), only when it
  really lies inside the plan directory: a symbolic link from a plan under review to a key or a
  token elsewhere on the machine must not have its content shown in diagnostics.
- `--output` must never replace a file of the plan being read, however the path is spelt
  (relative, absolute, through a link, a hard link), nor a YAML file inside the plan's
  directory (`output_problem`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import visible
from .discovery import MILESTONES_DIR, ORGANISATIONS_FILE, TIMELINE_FILE

MAX_FILE_BYTES = 64 * 1024 * 1024  # a plan of 100,000 milestones is about 30 MB


class PlanFileRefused(Exception):
    """A plan file that is not read: carries a diagnostic code and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def read_plan_file(path: Path, root: Path | None, *, follow_symlinks: bool = False) -> bytes:
    """The bytes of the plan file `path` (of the plan directory `root`), or `PlanFileRefused`.

    OSError (a missing or unreadable file) passes through for the caller to report.
    """
    directory = root if root is not None and root.is_dir() else path.parent
    if not follow_symlinks:
        real = os.path.realpath(path)
        if not _inside(real, os.path.realpath(directory)):
            raise PlanFileRefused(
                "file-outside-plan",
                "this plan file is a symbolic link to a file outside the plan directory: not "
                "read (copy the file into the plan, or run `transition --follow-symlinks ...` "
                "if you trust where it points)",
            )
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device or a pipe"
            raise PlanFileRefused(
                "not-a-regular-file", f"this plan file is {kind}, not a regular file: not read"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise PlanFileRefused("file-too-large", _too_large(info.st_size))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_FILE_BYTES:  # it grew while being read
                raise PlanFileRefused("file-too-large", _too_large(size))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: int) -> str:
    return (
        f"the file is {size / 2**20:,.1f} MB, over the limit of {MAX_FILE_BYTES // 2**20} MB "
        "for a plan file: split the milestones over files in milestones/"
    )


def output_problem(plan: Path, output: Path) -> str | None:
    """Why `output` must not be written by a command that read the plan at `plan`, or None."""
    try:
        directory = plan if plan.is_dir() else plan.parent
        real_out = os.path.realpath(output)
    except (OSError, ValueError):
        return None  # the writer reports what is wrong with the path itself
    shown = visible(output)
    files = [directory / ORGANISATIONS_FILE, directory / TIMELINE_FILE]
    if not plan.is_dir():
        files.append(plan)
    extra = directory / MILESTONES_DIR
    try:
        if extra.is_dir():
            files += [p for p in extra.iterdir() if p.suffix in (".yaml", ".yml")]
    except OSError:
        pass
    target = _identity(output)
    for file in files:
        if os.path.realpath(file) == real_out or (target is not None and _identity(file) == target):
            return f"{shown} is a file of the plan being read ({visible(file)}): refusing to overwrite it"
    return yaml_in_a_plan(output)


def yaml_in_a_plan(output: Path) -> str | None:
    """Why `output` is not to be written: an existing YAML file inside a plan directory (this
    plan's or any other: one holding a timeline file), or None."""
    try:
        real_out = os.path.realpath(output)
        if not real_out.endswith((".yaml", ".yml")) or not os.path.lexists(real_out):
            return None
        parent = Path(real_out).parent
        if parent.name == MILESTONES_DIR:
            parent = parent.parent
        in_plan = (parent / TIMELINE_FILE).is_file()
    except (OSError, ValueError):
        return None
    if not in_plan:
        return None
    return (
        f"{visible(output)} is an existing YAML file inside a plan directory: refusing to "
        "overwrite it (write the report elsewhere)"
    )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None
