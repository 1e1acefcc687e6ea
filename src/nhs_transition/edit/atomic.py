"""`write_atomic`: the one way the tool writes a file (reports, exports, snapshots, plan edits).

The data goes to a temporary file in the target's directory, is flushed to disk (fsync), given
the target's mode (and owner, where allowed), and renamed over the target: a crash or a kill at any moment leaves the old
file or the new one whole, never half of either. SIGTERM during the write removes the temporary
file before the process ends (SIGKILL cannot be caught: a hidden `.NAME.*.tmp` may then remain,
the target is still whole).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from ..errors import TransitionError, visible

__all__ = ["write_atomic"]


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Replace the file `path` with `data` (text is written as UTF-8), atomically.

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
            Path(tmp).replace(target)
            cleanup.remove(tmp)
        except OSError as exc:
            raise TransitionError(f"cannot write {shown}: {exc.strerror}") from None
        finally:
            if tmp in cleanup:
                Path(tmp).unlink(missing_ok=True)
                cleanup.remove(tmp)
    _sync_directory(directory)


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
