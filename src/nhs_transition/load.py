"""Paths -> LoadResult(plan | None, diagnostics): find the plan, read, parse, validate, locate.

A plan is a directory holding `organisations.yaml` and `timeline.yaml`; larger programmes may
add any number of `milestones/*.yaml` files, each with a `milestones:` list (read in name
order, after timeline.yaml). Every problem is reported at `file:line:column`; the loader never
stops at the first one.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import yamlsrc
from .errors import Diagnostic, Severity, did_you_mean, has_errors, sort_diagnostics
from .model import (
    Locator,
    Milestone,
    Organisation,
    Plan,
    PlanModel,
    Programme,
    Role,
)

ORGANISATIONS_FILE = "organisations.yaml"
TIMELINE_FILE = "timeline.yaml"
MILESTONES_DIR = "milestones"
PLAN_ENV = "TRANSITION_PLAN"

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
_ID_FIELDS = frozenset({"id", "owner", "parent", "organisation", "workstream", "type"})


@dataclass
class LoadResult:
    """A plan (None when it cannot be built) and every diagnostic found while loading it."""

    plan: Plan | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fatal: bool = False  # some file could not be read or parsed at all (exit code 2)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the plan was built and no error was found."""
        return self.plan is not None and not has_errors(self.diagnostics)


class FileLocator(Locator):
    """Positions in the files of a plan, computed the first time one is asked for."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self._maps: dict[str, yamlsrc.SourceMap] = {}

    def position(
        self, file: str, path: tuple[str | int, ...], *, key: bool = False
    ) -> tuple[int, int]:
        """Where the value at `path` (or its key) starts in `file`; (1, 1) when unknown."""
        if file not in self.texts:
            return (1, 1)
        source = self._maps.get(file)
        if source is None:
            source = self._maps[file] = yamlsrc.SourceMap.build(self.texts[file])
        return source.position(path, key=key)


# --- Finding the plan -------------------------------------------------------------------------


def packaged_plan() -> Path:
    """The plan shipped inside the package (or, in a source checkout, the repository's data/)."""
    here = Path(__file__).resolve().parent
    packaged = here / "plan"
    if (packaged / TIMELINE_FILE).is_file():
        return packaged
    return here.parent.parent / "data"


def is_plan_dir(path: Path) -> bool:
    """True when `path` is a directory holding a timeline file."""
    return (path / TIMELINE_FILE).is_file()


def resolve_plan_path(
    option: str | None, environ: dict[str, str] | None = None, cwd: Path | None = None
) -> Path:
    """`--plan`, else $TRANSITION_PLAN, else ./data when it holds a plan, else the packaged plan."""
    env = os.environ if environ is None else environ
    if option:
        return Path(option)
    if env.get(PLAN_ENV):
        return Path(env[PLAN_ENV])
    local = (cwd or Path.cwd()) / "data"
    if is_plan_dir(local):
        return local
    return packaged_plan()


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- Loading ----------------------------------------------------------------------------------


def plan_files(path: Path) -> list[Path]:
    """The files of the plan directory `path`, in reading order."""
    files = [path / ORGANISATIONS_FILE, path / TIMELINE_FILE]
    extra = path / MILESTONES_DIR
    if extra.is_dir():
        files += sorted(p for p in extra.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return files


def load_plan(path: Path) -> LoadResult:
    """Load a plan directory (or a timeline file, with organisations.yaml beside it)."""
    if path.is_file():
        directory = path.parent
        files = [directory / ORGANISATIONS_FILE, path]
    elif path.is_dir():
        files = plan_files(path)
    else:
        return LoadResult(
            None,
            [
                _file_problem(
                    "plan-not-found",
                    f"no plan at '{path}': expected a directory holding "
                    f"{ORGANISATIONS_FILE} and {TIMELINE_FILE}",
                    display_path(path),
                )
            ],
            fatal=True,
        )
    return load_files(files, root=path)


def load_files(files: list[Path], root: Path | None = None) -> LoadResult:
    """Load and validate plan files of any kind; the kind comes from the name or the top-level keys."""
    sources = [(display_path(path), PurePath(path.name), path.read_bytes) for path in files]
    return _load_sources(sources, display_path(root) if root is not None else "")


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


# From this many milestones on, a loaded plan is moved out of the cyclic collector's reach.
FREEZE_FROM = 5_000


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
    shown: list[str] = []
    for name, path, read in sources:
        shown.append(name)
        try:
            raw = read()
        except FileNotFoundError:
            diagnostics.append(
                _file_problem("file-not-found", f"missing plan file '{path.name}'", name)
            )
            fatal = True
            continue
        except OSError as exc:
            diagnostics.append(
                _file_problem("unreadable-file", f"cannot read the file: {exc.strerror}", name)
            )
            fatal = True
            continue
        text, problem = yamlsrc.decode(raw, name)
        if problem is not None or text is None:
            diagnostics.append(problem or _file_problem("invalid-utf8", "not UTF-8", name))
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
                _file_problem(
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
        sections, found = _validate_file(kind, data, name, locator, origins)
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
        )
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
    elif not fatal and any(_kind_of(p, {}) == "timeline" for _, p, _ in sources):
        pass  # the missing programme was reported by validation
    return LoadResult(plan, sort_diagnostics(diagnostics), fatal, shown)


def _file_problem(code: str, message: str, file: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, file, 1, 1)


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


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return f"the value '{value}'"


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
) -> tuple[dict[str, list[Any]], list[Diagnostic]]:
    """Validate each section of one file; invalid items are reported and left out, the rest kept."""
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
                    f"unknown key '{key}' at the top of {_WHAT[kind]}{did_you_mean(str(key), list(spec))}",
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
                continue
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
        for index, item in zip(keep, items, strict=True):
            origins[id(item)] = (file, (key, index))
        out[key] = items
    return out, diagnostics


def _validation_diagnostics(
    exc: ValidationError,
    file: str,
    prefix: tuple[str | int, ...],
    raw: Any,
    locator: FileLocator,
    model: type[PlanModel],
) -> list[Diagnostic]:
    """Pydantic errors -> diagnostics at the line and column of the offending key or value."""
    milestone = raw.get("id") if isinstance(raw, dict) and prefix[0] == "milestones" else None
    milestone = milestone if isinstance(milestone, str) else None
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(
            part
            for part in error["loc"]
            if not (isinstance(part, str) and part.startswith("function-"))
        )
        path = prefix + loc
        code, message, key = _explain(error, loc, raw, model)
        line, column = locator.position(file, path, key=key)
        out.append(Diagnostic(code, Severity.ERROR, message, file, line, column, milestone))
    return out


def _explain(
    error: Any, loc: tuple[Any, ...], raw: Any, model: type[PlanModel]
) -> tuple[str, str, bool]:
    """(code, message, point-at-key) for one pydantic error."""
    kind = error["type"]
    field_name = str(loc[-1]) if loc else ""
    value = error.get("input")
    where = _owner_phrase(loc, raw)
    if kind == "missing":
        return "missing-key", f"{where} has no '{field_name}': add '{field_name}: ...'", False
    if kind == "extra_forbidden":
        parent = _allowed_keys(loc[:-1], model)
        hint = did_you_mean(field_name, parent) if parent else ""
        allowed = f"; allowed keys: {', '.join(parent)}" if parent and not hint else ""
        return "unknown-key", f"unknown key '{field_name}' in {where}{hint}{allowed}", True
    if kind == "invalid_date":
        return "invalid-date", f"{field_name}: {error['msg']}", False
    if kind == "invalid_duration":
        return "invalid-duration", f"{field_name}: {error['msg']}", False
    if kind == "string_pattern_mismatch":
        if field_name in _ID_FIELDS or (loc and isinstance(loc[-1], int)):
            return (
                "invalid-id",
                f"{field_name or 'id'}: '{value}' is not a valid id: ids are lower-case letters, digits "
                f"and hyphens, starting with a letter or digit (e.g. '{_slugify(str(value))}')",
                False,
            )
        return "invalid-value", f"{field_name} must be a single line of text", False
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return (
            "invalid-value",
            f"{field_name}: '{value}' is not allowed: expected {expected}",
            False,
        )
    if kind in ("string_type", "string_too_short"):
        if kind == "string_too_short":
            return "invalid-value", f"{field_name} must not be empty", False
        return "invalid-type", f"{field_name}: expected text, found {_describe(value)}", False
    if kind in ("list_type",):
        return "invalid-type", f"{field_name}: expected a list, found {_describe(value)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            "invalid-type",
            f"{field_name or 'item'}: expected a mapping of keys, found {_describe(value)}",
            False,
        )
    if kind.startswith("int_"):
        return (
            "invalid-type",
            f"{field_name}: expected a whole number, found {_describe(value)}",
            False,
        )
    return "invalid-value", f"{field_name}: {error['msg']}", False


def _owner_phrase(loc: tuple[Any, ...], raw: Any) -> str:
    """'milestone 'x'' / 'the programme' / 'a dependency' for error messages."""
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and len(loc) <= 1:
        return f"'{raw['id']}'"
    if len(loc) >= 2 and loc[0] == "depends_on":
        return "a dependency"
    if len(loc) >= 2 and loc[0] == "history":
        return "a history entry"
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"'{raw['id']}'"
    return "this item"


def _allowed_keys(loc: tuple[Any, ...], model: type[PlanModel]) -> list[str]:
    """The keys allowed in the mapping at `loc` inside an item of `model` (for 'did you mean')."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        inner = _model_in(info.annotation) if info is not None else None
        if inner is None:
            return []
        current = inner
    return list(current.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Dependency]`."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _slugify(text: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "my-id"
