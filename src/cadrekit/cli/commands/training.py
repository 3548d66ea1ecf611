"""``cadrekit training FILE``: training hours against the requirement of each cadre's layer."""

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
    limit_options,
)

TrainingYearOpt = Annotated[
    int | None, typer.Option("--year", help="Training year; default: the latest on the sheet.")
]
ByOpt = Annotated[
    str, typer.Option("--by", help="cadre: one row per cadre; unit: coverage per unit and track.")
]
BelowOpt = Annotated[bool, typer.Option("--below", help="Only cadres below the requirement.")]


@app.command("training")
@limit_options
def training_command(
    file: InputFile,
    year: TrainingYearOpt = None,
    by: ByOpt = "unit",
    below: BelowOpt = False,
    rules: RulesOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """教育培训: hours per cadre in the year against the requirement of their layer.

    Per unit and track (default): cadres, how many met the hours, the share, whether
    coverage is full (全覆盖), how many miss a required topic, and the names below the
    requirement. --by cadre lists every cadre (--below: only those short). Requirements
    come from the rules' training section.

    Example: cadrekit training roster.xlsx --year 2025 --by cadre --below
    """
    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.render.output import resolve_format

    fmt_name = resolve_format(fmt, output, formats=out.FORMATS)
    table = api.training(file, rules, year, by=by, below=below)
    per, shown, frame = table.meta["per_cadre"], table.meta["year"], table.frame
    title = f"{shown} 年度教育培训" if lang == "zh" else f"Training {shown}"
    out.emit(
        frame,
        fmt_name,
        lang=str(lang.value),
        output=output,
        force=force,
        inputs=(file,),
        title=title,
    )
    n, met = len(per), int(per["met"].sum())
    out.say(
        f"{shown} 年度：{n} 人，达到学时要求 {met} 人（{met / n:.0%}）"
        if lang == "zh" and n
        else f"{shown}: {met} of {n} cadres met the hours"
    )
