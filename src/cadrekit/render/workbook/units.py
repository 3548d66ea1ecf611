"""The 按单位 sheet: for a unit head, each unit's grade counts and the slots of its groups.

Slots belong to quota groups: a group scoped to a unit (一般干部 by unit in the built-in
rules) is that unit's; a track counted county-wide has no per-unit slots, and the sheet
says so rather than inventing a share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cadrekit.render.frame import result_grades
from cadrekit.render.labels import quota_grade
from cadrekit.render.workbook.ranked import county_name
from cadrekit.render.workbook.words import track_labels

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.render.workbook.book import Book

WORDS = {
    "zh": ("单位", "人数", "本单位{grade}名额", "说明", "按单位计算名额：{groups}"),
    "en": ("unit", "cadres", "unit {grade} slots", "note", "slots counted in the unit: {groups}"),
}


def unit_table(result: Result, lang: str) -> pd.DataFrame:
    """One row per unit (roster order): size, each grade's count, the unit's own slots."""
    cadres = result.cadres
    grades = result_grades(result)
    unit, size, slots_label, note_label, note = WORDS.get(lang, WORDS["zh"])
    slots_label = slots_label.format(grade=quota_grade(result.rules))
    groups = result.groups
    tracks = track_labels(result)
    rows = []
    for name, part in cadres.groupby(cadres["unit"].astype(str), sort=False):
        counts = part["grade"].astype(str).value_counts() if "grade" in part else pd.Series()
        row: dict[str, object] = {unit: name, size: len(part)}
        row |= {g: int(counts.get(g, 0)) for g in grades}
        own = groups[groups["unit"].astype(str) == name] if "unit" in groups else groups[:0]
        row[slots_label] = int(own["slots"].fillna(0).sum()) if len(own) else None
        named = "、".join(tracks.get(str(t), str(t)) for t in own.get("track", []))
        row[note_label] = note.format(groups=named) if named else None
        rows.append(row)
    return pd.DataFrame(rows, columns=[unit, size, *grades, slots_label, note_label])


def units_sheet(book: Book, result: Result, name: str) -> None:
    table = unit_table(result, book.lang)
    county = county_name(result) if book.lang == "zh" else ""
    title = (
        f"{result.year}: grades and slots by unit"
        if book.lang == "en"
        else f"{county}{result.year} 年度考核等次及名额（按单位）"
    )
    ws = book.print_sheet(name, title, len(table.columns), len(table))
    labels = [str(c) for c in table.columns]
    book.widths(ws, table, labels)
    head = [book.grade_format(c) for c in labels]
    book.table(ws, table, labels, first_row=1, freeze_columns=1, head_formats=head)
