"""Plan files written as YAML text by hand (no YAML library outside yamlsrc/): block style, one
key a line, as a person writes them, every string double-quoted with its escapes.

JSON's string escapes are a subset of YAML's, so `json.dumps` quotes; what YAML does not allow
in a stream or would read as a line break is escaped as well. Ids are plain unless YAML would
read them as something other than text ('10', '0x1f', 'yes', 'null').
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date

_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_PLAIN_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def slug(text: str, fallback: str) -> str:
    """An id from a name: lower case, runs of other characters as '-'."""
    made = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60].strip("-")
    return made or fallback


def quote(text: str) -> str:
    """A YAML double-quoted scalar of `text`."""
    return _NOT_YAML.sub(lambda c: f"\\u{ord(c.group()):04x}", json.dumps(text, ensure_ascii=False))


def plain_id(text: str) -> str:
    """A slug as YAML: plain when YAML reads it as text, else quoted."""
    if _PLAIN_ID.match(text) and text not in _YAML_WORDS:
        return text
    return quote(text)


def comment(text: str) -> str:
    """Text for a YAML comment: one line, escapes as in a quoted scalar."""
    return quote(text)[1:-1]


def organisations_text(
    organisations: Mapping[str, str], roles: Mapping[str, tuple[str, str]], heading: str
) -> str:
    """organisations.yaml: organisations (id -> name), roles (id -> (title, organisation))."""
    lines = [f"# {comment(heading)}"]
    lines.append("organisations:" if organisations else "organisations: []")
    for oid, name in organisations.items():
        lines += [f"  - id: {plain_id(oid)}", f"    name: {quote(name)}"]
    lines.append("roles:" if roles else "roles: []")
    for rid, (title, organisation) in roles.items():
        lines += [
            f"  - id: {plain_id(rid)}",
            f"    title: {quote(title)}",
            f"    organisation: {plain_id(organisation)}",
        ]
    return "\n".join(lines) + "\n"


def milestone_text(
    id: str,
    title: str,
    owner: str,
    *,
    workstream: str | None = None,
    dates: Mapping[str, date | None] | None = None,
    duration: str | None = None,
    cancelled: tuple[date, str] | None = None,
    depends_on: Iterable[tuple[str, str, str]] = (),
    source: str | None = None,
    notes: str | None = None,
) -> str:
    """One milestone as an item of the `milestones:` list; links are (id, type, lag); a
    cancellation (day, reason) is its history entry."""
    lines = [
        f"  - id: {plain_id(id)}",
        f"    title: {quote(title)}",
        f"    owner: {plain_id(owner)}",
    ]
    if workstream:
        lines.append(f"    workstream: {plain_id(workstream)}")
    for key, value in (dates or {}).items():
        if value is not None:
            lines.append(f"    {key}: {value.isoformat()}")
    if duration:
        lines.append(f"    duration: {duration}")
    links = list(depends_on)
    if links:
        lines.append("    depends_on:")
        for pid, kind, lag in links:
            if kind == "FS" and lag == "0d":
                lines.append(f"      - {plain_id(pid)}")
            else:
                lines.append(f"      - {{id: {plain_id(pid)}, type: {kind}, lag: {lag}}}")
    if source:
        lines.append(f"    source: {quote(source)}")
    if cancelled is not None:
        day, reason = cancelled
        lines.append("    history:")
        lines.append(
            f"      - {{date: {day.isoformat()}, status: cancelled, reason: {quote(reason)}}}"
        )
    if notes:
        lines.append(f"    notes: {quote(notes)}")
    return "\n".join(lines) + "\n"
