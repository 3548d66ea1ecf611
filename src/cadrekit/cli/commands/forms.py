"""``cadrekit forms FILE -o 登记表/``: each cadre's 年度考核登记表 as an A4 Word document."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    ForceOpt,
    InputFile,
    Lang,
    LangOpt,
    RulesOpt,
    YearOpt,
    limit_options,
)


class FormKind(StrEnum):
    civil = "civil"
    institution = "institution"


FormsOutputOpt = Annotated[
    Path,
    typer.Option(
        "-o",
        "--output",
        help="The folder for the files (made when missing); with --one-file, the .docx file.",
        show_default=False,
    ),
]
OneFileOpt = Annotated[
    bool, typer.Option("--one-file", help="One document, a page per cadre, instead of a folder.")
]
FormsUnitOpt = Annotated[
    list[str] | None, typer.Option("--unit", help="Only cadres of this unit; repeatable.")
]
FormOpt = Annotated[
    FormKind | None,
    typer.Option(
        "--form",
        help="civil: 公务员年度考核登记表; institution: 事业单位工作人员年度考核登记表; "
        "default: institution under rules named 事业单位… (--rules institution), else civil.",
    ),
]


@app.command("forms")
@limit_options
def forms_command(
    file: InputFile,
    output: FormsOutputOpt,
    unit: FormsUnitOpt = None,
    one_file: OneFileOpt = False,
    form: FormOpt = None,
    rules: RulesOpt = None,
    year: YearOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """年度考核登记表: each cadre's registration form, pre-filled, as A4 .docx.

    Filled from the roster and the result: 姓名, 性别 (from the 身份证号), 出生年月, 单位及职务,
    任现职时间, 综合得分, 考核等次, the rank in the track, the reason a grade was not set and
    notes; left blank for what people write: 个人总结, 主管领导评语, 审核意见, signatures
    and dates. One file per cadre (编号-姓名.docx) in the -o folder, or --one-file for one
    document. An existing file is never replaced without --force.

    Example: cadrekit forms roster.xlsx -o 登记表/ --unit 城关镇
    """
    from cadrekit import api
    from cadrekit.cli.commands import _insight as out

    chosen = None if form is None else form.value
    written = api.forms(
        file, output, rules, year, units=unit or (), one_file=one_file, form=chosen, force=force
    )
    where = output if one_file else f"{output}（{len(written.paths)} 个文件）"
    out.say(
        f"已写入 {written.count} 份{written.title}：{where}"
        if lang == "zh"
        else f"wrote {written.count} registration forms: {output}"
    )
