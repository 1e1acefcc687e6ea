"""Diagnostics as text (`file:line:col: severity: message [code]`), JSON and GitHub annotations.

Messages quote values from plan files, so text output shows control characters visibly (an
escape code in an id cannot recolour the terminal). JSON carries the strings as they are (the
encoder escapes them); GitHub annotations escape what the workflow-command syntax gives meaning
to (`%`, CR and LF everywhere; `:` and `,` as well inside properties).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ..errors import Diagnostic, Severity, json_safe, visible, visible_lines


def count_phrase(n: int, noun: str) -> str:
    """'1 error', '2 warnings'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary_line(
    diagnostics: Sequence[Diagnostic], files: int, ignored: Mapping[str, int] | None = None
) -> str:
    """'2 errors, 1 warning in 3 files' or 'no problems in 3 files', then what the plan ignores."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    where = f"in {count_phrase(files, 'file')}"
    if not diagnostics:
        line = f"no problems {where}"
    else:
        parts = [count_phrase(errors, "error")] if errors else []
        if warnings:
            parts.append(count_phrase(warnings, "warning"))
        line = f"{', '.join(parts)} {where}"
    if ignored:
        total = sum(ignored.values())
        line += f" ({count_phrase(total, 'warning')} ignored by the plan: {', '.join(ignored)})"
    return line


def format_text_line(d: Diagnostic) -> str:
    """One diagnostic in the compiler convention, control characters made visible."""
    return d.format_text()


def render_text(
    diagnostics: Sequence[Diagnostic], files: int, ignored: Mapping[str, int] | None = None
) -> str:
    """One line per diagnostic, then the summary line."""
    lines = [format_text_line(d) for d in diagnostics]
    lines.append(summary_line(diagnostics, files, ignored))
    return "\n".join(lines) + "\n"


def render_json(diagnostics: Sequence[Diagnostic], ok: bool) -> str:
    """`{"ok": ..., "diagnostics": [...]}`, the shape of SPEC section 6."""
    payload = {"ok": ok, "diagnostics": [d.to_json() for d in diagnostics]}
    return json_safe(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n"


def escape_data(value: str) -> str:
    """Escape the message of a GitHub workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (file, title) of a GitHub workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github_line(d: Diagnostic) -> str:
    """One GitHub Actions annotation: `::error file=F,line=L,col=C,title=CODE::MESSAGE`."""
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (
            ("file", visible(d.file)),  # a file name may carry escape codes too
            ("line", str(d.line)),
            ("col", str(d.column)),
            ("title", d.code),
        )
    )
    # Line breaks are the syntax's to escape; any other control character is shown, since the
    # Actions log renders escape codes as colours.
    return f"::{d.severity.value} {properties}::{escape_data(visible_lines(d.message))}"


def render_github(
    diagnostics: Sequence[Diagnostic], files: int, ignored: Mapping[str, int] | None = None
) -> str:
    """One annotation per diagnostic, then the summary line (plain text in the log)."""
    lines = [format_github_line(d) for d in diagnostics]
    lines.append(summary_line(diagnostics, files, ignored))
    return "\n".join(lines) + "\n"
