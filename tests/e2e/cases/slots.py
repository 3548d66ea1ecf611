"""Slot counting in words (issue 15, item 4): a unit too small for one 优秀 slot.

:func:`office.base_book` gives five 一般干部 of 县交通运输局 (5 × 20% = 1 slot); two more in
县财政局 make a quota group of 2 (2 × 20% = 0.4 → 0 slots).
"""

from __future__ import annotations

from office import Book, base_book, staff


def small_unit() -> Book:
    book = base_book(5)
    book["干部名册"].rows += [staff(6, "县财政局", work=95), staff(7, "县财政局", work=90)]
    book["历年考核"].rows += [["A0006", 2024, "称职"], ["A0007", 2024, "称职"]]
    return book


CASES = {"slots-small-unit": small_unit}
