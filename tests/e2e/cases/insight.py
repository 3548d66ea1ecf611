"""Rosters for the insight commands: vet, flags and tenure against sanctions and history.

- ``insight-admonished``: A0005, first in the track, 优秀 in 2023 and 2024, has a verified
  诫勉 of 2025-09-01 (影响期 to 2026-02-28): the pool and ``vet`` must agree she cannot be
  promoted on 2025-12-31; A0004 takes the 优秀 slot.
- ``insight-party-warning`` / ``insight-party-warning-institution``: a verified 党内警告
  written as such (2025-03-02): accepted under both rule sets, no 优秀 (the 警告 limit),
  and its own 12-month 影响期 (to 2026-03-01), not 警告's 6.
- ``insight-unknown-measure``: a 处理类型 no rule names (通报批评): still ``bad-choice``.
- ``insight-tenure``: history with and without 年度得分, only 不定等次 years, and a tenure
  indicator (任期目标完成率) left empty for one cadre.
- ``insight-vet-this-year``: A0002 is 基本称职 this year (two quarters 一般), 称职 in the
  history's 2024: the vetting grade is this year's.
- ``insight-vet-unscored``: the same with an empty 工作实绩 (the roster cannot be scored).
"""

from __future__ import annotations

from office import Book, Sheet, base_book

SUPERVISION_HEADER = ["编号", "日期", "来源", "处理类型", "是否核实", "说明"]
CANDIDATE_HEADER = [
    "编号",
    "拟任职务",
    "档案审核",
    "个人有关事项报告核查",
    "纪检监察机关意见",
    "信访举报核查",
]
CLEAN = ["已审核", "一致", "暂未发现影响提拔任用的问题", "无"]


def candidates(*ids: str) -> Sheet:
    return Sheet(list(CANDIDATE_HEADER), [[i, "副局长", *CLEAN] for i in ids], title="拟提拔人选")


def admonished() -> Book:
    book = base_book()
    history = book["历年考核"]
    history.rows = [r for r in history.rows if r[0] != "A0005"]
    history.rows += [["A0005", 2023, "优秀"], ["A0005", 2024, "优秀"]]
    book["监督信息"] = Sheet(
        list(SUPERVISION_HEADER),
        [["A0005", "2025-09-01", "纪检监察", "诫勉", "是", "工作作风问题"]],
        title="监督信息",
    )
    book["拟提拔人选"] = candidates("A0005", "A0004")
    return book


def party_warning(institution: bool = False) -> Book:
    book = base_book()
    cadres = book["干部名册"]
    if institution:
        for row in cadres.rows:
            row[cadres.col("单位类型")] = "事业单位"
        for row in book["历年考核"].rows:
            row[2] = "合格"
    book["监督信息"] = Sheet(
        list(SUPERVISION_HEADER),
        [["A0005", "2025-03-02", "纪检监察", "党内警告", "是", None]],
        title="监督信息",
    )
    book["拟提拔人选"] = candidates("A0005")
    return book


def unknown_measure() -> Book:
    book = party_warning(institution=True)
    book["监督信息"].rows[0][3] = "通报批评"  # named by no rule and not built in
    return book


def tenure_book() -> Book:
    book = base_book()
    cadres = book["干部名册"]
    cadres.header.append("任期目标完成率")
    for row, rate in zip(cadres.rows, [90, 80, 85, None, 95], strict=True):
        row.append(rate)
    book["历年考核"] = Sheet(
        ["编号", "年度", "等次", "年度得分"],
        [
            ["A0001", 2023, "称职", 85],
            ["A0001", 2024, "称职", 86],
            ["A0002", 2023, "称职", None],  # graded, no 年度得分
            ["A0002", 2024, "称职", None],
            ["A0003", 2023, "不定等次", None],  # never graded in the term
            ["A0003", 2024, "不定等次", None],
            ["A0004", 2023, "称职", 88],
            ["A0004", 2024, "称职", 90],
            ["A0005", 2023, "优秀", 93],
            ["A0005", 2024, "优秀", 95],
        ],
        title="历年考核结果",
    )
    return book


def vet_this_year() -> Book:
    book = base_book()
    cadres = book["干部名册"]
    row = cadres.rows[1]  # A0002
    row[cadres.col("一季度")] = "一般"
    row[cadres.col("二季度")] = "一般"
    book["拟提拔人选"] = candidates("A0002", "A0001")
    return book


def vet_unscored() -> Book:
    book = vet_this_year()
    cadres = book["干部名册"]
    cadres.rows[2][cadres.col("工作实绩")] = None  # A0003: the indicator its track needs
    return book


CASES = {
    "insight-admonished": admonished,
    "insight-party-warning": party_warning,
    "insight-party-warning-institution": lambda: party_warning(institution=True),
    "insight-unknown-measure": unknown_measure,
    "insight-tenure": tenure_book,
    "insight-vet-this-year": vet_this_year,
    "insight-vet-unscored": vet_unscored,
}
