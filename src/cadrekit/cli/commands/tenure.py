"""``cadrekit tenure FILE``: tenure grades (任期考核) from the annual results of the term."""

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

FromOpt = Annotated[int | None, typer.Option("--from", help="First year of the term.")]
ToOpt = Annotated[int | None, typer.Option("--to", help="Last year of the term.")]


@app.command("tenure")
def tenure_command(
    file: InputFile,
    term_from: FromOpt = None,
    term_to: ToOpt = None,
    rules: RulesOpt = None,
    year: YearOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """Tenure assessment (任期考核): each cadre's grade over the term, with the reason.

    Reads the 历年考核 sheet and the assessment year's own result. Formerly
    `cadrekit score FILE --kind tenure` (still accepted).

    Example: cadrekit tenure roster.xlsx --from 2022 --to 2024
    """
    from cadrekit.cli.commands import _kinds

    _kinds.tenure(file, rules, year, term_from, term_to, fmt, output, force, lang)
