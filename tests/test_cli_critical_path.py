"""`transition critical-path` through the command line: JSON field for field, tables, exit codes.

Goldens live in tests/golden/critical_path/; `UPDATE_GOLDEN=1 pytest` rewrites them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.errors import TransitionError
from tests.goldens import golden

GOLDEN = Path(__file__).resolve().parent / "golden" / "critical_path"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": ""}
runner = CliRunner()

ORGANISATIONS = """\
organisations:
  - id: dh
    name: Department of Health
roles:
  - id: pmo
    title: Programme office
    organisation: dh
"""

# Worked by hand (programme start Friday 1 January 2010, as of the start):
# a: 10d from the start: ES 1 Jan, EF 11 Jan.
# b: FS a +3d: ES 14 Jan, EF 19 Jan (the finish); due 18 Jan: LF 18, LS 13, float -1.
# c: SS a +2d: ES 3 Jan, EF 5 Jan; no deadline downstream: LF = finish 19 Jan, LS 17, float 14,
#    free float 14 (no successors).
# a: LF = min(LS(b)-3 = 10 Jan, LS(c)-2+10 = 25 Jan) = 10 Jan, LS 31 Dec 2009, float -1; free
#    float min(ES(b)-3-EF(a) = 0, ES(c)-2-ES(a) = 0) = 0, capped at the total float: -1.
# Critical: a and b; the deadline that binds is b's, so the critical path is [a, b].
TIMELINE = """\
programme:
  id: demo
  name: Demo [bold]programme[/bold]
  start: 1 January 2010
  status_date: 1 January 2010
milestones:
  - id: a
    title: Design principles agreed
    owner: pmo
    duration: 10d
  - id: b
    title: "Bill introduced \\u001b[31m"
    owner: pmo
    due: 18 January 2010
    duration: 5d
    depends_on: [{id: a, lag: 3d}]
  - id: c
    title: Consultation opens
    owner: pmo
    duration: 2d
    depends_on: [{id: a, type: SS, lag: 2d}]
"""

EXPECTED_JSON = {
    "finish": "2010-01-19",
    "critical_path": ["a", "b"],
    "milestones": [
        {
            "id": "a",
            "early_start": "2010-01-01",
            "early_finish": "2010-01-11",
            "late_start": "2009-12-31",
            "late_finish": "2010-01-10",
            "total_float_days": -1,
            "free_float_days": -1,
            "critical": True,
            "driver": None,
            "set_by": "start",
            "done": False,
        },
        {
            "id": "b",
            "early_start": "2010-01-14",
            "early_finish": "2010-01-19",
            "late_start": "2010-01-13",
            "late_finish": "2010-01-18",
            "total_float_days": -1,
            "free_float_days": -1,
            "critical": True,
            "driver": {"id": "a", "type": "FS", "lag": "3d", "slack_days": 0},
            "set_by": "dependency",
            "done": False,
        },
        {
            "id": "c",
            "early_start": "2010-01-03",
            "early_finish": "2010-01-05",
            "late_start": "2010-01-17",
            "late_finish": "2010-01-19",
            "total_float_days": 14,
            "free_float_days": 14,
            "critical": False,
            "driver": {"id": "a", "type": "SS", "lag": "2d", "slack_days": 0},
            "set_by": "dependency",
            "done": False,
        },
    ],
    "as_of": "2010-01-01",
    "float_unit": "days",
    "critical_path_ends_at": "programme finish",
    "critical_count": 2,
}
SPEC_FIELDS = [
    "id",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float_days",
    "free_float_days",
    "critical",
]


def write_plan(directory: Path, timeline: str = TIMELINE) -> Path:
    """A plan directory holding the two files."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (directory / "timeline.yaml").write_text(timeline, encoding="utf-8")
    return directory


def invoke(*args: str, columns: int = 100) -> tuple[int, str, str]:
    """Run `transition ARGS`; (exit code, stdout, stderr), as `cli.main` would report them.

    CliRunner calls the typer app, not `cli.main`, so a TransitionError reaches us as an
    exception: turn it into the message and exit code the boundary would give.
    """
    result = runner.invoke(app, list(args), env={**ENV, "COLUMNS": str(columns)})
    if isinstance(result.exception, TransitionError):
        error = f"transition: error: {result.exception.message}\n"
        return result.exception.exit_code, result.stdout, result.stderr + error
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/critical_path/NAME; UPDATE_GOLDEN=1 rewrites it."""
    assert text == golden(GOLDEN / name, text)


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan")


def test_json_matches_spec_field_for_field(plan_dir: Path) -> None:
    code, out, err = invoke("critical-path", "--plan", str(plan_dir), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == EXPECTED_JSON
    assert list(data)[:3] == ["finish", "critical_path", "milestones"]
    for row in data["milestones"]:
        assert list(row)[: len(SPEC_FIELDS)] == SPEC_FIELDS


def test_json_as_of_pushes_unfinished_work(plan_dir: Path) -> None:
    # As of 15 January a is not done: EF 15 Jan (ES 5 Jan); b: ES 18, EF 23 Jan, float 18-23 = -5.
    code, out, _ = invoke(
        "critical-path", "--plan", str(plan_dir), "--format", "json", "--as-of", "2010-01-15"
    )
    assert code == 0
    data = json.loads(out)
    rows = {r["id"]: r for r in data["milestones"]}
    assert rows["a"]["early_finish"] == "2010-01-15" and rows["a"]["set_by"] == "as_of"
    assert (rows["b"]["early_finish"], rows["b"]["total_float_days"]) == ("2010-01-23", -5)
    assert data["finish"] == "2010-01-23" and data["as_of"] == "2010-01-15"


def test_json_to_adds_the_driving_chain(plan_dir: Path) -> None:
    code, out, _ = invoke("critical-path", "--plan", str(plan_dir), "--format", "json", "--to", "b")
    assert code == 0
    data = json.loads(out)
    assert data["to"] == "b"
    assert data["driving_chain"] == [
        {"id": "a", "link": None, "slack_days": None, "set_by": "start"},
        {"id": "b", "link": "FS +3d", "slack_days": 0, "set_by": "dependency"},
    ]
    assert data["milestones"] == EXPECTED_JSON["milestones"]


def test_working_days_say_so(tmp_path: Path) -> None:
    timeline = TIMELINE.replace("  status_date:", "  calendar: working-days\n  status_date:")
    code, out, _ = invoke(
        "critical-path", "--plan", str(write_plan(tmp_path / "p", timeline)), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["float_unit"] == "working-days"
    # 10d counts working days: from Friday 1 January 2010 (New Year's Day, not a working day)
    # the 10th working day is Friday 15 January (4-8 and 11-15 January).
    assert data["milestones"][0]["early_finish"] == "2010-01-15"


@pytest.mark.parametrize("columns", [100, 80, 120])
def test_table_golden(plan_dir: Path, columns: int) -> None:
    code, out, err = invoke("critical-path", "--plan", str(plan_dir), columns=columns)
    assert (code, err) == (0, "")
    check_golden(f"small-{columns}.txt", out)


def test_table_shows_the_figures_and_plan_text_literally(plan_dir: Path) -> None:
    code, out, _ = invoke("critical-path", "--plan", str(plan_dir))
    assert code == 0
    assert "Demo [bold]programme[/bold]" in out  # not interpreted as markup
    assert "\x1b" not in out and "Bill introduced \\x1b[31m" in out
    lines = out.splitlines()
    # At 100 columns start and finish share a cell (ES over EF, LS over LF); the critical mark
    # goes before the id; what drives the row is under its title.
    k = lines.index(next(line for line in lines if line.startswith("* a ")))
    assert " ".join(lines[k].split()[2:]) == "1 Jan 2010 31 Dec 2009 -1 -1"
    assert lines[k + 1].split()[-6:] == ["11", "Jan", "2010", "10", "Jan", "2010"]
    assert lines[k + 2] == "set by programme start"
    k = lines.index(next(line for line in lines if line.startswith("c ")))
    assert lines[k].split()[-2:] == ["14", "14"] and lines[k + 2] == "driven by a SS +2d"
    k = lines.index(next(line for line in lines if line.startswith("* b ")))
    assert lines[k + 2] == "driven by a FS +3d"
    assert (
        "Critical path (sets the programme finish, float -1 day): a → b; "
        "2 milestones critical (marked *)"
    ) in out
    assert "  → b  14 Jan 2010 to 19 Jan 2010  (FS +3d)  needed by 18 Jan 2010" in out


def test_to_shows_the_chain_with_slack(plan_dir: Path) -> None:
    code, out, err = invoke("critical-path", "--plan", str(plan_dir), "--to", "c")
    assert (code, err) == (0, "")
    check_golden("to-c-100.txt", out)
    assert "What sets the date of c: early finish 5 Jan 2010, float 14 days" in out
    assert "c's date comes from a, whose date is set by the programme start." in out


def test_to_with_a_forecast_names_it(tmp_path: Path) -> None:
    timeline = TIMELINE.replace(
        "    due: 18 January 2010\n", "    due: 18 January 2010\n    forecast: 1 February 2010\n"
    )
    code, out, _ = invoke(
        "critical-path", "--plan", str(write_plan(tmp_path / "p", timeline)), "--to", "b"
    )
    assert code == 0
    # b's forecast (1 Feb) moves it past what a allows (ES 14 Jan -> 27 Jan): slack 13 on a -> b.
    line = next(line for line in out.splitlines() if line.startswith("b "))
    assert line.split()[1:4] == ["FS", "+3d", "13"]
    assert "b's date is set by its forecast." in out


def test_unknown_to_is_a_usage_error(plan_dir: Path) -> None:
    code, out, err = invoke("critical-path", "--plan", str(plan_dir), "--to", "bb")
    assert code == 2 and out == ""
    assert err == "transition: error: --to: no milestone 'bb' in the plan (did you mean 'b'?)\n"


def test_bad_as_of_is_a_usage_error(plan_dir: Path) -> None:
    code, out, err = invoke("critical-path", "--plan", str(plan_dir), "--as-of", "2010-02-30")
    assert code == 2 and out == ""
    assert "--as-of" in err and "2010-02-30" in err


def test_plan_with_a_cycle_exits_1(tmp_path: Path) -> None:
    timeline = TIMELINE.replace(
        "    duration: 10d\n", "    duration: 10d\n    depends_on: [c]\n", 1
    )
    code, out, err = invoke(
        "critical-path", "--plan", str(write_plan(tmp_path / "p", timeline)), "--format", "json"
    )
    assert code == 1 and out == ""
    assert "cycle" in err


def test_missing_plan_exits_2(tmp_path: Path) -> None:
    code, out, _ = invoke("critical-path", "--plan", str(tmp_path / "nowhere"))
    assert code == 2 and out == ""


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["critical-path", "--help"], env=ENV)
    assert result.exit_code == 0
    assert "transition critical-path --to" in result.stdout


def test_json_lines_equal_json_dumps(tmp_path: Path) -> None:
    # The hand-laid JSON holds exactly what json.dumps of row_json gives, row by row, on a plan
    # with a done milestone, leads, every link type, forecasts and the as-of rule.
    from nhs_transition.load import load_plan
    from nhs_transition.render.critical_path import critical_path_json, plan_order, row_json
    from nhs_transition.schedule import compute_schedule
    from tests.test_cli_show import TIMELINE as SHOW_TIMELINE

    loaded = load_plan(write_plan(tmp_path / "p", SHOW_TIMELINE))
    assert loaded.plan is not None
    schedule = compute_schedule(loaded.plan, date(2010, 2, 1))
    data = json.loads(critical_path_json(loaded.plan, schedule, "commence"))
    assert data["milestones"] == [row_json(r) for r in plan_order(loaded.plan, schedule)]
    assert {m["set_by"] for m in data["milestones"]} == {
        "actual",
        "dependency",
        "forecast",
        "as_of",
    }
    assert data["driving_chain"][-1]["id"] == "commence"


# The small plan, worked by hand (start Monday 6 January 2025, as of the start):
# requirements 10d: 6-16 Jan; design 10d after it: 16-26 Jan, due 26 Jan: float 0.
# build 30d: 6 Jan-5 Feb; uat 10d after it: 5-15 Feb; go-live 0d after uat: 15 Feb, the
# finish, no deadline: float 0. All five are critical; the chain named is the one that sets
# the programme finish, build -> uat -> go-live, with the count (5) beside it. `done-first` was
# achieved on 2 Jan 2025 against a deadline of 1 Jan: it can no longer move, so its floats are
# 0 (not -1) and it is not critical.
TWO_CHAINS = """\
programme:
  id: web
  name: Web shop
  start: 6 January 2025
  status_date: 6 January 2025
milestones:
  - {id: done-first, title: Kick-off, owner: pmo, due: 1 January 2025, actual: 2 January 2025}
  - {id: requirements, title: Requirements signed off, owner: pmo, duration: 10d}
  - id: design
    title: Design approved
    owner: pmo
    duration: 10d
    due: 26 January 2025
    depends_on: [requirements]
  - {id: build, title: Build complete, owner: pmo, duration: 30d}
  - {id: uat, title: Acceptance testing passed, owner: pmo, duration: 10d, depends_on: [build]}
  - {id: go-live, title: Go live, owner: pmo, depends_on: [uat]}
"""
NAMED = (
    "ritical path (sets the programme finish, float 0 days): build → uat → go-live; "
    "5 milestones critical"
)


def test_the_chain_named_is_the_one_that_sets_the_finish_in_every_output(tmp_path: Path) -> None:
    plan = str(write_plan(tmp_path / "plan", TWO_CHAINS))
    code, out, _ = invoke("critical-path", "--plan", plan, columns=120)
    assert code == 0
    assert f"C{NAMED} (marked *)" in out
    assert "requirements →" not in out
    done = next(line for line in out.splitlines() if line.startswith("   done-first "))
    assert done.split()[1:] == [*["2", "Jan", "2025"] * 4, "0", "0"]
    data = json.loads(invoke("critical-path", "--plan", plan, "--format", "json")[1])
    assert data["critical_path"] == ["build", "uat", "go-live"]
    assert (data["critical_path_ends_at"], data["critical_count"]) == ("programme finish", 5)
    first = data["milestones"][0]
    assert (first["total_float_days"], first["free_float_days"], first["critical"]) == (0, 0, False)
    assert (first["late_start"], first["late_finish"]) == ("2025-01-02", "2025-01-02")
    code, out, _ = invoke("status", "--plan", plan, columns=120)
    assert code == 0 and f"c{NAMED}\n" in out
    status = json.loads(invoke("status", "--plan", plan, "--format", "json")[1])
    assert status["critical_path"] == {
        "ids": ["build", "uat", "go-live"],
        "ends_at": "programme finish",
        "total_float_days": 0,
        "critical_count": 5,
    }
    code, out, _ = invoke(
        "report", "weekly", "--plan", plan, "--week-ending", "2025-01-10", "--format", "markdown"
    )
    assert code == 0 and f"- C{NAMED}; unchanged." in out
