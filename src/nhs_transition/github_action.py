"""What the GitHub Action (action.yml) runs: check, diff into the job summary, one PR comment.

`python -m nhs_transition.github_action` inside a workflow job, with the action's inputs in the
environment (INPUT_PLAN, INPUT_BASE, INPUT_STRICT, INPUT_FAIL_ON, INPUT_COMMENT, INPUT_TOKEN) and
GitHub's own variables (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_EVENT_PATH, GITHUB_REPOSITORY,
GITHUB_BASE_REF, GITHUB_API_URL):

1. `transition check --format github` prints annotations (they land on the pull request's lines);
2. `transition diff BASE HEAD --format markdown` is appended to the job summary, BASE being the
   input, else the merge base with the pull request's target branch, else HEAD~1;
3. with `comment: true`, a token and a pull request, the same Markdown becomes one comment on
   the pull request, found again by a marker and updated on later runs rather than duplicated;
4. outputs: `headline`, `finish-moved-days`, `check-failed`, `policy-failed`.

The step fails (exit 1) when `check` finds errors (or warnings with `strict`) or the diff breaks
a policy (`fail-on`, or the programme's `policies:`); a diff that cannot be computed (a base
without the plan, say) is reported in the summary and does not fail the step on its own.
The commands run as `python -m nhs_transition` (argument lists, no shell); the HTTP client is a
parameter, so tests run the comment path against a fake.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "<!-- transition-diff"
# (method, url, headers, JSON body or None) -> (status, decoded JSON or None)
Http = Callable[[str, str, Mapping[str, str], Any], tuple[int, Any]]
# (arguments of `transition`, working directory) -> the finished process
Cli = Callable[[Sequence[str], Path | None], "subprocess.CompletedProcess[str]"]


@dataclass(frozen=True, slots=True)
class Inputs:
    """The action's inputs, read from the environment."""

    plan: str
    base: str
    strict: bool
    fail_on: str
    comment: bool
    token: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Inputs:
        """INPUT_* variables as GitHub (or action.yml's `env:`) sets them."""

        def flag(name: str) -> bool:
            return env.get(name, "").strip().lower() in ("true", "1", "yes")

        return cls(
            plan=env.get("INPUT_PLAN", "").strip() or "data",
            base=env.get("INPUT_BASE", "").strip(),
            strict=flag("INPUT_STRICT"),
            fail_on=env.get("INPUT_FAIL_ON", "").strip(),
            comment=flag("INPUT_COMMENT"),
            token=env.get("INPUT_TOKEN", "").strip(),
        )


def transition(args: Sequence[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI of this installation (no shell), capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "nhs_transition", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _git(*args: str, cwd: Path | None = None) -> str | None:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def choose_base(inputs: Inputs, env: Mapping[str, str], cwd: Path | None = None) -> str:
    """The input, else the merge base with the pull request's target branch, else HEAD~1."""
    if inputs.base:
        return inputs.base
    target = env.get("GITHUB_BASE_REF", "")
    if target:
        found = _git("merge-base", f"origin/{target}", "HEAD", cwd=cwd)
        if found:
            return found
        return f"origin/{target}"
    return "HEAD~1"


def pull_request_number(env: Mapping[str, str]) -> int | None:
    """The pull request of the event that started the job, if it is one."""
    path = env.get("GITHUB_EVENT_PATH", "")
    if not path:
        return None
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    number = (event.get("pull_request") or {}).get("number")
    return number if isinstance(number, int) else None


def marker(plan: str) -> str:
    """The hidden line that identifies this action's comment for one plan."""
    return f"{MARKER} plan={plan.replace('--', '- -')} -->"


def urllib_http(method: str, url: str, headers: Mapping[str, str], body: Any) -> tuple[int, Any]:
    """The real client: urllib, JSON in and out."""
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        return exc.code, None


def upsert_comment(
    http: Http, *, api: str, repository: str, number: int, token: str, body: str, tag: str
) -> str:
    """Create the comment carrying `tag`, or update the one a previous run left: 'created'/'updated'."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "transition-action",
    }
    base = f"{api.rstrip('/')}/repos/{repository}/issues"
    text = f"{tag}\n{body}"
    page = 1
    while True:
        status, comments = http(
            "GET", f"{base}/{number}/comments?per_page=100&page={page}", headers, None
        )
        if status != 200 or not isinstance(comments, list):
            raise RuntimeError(f"listing the pull request's comments failed (HTTP {status})")
        for comment in comments:
            if isinstance(comment, dict) and tag in str(comment.get("body", "")):
                status, _ = http(
                    "PATCH", f"{base}/comments/{comment['id']}", headers, {"body": text}
                )
                if status != 200:
                    raise RuntimeError(f"updating the comment failed (HTTP {status})")
                return "updated"
        if len(comments) < 100:
            break
        page += 1
    status, _ = http("POST", f"{base}/{number}/comments", headers, {"body": text})
    if status != 201:
        raise RuntimeError(f"creating the comment failed (HTTP {status})")
    return "created"


COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
SUMMARY_LIMIT = 900_000  # and job summaries over 1 MiB per step


def fit(body: str, limit: int, where: str) -> str:
    """`body` cut at a line to fit `limit` characters, saying so and closing an open <details>."""
    if len(body) <= limit:
        return body
    cut = body.rfind("\n", 0, limit - 300)
    kept = body[: cut if cut > 0 else limit - 300]
    tail = "\n\n_The report is longer than GitHub allows here: the rest is " + where + "._\n"
    if kept.count("<details>") > kept.count("</details>"):
        tail += "\n</details>\n"
    return kept + tail


def _append(path: str, text: str) -> None:
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(text)


def _output(path: str, name: str, value: str) -> None:
    # One line per value: GitHub's multiline syntax is not needed for these.
    _append(path, f"{name}={' '.join(value.split())}\n")


def run(
    env: Mapping[str, str],
    http: Http = urllib_http,
    cwd: Path | None = None,
    cli: Cli = transition,
) -> int:
    """The whole action; returns the exit code of the step."""
    inputs = Inputs.from_env(env)
    summary_path = env.get("GITHUB_STEP_SUMMARY", "")
    output_path = env.get("GITHUB_OUTPUT", "")

    check_args = ["check", "--format", "github", inputs.plan]
    if inputs.strict:
        check_args.append("--strict")
    checked = cli(check_args, cwd)
    sys.stdout.write(checked.stdout)
    sys.stderr.write(checked.stderr)
    check_failed = checked.returncode != 0

    base = choose_base(inputs, env, cwd)
    diff_args = ["diff", base, "HEAD", "--plan", inputs.plan]
    if inputs.fail_on:
        diff_args += ["--fail-on", inputs.fail_on]
    markdown = cli([*diff_args, "--format", "markdown"], cwd)
    policy_failed = markdown.returncode == 1
    headline = ""
    moved = ""
    if markdown.returncode in (0, 1):
        body = markdown.stdout
        data = cli([*diff_args, "--format", "json", "--fail-on", "none"], cwd)
        if data.returncode == 0:
            parsed = json.loads(data.stdout)
            headline = parsed.get("headline", "")
            moved = str(parsed["finish"]["moved_days"])
        sys.stderr.write(markdown.stderr)
    else:
        message = markdown.stderr.strip() or "transition diff failed"
        body = (
            f"### Plan diff\n\nThe diff against `{base}` could not be computed:\n\n"
            f"```\n{message}\n```\n"
        )
        sys.stderr.write(markdown.stderr)
    if check_failed:
        body += "\n`transition check` found problems: see the annotations of this run.\n"
    _append(
        summary_path,
        fit(body, SUMMARY_LIMIT, "in `transition diff` run locally (`--format markdown`)") + "\n",
    )
    _output(output_path, "headline", headline)
    _output(output_path, "finish-moved-days", moved)
    _output(output_path, "check-failed", str(check_failed).lower())
    _output(output_path, "policy-failed", str(policy_failed).lower())

    if inputs.comment:
        number = pull_request_number(env)
        if not inputs.token:
            sys.stderr.write("transition action: comment: true but no token given; no comment\n")
        elif number is None:
            sys.stderr.write("transition action: not a pull request event; no comment\n")
        else:
            try:
                done = upsert_comment(
                    http,
                    api=env.get("GITHUB_API_URL", "https://api.github.com"),
                    repository=env.get("GITHUB_REPOSITORY", ""),
                    number=number,
                    token=inputs.token,
                    body=fit(body, COMMENT_LIMIT, "in the job summary of this run"),
                    tag=marker(inputs.plan),
                )
                sys.stdout.write(f"transition action: pull request comment {done}\n")
            except RuntimeError as exc:
                # The summary has the report; a missing permission must not hide it.
                sys.stderr.write(f"::warning title=transition diff::{exc}\n")
    return 1 if check_failed or policy_failed else 0


def main() -> None:
    """Entry point of `python -m nhs_transition.github_action`."""
    sys.exit(run(os.environ))


if __name__ == "__main__":
    main()
