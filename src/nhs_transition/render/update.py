"""What `update` and `returns apply` did (or would do): plain text, plan text shown literally."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..dates import format_day
from ..edit.effect import EditEffect, Effect
from ..errors import visible

# Milestones listed by name under "moved downstream"; the rest are counted.
SHOWN_MOVES = 10


def _signed(days: int) -> str:
    return f"{days:+d} day" + ("" if abs(days) == 1 else "s")


def _effect_lines(e: Effect) -> list[str]:
    reason = f": {visible(e.reason)}" if e.reason else ""
    lines = [f"{e.id}: {e.kind}{reason}"]
    before, after = e.expected_before, e.expected_after
    if before is not None and after is not None and before != after:
        expected = f"{format_day(before)} -> {format_day(after)} ({_signed((after - before).days)})"
    elif after is not None:
        expected = f"{format_day(after)}" + (" (unchanged)" if before == after else "")
    elif e.rating_after == "cancelled":
        # Cancelled: no date to expect, and not for want of evidence.
        expected = (f"{format_day(before)} -> " if before is not None else "") + "none (cancelled)"
    elif before is not None:
        expected = f"{format_day(before)} -> none on evidence (nothing recorded says when)"
    else:
        expected = "none on evidence (nothing recorded says when)"
    lines.append(f"  expected  {expected}")
    rating = (
        f"{e.rating_before} -> {e.rating_after}"
        if e.rating_before != e.rating_after
        else f"{e.rating_after} (unchanged)"
    )
    lines.append(f"  rating    {rating}")
    return lines


def effect_text(effect: EditEffect, *, written: bool, files: list[str]) -> str:
    """The effect of an edit as of its date, and whether it was written (or is a dry run)."""
    lines: list[str] = []
    for e in effect.effects:
        lines += _effect_lines(e)
    if effect.moved:
        lines.append(f"moved downstream ({len(effect.moved)}):")
        for move in effect.moved[:SHOWN_MOVES]:
            if move.before is None:
                now = format_day(move.after) if move.after is not None else "no date"
                lines.append(
                    f"  {move.id}  no date on evidence -> {now} (the record now gives one)"
                )
            elif move.after is None:
                lines.append(
                    f"  {move.id}  {format_day(move.before)} -> no date on evidence "
                    "(held at the as-of date until something is recorded)"
                )
            else:
                lines.append(
                    f"  {move.id}  {format_day(move.before)} -> {format_day(move.after)} "
                    f"({_signed(move.days)})"
                )
        if len(effect.moved) > SHOWN_MOVES:
            lines.append(f"  ... and {len(effect.moved) - SHOWN_MOVES} more")
    else:
        lines.append("nothing else moved")
    if effect.finish_after != effect.finish_before:
        lines.append(
            f"programme finish {format_day(effect.finish_before)} -> "
            f"{format_day(effect.finish_after)}"
        )
    shown = ", ".join(files) if files else "no file"
    if written:
        lines.append(f"as of {format_day(effect.as_of)}; written to {shown}")
    else:
        lines.append(f"as of {format_day(effect.as_of)}; dry run: nothing written ({shown})")
    return "\n".join(lines) + "\n"


def _days(before: date | None, after: date | None) -> dict[str, Any]:
    return {
        "before": before.isoformat() if before else None,
        "after": after.isoformat() if after else None,
        "moved_days": (after - before).days if before and after else None,
    }


def effect_json(effect: EditEffect, *, written: bool, files: list[str], diff: str | None) -> str:
    """The effect as JSON: what was (or would be) written, each report's effect, what moved."""
    data = {
        "written": written,
        "files": files,
        "diff": diff,
        "as_of": effect.as_of.isoformat(),
        "reports": [
            {
                "id": e.id,
                "kind": e.kind,
                "reason": e.reason,
                "expected": _days(e.expected_before, e.expected_after),
                "rating": {"before": e.rating_before, "after": e.rating_after},
                "slip_days": {"before": e.slip_before, "after": e.slip_after},
            }
            for e in effect.effects
        ],
        "moved": [{"id": m.id, **_days(m.before, m.after)} for m in effect.moved],
        "finish": _days(effect.finish_before, effect.finish_after),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
