"""Generate synthetic plans of N milestones (about 180 bytes each), as the performance notes measured."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ORGANISATIONS = """organisations:
  - id: pmo
    name: Programme office
    type: office
  - id: region-a
    name: Region A
    type: region
    parent: pmo
roles:
  - id: director
    title: Programme director
    organisation: pmo
    holder: A. Person
"""


def write_plan(directory: Path, n: int, seed: int = 1) -> Path:
    """Write organisations.yaml and timeline.yaml with `n` milestones into `directory`."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    lines = [
        "programme:",
        "  id: bench",
        "  name: Synthetic programme",
        "  start: 2020-01-01",
        "  status_date: 2021-06-30",
        "milestones:",
    ]
    owners = ["pmo", "region-a", "director"]
    for i in range(n):
        lines.append(f"  - id: m{i:06d}")
        lines.append(f"    title: Milestone number {i} of the synthetic programme")
        lines.append(f"    owner: {owners[i % 3]}")
        lines.append(f"    workstream: ws{i % 20}")
        year = 2020 + (i * 4) // max(n, 1)
        lines.append(
            f"    due: {rng.randint(1, 28)} {['March', 'June', 'September', 'December'][i % 4]} {year}"
        )
        lines.append(f"    duration: {rng.randint(0, 20)}d")
        if i:
            deps = sorted(
                {f"m{rng.randrange(max(0, i - 50), i):06d}" for _ in range(rng.randint(1, 3))}
            )
            lines.append(f"    depends_on: [{', '.join(deps)}]")
        if i % 7 == 0:
            lines.append("    status: at-risk")
    (directory / "timeline.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def main() -> None:
    """Command line: genplan.py N DIR."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("directory", type=Path)
    args = parser.parse_args()
    write_plan(args.directory, args.n)


if __name__ == "__main__":
    main()
