"""Keep the arrows one way: cli → batch → api → insight → render/weights → engine/load →
rules/io → models → errors → problems.

Every package and top-level module of cadrekit has a layer; a module may import only from
a lower layer (or its own package). Peers in one layer (engine and load, render and
weights, rules and io) do not import each other. ``from cadrekit import __version__`` is
allowed everywhere. Each module also imports on its own.
"""

import ast
import importlib
import pkgutil
from pathlib import Path

import cadrekit

SRC = Path(cadrekit.__file__).parent

#: Lowest first; one tuple is one layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("problem_votes", "problem_decisions"),
    ("problems", "idnumber"),
    ("errors",),
    ("models",),
    ("rules", "io"),
    ("engine", "load"),
    ("render", "weights"),
    ("insight",),
    ("api",),
    ("batch",),
    ("cli",),
    ("__main__",),
)
RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}
#: Third-party libraries a layer must not use (the engine and models never touch files,
#: workbooks or the CLI; only the CLI uses typer).
THIRD_PARTY = {
    "engine": ("openpyxl", "typer", "xlsxwriter"),
    "models": ("typer",),
    "load": ("typer",),
    "render": ("typer",),
    "io": ("typer",),
    "insight": ("typer",),
    "weights": ("typer",),
    "api": ("typer",),
    "batch": ("typer",),
}


def _package(path: Path) -> str:
    """``engine`` for engine/grade.py, ``api`` for api.py or api/…, ``<root>`` for __init__.py."""
    first = path.relative_to(SRC).parts[0]
    return "<root>" if first == "__init__.py" else first.removesuffix(".py")


def _imports(path: Path) -> set[str]:
    """Every ``cadrekit…`` module or third-party name the file imports (``from cadrekit
    import api`` counts as ``cadrekit.api``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "cadrekit":
                names.update(f"cadrekit.{a.name}" for a in node.names if a.name != "__version__")
            else:
                names.add(node.module)
    return names


def _target(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "cadrekit" and len(parts) > 1 else None


def test_every_package_has_a_layer() -> None:
    found = {_package(p) for p in SRC.rglob("*.py")} - {"<root>"}
    assert found <= set(RANK), f"give these a layer in LAYERS: {sorted(found - set(RANK))}"


def test_layers_import_only_downwards() -> None:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        me = _package(path)
        for name in sorted(_imports(path)):
            target = _target(name)
            if me == "<root>":  # the package's facade: cadrekit.api and what it returns
                ok = target is None or target == "api" or RANK[target] < RANK["api"]
            elif target is None:
                ok = not name.startswith(THIRD_PARTY.get(me, ()))
            else:
                ok = target == me or RANK[target] < RANK[me]
            if not ok:
                wrong.append(f"{path.relative_to(SRC)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_no_private_names_across_packages() -> None:
    """``from cadrekit.x import _private`` only inside package x (cli.commands modules
    share their own ``_insight`` helpers)."""
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        me = _package(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("cadrekit.")
            ):
                if _target(node.module) == me:
                    continue
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private:
                    wrong.append(f"{path.relative_to(SRC)} imports {private} from {node.module}")
    assert not wrong, "\n".join(wrong)


def test_cli_commands_do_not_import_each_other() -> None:
    """A command module imports shared helpers (``_insight``, ``options``), never another
    command (score ⇄ _publicity was a cycle)."""
    commands = SRC / "cli" / "commands"
    verbs = {p.stem for p in commands.glob("*.py") if not p.stem.startswith("_")}
    wrong = []
    for path in sorted(commands.glob("*.py")):
        for name in _imports(path):
            other = name.rsplit(".", 1)[-1]
            if name.startswith("cadrekit.cli.commands.") and other in verbs and other != path.stem:
                wrong.append(f"{path.name} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_every_module_imports_on_its_own() -> None:
    for info in pkgutil.walk_packages([str(SRC)], prefix="cadrekit."):
        if info.name == "cadrekit.__main__":
            continue
        importlib.import_module(info.name)
