"""The results workbook (xlsxwriter): to print, publish (晒实绩) and archive.

Print sheets (page.py: A4 landscape, titled, 宋体 9 pt): 汇总 (per track: size, grade
counts, 优秀 quota, unused slots, ties, a chart; then the quota groups in the same columns),
one ranked sheet per track (14 columns), 按单位 (grade counts and slots per unit) and 能上能下
(the promotion pool and the adjustment list). Archive sheets: 明细 (every column, the limit
and the audit trail of each cadre), 标记 (flags), 问题 (problems), 规则 (the rule file, one line per row) and 关于
(version, file hashes, year, time of writing).

Every text goes through ``write_string`` and the workbook is opened with
``strings_to_formulas=False``, so a name such as ``=1+1`` stays text. The workbook is
written in ``constant_memory`` mode, which holds one row at a time: every sheet is
therefore written strictly row by row, top to bottom (never with ``pandas.to_excel``,
which writes column by column and loses data in that mode).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cadrekit.render.frame import cadre_frame, result_grades
from cadrekit.render.labels import sheet_name
from cadrekit.render.workbook.book import Book
from cadrekit.render.workbook.cells import display_width, safe_sheet_name
from cadrekit.render.workbook.detail import detail_sheet
from cadrekit.render.workbook.lists import lists_sheet
from cadrekit.render.workbook.others import (
    about_sheet,
    add_extra_sheets,
    flags_sheet,
    problems_sheet,
    rules_sheet,
)
from cadrekit.render.workbook.ranked import track_sheets
from cadrekit.render.workbook.summary import summary_sheet
from cadrekit.render.workbook.units import units_sheet
from cadrekit.render.workbook.words import flags_text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.result import Result

__all__ = ["display_width", "safe_sheet_name", "write_workbook"]


def write_workbook(
    result: Result,
    path: Path | str,
    *,
    lang: str = "zh",
    show_id_numbers: bool = False,
    generated_at: dt.datetime | None = None,
    extra_sheets: Sequence[tuple[str, pd.DataFrame]] = (),
    per_cadre: bool = True,
) -> None:
    """Write the results workbook to ``path`` (a temporary path: the caller renames it).

    ``extra_sheets``: (name, frame) pairs added after the standard sheets (batch: 文件状态).
    ``per_cadre=False`` (a province-size batch): no sheet with a row per cadre (the ranked
    sheets, 能上能下, 明细, 标记), only 汇总, 按单位, 问题, 规则, 关于 and the extra sheets; a
    note in 问题 says where the rows are (``per_cadre_note``).
    """
    if not per_cadre:
        _counts_book(result, path, lang, generated_at, extra_sheets)
        return
    book = Book(path, lang, result_grades(result))
    raw = cadre_frame(result, show_id_numbers=show_id_numbers)
    frame = flags_text(raw)
    used = {
        sheet_name(key, lang).lower()
        for key in ("summary", "units", "lists", "detail", "flags", "problems", "rules", "about")
    }
    summary_sheet(book, result, sheet_name("summary", lang))
    track_sheets(book, result, frame, used)
    units_sheet(book, result, sheet_name("units", lang))
    if result.lists is not None:  # api.with_lists: the 能上/能下 lists
        lists_sheet(book, result, sheet_name("lists", lang))
    note = detail_sheet(book, result, frame, sheet_name("detail", lang))
    flags_sheet(book, raw, sheet_name("flags", lang))
    problems_sheet(book, result, sheet_name("problems", lang), [note] if note else [])
    rules_sheet(book, result, sheet_name("rules", lang))
    about_sheet(book, result, sheet_name("about", lang), generated_at or dt.datetime.now())
    add_extra_sheets(book, extra_sheets, used)
    book.wb.close()


def per_cadre_note(cadres: int, lang: str) -> str:
    """The 问题 sheet's note of a workbook written without its per-cadre sheets."""
    if lang == "en":
        return (
            f"{cadres:,} cadres: this workbook holds the counts only (summary, units); "
            "every cadre's row, rank, grade and audit trail is in results.csv"
        )
    return (
        f"共 {cadres:,} 名干部：本工作簿只含汇总与按单位统计，"
        "每名干部的排名、等次和计算过程见 results.csv"
    )


def _counts_book(
    result: Result,
    path: Path | str,
    lang: str,
    generated_at: dt.datetime | None,
    extra_sheets: Sequence[tuple[str, pd.DataFrame]],
) -> None:
    """The workbook of counts: what opens on an office PC at any size."""
    book = Book(path, lang, result_grades(result))
    used = {sheet_name(key, lang).lower() for key in ("summary", "units", "problems", "rules")}
    used.add(sheet_name("about", lang).lower())
    summary_sheet(book, result, sheet_name("summary", lang))
    units_sheet(book, result, sheet_name("units", lang))
    note = per_cadre_note(len(result.cadres), lang)
    problems_sheet(book, result, sheet_name("problems", lang), [note])
    rules_sheet(book, result, sheet_name("rules", lang))
    about_sheet(book, result, sheet_name("about", lang), generated_at or dt.datetime.now())
    add_extra_sheets(book, extra_sheets, used)
    book.wb.close()
