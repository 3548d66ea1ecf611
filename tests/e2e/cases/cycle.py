"""The assessment cycle (issue 16 items 1–2): a quota tie, the committee's 决定, carry.

``cycle-2025``: ten staff of 县交通运输局 (quota group of 10: 2 优秀 slots). A0001 (工作实绩
99, one 加分) takes the first slot; A0002, A0003, A0004 (95 each, all else equal) tie at
the cut: all 称职 with ``quota-tie``, one slot unfilled. A0003 was 优秀 in 2023 and 2024.
A0005 has two quarters 一般 (基本称职, admonishment); A0009's 工作实绩 20 scores 56.68
(不称职). ``cycle-2025-decided``: the same with the committee's decision, A0003 优秀.
The refusals: two tied cadres 优秀 for one slot; 优秀 for A0006 (not tied); 优秀 for
A0005 (limited to 基本称职); a bad grade word, a second decision and an unknown id; a
decision with no 会议 and one with a date that is none (``cycle-bad-basis``).
"""

from __future__ import annotations

import datetime as dt

from office import Book, Sheet, base_book

DECISION_HEADER = ["编号", "姓名", "决定等次", "会议", "会议日期", "记录人"]
MEETING = "县委考核委员会2026年第1次会议"
DAY = dt.date(2026, 1, 15)
WORK = [99, 95, 95, 95, 80, 80, 80, 80, 20, 80]


def year_2025() -> Book:
    book = base_book(10)
    cadres = book["干部名册"]
    for row, work in zip(cadres.rows, WORK, strict=True):
        row[cadres.col("工作实绩")] = work
    a5 = cadres.rows[4]
    a5[cadres.col("二季度")] = "一般"
    a5[cadres.col("三季度")] = "一般"
    history = book["历年考核"]
    history.rows = [[f"A{i:04d}", 2024, "称职"] for i in range(1, 11)]
    history.rows[2][2] = "优秀"  # A0003: 优秀 in 2024 …
    history.rows.append(["A0003", 2023, "优秀"])  # … and 2023
    history.rows.append(["A0009", 2023, "称职"])
    return book


def decided(*rows: list) -> Book:
    book = year_2025()
    book["决定"] = Sheet(list(DECISION_HEADER), [list(r) for r in rows], title="考核委员会决定")
    return book


def decision(cid: str, name: str, grade: str) -> list:
    return [cid, name, grade, MEETING, DAY, "刘洋"]


CASES = {
    "cycle-2025": year_2025,
    "cycle-2025-decided": lambda: decided(decision("A0003", "王五", "优秀")),
    "cycle-over-quota": lambda: decided(
        decision("A0003", "王五", "优秀"), decision("A0002", "李四", "优秀")
    ),
    "cycle-not-in-tie": lambda: decided(decision("A0006", "孙八", "优秀")),
    "cycle-limited": lambda: decided(decision("A0005", "钱七", "优秀")),
    "cycle-bad-words": lambda: decided(
        decision("A0003", "王五", "优"),
        decision("A0004", "赵六", "称职"),
        decision("A0004", "赵六", "称职"),
        decision("A0099", "某某", "称职"),
    ),
    "cycle-bad-basis": lambda: decided(
        ["A0003", "王五", "优秀", None, DAY, "刘洋"],
        ["A0004", "赵六", "称职", MEETING, "2026-13-01", "刘洋"],
    ),
}
