"""`transition update` against `transition check` on a plan of N milestones (target: < 1.5x).

    python bench/bench_update.py              # 20,000 milestones, 5 runs each
    python bench/bench_update.py --n 5000 --repeat 3

Each command runs in a fresh process, as a user runs it; the figures are medians of --repeat
runs, in CPU seconds of the process (user + system: what the command costs, whatever else the
machine is doing) and in wall-clock seconds. Before each update the plan file is restored, so
every run makes the same edit (a re-forecast with its history entry, which moves thousands of
milestones downstream), and the same with --dry-run (which also prints the diff).

The milestone re-forecast already has a forecast, as milestones that get re-forecast do: a plan
without a single forecast lets `check` skip its costliest rule (forecasts against the network,
a schedule of its own), which no real plan does.

`returns apply` is timed the same way, on a return of five rows (two re-forecasts, one of them
the same as update's, and three confirmations).

The commands run as an installed `transition` runs: from compiled bytecode. PYTHONDONTWRITEBYTECODE
is dropped from their environment and one round is run first, untimed, to write it (and to warm
the file cache). Without that every run compiles each module it imports from source, which
costs `update` (which imports the editing modules as well as the checker's) about 0.3 s more
than `check`, and says nothing about either command.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genplan import write_plan

UPDATE = ["update", "--forecast", "2046-01-01", "--reason", "Supplier late", "--on", "2021-06-01"]
OWNERS = ["pmo", "region-a", "director"]  # genplan's: milestone i is owned by OWNERS[i % 3]


def write_return(path: Path, n: int) -> None:
    """A filled return: re-forecasts of the middle milestone and of one near the end, three
    confirmations."""
    rows = [
        (n // 2, "2046-01-01", "Supplier late"),
        (n // 2 + 1, "", "On track"),
        (n * 5 // 8, "", "Checked with the supplier"),
        (n - 10, "2075-01-01", "Scope grew"),
        (n // 4 + 5, "", "On track"),
    ]
    lines = ["id,title,owner,due,forecast,new_forecast,actual,reason"]
    for i, forecast, reason in rows:
        lines.append(f"m{i:06d},,{OWNERS[i % 3]},,,{forecast},,{reason}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


ENV = {**os.environ, "TRANSITION_PLAN": "", "TRANSITION_NO_CACHE": "1"}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def run(args: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `transition ARGS` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from nhs_transition.cli import main; main()", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env=ENV,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    # First runs, as before the cache of validated plans (TRANSITION_NO_CACHE in ENV): a repeated
    # command on an unchanged plan would be read back from it (bench_startup.py measures that).
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plan = write_plan(Path(tmp) / "plan", options.n)
        timeline = plan / "timeline.yaml"
        target = f"m{options.n // 2:06d}"
        text = timeline.read_text(encoding="utf-8")
        at = text.index("\n", text.index("    due: ", text.index(f"- id: {target}\n")))
        timeline.write_text(text[: at + 1] + "    forecast: 2045-12-01\n" + text[at + 1 :], "utf-8")
        original = timeline.read_bytes()
        returned = Path(tmp) / "return.csv"
        write_return(returned, options.n)
        figures: dict[str, list[tuple[float, float]]] = {
            "check": [],
            "update": [],
            "dry-run": [],
            "returns": [],
        }
        for _ in range(options.repeat + 1):  # round 0: bytecode and file cache, untimed
            figures["check"].append(run(["check", "--plan", str(plan)]))
            timeline.write_bytes(original)
            figures["update"].append(run([*UPDATE[:1], target, *UPDATE[1:], "--plan", str(plan)]))
            timeline.write_bytes(original)
            figures["dry-run"].append(
                run([*UPDATE[:1], target, *UPDATE[1:], "--plan", str(plan), "--dry-run"])
            )
            returns = ["returns", "apply", str(returned), "--on", "2021-06-01"]
            figures["returns"].append(run([*returns, "--plan", str(plan)]))
            timeline.write_bytes(original)
        for runs in figures.values():
            del runs[0]
        print(f"{options.n:,} milestones, median of {options.repeat} runs")
        check_cpu = statistics.median(c for c, _ in figures["check"])
        check_wall = statistics.median(w for _, w in figures["check"])
        for name, runs in figures.items():
            cpu = statistics.median(c for c, _ in runs)
            wall = statistics.median(w for _, w in runs)
            print(
                f"  {name:8} cpu {cpu:6.2f} s ({cpu / check_cpu:4.2f}x check)   "
                f"wall {wall:6.2f} s ({wall / check_wall:4.2f}x check)"
            )


if __name__ == "__main__":
    main()
