"""Plain twins of the model classes, for a plan read back from the cache.

Importing pydantic's `BaseModel` costs more than everything else `status` does on a cached plan,
so the cache does not store pydantic objects: each model object is pickled as its class name,
its field names and their values (`reducer`), and read back as a twin: an object of a plain
class of the same name with the same fields and the methods the plan's code calls on them
(`Holder.holds_on`, `Role.holder_on`, `Role.vacant_on`, from `nhs_transition.plan`).

A twin reads like the model object it stands for: the same attributes, equal (`==`) to it and
to any twin of the same class with equal fields, unhashable as it is. It is not a pydantic
model: it cannot be validated again or dumped with `model_dump`; nothing that uses a cached plan
does (the loader and the rules, which do, always work on a plan loaded afresh).
"""

from __future__ import annotations

from typing import Any

from ..plan import (
    calendar_is_default,
    calendar_text,
    calendar_workdays,
    counts_working_days,
    holder_on,
    holds_on,
    vacant_on,
)


def _workdays(calendar: Any) -> Any:
    """`CalendarSettings.workdays`, kept once made (a cached property on the model)."""
    found = getattr(calendar, "_workdays", None)
    if found is None:
        found = calendar_workdays(calendar)
        object.__setattr__(calendar, "_workdays", found)
    return found


# The methods and properties of the model classes, by class name (the models delegate to the
# same functions), and the slots a twin needs beyond its fields (for what a model caches).
_METHODS: dict[str, dict[str, Any]] = {
    "Holder": {"holds_on": holds_on},
    "Role": {"holder_on": holder_on, "vacant_on": vacant_on},
    "CalendarSettings": {
        "workdays": property(_workdays),
        "counts_working_days": property(counts_working_days),
        "is_default": property(calendar_is_default),
        "__str__": calendar_text,
    },
}
_EXTRA_SLOTS: dict[str, tuple[str, ...]] = {"CalendarSettings": ("_workdays",)}


class Twin:
    """Base of the twins: fields in slots, equality by class name and fields."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if type(other).__name__ != type(self).__name__:
            return NotImplemented
        try:
            return all(getattr(self, f) == getattr(other, f) for f in self._fields)
        except AttributeError:
            return False

    __hash__ = None  # type: ignore[assignment]  # as a pydantic model that is not frozen

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({fields})"


_CLASSES: dict[tuple[str, tuple[str, ...]], type[Twin]] = {}


def twin_class(name: str, fields: tuple[str, ...]) -> type[Twin]:
    """The twin class of the model class `name` with these fields (made once a process)."""
    found = _CLASSES.get((name, fields))
    if found is None:
        slots = fields + _EXTRA_SLOTS.get(name, ())
        namespace: dict[str, Any] = {"__slots__": slots, "_fields": fields}
        namespace.update(_METHODS.get(name, {}))
        found = _CLASSES[(name, fields)] = type(name, (Twin,), namespace)
    return found


def make(name: str, fields: tuple[str, ...], values: tuple[Any, ...]) -> Twin:
    """A twin of a model object (what unpickling a reduced model object calls)."""
    cls = twin_class(name, fields)
    twin = object.__new__(cls)
    for field, value in zip(fields, values, strict=True):
        object.__setattr__(twin, field, value)
    return twin


def reducer() -> Any:
    """A `pickle.Pickler.reducer_override` that pickles model objects as twins (`make`)."""
    from operator import itemgetter

    from ..model import PlanModel

    known: dict[type, Any] = {}  # model class -> (name, fields, values of an object's __dict__)
    others: set[type] = set()

    def reduce(obj: object) -> Any:
        cls = type(obj)
        found = known.get(cls)
        if found is None:
            if cls in others or not isinstance(obj, PlanModel):  # not a model: pickled as it is
                others.add(cls)
                return NotImplemented
            fields = tuple(type(obj).model_fields)
            values = itemgetter(*fields) if len(fields) > 1 else lambda d: (d[fields[0]],)
            found = known[cls] = (cls.__name__, fields, values)
        name, fields, values = found
        return make, (name, fields, values(obj.__dict__))

    return reduce
