"""The schedule impact of a change: two states of a plan compared, as of one date (pure).

SPEC section 6 (`transition diff`). Each side is a `Side`: the evaluated plan (`PlanState`), and,
when the side is a plan rather than a snapshot, the milestones as written and the binding chain
of each (the driving predecessor that sets its date). `compare_sides` reports:

- milestones added and removed;
- every milestone whose fields as written, expected date or rating differ, with its edited
  fields (base -> head, as written), the days its expected date moved (None where a side has no
  date on evidence: no move is invented), and the cause: `edited` (its own dates, links or
  record changed) or `knock-on` (named: the nearest edited or added milestone up its driving
  chain in head, else in base);
- the programme finish and the critical path before and after, and the owners affected.

`violations` applies the two-state policies (SPEC 6: `--fail-on`, or the programme's
`policies:`):
- finish-later: the programme finish moved later;
- new-red: a milestone is red in head and was not in base (an added red milestone counts);
- unexplained: a milestone's `forecast`, `due` or `actual` (the day it names) changed, or was
  removed, with no new history entry carrying a reason. Recording a first `actual` is a fact,
  not a move, and needs none;
- rebaselined: a `due` edited in place (a day that was there changed or went) rather than
  re-baselined by a history entry with `due:`; a deadline given where there was none is a new
  commitment, not a re-baseline.

A snapshot side has no milestones as written: its changes are those of the evaluated state (the
deadline and forecast in force, the actual, owner, title), and the history-based policies
cannot see it (they are skipped for that side, and the result says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .dates import DateExpr, format_day
from .model import Dependency, HistoryEntry, Milestone, Plan, Programme
from .slippage import evaluate
from .weekly import MilestoneState, PlanState, plan_state

Cause = Literal["edited", "knock-on"]
POLICIES = ("finish-later", "new-red", "unexplained", "rebaselined")
# Fields compared, in the order they are reported; those that can move a date come first.
SCHEDULE_FIELDS = (
    "due",
    "forecast",
    "actual",
    "depends_on",
    "duration",
    "not_before",
    "status",
    "history",
)
TEXT_FIELDS = ("title", "owner", "workstream", "source", "actual_source", "notes")
PROGRAMME_FIELDS = (
    "name",
    "start",
    "status_date",
    "deadline",
    "calendar",
    "amber_tolerance_days",
    "float_warning_days",
    "stale_after",
    "policies",
)
_CHAIN_SHOWN = 6  # links of a knock-on chain named in full; longer ones are shortened


@dataclass(frozen=True, slots=True)
class Side:
    """One state of the plan: evaluated, with what was written when it is a plan."""

    label: str
    state: PlanState
    written: Mapping[str, Milestone] | None = None  # None for a snapshot
    programme: Programme | None = None
    parents: Mapping[str, str] = field(default_factory=dict)  # id -> binding-chain parent

    @property
    def is_snapshot(self) -> bool:
        """True when only the evaluated state is known (a snapshot file)."""
        return self.written is None


def side_from_plan(plan: Plan, as_of: date, label: str) -> Side:
    """Evaluate `plan` as of `as_of`; raises schedule.CycleError on a dependency cycle."""
    evaluation = evaluate(plan, as_of)
    written: dict[str, Milestone] = {}
    for m in plan.milestones:
        written.setdefault(m.id, m)
    parents = {s.id: s.chain_parent for s in evaluation.milestones if s.chain_parent is not None}
    return Side(label, plan_state(evaluation, plan), written, plan.programme, parents)


def side_from_state(state: PlanState, label: str) -> Side:
    """A side known only as an evaluated state (a snapshot)."""
    return Side(label, state)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field edited: its text as written on each side (None where absent)."""

    field: str
    base: str | None
    head: str | None


@dataclass(frozen=True, slots=True)
class MilestoneChange:
    """A milestone in both states whose fields, expected date or rating differ."""

    id: str
    title: str
    owner: str
    owner_label: str
    changes: tuple[FieldChange, ...]
    expected_base: date | None
    expected_head: date | None
    rating_base: str
    rating_head: str
    cause: Cause
    driven_by: str | None  # knock-on: the edited (or added) milestone up the driving chain
    via: tuple[str, ...]  # knock-on: the chain from driven_by to this id ("..." where cut)
    links: int  # knock-on: links between driven_by and this milestone
    reason: str | None  # of the new history entry that explains it (or its driver's)
    base_owner: str | None = None  # when the owner changed
    dates_changed: tuple[str, ...] = ()  # forecast/due/actual whose day changed or went
    explained: bool = False  # a new history entry on this milestone carries a reason
    due_in_place: bool = False  # `due` edited in place (not by a re-baseline entry)
    critical_base: bool = False
    critical_head: bool = False

    @property
    def moved_days(self) -> int | None:
        """Days the expected date moved (positive later); None where a side has no date."""
        if self.expected_base is None or self.expected_head is None:
            return None
        return (self.expected_head - self.expected_base).days

    @property
    def new_red(self) -> bool:
        """Red in head, not red in base."""
        return self.rating_head == "red" and self.rating_base != "red"


@dataclass(frozen=True, slots=True)
class OwnerImpact:
    """An owner with milestones added, removed or changed by the diff."""

    owner: str
    label: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Violation:
    """A policy the change breaks, and where."""

    rule: str
    milestone: str | None
    message: str


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Everything `transition diff` reports, computed; renderers only lay it out."""

    base: str
    head: str
    as_of: date
    programme_name: str
    finish_base: date
    finish_head: date
    critical_base: tuple[str, ...]
    critical_head: tuple[str, ...]
    added: tuple[MilestoneState, ...]
    removed: tuple[MilestoneState, ...]
    milestones: tuple[MilestoneChange, ...]  # the largest move first
    programme: tuple[FieldChange, ...]
    owners: tuple[OwnerImpact, ...]
    titles: Mapping[str, str]
    notes: tuple[str, ...] = ()  # e.g. a snapshot evaluated on another date

    @property
    def finish_moved(self) -> int:
        """Days the programme finish moved, positive later."""
        return (self.finish_head - self.finish_base).days

    @property
    def moved(self) -> tuple[MilestoneChange, ...]:
        """The changed milestones whose expected date moved (both sides dated)."""
        return tuple(c for c in self.milestones if c.moved_days)

    @property
    def new_red(self) -> tuple[str, ...]:
        """Ids red in head and not in base, added ones included."""
        found = [c.id for c in self.milestones if c.new_red]
        found += [m.id for m in self.added if m.rating == "red"]
        return tuple(found)

    @property
    def path_changed(self) -> bool:
        """True when the critical path differs."""
        return self.critical_base != self.critical_head

    @property
    def empty(self) -> bool:
        """Nothing differs."""
        return not (
            self.added
            or self.removed
            or self.milestones
            or self.programme
            or self.finish_moved
            or self.path_changed
        )

    def headline(self) -> str:
        """One line: 'finish +30 days; 3 moved; 1 added; 1 new red' ('no schedule change')."""
        parts: list[str] = []
        if self.finish_moved:
            parts.append(f"finish {signed_days(self.finish_moved)}")
        if self.moved:
            parts.append(f"{len(self.moved)} moved")
        if self.added:
            parts.append(f"{len(self.added)} added")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        if self.new_red:
            parts.append(f"{len(self.new_red)} new red")
        if self.path_changed:
            parts.append("critical path changed")
        if not parts:
            rated = sum(1 for c in self.milestones if c.rating_base != c.rating_head)
            edited = len(self.milestones) + len(self.programme)
            if rated:
                return f"{rated} rating{'s' if rated != 1 else ''} changed; {edited} edited"
            return f"no schedule change; {edited} edited" if edited else "no change"
        return "; ".join(parts)


def signed_days(days: int) -> str:
    """'+30 days', '-1 day', '0 days'."""
    unit = "day" if abs(days) == 1 else "days"
    return f"{days:+d} {unit}" if days else f"0 {unit}"


# --- fields as written ----------------------------------------------------------------------


def _date_text(expr: DateExpr | None) -> str | None:
    return expr.text if expr is not None else None


def _links_text(links: list[Dependency]) -> str | None:
    if not links:
        return None
    parts = []
    for d in links:
        extra: list[str] = [] if d.type == "FS" else [d.type]
        if not d.lag.is_zero:
            extra.append(d.lag.text if d.lag.text.startswith(("+", "-")) else f"+{d.lag.text}")
        parts.append(f"{d.id} ({' '.join(extra)})" if extra else d.id)
    return ", ".join(parts)


def entry_text(e: HistoryEntry) -> str:
    """A history entry in one phrase: '20 June 2011: forecast 30 September 2011 (listening)'."""
    said = []
    if e.forecast is not None:
        said.append(f"forecast {e.forecast.text}")
    if e.due is not None:
        said.append(f"due {e.due.text}")
    if e.status is not None:
        said.append(e.status)
    if e.actual is not None:
        said.append(f"actual {e.actual.text}")
    body = ", ".join(said) if said else "confirmed"
    reason = f" ({e.reason})" if e.reason else ""
    return f"{e.date.text}: {body}{reason}"


def _entry_key(e: HistoryEntry) -> tuple[object, ...]:
    return (
        e.date.text,
        _date_text(e.forecast),
        _date_text(e.due),
        e.status,
        _date_text(e.actual),
        e.reason,
        e.source,
    )


def _confirms_only(e: HistoryEntry) -> bool:
    """A report that says only that it is still on track."""
    return e.forecast is None and e.due is None and e.status is None and e.actual is None


def _moves_dates(field: str) -> bool:
    """A field whose edit can move the schedule (an entry's reason or source cannot)."""
    if field.startswith("history "):
        return not field.endswith((" reason", " source"))
    return field in SCHEDULE_FIELDS


def _dated_key(e: HistoryEntry) -> tuple[object, ...]:
    return (e.date.day, _day(e.forecast), _day(e.due), e.status, _day(e.actual))


_ENTRY_FIELDS = ("forecast", "due", "status", "actual", "reason", "source")


def _history_changes(removed: list[HistoryEntry], added: list[HistoryEntry]) -> list[FieldChange]:
    """Entries edited in place (same date) field by field; the rest as removed or added."""
    changes: list[FieldChange] = []
    unpaired = list(added)
    gone: list[HistoryEntry] = []
    for old in removed:
        new = next((e for e in unpaired if e.date.text == old.date.text), None)
        if new is None:
            gone.append(old)
            continue
        unpaired.remove(new)
        for name in _ENTRY_FIELDS:
            b, h = _entry_value(old, name), _entry_value(new, name)
            if b != h:
                changes.append(FieldChange(f"history {old.date.text} {name}", b, h))
    if gone or unpaired:
        changes.append(
            FieldChange(
                "history",
                "; ".join(map(entry_text, gone)) or None,
                "; ".join(map(entry_text, unpaired)) or None,
            )
        )
    return changes


def _entry_value(e: HistoryEntry, name: str) -> str | None:
    value = getattr(e, name)
    if isinstance(value, DateExpr):
        return value.text
    return value if value is None else str(value)


def _value(m: Milestone, name: str) -> str | None:
    if name == "depends_on":
        return _links_text(m.depends_on)
    if name == "duration":
        return None if m.duration.is_zero else m.duration.text
    value = getattr(m, name)
    if isinstance(value, DateExpr):
        return value.text
    return value if value is None else str(value)


def _new_entries(base: Milestone, head: Milestone) -> tuple[list[HistoryEntry], list[HistoryEntry]]:
    """(entries only in base, entries only in head), as multisets in log order."""
    remaining: dict[tuple[object, ...], int] = {}
    for e in base.history:
        key = _entry_key(e)
        remaining[key] = remaining.get(key, 0) + 1
    added = []
    for e in head.history:
        key = _entry_key(e)
        if remaining.get(key, 0):
            remaining[key] -= 1
        else:
            added.append(e)
    removed = []
    for e in reversed(base.history):
        key = _entry_key(e)
        if remaining.get(key, 0):
            remaining[key] -= 1
            removed.append(e)
    removed.reverse()
    return removed, added


def _written_changes(
    base: Milestone, head: Milestone
) -> tuple[list[FieldChange], list[HistoryEntry], bool]:
    """The fields edited between the two, and the new reports in head (see below)."""
    changes: list[FieldChange] = []
    added: list[HistoryEntry] = []
    rewritten = False  # an entry that carried a date was edited or deleted
    for name in (*SCHEDULE_FIELDS, *TEXT_FIELDS):
        if name == "history":
            if base.history == head.history:
                continue
            removed, added = _new_entries(base, head)
            # Rewritten: a dated report (its date and what it said of dates) is gone from head;
            # an entry whose reason or source alone was reworded is not a rewrite.
            kept = [_dated_key(e) for e in head.history]
            for e in base.history:
                key = _dated_key(e)
                if key in kept:
                    kept.remove(key)
                elif key[1:] != (None, None, None, None):
                    rewritten = True
            changes += _history_changes(removed, added)
            continue
        b, h = _value(base, name), _value(head, name)
        if b != h:
            changes.append(FieldChange(name, b, h))
    # A new entry explains only with a reason of its own: an old entry edited in place (same
    # date, same reason, another date) is a rewrite of the record, not a new report.
    said = {(e.date.text, e.reason) for e in base.history}
    return changes, [e for e in added if (e.date.text, e.reason) not in said], rewritten


def _state_changes(base: MilestoneState, head: MilestoneState) -> list[FieldChange]:
    """For a snapshot side: what the evaluated states show as written."""
    pairs = (
        ("due", base.due_text, head.due_text),
        ("forecast", base.forecast_text, head.forecast_text),
        ("actual", _iso(base.actual), _iso(head.actual)),
        ("title", base.title, head.title),
        ("owner", base.owner, head.owner),
        ("workstream", base.workstream, head.workstream),
    )
    return [FieldChange(n, b, h) for n, b, h in pairs if b != h]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _day(expr: DateExpr | None) -> date | None:
    return expr.day if expr is not None else None


def _programme_changes(base: Programme | None, head: Programme | None) -> list[FieldChange]:
    if base is None or head is None:
        return []
    changes = []
    for name in PROGRAMME_FIELDS:
        b, h = getattr(base, name), getattr(head, name)
        bt = _programme_text(b)
        ht = _programme_text(h)
        if bt != ht:
            changes.append(FieldChange(name, bt, ht))
    return changes


def _programme_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(map(str, value)) if value else None
    return str(value)


# --- the comparison -------------------------------------------------------------------------


def compare_sides(base: Side, head: Side, as_of: date) -> PlanDiff:
    """What changed from `base` to `head`, both evaluated as of `as_of` (SPEC section 6)."""
    old = base.state.by_id()
    new = head.state.by_id()
    added = tuple(m for m in head.state.milestones if m.id not in old)
    removed = tuple(m for m in base.state.milestones if m.id not in new)
    written = base.written is not None and head.written is not None

    # First pass: each milestone in both, with its own edits.
    found: dict[str, tuple[list[FieldChange], list[HistoryEntry]]] = {}
    rewrites: set[str] = set()
    schedule_edited: set[str] = {m.id for m in added}
    for h in head.state.milestones:
        b = old.get(h.id)
        if b is None:
            continue
        if written:
            assert base.written is not None and head.written is not None
            bm, hm = base.written[h.id], head.written[h.id]
            changes, entries, rewritten = _written_changes(bm, hm)
            if rewritten:
                rewrites.add(h.id)
        else:
            changes, entries = _state_changes(b, h), []
        if changes or b.expected != h.expected or b.rating != h.rating:
            found[h.id] = (changes, entries)
            moving = [c for c in changes if _moves_dates(c.field)]
            # New reports that only confirm (no forecast, deadline, status or actual) move no
            # date: a move of this milestone then comes from upstream, and is named so.
            confirmations_only = (
                h.id not in rewrites
                and all(c.field == "history" and c.base is None for c in moving)
                and bool(entries)
                and all(_confirms_only(e) for e in entries)
            )
            if moving and not confirmations_only:
                schedule_edited.add(h.id)

    nearest_head = _Nearest(head.parents, schedule_edited)
    nearest_base = _Nearest(base.parents, schedule_edited)
    reasons: dict[str, str | None] = {
        mid: _reason_of(entries) for mid, (_c, entries) in found.items()
    }
    reasons.update({m.id: None for m in added})
    result: list[MilestoneChange] = []
    for mid, (changes, entries) in found.items():
        b, h = old[mid], new[mid]
        driver: str | None = None
        via: tuple[str, ...] = ()
        links = 0
        if mid in schedule_edited:
            cause: Cause = "edited"
        else:
            for nearest, parents in ((nearest_head, head.parents), (nearest_base, base.parents)):
                driver = nearest.of(mid)
                if driver is not None:
                    via, links = _chain(mid, driver, parents)
                    break
            cause = "knock-on" if driver is not None or not changes else "edited"
        reason = reasons.get(mid) if cause == "edited" else reasons.get(driver or "")
        dates_changed: tuple[str, ...] = ()
        due_in_place = False
        if written:
            assert base.written is not None and head.written is not None
            bm, hm = base.written[mid], head.written[mid]
            # The key as written, or what is in force on the as-of date (a history entry's
            # forecast edited in place moves the forecast in force without touching the key).
            in_force = {"forecast": (b.forecast, h.forecast), "due": (b.due, h.due)}
            in_force["actual"] = (b.actual, h.actual)
            dates_changed = tuple(
                name
                for name in ("forecast", "due", "actual")
                if (
                    _day(getattr(bm, name)) != _day(getattr(hm, name))
                    or in_force[name][0] != in_force[name][1]
                )
                and not (name == "actual" and b.actual is None and bm.actual is None)
            ) + (("history",) if mid in rewrites else ())
            due_in_place = bm.due is not None and _day(bm.due) != _day(hm.due)
        result.append(
            MilestoneChange(
                id=mid,
                title=h.title,
                owner=h.owner,
                owner_label=h.owner_label,
                changes=tuple(changes),
                expected_base=b.expected,
                expected_head=h.expected,
                rating_base=b.rating,
                rating_head=h.rating,
                cause=cause,
                driven_by=driver,
                via=via,
                links=links,
                reason=reason,
                base_owner=b.owner if b.owner != h.owner else None,
                dates_changed=dates_changed,
                explained=any(e.reason for e in entries),
                due_in_place=due_in_place,
                critical_base=b.critical,
                critical_head=h.critical,
            )
        )
    result.sort(key=_largest_first)

    titles = {m.id: m.title for m in base.state.milestones}
    titles.update({m.id: m.title for m in head.state.milestones})
    notes = [
        f"{side.label} is a snapshot as of {format_day(side.state.as_of)}: it is compared as "
        "it was then, not re-evaluated"
        for side in (base, head)
        if side.is_snapshot and side.state.as_of != as_of
    ]
    if not written:
        notes.append(
            "a snapshot holds the evaluated plan, not the files: edits are those of the dates "
            "in force, and the policies unexplained and rebaselined cannot be judged"
        )
    if base.state.programme_id != head.state.programme_id:
        notes.append(
            f"the two sides are different programmes ('{base.state.programme_id}' and "
            f"'{head.state.programme_id}')"
        )
    return PlanDiff(
        base=base.label,
        head=head.label,
        as_of=as_of,
        programme_name=head.state.programme_name,
        finish_base=base.state.finish,
        finish_head=head.state.finish,
        critical_base=base.state.critical_path,
        critical_head=head.state.critical_path,
        added=added,
        removed=removed,
        milestones=tuple(result),
        programme=tuple(_programme_changes(base.programme, head.programme)),
        owners=_owners(result, added, removed),
        titles=titles,
        notes=tuple(notes),
    )


def _largest_first(c: MilestoneChange) -> tuple[int, int, str]:
    moved = c.moved_days
    if moved:
        return (0, -abs(moved), c.id)
    if c.expected_base != c.expected_head:  # a date on one side only
        return (1, 0, c.id)
    return (2 if c.rating_base != c.rating_head else 3, 0, c.id)


def _reason_of(entries: list[HistoryEntry]) -> str | None:
    reasons = [e.reason for e in entries if e.reason]
    return reasons[-1] if reasons else None


class _Nearest:
    """The nearest edited milestone up each binding chain, linear over the whole plan."""

    def __init__(self, parents: Mapping[str, str], edited: set[str]) -> None:
        self.parents = parents
        self.edited = edited
        self.memo: dict[str, str | None] = {}

    def of(self, mid: str) -> str | None:
        path: list[str] = []
        current = self.parents.get(mid)
        answer: str | None = None
        while current is not None:
            if current in self.memo:
                answer = self.memo[current]
                break
            if current in self.edited:
                answer = current
                break
            path.append(current)
            current = self.parents.get(current)
            if len(path) > len(self.parents) + 1:  # a broken map must not loop for ever
                break
        for p in path:
            self.memo[p] = answer
        self.memo[mid] = answer
        return answer


def _chain(mid: str, driver: str, parents: Mapping[str, str]) -> tuple[tuple[str, ...], int]:
    """The chain from `driver` down to `mid` (shortened past _CHAIN_SHOWN links) and its length."""
    walked = [mid]
    current = parents.get(mid)
    while current is not None and current != driver:
        walked.append(current)
        current = parents.get(current)
    links = len(walked)
    walked.append(driver)
    walked.reverse()
    if len(walked) > _CHAIN_SHOWN + 1:
        walked = [*walked[:2], "...", *walked[-3:]]
    return tuple(walked), links


def _owners(
    changes: Iterable[MilestoneChange],
    added: Iterable[MilestoneState],
    removed: Iterable[MilestoneState],
) -> tuple[OwnerImpact, ...]:
    by_owner: dict[str, tuple[str, list[str]]] = {}

    def note(owner: str, label: str, mid: str) -> None:
        ids = by_owner.setdefault(owner, (label, []))[1]
        if mid not in ids:
            ids.append(mid)

    for c in changes:
        note(c.owner, c.owner_label, c.id)
        if c.base_owner is not None:
            note(c.base_owner, c.base_owner, c.id)
    for m in (*added, *removed):
        note(m.owner, m.owner_label, m.id)
    return tuple(
        OwnerImpact(owner, label, tuple(ids))
        for owner, (label, ids) in sorted(by_owner.items(), key=lambda kv: (-len(kv[1][1]), kv[0]))
    )


# --- policies -------------------------------------------------------------------------------


def violations(d: PlanDiff, rules: Iterable[str]) -> tuple[Violation, ...]:
    """The two-state policies among `rules` that the change breaks, each with its milestone."""
    wanted = set(rules)
    found: list[Violation] = []
    if "finish-later" in wanted and d.finish_moved > 0:
        found.append(
            Violation(
                "finish-later",
                None,
                f"the programme finish moves {d.finish_moved} day"
                f"{'s' if d.finish_moved != 1 else ''} later, "
                f"from {format_day(d.finish_base)} to {format_day(d.finish_head)}",
            )
        )
    if "new-red" in wanted:
        for c in d.milestones:
            if c.new_red:
                found.append(
                    Violation("new-red", c.id, f"'{c.id}' turns red (was {c.rating_base})")
                )
        for m in d.added:
            if m.rating == "red":
                found.append(Violation("new-red", m.id, f"'{m.id}' is added red"))
    for c in d.milestones:
        if "unexplained" in wanted and c.dates_changed and not c.explained:
            fields = " and ".join(
                "an earlier report (a dated history entry edited or deleted)"
                if name == "history"
                else name
                for name in c.dates_changed
            )
            found.append(
                Violation(
                    "unexplained",
                    c.id,
                    f"'{c.id}': {fields} changed with no new history entry giving a reason",
                )
            )
        if "rebaselined" in wanted and c.due_in_place:
            before = next((x.base for x in c.changes if x.field == "due"), None)
            after = next((x.head for x in c.changes if x.field == "due"), None)
            found.append(
                Violation(
                    "rebaselined",
                    c.id,
                    f"'{c.id}': due edited in place (from {before} to {after or 'nothing'}); "
                    "re-baseline with a history entry carrying `due:` and a reason",
                )
            )
    return tuple(found)
