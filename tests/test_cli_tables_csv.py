"""`slippage` and `critical-path`: `--format csv` (the JSON fields, one row per milestone) and `-o`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from nhs_transition.cli import app
from tests.test_cli_status import ENV, ORGANISATIONS, write_plan

runner = CliRunner()

TIMELINE = """\
programme:
  id: p
  name: Chains
  start: 2010-01-01
  status_date: 2010-06-01
milestones:
  - id: consultation
    title: "=HYPERLINK(\\"http://example.invalid\\")"
    owner: nhs-ceo
    due: 2010-05-01
  - id: response
    title: Government response, first draft
    owner: nhs-ceo
    duration: 4w
    depends_on: [consultation]
    due: 2010-06-15
  - id: bill
    title: Bill introduced
    owner: london-ceo
    duration: 2w
    depends_on: [{id: response, lag: 3d}]
    due: 2010-07-01
"""


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), env=ENV)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_slippage_csv_has_the_json_rows_in_the_same_order(tmp_path: Path) -> None:
    plan = str(write_plan(tmp_path / "plan", TIMELINE, ORGANISATIONS))
    rows = list(csv.DictReader(io.StringIO(_run("slippage", "--plan", plan, "--format", "csv"))))
    data = json.loads(_run("slippage", "--plan", plan, "--format", "json"))["milestones"]
    assert [r["id"] for r in rows] == [m["id"] for m in data]
    assert sorted(r["id"] for r in rows) == ["bill", "consultation", "response"]
    for row, item in zip(rows, data, strict=True):
        # An empty cell stands for null.
        assert row["due"] == (item["due"] or "")
        assert row["expected"] == (item["expected"] or "")
        assert row["slip_days"] == ("" if item["slip_days"] is None else str(item["slip_days"]))
        assert row["rating"] == item["rating"]
        assert row["reason"] == item["reason"]
    # A title a spreadsheet would run as a formula is neutralised.
    by_id = {r["id"]: r for r in rows}
    assert by_id["consultation"]["title"] == '\'=HYPERLINK("http://example.invalid")'


def test_critical_path_csv_and_the_driving_chain(tmp_path: Path) -> None:
    plan = str(write_plan(tmp_path / "plan", TIMELINE, ORGANISATIONS))
    rows = list(
        csv.DictReader(io.StringIO(_run("critical-path", "--plan", plan, "--format", "csv")))
    )
    data = json.loads(_run("critical-path", "--plan", plan, "--format", "json"))["milestones"]
    assert [r["id"] for r in rows] == [m["id"] for m in data]
    for row, item in zip(rows, data, strict=True):
        for key in ("early_start", "early_finish", "late_start", "late_finish"):
            assert row[key] == item[key]
        assert row["total_float_days"] == str(item["total_float_days"])
        assert row["free_float_days"] == str(item["free_float_days"])
        assert row["critical"] == ("true" if item["critical"] else "false")
    bill = rows[2]
    assert (bill["driver"], bill["driver_type"], bill["driver_lag"]) == ("response", "FS", "3d")
    chain = list(
        csv.DictReader(
            io.StringIO(_run("critical-path", "--plan", plan, "--to", "bill", "--format", "csv"))
        )
    )
    assert [r["id"] for r in chain] == ["consultation", "response", "bill"]


def test_output_files(tmp_path: Path) -> None:
    plan = str(write_plan(tmp_path / "plan", TIMELINE, ORGANISATIONS))
    for command in ("slippage", "critical-path"):
        for fmt in ("csv", "json", "table"):
            target = tmp_path / f"{command}.{fmt}"
            assert _run(command, "--plan", plan, "--format", fmt, "-o", str(target)) == ""
            text = target.read_text(encoding="utf-8")
            if fmt == "table":
                assert _run(command, "--plan", plan) == text
                assert all(line == line.rstrip() for line in text.splitlines())
            else:
                assert text == _run(command, "--plan", plan, "--format", fmt)
