"""The status report as JSON, CSV and Markdown, and the wording shared with the terminal table.

JSON follows SPEC section 6 (`status --format json`) field for field, with extra fields after
them; CSV has one row per milestone under a header row; Markdown is a GitHub table per
workstream with every piece of plan text escaped. The rich table lives in `status_table.py`,
so the JSON, CSV and Markdown paths never import rich.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..dates import DateExpr, format_day
from ..errors import json_safe
from ..schedule import NamedPath
from ..slippage import (
    DUE_SOON_DAYS,
    RATINGS,
    MilestoneStatus,
    Summary,
    awaiting_return,
    days,
    worst_first,
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_VALUE = "—"
CHAIN = " → "  # between the ids of a chain of dependencies, and for nothing else
NO_WORKSTREAM = "(no workstream)"
_SEVERITY = {rating: i for i, rating in enumerate(RATINGS)}
DUE_SOON_SHOWN = 5  # ids named in the "due in the next four weeks" line


@dataclass(frozen=True, slots=True)
class StatusReport:
    """What `transition status` shows: the milestones that pass the filters and their summary."""

    programme_id: str
    programme_name: str
    as_of: date
    milestones: tuple[MilestoneStatus, ...]  # the ones shown, in plan order
    summary: Summary  # counts over the ones shown
    plan_total: int  # milestones in the whole plan
    filters: tuple[str, ...] = ()  # what the user filtered on, in words ("owner dh")
    critical_path: NamedPath | None = None  # of the whole plan, whatever the filters

    @property
    def filtered(self) -> bool:
        """True when filters were given."""
        return bool(self.filters)


# --- Wording shared by every format --------------------------------------------------------


def short_day(d: date) -> str:
    """'30 Nov 2010' (month names fixed, whatever the locale)."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def iso(d: date | None) -> str | None:
    """ISO date or None."""
    return d.isoformat() if d is not None else None


def due_parts(due: DateExpr | None) -> tuple[str, str | None]:
    """The deadline as written, and the day it resolves to when the text names a period."""
    if due is None:
        return NO_VALUE, None
    if not due.is_window and due.kind == "day":
        return short_day(due.day), None
    return due.text, short_day(due.day)


def due_text(due: DateExpr | None) -> str:
    """The deadline as written and resolved: 'autumn 2010 (30 Nov 2010)', or '10 Sep 2010'.

    (An arrow means one thing in every output: a chain of dependencies, see CHAIN.)
    """
    written, resolved = due_parts(due)
    return written if resolved is None else f"{written} ({resolved})"


def expected_text(s: MilestoneStatus) -> str:
    """The actual, else the date the evidence supports, saying where it comes from, so a date
    the schedule computed never reads as one somebody recorded: '3 Dec 2010 (actual)', '1 Apr
    2013 (forecast)', '1 Jul 2011 (scheduled)', '1 Jul 2011 (scheduled; forecast 1 Mar 2011)';
    words where the evidence supports no date: 'no return' (unknown: the record is silent),
    'cancelled', '17 Jun 2011 (passed)' (a forecast passed and a later report says not done),
    'no forecast' (nothing says when)."""
    if s.actual is not None:
        return f"{short_day(s.actual)} (actual)"
    if s.rating == "cancelled":
        return "cancelled"
    if s.rating == "unknown":
        return "no return"
    if s.expected is None or s.constraint == "as_of":
        if s.forecast is not None:
            return f"{short_day(s.forecast.day)} (passed)"
        return "no forecast"
    text = short_day(s.expected)
    if s.forecast is not None and s.forecast.day == s.expected:
        return f"{text} (forecast)"
    if s.forecast is not None and s.forecast.day < s.expected:
        return f"{text} (scheduled; forecast {short_day(s.forecast.day)})"
    return f"{text} (scheduled)"


_NOT_A_DATE = ("no forecast", "no return", "cancelled")


def expected_line(s: MilestoneStatus) -> str:
    """The expected date as a line under the deadline: 'exp. 1 Jul 2011', 'done 3 Dec 2010'."""
    if s.actual is not None:
        return f"done {short_day(s.actual)}"
    text = expected_text(s)
    return text if text in _NOT_A_DATE else f"exp. {text}"


def done_text(s: MilestoneStatus) -> str:
    """How a done milestone went against its deadline: 'on time', '96 days late', ''."""
    if s.slip_days is None:
        return ""
    if s.slip_days > 0:
        return f"{days(s.slip_days)} late"
    if s.slip_days < 0:
        return f"{days(-s.slip_days)} early"
    return "on time"


def signed(n: int | None) -> str:
    """'+12', '0', '-3', or a dash for None."""
    if n is None:
        return NO_VALUE
    return f"+{n}" if n > 0 else str(n)


def rating_note(s: MilestoneStatus) -> str:
    """The declared status beside the computed rating, and the disagreement if any."""
    if s.disagreement:
        return f"! {s.disagreement}"
    if s.declared_status:
        return f"declared {s.declared_status}"
    return ""


def groups(
    milestones: Iterable[MilestoneStatus],
) -> list[tuple[str | None, list[MilestoneStatus]]]:
    """Milestones by workstream (first seen first, none last); in each, red first, then amber,
    green and done, and within a rating the soonest deadline first (none last), then plan order.
    """
    by: dict[str | None, list[MilestoneStatus]] = {}
    for s in milestones:
        by.setdefault(s.workstream, []).append(s)
    order = [w for w in by if w is not None] + ([None] if None in by else [])
    out = []
    for w in order:
        members = by[w]
        position = {id(s): i for i, s in enumerate(members)}
        members.sort(
            key=lambda s: (
                _SEVERITY[s.rating],
                s.due is None,
                s.due.day if s.due else date.max,
                position[id(s)],
            )
        )
        out.append((w, members))
    return out


# The summary line: what the evidence rates, then what it cannot (each only when there is one).
RATED = ("red", "amber", "green", "done")
UNRATED = (("unknown", "awaiting a return"), ("undated", "undated"), ("cancelled", "cancelled"))


def counts_parts(summary: Summary) -> list[tuple[str, str]]:
    """(rating, words) of the summary line: '3 red', ..., '7 awaiting a return', '2 cancelled'."""
    parts = [(r, f"{summary.count(r)} {r}") for r in RATED]
    parts += [(r, f"{summary.count(r)} {words}") for r, words in UNRATED if summary.count(r)]
    return parts


def counts_text(summary: Summary) -> str:
    """'40 milestones: 5 red, 3 amber, 12 green, 20 done; 7 awaiting a return (50% done)'."""
    noun = "milestone" if summary.total == 1 else "milestones"
    parts = counts_parts(summary)
    rated = ", ".join(words for _, words in parts[: len(RATED)])
    rest = ", ".join(words for _, words in parts[len(RATED) :])
    return f"{summary.total} {noun}: {rated}{'; ' + rest if rest else ''} ({summary.percent_done}% done)"


def finish_text(summary: Summary) -> str:
    """The programme finish against its deadline, in words."""
    finish = f"programme finish {short_day(summary.finish)}"
    slip = summary.finish_slip_days
    if summary.deadline is None or slip is None:
        return f"{finish} (no programme deadline)"
    against = f"{finish} against deadline {short_day(summary.deadline)}"
    if slip > 0:
        return f"{against}: {days(slip)} late"
    if slip == 0:
        return f"{against}: no days to spare"
    return f"{against}: {days(-slip)} to spare"


def path_text(path: NamedPath) -> str:
    """'critical path (sets the programme finish, float 0 days): a → b → c; 5 milestones critical'.

    The named chain (SPEC 4) with what it ends at, and beside it the count of every critical
    milestone, which is a different number.
    """
    if not path.ids:
        return f"critical path: none ({_critical_count(path.critical_count)})"
    unit = "working day" if path.working_days else "day"
    n = path.total_float
    ends = "sets the programme finish" if path.sets_finish else "the deadline that binds hardest"
    return (
        f"critical path ({ends}, float {n} {unit}{'' if abs(n) == 1 else 's'}): "
        f"{CHAIN.join(path.ids)}; {_critical_count(path.critical_count)}"
    )


def _critical_count(n: int) -> str:
    return f"{n} {'milestone' if n == 1 else 'milestones'} critical"


def due_soon_text(summary: Summary) -> str:
    """'due in the next 4 weeks: 3 (a, b, c)', naming at most a few."""
    head = f"due in the next {DUE_SOON_DAYS // 7} weeks"
    ids = summary.due_soon
    if not ids:
        return f"{head}: none"
    named = ", ".join(ids[:DUE_SOON_SHOWN])
    more = f" and {len(ids) - DUE_SOON_SHOWN} more" if len(ids) > DUE_SOON_SHOWN else ""
    return f"{head}: {len(ids)} ({named}{more})"


def attention_texts(report: StatusReport) -> list[str]:
    """'red: a, b, c' and 'amber: d', worst slip first: what needs attention, by id."""
    out = []
    for rating in ("red", "amber"):
        ids = [s.id for s in worst_first(report.milestones) if s.rating == rating]
        if ids:
            out.append(f"{rating}: {', '.join(ids)}")
    return out


def awaiting_texts(report: StatusReport) -> list[str]:
    """The milestones awaiting a return, silent longest first, each with the owner to chase.

    'regional-directors, due 10 Sep 2010: chase NHS Chief Executive (Sir David Nicholson)' (the
    record is silent since the date shown); one whose lateness would come only from another's
    silence: 'x: waits on y, itself awaiting a return'.
    """
    out = []
    for s in awaiting_return(report.milestones):
        if s.awaiting is not None and s.awaiting.startswith(f"{s.id}/") and s.reasons:
            # a cascade: its children are the ones silent ('0/10 done; 10 unknown')
            when = short_day(s.silent_since) if s.silent_since is not None else "?"
            out.append(f"{s.id}, due {when} ({s.reasons[0]}): chase {s.owner_label}")
            continue
        if s.awaiting is not None:
            out.append(f"{s.id}: waits on {s.awaiting}, itself awaiting a return")
            continue
        when = short_day(s.silent_since) if s.silent_since is not None else "?"
        what = f"forecast {when} passed" if s.forecast is not None else f"due {when}"
        last = f" (last report {short_day(s.last_report)})" if s.last_report else ""
        out.append(f"{s.id}, {what}{last}: chase {s.owner_label}")
    return out


def filter_text(report: StatusReport) -> str:
    """'filtered by owner dh, rating red: 5 of 40 milestones; counts are of those shown'."""
    return (
        f"filtered by {', '.join(report.filters)}: {report.summary.total} of "
        f"{report.plan_total} milestones shown; counts are of those shown"
    )


def heading_text(report: StatusReport) -> str:
    """'Programme name: status as of 30 June 2011'."""
    return f"{report.programme_name}: status as of {format_day(report.as_of)}"


# --- JSON ----------------------------------------------------------------------------------


def milestone_json(s: MilestoneStatus) -> dict[str, Any]:
    """One milestone: the SPEC fields in SPEC order, then extra fields."""
    return {
        "id": s.id,
        "title": s.title,
        "owner": s.owner,
        "workstream": s.workstream,
        "due": iso(s.due.day if s.due is not None else None),
        "original_due": iso(s.original_due.day if s.original_due is not None else None),
        "forecast": iso(s.forecast.day if s.forecast is not None else None),
        "actual": iso(s.actual),
        "slip_days": s.slip_days,
        "original_slip_days": s.original_slip_days,
        "total_float_days": s.total_float,
        "rating": s.rating,
        "stale": s.stale,
        "last_report": iso(s.last_report),
        "declared_status": s.declared_status,
        # Extra fields (SPEC fields above are never renamed).
        "owner_label": s.owner_label,
        "due_text": s.due.text if s.due is not None else None,
        "forecast_text": s.forecast.text if s.forecast is not None else None,
        "expected": iso(s.expected),
        "silent_since": iso(s.silent_since),
        "awaiting": s.awaiting,
        "free_float_days": s.free_float,
        "critical": s.critical,
        "reason": s.reason,
        "disagreement": s.disagreement,
        "waits_on": s.waits_on,
    }


def status_json(report: StatusReport) -> str:
    """`status --format json` (SPEC section 6)."""
    import json  # here, not at the top: the table never needs it

    summary = report.summary
    data: dict[str, Any] = {
        "programme": report.programme_id,
        "as_of": report.as_of.isoformat(),
        "summary": {
            "done": summary.done,
            "green": summary.green,
            "amber": summary.amber,
            "red": summary.red,
            "unknown": summary.unknown,
            "undated": summary.undated,
            "cancelled": summary.cancelled,
            "total": summary.total,
        },
        "milestones": [milestone_json(s) for s in report.milestones],
        "programme_name": report.programme_name,
        "programme_finish": summary.finish.isoformat(),
        "programme_deadline": iso(summary.deadline),
        "filters": list(report.filters),
        "plan_total": report.plan_total,
    }
    path = report.critical_path
    if path is not None:
        data["critical_path"] = {
            "ids": list(path.ids),
            "ends_at": "programme finish" if path.sets_finish else "deadline",
            "total_float_days": path.total_float,
            "critical_count": path.critical_count,
        }
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


# --- CSV -----------------------------------------------------------------------------------

CSV_FIELDS = (
    "id",
    "title",
    "owner",
    "owner_label",
    "workstream",
    "due",
    "due_text",
    "forecast",
    "forecast_text",
    "actual",
    "expected",
    "slip_days",
    "original_due",
    "original_slip_days",
    "total_float_days",
    "rating",
    "stale",
    "last_report",
    "reason",
    "declared_status",
    "disagreement",
)
# Text a spreadsheet would run as a formula (CSV injection); prefixed with a quote.
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_CSV_TEXT = frozenset({"title", "owner_label", "due_text", "forecast_text", "reason"})


# Control characters a terminal acts on (ESC, BEL, C1: clipboard writes, links, screen clears)
# are shown as `\x1b` like every other text format; tab and line breaks are CSV's to quote.
_CSV_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _csv_visible(text: str) -> str:
    return _CSV_CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def status_csv(report: StatusReport) -> str:
    """One row per milestone under a header row; empty cells for missing values."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for s in report.milestones:
        row = milestone_json(s)
        cells = []
        for name in CSV_FIELDS:
            value = row[name]
            if value is None:
                cells.append("")
                continue
            if isinstance(value, bool):  # as JSON writes them, and the other commands' CSV
                cells.append("true" if value else "false")
                continue
            text = _csv_visible(str(value))
            if name in _CSV_TEXT and _FORMULA.match(text):
                text = f"'{text}"
            cells.append(text)
        writer.writerow(cells)
    return buffer.getvalue()


# --- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!$])")  # `$`: GitHub renders $...$ as maths
# An @mention (`@user`, `@org/team`) notifies people when a report is posted to GitHub; a
# zero-width space after the `@` keeps the text and drops the mention.
_MENTION = re.compile(r"(?<![A-Za-z0-9_`])@(?=[A-Za-z0-9])")


def no_mentions(markdown: str) -> str:
    """Markdown text in which no `@name` notifies anyone (a zero-width space follows each `@`)."""
    return _MENTION.sub("@&#8203;", markdown)


_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\\\x{code:02x}" if code < 0x100 else f"\\\\u{code:04x}"


def md(value: object) -> str:
    """Plan text as one literal Markdown table cell: markup, HTML and line breaks escaped."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub(_visible, text)
    return no_mentions(text.replace("\n", "<br>"))


def md_code(value: object) -> str:
    """Plan text as one Markdown code span (outside tables): shown exactly, nothing escaped
    inside it (a backslash there would show), its fence longer than any run of backticks in it."""
    from ..errors import visible

    text = visible(" ".join(str(value).splitlines()).replace("\t", " "))
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def status_markdown(report: StatusReport) -> str:
    """A GitHub-flavoured Markdown report: the summary, then a table per workstream."""
    summary = report.summary
    lines = [f"# {md(heading_text(report))}", ""]
    if report.filtered:
        lines += [f"_{md(filter_text(report))}_", ""]
    lines += [
        f"- {md(counts_text(summary))}",
        *(f"- {md(line)}" for line in attention_texts(report)),
        f"- {md(finish_text(summary))}",
        *([f"- {md(path_text(report.critical_path))}"] if report.critical_path else []),
        f"- {md(due_soon_text(summary))}",
        "",
    ]
    awaiting = awaiting_texts(report)
    if awaiting:
        lines += [
            f"## Awaiting a return ({len(awaiting)})",
            "",
            "Nothing recorded since the date shown, silent longest first:",
            "",
        ]
        lines += [f"- {md(line)}" for line in awaiting]
        lines.append("")
    if not report.milestones:
        lines.append("No milestones match.")
    for workstream, members in groups(report.milestones):
        lines += [f"## {md(workstream or NO_WORKSTREAM)}", ""]
        lines.append("| ID | Milestone | Owner | Due | Expected | Slip | Float | Rating | Why |")
        lines.append("|---|---|---|---|---|--:|--:|---|---|")
        for s in members:
            why = md(s.reason)
            if s.disagreement:
                why += f"; **{md(s.disagreement)}**"
            elif s.declared_status:
                why += f"; {md('declared ' + s.declared_status)}"
            cells = [
                md(s.id),
                md(s.title),
                md(s.owner_label),
                md(due_text(s.due)),
                md(expected_text(s)),
                md(signed(s.slip_days)),
                "" if not s.is_open or s.rating == "unknown" else md(signed(s.total_float)),
                f"**{s.rating}**",
                why,
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
