"""Ids whole in every table at any width (issue 16): ids are what users copy into the next
command, so a table never splits one across lines, and cuts one (with an ellipsis) only where no
layout leaves room for it. And the first screen of `status` at 80, 100 and 120 columns.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app

runner = CliRunner()
ENV = {"NO_COLOR": "1", "TRANSITION_PLAN": ""}
DATA = Path(__file__).resolve().parents[1] / "data"

ORGANISATIONS = """\
organisations:
  - {id: dh, name: Department of Health}
roles:
  - {id: pmo, title: Programme office with a rather long name for a post, organisation: dh}
"""


def long_ids(seed: int, n: int = 8) -> list[str]:
    """Ids of 20 to 39 characters, each starting with the marker 'xq' (found in no title)."""
    rng = random.Random(seed)
    ids: list[str] = []
    while len(ids) < n:
        words = []
        while sum(len(w) + 1 for w in words) < rng.randint(20, 39):
            words.append(
                "".join(rng.choice("abcdefghijklmnoprstuvwy") for _ in range(rng.randint(3, 9)))
            )
        mid = ("xq" + "-".join(words))[: rng.randint(20, 39)].rstrip("-")
        if mid not in ids and len(mid) >= 20:
            ids.append(mid)
    return ids


def write_plan(directory: Path, ids: list[str]) -> Path:
    """A chain of milestones with long ids, late ones among them, as of 1 July 2011."""
    lines = [
        "programme:",
        "  {id: p, name: Long ids, start: 13 July 2010, status_date: 1 July 2011}",
        "milestones:",
    ]
    for k, mid in enumerate(ids):
        lines.append(f"  - id: {mid}")
        lines.append(f"    title: Milestone number {k} with a title of several words to wrap")
        lines.append("    owner: pmo")
        lines.append(f"    workstream: stream-{k % 2}")
        lines.append(f"    due: {10 + k} September 2010")
        lines.append("    duration: 20d")
        if k:
            lines.append(f"    depends_on: [{ids[k - 1]}]")
        if k % 3 == 0:
            lines.append("    forecast: 1 March 2012")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (directory / "timeline.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def run(*args: str, columns: int) -> str:
    result = runner.invoke(app, list(args), env={**ENV, "COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


COMMANDS = [
    ("status",),
    ("slippage",),
    ("critical-path",),
    ("gantt",),
]
MARKED = re.compile(r"xq[a-z0-9-]*…?")


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 120, 160])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_ids_are_never_split(tmp_path: Path, command: tuple[str, ...], columns: int) -> None:
    ids = long_ids(columns)
    plan = str(write_plan(tmp_path / "plan", ids))
    outputs = [run(*command, "--plan", plan, columns=columns)]
    if command == ("critical-path",):
        outputs.append(run("critical-path", "--plan", plan, "--to", ids[-1], columns=columns))
    for out in outputs:
        for token in MARKED.findall(out):
            if token.endswith("…"):  # cut where no layout leaves room: never from 80 columns
                assert columns < 80, token
                assert any(i.startswith(token[:-1]) for i in ids), token
            else:
                assert token in ids, f"an id split or cut without an ellipsis: {token!r}"
        if columns >= 80:  # and every row carries its id, whole
            assert all(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", out) for i in ids)


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_the_first_screen_of_status_reads_whole(columns: int) -> None:
    """The first screen (40 lines) of the shipped plan: summary, the header, then the first
    milestone with its id whole on a line of its own, its title, and its reason in full."""
    out = run("status", "--plan", str(DATA), columns=columns)
    screen = out.splitlines()[:40]
    assert max(len(line) for line in screen) <= columns
    data = json.loads(run("status", "--plan", str(DATA), "--format", "json", columns=columns))
    header = next(k for k, line in enumerate(screen) if line.startswith("Milestone"))
    # The milestone's column: up to where the next heading starts.
    column = len(screen[header]) - len(screen[header].split("  ", 1)[1].lstrip())
    first_id = screen[header + 3].split()[0]  # after the rule and the workstream heading
    first = next(m for m in data["milestones"] if m["id"] == first_id)
    assert screen[header + 3][:column].rstrip() == first_id  # whole, on a line of its own
    block = []
    for line in screen[header + 4 :]:
        if not line.strip():
            break  # the blank line after the row
        block.append(line[:column].strip())
    text = " ".join(block)
    assert text.startswith(" ".join(first["title"].split()))
    assert text.endswith(f"{first['rating'].upper()} {first['reason']}")  # the reason, whole
