"""The weekly summary as plain text for an email: headings in capitals, one entry per milestone."""

from __future__ import annotations

import textwrap

from ..dates import format_day
from ..weekly import WeeklySummary
from .weekly_content import Ref, clean, header_lines, report_sections

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
    heading = f"Weekly summary: {clean(s.programme_name)}"
    out = [heading, "=" * min(len(heading), _WIDTH), ""]
    for line in header_lines(s):
        out += _wrap(line)
    for section in report_sections(s):
        # Capitals for the heading's words, not for a date in brackets: 'DUE IN THE NEXT FOUR
        # WEEKS (to 22 July 2011): 2'.
        words, bracket, dated = section.title.partition(" (")
        title = words.upper() + (f" ({dated}" if bracket else "")
        title += f": {len(section.rows)}" if section.columns else ""
        out += ["", title]
        if section.columns:
            if not section.rows:
                out += _wrap(section.empty, "  ")
            for row in section.rows:
                ref, *rest = row
                name = (
                    f"{clean(ref.title)} [{clean(ref.id)}]" if isinstance(ref, Ref) else clean(ref)
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
            f"{clean(m.title)} [{clean(m.id)}] ({flags})", " " * 14, f"  {item.day.isoformat()}  "
        )
    return "\n".join(out) + "\n"
