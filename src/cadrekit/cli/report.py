"""Printing errors and problem reports on stderr (rich when it is a terminal)."""

from __future__ import annotations

import sys

from cadrekit.errors import CadrekitError


def print_error(exc: CadrekitError, lang: str = "zh") -> None:
    """One red line on stderr (plus each problem when the error carries some)."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    label = "error" if lang == "en" else "错误"
    console.print(f"[bold red]{label}:[/] ", end="")
    console.print(exc.message(lang), markup=False)
    for problem in exc.problems[:50]:
        where = problem.location or problem.sheet
        console.print(f"  {where}: {problem.title(lang)} {problem.found} — {problem.hint(lang)}")
    if len(exc.problems) > 50:
        console.print(f"  … {len(exc.problems) - 50} more")
    sys.stderr.flush()
