"""Rewrite every output shown in the docs from a real run, so no pasted output drifts.

A doc shows a command's output with a marker line directly before a fenced text block::

    <!-- cadrekit-run: cadrekit vet data/samples/county-2025.xlsx --date 2026-01-10 | head -3 -->
    ```text
    …the output…
    ```

The command runs from the repository root with a fixed environment (COLUMNS=100, LANG
C.UTF-8, no colour, no CADREKIT_LANG, TZ UTC); pin the day with the command's own option
(``--date``, ``--year``) where the output depends on it. What follows ``|`` filters stdout
through the shell (``| head -8``, ``| grep -v ',无,'``). The block holds stdout, then
stderr, then ``exit N`` when the command exits non-zero; lines lose trailing blanks. A
block whose first line is ``$ cadrekit …`` keeps that line. A table needs
``--format table`` (the run is not a terminal).

A chain is several steps joined by `` && ``, each ``cadrekit …`` or ``python
scripts/NAME.py …`` (run with this interpreter), for an output that needs a file made
first::

    <!-- cadrekit-run: cadrekit rules init -o rules.yaml && cadrekit rules check rules.yaml -->

A chain runs in a fresh temporary folder, not the repository root: what its steps write
stays there and is deleted after (a doc never writes into the repository). ``data`` and
``scripts`` in it are links to the repository's, so read the samples as ``data/…`` but
never write through those links. Same environment; a step's ``| filter`` filters that
step's stdout. The block shows, for each step, ``$ step`` and then what the step printed
(as above, ``exit N`` included); the chain stops at the first step that exits non-zero.
`` && `` always separates steps (it cannot appear inside a filter).

Run: python scripts/gen_docs_output.py          rewrite the blocks
     python scripts/gen_docs_output.py --check  list the stale ones (exit 1)
(tests/test_docs_output.py fails when a block differs from a fresh run.)
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^<!-- cadrekit-run: (?P<command>(?:cadrekit\b|python scripts/).*?) -->$")
STEP = re.compile(r"^(cadrekit|python scripts/[\w.-]+\.py)(\s|$)")
LINKED = ("data", "scripts")  # a chain's folder links to these of the repository
ENV = {
    "COLUMNS": "100",
    "LINES": "50",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "TZ": "UTC",
    "PYTHONHASHSEED": "0",
}


@dataclass(frozen=True)
class Block:
    """One marked block: the doc, the marker's line (1-based), the command, the text now."""

    path: Path
    line: int
    command: str
    current: str
    prompt: bool  # the block starts with ``$ cadrekit …``

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def doc_files() -> list[Path]:
    """README.md, every page of docs/ (docs/cli/ is generated from --help instead) and the
    samples' README."""
    pages = [p for p in sorted((ROOT / "docs").rglob("*.md")) if "cli" not in p.parts[-2:-1]]
    return [ROOT / "README.md", *pages, ROOT / "data" / "samples" / "README.md"]


def blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").split("\n")
    found: list[Block] = []
    for at, line in enumerate(lines):
        match = MARKER.match(line.strip())
        if not match:
            continue
        if at + 1 >= len(lines) or lines[at + 1].strip() != "```text":
            raise SystemExit(f"{path.relative_to(ROOT)}:{at + 1}: a ```text block must follow")
        end = next((i for i in range(at + 2, len(lines)) if lines[i].strip() == "```"), None)
        if end is None:
            raise SystemExit(f"{path.relative_to(ROOT)}:{at + 2}: the ```text block is not closed")
        _check_steps(path, at + 1, match["command"])
        body = lines[at + 2 : end]
        prompt = bool(body) and body[0].startswith("$ cadrekit")
        text = "\n".join(body) + "\n" if body else ""
        found.append(Block(path, at + 1, match["command"], text, prompt))
    return found


def _check_steps(path: Path, line: int, command: str) -> None:
    """A single command is ``cadrekit …`` (it runs in the repository root); a chain's steps
    are ``cadrekit …`` or ``python scripts/NAME.py …``."""
    chain = steps(command)
    for step in chain:
        if not STEP.match(step) or (len(chain) == 1 and not step.startswith("cadrekit")):
            what = "a chain's step" if len(chain) > 1 else "a single command"
            raise SystemExit(f"{path}:{line}: {what} cannot be `{step}`")


def _executable() -> str:
    beside = Path(sys.executable).parent / "cadrekit"
    return str(beside) if beside.exists() else (shutil.which("cadrekit") or "cadrekit")


def steps(command: str) -> list[str]:
    """A chain's steps (one for a single command)."""
    return [step.strip() for step in command.split(" && ")]


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CADREKIT_")} | ENV
    env["PATH"] = f"{Path(_executable()).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _step(command: str, cwd: Path, env: dict[str, str]) -> tuple[str, int]:
    """What one command shows (stdout filtered, stderr, ``exit N``) and its exit status."""
    head, _, pipe = command.partition("|")
    args = shlex.split(head)
    program = _executable() if args[0] == "cadrekit" else sys.executable  # python scripts/…
    done = subprocess.run(
        [program, *args[1:]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )
    out = done.stdout
    if pipe.strip():
        filtered = subprocess.run(
            ["bash", "-c", pipe], input=out, capture_output=True, text=True, cwd=cwd, env=env
        )
        out = filtered.stdout
    text = out + done.stderr + (f"exit {done.returncode}\n" if done.returncode else "")
    return "".join(line.rstrip() + "\n" for line in text.splitlines()), done.returncode


def run(command: str) -> str:
    """What the block shows for ``command``: stdout (filtered), stderr, ``exit N``."""
    return _step(command, ROOT, _environment())[0]


def run_chain(command: str) -> str:
    """What the block shows for a chain: ``$ step`` and its output, up to the first failure,
    each step run in one scratch folder (with ``data`` and ``scripts`` linked)."""
    env = _environment()
    shown: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cadrekit-docs-") as scratch:
        for name in LINKED:
            (Path(scratch) / name).symlink_to(ROOT / name, target_is_directory=True)
        for step in steps(command):
            text, status = _step(step, Path(scratch), env)
            shown.append(f"$ {step}\n{text}")
            if status:
                break
    return "".join(shown)


def fresh(block: Block) -> str:
    if len(steps(block.command)) > 1:
        return run_chain(block.command)
    output = run(block.command)
    return f"$ {block.command}\n{output}" if block.prompt else output


def render(path: Path) -> str:
    """``path`` with every marked block replaced by a fresh run."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for block in reversed(blocks(path)):
        start = block.line + 1  # 0-based index of the first body line
        end = start + len(block.current.splitlines())
        lines[start:end] = fresh(block).rstrip("\n").split("\n")
    return "\n".join(lines)


def diff(block: Block, new: str) -> str:
    lines = difflib.unified_diff(
        block.current.splitlines(), new.splitlines(), "in the doc", "a fresh run", lineterm=""
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = 0
    for path in doc_files():
        found = blocks(path)
        if not found:
            continue
        if check:
            for block in found:
                new = fresh(block)
                if new != block.current:
                    stale += 1
                    print(
                        f"{block.where()}: `{block.command}` prints otherwise\n{diff(block, new)}"
                    )
            continue
        text = render(path)
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            print(f"rewrote {path.relative_to(ROOT)}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
