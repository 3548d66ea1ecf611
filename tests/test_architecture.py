"""Keep the arrows one way: cli → api → load/engine/render → models."""

import ast
import importlib
import pkgutil
from pathlib import Path

import cadrekit

SRC = Path(cadrekit.__file__).parent
FORBIDDEN = {
    "engine": ("cadrekit.io", "cadrekit.render", "cadrekit.cli", "openpyxl", "typer", "xlsxwriter"),
    "models": ("cadrekit.io", "cadrekit.render", "cadrekit.cli", "cadrekit.engine", "typer"),
    "load": ("cadrekit.render", "cadrekit.cli", "typer"),
    "render": ("cadrekit.cli", "typer"),
    "io": ("cadrekit.engine", "cadrekit.render", "cadrekit.cli", "typer"),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_layers_import_only_downwards() -> None:
    wrong = []
    for package, banned in FORBIDDEN.items():
        for path in sorted((SRC / package).rglob("*.py")):
            for name in _imports(path):
                if name.startswith(banned):
                    wrong.append(f"{path.relative_to(SRC)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_every_module_imports_on_its_own() -> None:
    for info in pkgutil.walk_packages([str(SRC)], prefix="cadrekit."):
        if info.name == "cadrekit.__main__":
            continue
        importlib.import_module(info.name)
