"""Write docs/cli/<command>.md (Chinese, the default language) and docs/cli/en/<command>.md
(``--lang en``) from each command's --help, so the reference never drifts.

Run: python scripts/gen_cli_docs.py        (tests/test_docs_cli.py fails when it is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


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


def help_text(path: list[str], lang: str = "zh") -> str:
    """``cadrekit PATH --help`` as the entry point prints it in ``lang``, 100 columns."""
    import contextlib
    import io
    import os

    from cadrekit.cli.app import app
    from cadrekit.cli.help_zh import command_for

    saved = dict(os.environ)
    os.environ.update(ENV)
    buffer = io.StringIO()
    try:
        command = command_for(app, lang)
        with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
            command.main([*path, "--help"], prog_name="cadrekit", standalone_mode=False)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        command_for(app, "zh")
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return "\n".join(lines).strip() + "\n"


def render_all() -> dict[Path, str]:
    pages: dict[Path, str] = {}
    for lang, folder, title in (("zh", DOCS, "命令参考"), ("en", DOCS / "en", "Command reference")):
        note = (
            "由 `scripts/gen_cli_docs.py` 从 `--help` 生成"
            if lang == "zh"
            else "Generated from `--help --lang en` by `scripts/gen_cli_docs.py`"
        )
        other = (
            "English: [en/index.md](en/index.md)"
            if lang == "zh"
            else "中文：[../index.md](../index.md)"
        )
        index = [f"# {title}\n", f"{note}。{other}\n" if lang == "zh" else f"{note}. {other}\n"]
        for path in command_paths():
            name = " ".join(["cadrekit", *path])
            stem = "-".join(path) or "cadrekit"
            body = f"# `{name}`\n\n```text\n{help_text(path, lang)}```\n"
            pages[folder / f"{stem}.md"] = body
            index.append(f"- [`{name}`]({stem}.md)")
        pages[folder / "index.md"] = "\n".join(index) + "\n"
    return pages


def main() -> int:
    (DOCS / "en").mkdir(parents=True, exist_ok=True)
    pages = render_all()
    for old in [*DOCS.glob("*.md"), *DOCS.glob("en/*.md")]:
        if old not in pages:
            old.unlink()
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
