"""Benchmarks of the git-backed commands (issue 15), end to end, each in a fresh process.

1. `transition diff HEAD~1 HEAD --format json` on a plan of N milestones (bench/genplan.py)
   committed twice (the second commit re-forecasts one milestone in fifty), against one
   `transition critical-path --format json` on the same plan. Target: under 2.5x.
2. `transition trend --git` over C commits of the shipped plan (each commit moves one
   milestone's forecast). Target: under 10 s for 200 commits.

    python bench/bench_diff.py                 # 20,000 milestones, 200 commits, best of 3
    python bench/bench_diff.py -n 5000 -c 50 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from genplan import write_plan

COMMAND = "from nhs_transition.cli import main; main()"
ROOT = Path(__file__).resolve().parent.parent


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com",
         "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True,
    )  # fmt: skip


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, *args], cwd=cwd, check=False, stdout=subprocess.PIPE
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout:
        raise SystemExit(f"{' '.join(args)} failed (exit {done.returncode})")
    return elapsed


def bench_diff(n: int, repeat: int, work: Path) -> None:
    repo = work / "diff"
    plan = repo / "plan"
    write_plan(plan, n)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    timeline = plan / "timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    count = 0

    def reforecast(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        if count % 50:
            return match.group(0)
        return f"{match.group(0)}\n    forecast: 31 December 2024"

    timeline.write_text(re.sub(r"    duration: \d+d", reforecast, text), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "re-forecast one in fifty")
    diff = min(
        timed(["diff", "HEAD~1", "HEAD", "--plan", "plan", "--format", "json"], repo)
        for _ in range(repeat)
    )
    cpm = min(
        timed(["critical-path", "--plan", "plan", "--format", "json"], repo) for _ in range(repeat)
    )
    print(
        f"diff of two git revisions, {n:,} milestones: {diff:.2f} s; critical-path {cpm:.2f} s; "
        f"ratio {diff / cpm:.2f}x (target < 2.5x)"
    )


def bench_trend(commits: int, repeat: int, work: Path) -> None:
    repo = work / "trend"
    plan = repo / "data"
    shutil.copytree(ROOT / "data", plan)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the shipped plan")
    timeline = plan / "timeline.yaml"
    base = timeline.read_text(encoding="utf-8")
    # Each commit rewrites one `due:` deadline of the shipped plan to a later year (a plan with
    # no history kept: the trend must come from git). A cascade's deadline is left alone: its
    # organisations (the SHAs) are abolished in 2013, so a later one would cascade to no one.
    cascaded = {m.start() for m in re.finditer(r"^    due: .+\n    cascade:", base, flags=re.M)}
    dues = [
        m for m in re.finditer(r"^    due: (.+)$", base, flags=re.M) if m.start() not in cascaded
    ]
    for i in range(1, commits):
        match = dues[i % len(dues)]
        text = base[: match.start()] + f"    due: {2013 + i % 7}" + base[match.end() :]
        timeline.write_text(text, encoding="utf-8")
        when = f"@{1293840000 + i * 86400}"  # one commit a day from 1 January 2011
        subprocess.run(
            ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit",
             "-q", "-am", f"edit {i}", "--date", when],
            cwd=repo, check=True, capture_output=True, env={**os.environ, "GIT_COMMITTER_DATE": when},
        )  # fmt: skip
    best = min(
        timed(["trend", "--git", "--plan", "data", "--format", "json"], repo) for _ in range(repeat)
    )
    print(f"trend --git over {commits} commits of the shipped plan: {best:.2f} s (target < 10 s)")


def main() -> None:
    """Run both benchmarks and print their figures."""
    # First runs, as before the cache of validated plans: a repeated command on an unchanged plan
    # would be read back from it (bench_startup.py measures that).
    os.environ["TRANSITION_NO_CACHE"] = "1"
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=20_000, help="milestones of the diffed plan")
    parser.add_argument("-c", "--commits", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench_trend(args.commits, args.repeat, work)
        bench_diff(args.n, args.repeat, work)


if __name__ == "__main__":
    main()
