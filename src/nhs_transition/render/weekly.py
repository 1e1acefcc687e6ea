"""The weekly summary as Markdown (GitHub), one self-contained HTML file, or plain text (email).

All three lay out the same content (`_sections`): what slipped, recovered, was achieved, became
overdue, falls due in the next four weeks, and whether the critical path or the finish moved.
An empty section is a sentence ("Nothing slipped this week."), never an empty table. Plan text is
escaped for each target: Markdown punctuation and HTML, Mermaid's statement syntax, HTML
entities; control characters are made visible first (`render.terminal.literal`).
"""

from __future__ import annotations

import calendar
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape as html_escape

from ..dates import DateError, format_day, parse_date
from ..weekly import HorizonItem, MilestoneState, Move, WeeklySummary
from .terminal import literal

FORMATS = ("markdown", "html", "text")


@dataclass(frozen=True, slots=True)
class Ref:
    """A milestone named in a cell: its title, with its id beside it."""

    id: str
    title: str


Cell = str | Ref


@dataclass(frozen=True, slots=True)
class Section:
    """One heading of the report: a table (or the sentence saying it is empty) and notes."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str
    notes: tuple[str, ...] = field(default=())
    bullets: bool = False  # notes as a list (Markdown and HTML)


# --- words ------------------------------------------------------------------------------------


def _clean(value: object) -> str:
    """One line: runs of whitespace (newlines included) become one space, controls made visible."""
    return literal(" ".join(str(value).split())) if value is not None else ""


def _days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def _signed(n: int) -> str:
    return f"+{_days(n)}" if n > 0 else _days(n).replace("-", "\u2212")


def _weekday(d: date) -> str:
    return f"{calendar.day_name[d.weekday()]} {format_day(d)}"


def _span(first: date, last: date) -> str:
    if first.year == last.year and first.month == last.month:
        return f"{first.day} to {format_day(last)}"
    if first.year == last.year:
        return f"{first.day} {calendar.month_name[first.month]} to {format_day(last)}"
    return f"{format_day(first)} to {format_day(last)}"


def _deadline(m: MilestoneState) -> str:
    """The deadline as written, with the day it resolves to when the text names a period."""
    if m.due is None:
        return "none"
    text = m.due_text or m.due.isoformat()
    try:
        if parse_date(text).is_window:
            return f"{_clean(text)} ({format_day(m.due)})"
    except DateError:
        return f"{_clean(text)} ({format_day(m.due)})"
    return format_day(m.due)


def _against_deadline(slip: int | None) -> str:
    if slip is None:
        return "no deadline"
    if slip > 0:
        return f"{_days(slip)} late"
    if slip < 0:
        return f"{_days(-slip)} early"
    return "on time"


def _slip(slip: int | None) -> str:
    if slip is None:
        return "no deadline"
    return (
        "on time" if slip == 0 else (f"{_days(slip)} late" if slip > 0 else f"{_days(-slip)} early")
    )


def _owner(m: MilestoneState) -> str:
    return _clean(m.owner_label or m.owner)


def _why(move: Move, titles: dict[str, str]) -> str:
    m = move.milestone
    if move.cause == "re-forecast":
        if move.reforecast_on is not None:
            said = f": {_clean(move.reason)}" if move.reason else ""
            return f"re-forecast on {format_day(move.reforecast_on)}{said}"
        was = _clean(move.forecast_before) if move.forecast_before else "none"
        now = _clean(m.forecast_text) if m.forecast_text else "none"
        return f"forecast changed from {was} to {now}"
    if move.cause == "missed":
        return f"not achieved by {format_day(move.before)} as expected; still open"
    if move.cause in ("knock-on", "drift") and move.upstream is not None:
        how = _UPSTREAM.get(move.upstream_cause or "", "")
        return f"knock-on from {move.upstream}{how}"
    return "the plan changed (deadline, duration or dependencies)"


_UPSTREAM = {
    "achieved": " (achieved this week)",
    "re-forecast": " (re-forecast)",
    "missed": " (not achieved as expected)",
    "drift": " (still open)",
    "plan changed": " (its dates changed in the plan)",
}


def _ids(ids: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


# --- content ----------------------------------------------------------------------------------


def _header(s: WeeklySummary) -> list[str]:
    c = s.counts
    counts = (
        f"{c['done']} done, {c['green']} green, {c['amber']} amber, {c['red']} red "
        f"({c['total']} milestones)"
    )
    return [
        f"Week ending {_weekday(s.week_ending)} ({_span(s.since + timedelta(days=1), s.week_ending)}).",
        f"Compared with the plan as it stood on {format_day(s.since)}: {_clean(s.baseline)}.",
        f"This week: {len(s.achieved)} achieved, {len(s.slipped)} slipped, "
        f"{len(s.recovered)} recovered, {len(s.became_overdue)} became overdue; "
        f"{len(s.due_soon)} due in the next four weeks.",
        f"Status on {format_day(s.week_ending)}: {counts}.",
    ]


def _move_rows(moves: Sequence[Move], s: WeeklySummary) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (
            Ref(mv.milestone.id, mv.milestone.title),
            _owner(mv.milestone),
            format_day(mv.before),
            format_day(mv.after),
            _signed(mv.days),
            _slip(mv.milestone.slip_days),
            _why(mv, s.titles),
        )
        for mv in moves
    )


_MOVE_COLUMNS = ("Milestone", "Owner", "Was expected", "Now expected", "Moved", "Slip now", "Why")


def _sections(s: WeeklySummary) -> list[Section]:
    drift_note: tuple[str, ...] = ()
    if s.drifted:
        ids = [mv.milestone.id for mv in s.drifted]
        drift_note = (
            f"Not counted as slipped: {len(ids)} open milestone{'s' if len(ids) != 1 else ''} "
            f"whose expected date only moved on with the calendar ({_ids(ids, 8)}).",
        )
    still_note: tuple[str, ...] = ()
    if s.still_overdue:
        ids = [m.id for m in s.still_overdue]
        still_note = (f"Still overdue from earlier weeks: {len(ids)} ({_ids(ids)}).",)
    sections = [
        Section(
            "Slipped",
            _MOVE_COLUMNS,
            _move_rows(s.slipped, s),
            "Nothing slipped this week.",
            drift_note,
        ),
        Section(
            "Recovered",
            _MOVE_COLUMNS,
            _move_rows(s.recovered, s),
            "Nothing recovered this week.",
        ),
        Section(
            "Achieved",
            ("Milestone", "Owner", "Due", "Achieved", "Against the deadline"),
            tuple(
                (
                    Ref(m.id, m.title),
                    _owner(m),
                    _deadline(m),
                    format_day(m.actual or m.expected),
                    _against_deadline(m.slip_days),
                )
                for m in s.achieved
            ),
            "Nothing was achieved this week.",
        ),
        Section(
            "Became overdue",
            ("Milestone", "Owner", "Due", "Overdue by", "Now expected"),
            tuple(
                (
                    Ref(m.id, m.title),
                    _owner(m),
                    _deadline(m),
                    _days((s.week_ending - m.due).days) if m.due else "",
                    format_day(m.expected),
                )
                for m in s.became_overdue
            ),
            "Nothing became overdue this week.",
            still_note,
        ),
        Section(
            f"Due in the next four weeks (to {format_day(s.due_soon_end)})",
            ("Milestone", "Owner", "Due", "Expected", "Rating"),
            tuple(
                (Ref(m.id, m.title), _owner(m), _deadline(m), format_day(m.expected), m.rating)
                for m in s.due_soon
            ),
            "Nothing falls due in the next four weeks.",
        ),
    ]
    sections.append(
        Section("Critical path and finish", (), (), "", tuple(_programme_lines(s)), True)
    )
    changes = []
    if s.added:
        changes.append(f"New milestones: {_ids([m.id for m in s.added])}.")
    if s.removed:
        changes.append(f"Removed milestones: {_ids([m.id for m in s.removed])}.")
    if changes:
        sections.append(Section("Changes to the plan", (), (), "", tuple(changes), True))
    return sections


def _programme_lines(s: WeeklySummary) -> list[str]:
    lines = []
    moved = s.finish_moved
    if moved == 0:
        finish = f"Programme finish: {format_day(s.finish_after)}, unchanged."
    else:
        direction = "later" if moved > 0 else "earlier"
        finish = (
            f"Programme finish: moved {_days(abs(moved))} {direction}, from "
            f"{format_day(s.finish_before)} to {format_day(s.finish_after)}."
        )
    if s.deadline is not None:
        gap = (s.finish_after - s.deadline).days
        against = (
            f"{_days(gap)} after" if gap > 0 else ("on" if gap == 0 else f"{_days(-gap)} before")
        )
        finish += f" That is {against} the programme deadline of {format_day(s.deadline)}."
    lines.append(finish)
    path = s.critical_path
    arrow = " \u2192 "
    if not path.moved:
        lines.append(f"Critical path: unchanged: {arrow.join(path.after) or 'none'}.")
    else:
        lines.append(f"Critical path: changed. Now: {arrow.join(path.after) or 'none'}.")
        lines.append(f"Critical path a week earlier: {arrow.join(path.before) or 'none'}.")
        if path.joined:
            lines.append(f"Joined the critical path: {_ids(list(path.joined))}.")
        if path.left:
            lines.append(f"Left the critical path: {_ids(list(path.left))}.")
    return lines


# --- Markdown ---------------------------------------------------------------------------------

# Backslash-escape what GitHub Markdown would read as markup; <, > and & become entities.
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~#!$])")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def markdown_text(value: object) -> str:
    """Plan text made literal in GitHub Markdown (inline and in table cells)."""
    text = _clean(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_PUNCT.sub(r"\\\1", text)


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, Ref):
        ident = f"`{cell.id}`" if _SLUG.fullmatch(cell.id) else markdown_text(cell.id)
        return f"{markdown_text(cell.title)} ({ident})"
    return markdown_text(cell)


def render_markdown(s: WeeklySummary) -> str:
    """The report as GitHub-flavoured Markdown, with a Mermaid gantt of the next twelve weeks."""
    out = [f"# Weekly summary: {markdown_text(s.programme_name)}", ""]
    for line in _header(s):
        out += [markdown_text(line), ""]
    for section in _sections(s):
        out += [f"## {section.title}", ""]
        if section.columns:
            if section.rows:
                out.append("| " + " | ".join(section.columns) + " |")
                out.append("|" + "|".join("---" for _ in section.columns) + "|")
                out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in section.rows]
            else:
                out.append(markdown_text(section.empty))
            out.append("")
        if section.bullets:
            out += [f"- {markdown_text(note)}" for note in section.notes] + [""]
        else:
            for note in section.notes:
                out += [markdown_text(note), ""]
    out += [f"## Next twelve weeks (to {format_day(s.horizon_end)})", ""]
    if s.horizon:
        out += ["```mermaid", *mermaid_gantt(s), "```", ""]
    else:
        out += ["Nothing falls in the next twelve weeks.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- Mermaid ----------------------------------------------------------------------------------

# Mermaid's gantt grammar ends a task name at ':' and a statement at ';' or '#'; '%%' starts a
# comment; '<' '>' '&' could become HTML in a label; a backtick run could close the code fence.
# Each becomes a look-alike character, so the label still reads the same.
_MERMAID = str.maketrans(
    {
        ":": "\u2236",
        ";": "\uff1b",
        "#": "\uff03",
        "%": "\uff05",
        "<": "\u2039",
        ">": "\u203a",
        "&": "\uff06",
        "`": "\u02cb",
        "{": "(",
        "}": ")",
        '"': "\u201d",
        "\\": "\u29f5",
    }
)
# Mermaid's lexer matches these at the start of a line by prefix, case-insensitively (mermaid
# packages/mermaid/src/diagrams/gantt/parser/gantt.jison), so "Title of the Bill" or "Call-off
# contract" would be read as a statement; so would a leading ISO date.
_MERMAID_KEYWORDS = (
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "accdescr",
    "acctitle",
    "section",
    "click",
    "call",
    "href",
    "vert",
    "displaymode",
)
_LEADING_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_LABEL_MAX = 60
_KIND_SUFFIX = {"achieved": " (achieved)", "expected": "", "due": " (due)", "overdue": " (overdue)"}


def mermaid_text(value: object, limit: int = _LABEL_MAX) -> str:
    """Plan text made safe as a Mermaid gantt task or section name."""
    text = _clean(value).translate(_MERMAID).strip() or "(untitled)"
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    if text.lower().startswith(_MERMAID_KEYWORDS) or _LEADING_DATE.match(text):
        text = "\u200b" + text  # a zero-width space: no longer a keyword at the start of a line
    return text


def mermaid_gantt(s: WeeklySummary) -> list[str]:
    """Lines of a Mermaid gantt: one milestone per task, grouped by workstream."""
    lines = [
        "gantt",
        f"    title {mermaid_text(f'The next twelve weeks, to {format_day(s.horizon_end)}', 80)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %d %b %Y",
        "    todayMarker off",
    ]
    groups: dict[str, list[HorizonItem]] = {}
    for item in s.horizon:
        groups.setdefault(item.milestone.workstream or "(no workstream)", []).append(item)
    for workstream, items in groups.items():
        lines.append(f"    section {mermaid_text(workstream)}")
        for item in items:
            m = item.milestone
            tags = ["milestone"]
            if item.kind == "achieved":
                tags.append("done")
            elif item.kind in ("due", "overdue"):
                tags.append("active")  # open, with nothing scheduled that fixes a date
            if item.kind == "overdue" or (item.kind != "achieved" and m.critical):
                tags.append("crit")
            suffix = _KIND_SUFFIX[item.kind]
            name = mermaid_text(m.title, _LABEL_MAX - len(suffix)) + suffix
            lines.append(f"    {name} :{', '.join(tags)}, {item.day.isoformat()}, 0d")
    return lines


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: #1f2933; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #d9dee3;
  padding-bottom: .2rem; }
p { margin: .3rem 0; }
p.lead { color: #3e4c59; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid #e4e7eb; }
th { background: #f5f7fa; font-weight: 600; }
td.num { white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #52606d; }
.empty { color: #52606d; font-style: italic; }
.rating { display: inline-block; padding: 0 .45rem; border-radius: .6rem; color: #fff;
  font-size: 12px; }
.rating.red { background: #cf2e2e; } .rating.amber { background: #b7791f; }
.rating.green { background: #2e9b57; } .rating.done { background: #4f7cac; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; color: #000; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; border-bottom: 1.5px solid #000; }
  .rating { color: #000; background: none !important; border: 1px solid #000; }
  @page { margin: 15mm; }
}
""".strip()


def html_text(value: object) -> str:
    """Plan text escaped for HTML text and attributes, control characters made visible."""
    return html_escape(_clean(value), quote=True)


def _html_cell(cell: Cell, column: str) -> str:
    if isinstance(cell, Ref):
        return f"<td>{html_text(cell.title)} <code>{html_text(cell.id)}</code></td>"
    if column == "Rating":
        return f'<td><span class="rating {html_text(cell)}">{html_text(cell)}</span></td>'
    cls = ' class="num"' if column in ("Moved", "Overdue by", "Slip now") else ""
    return f"<td{cls}>{html_text(cell)}</td>"


def render_html(s: WeeklySummary) -> str:
    """The report as one self-contained HTML page (inline CSS, no external assets, prints well)."""
    title = f"Weekly summary: {s.programme_name} \u2014 week ending {format_day(s.week_ending)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>Weekly summary: {html_text(s.programme_name)}</h1>",
    ]
    out += [f'<p class="lead">{html_text(line)}</p>' for line in _header(s)]
    for section in _sections(s):
        out.append(f"<h2>{html_text(section.title)}</h2>")
        if section.columns:
            if section.rows:
                out.append("<table>")
                out.append(
                    "<thead><tr>"
                    + "".join(f"<th>{html_text(c)}</th>" for c in section.columns)
                    + "</tr></thead>"
                )
                out.append("<tbody>")
                for row in section.rows:
                    cells = "".join(
                        _html_cell(c, col) for c, col in zip(row, section.columns, strict=True)
                    )
                    out.append(f"<tr>{cells}</tr>")
                out.append("</tbody>")
                out.append("</table>")
            else:
                out.append(f'<p class="empty">{html_text(section.empty)}</p>')
        if section.bullets:
            out.append("<ul>")
            out += [f"<li>{html_text(note)}</li>" for note in section.notes]
            out.append("</ul>")
        else:
            out += [f"<p>{html_text(note)}</p>" for note in section.notes]
    out.append(f"<h2>Next twelve weeks (to {html_text(format_day(s.horizon_end))})</h2>")
    if s.horizon:
        out.append("<table>")
        out.append(
            "<thead><tr><th>Date</th><th>What</th><th>Milestone</th><th>Workstream</th>"
            "<th>Due</th><th>Rating</th></tr></thead>"
        )
        out.append("<tbody>")
        for item in s.horizon:
            m = item.milestone
            crit = " (critical)" if m.critical and item.kind != "achieved" else ""
            out.append(
                f'<tr><td class="num">{html_text(format_day(item.day))}</td>'
                f"<td>{html_text(item.kind)}</td>"
                f"<td>{html_text(m.title)} <code>{html_text(m.id)}</code>{crit}</td>"
                f"<td>{html_text(m.workstream or '')}</td>"
                f"<td>{html_text(_deadline(m))}</td>"
                f'<td><span class="rating {html_text(m.rating)}">{html_text(m.rating)}</span></td></tr>'
            )
        out.append("</tbody>")
        out.append("</table>")
    else:
        out.append('<p class="empty">Nothing falls in the next twelve weeks.</p>')
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# --- plain text -------------------------------------------------------------------------------

_WIDTH = 78


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=_WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def render_text(s: WeeklySummary) -> str:
    """The report as plain text for an email: headings in capitals, one entry per milestone."""
    heading = f"Weekly summary: {_clean(s.programme_name)}"
    out = [heading, "=" * min(len(heading), _WIDTH), ""]
    for line in _header(s):
        out += _wrap(line)
    for section in _sections(s):
        title = section.title.upper() + (f" ({len(section.rows)})" if section.columns else "")
        out += ["", title]
        if section.columns:
            if not section.rows:
                out += _wrap(section.empty, "  ")
            for row in section.rows:
                ref, *rest = row
                name = (
                    f"{_clean(ref.title)} [{_clean(ref.id)}]"
                    if isinstance(ref, Ref)
                    else _clean(ref)
                )
                out += _wrap(name, "    ", "  - ")
                details = "; ".join(
                    f"{col.lower()}: {value}"
                    for col, value in zip(section.columns[1:], rest, strict=True)
                    if isinstance(value, str) and value
                )
                out += _wrap(details, "    ")
        for note in section.notes:
            out += _wrap(note, "  ")
    out += ["", f"NEXT TWELVE WEEKS (to {format_day(s.horizon_end)})"]
    if not s.horizon:
        out += _wrap("Nothing falls in the next twelve weeks.", "  ")
    for item in s.horizon:
        m = item.milestone
        rating = "" if item.kind == "achieved" else m.rating
        flags = ", ".join(f for f in (item.kind, rating, "critical" if m.critical else "") if f)
        out += _wrap(
            f"{_clean(m.title)} [{_clean(m.id)}] ({flags})", " " * 14, f"  {item.day.isoformat()}  "
        )
    return "\n".join(out) + "\n"


def render(s: WeeklySummary, fmt: str) -> str:
    """The report in `fmt`: markdown, html or text."""
    if fmt == "html":
        return render_html(s)
    if fmt == "text":
        return render_text(s)
    return render_markdown(s)
