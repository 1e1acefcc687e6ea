"""Earlier plans: from a git revision (a real repository made here), and snapshots."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from nhs_transition.errors import TransitionError
from nhs_transition.history import (
    earlier_state,
    parse_snapshot,
    plan_at_revision,
    read_snapshot,
    snapshot_data,
    snapshot_text,
    state_on,
)
from nhs_transition.slippage import evaluate
from nhs_transition.weekly import PlanState, compare, plan_state

from .factories import make_plan, milestone

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ORGANISATIONS = """\
organisations:
  - id: pmo
    name: Programme office
"""
TIMELINE = """\
programme:
  id: demo
  name: Demo
  start: 4 January 2010
milestones:
  - id: design
    title: Design agreed
    owner: pmo
    due: 31 March 2010
    forecast: {forecast}
"""


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a throwaway identity (never the user's global config)."""
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
    )
    return result.stdout


@pytest.fixture(autouse=True)
def no_outer_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git must not find a repository above tmp_path (e.g. when /tmp is inside one)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("GIT_DIR", raising=False)


def write_plan(directory: Path, forecast: str) -> None:
    """The two plan files, with this forecast for 'design'."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (directory / "timeline.yaml").write_text(TIMELINE.format(forecast=forecast), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose plan (in plans/demo) was re-forecast in the second commit."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README").write_text("a programme\n", encoding="utf-8")
    git(root, "add", "README")
    git(root, "commit", "-q", "-m", "start")
    write_plan(root / "plans" / "demo", "1 March 2010")
    git(root, "add", "plans")
    git(root, "commit", "-q", "-m", "baseline")
    write_plan(root / "plans" / "demo", "22 March 2010")
    git(root, "commit", "-q", "-am", "re-forecast design")
    return root


def test_the_plan_at_a_revision_is_read_from_git(repo: Path) -> None:
    plan = plan_at_revision(repo / "plans" / "demo", "HEAD~1")
    [m] = plan.milestones
    assert m.forecast is not None and m.forecast.text == "1 March 2010"
    now = plan_at_revision(repo / "plans" / "demo", "HEAD")
    assert now.milestones[0].forecast is not None
    assert now.milestones[0].forecast.text == "22 March 2010"


def test_a_git_comparison_reports_the_edit_as_a_slip(repo: Path) -> None:
    from nhs_transition.load import load_plan

    directory = repo / "plans" / "demo"
    current = load_plan(directory).plan
    assert current is not None
    friday = date(2010, 2, 26)
    before, label = earlier_state(current, directory, "HEAD~1", date(2010, 2, 19))
    assert label == "the plan at git revision HEAD~1"
    s = compare(current, before, evaluate(current, friday), label)
    [move] = s.slipped
    assert (move.milestone.id, move.before, move.after, move.cause, move.forecast_before) == (
        "design",
        date(2010, 3, 1),
        date(2010, 3, 22),
        "re-forecast",
        "1 March 2010",
    )


def test_the_plan_may_be_at_the_top_of_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "top"
    write_plan(root, "1 March 2010")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "plan")
    assert plan_at_revision(root, "HEAD").programme.id == "demo"


def test_an_unknown_revision_is_a_clear_error(repo: Path) -> None:
    with pytest.raises(TransitionError, match=r"'no-such-rev' is not a revision of the repository"):
        plan_at_revision(repo / "plans" / "demo", "no-such-rev")


def test_a_revision_like_an_option_is_refused(repo: Path) -> None:
    with pytest.raises(TransitionError, match="is not a git revision or a snapshot file"):
        plan_at_revision(repo / "plans" / "demo", "--output=/tmp/x")


def test_plan_files_absent_at_the_revision_is_a_clear_error(repo: Path) -> None:
    with pytest.raises(TransitionError) as info:
        plan_at_revision(repo / "plans" / "demo", "HEAD~2")
    assert "the plan files did not exist at that revision" in info.value.message
    assert "plans/demo/organisations.yaml" in info.value.message


def test_outside_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    write_plan(plain, "1 March 2010")
    with pytest.raises(TransitionError, match="is not inside a git repository"):
        plan_at_revision(plain, "HEAD")


def test_an_invalid_plan_at_the_revision_names_rev_and_path(repo: Path) -> None:
    timeline = repo / "plans" / "demo" / "timeline.yaml"
    timeline.write_text(
        timeline.read_text(encoding="utf-8") + "    colour: red\n", encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "typo")
    with pytest.raises(TransitionError) as info:
        plan_at_revision(repo / "plans" / "demo", "HEAD")
    assert "the plan at HEAD cannot be loaded" in info.value.message
    assert "HEAD:plans/demo/timeline.yaml:" in info.value.message
    assert "colour" in info.value.message


def test_extra_milestone_files_at_the_revision_are_read(repo: Path) -> None:
    extra = repo / "plans" / "demo" / "milestones"
    extra.mkdir()
    (extra / "more.yaml").write_text(
        "milestones:\n  - id: more\n    title: More\n    owner: pmo\n", encoding="utf-8"
    )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "more")
    plan = plan_at_revision(repo / "plans" / "demo", "HEAD")
    assert [m.id for m in plan.milestones] == ["design", "more"]


# --- Snapshots --------------------------------------------------------------------------------


def _state() -> PlanState:
    plan = make_plan(
        [
            milestone("a", due="autumn 2010", forecast="1 December 2010", workstream="ws"),
            milestone("b", depends_on=["a"], duration="2w", actual="1 February 2010"),
            milestone("c", title='Quote " and <tag> & ünïcode'),
        ],
        programme={"deadline": "31 March 2011"},
    )
    return state_on(plan, date(2010, 3, 5))


def test_a_snapshot_round_trips(tmp_path: Path) -> None:
    state = _state()
    path = tmp_path / "snap.json"
    path.write_text(snapshot_text(state), encoding="utf-8")
    assert read_snapshot(path) == state


def test_a_snapshot_document_has_the_documented_fields() -> None:
    data = snapshot_data(_state())
    assert (data["format"], data["version"], data["as_of"]) == (
        "transition-snapshot",
        2,
        "2010-03-05",
    )
    assert set(data) >= {"programme", "finish", "deadline", "critical_path", "milestones"}
    first = data["milestones"][0]
    assert first["due"] == "2010-11-30" and first["due_text"] == "autumn 2010"
    assert {
        "id",
        "title",
        "owner",
        "due",
        "expected",
        "actual",
        "slip_days",
        "rating",
        "forecast",
    } <= set(first)


def test_a_snapshot_is_used_as_the_earlier_plan(tmp_path: Path) -> None:
    state = _state()
    path = tmp_path / "snap.json"
    path.write_text(snapshot_text(state), encoding="utf-8")
    plan = make_plan([milestone("a")])
    before, label = earlier_state(plan, tmp_path, str(path), date(2010, 3, 1))
    assert before == state
    assert label == f"the snapshot {path} (as of 2010-03-05)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "snap.json:1:2: not a snapshot: invalid JSON"),
        ("[]", 'expected a JSON object with "format": "transition-snapshot"'),
        ('{"format": "transition-snapshot", "version": 99}', "format version 99 is not supported"),
    ],
)
def test_a_malformed_snapshot_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "snap.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TransitionError) as info:
        read_snapshot(path)
    assert message in info.value.message
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("expected", "2010-13-01", "milestones[0].expected: '2010-13-01' is not an ISO date"),
        ("expected", 3, "milestones[0].expected: expected an ISO date"),
        ("slip_days", "3", "milestones[0].slip_days: expected a whole number"),
        (
            "rating",
            "purple",
            "milestones[0].rating: 'purple' is not one of red, amber, unknown, green, undated, "
            "done, cancelled",
        ),
        ("critical", 1, "milestones[0].critical: expected true or false"),
    ],
)
def test_a_bad_field_is_named(field: str, value: object, message: str) -> None:
    data = snapshot_data(_state())
    data["milestones"][0][field] = value
    with pytest.raises(Exception, match=r".") as info:
        parse_snapshot(json.loads(json.dumps(data)))
    assert message in str(info.value)


def test_a_version_1_snapshot_is_still_read_and_must_carry_expected() -> None:
    data = snapshot_data(_state())
    data["version"] = 1
    for m in data["milestones"]:
        m.pop("silent_since")
        m["expected"] = m["expected"] or data["as_of"]  # version 1 always carried a date
    assert parse_snapshot(json.loads(json.dumps(data))).milestones[0].expected is not None
    data["milestones"][0]["expected"] = None
    with pytest.raises(Exception, match=r"milestones\[0\]\.expected: missing"):
        parse_snapshot(json.loads(json.dumps(data)))


def test_a_snapshot_of_another_programme_or_a_later_date_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    path.write_text(snapshot_text(_state()), encoding="utf-8")  # programme 'prog', 5 March 2010
    other = make_plan([milestone("a")], programme={"id": "other"})
    with pytest.raises(
        TransitionError, match="the snapshot is of programme 'prog', not of 'other'"
    ):
        earlier_state(other, tmp_path, str(path), date(2010, 3, 1))
    same = make_plan([milestone("a")])
    with pytest.raises(
        TransitionError, match="taken on 2010-03-05, after the week ending 2010-03-04"
    ):
        earlier_state(same, tmp_path, str(path), date(2010, 2, 25))


def test_an_unreadable_snapshot_path_falls_back_to_a_revision(tmp_path: Path) -> None:
    plan = make_plan([milestone("a")])
    write_plan(tmp_path / "plain", "1 March 2010")
    with pytest.raises(TransitionError, match="no snapshot file of that name exists"):
        earlier_state(plan, tmp_path / "plain", str(tmp_path / "missing.json"), date(2010, 3, 1))


def test_git_is_called_without_a_shell() -> None:
    source = (Path(__file__).parent.parent / "src" / "nhs_transition" / "history.py").read_text(
        encoding="utf-8"
    )
    assert "shell=True" not in source
    assert "os.system" not in source


def test_state_on_is_the_evaluation_reduced() -> None:
    plan = make_plan([milestone("a", forecast="1 April 2010")])
    assert state_on(plan, date(2010, 3, 5)) == plan_state(evaluate(plan, date(2010, 3, 5)), plan)
