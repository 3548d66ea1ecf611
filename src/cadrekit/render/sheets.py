"""Plain frames to a workbook: one formatted sheet per frame (insight commands' ``-o x.xlsx``,
batch's status sheet).

Text is always written as text (never a formula), numbers as numbers, lists joined with
``;``; headers frozen, filters on, widths that fit Chinese text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from cadrekit.render.width import display_width

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter import Workbook

MAX_WIDTH = 60


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if value is None or (not isinstance(value, str | bool | list) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()[:10] if isinstance(value, dt.date) else str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if hasattr(value, "item"):
        return value.item()
    return value


def write_sheets(
    path: Path,
    sheets: Sequence[tuple[str, pd.DataFrame]],
    header: Callable[[str], str] = str,
) -> None:
    """Write each (name, frame) to its own sheet of a new workbook at ``path``."""
    import xlsxwriter

    from cadrekit.io.write import scratch_dir

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(str(path), {**options, "tmpdir": scratch_dir()})
    book.set_properties({"created": dt.datetime(2000, 1, 1)})
    formats = Formats.of(book)
    for name, frame in sheets:
        add_sheet(book, name, frame, header, formats)
    book.close()


@dataclass(frozen=True)
class Formats:
    """The header and number formats of one workbook (made once, shared by its sheets)."""

    head: Any
    number: Any

    @classmethod
    def of(cls, book: Workbook) -> Formats:
        return cls(
            book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
            book.add_format({"num_format": "0.00"}),
        )


def add_sheet(
    book: Workbook,
    name: str,
    frame: pd.DataFrame,
    header: Callable[[str], str] = str,
    formats: Formats | None = None,
) -> None:
    """Add ``frame`` as a sheet of an open workbook: frozen header, filter, fitting widths.

    Cells are written row by row, top to bottom, so the workbook may be in
    ``constant_memory`` mode (as the results workbook is).
    """
    formats = formats or Formats.of(book)
    sheet = book.add_worksheet(name[:31])
    widths = []
    for col, column in enumerate(frame.columns):
        title = header(str(column))
        sheet.write_string(0, col, title, formats.head)
        widths.append(display_width(title))
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        for col, raw in enumerate(values):
            value = _cell(raw)
            if value is None:
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                if math.isfinite(value):
                    fmt = formats.number if isinstance(value, float) else None
                    sheet.write_number(row, col, value, fmt)
                continue
            text = str(value)
            sheet.write_string(row, col, text)
            widths[col] = max(widths[col], display_width(text))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(MAX_WIDTH, width + 2))
    sheet.freeze_panes(1, 0)
    if len(frame.columns):
        sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)
