"""The carried workbook (``cadrekit carry``) written as the input template is: the same
header formats (bold on blue, required columns in red, indicators on green), a comment on
each known header, the template's column formats, drop-downs and number checks on the
rows to fill, widths that fit the header and the carried text, and 宋体 throughout; a
title row over the header, both frozen with the 编号 and 姓名 columns of the roster.

The sheets' content is decided in :mod:`cadrekit.insight.carry`; this module only draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.render.template import (
    FONT_SIZE,
    Styles,
    column_format,
    column_width,
    columns,
    validate_column,
)
from cadrekit.render.width import display_width
from cadrekit.render.workbook.page import FONT

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.rules import RuleSet
    from cadrekit.render.template import TemplateColumn

TITLE_SIZE = 14
MAX_WIDTH = 40  # wider text wraps in Excel rather than widen the column
_CREATED = dt.datetime(2025, 1, 1)  # fixed, so the same input writes the same bytes


@dataclass
class CarrySheet:
    """One sheet: its kind (``cadres``, ``history`` …), name, title, the headers as the
    input wrote them with their canonical names (``names``), and the rows."""

    kind: str
    name: str
    title: str
    header: list[str]
    names: list[str]
    rows: list[list[Any]]


def write_carry(
    path: Path,
    sheets: list[CarrySheet],
    rules: RuleSet,
    *,
    inputs: tuple[Path, ...],
    force: bool,
) -> None:
    """The workbook, atomically (io.write.atomic_path): title row 1, header row 2, data."""
    import xlsxwriter

    from cadrekit.io.write import atomic_path, scratch_dir

    with atomic_path(path, inputs=inputs, force=force) as temp:
        wb = xlsxwriter.Workbook(
            str(temp),
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_format_properties": {**FONT, "font_size": FONT_SIZE},
                "tmpdir": scratch_dir(),
            },
        )
        wb.set_properties({"created": _CREATED, "title": "cadrekit carried input"})
        styles = Styles(wb)
        title = wb.add_format({"bold": True, "font_size": TITLE_SIZE, "valign": "vcenter"})
        for sheet in sheets:
            _write_sheet(wb, styles, title, sheet, _known(sheet.kind, rules))
        wb.close()


def _known(kind: str, rules: RuleSet) -> dict[str, TemplateColumn]:
    """The template's columns of ``kind`` by canonical name (none for an unknown kind)."""
    try:
        return {c.name: c for c in columns(kind, "zh", rules)}
    except KeyError:
        return {}


def _write_sheet(
    wb: Any, styles: Styles, title: Any, sheet: CarrySheet, known: dict[str, TemplateColumn]
) -> None:
    ws = wb.add_worksheet(sheet.name)
    last = max(len(sheet.header) - 1, 0)
    if last:
        ws.merge_range(0, 0, 0, last, sheet.title, title)
    else:
        ws.write_string(0, 0, sheet.title, title)
    ws.set_row(0, 24)
    for j, (header, name) in enumerate(zip(sheet.header, sheet.names, strict=True)):
        col = known.get(name)
        head = styles.header
        if col is not None:
            head = styles.indicator if col.kind == "indicator" else head
            head = styles.required if col.required else head
            ws.write_comment(1, j, col.comment, {"x_scale": 2.2, "y_scale": 1.8})
            validate_column(ws, j, col, first_row=2)
        ws.write_string(1, j, header, head)
        fmt = column_format(styles, col) if col is not None else None
        ws.set_column(j, j, _width(header, col, [r[j] for r in sheet.rows]), fmt)
        for i, row in enumerate(sheet.rows, start=2):
            _put(ws, i, j, row[j], fmt, styles)
    ws.freeze_panes(2, 2 if sheet.kind == "cadres" else 1)


def _width(header: str, col: TemplateColumn | None, values: list[Any]) -> int:
    """The template's width, widened to the longest carried text (up to MAX_WIDTH)."""
    base = column_width(col) if col is not None else max(display_width(header) + 3, 8)
    texts = [display_width(v) + 2 for v in values if isinstance(v, str)]
    return min(max([base, *texts]), max(base, MAX_WIDTH))


def _put(ws: Any, row: int, col: int, value: Any, fmt: Any, styles: Styles) -> None:
    if value is None:
        return
    if isinstance(value, str):
        ws.write_string(row, col, value, fmt)  # text stays text, even "=…"
    elif isinstance(value, dt.date):
        day = dt.datetime(value.year, value.month, value.day)
        ws.write_datetime(row, col, day, fmt if fmt is not None else styles.date)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", fmt)
    else:
        ws.write_number(row, col, value, fmt)
