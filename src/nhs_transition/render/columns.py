"""Column widths for the tables that hold ids: ids are what users copy into the next command,
so a column that holds them is never narrower than the longest one while the table has room.

`share` splits the room a table has left by ratios, then raises every column to its minimum,
taking the difference from the columns with room to spare; `terminal.whole_id` cuts an id with
an ellipsis only where no layout leaves room for it.
"""

from __future__ import annotations

from collections.abc import Sequence


def share(room: int, wants: Sequence[tuple[int, int]]) -> list[int]:
    """Widths for columns wanting (minimum, ratio), summing to `room` when it holds the minimums.

    Below the sum of the minimums each column gets its minimum scaled down (at least 4).
    """
    if not wants:
        return []
    lows = [low for low, _ in wants]
    if sum(lows) >= room:
        total = sum(lows) or 1
        widths = [max(4, low * room // total) for low in lows]
        widths[0] += max(0, room - sum(widths))  # the first holds the ids
        return widths
    ratios = [max(1, ratio) for _, ratio in wants]
    widths = [room * r // sum(ratios) for r in ratios]
    widths[-1] += room - sum(widths)
    for i, low in enumerate(lows):
        while widths[i] < low:  # one column at a time from the one with most to spare
            k = max(range(len(widths)), key=lambda j: (widths[j] - lows[j], -j))
            widths[k] -= 1
            widths[i] += 1
    return widths
