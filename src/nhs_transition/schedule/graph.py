"""The dependency graph: topological order (Kahn, plan order among ready milestones) and cycles.

Graphs are lists of predecessor (and successor) indexes; `find_cycles` and `topological_order`
take ids. A cycle is reported as CycleError, listing each id once from the first in the plan.
"""

from __future__ import annotations

import heapq


class CycleError(Exception):
    """Dependencies that go round in a circle; `cycle` lists each id once, each depending on the next.

    The last id depends on the first; the cycle starts at the id that comes first in the plan.
    """

    def __init__(self, cycle: list[str], cycles: list[list[str]] | None = None) -> None:
        self.cycle = cycle
        self.cycles = cycles or [cycle]
        chain = " → ".join(reversed([*cycle, cycle[0]])) if cycle else ""
        super().__init__(f"dependency cycle: {chain} (each waits on the one before it)")


def _dedupe(ids: list[str], preds: dict[str, list[str]]) -> tuple[list[str], list[list[int]]]:
    index: dict[str, int] = {}
    for i in ids:
        index.setdefault(i, len(index))
    pred_index = [[index[p] for p in preds.get(i, ()) if p in index] for i in index]
    return list(index), pred_index


def _kahn(preds: list[list[int]], succs: list[list[int]]) -> list[int]:
    """Topological order, the earliest in the plan first among ready nodes; short when cyclic."""
    indegree = [len(p) for p in preds]
    heap = [i for i, d in enumerate(indegree) if d == 0]  # ascending, so already a heap
    order: list[int] = []
    pop, push, append = heapq.heappop, heapq.heappush, order.append
    while heap:
        i = pop(heap)
        append(i)
        for s in succs[i]:
            indegree[s] -= 1
            if indegree[s] == 0:
                push(heap, s)
    return order


def _cycles(preds: list[list[int]], alive: list[bool] | None = None) -> list[list[int]]:
    """One elementary cycle per back edge of a depth-first search along `depends_on`."""
    n = len(preds)
    colour = bytearray(n)  # 0 unseen, 1 on the current path, 2 finished
    found: set[tuple[int, ...]] = set()
    cycles: list[list[int]] = []
    for root in range(n):
        if colour[root] or (alive is not None and not alive[root]):
            continue
        path, position = [root], {root: 0}
        stack = [iter(preds[root])]
        colour[root] = 1
        while stack:
            for p in stack[-1]:
                if alive is not None and not alive[p]:
                    continue
                if colour[p] == 0:
                    colour[p] = 1
                    position[p] = len(path)
                    path.append(p)
                    stack.append(iter(preds[p]))
                    break
                if colour[p] == 1:
                    cycle = path[position[p] :]
                    k = cycle.index(min(cycle))
                    key = tuple(cycle[k:] + cycle[:k])
                    if key not in found:
                        found.add(key)
                        cycles.append(list(key))
            else:
                stack.pop()
                colour[path[-1]] = 2
                del position[path.pop()]
    return sorted(cycles, key=lambda c: (c[0], len(c), c))


def find_cycles(ids: list[str], preds: dict[str, list[str]]) -> list[list[str]]:
    """Every cycle a depth-first search meets (at least one per tangle), each as in CycleError."""
    names, pred_index = _dedupe(ids, preds)
    return [[names[i] for i in c] for c in _cycles(pred_index)]


def topological_order(ids: list[str], preds: dict[str, list[str]]) -> list[str]:
    """The ids, each after everything it depends on, the earliest in `ids` first among ready ones.

    Unknown predecessor ids are ignored; raises CycleError when there is no such order.
    """
    names, pred_index = _dedupe(ids, preds)
    succs: list[list[int]] = [[] for _ in names]
    for i, ps in enumerate(pred_index):
        for p in ps:
            succs[p].append(i)
    order = _kahn(pred_index, succs)
    if len(order) < len(names):
        _raise_cycle(names, pred_index, order)
    return [names[i] for i in order]


def _raise_cycle(names: list[str], preds: list[list[int]], order: list[int]) -> None:
    alive = [True] * len(names)
    for i in order:
        alive[i] = False
    cycles = [[names[i] for i in c] for c in _cycles(preds, alive)]
    raise CycleError(cycles[0], cycles)
