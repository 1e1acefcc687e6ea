"""The weekly slippage summary: the plan on D against the plan as it stood a week earlier (pure).

SPEC section 5. Both sides are `PlanState`s: the evaluated plan reduced to what a comparison
needs, so the earlier side can come from the same plan evaluated on D-7 (history entries and
actuals), from an older revision of the plan files, or from a saved snapshot. The later side is
always an `Evaluation`, because explaining a move needs its schedule (the driving links).

Why a milestone moved, in the order the causes are looked for:
- re-forecast: its forecast in force changed (the history entry that did it gives the reason);
- missed: it was expected by D and is still open, so its date now moves with the calendar;
- knock-on: a milestone upstream on its driving chain moved for one of the reasons here, or
  was achieved this week on a date other than expected;
- drift: it waits on work that was already open past its date a week ago; it moves with the
  calendar every week, so it is counted, not listed (the overdue section names the cause);
- plan changed: none of these (a deadline, duration or dependency edited between revisions).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from .model import Milestone, Plan
from .record import entry_kind
from .rollup import RollupGroup, roll_up
from .schedule import NamedPath
from .slippage import RATINGS, Evaluation, evaluate

DUE_SOON_DAYS = 28  # "the next four weeks"
HORIZON_DAYS = 84  # the gantt of the next twelve weeks

Cause = Literal["re-forecast", "missed", "knock-on", "drift", "plan changed"]


@dataclass(frozen=True, slots=True)
class MilestoneState:
    """One milestone as evaluated on a date: what a week-on-week comparison needs."""

    id: str
    title: str
    owner: str
    owner_label: str
    workstream: str | None
    due_text: str | None
    due: date | None
    forecast_text: str | None  # the forecast in force on the as-of date
    forecast: date | None
    actual: date | None  # set only when achieved on or before the as-of date
    expected: date | None  # None where no evidence supports a date (see slippage)
    slip_days: int | None
    total_float: int
    rating: str
    critical: bool
    pinned: bool  # open past its expected date: the as-of date sets its expected date
    silent_since: date | None = None  # unknown: the record is silent since this date

    @property
    def done(self) -> bool:
        """Achieved on or before the as-of date."""
        return self.actual is not None

    @property
    def is_open(self) -> bool:
        """Neither achieved nor cancelled."""
        return self.actual is None and self.rating != "cancelled"

    def overdue(self, as_of: date) -> bool:
        """Open, its deadline passed before `as_of`, and the record says so (not silent)."""
        return (
            self.is_open and self.rating != "unknown" and self.due is not None and self.due < as_of
        )


@dataclass(frozen=True, slots=True)
class PlanState:
    """The evaluated plan on one date: milestones in plan order, finish and critical path."""

    programme_id: str
    programme_name: str
    as_of: date
    finish: date
    deadline: date | None
    critical_path: tuple[str, ...]
    milestones: tuple[MilestoneState, ...]
    working_days: bool = False  # floats count working days (not kept in snapshots)

    def by_id(self) -> dict[str, MilestoneState]:
        """Milestone states keyed by id."""
        return {m.id: m for m in self.milestones}

    def named_path(self) -> NamedPath:
        """The critical path as output names it, with the count of critical milestones."""
        path = self.critical_path
        count = sum(1 for m in self.milestones if m.critical)
        end = self.by_id().get(path[-1]) if path else None
        if end is None:
            return NamedPath(path, False, 0, count, self.working_days)
        sets_finish = end.expected == self.finish
        return NamedPath(path, sets_finish, end.total_float, count, self.working_days)


@dataclass(frozen=True, slots=True)
class Move:
    """A milestone whose expected date moved: from `before` to `after`, and why."""

    milestone: MilestoneState  # as it stands now
    before: date
    after: date
    slip_before: int | None
    cause: Cause
    reason: str | None  # the reason of the history entry that moved it, when there is one
    reforecast_on: date | None  # the date of that history entry
    forecast_before: str | None  # the forecast in force before, as written
    upstream: str | None  # for a knock-on: the milestone upstream that moved
    upstream_cause: str | None = None  # why it moved: a Cause, or "achieved" (this week)

    @property
    def days(self) -> int:
        """How far it moved: positive later, negative earlier."""
        return (self.after - self.before).days

    @property
    def slip_change(self) -> int | None:
        """Change in slip against the deadline; None without a deadline on both sides."""
        if self.milestone.slip_days is None or self.slip_before is None:
            return None
        return self.milestone.slip_days - self.slip_before


@dataclass(frozen=True, slots=True)
class PathChange:
    """The critical path before and after, and who joined or left it."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    now: NamedPath | None = None  # the path after, as output names it

    @property
    def moved(self) -> bool:
        """True when the chain of ids differs."""
        return self.before != self.after

    @property
    def joined(self) -> tuple[str, ...]:
        """Ids on the path now that were not on it before."""
        return tuple(i for i in self.after if i not in self.before)

    @property
    def left(self) -> tuple[str, ...]:
        """Ids on the path before that are no longer on it."""
        return tuple(i for i in self.before if i not in self.after)


@dataclass(frozen=True, slots=True)
class HorizonItem:
    """A milestone on the chart of the next twelve weeks, at one day, and what that day is.

    kind: "achieved" (this week), "expected" (scheduled in the window), "due" (open with nothing
    scheduled, so expected any day; shown at its deadline in the window), "overdue" (open past its
    deadline; shown when it is expected, where the evidence puts that in the window, and on the
    week-ending day otherwise: overdue now, with no date in the next twelve weeks).
    """

    milestone: MilestoneState
    day: date
    kind: Literal["achieved", "expected", "due", "overdue"]


@dataclass(frozen=True, slots=True)
class WeeklySummary:
    """Everything the Friday page says, computed; renderers only lay it out."""

    programme_id: str
    programme_name: str
    week_ending: date
    since: date  # the date of the earlier plan (D-7 unless a snapshot says otherwise)
    baseline: str  # what the earlier plan is, in words ("history entries and actuals", ...)
    slipped: tuple[Move, ...]  # latest first: the largest move first
    recovered: tuple[Move, ...]
    drifted: tuple[Move, ...]  # moved only with the calendar (see the module docstring)
    achieved: tuple[MilestoneState, ...]
    awaiting: tuple[MilestoneState, ...]  # unknown now: the record is silent, oldest first
    became_overdue: tuple[MilestoneState, ...]
    still_overdue: tuple[MilestoneState, ...]
    due_soon: tuple[MilestoneState, ...]
    added: tuple[MilestoneState, ...]
    removed: tuple[MilestoneState, ...]
    critical_path: PathChange
    finish_before: date
    finish_after: date
    deadline: date | None
    counts: dict[str, int]  # ratings now (every rating), and total
    horizon: tuple[HorizonItem, ...]  # the next twelve weeks, by date
    titles: dict[str, str]  # every id mentioned -> title (for paths and upstream names)
    # milestone id -> (date, kind, reason) of the latest report made this week, if any
    reported: dict[str, tuple[date, str, str | None]] = field(default_factory=dict)
    cancelled: tuple[MilestoneState, ...] = ()  # cancelled this week (open a week earlier)
    # Open, awaiting a return a week earlier, now with a date on evidence (no move is measured
    # from silence, so these are neither slipped nor recovered): the largest slip first.
    returned: tuple[MilestoneState, ...] = ()
    # The milestones now, rolled up by organisation (the tree; see rollup).
    by_organisation: tuple[RollupGroup, ...] = ()

    @property
    def finish_moved(self) -> int:
        """Days the programme finish moved: positive later."""
        return (self.finish_after - self.finish_before).days

    @property
    def horizon_end(self) -> date:
        """The last day of the gantt window."""
        return self.week_ending + timedelta(days=HORIZON_DAYS)

    @property
    def due_soon_end(self) -> date:
        """The last day of the 'next four weeks'."""
        return self.week_ending + timedelta(days=DUE_SOON_DAYS)

    @property
    def quiet(self) -> bool:
        """Nothing moved, nothing achieved, nothing newly overdue."""
        return not (
            self.slipped
            or self.recovered
            or self.achieved
            or self.became_overdue
            or self.critical_path.moved
            or self.finish_moved
        )


def plan_state(evaluation: Evaluation, plan: Plan) -> PlanState:
    """Reduce an evaluation to the state a weekly comparison (or a snapshot) keeps."""
    rows = evaluation.schedule.rows
    milestones = tuple(
        MilestoneState(
            id=s.id,
            title=s.title,
            owner=s.owner,
            owner_label=s.owner_label,
            workstream=s.workstream,
            due_text=s.due.text if s.due is not None else None,
            due=s.due.day if s.due is not None else None,
            forecast_text=s.forecast.text if s.forecast is not None else None,
            forecast=s.forecast.day if s.forecast is not None else None,
            actual=s.actual,
            expected=s.expected,
            slip_days=s.slip_days,
            total_float=s.total_float,
            rating=s.rating,
            critical=s.critical,
            pinned=s.actual is None and rows[s.id].constraint == "as_of",
            silent_since=s.silent_since,
        )
        for s in evaluation.milestones
    )
    programme = plan.programme
    return PlanState(
        programme_id=programme.id,
        programme_name=programme.name,
        as_of=evaluation.as_of,
        finish=evaluation.schedule.finish,
        deadline=programme.deadline.day if programme.deadline is not None else None,
        critical_path=tuple(evaluation.schedule.critical_path),
        milestones=milestones,
        working_days=evaluation.schedule.working_days,
    )


def weekly_summary(plan: Plan, week_ending: date) -> WeeklySummary:
    """The week ending `week_ending` against the same plan as it stood seven days earlier."""
    since = week_ending - timedelta(days=7)
    before = plan_state(evaluate(plan, since), plan)
    return compare(plan, before, evaluate(plan, week_ending), "history entries and actuals")


def compare(plan: Plan, before: PlanState, now: Evaluation, baseline: str) -> WeeklySummary:
    """What changed between `before` and the plan `plan` evaluated as `now` (SPEC section 5)."""
    after = plan_state(now, plan)
    old = before.by_id()
    new = after.by_id()
    since, today = before.as_of, after.as_of
    milestones = {m.id: m for m in reversed(plan.milestones)}  # the first of duplicate ids

    achieved = tuple(
        m
        for m in after.milestones
        if m.actual is not None
        and (m.id not in old or old[m.id].actual is None or m.actual > since)
    )
    achieved_ids = {m.id for m in achieved}
    cancelled = tuple(
        m
        for m in after.milestones
        if m.rating == "cancelled" and m.id in old and old[m.id].rating != "cancelled"
    )

    returned = tuple(
        sorted(
            (
                m
                for m in after.milestones
                if m.is_open
                and m.expected is not None
                and m.rating not in ("unknown", "cancelled")
                and m.id in old
                and old[m.id].rating == "unknown"
            ),
            key=lambda m: (-(m.slip_days or 0), m.id),
        )
    )

    # Root causes first; knock-ons are found along the driving chains of the later schedule.
    moves: dict[str, Move] = {}
    roots: dict[str, str] = {}  # id -> its own Cause, or "achieved"
    for m in after.milestones:
        b = old.get(m.id)
        if b is None or b.expected == m.expected or b.expected is None or m.expected is None:
            continue  # no move is reported where either side has no date on evidence
        if m.id in achieved_ids:
            roots[m.id] = "achieved"  # achieved off its expected date: moves what waits on it
            continue
        if b.done and m.done:
            cause: Cause = "plan changed"
        elif b.forecast != m.forecast:
            cause = "re-forecast"
        elif m.pinned and not b.pinned:
            cause = "missed"
        elif m.pinned:
            cause = "drift"
        else:
            cause = "plan changed"  # refined to knock-on below when something upstream moved
        roots[m.id] = cause
        entry = (
            _moving_entry(milestones.get(m.id), since, today) if cause == "re-forecast" else None
        )
        moves[m.id] = Move(
            milestone=m,
            before=b.expected,
            after=m.expected,
            slip_before=b.slip_days,
            cause=cause,
            reason=entry[1] if entry else None,
            reforecast_on=entry[0] if entry else None,
            forecast_before=b.forecast_text,
            upstream=None,
        )
    # One pass in topological order: a milestone that moved for no reason of its own inherits
    # the cause of the driving predecessor that moved (linear, however long the chains).
    source: dict[str, str] = {}  # id -> the milestone up its driving chain that moved first
    rows = now.schedule.rows
    for mid in now.schedule.order:
        move = moves.get(mid)
        if move is None or move.cause != "plan changed":
            continue
        driver = rows[mid].driver
        if driver is None or driver not in roots:
            continue  # its driver did not move: the plan itself changed here
        upstream = source.get(driver, driver)
        source[mid] = upstream
        cause = "drift" if roots[upstream] == "drift" else "knock-on"
        moves[mid] = _replace_cause(move, cause, upstream, roots[upstream])

    listed = [mv for mv in moves.values() if mv.cause != "drift"]
    slipped = tuple(
        sorted((mv for mv in listed if mv.days > 0), key=lambda mv: (-mv.days, mv.milestone.id))
    )
    recovered = tuple(
        sorted((mv for mv in listed if mv.days < 0), key=lambda mv: (mv.days, mv.milestone.id))
    )
    drifted = tuple(mv for mv in moves.values() if mv.cause == "drift")

    def overdue_before(mid: str, due: date) -> bool:
        b = old.get(mid)
        if b is not None and b.rating == "unknown":
            # Silent past its deadline a week ago, not done now: it was overdue then too, only
            # unreported (a return with a date this week is listed as such, not as new).
            return due < since
        return b.overdue(since) if b is not None else due < since

    overdue_now = [m for m in after.milestones if m.due is not None and m.overdue(today)]
    became = tuple(m for m in overdue_now if m.due is not None and not overdue_before(m.id, m.due))
    still = tuple(m for m in overdue_now if m.due is not None and overdue_before(m.id, m.due))

    soon_end = today + timedelta(days=DUE_SOON_DAYS)
    due_soon = tuple(
        sorted(
            (
                m
                for m in after.milestones
                if m.is_open and m.due is not None and today <= m.due <= soon_end
            ),
            key=lambda m: (m.due or today, m.id),
        )
    )
    horizon = _horizon(after, achieved_ids, today)
    children = {kid for kids in plan.cascades.values() for kid in kids}
    counted = [m for m in after.milestones if m.id not in children]  # a cascade counts once
    counts: dict[str, int] = {r: sum(1 for m in counted if m.rating == r) for r in RATINGS}
    awaiting = tuple(
        sorted(
            # a cascade's parent is silent through its children: they are the ones listed
            (m for m in after.milestones if m.rating == "unknown" and m.id not in plan.cascades),
            key=lambda m: (m.silent_since is None, m.silent_since or today, m.id),
        )
    )
    counts["total"] = len(counted)
    titles = {m.id: m.title for m in before.milestones}
    titles.update({m.id: m.title for m in after.milestones})
    return WeeklySummary(
        programme_id=after.programme_id,
        programme_name=after.programme_name,
        week_ending=today,
        since=since,
        baseline=baseline,
        slipped=slipped,
        recovered=recovered,
        drifted=drifted,
        achieved=achieved,
        cancelled=cancelled,
        returned=returned,
        awaiting=awaiting,
        became_overdue=became,
        still_overdue=still,
        due_soon=due_soon,
        added=tuple(m for m in after.milestones if m.id not in old),
        removed=tuple(m for m in before.milestones if m.id not in new),
        critical_path=PathChange(
            before.critical_path,
            after.critical_path,
            # counted as the milestones are: a cascade once
            replace(after.named_path(), critical_count=sum(1 for m in counted if m.critical)),
        ),
        finish_before=before.finish,
        finish_after=after.finish,
        deadline=after.deadline,
        counts=counts,
        reported=_reported_this_week(plan, since, today),
        horizon=horizon,
        titles=titles,
        by_organisation=roll_up(plan, now.milestones, "organisation", today).groups,
    )


def _horizon(after: PlanState, achieved: set[str], today: date) -> tuple[HorizonItem, ...]:
    """What the next twelve weeks hold (see HorizonItem).

    Open work expected any day (nothing scheduled fixes a date) is shown at its deadline when
    that falls in the window, and left off when it does not.
    """
    end = today + timedelta(days=HORIZON_DAYS)
    items = []
    for m in after.milestones:
        if m.id in achieved and m.actual is not None:
            items.append(HorizonItem(m, m.actual, "achieved"))
        elif not m.is_open or m.rating == "unknown":
            continue  # done, cancelled, or silent: nothing to put on a date
        elif m.due is not None and m.due < today:
            expected_in_window = (
                not m.pinned and m.expected is not None and today < m.expected <= end
            )
            day = m.expected if expected_in_window and m.expected is not None else today
            items.append(HorizonItem(m, day, "overdue"))
        elif not m.pinned and m.expected is not None:
            if m.expected <= end:
                items.append(HorizonItem(m, m.expected, "expected"))
        elif m.due is not None and m.due <= end:
            items.append(HorizonItem(m, m.due, "due"))
    return tuple(sorted(items, key=lambda i: (i.day, i.milestone.id)))


def _moving_entry(m: Milestone | None, since: date, today: date) -> tuple[date, str | None] | None:
    """The history entry in force on `today` when it is dated on or after `since`: (date,
    reason)."""
    if m is None:
        return None
    found: tuple[date, str | None] | None = None
    latest = date.min
    for entry in m.history:
        day = entry.date.day
        if entry.forecast is None:
            continue
        if day <= today and day >= latest:  # equal dates: the later entry wins, as in the schedule
            found, latest = (day, entry.reason), day
    # Dated on `since` itself it still moved the forecast between the two sides (it is asked
    # for only then): a snapshot taken that morning, a report recorded that afternoon.
    if found is None or found[0] < since:
        return None
    return found


def _reported_this_week(
    plan: Plan, since: date, today: date
) -> dict[str, tuple[date, str, str | None]]:
    """Milestone id -> (date, kind, reason) of its latest history entry dated in the week."""
    found: dict[str, tuple[date, str, str | None]] = {}
    for m in plan.milestones:
        for entry in m.history:
            day = entry.date.day
            if since < day <= today and (m.id not in found or day >= found[m.id][0]):
                found[m.id] = (day, entry_kind(entry), entry.reason)
    return found


def _replace_cause(move: Move, cause: Cause, upstream: str, upstream_cause: str) -> Move:
    return Move(
        milestone=move.milestone,
        before=move.before,
        after=move.after,
        slip_before=move.slip_before,
        cause=cause,
        reason=None,
        reforecast_on=None,
        forecast_before=move.forecast_before,
        upstream=upstream,
        upstream_cause=upstream_cause,
    )
