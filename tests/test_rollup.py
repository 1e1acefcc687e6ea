"""Roll-up by organisation (a tree), type, region, workstream and owner (rollup.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nhs_transition.load.cascade import expand_cascades
from nhs_transition.model import Plan
from nhs_transition.rollup import GROUP_BY, Rollup, RollupGroup, organisation_of, roll_up
from nhs_transition.slippage import OPEN_RATINGS, RATINGS, MilestoneStatus, evaluate
from tests.factories import make_plan, milestone

AS_OF = date(2011, 6, 30)

ORGS = [
    {"id": "dh", "name": "Department", "type": "department"},
    {"id": "shas", "name": "SHAs", "type": "group", "parent": "dh"},
    {"id": "sha-a", "name": "SHA A", "type": "sha", "parent": "shas", "region": "North"},
    {"id": "sha-b", "name": "SHA B", "type": "sha", "parent": "shas", "region": "South"},
    {"id": "pct-a1", "name": "PCT A1", "type": "pct", "parent": "sha-a"},
    {"id": "cqc", "name": "Regulator", "type": "regulator"},
    {"id": "idle", "name": "Nothing owned", "parent": "dh"},
]
ROLES = [
    {"id": "ceo", "title": "Chief Executive", "organisation": "dh", "holder": "A. Person"},
    {"id": "sha-a-ceo", "title": "SHA A chief", "organisation": "sha-a"},
]


def _hand_plan() -> Plan:
    return make_plan(
        [
            # done 5 days late
            milestone("a", owner="ceo", workstream="w1", due="2011-01-10", actual="2011-01-15"),
            # due passed, nothing recorded: unknown
            milestone("b", owner="sha-a-ceo", workstream="w1", due="2011-03-31"),
            # forecast 40 days after its deadline: red, slip +40
            milestone(
                "c", owner="pct-a1", workstream="w2", due="2011-09-30", forecast="2011-11-09"
            ),
            # on track, due 31 Aug 2011
            milestone("d", owner="sha-b", workstream="w2", due="2011-08-31"),
            # nothing to measure against
            milestone("e", owner="cqc"),
        ],
        organisations=ORGS,
        roles=ROLES,
        programme={"start": "2010-07-01", "float_warning_days": 0},
    )


def _by_key(rollup: Rollup) -> dict[str, RollupGroup]:
    return {g.key: g for _, g in rollup.walk()}


def test_the_tree_sums_each_subtree_and_rates_each_group_by_its_worst() -> None:
    plan = _hand_plan()
    evaluation = evaluate(plan, AS_OF)
    ratings = {s.id: s.rating for s in evaluation.milestones}
    assert ratings == {"a": "done", "b": "unknown", "c": "red", "d": "green", "e": "undated"}
    rollup = roll_up(plan, evaluation.milestones, "organisation", AS_OF)
    # the tree in file order; 'idle' (nothing in its subtree) left out
    assert [(depth, g.key) for depth, g in rollup.walk()] == [
        (0, "dh"),
        (1, "shas"),
        (2, "sha-a"),
        (3, "pct-a1"),
        (2, "sha-b"),
        (0, "cqc"),
    ]
    groups = _by_key(rollup)
    dh = groups["dh"]
    assert dh.total == 4 and dh.name == "Department"
    assert {r: n for r, n in dh.counts.items() if n} == {
        "done": 1,
        "unknown": 1,
        "red": 1,
        "green": 1,
    }
    assert (dh.rating, dh.rating_count) == ("red", 1)
    assert dh.worst_slip_days == 40  # the red one; the done one's 5 days are history
    assert dh.next_deadline == date(2011, 8, 31) and dh.next_deadline_id == "d"
    sha_a = groups["sha-a"]  # the post sha-a-ceo counts under sha-a; pct-a1 below it
    assert (sha_a.total, sha_a.rating, sha_a.rating_count) == (2, "red", 1)
    assert sha_a.next_deadline == date(2011, 9, 30)
    assert (groups["pct-a1"].rating, groups["pct-a1"].worst_slip_days) == ("red", 40)
    # d is on track but nothing supports a date for it (held at the as-of date): no slip
    assert (groups["sha-b"].rating, groups["sha-b"].worst_slip_days) == ("green", None)
    cqc = groups["cqc"]
    assert (cqc.rating, cqc.worst_slip_days, cqc.next_deadline) == ("undated", None, None)


def test_flat_groupings_worst_first_with_names_for_what_is_missing() -> None:
    plan = _hand_plan()
    statuses = evaluate(plan, AS_OF).milestones
    by_type = roll_up(plan, statuses, "type", AS_OF)
    assert [(g.key, g.rating, g.total) for g in by_type.groups] == [
        ("pct", "red", 1),
        ("sha", "unknown", 2),  # b (owned by a post of sha-a) and d
        ("regulator", "undated", 1),
        ("department", "done", 1),
    ]
    by_region = roll_up(plan, statuses, "region", AS_OF)
    # pct-a1 has no region of its own: it takes sha-a's
    assert [(g.key, g.name, g.total) for g in by_region.groups] == [
        ("North", "North", 2),
        ("South", "South", 1),
        ("", "(no region)", 2),
    ]
    by_owner = roll_up(plan, statuses, "owner", AS_OF)
    assert [(g.key, g.name) for g in by_owner.groups] == [
        ("pct-a1", "PCT A1"),
        ("sha-a-ceo", "SHA A chief"),
        ("sha-b", "SHA B"),
        ("cqc", "Regulator"),
        ("ceo", "Chief Executive (A. Person)"),
    ]
    by_workstream = roll_up(plan, statuses, "workstream", AS_OF)
    assert [(g.key, g.name, g.total) for g in by_workstream.groups] == [
        ("w2", "w2", 2),
        ("w1", "w1", 2),
        ("", "(no workstream)", 1),
    ]
    assert all(g.children == () for g in by_workstream.groups)


def test_a_deep_chain_of_organisations_and_a_cycle_do_not_break_the_roll_up() -> None:
    # 3,000 levels: no recursion limit; a parent cycle (which `check` rejects) still counts
    # every milestone once.
    orgs = [{"id": "o0", "name": "O0"}] + [
        {"id": f"o{i}", "name": f"O{i}", "parent": f"o{i - 1}"} for i in range(1, 3000)
    ]
    orgs += [
        {"id": "x", "name": "X", "parent": "y"},
        {"id": "y", "name": "Y", "parent": "x"},
    ]
    plan = make_plan(
        [milestone("deep", owner="o2999", due="2011-12-31"), milestone("loop", owner="y")],
        organisations=orgs,
    )
    statuses = evaluate(plan, AS_OF).milestones
    rollup = roll_up(plan, statuses, "organisation", AS_OF)
    depths = [d for d, _ in rollup.walk()]
    assert max(depths) == 2999
    assert sum(g.total for g in rollup.groups) == 2
    assert [g.key for g in rollup.groups] == ["o0", "x"]


# --- property: every group's counts are the sum of its members ------------------------------


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    n_orgs = draw(st.integers(1, 8))
    orgs: list[dict[str, Any]] = []
    for i in range(n_orgs):
        org: dict[str, Any] = {"id": f"o{i}", "name": f"Org {i}"}
        if i and draw(st.booleans()):
            org["parent"] = f"o{draw(st.integers(0, i - 1))}"
        kind = draw(st.sampled_from([None, "sha", "pct"]))
        if kind:
            org["type"] = kind
        region = draw(st.sampled_from([None, "North", "South"]))
        if region:
            org["region"] = region
        orgs.append(org)
    roles = [
        {
            "id": f"r{i}",
            "title": f"Post {i}",
            "organisation": f"o{draw(st.integers(0, n_orgs - 1))}",
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    owners = [o["id"] for o in orgs] + [r["id"] for r in roles]
    start = date(2010, 1, 1)
    day = st.integers(0, 900).map(lambda n: (start + timedelta(days=n)).isoformat())
    ms = []
    for i in range(draw(st.integers(0, 25))):
        fields: dict[str, Any] = {"owner": draw(st.sampled_from(owners))}
        if draw(st.booleans()):
            fields["due"] = draw(day)
        if draw(st.integers(0, 3)) == 0:
            fields["forecast"] = draw(day)
        if draw(st.integers(0, 3)) == 0:
            fields["actual"] = draw(day)
        workstream = draw(st.sampled_from([None, "a", "b"]))
        if workstream:
            fields["workstream"] = workstream
        if i and draw(st.booleans()):
            fields["depends_on"] = [f"m{draw(st.integers(0, i - 1))}"]
        ms.append(milestone(f"m{i}", **fields))
    if draw(st.booleans()):  # a cascade to every 'sha' (expanded as the loader does)
        fields = {"owner": draw(st.sampled_from(owners)), "cascade": {"type": "sha"}}
        if draw(st.booleans()):
            fields["due"] = draw(day)
        shas = [o["id"] for o in orgs if o.get("type") == "sha"]
        reports = {o: {"actual": draw(day)} for o in shas if draw(st.booleans())}
        if reports:
            fields["children"] = reports
        ms.append(milestone("cascaded", **fields))
    plan = make_plan(ms, organisations=orgs, roles=roles, programme={"start": start.isoformat()})
    expand_cascades(plan)
    return plan


def _ancestors(plan: Plan, org: str) -> set[str]:
    parents = {o.id: o.parent for o in plan.organisations}
    found: set[str] = set()
    current: str | None = org
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    return found


def _expect(group: RollupGroup, members: Iterable[MilestoneStatus], as_of: date) -> None:
    members = list(members)
    assert group.total == len(members) == sum(group.counts.values())
    assert group.counts == {r: sum(1 for s in members if s.rating == r) for r in RATINGS}
    assert group.rating == next(r for r in RATINGS if group.counts[r])
    open_ = [s for s in members if s.rating in OPEN_RATINGS]
    slips = [s.slip_days for s in open_ if s.slip_days is not None]
    assert group.worst_slip_days == (max(slips) if slips else None)
    deadlines = [s.due.day for s in open_ if s.due is not None and s.due.day >= as_of]
    assert group.next_deadline == (min(deadlines) if deadlines else None)


@settings(max_examples=60)
@given(plans(), st.integers(0, 900))
def test_roll_up_counts_equal_the_sum_of_their_members(plan: Plan, offset: int) -> None:
    as_of = date(2010, 1, 1) + timedelta(days=offset)
    everything = evaluate(plan, as_of).milestones
    org_of = organisation_of(plan)
    tree = roll_up(plan, everything, "organisation", as_of)
    # a cascade counts through its children, not again by its parent
    statuses = [s for s in everything if s.id not in plan.cascades]
    assert sum(g.total for g in tree.groups) == len(statuses)
    seen = [g.key for _, g in tree.walk()]
    assert len(seen) == len(set(seen))
    for _, group in tree.walk():
        members = [s for s in statuses if group.key in _ancestors(plan, org_of[s.owner])]
        _expect(group, members, as_of)
        # and each level is its own milestones plus its children's
        own = sum(1 for s in statuses if org_of[s.owner] == group.key)
        assert group.total == own + sum(c.total for c in group.children)
    orgs = {o.id: o for o in plan.organisations}
    for by in GROUP_BY:
        if by == "organisation":
            continue
        rollup = roll_up(plan, everything, by, as_of)
        assert sum(g.total for g in rollup.groups) == len(statuses)
        for group in rollup.groups:
            assert group.children == ()
            if by == "owner":
                members = [s for s in statuses if s.owner == group.key]
            elif by == "workstream":
                members = [s for s in statuses if (s.workstream or "") == group.key]
            elif by == "type":
                members = [s for s in statuses if (orgs[org_of[s.owner]].type or "") == group.key]
            else:
                members = [
                    s
                    for s in statuses
                    if next(
                        (o.region for o in _chain(plan, org_of[s.owner]) if o.region is not None),
                        "",
                    )
                    == group.key
                ]
            _expect(group, members, as_of)


def _chain(plan: Plan, org: str) -> list[Any]:
    orgs = {o.id: o for o in plan.organisations}
    out = []
    current: str | None = org
    while current is not None and current in orgs and orgs[current] not in out:
        out.append(orgs[current])
        current = orgs[current].parent
    return out
