"""Options that mean one thing in every command (issue 16): `-o/--output` and `-w/--workstream`
wherever they make sense, help without Python types, and the words of the tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": ""}
DATA = str(Path(__file__).resolve().parents[1] / "data")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


COMMANDS = [
    ["status"],
    ["check"],
    ["critical-path"],
    ["slippage"],
    ["show", "royal-assent"],
    ["report", "weekly"],
    ["snapshot"],
    ["gantt"],
    ["trend"],
    ["schema"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_help_shows_no_python_types(command: list[str]) -> None:
    code, out, _ = invoke(*command[:2] if command[0] == "report" else command[:1], "--help")
    assert code == 0
    assert not re.search(r"<(str|int|path|list\[|Path|float|bool)", out), out
    assert "-o, --output FILE" in out  # every command that shows data can write it to a file


@pytest.mark.parametrize(
    "command",
    [["status"], ["check"], ["critical-path"], ["slippage"], ["show", "royal-assent"]],
    ids=lambda c: c[0],
)
def test_output_writes_what_stdout_would_show(command: list[str], tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    extra = [] if command[0] == "check" else ["--plan", DATA]
    where = [DATA] if command[0] == "check" else []
    _, shown, _ = invoke(*command, *extra, *where)
    code, out, _ = invoke(*command, *extra, *where, "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8") == shown
    code, _, _ = invoke(*command, *extra, *where, "--format", "json", "--output", str(target))
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", [["status"], ["slippage"], ["gantt"]], ids=lambda c: c[0])
def test_workstream_short_option(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--plan", DATA, "-w", "legislation", "--format", "json")
    assert code == 0
    data = json.loads(out)
    found = data.get("milestones") or [r for g in data.get("groups", []) for r in g["rows"]]
    assert found
    ids = {m["id"] for m in found}
    assert "royal-assent" in ids and "sha-abolished" not in ids
    code, _, err = invoke(*command, "--plan", DATA, "-w", "legislaton")
    assert code == 2 and "did you mean 'legislation'" in err


def test_expected_dates_say_where_they_come_from() -> None:
    """A date the schedule computed never reads as one somebody recorded."""
    _, out, _ = invoke("status", "--plan", DATA, "--format", "markdown")
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in out.splitlines()}
    # Nothing recorded since its deadline: the record gives no date, and none is made up.
    assert rows["commissioner-provider-split"][4] == "no return"
    assert "(scheduled)" not in rows["nhscb-shadow"][4]
    assert rows["sha-abolished"][4] == "1 Apr 2013 (forecast)"
    assert rows["transition-path"][4] == "15 Dec 2010 (actual)"
    assert "| Expected |" in out and "Forecast / actual" not in out


def complete(words: str) -> list[str]:
    """What bash completion offers for the last of `words` (typed after 'transition ')."""
    line = f"transition {words}"
    result = runner.invoke(
        app,
        [],
        prog_name="transition",
        env={
            **ENV,
            "TRANSITION_PLAN": DATA,
            "_TRANSITION_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split()) - (0 if line.endswith(" ") else 1)),
        },
    )
    return [line.split(",")[-1] for line in result.stdout.split()]


def test_completion_offers_ids_owners_and_workstreams_from_the_plan() -> None:
    assert complete("show royal") == ["royal-assent"]
    assert complete("critical-path --to royal") == ["royal-assent"]
    assert "nhs-ceo" in complete("status --owner nhs-c")
    assert complete("status -w legis") == ["legislation"]
    assert complete("gantt --workstream struct") == ["structures"]
    minimal = str(Path(DATA).parent / "tests" / "cases" / "valid" / "minimal")
    assert complete(f"show --plan {minimal} sp") == ["split-complete"]  # --plan is followed
    assert complete("show --plan /nonexistent x") == []  # quietly nothing


def test_completion_can_be_installed() -> None:
    code, out, _ = invoke("--help")
    assert code == 0 and "--install-completion" in out and "--show-completion" in out
