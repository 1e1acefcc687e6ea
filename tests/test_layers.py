"""The house layering holds: imports point one way, and heavy libraries stay where they belong."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "nhs_transition"
CORE = (
    "errors",
    "dates",
    "model",
    "plan",
    "record",
    "checks",
    "schedule",
    "slippage",
    "weekly",
    "trend",
    "diff",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level and node.module:
                names.add("." + node.module.split(".")[0])
            elif node.level:  # `from .. import load`: the names are the modules
                names.update("." + alias.name for alias in node.names)
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
        assert rel.startswith("yamlsrc/"), f"{rel} imports yaml: only yamlsrc/ may"


def _core_files() -> list[Path]:
    """Each core module, or every module of a core package."""
    files: list[Path] = []
    for name in CORE:
        module = PACKAGE / f"{name}.py"
        files += [module] if module.exists() else sorted((PACKAGE / name).glob("*.py"))
    return files


def test_every_core_module_exists() -> None:
    for name in CORE:
        assert (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists(), name


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_does_no_io_and_reads_no_clock(path: Path) -> None:
    name = path.relative_to(PACKAGE).as_posix()
    source = path.read_text(encoding="utf-8")
    imports = _imports(path)
    for forbidden in ("typer", "rich", "yaml", "subprocess", "os", "sys"):
        assert forbidden not in imports, f"{name} imports {forbidden}"
    for call in ("date.today(", "datetime.now(", "print(", "open(", "sys.exit("):
        # a call of that name, not a method or function that ends with it (`is_open(`)
        assert not re.search(r"(?<![\w])" + re.escape(call), source), f"{name} calls {call}"
    for upper in (".load", ".render", ".cli", ".history"):
        assert upper not in imports, f"{name} imports {upper}: imports must point one way"
