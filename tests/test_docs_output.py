"""Every output shown in README.md and docs/ (a ``<!-- cadrekit-run: … -->`` marker before a
```text block) is what the command prints now; fail naming the file, the line and a diff."""

import importlib.util
import subprocess
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


def test_no_pasted_run_output() -> None:
    """A fenced block that shows a run (``$ cadrekit …``, ``$ python scripts/…``) has a marker."""
    pasted = []
    for path in GEN.doc_files():
        lines = path.read_text(encoding="utf-8").split("\n")
        for at in range(1, len(lines) - 1):
            opens = lines[at].strip().startswith("```") and lines[at].strip() != "```"
            shows = lines[at + 1].startswith(("$ cadrekit", "$ python scripts/"))
            if opens and shows and not GEN.MARKER.match(lines[at - 1].strip()):
                pasted.append(f"{path.relative_to(ROOT)}:{at + 1}")
    assert not pasted, f"output pasted by hand (add a cadrekit-run marker): {pasted}"


def _git_status() -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _marked(tmp_path: Path, command: str):
    doc = tmp_path / "page.md"
    doc.write_text(f"<!-- cadrekit-run: {command} -->\n```text\n```\n", encoding="utf-8")
    (block,) = GEN.blocks(doc)
    return doc, block


def test_a_chain_runs_in_a_scratch_folder(tmp_path: Path) -> None:
    """The steps share one folder that is not the repository: the second step reads what the
    first wrote, a sample is read through ``data/``, and the repository gains no file."""
    name = "chain-probe-rules.yaml"
    command = (
        f"cadrekit rules init -o {name} && cadrekit rules check {name}"
        f" && cadrekit weights ahp data/samples/ahp-township.yaml --into {name}"
        " --track township-chief --format csv | head -2"
    )
    doc, block = _marked(tmp_path, command)
    before = _git_status()
    try:
        new = GEN.fresh(block)
    finally:
        made = (ROOT / name).exists()
        (ROOT / name).unlink(missing_ok=True)
    assert not made, "a chain step wrote into the repository root"
    assert _git_status() == before
    assert new == (
        f"$ cadrekit rules init -o {name}\n已写入 {name}\n"
        f"$ cadrekit rules check {name}\n{name}：无误\n"
        "$ cadrekit weights ahp data/samples/ahp-township.yaml"
        f" --into {name} --track township-chief --format csv | head -2\n"
        "指标,权重\n经济发展,0.3629\n"
        f"已写入 {name} 赛道 township-chief：经济发展 0.3629, 乡村振兴 0.3261, 安全稳定 0.1630,"
        " 党的建设 0.1480\n"
    )
    doc.write_text(GEN.render(doc), encoding="utf-8")
    assert GEN.blocks(doc)[0].current == new


def test_a_failing_step_stops_the_chain(tmp_path: Path) -> None:
    _, block = _marked(
        tmp_path, "cadrekit rules check no-such-rules.yaml && cadrekit rules init -o never.yaml"
    )
    new = GEN.fresh(block)
    assert new.startswith("$ cadrekit rules check no-such-rules.yaml\n错误: 找不到规则文件")
    assert new.endswith("\nexit 2\n")
    assert "$ cadrekit rules init" not in new
    assert not (ROOT / "never.yaml").exists()


@pytest.mark.parametrize(
    "command",
    [
        "python scripts/candidates_copy.py a.xlsx b.xlsx A0001",  # alone it would run in ROOT
        "cadrekit rules init -o r.yaml && rm r.yaml",
        "cadrekit rules init -o r.yaml && python -c 'print(1)'",
    ],
)
def test_a_step_is_cadrekit_or_a_script_of_the_repository(tmp_path: Path, command) -> None:
    with pytest.raises(SystemExit, match="cannot be"):
        _marked(tmp_path, command)
