"""`transition show ID` through the command line: the view, its trees, JSON, exit codes.

Goldens live in tests/golden/show/; `UPDATE_GOLDEN=1 pytest` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.goldens import golden
from tests.test_cli_critical_path import invoke, write_plan

GOLDEN = Path(__file__).resolve().parent / "golden" / "show"

# Programme start Friday 1 January 2010, status date 1 February 2010.
# design: 10d, achieved 12 Jan (ES 2 Jan). consultation: 4w after design: 12 Jan -> 9 Feb.
# drafting: SS design +5d, 20d: ES 7 Jan but not done by 1 Feb... EF 27 Jan < 1 Feb, so the
#   as-of rule moves it: EF 1 Feb, ES 12 Jan.
# bill: FS consultation (9 Feb), FF drafting +2d (3 Feb): ES = EF = 9 Feb, driven by
#   consultation; due February 2010 (28 Feb).
# assent: 6w after bill: 9 Feb -> 23 Mar; its forecast in force on 1 Feb is the 15 Jan entry,
#   10 April, later than the network: EF 10 Apr, ES 27 Feb; due 31 Mar: float -10.
# commence: after assent (FS) and bill (SS +1w): ES = EF = 10 Apr.
TIMELINE = """\
programme:
  id: demo
  name: Demo programme
  start: 1 January 2010
  status_date: 1 February 2010
milestones:
  - id: design
    title: Design principles agreed
    owner: pmo
    duration: 10d
    actual: 12 January 2010
  - id: consultation
    title: Consultation runs
    owner: pmo
    duration: 4w
    depends_on: [design]
  - id: drafting
    title: Bill drafted
    owner: pmo
    duration: 20d
    depends_on: [{id: design, type: SS, lag: 5d}]
  - id: bill
    title: "Bill introduced \\u001b[31m"
    owner: pmo
    due: February 2010
    depends_on: [consultation, {id: drafting, type: FF, lag: 2d}]
  - id: assent
    title: Royal Assent
    owner: pmo
    workstream: legislation
    due: 31 March 2010
    forecast: 20 April 2010
    duration: 6w
    depends_on: [bill]
    source: "Command paper, section [b]2[/b]"
    history:
      - {date: 15 January 2010, forecast: 10 April 2010, reason: "drafting [red]slow[/red]"}
      - {date: 1 March 2010, forecast: 20 April 2010, reason: later}
  - id: commence
    title: Commencement
    owner: pmo
    depends_on: [assent, {id: bill, type: SS, lag: 1w}]
"""


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/show/NAME; UPDATE_GOLDEN=1 rewrites it."""
    assert text == golden(GOLDEN / name, text)


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan", TIMELINE)


def test_view_golden(plan_dir: Path) -> None:
    code, out, err = invoke("show", "assent", "--plan", str(plan_dir))
    assert (code, err) == (0, "")
    check_golden("assent-100.txt", out)


def test_view_shows_fields_dates_rating_and_history(plan_dir: Path) -> None:
    code, out, _ = invoke("show", "assent", "--plan", str(plan_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "assent  Royal Assent"
    assert lines[1].startswith("AMBER as of 1 Feb 2010: forecast 10 days late")
    assert "drafting [red]slow[/red]" in out  # plan text shown literally
    assert "Command paper, section [b]2[/b]" in out
    # The forecast in force on 1 February is the 15 January entry; `forecast` is the latest.
    forecast = next(line for line in lines if line.startswith("Forecast"))
    assert "10 Apr 2010  (in force on 1 Feb 2010; latest: 20 Apr 2010)" in forecast
    assert "start 27 Feb 2010, finish 10 Apr 2010" in out
    assert "total -10 days, free -10 days  critical" in out
    assert "forecast; nearest dependency bill FS, slack 18" in out
    history = [line.rstrip() for line in lines[lines.index("History") :]]
    assert history[3].startswith("15 Jan 2010   re-forecast 10 Apr 2010   drafting [red]slow[/red]")
    assert history[3].endswith("in force")
    assert history[4].startswith("1 Mar 2010") and history[4].endswith("after the as-of date")


def test_trees_go_all_the_way_and_show_each_milestone_once(plan_dir: Path) -> None:
    code, out, _ = invoke("show", "bill", "--plan", str(plan_dir))
    assert code == 0
    lines = out.splitlines()
    up = lines[lines.index("Waits on") : lines.index("Needed by")]
    assert up[1].startswith("├── [FS] consultation  Consultation runs") and "drives" in up[1]
    assert up[2].startswith("│   └── [FS] design  Design principles agreed")
    assert up[3].startswith("└── [FF +2d] drafting")
    assert up[4].startswith("    └── [SS +5d] design") and up[4].endswith("(shown above)")
    down = lines[lines.index("Needed by") : lines.index("History: nothing reported.")]
    # assent's forecast, not bill, sets its date: the link does not drive.
    assert down[1] == "├── [FS] assent  Royal Assent  27 Feb 2010 to 10 Apr 2010"
    assert down[2].startswith("│   └── [FS] commence")
    assert down[3].startswith("└── [SS +1w] commence") and down[3].endswith("(shown above)")
    assert "Bill introduced \\x1b[31m" in out and "\x1b" not in out


def test_as_of_changes_the_history_in_force(plan_dir: Path) -> None:
    code, out, _ = invoke("show", "assent", "--plan", str(plan_dir), "--as-of", "2010-03-02")
    assert code == 0
    forecast = next(line for line in out.splitlines() if line.startswith("Forecast"))
    assert forecast.split() == ["Forecast", "20", "Apr", "2010"]


def test_json(plan_dir: Path) -> None:
    code, out, err = invoke("show", "bill", "--plan", str(plan_dir), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["id"] == "bill" and data["title"] == "Bill introduced \x1b[31m"
    assert data["due"] == {"text": "February 2010", "date": "2010-02-28"}
    # Float 8 days (LF 17 Feb = assent's late start) is under the 14-day warning: amber.
    assert data["rating"] == "amber" and data["slip_days"] == -19
    assert data["schedule"] == {
        "early_start": "2010-02-09",
        "early_finish": "2010-02-09",
        "late_start": "2010-02-17",
        "late_finish": "2010-02-17",
        "total_float_days": 8,
        "free_float_days": 8,
        "critical": False,
        "driver": "consultation",
        "driver_link": "FS",
        "set_by": "dependency",
    }
    upstream = data["depends_on"]
    assert [n["id"] for n in upstream] == ["consultation", "drafting"]
    assert upstream[0]["depends_on"][0]["id"] == "design"
    assert upstream[1]["link"] == "FF +2d"
    assert upstream[1]["depends_on"][0] == {
        "id": "design",
        "link": "SS +5d",
        "drives": False,
        "early_start": "2010-01-02",
        "early_finish": "2010-01-12",
        "repeated": True,
    }
    assert [(n["id"], n["link"]) for n in data["needed_by"]] == [
        ("assent", "FS"),
        ("commence", "SS +1w"),
    ]
    assert data["history"] == []


def test_unknown_id_is_a_usage_error(plan_dir: Path) -> None:
    code, out, err = invoke("show", "asent", "--plan", str(plan_dir))
    assert code == 2 and out == ""
    assert err == "transition: error: no milestone 'asent' in the plan (did you mean 'assent'?)\n"


def test_missing_id_is_a_usage_error(plan_dir: Path) -> None:
    code, out, _ = invoke("show", "--plan", str(plan_dir))
    assert code == 2 and out == ""


def test_long_chains_are_cut(tmp_path: Path) -> None:
    lines = ["programme:", "  id: p", "  name: P", "  start: 2010-01-01", "milestones:"]
    for i in range(300):
        lines += [f"  - id: m{i}", f"    title: M {i}", "    owner: pmo"]
        if i:
            lines.append(f"    depends_on: [m{i - 1}]")
    plan = write_plan(tmp_path / "p", "\n".join(lines) + "\n")
    code, out, _ = invoke("show", "m299", "--plan", str(plan), "--as-of", "2010-01-01")
    assert code == 0
    # 12 levels shown, the 287 milestones further up counted.
    assert "m287" in out and "m286" not in out
    assert "... and 287 more milestones further on, not shown" in out


def test_help_has_an_example() -> None:
    code, out, _ = invoke("show", "--help")
    assert code == 0 and "transition show royal-assent" in out


REPORTED_LATE = """\
programme:
  id: demo
  name: Demo
  start: 1 January 2010
milestones:
  - id: fit-out
    title: Fit-out complete
    owner: pmo
    due: 20 November 2010
    history:
      - {date: 25 November 2010, reason: "Not finished, contractor short of staff"}
"""


def test_a_milestone_reported_late_with_no_forecast_has_no_expected_date(tmp_path: Path) -> None:
    # Its deadline passed and a later report says it is not done: red, the slip counting to the
    # as-of date; but nothing says when it will be done, so no date is called expected (status
    # says 'no forecast'; show says what the slip counts to).
    plan = write_plan(tmp_path / "p", REPORTED_LATE)
    code, out, _ = invoke("show", "fit-out", "--plan", str(plan), "--as-of", "2010-12-01")
    assert code == 0
    words = " ".join(out.split())
    assert "RED as of 1 Dec 2010:" in words
    assert "(not done on 1 Dec 2010: slip +11 so far)" in words
    assert "expected 1 Dec 2010" not in words
    code, out, _ = invoke("status", "--plan", str(plan), "--as-of", "2010-12-01")
    assert code == 0 and "no forecast" in out


@pytest.mark.parametrize("columns", [80, 100])
def test_a_cascades_children_are_listed_with_their_ids_whole(columns: int) -> None:
    data = str(Path(__file__).resolve().parents[1] / "data")
    code, out, _ = invoke(
        "show", "staff-interviews-shas", "--plan", data, "--as-of", "2010-10-05", columns=columns
    )
    assert code == 0
    lines = out.splitlines()
    children = [line.split()[0] for line in lines if line.startswith("staff-interviews-shas/")]
    assert len(children) == 10 and all(c.startswith("staff-interviews-shas/sha-") for c in children)
    assert "staff-interviews-shas/sha-yorkshire-humber" in children  # the longest, whole
    assert max(len(line) for line in lines) <= columns
