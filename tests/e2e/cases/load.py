"""Office quirks the load layer must read right (issue 18, items 3–7).

Each case departs from :func:`office.base_book` in one way; a case whose quirk is only
formatting (a merged 单位, a footer) must score exactly as the base case does.
"""

from __future__ import annotations

from office import Book, Sheet, base_book

TRAINING_HEADER = ["编号", "日期", "培训内容", "学时"]


def merged_unit() -> Book:
    """单位 written once and merged down the unit's five rows (C4:C8), as offices do."""
    book = base_book()
    roster = book["干部名册"]
    unit = roster.col("单位")
    for row in roster.rows[1:]:
        row[unit] = None  # a merge keeps only the top-left value
    roster.merges.append("C4:C8")
    return book


def merged_two_units() -> Book:
    """Two units, each merged down its rows (C4:C5, C6:C8), a 合计 merged across A9:C9, and
    A0005's 单位类型 and 层级 merged across (D8:E8, its value 县直单位 in D8 only)."""
    book = base_book()
    roster = book["干部名册"]
    unit, layer = roster.col("单位"), roster.col("层级")
    for i, row in enumerate(roster.rows):
        row[unit] = None if i not in (0, 2) else ("县交通运输局", None, "县财政局")[i]
    roster.rows[4][layer] = None
    total = [None] * len(roster.header)
    total[0] = "合计"
    roster.footer = [total]
    roster.merges += ["C4:C5", "C6:C8", "A9:C9", "D8:E8"]
    return book


def footer() -> Book:
    """A 合计 row, then the signature lines an office prints under every roster."""
    book = base_book()
    roster = book["干部名册"]
    width = len(roster.header)
    total = [None] * width
    total[0] = "合计"
    for name in ("优秀票", "称职票", "基本称职票", "不称职票"):
        total[roster.col(name)] = 5 * {"优秀票": 20, "称职票": 10, "基本称职票": 1}.get(name, 0)
    signature = [None] * width
    signature[0] = "填表人：王芳"
    signature[5] = "审核人：李强"
    phone = [None] * width
    phone[0] = "联系电话：0731-12345678"
    dated = [None] * width
    dated[0] = "填表日期：2026年1月5日"
    roster.footer = [total, signature, phone, dated]
    return book


def footer_after_blank() -> Book:
    """A blank row under the data, then 合计, then a blank row and a 审核人 line."""
    book = base_book()
    roster = book["干部名册"]
    width = len(roster.header)
    total = [None] * width
    total[0] = "合计"
    total[roster.col("优秀票")] = 100
    reviewer = [None] * width
    reviewer[0] = "审核人：李强"
    roster.footer = [[None] * width, total, [None] * width, reviewer]
    return book


def numeric_id() -> Book:
    """身份证号 typed as numbers: A0002 a number cell (Excel keeps 15 digits), A0003 the
    text a CSV export leaves (4.31123197002246E+17, whose rounding passes the check digit)."""
    book = base_book()
    roster = book["干部名册"]
    column = roster.col("身份证号")
    roster.rows[1][column] = int(roster.rows[1][column])
    roster.rows[2][column] = "4.31123197002246E+17"
    return book


def grade_typo() -> Book:
    """称值 for 称职 in 历年考核 (A0002), 较号 for 较好 in 二季度 (A0003)."""
    book = base_book()
    book["历年考核"].rows[1][2] = "称值"
    roster = book["干部名册"]
    roster.rows[2][roster.col("二季度")] = "较号"
    return book


def departed() -> Book:
    """History and training rows of cadres no longer on the roster (A0098, A0099)."""
    book = base_book()
    history = book["历年考核"]
    history.rows += [["A0099", 2023, "称职"], ["A0099", 2024, "优秀"], ["A0098", 2024, "称职"]]
    book["教育培训"] = Sheet(
        list(TRAINING_HEADER),
        [
            ["A0001", "2025-05-10", "党的创新理论", 8],
            ["A0098", "2025-03-02", "党的创新理论", 8],
        ],
        title="2025年教育培训",
    )
    return book


def departed_case() -> Book:
    """:func:`departed` plus a history row whose id differs from A0001 only in case."""
    book = departed()
    book["历年考核"].rows.append(["a0001", 2023, "称职"])
    return book


CASES = {
    "load-merged-unit": merged_unit,
    "load-merged-two-units": merged_two_units,
    "load-footer": footer,
    "load-footer-after-blank": footer_after_blank,
    "load-numeric-id": numeric_id,
    "load-grade-typo": grade_typo,
    "load-departed": departed,
    "load-departed-case": departed_case,
}
