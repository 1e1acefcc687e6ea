"""The schedule of a plan by the critical path method: graph, topological order, CPM passes (pure).

- `graph`: topological order and dependency cycles (CycleError, find_cycles, topological_order).
- `working_days`: working-day arithmetic on date ordinals, and OutsideCalendar with the guard
  that keeps every computed date inside the calendar.
- `result`: ScheduleRow and Schedule, what the passes produce.
- `cpm`: compute_schedule, the forward and backward passes and the critical path; its docstring
  lists the choices the SPEC leaves open.

Everything is importable from `nhs_transition.schedule` as it was before the split.
"""

from __future__ import annotations

from ..record import actual_as_of, forecast_in_force
from .cpm import _FAR as _FAR
from .cpm import _compute as _compute
from .cpm import compute_schedule
from .graph import CycleError, find_cycles, topological_order
from .graph import _cycles as _cycles
from .graph import _dedupe as _dedupe
from .graph import _kahn as _kahn
from .graph import _raise_cycle as _raise_cycle
from .result import _ACTUAL as _ACTUAL
from .result import _AS_OF as _AS_OF
from .result import _DEPENDENCY as _DEPENDENCY
from .result import _FORECAST as _FORECAST
from .result import _NOT_BEFORE as _NOT_BEFORE
from .result import _START as _START
from .result import _TYPE_CODE as _TYPE_CODE
from .result import CONSTRAINTS, TYPES, Columns, Link, NamedPath, Schedule, ScheduleRow
from .result import _Graph as _Graph
from .result import _RowBuilder as _RowBuilder
from .working_days import _FIRST as _FIRST
from .working_days import _LAST as _LAST
from .working_days import OutsideCalendar
from .working_days import _check_ordinal as _check_ordinal
from .working_days import _first_outside as _first_outside
from .working_days import _located as _located
from .working_days import _outside_calendar as _outside_calendar
from .working_days import _WorkingDays as _WorkingDays

__all__ = [
    "CONSTRAINTS",
    "TYPES",
    "Columns",
    "CycleError",
    "Link",
    "NamedPath",
    "OutsideCalendar",
    "Schedule",
    "ScheduleRow",
    "actual_as_of",
    "compute_schedule",
    "find_cycles",
    "forecast_in_force",
    "topological_order",
]
