"""`transition status --by organisation` against `transition status` on the same large plan.

    python bench/bench_rollup.py                      # 20,000 milestones, 2,000 organisations
    python bench/bench_rollup.py -n 5000 --organisations 500 --runs 3

bench/genplan.py writes the plan (the organisations in a tree: areas under the programme
office, bodies under the areas; the milestones owned by them in turn). Each command runs in a
fresh process (table to /dev/null, NO_COLOR=1, COLUMNS=100), the two interleaved run by run so a
busy machine slows both alike; medians are printed, and the ratio. The target: the roll-up in
under 1.5x the time of `status`. `--format json` of both is timed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from genplan import write_plan

TARGET = 1.5


def transition() -> list[str]:
    """The console script next to this interpreter, else the same entry point."""
    script = shutil.which("transition", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "from nhs_transition.cli import main; main()"]


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run; the command must succeed."""
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    """Command line."""
    # First runs, as before the cache of validated plans: a repeated command on an unchanged plan
    # would be read back from it (bench_startup.py measures that).
    os.environ["TRANSITION_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=20_000, help="milestones (default 20000)")
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    with tempfile.TemporaryDirectory() as tmp:
        plan = write_plan(Path(tmp) / "plan", args.n, organisations=args.organisations)
        base = [*transition(), "status", "--plan", str(plan)]
        commands = {
            "status": base,
            "status --by organisation": [*base, "--by", "organisation"],
            "status --format json": [*base, "--format", "json"],
            "status --by organisation --format json": [
                *base,
                "--by",
                "organisation",
                "--format",
                "json",
            ],
        }
        for command in commands.values():  # warm-up: file cache, bytecode
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{args.n} milestones, {args.organisations} organisations, median of {args.runs} runs:")
    for name, seconds in medians.items():
        print(f"  {name:<40} {seconds:6.2f} s")
    table = medians["status --by organisation"] / medians["status"]
    json_ratio = medians["status --by organisation --format json"] / medians["status --format json"]
    verdict = "met" if table < TARGET else "NOT met"
    print(
        f"roll-up / status: table {table:.2f}x, json {json_ratio:.2f}x (target < {TARGET}x: {verdict})"
    )


if __name__ == "__main__":
    main()
