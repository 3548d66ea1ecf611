"""``cadrekit carry FILE -o NEXT.xlsx``: next year's input workbook from a scored year."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    DecisionsOpt,
    ForceOpt,
    InputFile,
    Lang,
    LangOpt,
    RulesOpt,
    YearOpt,
)

NextOpt = Annotated[
    Path,
    typer.Option(
        "-o", "--output", help="下一年度的输入工作簿（.xlsx） / next year's input workbook."
    ),
]


@app.command("carry")
def carry_command(
    file: InputFile,
    output: NextOpt,
    rules: RulesOpt = None,
    year: YearOpt = None,
    force: ForceOpt = False,
    decisions: DecisionsOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """结转：把已评分的年度转为下一年度的输入工作簿。

    Scores FILE (its 决定 sheet applied) and writes next year's workbook: the roster with
    its people, units and posts (indicators, votes, quarterly grades and 考核状态 blank, to
    fill), 历年考核 with this year's final grades and scores added, 监督信息 and 教育培训
    kept, 纪实记录, 专项考核, 拟提拔人选, 决定 and 测评票 emptied; drawn as the input template
    is (header formats, comments, drop-downs, 宋体, frozen header). Scored with no 纪实记录 dated,
    the new workbook's year is the one after its latest 历年考核 year. Refuses to replace
    an existing file without --force.

    Example: cadrekit carry 2025年度干部考核.xlsx -o 2026年度干部考核.xlsx
    """
    from cadrekit import api

    done = api.carry(file, output, rules=rules, year=year, force=force, decisions=decisions)
    if lang.value == "zh":
        text = (
            f"已结转 {done.year} 年度 {done.cadres} 名干部的最终等次到历年考核，"
            f"下一年度（{done.next_year}）输入工作簿 → {done.path}"
        )
    else:
        text = (
            f"carried the final grades of {done.cadres} cadres for {done.year} into 历年考核;"
            f" next year's ({done.next_year}) input workbook → {done.path}"
        )
    typer.echo(text, err=True)
