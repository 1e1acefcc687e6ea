"""`transition slippage`: worst first, the chain behind each late milestone, JSON per SPEC."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from tests.goldens import golden
from tests.test_cli_status import ENV, ORGANISATIONS, write_plan

GOLDEN = Path(__file__).parent / "golden" / "slippage"

runner = CliRunner()

TIMELINE = """\
programme:
  id: p
  name: Chains
  start: 2010-01-01
  status_date: 2010-06-01
milestones:
  - id: consultation
    title: Consultation closes
    owner: nhs-ceo
    workstream: legislation
    due: 2010-05-01
    history:
      - {date: 2010-05-20, reason: responses still being analysed}
  - id: response
    title: Government response
    owner: nhs-ceo
    workstream: legislation
    duration: 4w
    depends_on: [consultation]
    due: 2010-06-15
  - id: bill
    title: Bill introduced
    owner: nhs-ceo
    workstream: legislation
    duration: 2w
    depends_on: [response]
    due: 2010-07-01
  - id: estates
    title: Estates transferred
    owner: london-ceo
    workstream: structures
    forecast: 2010-09-01
    due: 2010-08-01
  - id: done-late
    title: Shadow board met
    owner: london-ceo
    workstream: structures
    due: 2010-03-01
    actual: 2010-03-20
  - id: early
    title: Early one
    owner: cqc-chair
    due: 2010-12-01
  - id: undated
    title: No deadline
    owner: cqc-chair
  - id: regional-plans
    title: Regional plans agreed
    owner: london-ceo
    workstream: structures
    due: 2010-04-01
  - id: regional-staff
    title: Regional staff in post
    owner: london-ceo
    workstream: structures
    depends_on: [regional-plans]
    duration: 1w
    due: 2010-06-05
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan", TIMELINE, ORGANISATIONS)


def invoke(plan: Path, *args: str, **env: str | None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["slippage", "--plan", str(plan), *args], env={**ENV, **env})
    return result.exit_code, result.stdout, result.stderr


def ok(plan: Path, *args: str, **env: str | None) -> str:
    code, out, err = invoke(plan, *args, **env)
    assert (code, err) == (0, ""), err
    return out


def assert_golden(name: str, text: str) -> None:
    assert text == golden(GOLDEN / name, text)


def test_json_exactly_per_spec_worst_first(plan: Path) -> None:
    data = json.loads(ok(plan, "--format", "json"))
    assert list(data) == ["as_of", "milestones"]
    assert data["as_of"] == "2010-06-01"
    fields = ("id", "due", "expected", "slip_days", "rating")
    assert [tuple(m[k] for k in fields) for m in data["milestones"]] == [
        ("consultation", "2010-05-01", "2010-06-01", 31, "red"),  # ties: by id
        ("estates", "2010-08-01", "2010-09-01", 31, "red"),
        ("done-late", "2010-03-01", "2010-03-20", 19, "done"),
        ("response", "2010-06-15", "2010-06-29", 14, "amber"),
        ("bill", "2010-07-01", "2010-07-13", 12, "amber"),
        # No slip on evidence, by id: no forecast yet; silent since 1 April; late only
        # through that silence (so unknown too); no deadline at all.
        ("early", "2010-12-01", None, None, "green"),
        ("regional-plans", "2010-04-01", None, None, "unknown"),
        ("regional-staff", "2010-06-05", None, None, "unknown"),
        ("undated", None, None, None, "undated"),
    ]
    assert all(list(m)[:5] == list(fields) for m in data["milestones"])


def test_json_names_what_caused_the_slip(plan: Path) -> None:
    data = json.loads(ok(plan, "--format", "json"))
    causes = {m["id"]: (m["caused_by"], m["waits_on"]) for m in data["milestones"]}
    assert causes["bill"] == ("consultation", "response")
    assert causes["response"] == ("consultation", "consultation")
    assert causes["estates"] == ("estates", None)  # its own forecast
    assert causes["done-late"] == (None, None)  # done: nothing left to drive
    assert causes["early"] == (None, None) and causes["undated"] == (None, None)
    assert causes["regional-staff"] == (None, None)  # not late on evidence
    reasons = {m["id"]: m["reason"] for m in data["milestones"]}
    assert (
        reasons["regional-staff"] == "waits on regional-plans, awaiting a return since 1 April 2010"
    )


def test_a_long_chain_is_shortened_in_the_table(tmp_path: Path) -> None:
    # 40 milestones in a row behind one overdue origin: the table names the origin and the last
    # links, and counts the rest; the run stays linear however long the chain.
    links = "".join(
        f"  - id: step-{i}\n    title: Step {i}\n    owner: nhs-ceo\n    duration: 1d\n"
        f"    depends_on: [step-{i - 1}]\n"
        for i in range(1, 41)
    )
    timeline = (
        "programme:\n  id: p\n  name: P\n  start: 2010-01-01\n  status_date: 2010-03-01\n"
        "milestones:\n  - id: step-0\n    title: Origin\n    owner: nhs-ceo\n    due: 2010-02-01\n"
        "    history: [{date: 2010-02-10, reason: still open}]\n"
        + links
        + "  - id: last\n    title: Last\n    owner: nhs-ceo\n    due: 2010-03-10\n"
        "    depends_on: [step-40]\n"
    )
    plan = write_plan(tmp_path / "long", timeline, ORGANISATIONS)
    out = " ".join(ok(plan, COLUMNS="200").split())  # cells may wrap: compare the words
    # step-0 .. step-40 and last make 42; neither the origin, nor last, nor the 3 shown: 37.
    assert "step-0 (overdue, no forecast) → … 37 more … → step-38 → step-39 → step-40" in out


def test_table_names_the_chain(plan: Path) -> None:
    out = ok(plan, COLUMNS="400")
    bill = next(line for line in out.splitlines() if line.lstrip().startswith("+12"))
    assert "consultation (overdue, no forecast) → response" in bill
    estates = next(line for line in out.splitlines() if "estates" in line)
    assert "its own date: forecast 1 Sep 2010" in estates
    assert out.splitlines()[0] == (
        "Slippage as of 1 June 2010: 4 open milestones late; 2 awaiting a return "
        "(listed after the slips)"
    )
    silent = out[out.index("Awaiting a return") :]
    assert "regional-plans" in silent and "regional-staff" in silent
    assert "estates" not in silent


def test_late_only(plan: Path) -> None:
    data = json.loads(ok(plan, "--format", "json", "--late"))
    assert [m["id"] for m in data["milestones"]] == [
        "consultation",
        "estates",
        "done-late",
        "response",
        "bill",
    ]


def test_as_of(plan: Path) -> None:
    data = json.loads(ok(plan, "--format", "json", "--as-of", "2010-04-01"))
    by = {m["id"]: m for m in data["milestones"]}
    assert data["as_of"] == "2010-04-01"
    # Not yet due and no forecast: nothing says how early or late it will be.
    assert (by["consultation"]["slip_days"], by["consultation"]["rating"]) == (None, "green")
    assert by["estates"]["slip_days"] == 31  # its forecast is evidence on any date
    assert by["done-late"]["rating"] == "done"


def test_bad_as_of_exits_2(plan: Path) -> None:
    code, out, err = invoke(plan, "--as-of", "Q5 2010")
    assert (code, out) == (2, "")
    assert err.startswith("transition: error: --as-of: ")


@pytest.mark.parametrize("columns", ["80", "120"])
def test_table_golden(plan: Path, columns: str) -> None:
    out = ok(plan, COLUMNS=columns)
    assert_golden(f"table-{columns}.txt", out)
    assert max(len(line) for line in out.splitlines()) <= int(columns)


def test_json_golden(plan: Path) -> None:
    assert_golden("slippage.json", ok(plan, "--format", "json"))


def test_hostile_title_is_shown_literally(tmp_path: Path) -> None:
    timeline = TIMELINE.replace("title: Bill introduced", 'title: "[red]x[/] \\x1b[2J gone"')
    out = ok(
        write_plan(tmp_path / "h", timeline, ORGANISATIONS),
        COLUMNS="400",
        FORCE_COLOR="1",
        NO_COLOR=None,
    )
    flat = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "[red]x[/] \\x1b[2J gone" in flat
    assert "\x1b[2J" not in out


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["slippage", "--help"], env={**ENV, "COLUMNS": "120"})
    assert result.exit_code == 0
    assert "transition slippage --as-of" in result.stdout


def test_a_milestone_awaiting_a_return_is_not_said_to_be_caused_by_its_silence(plan: Path) -> None:
    out = " ".join(ok(plan, COLUMNS="80").split())
    silent = out[out.index("Awaiting a return") :]
    assert "due 1 April 2010; nothing recorded since" in silent
    assert "caused by due" not in out
