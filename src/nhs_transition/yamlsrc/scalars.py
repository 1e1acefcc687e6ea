"""Plain scalars: how an untagged value resolves (null, true/false, numbers, else text).

Shared by the three readers (`simple`, `fastwalk`, `walker`), which must agree exactly. No dates:
they stay the text the user wrote and go through `dates.py`.
"""

from __future__ import annotations

import math
import re
from typing import Any

# YAML 1.2's core schema: no underscores (YAML 1.1 read `1_4` as 14), ASCII digits only.
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?[0-9]*\.[0-9]+(?:[eE][-+]?[0-9]+)?")
# Python converts at most 4,300 digits to an int (CVE-2020-10735); a longer number stays text,
# and so does a float too large to be finite: the field that expects a number then says so.
_MAX_DIGITS = 4_300
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
        if len(value) > _MAX_DIGITS:
            return value
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            number = float(value)
            return number if math.isfinite(number) else value
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
