"""The 能上能下 sheet: the promotion pool (能上) and the adjustment list (能下), one row per
cadre with the items in words, as ``cadrekit flags --list promotion --list adjustment``
finds them (insight/flags.py, handed in as ``Result.lists`` by api.with_lists: the same
frames, grouped by person)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cadrekit.render.frame import grade_names
from cadrekit.render.labels import DEFAULT_GRADE, INSIGHT_LABELS, flag_item
from cadrekit.render.workbook.ranked import county_name
from cadrekit.render.workbook.words import track_labels

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result
    from cadrekit.render.workbook.book import Book

#: the sheet's columns (their Chinese headers from the one catalogue)
KEYS = ("list", "id", "name", "unit", "track", "item", "evidence")
LIST_NAMES = {
    "promotion": ("能上（推荐人选池）", "promotion"),
    "adjustment": ("能下（供研究，非结论）", "adjustment"),
}
WIDTHS = (18, 7, 8, 14, 12, 46, 70)


def lists_table(result: Result, lang: str) -> pd.DataFrame:
    """One row per list and cadre, in the lists' own order."""
    tracks = track_labels(result)
    zh = lang == "zh"
    top = (grade_names(result.rules) or [DEFAULT_GRADE])[0]
    rows = []
    for frame in result.lists or ():
        for _, person in frame.groupby("id", sort=False):
            first = person.iloc[0]
            items = [_item(i, top) if zh else i for i in person["item"].astype(str)]
            listed = LIST_NAMES.get(str(first["list"]), (str(first["list"]),) * 2)
            track = str(first["track"])
            rows.append(
                (
                    listed[0 if zh else 1],
                    first["id"],
                    first["name"],
                    first["unit"],
                    tracks.get(track, track) if zh else track,
                    ("、" if zh else "; ").join(dict.fromkeys(items)),
                    ("；" if zh else "; ").join(person["evidence"].astype(str)),
                )
            )
    return pd.DataFrame(rows, columns=_headers(lang)).astype(object)


def _headers(lang: str) -> list[str]:
    if lang == "en":  # as the CSV and JSON name them ("items": a row's several items)
        return ["items" if k == "item" else k for k in KEYS]
    return [INSIGHT_LABELS[k] for k in KEYS]


def _item(code: str, top: str) -> str:
    """An item in words, the top grade named as the rules name it (本年度卓越)."""
    return flag_item(code, top)


def lists_sheet(book: Book, result: Result, name: str) -> None:
    table = lists_table(result, book.lang)
    county = county_name(result) if book.lang == "zh" else ""
    title = (
        f"{result.year}: promotion pool and adjustment list"
        if book.lang == "en"
        else f"{county}{result.year} 年度能上能下名单（{len(table)} 人次）"
    )
    # 依据 (the evidence, long) is for the screen: the page holds the columns up to 事项
    ws = book.print_sheet(name, title, len(table.columns) - 1, len(table))
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    labels = [str(c) for c in table.columns]
    book.table(ws, table, labels, first_row=1, freeze_columns=3)
