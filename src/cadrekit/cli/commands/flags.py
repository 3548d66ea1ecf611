"""``cadrekit flags FILE``: the 能上能下 lists, each item with its evidence."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

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
    limit_options,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class FlagList(StrEnum):
    promotion = "promotion"
    adjustment = "adjustment"
    consequences = "consequences"
    risk = "risk"
    rank = "rank"


ListOpt = Annotated[
    list[FlagList] | None,
    typer.Option(
        "--list",
        "-l",
        help="Only these lists (repeatable); default: the first four. rank (职级晋升, "
        "every cadre) only when named.",
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Reference date YYYY-MM-DD of the promotion pool: a cadre in the influence "
        "period (影响期) of a verified sanction on it cannot be promoted; "
        "default: 31 December of the assessment year.",
    ),
]
DetailOpt = Annotated[
    bool,
    typer.Option("--detail", help="In the table, one row per item with its evidence."),
]
ShowRulesOpt = Annotated[
    bool,
    typer.Option(
        "--show-rules",
        help="In the table, a column with each item's rule path (CSV and JSON always have it).",
    ),
]
TITLES = {
    "promotion": "能上·优者奖 推荐人选池",
    "adjustment": "能下 调整研究名单（供研究，非结论）",
    "consequences": "连续年度考核结果运用",
    "risk": "一把手履职用权风险提示清单",
    "rank": "职级晋升名单（全体干部）",
}


@app.command("flags")
@limit_options
def flags_command(
    file: InputFile,
    only: ListOpt = None,
    rules: RulesOpt = None,
    year: YearOpt = None,
    date: DateOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
    detail: DetailOpt = False,
    show_rules: ShowRulesOpt = False,
) -> None:
    """能上能下: the promotion pool, the adjustment list, consequences and top-leader risk lists.

    The table has one row per cadre naming every reason; --detail gives one row per item
    with the evidence that put it there (--show-rules: and the rule path of its
    threshold); CSV and JSON always have a row per item with its rule path. The adjustment list is for review, never a verdict. A cadre in
    the influence period (影响期) of a verified sanction on the reference date (--date) gets
    a promotion-barred row, and each of her promotion rows says so: `vet` judges the
    same periods.

    Example: cadrekit flags roster.xlsx --list promotion --list risk
    """
    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.insight.flags import LISTS, reference_day
    from cadrekit.render.output import resolve_format

    fmt_name = resolve_format(fmt, output, formats=out.FORMATS)
    lists = tuple(x.value for x in only) if only else LISTS
    day = out.parse_date(date) if date is not None else None
    table = api.flags(file, rules, year, lists, day)
    result, frame = table.meta["result"], table.frame
    code = str(lang.value)
    if fmt_name == "table":
        _print_lists(frame, lists, result, code, detail=detail, show_rules=show_rules)
    else:
        doc = {
            "year": result.year,
            "date": str(reference_day(result, day).date()),
            "lists": list(lists),
        }
        if code == "zh" and fmt_name in ("csv", "xlsx"):  # for people: tracks by their labels
            frame = out.with_track_labels(frame, result.rules.track_labels())
        out.emit(
            frame, fmt_name, lang=code, output=output, force=force, inputs=(file,), document=doc
        )
    _say_counts(frame, lists, code)
    if fmt_name == "table" and not detail:
        out.say(
            "逐条依据：加 --detail；规则路径：加 --show-rules"
            if code == "zh"
            else "each item with its evidence: --detail; rule paths: --show-rules"
        )


def _print_lists(
    frame: pd.DataFrame,
    lists: tuple[str, ...],
    result: Any,
    code: str,
    *,
    detail: bool,
    show_rules: bool,
) -> None:
    """One table per list: a row per cadre naming every reason, or (--detail, --show-rules)
    a row per item with its evidence."""
    from cadrekit.cli.commands import _insight as out
    from cadrekit.render.answers import flags_detail, flags_per_cadre

    tracks = result.rules.track_labels()
    for name in lists:
        part = frame[frame["list"] == name].drop(columns=["list", "track"])
        if not show_rules:
            part = part.drop(columns=["rule_path"], errors="ignore")
        if detail or show_rules:
            part = flags_detail(part, tracks, code)
        else:
            part = flags_per_cadre(part, code)
        title = f"{TITLES[name]}（{result.year} 年度，{part['id'].nunique()} 人）"
        out.print_table(part, lang=code, title=title if code == "zh" else f"{name} ({result.year})")


def _say_counts(frame: pd.DataFrame, lists: tuple[str, ...], code: str) -> None:
    """How many cadres each list holds (and how many of the pool are barred), on stderr."""
    from cadrekit.cli.commands import _insight as out

    counts = frame.groupby("list")["id"].nunique().reindex(list(lists)).fillna(0).astype(int)
    barred = frame.loc[frame["item"] == "promotion-barred", "id"].nunique()
    words = {k: f"{TITLES[str(k)] if code == 'zh' else k} {v}" for k, v in counts.items()}
    if barred and "promotion" in words:  # counted in the pool, but not promotable on the date
        words["promotion"] += (
            f"（其中 {barred} 人处于影响期，不得提拔）" if code == "zh" else f" ({barred} barred)"
        )
    out.say("，".join(words.values()) + (" 人" if code == "zh" else " cadre(s)"))
