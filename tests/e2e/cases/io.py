"""Rosters for the reading limits and the workbook's width (issue 14, items 5 and 12)."""

from __future__ import annotations

from office import Book, base_book

WIDTH = 16_384  # Excel's last column, XFD


def wide() -> Book:
    """The base roster widened to column XFD with filled 备注 columns (an export that
    carried every field of another system): 16,384 input columns."""
    book = base_book()
    sheet = book["干部名册"]
    extra = WIDTH - len(sheet.header)
    sheet.header += [f"备注{i}" for i in range(1, extra + 1)]
    for row in sheet.rows:
        row += [f"v{i}" for i in range(1, extra + 1)]
    return book


CASES = {"io-base": base_book, "io-wide": wide}
