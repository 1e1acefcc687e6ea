"""`transition diff` as text (terminal), Markdown (a pull-request comment), JSON (SPEC 6) and CSV.

Text from plan files is data: in text it is shown with control characters made visible, in
Markdown escaped (markup, HTML, line breaks), in CSV a cell that a spreadsheet would read as a
formula is quoted with a leading apostrophe. Dates as written are shown as written; expected
dates, finishes and the as-of date as days.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from ..dates import format_day
from ..diff import FieldChange, MilestoneChange, PlanDiff, Violation, signed_days
from ..errors import json_safe, visible
from .status import md, md_code, short_day

_ARROW = "->"
_MD_ARROW = "→"


def _day(d: date | None) -> str:
    return short_day(d) if d is not None else "no date on evidence"


def _expected(d: date | None) -> str:
    return f"expected {short_day(d)}" if d is not None else "no date on evidence"


def _owner(label: str, owner: str) -> str:
    return label if label == owner else f"{label} [{owner}]"


def moved_text(c: MilestoneChange) -> str:
    """'+30 days', '0 days', or why there is no move ('no date on evidence in head')."""
    moved = c.moved_days
    if moved is not None:
        return signed_days(moved)
    if c.expected_base is None and c.expected_head is None:
        return "no date on evidence"
    side = "base" if c.expected_base is None else "head"
    return f"no move: no date on evidence in {side}"


def cause_text(c: MilestoneChange) -> str:
    """'edited', or 'knock-on from design (design -> build -> test)'."""
    if c.cause == "edited":
        return "edited"
    if c.driven_by is None:
        return "knock-on (no edited milestone upstream: the programme or the as-of date)"
    chain = f" {_ARROW} ".join(c.via)
    return f"knock-on from {c.driven_by} ({chain}, {c.links} link{'s' if c.links != 1 else ''})"


_LONG = 160  # characters of a free-text field shown in text and Markdown (JSON has it whole)


def _short(value: str | None) -> str:
    if value is None:
        return "(none)"
    return value if len(value) <= _LONG else value[: _LONG - 1].rstrip() + "…"


def change_text(x: FieldChange) -> str:
    """'forecast: 30 June 2011 -> 30 September 2011' ('(none)' for an absent value)."""
    if x.field == "history":
        parts = []
        if x.base:
            parts.append(f"removed {x.base}")
        if x.head:
            parts.append(f"added {x.head}")
        return "history: " + "; ".join(parts)
    return f"{x.field}: {_short(x.base)} {_ARROW} {_short(x.head)}"


def _path(ids: Sequence[str]) -> str:
    return f" {_ARROW} ".join(ids) if ids else "(none)"


# --- text -----------------------------------------------------------------------------------


def _fold(lines: list[str], width: int | None) -> list[str]:
    """Lines longer than `width` wrapped at spaces, each continuation indented two more than its
    line (ids and dates are never broken: a word longer than the width stands on its own line)."""
    if width is None:
        return lines
    import textwrap

    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")))
        out += textwrap.wrap(
            line.lstrip(" "),
            width=width,
            initial_indent=indent,
            subsequent_indent=indent + "  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return out


def diff_text(d: PlanDiff, failed: Sequence[Violation] = (), *, width: int | None = None) -> str:
    """The terminal report: headline, finish, added/removed, each change, path, owners.

    With `width`, lines longer than it are wrapped (see `_fold`)."""
    v = visible
    out = [
        f"{v(d.programme_name)}: {v(d.base)} {_ARROW} {v(d.head)}, as of {format_day(d.as_of)}",
        f"{d.headline()}",
        "",
    ]
    finish = f"Programme finish: {format_day(d.finish_base)}"
    if d.finish_moved:
        finish += f" {_ARROW} {format_day(d.finish_head)} ({signed_days(d.finish_moved)})"
    else:
        finish += " (unchanged)"
    out.append(finish)
    out += [f"Note: {v(n)}" for n in d.notes]
    if d.programme:
        out += ["", "Programme edited:"]
        out += [f"  {v(change_text(x))}" for x in d.programme]
    if d.added:
        out += ["", "Added:"]
        for m in d.added:
            out.append(f"  + {v(m.id)}  {v(m.title)}  ({_expected(m.expected)}, {m.rating})")
    if d.removed:
        out += ["", "Removed:"]
        for m in d.removed:
            out.append(f"  - {v(m.id)}  {v(m.title)}  (was {_expected(m.expected)}, {m.rating})")
    if d.milestones:
        out += ["", "Changed, the largest move first:"]
        for c in d.milestones:
            out.append(f"  {v(c.id)}  {v(c.title)}")
            if c.moved_days is not None and c.moved_days:
                line = (
                    f"    {moved_text(c)}: {_day(c.expected_base)} {_ARROW} {_day(c.expected_head)}"
                )
            elif c.expected_base != c.expected_head:
                line = f"    expected {_day(c.expected_base)} {_ARROW} {_day(c.expected_head)} (no move: one side has no date on evidence)"
            elif c.expected_head is not None:
                line = f"    {moved_text(c)} (expected {_day(c.expected_head)})"
            else:
                line = f"    {moved_text(c)}"
            if c.rating_base != c.rating_head:
                line += f"; {c.rating_base} {_ARROW} {c.rating_head}"
            else:
                line += f"; {c.rating_head}"
            out.append(line + f"; {v(cause_text(c))}")
            out += [f"    {v(change_text(x))}" for x in c.changes]
            if c.reason:
                out.append(f"    reason: {v(c.reason)}")
    out += ["", "Critical path:"]
    if d.path_changed:
        out += [f"  before: {v(_path(d.critical_base))}", f"  after:  {v(_path(d.critical_head))}"]
    else:
        out.append(f"  unchanged: {v(_path(d.critical_head))}")
    if d.owners:
        out += ["", "Owners affected:"]
        out += [f"  {v(_owner(o.label, o.owner))}: {v(', '.join(o.ids))}" for o in d.owners]
    if failed:
        out += ["", "Policies broken:"]
        out += [f"  [{x.rule}] {v(x.message)}" for x in failed]
    # The first line names the two sides (paths, revisions): kept whole, as the terminal styles it.
    return "\n".join(out[:1] + _fold(out[1:], width)) + "\n"


# --- Markdown -------------------------------------------------------------------------------


def _code(ident: str) -> str:
    return f"`{ident}`" if re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident) else md(ident)


def _md_path(ids: Iterable[str]) -> str:
    shown = [_code(i) if i != "..." else "…" for i in ids]
    return f" {_MD_ARROW} ".join(shown) if shown else "(none)"


def _md_rating(before: str, after: str) -> str:
    def one(r: str) -> str:
        return f"**{r}**" if r == "red" else r

    return one(after) if before == after else f"{one(before)} {_MD_ARROW} {one(after)}"


def _md_cause(c: MilestoneChange) -> str:
    if c.cause == "edited":
        return "edited"
    if c.driven_by is None:
        return "knock-on"
    return f"knock-on from {_code(c.driven_by)}"


def _md_change(x: FieldChange) -> str:
    if x.field == "history":
        parts = []
        if x.base:
            parts.append(f"removed {md(x.base)}")
        if x.head:
            parts.append(f"added {md(x.head)}")
        return "history: " + "; ".join(parts)
    return f"{x.field}: {md(_short(x.base))} {_MD_ARROW} {md(_short(x.head))}"


def diff_markdown(d: PlanDiff, failed: Sequence[Violation] = ()) -> str:
    """A pull-request comment: headline, a table largest move first, details folded."""
    out = [
        f"### Plan diff: {md(d.headline())}",
        "",
        f"{md(d.programme_name)}: {md_code(d.base)} {_MD_ARROW} {md_code(d.head)}, "
        f"as of {format_day(d.as_of)}. Programme finish {format_day(d.finish_base)}"
        + (
            f" {_MD_ARROW} {format_day(d.finish_head)} (**{signed_days(d.finish_moved)}**)."
            if d.finish_moved
            else " (unchanged)."
        ),
        "",
    ]
    out += [f"> {md(n)}" for n in d.notes] + ([""] if d.notes else [])
    if failed:
        out += ["**Policies broken:**", ""]
        out += [f"- `{x.rule}`: {md(x.message)}" for x in failed] + [""]
    rows = [
        *(("added", m.id, m.title, f"new: {_day(m.expected)}", "", m.rating, "added", m.owner_label)
          for m in d.added),
        *(("removed", m.id, m.title, f"was {_day(m.expected)}", "", m.rating, "removed",
           m.owner_label) for m in d.removed),
    ]  # fmt: skip
    if d.milestones or rows:
        out += [
            "| Milestone | Expected | Moved | Rating | Cause | Owner |",
            "|---|---|---|---|---|---|",
        ]
        for c in d.milestones:
            if c.expected_base != c.expected_head:
                expected = f"{_day(c.expected_base)} {_MD_ARROW} {_day(c.expected_head)}"
            else:
                expected = _day(c.expected_head)
            moved = "—" if c.expected_base is None and c.expected_head is None else moved_text(c)
            out.append(
                f"| {md(c.title)} ({_code(c.id)}) | {expected} | {md(moved)} "
                f"| {_md_rating(c.rating_base, c.rating_head)} | {_md_cause(c)} "
                f"| {md(c.owner_label)} |"
            )
        for _kind, mid, title, expected, _moved, rating, cause, owner in rows:
            shown = f"**{rating}**" if rating == "red" else rating
            out.append(
                f"| {md(title)} ({_code(mid)}) | {expected} | | {shown} | {cause} | {md(owner)} |"
            )
        out.append("")
    else:
        out += ["No milestone changed.", ""]
    out += ["<details><summary>Edited fields, critical path, owners</summary>", ""]
    edited = [c for c in d.milestones if c.changes or c.cause == "knock-on"]
    if d.programme:
        out += ["**Programme**", ""] + [f"- {_md_change(x)}" for x in d.programme] + [""]
    for c in edited:
        out.append(f"**{_code(c.id)}** ({md(c.title)})")
        out.append("")
        out += [f"- {_md_change(x)}" for x in c.changes]
        if c.cause == "knock-on" and c.via:
            out.append(f"- knock-on via {_md_path(c.via)}")
        if c.reason:
            out.append(f"- reason: {md(c.reason)}")
        out.append("")
    out.append("**Critical path**")
    out.append("")
    if d.path_changed:
        out += [f"- before: {_md_path(d.critical_base)}", f"- after: {_md_path(d.critical_head)}"]
    else:
        out.append(f"- unchanged: {_md_path(d.critical_head)}")
    out.append("")
    if d.owners:
        out += ["**Owners affected**", ""]
        out += [f"- {md(o.label)}: {', '.join(_code(i) for i in o.ids)}" for o in d.owners]
        out.append("")
    out += ["</details>"]
    return "\n".join(out) + "\n"


# --- JSON and CSV ---------------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def milestone_json(c: MilestoneChange) -> dict[str, Any]:
    """One changed milestone: the SPEC 6 fields, then `title` and `via`."""
    return {
        "id": c.id,
        "changes": [{"field": x.field, "base": x.base, "head": x.head} for x in c.changes],
        "expected": {
            "base": _iso(c.expected_base),
            "head": _iso(c.expected_head),
            "moved_days": c.moved_days,
        },
        "rating": {"base": c.rating_base, "head": c.rating_head},
        "cause": c.cause,
        "driven_by": c.driven_by,
        "reason": c.reason,
        "owner": c.owner,
        "title": c.title,
        "via": list(c.via),
    }


def diff_data(d: PlanDiff, failed: Sequence[Violation] = ()) -> dict[str, Any]:
    """The JSON document of SPEC 6 (`diff --format json`), extra keys after the SPEC ones."""
    return {
        "base": d.base,
        "head": d.head,
        "as_of": d.as_of.isoformat(),
        "finish": {
            "base": d.finish_base.isoformat(),
            "head": d.finish_head.isoformat(),
            "moved_days": d.finish_moved,
        },
        "critical_path": {"base": list(d.critical_base), "head": list(d.critical_head)},
        "added": [m.id for m in d.added],
        "removed": [m.id for m in d.removed],
        "milestones": [milestone_json(c) for c in d.milestones],
        "headline": d.headline(),
        "programme_changes": [
            {"field": x.field, "base": x.base, "head": x.head} for x in d.programme
        ],
        "owners": [{"owner": o.owner, "label": o.label, "milestones": list(o.ids)} for o in d.owners],
        "violations": [{"rule": x.rule, "milestone": x.milestone, "message": x.message} for x in failed],
        "notes": list(d.notes),
    }  # fmt: skip


def diff_json(d: PlanDiff, failed: Sequence[Violation] = ()) -> str:
    """`diff_data` as pretty JSON text."""
    return json_safe(json.dumps(diff_data(d, failed), indent=2, ensure_ascii=False)) + "\n"


CSV_FIELDS = (
    "id",
    "change",
    "title",
    "owner",
    "expected_base",
    "expected_head",
    "moved_days",
    "rating_base",
    "rating_head",
    "cause",
    "driven_by",
    "fields",
    "reason",
)
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def diff_csv(d: PlanDiff) -> str:
    """One row per added, removed or changed milestone (largest move first), under a header."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)

    def text(value: object) -> str:
        if value is None:
            return ""
        s = str(value)
        return f"'{s}" if _FORMULA.match(s) else s

    for c in d.milestones:
        writer.writerow(
            [
                c.id,
                "changed",
                text(c.title),
                c.owner,
                _iso(c.expected_base) or "",
                _iso(c.expected_head) or "",
                "" if c.moved_days is None else c.moved_days,
                c.rating_base,
                c.rating_head,
                c.cause,
                c.driven_by or "",
                text("; ".join(change_text(x) for x in c.changes)),
                text(c.reason),
            ]
        )
    for kind, items in (("added", d.added), ("removed", d.removed)):
        for m in items:
            base = kind == "removed"
            writer.writerow(
                [
                    m.id,
                    kind,
                    text(m.title),
                    m.owner,
                    _iso(m.expected) if base else "",
                    "" if base else _iso(m.expected) or "",
                    "",
                    m.rating if base else "",
                    "" if base else m.rating,
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return buffer.getvalue()


# --- terminal -------------------------------------------------------------------------------

_HEADINGS = re.compile(
    r"^(Added|Removed|Changed, the largest move first|Critical path|Owners affected|"
    r"Programme edited):$",
    re.M,
)


def diff_terminal(text: str) -> Any:
    """The text report coloured for a terminal (a rich Text): moves, ratings, headings.

    Styles are laid over the plain text (never markup parsed from it), so plan text stays literal.
    """
    from rich.text import Text

    from .terminal import RATING_STYLES

    out = Text(text.rstrip("\n"))
    lines = text.split("\n")
    out.stylize("bold", 0, len(lines[0]) + 1 + len(lines[1]))
    out.highlight_regex(_HEADINGS, "bold")
    out.highlight_regex(r"(?m)^Policies broken:$", "bold red")
    out.highlight_regex(r"(?m)^    \+\d+ days?", "red")
    out.highlight_regex(r"(?m)^    -\d+ days?", "green")
    words = "|".join(RATING_STYLES)
    for rating, style in RATING_STYLES.items():
        # A rating where the report writes one: '; amber -> red; ' on a change's second line.
        out.highlight_regex(
            rf"(?m)(?<=; ){rating}(?= -> (?:{words});)|(?<= -> ){rating}(?=; )|(?<=; ){rating}(?=; (?:edited|knock-on))",
            style,
        )
    return out
