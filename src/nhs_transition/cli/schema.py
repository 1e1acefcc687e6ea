"""`transition schema`: a JSON Schema of the plan files, generated from the pydantic models.

Editors use it through the YAML language server (a `# yaml-language-server: $schema=...`
modeline) to complete and check keys as people type. The schema follows what the loader
accepts, not only what pydantic declares: a dependency may be written as a bare id, a date or
a duration may be a YAML number (`due: 2012`, `duration: 0`), and a link type may be lower case.
Cross-object rules (unknown owner, cycles, ...) are beyond a schema: `transition check` has them.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import app, emit, examples

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft the YAML language server knows best

# Hover text for keys the models leave undescribed (SPEC section 2).
_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Organisation": {
        "id": "Unique slug: lower-case letters, digits and hyphens.",
        "name": "The organisation's name, one line.",
        "type": "A slug for the kind of body, e.g. government-department.",
        "parent": "The id of the organisation this one reports to.",
        "region": "Free text.",
        "established": "The first day the organisation exists (a date or period).",
    },
    "Role": {
        "id": "Unique slug; an owner names a role or an organisation, so it must not clash "
        "with an organisation id.",
        "title": "The post's title, one line.",
        "organisation": "The id of the organisation the post belongs to.",
        "holder": "Who holds the post.",
    },
    "Programme": {
        "id": "Slug of the programme.",
        "name": "The programme's name, one line.",
        "start": "The programme start: nothing is scheduled before it.",
        "status_date": "The date the plan's status reflects; the default --as-of.",
        "deadline": "A deadline that applies to every milestone.",
        "calendar": "calendar-days (default) or working-days (Mon-Fri less bank holidays).",
        "amber_tolerance_days": "Slip above this many days is red (default 14).",
        "float_warning_days": "Total float below this many days is amber (default 14).",
        "stale_after": "An open milestone whose latest report is older than this (e.g. 4w) "
        "is flagged stale.",
        "ignore_warnings": "Warning codes of `transition check` this plan accepts on purpose; "
        "errors cannot be ignored.",
        "policies": "Rules CI enforces without flags: `transition diff` fails a change that "
        "breaks finish-later, new-red, unexplained or rebaselined; `transition check` fails a "
        "plan that breaks critical-owner-held (every critical milestone owned by a post with a "
        "holder).",
    },
    "Milestone": {
        "id": "Unique slug: lower-case letters, digits and hyphens.",
        "title": "One line.",
        "owner": "A role id or an organisation id.",
        "workstream": "A free slug used for grouping.",
        "due": "The baseline commitment (deadline): a date or period; a period means its last day.",
        "forecast": "The owner's current forecast date.",
        "actual": "The date it was achieved; set = done.",
        "actual_source": "Where the actual date comes from.",
        "depends_on": "Milestone ids, or {id, type: FS/SS/FF/SF, lag: duration}.",
        "duration": "Work needed after the dependencies allow it to start (default 0d).",
        "not_before": "It cannot happen before this date.",
        "status": "A declared state, shown beside the computed rating.",
        "source": "Where the commitment comes from (document and section).",
        "history": "The log of reports, oldest first: {date, reason} with a new forecast, a "
        "re-baselined due, status: cancelled, an actual, or none of these (a confirmation).",
    },
    "Dependency": {
        "id": "The milestone this one depends on.",
        "type": "FS finish-to-start (default), SS start-to-start, FF finish-to-finish, "
        "SF start-to-finish.",
        "lag": "Time after the link is satisfied; negative for a lead (e.g. -1w).",
    },
    "HistoryEntry": {
        "date": "When it was reported.",
        "forecast": "A re-forecast: the forecast from that date on.",
        "due": "A re-baseline: the deadline from that date on (an approved change, not slip).",
        "status": "cancelled: the milestone is dropped from that date on.",
        "actual": "Reported achieved on this date.",
        "reason": "Why (required for a re-baseline or a cancellation).",
    },
}
_COMMON = {
    "source": "Where this comes from (document and section).",
    "description": "Free text.",
    "notes": "Free text.",
    "abolished": "The last day the organisation exists (a date or period).",
}


class SchemaFile(StrEnum):
    """Which plan file the schema describes."""

    any = "any"
    organisations = "organisations"
    timeline = "timeline"
    milestones = "milestones"


@app.command(
    "schema",
    short_help="JSON Schema of the plan files, for editors.",
    epilog=examples(
        "transition schema --output plan.schema.json",
        "# then, on the first line of a plan file:",
        "# yaml-language-server: $schema=plan.schema.json",
    ),
)
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the schema to FILE instead of stdout."
        ),
    ] = None,
    file: Annotated[
        SchemaFile,
        typer.Option(
            "--file",
            help="The file to describe: any (default: accepts every plan file), organisations, "
            "timeline or milestones.",
        ),
    ] = SchemaFile.any,
) -> None:
    """Print a JSON Schema of the plan files, for editors (YAML language server)."""
    emit(json.dumps(build_schema(file.value), indent=2, ensure_ascii=False) + "\n", output)


def build_schema(kind: str = "any") -> dict[str, Any]:
    """The JSON Schema of one kind of plan file, or of any of them."""
    from pydantic.json_schema import models_json_schema

    from ..model import MilestonesFile, OrganisationsFile, PlanModel, TimelineFile

    files: dict[str, type[PlanModel]] = {
        "organisations": OrganisationsFile,
        "timeline": TimelineFile,
        "milestones": MilestonesFile,
    }
    _, generated = models_json_schema(
        [(model, "validation") for model in files.values()],
        ref_template="#/definitions/{model}",
    )
    definitions: dict[str, Any] = generated["$defs"]
    _adjust(definitions)
    if kind == "any":
        top: dict[str, Any] = {
            "title": "transition plan file",
            "description": "An organisations file, a timeline file or an extra milestones file.",
            "anyOf": [{"$ref": f"#/definitions/{model.__name__}"} for model in files.values()],
        }
    else:
        name = files[kind].__name__
        top = dict(definitions[name])
    schema: dict[str, Any] = {"$schema": DRAFT, **top, "definitions": definitions}
    _drop_unused(schema)
    return schema


def _adjust(definitions: dict[str, Any]) -> None:
    """Make the generated schema accept what the loader accepts, and describe every key."""
    for name, definition in definitions.items():
        for key, text in _DESCRIPTIONS.get(name, {}).items():
            prop = definition.get("properties", {}).get(key)
            if prop is not None:
                prop.setdefault("description", text)
                prop.pop("title", None)
        for key, prop in definition.get("properties", {}).items():
            prop.pop("title", None)
            if key in _COMMON:
                prop.setdefault("description", _COMMON[key])
            _allow_numbers(prop)
    programme = definitions.get("Programme")
    if programme is not None and "ignore_warnings" in programme["properties"]:
        from ..checks import RULES
        from ..errors import Severity

        warnings = [code for code, rule in RULES.items() if rule.severity is Severity.WARNING]
        programme["properties"]["ignore_warnings"]["items"] = {"enum": warnings}
    settings = definitions.get("CalendarSettings")
    if programme is not None and settings is not None:
        # `calendar: working-days` is short for `calendar: {unit: working-days}`.
        calendar = programme["properties"]["calendar"]
        unit = settings["properties"]["unit"]
        programme["properties"]["calendar"] = {
            "anyOf": [{"enum": unit["enum"]}, {"$ref": "#/definitions/CalendarSettings"}],
            "description": calendar.get("description", ""),
        }
        days = settings["properties"]["working_week"]["items"]
        full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        days["enum"] = [*days["enum"], *full, *(d.title() for d in full)]
    dependency = definitions.get("Dependency")
    if dependency is not None:
        link = dependency["properties"]["type"]
        link["enum"] = [*link["enum"], *(t.lower() for t in link["enum"])]
        depends_on = definitions["Milestone"]["properties"]["depends_on"]
        depends_on["items"] = {
            "anyOf": [
                {**dependency["properties"]["id"], "description": "A milestone id (FS, no lag)."},
                {"$ref": "#/definitions/Dependency"},
            ]
        }


def _allow_numbers(node: Any) -> None:
    """Dates and durations may be YAML numbers (`due: 2012`, `duration: 0`)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and (
            str(node.get("description", "")).startswith("A date or period")
            or "wd)" in str(node.get("pattern", ""))
        ):
            node["type"] = ["string", "integer"]
        for value in node.values():
            _allow_numbers(value)
    elif isinstance(node, list):
        for value in node:
            _allow_numbers(value)


def _drop_unused(schema: dict[str, Any]) -> None:
    """Remove definitions nothing refers to (pydantic adds some for serialisation)."""
    definitions: dict[str, Any] = schema["definitions"]
    used: set[str] = set()
    pending = [{k: v for k, v in schema.items() if k != "definitions"}]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                name = ref.rsplit("/", 1)[-1]
                if name not in used:
                    used.add(name)
                    pending.append(definitions[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    for name in list(definitions):
        if name not in used:
            del definitions[name]
