"""iCalendar benchmark: `transition export ics` of a plan of N milestones (about two events each).

    python bench/bench_ics.py               # 20,000 milestones
    python bench/bench_ics.py 5000 --repeat 5

Times, in this process and as medians of --repeat runs: the whole command (load, schedule,
evaluate, write the feed) through typer's test runner, and within it `ics.calendar_text`, the
writing of the feed alone. The plan is bench/genplan.py's synthetic plan.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genplan import write_plan


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("milestones", nargs="?", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    from typer.testing import CliRunner

    from nhs_transition.cli import app
    from nhs_transition.interop import ics

    spent: list[float] = []
    inner = ics.calendar_text

    def measured(*args: object, **kwargs: object) -> str:
        start = time.perf_counter()
        text = inner(*args, **kwargs)  # type: ignore[arg-type]
        spent.append(time.perf_counter() - start)
        return text

    ics.calendar_text = measured  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        plan = write_plan(Path(tmp) / "plan", options.milestones)
        out = Path(tmp) / "plan.ics"
        wholes = []
        for _ in range(options.repeat):
            start = time.perf_counter()
            result = CliRunner().invoke(app, ["export", "ics", "--plan", str(plan), "-o", str(out)])
            wholes.append(time.perf_counter() - start)
            assert result.exit_code == 0, result.output[-2000:]
        events = out.read_bytes().count(b"BEGIN:VEVENT")
        size = out.stat().st_size
    print(f"{options.milestones:,} milestones, {events:,} events, {size / 1e6:.1f} MB of iCalendar")
    print(f"  export ics       {statistics.median(wholes):6.2f} s   (median of {options.repeat})")
    print(f"  writing the feed {statistics.median(spent):6.2f} s")


if __name__ == "__main__":
    main()
