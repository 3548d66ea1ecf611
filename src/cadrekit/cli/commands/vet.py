"""``cadrekit vet FILE``: 凡提四必 pre-promotion vetting of the candidates sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

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

DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Vetting date YYYY-MM-DD (influence periods are judged on it); default: today.",
    ),
]
SummaryOpt = Annotated[
    bool,
    typer.Option(
        "--summary", help="One row per candidate with the checks failed, to complete and to report."
    ),
]
DetailOpt = Annotated[
    bool,
    typer.Option("--detail", help="In the table, the seven checks of each candidate, a row each."),
]


@app.command("vet")
@limit_options
def vet_command(
    file: InputFile,
    date: DateOpt = None,
    year: YearOpt = None,
    rules: RulesOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    summary: SummaryOpt = False,
    lang: LangOpt = Lang.zh,
    detail: DetailOpt = False,
) -> None:
    """凡提四必: vet each promotion candidate (拟提拔人选) — pass, fail or incomplete, with reasons.

    Checks: personnel file reviewed, personal-matters report verified, discipline commission's
    opinion, petition clues, influence periods (影响期) of verified sanctions, the latest annual
    grade, and pre-appointment report triggers. The table gives one line per candidate:
    可以提拔 / 暂缓 / 不得提拔 and the reason; --detail shows the seven checks behind it
    (CSV and JSON always have a row per check). The latest grade includes the assessment
    year (--year) as the roster scores it when the history sheet does not hold that year yet. Exits 1 when any candidate fails or is
    incomplete, so scripts can stop.

    Example: cadrekit vet roster.xlsx --date 2026-01-15
    """
    from cadrekit import api
    from cadrekit.cli.commands import _insight as out
    from cadrekit.insight.vet import summary as vet_summary
    from cadrekit.render.output import resolve_format

    fmt_name = resolve_format(fmt, output, formats=out.FORMATS)
    day = out.parse_date(date)
    table = api.vet(file, rules, day, year)
    checks = table.frame
    document = {
        "date": day.isoformat(),
        "year": table.meta["year"],
        "candidates": out.records(vet_summary(checks)),
    }
    title = (
        f"凡提四必 审核日期 {day.isoformat()}"
        if lang == "zh"
        else f"Pre-promotion vetting on {day.isoformat()}"
    )
    out.emit(
        _shown(checks, fmt_name, str(lang.value), summary=summary, detail=detail),
        fmt_name,
        lang=str(lang.value),
        output=output,
        force=force,
        inputs=(file,),
        title=title,
        document=None if summary else document,
    )
    if _say_verdicts(checks, lang):
        raise typer.Exit(1)


def _shown(
    checks: pd.DataFrame, fmt_name: str, lang: str, *, summary: bool, detail: bool
) -> pd.DataFrame:
    """--summary: a row per candidate; a table: her verdict, or (--detail) her checks;
    CSV and JSON: every check."""
    from cadrekit.insight.vet import summary as vet_summary

    frame = vet_summary(checks) if summary else checks
    if not summary and fmt_name == "table":
        if detail:
            frame = frame.drop(columns=["check", "overall", "location"])
        else:
            from cadrekit.render.answers import vet_verdicts

            frame = vet_verdicts(checks, lang)
    return frame


def _say_verdicts(checks: pd.DataFrame, lang: Lang) -> bool:
    """How many candidates pass, fail or are incomplete, on stderr; whether any did not pass."""
    from cadrekit.cli.commands import _insight as out
    from cadrekit.insight.vet import summary as vet_summary

    per = vet_summary(checks)["overall"].value_counts()
    n = int(per.sum())
    counts = {k: int(per.get(k, 0)) for k in ("pass", "fail", "incomplete")}
    if lang == "zh":
        out.say(
            f"{n} 名人选：可以提拔 {counts['pass']}，不得提拔 {counts['fail']}，暂缓 {counts['incomplete']}"
        )
    else:
        out.say(
            f"{n} candidate(s): {counts['pass']} pass, {counts['fail']} fail, {counts['incomplete']} incomplete"
        )
    return bool(counts["fail"] or counts["incomplete"])
