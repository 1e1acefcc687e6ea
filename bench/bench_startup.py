"""Median wall time of starting `transition`, against a bare interpreter and the libraries' import.

    python bench/bench_startup.py             # 15 runs of each, interleaved
    python bench/bench_startup.py --runs 30

Each command runs in a fresh subprocess (output to /dev/null, NO_COLOR=1, COLUMNS=100), with a
cache of validated plans of its own (a temporary directory: the warm-up round writes it, so the
counted runs are the second run onwards) and with bytecode written, as an installed tool has
it. The reference is importing what the commands use of the libraries the tool is built on
(typer, rich.console and rich.table, pydantic, yaml, dateutil.parser: issue 19's reference);
`import typer, rich, pydantic, yaml, dateutil` (which leaves out rich's console and dateutil's
parser) is shown too. The targets: `transition status` and `transition check` on the shipped
plan within 1.3x the reference, `transition --help` below it. `--no-cache` rows are the first
run's cost. Profile a slow start with `python -X importtime -c 'import nhs_transition.cli'` (or
`transition status` with PYTHONPROFILEIMPORTTIME=1).
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

REFERENCE = "import typer, rich.console, rich.table, pydantic, yaml, dateutil.parser"
PACKAGES = "import typer, rich, pydantic, yaml, dateutil"
# The floor typer sets: a bare typer app whose command takes options like `status` does. Typer
# 0.29 builds a pydantic TypeAdapter per option when a command runs, which loads pydantic's
# schema machinery (`import pydantic` alone, in the reference, is lazy and loads little).
TYPER_FLOOR = """
from typing import Annotated
import typer
app = typer.Typer()
@app.command()
def status(
    owner: Annotated[str | None, typer.Option()] = None,
    workstream: Annotated[list[str] | None, typer.Option()] = None,
    as_of: Annotated[str | None, typer.Option()] = None,
    plan: Annotated[str | None, typer.Option()] = None,
) -> None:
    pass
@app.command()
def other() -> None:
    pass
app()
"""


def transition() -> list[str]:
    """The console script if installed next to this interpreter, else the same entry point."""
    script = shutil.which("transition", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "from nhs_transition.cli import main; main()"]


def timings(
    commands: list[tuple[str, list[str]]], runs: int, env: dict[str, str]
) -> dict[str, list[float]]:
    """Wall times in milliseconds, the commands interleaved run by run so that a busy machine
    slows them all alike; one warm-up round first (file cache, bytecode).
    """
    times: dict[str, list[float]] = {name: [] for name, _ in commands}
    for i in range(runs + 1):
        for name, command in commands:
            start = time.perf_counter()
            subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
            )
            if i:
                times[name].append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    cache = tempfile.TemporaryDirectory(prefix="bench-startup-cache-")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TRANSITION_CACHE_DIR": cache.name}
    for name in ("TRANSITION_PLAN", "TRANSITION_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    tool = transition()
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("reference import", [sys.executable, "-c", REFERENCE]),
        ("import of the five packages", [sys.executable, "-c", PACKAGES]),
        ("bare typer command", [sys.executable, "-c", TYPER_FLOOR, "status"]),
        ("transition --version", [*tool, "--version"]),
        ("transition --help", [*tool, "--help"]),
        ("transition status", [*tool, "status"]),
        ("transition status --format json", [*tool, "status", "--format", "json"]),
        ("transition check", [*tool, "check"]),
        ("transition status --no-cache", [*tool, "status", "--no-cache"]),
        ("transition check --no-cache", [*tool, "check", "--no-cache"]),
    ]
    with cache:
        times = timings(commands, args.runs, env)
    results = {name: statistics.median(ms) for name, ms in times.items()}
    reference = results["reference import"]
    print(f"{args.runs} runs each; reference = `{REFERENCE}`")
    print(f"{'':34} {'median':>9}  {'min':>9}  median/reference")
    for name, ms in results.items():
        print(f"{name:34} {ms:6.1f} ms  {min(times[name]):6.1f} ms  {ms / reference:5.2f}x")
    status, check = results["transition status"], results["transition check"]
    help_ = results["transition --help"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    print(
        f"targets: status <= 1.3x reference: {verdict(status <= 1.3 * reference)}; "
        f"check <= 1.3x reference: {verdict(check <= 1.3 * reference)}; "
        f"--help < reference: {verdict(help_ < reference)}"
    )


if __name__ == "__main__":
    main()
