"""A table's rows written as XML in one go into a constant_memory sheet's row file.

xlsxwriter's ``write_string`` / ``write_number`` cost about 3 µs a cell: the checks, the
cell tuple, and at the next row its XML, attribute by attribute. A province's 汇总 and 按单位
sheets hold some 770,000 cells, so that was most of a counts workbook. Here each column's
cells become XML with one comprehension, a row is one join, and the rows go to the sheet's
row file (``Worksheet.fh`` in constant_memory mode) in blocks; the XML is what xlsxwriter
writes for the same cells (``<c r="B3" s="5"><v>26</v></c>``, inline strings escaped as it
escapes them), so every cell is the same.

A table this cannot write as xlsxwriter would — a mixed column, a text too long for a cell
or that xlsxwriter would take for rich text, a row with its own format, a sheet not in
constant_memory mode — returns ``None``, and the caller writes it cell by cell.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_col_to_name

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from cadrekit.render.workbook.cells import Column

BLOCK = 5_000  # rows joined and written at a time
_LONG = 32_767 // 2  # xlsxwriter truncates a text over 32,767 UTF-16 units: left to it
# what xlsxwriter escapes in a text (_xHHHH_ and control characters, then & < >)
_CONTROL = re.compile(r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f]|[\ufffe\uffff]")
_ESCAPE = re.compile("[&<>\n]")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def write_rows(
    ws: Worksheet,
    columns: Sequence[Column],
    first_row: int,
    grade_formats: dict[str, Format | None],
) -> int | None:
    """The columns' cells in the rows below ``first_row``; the last row, or ``None`` when
    the table must be written cell by cell (see the module's note)."""
    count = len(columns[0].values) if columns else 0
    top, last = first_row + 1, first_row + count
    if not count or not _fits(ws, columns, top, last):
        return None
    ws._write_single_row(top)  # the row before (the header), as the next write would
    _number_formats(ws, columns, grade_formats)
    head, tail = _row_tag(ws)
    rows: list[int] = []  # the rows with a cell
    used: set[int] = set()  # the columns with a cell
    for start in range(0, count, BLOCK):
        numbers = [str(top + r + 1) for r in range(start, min(start + BLOCK, count))]
        end = start + BLOCK
        cells = [
            _cells(ws, c, col, col.values[start:end].tolist(), numbers, grade_formats)
            for c, col in enumerate(columns)
        ]
        used.update(c for c, column in enumerate(cells) if any(column))
        lines = []
        for r, parts in enumerate(zip(*cells, strict=True)):
            body = "".join(parts)
            if body:  # xlsxwriter writes no row without a cell
                lines.append(f"{head}{numbers[r]}{tail}{body}</row>")
                rows.append(top + start + r)
        ws.fh.write("".join(lines))
    if rows:
        ws._check_dimensions(rows[0], min(used))
        ws._check_dimensions(rows[-1], max(used))
    ws.previous_row = last + 1  # every row up to ``last`` is written: none may be again
    return last


def _number_formats(
    ws: Worksheet, columns: Sequence[Column], grades: dict[str, Format | None]
) -> None:
    """Give the formats their numbers (styles.xml) in the order xlsxwriter would: that of
    their first cell, row by row; the file is then the same, byte for byte."""
    import pandas as pd

    first: list[tuple[int, int, Format | None]] = []
    for c, column in enumerate(columns):
        values = pd.Series(column.values, dtype=object)
        filled = values[values.notna()]
        if column.kind == "grade":
            seen = filled.drop_duplicates()
            rows = seen.index.to_numpy(dtype="int64").tolist()
            first += [(r, c, grades.get(v)) for r, v in zip(rows, seen.tolist(), strict=True)]
        elif len(filled):
            first.append((int(filled.index[0]), c, column.fmt))
    for _, c, fmt in sorted(first, key=lambda f: (f[0], f[1])):
        _style(ws, c, fmt)


def _fits(ws: Worksheet, columns: Sequence[Column], top: int, last: int) -> bool:
    if not getattr(ws, "constant_memory", False) or ws.previous_row > top - 1:
        return False
    if last >= ws.xls_rowmax or len(columns) > ws.xls_colmax:
        return False
    # rows with their own settings (xlsxwriter before 3.2 named them set_rows)
    settings = getattr(ws, "row_info", getattr(ws, "set_rows", None))
    if settings is None or any(top <= r <= last for r in settings) or ws.comments:
        return False
    for column in columns:
        if column.kind not in ("text", "grade", "number"):
            return False
        if column.kind != "number" and not _plain_texts(column.values.tolist()):
            return False
    return True


def _plain_texts(values: list[Any]) -> bool:
    """Texts xlsxwriter writes as they are: not too long, not taken for rich text."""
    for v in values:
        if v is None:
            continue
        if not isinstance(v, str) or len(v) > _LONG or (v.startswith("<r>") and v.endswith("</r>")):
            return False
    return True


def _cells(
    ws: Worksheet,
    c: int,
    column: Column,
    values: list[Any],
    rows: list[str],
    grades: dict[str, Format | None],
) -> list[str]:
    """Each cell of one column as XML ('' for a blank cell), ``values`` its values."""
    ref = f'<c r="{xl_col_to_name(c)}'
    if column.kind == "number":
        mid = f'"{_style(ws, c, column.fmt)}><v>'
        return [
            "" if v is None else f"{ref}{r}{mid}{v:.16G}</v></c>"
            for r, v in zip(rows, values, strict=True)
        ]
    if column.kind == "grade":
        styles = {g: _style(ws, c, f) for g, f in grades.items()}
        plain = _style(ws, c, None)
        return [
            "" if v is None else f'{ref}{r}"{styles.get(v, plain)}{_inline(v)}'
            for r, v in zip(rows, values, strict=True)
        ]
    mid = f'"{_style(ws, c, column.fmt)}'
    return [
        "" if v is None else f"{ref}{r}{mid}{_inline(v)}" for r, v in zip(rows, values, strict=True)
    ]


def _inline(text: str) -> str:
    """The rest of an inline-string cell, escaped as xlsxwriter escapes it."""
    if _CONTROL.search(text):
        text = re.sub(r"(_x[0-9a-fA-F]{4}_)", r"_x005F\1", text)
        text = re.sub(r"([\x00-\x08\x0b-\x1f])", lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    if _ESCAPE.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _style(ws: Worksheet, c: int, fmt: Format | None) -> str:
    """A cell's ``s`` attribute: its format, else its column's (as xlsxwriter chooses)."""
    if fmt is None:
        info = ws.col_info.get(c)
        fmt = getattr(info, "column_format", None) if info is not None else None
        if fmt is None and isinstance(info, list | tuple) and len(info) > 1:
            fmt = info[1]  # xlsxwriter before 3.2 kept a column's settings in a list
    index = fmt._get_xf_index() if fmt is not None else 0
    return f' s="{index}"' if index else ""


def _row_tag(ws: Worksheet) -> tuple[str, str]:
    """xlsxwriter's own ``<row r="…" …>`` tag of a row without settings, cut at the number."""
    saved, ws.fh = ws.fh, io.StringIO()
    try:
        ws._write_row(0, None)
        tag = ws.fh.getvalue()
    finally:
        ws.fh = saved
    head = '<row r="'
    assert tag.startswith(head + '1"'), tag
    return head, tag[len(head) + 1 :]
