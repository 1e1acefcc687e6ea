"""The weekly summary as GitHub-flavoured Markdown, with a Mermaid gantt of the next twelve weeks."""

from __future__ import annotations

import re

from ..dates import format_day
from ..weekly import WeeklySummary
from .mermaid import mermaid_horizon
from .status import no_mentions
from .weekly_content import Cell, Ref, clean, header_lines, report_sections

# Backslash-escape what GitHub Markdown would read as markup; <, > and & become entities.
_MD_PUNCT = re.compile(r"([\\`*_\[\]|~#!$])")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def markdown_text(value: object) -> str:
    """Plan text made literal in GitHub Markdown (inline and in table cells)."""
    text = clean(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return no_mentions(_MD_PUNCT.sub(r"\\\1", text))


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, Ref):
        ident = f"`{cell.id}`" if _SLUG.fullmatch(cell.id) else markdown_text(cell.id)
        return f"{markdown_text(cell.title)} ({ident})"
    return markdown_text(cell)


def render_markdown(s: WeeklySummary) -> str:
    """The report as GitHub-flavoured Markdown, with a Mermaid gantt of the next twelve weeks."""
    out = [f"# Weekly summary: {markdown_text(s.programme_name)}", ""]
    for line in header_lines(s):
        out += [markdown_text(line), ""]
    for section in report_sections(s):
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
        out += [mermaid_horizon(s.horizon, s.horizon_end, fenced=True).rstrip("\n"), ""]
    else:
        out += ["Nothing falls in the next twelve weeks.", ""]
    return "\n".join(out).rstrip("\n") + "\n"
