"""`write_atomic`: the one way the tool writes a file (reports, exports, snapshots, plan edits).

With `expected` (a `Fingerprint` taken when the file was read), the file on disk is compared
just before the rename, under an advisory lock, and nothing is written when it changed: two
people applying returns at once cannot lose either's work.

The data goes to a temporary file in the target's directory, is flushed to disk (fsync), given
the target's mode (and owner, where allowed), and renamed over the target: a crash or a kill at any moment leaves the old
file or the new one whole, never half of either. SIGTERM during the write removes the temporary
file before the process ends (SIGKILL cannot be caught: a hidden `.NAME.*.tmp` may then remain,
the target is still whole).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from ..errors import TransitionError, visible

__all__ = ["Fingerprint", "changed_since", "fingerprint", "write_atomic"]


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
    # Same size and even the same time can hide a change: file systems stamp times coarsely
    # (a save within the same tick keeps the time), so the bytes are always compared.
    return hashlib.sha256(path.read_bytes()).hexdigest() != expected.sha256


def write_atomic(
    path: Path | str, data: bytes | str, *, expected: Fingerprint | None = None
) -> None:
    """Replace the file `path` with `data` (text is written as UTF-8), atomically.

    - With `expected`, nothing is written when the file changed on disk since it was read.
    - A symbolic link is followed: the file it points to is replaced, the link kept.
    - A FIFO or a device (`-o /dev/stdout`, a named pipe) is written into: it cannot be replaced.
    - A directory, or a file the user may not write (read-only, as the shell's `>` would refuse),
      is refused with a `TransitionError` (exit 2), and nothing is written.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    shown = visible(target)
    try:
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise TransitionError(f"cannot write {shown}: {exc.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise TransitionError(f"cannot write {shown}: it is a directory")
        _write_into(target, payload, shown)
        return
    if info is not None and not os.access(target, os.W_OK):
        raise TransitionError(
            f"cannot write {shown}: the file is read-only (permission denied); "
            "change its permissions or write elsewhere"
        )
    directory = target.parent
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    with _removed_on_termination() as cleanup:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise TransitionError(f"cannot write {shown}: {exc.strerror}") from None
        cleanup.append(tmp)
        try:
            try:
                if info is not None and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    # Keep the owner too where we may (root, or a group we belong to).
                    with contextlib.suppress(OSError):
                        os.fchown(fd, info.st_uid, info.st_gid)
                os.fchmod(fd, mode)
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            with _locked(target if expected is not None else None):
                if expected is not None and changed_since(target, expected):
                    raise TransitionError(
                        f"{shown} changed on disk since it was read (someone else saved it "
                        "meanwhile): nothing was written. Run the command again to apply it to "
                        "the new version"
                    )
                Path(tmp).replace(target)
            cleanup.remove(tmp)
        except OSError as exc:
            raise TransitionError(f"cannot write {shown}: {exc.strerror}") from None
        finally:
            if tmp in cleanup:
                Path(tmp).unlink(missing_ok=True)
                cleanup.remove(tmp)
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


def _write_into(target: Path, payload: bytes, shown: str) -> None:
    """Write into a FIFO or a device, which cannot be replaced by a rename."""
    try:
        with target.open("wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise TransitionError(f"cannot write {shown}: {exc.strerror}") from None


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse a directory fsync)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _removed_on_termination() -> Iterator[list[str]]:
    """Yield a list of temporary files that SIGTERM (or SIGHUP) removes before the process ends."""
    pending: list[str] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending  # signal handlers can only be set from the main thread
        return
    signals = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {number: signal.getsignal(number) for number in signals}

    def terminate(number: int, frame: FrameType | None) -> None:
        for name in pending:
            with contextlib.suppress(OSError):
                Path(name).unlink()
        pending.clear()
        # End as the signal would have ended the process (exit status 128 + number).
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    for number in signals:
        signal.signal(number, terminate)
    try:
        yield pending
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
