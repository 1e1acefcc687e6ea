"""Time `compute_schedule` on random plans of N milestones built in memory (no YAML), and
`transition critical-path --format json` end to end against the libyaml event walk.

    python bench/bench_schedule.py                 # 10,000 and 100,000 milestones, then end to end
    python bench/bench_schedule.py -n 20000 --shuffle --calendar working-days --e2e
    python bench/bench_schedule.py -n --e2e 20000 100000   # end to end only

In memory: each milestone has a duration, 0-3 dependencies on earlier milestones (mostly
finish-to-start, some SS/FF/SF with lags and leads), and a third of them a deadline; a few have
forecasts and actuals. Prints the median of --repeat runs per size.

End to end (`--e2e SIZES`): bench/genplan.py writes a plan of N milestones; the figure is the
wall time of a fresh `transition critical-path --format json` process (interpreter start,
imports, load, checks, schedule, JSON to /dev/null) against walking the same file's libyaml
events; the target is at most 2x for 20,000 milestones and under 5 s for 100,000. A breakdown
of the same stages measured in one process says where the time goes.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from nhs_transition.model import Milestone, Organisation, Plan, Programme
from nhs_transition.schedule import compute_schedule

START = date(2010, 7, 13)


def random_milestones(n: int, rng: random.Random) -> list[dict[str, Any]]:
    """N milestone mappings as a user would write them, dependencies pointing backwards."""
    out: list[dict[str, Any]] = []
    for i in range(n):
        m: dict[str, Any] = {
            "id": f"m{i}",
            "title": f"Milestone {i}",
            "owner": "pmo",
            "duration": rng.choice(["0d", "0d", "5d", "10d", "2w", "20d"]),
        }
        deps: list[Any] = []
        for p in {rng.randrange(max(0, i - 200), i) for _ in range(rng.randint(0, 3))} if i else ():
            if rng.random() < 0.85:
                deps.append(f"m{p}")
            else:
                deps.append(
                    {
                        "id": f"m{p}",
                        "type": rng.choice(["SS", "FF", "SF"]),
                        "lag": f"{rng.randint(-5, 10)}d",
                    }
                )
        if deps:
            m["depends_on"] = deps
        if rng.random() < 0.33:
            m["due"] = (START + timedelta(days=rng.randint(30, 1500))).isoformat()
        if rng.random() < 0.05:
            m["forecast"] = (START + timedelta(days=rng.randint(30, 1500))).isoformat()
        if rng.random() < 0.05:
            m["actual"] = (START + timedelta(days=rng.randint(0, 200))).isoformat()
        out.append(m)
    return out


def build_plan(n: int, seed: int, shuffle: bool, calendar: str) -> Plan:
    """A validated in-memory Plan of n random milestones."""
    rng = random.Random(seed)
    raw = random_milestones(n, rng)
    if shuffle:
        rng.shuffle(raw)
    programme = Programme.model_validate(
        {"id": "bench", "name": "Benchmark", "start": START.isoformat(), "calendar": calendar}
    )
    milestones = [Milestone.model_validate(m) for m in raw]
    return Plan(
        programme=programme,
        organisations=[Organisation(id="pmo", name="PMO")],
        milestones=milestones,
    )


def event_walk(path: Path) -> float:
    """Seconds to walk every libyaml event of `path` (the floor any YAML loader stands on)."""
    import yaml

    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    for _ in yaml.parse(text, Loader=yaml.CBaseLoader):
        pass
    return time.perf_counter() - start


COMMAND = "from nhs_transition.cli import main; main()"


def end_to_end(directory: Path) -> float:
    """Seconds for a fresh `transition critical-path --format json` over the plan."""
    args = [sys.executable, "-c", COMMAND, "critical-path", "--plan", str(directory)]
    start = time.perf_counter()
    subprocess.run([*args, "--format", "json"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


STAGES_CODE = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from nhs_transition.cli import app
from nhs_transition.checks import run_checks
from nhs_transition.load import load_plan
from nhs_transition.render.critical_path import critical_path_json
from nhs_transition.schedule import compute_schedule
t1 = time.perf_counter()
result = load_plan(Path(sys.argv[1]))
t2 = time.perf_counter()
run_checks(result.plan, calendar=False)  # as the command: its schedule reports that rule
t3 = time.perf_counter()
schedule = compute_schedule(result.plan, result.plan.programme.status_date.day)
t4 = time.perf_counter()
critical_path_json(result.plan, schedule)
t5 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
"""
STAGES = ("imports", "load", "checks", "schedule", "json")


def stages(directory: Path) -> list[float]:
    """Seconds per stage of the command, measured inside one fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", STAGES_CODE, str(directory)],
        check=True,
        capture_output=True,
        text=True,
    )
    return [float(x) for x in out.stdout.split()]


def report_end_to_end(sizes: list[int], repeat: int) -> None:
    """Print the end-to-end figures and the stage breakdown per size."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from genplan import write_plan

    print(f"\ncritical-path --format json end to end, median of {repeat}")
    print(
        f"{'milestones':>10} {'file MB':>8} {'events s':>9} {'command s':>10} {'ratio':>6}   "
        + " ".join(f"{s:>8}" for s in STAGES)
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            directory = write_plan(Path(tmp) / f"p{n}", n)
            size = (directory / "timeline.yaml").stat().st_size / 1e6
            walks, runs, parts = [], [], []
            for _ in range(repeat):  # interleaved, so both see the same machine load
                walks.append(event_walk(directory / "timeline.yaml"))
                runs.append(end_to_end(directory))
                parts.append(stages(directory))
            walk, run = statistics.median(walks), statistics.median(runs)
            split = [statistics.median(p[k] for p in parts) for k in range(len(STAGES))]
            print(
                f"{n:>10,} {size:>8.1f} {walk:>9.2f} {run:>10.2f} {run / walk:>6.2f}   "
                + " ".join(f"{x:>8.2f}" for x in split)
            )


def main() -> None:
    """Parse options, build the plans, time the scheduler, print the figures."""
    # First runs, as before the cache of validated plans: a repeated command on an unchanged plan
    # would be read back from it (bench_startup.py measures that).
    os.environ["TRANSITION_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument(
        "--e2e",
        type=int,
        nargs="*",
        default=[20_000, 100_000],
        help="plan sizes for the end-to-end figure (none: skip it)",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2010)
    parser.add_argument("--shuffle", action="store_true", help="milestones out of dependency order")
    parser.add_argument(
        "--calendar", choices=["calendar-days", "working-days"], default="calendar-days"
    )
    args = parser.parse_args()
    as_of = START + timedelta(days=120)
    print(
        f"compute_schedule, {args.calendar}{', shuffled' if args.shuffle else ''}, median of {args.repeat}"
    )
    for n in args.sizes:
        plan = build_plan(n, args.seed, args.shuffle, args.calendar)
        times = []
        for _ in range(args.repeat):
            gc.collect()
            began = time.perf_counter()
            schedule = compute_schedule(plan, as_of)
            times.append(time.perf_counter() - began)
        print(
            f"{n:>9,} milestones: {statistics.median(times):.3f} s"
            f"  (best {min(times):.3f} s; critical path {len(schedule.critical_path)} long)"
        )
    if args.e2e:
        report_end_to_end(args.e2e, max(1, min(args.repeat, 3)))


if __name__ == "__main__":
    main()
