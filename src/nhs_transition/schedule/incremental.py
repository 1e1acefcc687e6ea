"""The schedule after an edit of a few milestones' records, from the schedule before it (pure).

`update` and `returns apply` record forecasts and confirmations: a new `forecast:` and a history
entry, nothing the network is made of. Only the edited milestones and what waits on them,
directly or not (their cone), can then move in the forward pass; every other milestone keeps its
early dates. While no deadline in force and no actual or cancellation changes and the programme
finish bounds no milestone (a deadline lies downstream of every one, or the finish stays put),
the backward pass gives every milestone the late dates it had, so the total float of a milestone
outside the cone is what it was, and within the cone its late finish less its new early finish.

`reschedule_cone` works out the rows of the cone that way, with `cpm`'s own forward pass run over
the cone alone (from the early dates before the edit), so an edit of one milestone halfway through a plan of 20,000
schedules about half of it. It returns None, and the caller schedules the whole plan, whenever
the edit is anything else. The rows it returns equal `compute_schedule`'s for the same plan
(tests/test_schedule_incremental.py holds it to that).
"""

from __future__ import annotations

from collections.abc import Collection, Container
from dataclasses import replace
from datetime import date

from ..model import Milestone, Plan
from ..record import deadline_in_force
from .cpm import _forward, arithmetic, record_of
from .result import _NOT_BEFORE, _START, Columns, Schedule, ScheduleRow, _Graph, _row_at
from .working_days import _FIRST, _LAST, OutsideCalendar

_FAR = 1 << 40


class ConeSchedule:
    """The schedule after the edit: its columns (those `compute_schedule` gives), the positions of
    the milestones whose early dates, or what set them, changed (topological order), and the
    new finish."""

    __slots__ = ("_rows", "columns", "finish", "moved")

    def __init__(self, columns: Columns, moved: list[int], finish: date) -> None:
        self.columns = columns
        self.moved = moved
        self.finish = finish
        self._rows: dict[str, ScheduleRow] | None = None

    @property
    def rows(self) -> dict[str, ScheduleRow]:
        """The rows that changed, by id, in topological order."""
        if self._rows is None:
            names = self.columns.names
            self._rows = {names[i]: _row_at(self.columns, i) for i in self.moved}
        return self._rows


def downstream(schedule: Schedule, ids: Collection[str]) -> set[str]:
    """`ids` and every milestone that waits on one of them, directly or not (known ids only)."""
    graph = schedule._graph
    assert graph is not None
    index, names = graph.index, graph.names
    return {names[i] for i in _downstream(graph, {index[i] for i in ids if i in index})}


def upstream_through(schedule: Schedule, ids: Collection[str], stop: Container[str]) -> set[str]:
    """`ids` and what each waits on, and what that waits on in turn, except through a milestone
    in `stop` (which is found, but what it waits on is not followed); known ids only."""
    graph = schedule._graph
    assert graph is not None
    index, names, plain, mixed = graph.index, graph.names, graph._plain, graph._mixed
    found = {i for i in ids if i in index}
    stack = list(found)
    while stack:
        mid = stack.pop()
        if mid in stop:
            continue
        i = index[mid]
        links = mixed[i]
        for p in plain[i] if links is None else (link[0] for link in links):
            name = names[p]
            if name not in found:
                found.add(name)
                stack.append(name)
    return found


def _downstream(graph: _Graph, found: set[int]) -> set[int]:
    """The positions `found` and those of every milestone that waits on one of them."""
    plain, other = graph.plain_succs, graph.other_succs
    stack = list(found)
    while stack:
        i = stack.pop()
        for s in plain[i]:
            if s not in found:
                found.add(s)
                stack.append(s)
        for link in other.get(i, ()):
            s = link[0]
            if s not in found:
                found.add(s)
                stack.append(s)
    return found


def _record(m: Milestone, as_of: date) -> tuple[int | None, int | None, int | None, bool]:
    """(deadline in force, done on, forecast in force, cancelled) as ordinals, as cpm reads them."""
    own_due, done, fc, cancelled = record_of(m, as_of)
    return (
        own_due.day.toordinal() if own_due is not None else None,
        done.toordinal() if done is not None else None,
        fc.day.toordinal() if fc is not None and done is None else None,
        cancelled,
    )


def _same_network(a: Milestone, b: Milestone) -> bool:
    return (
        a.id == b.id
        and a.duration == b.duration
        and a.not_before == b.not_before
        and a.depends_on == b.depends_on
    )


def _finish_bounds_nothing(before: Schedule, plan: Plan, as_of: date) -> bool:
    """True when a deadline lies downstream of every milestone (or on it): no late date is the
    programme finish's."""
    if plan.programme.deadline is not None:
        return True
    for m in plan.milestones:
        if (deadline_in_force(m, as_of) if m.history else m.due) is None:
            break
    else:
        return True  # a deadline on every milestone
    own: dict[str, bool] = {}
    for m in plan.milestones:
        if m.id not in own:
            own[m.id] = (deadline_in_force(m, as_of) if m.history else m.due) is not None
    graph = before._graph
    assert graph is not None
    names, plain, other = graph.names, graph.plain_succs, graph.other_succs
    done = before.columns.done
    bounded = bytearray(len(names))
    for i in reversed(before.columns.order):
        if not own[names[i]]:
            succs = [*plain[i], *(link[0] for link in other.get(i, ()))]
            if not any(bounded[s] and not done[s] for s in succs):
                return False
        bounded[i] = 1
    return True


def reschedule_cone(
    before: Schedule, plan_before: Plan, plan: Plan, as_of: date, changed: Collection[str]
) -> ConeSchedule | None:
    """The rows `compute_schedule(plan, as_of)` gives the milestones downstream of `changed`.

    `before` is `compute_schedule(plan_before, as_of)`; `plan` is `plan_before` with the records
    of the `changed` milestones edited. None when the edit changes more than a forecast or the
    history of an open milestone (see the module docstring), or a date leaves the calendar: the
    whole plan must be scheduled then. Its columns are those `compute_schedule(plan, as_of)`
    gives; `moved` names the milestones whose forward pass came out other than before (a
    milestone that only gained free float, or became critical or not, is not among them).
    """
    graph = before._graph
    if graph is None or before.as_of != as_of or plan.programme is not plan_before.programme:
        return None
    earlier, new = plan_before.milestones, plan.milestones
    if len(earlier) != len(new):
        return None
    changed = set(changed)
    seeds: set[str] = set()  # whose forecast in force moved
    for then, now_m in zip(earlier, new, strict=True):
        if then is now_m:
            continue
        if now_m.id not in changed or not _same_network(then, now_m):
            return None
        was, now = _record(then, as_of), _record(now_m, as_of)
        if was[0] != now[0] or was[1] is not None or now[1] is not None:
            return None  # a deadline, an actual or a cancellation: the late dates move too
        if was[2] != now[2]:
            seeds.add(now_m.id)
    names, index = graph.names, graph.index
    if len(names) != len(new):
        return None  # duplicate ids: the full schedule says what they mean
    # Without duplicates, the graph's index of a milestone is its place in the list.
    if not seeds:
        return ConeSchedule(before.columns, [], before.finish)  # confirmations: as it was
    cols = before.columns
    cone = _downstream(graph, {index[mid] for mid in seeds})
    order = [i for i in cols.order if i in cone]
    at = arithmetic(plan)
    n = len(names)
    start = plan.programme.start.day.toordinal()
    d_as_of = as_of.toordinal()

    # The records of the cone's milestones, as cpm reads them (nothing else is read).
    earliest, first_constraint = [start] * n, [_START] * n
    dur_kind, dur_n = [0] * n, [0] * n
    actual: list[int | None] = [None] * n
    forecast: list[int | None] = [None] * n
    was_cancelled: set[int] = set()
    span = at.span
    for i in order:
        m = new[i]
        if m.duration.amount:
            dur_kind[i], dur_n[i] = span(m.duration)
        if m.not_before is not None and (o := m.not_before.day.toordinal()) > start:
            earliest[i], first_constraint[i] = o, _NOT_BEFORE
        _, actual[i], forecast[i], cancelled = _record(m, as_of)
        if cancelled:
            was_cancelled.add(i)

    # The forward pass over the cone, from the early dates before the edit.
    es, ef = list(cols.early_start), list(cols.early_finish)
    driver, driver_type = list(cols.driver), list(cols.driver_type)
    driver_lag, slack = list(cols.driver_lag), list(cols.driving_slack)
    constraint = list(cols.constraint)
    for i in order:  # what the pass sets only where a link drives
        driver[i], driver_type[i], driver_lag[i], slack[i] = -1, 0, None, 0
    records = (earliest, first_constraint, dur_kind, dur_n, actual, forecast, was_cancelled)
    out = (es, ef, driver, driver_type, driver_lag, slack, constraint)
    if _forward(order, at, d_as_of, records, (graph._plain, graph._mixed), out) is not None:
        return None
    es0, ef0, driver0 = cols.early_start, cols.early_finish, cols.driver
    type0, lag0, slack0, constraint0 = (
        cols.driver_type,
        cols.driver_lag,
        cols.driving_slack,
        cols.constraint,
    )
    moved = [
        i
        for i in order
        if es[i] != es0[i]
        or ef[i] != ef0[i]
        or constraint[i] != constraint0[i]
        or driver[i] != driver0[i]
        or slack[i] != slack0[i]
        or (driver[i] >= 0 and (driver_type[i] != type0[i] or driver_lag[i] != lag0[i]))
    ]
    if any(not (_FIRST <= es[i] <= _LAST and _FIRST <= ef[i] <= _LAST) for i in moved):
        return None
    finish = max(ef, default=start)
    if finish != before.finish.toordinal() and not _finish_bounds_nothing(before, plan, as_of):
        return None  # the finish moved and bounds some milestone's late finish

    # Floats: the late dates are as they were; free float from the new early dates, of what
    # moved and of what waits on it.
    done = list(cols.done)
    for i in order:
        done[i] = actual[i] is not None
    total, free = list(cols.total_float), list(cols.free_float)
    shift, diff, working = at.shift, at.diff, at.working
    plain_succs, other_succs, late_finish = graph.plain_succs, graph.other_succs, cols.late_finish

    def room(i: int) -> int:
        """The free float of the milestone at `i`, before its total float bounds it."""
        found = _FAR
        e_s, e_f = es[i], ef[i]
        for s_ in plain_succs[i]:  # finish-to-start, no lag
            if done[s_]:
                continue  # done: what it needed of its predecessors is history
            x = es[s_]
            r = diff(e_f, x) if working else x - e_f
            if r < found:
                found = r
        for s_, t, kind, lag, _ in other_succs.get(i, ()):
            if done[s_]:
                continue
            x = ef[s_] if t & 2 else es[s_]
            if lag:
                x = shift(x, kind, -lag)
            own = e_s if t & 1 else e_f
            r = diff(own, x) if working else x - own
            if r < found:
                found = r
        return found

    plain, mixed = graph._plain, graph._mixed
    moved_set = set(moved)
    waiting = {
        p
        for i in moved
        for p in (plain[i] if mixed[i] is None else (link[0] for link in mixed[i] or ()))
        if p not in moved_set and not done[p]
    }
    try:
        for i in moved:
            if done[i]:
                total[i] = free[i] = 0  # done: it can no longer move (floats stay 0)
                continue
            lf = late_finish[i]
            total[i] = tf = diff(ef[i], lf) if working else lf - ef[i]
            r = room(i)
            free[i] = r if r < tf else tf
        for p in waiting:
            r, tf = room(p), total[p]
            free[p] = r if r < tf else tf
    except (OutsideCalendar, ValueError, OverflowError):
        return None
    smallest = min((t for t, d in zip(total, done, strict=True) if not d), default=0)
    threshold = 0 if smallest <= 0 else smallest

    critical = [not d and t <= threshold for t, d in zip(total, done, strict=True)]
    columns = replace(
        cols,  # the order, and the late dates, are as they were
        early_start=es,
        early_finish=ef,
        total_float=total,
        free_float=free,
        critical=critical,
        driver=driver,
        driver_type=driver_type,
        driver_lag=driver_lag,
        driving_slack=slack,
        constraint=constraint,
        done=done,
    )
    return ConeSchedule(columns, moved, date.fromordinal(finish))
