"""The command reference in docs/cli/ is generated from --help; fail when it is stale."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts/gen_cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    pages = _generator().render_all()
    stale = [
        str(path.relative_to(ROOT))
        for path, text in pages.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    extra = sorted(
        str(p.relative_to(ROOT))
        for p in [*(ROOT / "docs/cli").glob("*.md"), *(ROOT / "docs/cli").glob("en/*.md")]
        if p not in pages
    )
    assert not stale and not extra, (
        f"run `python scripts/gen_cli_docs.py`: stale {stale}, extra {extra}"
    )


def test_the_reference_does_not_depend_on_what_was_imported_before() -> None:
    """The full suite imports command modules in its own order (CliRunner tests): the
    top-level command list must come out the same (CI once failed on rules/weights)."""
    import importlib

    for name in ("weights", "vet", "score"):
        importlib.import_module(f"cadrekit.cli.commands.{name}")
    pages = _generator().render_all()
    top = ROOT / "docs" / "cli" / "cadrekit.md"
    assert pages[top] == top.read_text(encoding="utf-8")
