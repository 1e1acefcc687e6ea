"""The GitHub Action's script (action.yml runs `python -m nhs_transition.github_action`).

A temporary repository with two commits of a plan stands for the pull request; the job summary
and outputs are temporary files; the pull-request comment goes to a fake HTTP client.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.github_action import marker, upsert_comment
from nhs_transition.github_action import run as run_action

from .goldens import golden
from .test_diff import GOLDEN, git, put

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def in_process(args: Sequence[str], cwd: Path | None) -> subprocess.CompletedProcess[str]:
    """The CLI run in this process (a subprocess per call costs a second); cwd must be current."""
    assert cwd is not None and Path.cwd() == cwd.resolve()
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "TRANSITION_PLAN": ""})
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def run(env: dict[str, str], *, http: Any, cwd: Path) -> int:
    return run_action(env, http=http, cwd=cwd, cli=in_process)


class FakeGitHub:
    """Records requests; answers the comment listing with `existing`."""

    def __init__(self, existing: list[dict[str, Any]] | None = None) -> None:
        self.existing = existing or []
        self.calls: list[tuple[str, str, Any]] = []

    def __call__(self, method: str, url: str, headers: Any, body: Any) -> tuple[int, Any]:
        self.calls.append((method, url, body))
        assert headers["Authorization"] == "Bearer t0ken"
        if method == "GET":
            return 200, self.existing
        return (201 if method == "POST" else 200), {}


@pytest.fixture
def job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A checked-out pull request (two commits of plan/) and the files GitHub provides."""
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
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7}}), encoding="utf-8")
    env = {
        "INPUT_PLAN": "plan",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "owner/repo",
        "GITHUB_API_URL": "https://api.example.test",
    }
    (tmp_path / "summary.md").write_text("earlier step\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return {"root": root, "env": env, "tmp": tmp_path}


def test_the_summary_gets_the_diff_and_the_outputs_are_set(job: dict[str, Any]) -> None:
    # The real thing: `python -m nhs_transition` in a subprocess, as the action runs it.
    code = run_action(job["env"], http=FakeGitHub(), cwd=job["root"])
    assert code == 0
    summary = (job["tmp"] / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("earlier step\n### Plan diff: finish +111 days; 6 moved;")
    assert summary == golden(GOLDEN / "action-summary.md", summary)
    outputs = (job["tmp"] / "output.txt").read_text(encoding="utf-8").splitlines()
    assert outputs == [
        "headline=finish +111 days; 6 moved; 1 added; 1 removed; 6 new red; critical path changed",
        "finish-moved-days=111",
        "check-failed=false",
        "policy-failed=false",
    ]


def test_a_broken_policy_fails_the_step(job: dict[str, Any]) -> None:
    env = {**job["env"], "INPUT_FAIL_ON": "unexplained"}
    assert run(env, http=FakeGitHub(), cwd=job["root"]) == 1
    summary = (job["tmp"] / "summary.md").read_text(encoding="utf-8")
    assert "- `unexplained`: 'training': forecast changed" in summary
    assert "policy-failed=true" in (job["tmp"] / "output.txt").read_text(encoding="utf-8")


def test_the_comment_is_created_once_then_updated(job: dict[str, Any]) -> None:
    env = {**job["env"], "INPUT_COMMENT": "true", "INPUT_TOKEN": "t0ken"}
    first = FakeGitHub(existing=[{"id": 1, "body": "LGTM"}])
    assert run(env, http=first, cwd=job["root"]) == 0
    assert [(m, u) for m, u, _ in first.calls] == [
        ("GET", "https://api.example.test/repos/owner/repo/issues/7/comments?per_page=100&page=1"),
        ("POST", "https://api.example.test/repos/owner/repo/issues/7/comments"),
    ]
    posted = first.calls[-1][2]["body"]
    assert posted.startswith(marker("plan") + "\n### Plan diff: finish +111 days")
    later = FakeGitHub(existing=[{"id": 1, "body": "LGTM"}, {"id": 42, "body": posted}])
    assert run(env, http=later, cwd=job["root"]) == 0
    assert [(m, u) for m, u, _ in later.calls][-1] == (
        "PATCH",
        "https://api.example.test/repos/owner/repo/issues/comments/42",
    )


def test_no_token_or_no_pull_request_means_no_comment(
    job: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeGitHub()
    assert run({**job["env"], "INPUT_COMMENT": "true"}, http=fake, cwd=job["root"]) == 0
    assert fake.calls == [] and "no token given" in capsys.readouterr().err
    env = {**job["env"], "INPUT_COMMENT": "true", "INPUT_TOKEN": "t0ken", "GITHUB_EVENT_PATH": ""}
    assert run(env, http=fake, cwd=job["root"]) == 0
    assert fake.calls == [] and "not a pull request event" in capsys.readouterr().err


def test_a_failing_api_warns_and_keeps_the_summary(
    job: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    def forbidden(method: str, url: str, headers: Any, body: Any) -> tuple[int, Any]:
        return 403, None

    env = {**job["env"], "INPUT_COMMENT": "true", "INPUT_TOKEN": "t0ken"}
    assert run(env, http=forbidden, cwd=job["root"]) == 0
    assert (
        "::warning title=transition diff::listing the pull request's comments failed (HTTP 403)"
        in (capsys.readouterr().err)
    )


def test_check_errors_become_annotations_and_fail(
    job: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    timeline = job["root"] / "plan" / "timeline.yaml"
    timeline.write_text(
        timeline.read_text(encoding="utf-8").replace("owner: analyst", "owner: analist", 1),
        encoding="utf-8",
    )
    assert run(job["env"], http=FakeGitHub(), cwd=job["root"]) == 1
    out = capsys.readouterr().out
    assert "::error file=plan/timeline.yaml,line=" in out and "unknown-owner" in out
    assert "check-failed=true" in (job["tmp"] / "output.txt").read_text(encoding="utf-8")


def test_upsert_pages_through_the_comments() -> None:
    tag = marker("data")
    pages = {1: [{"id": i, "body": "x"} for i in range(100)], 2: [{"id": 500, "body": tag}]}

    def http(method: str, url: str, headers: Any, body: Any) -> tuple[int, Any]:
        if method == "GET":
            return 200, pages[int(url.rsplit("=", 1)[1])]
        assert (method, url) == ("PATCH", "https://api.github.com/repos/o/r/issues/comments/500")
        return 200, {}

    assert (
        upsert_comment(
            http,
            api="https://api.github.com",
            repository="o/r",
            number=1,
            token="t",
            body="b",
            tag=tag,
        )
        == "updated"
    )


def test_a_long_report_is_cut_to_fit_and_closes_its_details() -> None:
    from nhs_transition.github_action import fit

    body = (
        "### Plan diff\n\n"
        + "| row |\n" * 50
        + "<details><summary>x</summary>\n\n"
        + "- a\n" * 5000
    )
    short = fit(body, 2000, "in the job summary of this run")
    assert len(short) <= 2000
    assert short.endswith(
        "_The report is longer than GitHub allows here: the rest is in the job summary of this "
        "run._\n\n</details>\n"
    )
    assert fit("small\n", 2000, "x") == "small\n"
