"""`transition update ID`, `init` and plan discovery through the command line."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.checks import check_plan
from nhs_transition.cli import app
from nhs_transition.dates import format_day
from nhs_transition.edit import Report
from nhs_transition.edit.starter import starter_plan
from nhs_transition.errors import TransitionError
from nhs_transition.load import load_texts
from tests.test_edit import assert_only_intended

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "cases" / "valid" / "every-link-type"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": ""}
runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `transition ARGS`: (exit code, stdout, stderr), as `cli.main` would report them."""
    result = runner.invoke(app, list(args), env={**ENV, **(env or {})})
    if isinstance(result.exception, TransitionError):
        lines = "".join(f"{d.format_text()}\n" for d in result.exception.diagnostics)
        error = f"{lines}transition: error: {result.exception.message}\n"
        return result.exception.exit_code, result.stdout, result.stderr + error
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copytree(CASE, tmp_path / "plan")
    return tmp_path / "plan"


def test_update_records_a_forecast_and_prints_its_effect(plan: Path) -> None:
    timeline = plan / "timeline.yaml"
    before = timeline.read_text("utf-8")
    code, out, err = invoke(
        "update", "consult", "--plan", str(plan), "--on", "2 July 2011",
        "--forecast", "30 September 2011", "--reason", "Printing delayed",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "consult: re-forecast: Printing delayed",
        "  expected  31 August 2011 -> 30 September 2011 (+30 days)",
        "  rating    green -> amber",
    ]
    assert "moved downstream" in out
    assert f"written to {timeline}" in out or "written to" in out
    report = Report("consult", date(2011, 7, 2), forecast="30 September 2011", reason="x")
    after = timeline.read_text("utf-8")
    assert_only_intended(before, after, Report(**{**_fields(report), "reason": "Printing delayed"}))
    assert "{date: 2 July 2011, forecast: 30 September 2011, reason: Printing delayed}" in after


def _fields(report: Report) -> dict[str, object]:
    return {name: getattr(report, name) for name in Report.__slots__}


def test_dry_run_prints_the_diff_and_writes_nothing(plan: Path) -> None:
    timeline = plan / "timeline.yaml"
    before = timeline.read_bytes()
    code, out, _ = invoke(
        "update", "board-live", "--plan", str(plan), "--on", "2011-10-01",
        "--reason", "On track", "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert timeline.read_bytes() == before
    name = f"{plan.relative_to(Path.cwd()) if plan.is_relative_to(Path.cwd()) else plan}"
    assert f"--- a/{name}/timeline.yaml" in out
    # The file writes its history entries in flow style: so does the new one.
    assert "+    history:\n+      - {date: 1 October 2011, reason: On track}\n" in out
    assert "dry run: nothing written" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--forecast", "2011-12-01"], "a moved forecast needs a reason"),
        (["--due", "2012-06-01"], "a re-baseline (--due) needs a reason"),
        (["--cancel"], "a cancellation needs a reason"),
        (["--actual", "2011-10-05"], "is after the report date"),
        (["--forecast", "2011-02-30", "--reason", "x"], "--forecast: "),
        (["--on", "2011-06-01"], "history is kept oldest first"),
        (["--actual", "2011-09-01", "--cancel", "--reason", "x"], "both achieved and cancelled"),
    ],
)
def test_a_report_that_cannot_be_right_is_refused(
    plan: Path, args: list[str], message: str
) -> None:
    before = (plan / "timeline.yaml").read_bytes()
    code, out, err = invoke("update", "consult", "--plan", str(plan), "--on", "2011-10-01", *args)
    assert code == 2, err
    assert message in err
    assert out == ""
    assert (plan / "timeline.yaml").read_bytes() == before


def test_an_unknown_id_says_which_one_was_meant(plan: Path) -> None:
    code, _, err = invoke("update", "consul", "--plan", str(plan))
    assert code == 2
    assert "no milestone 'consul' in the plan (did you mean 'consult'?)" in err


def test_a_result_that_would_not_pass_check_is_not_written(plan: Path) -> None:
    before = (plan / "timeline.yaml").read_bytes()
    # The agency that owns 'handover' is abolished long before 2030.
    code, out, err = invoke(
        "update", "handover", "--plan", str(plan), "--on", "2011-10-01",
        "--forecast", "1 January 2030", "--reason", "Slipped",
    )  # fmt: skip
    assert code == 1
    assert "[owner-inactive]" in err
    assert "nothing was written" in err
    assert out == ""
    assert (plan / "timeline.yaml").read_bytes() == before


def test_relative_dates_are_written_as_the_file_writes_days(plan: Path) -> None:
    code, _, err = invoke(
        "update", "board-live", "--plan", str(plan), "--forecast", "+2w", "--reason", "Late"
    )
    assert code == 0, err
    today = date.today()
    text = (plan / "timeline.yaml").read_text("utf-8")
    assert f"    forecast: {format_day(today + timedelta(days=14))}\n" in text
    entry = f"{{date: {format_day(today)}, forecast: {format_day(today + timedelta(days=14))}"
    assert entry in text


# --- plan discovery -----------------------------------------------------------------------------


def test_the_current_directory_is_read_first(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(plan)
    code, out, err = invoke("status", "--format", "json")
    assert code == 0
    assert json.loads(out)["programme"] == "demo"
    assert err == ""  # not a terminal, no --verbose: nothing on stderr
    code, out, err = invoke("status", "--format", "json", "--verbose")
    assert json.loads(out)["programme"] == "demo"  # JSON stays clean
    assert err == "plan .: Demo programme\n"
    code, out, err = invoke("--verbose", "show", "consult")
    assert code == 0 and err == "plan .: Demo programme\n"


def test_half_a_plan_is_an_error_that_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "timeline.yaml").write_text((CASE / "timeline.yaml").read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("check")
    assert code == 2
    assert out == ""
    assert "the current directory holds timeline.yaml but no organisations.yaml" in err
    (tmp_path / "timeline.yaml").unlink()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "organisations.yaml").write_text("organisations: []\n", "utf-8")
    code, _, err = invoke("status")
    assert code == 2
    assert "./data holds organisations.yaml but no timeline.yaml" in err


def test_data_and_then_the_shipped_plan_are_read_otherwise(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(plan.parent)
    plan.rename(plan.parent / "data")
    code, _, err = invoke("check", "--verbose")
    assert (code, err) == (0, "plan data: Demo programme\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    code, _, err = invoke("check", "--verbose")
    assert code == 0
    assert err.startswith("plan the plan shipped with transition (")


# --- init ---------------------------------------------------------------------------------------


def test_init_writes_a_plan_that_passes_check_strict_and_shows_on_status(tmp_path: Path) -> None:
    target = tmp_path / "new"
    code, out, _ = invoke("init", str(target))
    assert code == 0
    assert "transition check --plan" in out
    assert sorted(p.name for p in target.iterdir()) == ["organisations.yaml", "timeline.yaml"]
    timeline = (target / "timeline.yaml").read_text("utf-8")
    assert timeline.startswith("# The plan:") and "history:" in timeline
    code, out, _ = invoke("check", "--strict", "--plan", str(target))
    assert (code, out) == (0, "no problems in 2 files\n")
    code, out, _ = invoke("status", "--plan", str(target), "--format", "json")
    assert code == 0
    status = json.loads(out)
    assert status["summary"]["total"] == 5
    assert status["summary"]["done"] == 1
    assert status["summary"]["amber"] >= 1  # the re-forecast milestone
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    code, _, err = invoke("init", str(target))
    assert code == 2
    assert "already holds organisations.yaml and timeline.yaml: nothing was written" in err
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before


@pytest.mark.parametrize(
    "today",
    [date(2026, 1, 1), date(2027, 2, 28), date(2028, 2, 29), date(2026, 8, 31), date(2026, 12, 24)],
)
def test_the_starter_plan_passes_check_strict_whatever_the_day(today: date) -> None:
    result = load_texts(starter_plan(today))
    assert result.ok and result.plan is not None
    assert check_plan(result.plan).diagnostics == []


def test_an_achieved_milestone_cannot_be_cancelled_nor_a_cancelled_one_reported_on(
    plan: Path,
) -> None:
    code, _, err = invoke(
        "update", "design", "--plan", str(plan), "--on", "2011-10-01", "--cancel", "--reason", "x"
    )
    assert code == 2
    assert "'design' was achieved on 28 June 2011: it cannot be cancelled" in err
    code, out, err = invoke(
        "update", "board-live", "--plan", str(plan), "--on", "2011-10-01",
        "--cancel", "--reason", "Merged into the handover",
    )  # fmt: skip
    assert code == 0, err
    expected = out.splitlines()[1]
    assert expected == "  expected  none (cancelled)"  # no date on evidence before either
    assert "{date: 1 October 2011, status: cancelled, reason: Merged into the handover}" in (
        plan / "timeline.yaml"
    ).read_text("utf-8")
    code, _, err = invoke(
        "update", "board-live", "--plan", str(plan), "--on", "2011-10-02",
        "--forecast", "2012-06-01", "--reason", "x",
    )  # fmt: skip
    assert code == 2
    assert "'board-live' was cancelled on 1 October 2011" in err
    # nor a confirmation: there is nothing left to confirm
    code, _, err = invoke(
        "update", "board-live", "--plan", str(plan), "--on", "2011-10-02", "--reason", "still off"
    )
    assert code == 2
    assert "'board-live' was cancelled on 1 October 2011: record nothing more on it" in err


def test_the_shipped_plan_is_not_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke("update", "royal-assent", "--reason", "On track")
    assert code == 2
    assert out == ""
    assert "the plan shipped with transition is not yours to edit" in err


def test_json_gives_the_effect_and_the_diff_of_a_dry_run(plan: Path) -> None:
    before = (plan / "timeline.yaml").read_bytes()
    code, out, err = invoke(
        "update", "consult", "--plan", str(plan), "--on", "2 July 2011",
        "--forecast", "30 September 2011", "--reason", "Printing delayed",
        "--dry-run", "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["written"] is False
    assert data["diff"].startswith("--- a/")
    assert "+    forecast: 30 September 2011\n" in data["diff"]
    assert data["reports"] == [
        {
            "id": "consult",
            "kind": "re-forecast",
            "reason": "Printing delayed",
            "expected": {"before": "2011-08-31", "after": "2011-09-30", "moved_days": 30},
            "rating": {"before": "green", "after": "amber"},
            "slip_days": {"before": -30, "after": 0},
        }
    ]
    assert "respond" in [m["id"] for m in data["moved"]]  # it finishes a month after 'consult'
    assert data["finish"]["moved_days"] >= 0
    assert (plan / "timeline.yaml").read_bytes() == before


def test_the_plan_is_named_in_a_dim_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from nhs_transition import cli
    from nhs_transition.load import packaged_plan

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for no_color, expected in (
        ("", "\x1b[2mplan plans/demo: Demo\x1b[0m\n"),
        ("1", "plan plans/demo: Demo\n"),
    ):
        terminal = Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        monkeypatch.setenv("NO_COLOR", no_color)
        plan = load_texts(starter_plan(date(2026, 1, 5))).plan
        assert plan is not None
        plan.programme.name = "Demo"
        cli.announce_plan(Path("plans/demo"), plan)
        assert terminal.getvalue() == expected
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    cli.announce_plan(packaged_plan(), None)
    assert terminal.getvalue().startswith("plan the plan shipped with transition (")


_CHAIN_ORGS = """\
organisations:
  - id: dept
    name: Department
roles: []
"""
_CHAIN = """\
programme:
  id: p
  name: Chain
  start: 2026-01-05
milestones:
  - id: design
    title: Design agreed
    owner: dept
    due: 2026-12-31
    forecast: 2026-11-30
  - id: build
    title: System built
    owner: dept
    due: 2027-06-30
    duration: 10d
    depends_on: [design]
  - id: pilot
    title: Pilot dropped
    owner: dept
    due: 2026-10-31
"""


def test_an_actual_that_leaves_work_downstream_with_no_date_on_evidence_says_so(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "organisations.yaml").write_text(_CHAIN_ORGS, encoding="utf-8")
    (plan / "timeline.yaml").write_text(_CHAIN, encoding="utf-8")
    # Before: build expected 10 Dec 2026, ten days after design's forecast. Design achieved on
    # 2 November: build could have finished on 12 November, before the report, so nothing says
    # when it will now; it is held at the report date, which is no expectation.
    code, out, err = invoke(
        "update", "design", "--actual", "2026-11-02", "--on", "2026-11-20", "--plan", str(plan)
    )
    assert code == 0, err
    assert "nothing else moved" not in out
    assert (
        "build  10 December 2026 -> no date on evidence (held at the as-of date until "
        "something is recorded)" in out
    )


def test_a_cancellation_sets_its_date_in_the_schedule_by_name(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "organisations.yaml").write_text(_CHAIN_ORGS, encoding="utf-8")
    (plan / "timeline.yaml").write_text(_CHAIN, encoding="utf-8")
    code, _, err = invoke(
        "update", "pilot", "--cancel", "--reason", "dropped", "--on", "2026-10-20",
        "--plan", str(plan),
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = invoke(
        "critical-path", "--plan", str(plan), "--as-of", "2026-11-20", env={"COLUMNS": "200"}
    )
    assert code == 0
    pilot = " ".join(out[out.index("pilot") :].split()[:40])
    assert "set by cancellation" in pilot and "set by actual" not in pilot
    code, out, _ = invoke("owners", "--plan", str(plan), "--as-of", "2026-11-20")
    assert code == 0
    assert "1 cancelled" in out and "cancelled," not in out.split("open:")[-1].split(";")[0]


def test_update_refuses_what_the_record_cannot_hold(plan: Path) -> None:
    timeline = plan / "timeline.yaml"
    before = timeline.read_bytes()

    def refused(*args: str) -> str:
        code, out, err = invoke("update", *args, "--plan", str(plan))
        assert code == 2, (out, err)
        assert timeline.read_bytes() == before  # nothing written
        return err

    # a forecast, or a confirmation, on a milestone already achieved
    assert refused("design", "--forecast", "1 Aug 2011", "--reason", "x", "--on", "2011-07-02") == (
        "transition: error: 'design' was achieved on 28 June 2011: a forecast no longer applies "
        "(correct its actual by hand if it was wrong)\n"
    )
    assert "a confirmation that it is open no longer applies" in refused(
        "design", "--reason", "on track", "--on", "2011-07-02"
    )
    # a forecast and an actual in one report
    assert "a forecast or an actual, not both" in refused(
        "consult", "--forecast", "1 Sep 2011", "--actual", "1 Jul 2011", "--reason", "x",
        "--on", "2011-07-02",
    )  # fmt: skip
    # a report dated after today
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert f"--on {format_day(date.today() + timedelta(days=1))} is after today" in refused(
        "consult", "--reason", "on track", "--on", tomorrow
    )
    # the latest report again, word for word: already recorded
    assert refused(
        "consult", "--forecast", "31 August 2011", "--reason", "late start", "--on", "1 July 2011"
    ) == (
        "transition: error: 'consult' already has this report on 1 July 2011 (history entry 2): "
        "nothing to add (was this return applied before?)\n"
    )
    # an actual on a milestone already achieved: the same day again, or another one
    assert refused("design", "--actual", "28 June 2011", "--on", "2011-07-02") == (
        "transition: error: 'design' was achieved on 28 June 2011: nothing to add (was this "
        "return applied before?)\n"
    )
    assert "'design' was achieved on 28 June 2011: correct its actual by hand" in refused(
        "design", "--actual", "29 June 2011", "--on", "2011-07-02"
    )
    # a forecast before the report date (a relative date counts from today)
    assert "forecast 1 June 2011 is before the report date 2 July 2011" in refused(
        "consult", "--forecast", "1 June 2011", "--reason", "x", "--on", "2011-07-02"
    )
    # a cancellation with a forecast
    assert "cancels the milestone or gives a forecast, not both" in refused(
        "consult", "--cancel", "--forecast", "1 Sep 2011", "--reason", "x", "--on", "2011-07-02"
    )
    # the same words on a later day are a new report
    code, _, err = invoke(
        "update", "consult", "--reason", "late start", "--on", "2 July 2011", "--plan", str(plan)
    )
    assert code == 0, err


_SILENT_CHAIN = """\
programme:
  id: p
  name: Chain
  start: 2026-01-05
milestones:
  - id: fit-out
    title: Fit-out complete
    owner: dept
    due: 2026-11-25
  - id: training
    title: Staff trained
    owner: dept
    due: 2026-12-10
    duration: 2w
    depends_on: [fit-out]
"""


def test_work_downstream_that_gains_a_date_on_evidence_is_listed(tmp_path: Path) -> None:
    # fit-out is silent past its deadline, so training (waiting on it) has no date on evidence;
    # the actual gives it one: that is a move to report, not 'nothing else moved'.
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "organisations.yaml").write_text(_CHAIN_ORGS, encoding="utf-8")
    (plan / "timeline.yaml").write_text(_SILENT_CHAIN, encoding="utf-8")
    code, out, err = invoke(
        "update", "fit-out", "--actual", "2026-11-27", "--on", "2026-12-01", "--plan", str(plan)
    )
    assert code == 0, err
    assert "nothing else moved" not in out
    assert "  training  no date on evidence -> 11 December 2026 (the record now gives one)" in out


def test_the_forecast_in_force_again_is_a_confirmation(plan: Path) -> None:
    """Nothing moved: no reason owed, and the forecast stays as the file writes it."""
    timeline = plan / "timeline.yaml"
    before = timeline.read_text("utf-8")
    code, out, err = invoke(
        "update", "consult", "--forecast", "2011-08-31", "--on", "2 July 2011", "--plan", str(plan)
    )
    assert (code, err) == (0, "")
    assert out.startswith("consult: confirmation")
    after = timeline.read_text("utf-8")
    assert "2011-08-31" not in after
    assert [line for line in after.splitlines() if "forecast" in line] == [
        line for line in before.splitlines() if "forecast" in line
    ]
    assert after.count("date: 2 July 2011") == before.count("date: 2 July 2011") + 1
