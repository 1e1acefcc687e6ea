"""edit/: reports written into plan files by surgical edits, every other byte kept.

For every kind of report, on the shipped plan and every plan of tests/cases/valid, the file
after the edit differs from the file before only in the lines meant to change (`git diff`
style: the milestone's `forecast:`/`actual:` line and the new history entry), loads, and passes
`check`; when the result would not pass `check`, nothing is written. A hypothesis test applies
random sequences of reports to plans written in several styles.
"""

from __future__ import annotations

import difflib
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nhs_transition import yamlsrc
from nhs_transition.checks import check_plan
from nhs_transition.edit import Report, edit_plan, fingerprint, report_problems, write_atomic
from nhs_transition.edit.text import scalar
from nhs_transition.errors import Severity, TransitionError, visible
from nhs_transition.load import load_plan
from nhs_transition.model import Plan

ROOT = Path(__file__).resolve().parent.parent
VALID = sorted(p for p in (ROOT / "tests" / "cases" / "valid").iterdir() if p.is_dir())
PLANS = [*VALID, ROOT / "data"]

# Lines an edit may add: history entry lines, the keys it sets.
_ADDED = re.compile(r"^\s*(?:-\s+)?(?:\{)?(?:history|date|forecast|actual|due|status|reason):")


def _reports(mid: str, on: date) -> dict[str, Report]:
    return {
        "forecast": Report(mid, on, forecast=on + timedelta(days=30), reason="Supplier late"),
        "forecast-period": Report(
            mid, on, forecast="Q4 2099", reason="Moved: see the board's minute"
        ),
        "actual": Report(mid, on, actual=on - timedelta(days=1)),
        "actual-with-reason": Report(mid, on, actual="today" and on, reason="Signed: it's done"),
        "due": Report(mid, on, due=on + timedelta(days=90), reason="Board approved the new scope"),
        "cancel": Report(mid, on, cancel=True, reason="No longer needed: #42, 'scope'"),
        "confirmation": Report(mid, on),
        "confirmation-reason": Report(mid, on, reason="On track: checked with the owner"),
    }


def _report_day(plan: Plan) -> date:
    """A report date after every history entry of the plan, near its status date."""
    days = [h.date.day for m in plan.milestones for h in m.history]
    status = plan.programme.status_date
    base = status.day if status is not None else plan.programme.start.day + timedelta(days=90)
    return max([base, *days])


def _milestone_data(text: str, mid: str) -> dict[str, Any]:
    data = yamlsrc.parse(text.removeprefix("\ufeff"), "x").data
    return next(m for m in data["milestones"] if m["id"] == mid)


def assert_only_intended(before: str, after: str, report: Report) -> None:
    """`after` is `before` with only the report's lines changed, and means what it should."""
    old_lines, new_lines = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        flow_item = f"{{id: {report.milestone},"
        if tag == "replace" and i2 - i1 == j2 - j1 == 1 and flow_item in old_lines[i1]:
            # A milestone written as one flow mapping: its line changes (checked below).
            continue
        for line in old_lines[i1:i2]:  # only a forecast/actual value may be rewritten
            assert re.match(r"^\s*(?:forecast|actual):", line), f"removed: {line!r}"
        for line in new_lines[j1:j2]:
            assert _ADDED.match(line), f"added: {line!r}"
    # Everything else of the file reads the same; the milestone gained exactly one entry.
    old_data = yamlsrc.parse(before.removeprefix("\ufeff"), "x").data
    new_data = yamlsrc.parse(after.removeprefix("\ufeff"), "x").data
    for key in old_data:
        if key != "milestones":
            assert old_data[key] == new_data[key]
    assert [m["id"] for m in old_data["milestones"]] == [m["id"] for m in new_data["milestones"]]
    for old, new in zip(old_data["milestones"], new_data["milestones"], strict=True):
        if old["id"] != report.milestone:
            assert old == new
            continue
        assert list(old) == [k for k in new if k in old]  # key order kept
        for key in set(old) | set(new):
            if key not in ("forecast", "actual", "history"):
                assert old.get(key) == new.get(key), key
        history = old.get("history") or []
        assert new["history"][: len(history)] == history
        assert len(new["history"]) == len(history) + 1
        entry = new["history"][-1]
        assert entry.get("reason") == report.reason
        assert ("status" in entry) == report.cancel
        assert ("due" in entry) == (report.due is not None)
        if report.forecast is not None:
            assert entry["forecast"] == new["forecast"]
        if report.actual is not None:
            assert entry["actual"] == new["actual"]


def _apply(plan_dir: Path, reports: list[Report]) -> tuple[dict[Path, str], dict[Path, str]]:
    """Apply `reports` to the plan in `plan_dir` on disk: (texts before, texts after)."""
    files = sorted(plan_dir.rglob("*.yaml"))
    before = {f: f.read_text(encoding="utf-8") for f in files}
    result = load_plan(plan_dir)
    assert result.plan is not None
    edit_plan(result.plan, reports).write()
    return before, {f: f.read_text(encoding="utf-8") for f in files}


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.name)
def test_every_kind_of_report_changes_only_its_lines(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(source, tmp_path / "plan")
    plan_dir = Path("plan")
    loaded = load_plan(plan_dir).plan
    assert loaded is not None
    on = _report_day(loaded)
    written = refused = 0
    # The shipped plan: every fifth milestone (all kinds of milestone occur; the suite stays fast).
    chosen = loaded.milestones[::5] if source.name == "data" else loaded.milestones
    for m in chosen:
        for kind, report in _reports(m.id, on).items():
            if report_problems(loaded, report):  # e.g. cancelling an achieved milestone
                with pytest.raises(TransitionError):
                    edit_plan(loaded, [report])
                continue
            shutil.rmtree(plan_dir)
            shutil.copytree(source, plan_dir)
            files = sorted(plan_dir.rglob("*.yaml"))
            original = {f: f.read_bytes() for f in files}
            try:
                before, after = _apply(plan_dir, [report])
            except TransitionError as exc:
                # Refused only for a real reason: found by check on the edited plan, or a
                # milestone shared through a YAML anchor or merge key. Nothing written.
                shared = "written with a YAML anchor or merge key" in exc.message
                assert exc.diagnostics or shared, (m.id, kind, exc.message)
                assert all(d.severity is Severity.ERROR for d in exc.diagnostics)
                assert {f: f.read_bytes() for f in files} == original
                if shared:
                    assert m.id in ("transfer-a", "transfer-b"), m.id  # only where it is so
                else:
                    refused += 1
                continue
            changed = [f for f in files if before[f] != after[f]]
            assert len(changed) == 1, (m.id, kind)
            if "/" in m.id:  # a cascade's child: its entry under the parent's `children:`
                from tests.test_edit_children import assert_only_the_child_changed

                parent, org = m.id.split("/")
                assert_only_the_child_changed(before[changed[0]], after[changed[0]], org, parent)
            else:
                assert_only_intended(before[changed[0]], after[changed[0]], report)
            result = load_plan(plan_dir)
            assert result.ok, [d.format_text() for d in result.diagnostics]
            assert result.plan is not None
            errors = [
                d for d in check_plan(result.plan).diagnostics if d.severity is Severity.ERROR
            ]
            assert not errors, [d.format_text() for d in errors]
            written += 1
    assert written > refused


def test_a_byte_order_mark_and_crlf_line_endings_are_kept(tmp_path: Path) -> None:
    source = ROOT / "tests" / "cases" / "valid" / "byte-order-mark"
    shutil.copytree(source, tmp_path / "plan")
    timeline = tmp_path / "plan" / "timeline.yaml"
    raw = timeline.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    timeline.write_bytes(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    before = timeline.read_bytes()
    _apply(tmp_path / "plan", [Report("design", date(2011, 9, 1), reason="On track")])
    after = timeline.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line ends CRLF, the new ones too
    assert after.startswith(before.rstrip(b"\r\n"))  # appended after the last line, nothing else


def test_flow_style_history_gets_a_flow_entry(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "cases" / "valid" / "every-link-type", tmp_path / "plan")
    before, after = _apply(
        tmp_path / "plan",
        [Report("consult", date(2011, 8, 1), forecast="15 September 2011", reason="late start")],
    )
    timeline = tmp_path / "plan" / "timeline.yaml"
    diff = [
        line
        for line in difflib.unified_diff(
            before[timeline].splitlines(), after[timeline].splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        "-    forecast: 31 August 2011",
        "+    forecast: 15 September 2011",
        "+      - {date: 1 August 2011, forecast: 15 September 2011, reason: late start}",
    ]


def test_block_history_entry_follows_the_file_and_quotes_like_it(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "plan")
    before, after = _apply(
        tmp_path / "plan",
        [Report("sha-abolished", date(2011, 6, 30), forecast="2013-04-01", reason="Act passed")],
    )
    timeline = tmp_path / "plan" / "timeline.yaml"
    added = [
        line
        for line in difflib.unified_diff(
            before[timeline].splitlines(), after[timeline].splitlines(), lineterm="", n=0
        )
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert added == [
        "+    forecast: 2013-04-01",
        "+      - date: 30 June 2011",
        "+        forecast: 2013-04-01",
        '+        reason: "Act passed"',
    ]


def test_history_is_created_after_the_last_key_of_the_milestone(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "tests" / "cases" / "valid" / "minimal", plan)
    timeline = plan / "timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    _apply(plan, [Report("design-principles", date(2010, 9, 1), reason="On track")])
    new = timeline.read_text(encoding="utf-8")
    assert new.count("history:") == text.count("history:") + 1
    assert "    history:\n      - date: 1 September 2010\n        reason: On track\n" in new


def test_the_date_style_follows_the_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "tests" / "cases" / "valid" / "minimal", plan)
    timeline = plan / "timeline.yaml"
    iso = re.sub(r"due: 10 September 2010", "due: 2010-09-10", timeline.read_text("utf-8"))
    iso = iso.replace("start: 13 July 2010", "start: 2010-07-13").replace(
        "status_date: 1 October 2010", "status_date: 2010-10-01"
    )
    timeline.write_text(iso, encoding="utf-8")
    _apply(plan, [Report("design-principles", date(2010, 9, 1), reason="On track")])
    assert "      - date: 2010-09-01\n" in timeline.read_text("utf-8")


@pytest.mark.parametrize(
    "value",
    [
        "plain words",
        "it's fine",
        "2012",
        "true",
        "null",
        "a: b",
        "# not a comment",
        "x #y",
        "-leading",
        "'quoted'",
        '"double"',
        "{flow}",
        "[list]",
        "tab\there",
        "ünïcödé",
        "  padded  ",
        "ends with colon:",
        "@at",
        "%percent",
        "`tick`",
        "a, b",
        "*star",
        "&amp",
        "!bang",
        "|pipe",
        ">gt",
        "?q",
        "",
    ],
)
@pytest.mark.parametrize("quote", [None, '"', "'"])
def test_a_written_scalar_reads_back_as_the_same_text(value: str, quote: str | None) -> None:
    for context in ("key: {}\n", "- {{key: {}, other: x}}\n"):
        data = yamlsrc.parse(context.format(scalar(value, quote)), "x").data
        got = data["key"] if isinstance(data, dict) else data[0]["key"]
        assert got == value


# --- refusals -----------------------------------------------------------------------------------


def test_nothing_is_written_when_the_file_changed_since_it_was_read(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "tests" / "cases" / "valid" / "minimal", plan)
    loaded = load_plan(plan).plan
    assert loaded is not None
    edit = edit_plan(loaded, [Report("design-principles", date(2010, 9, 1), reason="ok")])
    timeline = plan / "timeline.yaml"
    someone_else = timeline.read_text("utf-8") + "# a colleague's comment\n"
    timeline.write_text(someone_else, encoding="utf-8")
    with pytest.raises(TransitionError, match="changed on disk since it was read"):
        edit.write()
    assert timeline.read_text("utf-8") == someone_else
    assert [p.name for p in plan.iterdir() if p.name.startswith(".")] == []


def test_write_atomic_keeps_the_mode_and_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "timeline.yaml"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    print_ = fingerprint(target)
    write_atomic(target, b"new\n", expected=print_)
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    with pytest.raises(TransitionError, match="changed on disk"):
        write_atomic(target, b"newer\n", expected=print_)
    assert target.read_bytes() == b"new\n"


# --- random sequences ---------------------------------------------------------------------------

ORGANISATIONS = """\
organisations:
  - id: office
    name: Programme office
roles:
  - id: lead
    title: Lead
    organisation: office
"""

# The same plan in several styles: comments, quoting, flow entries, indentless sequences, CRLF.
STYLES = {
    "block": """\
# A plan in block style.
programme:
  id: demo
  name: Demo
  start: 1 January 2024
milestones:
  - id: a
    title: First   # a comment after a value
    owner: lead
    due: 1 March 2024

  # A comment between milestones.
  - id: b
    title: "Second"
    owner: office
    due: 1 June 2024
    depends_on: [a]
    history:
      - date: 1 February 2024
        forecast: 1 June 2024
        reason: "first forecast"
    forecast: 1 June 2024
  - id: c
    title: 'Third'
    owner: lead
    depends_on:
      - b
    due: Q4 2024
""",
    "flow": """\
programme: {id: demo, name: Demo, start: 2024-01-01}
milestones:
- id: a
  title: First
  owner: lead
  due: 2024-03-01
- id: b
  title: Second
  owner: office
  due: 2024-06-01
  depends_on: [a]
  history:
  - {date: 2024-02-01, forecast: 2024-06-01, reason: first forecast}
  forecast: 2024-06-01
- {id: c, title: Third, owner: lead, depends_on: [b], due: Q4 2024}
""",
    "crlf": "programme:\r\n  id: demo\r\n  name: Demo\r\n  start: 1 January 2024\r\n"
    "milestones:\r\n  - id: a\r\n    title: First\r\n    owner: lead\r\n    due: 1 March 2024\r\n"
    "  - id: b\r\n    title: Second\r\n    owner: office\r\n    due: 1 June 2024\r\n"
    "    depends_on: [a]\r\n  - id: c\r\n    title: Third\r\n    owner: lead\r\n"
    "    depends_on: [b]\r\n    due: Q4 2024",  # no newline at the end of the file
}

_reasons = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s != "" and visible(s) == s)


@st.composite
def _report_steps(draw: st.DrawFn) -> list[tuple[str, str, int, str | None]]:
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        steps.append(
            (
                draw(st.sampled_from(["a", "b", "c"])),
                draw(st.sampled_from(["forecast", "due", "cancel", "confirm", "actual"])),
                draw(st.integers(0, 200)),
                draw(st.none() | _reasons),
            )
        )
    return steps


@given(style=st.sampled_from(sorted(STYLES)), steps=_report_steps())
def test_random_sequences_of_reports_change_only_what_they_say(
    tmp_path_factory: pytest.TempPathFactory,
    style: str,
    steps: list[tuple[str, str, int, str | None]],
) -> None:
    plan = tmp_path_factory.mktemp("plan")
    (plan / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    timeline = plan / "timeline.yaml"
    timeline.write_bytes(STYLES[style].encode("utf-8"))
    on = date(2024, 3, 1)
    for mid, kind, offset, reason in steps:
        on += timedelta(days=3)
        day = on + timedelta(days=offset)
        report = {
            "forecast": Report(mid, on, forecast=day, reason=reason or "moved"),
            "due": Report(mid, on, due=day, reason=reason or "re-baselined"),
            "cancel": Report(mid, on, cancel=True, reason=reason or "dropped"),
            "confirm": Report(mid, on, reason=reason),
            "actual": Report(mid, on, actual=on, reason=reason),
        }[kind]
        before = timeline.read_bytes()
        loaded = load_plan(plan)
        assert loaded.ok and loaded.plan is not None, [d.format_text() for d in loaded.diagnostics]
        if report_problems(loaded.plan, report):  # contradicts the record: refused up front
            with pytest.raises(TransitionError):
                edit_plan(loaded.plan, [report])
            continue
        try:
            edit = edit_plan(loaded.plan, [report])
        except TransitionError as exc:
            assert exc.diagnostics, exc.message  # refused by check on the result, never silently
            assert timeline.read_bytes() == before
            continue
        edit.write()
        after = timeline.read_bytes()
        assert_only_intended(before.decode("utf-8"), after.decode("utf-8"), report)
        reloaded = load_plan(plan)
        assert reloaded.ok and reloaded.plan is not None
        errors = [d for d in check_plan(reloaded.plan).diagnostics if d.severity is Severity.ERROR]
        assert not errors
        # The plan the edit built in memory is the plan read back from the file.
        assert [m.model_dump() for m in edit.after.milestones] == [
            m.model_dump() for m in reloaded.plan.milestones
        ]


def test_an_empty_flow_history_gets_its_first_entry_inside_the_brackets(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "tests" / "cases" / "valid" / "minimal", plan)
    timeline = plan / "timeline.yaml"
    text = timeline.read_text("utf-8").replace(
        "    due: 10 September 2010\n",
        "    due: 10 September 2010\n    history: []  # none yet\n",
        1,
    )
    timeline.write_text(text, "utf-8")
    _apply(plan, [Report("design-principles", date(2010, 9, 1), reason="On track")])
    assert (
        "    history: [{date: 1 September 2010, reason: On track}]  # none yet\n"
        in timeline.read_text("utf-8")
    )


def test_a_reason_is_one_line() -> None:
    result = load_plan(ROOT / "tests" / "cases" / "valid" / "minimal")
    assert result.plan is not None
    report = Report("design-principles", date(2010, 9, 1), reason="two\nlines")
    assert report_problems(result.plan, report) == [
        ("reason", "the reason must be one line of text, without control characters")
    ]
