"""The validated-plan cache: a second run on an unchanged plan reads the plan back, with what the
rules found in it, instead of parsing, validating and checking it again.

Most of a small command's time is not the plan: it is pydantic building its validators (the
model classes are declared with `defer_build`, so nothing is built until something is
validated) and the imports of the YAML reader and the rules. A hit does none of that: it reads
the plan files (their bytes are part of the key), one cache file, and unpickles the plan.

- Key: for each plan file, the name it is shown by, its real path, size, modification time and a
  BLAKE2 hash of its bytes; the plan's own path; the tool's version; the size and modification
  time of every module of the tool (the rule CPython uses for its bytecode cache: an edit to the
  source, the models or the rules never reads an entry written before it); the versions of
  Python and pydantic; `--follow-symlinks`.
- One entry a plan directory, under `<user cache directory>/transition/plans/` (platformdirs:
  `~/.cache/transition` on Linux); `$TRANSITION_CACHE_DIR` moves it; `--no-cache` or
  `$TRANSITION_NO_CACHE=1` turns it off. An entry holds the plan pickled as it was loaded, and
  the rules' findings for each way they were run (with or without the calendar rule).
- Anything wrong with an entry (another key, a digest that does not match its bytes, a file cut
  short, an older format, a pickle that does not read back as a plan) is a miss: the plan is
  loaded as if there were no cache, and the entry written anew. Nothing is unpickled before its
  digest matches, so a damaged file is never read as a plan. Entries are written to a temporary
  file and renamed into place; a cache that cannot be written is left alone, silently.
- A plan whose files cannot all be read (missing, refused, a pipe) is loaded without the cache,
  so its problems are reported exactly as before.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import Diagnostic
from .discovery import display_path, locate_plan_files
from .files import read_plan_file
from .result import FREEZE_FROM, LoadResult

CACHE_DIR_ENV = "TRANSITION_CACHE_DIR"
NO_CACHE_ENV = "TRANSITION_NO_CACHE"
# The first bytes of an entry; a new layout of entries gets a new number.
_MAGIC = b"transition-plan-cache/2"
# Entries kept (one per plan directory and working directory it was shown from); the oldest
# beyond this are removed when a new one is written.
MAX_ENTRIES = 64

Findings = tuple[list[Diagnostic], dict[str, int]]  # the rules' diagnostics, ignored warnings


@dataclass
class CheckedLoad:
    """A loaded plan and what the rules found in it (nothing when it could not be checked)."""

    result: LoadResult  # its plan is None when not wanted (`load_and_check`) and not read
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the rules', sorted
    ignored: dict[str, int] = field(default_factory=dict)  # rule code -> warnings suppressed
    cached: bool = False  # read back from the cache
    programme: str | None = None  # the programme's name, when there is a plan

    def __post_init__(self) -> None:
        if self.programme is None and self.result.plan is not None:
            self.programme = self.result.plan.programme.name


def cache_directory() -> Path | None:
    """Where the cache lives, or None when it is turned off (`$TRANSITION_NO_CACHE`)."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("transition", appauthor=False))


def load_and_check(
    path: Path,
    *,
    follow_symlinks: bool = False,
    calendar: bool = True,
    use_cache: bool = True,
    want_plan: bool = True,
) -> CheckedLoad:
    """Load the plan at `path` and run the rules on it (`checks.check_plan`, with `calendar`),
    through the cache unless `use_cache` is false or the cache is turned off.

    Without `want_plan` (`check`, which reports what was found and nothing else), a plan found
    in the cache is not read back at all: the result has the diagnostics, the files and the
    programme's name, and no plan, and nothing of pydantic is imported.
    """
    found = locate_plan_files(path)
    if isinstance(found, LoadResult):
        return CheckedLoad(found)
    files, root = found
    directory = cache_directory() if use_cache else None
    contents = _read_files(files, root, follow_symlinks) if directory is not None else None
    if directory is None or contents is None:
        from .reader import load_files

        return check_loaded(load_files(files, root=root, follow_symlinks=follow_symlinks), calendar)
    where, key = _entry(directory, root, contents, follow_symlinks)
    entry = _read_entry(where, key)
    findings: dict[bool, Findings] = {}
    if entry is not None:
        outline, blob, findings = entry
        found_now = findings.get(calendar)
        if found_now is not None and not want_plan:
            diagnostics, fatal, shown, programme = outline
            return CheckedLoad(
                LoadResult(None, diagnostics, fatal, shown), *found_now, True, programme
            )
        thawed = _thaw(blob) if found_now is not None else None
        if thawed is not None and found_now is not None:
            return CheckedLoad(thawed, found_now[0], found_now[1], cached=True)
        # Otherwise the rules were run the other way only (or the plan did not read back): the
        # plan is loaded afresh (the rules work on models, not twins) and this way's findings
        # join the others'.
    from .reader import load_contents

    result = load_contents(contents, root)
    frozen = _freeze(result)  # before the rules run on it, as a later hit will find it
    checked = check_loaded(result, calendar)
    if frozen is not None:
        name = result.plan.programme.name if result.plan is not None else None
        outline = (result.diagnostics, result.fatal, result.files, name)
        every = {**findings, calendar: (checked.diagnostics, checked.ignored)}
        _write_entry(where, key, outline, frozen, every)
    return checked


def check_loaded(result: LoadResult, calendar: bool = True) -> CheckedLoad:
    """Run the rules on a plan loaded without the cache."""
    diagnostics, ignored = _findings(result, calendar)
    return CheckedLoad(result, diagnostics, ignored)


def _findings(result: LoadResult, calendar: bool) -> Findings:
    if result.plan is None or result.fatal:
        return [], {}
    from ..checks import check_plan

    checked = check_plan(result.plan, calendar=calendar)
    return checked.diagnostics, checked.ignored


def _read_files(
    files: list[Path], root: Path, follow_symlinks: bool
) -> list[tuple[Path, bytes]] | None:
    """Every file's bytes, read as the loader reads them; None when one cannot be read."""
    directory = root if root.is_dir() else None
    contents = []
    for path in files:
        try:
            data = read_plan_file(path, directory or path.parent, follow_symlinks=follow_symlinks)
        except Exception:  # missing, refused, unreadable: the loader reports it
            return None
        contents.append((path, data))
    return contents


def _entry(
    directory: Path, root: Path, contents: list[tuple[Path, bytes]], follow_symlinks: bool
) -> tuple[Path, str]:
    """The entry's file and the digest of its key."""
    import pydantic

    shown_root = display_path(root)
    files = []
    for path, data in contents:
        try:
            info = path.stat()
            stamp = (info.st_size, info.st_mtime_ns)
        except OSError:
            stamp = (-1, -1)
        digest = hashlib.blake2b(data, digest_size=32).hexdigest()
        files.append((display_path(path), os.path.realpath(path), *stamp, digest))
    place = (os.path.realpath(root), shown_root, follow_symlinks)
    key = (
        _MAGIC.decode(),
        __version__,
        _source_fingerprint(),
        sys.version,
        pydantic.VERSION,
        place,
        tuple(files),
    )
    name = hashlib.blake2b(repr(place).encode(), digest_size=16).hexdigest()
    return directory / "plans" / f"{name}.pickle", _digest(repr(key).encode())


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=32).hexdigest()


_FINGERPRINT: list[str] = []


def _source_fingerprint() -> str:
    """The size and modification time of every module of the tool, hashed."""
    if _FINGERPRINT:
        return _FINGERPRINT[0]
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=16)
    for folder, folders, names in os.walk(package):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                info = (Path(folder) / name).stat()
                digest.update(f"{folder}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    _FINGERPRINT.append(digest.hexdigest())
    return _FINGERPRINT[0]


Outline = tuple[list[Diagnostic], bool, list[str], str | None]  # a load result but its plan


def _read_entry(where: Path, key: str) -> tuple[Outline, bytes, dict[bool, Findings]] | None:
    """The entry for `key` (the load result's outline, the pickled load result, and the rules'
    findings by `calendar`), or None."""
    try:
        data = where.read_bytes()
    except (OSError, ValueError):
        return None
    head, _, payload = data.partition(b"\n")
    if head != b" ".join((_MAGIC, key.encode(), _digest(payload).encode())):
        return None  # another key, another format, or bytes that are not what was written
    try:
        outline, blob, findings = pickle.loads(payload)
        diagnostics, fatal, files, programme = outline
    except Exception:
        return None
    if not (
        isinstance(blob, bytes)
        and isinstance(findings, dict)
        and _diagnostics(diagnostics)
        and isinstance(fatal, bool)
        and isinstance(files, list)
        and all(isinstance(f, str) for f in files)
        and (programme is None or isinstance(programme, str))
    ):
        return None
    for calendar, found in findings.items():
        if not (
            isinstance(calendar, bool)
            and isinstance(found, tuple)
            and len(found) == 2
            and _diagnostics(found[0])
            and isinstance(found[1], dict)
        ):
            return None
    return (diagnostics, fatal, files, programme), blob, findings


def _diagnostics(found: object) -> bool:
    return isinstance(found, list) and all(isinstance(d, Diagnostic) for d in found)


def _write_entry(
    where: Path, key: str, outline: Outline, blob: bytes, findings: dict[bool, Findings]
) -> None:
    """Write an entry atomically (a temporary file renamed into place); never fail a command."""
    import tempfile

    try:
        payload = pickle.dumps((outline, blob, findings), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    head = b" ".join((_MAGIC, key.encode(), _digest(payload).encode())) + b"\n"
    try:
        where.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        where.parent.mkdir(mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(head)
                file.write(payload)
            Path(temporary).replace(where)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
            raise
    except OSError:
        return
    _prune(where.parent)


def _prune(folder: Path) -> None:
    """Remove the oldest entries beyond MAX_ENTRIES, and temporary files a killed run left."""
    import time

    with contextlib.suppress(OSError):
        entries = []
        for item in os.scandir(folder):
            info = item.stat(follow_symlinks=False)
            if item.name.endswith(".tmp"):
                if info.st_mtime < time.time() - 3600:
                    Path(item.path).unlink()
            elif item.name.endswith(".pickle"):
                entries.append((info.st_mtime, item.path))
        for _, path in sorted(entries)[:-MAX_ENTRIES]:
            Path(path).unlink()


def _freeze(result: LoadResult) -> bytes | None:
    """The load result pickled, or None when it cannot be (nothing is cached then).

    Model objects are pickled as plain twins (`load.twins`): reading them back imports no pydantic.
    `Plan.origins` and `Plan.stand_ins` are keyed by `id()` of the objects, which a new process
    does not share: they travel as (object, value) pairs and are keyed anew when read back.
    """
    plan = result.plan
    state: tuple[Any, ...]
    if plan is None:
        state = (None, [], [], result.diagnostics, result.fatal, result.files)
    else:
        objects = {
            id(o): o for o in (plan.programme, *plan.organisations, *plan.roles, *plan.milestones)
        }
        if not (plan.origins.keys() <= objects.keys() and plan.stand_ins.keys() <= objects.keys()):
            return None  # an object outside the plan's lists (a second programme): not cached
        bare = replace(plan, origins={}, stand_ins={})
        origins = [(objects[k], v) for k, v in plan.origins.items()]
        stand_ins = [(objects[k], v) for k, v in plan.stand_ins.items()]
        state = (bare, origins, stand_ins, result.diagnostics, result.fatal, result.files)
    import io

    from .twins import reducer

    class Pickler(pickle.Pickler):
        reducer_override = staticmethod(reducer())

    buffer = io.BytesIO()
    try:
        Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    except Exception:
        return None
    return buffer.getvalue()


def _thaw(blob: bytes) -> LoadResult | None:
    """The load result `_freeze` pickled, or None when it does not read back as one."""
    enabled = gc.isenabled()
    gc.disable()  # as when loading: many objects, no cycles worth looking for
    result = None
    try:
        result = _unpickle(blob)
        return result
    finally:
        if enabled:
            if result is not None and result.plan and len(result.plan.milestones) >= FREEZE_FROM:
                gc.freeze()  # as the loader does (`load.reader`)
            gc.enable()


def _unpickle(blob: bytes) -> LoadResult | None:
    from ..plan import Plan

    try:
        plan, origins, stand_ins, diagnostics, fatal, files = pickle.loads(blob)
        if not (
            (plan is None or isinstance(plan, Plan))
            and _diagnostics(diagnostics)
            and isinstance(fatal, bool)
            and isinstance(files, list)
        ):
            return None
        if plan is not None:
            plan.origins = {id(o): v for o, v in origins}
            plan.stand_ins = {id(o): v for o, v in stand_ins}
    except Exception:
        return None
    return LoadResult(plan, diagnostics, fatal, files)
