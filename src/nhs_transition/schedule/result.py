"""What the CPM passes produce: a ScheduleRow per milestone and the Schedule that holds them.

Also the vocabulary the rows use (link TYPES, CONSTRAINTS) with the integer codes the passes
work in, and the dependency links kept so a Schedule can answer what waits on what.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, make_dataclass
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


class _Graph:
    """The dependency links by milestone index, kept so a Schedule can answer what waits on what.

    The passes keep finish-to-start links without a lag as plain indexes (`plain`), and every
    link of a milestone with any other kind as Link tuples (`mixed`); the successor side of
    those is `plain_succs` (indexes) and `other_succs` (Links, by predecessor). `preds` and
    `succs`, a list of Links per milestone in plan order, are built from them the first time
    they are asked for.
    """

    __slots__ = (
        "_mixed",
        "_plain",
        "_preds",
        "_succs",
        "index",
        "names",
        "other_succs",
        "plain_succs",
    )

    def __init__(
        self,
        names: list[str],
        index: dict[str, int],
        plain: list[list[int]],
        mixed: list[list[Link] | None],
        plain_succs: list[list[int]],
        other_succs: dict[int, list[Link]],
    ) -> None:
        self.names = names
        self.index = index
        self._plain = plain
        self._mixed = mixed
        self.plain_succs = plain_succs
        self.other_succs = other_succs
        self._preds: list[list[Link]] | None = None
        self._succs: list[list[Link]] | None = None

    @property
    def preds(self) -> list[list[Link]]:
        """What each milestone waits on, as listed in its depends_on (unknown ids left out)."""
        if self._preds is None:
            self._preds = [
                links if links is not None else [(p, 0, 0, 0, "0d") for p in plain]
                for plain, links in zip(self._plain, self._mixed, strict=True)
            ]
        return self._preds

    @property
    def succs(self) -> list[list[Link]]:
        """What waits on each milestone, in plan order: (successor, type, lag kind, lag, text)."""
        if self._succs is None:
            succs: list[list[Link]] = [[] for _ in self.names]
            for i, links in enumerate(self.preds):
                for p, t, kind, lag, text in links:
                    succs[p].append((i, t, kind, lag, text))
            self._succs = succs
        return self._succs


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
class Columns:
    """The CPM figures of every milestone as parallel lists indexed by position.

    Position k is the k-th distinct milestone id in plan order (the first of duplicate ids);
    `order` lists the positions in topological order. Dates are ordinals (`date.toordinal`);
    `driver` is a position or -1, `driver_type` an index into TYPES, `constraint` one into
    CONSTRAINTS. This is what the passes compute; `Schedule.rows` is built from it on demand,
    and renderers of large plans (critical-path JSON) read it directly.
    """

    names: list[str]
    order: list[int]
    early_start: list[int]
    early_finish: list[int]
    late_start: list[int]
    late_finish: list[int]
    total_float: list[int]
    free_float: list[int]
    critical: list[bool]
    driver: list[int]
    driver_type: list[int]
    driver_lag: list[str | None]
    driving_slack: list[int]
    constraint: list[int]
    done: list[bool]


class Schedule:
    """A scheduled plan as of a date: rows in topological order and the critical path.

    Read-only by convention. The figures are kept as `columns` (lists by position); `rows`,
    a ScheduleRow per milestone, is built from them the first time it is asked for.
    """

    __slots__ = (
        "_graph",
        "_rows",
        "as_of",
        "columns",
        "critical_path",
        "finish",
        "order",
        "start",
        "working_days",
    )

    def __init__(
        self,
        as_of: date,
        start: date,  # the programme start
        finish: date,  # the latest early finish
        columns: Columns,
        critical_path: list[str],
        working_days: bool = False,  # floats count working days
        _graph: _Graph | None = None,
    ) -> None:
        self.as_of = as_of
        self.start = start
        self.finish = finish
        self.columns = columns
        self.order: list[str] = [columns.names[i] for i in columns.order]
        self.critical_path = critical_path
        self.working_days = working_days
        self._graph = _graph
        self._rows: dict[str, ScheduleRow] | None = None

    @property
    def rows(self) -> dict[str, ScheduleRow]:
        """A ScheduleRow per milestone id, in topological order."""
        rows = self._rows
        if rows is None:
            # As in the passes: building the rows makes no reference cycles, and the collector
            # would walk every object of a large plan for nothing.
            enabled = gc.isenabled()
            gc.disable()
            try:
                rows = self._rows = _build_rows(self.columns)
            finally:
                if enabled:
                    gc.enable()
        return rows

    def row(self, id: str) -> ScheduleRow | None:
        """The row of milestone `id` (None when it has none), without building every row."""
        if self._rows is not None or self._graph is None:
            return self.rows.get(id)
        i = self._graph.index.get(id)
        return None if i is None else _row_at(self.columns, i)

    def lazy_rows(self, columns: Columns | None = None) -> RowMap:
        """The rows by id, each built the first time it is asked for (for a pass that reads
        most milestones' evidence but few whole rows); of `columns` (the same milestones'
        after an edit) when given."""
        columns = columns if columns is not None else self.columns
        if self._graph is None:
            return RowMap(columns, {mid: i for i, mid in enumerate(columns.names)})
        return RowMap(columns, self._graph.index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return (
            self.as_of == other.as_of
            and self.start == other.start
            and self.finish == other.finish
            and self.order == other.order
            and self.critical_path == other.critical_path
            and self.working_days == other.working_days
            and self.rows == other.rows
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Schedule(as_of={self.as_of!r}, start={self.start!r}, finish={self.finish!r}, "
            f"{len(self.order)} milestones, critical_path={self.critical_path!r})"
        )

    def named_path(self) -> NamedPath:
        """The critical path with what it ends at and how many milestones are critical."""
        path = tuple(self.critical_path)
        columns = self.columns
        count = columns.critical.count(True)
        if not path:
            return NamedPath(path, False, 0, count, self.working_days)
        end = self._graph.index[path[-1]] if self._graph is not None else None
        if end is None:
            row = self.rows[path[-1]]
            sets_finish, tf = row.early_finish == self.finish, row.total_float
        else:
            sets_finish = columns.early_finish[end] == self.finish.toordinal()
            tf = columns.total_float[end]
        return NamedPath(path, sets_finish, tf, count, self.working_days)

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


def _row_at(columns: Columns, i: int) -> ScheduleRow:
    """The row of the milestone at position `i`."""
    d = columns.driver[i]
    names, day = columns.names, date.fromordinal
    row = _RowBuilder(
        names[i],
        day(columns.early_start[i]),
        day(columns.early_finish[i]),
        day(columns.late_start[i]),
        day(columns.late_finish[i]),
        columns.total_float[i],
        columns.free_float[i],
        columns.critical[i],
        names[d] if d >= 0 else None,
        TYPES[columns.driver_type[i]] if d >= 0 else None,
        columns.driver_lag[i],
        columns.driving_slack[i],
        CONSTRAINTS[columns.constraint[i]],
        columns.done[i],
    )
    object.__setattr__(row, "__class__", ScheduleRow)
    return row  # type: ignore[no-any-return]


class RowMap(Mapping[str, ScheduleRow]):
    """A schedule's rows by id, each built from the columns the first time it is asked for.

    `evidence(id)` gives what the evaluation of a milestone's expected date reads of its row
    (what set its early finish, its driver, the early finish) without building the row.
    """

    __slots__ = ("_built", "_days", "columns", "index")

    def __init__(self, columns: Columns, index: dict[str, int]) -> None:
        self.columns = columns
        self.index = index
        self._built: dict[str, ScheduleRow] = {}
        self._days: dict[int, date] = {}

    def __getitem__(self, id: str) -> ScheduleRow:
        row = self._built.get(id)
        if row is None:
            row = self._built[id] = _row_at(self.columns, self.index[id])
        return row

    def __contains__(self, id: object) -> bool:
        return id in self.index

    def __iter__(self) -> Iterator[str]:
        names = self.columns.names
        return (names[i] for i in self.columns.order)

    def __len__(self) -> int:
        return len(self.columns.order)

    def evidence(self, id: str) -> tuple[str, str | None, date]:
        """(constraint, driver, early finish) of milestone `id`, as its row would say."""
        columns = self.columns
        i = self.index[id]
        d = columns.driver[i]
        o = columns.early_finish[i]
        days = self._days
        finish = days.get(o)
        if finish is None:
            finish = days[o] = date.fromordinal(o)
        return CONSTRAINTS[columns.constraint[i]], columns.names[d] if d >= 0 else None, finish


def _build_rows(columns: Columns) -> dict[str, ScheduleRow]:
    """A ScheduleRow per milestone, in topological order, from the columns."""
    names = columns.names
    es, ef, ls, lf = (
        columns.early_start,
        columns.early_finish,
        columns.late_start,
        columns.late_finish,
    )
    day = {o: date.fromordinal(o) for o in {*es, *ef, *ls, *lf}}  # a few thousand distinct days
    total, free, critical = columns.total_float, columns.free_float, columns.critical
    driver, driver_type, driver_lag = columns.driver, columns.driver_type, columns.driver_lag
    slack, constraint, done = columns.driving_slack, columns.constraint, columns.done
    rows: dict[str, ScheduleRow] = {}
    build, become = _RowBuilder, object.__setattr__
    for i in columns.order:
        d = driver[i]
        row = build(
            names[i],
            day[es[i]],
            day[ef[i]],
            day[ls[i]],
            day[lf[i]],
            total[i],
            free[i],
            critical[i],
            names[d] if d >= 0 else None,
            TYPES[driver_type[i]] if d >= 0 else None,
            driver_lag[i],
            slack[i],
            CONSTRAINTS[constraint[i]],
            done[i],
        )
        become(row, "__class__", ScheduleRow)
        rows[names[i]] = row
    return rows
