"""Posts over time: `holders: [{name, from, to}]`, the holder on the as-of date, vacancies."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.slippage import evaluate, owner_labels
from tests.factories import make_plan, milestone
from tests.test_cli_status import ENV

runner = CliRunner()

ROLES = [
    {
        "id": "perm-sec",
        "title": "Permanent Secretary",
        "organisation": "pmo",
        "holders": [
            {"name": "A. First", "to": "31 July 2010"},
            {"name": "B. Second", "from": "November 2010", "note": "interim at first"},
        ],
    },
    {"id": "ceo", "title": "Chief Executive", "organisation": "pmo", "holder": "C. Third"},
    {"id": "nobody", "title": "Adviser", "organisation": "pmo"},
]


def test_the_holder_on_each_day_vacant_between() -> None:
    plan = make_plan([], roles=ROLES)
    role = plan.roles[0]
    assert role.holder_on(date(2010, 7, 31)) == "A. First"
    assert role.holder_on(date(2010, 8, 1)) is None and role.vacant_on(date(2010, 10, 31))
    assert role.holder_on(date(2010, 11, 1)) == "B. Second"  # 'from: November 2010': its first day
    assert role.holder_on(date(2030, 1, 1)) == "B. Second"  # no 'to': still in post
    assert not plan.roles[1].vacant_on(date(2010, 9, 1))  # a single holder is never vacant
    labels = {d: owner_labels(plan, d) for d in (date(2010, 7, 1), date(2010, 9, 1))}
    assert labels[date(2010, 7, 1)]["perm-sec"] == "Permanent Secretary (A. First)"
    assert labels[date(2010, 9, 1)]["perm-sec"] == "Permanent Secretary (vacant)"
    assert labels[date(2010, 9, 1)]["ceo"] == "Chief Executive (C. Third)"
    assert labels[date(2010, 9, 1)]["nobody"] == "Adviser"  # nothing recorded: not 'vacant'
    assert owner_labels(plan)["perm-sec"] == "Permanent Secretary"  # no date: no name


def test_every_status_names_the_holder_of_its_as_of_date() -> None:
    plan = make_plan([milestone("budget", owner="perm-sec", due="2011-03-31")], roles=ROLES)
    for day, label in [
        (date(2010, 7, 1), "Permanent Secretary (A. First)"),
        (date(2010, 9, 1), "Permanent Secretary (vacant)"),
        (date(2011, 1, 1), "Permanent Secretary (B. Second)"),
    ]:
        assert evaluate(plan, day).milestones[0].owner_label == label


ORGANISATIONS = """\
organisations:
  - id: dh
    name: Department of Health
roles:
  - id: perm-sec
    title: Permanent Secretary
    organisation: dh
    holders:
      - {name: Sir Hugh Taylor, to: 31 July 2010}
      - {name: Una O'Brien, from: November 2010}
"""
TIMELINE = """\
programme:
  id: t
  name: Test
  start: 1 July 2010
  status_date: 1 September 2010
milestones:
  - id: budget
    title: Budget agreed
    owner: perm-sec
    due: 31 March 2011
"""


def _plan(tmp_path: Path, organisations: str = ORGANISATIONS) -> Path:
    (tmp_path / "organisations.yaml").write_text(organisations, encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text(TIMELINE, encoding="utf-8")
    return tmp_path


def test_status_and_owner_filter_follow_the_holders(tmp_path: Path) -> None:
    plan = str(_plan(tmp_path))
    labels = {}
    for day in ("2010-07-15", "2010-09-01", "2011-01-01"):
        result = runner.invoke(
            app, ["status", "--plan", plan, "--as-of", day, "-f", "json"], env=ENV
        )
        assert result.exit_code == 0, result.stderr
        labels[day] = json.loads(result.stdout)["milestones"][0]["owner_label"]
    assert labels == {
        "2010-07-15": "Permanent Secretary (Sir Hugh Taylor)",
        "2010-09-01": "Permanent Secretary (vacant)",
        "2011-01-01": "Permanent Secretary (Una O'Brien)",
    }
    # --owner finds a post by any of its holders
    result = runner.invoke(app, ["status", "--plan", plan, "--owner", "Sir Hugh Taylor"], env=ENV)
    assert result.exit_code == 0 and "budget" in result.stdout


def test_a_misspelt_holder_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    plan = str(_plan(tmp_path, ORGANISATIONS.replace("from: November", "form: November")))
    result = runner.invoke(app, ["check", plan], env=ENV)
    assert result.exit_code == 1
    assert "organisations.yaml:10:" in result.stdout
    assert "'form'" in result.stdout and "did you mean 'from'?" in result.stdout
