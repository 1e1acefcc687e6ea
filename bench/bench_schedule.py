"""Time `compute_schedule` on random plans of N milestones built in memory (no YAML).

    python bench/bench_schedule.py                 # 10,000 and 100,000 milestones
    python bench/bench_schedule.py -n 20000 --shuffle --calendar working-days

Each milestone has a duration, 0-3 dependencies on earlier milestones (mostly finish-to-start,
some SS/FF/SF with lags and leads), and a third of them a deadline; a few have forecasts and
actuals. Prints the median of --repeat runs per size.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from datetime import date, timedelta
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


def main() -> None:
    """Parse options, build the plans, time the scheduler, print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--sizes", type=int, nargs="+", default=[10_000, 100_000])
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


if __name__ == "__main__":
    main()
