"""Submissions of a year-end round for ``cadrekit batch``, and a judgement-matrix workbook.

- ``batch-transport``: 县交通运输局, A0001–A0005 (``office.base_book``).
- ``batch-finance``: 县财政局, A0006–A0010, valid: combined with the first, 10 cadres.
- ``batch-finance-dup``: the same, but its second cadre is A0002, also sent by 交通运输局.
- ``batch-finance-bad``: the same as ``batch-finance``, its second 工作实绩 (S5) is 八十.
- ``batch-ahp``: one expert's matrix (sheet 专家甲) for ``weights ahp``, the judgements of
  data/samples/ahp-township.yaml with the lower triangle left empty; ``batch-ahp-bad``:
  its C2 (经济发展 against 乡村振兴) is 很重要, not a number.
"""

from __future__ import annotations

from office import Book, Sheet, base_book, staff

CRITERIA = ["经济发展", "乡村振兴", "安全稳定", "党的建设"]


def transport() -> Book:
    return base_book()


def finance(*, second: str = "A0007", work: object = 87) -> Book:
    book = base_book()
    rows = [staff(i, unit="县财政局", work=80 + i) for i in range(6, 11)]
    rows[1][0] = second
    rows[1][-1] = work
    book["干部名册"].rows = rows
    book["纪实记录"].rows = [["A0006", "县财政局", "2025-05-10", "加分", "防汛抗旱", 1, "抢险"]]
    book["历年考核"].rows = [[r[0], 2024, "称职"] for r in rows]
    return book


def ahp(second: object = 1) -> Book:
    upper = [[1, second, 2, 3], [None, 1, 2, 2], [None, None, 1, 1], [None, None, None, 1]]
    rows = [[name, *values] for name, values in zip(CRITERIA, upper, strict=True)]
    return {"专家甲": Sheet([None, *CRITERIA], rows, header_row=1)}  # type: ignore[list-item]


CASES = {
    "batch-transport": transport,
    "batch-finance": finance,
    "batch-finance-dup": lambda: finance(second="A0002"),
    "batch-finance-bad": lambda: finance(work="八十"),
    "batch-ahp": ahp,
    "batch-ahp-bad": lambda: ahp(second="很重要"),
}
