"""One ranked sheet per track, as a print view: a title, at most 14 columns, in rank order.

Every column of a cadre (indicators, votes, dates, the masked ID number …) stays in 明细;
the print view holds what a committee reads: 排名, 编号, 姓名, 单位, 职务, the components,
加分, 减分, 综合得分, 等次, 等次限制 (in words) and 备注 (status and flags).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.render.frame import grade_names, track_order, track_summary
from cadrekit.render.labels import flag_name, headers, quota_grade
from cadrekit.render.workbook.cells import safe_sheet_name
from cadrekit.render.workbook.page import HEAD_HEIGHT
from cadrekit.render.workbook.words import in_words

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.render.workbook.book import Book

PRINT_COLUMNS = (
    "rank",
    "id",
    "name",
    "unit",
    "post",
    "performance",
    "votes_score",
    "quarterly_score",
    "bonus",
    "deduction",
    "score",
    "grade",
    "limit_words",
    "note",
)
LABELS = {"limit_words": ("等次限制", "limit"), "note": ("备注", "note"), "post": ("职务", "post")}
# Widths (character cells) of the print columns; 单位, 职务 and 备注 grow with their text.
# Headers wrap onto two lines; about 140 cells fit one A4 landscape width at 9 pt.
WIDTHS = {
    "rank": 5,
    "id": 7,
    "name": 8,
    "performance": 8,
    "votes_score": 8,
    "quarterly_score": 8,
    "bonus": 6,
    "deduction": 6,
    "score": 8,
    "grade": 8,
    "limit_words": 13,
}
MAX_WIDTHS = {"unit": 16, "post": 14, "note": 22}
COUNTY = re.compile(r"^\s*(?:\d{4}\s*年度?)?\s*([\u4e00-\u9fff]{1,8}?(?:自治县|县|市|区|旗))")


def county_name(result: Result) -> str:
    """The county as the roster's title row names it (2025年度青山县干部考核汇总表 → 青山县);
    empty when the roster has no title row or the title names no county."""
    for problem in result.problems:
        if problem.code == "skipped-title-row" and problem.sheet in ("", "干部名册"):
            found = COUNTY.match(problem.found or "")
            if found:
                return found[1]
    return ""


def sheet_title(result: Result, label: str, n: int, slots: int, lang: str) -> str:
    """县名 · 年度 · 序列 · 参评人数 · 优秀名额, in one line."""
    grade = quota_grade(result.rules)
    if lang == "en":
        return f"{result.year} · {label} · assessed {n} · {grade} slots {slots}"
    county = county_name(result)
    year = f"{county}{result.year} 年度" if county else f"{result.year} 年度"
    return f"{year} · {label} · 参评 {n} 人 · {grade}名额 {slots} 名"


def limit_words(limit: Any, rules: Any, lang: str) -> str | None:
    """A cap as people say it: 不得评为优秀, 最高为基本称职, 不定等次."""
    if limit is None or limit is pd.NA or (isinstance(limit, float) and np.isnan(limit)):
        return None
    grades = grade_names(rules)  # best first, the not-graded name last
    text = str(limit)
    if text not in grades[:-1]:
        return text  # 不定等次, or a grade the rules do not name
    if grades.index(text) == 1:
        return f"不得评为{grades[0]}" if lang == "zh" else f"not {grades[0]}"
    if grades.index(text) == 0:
        return None
    return f"最高为{text}" if lang == "zh" else f"at most {text}"


def note(status: Any, reason: Any, flags: Any, lang: str) -> str | None:
    """备注: a status other than 参加 (with its reason), then the flags by their names."""
    parts = []
    if isinstance(status, str) and status and status != "参加":
        parts.append(f"{status}（{reason}）" if isinstance(reason, str) and reason else status)
    if isinstance(flags, str):  # joined with ";" for the archive sheets
        flags = [code for code in flags.split(";") if code]
    if isinstance(flags, list | tuple):
        parts += [flag_name(str(code), lang) for code in flags]
    return ("、" if lang == "zh" else "; ").join(parts) or None


def print_frame(result: Result, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The print columns of ``frame`` (the cadre frame, flags as lists), in order."""
    out = in_words(frame, result, lang)
    limits = [limit_words(v, result.rules, lang) for v in frame["limit"].tolist()]
    notes = [
        note(s, r, f, lang)
        for s, r, f in zip(
            _or_none(frame, "status"),
            _or_none(frame, "status_reason"),
            _or_none(frame, "flags"),
            strict=True,
        )
    ]
    out = out.copy(deep=False)
    out["limit_words"] = pd.Series(limits, index=out.index, dtype=object)
    out["note"] = pd.Series(notes, index=out.index, dtype=object)
    return out[[c for c in PRINT_COLUMNS if c in out.columns]]


def _or_none(frame: pd.DataFrame, column: str) -> list[Any]:
    return frame[column].tolist() if column in frame.columns else [None] * len(frame)


def track_sheets(book: Book, result: Result, frame: pd.DataFrame, used: set[str]) -> None:
    """One print view per track; a component no cadre of the track has is left out."""
    table = print_frame(result, frame, book.lang)
    names = [str(c) for c in table.columns]
    labels = [
        LABELS[c][0 if book.lang == "zh" else 1] if c in LABELS else h
        for c, h in zip(
            names, headers(names, book.lang, grade=quota_grade(result.rules)), strict=True
        )
    ]
    summary = track_summary(result).set_index("track")
    tracks = frame["track"].astype(str).to_numpy()
    columns = book.columns(table)
    for tid, label in track_order(result):
        positions = np.flatnonzero(tracks == tid)
        part = [column.take(positions) for column in columns]
        keep = [i for i, col in enumerate(part) if not col.is_empty() or names[i] in _ALWAYS]
        part, shown = [part[i] for i in keep], [labels[i] for i in keep]
        n, slots = _counts(summary, tid)
        title = sheet_title(result, label, n, slots, book.lang)
        ws = book.print_sheet(safe_sheet_name(label, used), title, len(shown), len(positions))
        for c, i in enumerate(keep):
            name = names[i]
            width = WIDTHS.get(name) or min(part[c].width() + 2, MAX_WIDTHS.get(name, 12))
            ws.set_column(c, c, max(width, 6))
        ws.set_row(1, HEAD_HEIGHT)
        book.table(ws, table, shown, first_row=1, freeze_columns=3, columns=part)


_ALWAYS = {"rank", "id", "name", "unit", "score", "grade", "limit_words", "note"}


def _counts(summary: pd.DataFrame, tid: str) -> tuple[int, int]:
    if tid not in summary.index:
        return 0, 0
    row: Any = summary.loc[tid]
    return int(row["n"]), int(row["slots"])
