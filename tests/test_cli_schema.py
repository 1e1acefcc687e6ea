"""`transition schema`: a JSON Schema that editors can use, and that the real plan files satisfy.

No JSON Schema library is installed, so `conforms` below implements the few keywords the
generated schema uses (and fails loudly on any other, so it cannot pass by ignoring one).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nhs_transition.cli import app
from nhs_transition.load import packaged_plan
from nhs_transition.yamlsrc import parse

ENV = {"COLUMNS": "100", "NO_COLOR": "1"}
CASES = Path(__file__).parent / "cases"
runner = CliRunner()

_KNOWN = {
    "$schema", "$ref", "title", "description", "default", "definitions", "type", "properties",
    "required", "additionalProperties", "items", "anyOf", "enum", "pattern", "minLength",
    "maxLength", "minimum", "format", "const", "patternProperties", "propertyNames", "minItems",
}  # fmt: skip
_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "null": type(None),
    "boolean": bool,
}


def conforms(value: Any, node: dict[str, Any], root: dict[str, Any]) -> list[str]:
    """Why `value` does not satisfy the schema `node` (empty when it does)."""
    unknown = set(node) - _KNOWN
    assert not unknown, f"the test validator does not know {unknown}"
    if "$ref" in node:
        return conforms(value, root["definitions"][node["$ref"].rsplit("/", 1)[-1]], root)
    if "anyOf" in node:
        options = [conforms(value, option, root) for option in node["anyOf"]]
        return [] if any(not o for o in options) else [f"{value!r}: no option of anyOf fits"]
    problems: list[str] = []
    types = node.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        ok = any(
            (isinstance(value, int) and not isinstance(value, bool))
            if name == "integer"
            else isinstance(value, _TYPES[name])
            for name in names
        )
        if not ok:
            return [f"{value!r} is not {names}"]
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{value!r} not in {node['enum']}")
    if "const" in node and value != node["const"]:
        problems.append(f"{value!r} is not {node['const']!r}")
    if isinstance(value, str):
        if "pattern" in node and not re.search(node["pattern"], value):
            problems.append(f"{value!r} does not match {node['pattern']}")
        if len(value) < node.get("minLength", 0) or len(value) > node.get("maxLength", 10**9):
            problems.append(f"{value!r} has the wrong length")
    if isinstance(value, int) and "minimum" in node and value < node["minimum"]:
        problems.append(f"{value!r} < {node['minimum']}")
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key in node.get("required", []):
            if key not in value:
                problems.append(f"missing {key!r}")
        patterns = node.get("patternProperties", {})
        for key, item in value.items():
            if "propertyNames" in node:
                problems += conforms(key, node["propertyNames"], root)
            matched = [p for p in patterns if re.search(p, key)]
            if key in properties:
                problems += conforms(item, properties[key], root)
            elif matched:
                for p in matched:
                    problems += conforms(item, patterns[p], root)
            elif patterns or node.get("additionalProperties") is False:
                problems.append(f"unknown key {key!r}")
    if isinstance(value, list) and len(value) < node.get("minItems", 0):
        problems.append(f"{value!r} has too few items")
    if isinstance(value, list) and "items" in node:
        for item in value:
            problems += conforms(item, node["items"], root)
    return problems


def schema_of(*args: str) -> dict[str, Any]:
    """Run `transition schema ARGS` and parse what it prints."""
    result = runner.invoke(app, ["schema", *args], env=ENV)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def data_of(path: Path) -> Any:
    """A plan file's data as the loader sees it."""
    return parse(path.read_bytes().decode("utf-8-sig"), path.name).data


def plan_files() -> list[Path]:
    """Every plan file that must satisfy the schema: the shipped plan and the valid corpus."""
    files = sorted((CASES / "valid").rglob("*.yaml"))
    shipped = packaged_plan()
    files += sorted(p for p in shipped.glob("*.yaml") if p.name != "SOURCES.yaml")
    return files


@pytest.mark.parametrize("path", plan_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_plan_files_satisfy_the_schema(path: Path) -> None:
    schema = schema_of()
    assert conforms(data_of(path), schema, schema) == []


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"programme": {"id": "p", "name": "P", "start": "2010"}, "milestone": []}, "no option"),
        ({"organisations": [{"id": "a"}]}, "no option"),
        ({"organisations": [{"id": "Not A Slug", "name": "x"}]}, "no option"),
        (
            {"milestones": [{"id": "a", "title": "A", "owner": "o", "depends_on": [1.5]}]},
            "no option",
        ),
        ({"milestones": [{"id": "a", "title": "A", "owner": "o", "status": "late"}]}, "no option"),
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(data: dict[str, Any], problem: str) -> None:
    schema = schema_of()
    assert any(problem in p for p in conforms(data, schema, schema))


def test_per_file_schemas_name_their_keys_and_forbid_others() -> None:
    timeline = schema_of("--file", "timeline")
    assert timeline["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert timeline["required"] == ["programme"]
    assert timeline["additionalProperties"] is False
    assert set(timeline["properties"]) == {"programme", "milestones"}
    organisations = schema_of("--file", "organisations")
    assert set(organisations["properties"]) == {"organisations", "roles"}
    assert conforms({"programme": {}}, organisations, organisations) == ["unknown key 'programme'"]
    bad = {"programme": {"id": "p", "name": "P", "start": "2010"}, "milestone": []}
    assert conforms(bad, timeline, timeline) == ["unknown key 'milestone'"]


def test_every_plan_object_forbids_unknown_keys_and_describes_its_keys() -> None:
    definitions = schema_of()["definitions"]
    for name in ("Organisation", "Role", "Programme", "Milestone", "Dependency", "HistoryEntry"):
        definition = definitions[name]
        assert definition["additionalProperties"] is False, name
        for key, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{key} has no description"


def test_dates_and_durations_are_strings_or_numbers_with_help() -> None:
    milestone = schema_of()["definitions"]["Milestone"]["properties"]
    [due, _] = milestone["due"]["anyOf"]
    assert due["type"] == ["string", "integer"]
    assert "10 September 2010" in due["description"]
    assert milestone["duration"]["type"] == ["string", "integer"]
    assert re.search(milestone["duration"]["pattern"], "10wd")


def test_enums_and_required_keys() -> None:
    definitions = schema_of()["definitions"]
    assert definitions["Milestone"]["required"] == ["id", "title", "owner"]
    assert definitions["Role"]["required"] == ["id", "title", "organisation"]
    [status, _] = definitions["Milestone"]["properties"]["status"]["anyOf"]
    assert status["enum"] == ["blocked", "cancelled", "at-risk"]
    assert definitions["Dependency"]["properties"]["type"]["enum"][:4] == ["FS", "SS", "FF", "SF"]
    [unit, settings] = definitions["Programme"]["properties"]["calendar"]["anyOf"]
    assert unit["enum"] == ["calendar-days", "working-days"]
    calendar = definitions[settings["$ref"].rsplit("/", 1)[-1]]["properties"]
    assert calendar["holidays"]["enum"] == [
        "england-and-wales",
        "scotland",
        "northern-ireland",
        "none",
    ]
    assert "mon" in calendar["working_week"]["items"]["enum"]


def test_output_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.schema.json"
    result = runner.invoke(app, ["schema", "--output", str(target)], env=ENV)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == schema_of()
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_help_shows_the_modeline() -> None:
    result = runner.invoke(app, ["schema", "--help"], env=ENV)
    assert result.exit_code == 0
    assert "# yaml-language-server: $schema=plan.schema.json" in result.stdout
