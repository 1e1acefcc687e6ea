"""Where things are: `FileLocator`, and pydantic errors -> diagnostics at file:line:column.

Positions are computed only when one is asked for (`yamlsrc.SourceMap`). Each pydantic error
`loc` is mapped to the nearest recorded node; a missing key points at the mapping that lacks it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, Severity, did_you_mean, excerpt
from ..plan import Locator

if TYPE_CHECKING:  # pydantic and the YAML code only when a diagnostic or a position needs them
    from pydantic import BaseModel, ValidationError

    from ..model import PlanModel
    from ..yamlsrc import SourceMap

_ID_FIELDS = frozenset({"id", "owner", "parent", "organisation", "workstream", "type"})


class FileLocator(Locator):
    """Positions in the files of a plan, computed the first time one is asked for.

    A pickled locator (the plan cache) keeps the texts and leaves the maps to be built again,
    so reading it back imports no YAML code.
    """

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self._maps: dict[str, SourceMap] = {}

    def __getstate__(self) -> dict[str, dict[str, str]]:
        return {"texts": self.texts}

    def __setstate__(self, state: dict[str, dict[str, str]]) -> None:
        self.texts = state["texts"]
        self._maps = {}

    def position(
        self, file: str, path: tuple[str | int, ...], *, key: bool = False
    ) -> tuple[int, int]:
        """Where the value at `path` (or its key) starts in `file`; (1, 1) when unknown."""
        if file not in self.texts:
            return (1, 1)
        source = self._maps.get(file)
        if source is None:
            from ..yamlsrc import SourceMap

            source = self._maps[file] = SourceMap.build(self.texts[file])
        return source.position(path, key=key)


def _describe(value: Any) -> str:
    """What a user wrote, as a message names it: its kind, or a short escaped excerpt of it."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the true/false value '{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return f"the number {excerpt(value)}"
    return f"the value '{excerpt(value)}'"


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
    field_name = _field_name(loc)
    value = error.get("input")
    where = _owner_phrase(loc, raw)
    if kind == "missing":
        return "missing-key", f"{where} has no '{field_name}': add '{field_name}: ...'", False
    if kind == "extra_forbidden":
        parent = _allowed_keys(loc[:-1], model)
        hint = _key_hint(field_name, parent) if parent else ""
        allowed = f"; allowed keys: {', '.join(parent)}" if parent and not hint else ""
        return "unknown-key", f"unknown key '{excerpt(loc[-1])}' in {where}{hint}{allowed}", True
    if kind == "invalid_date":
        return "invalid-date", f"{field_name}: {error['msg']}", False
    if kind == "invalid_duration":
        return "invalid-duration", f"{field_name}: {error['msg']}", False
    if kind == "string_pattern_mismatch":
        if field_name in _ID_FIELDS or (loc and isinstance(loc[-1], int)):
            return (
                "invalid-id",
                f"{field_name or 'id'}: '{excerpt(value)}' is not a valid id: ids are lower-case "
                "letters, digits and hyphens, starting with a letter or digit "
                f"(e.g. '{excerpt(_slugify(str(value)))}')",
                False,
            )
        return "invalid-value", f"{field_name} must be a single line of text", False
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = re.findall(r"'([^']*)'", expected)
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        if (
            loc[-2:] == ("calendar", "unit")
            and isinstance(raw, dict)
            and isinstance(raw.get("calendar"), str)
        ):
            field_name = "calendar"  # written `calendar: working-days`, short for the mapping
        return (
            "invalid-value",
            f"{field_name}: '{excerpt(value)}' is not allowed{hint}: expected {expected}",
            False,
        )
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length", "")
        length = len(value) if isinstance(value, str) else 0
        return (
            "text-too-long",
            f"{field_name} is {length:,} characters long, over the limit of {limit:,}: "
            "shorten it (put long text in the document the source names)",
            False,
        )
    if kind in ("string_type", "string_too_short"):
        if kind == "string_too_short":
            return "invalid-value", f"{field_name} must not be empty", False
        return "invalid-type", f"{field_name}: expected text, found {_describe(value)}", False
    if kind == "too_short" and isinstance(value, list):
        least = error.get("ctx", {}).get("min_length", 1)
        what = "working day" if field_name == "working_week" else "item"
        return (
            "invalid-value",
            f"{field_name}: list at least {least} {what}{'s' if least != 1 else ''}"
            + (", e.g. '[mon, tue, wed, thu, fri]'" if field_name == "working_week" else ""),
            False,
        )
    if kind in ("list_type",):
        hint = ""
        if field_name == "working_week" and isinstance(value, str):
            hint = f": list the days, e.g. 'working_week: [{', '.join(_week_days(value))}]'"
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            hint = f": write '{field_name}: [{value}]' (a list of one)"  # e.g. depends_on: kickoff
        return (
            "invalid-type",
            f"{field_name}: expected a list, found {_describe(value)}{hint}",
            False,
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if len(loc) >= 2 and loc[-2] == "depends_on":
            return (
                "invalid-type",
                f"{field_name}: expected a milestone id (or a mapping with 'id'), "
                f"found {_describe(value)}",
                False,
            )
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


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _week_days(written: str) -> list[str]:
    """The days a range written as text names ('mon-sat', 'Monday - Friday'); else Mon-Fri."""
    found = re.fullmatch(r"\s*([a-z]{3})[a-z]*\s*-\s*([a-z]{3})[a-z]*\s*", written.lower())
    if found and found[1] in _DAYS and found[2] in _DAYS:
        first, last = _DAYS.index(found[1]), _DAYS.index(found[2])
        if first <= last:
            return list(_DAYS[first : last + 1])
    return list(_DAYS[:5])


def _field_name(loc: tuple[Any, ...]) -> str:
    """'due', or 'depends_on item 2' for an item of a list (not the bare index '1')."""
    if not loc:
        return ""
    if isinstance(loc[-1], int):
        index = loc[-1] + 1
        return f"{loc[-2]} item {index}" if len(loc) >= 2 else f"item {index}"
    return str(loc[-1])


# Keys people write from other tools, and what this tool calls them.
_KEY_ALIASES = {
    "deadline": "due",
    "due_by": "due",
    "predecessors": "depends_on",
    "dependencies": "depends_on",
    "name": "title",
    "start": "not_before",
    "finish": "forecast",
}


def _key_hint(name: str, allowed: list[str]) -> str:
    """' (did you mean 'due'?)' for a key close to an allowed one: by spelling, a known alias,
    or an allowed key that is one of its words ('due_date', 'owner-id')."""
    hint = did_you_mean(name, allowed)
    if hint:
        return hint
    lowered = name.lower()
    guess = _KEY_ALIASES.get(lowered)
    if guess is None:
        words = lowered.replace("-", "_").split("_")
        guess = next((k for k in allowed if k in words or lowered.startswith(k + "_")), None)
    return f" (did you mean '{guess}'?)" if guess in allowed else ""


def _owner_phrase(loc: tuple[Any, ...], raw: Any) -> str:
    """'milestone 'x'' / 'the programme' / 'a dependency' for error messages."""
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and len(loc) <= 1:
        return f"'{excerpt(raw['id'])}'"
    if len(loc) >= 2 and loc[0] == "depends_on":
        return "a dependency"
    if len(loc) >= 2 and loc[0] == "history":
        return "a history entry"
    if len(loc) >= 2 and isinstance(loc[0], str) and not isinstance(loc[1], int):
        # a key of a mapping inside the item (`calendar:`): name the mapping, then the item
        inside = (
            f"'{excerpt(raw['id'])}'"
            if isinstance(raw, dict) and isinstance(raw.get("id"), str)
            else "this item"
        )
        return f"'{loc[0]}' of {inside}"
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"'{excerpt(raw['id'])}'"
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
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Dependency]`."""
    import typing

    from pydantic import BaseModel

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
