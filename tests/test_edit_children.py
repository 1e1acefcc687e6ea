"""Reports on a cascade's child (`update parent/org`, `returns`): written under `children:`.

A report on one organisation's child edits only that organisation's entry under the parent's
`children:` mapping (created when absent): every other child's lines, and every other byte of
the file, stay as they were. A hypothesis test applies random sequences of child reports to the
same cascade written in several styles.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from nhs_transition.checks import check_plan
from nhs_transition.edit import Report, edit_plan, report_problems
from nhs_transition.edit.text import after_line
from nhs_transition.errors import Severity, TransitionError
from nhs_transition.load import load_plan
from nhs_transition.yamlsrc.spans import NodeSpan, spans
from tests.test_cli_update import invoke

ORGANISATIONS = """\
organisations:
  - id: dh
    name: Department
  - id: sha-a
    name: Authority A
    type: sha
    parent: dh
  - id: sha-b
    name: Authority B
    type: sha
    parent: dh
  - id: sha-c
    name: Authority C
    type: sha
    parent: dh
  - id: sha-d
    name: Authority D
    type: sha
    parent: dh
roles:
  - id: lead
    title: Lead
    organisation: dh
"""
ORGS = ("sha-a", "sha-b", "sha-c", "sha-d")

BLOCK = """\
# A cascade whose children report in several styles.
programme:
  id: t
  name: Test
  start: 1 January 2024
milestones:
  - id: first
    title: First
    owner: lead
    due: 1 March 2024
  - id: interviews
    title: Staff interviewed
    owner: lead
    due: 1 June 2024
    depends_on: [first]
    cascade: {type: sha}
    children:
      sha-a: {forecast: 1 June 2024}   # a comment after a flow entry
      sha-b:
        forecast: 1 May 2024
        history:
          - date: 1 February 2024
            forecast: 1 May 2024
            reason: "early start"

      # a comment between children
      sha-c: {actual: 1 February 2024}
    source: "a key after the children"
  - id: after
    title: After
    owner: lead
    due: Q4 2024
    depends_on: [interviews]
"""

# The same cascade with nothing reported yet: `children:` does not exist.
NONE = """\
programme:
  id: t
  name: Test
  start: 1 January 2024
milestones:
  - id: first
    title: First
    owner: lead
    due: 1 March 2024
  - id: interviews
    title: Staff interviewed
    owner: lead
    due: 1 June 2024
    depends_on: [first]
    cascade:
      organisations: [sha-a, sha-b, sha-c, sha-d]
    history:
      - {date: 1 February 2024, reason: 'a confirmation for all of them'}
  # a comment before the next milestone
  - id: after
    title: After
    owner: lead
    due: Q4 2024
    depends_on: [interviews]
"""

STYLES = {
    "block": BLOCK,
    "none": NONE,
    "flow": NONE.replace(
        "      organisations: [sha-a, sha-b, sha-c, sha-d]\n",
        "      organisations: [sha-a, sha-b, sha-c, sha-d]\n"
        "    children: {sha-b: {forecast: 1 May 2024}, sha-d: {actual: 1 February 2024}}\n",
    ),
    # CRLF, the cascade last in the file, no newline at its end.
    "crlf": "\r\n".join(BLOCK.split("  - id: after")[0].splitlines()),
}


def _write(tmp: Path, style: str) -> Path:
    (tmp / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (tmp / "timeline.yaml").write_bytes(STYLES[style].encode("utf-8"))
    return tmp


def _children(text: str, parent: str = "interviews") -> NodeSpan | None:
    root = spans(text.removeprefix("\ufeff"), offset=1 if text.startswith("\ufeff") else 0)
    assert root is not None
    item = next(m for m in root.keys["milestones"].items if m.keys["id"].value == parent)
    return item.keys.get("children")


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _without(text: str, org: str, parent: str) -> str:
    """The text without `org`'s entry (its lines; the `children:` lines when it is alone there)."""
    children = _children(text, parent)
    if children is None or (org not in children.keys and not children.flow):
        return text
    if children.flow or list(children.keys) == [org]:  # a flow mapping: its line goes whole
        start, end = _line_start(text, children.key_start), after_line(text, children.content_end())
    else:
        node = children.keys[org]
        start, end = _line_start(text, node.key_start), after_line(text, node.content_end())
    return text[:start] + text[end:]


def _entries(text: str, parent: str = "interviews") -> dict[str, str]:
    """Each organisation's lines under a block `children:`."""
    children = _children(text, parent)
    if children is None or children.flow:
        return {}
    return {
        org: text[_line_start(text, node.key_start) : after_line(text, node.content_end())]
        for org, node in children.keys.items()
    }


def assert_only_the_child_changed(
    before: str, after: str, org: str, parent: str = "interviews"
) -> None:
    """Every byte outside `org`'s entry is as it was; every other child's lines too."""
    assert _without(after, org, parent) == _without(before, org, parent)
    old, new = _entries(before, parent), _entries(after, parent)
    for other, lines in old.items():
        if other != org:
            assert new[other] == lines, other
    children = _children(after, parent)
    assert children is not None and org in children.keys


def _apply(plan: Path, reports: list[Report]) -> tuple[str, str]:
    timeline = plan / "timeline.yaml"
    before = timeline.read_bytes().decode("utf-8")
    loaded = load_plan(plan)
    assert loaded.plan is not None and loaded.ok
    edit_plan(loaded.plan, reports).write()
    return before, timeline.read_bytes().decode("utf-8")


def test_a_report_on_a_child_creates_children_in_the_files_style(tmp_path: Path) -> None:
    plan = _write(tmp_path, "none")
    report = Report("interviews/sha-b", date(2024, 3, 1), forecast="20 June 2024", reason="late")
    before, after = _apply(plan, [report])
    assert after == before.replace(
        "      - {date: 1 February 2024, reason: 'a confirmation for all of them'}\n",
        "      - {date: 1 February 2024, reason: 'a confirmation for all of them'}\n"
        "    children:\n"
        "      sha-b:\n"
        "        forecast: 20 June 2024\n"
        "        history:\n"
        "          - {date: 1 March 2024, forecast: 20 June 2024, reason: 'late'}\n",
    )
    # a second organisation gets its own entry after the first; the first is untouched
    report = Report("interviews/sha-a", date(2024, 3, 2), actual=date(2024, 3, 1))
    before, after = _apply(plan, [report])
    assert_only_the_child_changed(before, after, "sha-a")
    assert after.endswith(
        "      sha-a:\n"
        "        actual: 1 March 2024\n"
        "        history:\n"
        "          - {date: 2 March 2024, actual: 1 March 2024}\n"
        "  # a comment before the next milestone\n"
        "  - id: after\n    title: After\n    owner: lead\n    due: Q4 2024\n"
        "    depends_on: [interviews]\n"
    )
    statuses = load_plan(plan)
    assert statuses.plan is not None
    kids = {m.id: m for m in statuses.plan.milestones}
    assert kids["interviews/sha-a"].actual is not None
    assert kids["interviews/sha-b"].forecast is not None
    assert kids["interviews/sha-c"].history == []


def test_an_existing_entry_is_edited_in_place_keys_before_its_history(tmp_path: Path) -> None:
    plan = _write(tmp_path, "block")
    report = Report("interviews/sha-b", date(2024, 3, 1), forecast="15 May 2024", reason="moved")
    before, after = _apply(plan, [report])
    assert_only_the_child_changed(before, after, "sha-b")
    assert _entries(after)["sha-b"] == (
        "      sha-b:\n"
        "        forecast: 15 May 2024\n"
        "        history:\n"
        "          - date: 1 February 2024\n"
        "            forecast: 1 May 2024\n"
        '            reason: "early start"\n'
        "          - date: 1 March 2024\n"
        "            forecast: 15 May 2024\n"
        '            reason: "moved"\n'
    )
    # a flow entry stays flow, its comment kept
    report = Report("interviews/sha-a", date(2024, 3, 2), reason="on track")
    before, after = _apply(plan, [report])
    assert_only_the_child_changed(before, after, "sha-a")
    assert _entries(after)["sha-a"] == (
        "      sha-a: {forecast: 1 June 2024, history: [{date: 2 March 2024, reason: "
        '"on track"}]}   # a comment after a flow entry\n'
    )
    # the actual it already has, reported again: nothing to add, nothing written
    report = Report("interviews/sha-c", date(2024, 3, 3), actual="1 February 2024", reason="ok")
    unchanged = (plan / "timeline.yaml").read_bytes()
    with pytest.raises(TransitionError, match="was achieved on 1 February 2024: nothing to add"):
        _apply(plan, [report])
    assert (plan / "timeline.yaml").read_bytes() == unchanged


def test_a_flow_children_mapping_gets_a_flow_entry(tmp_path: Path) -> None:
    plan = _write(tmp_path, "flow")
    report = Report("interviews/sha-c", date(2024, 3, 1), forecast="1 July 2024", reason="late")
    before, after = _apply(plan, [report])
    assert after == before.replace(
        "sha-d: {actual: 1 February 2024}}",
        "sha-d: {actual: 1 February 2024}, sha-c: {forecast: 1 July 2024, history: "
        "[{date: 1 March 2024, forecast: 1 July 2024, reason: 'late'}]}}",
    )


def test_update_on_a_child_and_its_refusal_on_the_parent(tmp_path: Path) -> None:
    plan = _write(tmp_path, "block")
    timeline = plan / "timeline.yaml"
    before = timeline.read_text("utf-8")
    code, out, err = invoke(
        "update", "interviews", "--plan", str(plan), "--on", "1 March 2024",
        "--forecast", "1 July 2024", "--reason", "late",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert err == (
        "transition: error: 'interviews' is a cascade (one milestone per "
        "organisation): its forecast, actual and rating are rolled up from its children, so "
        "report on a child instead: interviews/sha-a, interviews/sha-b, interviews/sha-c and 1 "
        "more (`transition show interviews` lists them)\n"
    )
    code, _, err = invoke(
        "update", "interviews", "--plan", str(plan), "--due", "1 July 2024", "--reason", "x"
    )
    assert code == 2 and "to re-baseline or cancel the whole cascade, edit its due" in err
    assert timeline.read_text("utf-8") == before
    code, out, err = invoke(
        "update", "interviews/sha-d", "--plan", str(plan), "--on", "1 March 2024",
        "--forecast", "1 July 2024", "--reason", "late start",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "interviews/sha-d: re-forecast: late start",
        "  expected  1 July 2024",
        "  rating    green -> red",
    ]
    after = timeline.read_text("utf-8")
    assert_only_the_child_changed(before, after, "sha-d")
    assert _entries(after)["sha-d"] == (
        "      sha-d:\n"
        "        forecast: 1 July 2024\n"
        "        history:\n"
        "          - date: 1 March 2024\n"
        "            forecast: 1 July 2024\n"
        '            reason: "late start"\n'
    )
    # the parent rolls the child up: its expected date is now the latest child's
    code, out, _ = invoke("show", "interviews", "--plan", str(plan), "--as-of", "1 March 2024")
    assert code == 0 and "interviews/sha-d" in out


def test_returns_list_children_and_apply_them_under_their_entries(tmp_path: Path) -> None:
    plan = _write(tmp_path, "block")
    sheet = tmp_path / "return.csv"
    code, out, err = invoke(
        "returns", "template", "--plan", str(plan), "--organisation", "sha-b", "--as-of",
        "1 March 2024", "-o", str(sheet),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    rows = list(csv.reader(io.StringIO(sheet.read_text("utf-8"))))
    assert rows == [
        ["id", "title", "owner", "due", "forecast", "new_forecast", "actual", "reason"],
        ["interviews/sha-b", "Staff interviewed: Authority B", "sha-b", "1 June 2024",
         "1 May 2024", "", "", ""],
    ]  # fmt: skip
    # the cascade's owner answers for every open child (sha-c is done); never the parent itself
    code, _, _ = invoke(
        "returns", "template", "--plan", str(plan), "--owner", "lead", "--as-of", "1 March 2024",
        "-o", str(sheet),
    )  # fmt: skip
    ids = [r[0] for r in csv.reader(io.StringIO(sheet.read_text("utf-8")))][1:]
    assert code == 0 and ids == [
        "first",
        "interviews/sha-a",
        "interviews/sha-b",
        "interviews/sha-d",
        "after",
    ]
    timeline = plan / "timeline.yaml"
    before = timeline.read_text("utf-8")
    sheet.write_text(
        "id,title,owner,due,forecast,new_forecast,actual,reason\n"
        "interviews/sha-a,,sha-a,,,,28/02/2024,\n"
        "interviews/sha-d,,sha-d,,,20/06/2024,,interviews restarted\n",
        encoding="utf-8",
    )
    code, out, err = invoke(
        "returns", "apply", str(sheet), "--plan", str(plan), "--on", "1 March 2024"
    )
    assert (code, err) == (0, ""), err
    assert out.startswith("2 reports: 1 actual, 1 re-forecast")
    after = timeline.read_text("utf-8")
    old, new = _entries(before), _entries(after)
    assert (new["sha-b"], new["sha-c"]) == (old["sha-b"], old["sha-c"])
    assert new["sha-a"].startswith("      sha-a: {forecast: 1 June 2024, actual: 28 February 2024")
    assert new["sha-d"].startswith("      sha-d:\n        forecast: 20 June 2024\n")
    # a row for the parent is refused, at its row, and nothing is applied
    sheet.write_text(
        "id,title,owner,due,forecast,new_forecast,actual,reason\n"
        "interviews/sha-b,,sha-b,,,,,on track\n"
        "interviews,,lead,,,,,on track\n",
        encoding="utf-8",
    )
    code, _, err = invoke(
        "returns", "apply", str(sheet), "--plan", str(plan), "--on", "2 March 2024"
    )
    assert code == 2 and f"{sheet}:3:1: error: 'interviews' is a cascade" in err
    assert timeline.read_text("utf-8") == after


_KINDS = ("forecast", "confirm", "actual", "due", "cancel")


@st.composite
def _steps(draw: st.DrawFn) -> list[tuple[str, str, int]]:
    return [
        (draw(st.sampled_from(ORGS)), draw(st.sampled_from(_KINDS)), draw(st.integers(0, 120)))
        for _ in range(draw(st.integers(1, 6)))
    ]


@settings(max_examples=40, deadline=None)
@given(style=st.sampled_from(sorted(STYLES)), steps=_steps())
def test_random_child_reports_touch_only_their_childs_lines(
    tmp_path_factory: pytest.TempPathFactory, style: str, steps: list[tuple[str, str, int]]
) -> None:
    plan = _write(tmp_path_factory.mktemp("plan"), style)
    timeline = plan / "timeline.yaml"
    on = date(2024, 3, 1)
    for org, kind, offset in steps:
        on += timedelta(days=3)
        day = on + timedelta(days=offset)
        mid = f"interviews/{org}"
        report = {
            "forecast": Report(mid, on, forecast=day, reason="moved"),
            "confirm": Report(mid, on, reason="on track"),
            "actual": Report(mid, on, actual=on),
            "due": Report(mid, on, due=day, reason="re-baselined"),
            "cancel": Report(mid, on, cancel=True, reason="dropped"),
        }[kind]
        loaded = load_plan(plan)
        assert loaded.ok and loaded.plan is not None, [d.format_text() for d in loaded.diagnostics]
        others = {
            m.id: m.model_dump() for m in loaded.plan.milestones if m.id not in (mid, "interviews")
        }
        before = timeline.read_bytes()
        if report_problems(loaded.plan, report):
            event(f"refused up front: {kind}")
            continue
        try:
            edit = edit_plan(loaded.plan, [report])
        except TransitionError as exc:
            assert exc.diagnostics, exc.message  # refused by check on the result, never silently
            event(f"refused by check: {kind}")
            continue
        edit.write()
        event(f"applied: {kind}")
        after = timeline.read_bytes()
        assert after.count(b"\r\n") == 0 or style == "crlf"
        if style == "crlf":
            assert after.count(b"\n") == after.count(b"\r\n")
        assert_only_the_child_changed(
            before.decode("utf-8").replace("\r\n", "\n"),
            after.decode("utf-8").replace("\r\n", "\n"),
            org,
        )
        reloaded = load_plan(plan)
        assert reloaded.ok and reloaded.plan is not None
        errors = [d for d in check_plan(reloaded.plan).diagnostics if d.severity is Severity.ERROR]
        assert not errors
        by_id = {m.id: m for m in reloaded.plan.milestones}
        # every other milestone (the other children among them) reads back as it was
        assert {k: by_id[k].model_dump() for k in others} == others
        child = by_id[mid]
        entry = child.history[-1]
        assert entry.date.day == on and entry.reason == report.reason
        assert (entry.status == "cancelled") == report.cancel
        assert (entry.due is not None) == (report.due is not None)
        if report.forecast is not None:
            assert child.forecast is not None and child.forecast.day == day
        if report.actual is not None:
            assert child.actual is not None and child.actual.day == on


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("    children:\n", "    children:\n      sha-a:\n        forecast: 1 July 2024\n"),
        ("    children: ~\n", "    children:\n      sha-a:\n        forecast: 1 July 2024\n"),
        ("    children: {}\n", "    children: {sha-a: {forecast: 1 July 2024, history: "),
        ("    children: {sha-a: {}}\n", "    children: {sha-a: {forecast: 1 July 2024, history: "),
    ],
)
def test_an_empty_children_mapping_gets_its_first_entry(
    tmp_path: Path, written: str, expected: str
) -> None:
    plan = _write(tmp_path, "none")
    timeline = plan / "timeline.yaml"
    text = timeline.read_text("utf-8")
    timeline.write_text(text.replace("    history:\n", written + "    history:\n", 1), "utf-8")
    report = Report("interviews/sha-a", date(2024, 3, 1), forecast="1 July 2024", reason="late")
    before, after = _apply(plan, [report])
    assert after.startswith(before.split(written)[0] + expected)
    assert (
        after.split("    history:\n      - {date: 1 February 2024")[1]
        == before.split("    history:\n      - {date: 1 February 2024")[1]
    )
