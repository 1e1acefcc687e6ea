"""The critical path method over a plan: forward and backward passes, floats, critical path (pure).

SPEC section 4 is the definition. Every time is an integer: a date ordinal, so each computed date
is exactly the day the rules give (a Saturday forecast stays a Saturday). Shifts by working days
(`wd`, and `d`/`w` under `calendar: working-days`) go through a table of working-day ordinals
built once per run; calendar months go through `dates.add_months`. Floats, free floats and link
slacks are counted in the programme's unit: calendar days, or working days (Mon-Fri less English
bank holidays) under `calendar: working-days`, where a weekend and the Friday before it are the
same point in working time.

What a milestone's record says on the as-of date (the forecast and deadline in force, its actual
or cancellation) comes from `record`, which slippage reads too. A milestone cancelled on or
before the as-of date is fixed at the day it was cancelled, like an actual: it holds nothing up
after that day.

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
- A done milestone (actual on or before the as-of date) can no longer move (SPEC 4, MS Project's
  rule for completed tasks): its late dates are its early dates, its floats 0, and it is never
  critical; the smallest float, and so what counts as critical, is taken over open milestones.
- The critical path is the driving chain into one end, an open milestone with the smallest
  total float whose late finish is set by its own deadline or by the programme finish. Of
  those, the one that sets the programme finish (its early finish is the finish) is named, so
  on a tie the chain that drives the finish wins over a deadline met with nothing to spare;
  else the deadline that binds hardest (the smallest float), then the latest early finish, then
  the last in topological order. It runs back through zero-slack driving links to critical
  predecessors (a done predecessor, never critical, ends it).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ..dates import DateExpr, Duration, add_months
from ..record import actual_as_of, cancellation, deadline_in_force, forecast_in_force
from .graph import _kahn, _raise_cycle
from .result import (
    _ACTUAL,
    _AS_OF,
    _CANCELLED,
    _DEPENDENCY,
    _FORECAST,
    _NOT_BEFORE,
    _START,
    _TYPE_CODE,
    Columns,
    Link,
    Schedule,
    _Graph,
)
from .working_days import (
    _FIRST,
    _LAST,
    OutsideCalendar,
    _check_ordinal,
    _first_outside,
    _located,
    _outside_calendar,
    _WorkingDays,
)

if TYPE_CHECKING:  # only annotations: a plan read back from the cache is made without pydantic
    from ..model import Milestone, Plan

_FAR = 1 << 40  # beyond any ordinal or float
_PLAIN: Link = (-1, 0, 0, 0, "0d")  # what a finish-to-start link without a lag says of itself


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


class _Arithmetic:
    """Time arithmetic in a programme's unit, on ordinals: `span` turns a duration or lag into
    (kind, amount) (kinds: 0 calendar days, 1 working days, 2 calendar months), `shift` moves an
    ordinal by one, `diff` counts from one ordinal to another (floats and slacks)."""

    __slots__ = ("diff", "shift", "span", "table", "working")

    def __init__(self, working: bool, table: _WorkingDays) -> None:
        self.working = working
        self.table = table
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

        self.span = span
        self.shift = shift
        self.diff: Callable[[int, int], int] = table.between if working else (lambda a, b: b - a)


def arithmetic(plan: Plan) -> _Arithmetic:
    """The time arithmetic of `plan`'s calendar."""
    calendar = plan.programme.calendar
    return _Arithmetic(calendar.counts_working_days, _WorkingDays(calendar.workdays))


def _forward(
    order: Sequence[int],
    at: _Arithmetic,
    d_as_of: int,
    records: _Records,
    links: tuple[list[list[int]], list[list[Link] | None]],
    out: _Forward,
) -> int | None:
    """The forward pass over the milestones of `order` (topological), into `out`.

    A milestone reads its own record and the early dates in `out` of what it waits on (`links`:
    the plain finish-to-start links without a lag, and every link of a milestone with any
    other), which must be computed already or be as they were. Returns None, or the milestone at
    which a date left the calendar.
    """
    earliest, first_constraint, dur_kind, dur_n, actual, forecast, was_cancelled = records
    plain, mixed = links
    es, ef, driver, driver_type, driver_lag, slack, constraint = out
    shift, diff, working = at.shift, at.diff, at.working
    i = -1
    try:
        for i in order:
            s, c = earliest[i], first_constraint[i]
            dk, dn = dur_kind[i], dur_n[i]
            best = finish_req = -_FAR
            d = dt = -1
            best_link: Link | None = None
            listed: Sequence[Link] | None = mixed[i]
            if listed is None:  # finish-to-start links without lags only
                for p in plain[i]:
                    v = ef[p]
                    if v > best:
                        best, d = v, p
                if d >= 0:
                    dt, best_link = 0, _PLAIN
                listed = ()
            for link in listed:
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
                moved, f, c = a != f, a, _CANCELLED if i in was_cancelled else _ACTUAL
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
        return i
    return None


# What the forward pass reads of each milestone's own record, by position: earliest start and
# what sets it, duration (kind, amount), done on (an actual or a cancellation), forecast in
# force, and which of the done were cancelled.
_Records = tuple[
    list[int], list[int], list[int], list[int], list[int | None], list[int | None], set[int]
]
# What it writes, by position: early start and finish, driver, its link type, lag as written,
# driving slack, constraint.
_Forward = tuple[list[int], list[int], list[int], list[int], list[str | None], list[int], list[int]]


def record_of(
    m: Milestone, as_of: date
) -> tuple[DateExpr | None, date | None, DateExpr | None, bool]:
    """What `m`'s record says on `as_of`, as the passes read it: (deadline in force, done on,
    forecast in force, cancelled). A milestone cancelled by then is done on the day it was
    cancelled (it holds nothing up after it)."""
    if not m.history:
        done = m.actual.day if m.actual is not None and m.actual.day <= as_of else None
        return m.due, done, m.forecast, False
    done = actual_as_of(m, as_of)
    cancelled = False
    if done is None and (c := cancellation(m, as_of)) is not None:
        done, cancelled = c.date.day, True
    return deadline_in_force(m, as_of), done, forecast_in_force(m, as_of), cancelled


class _Network:
    """What a schedule reads of the network alone (ids, links, durations, not_before), the same
    for any as-of date and any record: the graph, the topological order, each duration as
    (kind, amount), the not_before ordinals by position, and which plan positions hold the
    first of each id (None without duplicates)."""

    __slots__ = (
        "dur_kind",
        "dur_n",
        "firsts",
        "graph",
        "in_file_order",
        "not_before",
        "order",
        "source",
        "working",
    )

    def __init__(self, source: Sequence[Milestone], at: _Arithmetic) -> None:
        self.source = tuple(source)
        self.working = at.working
        span = at.span
        # Index the milestones (the first of duplicate ids wins) and their known links.
        index: dict[str, int] = {}
        firsts: list[int] = []
        for k, m in enumerate(source):
            if m.id not in index:
                index[m.id] = len(firsts)
                firsts.append(k)
        n = len(firsts)
        self.firsts = firsts if n != len(source) else None
        names = list(index)
        # Links by position. Most are finish-to-start without a lag: those are plain indexes
        # (`plain`, `plain_succs`); a milestone with any other link keeps all its links, in
        # order, as Link tuples (`mixed`), and the successor side of those is in `other_succs`.
        plain: list[list[int]] = [[] for _ in range(n)]
        plain_succs: list[list[int]] = [[] for _ in range(n)]
        mixed: list[list[Link] | None] = [None] * n
        other_succs: dict[int, list[Link]] = {}
        dur_kind, dur_n = [0] * n, [0] * n
        not_before: list[tuple[int, int]] = []
        in_file_order = True
        for i, k in enumerate(firsts):
            m = source[k]
            if m.duration.amount:
                dur_kind[i], dur_n[i] = span(m.duration)
            if m.not_before is not None:
                not_before.append((i, m.not_before.day.toordinal()))
            mine = plain[i]
            links: list[Link] | None = None
            for dep in m.depends_on:
                p = index.get(dep.id)
                if p is None:
                    continue  # unknown: the checker reports it
                if p >= i:  # after it in the file, or itself (a cycle of one)
                    in_file_order = False
                written = dep.lag
                if dep.type == "FS" and written.text == "0d":
                    mine.append(p)
                    plain_succs[p].append(i)
                    if links is not None:
                        links.append((p, 0, 0, 0, "0d"))
                    continue
                if links is None:
                    links = mixed[i] = [(q, 0, 0, 0, "0d") for q in mine]
                if written.amount:
                    kind, lag = span(written)
                else:
                    kind = lag = 0
                t = _TYPE_CODE[dep.type]
                text = written.text
                links.append((p, t, kind, lag, text))
                other_succs.setdefault(p, []).append((i, t, kind, lag, text))
        graph = _Graph(names, index, plain, mixed, plain_succs, other_succs)
        if in_file_order:  # the usual case: the file is already in dependency order
            order = list(range(n))
        else:
            preds = graph.preds
            order = _kahn(
                [[link[0] for link in ps] for ps in preds],
                [[link[0] for link in ss] for ss in graph.succs],
            )
            if len(order) < n:
                _raise_cycle(list(index), [[link[0] for link in ps] for ps in preds], order)
        self.graph, self.order, self.in_file_order = graph, order, in_file_order
        self.dur_kind, self.dur_n, self.not_before = dur_kind, dur_n, not_before

    def serves(self, milestones: Sequence[Milestone], at: _Arithmetic) -> bool:
        """True when `milestones` make the same network (in the same unit): the same objects,
        or copies sharing their links, duration and not_before (the copies the checks
        schedule), with at most a few read again (the milestones an edit rewrote) compared
        field by field. Another reading of the same files is not recognised: comparing
        every milestone would cost what building the network does."""
        source = self.source
        if at.working != self.working or len(milestones) != len(source):
            return False
        compared = 0
        for a, b in zip(source, milestones, strict=True):
            if a is b or (
                a.depends_on is b.depends_on
                and a.duration is b.duration
                and a.not_before is b.not_before
                and a.id == b.id
            ):
                continue
            compared += 1
            if compared > _REREAD or not (
                a.id == b.id
                and a.depends_on == b.depends_on
                and a.duration == b.duration
                and a.not_before == b.not_before
            ):
                return False
        return True


_REREAD = 64  # milestones compared field by field before a network is built anew

# The network of the last plan scheduled: `update` schedules the edited plan in its checks and
# the plan before the edit for its effect, and a schedule per as-of date is asked for by `trend`
# and `diff`; the network is built once for them (half the cost of scheduling a large plan).
_LAST_NETWORK: list[_Network] = []


def forget() -> None:
    """Let go of the network remembered (and the milestones it was built from)."""
    _LAST_NETWORK.clear()


def _network_of(milestones: Sequence[Milestone], at: _Arithmetic) -> _Network:
    for net in _LAST_NETWORK:
        if net.serves(milestones, at):
            return net
    net = _Network(milestones, at)
    _LAST_NETWORK[:] = [net]
    return net


def _compute(plan: Plan, as_of: date) -> Schedule:
    programme = plan.programme
    at = arithmetic(plan)
    working, shift, diff = at.working, at.shift, at.diff
    start = programme.start.day.toordinal()
    d_as_of = as_of.toordinal()
    deadline = programme.deadline.day.toordinal() if programme.deadline is not None else _FAR
    net = _network_of(plan.milestones, at)
    graph, order, n = net.graph, net.order, len(net.graph.names)
    names, plain, mixed = graph.names, graph._plain, graph._mixed
    plain_succs, other_succs = graph.plain_succs, graph.other_succs
    dur_kind, dur_n = net.dur_kind, net.dur_n
    in_file_order = net.in_file_order
    milestones = plan.milestones if net.firsts is None else [plan.milestones[k] for k in net.firsts]
    # What each milestone's record says on the as-of date.
    earliest, first_constraint = [start] * n, [_START] * n
    for i, o in net.not_before:
        if o > start:
            earliest[i], first_constraint[i] = o, _NOT_BEFORE
    due = [deadline] * n
    forecast: list[int | None] = [None] * n
    actual: list[int | None] = [None] * n
    was_cancelled: set[int] = set()
    for i, m in enumerate(milestones):
        own_due, done, fc, cancelled = record_of(m, as_of)
        if cancelled:
            was_cancelled.add(i)
        if own_due is not None:
            due[i] = min(deadline, own_due.day.toordinal())
        if done is not None:
            actual[i] = done.toordinal()
        elif fc is not None:
            forecast[i] = fc.day.toordinal()

    # Forward pass.
    es, ef = [0] * n, [0] * n
    driver, driver_type, slack, constraint = [-1] * n, [0] * n, [0] * n, [0] * n
    driver_lag: list[str | None] = [None] * n
    records = (earliest, first_constraint, dur_kind, dur_n, actual, forecast, was_cancelled)
    out = (es, ef, driver, driver_type, driver_lag, slack, constraint)
    failed = _forward(order, at, d_as_of, records, (plain, mixed), out)
    if failed is not None:
        _first_outside(names, order, failed, es, ef)
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
            for s_ in plain_succs[i]:  # finish-to-start, no lag
                if actual[s_] is not None:
                    continue  # done: what it needed of its predecessors is history
                x = es[s_]
                r = diff(e_f, x) if working else x - e_f
                if r < room:
                    room = r
                v = ls[s_]
                if v < late:
                    late = v
                if bounded[s_]:
                    bound = True
            for s_, t, kind, lag, _ in other_succs.get(i, ()):
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
            if actual[i] is not None:  # done: it can no longer move (floats stay 0)
                ls[i], lf[i] = e_s, e_f
                continue
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
    lowest = [i for i in order if critical[i] and total[i] == smallest]
    # An end: its own deadline, or the programme finish, sets its late finish.
    ends = [i for i in lowest if lf[i] == due[i] or (not bounded[i] and lf[i] == finish)]
    ends = ends or lowest
    if ends:
        # The chain that sets the programme finish, else the deadline that binds; then the
        # latest early finish, then the last in order.
        rank = {i: k for k, i in enumerate(order)} if not in_file_order else None
        current = max(
            ends,
            key=lambda i: (
                ef[i] == finish,
                lf[i] == due[i],
                ef[i],
                rank[i] if rank is not None else i,
            ),
        )
        path.append(current)
        while (p := driver[current]) >= 0 and slack[current] == 0 and critical[p]:
            path.append(p)
            current = p
        path.reverse()

    # Early times were held to the calendar after the forward pass; the late ones now.
    if n and not _FIRST <= min(min(ls), min(lf)) <= max(max(ls), max(lf)) <= _LAST:
        _first_outside(names, order, order[-1], ls, lf)
    columns = Columns(
        names,
        order,
        es,
        ef,
        ls,
        lf,
        total,
        free,
        critical,
        driver,
        driver_type,
        driver_lag,
        slack,
        constraint,
        is_done,
    )
    return Schedule(
        as_of=as_of,
        start=programme.start.day,
        finish=date.fromordinal(finish),
        columns=columns,
        critical_path=[names[i] for i in path],
        working_days=working,
        _graph=graph,
    )
