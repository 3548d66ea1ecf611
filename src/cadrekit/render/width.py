"""The one display width of text: how many cells it takes in a terminal, and how many
character columns in a spreadsheet, for every command, the workbook and batch.

A Chinese (or other wide, full-width) character counts as two, a combining mark or a
zero-width character as none, everything else as one — the rule rich lays tables out by,
so a width computed here is the width the terminal shows.
"""

from __future__ import annotations

from rich.cells import cell_len


def display_width(text: str) -> int:
    """Cells ``text`` takes: ``display_width("乡镇ab") == 6``."""
    if text.isascii() and text.isprintable():  # most cells: ids, numbers, dates
        return len(text)
    return cell_len(text)
