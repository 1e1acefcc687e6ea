"""Shell completion of what a plan names: milestone ids, owners (posts and organisations) and
workstreams, read from the plan the command would use (`--plan` if typed, else the usual one).

`transition --install-completion` installs it for the current shell; `transition
--show-completion` prints the script (or set `_TRANSITION_COMPLETE=bash_source` and eval the
output). Completion never prints an error: a plan that cannot be loaded completes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Plan


def _plan(ctx: Any) -> Plan | None:
    """The plan the command line names, loaded without checks; None when it cannot be."""
    from ..load import load_plan, resolve_plan_path

    root = ctx
    plan_option = None
    while root is not None and plan_option is None:
        plan_option = (root.params or {}).get("plan")
        root = root.parent
    try:
        return load_plan(resolve_plan_path(plan_option)).plan
    except Exception:  # completion must not fail loudly, whatever the plan holds
        return None


def _matching(names: list[str], incomplete: str) -> list[str]:
    seen: dict[str, None] = dict.fromkeys(n for n in names if n.startswith(incomplete))
    return list(seen)


def milestone_ids(ctx: Any, incomplete: str) -> list[str]:
    """Milestone ids starting with what has been typed."""
    plan = _plan(ctx)
    return _matching([m.id for m in plan.milestones], incomplete) if plan else []


def owners(ctx: Any, incomplete: str) -> list[str]:
    """Post and organisation ids starting with what has been typed."""
    plan = _plan(ctx)
    if plan is None:
        return []
    return _matching([r.id for r in plan.roles] + [o.id for o in plan.organisations], incomplete)


def organisations(ctx: Any, incomplete: str) -> list[str]:
    """Organisation ids starting with what has been typed."""
    plan = _plan(ctx)
    return _matching([o.id for o in plan.organisations], incomplete) if plan else []


def workstreams(ctx: Any, incomplete: str) -> list[str]:
    """Workstreams starting with what has been typed, in plan order."""
    plan = _plan(ctx)
    if plan is None:
        return []
    return _matching([m.workstream for m in plan.milestones if m.workstream], incomplete)
