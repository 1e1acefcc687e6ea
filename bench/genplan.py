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


def organisations_text(count: int) -> str:
    """ORGANISATIONS and `count` more in a tree: regions under the office, trusts under them."""
    regions = max(1, count // 100)
    lines = [ORGANISATIONS.split("roles:")[0].rstrip("\n")]
    for r in range(regions):
        lines += [
            f"  - id: area-{r:03d}",
            f"    name: Area {r}",
            "    type: area",
            "    parent: pmo",
            f"    region: Region {r % 9}",
        ]
    for i in range(count - regions):
        lines += [
            f"  - id: body-{i:05d}",
            f"    name: Body {i}",
            f"    type: {['trust', 'authority', 'board'][i % 3]}",
            f"    parent: area-{i % regions:03d}",
        ]
    return "\n".join(lines) + "\nroles:" + ORGANISATIONS.split("roles:")[1]


def organisation_ids(count: int) -> list[str]:
    """The ids `organisations_text(count)` adds, areas first."""
    if count <= 0:
        return []
    regions = max(1, count // 100)
    return [f"area-{r:03d}" for r in range(regions)] + [
        f"body-{i:05d}" for i in range(count - regions)
    ]


def write_plan(directory: Path, n: int, seed: int = 1, organisations: int = 0) -> Path:
    """Write organisations.yaml and timeline.yaml with `n` milestones into `directory`.

    With `organisations`, that many organisations more (a tree of areas and bodies) own the
    milestones in turn with the three owners of the small plan.
    """
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    text = organisations_text(organisations) if organisations else ORGANISATIONS
    (directory / "organisations.yaml").write_text(text, encoding="utf-8")
    lines = [
        "programme:",
        "  id: bench",
        "  name: Synthetic programme",
        "  start: 2020-01-01",
        "  status_date: 2021-06-30",
        "milestones:",
    ]
    owners = ["pmo", "region-a", "director", *organisation_ids(organisations)]
    for i in range(n):
        lines.append(f"  - id: m{i:06d}")
        lines.append(f"    title: Milestone number {i} of the synthetic programme")
        lines.append(f"    owner: {owners[i % len(owners)]}")
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
    """Command line: genplan.py N DIR [--organisations K]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--organisations", type=int, default=0)
    args = parser.parse_args()
    write_plan(args.directory, args.n, organisations=args.organisations)


if __name__ == "__main__":
    main()
