"""Plain scalars: how an untagged value resolves (null, true/false, numbers, else text).

Shared by the three readers (`simple`, `fastwalk`, `walker`), which must agree exactly. No dates:
they stay the text the user wrote and go through `dates.py`.
"""

from __future__ import annotations

import re
from typing import Any

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

# No key read yet: the readers' mark for a mapping that awaits its next key.
_NO_KEY = object()
# Plain scalars that are not text, looked up in one step (see `resolve_plain`).
_PLAIN_CONSTANTS: dict[str, Any] = {
    **dict.fromkeys(_NULLS),
    **dict.fromkeys(_TRUE, True),
    **dict.fromkeys(_FALSE, False),
}
_NUMBER_START = frozenset("0123456789+-.")


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar: null, true/false, integers and floats; else the text.

    Dates stay text on purpose (they go through `dates.py`), and so does 'yes'/'no' (YAML 1.1's
    Norway problem).
    """
    if value in _NULLS:
        return None
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(value):
            return int(value.replace("_", ""))
        if _FLOAT.fullmatch(value):
            return float(value.replace("_", ""))
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return value


def _key_text(value: Any) -> str:
    """A plain mapping key that YAML reads as null, true/false or a number, as text."""
    if isinstance(value, str):
        return value
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
