"""Issue 19's large-plan targets, each measured side by side in one run, before and after.

    python bench/bench_bigplan.py                          # this tree only
    git worktree add --detach /tmp/base 579582b            # an earlier state to compare with
    python bench/bench_bigplan.py --before /tmp/base       # before and after, interleaved
    python bench/bench_bigplan.py --sizes 20000 --table 0  # critical-path only, 20,000

1. `transition critical-path --format json` on a plan of N milestones (bench/genplan.py), a
   fresh process each time, against the floor of reading the same YAML: walking the libyaml
   events of its files (`yaml.parse` with the C parser of CSafeLoader), in this process. Targets: at most
   2.0x the walk at 20,000 milestones; at 100,000 under 5 s and under 1 GB peak RSS (the
   child's own maximum resident set, from wait4).
2. `transition status` laid out as a table of N milestones (20,000 by default), styled for a
   terminal (FORCE_COLOR=1, TERM=xterm-256color: rich's forced terminal, as a pager or a
   terminal gets it) against the same table to a pipe (no colour). Target: under 3x.

Every figure is the median of --repeat runs; the runs of each row are interleaved (walk,
after, before, ...) so that all of them see the same load on a shared machine. The targets are
wall-clock ratios; CPU time (user + system) is printed beside them because on a machine shared
with other work the wall clock of a process that starts an interpreter suffers more than the
in-process walk does. The plan
cache of `transition` (when there is one) is off (TRANSITION_NO_CACHE=1): these are cold runs.
`--before DIR` runs the same commands from another checkout's `src` (PYTHONPATH), with this
interpreter and its installed dependencies.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genplan import write_plan

COMMAND = "from nhs_transition.cli import main; main()"


def event_walk(directory: Path) -> tuple[float, float]:
    """(wall, CPU) seconds to walk every libyaml event of the plan's files: the floor any YAML
    loader stands on (the files are read before the clock starts)."""
    import yaml

    texts = [path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.yaml"))]
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
    return time.perf_counter() - start, time.process_time() - cpu


class Run(NamedTuple):
    """One fresh process: wall and CPU (user + system) seconds, peak RSS, bytes written."""

    wall: float
    cpu: float
    rss_mb: float
    size: int


def run(args: list[str], env: dict[str, str]) -> Run:
    """A fresh `transition ARGS` process, its stdout a pipe read to the end (as `| less` or
    `| jq` would)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert child.stdout is not None
    size = 0
    while chunk := child.stdout.read(1 << 20):
        size += len(chunk)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # status exits 1 when something is red
        raise SystemExit(f"transition {' '.join(args)} failed with exit code {child.returncode}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, size)


def environment(source: Path | None, **extra: str) -> dict[str, str]:
    """The environment of a run: the plan cache off, `source`'s package first when given."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.pop("COLORTERM", None)
    env["TRANSITION_NO_CACHE"] = "1"
    env["COLUMNS"] = "100"
    if source is not None:
        env["PYTHONPATH"] = str(source / "src")
    env.update(extra)
    return env


def median(values: list[float]) -> float:
    return statistics.median(values)


def critical_path(sizes: list[int], repeat: int, before: Path | None, tmp: Path) -> None:
    """Target 1: critical-path --format json against the event walk."""
    print(f"critical-path --format json, cold, median of {repeat}; CPU: user + system seconds")
    head = f"{'milestones':>10} {'MB':>5} {'walk s':>7} {'CPU':>5}"
    for name in ("after", "before") if before is not None else ("after",):
        head += f" | {name + ' s':>8} {'ratio':>6} {'CPU':>5} {'ratio':>6} {'RSS MB':>7}"
    print(head)
    for n in sizes:
        directory = write_plan(tmp / f"cp{n}", n)
        timeline = directory / "timeline.yaml"
        args = ["critical-path", "--plan", str(directory), "--format", "json"]
        walks: list[tuple[float, float]] = []
        after: list[Run] = []
        earlier: list[Run] = []
        for _ in range(repeat):
            walks.append(event_walk(directory))
            after.append(run(args, environment(None)))
            if before is not None:
                earlier.append(run(args, environment(before)))
        walk, walk_cpu = median([w[0] for w in walks]), median([w[1] for w in walks])
        line = f"{n:>10,} {timeline.stat().st_size / 1e6:>5.1f} {walk:>7.2f} {walk_cpu:>5.2f}"
        for runs in (after, earlier) if before is not None else (after,):
            wall, cpu = median([r.wall for r in runs]), median([r.cpu for r in runs])
            rss = max(r.rss_mb for r in runs)
            line += f" | {wall:>8.2f} {wall / walk:>6.2f} {cpu:>5.2f} {cpu / walk_cpu:>6.2f} {rss:>7.0f}"
        print(line, flush=True)


def styled_table(rows: int, repeat: int, before: Path | None, tmp: Path) -> None:
    """Target 2: the status table styled for a terminal against the same table to a pipe."""
    directory = write_plan(tmp / f"st{rows}", rows)
    args = ["status", "--plan", str(directory)]
    terminal = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    sources: list[Path | None] = [None] if before is None else [None, before]
    pipes: dict[Path | None, list[Run]] = {s: [] for s in sources}
    terms: dict[Path | None, list[Run]] = {s: [] for s in sources}
    for _ in range(repeat):
        for source in sources:
            pipes[source].append(run(args, environment(source)))
            terms[source].append(run(args, environment(source, **terminal)))
    print(f"\nstatus table of {rows:,} milestones at 100 columns, median of {repeat}")
    print(
        f"{'':>7} {'pipe s':>7} {'terminal s':>10} {'ratio':>6} | {'pipe CPU':>8} "
        f"{'term CPU':>8} {'ratio':>6} | {'pipe MB':>7} {'term MB':>7}"
    )
    for source in sources:
        pipe, term = (
            median([r.wall for r in pipes[source]]),
            median([r.wall for r in terms[source]]),
        )
        pipe_cpu = median([r.cpu for r in pipes[source]])
        term_cpu = median([r.cpu for r in terms[source]])
        name = "after" if source is None else "before"
        print(
            f"{name:>7} {pipe:>7.2f} {term:>10.2f} {term / pipe:>6.2f} | {pipe_cpu:>8.2f} "
            f"{term_cpu:>8.2f} {term_cpu / pipe_cpu:>6.2f} | {pipes[source][-1].size / 1e6:>7.1f} "
            f"{terms[source][-1].size / 1e6:>7.1f}",
            flush=True,
        )


def main() -> None:
    """Parse options, generate the plans, print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 100_000])
    parser.add_argument(
        "--table", type=int, default=20_000, help="rows of the status table (0: skip)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--before", type=Path, help="a checkout of an earlier state, to run beside this one"
    )
    args = parser.parse_args()
    before = args.before.resolve() if args.before is not None else None
    with tempfile.TemporaryDirectory() as tmp:
        if args.sizes:
            critical_path(args.sizes, args.repeat, before, Path(tmp))
        if args.table:
            styled_table(args.table, args.repeat, before, Path(tmp))


if __name__ == "__main__":
    main()
