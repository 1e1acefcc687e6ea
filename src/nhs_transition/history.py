"""Earlier states of a plan: from its own history entries, from a git revision, from a snapshot.

- Within one plan, the plan as it stood on an earlier day is the plan evaluated on that day:
  history entries and actuals dated after it are ignored (`state_on`).
- From git (`--against REV`): the plan files as committed at REV, read with `git show` (argument
  lists, never a shell) from the repository that holds the plan directory (`plan_at_revision`).
- From a snapshot (`--against FILE`): the JSON that `transition snapshot` writes
  (`snapshot_text` / `read_snapshot`), so a programme without git can still compare weeks.

`--against` names a snapshot when a file of that name exists, else a git revision.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EXIT_PLAN_ERRORS, EXIT_USAGE, Severity, TransitionError, excerpt, json_safe
from .model import Plan
from .schedule import CycleError
from .slippage import RATINGS, evaluate
from .weekly import MilestoneState, PlanState, plan_state

if TYPE_CHECKING:
    from .trend import PlanReport

SNAPSHOT_FORMAT = "transition-snapshot"
# Version 2 (ratings on evidence): `expected` may be null (no evidence for a date), the ratings
# unknown, undated and cancelled, and `silent_since`. Version 1 files are still read.
SNAPSHOT_VERSION = 2
READABLE_VERSIONS = (1, 2)
_SNAPSHOT_LIMIT = 256 * 1024 * 1024  # a snapshot of 100,000 milestones is about 40 MB
_GIT_TIMEOUT = 60  # seconds; `git show` of a few files takes milliseconds


# --- (a) the same plan on an earlier day --------------------------------------------------------


def state_on(plan: Plan, as_of: date, *, label: str = "the plan") -> PlanState:
    """The plan evaluated as it stood on `as_of`; a dependency cycle is a clear error."""
    try:
        return plan_state(evaluate(plan, as_of), plan)
    except CycleError as exc:
        raise TransitionError(f"{label}: {exc}; run `transition check`", EXIT_PLAN_ERRORS) from None


# --- (b) a git revision -------------------------------------------------------------------------


def _git(
    args: list[str], cwd: Path, option: str = "--against"
) -> subprocess.CompletedProcess[bytes]:
    """Run git with an argument list (no shell), capturing bytes; a missing git is a clear error."""
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=_GIT_TIMEOUT,
            env=_git_env(),
        )
    except FileNotFoundError:
        raise TransitionError(f"{option}: git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise TransitionError(f"{option}: git did not answer within {_GIT_TIMEOUT} s") from None


def _git_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["LC_ALL"] = "C"  # messages we parse nothing from, but keep them stable
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.pop("GIT_DIR", None)  # the repository is the one holding the plan, not an inherited one
    env.pop("GIT_WORK_TREE", None)
    return env


def _stderr(result: subprocess.CompletedProcess[bytes]) -> str:
    text = result.stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else f"git exited with status {result.returncode}"


def plan_files_at_revision(
    plan_dir: Path, revision: str, *, option: str = "--against"
) -> tuple[str, dict[str, bytes]]:
    """(commit id, {path relative to the repository: content}) of the plan files at `revision`.

    `revision` ":" reads the plan files staged in the index (the commit id is then "index").
    `option` names the option or argument in messages.
    """
    from .load import MILESTONES_DIR, ORGANISATIONS_FILE, TIMELINE_FILE

    if not revision or revision.startswith("-"):
        # A leading '-' would be read by git as an option, not a revision.
        raise TransitionError(f"{option}: '{revision}' is not a git revision or a snapshot file")
    directory = plan_dir if plan_dir.is_dir() else plan_dir.parent
    if not directory.is_dir():
        raise TransitionError(f"{option}: no plan directory at '{plan_dir}'")
    top = _git(["rev-parse", "--show-toplevel"], directory, option)
    if top.returncode != 0 and b"dubious ownership" in top.stderr:
        raise TransitionError(
            f"{option} {excerpt(revision)}: git refuses to read the repository holding "
            f"'{excerpt(directory)}': it belongs to another user (git's 'dubious ownership' "
            "check). If you trust it: git config --global --add safe.directory <repository>"
        )
    if top.returncode != 0:
        raise TransitionError(
            f"{option} {revision}: the plan directory '{directory}' is not inside a git repository "
            "(and no snapshot file of that name exists)"
        )
    toplevel = Path(top.stdout.decode("utf-8", "replace").strip())
    try:
        relative = directory.resolve().relative_to(toplevel.resolve()).as_posix()
    except ValueError:
        raise TransitionError(
            f"{option} {revision}: '{directory}' is not inside the repository at '{toplevel}'"
        ) from None
    prefix = "" if relative in ("", ".") else relative + "/"
    if revision == ":":  # the index: what `git commit` would record now
        commit = "index"
        listing = _git(["ls-files", "-z", "--cached", "--", prefix or "."], toplevel, option)
    else:
        verified = _git(
            ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], toplevel, option
        )
        if verified.returncode != 0:
            raise TransitionError(
                f"{option}: '{revision}' is not a revision of the repository at '{toplevel}' "
                "(and no snapshot file of that name exists)"
            )
        commit = verified.stdout.decode("ascii", "replace").strip()
        listing = _git(
            ["ls-tree", "-r", "--name-only", "-z", commit, "--", prefix or "."], toplevel, option
        )
    if listing.returncode != 0:
        raise TransitionError(
            f"{option} {revision}: cannot list the plan files: {_stderr(listing)}"
        )
    present = {p for p in listing.stdout.decode("utf-8", "replace").split("\0") if p}
    wanted = [prefix + ORGANISATIONS_FILE, prefix + TIMELINE_FILE]
    missing = [p for p in wanted if p not in present]
    if missing:
        raise TransitionError(
            f"{option} {revision}: the plan files did not exist at that revision "
            f"(no {', '.join(missing)} in commit {commit[:12]})"
        )
    extra_dir = prefix + MILESTONES_DIR + "/"
    wanted += sorted(
        p
        for p in present
        if p.startswith(extra_dir)
        and "/" not in p[len(extra_dir) :]
        and p.endswith((".yaml", ".yml"))
    )
    files: dict[str, bytes] = {}
    for path in wanted:
        spec = f":{path}" if revision == ":" else f"{commit}:{path}"
        shown = _git(["show", spec], toplevel, option)
        if shown.returncode != 0:
            raise TransitionError(f"{option} {revision}: cannot read {path}: {_stderr(shown)}")
        files[path] = shown.stdout
    return commit, files


def plan_at_revision(plan_dir: Path, revision: str) -> Plan:
    """The plan in `plan_dir` as committed at `revision`; errors name the files as `REV:path`."""
    _commit, files = plan_files_at_revision(plan_dir, revision)
    return load_texts(files, label=revision)


def load_texts(files: dict[str, bytes], *, label: str) -> Plan:
    """Load plan files given as {relative path: content}; a plan with errors is a clear error.

    Each diagnostic is shown against `label:path` (e.g. `HEAD~1:data/timeline.yaml`).
    """
    from . import load

    def order(path: str) -> tuple[int, str]:
        name = Path(path).name
        return (
            0 if name == load.ORGANISATIONS_FILE else 1 if name == load.TIMELINE_FILE else 2,
            path,
        )

    result = load.load_texts({f"{label}:{path}": files[path] for path in sorted(files, key=order)})
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if errors or result.plan is None:
        shown = "\n".join(d.format_text() for d in errors[:10])
        more = f"\n... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise TransitionError(
            f"the plan at {label} cannot be loaded:\n{shown}{more}".rstrip(),
            EXIT_USAGE if result.fatal or result.plan is None else EXIT_PLAN_ERRORS,
        )
    return result.plan


# --- (c) snapshots ------------------------------------------------------------------------------


def snapshot_data(state: PlanState) -> dict[str, Any]:
    """The JSON document of a snapshot (format version 1)."""
    return {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "programme": {"id": state.programme_id, "name": state.programme_name},
        "as_of": state.as_of.isoformat(),
        "finish": state.finish.isoformat(),
        "deadline": _iso(state.deadline),
        "critical_path": list(state.critical_path),
        "milestones": [
            {
                "id": m.id,
                "title": m.title,
                "owner": m.owner,
                "owner_label": m.owner_label,
                "workstream": m.workstream,
                "due": _iso(m.due),
                "due_text": m.due_text,
                "forecast": _iso(m.forecast),
                "forecast_text": m.forecast_text,
                "actual": _iso(m.actual),
                "expected": _iso(m.expected),
                "slip_days": m.slip_days,
                "total_float_days": m.total_float,
                "rating": m.rating,
                "critical": m.critical,
                "open_past_expected": m.pinned,
                "silent_since": _iso(m.silent_since),
            }
            for m in state.milestones
        ],
    }


def snapshot_text(state: PlanState) -> str:
    """A snapshot as pretty JSON text (UTF-8, newline at the end)."""
    return json_safe(json.dumps(snapshot_data(state), indent=2, ensure_ascii=False)) + "\n"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


class _Malformed(Exception):
    pass


def read_snapshot(path: Path) -> PlanState:
    """Read a snapshot file; an unreadable, malformed or newer-format file is a clear error."""
    try:
        if path.stat().st_size > _SNAPSHOT_LIMIT:
            raise TransitionError(
                f"{path}: the snapshot is over {_SNAPSHOT_LIMIT // 2**20} MB: not a snapshot of "
                "this tool"
            )
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TransitionError(f"{path}: no such snapshot file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise TransitionError(f"{path}: cannot read the snapshot: {reason}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise TransitionError(
            f"{path}:{exc.lineno}:{exc.colno}: not a snapshot: invalid JSON ({exc.msg})"
        ) from None
    except (ValueError, RecursionError):  # a number of 4,300+ digits, arrays nested deeply
        raise TransitionError(
            f"{path}: not a snapshot: a number too long or nesting too deep for one"
        ) from None
    try:
        return parse_snapshot(data)
    except _Malformed as exc:
        raise TransitionError(f"{path}: malformed snapshot: {exc}") from None


def parse_snapshot(data: Any) -> PlanState:
    """A PlanState from a snapshot document; raises _Malformed naming the bad field."""
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise _Malformed(
            f'expected a JSON object with "format": "{SNAPSHOT_FORMAT}" '
            "(written by `transition snapshot`)"
        )
    version = data.get("version")
    if version not in READABLE_VERSIONS:
        raise _Malformed(
            f"format version {version!r} is not supported: this transition reads versions "
            f"{', '.join(map(str, READABLE_VERSIONS))} (written by a different release?)"
        )
    programme = _get(data, "programme", dict, "")
    milestones = _get(data, "milestones", list, "")
    states = []
    for index, item in enumerate(milestones):
        where = f"milestones[{index}]."
        if not isinstance(item, dict):
            raise _Malformed(f"milestones[{index}]: expected an object")
        states.append(
            MilestoneState(
                id=_get(item, "id", str, where),
                title=_get(item, "title", str, where),
                owner=_get(item, "owner", str, where),
                owner_label=_get(item, "owner_label", str, where),
                workstream=_opt(item, "workstream", str, where),
                due_text=_opt(item, "due_text", str, where),
                due=_day(item, "due", where, optional=True),
                forecast_text=_opt(item, "forecast_text", str, where),
                forecast=_day(item, "forecast", where, optional=True),
                actual=_day(item, "actual", where, optional=True),
                expected=_day(item, "expected", where, optional=version != 1),
                slip_days=_opt(item, "slip_days", int, where),
                total_float=_get(item, "total_float_days", int, where),
                rating=_rating(item, where),
                critical=_get(item, "critical", bool, where),
                pinned=_get(item, "open_past_expected", bool, where),
                silent_since=_day(item, "silent_since", where, optional=True),
            )
        )
    path = _get(data, "critical_path", list, "")
    if not all(isinstance(i, str) for i in path):
        raise _Malformed("critical_path: expected a list of milestone ids")
    return PlanState(
        programme_id=_get(programme, "id", str, "programme."),
        programme_name=_get(programme, "name", str, "programme."),
        as_of=_required_day(data, "as_of", ""),
        finish=_required_day(data, "finish", ""),
        deadline=_day(data, "deadline", "", optional=True),
        critical_path=tuple(path),
        milestones=tuple(states),
    )


def _get(data: dict[str, Any], key: str, kind: type[Any], where: str) -> Any:
    if key not in data:
        raise _Malformed(f"{where}{key}: missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Malformed(f"{where}{key}: expected {_KINDS[kind]}, found {json.dumps(value)[:40]}")
    return value


def _opt(data: dict[str, Any], key: str, kind: type[Any], where: str) -> Any:
    return None if data.get(key) is None else _get(data, key, kind, where)


def _day(data: dict[str, Any], key: str, where: str, *, optional: bool) -> date | None:
    value = data.get(key)
    if value is None:
        if optional:
            return None
        raise _Malformed(f"{where}{key}: missing")
    if not isinstance(value, str):
        raise _Malformed(
            f"{where}{key}: expected an ISO date (YYYY-MM-DD), found {json.dumps(value)[:40]}"
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Malformed(f"{where}{key}: '{value[:40]}' is not an ISO date (YYYY-MM-DD)") from None


def _required_day(data: dict[str, Any], key: str, where: str) -> date:
    day = _day(data, key, where, optional=False)
    assert day is not None
    return day


def _rating(item: dict[str, Any], where: str) -> str:
    rating: str = _get(item, "rating", str, where)
    if rating not in RATINGS:
        raise _Malformed(f"{where}rating: '{rating[:20]}' is not one of {', '.join(RATINGS)}")
    return rating


_KINDS: dict[type[Any], str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}


# --- choosing the earlier plan ------------------------------------------------------------------


def earlier_state(
    plan: Plan, plan_dir: Path, against: str | None, since: date
) -> tuple[PlanState, str]:
    """The plan to compare with, and what it is in words: `--against` or the plan itself on `since`."""
    if against is None:
        return state_on(plan, since), "the same plan on that date (history entries and actuals)"
    candidate = Path(against)
    try:
        is_snapshot = candidate.is_file()
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise TransitionError(f"--against: cannot use '{excerpt(against)}': {reason}") from None
    if is_snapshot:
        state = read_snapshot(candidate)
        if state.programme_id != plan.programme.id:
            raise TransitionError(
                f"{against}: the snapshot is of programme '{state.programme_id}', "
                f"not of '{plan.programme.id}'"
            )
        if state.as_of > since + timedelta(days=7):
            raise TransitionError(
                f"{against}: the snapshot was taken on {state.as_of.isoformat()}, after the week "
                f"ending {(since + timedelta(days=7)).isoformat()}: compare with an earlier one"
            )
        return state, f"the snapshot {against} (as of {state.as_of.isoformat()})"
    old = plan_at_revision(plan_dir, against)
    return state_on(
        old, since, label=f"the plan at {against}"
    ), f"the plan at git revision {against}"


# --- one side of a diff -------------------------------------------------------------------------


def read_side(spec: str | None, plan_dir: Path, *, option: str) -> tuple[str, Plan | PlanState]:
    """One side of `transition diff`: (label, the plan, or the state a snapshot holds).

    `spec` None is the plan directory as it is on disk (the working tree); an existing directory
    is a plan directory; an existing file is a snapshot; ":" is the plan staged in the index;
    anything else is a git revision of the repository that holds `plan_dir`.
    """
    if spec is None:
        from .load import display_path

        shown = display_path(plan_dir)
        if shown == ".":
            shown = plan_dir.resolve().name or shown
        return f"{shown} (working tree)", load_directory(plan_dir)
    candidate = Path(spec)
    if candidate.is_dir():
        return spec, load_directory(candidate)
    if candidate.is_file():
        return spec, read_snapshot(candidate)
    commit, files = plan_files_at_revision(plan_dir, spec, option=option)
    label = "index (staged)" if spec == ":" else spec
    if spec != ":" and not commit.startswith(spec):
        label = f"{spec} ({commit[:7]})"
    return label, load_texts(files, label=spec)


def load_directory(path: Path) -> Plan:
    """The plan in directory `path`; a plan that cannot be loaded or has errors is a clear error."""
    from . import load

    result = load.load_plan(path)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if errors or result.plan is None:
        raise TransitionError(
            f"the plan at {load.display_path(path)} cannot be loaded: run `transition check`",
            EXIT_USAGE if result.fatal or result.plan is None else EXIT_PLAN_ERRORS,
            errors[:10],
        )
    return result.plan


# --- the plan's git history (`trend --git`) -----------------------------------------------------


def plan_reports(plan_dir: Path, rev_range: str = "HEAD") -> tuple[list[PlanReport], list[str]]:
    """Every commit in `rev_range` that touched the plan, oldest first, with the plan it holds.

    Returns (reports, skipped): a commit whose plan cannot be loaded (half a plan, a syntax
    error) is skipped and named in `skipped` ("abc1234: why"). Two git processes whatever the
    number of commits: `git log` lists them, one `git cat-file --batch` reads every file.
    """
    from .load import MILESTONES_DIR, ORGANISATIONS_FILE, TIMELINE_FILE
    from .trend import PlanReport

    option = "--git"
    if not rev_range or rev_range.startswith("-"):
        raise TransitionError(f"{option}: '{excerpt(rev_range)}' is not a git revision range")
    directory = plan_dir if plan_dir.is_dir() else plan_dir.parent
    top = _git(["rev-parse", "--show-toplevel"], directory, option)
    if top.returncode != 0:
        raise TransitionError(
            f"{option}: the plan directory '{directory}' is not inside a git repository"
        )
    toplevel = Path(top.stdout.decode("utf-8", "replace").strip())
    try:
        relative = directory.resolve().relative_to(toplevel.resolve()).as_posix()
    except ValueError:
        raise TransitionError(
            f"{option}: '{directory}' is not inside the repository at '{toplevel}'"
        ) from None
    prefix = "" if relative in ("", ".") else relative + "/"
    paths = [prefix + ORGANISATIONS_FILE, prefix + TIMELINE_FILE, prefix + MILESTONES_DIR]
    log = _git(
        ["log", "--reverse", "--format=%H%x00%cs%x00%s", rev_range, "--", *paths],
        toplevel,
        option,
    )
    if log.returncode != 0:
        raise TransitionError(f"{option} {excerpt(rev_range)}: {_stderr(log)}")
    commits = []
    for line in log.stdout.decode("utf-8", "replace").splitlines():
        commit, when, subject = [*line.split("\x00"), "", ""][:3]
        commits.append((commit, date.fromisoformat(when), subject))
    wanted = [f"{c}:{p}" for c, _d, _s in commits for p in paths]
    objects = _cat_file(toplevel, wanted, option)
    # Extra milestone files: the entries of each commit's milestones/ tree.
    extra: dict[str, list[tuple[str, str]]] = {}
    for commit, _d, _s in commits:
        tree = objects.get(f"{commit}:{prefix}{MILESTONES_DIR}")
        if tree is not None and tree[0] == "tree":
            extra[commit] = [
                (name, sha)
                for name, sha, is_blob in _tree_entries(tree[1])
                if is_blob and name.endswith((".yaml", ".yml"))
            ]
    blobs = _cat_file(
        toplevel, sorted({sha for items in extra.values() for _n, sha in items}), option
    )
    reports: list[PlanReport] = []
    skipped: list[str] = []
    cache: dict[tuple[bytes, ...], Plan | str] = {}
    for commit, day, subject in commits:
        files: dict[str, bytes] = {}
        for path in paths[:2]:
            found = objects.get(f"{commit}:{path}")
            if found is not None and found[0] == "blob":
                files[path] = found[1]
        for name, sha in sorted(extra.get(commit, [])):
            files[f"{prefix}{MILESTONES_DIR}/{name}"] = blobs[sha][1]
        if len(files) < 2 or not all(p in files for p in paths[:2]):
            skipped.append(f"{commit[:7]}: the plan files are not all there")
            continue
        key = tuple(files[p] for p in sorted(files))
        plan = cache.get(key)
        if plan is None:
            try:
                plan = load_texts(files, label=commit[:7])
            except TransitionError as exc:
                plan = exc.message.splitlines()[-1] if exc.message else "cannot be loaded"
            cache[key] = plan
        if isinstance(plan, str):
            skipped.append(f"{commit[:7]}: {plan}")
            continue
        reports.append(PlanReport(day, commit, subject, plan))
    return reports, skipped


def _cat_file(toplevel: Path, names: list[str], option: str) -> dict[str, tuple[str, bytes]]:
    """{object name: (type, content)} of every name git knows; one `git cat-file --batch`."""
    if not names:
        return {}
    try:
        result = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=toplevel,
            input="".join(f"{n}\n" for n in names).encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=_GIT_TIMEOUT * 5,
            env=_git_env(),
        )
    except FileNotFoundError:
        raise TransitionError(f"{option}: git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise TransitionError(f"{option}: git did not answer in time") from None
    out = result.stdout
    found: dict[str, tuple[str, bytes]] = {}
    at = 0
    for name in names:
        end = out.index(b"\n", at)
        header = out[at:end].decode("utf-8", "replace")
        at = end + 1
        if header.endswith(" missing") or header.endswith(" ambiguous"):
            continue
        _sha, kind, size = header.rsplit(" ", 2)
        length = int(size)
        found[name] = (kind, out[at : at + length])
        at += length + 1  # the content, then a newline
    return found


def _tree_entries(data: bytes) -> list[tuple[str, str, bool]]:
    """(name, object id in hex, is a blob) of each entry of a raw git tree object."""
    entries = []
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        mode = data[at:space]
        nul = data.index(b"\0", space)
        name = data[space + 1 : nul].decode("utf-8", "replace")
        sha = data[nul + 1 : nul + 21].hex()
        entries.append((name, sha, not mode.startswith(b"4")))  # 40000: a tree
        at = nul + 21
    return entries


def missing_at_head(plan_dir: Path) -> str | None:
    """Why HEAD holds no plan to compare with (no commit yet, or the plan is new), else None.

    Only those two: anything else (not a repository, no git) is left to the caller's error.
    """
    from .load import TIMELINE_FILE

    directory = plan_dir if plan_dir.is_dir() else plan_dir.parent
    try:
        top = _git(["rev-parse", "--show-toplevel"], directory, "BASE")
    except TransitionError:
        return None
    if top.returncode != 0:
        return None
    toplevel = Path(top.stdout.decode("utf-8", "replace").strip())
    if _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], toplevel).returncode != 0:
        return "the repository has no commit yet"
    try:
        relative = directory.resolve().relative_to(toplevel.resolve()).as_posix()
    except ValueError:
        return None
    prefix = "" if relative in ("", ".") else relative + "/"
    listed = _git(["ls-tree", "--name-only", "HEAD", "--", prefix + TIMELINE_FILE], toplevel)
    if listed.returncode == 0 and not listed.stdout.strip():
        return f"HEAD holds no plan at {relative or '.'} yet"
    return None
