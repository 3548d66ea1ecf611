"""Architecture: events whose audit rows carry each typed outcome (counted, not-counted,
capped), for explain and the 明细 sheet."""

from __future__ import annotations

from office import Book, base_book


def outcomes() -> Book:
    """A0001: bonuses of 1 + 3 + 4 in 2025 (8 > the cap of 5: 3 capped) and one of 2 dated
    2024-12-30 (outside the year: not counted)."""
    book = base_book()
    events = book["纪实记录"]
    events.rows += [
        ["A0001", "县交通运输局", "2025-03-02", "加分", "信访维稳", 3, "化解积案"],
        ["A0001", "县交通运输局", "2025-09-10", "加分", "重点项目建设", 4, "项目落地"],
        ["A0001", "县交通运输局", "2024-12-30", "加分", "其他", 2, "上年度事项"],
    ]
    return book


CASES = {"arch-outcomes": outcomes}
