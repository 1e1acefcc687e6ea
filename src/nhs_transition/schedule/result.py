"""What the CPM passes produce: a ScheduleRow per milestone and the Schedule that holds them.

Also the vocabulary the rows use (link TYPES, CONSTRAINTS) with the integer codes the passes
work in, and the dependency links kept so a Schedule can answer what waits on what.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, make_dataclass
from datetime import date

TYPES = ("FS", "SS", "FF", "SF")
_TYPE_CODE = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}
CONSTRAINTS = ("start", "not_before", "dependency", "forecast", "actual", "as_of", "cancelled")
_START, _NOT_BEFORE, _DEPENDENCY, _FORECAST, _ACTUAL, _AS_OF, _CANCELLED = range(7)

# A link (other milestone's index, type code, lag kind, lag amount, lag as written); kinds:
# 0 calendar days, 1 working days, 2 calendar months.
Link = tuple[int, int, int, int, str]


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """One milestone's CPM figures; floats and slack in the programme's unit (days or working days)."""

    id: str
    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    total_float: int
    free_float: int
    critical: bool
    driver: str | None  # the driving predecessor, see the docstring of schedule.cpm
    driver_type: str | None  # FS, SS, FF or SF
    driver_lag: str | None  # the driving link's lag as written ("0d" without one)
    driving_slack: int  # early start minus what the driving link asks; 0 when it drives
    constraint: str  # what set the early finish: one of CONSTRAINTS
    done: bool  # an actual on or before the as-of date


# A frozen dataclass's __init__ sets each field through object.__setattr__ (2 us a row, more than
# the whole CPM pass); a slots twin with the same layout is filled by plain stores and then
# becomes a ScheduleRow (a `__class__` switch between identical layouts).
_RowBuilder = make_dataclass(
    "_RowBuilder", [(f.name, f.type) for f in fields(ScheduleRow)], slots=True
)


@dataclass(frozen=True, slots=True)
class _Graph:
    """The dependency links by milestone index, kept so a Schedule can answer what waits on what."""

    names: list[str]
    index: dict[str, int]
    preds: list[list[Link]]
    succs: list[list[Link]]


@dataclass(frozen=True, slots=True)
class NamedPath:
    """The critical path as output names it (SPEC 4), and the count shown beside it.

    `ids` is the driving chain, origin first; `sets_finish` says whether it ends at the
    milestone that sets the programme finish (else at the deadline that binds hardest);
    `total_float` is its end's; `critical_count` counts every critical milestone, on the named
    chain or not.
    """

    ids: tuple[str, ...]
    sets_finish: bool
    total_float: int
    critical_count: int
    working_days: bool = False  # the float counts working days


@dataclass(frozen=True, slots=True)
class Schedule:
    """A scheduled plan as of a date: rows in topological order and the critical path."""

    as_of: date
    start: date  # the programme start
    finish: date  # the latest early finish
    rows: dict[str, ScheduleRow]
    order: list[str]
    critical_path: list[str]
    working_days: bool = False  # floats count working days
    _graph: _Graph | None = field(default=None, repr=False, compare=False)

    def named_path(self) -> NamedPath:
        """The critical path with what it ends at and how many milestones are critical."""
        path = tuple(self.critical_path)
        count = sum(1 for row in self.rows.values() if row.critical)
        if not path:
            return NamedPath(path, False, 0, count, self.working_days)
        end = self.rows[path[-1]]
        sets_finish = end.early_finish == self.finish
        return NamedPath(path, sets_finish, end.total_float, count, self.working_days)

    def predecessors(self, id: str) -> list[tuple[str, str]]:
        """(id, link type) of what `id` waits on, as listed (unknown ids left out)."""
        return self._links(id, successors=False)

    def successors(self, id: str) -> list[tuple[str, str]]:
        """(id, link type) of what waits on `id`, in plan order."""
        return self._links(id, successors=True)

    def _links(self, id: str, *, successors: bool) -> list[tuple[str, str]]:
        graph = self._graph
        if graph is None or id not in graph.index:
            return []
        links = (graph.succs if successors else graph.preds)[graph.index[id]]
        return [(graph.names[link[0]], TYPES[link[1]]) for link in links]

    def links(self, id: str, *, successors: bool = False) -> list[tuple[str, str, str]]:
        """(id, link type, lag as written) of what `id` waits on, or of what waits on it."""
        graph = self._graph
        if graph is None or id not in graph.index:
            return []
        found = (graph.succs if successors else graph.preds)[graph.index[id]]
        return [(graph.names[link[0]], TYPES[link[1]], link[4]) for link in found]

    def driving_chain(self, id: str) -> list[tuple[str, int]]:
        """The chain of driving links that sets `id`'s date, from its origin: (id, slack of the link into it)."""
        chain: list[tuple[str, int]] = []
        current: str | None = id
        while current is not None:
            row = self.rows[current]
            chain.append((current, row.driving_slack))
            current = row.driver
        chain.reverse()
        return chain
