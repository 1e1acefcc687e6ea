"""Atomic file writes that refuse to overwrite a file someone else changed meanwhile.

`write_atomic(path, data)` writes a temporary file in the same directory, flushes it to disk,
gives it the mode of the file it replaces and renames it over the target: a crash at any point
leaves either the old file or the new one, whole. With `expected` (a `Fingerprint` taken when
the file was read) it compares the file on disk just before the rename and writes nothing when
it changed, so two people applying returns at once cannot lose either's work.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import EXIT_USAGE, TransitionError


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file was when it was read: size, modification time and a hash of its bytes."""

    size: int
    mtime_ns: int
    sha256: str


def fingerprint(path: Path, data: bytes | None = None) -> Fingerprint:
    """The fingerprint of `path` now (`data`: its bytes, when already read)."""
    info = path.stat()
    if data is None:
        data = path.read_bytes()
    return Fingerprint(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def changed_since(path: Path, expected: Fingerprint) -> bool:
    """True when `path` is no longer the file `expected` describes (its bytes are compared)."""
    try:
        info = path.stat()
    except OSError:
        return True
    if info.st_size != expected.size:
        return True
    if info.st_mtime_ns == expected.mtime_ns:
        return False  # same size and time: the hash below would cost a read of the whole file
    return hashlib.sha256(path.read_bytes()).hexdigest() != expected.sha256


def write_atomic(path: Path, data: bytes, *, expected: Fingerprint | None = None) -> None:
    """Replace `path` with `data` atomically (temp file, fsync, rename; mode kept).

    A symbolic link is followed (the file it points to is replaced, the link kept). With
    `expected`, nothing is written when the file changed on disk since it was read.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path()
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise TransitionError(f"cannot write {path}: {exc.strerror}", EXIT_USAGE) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise TransitionError(f"cannot write {path}: {exc.strerror}", EXIT_USAGE) from None
    tmp_path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp_path.chmod(mode)
        with _locked(path if expected is not None else None):
            if expected is not None and changed_since(path, expected):
                raise TransitionError(
                    f"{path} changed on disk since it was read (someone else saved it "
                    "meanwhile): nothing was written. Run the command again to apply it to the "
                    "new version",
                    EXIT_USAGE,
                )
            tmp_path.replace(path)
    except OSError as exc:
        tmp_path.unlink(missing_ok=True)
        raise TransitionError(f"cannot write {path}: {exc.strerror}", EXIT_USAGE) from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    _sync_directory(directory)


@contextlib.contextmanager
def _locked(path: Path | None) -> Iterator[None]:
    """Hold an advisory lock on `path` (the file about to be replaced) while it is compared and
    replaced, so that of two writers the second sees the first's file. POSIX only; the lock
    dies with the process, so a killed writer leaves none behind."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the comparison alone
        yield
        return
    if path is None:
        yield
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield  # no file to lock: nothing to compare either
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _sync_directory(directory: Path) -> None:
    """Flush the rename itself to disk (POSIX; not possible on every platform or file system)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
