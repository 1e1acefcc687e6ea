"""What stops a read: `YamlProblem`, the nesting and alias limits, libyaml's errors reworded."""

from __future__ import annotations

import yaml

MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000
# Characters of text that aliases may repeat in all: a string counts at its length, not as one
# node (one 1 MB string aliased 2,000 times is 2 GB of data).
MAX_ALIAS_CHARACTERS = 5_000_000


class YamlProblem(Exception):
    """A problem that stops the walk: carries a diagnostic code, a message and a 1-based position."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def _alias_problem(nodes_exceeded: bool, mark: object) -> YamlProblem:
    """The alias budget is spent: nodes (an alias bomb) or characters (a huge string repeated)."""
    what = (
        f"{MAX_ALIAS_EXPANSION:,} nodes"
        if nodes_exceeded
        else f"{MAX_ALIAS_CHARACTERS:,} characters"
    )
    line = getattr(mark, "line", 0) + 1
    column = getattr(mark, "column", 0) + 1
    return YamlProblem(
        "alias-expansion",
        f"aliases expand to more than {what}: this looks like an alias bomb, not a plan",
        line,
        column,
    )


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _tab_column(text: str, line: int, column: int) -> int | None:
    """The 1-based column of a tab in the indentation of `line` (or at `column`), if there is one."""
    lines = text.split("\n", line)
    if line > len(lines):
        return None
    content = lines[line - 1]
    indent = content[: len(content) - len(content.lstrip(" \t"))]
    if "\t" in indent:
        return indent.index("\t") + 1
    if content[column - 1 : column] == "\t":
        return column
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "invalid YAML"
    # libyaml reports a tab in the indentation as "found character that cannot start any token".
    tab = _tab_column(text, line, column)
    if tab is not None:
        column = tab
    if tab is not None or "'\\t'" in problem or "\t" in problem:
        message = "tab character: YAML indents with spaces, not tabs (replace the tab with spaces)"
    else:
        message = f"invalid YAML: {problem}"
        if exc.context:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not mark:
                message += (
                    f" at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
                )
            message += ")"
    return YamlProblem("yaml-syntax", message, line, column)


def _reader_problem(exc: yaml.YAMLError, text: str) -> YamlProblem:
    """A character libyaml refuses (a control character): at its real line and column."""
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if not isinstance(position, int) or not 0 <= position <= len(text):
        return YamlProblem("yaml-syntax", "invalid YAML: a character YAML does not allow", 1, 1)
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    code = ord(character) if isinstance(character, str) else character
    what = f"the character U+{code:04X}" if isinstance(code, int) else "a character"
    return YamlProblem(
        "yaml-syntax",
        f"{what} is not allowed in YAML text (a control character): remove it",
        line,
        column,
    )
