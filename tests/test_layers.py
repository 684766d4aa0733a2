"""The package's shape: the layers and cycles are import-linter's contracts (pyproject.toml,
run by .ci/run); what they cannot see is asserted here. No module takes another module's
private name, and every module sits in a layer's package."""

from __future__ import annotations

import ast
from pathlib import Path

import fairstats

PACKAGE = Path(fairstats.__file__).resolve().parent
LAYERS = {"cli", "output", "reports", "engine", "input", "model"}


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_imports_a_private_name_of_another() -> None:
    taken = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.module}.{alias.name}"
        for path in sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("fairstats")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert taken == []


def test_every_module_sits_in_a_layer() -> None:
    outside = [
        str(path.relative_to(PACKAGE))
        for path in sources()
        if (path.parent == PACKAGE and path.name not in ("__init__.py", "__main__.py"))
        or (path.parent != PACKAGE and path.relative_to(PACKAGE).parts[0] not in LAYERS)
    ]
    assert outside == []
