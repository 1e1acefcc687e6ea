"""Writing plan files: byte-preserving edits at known positions, checked, written atomically.

text.py     surgical text edits of one milestone (set a key, append a history entry)
reports.py  `Report` (what an owner says) -> `PlanEdit`: the edited texts, checked
atomic.py   `write_atomic`: temp file, fsync, rename, mode kept; refuses changed files
effect.py   what an edit changes: expected dates, ratings, what moved downstream
"""

from __future__ import annotations

from .atomic import Fingerprint, fingerprint, write_atomic
from .plan_edit import PlanEdit, edit_plan
from .reports import Report, report_problems, unmoved

__all__ = [
    "Fingerprint",
    "PlanEdit",
    "Report",
    "edit_plan",
    "fingerprint",
    "report_problems",
    "unmoved",
    "write_atomic",
]
