"""The workbook, its formats, and the row-by-row writing of tables (constant_memory)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import xlsxwriter

from cadrekit.io.write import scratch_dir
from cadrekit.render.frame import SCORE_COLUMNS
from cadrekit.render.workbook.cells import (
    GRADE_COLOURS,
    INT_COLUMNS,
    NUMERIC,
    YES_NO,
    Column,
    display_width,
    numbers,
    objects,
    serials,
    texts,
    yes_no_words,
)
from cadrekit.render.workbook.fast import write_rows
from cadrekit.render.workbook.page import (
    TITLE_HEIGHT,
    TITLE_SIZE,
    archive_sheet,
    font,
    print_sheet,
)

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

Writer = Callable[[int, int, Any, "Format | None"], Any]


class Book:
    """The workbook and its formats."""

    def __init__(self, path: Path | str, lang: str, grades: list[str]) -> None:
        self.lang = lang
        self.grades = grades
        # Yes/no as text in one spelling per language (never a mix of text and booleans).
        self.yes_no = YES_NO.get(lang, YES_NO["zh"])
        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_date_format": "yyyy-mm-dd",
                "default_format_properties": font(lang),
                "tmpdir": scratch_dir(),  # ours: removed on every exit path
            },
        )
        add = self.wb.add_format
        self.head = add(
            {
                "bold": True,
                "bg_color": "#D9D9D9",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.title = add({"bold": True, "font_size": TITLE_SIZE, "valign": "vcenter"})
        self.percent = add({"num_format": "0%"})
        self.score = add({"num_format": "0.00"})
        self.integer = add({"num_format": "0"})
        self.date = add({"num_format": "yyyy-mm-dd"})
        self.audit = add({"font_color": "#595959"})
        self.grade_formats = [add({"bg_color": bg, "font_color": fg}) for bg, fg in GRADE_COLOURS]

    def grade_format(self, grade: Any) -> Format | None:
        try:
            position = self.grades.index(str(grade))
        except ValueError:
            return None
        return self.grade_formats[min(position, len(self.grade_formats) - 1)]

    def sheet(self, name: str, repeat_columns: int = 0) -> Worksheet:
        """A sheet for the screen (archive): printed, if at all, at full size."""
        ws = self.wb.add_worksheet(name)
        archive_sheet(ws, self.lang, repeat_columns=repeat_columns)
        return ws

    def print_sheet(self, name: str, title: str, width: int, rows: int = 0) -> Worksheet:
        """A print view titled ``title`` (row 1, across ``width`` columns); header in row 2;
        ``rows``: how many data rows it will hold."""
        ws = self.wb.add_worksheet(name)
        print_sheet(ws, self.lang, header_row=1, rows=rows)
        ws.hide_gridlines(0)  # cell lines on paper too
        ws.set_row(0, TITLE_HEIGHT)
        ws.merge_range(0, 0, 0, max(width - 1, 1), title, self.title)
        if rows:  # long text of the last column must not widen the page (LibreOffice)
            ws.print_area(0, 0, rows + 1, width - 1)
        return ws

    # ------------------------------------------------------------------------- cells

    def column(self, name: str, series: pd.Series) -> Column:
        """One column's cells, typed once: how to write them and the values (None: blank)."""
        if name == "rate":
            return Column("number", numbers(series), self.percent)
        if name in SCORE_COLUMNS:
            return Column("number", numbers(series), self.score)
        kind = pd.api.types.infer_dtype(series, skipna=True)
        if name == "grade" and kind in ("string", "empty"):
            return Column("grade", texts(series), None)
        if kind in ("string", "empty"):
            return Column("text", texts(series), None)
        if kind == "boolean":
            return Column("text", yes_no_words(series, self.yes_no), None)
        if kind == "integer" or (name in INT_COLUMNS and kind in NUMERIC):
            return Column("number", numbers(series), self.integer)
        if kind in NUMERIC:
            return Column("number", numbers(series), None)
        if kind in ("datetime64", "datetime", "date"):
            days = serials(series)
            if days is not None:
                return Column("number", days, self.date)
        return Column("cell", objects(series), None)

    def columns(self, frame: pd.DataFrame) -> list[Column]:
        return [self.column(str(c), frame[c]) for c in frame.columns]

    def writers(self, ws: Worksheet, columns: Sequence[Column]) -> list[Writer]:
        """The bound write method of each column (chosen once per column, never per cell)."""
        grade_formats = {g: self.grade_format(g) for g in self.grades}

        def grade(r: int, c: int, v: str, _fmt: Format | None) -> None:
            ws.write_string(r, c, v, grade_formats.get(v))

        def cell(r: int, c: int, v: Any, _fmt: Format | None) -> None:
            self._any(ws, r, c, v)

        by_kind: dict[str, Writer] = {
            "text": ws.write_string,
            "number": ws.write_number,
            "grade": grade,
            "cell": cell,
        }
        return [by_kind[column.kind] for column in columns]

    def rows(
        self,
        ws: Worksheet,
        columns: Sequence[Column],
        first_row: int,
        *,
        outline: Sequence[bool] | None = None,
    ) -> int:
        """Write the columns' cells row by row below ``first_row``; return the last row.

        ``outline`` marks rows written one level down (grouped, in the audit format).
        Without it, the rows go to the sheet as XML in blocks when they can (fast.py).
        """
        if outline is None:
            grades = {g: self.grade_format(g) for g in self.grades}
            last = write_rows(ws, columns, first_row, grades)
            if last is not None:
                return last
        writers = self.writers(ws, columns)
        formats = [column.fmt for column in columns]
        cells = [column.values.tolist() for column in columns]
        row = first_row
        if outline is None:
            for row, values in enumerate(zip(*cells, strict=True), start=first_row + 1):
                for c, v in enumerate(values):
                    if v is not None:
                        writers[c](row, c, v, formats[c])
            return row
        level = {"level": 1}
        for row, (down, values) in enumerate(
            zip(outline, zip(*cells, strict=True), strict=True), start=first_row + 1
        ):
            if down:
                ws.set_row(row, None, self.audit, level)
            for c, v in enumerate(values):
                if v is not None:
                    writers[c](row, c, v, formats[c])
        return row

    def _any(self, ws: Worksheet, r: int, c: int, v: Any) -> None:
        """A cell of a mixed column (rare: the audit values, the about sheet)."""
        if v is None or v is pd.NA or v is pd.NaT:
            return
        if isinstance(v, str):
            if v:
                ws.write_string(r, c, v)
        elif isinstance(v, bool):
            ws.write_string(r, c, self.yes_no[0 if v else 1])
        elif isinstance(v, int | float):
            if not (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
                ws.write_number(r, c, v)
        elif isinstance(v, dt.datetime):
            ws.write_datetime(r, c, v.replace(tzinfo=None), self.date)
        elif isinstance(v, dt.date):
            ws.write_datetime(r, c, v, self.date)
        elif isinstance(v, list | tuple):
            ws.write_string(r, c, ";".join(str(x) for x in v))
        elif hasattr(v, "tolist"):
            self._any(ws, r, c, v.tolist())
        else:
            ws.write_string(r, c, str(v))

    # ------------------------------------------------------------------------ tables

    def table(
        self,
        ws: Worksheet,
        frame: pd.DataFrame,
        labels: Sequence[str],
        *,
        first_row: int = 0,
        freeze_columns: int = 0,
        filter: bool = True,
        head_formats: Sequence[Format | None] = (),
        columns: Sequence[Column] | None = None,
    ) -> int:
        """Write ``frame`` under a header row from ``first_row``; return the next free row."""
        for c, label in enumerate(labels):
            fmt = head_formats[c] if c < len(head_formats) else None
            ws.write_string(first_row, c, str(label), fmt or self.head)
        columns = self.columns(frame) if columns is None else columns
        row = self.rows(ws, columns, first_row)
        if first_row <= 1:  # a sheet's own table (row 0), or below a print title (row 1)
            ws.freeze_panes(first_row + 1, freeze_columns)
        if filter and len(labels):
            ws.autofilter(first_row, 0, max(row, first_row), len(labels) - 1)
        return row + 1

    def widths(
        self,
        ws: Worksheet,
        frame: pd.DataFrame,
        labels: Sequence[str],
        columns: Sequence[Column] | None = None,
    ) -> None:
        """Column widths that fit Chinese text (a sample of rows is enough to judge)."""
        columns = self.columns(frame.head(2000)) if columns is None else columns
        for c, (column, label) in enumerate(zip(columns, labels, strict=True)):
            width = max(display_width(str(label)), column.width())
            if column.fmt is self.score:
                width = max(width, 8)
            ws.set_column(c, c, min(max(width + 2, 6), 60))
