"""TaskJuggler (`tj3`) as a second scheduler: its early dates equal ours on generated FS plans.

Skipped when tj3 is not installed (Debian package `tj3`; CI installs it).
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from nhs_transition.schedule import compute_schedule
from tests.factories import make_plan, milestone
from tests.tjp import REPORT, tjp_text

if shutil.which("tj3") is None:
    pytest.skip("TaskJuggler is not installed (apt-get install tj3)", allow_module_level=True)


def _plan(n: int, seed: int) -> Any:
    rng = random.Random(seed)
    start = date(2010, 1, 1) + timedelta(days=rng.randrange(3000))
    milestones = []
    for i in range(n):
        fields: dict[str, Any] = {
            "duration": rng.choice(["0d", "0d", "1d", "3d", "10d", "2w", "1w"]),
        }
        if i and rng.random() < 0.9:
            preds = rng.sample(range(max(0, i - 25), i), k=min(i, rng.randint(1, 3)))
            fields["depends_on"] = [
                {"id": f"ms-{p}", "lag": rng.choice(["0d", "0d", "0d", "2d", "1w", "15d"])}
                for p in preds
            ]
        milestones.append(milestone(f"ms-{i}", **fields))
    return make_plan(milestones, programme={"start": start.isoformat()})


@pytest.mark.parametrize("seed", [1, 2])
def test_taskjuggler_early_dates_equal_ours(seed: int, tmp_path: Path) -> None:
    plan = _plan(300, seed)
    (tmp_path / "plan.tjp").write_text(tjp_text(plan), encoding="utf-8")
    run = subprocess.run(
        ["tj3", "--silent", "--no-color", "plan.tjp"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    with (tmp_path / f"{REPORT}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    theirs = {
        row["Name"]: (
            datetime.strptime(row["Start"], "%Y-%m-%d %H:%M"),
            datetime.strptime(row["End"], "%Y-%m-%d %H:%M"),
        )
        for row in rows
    }
    schedule = compute_schedule(plan, plan.programme.start.day)
    ours = {
        id: (
            datetime.combine(row.early_start, datetime.min.time()),
            datetime.combine(row.early_finish, datetime.min.time()),
        )
        for id, row in schedule.rows.items()
    }
    assert len(ours) == 300
    assert theirs == ours
    # Not a vacuous comparison: the schedule spans months and chains of links.
    assert schedule.finish - schedule.start > timedelta(days=100)
