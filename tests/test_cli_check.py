"""`transition check`: exit codes, the three formats, --strict, PATH arguments, the summary line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.errors import Diagnostic, Severity
from nhs_transition.load import packaged_plan
from nhs_transition.render.diagnostics import (
    escape_data,
    escape_property,
    format_github_line,
    summary_line,
)

CASES = Path(__file__).parent / "cases"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "TRANSITION_PLAN": ""}
TEXT_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")

runner = CliRunner()


@pytest.fixture(autouse=True)
def in_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tests/cases so file names in the output are short and stable."""
    monkeypatch.chdir(CASES)


def invoke(*args: str, **env: str) -> tuple[int, str, str]:
    """Run `transition check ARGS`; (exit code, stdout, stderr)."""
    result = runner.invoke(app, ["check", *args], env={**ENV, **env})
    return result.exit_code, result.stdout, result.stderr


def copy_case(name: str, tmp_path: Path) -> Path:
    """A writable copy of a corpus case."""
    target = tmp_path / name
    shutil.copytree(CASES / name, target)
    return target


# --- Exit codes -------------------------------------------------------------------------------


def test_a_clean_plan_exits_0_with_the_summary_only() -> None:
    code, out, err = invoke("valid/minimal")
    assert (code, out, err) == (0, "no problems in 2 files\n", "")


def test_errors_exit_1_one_line_each_then_the_summary() -> None:
    code, out, err = invoke("invalid/unknown-owner")
    assert code == 1
    assert err == ""
    assert out.splitlines() == [
        "invalid/unknown-owner/timeline.yaml:9:12: error: 'design' is owned by "
        "'programme-directer', which is neither a role nor an organisation (did you mean "
        "'programme-director'?): fix the owner or add it to organisations.yaml [unknown-owner]",
        "invalid/unknown-owner/timeline.yaml:13:12: error: 'build' is owned by 'nobody-at-all', "
        "which is neither a role nor an organisation: fix the owner or add it to "
        "organisations.yaml [unknown-owner]",
        "2 errors in 2 files",
    ]


def test_warnings_pass_unless_strict() -> None:
    code, out, _ = invoke("invalid/due-before-start")
    assert code == 0
    assert out.splitlines()[-1] == "1 warning in 2 files"
    code, out, _ = invoke("--strict", "invalid/due-before-start")
    assert code == 1
    assert out.splitlines()[-1] == "1 warning in 2 files"


def test_errors_and_warnings_are_both_counted() -> None:
    code, out, _ = invoke("invalid/forecast-before-dependencies", "invalid/unknown-owner")
    assert code == 1
    assert out.splitlines()[-1] == "2 errors, 3 warnings in 4 files"


@pytest.mark.parametrize("case", sorted(p.name for p in (CASES / "invalid").glob("hostile-*")))
def test_an_unloadable_plan_exits_2_without_a_traceback(case: str) -> None:
    code, out, err = invoke(f"invalid/{case}")
    assert code == 2
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert len(lines) == 2
    assert TEXT_LINE.match(lines[0]), lines[0]
    assert lines[1] == "1 error in 2 files"


def test_a_missing_path_exits_2() -> None:
    code, out, err = invoke("no-such-plan")
    assert code == 2
    # No line and column where there is no file to point into.
    assert out.splitlines() == [
        "no-such-plan: error: no plan at 'no-such-plan': expected a directory holding "
        "organisations.yaml and timeline.yaml [plan-not-found]",
        "1 error (no plan file read)",
    ]
    assert err == ""
    code, out, _ = invoke("--format", "json", "no-such-plan")
    [found] = json.loads(out)["diagnostics"]
    assert (code, found["line"], found["column"]) == (2, None, None)
    code, out, _ = invoke("--format", "github", "no-such-plan")
    assert out.startswith("::error file=no-such-plan,title=plan-not-found::no plan at")


# --- Formats ----------------------------------------------------------------------------------


def test_json_matches_the_spec_field_for_field() -> None:
    code, out, err = invoke("--format", "json", "invalid/unknown-dependency")
    assert code == 1
    assert err == ""
    assert json.loads(out) == {
        "ok": False,
        "diagnostics": [
            {
                "code": "unknown-dependency",
                "severity": "error",
                "message": "'bill-introduced' depends on 'consultaton-close', which is not a "
                "milestone (did you mean 'consultation-close'?): fix the id or remove the dependency",
                "file": "invalid/unknown-dependency/timeline.yaml",
                "line": 14,
                "column": 18,
                "milestone": "bill-introduced",
            },
            {
                "code": "unknown-dependency",
                "severity": "error",
                "message": "'bill-introduced' depends on 'royal-assent', which is not a "
                "milestone: fix the id or remove the dependency",
                "file": "invalid/unknown-dependency/timeline.yaml",
                "line": 14,
                "column": 37,
                "milestone": "bill-introduced",
            },
        ],
    }


def test_json_milestone_is_null_for_objects_that_are_not_milestones() -> None:
    _, out, _ = invoke("-f", "json", "invalid/unknown-parent")
    [d] = json.loads(out)["diagnostics"]
    assert d["milestone"] is None
    assert list(d) == ["code", "severity", "message", "file", "line", "column", "milestone"]


def test_json_ok_follows_the_exit_code() -> None:
    code, out, _ = invoke("-f", "json", "valid/minimal")
    assert (code, json.loads(out)) == (0, {"ok": True, "diagnostics": []})
    code, out, _ = invoke("-f", "json", "invalid/due-before-start")
    assert (code, json.loads(out)["ok"]) == (0, True)
    code, out, _ = invoke("-f", "json", "--strict", "invalid/due-before-start")
    assert (code, json.loads(out)["ok"]) == (1, False)
    code, out, _ = invoke("-f", "json", "invalid/hostile-empty-file")
    assert (code, json.loads(out)["ok"]) == (2, False)


def test_github_annotations_then_the_summary() -> None:
    code, out, _ = invoke("--format", "github", "invalid/not-before-after-deadline")
    assert code == 1
    assert out.splitlines() == [
        "::error file=invalid/not-before-after-deadline/timeline.yaml,line=10,col=17,"
        "title=not-before-after-deadline::'design' cannot happen before Q3 2011 (1 July 2011) "
        "but is due by 30 June 2011: the deadline can never be met; correct not_before or due",
        "1 error in 2 files",
    ]


def test_github_format_is_chosen_under_github_actions() -> None:
    _, out, _ = invoke("invalid/due-before-start", GITHUB_ACTIONS="true")
    assert out.startswith("::warning file=invalid/due-before-start/timeline.yaml,line=10,col=10,")
    _, out, _ = invoke("--format", "text", "invalid/due-before-start", GITHUB_ACTIONS="true")
    assert out.startswith("invalid/due-before-start/timeline.yaml:10:10: warning: ")
    _, out, _ = invoke("invalid/due-before-start", GITHUB_ACTIONS="false")
    assert out.startswith("invalid/due-before-start/timeline.yaml:10:10: warning: ")


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    d = Diagnostic("x-rule", Severity.WARNING, "line one\nline: two, 100%", "dir,1/a:b.yaml", 3, 4)
    assert format_github_line(d) == (
        "::warning file=dir%2C1/a%3Ab.yaml,line=3,col=4,title=x-rule::line one%0Aline: two, 100%25"
    )


def test_text_shows_control_characters_from_plan_files_literally(tmp_path: Path) -> None:
    plan = copy_case("valid/minimal", tmp_path)
    timeline = plan / "timeline.yaml"
    timeline.write_text(
        timeline.read_text().replace("  start:", '  "\\e[31mred": 1\n  start:'), encoding="utf-8"
    )
    code, out, _ = invoke(str(plan))
    assert code == 1
    assert "\x1b" not in out
    assert "\\x1b[31mred" in out


def test_the_summary_counts_warnings_the_plan_ignores() -> None:
    code, out, _ = invoke("--strict", "valid/ignored-warnings")
    assert (code, out) == (
        0,
        "no problems in 2 files (1 warning ignored by the plan: actual-after-status-date)\n",
    )
    code, out, _ = invoke("-f", "json", "valid/ignored-warnings")
    assert (code, json.loads(out)) == (0, {"ok": True, "diagnostics": []})


def test_summary_line_wording() -> None:
    e = Diagnostic("a", Severity.ERROR, "m", "f", 1, 1)
    w = Diagnostic("b", Severity.WARNING, "m", "f", 1, 1)
    assert summary_line([], 1) == "no problems in 1 file"
    assert summary_line([e], 3) == "1 error in 3 files"
    assert summary_line([e, e, w], 3) == "2 errors, 1 warning in 3 files"
    assert summary_line([w, w], 2) == "2 warnings in 2 files"


# --- PATH arguments and plan resolution -------------------------------------------------------


def test_diagnostics_of_several_plans_are_sorted_by_file_line_column() -> None:
    _, out, _ = invoke("invalid/unknown-owner", "invalid/duplicate-id")
    lines = out.splitlines()[:-1]
    keys = [(f, int(line), int(col)) for f, line, col, _ in (s.split(":", 3) for s in lines)]
    assert keys == sorted(keys)
    assert lines[0].startswith("invalid/duplicate-id/organisations.yaml:15:9: ")


def test_a_file_in_a_plan_directory_checks_its_whole_plan() -> None:
    code, out, _ = invoke("invalid/unknown-role-organisation/timeline.yaml")
    assert code == 1
    assert "invalid/unknown-role-organisation/organisations.yaml:7:19: error:" in out
    assert out.splitlines()[-1] == "1 error in 2 files"


def test_two_files_of_one_plan_are_one_plan() -> None:
    _, out, _ = invoke("valid/minimal/timeline.yaml", "valid/minimal/organisations.yaml")
    assert out == "no problems in 2 files\n"


def test_a_split_plan_counts_every_file() -> None:
    code, out, _ = invoke("valid/split-milestones")
    assert (code, out) == (0, "no problems in 3 files\n")


def test_without_path_the_plan_option_and_environment_are_used() -> None:
    code, out, _ = invoke("--plan", "invalid/due-before-start")
    assert code == 0
    assert out.startswith("invalid/due-before-start/timeline.yaml:10:10: warning:")
    code, out, _ = invoke(TRANSITION_PLAN="invalid/unknown-parent")
    assert code == 1
    assert out.startswith("invalid/unknown-parent/organisations.yaml:6:13: error:")


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["check", "--help"], env=ENV)
    assert result.exit_code == 0
    assert "transition check --format json" in result.stdout
    assert "--strict" in result.stdout


def test_the_shipped_plan_checks_clean_under_strict() -> None:
    shipped = packaged_plan()
    if not (shipped / "timeline.yaml").is_file():
        pytest.skip("the shipped plan has no timeline.yaml yet")
    code, out, _ = invoke("--strict", str(shipped))
    assert code == 0, out
    assert out.startswith("no problems in ")


def test_the_pre_commit_hook_runs_check_on_plan_files() -> None:
    from nhs_transition.yamlsrc import parse

    path = Path(__file__).parent.parent / ".pre-commit-hooks.yaml"
    hooks = parse(path.read_text(encoding="utf-8"), path.name).data
    assert [h["id"] for h in hooks] == ["transition-check", "transition-diff"]
    hook = hooks[0]
    assert hooks[1]["files"] == hook["files"]  # the diff hook runs on the same files
    assert hook["entry"] == "transition check"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True
    pattern = re.compile(hook["files"])
    for name in ("data/timeline.yaml", "organisations.yaml", "p/milestones/wave-1.yml"):
        assert pattern.search(name), name
    for name in ("data/other.yaml", "my-timeline.yaml", "milestones/deep/x.yaml", "timeline.json"):
        assert not pattern.search(name), name


def test_a_command_lets_go_of_the_plans_network_when_it_returns() -> None:
    """cpm remembers the last network it built (for the next schedule of the same plan); held
    past the command, the plan would be freed at exit, where the interpreter's last collections
    walk every object of it (0.6 s at 20,000 milestones)."""
    from nhs_transition.schedule import cpm

    result = runner.invoke(app, ["check", "--plan", str(packaged_plan()), "--no-cache"], env=ENV)
    assert result.exit_code == 0
    assert cpm._LAST_NETWORK == []
