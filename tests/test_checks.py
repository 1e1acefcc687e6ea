"""The rules of `check`: the corpus under tests/cases/ and unit tests on plans built in Python.

Each `tests/cases/invalid/NAME/` directory holds a plan and `expected.txt`, the exact
diagnostics it must produce, one a line: `file:line:col: severity: code`. Set UPDATE_GOLDEN=1
to rewrite them (then read the diff: it is the test).
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nhs_transition.checks import RULES, check_plan, run_checks
from nhs_transition.dates import exact
from nhs_transition.errors import Diagnostic, Severity
from nhs_transition.load import load_plan
from nhs_transition.model import Plan
from nhs_transition.schedule import CycleError, compute_schedule

from .factories import make_plan, milestone
from .goldens import golden

CASES = Path(__file__).parent / "cases"
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
HOSTILE = [p for p in INVALID if p.name.startswith("hostile-")]


def check_dir(directory: Path) -> tuple[list[Diagnostic], bool]:
    """Load and check a plan directory the way `transition check` does."""
    result = load_plan(directory)
    found = list(result.diagnostics)
    if result.plan is not None and not result.fatal:
        found += run_checks(result.plan)
    return found, result.fatal


def expected_lines(directory: Path, found: list[Diagnostic]) -> list[str]:
    """`file:line:col: severity: code`, the file relative to the case directory."""
    lines = []
    for d in sorted(found, key=Diagnostic.sort_key):
        rel = Path(d.file).resolve().relative_to(directory.resolve()).as_posix()
        lines.append(f"{rel}:{d.line}:{d.column}: {d.severity.value}: {d.code}")
    return lines


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_cases_are_clean(case: Path) -> None:
    found, fatal = check_dir(case)
    assert not fatal
    assert [d.format_text() for d in found] == []


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_cases_give_exactly_the_expected_diagnostics(case: Path) -> None:
    found, _ = check_dir(case)
    actual = expected_lines(case, found)
    expected = golden(case / "expected.txt", "\n".join(actual) + "\n").splitlines()
    assert actual == expected
    assert found, "an invalid case must produce diagnostics"


def test_every_rule_has_a_failing_case_in_the_corpus() -> None:
    codes: set[str] = set()
    for case in INVALID:
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
            codes.add(line.rsplit(": ", 1)[-1])
    assert set(RULES) - codes == set()


def test_every_rule_case_is_named_after_its_rule() -> None:
    names = {p.name for p in INVALID}
    assert set(RULES) <= names


@pytest.mark.parametrize("case", HOSTILE, ids=lambda p: p.name)
def test_hostile_files_fail_fast_with_one_clear_diagnostic(case: Path) -> None:
    started = time.perf_counter()
    found, fatal = check_dir(case)
    elapsed = time.perf_counter() - started
    # A guard against a blow-up (an alias bomb expanded, a nesting walked without bound takes
    # minutes or runs out of memory), not a speed target: those live in bench/. A bound this
    # tight (it was 0.5 s) failed now and then on a busy 2-core machine.
    assert elapsed < 5
    assert fatal
    assert len(found) == 1
    assert found[0].severity is Severity.ERROR
    assert "Traceback" not in found[0].message


def test_rule_codes_are_kebab_case_with_a_summary() -> None:
    for code, rule in RULES.items():
        assert rule.code == code
        assert code.replace("-", "").isalpha() and code == code.lower()
        assert rule.summary


# --- Unit tests on plans built in Python ------------------------------------------------------


def codes(found: list[Diagnostic]) -> list[str]:
    """The rule codes of `found`, in order."""
    return [d.code for d in found]


def test_a_clean_plan_has_no_diagnostics() -> None:
    plan = make_plan(
        [
            milestone("a", due="2010-03-01"),
            milestone("b", depends_on=["a"], due="2010-06-01", forecast="2010-05-01"),
        ]
    )
    assert run_checks(plan) == []


def test_unknown_dependency_suggests_the_closest_id() -> None:
    plan = make_plan(
        [milestone("consultation-close"), milestone("b", depends_on=["consultaton-close"])]
    )
    [d] = run_checks(plan)
    assert d.code == "unknown-dependency"
    assert d.milestone == "b"
    assert "did you mean 'consultation-close'?" in d.message


def test_a_cycle_names_every_id_in_order_once() -> None:
    plan = make_plan(
        [
            milestone("a", depends_on=["c"]),
            milestone("b", depends_on=["a"]),
            milestone("c", depends_on=["b"]),
        ]
    )
    [d] = run_checks(plan)
    assert d.code == "dependency-cycle"
    # a waits on c, which waits on b, which waits on a: read as a chain (each waits on the one
    # before it), the arrow meaning what it means in every other output.
    assert "a → b → c → a (each waits on the one before it)" in d.message


def test_a_self_dependency_is_not_also_a_cycle() -> None:
    plan = make_plan([milestone("a", depends_on=["a"])])
    assert codes(run_checks(plan)) == ["self-dependency"]


def test_role_and_organisation_ids_share_one_namespace() -> None:
    plan = make_plan(
        [milestone("a")],
        roles=[{"id": "pmo", "title": "Head of PMO", "organisation": "pmo"}],
    )
    [d] = run_checks(plan)
    assert d.code == "duplicate-id"
    assert "role id 'pmo' is also an organisation id" in d.message


@pytest.mark.parametrize(
    ("link", "forecast", "flagged"),
    [
        ({"id": "a"}, "2010-02-28", True),
        ({"id": "a"}, "2010-03-01", False),
        ({"id": "a", "lag": "1w"}, "2010-03-07", True),
        ({"id": "a", "lag": "1w"}, "2010-03-08", False),
        ({"id": "a", "lag": "-1w"}, "2010-02-22", False),
        ({"id": "a", "type": "SS"}, "2010-02-28", False),  # duration 0: SS allows its start
        ({"id": "a", "type": "FF"}, "2010-02-28", True),
        ({"id": "a", "type": "SF"}, "2010-02-28", False),
    ],
)
def test_forecast_before_dependencies_uses_the_schedule_link_rules(
    link: dict[str, str], forecast: str, flagged: bool
) -> None:
    plan = make_plan(
        [
            milestone("a", due="2010-03-01", forecast="2010-03-01", duration="4w"),
            milestone("b", depends_on=[link], forecast=forecast),
        ]
    )
    assert codes(run_checks(plan)) == (["forecast-before-dependencies"] if flagged else [])


def test_forecast_before_dependencies_counts_a_predecessors_actual() -> None:
    plan = make_plan(
        [
            milestone("a", due="2010-03-01", actual="2010-04-01"),
            milestone("b", depends_on=["a"], forecast="2010-03-15"),
        ],
        programme={"status_date": "2010-05-01"},
    )
    [d] = run_checks(plan)
    assert d.code == "forecast-before-dependencies"
    assert "allow 1 April 2010 at the earliest (driven by 'a', FS)" in d.message


def test_working_day_lags_follow_the_programme_calendar() -> None:
    # Friday 5 March 2010 + 1 working day = Monday 8 March.
    plan = make_plan(
        [
            milestone("a", forecast="2010-03-05"),
            milestone("b", depends_on=[{"id": "a", "lag": "1wd"}], forecast="2010-03-06"),
        ]
    )
    assert codes(run_checks(plan)) == ["forecast-before-dependencies"]
    assert "8 March 2010" in run_checks(plan)[0].message


@pytest.mark.parametrize(
    ("owner_dates", "milestone_dates", "flagged"),
    [
        ({"abolished": "2010-03-31"}, {"due": "2010-03-31"}, False),
        ({"abolished": "2010-03-31"}, {"due": "2010-04-01"}, True),
        ({"abolished": "2010-03-31"}, {"due": "2010-04-01", "forecast": "2010-03-01"}, False),
        ({"abolished": "2010-03-31"}, {"due": "2010-03-01", "forecast": "2010-04-30"}, True),
        ({"abolished": "2010-03-31"}, {"forecast": "2010-05-01", "actual": "2010-03-30"}, False),
        ({"established": "2010-04-01"}, {"due": "2010-03-31"}, True),
        ({"established": "2010-04-01"}, {"due": "2010-04-01"}, False),
        ({"established": "April 2010"}, {"due": "2010-04-01"}, False),
        ({"abolished": "2010-03-31"}, {}, False),
    ],
)
def test_owner_inactive_uses_actual_else_forecast_else_due(
    owner_dates: dict[str, str], milestone_dates: dict[str, str], flagged: bool
) -> None:
    plan = make_plan(
        [milestone("a", **milestone_dates)],
        organisations=[{"id": "pmo", "name": "PMO", **owner_dates}],
        programme={"status_date": "2010-06-01"},
    )
    assert codes(run_checks(plan)) == (["owner-inactive"] if flagged else [])


def test_owner_inactive_follows_a_role_to_its_organisation() -> None:
    plan = make_plan(
        [milestone("a", owner="lead", due="2011-01-01")],
        organisations=[{"id": "pmo", "name": "PMO", "abolished": "2010-12-31"}],
        roles=[{"id": "lead", "title": "Lead", "organisation": "pmo"}],
    )
    [d] = run_checks(plan)
    assert d.code == "owner-inactive"
    assert "the organisation of role 'lead'" in d.message


def test_history_latest_entry_is_the_latest_dated_not_the_last_written() -> None:
    plan = make_plan(
        [
            milestone(
                "a",
                forecast="2010-06-01",
                history=[
                    {"date": "2010-02-01", "forecast": "2010-06-01"},
                    {"date": "2010-01-01", "forecast": "2010-05-01"},
                ],
            )
        ]
    )
    assert codes(run_checks(plan)) == ["history-out-of-order"]


def test_a_done_milestone_may_keep_history_without_a_forecast() -> None:
    plan = make_plan(
        [
            milestone(
                "a",
                actual="2010-03-01",
                history=[{"date": "2010-02-01", "forecast": "2010-03-01"}],
            )
        ],
        programme={"status_date": "2010-04-01"},
    )
    assert run_checks(plan) == []


def test_actual_after_status_date_needs_a_status_date() -> None:
    plan = make_plan([milestone("a", actual="2030-01-01")])
    assert run_checks(plan) == []


def test_checks_are_sorted_and_do_not_depend_on_order_of_rules() -> None:
    plan = make_plan(
        [milestone("b", owner="x", depends_on=["zz"]), milestone("b")],
    )
    found = run_checks(plan)
    assert found == sorted(found, key=Diagnostic.sort_key)
    assert sorted(codes(found)) == ["duplicate-id", "unknown-dependency", "unknown-owner"]


def test_checks_survive_an_empty_plan() -> None:
    assert run_checks(make_plan([])) == []


def _is_code(cell: str) -> bool:
    """A rule table's first cell (`unknown-owner`), not another table's (`transition status`)."""
    return re.fullmatch(r"[a-z][a-z-]*", cell.strip(" `")) is not None


@pytest.mark.parametrize("page", ["README.md", "docs/check.md"])
def test_the_rule_table_lists_every_rule_with_its_severity(page: str) -> None:
    docs = (Path(__file__).parent.parent / page).read_text(encoding="utf-8")
    rows = {
        cells[1].strip(" `"): cells[2].strip()
        for line in docs.splitlines()
        if line.startswith("| `") and len(cells := line.split("|")) > 3 and _is_code(cells[1])
    }
    assert rows == {code: rule.severity.value for code, rule in RULES.items()}


@pytest.mark.parametrize("page", ["README.md", "docs/check.md"])
def test_the_example_messages_in_the_rule_table_are_real_output(page: str) -> None:
    docs = (Path(__file__).parent.parent / page).read_text(encoding="utf-8")
    real = {d.message for case in INVALID for d in check_dir(case)[0]}
    examples = [
        line.rstrip(" |").rsplit(" | ", 1)[-1]
        for line in docs.splitlines()
        if line.startswith("| `") and _is_code(line.split("|")[1])
    ]
    assert examples and [e for e in examples if e not in real] == []


def test_ignored_warnings_are_counted_not_kept() -> None:
    plan = make_plan(
        [milestone("a", due="2009-01-01", actual="2011-01-01"), milestone("b", due="2009-06-01")],
        programme={
            "status_date": "2010-06-01",
            "ignore_warnings": ["due-before-start"],
        },
    )
    result = check_plan(plan)
    assert codes(result.diagnostics) == ["actual-after-status-date"]
    assert result.ignored == {"due-before-start": 2}
    assert result.ignored_count == 2
    assert run_checks(plan) == result.diagnostics


def test_errors_cannot_be_ignored() -> None:
    plan = make_plan(
        [milestone("a", owner="nobody")], programme={"ignore_warnings": ["unknown-owner"]}
    )
    assert sorted(codes(run_checks(plan))) == ["invalid-ignore", "unknown-owner"]


# --- Properties -------------------------------------------------------------------------------

_LINK = st.fixed_dictionaries(
    {
        "id": st.integers(0, 7).map(lambda i: f"m{i}"),
        "type": st.sampled_from(["FS", "SS", "FF", "SF"]),
        "lag": st.sampled_from(["0d", "3d", "-2d", "1w", "2wd", "1m"]),
    }
)
_MILESTONE = st.fixed_dictionaries(
    {
        "depends_on": st.lists(_LINK, max_size=3),
        "duration": st.sampled_from(["0d", "5d", "2w", "1m", "3wd"]),
        "forecast": st.one_of(st.none(), st.dates(date(2010, 1, 1), date(2011, 6, 30))),
        "actual": st.one_of(st.none(), st.dates(date(2010, 1, 1), date(2011, 6, 30))),
    }
)


def _plan_of(drawn: list[dict[str, Any]]) -> Plan:
    ms = []
    for i, fields in enumerate(drawn):
        m = {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}
        ms.append(milestone(f"m{i}", **{k: v for k, v in m.items() if v is not None}))
    return make_plan(ms, programme={"status_date": "2011-12-31"})


@settings(max_examples=100)
@given(st.lists(_MILESTONE, min_size=1, max_size=8))
def test_a_cycle_is_reported_exactly_when_the_schedule_finds_one(
    drawn: list[dict[str, Any]],
) -> None:
    plan = _plan_of(drawn)
    found = codes(run_checks(plan))
    try:
        compute_schedule(plan, date(2011, 12, 31))
        cyclic = False
    except CycleError:
        cyclic = True
    assert ("dependency-cycle" in found or "self-dependency" in found) == cyclic


@settings(max_examples=100)
@given(st.lists(_MILESTONE, min_size=1, max_size=8))
def test_forecasts_the_schedule_would_give_raise_no_forecast_warning(
    drawn: list[dict[str, Any]],
) -> None:
    plan = _plan_of([{**m, "forecast": None, "actual": None} for m in drawn])
    try:
        rows = compute_schedule(plan, date(2009, 12, 31)).rows
    except CycleError:
        return
    for m in plan.milestones:
        if m.id in rows:
            m.forecast = exact(rows[m.id].early_finish)
    assert "forecast-before-dependencies" not in codes(run_checks(plan))
    earlier = [m for m in plan.milestones if m.id in rows and rows[m.id].constraint == "dependency"]
    for m in earlier:
        assert m.forecast is not None
        m.forecast = exact(m.forecast.day - timedelta(days=1))
    flagged = {d.milestone for d in run_checks(plan) if d.code == "forecast-before-dependencies"}
    assert {m.id for m in earlier} <= flagged


_ANY_LINK = st.fixed_dictionaries(
    {"id": st.integers(0, 7).map(lambda i: f"m{i}"), "type": st.sampled_from(["FS", "SS"])}
)


@settings(max_examples=150)
@given(st.lists(st.tuples(st.integers(0, 5), st.lists(_ANY_LINK, max_size=3)), max_size=8))
def test_dependency_rules_match_a_plain_reading_of_them(
    drawn: list[tuple[int, list[dict[str, str]]]],
) -> None:
    """Repeated ids, unknown, self and repeated links, links forwards and backwards."""
    import networkx as nx

    plan = make_plan([milestone(f"m{i}", depends_on=links) for i, links in drawn])
    firsts: dict[str, Any] = {}
    for m in plan.milestones:
        firsts.setdefault(m.id, m)
    expected: set[tuple[str, str | None, str]] = set()
    graph = nx.DiGraph()
    for m in plan.milestones:
        seen = set()
        for dep in m.depends_on:
            if dep.id == m.id:
                expected.add(("self-dependency", m.id, dep.id))
            elif dep.id not in firsts:
                expected.add(("unknown-dependency", m.id, dep.id))
            elif firsts[m.id] is m:
                graph.add_edge(m.id, dep.id)
            if (dep.id, dep.type) in seen:
                expected.add(("duplicate-dependency", m.id, dep.id))
            seen.add((dep.id, dep.type))
    rules = {"self-dependency", "unknown-dependency", "duplicate-dependency"}
    found = {
        (d.code, d.milestone, re.findall(r"'([^']*)'", d.message)[1])  # the dependency's id
        for d in run_checks(plan)
        if d.code in rules
    }
    assert found == expected
    cyclic = any(d.code == "dependency-cycle" for d in run_checks(plan))
    assert cyclic == (not nx.is_directed_acyclic_graph(graph))


def test_unknown_dependency_never_suggests_the_milestone_itself() -> None:
    # 'review' is the closest id to 'reviews' for every milestone but itself; one search
    # serves all three, and each message still leaves its own milestone out.
    plan = make_plan(
        [
            milestone("review", depends_on=["reviews"]),
            milestone("revise", depends_on=["reviews"]),
            milestone("other", depends_on=["reviews"]),
        ]
    )
    hints = {
        d.milestone: re.findall(r"did you mean '([^']*)'", d.message)
        for d in run_checks(plan)
        if d.code == "unknown-dependency"
    }
    assert hints == {"review": ["revise"], "revise": ["review"], "other": ["review"]}


def test_suggestions_stop_after_fifty_distinct_unknown_ids() -> None:
    # Each search reads every id of the plan; a plan-wide rename must not make check crawl.
    targets = [milestone(f"stage-{k:02d}") for k in range(60)]
    typos = [milestone(f"user-{k:02d}", depends_on=[f"stage-{k:02d}x"]) for k in range(60)]
    found = [d for d in run_checks(make_plan(targets + typos)) if d.code == "unknown-dependency"]
    assert len(found) == 60
    hinted = [d.milestone for d in found if "did you mean" in d.message]
    assert hinted == [f"user-{k:02d}" for k in range(50)]
    assert "did you mean 'stage-07'?" in found[7].message


# --- schedule-outside-calendar: the static bound never hides what the schedule finds ------------

_SPANS = ["0d", "3m", "400m", "1200m", "36525d", "26089wd", "5218w", "-1200m", "-36525d"]


@st.composite
def _plans_near_the_calendar_edges(draw: st.DrawFn) -> Plan:
    start = draw(st.sampled_from(["1000-01-01", "1004-06-30", "8890-01-01", "8999-06-01"]))
    working = draw(st.booleans())
    ms = []
    for k in range(draw(st.integers(1, 6))):
        fields: dict[str, Any] = {"duration": draw(st.sampled_from(_SPANS[:7]))}
        if k and draw(st.booleans()):
            p = draw(st.integers(0, k - 1))
            kind = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
            fields["depends_on"] = [
                {"id": f"m{p}", "type": kind, "lag": draw(st.sampled_from(_SPANS))}
            ]
        if draw(st.booleans()):
            fields["due"] = draw(st.sampled_from(["1000-03-01", "1010-01-01", "8999-12-31"]))
        ms.append(milestone(f"m{k}", **fields))
    programme = {"start": start, **({"calendar": "working-days"} if working else {})}
    return make_plan(ms, programme=programme)


@settings(max_examples=150, deadline=None)
@given(_plans_near_the_calendar_edges())
def test_check_finds_a_schedule_outside_the_calendar_exactly_when_the_schedule_does(
    plan: Plan,
) -> None:
    from nhs_transition.schedule import OutsideCalendar

    found = [d for d in check_plan(plan).diagnostics if d.code == "schedule-outside-calendar"]
    try:
        compute_schedule(plan, plan.programme.start.day)
    except OutsideCalendar as exc:
        assert [d.milestone for d in found] == [exc.milestone]
    else:
        assert found == []


# --- Stand-ins: a milestone with one bad field stays known (no cascade) -------------------------

STAND_IN_ORGANISATIONS = """\
organisations:
  - {id: dh, name: Department of Health}
roles:
  - {id: pmo, title: Programme office, organisation: dh}
"""


def check_texts(
    tmp_path: Path, milestones: str, organisations: str = STAND_IN_ORGANISATIONS
) -> list[tuple[int, int, str]]:
    """(line, column, code) of every diagnostic `check` gives for timeline.yaml's milestones."""
    (tmp_path / "organisations.yaml").write_text(organisations, encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text(
        "programme: {id: p, name: P, start: 2025-01-06}\nmilestones:\n" + milestones,
        encoding="utf-8",
    )
    return sorted((d.line, d.column, d.code) for d in check_dir(tmp_path)[0])


def test_a_milestone_without_a_title_and_with_a_bad_owner_stays_known(tmp_path: Path) -> None:
    found = check_texts(
        tmp_path,
        "  - {id: a, owner: Not A Slug}\n"  # line 3: no title, owner not an id
        "  - {id: b, title: B, owner: pmo, depends_on: [a]}\n",
    )
    # The two real problems; no "'b' depends on 'a', which is not a milestone" and no
    # "'a' is owned by 'a'" for the owner filled in.
    assert found == [(3, 5, "missing-key"), (3, 20, "invalid-id")]


def test_a_stand_in_keeps_its_links_so_a_cycle_and_an_unknown_id_are_found(tmp_path: Path) -> None:
    found = check_texts(
        tmp_path,
        "  - {id: a, title: A, owner: pmo, depends_on: [b]}\n"
        "  - id: b\n"
        "    title: B\n"
        "    owner: pmo\n"
        "    due: 2025-02-30\n"  # line 7
        "    depends_on: [{id: a, lag: two days}, c]\n",  # line 8: a bad lag, an unknown id
    )
    assert found == [
        (3, 48, "dependency-cycle"),
        (7, 10, "invalid-date"),
        (8, 31, "invalid-duration"),
        (8, 42, "unknown-dependency"),
    ]


def test_links_after_a_bad_id_are_not_guessed_at(tmp_path: Path) -> None:
    # The stand-in keeps the links before the bad one only (rules point at a link by its
    # index): no unknown-dependency for 'c' at the wrong place, no phantom either.
    found = check_texts(
        tmp_path,
        "  - {id: a, title: A, owner: pmo}\n"
        "  - {id: b, title: B, owner: pmo, depends_on: [a, Bad Id, c]}\n",
    )
    assert found == [(4, 51, "invalid-id")]


def test_an_organisation_or_role_with_a_bad_field_stays_known(tmp_path: Path) -> None:
    organisations = (
        "organisations:\n"
        "  - {id: dh, name: Department of Health, abolished: 2013-02-30}\n"  # line 2
        "roles:\n"
        "  - {id: pmo, title: Programme office, organisation: Dh}\n"  # line 4
    )
    found = check_texts(
        tmp_path,
        "  - {id: a, title: A, owner: dh}\n  - {id: b, title: B, owner: pmo}\n",
        organisations,
    )
    assert found == [(2, 53, "invalid-date"), (4, 54, "invalid-id")]


def test_a_programme_with_a_bad_field_still_lets_the_rules_run(tmp_path: Path) -> None:
    # The status date and the calendar are written wrong: the milestones are still checked for
    # owners and links, but not against a schedule whose calendar is not known (a's forecast
    # would be before what 20 working or calendar days allow: no guess either way).
    (tmp_path / "organisations.yaml").write_text(STAND_IN_ORGANISATIONS, encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text(
        "programme:\n"
        "  {id: p, name: P, start: 2025-01-06, status_date: 6 Janvier 2025, calendar: wd}\n"
        "milestones:\n"
        "  - {id: a, title: A, owner: pmo, forecast: 2025-01-10, duration: 20d}\n"
        "  - {id: b, title: B, owner: pmx, depends_on: [a, c]}\n",
        encoding="utf-8",
    )
    found = sorted((d.line, d.code) for d in check_dir(tmp_path)[0])
    assert found == [
        (2, "invalid-date"),
        (2, "invalid-value"),
        (5, "unknown-dependency"),
        (5, "unknown-owner"),
    ]


# Kebab-case literals in the loader's sources that are not diagnostic codes.
_NOT_CODES = {"utf-8", "my-id", "invalid-yaml"}  # invalid-yaml: edit/ shows only its message


def test_every_loader_code_is_documented() -> None:
    """Every code the loader (load/, yamlsrc/) can report is named in docs/check.md."""
    root = Path(__file__).parent.parent
    docs = (root / "docs" / "check.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", docs))
    sources = [
        p
        for folder in ("load", "yamlsrc")
        for p in (root / "src" / "nhs_transition" / folder).glob("*.py")
    ]
    codes = {
        code
        for p in sources
        for code in re.findall(r'"([a-z0-9]+(?:-[a-z0-9]+)+)"', p.read_text(encoding="utf-8"))
    } - _NOT_CODES
    assert {"yaml-syntax", "file-outside-plan", "cascade-parent-report"} <= codes
    assert codes - documented == set()
