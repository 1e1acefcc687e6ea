"""`LoadResult`: what loading a plan gives, whether it was read and validated or taken from the
cache (a light module: a cache hit imports neither the YAML reader nor the validators)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import NO_POSITION, Diagnostic, Severity, has_errors

if TYPE_CHECKING:
    from ..model import Plan

# From this many milestones on, a loaded plan is moved out of the cyclic collector's reach.
FREEZE_FROM = 5_000


@dataclass
class LoadResult:
    """A plan (None when it cannot be built) and every diagnostic found while loading it."""

    plan: Plan | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fatal: bool = False  # some file could not be read or parsed at all (exit code 2)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the plan was built and no error was found."""
        return self.plan is not None and not has_errors(self.diagnostics)


def file_problem(code: str, message: str, file: str, *, text: bool = True) -> Diagnostic:
    """A problem with a whole file: at 1:1 when it has text, else with no position."""
    at = 1 if text else NO_POSITION
    return Diagnostic(code, Severity.ERROR, message, file, at, at)


def unloadable(code: str, message: str, file: str) -> LoadResult:
    """A plan path that cannot be used at all: no line and column where there is no file."""
    return LoadResult(None, [file_problem(code, message, file, text=False)], fatal=True)
