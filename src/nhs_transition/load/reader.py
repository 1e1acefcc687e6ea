"""Plan files (or texts) -> LoadResult: read, decode, parse, validate each section into the model.

Every file is read even when an earlier one fails, so one run reports every problem.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .. import yamlsrc
from ..errors import (
    Diagnostic,
    Severity,
    did_you_mean,
    excerpt,
    has_errors,
    sort_diagnostics,
)
from ..model import (
    Dependency,
    Milestone,
    Organisation,
    Plan,
    PlanModel,
    Programme,
    Role,
)
from .cascade import expand_cascades
from .discovery import ORGANISATIONS_FILE, TIMELINE_FILE, display_path, locate_plan_files
from .files import PlanFileRefused, read_plan_file
from .locator import FileLocator, _describe, _validation_diagnostics
from .result import FREEZE_FROM, LoadResult, file_problem

# Each kind of plan file: its top-level keys, the model of each, and whether the key holds a list.
_SECTIONS: dict[str, dict[str, tuple[type[PlanModel], bool, bool]]] = {
    # key: (model, is_list, required)
    "organisations": {
        "organisations": (Organisation, True, False),
        "roles": (Role, True, False),
    },
    "timeline": {"programme": (Programme, False, True), "milestones": (Milestone, True, False)},
    "milestones": {"milestones": (Milestone, True, True)},
}
_WHAT = {
    "organisations": "an organisations file (keys 'organisations' and 'roles')",
    "timeline": "a timeline file (keys 'programme' and 'milestones')",
    "milestones": "a milestones file (key 'milestones')",
}


def load_plan(path: Path, *, follow_symlinks: bool = False) -> LoadResult:
    """Load a plan directory (or a timeline file, with organisations.yaml beside it).

    Plan files must be regular files inside the plan directory unless `follow_symlinks`
    (`load.files.read_plan_file`).
    """
    found = locate_plan_files(path)
    if isinstance(found, LoadResult):
        return found
    files, root = found
    return load_files(files, root=root, follow_symlinks=follow_symlinks)


def load_files(
    files: list[Path], root: Path | None = None, *, follow_symlinks: bool = False
) -> LoadResult:
    """Load and validate plan files of any kind; the kind comes from the name or the top-level keys."""
    directory = root if root is not None and root.is_dir() else None

    def reader(path: Path) -> Callable[[], bytes]:
        return lambda: read_plan_file(
            path, directory or path.parent, follow_symlinks=follow_symlinks
        )

    sources = [(display_path(path), PurePath(path.name), reader(path)) for path in files]
    return _load_sources(sources, display_path(root) if root is not None else "")


def load_contents(contents: list[tuple[Path, bytes]], root: Path) -> LoadResult:
    """Load plan files already read (`load.files.read_plan_file`), as `load_files` would."""

    def reader(data: bytes) -> Callable[[], bytes]:
        return lambda: data

    sources = [(display_path(path), PurePath(path.name), reader(data)) for path, data in contents]
    return _load_sources(sources, display_path(root))


def load_texts(files: dict[str, bytes | str], root: str = "") -> LoadResult:
    """Load plan files given as {name shown in diagnostics: content}, in that order.

    For plans that are not on disk as files (a git revision, a test); the kind of each file comes
    from its base name (`organisations.yaml`, `timeline.yaml`) or its top-level keys.
    """

    def reader(content: bytes | str) -> Callable[[], bytes]:
        return lambda: content.encode("utf-8") if isinstance(content, str) else content

    sources = [(name, PurePath(PurePath(name).name), reader(text)) for name, text in files.items()]
    return _load_sources(sources, root)


Source = tuple[str, PurePath, Callable[[], bytes]]  # (display name, base name, read the bytes)


def _load_sources(sources: list[Source], root: str) -> LoadResult:
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the cyclic collector triples the cost of building large plans; nothing here is cyclic
    result: LoadResult | None = None
    try:
        result = _load(sources, root)
        return result
    finally:
        if gc_was_enabled:
            plan = result.plan if result is not None else None
            if plan is not None and len(plan.milestones) >= FREEZE_FROM:
                # Otherwise the next collections scan every object of the plan, again and
                # again, for nothing (it holds no cycles): 0.4-1 s at 100,000 milestones.
                # Objects stay frozen only while referenced; refcounting still frees them.
                gc.freeze()
            gc.enable()


def _load(sources: list[Source], root: str) -> LoadResult:
    locator = FileLocator()
    diagnostics: list[Diagnostic] = []
    fatal = False
    origins: dict[int, tuple[str, tuple[str | int, ...]]] = {}
    programmes: list[Programme] = []
    organisations: list[Organisation] = []
    roles: list[Role] = []
    milestones: list[Milestone] = []
    stand_ins: dict[int, frozenset[str]] = {}
    shown: list[str] = []
    for name, path, read in sources:
        shown.append(name)
        try:
            raw = read()
        except FileNotFoundError:
            diagnostics.append(
                file_problem("file-not-found", f"missing plan file '{path.name}'", name, text=False)
            )
            fatal = True
            continue
        except PlanFileRefused as exc:
            diagnostics.append(file_problem(exc.code, exc.message, name))
            fatal = True
            continue
        except OSError as exc:
            diagnostics.append(
                file_problem(
                    "unreadable-file", f"cannot read the file: {exc.strerror}", name, text=False
                )
            )
            fatal = True
            continue
        text, problem = yamlsrc.decode(raw, name)
        if problem is not None or text is None:
            diagnostics.append(problem or file_problem("invalid-utf8", "not UTF-8", name))
            fatal = True
            continue
        locator.texts[name] = text
        parsed = yamlsrc.parse(text, name)
        diagnostics += parsed.diagnostics
        if parsed.fatal:
            fatal = True
            continue
        data = parsed.data
        if data is None:
            diagnostics.append(
                file_problem(
                    "empty-file", f"the file is empty: expected {_WHAT[_kind_of(path, {})]}", name
                )
            )
            fatal = True
            continue
        kind = _kind_of(path, data)
        if not isinstance(data, dict):
            line, column = locator.position(name, ())
            diagnostics.append(
                Diagnostic(
                    "not-a-plan",
                    Severity.ERROR,
                    f"expected {_WHAT[kind]}, found {_describe(data)}",
                    name,
                    line,
                    column,
                )
            )
            fatal = True
            continue
        sections, found = _validate_file(kind, data, name, locator, origins, stand_ins)
        diagnostics += found
        programmes += sections.get("programme", [])
        organisations += sections.get("organisations", [])
        roles += sections.get("roles", [])
        milestones += sections.get("milestones", [])
    plan: Plan | None = None
    if programmes:
        plan = Plan(
            programme=programmes[0],
            organisations=organisations,
            roles=roles,
            milestones=milestones,
            locator=locator,
            root=root,
            origins=origins,
            stand_ins=stand_ins,
        )
        diagnostics += expand_cascades(plan)
        for extra in programmes[1:]:
            file, line, column = plan.where(extra)
            diagnostics.append(
                Diagnostic(
                    "duplicate-programme",
                    Severity.ERROR,
                    "a second 'programme:' block: a plan has one programme (keep it in timeline.yaml)",
                    file,
                    line,
                    column,
                )
            )
    # Without a programme there is no plan: validation has usually reported the missing block;
    # when nothing has (no timeline file among those read), say so.
    if plan is None and not has_errors(diagnostics):
        diagnostics.append(
            file_problem(
                "missing-programme",
                f"no 'programme:' block in the files read: a plan needs {TIMELINE_FILE} "
                f"(give the plan directory, or its {TIMELINE_FILE})",
                shown[0] if shown else root,
            )
        )
    return LoadResult(plan, sort_diagnostics(diagnostics), fatal, shown)


def _kind_of(path: PurePath, data: Any) -> str:
    if path.name == ORGANISATIONS_FILE:
        return "organisations"
    if path.name == TIMELINE_FILE:
        return "timeline"
    if isinstance(data, dict):
        if "programme" in data:
            return "timeline"
        if "organisations" in data or "roles" in data:
            return "organisations"
    return "milestones"


_ADAPTERS: dict[type[PlanModel], TypeAdapter[Any]] = {}


def _list_adapter(model: type[PlanModel]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return adapter


def _validate_file(
    kind: str,
    data: dict[str, Any],
    file: str,
    locator: FileLocator,
    origins: dict[int, tuple[str, tuple[str | int, ...]]],
    stand_ins: dict[int, frozenset[str]],
) -> tuple[dict[str, list[Any]], list[Diagnostic]]:
    """Validate each section of one file; invalid items are reported and kept as stand-ins
    (`_stand_in`) when they have a valid id, so the rules across objects still know them."""
    spec = _SECTIONS[kind]
    diagnostics: list[Diagnostic] = []
    out: dict[str, list[Any]] = {}
    for key in data:
        if key not in spec:
            line, column = locator.position(file, (key,), key=True)
            diagnostics.append(
                Diagnostic(
                    "unknown-key",
                    Severity.ERROR,
                    f"unknown key '{excerpt(key)}' at the top of {_WHAT[kind]}{did_you_mean(str(key), list(spec))}",
                    file,
                    line,
                    column,
                )
            )
    for key, (model, is_list, required) in spec.items():
        if key not in data or data[key] is None:
            if required:
                line, column = locator.position(file, ())
                diagnostics.append(
                    Diagnostic(
                        "missing-key",
                        Severity.ERROR,
                        f"missing required key '{key}': {_WHAT[kind]} needs it",
                        file,
                        line,
                        column,
                    )
                )
            continue
        value = data[key]
        if not is_list:
            try:
                item = model.model_validate(value)
            except ValidationError as exc:
                diagnostics += _validation_diagnostics(exc, file, (key,), value, locator, model)
                found_stand_in = _stand_in(model, value, exc)
                if found_stand_in is None:
                    continue
                item, unsure = found_stand_in
                stand_ins[id(item)] = unsure
            origins[id(item)] = (file, (key,))
            out[key] = [item]
            continue
        if not isinstance(value, list):
            line, column = locator.position(file, (key,))
            diagnostics.append(
                Diagnostic(
                    "invalid-type",
                    Severity.ERROR,
                    f"'{key}' must be a list (items starting with '- '), found {_describe(value)}",
                    file,
                    line,
                    column,
                )
            )
            continue
        try:
            items = _list_adapter(model).validate_python(value)
            keep = list(range(len(items)))
        except ValidationError:
            items, keep = [], []
            for index, raw in enumerate(value):
                try:
                    items.append(model.model_validate(raw))
                    keep.append(index)
                except ValidationError as exc:
                    diagnostics += _validation_diagnostics(
                        exc, file, (key, index), raw, locator, model
                    )
                    found_stand_in = _stand_in(model, raw, exc)
                    if found_stand_in is not None:
                        items.append(found_stand_in[0])
                        keep.append(index)
                        stand_ins[id(found_stand_in[0])] = found_stand_in[1]
        for index, item in zip(keep, items, strict=True):
            origins[id(item)] = (file, (key, index))
        out[key] = items
    return out, diagnostics


# What a stand-in keeps of an item written with a mistake: its id and the fields that other
# objects refer to, or that refer to them, when written right. A required one written wrong is
# filled with the id and named as not to be trusted. Everything else (dates, durations,
# history) is left out, so the rules about values find nothing to say about a stand-in that
# the loader has not said already. The programme keeps every field written right (the rules
# that schedule the plan leave a plan with a programme stand-in alone).
_STAND_IN: dict[type[PlanModel], tuple[tuple[str, ...], tuple[str, ...]]] = {
    # model: (fields kept when written right, required fields filled with the id)
    Milestone: (("title", "owner", "workstream", "depends_on"), ("title", "owner")),
    Organisation: (("name", "type", "parent"), ("name",)),
    Role: (("title", "organisation", "holder"), ("title", "organisation")),
}


def _stand_in(
    model: type[PlanModel], raw: Any, exc: ValidationError
) -> tuple[PlanModel, frozenset[str]] | None:
    """The stand-in for an invalid item, and the fields not to trust; None without a valid id."""
    if not isinstance(raw, dict) or "id" not in raw:
        return None
    errors = exc.errors(include_url=False)
    if any(not e["loc"] for e in errors):
        return None  # a problem with the item as a whole
    bad = {str(e["loc"][0]) for e in errors}
    if "id" in bad:
        return None
    if model is Programme:
        if "start" in bad:
            return None
        data = {k: v for k, v in raw.items() if k not in bad}
        filled = {"name"} & bad
        data.update(dict.fromkeys(filled, raw["id"]))
        ignored = raw.get("ignore_warnings")
        if "ignore_warnings" in bad and isinstance(ignored, list):
            data["ignore_warnings"] = [code for code in ignored if isinstance(code, str)]
    elif model in _STAND_IN:
        kept, required = _STAND_IN[model]
        data = {"id": raw["id"]}
        data.update({k: raw[k] for k in kept if k in raw and k not in bad})
        filled = {k for k in required if k not in data}
        data.update(dict.fromkeys(filled, raw["id"]))
        if "depends_on" in bad and isinstance(raw.get("depends_on"), list):
            data["depends_on"] = _links_written_right(raw["depends_on"])
    else:
        return None
    try:
        item = model.model_validate(data)
    except ValidationError:
        return None
    return item, frozenset(bad | filled)


def _links_written_right(links: list[Any]) -> list[Any]:
    """The dependencies up to the first whose id or type is wrong (a wrong lag is left out):
    the rules point at a dependency by its index, so none after a gap is kept."""
    kept: list[Any] = []
    for link in links:
        try:
            Dependency.model_validate(link)
            kept.append(link)
            continue
        except ValidationError as exc:
            wrong = {e["loc"][0] for e in exc.errors(include_url=False) if e["loc"]}
        if not isinstance(link, dict) or wrong - {"lag"}:
            break
        kept.append({k: v for k, v in link.items() if k != "lag"})
    return kept
