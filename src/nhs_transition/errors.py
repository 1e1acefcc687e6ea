"""Diagnostics, severities, the one exception type and the exit codes (stdlib only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

EXIT_OK = 0
EXIT_PLAN_ERRORS = 1
EXIT_USAGE = 2

# C0 and C1 control characters, DEL and the bidirectional overrides; tab and newline are shown
# escaped too (a title is one line).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: object) -> str:
    """`value` as one line with every control character shown as `\\xNN` / `\\uNNNN`.

    Text from plan files and options is data: an escape code in it must not reach a terminal.
    """
    text = "" if value is None else str(value)
    return _CONTROL.sub(_escape, text)


EXCERPT_LENGTH = 40


def excerpt(value: object, limit: int = EXCERPT_LENGTH) -> str:
    """`visible(value)` cut to about `limit` characters: how a message quotes what a user wrote.

    A message names the bad value so it can be found, never more: a plan file may be a link to
    a secret, and a diagnostic may end up in a pull request's annotations.
    """
    text = "" if value is None else str(value)
    if len(text) > limit:
        return f"{visible(text[: limit - 1])}\u2026 ({len(text):,} characters)"
    return visible(text)


# What `json.dumps(ensure_ascii=False)` leaves raw although a terminal, a JavaScript parser or an
# editor acts on it: DEL and the C1 controls, the line and paragraph separators, bidi controls.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text with the characters of `_JSON_UNSAFE` written as `\\uXXXX` escapes.

    Valid on any JSON text: those characters can only stand inside strings, where the escape
    means the same character.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible_lines(text: str) -> str:
    """`text` with its line breaks kept and every other control character shown (`visible`)."""
    return "\n".join(visible(line) for line in text.replace("\r", "\n").split("\n"))


def plan_errors_message(count: int) -> str:
    """What ends a command on a plan with errors, after the errors themselves."""
    noun = "error" if count == 1 else "errors"
    return f"the plan has {count} {noun}; run `transition check` for the full report"


class Severity(StrEnum):
    """How bad a diagnostic is: errors fail `check`, warnings fail it under `--strict`."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in a plan, at a 1-based line and column of a file."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    milestone: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, line, column, then code and message (stable output)."""
        return (self.file, self.line, self.column, self.code, self.message)

    def format_text(self) -> str:
        """`file:line:col: severity: message [code]`, the compiler convention."""
        return (
            f"{visible(self.file)}:{self.line}:{self.column}: {self.severity.value}: "
            f"{visible(self.message)} [{self.code}]"
        )

    def to_json(self) -> dict[str, object]:
        """The fields of SPEC section 6, `check --format json`."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "milestone": self.milestone,
        }


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics sorted by file, line and column, duplicates removed."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


class TransitionError(Exception):
    """A problem the user can fix (bad option, unreadable file); the CLI prints it and exits."""

    def __init__(
        self, message: str, exit_code: int = EXIT_USAGE, diagnostics: list[Diagnostic] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.diagnostics = diagnostics or []  # shown, at file:line:col, before the message


# "Did you mean" is a courtesy: thousands of unknown names against thousands of known ones must
# not make a run quadratic. Beyond _SUGGEST_ALL candidates, only the nearest in alphabetical
# order and in the order of reversed names (a shared beginning or a shared ending: where a typo
# leaves a name alike) are compared, _SUGGEST_NEAR on each side of each.
_SUGGEST_ALL = 64
_SUGGEST_NEAR = 12
_SUGGEST_LENGTH = 100


def did_you_mean(
    name: str, candidates: list[str] | set[str] | tuple[str, ...], exclude: str | None = None
) -> str:
    """' (did you mean 'x'?)' for the closest candidate (never `exclude`), or '' when none is
    close. Bounded: see `_SUGGEST_ALL`."""
    import difflib

    if len(name) > _SUGGEST_LENGTH or not name:
        return ""
    pool: list[str] | set[str] | tuple[str, ...] = candidates
    if len(candidates) > _SUGGEST_ALL:
        from bisect import bisect_left

        ordered, backwards = _suggestion_index(candidates)
        at = bisect_left(ordered, name)
        near = set(ordered[max(0, at - _SUGGEST_NEAR) : at + _SUGGEST_NEAR])
        at = bisect_left(backwards, name[::-1])
        near.update(c[::-1] for c in backwards[max(0, at - _SUGGEST_NEAR) : at + _SUGGEST_NEAR])
        pool = sorted(near)
    if exclude is not None:
        pool = [c for c in pool if c != exclude]
    close = difflib.get_close_matches(name, list(pool), n=1, cutoff=0.6)
    return f" (did you mean '{excerpt(close[0])}'?)" if close else ""


# The sorted candidates of the last few lists, by their set: one plan asks again and again.
_INDEXES: dict[frozenset[str], tuple[list[str], list[str]]] = {}


def _suggestion_index(
    candidates: list[str] | set[str] | tuple[str, ...],
) -> tuple[list[str], list[str]]:
    key = frozenset(candidates)
    index = _INDEXES.get(key)
    if index is None:
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        index = _INDEXES[key] = (sorted(key), sorted(c[::-1] for c in key))
    return index
