"""The terminal view: one ranked rich table per track, then grade counts against quotas.

rich measures East Asian wide characters, so Chinese names and units stay aligned.
Grades are coloured by their position in the rules' grade list (best first), never by
their name, so a rule set with other grade names still reads the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from cadrekit.render.fit import Column, fold, layout, left_out_note, table
from cadrekit.render.frame import (
    SCORE_COLUMNS,
    cadre_frame,
    result_grades,
    track_order,
    track_summary,
)
from cadrekit.render.labels import GROUP_LABELS, flag_name, header, quota_grade
from cadrekit.render.slots import slot_line

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


#: Left out first from the summary when too narrow: the head count (参评人数 stays), then ties at the cut.
SUMMARY_DROP = ["size", "ties"]
#: Left out first when a terminal is too narrow for the whole table: the components (shown
#: by explain and in every file output), then bonus and deduction, flags, the limit, unit.
DROP_ORDER = [
    "quarterly_score",
    "votes_score",
    "performance",
    "deduction",
    "bonus",
    "flags",
    "limit",
    "unit",
]


def track_columns(
    result: Result, tid: str, lang: str = "zh", frame: pd.DataFrame | None = None
) -> list[Column]:
    """The columns of one track's ranked table (``frame``: the prepared cadre frame)."""
    frame = cadre_frame(result) if frame is None else frame
    part = frame[frame["track"].astype(str) == tid]
    grades = result_grades(result)
    quota = quota_grade(result.rules)
    columns = []
    for key in (c for c in TABLE_COLUMNS if c in part.columns):
        numeric = key in SCORE_COLUMNS or key == "rank"
        texts = [
            Text(_cell(v, key, lang), style=grade_style(v, grades) if key == "grade" else "")
            for v in part[key].tolist()
        ]
        columns.append(
            Column(key, header(key, lang, grade=quota), texts, "right" if numeric else "left")
        )
    return columns


def track_table(
    result: Result, tid: str, label: str, lang: str = "zh", frame: pd.DataFrame | None = None
) -> Table:
    """The ranked table of one track, every column."""
    frame = cadre_frame(result) if frame is None else frame
    part = frame[frame["track"].astype(str) == tid]
    return table(track_columns(result, tid, lang, frame), _title(result, tid, label, part, lang))


def summary_columns(result: Result, lang: str = "zh") -> list[Column]:
    """Grade counts per track next to the quota: slots, awarded, unfilled, ties."""
    summary = track_summary(result)
    grades = result_grades(result)
    quota = quota_grade(result.rules)
    columns = []
    for key in (c for c in summary.columns if c != "track"):
        text = key if key in grades else header(key, lang, GROUP_LABELS, quota)
        style = grade_style(key, grades) if key in grades else ""
        cells = [Text(str(v), style=style) for v in summary[key].tolist()]
        columns.append(Column(key, text, cells, "left" if key == "track_label" else "right"))
    return columns


def summary_table(result: Result, lang: str = "zh") -> Table:
    return table(summary_columns(result, lang), _summary_title(result, lang))


def _summary_title(result: Result, lang: str) -> str:
    return "Grades against quotas" if lang == "en" else f"{result.year} 年度等次汇总与名额"


def print_result(result: Result, console: Console, lang: str = "zh") -> None:
    """Every track's table, then the summary, fitted to the console's width: the track
    tables show the same columns at the same widths; what does not fit is named below."""
    frame = cadre_frame(result)
    tracks = [
        (tid, label, track_columns(result, tid, lang, frame)) for tid, label in track_order(result)
    ]
    split, width_of, left = layout([columns for _, _, columns in tracks], console.width, DROP_ORDER)
    named: list[str] = []
    for tid, label, columns in tracks:
        part = frame[frame["track"].astype(str) == tid]
        named = [c.header for c in columns if c.key in left] or named
        shown = [c for c in columns if c.key not in left]
        console.print(table(shown, _title(result, tid, label, part, lang), width_of, split))
        console.print()
    summary = summary_columns(result, lang)
    split, summary_width, gone = layout([summary], console.width, SUMMARY_DROP)
    shown = [c for c in summary if c.key not in gone]
    console.print(table(shown, _summary_title(result, lang), summary_width, split))
    named += [c.header for c in summary if c.key in gone]
    for note in (slot_line(result, lang), left_out_note(named, console.width, lang)):
        for line in fold(note, console.width):
            console.print(Text(line, style="dim"), no_wrap=True)
