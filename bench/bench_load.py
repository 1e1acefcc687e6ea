"""Loading benchmark: load + validate a plan of N milestones against the libyaml event walk.

    python bench/bench_load.py                 # 1,000 / 10,000 / 20,000 milestones, ratio
    python bench/bench_load.py --memory 100000 # peak memory of loading 100,000 milestones

The ratio is (load_plan wall time) / (walking the same file's libyaml events), medians of
--repeat runs; the target is at most 2x. Peak memory is the process's maximum resident set,
measured in a fresh subprocess per size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genplan import write_plan


def event_walk(path: Path) -> float:
    """Seconds to walk every libyaml event of `path` (the floor any YAML loader stands on)."""
    import yaml

    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    for _ in yaml.parse(text, Loader=yaml.CBaseLoader):
        pass
    return time.perf_counter() - start


def load_time(directory: Path) -> tuple[float, int]:
    """Seconds to load and validate the plan in `directory`, and its milestone count."""
    from nhs_transition.load import load_plan

    start = time.perf_counter()
    result = load_plan(directory)
    elapsed = time.perf_counter() - start
    assert result.plan is not None and not result.diagnostics, result.diagnostics[:3]
    return elapsed, len(result.plan.milestones)


def peak_memory(directory: Path) -> float:
    """Peak RSS in MB of a fresh interpreter that loads the plan (and the interpreter itself)."""
    code = (
        "import resource, sys; from pathlib import Path; from nhs_transition.load import load_plan; "
        f"r = load_plan(Path({str(directory)!r})); assert r.plan is not None; "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--memory", nargs="*", type=int, default=[], help="sizes to measure peak memory for"
    )
    args = parser.parse_args()
    print(f"{'milestones':>10} {'file MB':>8} {'events s':>9} {'load s':>8} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            directory = write_plan(Path(tmp) / f"p{n}", n)
            size = (directory / "timeline.yaml").stat().st_size / 1e6
            walks = [event_walk(directory / "timeline.yaml") for _ in range(args.repeat)]
            loads = [load_time(directory)[0] for _ in range(args.repeat)]
            walk, load = statistics.median(walks), statistics.median(loads)
            print(f"{n:>10,} {size:>8.1f} {walk:>9.3f} {load:>8.3f} {load / walk:>6.2f}")
        for n in args.memory:
            directory = write_plan(Path(tmp) / f"m{n}", n)
            size = (directory / "timeline.yaml").stat().st_size / 1e6
            print(
                f"peak memory loading {n:,} milestones ({size:.1f} MB): {peak_memory(directory):,.0f} MB"
            )


if __name__ == "__main__":
    main()
