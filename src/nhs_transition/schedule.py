"""The critical path method over a plan: topological order, forward and backward passes, floats (pure).

SPEC section 4 is the definition. Every time is an integer: a date ordinal, so each computed date
is exactly the day the rules give (a Saturday forecast stays a Saturday). Shifts by working days
(`wd`, and `d`/`w` under `calendar: working-days`) go through a table of working-day ordinals
built once per run; calendar months go through `dates.add_months`. Floats, free floats and link
slacks are counted in the programme's unit: calendar days, or working days (Mon-Fri less English
bank holidays) under `calendar: working-days`, where a weekend and the Friday before it are the
same point in working time.

Choices the SPEC leaves open, made the way MS Project makes them:
- The driving predecessor of a milestone is the one whose link asks for the latest start (the
  first listed in `depends_on` on a tie); a link that ties with `start`/`not_before` drives.
  `driving_slack` is how far the milestone's early start lies after what that link asks (more
  than 0 when a forecast, not_before or the as-of date sets the date instead; `constraint`
  says which), so `driving_chain` can follow the nearest links back to the origin.
- The programme `deadline`, when set, is a deadline on every milestone.
- A milestone with no deadline downstream must finish by the programme finish, even when its
  only successors are SS or SF links that would let it finish later; so without deadlines the
  smallest float is 0.
- A done successor constrains nothing: what it needed of its predecessors is history (an
  open predecessor is not given negative float by the deadline of something already achieved).
- A done milestone (actual on or before the as-of date) keeps its floats but is never critical.
- The critical path ends at the critical milestone with the smallest total float whose own
  deadline sets its late finish (the deadline that binds), else the latest early finish, then
  the last in topological order; it runs back through zero-slack driving links to critical
  predecessors.
"""

from __future__ import annotations

import gc
import heapq
from dataclasses import dataclass, field, fields, make_dataclass
from datetime import date
from typing import NoReturn

from .dates import (
    CALENDAR_FIRST,
    CALENDAR_LAST,
    CALENDAR_TEXT,
    DateExpr,
    Duration,
    add_months,
    is_working_day,
)
from .errors import EXIT_PLAN_ERRORS, Diagnostic, Severity, TransitionError
from .model import Milestone, Plan

TYPES = ("FS", "SS", "FF", "SF")
_TYPE_CODE = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}
CONSTRAINTS = ("start", "not_before", "dependency", "forecast", "actual", "as_of")
_START, _NOT_BEFORE, _DEPENDENCY, _FORECAST, _ACTUAL, _AS_OF = range(6)
_FAR = 1 << 40  # beyond any ordinal or float

# A link (other milestone's index, type code, lag kind, lag amount, lag as written); kinds:
# 0 calendar days, 1 working days, 2 calendar months.
Link = tuple[int, int, int, int, str]


def forecast_in_force(m: Milestone, as_of: date) -> DateExpr | None:
    """The forecast in force on `as_of`: the latest history entry dated on or before it, else `forecast`."""
    if not m.history:
        return m.forecast
    found: DateExpr | None = None
    latest = date.min
    for entry in m.history:
        day = entry.date.day
        if day <= as_of and day >= latest:  # equal dates: the later entry in the log wins
            found, latest = entry.forecast, day
    return found


def actual_as_of(m: Milestone, as_of: date) -> date | None:
    """The actual date if it is on or before `as_of`, else None (not done yet on that day)."""
    if m.actual is not None and m.actual.day <= as_of:
        return m.actual.day
    return None


class CycleError(Exception):
    """Dependencies that go round in a circle; `cycle` lists each id once, each depending on the next.

    The last id depends on the first; the cycle starts at the id that comes first in the plan.
    """

    def __init__(self, cycle: list[str], cycles: list[list[str]] | None = None) -> None:
        self.cycle = cycle
        self.cycles = cycles or [cycle]
        chain = " -> ".join([*cycle, cycle[0]]) if cycle else ""
        super().__init__(f"dependency cycle: {chain} (each depends on the next)")


def _dedupe(ids: list[str], preds: dict[str, list[str]]) -> tuple[list[str], list[list[int]]]:
    index: dict[str, int] = {}
    for i in ids:
        index.setdefault(i, len(index))
    pred_index = [[index[p] for p in preds.get(i, ()) if p in index] for i in index]
    return list(index), pred_index


def _kahn(preds: list[list[int]], succs: list[list[int]]) -> list[int]:
    """Topological order, the earliest in the plan first among ready nodes; short when cyclic."""
    indegree = [len(p) for p in preds]
    heap = [i for i, d in enumerate(indegree) if d == 0]  # ascending, so already a heap
    order: list[int] = []
    pop, push, append = heapq.heappop, heapq.heappush, order.append
    while heap:
        i = pop(heap)
        append(i)
        for s in succs[i]:
            indegree[s] -= 1
            if indegree[s] == 0:
                push(heap, s)
    return order


def _cycles(preds: list[list[int]], alive: list[bool] | None = None) -> list[list[int]]:
    """One elementary cycle per back edge of a depth-first search along `depends_on`."""
    n = len(preds)
    colour = bytearray(n)  # 0 unseen, 1 on the current path, 2 finished
    found: set[tuple[int, ...]] = set()
    cycles: list[list[int]] = []
    for root in range(n):
        if colour[root] or (alive is not None and not alive[root]):
            continue
        path, position = [root], {root: 0}
        stack = [iter(preds[root])]
        colour[root] = 1
        while stack:
            for p in stack[-1]:
                if alive is not None and not alive[p]:
                    continue
                if colour[p] == 0:
                    colour[p] = 1
                    position[p] = len(path)
                    path.append(p)
                    stack.append(iter(preds[p]))
                    break
                if colour[p] == 1:
                    cycle = path[position[p] :]
                    k = cycle.index(min(cycle))
                    key = tuple(cycle[k:] + cycle[:k])
                    if key not in found:
                        found.add(key)
                        cycles.append(list(key))
            else:
                stack.pop()
                colour[path[-1]] = 2
                del position[path.pop()]
    return sorted(cycles, key=lambda c: (c[0], len(c), c))


def find_cycles(ids: list[str], preds: dict[str, list[str]]) -> list[list[str]]:
    """Every cycle a depth-first search meets (at least one per tangle), each as in CycleError."""
    names, pred_index = _dedupe(ids, preds)
    return [[names[i] for i in c] for c in _cycles(pred_index)]


def topological_order(ids: list[str], preds: dict[str, list[str]]) -> list[str]:
    """The ids, each after everything it depends on, the earliest in `ids` first among ready ones.

    Unknown predecessor ids are ignored; raises CycleError when there is no such order.
    """
    names, pred_index = _dedupe(ids, preds)
    succs: list[list[int]] = [[] for _ in names]
    for i, ps in enumerate(pred_index):
        for p in ps:
            succs[p].append(i)
    order = _kahn(pred_index, succs)
    if len(order) < len(names):
        _raise_cycle(names, pred_index, order)
    return [names[i] for i in order]


def _raise_cycle(names: list[str], preds: list[list[int]], order: list[int]) -> None:
    alive = [True] * len(names)
    for i in order:
        alive[i] = False
    cycles = [[names[i] for i in c] for c in _cycles(preds, alive)]
    raise CycleError(cycles[0], cycles)


class _WorkingDays:
    """Working-day arithmetic on ordinals by table lookup; the table grows when a shift leaves it."""

    __slots__ = ("base", "count", "days", "working")

    def __init__(self) -> None:
        self.base = 0
        self.count: list[int] = []  # count[o - base]: working days from base up to and including o
        self.days: list[int] = []  # the working days' ordinals, ascending
        self.working = bytearray()

    def _cover(self, lo: int, hi: int) -> None:
        if self.count:
            lo, hi = min(lo, self.base), max(hi, self.base + len(self.count) - 1)
            span = len(self.count)
            lo, hi = lo - span // 2, hi + span // 2  # grow geometrically
        try:
            first = date(max(date.fromordinal(max(lo, 1)).year - 1, 1), 1, 1).toordinal()
            last = date(
                min(date.fromordinal(min(hi, date.max.toordinal())).year + 2, 9999), 12, 31
            ).toordinal()
        except (ValueError, OverflowError):  # pragma: no cover - caught by _check_ordinal
            first, last = 1, date.max.toordinal()
        self.base, self.count, self.days, self.working = first, [], [], bytearray()
        c = 0
        for o in range(first, last + 1):
            w = is_working_day(date.fromordinal(o))
            c += w
            self.count.append(c)
            self.working.append(w)
            if w:
                self.days.append(o)

    def add(self, o: int, n: int) -> int:
        """`o` plus `n` working days; from a non-working day counts from it (as `dates.shift`)."""
        _check_ordinal(o + n)  # n working days span at least n calendar days
        while True:
            i = o - self.base
            if 0 <= i < len(self.count):
                j = self.count[i] - 1 + n if n > 0 else self.count[i] - self.working[i] + n
                if 0 <= j < len(self.days):
                    return self.days[j]
            # Not covered yet: grow towards the target (n working days span under 2n + 30
            # calendar days even across Christmas); a table that cannot grow is the calendar's end.
            _check_ordinal(o)
            reach = o + 2 * n + (30 if n >= 0 else -30)
            target = min(max(reach, 1), date.max.toordinal())
            before = (self.base, len(self.count))
            self._cover(min(o, target), max(o, target))
            if (self.base, len(self.count)) == before:
                _outside_calendar()

    def between(self, a: int, b: int) -> int:
        """Working days in (a, b]; negative when b is before a."""
        for o in (a, b):
            if not 0 <= o - self.base < len(self.count):
                _check_ordinal(o)
                self._cover(o, o)
        return self.count[b - self.base] - self.count[a - self.base]


_FIRST, _LAST = CALENDAR_FIRST.toordinal(), CALENDAR_LAST.toordinal()


class OutsideCalendar(TransitionError):
    """The schedule of a milestone falls outside the calendar.

    `milestone` names the first one; `diagnostic` says where it is written, once
    `compute_schedule` has located it in the plan.
    """

    def __init__(self, milestone: str | None = None, diagnostic: Diagnostic | None = None) -> None:
        if diagnostic is not None:  # as the CLI reports errors a plan's checks find
            message = "the plan has 1 error; run `transition check` for the full report"
        else:
            where = f" at '{milestone}'" if milestone is not None else ""
            message = f"the schedule runs outside the calendar{where} ({CALENDAR_TEXT})"
        super().__init__(message, EXIT_PLAN_ERRORS, [diagnostic] if diagnostic else [])
        self.milestone = milestone
        self.diagnostic = diagnostic


def _located(plan: Plan, exc: OutsideCalendar) -> OutsideCalendar:
    """`exc` with the diagnostic of its milestone: at its duration, else its links, else its id."""
    found = next((m for m in plan.milestones if m.id == exc.milestone), None)
    if found is None:
        return exc
    path = "duration" if not found.duration.is_zero else "depends_on" if found.depends_on else "id"
    file, line, column = plan.where(found, path)
    message = (
        f"'{found.id}' would be scheduled outside the calendar ({CALENDAR_TEXT}): "
        "look for a duration or lag on the way to it that is far too long"
    )
    diagnostic = Diagnostic(
        "schedule-outside-calendar", Severity.ERROR, message, file, line, column, found.id
    )
    return OutsideCalendar(found.id, diagnostic)


def _first_outside(names: list[str], order: list[int], current: int, *times: list[int]) -> NoReturn:
    """Raise OutsideCalendar at the first milestone, up to `current` in `order`, with a time outside."""
    for i in order:
        if i == current or not all(_FIRST <= t[i] <= _LAST for t in times):
            raise OutsideCalendar(names[i])
    raise OutsideCalendar()


def _check_ordinal(o: int) -> None:
    if not _FIRST <= o <= _LAST:
        _outside_calendar()


def _outside_calendar() -> NoReturn:
    raise OutsideCalendar()


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
    driver: str | None  # the driving predecessor, see the module docstring
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


def compute_schedule(plan: Plan, as_of: date) -> Schedule:
    """Schedule `plan` by CPM as it stood on `as_of` (SPEC sections 4 and 5); raises CycleError."""
    # The passes allocate no reference cycles, but their allocations would set off full
    # collections that walk every object of a large plan: 100,000 milestones take 0.8 s
    # instead of 1.5 s with the collector paused.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _compute(plan, as_of)
    except OutsideCalendar as exc:
        raise _located(plan, exc) from None
    finally:
        if enabled:
            gc.enable()


def _compute(plan: Plan, as_of: date) -> Schedule:
    programme = plan.programme
    working = programme.calendar == "working-days"
    table = _WorkingDays()
    spans: dict[str, tuple[int, int]] = {}

    def span(d: Duration) -> tuple[int, int]:
        # Keyed by text: hashing the Duration dataclass costs more than the whole forward pass.
        found = spans.get(d.text)
        if found is None:
            n, unit = d.amount, d.unit
            if n == 0:
                found = (0, 0)
            elif unit == "m":
                found = (2, n)
            elif unit == "wd" or working:
                found = (1, n * 5 if unit == "w" else n)
            else:
                found = (0, n * 7 if unit == "w" else n)
            spans[d.text] = found
        return found

    def shift(o: int, kind: int, n: int) -> int:
        if kind == 0:
            return o + n
        if kind == 1:
            return table.add(o, n)
        _check_ordinal(o)
        try:
            return add_months(date.fromordinal(o), n).toordinal()
        except ValueError:  # a year outside 1..9999
            _outside_calendar()

    diff = table.between if working else (lambda a, b: b - a)

    # Index the milestones (the first of duplicate ids wins) and their known links.
    index: dict[str, int] = {}
    milestones: list[Milestone] = []
    for m in plan.milestones:
        if m.id not in index:
            index[m.id] = len(milestones)
            milestones.append(m)
    n = len(milestones)
    names = list(index)
    start = programme.start.day.toordinal()
    d_as_of = as_of.toordinal()
    deadline = programme.deadline.day.toordinal() if programme.deadline is not None else _FAR
    preds: list[list[Link]] = [[] for _ in range(n)]
    succs: list[list[Link]] = [[] for _ in range(n)]
    dur_kind, dur_n = [0] * n, [0] * n
    earliest, first_constraint = [start] * n, [_START] * n
    due = [deadline] * n
    forecast: list[int | None] = [None] * n
    actual: list[int | None] = [None] * n
    in_file_order = True
    for i, m in enumerate(milestones):
        if m.duration.amount:
            dur_kind[i], dur_n[i] = span(m.duration)
        if m.not_before is not None and (o := m.not_before.day.toordinal()) > start:
            earliest[i], first_constraint[i] = o, _NOT_BEFORE
        if m.due is not None:
            due[i] = min(deadline, m.due.day.toordinal())
        if m.actual is not None and (done := m.actual.day) <= as_of:
            actual[i] = done.toordinal()
        else:
            fc = forecast_in_force(m, as_of) if m.history else m.forecast
            if fc is not None:
                forecast[i] = fc.day.toordinal()
        mine = preds[i]
        for dep in m.depends_on:
            p = index.get(dep.id)
            if p is None:
                continue  # unknown: the checker reports it
            written = dep.lag
            if written.amount:
                kind, lag = span(written)
            else:
                kind = lag = 0
            t = _TYPE_CODE[dep.type]
            text = written.text
            mine.append((p, t, kind, lag, text))
            succs[p].append((i, t, kind, lag, text))
            if p >= i:  # after it in the file, or itself (a cycle of one)
                in_file_order = False

    if in_file_order:  # the usual case: the file is already in dependency order
        order = list(range(n))
    else:
        order = _kahn(
            [[link[0] for link in ps] for ps in preds],
            [[link[0] for link in ss] for ss in succs],
        )
        if len(order) < n:
            _raise_cycle(list(index), [[link[0] for link in ps] for ps in preds], order)

    # Forward pass.
    es, ef = [0] * n, [0] * n
    driver, driver_type, slack, constraint = [-1] * n, [0] * n, [0] * n, [0] * n
    driver_lag: list[str | None] = [None] * n
    i = -1
    try:
        for i in order:
            s, c = earliest[i], first_constraint[i]
            dk, dn = dur_kind[i], dur_n[i]
            best = finish_req = -_FAR
            d = dt = -1
            best_link: Link | None = None
            for link in preds[i]:
                p, t, kind, lag, _ = link
                if t == 0:
                    v = ef[p] if not lag else shift(ef[p], kind, lag)
                elif t == 1:
                    v = es[p] if not lag else shift(es[p], kind, lag)
                else:
                    v = ef[p] if t == 2 else es[p]
                    if lag:
                        v = shift(v, kind, lag)
                    finish_req = max(finish_req, v)
                    if dn:
                        v = shift(v, dk, -dn)
                if v > best:
                    best, d, dt, best_link = v, p, t, link
            if d >= 0 and best >= s:
                s, c = best, _DEPENDENCY
            f = s if not dn else shift(s, dk, dn)
            moved = f < finish_req  # month and working-day arithmetic is not always reversible
            if moved:
                f = finish_req
            a = actual[i]
            if a is not None:
                moved, f, c = a != f, a, _ACTUAL
            else:
                promised = forecast[i]
                if promised is not None and promised > f:
                    moved, f, c = True, promised, _FORECAST
                if f < d_as_of:
                    moved, f, c = True, d_as_of, _AS_OF
            if moved:
                back = f if not dn else shift(f, dk, -dn)
                s = back if a is not None or back > s else s
            es[i], ef[i], constraint[i] = s, f, c
            if d >= 0:
                driver[i], driver_type[i] = d, dt
                driver_lag[i] = best_link[4] if best_link is not None else None
                slack[i] = diff(best, s) if working else s - best
    except OutsideCalendar:
        _first_outside(names, order, i, es, ef)
    if n and not _FIRST <= min(min(es), min(ef)) <= max(max(es), max(ef)) <= _LAST:
        _first_outside(names, order, order[-1], es, ef)

    # Backward pass, with free float from the same links. A milestone with no deadline
    # downstream must also finish by the programme finish, even when its only successors are
    # SS or SF links that would let it run later (MS Project bounds every task by the finish).
    finish = max(ef, default=start)
    ls, lf = [0] * n, [0] * n
    total, free = [0] * n, [0] * n
    bounded = bytearray(n)  # 1: a deadline lies downstream (or on the milestone itself)
    i = -1
    try:
        for i in reversed(order):
            late = due[i]
            bound = late != _FAR
            start_req = room = _FAR
            dk, dn = dur_kind[i], dur_n[i]
            e_s, e_f = es[i], ef[i]
            for s_, t, kind, lag, _ in succs[i]:
                if actual[s_] is not None:
                    continue  # done: what it needed of its predecessors is history
                if t == 0:
                    v, x, own = ls[s_], es[s_], e_f
                elif t == 1:
                    v, x, own = ls[s_], es[s_], e_s
                elif t == 2:
                    v, x, own = lf[s_], ef[s_], e_f
                else:
                    v, x, own = lf[s_], ef[s_], e_s
                if lag:
                    v, x = shift(v, kind, -lag), shift(x, kind, -lag)
                r = diff(own, x) if working else x - own
                if r < room:
                    room = r
                if t & 1:  # SS and SF constrain this milestone's start
                    if v < start_req:
                        start_req = v
                    if dn:
                        v = shift(v, dk, dn)
                if v < late:
                    late = v
                if bounded[s_]:
                    bound = True
            if bound:
                bounded[i] = 1
            elif late > finish:
                late = finish
            lf[i] = late
            ls[i] = late if not dn else shift(late, dk, -dn)
            if start_req < ls[i]:
                ls[i] = start_req
            total[i] = tf = diff(e_f, late) if working else late - e_f
            free[i] = room if room < tf else tf
    except OutsideCalendar:
        _first_outside(names, order[::-1], i, ls, lf)

    # Critical milestones and the critical path.
    is_done = [a is not None for a in actual]
    open_floats = [total[i] for i in range(n) if not is_done[i]]
    smallest = min(open_floats, default=0)
    threshold = 0 if smallest <= 0 else smallest
    critical = [not is_done[i] and total[i] <= threshold for i in range(n)]
    path: list[int] = []
    ends = [i for i in order if critical[i] and total[i] == smallest]
    if ends:
        # The deadline that binds: a milestone whose own deadline sets its late finish, else
        # the programme finish; then the latest early finish, then the last in order.
        rank = {i: k for k, i in enumerate(order)} if not in_file_order else None
        current = max(
            ends,
            key=lambda i: (lf[i] == due[i], ef[i], rank[i] if rank is not None else i),
        )
        path.append(current)
        while (p := driver[current]) >= 0 and slack[current] == 0 and critical[p]:
            path.append(p)
            current = p
        path.reverse()

    if any(times and not _FIRST <= min(times) <= max(times) <= _LAST for times in (es, ef, ls, lf)):
        _first_outside(names, order, order[-1], es, ef, ls, lf)
    day = {o: date.fromordinal(o) for o in {*es, *ef, *ls, *lf}}  # a few thousand distinct days
    rows: dict[str, ScheduleRow] = {}
    build, become = _RowBuilder, object.__setattr__
    for i in order:
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
            is_done[i],
        )
        become(row, "__class__", ScheduleRow)
        rows[names[i]] = row
    return Schedule(
        as_of=as_of,
        start=programme.start.day,
        finish=date.fromordinal(finish),
        rows=rows,
        order=[names[i] for i in order],
        critical_path=[names[i] for i in path],
        working_days=working,
        _graph=_Graph(names, index, preds, succs),
    )
