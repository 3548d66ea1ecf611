"""How much an .ods content.xml really holds: each sheet's rows and columns once every
``number-rows-repeated`` / ``number-columns-repeated`` is expanded, as python-calamine
expands them, and its text (see io/extent.py, whose scanner helpers this uses)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cadrekit.io.extent import _TAIL_MAX, _attribute, _stepper
from cadrekit.io.xml_steps import xml_steps

_ODS_NAMES = rb"table:table-row|table:table-cell|table:covered-table-cell|table:table|text:s"
_ODS_STEP, _ODS_SKIP = _stepper(_ODS_NAMES, _ODS_NAMES)
_ODS_VALUE = (
    b"office:value",
    b"office:string-value",
    b"office:date-value",
    b"office:time-value",
    b"office:boolean-value",
    b"office:value-type",
    b"table:formula",
)
_ODS_NUMBER = (b"office:value", b"office:boolean-value")


@dataclass
class OdsTable:
    rows: int = 0  # rows up to the last non-empty one, repeats expanded
    columns: int = 0  # 1 + the last non-empty column of any row, repeats expanded
    text: int = 0  # bytes of the text cells, times their repeats
    widest_row: int = 0  # the row (1-based) where ``columns`` was reached


@dataclass
class _OdsRow:
    col: int = 0
    end: int = 0  # after the last non-empty cell
    text: int = 0
    repeat: int = 1


def ods_tables(chunks: Iterable[bytes]) -> Iterator[OdsTable]:
    """Each table of an .ods ``content.xml``, as calamine expands it: a non-empty cell is
    repeated ``number-columns-repeated`` times, an empty one only counts when a non-empty
    cell follows in its row; a row is repeated ``number-rows-repeated`` times, and empty
    rows after the last non-empty one are dropped."""
    table: OdsTable | None = None
    done = 0  # rows read so far in the table, expanded
    row: _OdsRow | None = None
    cell_start = -1  # offset of the open text cell
    cell_repeat = 1
    spaces = 0
    for base, m in xml_steps(chunks, _ODS_STEP, _ODS_SKIP, _TAIL_MAX):
        closing, name, body = m.group(1), m.group(2), m.group(5)
        empty = body.rstrip().endswith(b"/")
        if name == b"table:table":
            if closing and table is not None:
                yield table
                table = None
            elif not closing:
                table, done, row = OdsTable(), 0, None
            continue
        if table is None:
            continue
        if name == b"table:table-row":
            if not closing:
                row = _OdsRow(repeat=_count(body, b"table:number-rows-repeated"))
            if (closing or empty) and row is not None:
                done += row.repeat
                if row.end:
                    table.rows = done
                    if row.end > table.columns:
                        table.columns, table.widest_row = row.end, done - row.repeat + 1
                    table.text += row.text * row.repeat
                row = None
            continue
        if name == b"text:s":
            if cell_start >= 0 and not closing:
                spaces += _count(body, b"text:c")
            continue
        if row is None:
            continue
        if closing:  # the end of a text cell
            if cell_start >= 0:
                row.text += (base + m.end() - cell_start + spaces) * cell_repeat
            cell_start = -1
            continue
        repeat = _count(body, b"table:number-columns-repeated")
        filled = any(key in body for key in _ODS_VALUE)
        row.col += repeat
        if filled:
            row.end = row.col
            if not any(_attribute(body, key) is not None for key in _ODS_NUMBER):
                if empty:
                    row.text += len(body) * repeat
                else:
                    cell_start, cell_repeat, spaces = base + m.start(1) - 1, repeat, 0
    if table is not None:
        yield table


def _count(body: bytes, name: bytes) -> int:
    """A repeat count (1 when absent or not a number: calamine then refuses the file)."""
    value = _attribute(body, name)
    if value is None:
        return 1
    value = value.strip()
    return int(value) if value.isdigit() and len(value) < 19 else 1
