"""The 汇总 sheet: per track counts and slots, the quota groups, and the grade chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cadrekit.render.frame import result_grades, track_summary
from cadrekit.render.labels import GROUP_LABELS, headers, quota_grade
from cadrekit.render.workbook.cells import GRADE_COLOURS
from cadrekit.render.workbook.words import flags_text, in_words

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.worksheet import Worksheet

    from cadrekit.models.result import Result
    from cadrekit.render.workbook.book import Book


def summary_sheet(book: Book, result: Result, name: str) -> None:
    ws = book.sheet(name)
    lang = book.lang
    summary = track_summary(result).drop(columns=["track"])
    grades = [g for g in result_grades(result) if g in summary.columns]
    quota = quota_grade(result.rules)
    labels = [
        c if c in grades else headers([c], lang, GROUP_LABELS, quota)[0] for c in summary.columns
    ]
    # grade headers coloured like the grade cells
    head_formats = [book.grade_format(c) if c in grades else None for c in summary.columns]
    book.widths(ws, summary, labels)
    next_row = book.table(ws, summary, labels, filter=False, head_formats=head_formats)
    groups = flags_text(in_words(result.groups.reset_index(drop=True), result, lang))
    title = "Quota groups" if lang == "en" else "比例计算范围明细"
    group_row = next_row + 1
    ws.write_string(group_row, 0, title, book.title)
    group_labels = [
        str(c) if str(c) in grades else headers([str(c)], lang, GROUP_LABELS, quota)[0]
        for c in groups.columns
    ]
    end = book.table(ws, groups, group_labels, first_row=group_row + 1, filter=False)
    if len(summary) and grades:
        _chart(book, ws, name, summary, grades, end + 1)


def _chart(
    book: Book, ws: Worksheet, name: str, summary: pd.DataFrame, grades: list[str], row: int
) -> None:
    chart = book.wb.add_chart({"type": "column"})
    last = len(summary)
    label_col = summary.columns.get_loc("track_label")
    for i, grade in enumerate(grades):
        col = summary.columns.get_loc(grade)
        bg, _ = GRADE_COLOURS[min(i, len(GRADE_COLOURS) - 1)]
        chart.add_series(
            {
                "name": [name, 0, col],
                "categories": [name, 1, label_col, last, label_col],
                "values": [name, 1, col, last, col],
                "fill": {"color": bg},
                "border": {"color": "#7F7F7F"},
            }
        )
    chart.set_title({"name": "Grade distribution" if book.lang == "en" else "各考核序列等次分布"})
    chart.set_y_axis({"name": "cadres" if book.lang == "en" else "人数"})
    chart.set_size({"width": 760, "height": 360})
    ws.insert_chart(row, 0, chart)
