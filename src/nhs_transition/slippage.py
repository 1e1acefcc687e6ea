"""The plan as of a date: the evidence on record, slip, ratings and the reason for each (pure).

SPEC section 5: a rating must rest on evidence, and silence in the record is not lateness. The
evidence on D is a milestone's actual, the forecast and deadline in force, and its reports
(history entries dated on or before D); `record` reads them. Slip = (actual, else the scheduled
early finish) - the deadline in force, in calendar days, positive late (MS Project's finish
variance sign); the slip against the original `due` is kept beside it. Ratings, as of D:

- done: an actual on or before D;
- cancelled: a history entry on or before D cancels it (it leaves every count of slip);
- unknown: the date it was due by (the forecast in force, else the deadline in force) has
  passed, and nothing was recorded after that date: the record is silent. Also a milestone whose
  lateness would come only from the knock-on of an unknown one upstream (named);
- red: the evidence says it is late: slip beyond the amber tolerance, or the deadline passed and
  a report after it says not done (slip then counts to D), or total float below minus the
  tolerance because of a known late milestone upstream;
- amber: 0 < slip <= tolerance, or total float below the float warning, or a dependency is red;
- undated: no deadline of its own or downstream and no forecast: nothing to measure it against;
- green: the rest.
A cascaded milestone (one child per organisation, see `load.cascade`) takes the worst rating
among its children, in the order of RATINGS (the roll-up rule of `rollup`), unless its own
history cancels it; its reason says how many are done ("7/10 done; 2 red, 1 unknown"). The summary counts it once,
by its parent.

The scheduler keeps its as-of rule (an open milestone cannot finish before D), so knock-on still
flows; only the rating and the words change. An expected date is shown only where evidence
supports it: an actual, a forecast, the plan's own network (durations, not_before, the start),
a dependency whose expected date is supported, or a report after the date passed saying it is
not done; a date held at D only because nothing was recorded is not an expectation (`expected`
is None, and so is the slip).

Choices the SPEC leaves open:
- Slip counts calendar days even under `calendar: working-days` (a deadline is missed by
  calendar days); floats count the programme's unit, as the schedule does.
- "The date it was due by" is the forecast in force when there is one (earlier or later than the
  deadline: a forecast beyond the deadline is the later word, until it too passes), else the
  deadline in force; a report dated after that date breaks the silence.
- A declared `at-risk` or `blocked` disagrees with green and done; `cancelled` disagrees with
  an actual, and with a milestone the record does not cancel. `at-risk`/`blocked` beside amber,
  red or unknown agree.
- Stale (`stale_after`): an open milestone with a deadline whose latest report, or the programme
  start when nothing was ever reported, is more than `stale_after` before D.
- "Due in the next four weeks": not done, not cancelled, deadline in force from D to D+28 days.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, make_dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from .dates import DateExpr, format_day, shift
from .record import (
    actual_as_of,
    cancellation,
    deadline_in_force,
    forecast_in_force,
    last_report,
)
from .schedule import Schedule, ScheduleRow, compute_schedule
from .schedule.result import RowMap

if TYPE_CHECKING:  # only annotations: a plan read back from the cache is made without pydantic
    from .model import Milestone, Plan

Rating = Literal["done", "cancelled", "unknown", "red", "amber", "undated", "green"]
# Worst first: the order of summaries and of a group's rating.
RATINGS: tuple[Rating, ...] = ("red", "amber", "unknown", "green", "undated", "done", "cancelled")
OPEN_RATINGS: frozenset[str] = frozenset({"red", "amber", "unknown", "green", "undated"})
DUE_SOON_DAYS = 28


@dataclass(frozen=True, slots=True)
class MilestoneStatus:
    """One milestone evaluated as of a date."""

    id: str
    title: str
    owner: str
    owner_label: str  # a post's "title (holder)", or an organisation's name
    workstream: str | None
    due: DateExpr | None  # the deadline in force on the as-of date
    forecast: DateExpr | None  # the forecast in force on the as-of date
    actual: date | None  # the actual, if achieved on or before the as-of date
    # The actual, else the scheduled early finish where evidence supports it; None where it
    # does not (held at the as-of date only because nothing was recorded), and when cancelled.
    expected: date | None
    slip_days: int | None  # expected - deadline in force; None without either
    total_float: int
    free_float: int
    critical: bool
    rating: Rating
    reasons: tuple[str, ...]
    declared_status: str | None
    disagreement: str | None  # where the declared status and the computed rating disagree
    driver: str | None  # the driving predecessor, if any (see schedule)
    constraint: str = "start"  # what set the expected date: one of schedule.CONSTRAINTS
    # The previous id on the binding chain: the driver, when a dependency sets this date (walk
    # with `binding_chain`; a parent link per milestone keeps evaluation linear on long chains).
    chain_parent: str | None = None
    original_due: DateExpr | None = None  # `due` as written, before any re-baseline
    original_slip_days: int | None = None  # expected - original due
    scheduled: date | None = None  # the early finish the schedule uses (held at D if open)
    stale: bool = False
    last_report: date | None = None  # the latest history entry on or before the as-of date
    # unknown: the date since which the record is silent; or the unknown milestone upstream
    # whose silence this one's lateness would come from.
    silent_since: date | None = None
    awaiting: str | None = None
    cancelled_on: date | None = None

    @property
    def reason(self) -> str:
        """All reasons in one phrase."""
        return "; ".join(self.reasons)

    @property
    def done(self) -> bool:
        """Achieved on or before the as-of date."""
        return self.rating == "done"

    @property
    def is_open(self) -> bool:
        """Neither achieved nor cancelled on the as-of date."""
        return self.rating in OPEN_RATINGS

    @property
    def rebaselined(self) -> bool:
        """The deadline in force differs from `due` as written."""
        return self.due is not self.original_due and (
            self.due is None or self.original_due is None or self.due.day != self.original_due.day
        )

    @property
    def waits_on(self) -> str | None:
        """The predecessor whose date sets this milestone's expected date, if one does."""
        return self.driver if self.constraint == "dependency" else None


# A frozen dataclass's __init__ sets each field through object.__setattr__ (4 us a status); a
# slots twin with the same layout is filled by plain stores and then becomes a MilestoneStatus,
# as schedule.result does for its rows.
_StatusBuilder = make_dataclass(
    "_StatusBuilder",
    [
        (f.name, f.type, field() if f.default is MISSING else field(default=f.default))
        for f in fields(MilestoneStatus)
    ],
    slots=True,
)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts per rating and the programme's finish against its deadline."""

    done: int
    green: int
    amber: int
    red: int
    total: int
    finish: date
    deadline: date | None
    due_soon: tuple[str, ...]  # ids due in the next four weeks, not done, soonest first
    unknown: int = 0
    undated: int = 0
    cancelled: int = 0

    @property
    def percent_done(self) -> int:
        """Share of the milestones still in the plan (not cancelled) that are done, rounded down."""
        live = self.total - self.cancelled
        return (100 * self.done) // live if live else 0

    @property
    def finish_slip_days(self) -> int | None:
        """Programme finish minus programme deadline (positive = late); None without a deadline."""
        return (self.finish - self.deadline).days if self.deadline is not None else None

    def count(self, rating: str) -> int:
        """How many milestones have `rating`."""
        return int(getattr(self, rating))


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The whole plan as of a date: schedule, one status per milestone (file order), summary."""

    as_of: date
    schedule: Schedule
    milestones: tuple[MilestoneStatus, ...]
    summary: Summary

    def by_id(self) -> dict[str, MilestoneStatus]:
        """Statuses keyed by milestone id."""
        return {m.id: m for m in self.milestones}


def owner_labels(plan: Plan, as_of: date | None = None) -> dict[str, str]:
    """Owner id -> what to show: a post's "title (holder on as_of)", an organisation's name.

    A post whose `holders` name no one on `as_of` shows "title (vacant)"; a post with no
    holder recorded at all, its title alone.
    """
    labels = {o.id: o.name for o in plan.organisations}
    for role in plan.roles:
        name = role.holder_on(as_of)
        if name:
            labels[role.id] = f"{role.title} ({name})"
        elif role.holders is not None and as_of is not None:
            labels[role.id] = f"{role.title} (vacant)"
        else:
            labels[role.id] = role.title
    return labels


def owners_under(plan: Plan, owner: str) -> set[str]:
    """`owner` and every organisation and post below it in the organisation tree."""
    children: dict[str, list[str]] = {}
    for org in plan.organisations:
        if org.parent:
            children.setdefault(org.parent, []).append(org.id)
    for role in plan.roles:
        children.setdefault(role.organisation, []).append(role.id)
    found: set[str] = set()
    stack = [owner]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


def days(n: int) -> str:
    """'1 day', '-9 days', '12 days'."""
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def working_days(n: int) -> str:
    """'1 working day', '-9 working days'."""
    return f"{n} working day" if abs(n) == 1 else f"{n} working days"


def _cause(row: ScheduleRow, forecast: DateExpr | None) -> str | None:
    """What sets an open milestone's expected date, in words; None for the plain network."""
    if row.constraint == "dependency" and row.driver is not None:
        return f"waits on {row.driver}"
    if row.constraint == "forecast" and forecast is not None:
        return f"forecast {format_day(forecast.day)}"
    if row.constraint == "not_before":
        return f"cannot finish before {format_day(row.early_finish)}"
    if row.constraint == "as_of":
        if forecast is not None:
            return f"forecast {format_day(forecast.day)} has passed"
        return "not done yet"
    return None


def _done_reason(done_on: date, slip: int | None, original_slip: int | None) -> str:
    achieved = f"achieved {format_day(done_on)}"
    if slip is None:
        words = achieved
    elif slip > 0:
        words = f"{achieved}, {days(slip)} late"
    elif slip < 0:
        words = f"{achieved}, {days(-slip)} early"
    else:
        words = f"{achieved}, on time"
    if original_slip is not None and original_slip != slip:
        words += f" ({_against_original(original_slip)})"
    return words


def _against_original(slip: int) -> str:
    if slip > 0:
        return f"{days(slip)} late against the original deadline"
    if slip < 0:
        return f"{days(-slip)} early against the original deadline"
    return "on time against the original deadline"


def _silence(key: date, by_forecast: bool, last: date | None) -> str:
    """'due 10 Sep 2010; nothing recorded since' (with the last report before, if any)."""
    what = f"forecast {format_day(key)} passed" if by_forecast else f"due {format_day(key)}"
    words = f"{what}; nothing recorded since"
    if last is not None:
        words += f" (last report {format_day(last)})"
    return words


def _rate_open(
    due: date | None,
    slip: int | None,
    row: ScheduleRow,
    forecast: DateExpr | None,
    as_of: date,
    tolerance: int,
    float_warning: int,
    red_dependencies: list[str],
    reported: str | None,
    working: bool = False,
) -> tuple[Rating, tuple[str, ...]]:
    """The rating of an open milestone whose record is not silent, and the reasons for it
    (floats in working days when `working`: the programme's unit)."""
    reasons: list[str] = []
    span = working_days if working else days
    rating: Rating = "green"
    cause = _cause(row, forecast)
    driver_red = row.constraint == "dependency" and row.driver in red_dependencies
    if driver_red:
        cause = f"{cause} (red)"  # the dependency that sets the date is itself red
    if due is not None and due < as_of:
        rating = "red"
        reasons.append(f"deadline passed {days((as_of - due).days)} ago")
        if cause is not None and (row.constraint != "as_of" or forecast is not None):
            reasons.append(cause)  # "forecast 29 April 2010 has passed", not "not done yet"
        if reported:
            reasons.append(reported)
    elif slip is not None and slip > 0:
        rating = "red" if slip > tolerance else "amber"
        bound = "" if slip > tolerance else " (within tolerance)"
        if row.constraint == "forecast":  # "forecast 20 days late" says whose date it is
            reasons.append(f"forecast {days(slip)} late{bound}")
            if reported:
                reasons.append(reported)
        else:
            reasons.append(f"{days(slip)} late{': ' + cause if cause else ''}{bound}")
    if rating != "red" and row.total_float < -tolerance and red_dependencies:
        rating = "red"
        waits = cause if row.constraint == "dependency" else None
        reasons.append(f"float {span(row.total_float)}{': ' + waits if waits else ''}")
    elif rating == "green" and row.total_float < float_warning:
        rating = "amber"
        waits = cause if row.constraint == "dependency" else None
        reasons.append(f"float {span(row.total_float)}{': ' + waits if waits else ''}")
    if red_dependencies:
        if rating == "green":
            rating = "amber"
        named = driver_red and cause is not None and any(cause in r for r in reasons)
        others = [d for d in red_dependencies if not (named and d == row.driver)]
        if others:
            which = ", ".join(others[:3])
            if len(others) > 3:
                which += f" and {len(others) - 3} more"
            single = len(others) == 1
            reasons.append(
                f"dependenc{'y' if single else 'ies'} {which} {'is' if single else 'are'} red"
            )
    if not reasons:
        if forecast is not None and row.constraint == "forecast" and slip is not None:
            reasons.append("forecast on time" if slip == 0 else f"forecast {days(-slip)} early")
        elif slip is not None and slip <= 0:
            reasons.append("on track" if slip == 0 else f"on track, {days(-slip)} to spare")
        elif due is not None:
            reasons.append(f"not yet due ({format_day(due)})")
        else:
            reasons.append("on track")
        if reported and row.constraint != "forecast":
            reasons.append(reported)
    return rating, tuple(reasons)


def _cascade_rating(
    kids: tuple[str, ...], ratings: Mapping[str, Rating]
) -> tuple[Rating, tuple[str, ...]]:
    """A cascaded milestone: the worst rating among its children (the roll-up rule, RATINGS
    order), and '7/10 done; 2 red, 1 unknown' as the reason."""
    counts = dict.fromkeys(RATINGS, 0)
    for kid in kids:
        counts[ratings.get(kid, "unknown")] += 1
    worst = next(r for r in RATINGS if counts[r])
    rest = ", ".join(f"{counts[r]} {r}" for r in RATINGS if r != "done" and counts[r])
    return worst, (f"{counts['done']}/{len(kids)} done" + (f"; {rest}" if rest else ""),)


def _disagreement(declared: str | None, rating: Rating) -> str | None:
    if declared is None:
        return None
    if declared in ("at-risk", "blocked") and rating in ("green", "undated"):
        return f"declared {declared}, but computes {rating}"
    if declared in ("at-risk", "blocked") and rating == "done":
        return f"declared {declared}, but achieved"
    if declared == "cancelled" and rating == "done":
        return "declared cancelled, but achieved"
    if declared == "cancelled" and rating != "cancelled":
        return "declared cancelled, but no cancellation is recorded in its history"
    return None


def _reported(m: Milestone, as_of: date) -> str | None:
    """'re-forecast 20 June 2011: listening exercise' for the latest report, if it says why."""
    found = None
    for entry in m.history:
        if entry.date.day <= as_of and (found is None or entry.date.day >= found.date.day):
            found = entry
    if found is None or not found.reason:
        return None
    if found.forecast is not None:
        kind = "re-forecast"
    elif found.due is not None:
        kind = "re-baselined"
    else:
        kind = "reported"
    return f"{kind} {format_day(found.date.day)}: {found.reason}"


def binding_chain(s: MilestoneStatus, by_id: Mapping[str, MilestoneStatus]) -> tuple[str, ...]:
    """The ids whose dates set `s`'s, origin first, ending with `s.id`; () when `s` is done.

    The driving chain, cut where a link stops binding: at a milestone whose date is set by its
    own forecast, actual, the programme start or the as-of date rather than by a dependency.
    """
    if s.done:
        return ()
    chain = [s.id]
    parent = s.chain_parent
    while parent is not None:
        chain.append(parent)
        upstream = by_id.get(parent)
        parent = upstream.chain_parent if upstream is not None else None
    chain.reverse()
    return tuple(chain)


def chain_origins(by_id: Mapping[str, MilestoneStatus]) -> dict[str, tuple[str, int]]:
    """For every milestone, the first id of its binding chain and the chain's length.

    Linear in the plan however long the chains are (each link is followed once), so reports
    can name the origin of every late milestone without walking each chain from its end.
    """
    found: dict[str, tuple[str, int]] = {}
    for s in by_id.values():
        path: list[str] = []
        current: MilestoneStatus | None = s
        while current is not None and current.id not in found:
            path.append(current.id)
            parent = current.chain_parent
            current = by_id.get(parent) if parent is not None else None
        if current is not None:
            origin, length = found[current.id]
        else:
            origin, length = path.pop(), 1
            found[origin] = (origin, 1)
        for mid in reversed(path):
            length += 1
            found[mid] = (origin, length)
    return found


def _deadline_downstream(plan: Plan, order: list[str], as_of: date) -> set[str]:
    """Ids with a deadline of their own (in force on `as_of`) or on something that waits on them."""
    if plan.programme.deadline is not None:
        return set(order)
    bounded: set[str] = set()
    milestones = {m.id: m for m in reversed(plan.milestones)}
    for mid in reversed(order):
        m = milestones[mid]
        own = deadline_in_force(m, as_of) if m.history else m.due
        if own is not None:
            bounded.add(mid)
        if mid in bounded:
            bounded.update(d.id for d in m.depends_on)
    return bounded


@dataclass(slots=True)
class EvaluationState:
    """What the evaluation of a milestone reads of those before it in topological order.

    `evaluate` fills one for the whole plan; `edit.effect` fills one for the part of a plan an
    edit can change (`evaluate_into`), starting from a copy of the state before the edit.
    """

    as_of: date
    statuses: dict[str, MilestoneStatus] = field(default_factory=dict)  # the fully evaluated
    expected: dict[str, date | None] = field(default_factory=dict)  # every milestone evaluated
    ratings: dict[str, Rating] = field(default_factory=dict)
    # Whether its expected date rests on evidence, and the unknown milestone upstream whose
    # as-of hold sets it (when one does), with the date since which that one is silent.
    supported: dict[str, bool] = field(default_factory=dict)
    held_by: dict[str, str] = field(default_factory=dict)
    silent: dict[str, date] = field(default_factory=dict)
    # Done, cancelled or silent: rated without reading the ratings of what it waits on.
    closed: set[str] = field(default_factory=set)

    def copy(self) -> EvaluationState:
        """A copy to evaluate further without changing this one."""
        return EvaluationState(
            self.as_of,
            dict(self.statuses),
            dict(self.expected),
            dict(self.ratings),
            dict(self.supported),
            dict(self.held_by),
            dict(self.silent),
            set(self.closed),
        )


def evaluate(plan: Plan, as_of: date) -> Evaluation:
    """Schedule and rate every milestone as the plan stood on `as_of` (SPEC section 5)."""
    schedule = compute_schedule(plan, as_of)
    state = EvaluationState(as_of)
    evaluate_into(state, plan, schedule.rows, schedule.order, schedule.order)
    programme = plan.programme
    statuses = state.statuses
    ids = dict.fromkeys(m.id for m in plan.milestones)  # file order, duplicate ids once
    ordered = tuple(statuses[mid] for mid in ids if mid in statuses)
    deadline = programme.deadline.day if programme.deadline is not None else None
    counted = ordered
    cascades = plan.cascades
    if cascades:  # a cascaded milestone counts once in the summary: by its parent
        children = {kid for kids in cascades.values() for kid in kids}
        counted = tuple(s for s in ordered if s.id not in children)
    summary = summarise(counted, as_of=as_of, finish=schedule.finish, deadline=deadline)
    return Evaluation(as_of, schedule, ordered, summary)


def milestones_by_id(plan: Plan) -> dict[str, Milestone]:
    """The plan's milestones by id; the first of duplicate ids."""
    milestones: dict[str, Milestone] = {}
    for m in plan.milestones:
        milestones.setdefault(m.id, m)
    return milestones


def evaluate_into(
    state: EvaluationState,
    plan: Plan,
    rows: Mapping[str, ScheduleRow],
    order: Iterable[str],
    plan_order: list[str],
    rate: Container[str] | None = None,
    by_id: Mapping[str, Milestone] | None = None,
) -> None:
    """Evaluate the milestones of `order` (topological) as of `state.as_of` into `state`.

    Those in `rate` (all when None) fully, with their rating and status; the others only as far
    as their expected date. Whatever a milestone reads of those it waits on must be in `state`
    already: its dependencies rated when it is to be rated. `plan_order` is the whole plan's
    topological order (to find the deadlines downstream when needed). `by_id`, when given, is
    the plan's milestones by id (the first of duplicate ids), made once for several calls.
    """
    as_of = state.as_of
    programme = plan.programme
    tolerance = programme.amber_tolerance_days
    float_warning = programme.float_warning_days
    stale_after = programme.stale_after
    working = programme.calendar.counts_working_days  # the unit of floats
    labels = owner_labels(plan, as_of)
    cascades = plan.cascades
    milestones = by_id if by_id is not None else milestones_by_id(plan)
    bounded: set[str] | None = None  # computed only if a milestone has no date of its own
    ratings = state.ratings
    statuses = state.statuses
    supported = state.supported
    held_by = state.held_by
    silent = state.silent
    expectations = state.expected
    closed = state.closed
    become = object.__setattr__
    # Rows built on demand: the expected date reads three figures of one, a rating the whole.
    evidence = rows.evidence if isinstance(rows, RowMap) else None
    for mid in order:  # topological: a dependency is rated before what waits on it
        m = milestones[mid]
        history = bool(m.history)
        done_on = actual_as_of(m, as_of)
        due_expr = deadline_in_force(m, as_of) if history else m.due
        original_expr = m.due
        forecast = forecast_in_force(m, as_of) if history else m.forecast
        last = last_report(m, as_of) if history else None
        due = due_expr.day if due_expr is not None else None
        cancelled = cancellation(m, as_of) if history and done_on is None else None
        expected: date | None = None
        unknown_since: date | None = None  # the record is silent since (rated unknown)
        held_by.pop(mid, None)  # what an earlier state said of it
        silent.pop(mid, None)
        if done_on is not None:
            expected = done_on
            supported[mid] = True
            closed.add(mid)
        elif cancelled is not None:
            supported[mid] = True  # it holds nothing up after that day: a fact on record
            closed.add(mid)
        else:
            key = forecast.day if forecast is not None else due
            if key is not None and key < as_of and (last is None or last <= key):
                unknown_since = silent[mid] = key
                supported[mid] = False
                held_by[mid] = mid
                closed.add(mid)
            else:
                closed.discard(mid)
                if evidence is not None:
                    c, driver, early_finish = evidence(mid)
                else:
                    row = rows[mid]
                    c, driver, early_finish = row.constraint, row.driver, row.early_finish
                if c == "dependency" and driver is not None:
                    supported[mid] = supported.get(driver, True)
                    if driver in held_by:
                        held_by[mid] = held_by[driver]
                elif c == "as_of":
                    # held at D: an expectation only where a report after the date says not done
                    supported[mid] = key is not None and key < as_of
                else:
                    supported[mid] = True
                if supported[mid]:
                    expected = early_finish
        if rate is not None and mid not in rate:
            if cascades.get(mid):
                raise ValueError(f"'{mid}' is a cascade: evaluate it with its children")
            expectations[mid] = expected
            ratings.pop(mid, None)
            statuses.pop(mid, None)
            continue
        row = rows[mid]
        original = original_expr.day if original_expr is not None else None
        slip = original_slip = None
        silent_since: date | None = None
        awaiting: str | None = None
        reasons: tuple[str, ...]
        rating: Rating
        if done_on is not None:
            slip = (done_on - due).days if due is not None else None
            original_slip = (done_on - original).days if original is not None else None
            rating, reasons = "done", (_done_reason(done_on, slip, original_slip),)
        elif cancelled is not None:
            rating = "cancelled"
            words = f"cancelled {format_day(cancelled.date.day)}"
            reasons = (f"{words}: {cancelled.reason}" if cancelled.reason else words,)
        elif unknown_since is not None:
            rating = "unknown"
            silent_since = unknown_since
            reasons = (_silence(unknown_since, forecast is not None, last),)
        else:
            if expected is not None:
                slip = (expected - due).days if due is not None else None
                original_slip = (expected - original).days if original is not None else None
            red_dependencies = [
                d for d in dict.fromkeys(x.id for x in m.depends_on) if ratings.get(d) == "red"
            ]
            if due is None and forecast is None and bounded is None:
                bounded = _deadline_downstream(plan, plan_order, as_of)
            if due is None and forecast is None and mid not in (bounded or ()):
                rating = "undated"
                reasons = ("no deadline and no forecast: nothing to measure it against",)
                if red_dependencies:
                    reasons += (f"dependency {red_dependencies[0]} is red",)
            else:
                upstream = held_by.get(mid)
                # Rated on the schedule as it stands, then: lateness that comes only from
                # an unknown milestone upstream (held at D) makes it unknown, not late.
                scheduled_slip = (row.early_finish - due).days if due is not None else None
                rating, reasons = _rate_open(
                    due,
                    slip if upstream is None else scheduled_slip,
                    row,
                    forecast,
                    as_of,
                    tolerance,
                    float_warning,
                    red_dependencies,
                    _reported(m, as_of) if history else None,
                    working,
                )
                if upstream is not None:
                    since = silent.get(upstream)
                    note = f"waits on {upstream}, awaiting a return" + (
                        f" since {format_day(since)}" if since is not None else ""
                    )
                    if rating in ("red", "amber") and not red_dependencies:
                        rating, awaiting = "unknown", upstream
                        reasons = (note,)
                    else:
                        reasons = (*reasons, note)
        kids = cascades.get(mid)
        if kids:
            closed.discard(mid)  # rated by its children
        if kids and rating == "done":
            reasons = (*reasons, f"{len(kids)}/{len(kids)} done")
        elif kids and rating != "cancelled":
            # Rated by its children, and expected when the latest of them is (a date only when
            # every child still in the plan has one); its silence is theirs: chase them.
            rating, reasons = _cascade_rating(kids, ratings)
            # silent since its longest-silent child was (it is chased, in lists, in that order)
            silent_since = min(
                (
                    since
                    for k in kids
                    if ratings.get(k) == "unknown" and (since := statuses[k].silent_since)
                ),
                default=None,
            )
            silent.pop(mid, None)
            awaiting = next((k for k in kids if ratings.get(k) == "unknown"), None)
            dates = [statuses[k].expected for k in kids if ratings.get(k) != "cancelled"]
            expected = (
                max(d for d in dates if d is not None) if dates and None not in dates else None
            )
            slip = (expected - due).days if expected is not None and due is not None else None
            original_slip = (
                (expected - original).days
                if expected is not None and original is not None
                else None
            )
        if rating in OPEN_RATINGS and rating != "unknown" and original != due and original:
            reasons = (*reasons, f"deadline re-baselined from {format_day(original)}")
        stale = False
        if stale_after is not None and rating in OPEN_RATINGS and due is not None:
            since = last if last is not None else programme.start.day
            stale = shift(since, stale_after, workdays=programme.calendar.workdays) < as_of
            if stale:
                reasons = (
                    *reasons,
                    f"last report {format_day(last)}" if last is not None else "no report yet",
                )
        ratings[mid] = rating
        expectations[mid] = expected
        status = _StatusBuilder(
            id=m.id,
            title=m.title,
            owner=m.owner,
            owner_label=labels.get(m.owner, m.owner),
            workstream=m.workstream,
            due=due_expr,
            forecast=forecast,
            actual=done_on,
            expected=expected,
            slip_days=slip,
            total_float=row.total_float,
            free_float=row.free_float,
            critical=row.critical,
            rating=rating,
            reasons=reasons,
            declared_status=m.status,
            disagreement=_disagreement(m.status, rating),
            driver=row.driver,
            constraint=row.constraint,
            chain_parent=row.driver if row.constraint == "dependency" else None,
            original_due=original_expr,
            original_slip_days=original_slip,
            scheduled=row.early_finish,
            stale=stale,
            last_report=last,
            silent_since=silent_since,
            awaiting=awaiting,
            cancelled_on=cancelled.date.day if cancelled is not None else None,
        )
        become(status, "__class__", MilestoneStatus)
        statuses[mid] = status


def summarise(
    statuses: Iterable[MilestoneStatus], *, as_of: date, finish: date, deadline: date | None
) -> Summary:
    """Counts per rating and what falls due in the next four weeks, over `statuses`."""
    counts = dict.fromkeys(RATINGS, 0)
    horizon = as_of + timedelta(days=DUE_SOON_DAYS)
    due_soon: list[tuple[date, int, str]] = []
    total = 0
    for s in statuses:
        counts[s.rating] += 1
        if s.is_open and s.due is not None and as_of <= s.due.day <= horizon:
            due_soon.append((s.due.day, total, s.id))
        total += 1
    return Summary(
        done=counts["done"],
        green=counts["green"],
        amber=counts["amber"],
        red=counts["red"],
        total=total,
        finish=finish,
        deadline=deadline,
        due_soon=tuple(mid for _, _, mid in sorted(due_soon)),
        unknown=counts["unknown"],
        undated=counts["undated"],
        cancelled=counts["cancelled"],
    )


def awaiting_return(statuses: Iterable[MilestoneStatus]) -> list[MilestoneStatus]:
    """The unknown milestones, silent longest first (those waiting on one upstream last)."""
    found = [s for s in statuses if s.rating == "unknown"]
    return sorted(
        found,
        key=lambda s: (s.silent_since is None, s.silent_since or date.max, s.id),
    )


def worst_first(statuses: Iterable[MilestoneStatus]) -> list[MilestoneStatus]:
    """Milestones by slip, largest first; those without a slip on evidence last (SPEC order)."""
    return sorted(statuses, key=lambda s: (s.slip_days is None, -(s.slip_days or 0), s.id))


def select(
    statuses: Iterable[MilestoneStatus],
    *,
    owners: set[str] | None = None,
    workstreams: set[str] | None = None,
    ratings: set[str] | None = None,
    due_from: date | None = None,
    due_by: date | None = None,
) -> tuple[MilestoneStatus, ...]:
    """The statuses that pass every filter given (None = no filter on that field).

    `due_from`/`due_by` keep open milestones whose deadline falls in that range, inclusive.
    """
    out: list[MilestoneStatus] = []
    for s in statuses:
        if owners is not None and s.owner not in owners:
            continue
        if workstreams is not None and s.workstream not in workstreams:
            continue
        if ratings is not None and s.rating not in ratings:
            continue
        if due_from is not None or due_by is not None:
            if not s.is_open or s.due is None:
                continue
            if due_from is not None and s.due.day < due_from:
                continue
            if due_by is not None and s.due.day > due_by:
                continue
        out.append(s)
    return tuple(out)
