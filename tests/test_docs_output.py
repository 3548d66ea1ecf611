"""Every output shown in README.md and docs/ (a ``<!-- cadrekit-run: … -->`` marker before a
```text block) is what the command prints now; fail naming the file, the line and a diff."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_docs_output", ROOT / "scripts/gen_docs_output.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


GEN = _generator()
BLOCKS = [block for path in GEN.doc_files() for block in GEN.blocks(path)]


def test_the_docs_show_output() -> None:
    """The pages the issue names carry markers (a pasted block can no longer slip in)."""
    marked = {block.path.relative_to(ROOT).as_posix() for block in BLOCKS}
    assert {
        "README.md",
        "docs/rules.md",
        "docs/commands/insight.md",
        "data/samples/README.md",
    } <= marked


@pytest.mark.parametrize("block", BLOCKS, ids=[block.where() for block in BLOCKS])
def test_block_is_a_fresh_run(block) -> None:
    new = GEN.fresh(block)
    assert new == block.current, (
        f"{block.where()}: `{block.command}` prints otherwise; "
        f"run `python scripts/gen_docs_output.py`\n{GEN.diff(block, new)}"
    )


def test_a_drifted_block_is_caught(tmp_path: Path) -> None:
    """The checker itself: a block edited by hand differs from the run, with a diff."""
    doc = tmp_path / "page.md"
    doc.write_text(
        "<!-- cadrekit-run: cadrekit rules show --help | grep -m1 用法 -->\n```text\n用法：old\n```\n",
        encoding="utf-8",
    )
    (block,) = GEN.blocks(doc)
    assert (block.line, block.command, block.current) == (
        1,
        "cadrekit rules show --help | grep -m1 用法",
        "用法：old\n",
    )
    new = GEN.fresh(block)
    assert new.strip().startswith("用法：cadrekit rules show")
    assert "-用法：old" in GEN.diff(block, new)
    doc.write_text(GEN.render(doc), encoding="utf-8")
    assert GEN.blocks(doc)[0].current == new
