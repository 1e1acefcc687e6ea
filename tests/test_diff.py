"""`transition diff`: two states of a plan compared (core, renderers, CLI, policies).

The goldens compare the two commits of a small plan (tests/cases/diff/base -> head) in which
every kind of change happens at once: a re-forecast with a reason (design), a silent date change
(training), a knock-on three links deep (design -> consult -> draft -> bill), an added and a
removed milestone (evaluation, pilot), a dependency rewired so the critical path changes
(launch), a re-baseline through history (budget) and a deadline edited in place (estates).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.diff import compare_sides, side_from_plan, violations
from nhs_transition.history import snapshot_text, state_on

from .factories import make_plan, milestone
from .goldens import golden

CASES = Path(__file__).parent / "cases" / "diff"
GOLDEN = Path(__file__).parent / "golden" / "diff"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": ""}
ALL = "finish-later,new-red,unexplained,rebaselined"
runner = CliRunner()

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, when: str = "2011-06-01T12:00:00+00:00") -> str:
    """Run git with a throwaway identity and fixed dates, so commit ids are the same every run."""
    env = {
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
        "PATH": __import__("os").environ["PATH"],
        "GIT_CEILING_DIRECTORIES": str(repo.parent),
    }
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return result.stdout


def put(plan: Path, state: str) -> None:
    """Copy the plan files of tests/cases/diff/<state> into `plan`."""
    plan.mkdir(parents=True, exist_ok=True)
    for name in ("organisations.yaml", "timeline.yaml"):
        shutil.copyfile(CASES / state / name, plan / name)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose plan (in plan/) was committed twice: base, then head."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("GIT_DIR", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    put(root / "plan", "base")
    git(root, "add", "plan")
    git(root, "commit", "-q", "-m", "base", when="2011-05-01T12:00:00+00:00")
    put(root / "plan", "head")
    git(root, "commit", "-q", "-am", "head", when="2011-06-01T12:00:00+00:00")
    return root


def run(*args: str) -> Any:
    return runner.invoke(app, ["diff", *args], env=ENV)


# --- goldens ----------------------------------------------------------------------------------


@needs_git
@pytest.mark.parametrize(("fmt", "name"), [("text", "diff.txt"), ("markdown", "diff.md")])
def test_golden_text_and_markdown(repo: Path, fmt: str, name: str) -> None:
    result = run("HEAD~1", "HEAD", "--plan", str(repo / "plan"), "--format", fmt, "--fail-on", ALL)
    assert result.exit_code == 1, result.stderr
    assert result.stdout == golden(GOLDEN / name, result.stdout)


@needs_git
def test_golden_json_and_what_it_says(repo: Path) -> None:
    result = run("HEAD~1", "HEAD", "--plan", str(repo / "plan"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden(GOLDEN / "diff.json", result.stdout)
    data = json.loads(result.stdout)
    # SPEC 6: the fields scripts rely on.
    assert list(data)[:8] == [
        "base", "head", "as_of", "finish", "critical_path", "added", "removed", "milestones",
    ]  # fmt: skip
    assert data["as_of"] == "2011-06-01"
    assert data["added"] == ["evaluation"] and data["removed"] == ["pilot"]
    assert data["critical_path"]["base"] != data["critical_path"]["head"]
    by_id = {m["id"]: m for m in data["milestones"]}
    for m in data["milestones"]:
        assert list(m)[:8] == [
            "id", "changes", "expected", "rating", "cause", "driven_by", "reason", "owner",
        ]  # fmt: skip
    moves = [m["expected"]["moved_days"] for m in data["milestones"]]
    dated = [abs(x) for x in moves if x is not None]
    assert dated == sorted(dated, reverse=True)  # the largest move first
    bill = by_id["bill"]
    assert bill["cause"] == "knock-on" and bill["driven_by"] == "design"
    assert bill["via"] == ["design", "consult", "draft", "bill"]
    assert bill["expected"]["moved_days"] == 31
    assert bill["reason"] == "ministers asked for a second option"
    assert by_id["design"]["cause"] == "edited"
    assert {"field": "forecast", "base": "30 June 2011", "head": "31 July 2011"} in by_id["design"][
        "changes"
    ]
    assert by_id["launch"]["changes"] == [
        {"field": "depends_on", "base": "bill", "head": "training"}
    ]
    assert by_id["estates"]["expected"] == {"base": None, "head": None, "moved_days": None}


@needs_git
def test_policies_name_rule_and_milestone(repo: Path) -> None:
    result = run("HEAD~1", "HEAD", "--plan", str(repo / "plan"), "--fail-on", "unexplained")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "transition: policy unexplained broken: 'training': forecast changed with no new "
        "history entry giving a reason",
        "transition: policy unexplained broken: 'estates': due changed with no new history "
        "entry giving a reason",
    ]
    result = run("HEAD~1", "HEAD", "--plan", str(repo / "plan"), "--fail-on", "rebaselined")
    assert result.exit_code == 1
    assert "policy rebaselined broken: 'estates': due edited in place" in result.stderr
    assert "budget" not in result.stderr  # re-baselined through a history entry: fine
    result = run("HEAD~1", "HEAD", "--plan", str(repo / "plan"))
    assert result.exit_code == 0 and result.stderr == ""


@needs_git
def test_the_plan_declares_its_policies(repo: Path) -> None:
    timeline = repo / "plan" / "timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text(
        text.replace("  status_date: 1 June 2011\n", "  status_date: 1 June 2011\n"
                     "  policies: [finish-later, critical-owner-held]\n"),
        encoding="utf-8",
    )  # fmt: skip
    result = run("HEAD~1", "--plan", str(repo / "plan"))  # head: the working tree
    assert result.exit_code == 1
    note, broken = result.stderr.splitlines()
    # critical-owner-held is a rule of `check` too: the plan read fails it, and is said so
    assert note.startswith("transition diff: note: the plan at ") and "(working tree) has" in note
    assert broken.startswith("transition: policy finish-later broken: the programme finish")
    assert run("HEAD~1", "--plan", str(repo / "plan"), "--fail-on", "none").exit_code == 0


@needs_git
def test_defaults_head_against_the_working_tree_and_staged(repo: Path) -> None:
    plan = repo / "plan"
    result = run("--plan", str(plan))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        f"Works programme: HEAD (8fdc51f) -> {plan} (working tree), as of 1 June 2011",
        "no change",
    ]
    put(plan, "base")
    result = run("--plan", str(plan), "--format", "json")
    data = json.loads(result.stdout)
    assert data["base"].startswith("HEAD") and data["head"] == f"{plan} (working tree)"
    assert data["added"] == ["pilot"] and data["removed"] == ["evaluation"]
    # Staged: nothing staged yet, so the index is HEAD.
    assert (
        json.loads(run("--staged", "--plan", str(plan), "--format", "json").stdout)["milestones"]
        == []
    )
    git(repo, "add", "plan")
    staged = json.loads(run("--staged", "--plan", str(plan), "--format", "json").stdout)
    assert staged["head"] == "index (staged)" and staged["added"] == ["pilot"]


@needs_git
def test_sides_may_be_directories_and_snapshots(repo: Path, tmp_path: Path) -> None:
    from nhs_transition.load import load_plan

    plan = load_plan(CASES / "base").plan
    assert plan is not None
    snap = tmp_path / "base.json"
    snap.write_text(snapshot_text(state_on(plan, date(2011, 6, 1))), encoding="utf-8")
    result = run(str(snap), str(CASES / "head"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    by_id = {m["id"]: m for m in data["milestones"]}
    assert by_id["bill"]["expected"]["moved_days"] == 31
    assert by_id["training"]["changes"] == [
        {"field": "forecast", "base": "15 September 2011", "head": "30 November 2011"}
    ]
    assert data["notes"] == [
        "a snapshot holds the evaluated plan, not the files: edits are those of the dates in "
        "force, and the policies unexplained and rebaselined cannot be judged"
    ]
    from_dirs = json.loads(run(str(CASES / "base"), str(CASES / "head"), "--format", "json").stdout)
    assert from_dirs["milestones"][0]["id"] == "launch"


@needs_git
def test_bad_sides_are_clear_errors(repo: Path) -> None:
    result = run("no-such-rev", "--plan", str(repo / "plan"))
    assert result.exit_code == 2
    assert "BASE: 'no-such-rev' is not a revision of the repository" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("HEAD", "x", "--staged", "--plan", str(repo / "plan"))
    assert result.exit_code == 2 and "--staged" in result.stderr
    result = run("--fail-on", "finish-latr", "--plan", str(repo / "plan"))
    assert result.exit_code == 2 and "did you mean 'finish-later'" in result.stderr


def test_csv_has_a_row_per_milestone() -> None:
    result = run(str(CASES / "base"), str(CASES / "head"), "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id,change,title,owner,expected_base,expected_head,moved_days")
    assert {line.split(",")[0] for line in lines[1:]} == {
        "launch", "training", "bill", "consult", "design", "draft", "budget", "estates",
        "evaluation", "pilot",
    }  # fmt: skip


# --- core -------------------------------------------------------------------------------------


def _diff(base: list[dict[str, Any]], head: list[dict[str, Any]], **programme: Any) -> Any:
    day = date(2011, 6, 1)
    prog = {"status_date": "2011-06-01", **programme}
    a = side_from_plan(make_plan(base, programme=prog), day, "a")
    b = side_from_plan(make_plan(head, programme=prog), day, "b")
    return compare_sides(a, b, day)


def test_markdown_keeps_plan_text_literal() -> None:
    from nhs_transition.render.diff import diff_markdown, diff_text

    base = [milestone("x", title="<b>bold</b> | pipe *star*", forecast="2011-07-01")]
    head = [milestone("x", title="<b>bold</b> | pipe *star*", forecast="2011-08-01")]
    d = _diff(base, head)
    text = diff_markdown(d)
    assert "&lt;b&gt;bold&lt;/b&gt; \\| pipe \\*star\\*" in text
    assert "<b>" not in text
    assert "\x1b" not in diff_text(_diff([milestone("y", title="a\x1b[31mred")], []))


def test_no_move_is_invented_where_a_side_has_no_date_on_evidence() -> None:
    # Due in the past, nothing recorded: unknown, no expected date. Then a forecast is given.
    base = [milestone("x", due="2011-05-01")]
    head = [milestone("x", due="2011-05-01", forecast="2011-07-01")]
    (c,) = _diff(base, head).milestones
    assert c.expected_base is None and c.expected_head == date(2011, 7, 1)
    assert c.moved_days is None
    from nhs_transition.render.diff import moved_text

    assert moved_text(c) == "no move: no date on evidence in base"


def test_a_history_entry_rewritten_in_place_is_unexplained() -> None:
    def entry(forecast: str) -> dict[str, Any]:
        return {"date": "2011-03-01", "forecast": forecast, "reason": "first forecast"}

    base = [milestone("x", due="2011-09-01", history=[entry("2011-07-01")], forecast="2011-07-01")]
    head = [milestone("x", due="2011-09-01", history=[entry("2011-08-01")], forecast="2011-08-01")]
    d = _diff(base, head)
    assert [v.rule for v in violations(d, ["unexplained"])] == ["unexplained"]


def test_finish_later_and_new_red_of_an_added_milestone() -> None:
    base = [milestone("x", forecast="2011-09-01")]
    head = [
        milestone("x", forecast="2011-08-01"),
        milestone("late", due="2011-07-01", forecast="2011-12-01"),
    ]
    d = _diff(base, head)
    found = violations(d, ["finish-later", "new-red"])
    assert [(v.rule, v.milestone) for v in found] == [("finish-later", None), ("new-red", "late")]
    assert found[0].message == (
        "the programme finish moves 91 days later, from 1 September 2011 to 1 December 2011"
    )
    assert d.headline() == "finish +91 days; 1 moved; 1 added; 1 new red; critical path changed"
    assert violations(_diff(head, base), ["finish-later"]) == ()


# --- properties -------------------------------------------------------------------------------


@st.composite
def plans(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A small acyclic plan: each milestone may depend on earlier ones; dates around 2011."""
    n = draw(st.integers(1, 7))
    out = []
    for i in range(n):
        fields: dict[str, Any] = {}
        deps = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        if deps:
            fields["depends_on"] = [f"m{d}" for d in deps]
        if draw(st.booleans()):
            fields["forecast"] = (
                date(2011, 6, 2) + timedelta(days=draw(st.integers(0, 300)))
            ).isoformat()
        if draw(st.booleans()):
            fields["due"] = (
                date(2011, 3, 1) + timedelta(days=draw(st.integers(0, 400)))
            ).isoformat()
        fields["duration"] = f"{draw(st.integers(0, 40))}d"
        out.append(milestone(f"m{i}", **fields))
    return out


@st.composite
def edited(draw: st.DrawFn, plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for m in plan:
        m = dict(m)
        if draw(st.booleans()):
            m["duration"] = f"{draw(st.integers(0, 60))}d"
        if "forecast" in m and draw(st.booleans()):
            m["forecast"] = (
                date(2011, 6, 2) + timedelta(days=draw(st.integers(0, 300)))
            ).isoformat()
        out.append(m)
    return out


@settings(max_examples=60)
@given(st.data())
def test_diff_of_a_plan_with_itself_is_empty_and_every_move_is_reported_once(data: Any) -> None:
    base = data.draw(plans())
    assert _diff(base, base).empty
    head = data.draw(edited(base))
    d = _diff(base, head)
    day = date(2011, 6, 1)
    a = state_on(make_plan(base, programme={"status_date": "2011-06-01"}), day).by_id()
    b = state_on(make_plan(head, programme={"status_date": "2011-06-01"}), day).by_id()
    listed = [c.id for c in d.milestones]
    assert len(listed) == len(set(listed))
    by_id = {c.id: c for c in d.milestones}
    for mid, before in a.items():
        after = b[mid]
        if before.expected != after.expected:
            assert mid in by_id
            moved = by_id[mid].moved_days
            if before.expected is not None and after.expected is not None:
                assert moved == (after.expected - before.expected).days
                assert moved is not None and (moved > 0) == (after.expected > before.expected)
            else:
                assert moved is None


def test_a_misspelt_policy_is_an_error_at_its_line(tmp_path: Path) -> None:
    put(tmp_path, "base")
    timeline = tmp_path / "timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text(
        text.replace("  status_date: 1 June 2011\n", "  status_date: 1 June 2011\n"
                     "  policies: [finish-latr]\n"),
        encoding="utf-8",
    )  # fmt: skip
    result = runner.invoke(app, ["check", str(tmp_path)], env=ENV)
    assert result.exit_code == 1
    assert "timeline.yaml:8:14: error:" in result.stdout
    assert (
        "'finish-latr' is not allowed (did you mean 'finish-later'?): expected 'finish-later'"
        in result.stdout
    )


# --- trend --git ------------------------------------------------------------------------------


@needs_git
def test_trend_rebuilt_from_git(repo: Path) -> None:
    result = runner.invoke(
        app, ["trend", "--git", "--plan", str(repo / "plan"), "--format", "json"], env=ENV
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2011-06-01"  # the last commit
    series = {m["id"]: m for m in data["milestones"]}
    assert sorted(series) == ["budget", "design", "estates", "training"]  # those that moved
    design = series["design"]["points"]
    assert [(p["report"], p["forecast"], p["kind"], p["change_days"]) for p in design] == [
        ("2011-05-01", "2011-06-30", "baseline", 0),
        ("2011-06-01", "2011-07-31", "forecast", 31),
    ]
    assert {p["source"] for p in design} == {"git"}
    assert design[1]["reason"] == "head" and len(design[1]["commit"]) == 40
    assert [p["kind"] for p in series["estates"]["points"]] == ["baseline", "rebaseline"]
    # A range, and ids after it; the terminal table marks the points from git.
    result = runner.invoke(
        app, ["trend", "--git", "HEAD~1..HEAD", "training", "--plan", str(repo / "plan")], env=ENV
    )
    assert result.exit_code == 0, result.stderr
    assert "git 8fdc51f: head" in result.stdout
    svg = runner.invoke(
        app, ["trend", "--git", "--plan", str(repo / "plan"), "--format", "svg"], env=ENV
    ).stdout
    assert '<rect class="report git"' in svg
    bad = runner.invoke(
        app, ["trend", "--git", "nope..HEAD", "--plan", str(repo / "plan")], env=ENV
    )
    assert bad.exit_code == 2 and "--git nope..HEAD:" in bad.stderr
    # a misspelt milestone id is not taken for a revision without saying so
    typo = runner.invoke(app, ["trend", "--git", "trainng", "--plan", str(repo / "plan")], env=ENV)
    assert typo.exit_code == 2
    assert (
        "'trainng' is neither a milestone (did you mean 'training'?) nor a git revision range"
        in typo.stderr
    )


@needs_git
def test_a_first_commit_of_the_plan_has_nothing_to_compare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q")
    put(root / "plan", "base")
    git(root, "add", "plan")
    result = run("--staged", "--plan", str(root / "plan"))
    assert result.exit_code == 0
    assert (
        result.stderr
        == "transition diff: the repository has no commit yet: nothing to compare with\n"
    )
    (root / "README").write_text("x\n", encoding="utf-8")
    git(root, "add", "README")
    git(root, "commit", "-q", "-m", "readme", "--", "README")
    result = run("--staged", "--plan", str(root / "plan"))
    assert result.exit_code == 0
    assert "HEAD holds no plan at plan yet" in result.stderr


def test_the_pre_commit_hooks_are_declared() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    diff = next(h for h in hooks if h["id"] == "transition-diff")
    assert diff["entry"] == "transition diff --staged" and diff["pass_filenames"] is False


def test_the_terminal_colours_the_text_report_without_changing_it() -> None:
    import re

    from rich.console import Console

    from nhs_transition.render.diff import diff_terminal

    text = (GOLDEN / "diff.txt").read_text(encoding="utf-8")
    console = Console(force_terminal=True, width=100, color_system="standard")
    with console.capture() as captured:
        console.print(diff_terminal(text), soft_wrap=True)
    coloured = captured.get()
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == text
    assert "\x1b[33mamber\x1b[0m -> \x1b[1;31mred\x1b[0m; knock-on from design" in coloured


def test_a_history_entry_edited_in_place_is_shown_field_by_field() -> None:
    def entry(source: str, forecast: str = "2011-07-01") -> dict[str, Any]:
        return {"date": "2011-03-01", "forecast": forecast, "reason": "first", "source": source}

    base = [milestone("x", due="2011-09-01", history=[entry("minutes")], forecast="2011-07-01")]
    head = [
        milestone("x", due="2011-09-01", history=[entry("board minutes")], forecast="2011-07-01")
    ]
    d = _diff(base, head)
    (c,) = d.milestones
    assert [(x.field, x.base, x.head) for x in c.changes] == [
        ("history 2011-03-01 source", "minutes", "board minutes")
    ]
    assert violations(d, ["unexplained"]) == ()  # a source reworded moves no date
    moved = [
        milestone(
            "x", due="2011-09-01", history=[entry("minutes", "2011-08-01")], forecast="2011-08-01"
        )
    ]
    (c,) = _diff(base, moved).milestones
    assert ("history 2011-03-01 forecast", "2011-07-01", "2011-08-01") in [
        (x.field, x.base, x.head) for x in c.changes
    ]


@needs_git
@pytest.mark.parametrize("columns", [60, 80])
def test_the_text_report_wraps_at_columns_keeping_ids_whole(repo: Path, columns: int) -> None:
    env = {**ENV, "COLUMNS": str(columns)}
    result = runner.invoke(
        app, ["diff", "HEAD~1", "HEAD", "--plan", str(repo / "plan"), "--fail-on", "none"], env=env
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines[1:]), lines
    # A wrapped line goes on two further spaces in; its words are those of the wide report.
    wide = run("HEAD~1", "HEAD", "--plan", str(repo / "plan"), "--fail-on", "none").stdout
    assert result.stdout.split() == wide.split()
    assert "  bill  Bill introduced" in lines
    assert len(lines) > len(wide.splitlines())
    assert any(line.startswith("      ") and not line.startswith("       ") for line in lines)


def test_a_calendar_change_is_shown_in_words(tmp_path: Path) -> None:
    cases = Path(__file__).parent / "cases" / "valid"
    shutil.copytree(cases / "every-link-type", tmp_path / "base")
    shutil.copytree(cases / "scottish-calendar", tmp_path / "head")
    result = runner.invoke(
        app, ["diff", str(tmp_path / "base"), str(tmp_path / "head"), "--format", "json"], env=ENV
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["base"] and report["head"]
    text = runner.invoke(
        app, ["diff", str(tmp_path / "base"), str(tmp_path / "head")], env={**ENV, "COLUMNS": "400"}
    ).stdout
    assert (
        "calendar: calendar-days -> working-days; working_week mon, tue, wed, thu, fri, sat; "
        "holidays scotland; non_working 28 December 2011"
    ) in text


def test_a_confirmation_on_the_way_does_not_take_the_knock_on_for_itself() -> None:
    """`a` re-forecast later; `b` (waiting on it) only confirmed: both `b` and `c` move because
    of `a`, and the confirmation's reason is not given as the cause."""
    report = {"date": "2011-06-01", "reason": "On track, checked with HR"}
    base = [
        milestone("a", due="2011-09-01", forecast="2011-07-01"),
        milestone("b", due="2011-10-01", duration="1w", depends_on=["a"]),
        milestone("c", due="2011-11-01", duration="1w", depends_on=["b"]),
    ]
    head = [
        milestone(
            "a",
            due="2011-09-01",
            forecast="2011-08-01",
            history=[{"date": "2011-06-01", "forecast": "2011-08-01", "reason": "Supplier late"}],
        ),
        milestone("b", due="2011-10-01", duration="1w", depends_on=["a"], history=[report]),
        milestone("c", due="2011-11-01", duration="1w", depends_on=["b"]),
    ]
    by = {c.id: c for c in _diff(base, head).milestones}
    assert (by["a"].cause, by["a"].reason) == ("edited", "Supplier late")
    assert (by["b"].cause, by["b"].driven_by, by["b"].reason) == ("knock-on", "a", "Supplier late")
    assert (by["c"].cause, by["c"].driven_by, by["c"].reason) == ("knock-on", "a", "Supplier late")
    assert by["b"].changes  # its new entry is still listed among its edits


@needs_git
def test_a_head_plan_that_fails_check_is_said_so(repo: Path) -> None:
    """`diff` compares the plan as it is and passes (`check` is the gate), but says that the plan
    it read would not pass `check`."""
    plan = repo / "plan"
    timeline = plan / "timeline.yaml"
    text = timeline.read_text("utf-8")
    owner = next(line for line in text.splitlines() if line.strip().startswith("owner:"))
    timeline.write_text(text.replace(owner, owner + "x", 1), "utf-8")
    result = run("--plan", str(plan))
    assert result.exit_code == 0
    assert result.stderr.startswith(
        f"transition diff: note: the plan at {plan} (working tree) has 1 error "
        "(`transition check` fails; the first: "
    )
    assert result.stderr.rstrip().endswith("it is compared as it is")
    put(plan, "head")  # as committed: no note
    assert run("--plan", str(plan)).stderr == ""
