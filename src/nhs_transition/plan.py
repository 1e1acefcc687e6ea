"""The plan as a whole (`Plan`), where its objects were written (`Locator`), and what a
programme's posts answer about their holders: everything about a loaded plan that needs no
pydantic, so that a plan read back from the cache (`load.twins`) is used without importing it.

`model` re-exports these names; the pydantic models of what users write stay there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from .dates import Workdays
    from .model import (
        CalendarSettings,
        Holder,
        Milestone,
        Organisation,
        PlanModel,
        Programme,
        Role,
    )

Path = tuple[str | int, ...]
Origin = tuple[str, Path]


class Locator:
    """Maps (file, path) to a 1-based (line, column); the loader provides the real one."""

    def position(
        self, file: str, path: tuple[str | int, ...], *, key: bool = False
    ) -> tuple[int, int]:
        """Where the value at `path` (or its key, with key=True) starts; (1, 1) when unknown."""
        return (1, 1)


@dataclass
class Plan:
    """A whole plan: the programme, its organisations and posts, and its milestones."""

    programme: Programme
    organisations: list[Organisation] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    locator: Locator = field(default_factory=Locator)
    root: str = ""
    # Cascaded milestones: parent id -> its children's ids (filled in by the loader's expansion).
    cascades: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Where each object was written, by id() of the object: (file, path within the file).
    # Kept here rather than on the models because a private attribute costs a deep copy per
    # instance in pydantic, which tripled the cost of loading large plans.
    origins: dict[int, Origin] = field(default_factory=dict)
    # Stand-ins, by id() of the object: an item written with a mistake (reported by the
    # loader) kept with its id and the references that were written right, so the rules that
    # look across objects still know it; the value names the fields not to trust (left out,
    # or filled with the id when required).
    stand_ins: dict[int, frozenset[str]] = field(default_factory=dict)

    def unsure(self, obj: PlanModel, name: str | None = None) -> bool:
        """True when `obj` is a stand-in (or, given `name`, when that field of it is not to be trusted)."""
        bad = self.stand_ins.get(id(obj)) if self.stand_ins else None
        return bad is not None and (name is None or name in bad)

    def set_origin(self, obj: PlanModel, file: str, path: Path) -> None:
        """Record where `obj` was written."""
        self.origins[id(obj)] = (file, path)

    def origin(self, obj: PlanModel) -> Origin:
        """The (file, path) where `obj` was written; ('', ()) when unknown."""
        return self.origins.get(id(obj), ("", ()))

    def where(self, obj: PlanModel, *subpath: str | int, key: bool = False) -> tuple[str, int, int]:
        """The file, line and column of `obj` (or of a key/value inside it)."""
        file, path = self.origin(obj)
        line, column = self.locator.position(file, path + subpath, key=key)
        return file, line, column


def holds_on(holder: Holder, day: date) -> bool:
    """`holder` is in post on `day` (`Holder.holds_on`)."""
    return (holder.from_ is None or holder.from_.day <= day) and (
        holder.to is None or day <= holder.to.day
    )


def holder_on(role: Role, day: date | None) -> str | None:
    """Who holds `role` on `day` (`Role.holder_on`)."""
    if role.holders is None:
        return role.holder
    if day is None:
        return None
    for h in role.holders:
        if holds_on(h, day):
            return h.name
    return None


def vacant_on(role: Role, day: date) -> bool:
    """`role` has `holders` and no one of them is in post on `day` (`Role.vacant_on`)."""
    return role.holders is not None and holder_on(role, day) is None


def calendar_workdays(calendar: CalendarSettings) -> Workdays:
    """The working days a programme's `calendar:` names (`CalendarSettings.workdays`)."""
    from .dates import WEEKDAY_NAMES, Workdays, days_named

    return Workdays(
        week=tuple(name in calendar.working_week for name in WEEKDAY_NAMES),
        holidays=calendar.holidays,
        off=frozenset(d for e in calendar.non_working for d in days_named(e)),
        on=frozenset(d for e in calendar.working for d in days_named(e)),
    )


def counts_working_days(calendar: CalendarSettings) -> bool:
    """`d` and `w` (and floats) count working days (`CalendarSettings.counts_working_days`)."""
    return calendar.unit == "working-days"


def calendar_is_default(calendar: CalendarSettings) -> bool:
    """Monday-Friday less England and Wales's bank holidays, nothing added or taken away."""
    from .dates import Workdays

    return calendar_workdays(calendar) == Workdays()


def calendar_text(calendar: CalendarSettings) -> str:
    """The calendar as `diff` shows it: 'working-days', then whatever else it sets."""
    parts: list[str] = [calendar.unit]
    if list(calendar.working_week) != ["mon", "tue", "wed", "thu", "fri"]:
        parts.append(f"working_week {', '.join(calendar.working_week)}")
    if calendar.holidays != "england-and-wales":
        parts.append(f"holidays {calendar.holidays}")
    for key in ("non_working", "working"):
        days = getattr(calendar, key)
        if days:
            parts.append(f"{key} {', '.join(d.text for d in days)}")
    return "; ".join(parts)
