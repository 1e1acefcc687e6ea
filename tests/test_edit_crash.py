"""A process killed (SIGKILL) in the middle of `update` on a 20,000-milestone plan leaves the old
file byte-identical or the new one whole, never half of either."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from nhs_transition.edit import Report, edit_plan
from nhs_transition.load import load_plan

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from genplan import write_plan

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")

ARGS = [
    "update",
    "m010000",
    "--forecast",
    "2046-01-01",
    "--reason",
    "Supplier late",
    "--on",
    "2021-06-01",
]


def _start(plan: Path) -> subprocess.Popen[bytes]:
    code = "from nhs_transition.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, *ARGS, "--plan", str(plan)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TRANSITION_PLAN": ""},
    )


def _kill_when_writing(process: subprocess.Popen[bytes], plan: Path, deadline: float) -> bool:
    """SIGKILL `process` as soon as its temporary file appears; True if it was caught writing."""
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.name.endswith(".tmp") for p in plan.iterdir()):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.0005)
    process.kill()
    process.wait()
    return False


def test_sigkill_during_update_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan", 20_000)
    timeline = plan / "timeline.yaml"
    old = timeline.read_bytes()
    loaded = load_plan(plan).plan
    assert loaded is not None
    report = Report("m010000", date(2021, 6, 1), forecast="2046-01-01", reason="Supplier late")
    new = edit_plan(loaded, [report]).changes[0].after
    assert new != old

    # Killed early (reading, checking): the old file, untouched.
    process = _start(plan)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert timeline.read_bytes() == old

    # Killed while the new file is being written (its temporary file exists): old or new, whole.
    caught = False
    for _ in range(4):
        timeline.write_bytes(old)
        for leftover in plan.glob(".*.tmp"):
            leftover.unlink()
        process = _start(plan)
        caught = _kill_when_writing(process, plan, time.monotonic() + 60)
        assert timeline.read_bytes() in (old, new)
        if caught:
            break
    assert caught, "the update was never caught writing"
    # What a killed update leaves besides is a temporary file the loader never reads.
    assert load_plan(plan).ok
