"""`transition gantt` and `transition trend` through the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.errors import TransitionError
from tests.test_gantt import by_class, text_of

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

TIMELINE = """\
programme:
  id: demo
  name: Demo & <programme>
  start: 13 July 2010
  status_date: 1 October 2011
milestones:
  - id: consultation-close
    title: Consultation closes
    owner: pmo
    workstream: legislation
    due: 11 October 2010
    actual: 11 October 2010
  - id: bill-introduced
    title: Bill introduced into Parliament
    owner: pmo
    workstream: legislation
    due: autumn 2010
    forecast: January 2011
    actual: 19 January 2011
    depends_on: [consultation-close]
    history:
      - {date: 2010-11-10, forecast: January 2011, reason: drafting}
  - id: royal-assent
    title: Royal Assent
    owner: pmo
    workstream: legislation
    due: summer 2011
    forecast: March 2012
    duration: 0d
    depends_on: [bill-introduced]
    history:
      - {date: 2011-04-06, forecast: end of 2011, reason: listening pause}
      - {date: 2011-09-08, forecast: March 2012, reason: Lords}
  - id: clusters
    title: SHA clusters formed
    owner: dh
    workstream: structures
    due: 2011-10-03
    duration: 12w
    not_before: 2011-06-01
  - id: hostile
    title: '<script>alert(1)</script> & Co; #1: x'
    owner: dh
    workstream: structures
    due: 2011-12-31
    depends_on: [clusters]
  - id: sha-abolished
    title: SHAs abolished
    owner: dh
    workstream: structures
    due: 1 April 2012
    forecast: 31 March 2013
    depends_on: [royal-assent, hostile]
    history:
      - {date: 2011-06-20, forecast: 31 March 2013, reason: Future Forum}
"""


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "plan"
    directory.mkdir()
    (directory / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (directory / "timeline.yaml").write_text(TIMELINE, encoding="utf-8")
    return directory


def invoke(plan_dir: Path, *args: str, columns: int = 100) -> tuple[int, str, str]:
    """Run a command; (exit code, stdout, stderr) as the console script reports them.

    CliRunner calls the typer app, not `cli.main`, so a TransitionError reaches us as an exception:
    turn it into the message and exit code that `main` would give (checked for real below).
    """
    result = runner.invoke(
        app, [*args, "--plan", str(plan_dir)], env={**ENV, "COLUMNS": str(columns)}
    )
    if isinstance(result.exception, TransitionError):
        error = f"transition: error: {result.exception.message}\n"
        return result.exception.exit_code, result.stdout, result.stderr + error
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("columns", [80, 120])
def test_terminal_gantt_fits_the_terminal(plan_dir: Path, columns: int) -> None:
    code, out, err = invoke(plan_dir, "gantt", columns=columns)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert lines[0] == "Demo & <programme> · as of 1 Oct 2011"
    assert "legislation" in lines and "structures" in lines
    assert any(line.startswith("* sha-abolished ") for line in lines)  # the id, whole
    assert "\x1b" not in out  # NO_COLOR


def test_svg_to_a_file(plan_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "gantt.svg"
    code, out, err = invoke(plan_dir, "gantt", "--format", "svg", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    assert len(by_class(root, "milestone")) == 5 and len(by_class(root, "bar")) == 1
    assert "<script>alert(1)</script> & Co; #1: x" in [text_of(e) for e in by_class(root, "label")]
    assert [text_of(e) for e in by_class(root, "title")] == ["Demo & <programme>"]


def test_as_of_moves_the_line_and_the_ratings(plan_dir: Path) -> None:
    code, out, _ = invoke(plan_dir, "gantt", "--format", "svg", "--as-of", "2010-12-01")
    assert code == 0
    root = ET.fromstring(out)
    assert [text_of(e) for e in by_class(root, "asof-label")] == ["as of 1 Dec 2010"]
    assert len(by_class(root, "rating-done")) == 1  # the Bill is not introduced yet


def test_html_page(plan_dir: Path) -> None:
    code, out, err = invoke(plan_dir, "gantt", "--format", "html")
    assert (code, err) == (0, "")
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co; #1: x" in out
    assert "<script>" not in out


def test_mermaid(plan_dir: Path) -> None:
    code, out, err = invoke(plan_dir, "gantt", "--format", "mermaid", "--workstream", "structures")
    assert (code, err) == (0, "")
    assert out.startswith("gantt\n    title Demo & \u2039programme\u203a - as of 1 Oct 2011\n")
    assert "    section structures" in out and "section legislation" not in out
    assert (
        "    \u2039script\u203aalert(1)\u2039/script\u203a & Co, No.1 - x :milestone, m_hostile, "
        in out
    )


def test_from_and_to_filter_the_rows(plan_dir: Path) -> None:
    code, out, err = invoke(
        plan_dir, "gantt", "--from", "2012", "--to", "Q1 2013", "--format", "svg"
    )
    assert (code, err) == (0, "")
    labels = [text_of(e) for e in by_class(ET.fromstring(out), "label")]
    assert labels == ["Royal Assent", "SHAs abolished"]
    assert "1 January 2012 to 31 March 2013" in out


def test_workstream_filter_in_the_terminal(plan_dir: Path) -> None:
    code, out, _ = invoke(plan_dir, "gantt", "-w", "legislation")
    assert code == 0 and "legislation" in out and "SHA clusters" not in out


def test_unknown_workstream_is_a_usage_error_with_a_suggestion(plan_dir: Path) -> None:
    code, out, err = invoke(plan_dir, "gantt", "--workstream", "legislaton")
    assert code == 2 and out == ""
    assert "no workstream 'legislaton' (did you mean 'legislation'?)" in err
    code, _, err = invoke(plan_dir, "gantt", "--workstream", "zzz")
    assert code == 2 and "(the plan has: legislation, structures)" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2010-02-30"], "--from:"),
        (["--to", "Q5 2010"], "--to:"),
        (["--from", "2012", "--to", "2011"], "--to must be on or after --from"),
        (["--as-of", "soon"], "--as-of:"),
    ],
)
def test_bad_dates_are_usage_errors(plan_dir: Path, args: list[str], message: str) -> None:
    code, out, err = invoke(plan_dir, "gantt", *args)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_trend_terminal(plan_dir: Path) -> None:
    code, out, err = invoke(plan_dir, "trend", columns=80)
    assert (code, err) == (0, "")
    assert [line.split(" ·")[0] for line in out.splitlines() if " · " in line] == [
        "bill-introduced",
        "royal-assent",
        "sha-abolished",
    ]
    assert " 8 Sep 2011  forecast 31 Mar 2012   +91d  Lords" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_trend_svg_of_chosen_milestones(plan_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "trend.svg"
    code, out, err = invoke(
        plan_dir, "trend", "royal-assent", "sha-abolished", "--format", "svg", "-o", str(target)
    )
    assert (code, out, err) == (0, "", "")
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    assert [e.get("data-milestone") for e in by_class(root, "series")] == [
        "royal-assent",
        "sha-abolished",
    ]


def test_trend_unknown_milestone(plan_dir: Path) -> None:
    code, out, err = invoke(plan_dir, "trend", "royal-asent")
    assert code == 2 and out == ""
    assert "no milestone 'royal-asent' (did you mean 'royal-assent'?)" in err


def test_help_has_examples() -> None:
    for command in ("gantt", "trend"):
        result = runner.invoke(app, [command, "--help"], env=ENV)
        assert result.exit_code == 0 and "Examples" in result.stdout


def test_the_console_script_reports_usage_errors_with_exit_2(plan_dir: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from nhs_transition.cli import main; main()",
            "gantt",
            "--plan",
            str(plan_dir),
            "--workstream",
            "legislaton",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        check=False,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "transition: error: --workstream: no workstream 'legislaton' (did you mean 'legislation'?)\n"
    )


def test_gantt_json_for_scripts(plan_dir: Path) -> None:
    import json

    code, out, err = invoke(plan_dir, "gantt", "--format", "json", "--workstream", "legislation")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["as_of"], data["start"], data["end"]) == ("2011-10-01", "2010-07-01", "2012-03-31")
    assert [m["id"] for m in data["milestones"]] == [
        "consultation-close",
        "bill-introduced",
        "royal-assent",
    ]
    assent = data["milestones"][2]
    assert assent == {
        "id": "royal-assent",
        "title": "Royal Assent",
        "workstream": "legislation",
        "start": "2012-03-31",
        "finish": "2012-03-31",
        "due": "2011-08-31",
        "slip_days": 213,
        "rating": "red",
        "critical": True,
        "milestone": True,
    }
    assert data["dependencies"] == [
        {"from": "bill-introduced", "to": "royal-assent", "driving": True, "critical": True}
    ]


def test_trend_json_for_scripts(plan_dir: Path) -> None:
    import json

    code, out, err = invoke(plan_dir, "trend", "royal-assent", "--format", "json")
    assert (code, err) == (0, "")
    (series,) = json.loads(out)["milestones"]
    assert series["moved_days"] == 213 and not series["achieved"]
    assert [(p["report"], p["forecast"], p["change_days"]) for p in series["points"]] == [
        ("2010-07-13", "2011-08-31", 0),
        ("2011-04-06", "2011-12-31", 122),
        ("2011-09-08", "2012-03-31", 91),
    ]


def test_table_is_the_terminal_format(plan_dir: Path) -> None:
    assert invoke(plan_dir, "gantt", "--format", "table") == invoke(plan_dir, "gantt")
    assert invoke(plan_dir, "trend", "--format", "table") == invoke(plan_dir, "trend")
