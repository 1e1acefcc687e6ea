"""Golden files: the expected output kept beside the tests; `UPDATE_GOLDEN=1 pytest` rewrites them."""

from __future__ import annotations

import os
from pathlib import Path


def golden(path: Path, text: str) -> str:
    """The golden text at `path`, after writing `text` there when UPDATE_GOLDEN=1."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1"
    return path.read_text(encoding="utf-8")
