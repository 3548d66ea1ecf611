"""``cadrekit profile FILE ID``: one cadre across years (干部画像), on screen or on paper."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    ForceOpt,
    InputFile,
    Lang,
    LangOpt,
    OutputOpt,
    RulesOpt,
    YearOpt,
    limit_options,
)


class ProfileFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"


IdArg = Annotated[
    str, typer.Argument(help="The cadre's id (or name, when unique).", show_default=False)
]
ProfileFormatOpt = Annotated[
    ProfileFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table (the terminal), json, or html (one printable A4 page); "
        "default: from the -o suffix, else table on a terminal and json when piped.",
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Day the influence periods are judged on (YYYY-MM-DD); default: 31 December of the year.",
    ),
]


@app.command("profile")
@limit_options
def profile_command(
    file: InputFile,
    key: IdArg,
    rules: RulesOpt = None,
    year: YearOpt = None,
    date: DateOpt = None,
    fmt: ProfileFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """干部画像: one cadre across years on one screen, or one printable page (-o 画像.html).

    Grades by year (历年考核 and this year), this year's 纪实记录 by category with points and
    what the engine counted, 监督信息 with their 影响期, quarterly grades, training hours,
    years in post and in rank (time in post stands in without a 任现职级时间), the current
    limit and the cadre's rows on the 能上 / 能下 lists. Nothing is recomputed.

    Example: cadrekit profile roster.xlsx A0012 -o 画像.html
    """
    import json

    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.render.output import resolve_format
    from cadrekit.render.profile import print_profile, render_html

    day = None if date is None else out.parse_date(date)
    name = resolve_format(fmt, output, formats=("table", "json", "html"), piped="json")
    doc = api.profile(file, key, rules, year, day)
    if name == "table":
        print_profile(doc)
        return
    body = (
        render_html(doc) if name == "html" else json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    )
    out.write_text(body, output, force=force, inputs=(file,))
    if output is not None:
        out.say(f"已写入 {output}" if lang == "zh" else f"wrote {output}")
