"""Reports -> a checked edit of the plan's files (`edit_plan`) that shows and writes itself.

`edit_plan(plan, reports)` makes the text edits of every report, reads the edited milestones
back, builds the plan as it would be and runs every check on it; it raises, and nothing is
written, when a report is wrong or the result would not pass `check`. The `PlanEdit` it returns
shows itself as a unified diff and writes its files atomically, refusing when a file changed on
disk since it was read.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import yamlsrc
from ..checks import run_checks
from ..errors import EXIT_PLAN_ERRORS, EXIT_USAGE, Diagnostic, Severity, TransitionError
from ..load import FileLocator, load_texts
from ..model import Milestone, Plan
from .atomic import Fingerprint, fingerprint, write_atomic
from .children import child_splices
from .reports import Report, report_problems
from .text import (
    Item,
    Splice,
    append_history,
    apply_splices,
    date_writer,
    file_entry_style,
    find_item,
    newline_of,
    set_key,
)

_BOM = "\ufeff"


@dataclass
class FileChange:
    """One plan file: its bytes as read and as they will be written."""

    name: str  # as shown in diagnostics (relative to the working directory when inside it)
    path: Path
    before: bytes
    after: bytes
    fingerprint: Fingerprint
    # Where the edit changed the text: (old start, old end, new start, new end) of each edited
    # item, in order, as offsets into the texts without a BOM; None when not known.
    regions: list[tuple[int, int, int, int]] | None = None


@dataclass
class PlanEdit:
    """The edit of a plan: the plan before and after, the files it changes, new warnings."""

    before: Plan
    after: Plan
    changes: list[FileChange] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def diff(self) -> str:
        """The unified diff of every changed file (as `git diff` shows it)."""
        out: list[str] = []
        for change in self.changes:
            old, new = change.before.decode("utf-8"), change.after.decode("utf-8")
            if change.regions and not (_other_breaks(old) or _other_breaks(new)):
                bom = 1 if old.startswith(_BOM) else 0
                regions = [(a + bom, b + bom, c + bom, d + bom) for a, b, c, d in change.regions]
                out += _region_diff(old, new, change.name, regions)
                continue
            skipped, old, new = _around_the_change(old, new)
            before = old.splitlines(keepends=True)
            after = new.splitlines(keepends=True)
            out += _unified(before, after, change.name, skipped)
        return "".join(out)

    def write(self) -> None:
        """Write every changed file atomically; refuse a file changed on disk since it was read."""
        for change in self.changes:
            write_atomic(change.path, change.after, expected=change.fingerprint)


_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


# Line breaks other than \n and \r\n, which str.splitlines also breaks at (and \r alone).
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _other_breaks(text: str) -> bool:
    """True when `text` breaks lines other than at \n and \r\n (searched as a C loop does)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return True
    return any(c in text for c in _OTHER_BREAKS)


_CHUNK = 1 << 14
_CONTEXT = 3


def _around_the_change(old: str, new: str) -> tuple[int, str, str]:
    """The lines of two texts from a few lines before their first difference to a few after
    their last, and how many lines come before them: a plan of 20,000 milestones is not split
    into lines whole to show a few changed ones. Both texts whole when they hold other line
    breaks than \n and \r\n (lines are counted by \n here)."""
    if _other_breaks(old) or _other_breaks(new):
        return 0, old, new
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head : head + _CHUNK] == new[head : head + _CHUNK]:
        head += _CHUNK
    head = min(head, limit)
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    room = limit - head
    while (
        tail + _CHUNK <= room
        and old[len(old) - tail - _CHUNK : len(old) - tail]
        == new[len(new) - tail - _CHUNK : len(new) - tail]
    ):
        tail += _CHUNK
    while tail < room and old[len(old) - tail - 1] == new[len(new) - tail - 1]:
        tail += 1
    # Back to the start of the line holding the first difference, and _CONTEXT lines more.
    start = old.rfind("\n", 0, head) + 1
    for _ in range(_CONTEXT):
        if start == 0:
            break
        start = old.rfind("\n", 0, start - 1) + 1
    # On from the end of the line holding the last difference, and _CONTEXT lines more.
    end = len(old) - tail
    for _ in range(_CONTEXT + 1):
        found = old.find("\n", end)
        if found < 0:
            end = len(old)
            break
        end = found + 1
    end = max(end, start)
    shift = len(new) - len(old)
    return old.count("\n", 0, start), old[start:end], new[start : end + shift]


def _region_diff(
    old: str, new: str, name: str, regions: list[tuple[int, int, int, int]]
) -> list[str]:
    """The unified diff of two texts that differ only inside `regions` ((old start, old end,
    new start, new end), in order, not overlapping): each region is diffed with a few lines
    around it, and regions close together as one, so a return's rows far apart in a large file
    are not diffed with everything between them."""
    margin = _CONTEXT + 1
    windows: list[list[int]] = []  # [old lo, old hi, new lo, new hi], at line starts
    for a, b, c, d in regions:
        lo = a
        for _ in range(margin):
            if lo == 0:
                break
            lo = old.rfind("\n", 0, lo - 1) + 1
        hi = b
        for _ in range(margin):
            found = old.find("\n", hi)
            if found < 0:
                hi = len(old)
                break
            hi = found + 1
        # Outside the regions the texts agree, shifted by what the regions before changed.
        new_lo, new_hi = lo + (c - a), hi + (d - b)
        if windows and lo <= windows[-1][1]:
            windows[-1][1], windows[-1][3] = max(windows[-1][1], hi), new_hi
        else:
            windows.append([lo, hi, new_lo, new_hi])
    out: list[str] = []
    for lo, hi, new_lo, new_hi in windows:
        hunks = _unified(
            old[lo:hi].splitlines(keepends=True),
            new[new_lo:new_hi].splitlines(keepends=True),
            name,
            old.count("\n", 0, lo),
            new.count("\n", 0, new_lo),
        )
        out += hunks if not out else hunks[2:]  # the file's header once
    return out


def _unified(
    before: list[str],
    after: list[str],
    name: str,
    skipped: int = 0,
    skipped_new: int | None = None,
) -> list[str]:
    """`difflib.unified_diff` of two versions of a file, on the region that differs only.

    difflib compares whole sequences in quadratic time at worst: a large plan with a few lines
    added would take minutes. The common lines at both ends are set aside first (keeping three
    of context) and the hunk headers shifted back to the file's line numbers.
    """
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    skip = max(0, head - 3)
    keep = max(0, tail - 3)
    old = before[skip : len(before) - keep]
    new = after[skip : len(after) - keep]
    out = []
    for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"):
        found = _HUNK.match(line)
        if found:
            shift_new = skipped if skipped_new is None else skipped_new
            a, b = int(found[1]) + skip + skipped, int(found[3]) + skip + shift_new
            line = f"@@ -{a}{found[2] or ''} +{b}{found[4] or ''} @@\n"
        out.append(line if line.endswith("\n") else line + "\n")
    return out


def edit_plan(plan: Plan, reports: list[Report]) -> PlanEdit:
    """Apply `reports` to the texts of `plan`'s files, check the result, return the edit.

    Raises TransitionError when a report cannot be applied (exit 2) or the edited plan would
    not pass `check` (exit 1, with its diagnostics).
    """
    locator = plan.locator
    if not isinstance(locator, FileLocator):
        raise TransitionError("this plan was not read from files: nothing to edit", EXIT_USAGE)
    by_id = {m.id: m for m in plan.milestones}
    for report in reports:
        problems = report_problems(plan, report, by_id)
        if problems:
            raise TransitionError(f"'{report.milestone}': {problems[0][1]}", EXIT_USAGE)
    texts = dict(locator.texts)
    originals: dict[str, tuple[bytes, Fingerprint, bool]] = {}
    # milestone id -> (file, index in its list, its text before the edit)
    items: dict[str, tuple[str, int, str]] = {}
    # milestone id -> [start, end) of its item in the edited text (moved by later splices)
    regions: dict[str, list[int]] = {}
    local = True
    parent_of = {kid: mid for mid, kids in plan.cascades.items() for kid in kids}
    for report in reports:
        m = by_id[report.milestone]
        parent = by_id[parent_of[m.id]] if m.id in parent_of else None
        file, path = plan.origin(parent if parent is not None else m)
        if len(path) != 2 or path[0] != "milestones" or not isinstance(path[1], int):
            raise TransitionError(f"cannot tell where '{m.id}' is written", EXIT_USAGE)
        if file not in originals:
            originals[file] = _read(Path(file), texts[file])
        text = texts[file]
        if parent is not None:
            # A cascade's child: its report goes under the parent's `children:` entry for its
            # organisation; the plan is read again whole (the cascade expands anew).
            item = find_item(text, path[1], parent.id, file)
            splices = _child_splices(text, item, m.id[len(parent.id) + 1 :], report)
            local = False
        else:
            item = find_item(text, path[1], m.id, file)
            splices = _splices(text, item, report)
            local = local and item.local
        texts[file] = apply_splices(text, splices)
        if m.id not in items:
            items[m.id] = (file, path[1], text[item.start : item.end])
            regions[m.id] = [item.start, item.end]
        for other, region in regions.items():
            if items[other][0] != file:
                continue
            for splice in splices:
                delta = len(splice.text) - (splice.end - splice.start)
                if other != m.id and splice.start <= region[0]:
                    region[0] += delta
                    region[1] += delta
                elif other == m.id:
                    region[1] += delta
    after = _rebuilt(plan, texts, items, regions) if local else None
    if after is None:
        after = _reloaded(plan, texts)
    diagnostics = run_checks(after)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        noun = "error" if len(errors) == 1 else "errors"
        raise TransitionError(
            f"the plan would not pass `transition check` after this change: {len(errors)} {noun} "
            "(shown above, at their place in the edited text); nothing was written",
            EXIT_PLAN_ERRORS,
            errors,
        )
    changes = []
    for file, (raw, print_, bom) in originals.items():
        new = ((_BOM if bom else "") + texts[file]).encode("utf-8")
        if new != raw:
            where = _changed_regions(locator.texts[file], texts[file], file, items, regions)
            changes.append(FileChange(file, Path(file), raw, new, print_, where if local else None))
    edited = set(items)
    warnings = [d for d in diagnostics if d.milestone in edited]
    return PlanEdit(plan, after, changes, warnings)


def _changed_regions(
    old: str,
    new: str,
    file: str,
    items: dict[str, tuple[str, int, str]],
    regions: dict[str, list[int]],
) -> list[tuple[int, int, int, int]] | None:
    """(old start, old end, new start, new end) of each item edited in `file`, in order: where
    the texts differ. None when the items do not account for every difference."""
    edited = sorted(
        (regions[mid][0], regions[mid][1], text) for mid, (f, _, text) in items.items() if f == file
    )
    found = []
    delta = 0
    for start, end, text in edited:
        a = start - delta
        if old[a : a + len(text)] != text:
            return None
        found.append((a, a + len(text), start, end))
        delta += (end - start) - len(text)
    if len(new) - len(old) != delta:
        return None
    # Between the items the texts agree (compared at C speed).
    old_at = new_at = 0
    for a, b, c, d in found:
        if c - new_at != a - old_at or old[old_at:a] != new[new_at:c]:
            return None
        old_at, new_at = b, d
    if old[old_at:] != new[new_at:]:
        return None
    return found


def _read(path: Path, loaded: str) -> tuple[bytes, Fingerprint, bool]:
    """The file's bytes, fingerprint and BOM, checked against the text the plan was loaded from."""
    try:
        raw = path.read_bytes()
        print_ = fingerprint(path, raw)
    except OSError as exc:
        raise TransitionError(f"cannot read {path}: {exc.strerror}", EXIT_USAGE) from None
    text = raw.decode("utf-8", "replace")
    bom = text.startswith(_BOM)
    if (text[1:] if bom else text) != loaded:
        raise TransitionError(
            f"{path} changed on disk while it was being read: nothing was written; run the "
            "command again",
            EXIT_USAGE,
        )
    return raw, print_, bom


def _splices(text: str, item: Item, report: Report) -> list[Splice]:
    nl = newline_of(text)
    write = date_writer(text)
    node = item.node
    splices: list[Splice] = []
    entry = report.entry(write)
    if "forecast" in entry:
        splices.append(set_key(text, node, "forecast", entry["forecast"], nl))
    if "actual" in entry:
        splices.append(set_key(text, node, "actual", entry["actual"], nl))
    splices.append(append_history(text, node, entry, nl, file_entry_style(text)))
    return _merged(splices)


def _child_splices(text: str, item: Item, org: str, report: Report) -> list[Splice]:
    nl = newline_of(text)
    entry = report.entry(date_writer(text))
    return _merged(child_splices(text, item.node, org, entry, nl, file_entry_style(text)))


def _merged(splices: list[Splice]) -> list[Splice]:
    """Insertions at the same point, in the order given (apply_splices works from the end)."""
    out: list[Splice] = []
    for s in splices:
        same = next((k for k, o in enumerate(out) if o.start == o.end == s.start == s.end), None)
        if same is None:
            out.append(s)
        else:
            first, text = out[same].text, s.text
            if first.endswith("\n") and text.startswith(("\r\n", "\n")):
                # both began a line at the end of a file that lacked a final newline
                text = text[2:] if text.startswith("\r\n") else text[1:]
            out[same] = replace(out[same], text=first + text)
    return out


def _rebuilt(
    plan: Plan,
    texts: dict[str, str],
    items: dict[str, tuple[str, int, str]],
    regions: dict[str, list[int]],
) -> Plan | None:
    """The plan after the edit, reading back only the edited milestones; None to reload all.

    Each edited item is read again on its own (at `regions`, where the edit left it) and must
    be the milestone as it was, with only the intended keys changed; otherwise (or when it does
    not validate) the whole plan is read.
    """
    milestones = list(plan.milestones)
    origins = dict(plan.origins)
    for mid, (file, index, old_text) in items.items():
        start, end = regions[mid]
        before = yamlsrc.parse(old_text, file)
        after = yamlsrc.parse(texts[file][start:end], file)
        if before.diagnostics or after.diagnostics or before.fatal or after.fatal:
            return None
        if not _only_intended(before.data, after.data):
            return None
        try:
            milestone = Milestone.model_validate(after.data[0])
        except ValidationError:
            return None
        position, current = next((k, m) for k, m in enumerate(milestones) if m.id == mid)
        milestones[position] = milestone
        origins.pop(id(current), None)
        origins[id(milestone)] = (file, ("milestones", index))
    locator = FileLocator()
    locator.texts = dict(texts)
    return Plan(
        programme=plan.programme,
        organisations=plan.organisations,
        roles=plan.roles,
        milestones=milestones,
        locator=locator,
        root=plan.root,
        origins=origins,
    )


# Keys an edit may change in a milestone (the history only by appending).
_EDITABLE = frozenset({"forecast", "actual", "history"})


def _only_intended(before: Any, after: Any) -> bool:
    """True when the item read back differs from the original only in editable keys."""
    if not (isinstance(before, list) and isinstance(after, list)):
        return False
    if len(before) != 1 or len(after) != 1:
        return False
    old, new = before[0], after[0]
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return False
    if list(old) != [k for k in new if k in old]:
        return False
    for key in set(old) | set(new):
        if key in _EDITABLE:
            continue
        if old.get(key) != new.get(key):
            return False
    history_old = old.get("history") or []
    history_new = new.get("history") or []
    return (
        isinstance(history_new, list) and history_new[: len(history_old)] == history_old
    ) and len(history_new) == len(history_old) + 1


def _reloaded(plan: Plan, texts: dict[str, str]) -> Plan:
    """The whole plan read again from the edited texts (the slow, general way)."""
    result = load_texts(dict(texts), plan.root)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.plan is None or result.fatal or errors:
        raise TransitionError(
            "the edited plan would not load (shown above at their place in the edited text): "
            "nothing was written",
            EXIT_PLAN_ERRORS,
            errors,
        )
    return result.plan
