"""Tiny factories that build plans in Python for core tests (no YAML, no files)."""

from __future__ import annotations

from typing import Any

from nhs_transition.model import Milestone, Organisation, Plan, Programme, Role

DEFAULT_PROGRAMME: dict[str, Any] = {"id": "prog", "name": "Test programme", "start": "2010-01-01"}


def milestone(id: str, **fields: Any) -> dict[str, Any]:
    """A milestone mapping with sensible defaults for the required keys."""
    return {
        "id": id,
        "title": fields.pop("title", id.replace("-", " ").title()),
        "owner": "pmo",
        **fields,
    }


def make_plan(
    milestones: list[dict[str, Any]],
    *,
    programme: dict[str, Any] | None = None,
    organisations: list[dict[str, Any]] | None = None,
    roles: list[dict[str, Any]] | None = None,
) -> Plan:
    """A validated Plan; every object gets an origin as if read from timeline/organisations.yaml."""
    orgs = [
        Organisation.model_validate(o) for o in (organisations or [{"id": "pmo", "name": "PMO"}])
    ]
    role_models = [Role.model_validate(r) for r in (roles or [])]
    prog = Programme.model_validate({**DEFAULT_PROGRAMME, **(programme or {})})
    ms = [Milestone.model_validate(m) for m in milestones]
    plan = Plan(programme=prog, organisations=orgs, roles=role_models, milestones=ms)
    plan.set_origin(prog, "timeline.yaml", ("programme",))
    for i, m in enumerate(ms):
        plan.set_origin(m, "timeline.yaml", ("milestones", i))
    for i, o in enumerate(orgs):
        plan.set_origin(o, "organisations.yaml", ("organisations", i))
    for i, r in enumerate(role_models):
        plan.set_origin(r, "organisations.yaml", ("roles", i))
    return plan
