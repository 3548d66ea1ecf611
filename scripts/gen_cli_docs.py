"""Write docs/cli/<command>.md from each command's --help, so the reference never drifts.

Run: python scripts/gen_cli_docs.py        (tests/test_docs_cli.py fails when it is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "CADREKIT_LANG": "zh"}


def command_paths() -> list[list[str]]:
    """Every command and sub-command, as argument lists: [[], ["score"], ["rules", "show"], …]."""
    import typer

    from cadrekit.cli.app import _register, app

    _register()
    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(cmd: object, prefix: list[str]) -> None:
        subs = getattr(cmd, "commands", {})
        for name in sorted(subs):
            paths.append([*prefix, name])
            walk(subs[name], [*prefix, name])

    walk(root, [])
    return paths


def help_text(path: list[str]) -> str:
    from typer.testing import CliRunner

    from cadrekit.cli.app import app

    result = CliRunner().invoke(app, [*path, "--help"], env=ENV, prog_name="cadrekit")
    lines = [line.rstrip() for line in result.output.splitlines()]
    return "\n".join(lines).strip() + "\n"


def render_all() -> dict[Path, str]:
    pages: dict[Path, str] = {}
    index = ["# Command reference\n", "Generated from `--help` by `scripts/gen_cli_docs.py`.\n"]
    for path in command_paths():
        name = " ".join(["cadrekit", *path])
        stem = "-".join(path) or "cadrekit"
        body = f"# `{name}`\n\n```text\n{help_text(path)}```\n"
        pages[DOCS / f"{stem}.md"] = body
        index.append(f"- [`{name}`]({stem}.md)")
    pages[DOCS / "index.md"] = "\n".join(index) + "\n"
    return pages


def main() -> int:
    DOCS.mkdir(parents=True, exist_ok=True)
    pages = render_all()
    for old in DOCS.glob("*.md"):
        if old not in pages:
            old.unlink()
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
