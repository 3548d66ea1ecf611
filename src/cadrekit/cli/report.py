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
    found_word = "found" if lang == "en" else "实际为"
    for problem in exc.problems[:50]:
        where = problem.location or problem.sheet
        found = f" ({found_word} {problem.found})" if problem.found else ""
        hint = problem.hint(lang)
        line = f"  {where + ': ' if where else ''}{problem.title(lang)}{found}" + (
            f" — {hint}" if hint else ""
        )
        console.print(line, markup=False)
    if len(exc.problems) > 50:
        more = len(exc.problems) - 50
        console.print(f"  … {more} more" if lang == "en" else f"  …… 另有 {more} 处")
    sys.stderr.flush()
