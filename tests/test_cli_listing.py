"""`transition owners` and `transition workstreams`: checked against `status --format json` of
the same plan, so the counts are the ratings every other command shows."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from nhs_transition.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TRANSITION_PLAN": ""}
DATA = str(Path(__file__).resolve().parents[1] / "data")


def invoke(*args: str, columns: int = 100) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={**ENV, "COLUMNS": str(columns)})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def statuses() -> list[dict[str, object]]:
    """Every milestone as status rates it: a cascade by its children (one per organisation)."""
    out = invoke("status", "--plan", DATA, "--expand", "--format", "json")[1]
    milestones = json.loads(out)["milestones"]
    parents = {str(m["id"]).split("/")[0] for m in milestones if "/" in str(m["id"])}
    assert parents  # the shipped plan has cascades
    return [m for m in milestones if m["id"] not in parents]


def test_owners_json_counts_what_status_rates() -> None:
    code, out, err = invoke("owners", "--plan", DATA, "--format", "json")
    assert (code, err) == (0, "")
    owners = {o["id"]: o for o in json.loads(out)["owners"]}
    milestones = statuses()
    for oid, owner in owners.items():
        mine = [m for m in milestones if m["owner"] == oid]
        open_ = Counter(m["rating"] for m in mine if m["rating"] != "done")
        assert owner["owns"]["open_total"] == sum(open_.values()), oid
        assert {r: n for r, n in owner["owns"]["open"].items() if n} == dict(open_), oid
        assert owner["owns"]["done"] == sum(1 for m in mine if m["rating"] == "done"), oid
    # The tree: every milestone is owned by someone below a root, and the roots' totals add up.
    roots = [o for o in owners.values() if o["parent"] is None and o["kind"] == "organisation"]
    total = sum(o["below"]["open_total"] + o["below"]["done"] for o in roots)
    assert total == len(milestones)
    assert owners["nhs-ceo"]["kind"] == "post" and owners["nhs-ceo"]["parent"] == "dh"
    assert owners["nhs-ceo"]["holder"] == "Sir David Nicholson"


def test_owners_names_the_holder_on_the_as_of_date_and_a_vacant_post() -> None:
    # The Permanent Secretary's post changed hands in 2010, vacant between (data/SOURCES.md).
    def permanent_secretary(day: str) -> tuple[str, dict[str, object]]:
        table = invoke("owners", "--plan", DATA, "--as-of", day, columns=120)[1]
        [line] = [x for x in table.splitlines() if "permanent-secretary" in x]
        data = json.loads(invoke("owners", "--plan", DATA, "--as-of", day, "-f", "json")[1])
        [item] = [o for o in data["owners"] if o["id"] == "permanent-secretary"]
        return line.split("── ")[-1], {k: item[k] for k in ("holder", "vacant")}

    assert permanent_secretary("1 July 2010") == (
        "permanent-secretary  Permanent Secretary (Sir Hugh Taylor)",
        {"holder": "Sir Hugh Taylor", "vacant": False},
    )
    assert permanent_secretary("1 September 2010") == (
        "permanent-secretary  Permanent Secretary (vacant)",
        {"holder": None, "vacant": True},
    )
    assert permanent_secretary("1 July 2011") == (
        "permanent-secretary  Permanent Secretary (Una O'Brien)",
        {"holder": "Una O'Brien", "vacant": False},
    )


def test_owners_table_is_a_tree_of_ids_each_whole() -> None:
    code, out, _ = invoke("owners", "--plan", DATA, columns=80)
    assert code == 0
    lines = out.splitlines()
    assert lines[3] == "dh  Department of Health"
    assert "├── nhs-ceo  NHS Chief Executive (Sir David Nicholson)" in lines
    assert max(len(line) for line in lines) <= 80  # cut with an ellipsis, never wrapped
    ids = {o["id"] for o in json.loads(invoke("owners", "--plan", DATA, "-f", "json")[1])["owners"]}
    shown = {line.split("── ")[-1].split("  ")[0] for line in lines[3:] if "owns" not in line}
    assert ids <= {s.strip("│ ") for s in shown}


def test_workstreams_count_what_status_rates() -> None:
    code, out, err = invoke("workstreams", "--plan", DATA, "--format", "json")
    assert (code, err) == (0, "")
    rows = json.loads(out)["workstreams"]
    milestones = statuses()
    by = json.loads(invoke("status", "--plan", DATA, "--by", "workstream", "-f", "json")[1])
    by_workstream = {g["key"]: g["next_deadline"] for g in by["groups"]}
    assert [r["workstream"] for r in rows] == list(
        dict.fromkeys(m["workstream"] for m in milestones if m["workstream"])
    )
    for row in rows:
        mine = [m for m in milestones if m["workstream"] == row["workstream"]]
        assert row["milestones"] == len(mine)
        assert row["done"] == sum(1 for m in mine if m["rating"] == "done")
        # The next deadline: the soonest open one from the as-of date on (a passed one is not
        # "next"), the first in plan order on a tie; the same date `status --by` gives.
        open_due = [
            (m["due"], k)
            for k, m in enumerate(mine)
            if m["rating"] not in ("done", "cancelled") and m["due"] and m["due"] >= "2011-07-01"
        ]
        first = min(open_due, default=None)
        assert row["next_due"] == (
            {"date": first[0], "id": mine[first[1]]["id"]} if first else None
        )
        assert (row["next_due"] or {}).get("date") == by_workstream[row["workstream"]]
    _, table, _ = invoke("workstreams", "--plan", DATA)
    first = rows[0]
    line = next(line for line in table.splitlines() if line.startswith(first["workstream"] + " "))
    assert line.split()[1:4] == [
        str(first["milestones"]),
        str(first["done"]),
        str(first["open_total"]),
    ]
    assert f": {first['next_due']['id']}" in table  # the id, whole


# go-live is forecast for 4 April 2025, but it waits on build, forecast for 18 April: the
# schedule (and so status and the weekly report) expects it on 18 April. The trend must not say
# otherwise: it shows the forecast in force and, beside it, the date expected.
HELD_UP = """\
programme: {id: web, name: Web shop, start: 6 January 2025, status_date: 21 March 2025}
milestones:
  - id: build
    title: Build complete
    owner: pmo
    due: 31 March 2025
    forecast: 18 April 2025
    history: [{date: 14 March 2025, forecast: 18 April 2025, reason: supplier late}]
  - id: go-live
    title: Go live
    owner: pmo
    due: 4 April 2025
    forecast: 4 April 2025
    depends_on: [build]
    history: [{date: 7 March 2025, forecast: 4 April 2025, reason: on plan}]
"""


def test_trend_and_weekly_report_agree_on_the_expected_date(tmp_path: Path) -> None:
    (tmp_path / "organisations.yaml").write_text(
        "organisations:\n  - {id: dh, name: DH}\nroles:\n  - {id: pmo, title: PMO, organisation: dh}\n",
        encoding="utf-8",
    )
    (tmp_path / "timeline.yaml").write_text(HELD_UP, encoding="utf-8")
    plan = str(tmp_path)
    status = json.loads(invoke("status", "--plan", plan, "--format", "json")[1])
    (live,) = [m for m in status["milestones"] if m["id"] == "go-live"]
    assert (live["forecast"], live["expected"]) == ("2025-04-04", "2025-04-18")
    trend = json.loads(invoke("trend", "--plan", plan, "--format", "json")[1])
    (series,) = [s for s in trend["milestones"] if s["id"] == "go-live"]
    assert series["points"][-1]["forecast"] == "2025-04-04"
    assert series["expected"] == "2025-04-18"
    _, text, _ = invoke("trend", "--plan", plan)
    assert "21 Mar 2025  expected 18 Apr 2025  by the schedule" in text
    _, svg, _ = invoke("trend", "--plan", plan, "--format", "svg")
    assert "Go live: baseline 4 Apr 2025, forecast 4 Apr 2025 (held); expected 18 Apr 2025" in svg
    assert 'class="expected"' in svg
    _, report, _ = invoke("report", "weekly", "--plan", plan, "--format", "text")
    assert "due: 4 April 2025; expected: 18 April" in " ".join(report.split())


def test_the_workstreams_heading_is_whole_when_every_name_is_shorter(tmp_path: Path) -> None:
    from nhs_transition.edit.starter import starter_plan

    for name, text in starter_plan(date(2026, 12, 1)).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = invoke("workstreams", "--plan", str(tmp_path), columns=200)
    assert (code, err) == (0, "")
    assert out.splitlines()[2].startswith("Workstream  Milestones  Done  Open by rating")
