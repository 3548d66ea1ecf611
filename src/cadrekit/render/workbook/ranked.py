"""One ranked sheet per track."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cadrekit.models.result import RESULT_COLUMNS
from cadrekit.render.frame import ENGINE_COLUMNS, track_order
from cadrekit.render.labels import headers, quota_grade
from cadrekit.render.workbook.cells import safe_sheet_name
from cadrekit.render.workbook.words import in_words

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.models.result import Result
    from cadrekit.render.workbook.book import Book


def track_sheets(book: Book, result: Result, frame: pd.DataFrame, used: set[str]) -> None:
    """One ranked sheet per track; input columns empty for the whole track are left out
    (another track's indicators), the engine's columns always stay."""
    names = [str(c) for c in frame.columns]
    labels = headers(names, book.lang, grade=quota_grade(result.rules))
    freeze = 2 if names[:2] == ["id", "name"] else 0
    always = {*RESULT_COLUMNS, *ENGINE_COLUMNS}
    tracks = frame["track"].astype(str).to_numpy()
    columns = book.columns(in_words(frame, result, book.lang))
    for tid, label in track_order(result):
        positions = np.flatnonzero(tracks == tid)
        part = [column.take(positions) for column in columns]
        keep = [i for i, col in enumerate(part) if names[i] in always or not col.is_empty()]
        part = [part[i] for i in keep]
        shown = [labels[i] for i in keep]
        ws = book.sheet(safe_sheet_name(label, used))
        book.widths(ws, frame, shown, part)
        book.table(ws, frame, shown, freeze_columns=freeze, columns=part)
