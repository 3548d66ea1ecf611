"""``cadrekit special FILE --task NAME``: one special assessment (专项考核) ranked per track."""

from __future__ import annotations

from typing import Annotated

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    ForceOpt,
    FormatOpt,
    InputFile,
    Lang,
    LangOpt,
    OutputOpt,
    RulesOpt,
    YearOpt,
)

TaskOpt = Annotated[
    str | None,
    typer.Option("--task", help="The special assessment to rank (e.g. 森林防灭火)."),
]


@app.command("special")
def special_command(
    file: InputFile,
    task: TaskOpt = None,
    rules: RulesOpt = None,
    year: YearOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """Rank one special assessment (专项考核) from the 专项考核 sheet within each track.

    Without --task the error lists the tasks on the sheet. Formerly
    `cadrekit score FILE --kind special --task NAME` (still accepted).

    Example: cadrekit special roster.xlsx --task 森林防灭火
    """
    from cadrekit.cli.commands import _kinds

    _kinds.special(file, task, rules, year, fmt, output, force, lang)
