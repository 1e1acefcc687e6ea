"""The schedule after an edit of a few milestones' records, from the schedule before it (pure).

`update` and `returns apply` record forecasts and confirmations: a new `forecast:` and a history
entry, nothing the network is made of. Only the edited milestones and what waits on them,
directly or not (their cone), can then move in the forward pass; every other milestone keeps its
early dates. While no deadline in force and no actual or cancellation changes and the programme
finish bounds no milestone (a deadline lies downstream of every one, or the finish stays put),
the backward pass gives every milestone the late dates it had, so the total float of a milestone
outside the cone is what it was, and within the cone its late finish less its new early finish.

`reschedule_cone` works out the rows of the cone that way, with the link rules of `cpm` (the same
forward pass, on the same links), so an edit of one milestone halfway through a plan of 20,000
schedules about half of it. It returns None, and the caller schedules the whole plan, whenever
the edit is anything else. The rows it returns equal `compute_schedule`'s for the same plan
(tests/test_schedule_incremental.py holds it to that).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from ..dates import Duration, add_months
from ..model import Milestone, Plan
from ..record import actual_as_of, cancellation, deadline_in_force, forecast_in_force
from .result import (
    _ACTUAL,
    _AS_OF,
    _CANCELLED,
    _DEPENDENCY,
    _FORECAST,
    _NOT_BEFORE,
    _START,
    CONSTRAINTS,
    TYPES,
    Schedule,
    ScheduleRow,
    _RowBuilder,
)
from .working_days import _FIRST, _LAST, OutsideCalendar, _check_ordinal, _WorkingDays

_FAR = 1 << 40


@dataclass(frozen=True, slots=True)
class ConeSchedule:
    """The rows of the milestones an edit can move (topological order), and the new finish."""

    rows: dict[str, ScheduleRow]
    finish: date


def downstream(schedule: Schedule, ids: Collection[str]) -> set[str]:
    """`ids` and every milestone that waits on one of them, directly or not (known ids only)."""
    graph = schedule._graph
    assert graph is not None
    index, succs = graph.index, graph.succs
    found = {index[i] for i in ids if i in index}
    stack = list(found)
    while stack:
        for link in succs[stack.pop()]:
            s = link[0]
            if s not in found:
                found.add(s)
                stack.append(s)
    names = graph.names
    return {names[i] for i in found}


def _record(m: Milestone, as_of: date) -> tuple[int | None, int | None, int | None, bool]:
    """(deadline in force, done on, forecast in force, cancelled) as ordinals, as cpm reads them."""
    cancelled = False
    if m.history:
        own_due = deadline_in_force(m, as_of)
        done = actual_as_of(m, as_of)
        if done is None and (c := cancellation(m, as_of)) is not None:
            done, cancelled = c.date.day, True
        fc = forecast_in_force(m, as_of)
    else:
        own_due = m.due
        done = m.actual.day if m.actual is not None and m.actual.day <= as_of else None
        fc = m.forecast
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
    index, succs, names = graph.index, graph.succs, graph.names
    bounded = bytearray(len(names))
    rows = before.rows
    for mid in reversed(before.order):
        i = index[mid]
        if not own[mid]:
            for s in succs[i]:
                if bounded[s[0]] and not rows[names[s[0]]].done:
                    break
            else:
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
    whole plan must be scheduled then.
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
    names, index, preds, succs = graph.names, graph.index, graph.preds, graph.succs
    if len(names) != len(new):
        return None  # duplicate ids: the full schedule says what they mean
    # Without duplicates, the graph's index of a milestone is its place in the list.
    if not seeds:
        return ConeSchedule({}, before.finish)  # confirmations: the schedule is as it was
    cone = downstream(before, seeds)
    order = [index[mid] for mid in before.order if mid in cone]
    first = {index[mid] for mid in seeds}
    programme = plan.programme
    working = programme.calendar.counts_working_days
    table = _WorkingDays(programme.calendar.workdays)
    start = programme.start.day.toordinal()
    d_as_of = as_of.toordinal()

    def span(d: Duration) -> tuple[int, int]:
        n, unit = d.amount, d.unit
        if n == 0:
            return (0, 0)
        if unit == "m":
            return (2, n)
        if unit == "wd" or working:
            return (1, n * 5 if unit == "w" else n)
        return (0, n * 7 if unit == "w" else n)

    def shift(o: int, kind: int, n: int) -> int:
        if kind == 0:
            return o + n
        if kind == 1:
            return table.add(o, n)
        _check_ordinal(o)
        return add_months(date.fromordinal(o), n).toordinal()

    rows = before.rows
    # The milestones whose row changes: early dates, and what sets them.
    es: dict[int, int] = {}
    ef: dict[int, int] = {}
    done: set[int] = set()
    # i -> (constraint, driver, driver type, driving slack, driver's lag as written)
    forward: dict[int, tuple[int, int, int, int, str | None]] = {}
    moved_early: set[int] = set()  # whose early dates moved: what waits on them may move
    try:
        for i in order:
            if i not in first and not any(link[0] in moved_early for link in preds[i]):
                continue  # nothing it waits on moved
            m = new[i]
            s, c = start, _START
            if m.not_before is not None and (o := m.not_before.day.toordinal()) > start:
                s, c = o, _NOT_BEFORE
            duration = m.duration
            dk, dn = span(duration) if duration.amount else (0, 0)
            if m.history:
                _, a, promised, was_cancelled = _record(m, as_of)
            else:  # as _record reads it, without the history
                was_cancelled = False
                done_on = m.actual
                a = o if done_on is not None and (o := done_on.day.toordinal()) <= d_as_of else None
                promised = (
                    m.forecast.day.toordinal() if m.forecast is not None and a is None else None
                )
            best = finish_req = -_FAR
            d = dt = -1
            lag_text: str | None = None
            for p, t, kind, lag, text in preds[i]:
                p_ef = ef.get(p)
                if p_ef is None:
                    row = rows[names[p]]
                    p_es, p_ef = row.early_start.toordinal(), row.early_finish.toordinal()
                else:
                    p_es = es[p]
                if t == 0:
                    v = p_ef if not lag else shift(p_ef, kind, lag)
                elif t == 1:
                    v = p_es if not lag else shift(p_es, kind, lag)
                else:
                    v = p_ef if t == 2 else p_es
                    if lag:
                        v = shift(v, kind, lag)
                    finish_req = max(finish_req, v)
                    if dn:
                        v = shift(v, dk, -dn)
                if v > best:
                    best, d, dt, lag_text = v, p, t, text
            if d >= 0 and best >= s:
                s, c = best, _DEPENDENCY
            f = s if not dn else shift(s, dk, dn)
            moved = f < finish_req  # month and working-day arithmetic is not always reversible
            if moved:
                f = finish_req
            if a is not None:
                moved, f, c = a != f, a, _CANCELLED if was_cancelled else _ACTUAL
            else:
                if promised is not None and promised > f:
                    moved, f, c = True, promised, _FORECAST
                if f < d_as_of:
                    moved, f, c = True, d_as_of, _AS_OF
            if moved:
                back = f if not dn else shift(f, dk, -dn)
                s = back if a is not None or back > s else s
            if not (_FIRST <= s <= _LAST and _FIRST <= f <= _LAST):
                return None
            slack = 0
            if d >= 0:
                slack = table.between(best, s) if working else s - best
            else:
                dt, lag_text = 0, None
            row = rows[names[i]]
            if s != row.early_start.toordinal() or f != row.early_finish.toordinal():
                moved_early.add(i)
            elif (
                CONSTRAINTS[c] == row.constraint
                and (names[d] if d >= 0 else None) == row.driver
                and (TYPES[dt] if d >= 0 else None) == row.driver_type
                and slack == row.driving_slack
                and lag_text == row.driver_lag
            ):
                continue  # the row as it was
            es[i], ef[i] = s, f
            forward[i] = (c, d, dt, slack, lag_text)
            if a is not None:
                done.add(i)

        # The finish, and the smallest float of an open milestone (what counts as critical):
        # outside the cone both early and late dates are as they were.
        order = [i for i in order if i in forward]
        kept = {names[i] for i in order}
        finish = max(ef.values(), default=-_FAR)
        pool: list[int] = []
        latest: date | None = None
        for row in rows.values():
            if row.id in kept:
                continue
            if latest is None or row.early_finish > latest:
                latest = row.early_finish
            if not row.done:
                pool.append(row.total_float)
        if latest is not None and latest.toordinal() > finish:
            finish = latest.toordinal()
        old_finish = before.finish
        if finish != old_finish.toordinal() and not _finish_bounds_nothing(before, plan, as_of):
            return None  # the finish moved and bounds some milestone's late finish

        # Floats: the late dates are as they were; free float from the new early dates.
        floats: dict[int, tuple[int, int]] = {}
        for i in order:
            if i in done:
                continue  # done: it can no longer move (floats stay 0)
            room = _FAR
            e_s, e_f = es[i], ef[i]
            for s_, t, kind, lag, _ in succs[i]:
                if s_ in es:
                    if s_ in done:
                        continue  # done: what it needed of its predecessors is history
                    x = ef[s_] if t & 2 else es[s_]
                else:
                    after = rows[names[s_]]
                    if after.done:
                        continue
                    x = (after.early_finish if t & 2 else after.early_start).toordinal()
                if lag:
                    x = shift(x, kind, -lag)
                own = e_s if t & 1 else e_f
                r = table.between(own, x) if working else x - own
                if r < room:
                    room = r
            lf = rows[names[i]].late_finish.toordinal()
            tf = table.between(e_f, lf) if working else lf - e_f
            pool.append(tf)
            floats[i] = (tf, room if room < tf else tf)
    except (OutsideCalendar, ValueError, OverflowError):
        return None
    smallest = min(pool, default=0)
    threshold = 0 if smallest <= 0 else smallest

    cone_rows: dict[str, ScheduleRow] = {}
    days: dict[int, date] = {}
    fromordinal, become = date.fromordinal, object.__setattr__
    for i in order:
        mid = names[i]
        e_s, e_f = es[i], ef[i]
        early_start = days.get(e_s) or days.setdefault(e_s, fromordinal(e_s))
        early_finish = days.get(e_f) or days.setdefault(e_f, fromordinal(e_f))
        c, d, dt, slack, lag_text = forward[i]
        if i in done:
            late_start, late_finish, tf, free, critical = early_start, early_finish, 0, 0, False
        else:
            prev = rows[mid]
            late_start, late_finish = prev.late_start, prev.late_finish
            tf, free = floats[i]
            critical = tf <= threshold
        row = _RowBuilder(
            mid,
            early_start,
            early_finish,
            late_start,
            late_finish,
            tf,
            free,
            critical,
            names[d] if d >= 0 else None,
            TYPES[dt] if d >= 0 else None,
            lag_text,
            slack,
            CONSTRAINTS[c],
            i in done,
        )
        become(row, "__class__", ScheduleRow)
        cone_rows[mid] = row
    return ConeSchedule(cone_rows, fromordinal(finish))
