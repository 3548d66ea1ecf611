"""Printing errors and problem reports on stderr (rich when it is a terminal)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from cadrekit.errors import CadrekitError

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

# stderr in a file or a pipe (2>log.txt, CI logs): rich would wrap at 80 columns and split
# one message or table row over several log lines; this width keeps them whole
LOG_WIDTH = 200


def stderr_console(*, soft_wrap: bool = True, file: Any = None) -> Console:
    """The rich console for messages on stderr: as wide as the terminal on a terminal,
    ``LOG_WIDTH`` columns with no word wrap otherwise. ``file``: a stand-in for
    ``sys.stderr`` (batch's, which survives a closed pipe)."""
    from rich.console import Console

    where: dict[str, Any] = {"file": file} if file is not None else {"stderr": True}
    if sys.stderr.isatty():
        return Console(**where, highlight=False, soft_wrap=soft_wrap)
    return Console(**where, highlight=False, soft_wrap=True, width=LOG_WIDTH)


def print_error(exc: CadrekitError, lang: str = "zh") -> None:
    """One red line on stderr (plus each problem when the error carries some)."""
    console = stderr_console()
    from cadrekit.errors import EXIT_INTERNAL

    if exc.exit_code == EXIT_INTERNAL:  # a bug cadrekit caught in itself (InternalError)
        label = "internal error" if lang == "en" else "内部错误"
    else:
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


def report_invalid(exc: CadrekitError, lang: str, name: str) -> None:
    """Every validation problem on stderr (the loader's report), then a summary line
    (``score`` and ``publicity`` when the input has errors)."""
    from cadrekit.render import problems as report

    problems = exc.problems
    console = stderr_console(soft_wrap=False)
    report.print_table(problems, console, lang, file=name)
    console.print(report.summary_line(problems, lang, file=name), style="red")
    console.print(exc.message(lang), style="bold red", markup=False)
