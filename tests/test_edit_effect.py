"""The effect `update` and `returns apply` print, computed only where the edit can change it.

`effect_of` schedules and evaluates the whole plan before the edit, then only the cone downstream
of the reported milestones after it (`schedule.incremental`). These properties hold it to the
full computation (`full_effect_of`: both plans scheduled and evaluated whole) on generated
plans: link types and lags, durations in days, working days, weeks and months, not_before,
actuals, cancellations, re-baselines and forecasts in the history, a programme deadline or
none, a working-days calendar, milestones written out of dependency order.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from nhs_transition.edit import Report, edit_plan, plan_edit
from nhs_transition.edit.effect import _effect_downstream, effect_of, full_effect_of
from nhs_transition.edit.plan_edit import PlanEdit
from nhs_transition.load import load_plan, load_texts
from nhs_transition.model import Milestone, Plan
from nhs_transition.schedule import compute_schedule
from nhs_transition.schedule.incremental import reschedule_cone

from .factories import make_plan

ROOT = Path(__file__).resolve().parent.parent
START = date(2010, 1, 1)
_DAYS = st.integers(0, 1000).map(lambda n: START + timedelta(days=n))
_DURATION = st.sampled_from(["0d", "3d", "10d", "2w", "1m", "5wd", "20d", "2m"])
_LAG = st.sampled_from(["0d", "2d", "-3d", "1w", "-1w", "4wd", "1m"])


@st.composite
def _plans(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    n = draw(st.integers(1, 14))
    milestones: list[dict[str, Any]] = []
    for i in range(n):
        m: dict[str, Any] = {"id": f"m{i}", "title": f"Milestone {i}", "owner": "pmo"}
        m["duration"] = draw(_DURATION)
        if draw(st.booleans()) or draw(st.booleans()):
            m["due"] = draw(_DAYS).isoformat()
        if draw(st.integers(0, 4)) == 0:
            m["not_before"] = draw(_DAYS).isoformat()
        if i:
            deps = draw(st.lists(st.integers(max(0, i - 4), i - 1), max_size=3, unique=True))
            m["depends_on"] = [
                {
                    "id": f"m{d}",
                    "type": draw(st.sampled_from(["FS", "FS", "SS", "FF", "SF"])),
                    "lag": draw(_LAG),
                }
                for d in deps
            ]
        record = draw(st.integers(0, 9))
        if record == 0:
            m["actual"] = draw(_DAYS).isoformat()
        elif record <= 3:
            m["forecast"] = draw(_DAYS).isoformat()
        if draw(st.integers(0, 3)) == 0:
            day = draw(_DAYS)
            entry: dict[str, Any] = {"date": day.isoformat(), "reason": "Said so"}
            kind = draw(st.sampled_from(["forecast", "due", "cancel", "confirm"]))
            if kind == "forecast":
                entry["forecast"] = m.get("forecast") or draw(_DAYS).isoformat()
                m["forecast"] = entry["forecast"]
            elif kind == "due":
                entry["due"] = draw(_DAYS).isoformat()
            elif kind == "cancel":
                entry["status"] = "cancelled"
            m["history"] = [entry]
        milestones.append(m)
    if draw(st.booleans()):
        milestones = draw(st.permutations(milestones))  # written out of dependency order
    programme: dict[str, Any] = {
        "amber_tolerance_days": draw(st.sampled_from([0, 7, 30])),
        "float_warning_days": draw(st.sampled_from([0, 5, 20])),
    }
    if draw(st.integers(0, 3)) == 0:
        programme["deadline"] = draw(_DAYS).isoformat()
    if draw(st.integers(0, 3)) == 0:
        programme["calendar"] = draw(
            st.sampled_from(
                [
                    "working-days",
                    {"unit": "calendar-days", "holidays": "none"},
                    {
                        "unit": "working-days",
                        "working_week": ["mon", "tue", "wed", "thu", "fri", "sat"],
                        "non_working": ["2011-03-01", "2011-06-01"],
                        "working": ["2011-05-02"],
                    },
                ]
            )
        )
    if draw(st.integers(0, 3)) == 0:
        programme["stale_after"] = "8w"
    return milestones, programme


def _edited(
    milestones: list[dict[str, Any]], programme: dict[str, Any], reports: list[Report]
) -> PlanEdit:
    """The edit `update` makes: a forecast (or nothing) and a history entry on each reported
    milestone; every other milestone the same object, as `edit_plan` leaves them."""
    before = make_plan(milestones, programme=programme)
    by_id = {r.milestone: r for r in reports}
    new: list[Milestone] = []
    for data, m in zip(milestones, before.milestones, strict=True):
        report = by_id.get(m.id)
        if report is None:
            new.append(m)
            continue
        entry: dict[str, Any] = {"date": report.on.isoformat(), "reason": report.reason}
        changed = dict(data)
        if report.forecast is not None:
            entry["forecast"] = changed["forecast"] = str(report.forecast)
        changed["history"] = [*data.get("history", []), entry]
        new.append(Milestone.model_validate(changed))
    after = Plan(
        programme=before.programme,
        organisations=before.organisations,
        roles=before.roles,
        milestones=new,
    )
    return PlanEdit(before, after)


@st.composite
def _edits(draw: st.DrawFn) -> tuple[PlanEdit, list[Report], date]:
    milestones, programme = draw(_plans())
    ids = [m["id"] for m in milestones]
    reported = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    on = START + timedelta(days=draw(st.integers(0, 250)))
    later = st.integers(-30, 400).map(lambda n: (on + timedelta(days=n)).isoformat())
    reports = [
        Report(mid, on, forecast=draw(st.one_of(st.none(), later)), reason="Supplier late")
        for mid in reported
    ]
    as_of = draw(st.one_of(st.just(on), _DAYS))
    return _edited(milestones, programme, reports), reports, as_of


@given(_edits())
def test_the_effect_of_a_forecast_or_confirmation_is_the_full_computations(
    case: tuple[PlanEdit, list[Report], date],
) -> None:
    edit, reports, as_of = case
    full = full_effect_of(edit, reports, as_of)
    fast = _effect_downstream(edit, reports, as_of)
    note(f"downstream path taken: {fast is not None}")
    if fast is not None:
        assert fast == full
    assert effect_of(edit, reports, as_of) == full


@given(_edits())
def test_the_cone_is_scheduled_as_the_whole_plan_would_be(
    case: tuple[PlanEdit, list[Report], date],
) -> None:
    edit, reports, as_of = case
    before = compute_schedule(edit.before, as_of)
    cone = reschedule_cone(before, edit.before, edit.after, as_of, {r.milestone for r in reports})
    if cone is None:
        return  # the edit moves late dates too: the caller schedules the whole plan
    full = compute_schedule(edit.after, as_of)
    assert cone.finish == full.finish
    # Every figure of every milestone, as the whole plan scheduled again gives it.
    assert cone.columns == full.columns
    assert list(cone.rows) == [mid for mid in full.order if mid in cone.rows]
    for mid, row in cone.rows.items():
        assert row == full.rows[mid], mid
    # What is not among the moved kept its forward pass.
    for mid, row in before.rows.items():
        if mid not in cone.rows:
            after = full.rows[mid]
            assert (row.early_start, row.early_finish, row.constraint, row.driver) == (
                after.early_start,
                after.early_finish,
                after.constraint,
                after.driver,
            )


def test_a_re_forecast_halfway_through_a_chain_takes_the_downstream_path() -> None:
    """The common case the speed target measures: a re-forecast with deadlines everywhere."""
    milestones = [
        {
            "id": f"m{i}",
            "title": f"M{i}",
            "owner": "pmo",
            "due": (START + timedelta(days=60 + 30 * i)).isoformat(),
            "duration": "10d",
            **({"depends_on": [f"m{i - 1}"]} if i else {}),
            **({"forecast": "2010-06-01"} if i == 5 else {}),
        }
        for i in range(12)
    ]
    on = date(2010, 1, 5)
    reports = [Report("m5", on, forecast="2010-09-01", reason="Supplier late")]
    edit = _edited(milestones, {}, reports)
    fast = _effect_downstream(edit, reports, on)
    assert fast is not None
    assert fast == full_effect_of(edit, reports, on)
    assert [e.expected_after for e in fast.effects] == [date(2010, 9, 1)]
    assert {m.id for m in fast.moved} == {f"m{i}" for i in range(6, 12)}
    assert all(m.days == 92 for m in fast.moved)
    assert fast.finish_after - fast.finish_before == timedelta(days=92)


def test_several_reports_in_one_file_are_read_back_where_the_edit_left_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edited milestone is read again at its place in the edited text (moved by the edits
    above it), without reading the whole plan again; the plan is the one a reload gives."""
    shutil.copytree(ROOT / "tests" / "cases" / "valid" / "every-link-type", tmp_path / "plan")
    loaded = load_plan(tmp_path / "plan").plan
    assert loaded is not None
    on = date(2011, 9, 1)
    reports = [
        Report("board-live", on, forecast="2012-05-01", reason="R&D late: 'three' \"weeks\""),
        Report("respond", on, reason="On track"),
        Report("handover", on, forecast="2012-03-20", reason="Late"),
    ]
    reloads: list[int] = []
    reload = plan_edit._reloaded
    monkeypatch.setattr(plan_edit, "_reloaded", lambda *a: reloads.append(1) or reload(*a))
    edit = edit_plan(loaded, reports)
    assert reloads == []
    again = load_texts(dict(edit.after.locator.texts), loaded.root).plan
    assert again is not None
    assert edit.after.milestones == again.milestones


_LINES = st.lists(
    st.sampled_from(["a: 1", "b: 2", "  - id: x", "", "# note", "c: 'q'"]), max_size=40
)
# str.splitlines breaks at these too: the texts are then compared whole.
_ODD_LINES = st.lists(st.sampled_from(["a: 1", "b: 2", "d: 1\r", "e\x0c"]), max_size=40)


@given(
    st.one_of(_LINES, _LINES, _LINES, _ODD_LINES),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3), _LINES), max_size=3),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.sampled_from([1, 3, 7, 1 << 14]),
)
def test_the_diff_of_an_edit_is_the_diff_of_the_whole_texts(
    lines: list[str], edits: list[tuple[int, int, list[str]]], newline: str, final: bool, chunk: int
) -> None:
    """The diff is taken around the change only; it is the diff of the whole texts."""
    new = list(lines)
    for at, removed, added in edits:
        new[at : at + removed] = added
    old_text = newline.join(lines) + (newline if final else "")
    new_text = newline.join(new) + (newline if final else "")
    whole = plan_edit._unified(
        old_text.splitlines(keepends=True), new_text.splitlines(keepends=True), "f"
    )
    kept = plan_edit._CHUNK
    plan_edit._CHUNK = chunk  # compared a chunk at a time: small chunks cross lines and ends
    try:
        skipped, old_part, new_part = plan_edit._around_the_change(old_text, new_text)
    finally:
        plan_edit._CHUNK = kept
    part = plan_edit._unified(
        old_part.splitlines(keepends=True), new_part.splitlines(keepends=True), "f", skipped
    )
    assert part == whole


def _patched(old: list[str], diff: list[str]) -> list[str]:
    """`old` with a unified diff applied (as `patch` applies one; the context must match)."""
    out: list[str] = []
    at = 0  # lines of `old` used
    k = 2  # past the header
    while k < len(diff):
        found = plan_edit._HUNK.match(diff[k])
        assert found, diff[k]
        start = int(found[1]) - (0 if found[2] == ",0" else 1)
        out += old[at:start]
        at = start
        k += 1
        while k < len(diff) and not diff[k].startswith("@@"):
            tag, line = diff[k][0], diff[k][1:]
            if tag in " -":
                assert old[at] == line, (at, old[at], line)
                at += 1
            if tag in " +":
                out.append(line)
            k += 1
    return out + old[at:]


@given(
    st.integers(0, 60),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 3), st.integers(0, 3)), max_size=5),
    st.booleans(),
    st.sampled_from(["a: 1", "line"]),
)
def test_a_diff_taken_region_by_region_is_the_whole_texts_diff(
    n: int, edits: list[tuple[int, int, int]], final: bool, base: str
) -> None:
    """`returns apply --dry-run` diffs each edited item with a few lines around it. On lines
    that are all different it is exactly the diff of the whole texts; on repeated lines (where
    more than one diff is right) it still turns the old text into the new."""
    unique = base == "line"
    old_lines = [f"{base} {k}" if unique else base for k in range(n)]
    # Non-overlapping edits, in order: replace `removed` lines at `at` with `added` new ones.
    spans: list[tuple[int, int, list[str]]] = []
    taken = -1
    for k, (at, removed, added) in enumerate(sorted(edits)):
        if at <= taken or at > n:
            continue
        removed = min(removed, n - at)
        if not removed and not added:
            continue
        spans.append((at, at + removed, [f"new {k}.{j}" for j in range(added)]))
        taken = at + removed
    old_text = "\n".join(old_lines) + ("\n" if final or not old_lines else "")
    new_lines = list(old_lines)
    for a, b, added in reversed(spans):
        new_lines[a:b] = added
    new_text = "\n".join(new_lines) + ("\n" if final or not new_lines else "")
    offsets = [0]
    for line in old_text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    regions = []
    delta = 0
    for a, b, added in spans:
        if b > len(offsets) - 1 or (not final and b == n and n):
            return  # an edit at the unterminated last line: not what an item edit makes
        start, end = offsets[a], offsets[b]
        text = "".join(f"{line}\n" for line in added)
        regions.append((start, end, start + delta, start + delta + len(text)))
        delta += len(text) - (end - start)
    assert new_text == _spliced(old_text, regions, new_text)
    diff = plan_edit._region_diff(old_text, new_text, "f", regions)
    whole = plan_edit._unified(
        old_text.splitlines(keepends=True), new_text.splitlines(keepends=True), "f"
    )
    if unique:
        assert diff == whole
    assert _patched(old_text.splitlines(keepends=True), diff) == new_text.splitlines(keepends=True)


def _spliced(old: str, regions: list[tuple[int, int, int, int]], new: str) -> str:
    """`old` with each region replaced by the new text's (the regions are right)."""
    out, at = [], 0
    for a, b, c, d in regions:
        out += [old[at:a], new[c:d]]
        at = b
    return "".join(out) + old[at:]


def test_the_cone_counts_working_days_in_the_plans_own_calendar() -> None:
    # A six-day week with a day off: 10wd after 28 February 2011 is not what Monday-Friday gives.
    milestones: list[dict[str, Any]] = [
        {"id": "a", "title": "A", "owner": "pmo", "forecast": "2011-02-21", "due": "2011-12-31"},
        {
            "id": "b",
            "title": "B",
            "owner": "pmo",
            "duration": "10wd",
            "depends_on": ["a"],
            "due": "2011-12-31",
        },
    ]
    programme = {
        "deadline": "2011-12-31",
        "calendar": {
            "unit": "working-days",
            "working_week": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "non_working": ["2011-03-01"],
        },
    }
    reports = [Report("a", date(2011, 2, 1), forecast="2011-02-28", reason="Supplier late")]
    edit = _edited(milestones, programme, reports)
    as_of = date(2011, 2, 1)
    before = compute_schedule(edit.before, as_of)
    cone = reschedule_cone(before, edit.before, edit.after, as_of, {"a"})
    assert cone is not None  # the quick route is taken
    full = compute_schedule(edit.after, as_of)
    assert full.rows["b"].early_finish == date(2011, 3, 12)  # Mar 2-5, 7-12: ten days, Sat worked
    assert cone.rows["b"] == full.rows["b"]
    assert effect_of(edit, reports, as_of) == full_effect_of(edit, reports, as_of)
