"""`transition status --by KIND`: the roll-up in every format, on a small plan and the shipped one."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from tests.test_cli_status import ENV, ORGANISATIONS, write_plan

runner = CliRunner()
DATA = Path(__file__).resolve().parent.parent / "data"


def invoke(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={**ENV, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan")


def test_json_is_exactly_the_documented_shape(plan: Path) -> None:
    code, out, err = invoke("status", "--plan", str(plan), "--by", "organisation", "-f", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["by", "as_of", "groups"]
    assert (data["by"], data["as_of"]) == ("organisation", "2011-06-30")
    dh, cqc = data["groups"]
    assert list(dh) == [
        "key",
        "name",
        "counts",
        "total",
        "rating",
        "worst_slip_days",
        "next_deadline",
        "children",
    ]
    assert list(dh["counts"]) == [
        "red",
        "amber",
        "unknown",
        "green",
        "undated",
        "done",
        "cancelled",
    ]
    # dh owns pathfinder-review (itself) and the NHS CEO's three; NHS London below it owns two
    assert (dh["key"], dh["name"], dh["total"]) == ("dh", "Department of Health", 6)
    assert [c["key"] for c in dh["children"]] == ["sha-london"]
    london = dh["children"][0]
    assert london["total"] == 2 and london["children"] == []
    assert sum(dh["counts"].values()) == dh["total"]
    for rating, n in london["counts"].items():
        assert dh["counts"][rating] >= n
    assert dh["next_deadline"] == "2011-07-10"  # london-clusters, from the subtree
    assert (cqc["key"], cqc["total"], cqc["rating"], cqc["next_deadline"]) == (
        "cqc",
        1,
        "green",
        "2012-04-30",
    )


def test_table_draws_the_tree_with_its_rule(plan: Path) -> None:
    code, out, err = invoke("status", "--plan", str(plan), "--by", "organisation")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Test transition: status as of 30 June 2011, by organisation"
    assert "worst among its milestones" in out
    header = next(line for line in lines if line.startswith("Organisation"))
    assert header.split() == [
        "Organisation",
        "Rating",
        *[c for c in ("red", "amb", "unk", "grn", "und", "done") if c in header.split()],
        "Total",
        "Slip",
        "Next",
        "due",
    ]
    rows = lines[lines.index(header) + 2 :]
    assert rows[0].startswith("Department of Health")
    assert rows[1].startswith("└─ NHS London")
    assert rows[2].startswith("Care Quality Commission")
    assert "10 Jul 2011" in rows[1]


def test_csv_flattens_the_tree_and_markdown_escapes_plan_text(tmp_path: Path) -> None:
    hostile = ORGANISATIONS.replace("name: NHS London", 'name: "=NHS | <b>London</b>"')
    plan = write_plan(tmp_path / "plan", organisations=hostile)
    code, out, _ = invoke("status", "--plan", str(plan), "--by", "organisation", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["key"], r["parent"], r["depth"]) for r in rows] == [
        ("dh", "", "0"),
        ("sha-london", "dh", "1"),
        ("cqc", "", "0"),
    ]
    assert rows[1]["name"] == "'=NHS | <b>London</b>"  # no formula for a spreadsheet to run
    assert sum(int(r["total"]) for r in rows if r["depth"] == "0") == 7
    code, out, _ = invoke("status", "--plan", str(plan), "--by", "organisation", "-f", "markdown")
    assert code == 0
    assert "└─\u00a0=NHS \\| &lt;b&gt;London&lt;/b&gt; |" in out
    assert "<b>" not in out


def test_by_combines_with_filters_and_rejects_an_unknown_grouping(plan: Path) -> None:
    code, out, _ = invoke(
        "status",
        "--plan",
        str(plan),
        "--by",
        "workstream",
        "--workstream",
        "legislation",
        "-f",
        "json",
    )
    assert code == 0
    groups = json.loads(out)["groups"]
    assert [(g["key"], g["total"]) for g in groups] == [("legislation", 3)]
    code, out, _ = invoke("status", "--plan", str(plan), "--by", "owner", "-f", "json")
    names = {g["key"]: g["name"] for g in json.loads(out)["groups"]}
    assert names["nhs-ceo"] == "NHS Chief Executive (Sir David Nicholson)"
    assert names["sha-london"] == "NHS London"
    code, out, err = invoke("status", "--plan", str(plan), "--by", "colour")
    assert code == 2
    assert "colour" in err and out == ""


@pytest.mark.skipif(not (DATA / "timeline.yaml").is_file(), reason="needs the shipped plan")
@pytest.mark.parametrize("by", ["organisation", "type", "region", "workstream", "owner"])
def test_every_grouping_of_the_shipped_plan_counts_every_milestone(by: str) -> None:
    # every milestone once: a cascade by its children (one per organisation), not its parent
    code, out, err = invoke("status", "--plan", str(DATA), "--expand", "-f", "json")
    milestones = json.loads(out)["milestones"]
    parents = {m["id"].split("/")[0] for m in milestones if "/" in m["id"]}
    total = len(milestones) - len(parents)
    code, out, err = invoke("status", "--plan", str(DATA), "--by", by, "-f", "json")
    assert (code, err) == (0, "")
    assert sum(g["total"] for g in json.loads(out)["groups"]) == total


README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.skipif(not (DATA / "timeline.yaml").is_file(), reason="needs the shipped plan")
def test_the_readme_shows_the_by_organisation_screen_of_the_shipped_plan() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Roll-up: by organisation", 1)[1]
    screen = section.split("```text\n", 1)[1].split("```", 1)[0]
    code, out, _ = invoke("status", "--plan", str(DATA), "--by", "organisation")
    assert code == 0
    assert screen == out, (
        "regenerate the README's roll-up screen: "
        "COLUMNS=100 NO_COLOR=1 transition status --plan data --by organisation"
    )
