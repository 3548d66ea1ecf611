"""The 汇总 sheet: per track counts and slots, the quota groups, and the grade chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cadrekit.render.frame import result_grades, track_summary
from cadrekit.render.labels import GROUP_LABELS, headers, quota_grade
from cadrekit.render.slots import basis_column, quota_rounding, slot_notes
from cadrekit.render.workbook.cells import GRADE_COLOURS, display_width
from cadrekit.render.workbook.ranked import county_name
from cadrekit.render.workbook.words import flags_text, in_words

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.worksheet import Worksheet

    from cadrekit.models.result import Result
    from cadrekit.render.workbook.book import Book


def summary_sheet(book: Book, result: Result, name: str) -> None:
    """Page 1: the per-track table and the chart; page 2: the quota groups, in the same
    columns (a group's 总人数 is the sum of its grade counts), then the rate as a percentage
    and how the slots were counted, and under them the rule in words (render/slots.py)."""
    lang = book.lang
    summary = track_summary(result).drop(columns=["track"])
    grades = [g for g in result_grades(result) if g in summary.columns]
    quota = quota_grade(result.rules)
    groups = _groups(result, grades, lang)
    labels = _labels(list(summary.columns), grades, lang, quota)
    group_labels = _labels(list(groups.columns), grades, lang, quota)
    group_labels[0] = headers(["quota_group"], lang, GROUP_LABELS, quota)[0]
    county = county_name(result) if lang == "zh" else ""
    title = (
        f"{result.year} assessment: summary"
        if lang == "en"
        else f"{county}{result.year} 年度干部考核结果汇总"
    )
    ws = book.print_sheet(name, title, len(group_labels))
    _widths(book, ws, [(summary, labels), (groups, group_labels)])
    # grade headers coloured like the grade cells
    head_formats = [book.grade_format(c) if c in grades else None for c in summary.columns]
    next_row = book.table(ws, summary, labels, first_row=1, filter=False, head_formats=head_formats)
    group_row = next_row + 1
    if len(summary) and grades:
        _chart(book, ws, name, summary, grades, group_row)
        group_row += CHART_ROWS + 1
        ws.set_h_pagebreaks([group_row])  # the chart prints whole on page 1, the groups after
    heading = "Quota groups" if lang == "en" else "比例计算范围明细"
    ws.write_string(group_row, 0, heading, book.title)
    end = book.table(ws, groups, group_labels, first_row=group_row + 1, filter=False)
    for i, line in enumerate(slot_notes(result, lang)):
        ws.write_string(end + 1 + i, 0, line)


CHART_ROWS = 22  # the chart's height in 11.25 pt rows (330 px)


def _groups(result: Result, grades: list[str], lang: str) -> pd.DataFrame:
    """The quota groups in the summary's columns: group, size, n, grades, slots … , rate,
    then how the slots were counted (12 × 20% = 2.4 → 2)."""
    groups = flags_text(in_words(result.groups.reset_index(drop=True), result, lang))
    groups = groups.rename(columns={"quota_group": "track_label", "tie": "ties"})
    present = [g for g in grades if g in groups.columns]
    size = groups[present].fillna(0).astype(int).sum(axis=1) if present else 0
    basis = basis_column(result.groups.reset_index(drop=True), quota_rounding(result.rules), lang)
    groups = groups.assign(size=size, basis=basis)
    order = [
        "track_label", "size", "n", *present, "slots", "excellent", "unfilled", "ties", "rate",
        "basis",
    ]  # fmt: skip
    return groups[[c for c in order if c in groups.columns]]


def _labels(columns: list[str], grades: list[str], lang: str, quota: str) -> list[str]:
    return [c if c in grades else headers([c], lang, GROUP_LABELS, quota)[0] for c in columns]


def _widths(book: Book, ws: Worksheet, tables: list[tuple[pd.DataFrame, list[str]]]) -> None:
    """One width per column for both tables, so that they line up."""
    widest: dict[int, int] = {}
    for frame, labels in tables:
        for c, (column, label) in enumerate(zip(book.columns(frame), labels, strict=True)):
            width = max(display_width(str(label)), column.width())
            widest[c] = max(widest.get(c, 0), width)
    for c, width in widest.items():
        ws.set_column(c, c, min(max(width + 2, 7), 40))


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
                "name": [name, 1, col],
                "categories": [name, 2, label_col, last + 1, label_col],
                "values": [name, 2, col, last + 1, col],
                "fill": {"color": bg},
                "border": {"color": "#7F7F7F"},
            }
        )
    chart.set_title({"name": "Grade distribution" if book.lang == "en" else "各考核序列等次分布"})
    chart.set_y_axis({"name": "cadres" if book.lang == "en" else "人数"})
    chart.set_size({"width": 760, "height": CHART_ROWS * 15})
    ws.insert_chart(row, 0, chart)
