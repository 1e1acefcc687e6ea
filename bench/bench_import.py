"""Import benchmark: `transition import mspdi` of an N-task MS Project XML file against `check`
of the plan it makes (the target: import under 3x check).

    python bench/bench_import.py             # 5,000 tasks
    python bench/bench_import.py 20000 --repeat 3

The file is what `export mspdi` writes of a synthetic plan (bench/genplan.py). Both commands
run in this process through typer's test runner (no interpreter start-up in either figure),
medians of --repeat runs; the import includes parsing, mapping, checking the result and writing
both files. Wall times of the two commands as subprocesses follow, start-up included.
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


def timed(args: list[str]) -> float:
    """Seconds for one in-process run of the CLI with `args` (which must succeed)."""
    from typer.testing import CliRunner

    from nhs_transition.cli import app

    start = time.perf_counter()
    result = CliRunner().invoke(app, args)
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.output[-2000:]
    return elapsed


def wall(args: list[str]) -> float:
    """Seconds for the console script as a subprocess (interpreter start-up included)."""
    start = time.perf_counter()
    subprocess.run(["transition", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Print the figures."""
    # First runs, as before the cache of validated plans: a repeated command on an unchanged plan
    # would be read back from it (bench_startup.py measures that).
    os.environ["TRANSITION_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", nargs="?", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = write_plan(root / "source", options.tasks)
        xml = root / "plan.xml"
        timed(["export", "mspdi", "--plan", str(source), "-o", str(xml)])
        size = xml.stat().st_size
        imports, checks = [], []
        for i in range(options.repeat):
            target = root / f"imported-{i}"
            imports.append(timed(["import", "mspdi", str(xml), "-o", str(target)]))
            checks.append(timed(["check", "--plan", str(target)]))
        imp, chk = statistics.median(imports), statistics.median(checks)
        print(f"{options.tasks:,} tasks, {size / 1e6:.1f} MB of MSPDI")
        print(f"  import mspdi  {imp:6.2f} s   (median of {options.repeat})")
        print(f"  check         {chk:6.2f} s")
        print(f"  ratio         {imp / chk:6.2f}x   (target: under 3x)")
        target = root / "imported-wall"
        wi = wall(["import", "mspdi", str(xml), "-o", str(target)])
        wc = wall(["check", "--plan", str(target)])
        print(f"  as subprocesses: import {wi:.2f} s, check {wc:.2f} s, ratio {wi / wc:.2f}x")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
