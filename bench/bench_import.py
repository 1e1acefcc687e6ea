"""Import benchmark: `transition import mspdi` of an N-task MS Project XML file against `check`
of the plan it makes. The issue's target: importing a 5,000-task file takes under 3x `check` on
the resulting plan.

    python bench/bench_import.py             # 5,000 tasks, 7 runs of each
    python bench/bench_import.py 20000 --repeat 3

The file is what `export mspdi` writes of a synthetic plan (bench/genplan.py). The headline
figures are the two commands as a user runs them: the console script in a fresh process each
time (start-up included), import and check interleaved so both see the same machine, medians
of --repeat runs, in wall time and in CPU time (user + system of the child: steadier than wall
time on a machine shared with other work). The import's run includes parsing, mapping,
checking the result and writing both files. The in-process figures (typer's test runner, no
start-up in either) follow, for profiling.
"""

from __future__ import annotations

import argparse
import gc
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


def timed(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds for one in-process run of the CLI with `args` (which must succeed)."""
    from typer.testing import CliRunner

    from nhs_transition.cli import app

    start, cpu = time.perf_counter(), time.process_time()
    result = CliRunner().invoke(app, args)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result.exit_code == 0, result.output[-2000:]
    return elapsed, cpu


def command(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds for the console script as a subprocess, start-up included."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(["transition", *args], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def main() -> None:
    """Print the figures."""
    # First runs, as before the cache of validated plans: a repeated command on an unchanged plan
    # would be read back from it (bench_startup.py measures that).
    os.environ["TRANSITION_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", nargs="?", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = write_plan(root / "source", options.tasks)
        xml = root / "plan.xml"
        timed(["export", "mspdi", "--plan", str(source), "-o", str(xml)])
        gc.collect()  # the source plan's objects, before anything is timed
        size = xml.stat().st_size
        walls: dict[str, list[float]] = {"import": [], "check": []}
        cpus: dict[str, list[float]] = {"import": [], "check": []}
        for i in range(options.repeat):
            target = root / f"command-{i}"
            for name, args in (
                ("import", ["import", "mspdi", str(xml), "-o", str(target)]),
                ("check", ["check", "--plan", str(target)]),
            ):
                wall, cpu = command(args)
                walls[name].append(wall)
                cpus[name].append(cpu)
        imports, checks = [], []
        for i in range(options.repeat):
            target = root / f"in-process-{i}"
            imports.append(timed(["import", "mspdi", str(xml), "-o", str(target)]))
            checks.append(timed(["check", "--plan", str(target)]))
        print(f"{options.tasks:,} tasks, {size / 1e6:.1f} MB of MSPDI; medians of {options.repeat}")
        print("  as commands (fresh process, start-up included)   wall      CPU")
        for name in ("import", "check"):
            wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
            print(f"    {name:<46} {wall:6.2f} s {cpu:6.2f} s")
        for name in ("import", "check"):
            runs = ", ".join(
                f"{w:.2f}/{c:.2f}" for w, c in zip(walls[name], cpus[name], strict=True)
            )
            print(f"      {name} runs (wall/CPU): {runs}")
        ratio_wall = statistics.median(walls["import"]) / statistics.median(walls["check"])
        ratio_cpu = statistics.median(cpus["import"]) / statistics.median(cpus["check"])
        print(f"    {'ratio (target: under 3x)':<46} {ratio_wall:6.2f}x  {ratio_cpu:6.2f}x")
        print("  in process (no start-up)")
        for name, runs in (("import", imports), ("check", checks)):
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            print(f"    {name:<46} {wall:6.2f} s {cpu:6.2f} s")
        ratio_wall = statistics.median(r[0] for r in imports) / statistics.median(
            r[0] for r in checks
        )
        ratio_cpu = statistics.median(r[1] for r in imports) / statistics.median(
            r[1] for r in checks
        )
        print(f"    {'ratio':<46} {ratio_wall:6.2f}x  {ratio_cpu:6.2f}x")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
