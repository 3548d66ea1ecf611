"""The terminal view: one ranked rich table per track, then grade counts against quotas.

rich measures East Asian wide characters, so Chinese names and units stay aligned.
Grades are coloured by their position in the rules' grade list (best first), never by
their name, so a rule set with other grade names still reads the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from cadrekit.render.frame import (
    SCORE_COLUMNS,
    cadre_frame,
    result_grades,
    track_order,
    track_summary,
)
from cadrekit.render.labels import GROUP_LABELS, flag_name, header, quota_grade

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from rich.console import Console

    from cadrekit.models.result import Result

# Colour of the 1st, 2nd, … grade of the rules (优秀, 称职, 基本称职, 不称职, 不定等次).
GRADE_STYLES = ("bold green", "cyan", "yellow", "bold red", "dim")
TABLE_COLUMNS = (
    "rank",
    "id",
    "name",
    "unit",
    "score",
    "grade",
    "performance",
    "votes_score",
    "quarterly_score",
    "bonus",
    "deduction",
    "limit",
    "flags",
)


def grade_style(grade: Any, grades: list[str]) -> str:
    try:
        return GRADE_STYLES[min(grades.index(str(grade)), len(GRADE_STYLES) - 1)]
    except ValueError:
        return "dim"


def _cell(value: Any, column: str, lang: str = "en") -> str:
    if value is None or (not isinstance(value, list | tuple) and _isna(value)):
        return ""
    if column in SCORE_COLUMNS:
        return f"{float(value):.2f}"
    if column == "flags":
        codes = value if isinstance(value, list | tuple) else str(value).split(";")
        return ", ".join(flag_name(str(c), lang) for c in codes if str(c))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _isna(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _title(result: Result, tid: str, label: str, part: pd.DataFrame, lang: str) -> str:
    groups = result.groups
    mine = groups[groups["track"].astype(str) == tid] if "track" in groups else groups[:0]
    n = int(mine["n"].sum()) if "n" in mine else len(part)
    slots = int(mine["slots"].sum()) if "slots" in mine else 0
    if lang == "en":
        return f"{label} ({tid}) · {result.year} · {n} graded · {slots} excellent slot(s)"
    grade = quota_grade(result.rules)
    return f"{label} · {result.year} 年度 · 参评 {n} 人 · {grade}名额 {slots} 个"


def track_table(
    result: Result, tid: str, label: str, lang: str = "zh", frame: pd.DataFrame | None = None
) -> Table:
    """The ranked table of one track (``frame``: the prepared cadre frame, if at hand)."""
    frame = cadre_frame(result) if frame is None else frame
    part = frame[frame["track"].astype(str) == tid]
    grades = result_grades(result)
    quota = quota_grade(result.rules)
    columns = [c for c in TABLE_COLUMNS if c in part.columns]
    table = Table(title=_title(result, tid, label, part, lang), title_style="bold")
    for column in columns:
        numeric = column in SCORE_COLUMNS or column == "rank"
        table.add_column(header(column, lang, grade=quota), justify="right" if numeric else "left")
    for row in part[columns].itertuples(index=False):
        cells: list[str | Text] = []
        for column, value in zip(columns, row, strict=True):
            text = _cell(value, column, lang)
            style = grade_style(value, grades) if column == "grade" else ""
            cells.append(Text(text, style=style))
        table.add_row(*cells)
    return table


def summary_table(result: Result, lang: str = "zh") -> Table:
    """Grade counts per track next to the quota: slots, awarded, unfilled, ties."""
    summary = track_summary(result)
    grades = result_grades(result)
    quota = quota_grade(result.rules)
    title = "Grades against quotas" if lang == "en" else f"{result.year} 年度等次汇总与名额"
    table = Table(title=title, title_style="bold")
    shown = [c for c in summary.columns if c != "track"]
    for column in shown:
        text = column if column in grades else header(column, lang, GROUP_LABELS, quota)
        style = grade_style(column, grades) if column in grades else ""
        table.add_column(
            Text(text, style=style), justify="left" if column == "track_label" else "right"
        )
    for row in summary[shown].itertuples(index=False):
        table.add_row(*(str(v) for v in row))
    return table


def print_result(result: Result, console: Console, lang: str = "zh") -> None:
    """Every track's table, then the summary."""
    frame = cadre_frame(result)
    for tid, label in track_order(result):
        console.print(track_table(result, tid, label, lang, frame))
        console.print()
    console.print(summary_table(result, lang))
