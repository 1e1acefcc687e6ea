"""The house layering holds: imports point one way, and heavy libraries stay where they belong."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "nhs_transition"
CORE = ("errors", "dates", "model", "checks", "schedule", "slippage", "weekly", "trend")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                names.add("." + (node.module or "").split(".")[0])
            elif node.module:
                names.add(node.module.split(".")[0])
    return names


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_libraries_stay_in_their_layer(path: Path) -> None:
    rel = path.relative_to(PACKAGE).as_posix()
    imports = _imports(path)
    if "typer" in imports or "click" in imports:
        assert rel.startswith("cli/"), f"{rel} imports typer: only cli/ may"
    assert "click" not in imports, "typer bundles its own click: do not import click"
    if "rich" in imports:
        assert rel.startswith(("cli/", "render/")), f"{rel} imports rich: only render/ and cli/ may"
    if "yaml" in imports:
        assert rel == "yamlsrc.py", f"{rel} imports yaml: only yamlsrc.py may"


@pytest.mark.parametrize("name", CORE)
def test_core_does_no_io_and_reads_no_clock(name: str) -> None:
    path = PACKAGE / f"{name}.py"
    source = path.read_text(encoding="utf-8")
    imports = _imports(path)
    for forbidden in ("typer", "rich", "yaml", "subprocess", "os", "sys"):
        assert forbidden not in imports, f"{name}.py imports {forbidden}"
    for call in ("date.today(", "datetime.now(", "print(", "open(", "sys.exit("):
        assert call not in source, f"{name}.py calls {call}"
    for upper in (".load", ".render", ".cli", ".history"):
        assert upper not in imports, f"{name}.py imports {upper}: imports must point one way"
